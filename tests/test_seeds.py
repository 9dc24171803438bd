"""Straight-line scalar examples from the lecture notes in /work/shared/seeds/*.txt.

Every worked example in the notes that is plain scalar code (no loops, no branches, no arrays) is
written below as ordinary Python, the way a student would type it, with a comment naming the seed
file and the formula. Each example is registered with:

* a sympy transcription of the same formula, written by hand (``sympy.log``, ``sympy.Max`` ...),
* a few points where it is defined (and away from the kinks of ``max``/``abs``),
* what to differentiate with respect to (``wrt``: index, name, or tuple of either).

Three generic tests then check every example at every point:

* ``transpiler.grad`` agrees with a 5-point central difference (rtol 1e-6),
* ``transpiler.grad`` agrees with ``sympy.diff`` evaluated at the point (rtol 1e-9),
* ``transpiler.value_and_grad`` returns the original function's value and the same gradient.

The named tests further down pin the numbers the notes themselves state (e.g. ``dL/dx = -160`` at
``x = 2`` in seed 000, ``f(2, 3) = 1.791`` with gradient ``[0.5, 0.333]`` in seed 003) and the
hand-derived derivative formulas the notes write out.

Seed files (all in /work/shared/seeds/):
    000_f42337be199cff8c.txt  "Learning Neural Networks" slides (autodiff review, AutogradValue)
    001_a615e777a7b08fb2.txt  Imperial MML lecture 3 notes "Automatic Differentiation"
    002_fd07b952cfcdea52.txt  CS 434 lecture 7.1 "Neural Networks (II)"
    003_7dfd3378405e56a5.txt  CSE 849 "Automatic Differentiation" slides
    004_1cf85ba2f62dfa39.txt  DL4DS lecture 07a "Gradients"
"""
from __future__ import annotations

import inspect
import math
from dataclasses import dataclass
from math import log  # seed 003 writes `log(...)` bare in its Wengert lists
from typing import Any, Callable

import numpy as np
import pytest
import sympy as sp
from numpy import sin, tanh

import transpiler


# =============================================================================== helpers


def central_difference(f: Callable, args, i: int, h: float | None = None) -> float:
    """∂f/∂args[i] by the 5-point central stencil (truncation error O(h**4)).

    The default step scales with the argument, ``h = 1e-5 * max(1, |x_i|)``: the h**4 truncation
    term stays negligible even for fast-growing functions (``cos(x² + exp(x²))`` at x = 2 has
    f⁽⁵⁾ ~ 1e12), while cancellation costs only ~1.5 eps/h ~ 3e-11 relative to |f|. Both are far
    inside the rtol 1e-6 (plus atol 1e-8·max(1, |f|)) the tests use.
    """
    args = [float(a) for a in args]
    x = args[i]
    if h is None:
        h = 1e-5 * max(1.0, abs(x))

    def at(offset: float) -> float:
        shifted = list(args)
        shifted[i] = x + offset
        return float(f(*shifted))

    return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h)


def parameter_names(func: Callable) -> list[str]:
    return list(inspect.signature(func).parameters)


def wrt_indices(func: Callable, wrt) -> tuple[int, ...]:
    """Positional indices selected by ``wrt`` (None means the API default, argument 0)."""
    names = parameter_names(func)
    items = (0,) if wrt is None else (wrt if isinstance(wrt, tuple) else (wrt,))
    return tuple(names.index(w) if isinstance(w, str) else w for w in items)


def as_tuple(gradient, wrt) -> tuple:
    """``grad`` returns one gradient for a single ``wrt`` and a tuple for a tuple ``wrt``."""
    if isinstance(wrt, tuple):
        assert isinstance(gradient, tuple), f"wrt={wrt!r} should give a tuple, got {gradient!r}"
        assert len(gradient) == len(wrt)
        return gradient
    return (gradient,)


def transpiled_grad(func: Callable, wrt) -> Callable:
    return transpiler.grad(func) if wrt is None else transpiler.grad(func, wrt=wrt)


def transpiled_value_and_grad(func: Callable, wrt) -> Callable:
    return transpiler.value_and_grad(func) if wrt is None else transpiler.value_and_grad(func, wrt=wrt)


def sympy_value_and_gradient(func: Callable, build: Callable, point, indices) -> tuple[float, list[float]]:
    """Value and partial derivatives of the hand-written sympy formula, evaluated exactly at ``point``."""
    symbols = sp.symbols(parameter_names(func), real=True)
    expr = build(*symbols)
    # sp.Rational(float) is the float's exact binary value: the same number the code under test sees.
    at = {s: sp.Rational(float(v)) for s, v in zip(symbols, point)}
    value = float(expr.subs(at).evalf(40))
    partials = [float(sp.diff(expr, symbols[i]).subs(at).evalf(40)) for i in indices]
    return value, partials


def scale(func: Callable, point) -> float:
    """Absolute-tolerance scale: gradients that are exactly 0 can only be compared absolutely."""
    return max(1.0, abs(float(func(*point))))


# =============================================================================== the examples


@dataclass(frozen=True)
class Example:
    seed: str
    func: Callable
    sympy_formula: Callable  # same parameters as func, sympy symbols in, sympy expression out
    points: tuple
    wrt: Any = None  # None: use grad's default (argument 0)

    @property
    def name(self) -> str:
        return self.func.__name__


EXAMPLES: list[Example] = []


def register(seed: str, func: Callable, sympy_formula: Callable, points, wrt=None) -> None:
    EXAMPLES.append(Example(seed, func, sympy_formula, tuple(tuple(p) for p in points), wrt))


def sym_sigmoid(z):
    return 1 / (1 + sp.exp(-z))


# ---------------------------------------------------------------------------- seed 000
# 000_f42337be199cff8c.txt, "Automatic differentiation review": L = -log σ(w x²), broken up as
# a = x², b = w a, c = σ(b), g = log c, L = -g  (σ written out as 1/(1+exp(-b))).
def sigmoid_log_loss(w, x):
    a = x ** 2
    b = w * a
    c = 1 / (1 + np.exp(-b))
    g = np.log(c)
    L = -g
    return L


register("000", sigmoid_log_loss, lambda w, x: -sp.log(sym_sigmoid(w * x**2)),
         points=[(0.5, 1.2), (-1.3, 0.7), (2.0, -1.5), (0.1, 3.0)], wrt=("w", "x"))


# 000, "Forward-mode autodiff ... At node b": b = w a with a = x², so db/dx = w(2x) = 2wx.
def forward_mode_node_b(w, x):
    a = x ** 2
    b = w * a
    return b


register("000", forward_mode_node_b, lambda w, x: w * x**2,
         points=[(0.5, 1.2), (-3.0, 2.0), (1.5, -0.25)], wrt="x")


# 000, "Reusing values": the code block `def loss(x)`  a = x**2; b = 5*a; c = log(a); g = b*c; L = -g
# (a is used twice, so dL/da collects two contributions).
def reused_values_loss(x):
    a = x ** 2
    b = 5 * a
    c = math.log(a)
    g = b * c
    L = -g
    return L


