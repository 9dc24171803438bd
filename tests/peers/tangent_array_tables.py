"""Google Tangent's checks of arrays and containers (tests/functions.py's functions of a vector
``x`` and a square matrix ``sqm``, test_reverse_mode.py's own tests of ``logistic_regression``,
``rnn``, ``bilinear``, ``dict_saxpy``, ``unpacking_args_saxpy`` and ``nested_dict``),
test_hessian_vector_products.py's two functions and test_demos.py's one NumPy kernel
(``softmax_crossent_numpy``: helpers with keyword defaults), as entries for probe.py.

Tangent checks these in reverse mode only, to first order: ``test_grad_vector`` (``x`` of 3, 5
and 10 values), ``test_grad_square_matrix`` (1 x 1 and 5 x 5), and the named tests with the
arguments they differentiate (``wrt=(2, 3)`` of ``logistic_regression``, ``(0, 1)`` of ``rnn``,
``(0,)`` of ``bilinear``). Its Hessian-vector products (reverse over reverse, forward over
reverse, reverse over forward, of a float32 vector of 300) are our order 2 in reverse mode
(``hvp``: forward over reverse), of a float64 vector of 300 (finite differences need float64).
Functions conftest blacklists (``listcomp``, written for a vector since Tangent's iterates a
number; ``active_subscript``; ``init_array_grad_maybe_active``) and the three functions of a tuple
or dict only parsed by test_reverse_mode.py's ``test_parses`` (``dict_wrapper``,
``passthru_pack``, ``passthru_unpack``) are checked the same way, in files of their own.

Each entry is named after the Tangent function it mirrors; the functions are ours, written in
our spelling of the same construct (no code of Tangent's). tangent_tables.py has the scalar
functions and says which were skipped."""
from __future__ import annotations

import numpy as np

from probe import Entry

_rng = np.random.default_rng(11)


def R(*shape):
    return _rng.standard_normal(shape)


VECTORS = [R(3), R(5), R(10)]                     # conftest's vectors
SQUARES = [R(1, 1), R(5, 5)]                      # conftest's square matrices


# -- functions of a vector ----------------------------------------------------------------------
def total(x):
    return np.sum(x)


def total_of_array_call(x):
    return np.sum(np.array(x))


def sum_then_square_rebound(x):
    x = np.sum(x)
    x = x * x
    return x


def list_of_item_product(x):
    items = [1, x[0] * x[1] * x[2], 3]
    return np.sum(items)


def item_product(x):
    first = x[0]
    second = x[1]
    return first * second


def write_into_argument(x):
    first = x[0]
    second = x[1]
    x[0] = first * second
    return np.sum(x)


def write_square_items_into_argument(x):
    sq = x ** 2.0
    x[0] = sq[1] * sq[2]
    return np.sum(sq * x)


def sum_by_iterating(x):
    acc = 0.0
    for item in x:
        acc += item
    return acc


def mean_of(x):
    return np.mean(x)


def atleast_1d_summed(x):
    return np.sum(np.atleast_1d(x))


def atleast_2d_summed(x):
    return np.sum(np.atleast_2d(x))


def atleast_3d_summed(x):
    return np.sum(np.atleast_3d(x))


def tail_summed(x):
    return np.sum(x[1:])


def every_other_as_column_summed(x):
    return np.sum(x[::2, np.newaxis])


def determinant(sqm):
    return np.linalg.det(sqm)


# -- blacklisted by Tangent's conftest ------------------------------------------------------------
def comprehension_summed(x):
    return np.sum([3 * item for item in x])


def copied_item_by_item(x):
    out = np.zeros_like(x)
    for i in range(len(x)):
        out[i] = x[i]
    return np.sum(out)


def rows_filled_from_items(x):
    rows = np.zeros((len(x), 3))
    for r in range(len(rows)):
        rows[r] = x[r]
    return np.sum(rows)


# -- Tangent's named reverse-mode tests --------------------------------------------------------------
def logistic_loss(features, label, weights, bias):
    logits = np.dot(features, weights) + bias
    p = 0.5 * (np.tanh(logits) + 1)
    likelihood = p * label + (1 - p) * (1 - label)
    return -np.sum(np.log(likelihood))


def recurrence(inputs, weights):
    states = np.zeros((4, 3))
    for t in range(3):
        states[t + 1] = np.dot(inputs[t], weights) + states[t]
    return np.sum(states[1:])


def bilinear_layer(x, h, U, W, b):
    z = np.dot(x, W)
    z = z + np.dot(h, U)
    z = z + b
    z = np.tanh(z)
    return np.sum(z)


def saxpy_of_dict(d):
    return d["a"] * d["b"] + d["c"]


def saxpy_of_tuple(abc):
    a, b, c = abc
    return a * b + c


def product_in_nested_dict(p):
    return p["i"]["j"] * p["i"]["k"]


