# Written for this corpus (p1) in the style of the physics-informed neural network tutorials in JAX (Raissi et al. 2019 as "PINNs in JAX" notebooks write them): a tanh MLP `u(params, x)` of a scalar input, its derivatives in x taken by nested `jax.grad` (spelled `transpiler.grad`) inside the loss, the residual of u'' = -pi^2 sin(pi x) at collocation points in a list comprehension, and the boundary terms.
import math

import numpy as np

import transpiler

jax_grad = transpiler.grad        # (the tutorial's `jax.grad`)


def u(params, x):
    h = np.tanh(params["W1"] * x + params["b1"])
    return np.dot(params["W2"], h) + params["b2"]


def u_x(params, x):
    return jax_grad(u, 1)(params, x)


def u_xx(params, x):
    return jax_grad(u_x, 1)(params, x)


def pinn_loss(params, xs=(0.1, 0.35, 0.6, 0.85)):
    residual = [u_xx(params, x) + math.pi ** 2 * math.sin(math.pi * x) for x in xs]
    boundary = u(params, 0.0) ** 2 + u(params, 1.0) ** 2
    return sum(r ** 2 for r in residual) / len(xs) + boundary


def first_derivative_fit(params, xs=(0.2, 0.5, 0.8)):
    return sum((u_x(params, x) - math.pi * math.cos(math.pi * x)) ** 2 for x in xs)


rs = np.random.RandomState(21)
PARAMS = {"W1": rs.randn(5), "b1": rs.randn(5) * 0.5, "W2": rs.randn(5) * 0.5, "b2": 0.1}

CASES = [
    dict(name="first_derivative_fit", function=first_derivative_fit, args=lambda: ({k: np.copy(v) if np.ndim(v) else v for k, v in PARAMS.items()},)),
]
# `pinn_loss` itself, u_xx through two nested grads differentiated in the parameters, is a third
# derivative of `u`: refused, located, naming the generated code of `grad(u)`'s rule (so not a
# case here, where the recorded message would change with every change of the generated code).
