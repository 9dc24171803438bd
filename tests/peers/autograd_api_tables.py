"""autograd's checks of its core and its wrappers (tests/test_graphs.py, test_wrappers.py,
test_scalar_ops.py, test_core.py, test_direct.py, test_logic.py, test_jacobian.py, test_misc.py),
as entries for probe.py: the functions those tests differentiate, at the points they take, in our
spelling (autograd's ``d_fun = grad(fun)`` checked again is our second order; a gradient taken
inside is ``grad(f)(x)`` of a function or lambda, as docs/syntax.md supports it; autograd's
``primitive`` with a ``defvjp`` is our ``register_rule``). What those tests assert of the API alone
(a dtype, a ``TypeError``) is pinned in test_peers.py. Our own entries; no code of autograd's."""
from __future__ import annotations

import dataclasses
import functools

import numpy as np

import transpiler
from probe import NAMESPACE, Entry
from transpiler import grad

_rng = np.random.default_rng(5)


def R(*shape):
    return _rng.standard_normal(shape) if shape else float(_rng.standard_normal())


def rand():
    return float(_rng.uniform(0.05, 1.0))


RANDV = R(10)


def _with_second_order(entry):
    """The entry to first order, and to the peer's second order apart (``<name>_order2``: an
    xfail in test_peers.py's KNOWN_GAPS where that is not supported yet)."""
    return [dataclasses.replace(entry, order=1), dataclasses.replace(entry, name=entry.name + "_order2", order=2)]
H5 = R(5, 5)


# -- test_graphs.py ------------------------------------------------------------------------------
def constant_one(x):
    return 1


def sin_of_dot(x):
    return np.sin(np.dot(x, RANDV))


def sin_of_gradient_product(x, v):
    """autograd's ``vector_product``: a Hessian-vector product through the gradient taken inside."""
    return np.sin(np.dot(v, grad(sin_of_dot)(x)))


def enclosing_scope(x):
    inner = lambda y: x * y       # noqa: E731 (the peer's lambda, closing over x)
    return x * grad(inner)(2.0)


def enclosing_scope_2(x):
    inner = lambda y: y * x       # noqa: E731
    return x * grad(inner)(2.0)


def mutating_outgrad(a):
    b = a + 1.0
    c = b + 1.5
    d = a + b
    return d + c


def mutating_outgrad_from_indexing(a):
    b = a + 1.0
    c = b[0] + 1.5
    d = a + b
    return d + c


def complex_mutating_outgrad_from_indexing(a):
    b = a + 1.0j
    c = b[0] + 1.5
    d = a + b
    return d + c


def complex_separate_real_and_imaginary(a):
    r, i = np.real(a), np.imag(a)
    return np.abs(r) ** 1.4 + np.abs(i) ** 1.3


G = "test_graphs.py"
GRAPHS = [
    Entry(G, "grad_fanout", "np.sin(np.sin(a) + np.sin(a))", [[R(), rand()]]),
    Entry(G, "grad_const", constant_one, [[2.0]]),
    Entry(G, "grad_identity", "a", [[2.0]]),
    Entry(G, "hess_vector_prod", sin_of_dot, [[R(10)]]),
    *_with_second_order(Entry(G, "hess_vector_prod_product", sin_of_gradient_product, [[R(10)], [R(10)]],
                              argnums=(0, 1))),
    *_with_second_order(Entry(G, "enclosing_scope_ref", enclosing_scope, [[1.0]])),
    *_with_second_order(Entry(G, "enclosing_scope_ref_2", enclosing_scope_2, [[1.0]])),
    Entry(G, "mutating_outgrad", mutating_outgrad, [[R(5)]]),
    Entry(G, "mutating_outgrad_from_indexing", mutating_outgrad_from_indexing, [[R(5)]]),
    Entry(G, "complex_mutating_outgrad_from_indexing", complex_mutating_outgrad_from_indexing, [[R(5)]]),
    Entry(G, "complex_separate_real_and_imaginary", complex_separate_real_and_imaginary,
          [[R(5, 3) + 0.1j * R(5, 3)]]),
    Entry(G, "third_derivative_other_args", "np.sin(np.sin(a) + np.sin(b))", [[R()], [R()]], argnums=(0, 1)),
    Entry(G, "singleton_array_output", "np.sum(np.sin(a), keepdims=True)", [[R(3, 3)]]),
    Entry(G, "singleton_array_output_axis0", "np.sum(np.sin(a), axis=0, keepdims={keepdims})", [[R(3, 1)]],
          grid=dict(keepdims=[True, False])),
    Entry(G, "singleton_array_output_axis1", "np.sum(np.sin(a), axis=1, keepdims={keepdims})", [[R(1, 3)]],
          grid=dict(keepdims=[True, False])),
]


