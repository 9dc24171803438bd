"""``runtime.unbroadcast(g, x)``: the adjoint of NumPy broadcasting, summed back to ``x``'s shape.

The reference is independent of the implementation: broadcast the *flat index* of every element of
``x`` to ``g``'s shape, then add each entry of ``g`` into the element it came from.
"""
import numpy as np
import pytest

from transpiler.primitives.runtime import unbroadcast


def reference(g, x):
    shape = np.shape(x)
    source = np.broadcast_to(np.arange(int(np.prod(shape))).reshape(shape), np.shape(g))
    total = np.bincount(source.ravel(), weights=np.asarray(g, dtype=float).ravel(),
                        minlength=int(np.prod(shape)))
    return total.reshape(shape)


def adjoint(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


BROADCASTS = [  # (shape of x, shape of the adjoint g of a broadcast result)
    ((3,), (3,)),
    ((2, 3), (2, 3)),
    ((3,), (2, 3)),
    ((3,), (4, 2, 3)),
    ((1, 3), (2, 3)),
    ((3, 1), (3, 4)),
    ((1, 1), (2, 3)),
    ((1,), (5,)),
    ((1, 3), (4, 2, 3)),
    ((2, 1, 3), (2, 4, 3)),
    ((2, 1, 1), (5, 2, 3, 4)),
    ((), (2, 3)),
    ((), ()),
]


@pytest.mark.parametrize("x_shape, g_shape", BROADCASTS, ids=[f"{x}<-{g}" for x, g in BROADCASTS])
def test_unbroadcast_sums_over_broadcast_axes_to_the_input_shape(x_shape, g_shape):
    x = np.ones(x_shape)
    g = adjoint(g_shape)
    got = unbroadcast(g, x)
    assert np.shape(got) == x_shape
    np.testing.assert_allclose(got, reference(g, x), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("g_shape", [(), (3,), (2, 3)])
def test_unbroadcast_to_python_float_sums_everything_to_a_scalar(g_shape):
    g = adjoint(g_shape)
    got = unbroadcast(g, 2.5)
    assert np.shape(got) == ()
    np.testing.assert_allclose(got, np.sum(g), rtol=1e-12)


def test_unbroadcast_python_float_adjoint_of_python_float_is_unchanged():
    assert unbroadcast(1.5, 2.5) == 1.5


def test_unbroadcast_to_zero_d_array_returns_zero_d_sum():
    g = adjoint((2, 3))
    got = unbroadcast(g, np.array(2.5))
    assert np.shape(got) == ()
    np.testing.assert_allclose(got, np.sum(g), rtol=1e-12)


def test_unbroadcast_leaves_adjoint_of_matching_shape_unchanged():
    g = adjoint((2, 3))
    np.testing.assert_array_equal(unbroadcast(g, np.zeros((2, 3))), g)


@pytest.mark.parametrize("x_shape", [(3,), (1, 3), (2, 1)])
def test_unbroadcast_handles_non_contiguous_adjoint(x_shape):
    g = adjoint((3, 2)).T            # (2, 3), Fortran-ordered view
    assert not g.flags.c_contiguous
    got = unbroadcast(g, np.ones(x_shape))
    assert np.shape(got) == x_shape
    np.testing.assert_allclose(got, reference(g, np.ones(x_shape)), rtol=1e-12, atol=1e-12)


def test_unbroadcast_uses_only_the_shape_of_x_not_its_values():
    g = adjoint((4, 3))
    np.testing.assert_array_equal(unbroadcast(g, np.full((1, 3), np.nan)),
                                  unbroadcast(g, np.zeros((1, 3))))
