"""The three checks of a library function written as a composition (scipy.stats tables): value
and gradient against the library and finite differences, forward mode against reverse, and
Hessian-vector products against differences of the gradient."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad


def value_and_gradient(fn, args):
    value, _ = transpiler.value_and_grad(fn)(*args)
    assert value == pytest.approx(fn(*args), rel=1e-10)
    report = check_grad(fn, *args, wrt=tuple(range(len(args))))
    assert report.ok, str(report)


def forward_matches_reverse(fn, args):
    tangents = tuple(np.full(np.shape(a), 0.3) + 0.05 * np.arange(np.size(a)).reshape(np.shape(a)) for a in args)
    _, tangent = transpiler.jvp(fn, args, tangents)
    gradients = transpiler.grad(fn, wrt=tuple(range(len(args))))(*args)
    assert tangent == pytest.approx(sum(np.sum(g * t) for g, t in zip(gradients, tangents)), rel=1e-9)


def hvp_matches_differences(fn, args, scale):
    """``scale``: the direction's size (small where the function curves fast)."""
    x, rest = args[0], args[1:]
    v = np.ones_like(x) * scale if np.ndim(x) else scale
    got = transpiler.hvp(fn, x, v, *rest)
    h = 1e-5
    g = transpiler.grad(fn)
    np.testing.assert_allclose(got, (g(x + h * v, *rest) - g(x - h * v, *rest)) / (2 * h), rtol=1e-5, atol=1e-7)


def checks_of(cases, hvp_scale):
    """The three checks of every case ``(fn, args)`` of a module's table, as its test functions
    (``test_value_is_scipys... , test_forward_mode... , test_hvp... = checks_of(CASES, 0.5)``);
    ``hvp_scale``: the size of the Hessian-vector products' steps."""
    over_cases = pytest.mark.parametrize("fn, args", [pytest.param(fn, args, id=fn.__name__) for fn, args in cases])

    @over_cases
    def test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy(fn, args):
        value_and_gradient(fn, args)

    @over_cases
    def test_forward_mode_matches_reverse(fn, args):
        forward_matches_reverse(fn, args)

    @over_cases
    def test_hvp_matches_differences_of_the_gradient(fn, args):
        hvp_matches_differences(fn, args, hvp_scale)

    return (test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
            test_hvp_matches_differences_of_the_gradient)