# -- test_wrappers.py ----------------------------------------------------------------------------
def complicated(a, b, c, d, e, f=1.1, g=9.0):
    return a + np.sin(b) + np.cosh(c) + np.cos(d) + np.tan(e) + f + g


def complicated_with_keywords(a, b, c, d, e):
    return complicated(a, b, c, d, e, f=0.6, g=-0.1)


def first_of(x, y):
    return x


def bar(x, y):
    return 2 * x + y + 5


def bar_twice(x):
    return bar(x, x / 3.0) + bar(x, x ** 2)


def baz(*args):
    return sum(args)


def baz_of_two(x):
    return baz(x, x / 3.0)


def custom_mul(x, y):
    return x * y


transpiler.register_rule(custom_mul, vjp=lambda d_y, out, x, y: (d_y * y, d_y * x),
                         jvp=lambda tangents, out, x, y: (0.0 if tangents[0] is None else tangents[0] * y)
                         + (0.0 if tangents[1] is None else x * tangents[1]))


def through_custom_mul(x, y):
    return np.sum(np.sin(custom_mul(x, y)))


W = "test_wrappers.py"
WRAPPERS = [
    Entry(W, "return_both", "3.0 * a ** 3.2", [[1.7]]),
    Entry(W, "value_and_grad", "np.sum(np.sin(a) ** 2)", [[R(5)]]),
    Entry(W, "hessian", "np.dot(np.dot(a, H5), a)", [[R(5)]]),
    Entry(W, "multigrad", complicated_with_keywords, [[0.5], [-0.3], [0.2], [-1.1], [0.7]], argnums=(3, 1)),
    Entry(W, "multigrad_onearg", "np.sum(a + np.sin(b))", [[R(3)], [R(3)]], argnums=(0,)),
    Entry(W, "multigrad_onearg_packed", "np.sum(a[0] + np.sin(a[1]))", [[(R(3), R(3))]]),
    Entry(W, "elementwise_grad", "a + np.sin(a) + np.cosh(a)", [[R(10)]]),
    Entry(W, "elementwise_grad_multiple_args", "a + np.sin(a) + np.cosh(b)", [[0.9], [R(10)]], argnums=(1,)),
    Entry(W, "hessian_vector_product", "np.sum(np.sin(a))", [[R(5), R(5, 4), R(5, 4, 3)]]),
    Entry(W, "vector_jacobian_product", "np.roll(np.sin(a), 1)", [[R(5), R(5, 4), R(5, 4, 3)]]),
    *_with_second_order(Entry(W, "deprecated_defgrad_wrapper", through_custom_mul, [[R(2, 2)], [R(2, 2)]],
                              argnums=(0, 1))),
    Entry(W, "partial", functools.partial(first_of, y=1), [[2.0]]),
    Entry(W, "checkpoint_correctness", bar_twice, [[3.0]]),
    Entry(W, "checkpoint_correctness_varargs", baz_of_two, [[3.0]]),
]


# -- test_scalar_ops.py --------------------------------------------------------------------------
def _scaled(name, values, order=2, label=None):
    return Entry(S, label or name, f"3.0 * np.{name}(a)", [values], order=order)


S = "test_scalar_ops.py"
SCALAR_OPS = [
    _scaled("abs", [1.1, -1.1]), _scaled("abs", [0.0], order=1, label="abs_at_zero"), _scaled("sin", [R(), R()]),
    _scaled("sign", [1.1, -1.1]), _scaled("exp", [R(), R()]),
    *[_scaled(n, [abs(R()), abs(R())]) for n in ["log", "log2", "log10", "log1p", "expm1", "exp2"]],
    Entry(S, "neg", "3.0 * -a", [[R(), R()]]),
    *[_scaled(n, [R(), R()]) for n in ["cos", "tan", "cosh", "sinh", "tanh", "arcsinh"]],
    _scaled("arccos", [0.1, 0.2]), _scaled("arcsin", [0.1, 0.2]), _scaled("arctan", [0.2, 0.3]),
    _scaled("arccosh", [R() ** 2 + 1, R() ** 2 + 1]), _scaled("arctanh", [0.2, 0.3]),
    _scaled("sqrt", [10.0 * rand(), 10.0 * rand()]),
    Entry(S, "power_arg0", "np.power(a, EXPONENT)", [[rand() ** 2 + 1.0, rand() ** 2 + 1.0]]),
    Entry(S, "power_arg0_zero_exponent", "np.power(a, 0.0)", [[0.0]]),      # autograd issue #116
    Entry(S, "power_arg1", "np.power(BASE, a)", [[rand() ** 2, rand() ** 2]]),
    Entry(S, "power_arg1_zero", "np.power(0.0, a)", [[rand() ** 2 + 0.05, rand() ** 2 + 0.05]]),
    *[Entry(S, n, f"np.{n}(a, b)", [[0.42], [0.73]], argnums=(0, 1)) for n in ["mod", "divide", "multiply", "true_divide"]],
    Entry(S, "reciprocal", "np.reciprocal(a)", [[rand()]]), Entry(S, "negative", "np.negative(a)", [[rand()]]),
    *[_scaled(n, [10.0 * rand()]) for n in ["rad2deg", "deg2rad", "radians", "degrees", "sinc"]],
]


