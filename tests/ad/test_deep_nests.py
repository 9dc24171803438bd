"""Scalar arithmetic in loops nested up to twelve deep (tests/benchmarks/nested_loops.py times
them): the gradient agrees with central differences at every depth, forward mode with reverse,
and second derivatives with differences of the gradient; a helper, a closure constant and
float32 on the way."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RATE = 0.9


def mix(s, a, b):
    return RATE * s + a * b - 0.1 * s * a


def three_deep(x):
    s = 0.0
    for i in range(3):
        for j in range(2):
            for k in range(3):
                m = (i + j + k) % 3
                s = mix(s, x[m], x[(m + 1) % 3])
    return s


def six_deep(x):
    s = 0.0
    for a in range(2):
        for b in range(2):
            for c in range(2):
                for d in range(2):
                    for e in range(2):
                        for f in range(2):
                            m = (a + b + c + d + e + f) % 3
                            s = RATE * s + x[m] * x[(m + 1) % 3] - 0.1 * s * x[m]
    return s


def twelve_deep(x):
    s = 0.0
    for a in range(2):
        for b in range(2):
            for c in range(2):
                for d in range(2):
                    for e in range(2):
                        for f in range(2):
                            for g in range(2):
                                for h in range(2):
                                    for i in range(2):
                                        for j in range(2):
                                            for k in range(2):
                                                for l in range(2):
                                                    m = (a + b + c + d + e + f + g + h + i + j + k + l) % 3
                                                    s = mix(s, x[m], x[(m + 1) % 3])
    return s


def with_work_between(x):
    # statements before, between and after the inner loops, an inner loop's result read outside
    total = 0.0
    for i in range(3):
        s = x[i] * x[i]
        for j in range(2):
            t = s
            for k in range(2):
                t = t * x[(j + k) % 3] + 0.5
            s = s + np.sin(t)
        total = total + s * x[2]
    return total


X = np.array([0.3, -0.5, 0.7])


@pytest.mark.parametrize("f", [three_deep, six_deep, twelve_deep, with_work_between])
def test_gradient_and_forward_mode(f):
    assert check_grad(f, X)
    g = transpiler.grad(f)(X)
    t = np.array([0.2, -1.0, 0.4])
    _, tangent = transpiler.jvp(f, (X,), (t,))
    assert np.isclose(tangent, g @ t, rtol=1e-10)


@pytest.mark.parametrize("f", [three_deep, with_work_between])
def test_hessian_against_differences_of_the_gradient(f):
    gradient, step = transpiler.grad(f), 1e-5
    numeric = np.array([(gradient(X + e) - gradient(X - e)) / (2 * step) for e in np.eye(3) * step]).T
    assert np.allclose(transpiler.hessian(f)(X), numeric, atol=1e-6)


def test_float32_keeps_its_dtype():
    g = transpiler.grad(six_deep)(X.astype(np.float32))
    assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(six_deep)(X), rtol=1e-4)
