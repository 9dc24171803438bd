"""``hessian`` of a function of an empty array (size 0): its Hessian has no entries, shaped
``x.shape + x.shape`` as ``jacobian`` of the gradient is, on the first call and the warm ones."""
import numpy as np
import pytest

import transpiler


def sum_of_squares(x):
    return np.sum(x ** 2)


@pytest.mark.parametrize("shape", [(0,), (0, 3)])
def test_the_hessian_for_an_empty_array_is_empty_and_shaped_twice_like_it(shape):
    hessian = transpiler.hessian(sum_of_squares)
    for _ in range(2):                   # the first call and a warm one
        h = hessian(np.zeros(shape))
        assert h.shape == shape + shape and h.dtype == np.float64


def test_the_jacobian_of_the_gradient_for_an_empty_array_is_empty():
    h = transpiler.jacobian(transpiler.grad(sum_of_squares))(np.zeros(0))
    assert h.shape == (0, 0)


def test_the_hessian_after_an_empty_call_is_still_right_for_a_longer_array():
    hessian = transpiler.hessian(sum_of_squares)
    hessian(np.zeros(0))
    np.testing.assert_allclose(hessian(np.array([1.0, 2.0])), 2.0 * np.eye(2))


def squared_lookup_with_default(d, x):
    return d.get("item_1", x) ** 2


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_the_hessian_with_respect_to_an_empty_dict_is_an_empty_dict(mode):   # autograd test_dict.test_get
    # (forward over forward raised a ValueError: no leaf to take the entries' dtype from)
    assert transpiler.hessian(lambda d: squared_lookup_with_default(d, 2.0), mode=mode)({}) == {}
