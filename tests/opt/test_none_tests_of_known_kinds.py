"""``v is None`` / ``v is not None`` of a value of known kind folded by specialisation
(opt/isinstance_tests.py ``known_none_test``): an array or number argument is never None, so
``if w is not None:`` keeps one branch. SciPy's ``logsumexp(a, b=w)`` is composed with that test
and broadcasts ``a`` against ``b`` only where ``b`` has more axes (natural6.py's N59 kept both
branches, a tuple of broadcast arrays and their adjoints' helpers: 1.9x its hand-written gradient).
The gradients against central finite differences in both modes; None passed keeps the other branch."""
import numpy as np
import pytest
from scipy.special import logsumexp

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(3)


def gradient_code(f, *args) -> str:
    """The generated gradient function of ``f`` (without the runtime helpers before it)."""
    source = transpiler.grad(f, wrt=(0, 1)).source(args=args)
    return source[source.index(f"def {f.__name__}_grad"):]


def weighted(x, w=None):
    y = np.tanh(x)
    if w is not None:
        y = y * w
    return np.sum(y ** 2)


def test_an_array_argument_is_never_none():
    x, w = RNG.standard_normal(5), RNG.standard_normal(5)
    source = gradient_code(weighted, x, w)
    assert " is None" not in source and " is not None" not in source and "if " not in source, source
    assert check_grad(weighted, x, w, wrt=(0, 1)).ok


def test_none_passed_takes_the_other_branch():
    x = RNG.standard_normal(5)
    np.testing.assert_allclose(transpiler.grad(weighted)(x, None), 2 * np.tanh(x) * (1 - np.tanh(x) ** 2), rtol=1e-12)
    assert check_grad(weighted, x).ok


def mixture(C, w, X):
    d2 = np.sum(X ** 2, axis=1)[:, None] - 2 * X @ C.T + np.sum(C ** 2, axis=1)
    return -np.mean(logsumexp(-0.5 * d2, axis=1, b=w))


@pytest.mark.xfail(strict=True, reason="`b is None` inside the inlined logsumexp tests a value the function binds "
                   "(the parameter's copy), which the fold leaves to run time: a value bound in the function may "
                   "be None on another path (a tuple carried from None, a helper's `nfft=None`)")
def test_logsumexp_with_weights_of_fewer_axes_is_one_branch_without_broadcast_arrays():
    args = RNG.standard_normal((3, 2)), RNG.uniform(0.5, 1.5, 3), RNG.standard_normal((6, 2))
    source = gradient_code(mixture, *args)
    assert "if " not in source and "appended" not in source and "add_into" not in source, source


def stretched(a, b):
    return np.sum(np.sin(logsumexp(a, axis=1, b=b)))


def more_axes(a, b):
    return np.sum(np.sin(logsumexp(a, axis=1, b=b)))


def all_axes(a, b):
    return logsumexp(a, b=b, keepdims=True)[0, 0] ** 2


@pytest.mark.parametrize("f, shapes", [
    (mixture, ((3, 2), (3,), (6, 2))),       # (the weights b, argument 1, positive in each case)
    (stretched, ((4, 1), (4, 3))),          # a's length 1 stretched by b
    (more_axes, ((5,), (3, 5))),            # b has more axes: axis=1 counts the broadcast shape's
    (all_axes, ((4, 3), (3,))),
], ids=["weights", "stretched", "more axes", "all axes"])
def test_logsumexp_weights_match_finite_differences_in_both_modes(f, shapes):
    args = tuple(RNG.uniform(0.5, 1.5, s) if i == 1 else RNG.standard_normal(s) for i, s in enumerate(shapes))
    wrt = (0, 1)
    assert check_grad(f, *args, wrt=wrt).ok
    value, gradient = transpiler.value_and_grad(f, wrt=wrt)(*args)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)
    tangents = [RNG.standard_normal(np.shape(a)) for a in args[:2]] + [None] * (len(args) - 2)
    _, derivative = transpiler.jvp(f, args, tangents)
    step = 1e-6
    moved = [f(*(a + s * t for a, t in zip(args[:2], tangents)), *args[2:]) for s in (step, -step)]
    np.testing.assert_allclose(derivative, (moved[0] - moved[1]) / (2 * step), rtol=1e-6)
    np.testing.assert_allclose(derivative, sum(np.sum(g * t) for g, t in zip(gradient, tangents)), rtol=1e-9)
