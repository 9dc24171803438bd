"""``v is None`` / ``v is not None`` of a value of known kind folded by specialisation
(opt/isinstance_tests.py ``known_none_test``): an array or number argument is never None, so
``if w is not None:`` keeps one branch. SciPy's ``logsumexp(a, b=w)`` is composed with that test
and broadcasts ``a`` against ``b`` only where ``b`` has more axes (natural6.py's N59 kept both
branches, a tuple of broadcast arrays and their adjoints' helpers: 1.9x its hand-written gradient).
The gradients against central finite differences in both modes; None passed keeps the other branch."""
import warnings
from collections import namedtuple

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


def test_logsumexp_with_weights_of_fewer_axes_is_one_branch_without_broadcast_arrays():
    # `b is None` inside the inlined logsumexp: b is bound by a copy of the argument w alone
    args = RNG.standard_normal((3, 2)), RNG.uniform(0.5, 1.5, 3), RNG.standard_normal((6, 2))
    source = gradient_code(mixture, *args)
    assert "if " not in source and "appended" not in source and "add_into" not in source, source
    assert check_grad(mixture, *args, wrt=(0, 1)).ok


def scaled(x, w=None):
    if w is not None:
        x = x * w
    return x


def through_a_helper(x, w):
    return np.sum(np.sin(scaled(x, w)) ** 2)


def test_a_helpers_parameter_bound_to_an_argument_is_never_none():
    x, w = RNG.standard_normal(4), RNG.standard_normal(4)
    source = gradient_code(through_a_helper, x, w)
    assert " is None" not in source and " is not None" not in source and "if " not in source, source
    assert check_grad(through_a_helper, x, w, wrt=(0, 1)).ok


def maybe_none(x, w, use):
    v = w if use else None       # v merges the argument w and None: it may be None
    return np.sum(scaled(x, v) ** 2)


def carried(x, w):
    state = None                 # carried through the loop from None: None on the first pass (sum(w x) in all)
    total = 0.0
    for k in range(3):
        if state is not None:
            total = total + np.sum(state * x)
        state = w * k
    return total + np.sum(x ** 2)


def test_a_value_merged_with_none_or_carried_from_none_keeps_its_test():
    x, w = RNG.standard_normal(4), RNG.standard_normal(4)
    for use in (True, False):
        source = gradient_code(maybe_none, x, w, use)
        assert " is not None" in source or "if " in source, source
        expected = 2 * (x * w ** 2 if use else x)
        np.testing.assert_allclose(transpiler.grad(maybe_none)(x, w, use), expected, rtol=1e-12)
        assert check_grad(maybe_none, x, w, use, wrt=(0, 1)).ok
    source = gradient_code(carried, x, w)
    assert "is not None" in source, source
    np.testing.assert_allclose(transpiler.grad(carried)(x, w), w + 2 * x, rtol=1e-12)
    assert check_grad(carried, x, w, wrt=(0, 1)).ok


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


Layer = namedtuple("Layer", ["vp", "rho"], defaults=[None])


def density(layer):
    return 0.31 * layer.vp ** 0.25 if layer.rho is None else layer.rho


def two_layers(x):
    # the first layer's rho is the constant 2150.0, the second's the default None
    return density(Layer(2600.0, 2150.0)) * x[0] + density(Layer(x[1]))


def test_a_folded_constant_is_never_none():
    # the corpus's avo_rock_physics: `layer.rho is None` of a namedtuple field 2150.0 was emitted as
    # `_t3 = 2150.0 is None`, a SyntaxWarning when the generated code compiles (an error under -W error)
    x = np.array([1.5, 2900.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", SyntaxWarning)
        source = transpiler.grad(two_layers).source(args=(x,))
        for transform in (transpiler.grad, transpiler.value_and_grad):
            transform(two_layers)(x)
        _, tangent = transpiler.jvp(two_layers, (x,), (np.array([1.0, -2.0]),))
    assert " is None" not in source and "if " not in source, source
    expected = np.array([2150.0, 0.31 * 0.25 * x[1] ** -0.75])
    np.testing.assert_allclose(transpiler.grad(two_layers)(x), expected, rtol=1e-12)
    np.testing.assert_allclose(tangent, expected @ np.array([1.0, -2.0]), rtol=1e-12)
    assert check_grad(two_layers, x).ok
