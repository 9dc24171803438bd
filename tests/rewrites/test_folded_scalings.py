"""The ``folded_scalings`` rewrite (transpiler/rewrites/folded_scalings.py): a number times a number
times an array (a penalty's ``lam * (2 * w)``, a mean's ``(1 / n) * (2 * r)``) multiplies the
numbers first and the array once (on the reverse sweep's IR, for calls). Pinned: the code in several
spellings, finite differences, the same gradient as with the rewrite off, and what is left alone (a
float32 array, which a NumPy float64 number would widen; an array times an array)."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(5)
W = RNG.standard_normal(7)
X = RNG.standard_normal((20, 7))
Y = RNG.standard_normal(20)


def penalty(w, lam):
    return np.sum(np.sin(w)) + lam * np.sum(w ** 2)


def mean_squares(w, n):
    return np.sum(np.sin(w) ** 2) / n


def halved(w, c):
    return 0.5 * np.sum(np.exp(w) ** 2 / c)


# (each with the product of numbers its reverse sweep writes first, then the array)
CASES = {"penalty": (penalty, (W, 0.3), r"lam \* 2 \* w\b"),
         "mean": (mean_squares, (W, 7), r"1 / n \* 2 \* \w+"),
         "quotient": (halved, (W, 4.0), r"0\.5 / c \* 2 \* \w+")}


def source(f, args, **options) -> str:
    return transpiler.grad(f, **options).compiled(args).source


@pytest.mark.parametrize("name", CASES)
def test_the_numbers_are_multiplied_first_and_the_gradient_matches_differences(name):
    f, args, folded = CASES[name]
    on, off = source(f, args), source(f, args, rewrites={"folded_scalings": False})
    assert re.search(folded, on) and not re.search(folded, off), (on, off)
    assert check_grad(f, *args)


@pytest.mark.parametrize("name", CASES)
def test_switched_off_the_gradient_agrees(name):
    f, args, _ = CASES[name]
    on = transpiler.grad(f)(*args)
    off = transpiler.grad(f, rewrites={"folded_scalings": False})(*args)
    np.testing.assert_allclose(on, off, rtol=1e-13, atol=1e-15)


def test_float32_is_left_alone_and_keeps_its_dtype():
    w32 = W.astype(np.float32)
    lam = np.float64(0.3)
    on, off = source(penalty, (w32, lam)), source(penalty, (w32, lam), rewrites={"folded_scalings": False})
    assert on == off
    g = transpiler.grad(penalty)(w32, lam)
    assert g.dtype == transpiler.grad(penalty, rewrites=False)(w32, lam).dtype


def weighted(w, v):
    return np.sum(v * w ** 2)


def test_an_array_times_an_array_is_left_alone():
    v = RNG.standard_normal(7)
    assert source(weighted, (W, v)) == source(weighted, (W, v), rewrites={"folded_scalings": False})
    assert check_grad(weighted, W, v)


def big_integers(w, n, m):
    return np.sum(np.sin(n * (m * w)))


def test_two_integers_are_not_multiplied_first():
    # (n * m overflows int64; n * (m * w) in floating point does not)
    n, m = np.int64(2 ** 40), np.int64(2 ** 40)
    on, off = source(big_integers, (W, n, m)), source(big_integers, (W, n, m), rewrites={"folded_scalings": False})
    assert on == off
    w = W * 1e-30
    want = np.cos(n * (m * w)) * float(n) * float(m)
    np.testing.assert_allclose(transpiler.grad(big_integers)(w, n, m), want, rtol=1e-12)