register("000", reused_values_loss, lambda x: -5 * x**2 * sp.log(x**2),
         points=[(0.5,), (1.3,), (2.0,), (-1.7,)])


# 000, "Partial derivatives revisited" / AutogradValue backward pass:
# x = 2; a = x**2; b = 5*a; c = b*a; L = -c, i.e. L = -5x⁴ (the notes' trace shows L = -80, dL/dx = -160).
def autograd_trace_loss(x):
    a = x ** 2
    b = 5 * a
    c = b * a
    L = -c
    return L


register("000", autograd_trace_loss, lambda x: -5 * x**4, points=[(2.0,), (-0.5,), (1.1,), (3.0,)])


# 000, "Reverse-mode AD": a = AutogradValue(5); b = AutogradValue(2); c = a + b; L = log(c).
def log_of_sum(a, b):
    c = a + b
    L = np.log(c)
    return L


register("000", log_of_sum, lambda a, b: sp.log(a + b),
         points=[(5.0, 2.0), (0.3, 0.4), (-1.0, 3.0)], wrt=(0, 1))


# 000, "Operations with non-Autograd values": s = 4; L = s * a  (dL/da works, s is a constant).
def scaled_by_constant(a):
    s = 4
    L = s * a
    return L


register("000", scaled_by_constant, lambda a: 4 * a, points=[(5.0,), (-2.0,)])


# 000, "Loss function" / "Substituting in our prediction function": one observation of
#   NLL = -log σ((2y - 1) φ(x)ᵀ w₀),  φ(x)ᵀ w₀ = w01 σ(x1 W11 + x2 W12) + w02 σ(x1 W21 + x2 W22)
#                                             + w03 σ(x1 W31 + x2 W32)
# written out with scalars (augmented assignment accumulates the output layer).
def two_layer_nll(x1, x2, W11, W12, W21, W22, W31, W32, w01, w02, w03, y):
    h1 = 1 / (1 + np.exp(-(x1 * W11 + x2 * W12)))
    h2 = 1 / (1 + np.exp(-(x1 * W21 + x2 * W22)))
    h3 = 1 / (1 + np.exp(-(x1 * W31 + x2 * W32)))
    z = w01 * h1
    z += w02 * h2
    z += w03 * h3
    p = 1 / (1 + np.exp(-(2 * y - 1) * z))
    return -np.log(p)


register(
    "000", two_layer_nll,
    lambda x1, x2, W11, W12, W21, W22, W31, W32, w01, w02, w03, y: -sp.log(sym_sigmoid(
        (2 * y - 1) * (w01 * sym_sigmoid(x1 * W11 + x2 * W12)
                       + w02 * sym_sigmoid(x1 * W21 + x2 * W22)
                       + w03 * sym_sigmoid(x1 * W31 + x2 * W32)))),
    points=[(0.5, -1.0, 0.3, -0.2, 1.1, 0.4, -0.7, 0.9, 1.5, -2.0, 0.8, 1.0),
            (-1.2, 2.0, -0.5, 0.6, 0.2, -1.3, 0.9, 0.1, -0.4, 1.2, 2.2, 0.0)],
    wrt=tuple(range(11)))


# ---------------------------------------------------------------------------- seed 001
# 001_a615e777a7b08fb2.txt, section 5.3 worked example:
#   f(x) = sqrt(x² + exp(x²)) + cos(x² + exp(x²))
# as the notes' evaluation trace x1 = x², x2 = exp(x1), x3 = x1 + x2, x4 = √x3, x5 = cos(x3), x6 = x4 + x5.
def sqrt_plus_cos(x):
    x1 = x ** 2
    x2 = math.exp(x1)
    x3 = x1 + x2
    x4 = math.sqrt(x3)
    x5 = math.cos(x3)
    x6 = x4 + x5
    return x6


register("001", sqrt_plus_cos, lambda x: sp.sqrt(x**2 + sp.exp(x**2)) + sp.cos(x**2 + sp.exp(x**2)),
         points=[(-1.5,), (-0.3,), (0.7,), (1.2,), (2.0,)])


# 001, section 5.1 forward-mode table, scalar network:
#   x1 = W0 x0, x2 = tanh(x1), x3 = W1 x2, x4 = x3 - y, x5 = x4²   (evaluated at x=1, W0=2, W1=1.2, y=2)
def tanh_network_squared_error(x, W0, W1, y):
    x1 = W0 * x
    x2 = tanh(x1)
    x3 = W1 * x2
    x4 = x3 - y
    x5 = x4 ** 2
    return x5


register("001", tanh_network_squared_error, lambda x, W0, W1, y: (W1 * sp.tanh(W0 * x) - y) ** 2,
         points=[(1.0, 2.0, 1.2, 2.0), (0.5, -1.0, 0.3, 0.1), (-2.0, 0.4, 2.5, -1.0)],
         wrt=(0, 1, 2, 3))


# 001, Question 1 (product rule): f(a, b) = a·b with a(x) = x, b(x) = x, so f(x) = x² and f' = 2x.
def product_rule(x):
    a = x
    b = x
    f = a * b
    return f


register("001", product_rule, lambda x: x * x, points=[(-3.0,), (0.5,), (2.0,)])


# ---------------------------------------------------------------------------- seed 002
# 002_fd07b952cfcdea52.txt, "Backpropagation on Computational Graphs":
#   y = 2 log(x1 + sin(x1)) max(x2, x3), worked at (5, -2, -5).
def log_sin_times_max(x1, x2, x3):
    y = 2 * np.log(x1 + sin(x1)) * max(x2, x3)
    return y


register("002", log_sin_times_max, lambda x1, x2, x3: 2 * sp.log(x1 + sp.sin(x1)) * sp.Max(x2, x3),
         points=[(5.0, -2.0, -5.0), (5.0, -5.0, -2.0), (1.0, 0.5, -0.5), (2.5, 1.0, 3.0)],
         wrt=(0, 1, 2))


# 002, "Modern Autograd Frameworks -- PyTorch": the slide's code computes the same y with a base-10 log,
#   y = 2*torch.log(x[0] + torch.sin(x[0]))/np.log(10)*torch.max(x[1:])   -> tensor([-0.5518, 1.2130, 0.])
def log10_sin_times_max(x1, x2, x3):
    y = 2 * np.log(x1 + sin(x1)) / np.log(10) * max(x2, x3)
    return y


register("002", log10_sin_times_max,
         lambda x1, x2, x3: 2 * sp.log(x1 + sp.sin(x1)) / sp.log(10) * sp.Max(x2, x3),
         points=[(5.0, -2.0, -5.0), (5.0, -5.0, -2.0), (1.0, 0.5, -0.5), (2.5, 1.0, 3.0)],
         wrt=("x1", "x2", "x3"))


# 002, "Activation Functions": sigmoid σ(z) = 1/(1 + e^{-z}).
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


register("002", sigmoid, lambda z: 1 / (1 + sp.exp(-z)), points=[(-3.0,), (0.0,), (0.8,), (4.0,)])


