"""The shape of a list or tuple display of arrays (analysis/facts.py): its items' shapes, so that
``np.concatenate([h, x], axis=1)`` (an LSTM's gate input), ``np.stack``, ``np.hstack`` get a
known shape and the code after them is specialised. A display that may be written into or
aliased (appended to, an item assigned, merged by a branch) keeps no such shape."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.ir.nodes import Assign, walk
from transpiler.primitives.output_shapes import Pieces

RNG = np.random.default_rng(0)
W, H0, X = RNG.standard_normal((5, 2)), RNG.standard_normal((4, 2)), RNG.standard_normal((4, 3))
XS = RNG.standard_normal((3, 4, 3))


def joined(W, a, b):
    hx = np.concatenate([a, b], axis=1)
    return np.sum(np.tanh(hx @ W))


def shape_of_call(f, path, arg_shapes):
    fn = pipeline.lowered(f)
    shapes = shapes_of(fn, arg_shapes)
    return [shapes[s.target] for s in walk(fn.body) if isinstance(s, Assign) and s.prim.spelling.path == path]


def test_a_list_display_has_its_items_shapes_and_concatenate_a_shape():
    fn = pipeline.lowered(joined)
    shapes = shapes_of(fn, ((5, 2), (4, 2), (4, 3)))
    display = next(s.target for s in fn.body if isinstance(s, Assign) and s.prim.display)
    assert shapes[display] == Pieces([(4, 2), (4, 3)])
    assert shape_of_call(joined, "np.concatenate", ((5, 2), (4, 2), (4, 3))) == [(4, 5)]


def recurrent(W, h, xs):
    for t in range(xs.shape[0]):
        h = np.tanh(np.concatenate([h, xs[t]], axis=1) @ W)
    return np.sum(h ** 2)


def recurrent_tuple(W, h, xs):
    for x in xs:
        h = np.tanh(np.concatenate((h, x), axis=-1) @ W)
    return np.sum(h ** 2)


def gate_input(h, x):
    return np.hstack([h, x])


def recurrent_helper(W, h, xs):
    for t in range(len(xs)):
        h = np.tanh(gate_input(h, xs[t]) @ W)
    return np.sum(h ** 2)


@pytest.mark.parametrize("f", [recurrent, recurrent_tuple, recurrent_helper])
def test_a_loop_joining_its_state_with_an_input_is_specialised_and_correct(f):
    code = transpiler.grad(f, wrt=(0, 1)).source(args=(W, H0, XS))
    reverse = code[code.index("# reverse sweep"):]
    assert "matmul_adjoint" not in reverse and "unbroadcast(" not in reverse
    assert check_grad(f, W, H0, XS, wrt=(0, 1))


def test_float32_forward_mode_and_second_order():
    w32, h32, xs32 = W.astype(np.float32), H0.astype(np.float32), XS.astype(np.float32)
    g = transpiler.grad(recurrent)(w32, h32, xs32)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(recurrent)(W, H0, XS), rtol=1e-3, atol=1e-4)
    v = RNG.standard_normal(W.shape)
    _, derivative = transpiler.jvp(recurrent, (W, H0, XS), (v, None, None))
    assert np.isclose(derivative, np.sum(transpiler.grad(recurrent)(W, H0, XS) * v))
    hessian = transpiler.hessian(recurrent)(W, H0, XS)
    eps = 1e-6
    column = (transpiler.grad(recurrent)(W + eps * v, H0, XS) - transpiler.grad(recurrent)(W - eps * v, H0, XS)) / (2 * eps)
    np.testing.assert_allclose(np.tensordot(hessian, v, axes=2), column, rtol=1e-5, atol=1e-7)


def appended_later(W, a, b):
    xs = [a]
    xs.append(b)
    return np.sum(np.tanh(np.concatenate(xs, axis=1) @ W))


def item_replaced(W, a, b):
    xs = [a, a]
    xs[1] = b
    return np.sum(np.tanh(np.concatenate(xs, axis=1) @ W))


def merged(W, a, b, wide):
    xs = [a, b] if wide else [a]
    return np.sum(np.tanh(np.concatenate(xs, axis=1) @ W[:np.shape(np.concatenate(xs, axis=1))[1]]))


@pytest.mark.parametrize("f", [appended_later, item_replaced])
def test_a_list_written_after_its_display_is_joined_as_it_is_then(f):
    assert shape_of_call(f, "np.concatenate", ((5, 2), (4, 2), (4, 3))) in ([(4, 5)], [None])
    assert check_grad(f, W, H0, X)


@pytest.mark.parametrize("wide", [True, False])
def test_a_list_merged_from_two_branches_is_joined_as_the_branch_taken_made_it(wide):
    assert check_grad(merged, W, H0, X, wide)


def three_pieces_last_axis(W, a, b):
    hx = np.concatenate((np.sin(a), b, a), axis=-1)
    return np.sum(np.tanh(hx @ np.ones((7, 2))) * W[0])


def rows_joined(a, b):
    return np.sum(np.concatenate([a, b]) ** 3)


def joined_array(stacked):
    return np.sum(np.concatenate(stacked, axis=1) ** 2)     # (an array, not a display: the helper)


@pytest.mark.parametrize("f, args", [(joined, (W, H0, X)), (three_pieces_last_axis, (W, H0, X)),
                                     (rows_joined, (H0, RNG.standard_normal((2, 2)))),
                                     (joined_array, (RNG.standard_normal((2, 3, 4)),))],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_the_pieces_adjoints_are_slices_of_the_joined_adjoint(f, args):
    wrt = tuple(range(len(args)))
    source = transpiler.grad(f, wrt=wrt).compiled(args).source
    assert ("unconcatenate" in source) == (f is joined_array), source
    assert check_grad(f, *args, wrt=wrt).ok
