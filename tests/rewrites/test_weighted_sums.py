"""The ``weighted_sums`` rewrite (transpiler/rewrites/weighted_sums.py): a weight per pair broadcast
along the last axis, times a three-dimensional array, summed over a first axis, is a batched matrix
product in the code calls run; the product is never formed. Pinned: the code's shape in several
spellings, finite differences, the gradient with the rewrite off, float32, forward mode and second
derivatives."""
import ast

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
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
    assert "2 * d" not in source and "_w = -2 * " in source, source


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


def contracted(text: str, shapes: dict) -> str:
    names = iter(["_w", "_w_1"])
    body = contract_weighted_sums(ast.parse(text).body, shapes, lambda base: next(names))
    return ast.unparse(ast.Module(body=body, type_ignores=[]))


SHAPES = {"w": (4, 5), "d": (4, 5, 3), "like": (4, 5, 3)}


def test_terms_of_one_array_add_their_numbers():
    rewritten = contracted("t = w[:, :, None]\np = t * d + t * (3 * d)\na = p.sum(axis=1)\n", SHAPES)
    assert rewritten.splitlines()[0] == "_w = 4 * w" and "p = " not in rewritten


def test_each_axis_with_and_without_keepdims_is_the_same_sum():
    text = ("t = unreduce(w, like, -1, False)\np = t * d\n"
            "a = p.sum(axis=0, keepdims=True)\nb = p.sum(axis=1)\nc = p.sum(axis=-2, keepdims=True)\n"
            "e = p.sum(axis=-3)\n")
    rewritten = contracted(text, SHAPES)
    assert "p = " not in rewritten and "unreduce" not in rewritten
    w, d = RNG.standard_normal((4, 5)), RNG.standard_normal((4, 5, 3))
    names = {"np": np, "w": w, "d": d}
    exec(rewritten, names)
    p = w[:, :, None] * d
    for name, expected in (("a", p.sum(axis=0, keepdims=True)), ("b", p.sum(axis=1)),
                           ("c", p.sum(axis=1, keepdims=True)), ("e", p.sum(axis=0))):
        assert names[name].shape == expected.shape
        np.testing.assert_allclose(names[name], expected, rtol=1e-12)


@pytest.mark.parametrize("text", [
    "t = unreduce(w, like, -1, False)\np = t * d\na = p.sum(axis=1)\nb = p * 2\n",        # read other than summed
    "t = unreduce(w, like, -1, False)\np = t * d\na = p.sum(axis=2)\n",                  # over the broadcast axis
    "t = unreduce(w, like, 0, False)\np = t * d\na = p.sum(axis=1)\n",                   # broadcast along a first axis
    "t = unreduce(w, like, -1, False)\np = t * d\nd = d + 1\na = p.sum(axis=1)\n",       # the array bound again
    "t = unreduce(w, like, -1, False)\nw = w + 1\np = t * d\na = p.sum(axis=1)\n",       # the weight bound again
    "t = unreduce(v, like, -1, False)\np = t * d\na = p.sum(axis=1)\n",                  # a weight of unknown shape
    "t = unreduce(w, like, -1, False)\np = t * d + t * like\na = p.sum(axis=1)\n",       # terms of two arrays
    "t = unreduce(w, like, -1, False)\np = t * d\nq = t + 1\na = p.sum(axis=1)\n",      # the weight read again
])
def test_anything_else_keeps_the_product(text):
    assert contracted(text, SHAPES) == ast.unparse(ast.parse(text))


def test_the_numba_backend_keeps_the_product():
    # (numba's `@` takes two-dimensional arrays only: the rewrite is the NumPy backend's)
    pytest.importorskip("numba")
    gradient = transpiler.grad(lennard_jones, backend="numba")
    assert "@" not in gradient.compiled((POINTS,)).source.split("# reverse sweep")[1]
    np.testing.assert_allclose(gradient(POINTS), transpiler.grad(lennard_jones)(POINTS), rtol=1e-10)