# 002, "Activation Functions": tanh σ(z) = (e^z - e^{-z}) / (e^z + e^{-z}), written out.
def tanh_from_exponentials(z):
    ez = math.exp(z)
    emz = math.exp(-z)
    return (ez - emz) / (ez + emz)


register("002", tanh_from_exponentials, lambda z: (sp.exp(z) - sp.exp(-z)) / (sp.exp(z) + sp.exp(-z)),
         points=[(-2.0,), (0.0,), (0.3,), (1.7,)])


# 002, "Activation Functions": ReLU σ(z) = max(0, z)  (points stay off the kink at 0).
def relu(z):
    return max(0, z)


register("002", relu, lambda z: sp.Max(0, z), points=[(-1.5,), (0.25,), (3.0,)])


# 002, "What can one neuron do?": σ(b + wᵀx) = 1 / (1 + e^{-(wᵀx + b)}), one input.
def sigmoid_neuron(w, x, b):
    return 1 / (1 + math.exp(-(w * x + b)))


register("002", sigmoid_neuron, lambda w, x, b: 1 / (1 + sp.exp(-(w * x + b))),
         points=[(0.5, 2.0, -0.3), (-1.2, 0.7, 0.4), (2.0, -1.5, 1.0)], wrt=(0, 1, 2))


# 002, "Loss Functions - Regression": squared error L(a, b) = (a - b)².
def squared_error(a, b):
    return (a - b) ** 2


register("002", squared_error, lambda a, b: (a - b) ** 2,
         points=[(1.5, 0.2), (-0.7, 2.0), (3.0, 3.5)], wrt=(0, 1))


# 002, "Loss Functions - Regression": absolute error L(a, b) = |a - b|  (off the kink a = b).
def absolute_error(a, b):
    return abs(a - b)


register("002", absolute_error, lambda a, b: sp.Abs(a - b),
         points=[(1.5, 0.2), (-0.7, 2.0), (3.0, 3.5)], wrt=(0, 1))


# 002, "Loss Functions - Classification": hinge for the true class, max(0, δ - b_c a_c).
def hinge(a, b, delta):
    return max(0.0, delta - b * a)


register("002", hinge, lambda a, b, delta: sp.Max(0, delta - b * a),
         points=[(0.3, 1.0, 1.0), (2.5, 1.0, 1.0), (-0.4, -1.0, 0.5)], wrt=(0, 1, 2))


# 002, "An Example from the Homework": p_{c|x} = e^{s_c} / Σ e^{s_c'}, L = -log p_{c|x}
# (cross entropy with a one-hot target), here with three scores and the true class first.
def softmax_cross_entropy(s0, s1, s2):
    total = np.exp(s0) + np.exp(s1) + np.exp(s2)
    p0 = np.exp(s0) / total
    return -np.log(p0)


register("002", softmax_cross_entropy,
         lambda s0, s1, s2: -sp.log(sp.exp(s0) / (sp.exp(s0) + sp.exp(s1) + sp.exp(s2))),
         points=[(1.0, 2.0, -1.0), (0.0, 0.0, 0.0), (3.0, -2.5, 0.5)], wrt=(0, 1, 2))


# 002, "δvector/δscalar": y(x) = [-5x, x²], dy/dx = [-5, 2x]  (each output as its own function).
def vector_of_scalar_first(x):
    y1 = -5 * x
    return y1


def vector_of_scalar_second(x):
    y2 = x ** 2
    return y2


register("002", vector_of_scalar_first, lambda x: -5 * x, points=[(-1.0,), (2.5,)])
register("002", vector_of_scalar_second, lambda x: x**2, points=[(-1.0,), (2.5,)])


# 002, "Called the Jacobian": y(x) = [-5x1 + x2, x1²], Jacobian [[-5, 1], [2x1, 0]].
def jacobian_example_first(x1, x2):
    return -5 * x1 + x2


def jacobian_example_second(x1, x2):
    return x1 ** 2


register("002", jacobian_example_first, lambda x1, x2: -5 * x1 + x2,
         points=[(0.5, 3.0), (-2.0, 1.0)], wrt=(0, 1))
register("002", jacobian_example_second, lambda x1, x2: x1**2,
         points=[(0.5, 3.0), (-2.0, 1.0)], wrt=(0, 1))


# ---------------------------------------------------------------------------- seed 003
# 003_7dfd3378405e56a5.txt, "Automatic differentiation" (Wengert list): f(a, b) = log(ab),
#   c = a * b; d = log(c); return d       f(2, 3) = 1.791, ∇f = (1/a, 1/b) = [0.5, 0.333]
def log_of_product(a, b):
    c = a * b
    d = log(c)
    return d


register("003", log_of_product, lambda a, b: sp.log(a * b),
         points=[(2.0, 3.0), (0.5, 4.0), (-2.0, -3.0)], wrt=(0, 1))


# 003, "Forward mode" / "Reverse mode": f: R² -> R²,
#   v1 = x1 * x2; v2 = log(x2); y1 = sin(v1); y2 = v1 + v2; return (y1, y2)     at f(2, 3)
# Each output is tested as its own function; both keep the notes' full trace (the other output
# is computed and dropped).
def forward_mode_example_y1(x1, x2):
    v1, v2 = x1 * x2, log(x2)
    y1 = sin(v1)
    y2 = v1 + v2
    return y1


def forward_mode_example_y2(x1, x2):
    v1, v2 = x1 * x2, log(x2)
    y1 = sin(v1)
    y2 = v1 + v2
    return y2


register("003", forward_mode_example_y1, lambda x1, x2: sp.sin(x1 * x2),
         points=[(2.0, 3.0), (-1.0, 0.5), (0.3, 7.0)], wrt=(0, 1))
register("003", forward_mode_example_y2, lambda x1, x2: x1 * x2 + sp.log(x2),
         points=[(2.0, 3.0), (-1.0, 0.5), (0.3, 7.0)], wrt=(0, 1))


# 003, "Symbolic differentiation ... expression swell": logistic map l_{n+1} = 4 l_n (1 - l_n), l_1 = x.
# The closed form of l_4 from the slide's `def f(x)` (the slide writes ^ for power):
#   l_4 = 64 x (1-x) (1-2x)² (1-8x+8x²)²
def logistic_map_l4_closed_form(x):
    return 64 * x * (1 - x) * (1 - 2 * x) ** 2 * (1 - 8 * x + 8 * x * x) ** 2


# ... and the same l_4 unrolled, re-assigning one name as the slide's loop body `v = 4*v*(1-v)` does.
def logistic_map_l4_unrolled(x):
    v = x
    v = 4 * v * (1 - v)
    v = 4 * v * (1 - v)
    v = 4 * v * (1 - v)
    return v


# l_3 = 16 x (1-x) (1-2x)² with the update spelled as an augmented assignment.
def logistic_map_l3_augmented(x):
    v = x
    v *= 4 * (1 - v)
    v *= 4 * (1 - v)
    return v


