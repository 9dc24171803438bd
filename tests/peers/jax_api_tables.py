"""JAX's API tests that differentiate plain Python functions (tests/api_test.py: ``grad`` with
``argnums`` and keywords, a branch on a comparison, ``jacfwd``/``jacrev``/``hessian`` of small
functions, pytrees in and out, a named tuple, a nested ``def`` called twice under ``jvp``, complex
arguments, a gradient taken inside), as entries for probe.py, in NumPy's spelling (``jnp`` is
``np``; ``jacfwd``/``jacrev`` are our forward and reverse modes). What those tests assert of JAX's
API alone (its error messages, ``jit``, devices) has no entry. Our own entries; no code of JAX's."""
from __future__ import annotations

import collections

import numpy as np

from probe import NAMESPACE, Entry
from transpiler import grad

_rng = np.random.default_rng(6)


def R(*shape):
    return _rng.standard_normal(shape) if shape else float(_rng.standard_normal())


def weighted_sum(x, y, z, flag=False):
    assert flag
    return 1.0 * x + 2.0 * y + 3.0 * z


def weighted_sum_flagged(x, y, z):
    return weighted_sum(x, y, z, flag=True)


def switch_on_a_comparison(x):
    y = x > 0
    if y:
        return x
    else:
        return -x


def quad(x):
    return np.dot(x, x)


def two_quads(x, u):
    return quad(x) + quad(u)


def aux_of_an_inner_gradient(x):
    g, aux = grad(lambda x: (x ** 3, [x ** 3]), has_aux=True)(x)
    return aux[0] * np.sin(x)


def nested_def_called_twice(x):
    def inner(y):
        return y * x

    return inner(4.0) + inner(5.0)


Point = collections.namedtuple("Point", ["x", "y"])


class ZeroPoint(Point):
    def is_zero(self):
        return (self.x == 0) and (self.y == 0)


def norm_of_point(pt):
    return np.sqrt(pt.x ** 2 + pt.y ** 2)


def norm_of_point_or_zero(pt):
    return 0.0 if pt.is_zero() else np.sqrt(pt.x ** 2 + pt.y ** 2)


# api_test's remat tests, without remat (a checkpoint changes what is stored, not the derivative)
def sin_sin_and_a_constant(x):
    return np.sin(np.sin(x)), 3.0


def first_of_a_pair_returned(x):
    x, _ = sin_sin_and_a_constant(x)
    return x


def lambda_called_at_once_over_a_free_name(x):
    y = 2 * np.sin(x)
    return (lambda x: np.cos(x) * np.sin(y))(x)


def sin_or_cos_by_sign(x):
    if x > 0:
        return np.sin(x), 3.0
    else:
        return np.cos(x), 4.0


def first_of_a_branch_pair(x):
    x, _ = sin_or_cos_by_sign(x)
    return x


def composed_in_halves(funs):
    """test_remat_binomial_checkpointing's composition, split in halves recursively."""
    if len(funs) == 1:
        return funs[0]
    f1 = composed_in_halves(funs[:len(funs) // 2])
    f2 = composed_in_halves(funs[len(funs) // 2:])
    return lambda x: f1(f2(x))


def self_attention_sum(w, x):
    """test_remat_jit3's function (issue 2180): a product and two einsums of it with itself."""
    a = np.dot(x, w)
    b = np.einsum("btd,bTd->btT", a, a)
    c = np.einsum("btT,btd->btd", b, a)
    return np.sum(c)


ZS = 0.5j * np.arange(5) + np.arange(5)

A = "api_test.py"
TABLES = [
    Entry(A, "grad_argnums", weighted_sum_flagged, [[1.0], [1.0], [1.0]], argnums=(0, 1, 2)),
    Entry(A, "switch_value", switch_on_a_comparison, [[1.0, -1.0]]),
    Entry(A, "jacobian", "np.dot(A43, a)", [[R(3)]]),
    Entry(A, "jacobian_tanh", "np.tanh(np.dot(A43, a))", [[R(3)]]),
    Entry(A, "hessian", "np.dot(a, np.dot(A44, a))", [[R(4)]]),
    Entry(A, "jacobian_on_pytrees_tuple_out", "(a, b)", [[0.0], [1.0]], argnums=(0, 1)),
    Entry(A, "jacobian_on_pytrees_tuple_in", "a[:2]", [[(1.0, 2.0, 3.0)]]),
    Entry(A, "jacobian_on_pytrees_dict_out", "{{'x': a, 'xy': np.outer(a, b)}}", [[R(2)], [R(3)]], argnums=(0, 1)),
    Entry(A, "hessian_on_pytrees", "np.array(a) ** 2", [[(1.0, 2.0)]]),
    Entry(A, "issue1372", two_quads, [[np.ones(5)], [np.ones(2)]], argnums=(0, 1)),
    Entry(A, "grad_and_aux_nested", aux_of_an_inner_gradient, [[4.0]], order=1),
    Entry(A, "jvp_jit_cached", nested_def_called_twice, [[5.0]]),
    Entry(A, "holomorphic_grad", "np.sin(a)", [[1 + 2j]]),
    # JAX compares the gradient's value (order 1). At z = 0 the second derivative of cos(|z|) is the chain
    # rule's through the kink of |z| (0 where the composition's is -1), as in every AD: order 2 away from 0
    Entry(A, "nonholomorphic_grad", "np.sum(np.cos(np.abs(a)))", [[ZS]], order=1),
    Entry(A, "nonholomorphic_grad_away_from_zero", "np.sum(np.cos(np.abs(a)))", [[ZS[1:]]]),
    Entry(A, "nonholomorphic_jacrev", "np.cos(np.linalg.norm(2 * a))", [[ZS]]),
    Entry(A, "namedtuple_transparency", norm_of_point, [[Point(1.0, 2.0)]]),
    Entry(A, "namedtuple_subclass_transparency", norm_of_point_or_zero, [[ZeroPoint(0.0, 0.0), ZeroPoint(1.0, 2.0)]],
          order=1),
]

REMAT = [
    Entry(A, "remat_basic", first_of_a_pair_returned, [[2.0]]),
    Entry(A, "remat_freevars", lambda_called_at_once_over_a_free_name, [[2.0]]),
    Entry(A, "remat_grad_python_control_flow", first_of_a_branch_pair, [[2.0, -2.0]]),
    Entry(A, "remat_higher_order_autodiff", "np.cos(np.sin(a))", [[3.0]]),
    Entry(A, "remat_jit3", self_attention_sum, [[np.ones((1, 1))], [np.ones((1, 1, 1))]], argnums=(0, 1)),
    Entry(A, "remat_jit3_larger", self_attention_sum, [[R(2, 2)], [R(2, 3, 2)]], argnums=(0, 1)),
    Entry(A, "remat_binomial_checkpointing", composed_in_halves([np.sin, np.sin, np.sin, np.sin]), [[4.0]]),
]
TABLES += REMAT

NAMESPACE.update(A43=R(4, 3), A44=R(4, 4))
