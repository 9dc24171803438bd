"""The ``weighted_sums`` rewrite (transpiler/rewrites/weighted_sums.py): a weight per pair broadcast
along the last axis, times a three-dimensional array, summed over a first axis, is a batched matrix
product on the reverse sweep's IR (calls); the product is never formed. Pinned: the code's shape in several
spellings, finite differences, the gradient with the rewrite off, float32, forward mode and second
derivatives."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.backends import python_code
from transpiler.driver import pipeline
from transpiler.opt.dead_code import eliminate_dead_code
from transpiler.rewrites.weighted_sums import contract_weighted_sums

RNG = np.random.default_rng(19)
POINTS = 1.5 * np.stack(np.meshgrid(*[np.arange(3)] * 3, indexing="ij"), -1).reshape(-1, 3)[:12] \
    + 0.05 * RNG.standard_normal((12, 3))
SIGMA = 0.8


def lennard_jones(x):
    n = x.shape[0]
    d = x[:, None, :] - x[None, :, :]
    r2 = np.sum(d ** 2, axis=-1) + np.eye(n)
    inv6 = 1.0 / r2 ** 3
    return 0.5 * np.sum(4.0 * (inv6 ** 2 - inv6) * (1 - np.eye(n)))


def differences(a, b):
    return a[:, None, :] - b[None, :, :]


def kernel_sum(x, y):
    """A Gaussian kernel between two sets of points through a helper, the width a global."""
    sq = (differences(x, y) ** 2).sum(axis=2)
    return np.sum(np.exp(-sq / (2 * SIGMA ** 2)))


def make_soft_sphere(strength):
    def soft_sphere(x):
        diff = x[:, None] - x[None]
        r2 = (diff * diff).sum(-1)            # (the adjoint: two terms, w * diff + w * diff)
        return strength * np.sum(np.exp(-r2))
    return soft_sphere


def code(f, *args, wrt=0, rewrites=True) -> str:
    return transpiler.grad(f, wrt=wrt, rewrites=rewrites).compiled(args).source


def assert_same_as_off(f, *args, wrt=0, rtol=1e-10):
    on = transpiler.grad(f, wrt=wrt)(*args)
    off = transpiler.grad(f, wrt=wrt, rewrites={"weighted_sums": False})(*args)
    for a, b in zip(on if isinstance(wrt, tuple) else (on,), off if isinstance(wrt, tuple) else (off,)):
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * np.max(np.abs(b)))


SPELLINGS = [(lennard_jones, (POINTS,), 0), (kernel_sum, (POINTS, POINTS[:7] + 0.3), (0, 1)),
             (make_soft_sphere(1.7), (POINTS,), 0)]


@pytest.mark.parametrize("f, args, wrt", SPELLINGS, ids=["lennard_jones", "kernel_helper", "closure"])
def test_the_pair_sums_are_batched_products_and_the_product_is_never_formed(f, args, wrt):
    source = code(f, *args, wrt=wrt)
    assert "[:, None, :] @ " in source and ".sum(axis=0, keepdims=True)" not in source, source
    assert ".sum(axis=1, keepdims=True)" not in source
    off = code(f, *args, wrt=wrt, rewrites={"weighted_sums": False})
    assert "@" not in off.split("# reverse sweep")[1] and "keepdims=True)" in off
    assert check_grad(f, *args, wrt=wrt)
    assert_same_as_off(f, *args, wrt=wrt)


def test_the_number_multiplying_the_array_moves_to_the_weights():
    source = code(lennard_jones, POINTS)
    assert "2 * d" not in source, source
    # the weights scaled by -2: `_w = -2 * ...`, or that product made in a dead buffer (backends/reuse.py)
    scaled = re.search(r"_w = -2 \* |np\.multiply\(-2, (\w+), out=\1\)\n\s*_w = \1\n", source)
    assert scaled is not None, source


def test_float32_keeps_its_dtype():
    x32 = POINTS.astype(np.float32)
    assert "@" in code(lennard_jones, x32).split("# reverse sweep")[1]
    g32 = transpiler.grad(lennard_jones)(x32)
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(lennard_jones)(POINTS), rtol=2e-3, atol=2e-3)


def test_forward_mode_and_second_derivatives_agree_with_the_rewrite_off():
    v = RNG.standard_normal(POINTS.shape)
    _, tangent = transpiler.jvp(lennard_jones, (POINTS,), (v,))
    assert np.isclose(tangent, np.sum(transpiler.grad(lennard_jones)(POINTS) * v))
    on = transpiler.hvp(lennard_jones, POINTS, v)
    np.testing.assert_allclose(on, transpiler.hvp(lennard_jones, POINTS, v, rewrites=False), rtol=1e-9)
    eps = 1e-6
    fd = (transpiler.grad(lennard_jones)(POINTS + eps * v) - transpiler.grad(lennard_jones)(POINTS - eps * v)) / (2 * eps)
    np.testing.assert_allclose(on, fd, rtol=1e-5, atol=1e-5 * np.max(np.abs(fd)))


def contracted(f, shapes: dict):
    """``f``'s IR with the rewrite applied (argument shapes by name), what it left unread dropped:
    (the printed module, the function it defines)."""
    fn = pipeline.lowered(f)
    printed = python_code.module_source(eliminate_dead_code(contract_weighted_sums(fn, shapes)))
    names: dict = {}
    exec(compile(printed, "<contracted>", "exec"), names)
    return printed.split("\n", 4)[4], names[f.__name__]


SHAPES = {"w": (4, 5), "d": (4, 5, 3), "e": (4, 5, 3), "v": None}
W, D = RNG.standard_normal((4, 5)), RNG.standard_normal((4, 5, 3))


def terms_of_one_array(w, d):
    t = w[:, :, None]
    p = t * d + t * (3 * d)
    return p.sum(axis=1)


def test_terms_of_one_array_add_their_numbers():
    printed, rewritten = contracted(terms_of_one_array, SHAPES)
    assert "4 * w" in printed and "3 * d" not in printed and "None, :]" in printed, printed
    np.testing.assert_allclose(rewritten(W, D), terms_of_one_array(W, D), rtol=1e-12)


def each_axis(w, d):
    p = np.broadcast_to(-w[:, :, None], (4, 5, 3)) * d
    return (p.sum(axis=0, keepdims=True), np.sum(p, axis=1), p.sum(axis=-2, keepdims=True), p.sum(axis=-3))


def test_each_axis_with_and_without_keepdims_is_the_same_sum():
    printed, rewritten = contracted(each_axis, SHAPES)
    assert ".sum(" not in printed and "np.sum(" not in printed and "broadcast_to" not in printed, printed
    assert "-1 * w" in printed or "-w" in printed
    for got, expected in zip(rewritten(W, D), each_axis(W, D)):
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def read_otherwise(w, d):
    p = w[:, :, None] * d
    return p.sum(axis=1) + p[:, 0]


def over_the_broadcast_axis(w, d):
    return (w[:, :, None] * d).sum(axis=2)


def broadcast_along_a_first_axis(w, d):
    return (w[None, :, :] * d).sum(axis=1)


def weight_of_unknown_shape(v, d):
    return (v[:, :, None] * d).sum(axis=1)


def terms_of_two_arrays(w, d, e):
    t = w[:, :, None]
    return (t * d + t * e).sum(axis=1)


def broadcast_read_again(w, d):
    t = w[:, :, None]
    return (t * d).sum(axis=1) + t[:, :, 0]


@pytest.mark.parametrize("f", [read_otherwise, over_the_broadcast_axis, broadcast_along_a_first_axis,
                               weight_of_unknown_shape, terms_of_two_arrays, broadcast_read_again])
def test_anything_else_keeps_the_product(f):
    fn = pipeline.lowered(f)
    assert contract_weighted_sums(fn, SHAPES) is fn


def test_the_numba_backend_keeps_the_product():
    # (numba's `@` takes two-dimensional arrays only: the rewrite is the NumPy backend's)
    pytest.importorskip("numba")
    gradient = transpiler.grad(lennard_jones, backend="numba")
    assert "@" not in gradient.compiled((POINTS,)).source.split("# reverse sweep")[1]
    np.testing.assert_allclose(gradient(POINTS), transpiler.grad(lennard_jones)(POINTS), rtol=1e-10)