def sym_logistic_l4(x):
    return 64 * x * (1 - x) * (1 - 2 * x) ** 2 * (1 - 8 * x + 8 * x**2) ** 2


register("003", logistic_map_l4_closed_form, sym_logistic_l4, points=[(-0.3,), (0.2,), (0.45,), (0.9,), (1.3,)])
register("003", logistic_map_l4_unrolled, sym_logistic_l4, points=[(-0.3,), (0.2,), (0.45,), (0.9,), (1.3,)])
register("003", logistic_map_l3_augmented, lambda x: 16 * x * (1 - x) * (1 - 2 * x) ** 2,
         points=[(-0.3,), (0.2,), (0.45,), (0.9,), (1.3,)])


# 003, Mathematica example "one layer of soft ReLU": Log[1 + Exp[w*x + b]].
def soft_relu(w, x, b):
    return np.log(1 + np.exp(w * x + b))


register("003", soft_relu, lambda w, x, b: sp.log(1 + sp.exp(w * x + b)),
         points=[(0.5, 2.0, -0.3), (-1.2, 0.7, 0.4), (2.0, -1.5, 1.0)], wrt=(0, 1, 2))


# 003, "Derivatives for two layers of soft ReLU": Log[1 + Exp[w2 * Log[1 + Exp[w1 * x + b1]] + b2]].
def two_layer_soft_relu(w1, b1, w2, b2, x):
    h = np.log(1 + np.exp(w1 * x + b1))
    return np.log(1 + np.exp(w2 * h + b2))


register("003", two_layer_soft_relu,
         lambda w1, b1, w2, b2, x: sp.log(1 + sp.exp(w2 * sp.log(1 + sp.exp(w1 * x + b1)) + b2)),
         points=[(0.5, -0.3, 1.5, 0.2, 2.0), (-1.2, 0.4, -0.8, 1.0, 0.7)], wrt=(0, 1, 2, 3, 4))


# 003, "What Autodiff Is", original program:  z = wx + b;  y = 1/(1 + exp(-z));  L = ½(y - t)²
def logistic_squared_error(w, x, b, t):
    z = w * x + b
    y = 1 / (1 + math.exp(-z))
    L = 0.5 * (y - t) ** 2
    return L


# ... and its "sequence of primitive operations" t1 ... t7 exactly as listed on the slide.
def logistic_squared_error_primitives(w, x, b, t):
    t1 = w * x
    z = t1 + b
    t3 = -z
    t4 = np.exp(t3)
    t5 = 1 + t4
    y = 1 / t5
    t6 = y - t
    t7 = t6 ** 2
    L = t7 / 2
    return L


def sym_logistic_squared_error(w, x, b, t):
    return sp.Rational(1, 2) * (1 / (1 + sp.exp(-(w * x + b))) - t) ** 2


for _func in (logistic_squared_error, logistic_squared_error_primitives):
    register("003", _func, sym_logistic_squared_error,
             points=[(0.5, 2.0, -0.3, 1.0), (-1.2, 0.7, 0.4, 0.0), (2.0, -1.5, 1.0, 0.3)],
             wrt=("w", "x", "b", "t"))


# 003, "Building the Computation Graph": logistic(z) = 1. / (1. + np.exp(-z)), evaluated at z = 1.5 ...
def logistic(z):
    return 1. / (1. + np.exp(-z))


# ... "that is equivalent to": np.reciprocal(np.add(1, np.exp(np.negative(z))))
def logistic_via_ufuncs(z):
    return np.reciprocal(np.add(1, np.exp(np.negative(z))))


register("003", logistic, lambda z: 1 / (1 + sp.exp(-z)), points=[(1.5,), (-0.7,), (3.2,)])
register("003", logistic_via_ufuncs, lambda z: 1 / (1 + sp.exp(-z)), points=[(1.5,), (-0.7,), (3.2,)])


# 003, "Autograd" example: def sigmoid(x): return 0.5*(np.tanh(x) + 1)
def autograd_sigmoid(x):
    return 0.5 * (np.tanh(x) + 1)


register("003", autograd_sigmoid, lambda x: sp.Rational(1, 2) * (sp.tanh(x) + 1),
         points=[(-1.0,), (0.2,), (2.0,)])


# 003, "Autograd" example, training_loss for one example and one weight (the slide's helper calls
# sigmoid/logistic_predictions and np.dot/np.sum are inlined for a single scalar input):
#   preds = sigmoid(w x); label_probabilities = preds*targets + (1-preds)*(1-targets); -log(...)
def autograd_training_loss(w, x, target):
    preds = 0.5 * (np.tanh(w * x) + 1)
    label_probabilities = preds * target + (1 - preds) * (1 - target)
    return -np.log(label_probabilities)


register("003", autograd_training_loss,
         lambda w, x, target: -sp.log((sp.tanh(w * x) + 1) / 2 * target
                                      + (1 - (sp.tanh(w * x) + 1) / 2) * (1 - target)),
         points=[(0.5, 1.5, 1.0), (-0.8, 0.6, 0.0), (1.2, -0.4, 1.0)], wrt=(0, 1))


# ---------------------------------------------------------------------------- seed 004
# 004_1cf85ba2f62dfa39.txt, "Least squares loss for linear regression", one term of the sum:
#   ℓ_i = (φ0 + φ1 x_i - y_i)²,  ∂ℓ_i/∂φ = [2(φ0 + φ1 x_i - y_i), 2 x_i (φ0 + φ1 x_i - y_i)]
def linear_regression_loss(phi0, phi1, x, y):
    return (phi0 + phi1 * x - y) ** 2


register("004", linear_regression_loss, lambda phi0, phi1, x, y: (phi0 + phi1 * x - y) ** 2,
         points=[(0.5, -1.0, 2.0, 0.3), (1.2, 0.7, -0.5, 2.0), (-2.0, 3.0, 1.5, 0.0)],
         wrt=(0, 1, 2, 3))


# 004, "Toy Network" with ReLU activations a[·]:
#   f0 = β0 + ω0 x; h1 = a[f0]; f1 = β1 + ω1 h1; h2 = a[f1]; f2 = β2 + ω2 h2; h3 = a[f2];
#   f3 = β3 + ω3 h3; ℓ_i = (f3 - y_i)²
def toy_network_loss(x, y, beta0, omega0, beta1, omega1, beta2, omega2, beta3, omega3):
    f0 = beta0 + omega0 * x
    h1 = np.maximum(0.0, f0)
    f1 = beta1 + omega1 * h1
    h2 = np.maximum(0.0, f1)
    f2 = beta2 + omega2 * h2
    h3 = np.maximum(0.0, f2)
    f3 = beta3 + omega3 * h3
    l_i = (f3 - y) ** 2
    return l_i


def sym_toy_network(x, y, beta0, omega0, beta1, omega1, beta2, omega2, beta3, omega3):
    h1 = sp.Max(0, beta0 + omega0 * x)
    h2 = sp.Max(0, beta1 + omega1 * h1)
    h3 = sp.Max(0, beta2 + omega2 * h2)
    return (beta3 + omega3 * h3 - y) ** 2


