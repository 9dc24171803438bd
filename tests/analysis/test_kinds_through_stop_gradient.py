"""analysis/kinds.py: ``stop_gradient(x)`` is ``x`` itself, so it has ``x``'s kind. SciPy's
``logsumexp`` (and ``softmax``) shift by ``stop_gradient`` of a maximum; that shift had no kind, so
nothing after it had one: the reverse sweep's scalings of its terms were not folded
(``folded_scalings`` needs a float64 array: N59's ``d / h ** 2 * 0.5`` two passes) and the seed of
its mean was a ``np.full`` array divided, not a number. Finite differences in both modes; float32
keeps its kind."""
import numpy as np
from scipy.special import logsumexp

import transpiler
from transpiler.analysis import kinds
from transpiler.check import check_grad
from transpiler.driver import pipeline

RNG = np.random.default_rng(8)


def mixture(C, w, X, h=0.7):
    d2 = np.sum(X ** 2, axis=1)[:, None] - 2 * X @ C.T + np.sum(C ** 2, axis=1)
    return -np.mean(logsumexp(-0.5 * d2 / h ** 2, axis=1, b=w))


def _kinds_by_name(f, arg_kinds):
    found = kinds.known_kinds(pipeline.lowered(f), arg_kinds)
    return {v.name: kind for v, kind in found.items()}


def shifted(x):
    s = transpiler.stop_gradient(np.max(x))
    return np.sum(np.exp(x - s))


def test_a_stopped_value_has_its_arguments_kind():
    for kind in ("f8", "f4"):
        found = _kinds_by_name(shifted, (kind,))
        assert found["s"] == kind, found


def test_the_scalings_after_logsumexp_are_one_pass_and_the_gradient_is_right():
    args = RNG.standard_normal((3, 2)), RNG.uniform(0.5, 1.5, 3), RNG.standard_normal((40, 2))
    gradient = transpiler.grad(mixture, wrt=(0, 1))
    gradient(*args)
    source = gradient.compiled((*args, 0.7)).source
    reverse = source[source.index("# reverse sweep"):]
    assert "0.5 / " in reverse and "* 0.5" not in reverse, reverse
    assert check_grad(mixture, *args, wrt=(0, 1)).ok
    tangents = [RNG.standard_normal(np.shape(a)) for a in args[:2]]
    _, derivative = transpiler.jvp(mixture, args, tangents + [None])
    step = 1e-6
    moved = [mixture(args[0] + s * tangents[0], args[1] + s * tangents[1], args[2]) for s in (step, -step)]
    np.testing.assert_allclose(derivative, (moved[0] - moved[1]) / (2 * step), rtol=1e-6)
