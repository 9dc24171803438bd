"""``np.array([omega, -k * np.sin(theta)])``, a state vector built from numbers (an ODE's
right-hand side), has a known shape: its length, then its items' shape. Without it everything the
state reaches in an integrator's loop went through the generic helpers (``unbroadcast``,
``expect_unpacked``, ``broadcast_like``): N36's RK4 pendulum 1.48× hand-written, now 0.8×."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def pendulum(state, k):
    theta, omega = state
    return np.array([omega, -k * np.sin(theta) - 0.1 * omega])


def euler(k, state0, dt=0.05, steps=20):
    s = state0
    for _ in range(steps):
        s = s + dt * pendulum(s, k)
    return s[0] ** 2 + s[1]


def euler_in_state(state0, k=1.3, dt=0.05, steps=20):
    return euler(k, state0, dt, steps)


S0 = np.array([0.4, -0.2])


@pytest.mark.parametrize("f, x", [(euler, 1.3), (euler_in_state, S0)])
def test_the_integrators_derivatives_match_finite_differences(f, x):
    args = (x, S0) if f is euler else (x,)
    expected = numeric_gradient(f, args, 0)
    np.testing.assert_allclose(transpiler.grad(f)(*args), expected, rtol=1e-6)
    tangent = 1.0 if f is euler else np.array([0.3, -0.7])
    np.testing.assert_allclose(transpiler.jvp(f, args, (tangent,) + (None,) * (len(args) - 1))[1],
                               np.sum(expected * tangent), rtol=1e-6)


def test_the_state_vectors_code_is_specialised_to_its_shape():
    code = transpiler.grad(euler_in_state).source(args=(S0,))
    body = code[code.index("def euler_in_state"):]
    for generic in ("unbroadcast(", "expect_unpacked(", "broadcast_like(", "zeros_like_adjoint("):
        assert generic not in body, generic