TOY_PARAMETERS = ("beta0", "omega0", "beta1", "omega1", "beta2", "omega2", "beta3", "omega3")
# Every pre-activation f0, f1, f2 is at least 0.6 away from ReLU's kink at these points. The first
# point has f2 < 0 (h3 dead: only beta3 gets a gradient), the second has f1 < 0 (h2 dead: nothing
# below it gets a gradient), the third has every unit active.
TOY_POINTS = [(1.5, 0.5, 0.2, 0.8, -0.1, 1.3, 0.3, -0.9, 0.4, 1.1),
              (-0.7, 2.0, 1.0, 0.5, 0.2, -1.5, 0.6, 2.0, -0.3, 0.8),
              (2.0, -1.0, -0.5, 1.2, 0.4, 0.9, -0.2, 1.1, 0.1, -1.4)]
register("004", toy_network_loss, sym_toy_network, points=TOY_POINTS, wrt=TOY_PARAMETERS)


# 004, "Network equation gets unwieldy even for small models": 2 hidden layers of 3 units each,
#   y' = φ'0 + Σ_k φ'_k a[ψ_k0 + ψ_k1 a[θ10 + θ11 x] + ψ_k2 a[θ20 + θ21 x] + ψ_k3 a[θ30 + θ31 x]]
# with a = ReLU (builtin max), every parameter a separate scalar argument.
def two_hidden_layer_model(x, theta10, theta11, theta20, theta21, theta30, theta31,
                           psi10, psi11, psi12, psi13, psi20, psi21, psi22, psi23,
                           psi30, psi31, psi32, psi33, phi0, phi1, phi2, phi3):
    h1 = max(0.0, theta10 + theta11 * x)
    h2 = max(0.0, theta20 + theta21 * x)
    h3 = max(0.0, theta30 + theta31 * x)
    g1 = max(0.0, psi10 + psi11 * h1 + psi12 * h2 + psi13 * h3)
    g2 = max(0.0, psi20 + psi21 * h1 + psi22 * h2 + psi23 * h3)
    g3 = max(0.0, psi30 + psi31 * h1 + psi32 * h2 + psi33 * h3)
    y = phi0 + phi1 * g1 + phi2 * g2 + phi3 * g3
    return y


def sym_two_hidden_layer_model(x, theta10, theta11, theta20, theta21, theta30, theta31,
                               psi10, psi11, psi12, psi13, psi20, psi21, psi22, psi23,
                               psi30, psi31, psi32, psi33, phi0, phi1, phi2, phi3):
    h1 = sp.Max(0, theta10 + theta11 * x)
    h2 = sp.Max(0, theta20 + theta21 * x)
    h3 = sp.Max(0, theta30 + theta31 * x)
    return (phi0
            + phi1 * sp.Max(0, psi10 + psi11 * h1 + psi12 * h2 + psi13 * h3)
            + phi2 * sp.Max(0, psi20 + psi21 * h1 + psi22 * h2 + psi23 * h3)
            + phi3 * sp.Max(0, psi30 + psi31 * h1 + psi32 * h2 + psi33 * h3))


# Pre-activations stay at least 0.25 away from ReLU's kink; each point has dead units, so some
# partial derivatives are exactly 0.
TWO_HIDDEN_POINTS = [
    # x,  θ10, θ11, θ20, θ21, θ30, θ31,
    (0.8, 0.5, 1.0, -0.2, -1.5, 0.3, 0.4,
     # ψ10, ψ11, ψ12, ψ13, ψ20, ψ21, ψ22, ψ23, ψ30, ψ31, ψ32, ψ33,
     0.1, 0.7, -0.4, 1.2, -0.5, 0.3, 0.8, -0.9, 0.2, -1.1, 0.6, 0.5,
     # φ0, φ1, φ2, φ3
     0.05, 1.3, -0.7, 0.9),
    (-1.1, 0.2, -0.6, 1.0, 0.5, -0.4, -1.2,
     -0.3, 0.5, 0.6, -0.8, 0.4, -1.0, 0.2, 0.7, 0.9, 0.3, -0.5, -0.2,
     -0.4, 0.6, 1.5, -1.1),
]
register("004", two_hidden_layer_model, sym_two_hidden_layer_model,
         points=TWO_HIDDEN_POINTS, wrt=tuple(range(23)))


# =============================================================================== generic checks

CASES = [pytest.param(example, point, id=f"{example.seed}-{example.name}-{point}")
         for example in EXAMPLES for point in example.points]


@pytest.mark.parametrize("example, point", CASES)
def test_gradient_matches_central_differences(example: Example, point):
    gradient = as_tuple(transpiled_grad(example.func, example.wrt)(*point), example.wrt)
    atol = 1e-8 * scale(example.func, point)
    for got, i in zip(gradient, wrt_indices(example.func, example.wrt)):
        expected = central_difference(example.func, point, i)
        assert float(got) == pytest.approx(expected, rel=1e-6, abs=atol), (
            f"∂{example.name}/∂{parameter_names(example.func)[i]} at {point}")


@pytest.mark.parametrize("example, point", CASES)
def test_gradient_matches_sympy(example: Example, point):
    indices = wrt_indices(example.func, example.wrt)
    value, expected = sympy_value_and_gradient(example.func, example.sympy_formula, point, indices)
    # guard the transcription itself, so a typo in the sympy formula is reported as such
    assert float(example.func(*point)) == pytest.approx(value, rel=1e-12, abs=1e-12), (
        "sympy formula does not match the Python function")
    gradient = as_tuple(transpiled_grad(example.func, example.wrt)(*point), example.wrt)
    atol = 1e-12 * scale(example.func, point)
    for got, want, i in zip(gradient, expected, indices):
        assert float(got) == pytest.approx(want, rel=1e-9, abs=atol), (
            f"∂{example.name}/∂{parameter_names(example.func)[i]} at {point}")


@pytest.mark.parametrize("example, point", CASES)
def test_value_and_grad_returns_original_value_and_the_gradient(example: Example, point):
    value, gradient = transpiled_value_and_grad(example.func, example.wrt)(*point)
    assert float(value) == pytest.approx(float(example.func(*point)), rel=1e-12, abs=1e-14)
    gradient = as_tuple(gradient, example.wrt)
    reference = as_tuple(transpiled_grad(example.func, example.wrt)(*point), example.wrt)
    for got, want in zip(gradient, reference):
        assert float(got) == pytest.approx(float(want), rel=1e-12, abs=1e-14)


def test_every_seed_file_contributes_examples():
    assert {example.seed for example in EXAMPLES} == {"000", "001", "002", "003", "004"}


# =============================================================================== numbers from the notes

# ---------------------------------------------------------------------------- seed 000

