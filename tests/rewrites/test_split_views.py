"""The ``split_views`` rewrite (transpiler/rewrites/split_views.py): ``np.split`` into equal pieces of known
shape, read by literal indices, is the array itself with its pieces read as slices (on the reverse
sweep's IR, for calls). Pinned: the code's shape in several spellings, finite differences, the same gradient as
the unspecialised code, float32, forward mode and second derivatives, and what is left alone."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.backends import python_code
from transpiler.driver import pipeline
from transpiler.rewrites.split_views import split_as_slices

RNG = np.random.default_rng(31)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gru(Wx, Wh, xs):
    h = np.zeros((xs.shape[1], Wh.shape[0]))
    for t in range(xs.shape[0]):
        xr, xz, xn = np.split(xs[t] @ Wx, 3, axis=1)
        hr, hz, hn = np.split(h @ Wh, 3, axis=1)
        r, z = sigmoid(xr + hr), sigmoid(xz + hz)
        h = (1 - z) * np.tanh(xn + r * hn) + z * h
    return np.sum(h ** 2)


def lstm_step(W, x, c):
    """Four gates along the last axis, read by index; the pieces a list kept under one name."""
    gates = np.split(x @ W, 4, axis=-1)
    i, f, o = sigmoid(gates[0]), sigmoid(gates[1]), sigmoid(gates[2])
    c = f * c + i * np.tanh(gates[3])
    return np.sum(o * np.tanh(c))


def halves(x):
    a, b = np.split(x, 2)
    return np.sum(a * b) + np.sum(np.sin(a))


ARGS = {"gru": (gru, (RNG.standard_normal((3, 12)) / 2, RNG.standard_normal((4, 12)) / 2, RNG.standard_normal((5, 2, 3))),
                (0, 1)),
        "lstm": (lstm_step, (RNG.standard_normal((3, 8)), RNG.standard_normal((5, 3)), RNG.standard_normal((5, 2))), 0),
        "halves": (halves, (RNG.standard_normal(6),), 0)}


def code(f, args, wrt) -> str:
    source = transpiler.grad(f, wrt=wrt).compiled(args).source
    return source[source.index(f"def {f.__name__}_grad"):]


@pytest.mark.parametrize("name", ARGS)
def test_the_pieces_are_slices_and_no_split_runs(name):
    f, args, wrt = ARGS[name]
    source = code(f, args, wrt)
    assert "np.split" not in source, source
    assert check_grad(f, *args, wrt=wrt)
    # forward mode (whose code keeps its splits) along a random direction agrees to rounding
    gradients = transpiler.grad(f, wrt=wrt)(*args)
    gradients = gradients if isinstance(wrt, tuple) else (gradients,)
    positions = wrt if isinstance(wrt, tuple) else (wrt,)
    tangents = [RNG.standard_normal(a.shape) if i in positions else np.zeros_like(a) for i, a in enumerate(args)]
    _, directional = transpiler.jvp(f, args, tuple(tangents))
    expected = sum(np.sum(g * tangents[i]) for g, i in zip(gradients, positions))
    assert np.isclose(directional, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", sorted(ARGS))
def test_switched_off_the_split_runs_and_the_gradient_is_the_same(name):
    f, args, wrt = ARGS[name]
    off = transpiler.grad(f, wrt=wrt, rewrites={"split_views": False})
    assert "np.split" in off.compiled(args).source
    on, off = transpiler.grad(f, wrt=wrt)(*args), off(*args)
    for a, b in zip(*(g if isinstance(wrt, tuple) else (g,) for g in (on, off))):
        np.testing.assert_array_equal(a, b)        # (the same views: the same numbers)


def test_the_gru_reads_each_gate_as_a_slice_in_both_loops():
    f, args, wrt = ARGS["gru"]
    source = code(f, args, wrt)
    assert source.count("[:, 8:12]") >= 3, source          # the forward loop's two splits and the reverse's


def test_float32_forward_mode_and_second_derivatives():
    f, args, _ = ARGS["lstm"]
    args32 = tuple(a.astype(np.float32) for a in args)
    g32 = transpiler.grad(f)(*args32)
    assert g32.dtype == np.float32 and "np.split" not in code(f, args32, 0)
    np.testing.assert_allclose(g32, transpiler.grad(f)(*args), rtol=1e-3, atol=1e-4)
    v = RNG.standard_normal(args[0].shape)
    _, tangent = transpiler.jvp(f, args, (v, np.zeros_like(args[1]), np.zeros_like(args[2])))
    assert np.isclose(tangent, np.sum(transpiler.grad(f)(*args) * v))
    x = RNG.standard_normal(6)
    eps = 1e-6
    fd = (transpiler.grad(halves)(x + eps * v[0, :6]) - transpiler.grad(halves)(x - eps * v[0, :6])) / (2 * eps)
    np.testing.assert_allclose(transpiler.hvp(halves, x, v[0, :6]), fd, rtol=1e-5, atol=1e-6)


def sliced(f, shapes: dict):
    """``f``'s IR with the pass applied (argument shapes by name): (the printed module, the
    function it defines)."""
    printed = python_code.module_source(split_as_slices(pipeline.lowered(f), shapes))
    names: dict = {}
    exec(compile(printed, "<sliced>", "exec"), names)
    return printed.split("\n", 4)[4], names[f.__name__]


SHAPES = {"a": (4, 6), "c": None, "p0": (4, 2)}
A, B = RNG.standard_normal((4, 6)), RNG.standard_normal((6, 6))


def last_piece(a):
    p = np.split(a, 3, axis=1)
    return p[-1]


def pieces_of_a_product(a, b):
    p = np.split(a @ b, 3, 1)
    p0 = p[0]
    return p0 + p[2]


def rows(a):
    p = np.split(a, 2)
    return p[1]


@pytest.mark.parametrize("f, args, piece", [(last_piece, (A,), "[:, 4:6]"), (pieces_of_a_product, (A, B), "[:, 0:2]"),
                                            (rows, (A,), "[2:4]")])
def test_the_array_shape_comes_from_the_array_or_a_piece(f, args, piece):
    printed, rewritten = sliced(f, SHAPES)
    assert "np.split" not in printed and piece in printed, printed
    np.testing.assert_array_equal(rewritten(*args), f(*args))


def list_read(a):
    p = np.split(a, 3, axis=1)
    return np.concatenate(p)


def sections(a):
    p = np.split(a, [1, 4], axis=1)
    return p[0]


def not_divisible(a):
    p = np.split(a, 4, axis=1)        # NumPy raises
    return p[0]


def unknown_shape(c):
    p = np.split(c, 2)
    return p[0]


def index_no_literal(a, i):
    p = np.split(a, 3, axis=1)
    return p[i]


def item_replaced(a, b):
    p = np.split(a, 3, axis=1)
    p[0] = b
    return p[0]


@pytest.mark.parametrize("f", [list_read, sections, not_divisible, unknown_shape, index_no_literal, item_replaced])
def test_anything_else_is_left_alone(f):
    fn = pipeline.lowered(f)
    assert split_as_slices(fn, SHAPES) is fn
