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