@pytest.mark.parametrize("w, x", [(0.5, 1.2), (-1.3, 0.7), (2.0, -1.5)])
def test_sigmoid_log_loss_gradient_is_the_product_of_the_notes_step_derivatives(w, x):
    # 000: dL/dx = dL/dg · dg/dc · dc/db · db/da · da/dx with da/dx = 2x, db/da = w,
    # dc/db = σ(b)(1 - σ(b)), dg/dc = 1/c, dL/dg = -1.
    a = x ** 2
    b = w * a
    c = 1 / (1 + math.exp(-b))
    chain = (-1) * (1 / c) * (c * (1 - c)) * w * (2 * x)
    dL_dw, dL_dx = transpiler.grad(sigmoid_log_loss, wrt=("w", "x"))(w, x)
    assert float(dL_dx) == pytest.approx(chain, rel=1e-12)
    assert float(dL_dw) == pytest.approx(-(1 - c) * a, rel=1e-12)


@pytest.mark.parametrize("w, x", [(0.5, 1.2), (-3.0, 2.0)])
def test_forward_mode_node_b_derivative_is_2wx(w, x):
    # 000: "db/dx = db/da · da/dx = w(2x) = 2wx"
    assert float(transpiler.grad(forward_mode_node_b, wrt="x")(w, x)) == pytest.approx(2 * w * x, rel=1e-14)


def test_autograd_trace_at_x_equals_2_gives_L_minus_80_and_dL_dx_minus_160():
    # 000 backward pass: x = 2, a = 4, b = 20, c = 80, L = -80; dL/dx = dL/da · da/dx = -40 · 4 = -160
    value, dL_dx = transpiler.value_and_grad(autograd_trace_loss)(2.0)
    assert float(value) == pytest.approx(-80.0, rel=1e-15)
    assert float(dL_dx) == pytest.approx(-160.0, rel=1e-15)


@pytest.mark.parametrize("x", [-1.5, 0.5, 2.0])
def test_autograd_trace_gradient_is_derivative_of_minus_5_x_to_the_4(x):
    # 000: "L = -(5x²) x² = -5x⁴"
    assert float(transpiler.grad(autograd_trace_loss)(x)) == pytest.approx(-20 * x ** 3, rel=1e-14)


def test_reused_value_a_collects_both_paths():
    # 000 "Reusing values": dg/dx = dg/db · db/dx + dg/dc · dc/dx; with a = x², b = 5a, c = log a,
    # that is c · 5 · 2x + b · (1/a) · 2x, and L = -g.
    x = 1.3
    a = x ** 2
    expected = -((math.log(a) * 5 + 5 * a / a) * 2 * x)
    assert float(transpiler.grad(reused_values_loss)(x)) == pytest.approx(expected, rel=1e-13)


def test_log_of_sum_at_5_and_2_gives_one_seventh_for_both_inputs():
    # 000 reverse mode: a = 5, b = 2, c = a + b, L = log(c): dL/da = dL/db = 1/7
    dL_da, dL_db = transpiler.grad(log_of_sum, wrt=(0, 1))(5.0, 2.0)
    assert float(dL_da) == pytest.approx(1 / 7, rel=1e-14)
    assert float(dL_db) == pytest.approx(1 / 7, rel=1e-14)


def test_constant_multiplier_s_gives_dL_da_equal_to_4():
    # 000: s = 4; L = s * a; dL_da = a.grad  (s itself is a plain constant, not an input)
    assert float(transpiler.grad(scaled_by_constant)(5.0)) == 4.0


# ---------------------------------------------------------------------------- seed 001

def test_tanh_network_forward_mode_example_matches_the_notes_table():
    # 001, x = 1, W(0) = 2, W(1) = 1.2, y = 2:
    #   x2 = tanh(2) ≈ 0.964, d2 = (1 - tanh²(2)) · 2 ≈ 0.14, d3 = 1.2 · d2 ≈ 0.169, x4 ≈ -0.85,
    #   dL/dx = 2 x4 d3 ≈ -0.283 (the notes round intermediates; the exact value is -0.2859...)
    x, W0, W1, y = 1.0, 2.0, 1.2, 2.0
    value, dL_dx = transpiler.value_and_grad(tanh_network_squared_error, wrt=0)(x, W0, W1, y)
    x4 = W1 * math.tanh(W0 * x) - y
    d3 = W1 * (1 - math.tanh(W0 * x) ** 2) * W0
    assert float(value) == pytest.approx(x4 ** 2, rel=1e-14)
    assert float(dL_dx) == pytest.approx(2 * x4 * d3, rel=1e-12)
    assert float(dL_dx) == pytest.approx(-0.283, abs=5e-3)


def test_tanh_network_weight_gradients_follow_the_chain_rule():
    # 001 leaves dL/dW(1) "as an exercise": dL/dW1 = 2 x4 tanh(W0 x), dL/dW0 = 2 x4 W1 (1 - tanh²) x
    x, W0, W1, y = 1.0, 2.0, 1.2, 2.0
    dL_dW0, dL_dW1 = transpiler.grad(tanh_network_squared_error, wrt=("W0", "W1"))(x, W0, W1, y)
    t = math.tanh(W0 * x)
    x4 = W1 * t - y
    assert float(dL_dW1) == pytest.approx(2 * x4 * t, rel=1e-12)
    assert float(dL_dW0) == pytest.approx(2 * x4 * W1 * (1 - t * t) * x, rel=1e-12)


@pytest.mark.parametrize("x", [-3.0, 0.5, 2.0])
def test_product_rule_with_a_and_b_both_x_gives_2x(x):
    # 001 Question 1: "the gradient that is computed will be 2x"
    assert float(transpiler.grad(product_rule)(x)) == pytest.approx(2 * x, rel=1e-15)


@pytest.mark.parametrize("x", [-1.5, 0.7, 2.0])
def test_sqrt_plus_cos_gradient_matches_the_notes_reverse_sweep(x):
    # 001: ∂x6/∂x3 = 1/(2√x3) - sin(x3); ∂x6/∂x1 = ∂x6/∂x3 (exp(x1) + 1); ∂x6/∂x = ∂x6/∂x1 · 2x
    x1 = x * x
    x3 = x1 + math.exp(x1)
    d_x3 = 1 / (2 * math.sqrt(x3)) - math.sin(x3)
    expected = d_x3 * (math.exp(x1) + 1) * 2 * x
    assert float(transpiler.grad(sqrt_plus_cos)(x)) == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------- seed 002

def test_log_sin_max_example_at_5_minus2_minus5_matches_the_slide():
    # 002: dy/dx1 = -4/4.04 cos(5) - 4/4.04 (4.04 ≈ 5 + sin 5), dy/dx3 = 0 (max routes the gradient
    # to x2 only). With the natural log the slide's formula gives dy/dx2 = 2 log(5 + sin 5) ≈ 2.79
    # (the slide's 1.212 comes from the base-10 code, tested below).
    dy_dx1, dy_dx2, dy_dx3 = transpiler.grad(log_sin_times_max, wrt=(0, 1, 2))(5.0, -2.0, -5.0)
    s = 5 + math.sin(5)
    assert float(dy_dx1) == pytest.approx(-4 / s * math.cos(5) - 4 / s, rel=1e-12)
    assert float(dy_dx1) == pytest.approx(-4 / 4.04 * math.cos(5) - 4 / 4.04, rel=1e-3)
    assert float(dy_dx2) == pytest.approx(2 * math.log(s), rel=1e-12)
    assert float(dy_dx3) == 0.0


