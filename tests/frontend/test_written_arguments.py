"""A call writing into an argument in place (``Primitive.writes``: ``add_into``'s buffer, in
generated code lowered again for a Hessian) makes the buffer's memory written
(frontend/written_arguments.py): an equal array computed elsewhere is then its own array, not the
buffer (the lowering had shared ``b = x * 2.0`` with the buffer ``a = x * 2.0``, and the code
added into both: a wrong value and tangent)."""
import numpy as np

import transpiler
from transpiler.primitives.runtime import add_into

X = np.array([0.3, 0.7, 1.1])
V = np.array([1.0, -2.0, 0.5])


def buffer_and_an_equal_array(x):
    a = x * 2.0
    b = x * 2.0
    c = add_into(a, 0, x[1] ** 2)       # adds into `a` itself, as generated code does
    return np.sum(c * b)


def test_an_array_equal_to_a_buffer_added_into_is_not_the_buffer():
    value, tangent = transpiler.jvp(buffer_and_an_equal_array, (X,), (V,))
    h = 1e-6
    numeric = (buffer_and_an_equal_array(X + h * V) - buffer_and_an_equal_array(X - h * V)) / (2 * h)
    assert value == buffer_and_an_equal_array(X.copy())
    np.testing.assert_allclose(tangent, numeric, rtol=1e-6)
