"""analysis/weak_numbers.py: a Python float is weak, an ``np.float64`` strong (NEP 50). ``x32 - 0.5 *
beta`` is float32 for ``beta=1.0`` (a keyword default, a closure's constant, a global, an
argument) and float64 for ``beta=np.float64(1.0)``: the kinds claim float32 for the one, never for
the other, the two compile apart, and the float32 code stays float32 end to end (N66 was 3.8x
hand-written for want of it). The rules relied on are pinned against the installed NumPy first."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.analysis import kinds
from transpiler.analysis.weak_numbers import NUMBERS_WEAK
from transpiler.api.numbers import kinds_of
from transpiler.driver import pipeline

RNG = np.random.default_rng(17)
A32 = np.linspace(0.1, 2.0, 6, dtype=np.float32)


# NumPy's own answers: (what, the value, the dtype it must have). What the kinds analysis
# (and reuse's float32 statements) assumes of Python's numbers and NumPy's.
TABLE = [
    ("float32 array - Python float", lambda: A32 - 0.5, np.float32),
    ("float32 array - np.float64", lambda: A32 - np.float64(0.5), np.float64),
    ("float32 array - 0-d float64 array", lambda: A32 - np.array(0.5), np.float64),
    ("float32 array * Python int", lambda: A32 * 3, np.float32),
    ("float32 array * np.int64", lambda: A32 * np.int64(3), np.float64),
    ("float32 array * Python complex", lambda: A32 * 1j, np.complex64),
    ("float32 array * np.complex128", lambda: A32 * np.complex128(1j), np.complex128),
    ("float32 array / Python float past float32's range (NEP 50: still float32)", lambda: A32 / 1e300, np.float32),
    ("np.maximum(float32 array, Python float)", lambda: np.maximum(A32, 1.0), np.float32),
    ("np.maximum(float32 array, np.float64)", lambda: np.maximum(A32, np.float64(1.0)), np.float64),
    ("np.where(c, float32 array, Python float)", lambda: np.where(A32 > 1, A32, 0.5), np.float32),
    ("np.where(c, Python float, float32 array)", lambda: np.where(A32 > 1, 0.5, A32), np.float32),
    ("np.where(c, float32 array, np.float64)", lambda: np.where(A32 > 1, A32, np.float64(0.5)), np.float64),
    ("np.where(c, Python float, Python float)", lambda: np.where(A32 > 1, 0.5, 1.5), np.float64),
    ("np.clip(float32 array, Python floats)", lambda: np.clip(A32, 0.5, 1.5), np.float32),
    ("np.sum(float32 array, axis=Python int)", lambda: np.sum(A32, 0), np.float32),
    ("np.dot(float32 array, Python float): converted to a float64 array", lambda: np.dot(A32, 2.0), np.float64),
    ("Python float * Python float", lambda: 0.5 * 1.5, float),
    ("np.exp(Python float): a NumPy number", lambda: np.exp(1.5), np.float64),
    ("float(np.float64): a Python float", lambda: float(np.float64(1.5)), float),
    ("math.exp(np.float64): a Python float", lambda: math.exp(np.float64(1.5)), float),
    ("len(array): a Python int", lambda: len(A32), int),
    ("Python float + np.float64: a NumPy number", lambda: 0.5 + np.float64(1.5), np.float64),
]


@pytest.mark.parametrize("what, value, expected", TABLE, ids=[t[0] for t in TABLE])
def test_numpy_keeps_python_numbers_weak_and_its_own_numbers_strong(what, value, expected):
    with np.errstate(all="ignore"):
        found = value()
    assert (type(found) is expected if expected in (float, int) else found.dtype == expected), (what, found)


def test_the_installed_numpy_is_nep_50s():
    assert NUMBERS_WEAK          # (the table's 1e300 row: NumPy 1 would make float64 of it)


def shifted(a, beta):
    return a - 0.5 * beta


def chosen(a, beta):
    return np.where(a < beta, a / beta, beta)


def through_names(a, beta):
    h = 0.5 * beta
    u = h * h - beta
    return np.maximum(a, u) * 2


def counted(a, beta):
    return a * float(len(a)) + a / len(a) + a * math.exp(beta)


def made_strong(a, beta):
    return a * np.exp(beta)          # (np.exp of a Python float is an np.float64)


def dotted(a, beta):
    return np.dot(a, beta) + np.dot(a, 2.0)


def dotted_literal(a, beta):
    return np.dot(a, 2.0)


def merged(a, beta, n):
    c = beta
    for _ in range(n):
        c = c * np.float64(0.5)      # (an np.float64 after the first step: the merge is strong)
    return a * c


def _claimed(f, args):
    """The dtype the kinds analysis claims of ``f``'s result for these arguments (None: unknown)."""
    fn = pipeline.lowered(f)
    return kinds.known_kinds(fn, kinds_of(args)).get(fn.result)


SPELLINGS = [1.5, np.float64(1.5), np.array(1.5), np.float32(1.5)]


@pytest.mark.parametrize("f", [shifted, chosen, through_names, counted, made_strong, dotted, dotted_literal],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("beta", SPELLINGS, ids=lambda b: type(b).__name__)
def test_the_kind_claimed_is_numpys_dtype_in_each_spelling(f, beta):
    actual = np.asarray(f(A32, beta)).dtype
    claimed = _claimed(f, (A32, beta))
    assert claimed is None or claimed == f"{actual.kind}{actual.itemsize}", (claimed, actual)
    if type(beta) is float and f not in (made_strong, dotted, dotted_literal):
        assert claimed == "f4"       # (what the change is for: it fires)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_a_python_float_merged_with_an_np_float64_is_not_claimed_float32(n):
    actual = merged(A32, 1.5, n).dtype
    claimed = _claimed(merged, (A32, 1.5, n))
    assert claimed is None or claimed == f"{actual.kind}{actual.itemsize}", (n, claimed, actual)
    assert claimed != "f4"