def test_log_sin_max_gradient_routes_to_the_larger_of_x2_and_x3():
    # 002 "Max: Route grad": swapping x2 and x3 moves the gradient to x3.
    _, dy_dx2, dy_dx3 = transpiler.grad(log_sin_times_max, wrt=(0, 1, 2))(5.0, -5.0, -2.0)
    assert float(dy_dx2) == 0.0
    assert float(dy_dx3) == pytest.approx(2 * math.log(5 + math.sin(5)), rel=1e-12)


def test_log10_sin_max_example_reproduces_the_pytorch_output():
    # 002: print(x.grad) -> tensor([-0.5518,  1.2130,  0.0000]) at x = [5, -2, -5]
    grads = transpiler.grad(log10_sin_times_max, wrt=("x1", "x2", "x3"))(5.0, -2.0, -5.0)
    assert [float(g) for g in grads] == pytest.approx([-0.5518, 1.2130, 0.0], abs=5e-5)


@pytest.mark.parametrize("x", [-1.0, 2.5])
def test_vector_of_scalar_derivative_is_minus5_and_2x(x):
    # 002: y(x) = [-5x, x²], dy/dx = [-5, 2x]
    assert float(transpiler.grad(vector_of_scalar_first)(x)) == -5.0
    assert float(transpiler.grad(vector_of_scalar_second)(x)) == pytest.approx(2 * x, rel=1e-15)


@pytest.mark.parametrize("x1, x2", [(0.5, 3.0), (-2.0, 1.0)])
def test_jacobian_example_rows_are_minus5_1_and_2x1_0(x1, x2):
    # 002: y = [-5x1 + x2, x1²], Jacobian [[-5, 1], [2x1, 0]]; x2 does not reach y2 at all.
    row1 = transpiler.grad(jacobian_example_first, wrt=(0, 1))(x1, x2)
    row2 = transpiler.grad(jacobian_example_second, wrt=(0, 1))(x1, x2)
    assert [float(g) for g in row1] == [-5.0, 1.0]
    assert [float(g) for g in row2] == pytest.approx([2 * x1, 0.0], rel=1e-15, abs=0.0)


@pytest.mark.parametrize("z", [-1.5, 0.25, 3.0])
def test_relu_derivative_is_the_indicator_of_z_positive(z):
    # 002 ReLU σ(z) = max(0, z); 004 "Derivative of ReLU": I[z > 0]
    assert float(transpiler.grad(relu)(z)) == (1.0 if z > 0 else 0.0)


@pytest.mark.parametrize("z", [-3.0, 0.0, 0.8])
def test_sigmoid_derivative_is_sigma_times_one_minus_sigma(z):
    # 000 "dc/db = σ(b)(1 - σ(b))", for 002's σ(z) = 1/(1 + e^{-z})
    s = 1 / (1 + math.exp(-z))
    assert float(transpiler.grad(sigmoid)(z)) == pytest.approx(s * (1 - s), rel=1e-12)


# ---------------------------------------------------------------------------- seed 003

def test_log_of_product_at_2_3_gives_1_791_and_half_third():
    # 003: "1.791 = f(2, 3)", "[0.5, 0.333] = f'(2, 3)", ∇f(a, b) = (1/a, 1/b)
    value, (df_da, df_db) = transpiler.value_and_grad(log_of_product, wrt=(0, 1))(2.0, 3.0)
    # the slide truncates to three decimals: log 6 = 1.79176, 1/3 = 0.33333
    assert float(value) == pytest.approx(1.791, abs=1e-3)
    assert [float(df_da), float(df_db)] == pytest.approx([0.5, 0.333], abs=1e-3)
    assert [float(df_da), float(df_db)] == pytest.approx([1 / 2, 1 / 3], rel=1e-14)


@pytest.mark.parametrize("a, b", [(0.5, 4.0), (-2.0, -3.0)])
def test_log_of_product_gradient_is_reciprocals(a, b):
    grads = transpiler.grad(log_of_product, wrt=("a", "b"))(a, b)
    assert [float(g) for g in grads] == pytest.approx([1 / a, 1 / b], rel=1e-14)


def test_two_output_example_at_2_3_matches_forward_and_reverse_sweeps():
    # 003 at f(2, 3): ∂v1/∂x1 = x2, ∂y1/∂x1 = cos(v1) x2, ∂y1/∂x2 = x1 cos(v1),
    # ∂y2/∂x1 = ∂v1/∂x1 + ∂v2/∂x1 = x2, ∂y2/∂x2 = x1 + 1/x2
    x1, x2 = 2.0, 3.0
    dy1 = transpiler.grad(forward_mode_example_y1, wrt=(0, 1))(x1, x2)
    dy2 = transpiler.grad(forward_mode_example_y2, wrt=(0, 1))(x1, x2)
    assert [float(g) for g in dy1] == pytest.approx([math.cos(6) * 3, 2 * math.cos(6)], rel=1e-14)
    assert [float(g) for g in dy2] == pytest.approx([3.0, 2 + 1 / 3], rel=1e-14)