# -- test_core.py: Python's operators on floats, without NumPy -------------------------------------
C = "test_core.py"
CORE = [
    *[Entry(C, name, f"a {sign} b", [[0.7], [1.8]], argnums=(0, 1))
      for name, sign in [("add", "+"), ("sub", "-"), ("div", "/"), ("mul", "*"), ("pow", "**"), ("mod", "%")]],
    # autograd differentiates a comparison to zero, with a warning; a bool output is refused here
    *[Entry(C, name, f"a {sign} b", [[0.7], [1.8]], argnums=(0, 1), order=1)
      for name, sign in [("eq", "=="), ("neq", "!="), ("leq", "<="), ("geq", ">="), ("lt", "<"), ("gt", ">")]],
]


# -- test_direct.py, test_logic.py ---------------------------------------------------------------
def assert_inside(x):
    assert np.allclose(x, (x * 3.0) / 3.0)
    return np.sum(x)


def doubled_with_a_vjp_only(x):
    return 2.0 * x


transpiler.register_rule(doubled_with_a_vjp_only, vjp=lambda d_y, out, x: (2.0 * d_y,))


D = "test_direct.py"
L = "test_logic.py"
DIRECT_LOGIC = [
    Entry(D, "grad_and_deriv", "(a + np.sin(a ** 2)) * a", [[1.3]]),
    Entry(D, "holomorphic_grad", "a * (1.0 + 0.2j)", [[1.0 + 0.0j]], order=1),
    Entry(L, "assert", assert_inside, [[np.array([1.0, 2.0, 3.0])]]),
    Entry(L, "nograd", "np.allclose(a, (a * 3.0) / 3.0)", [[np.array([1.0, 2.0, 3.0])]], order=1),
    Entry(L, "no_jvp_def", "np.sin(doubled_with_a_vjp_only(a))", [[1.0]], modes=("fwd",), order=1),
    Entry(L, "falseyness", "np.real(a ** 2 if np.iscomplex(a) else np.sum(a))", [[2.0, 5.0, 2.0 + 1j]]),
]


# -- test_jacobian.py, test_misc.py --------------------------------------------------------------
def stacked_scalar_functions(x):
    return np.array([np.sum(x ** 3), np.prod(np.sin(x) + np.sin(x)),
                     grad(lambda y: np.exp(y) * np.tanh(x[0]))(x[1])])


def outer_and_dot(x):
    return np.sin(np.outer(x, x)) + np.cos(np.dot(x, x))


def sin_of_jacobian(x):
    return np.sum(np.sin(transpiler.jacobian(outer_and_dot)(x)))


def gradient_of_a_lambda_at_a_product(x, y):
    """test_misc's ``foo`` (wrapped by ``const_graph``, which caches autograd's trace)."""
    return grad(lambda z: np.sin(z) + z * 2)(x * y)


J = "test_jacobian.py"
M = "test_misc.py"
JACOBIAN_MISC = [
    Entry(J, "jacobian_against_grad", "np.sum(np.sin(a), axis=1, keepdims=True)", [[R(1, 3)]]),
    Entry(J, "jacobian_scalar_to_vector", "np.array([a, a ** 2, a ** 3])", [[R()]]),
    *_with_second_order(Entry(J, "jacobian_against_stacked_grads", stacked_scalar_functions, [[R(5)]])),
    Entry(J, "jacobian_higher_order", outer_and_dot, [[R(2)]]),
    Entry(J, "jacobian_higher_order_inside", sin_of_jacobian, [[R(2)]], order=1),
    *_with_second_order(Entry(M, "const_graph", gradient_of_a_lambda_at_a_product, [[0.0, 1.0], [0.0, 0.5]],
                              argnums=(0, 1))),
]

# autodidact (the minimal autograd, mattjj/autodidact) has no test suite; its example differentiates tanh
# written with exp, to higher orders
AUTODIDACT = [Entry("autodidact examples/tanh.py", "tanh", "(1.0 - np.exp(-2.0 * a)) / (1.0 + np.exp(-2.0 * a))",
                    [[np.linspace(-7, 7, 9)]])]

NAMESPACE.update({"H5": H5, "doubled_with_a_vjp_only": doubled_with_a_vjp_only, "EXPONENT": R() ** 2 + 1.0, "BASE": R() ** 2})

TABLES = GRAPHS + WRAPPERS + SCALAR_OPS + CORE + DIRECT_LOGIC + JACOBIAN_MISC + AUTODIDACT
