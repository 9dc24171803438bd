"""Forward over forward mode (``hessian(f, mode="forward")``) through parts of the first
derivative's code that had no rule (pr10's R5), where ``hessian(f)`` worked: ``np.full`` and
``np.full_like``'s tangent casts to ``y.dtype`` (an attribute read now lowered as the ``x.dtype``
primitive, which carries no derivative), and ``scipy.special.zeta(s, q)``'s partial in ``q``
calls ``scipy.special.zeta(s + 1, q)`` (a composition, now lowered as the Hurwitz zeta primitive
it is spelled as). Both modes against central differences of the gradient."""
import numpy as np
import pytest

import transpiler
from transpiler.api import tangent_source

scipy_special = pytest.importorskip("scipy.special")

X = np.array([0.3, 0.7, 1.1])


def hessian_by_differences(f, x, h=1e-5):
    """Central differences of transpiler's gradient of ``f``: a Hessian to check against."""
    grad = transpiler.grad(f)
    columns = [(grad(x + h * e) - grad(x - h * e)) / (2 * h) for e in np.eye(len(x))]
    return np.stack(columns, axis=-1)


def full_of_an_item(x):
    return np.sum(np.full((2, 3), x[0]) ** 2 * x[1])


def full_like_of_an_item(x):
    return np.sum(np.full_like(x, x[0]) ** 2 * x)


def full_of_a_product(x):
    return np.sum(np.full((2, 2), x[0] * x[1]) ** 2)


def zeta_in_both_arguments(v):
    return np.sum(scipy_special.zeta(2.5 + v ** 2, 1.0 + np.exp(v[0])))


FUNCTIONS = [full_of_an_item, full_like_of_an_item, full_of_a_product, zeta_in_both_arguments]


@pytest.mark.parametrize("f", FUNCTIONS, ids=[f.__name__ for f in FUNCTIONS])
def test_forward_over_forward_hessian_matches_differences_and_forward_over_reverse(f):
    forward = transpiler.hessian(f, mode="forward")(X)
    np.testing.assert_allclose(forward, hessian_by_differences(f, X), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(forward, transpiler.hessian(f)(X), rtol=1e-10, atol=1e-12)


def test_the_dtype_read_prints_as_the_rule_wrote_it_in_the_tangent_code():
    source = tangent_source(full_of_an_item)
    assert "fill_part(" in source and ".dtype) * np.ones(" in source