@pytest.mark.parametrize("x", [-0.3, 0.2, 0.45, 0.9, 1.3])
def test_logistic_map_gradients_match_the_expression_swell_table(x):
    # 003 table, d/dx l_n for n = 3 and n = 4, verbatim:
    d_l3 = 16 * (1 - x) * (1 - 2 * x) ** 2 - 16 * x * (1 - 2 * x) ** 2 - 64 * x * (1 - x) * (1 - 2 * x)
    q = 1 - 8 * x + 8 * x ** 2
    d_l4 = (128 * x * (1 - x) * (-8 + 16 * x) * (1 - 2 * x) ** 2 * q
            + 64 * (1 - x) * (1 - 2 * x) ** 2 * q ** 2
            - 64 * x * (1 - 2 * x) ** 2 * q ** 2
            - 256 * x * (1 - x) * (1 - 2 * x) * q ** 2)
    assert float(transpiler.grad(logistic_map_l3_augmented)(x)) == pytest.approx(d_l3, rel=1e-10, abs=1e-12)
    assert float(transpiler.grad(logistic_map_l4_unrolled)(x)) == pytest.approx(d_l4, rel=1e-10, abs=1e-12)
    assert float(transpiler.grad(logistic_map_l4_closed_form)(x)) == pytest.approx(d_l4, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("w, x, b", [(0.5, 2.0, -0.3), (-1.2, 0.7, 0.4)])
def test_soft_relu_gradient_matches_mathematica_output(w, x, b):
    # 003: D[Log[1 + Exp[w x + b]], w] printed as e^{b+wx} w / (1 + e^{b+wx}). That printed
    # expression is the derivative with respect to x; with respect to w the factor is x.
    e = math.exp(b + w * x)
    d_w, d_x, d_b = transpiler.grad(soft_relu, wrt=(0, 1, 2))(w, x, b)
    assert float(d_x) == pytest.approx(e * w / (1 + e), rel=1e-12)
    assert float(d_w) == pytest.approx(e * x / (1 + e), rel=1e-12)
    assert float(d_b) == pytest.approx(e / (1 + e), rel=1e-12)


@pytest.mark.parametrize("w1, b1, w2, b2, x", [(0.5, -0.3, 1.5, 0.2, 2.0), (-1.2, 0.4, -0.8, 1.0, 0.7)])
def test_two_layer_soft_relu_gradient_matches_mathematica_output(w1, b1, w2, b2, x):
    # 003: D[Log[1 + Exp[w2 Log[1 + Exp[w1 x + b1]] + b2]], w1] =
    #   e^{b1 + b2 + w1 x + w2 Log[1 + e^{b1 + w1 x}]} w2 x / ((1 + e^{b1 + w1 x})(1 + e^{b2 + w2 Log[1 + e^{b1 + w1 x}]}))
    inner = math.log(1 + math.exp(b1 + w1 * x))
    expected = (math.exp(b1 + b2 + w1 * x + w2 * inner) * w2 * x
                / ((1 + math.exp(b1 + w1 * x)) * (1 + math.exp(b2 + w2 * inner))))
    assert float(transpiler.grad(two_layer_soft_relu, wrt="w1")(w1, b1, w2, b2, x)) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("w, x, b, t", [(0.5, 2.0, -0.3, 1.0), (-1.2, 0.7, 0.4, 0.0)])
def test_original_program_and_its_primitive_sequence_have_the_same_gradient(w, x, b, t):
    # 003 "What Autodiff Is": the program and its primitive-operation sequence are the same function.
    names = ("w", "x", "b", "t")
    original = transpiler.grad(logistic_squared_error, wrt=names)(w, x, b, t)
    primitives = transpiler.grad(logistic_squared_error_primitives, wrt=names)(w, x, b, t)
    assert [float(g) for g in primitives] == pytest.approx([float(g) for g in original], rel=1e-13)
    y = 1 / (1 + math.exp(-(w * x + b)))
    dL_dz = (y - t) * y * (1 - y)
    assert [float(g) for g in original] == pytest.approx([dL_dz * x, dL_dz * w, dL_dz, -(y - t)], rel=1e-12)


def test_logistic_and_its_ufunc_spelling_agree_at_z_1_5():
    # 003: y = logistic(1.5), with logistic2 = np.reciprocal(np.add(1, np.exp(np.negative(z))))
    s = 1 / (1 + math.exp(-1.5))
    v1, g1 = transpiler.value_and_grad(logistic)(1.5)
    v2, g2 = transpiler.value_and_grad(logistic_via_ufuncs)(1.5)
    assert float(v1) == pytest.approx(s, rel=1e-15)
    assert float(v2) == pytest.approx(s, rel=1e-15)
    assert float(g1) == pytest.approx(s * (1 - s), rel=1e-13)
    assert float(g2) == pytest.approx(s * (1 - s), rel=1e-13)


# ---------------------------------------------------------------------------- seed 004

@pytest.mark.parametrize("phi0, phi1, x, y", [(0.5, -1.0, 2.0, 0.3), (1.2, 0.7, -0.5, 2.0)])
def test_linear_regression_gradient_matches_the_slide_formula(phi0, phi1, x, y):
    # 004: ∂ℓ_i/∂φ = [2(φ0 + φ1 x_i - y_i), 2 x_i (φ0 + φ1 x_i - y_i)]
    r = phi0 + phi1 * x - y
    d_phi0, d_phi1 = transpiler.grad(linear_regression_loss, wrt=("phi0", "phi1"))(phi0, phi1, x, y)
    assert float(d_phi0) == pytest.approx(2 * r, rel=1e-14)
    assert float(d_phi1) == pytest.approx(2 * x * r, rel=1e-14)


@pytest.mark.parametrize("point", TOY_POINTS)
def test_toy_network_parameter_gradients_satisfy_the_backward_pass_identities(point):
    # 004: ∂ℓ/∂f3 = 2(f3 - y); ∂ℓ/∂β_k = ∂ℓ/∂f_k; ∂ℓ/∂ω_k = h_k ∂ℓ/∂f_k (with h_0 = x);
    # ∂f_k/∂h_k = ω_k; ReLU passes ∂ℓ/∂h_{k+1} through only where f_k > 0.
    x, y, beta0, omega0, beta1, omega1, beta2, omega2, beta3, omega3 = point
    f0 = beta0 + omega0 * x
    h1 = max(0.0, f0)
    f1 = beta1 + omega1 * h1
    h2 = max(0.0, f1)
    f2 = beta2 + omega2 * h2
    h3 = max(0.0, f2)
    f3 = beta3 + omega3 * h3
    d_f3 = 2 * (f3 - y)
    d_f2 = d_f3 * omega3 * (f2 > 0)
    d_f1 = d_f2 * omega2 * (f1 > 0)
    d_f0 = d_f1 * omega1 * (f0 > 0)
    expected = {"beta3": d_f3, "omega3": h3 * d_f3, "beta2": d_f2, "omega2": h2 * d_f2,
                "beta1": d_f1, "omega1": h1 * d_f1, "beta0": d_f0, "omega0": x * d_f0}
    grads = transpiler.grad(toy_network_loss, wrt=TOY_PARAMETERS)(*point)
    for name, got in zip(TOY_PARAMETERS, grads):
        assert float(got) == pytest.approx(expected[name], rel=1e-12, abs=1e-15), name


# =============================================================================== decorator

def test_differentiate_decorator_keeps_the_function_and_adds_grad_value_and_grad_and_source():
    # 000's sigmoid log loss L = -log σ(w x²), through the decorator API.
    @transpiler.differentiate(wrt=("w", "x"))
    def loss(w, x):
        a = x ** 2
        b = w * a
        c = 1 / (1 + np.exp(-b))
        return -np.log(c)

    w, x = 0.5, 1.2
    assert float(loss(w, x)) == pytest.approx(float(sigmoid_log_loss(w, x)), rel=1e-15)

    grads = loss.grad(w, x)
    assert isinstance(grads, tuple) and len(grads) == 2
    expected = transpiler.grad(sigmoid_log_loss, wrt=("w", "x"))(w, x)
    assert [float(g) for g in grads] == pytest.approx([float(g) for g in expected], rel=1e-14)
    assert [float(g) for g in grads] == pytest.approx(
        [central_difference(sigmoid_log_loss, (w, x), 0), central_difference(sigmoid_log_loss, (w, x), 1)],
        rel=1e-6)

    value, grads_again = loss.value_and_grad(w, x)
    assert float(value) == pytest.approx(float(sigmoid_log_loss(w, x)), rel=1e-15)
    assert isinstance(grads_again, tuple)
    assert [float(g) for g in grads_again] == pytest.approx([float(g) for g in grads], rel=1e-15)

    assert isinstance(loss.source, str)
    assert "def " in loss.source
