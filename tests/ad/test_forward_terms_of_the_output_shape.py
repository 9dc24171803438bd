"""Forward mode's tangent of an elementwise primitive whose argument was broadcast: its term
``partial * t`` is widened to the output's shape by ``broadcast_like`` at run time, except where
it has that shape for certain: arithmetic over the output, an argument of the output's known
shape, or (for an elementwise primitive) every argument (``s * np.eye(3)``'s term ``_t1 * t_s``
with ``s`` a number: it had ``broadcast_like(_t1 * t_s, _t2)``). Where a term lacks the output's
shape (``s + np.eye(3)``: ``t_s``), the widening stays: the sum of the tangent needs it."""
import numpy as np
import pytest

import transpiler
from transpiler.api import tangent_source

S = np.linspace(0.5, 2.0, 9).reshape(3, 3)


def scaled_identity(s):
    return np.sum(s * np.eye(3))


def shifted_identity(s):
    return np.sum(s + np.eye(3))


def scaled_weights(s, w):
    return np.sum(np.sin(s * w))


def quotient(s, w):
    return np.sum(w / s)


CASES = [(scaled_identity, (2.0,)), (scaled_identity, (S,)), (shifted_identity, (2.0,)),
         (scaled_weights, (1.5, S)), (scaled_weights, (S[:1], S)), (quotient, (np.array([1.5, 2.0, 0.5]), S))]


@pytest.mark.parametrize("f, args", CASES, ids=[f"{f.__name__}{np.shape(a[0])}" for f, a in CASES])
def test_the_tangent_matches_finite_differences(f, args):
    direction = np.ones_like(np.asarray(args[0], dtype=float)) * 0.7
    h = 1e-6
    rest = args[1:]
    numeric = (f(args[0] + h * direction, *rest) - f(args[0] - h * direction, *rest)) / (2 * h)
    _, derivative = transpiler.jvp(f, args, (direction if np.ndim(direction) else float(direction),
                                             *[None] * len(rest)))
    assert derivative == pytest.approx(numeric, rel=1e-7)


@pytest.mark.parametrize("args", [(2.0,), ()], ids=["a number", "no arguments"])
def test_a_product_with_an_identity_needs_no_widening(args):
    source = tangent_source(scaled_identity, args=args or None)
    assert "broadcast_like(" not in source.split("def scaled_identity_jvp")[-1]


def test_a_sum_with_an_identity_keeps_the_widening():
    source = tangent_source(shifted_identity, args=(2.0,))
    assert "broadcast_like(t_s" in source.split("def shifted_identity_jvp")[-1]
