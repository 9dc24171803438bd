"""Runtime helpers of generated code (primitives/runtime.py) on the values forward over reverse
mode gives them: ``add_into``'s buffer may be the tangent of an adjoint, a read-only broadcast view
(``np.broadcast_to`` of ``unreduce``): it adds into a copy (a hessian crashed with "output array is
read-only": fuzz seed 77676, hessian class)."""
import numpy as np

from transpiler.primitives.runtime import add_into


def test_add_into_a_read_only_view_adds_into_a_copy():
    view = np.broadcast_to(np.array([1.0, 2.0]), (3, 2))
    result = add_into(view, 1, np.array([10.0, 20.0]))
    np.testing.assert_allclose(result, [[1.0, 2.0], [11.0, 22.0], [1.0, 2.0]])
    np.testing.assert_allclose(view, [[1.0, 2.0]] * 3)          # (the view's base is left alone)
    fancy = add_into(np.broadcast_to(np.zeros(3), (3,)), np.array([0, 0, 2]), 1.0)
    np.testing.assert_allclose(fancy, [2.0, 0.0, 1.0])


def test_add_into_an_owned_buffer_adds_in_place():
    buffer = np.zeros((2, 2))
    assert add_into(buffer, 0, np.ones(2)) is buffer
    np.testing.assert_allclose(buffer, [[1.0, 1.0], [0.0, 0.0]])


def test_zeros_like_adjoint_of_an_array_keeps_its_float_dtype_and_a_list_gets_one_per_item():
    from transpiler.primitives.runtime import zeros_like_adjoint
    for dtype in (np.float64, np.float32, np.complex128):
        zero = zeros_like_adjoint(np.ones((2, 3), dtype=dtype))
        assert zero.dtype == dtype and zero.shape == (2, 3) and not zero.any()
    assert zeros_like_adjoint(np.arange(3)).dtype == np.float64        # (an integer array's: float64)
    assert zeros_like_adjoint(np.array(2.0)) == 0.0 and type(zeros_like_adjoint(np.array(2.0))) is float
    items = zeros_like_adjoint([np.ones(2, dtype=np.float32), np.ones((1, 2))])
    assert [z.dtype for z in items] == [np.float32, np.float64] and [z.shape for z in items] == [(2,), (1, 2)]


def test_add_into_a_list_accumulates_its_item_and_leaves_the_added_value_alone():
    g = np.ones(2)
    adjoint = add_into([np.zeros(2), np.zeros(2)], 1, g)
    np.testing.assert_allclose(adjoint[1], [1.0, 1.0])
    assert adjoint[1] is not g
    adjoint = add_into(adjoint, 1, g)
    np.testing.assert_allclose(adjoint[1], [2.0, 2.0])
    np.testing.assert_allclose(g, [1.0, 1.0])
    nested = add_into([[np.zeros(2)], np.zeros(1)], 0, [g])
    np.testing.assert_allclose(nested[0][0], [1.0, 1.0])