# -- only parsed by Tangent ------------------------------------------------------------------------
def saxpy_of_dict_built(abc):
    a, b, c = abc
    return saxpy_of_dict(dict(a=a, b=b, c=c))


def pick_from_tuple(a, b, c, i):
    packed = a, b, c
    return packed[i]


def first_of_tuple(abc):
    a, b, c = abc
    return a


# -- test_hessian_vector_products.py ----------------------------------------------------------------
def fifth_power_summed(x):
    cubed = x * x * x
    return np.sum(cubed * x ** 2.0)


def cube(a):
    return a * a * a


def fifth_power_by_call_summed(x):
    return np.sum(cube(x) * x ** 2.0)


# -- test_demos.py's NumPy kernel (its others are TensorFlow's) ---------------------------------------
def log_sum_exp(z, axis=None, keep_dims=False):
    return np.log(1e-8 + np.sum(np.exp(z), axis=axis, keepdims=keep_dims))


def log_softmax(logits):
    return logits - log_sum_exp(logits, axis=-1, keep_dims=True)


def mean_cross_entropy(logits, y):
    return np.mean(-np.sum(log_softmax(logits) * y, axis=-1))


def _labels():
    one_hot = np.zeros(5)
    one_hot[1] = 1
    return one_hot


F = "tangent functions.py, arrays"
X = "tangent functions.py (blacklisted)"
P = "tangent functions.py (parsed only)"
H = "tangent test_hessian_vector_products.py"
D = "tangent test_demos.py"
REV = ("rev",)
SCALARS = [-1.5, 0.5, 2.0]
TRIPLES = [(a, b, c) for a in (-2.0, 0.5) for b in (-1.5, 1.0) for c in (0.1, 2.0)]


def vector(name, fun, file=F):
    return Entry(file, name, fun, [VECTORS], modes=REV, order=1)


VECTOR = [
    vector("sum_", total), vector("cast_sum_", total_of_array_call), vector("overwrite_call", sum_then_square_rebound),
    vector("test_deep_anf_list", list_of_item_product), vector("test_subscript1", item_product),
    vector("test_subscript2", write_into_argument), vector("test_subscript3", write_square_items_into_argument),
    vector("test_implicit_indexing", sum_by_iterating), vector("numpy_sum", total), vector("numpy_mean", mean_of),
    vector("numpy_atleast_1d", atleast_1d_summed), vector("numpy_atleast_2d", atleast_2d_summed),
    vector("numpy_atleast_3d", atleast_3d_summed), vector("slicing", tail_summed),
    vector("extended_slice", every_other_as_column_summed),
    Entry(F, "det", determinant, [SQUARES], modes=REV, order=1),
]
NAMED = [
    Entry(F, "logistic_regression", logistic_loss, [[_rng.uniform(0, 1, 3)], [_labels()], [R(3, 5)], [R(5)]],
          argnums=(2, 3), modes=REV, order=1),
    Entry(F, "rnn", recurrence, [[R(3, 2)], [R(2, 3)]], argnums=(0, 1), modes=REV, order=1),
    Entry(F, "bilinear", bilinear_layer, [[R(1, 3)], [R(1, 3)], [R(3, 3)], [R(3, 3)], [R(1, 3)]], modes=REV, order=1),
    Entry(F, "dict_saxpy", saxpy_of_dict, [[dict(a=a, b=b, c=c) for a, b, c in TRIPLES]], modes=REV, order=1),
    Entry(F, "unpacking_args_saxpy", saxpy_of_tuple, [TRIPLES], modes=REV, order=1),
    Entry(F, "nested_dict", product_in_nested_dict, [[{"i": {"j": 3.0, "k": 4.0}}]], modes=REV, order=1),
]
BLACKLISTED = [
    vector("listcomp", comprehension_summed, X), vector("active_subscript", copied_item_by_item, X),
    vector("init_array_grad_maybe_active", rows_filled_from_items, X),
]
PARSED = [
    Entry(P, "dict_wrapper", saxpy_of_dict_built, [TRIPLES], modes=REV, order=1),
    Entry(P, "passthru_pack", pick_from_tuple, [SCALARS, SCALARS, SCALARS, [0, 1, 2]], argnums=(0,), modes=REV,
          order=1),
    Entry(P, "passthru_unpack", first_of_tuple, [TRIPLES], modes=REV, order=1),
]
HVP = [
    Entry(H, "f_straightline", fifth_power_summed, [[R(300)]], modes=REV),
    Entry(H, "f_calltree", fifth_power_by_call_summed, [[R(300)]], modes=REV),
]
DEMOS = [Entry(D, "softmax_crossent_numpy", mean_cross_entropy, [[R(3, 5)], [_rng.uniform(0, 2, (3, 5))]], argnums=(0,),
               modes=REV, order=1)]
TABLES = VECTOR + NAMED + BLACKLISTED + PARSED + HVP + DEMOS
