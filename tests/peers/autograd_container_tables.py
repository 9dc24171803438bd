"""autograd's checks of containers, nested gradients and builtins (tests/test_dict.py,
test_list.py, test_tuple.py, test_complex.py's gradients of gradients, test_builtins.py), as
entries for probe.py: functions of our own that do what those checks differentiate (a dict, list
or tuple argument read by key, index, iteration, ``.items()``/``.values()``/``.get``; ``grad``
called inside the differentiated function)."""
from __future__ import annotations

import operator as op

import numpy as np

from probe import Entry
from transpiler import grad

_rng = np.random.default_rng(3)


def R(*shape):
    return _rng.standard_normal(shape)


def dict_getter(d):
    return np.sum(d["item_1"]) + 2.0 * np.sum(d["item_2"])


def dict_sin_cos(d):
    return np.sum(np.sin(d["item_1"])) + np.sum(np.cos(d["item_2"]))


def dict_gradient_inside(d):
    g = grad(dict_sin_cos)(d)
    return np.sum(g["item_1"]) + np.sum(np.sin(g["item_1"])) + np.sum(np.sin(g["item_2"]))


def dict_sorted_keys(d):
    total = 0.0
    for i, k in enumerate(sorted(d)):
        total = total + np.sum(np.sin(d[k])) * (i + 1.0) + np.sum(np.cos(d[k]))
    return total


def dict_items_values(d):
    total = 0.0
    for k, v in d.items():
        total = total + np.sum(np.sin(v))
    for v in d.values():
        total = total + np.sum(np.cos(v))
    return total


def dict_get(d, x):
    return d.get("item_1", x) ** 2 + d.get("missing", x) ** 2


def list_sin_cos(xs):
    return np.sum(np.sin(xs[0])) + np.sum(np.cos(xs[1]))


def list_gradient_inside(xs):
    g = grad(list_sin_cos)(xs)
    return np.sum(g[0]) + np.sum(np.sin(g[0])) + np.sum(np.sin(g[1]))


def list_loop(xs):
    total = 0.0
    for i, x in enumerate(xs):
        total = total + (i + 1.0) * np.sum(x ** 2)
    return total


def tuple_unpacked(t):
    a, b, c = t
    return np.sum(a * b) + np.sum(np.tanh(c))


def make_tuple(x):
    return (x, 2.0 * x, np.sin(x))


def make_dict(x):
    return {"a": x, "b": x ** 2}


def make_list(x):
    return [x, np.exp(x)]


angle = lambda x: np.angle(x)      # noqa: E731 (the peer's spelling: a lambda, its gradient taken inside)
absolute = lambda x: np.abs(x)     # noqa: E731


def angle_gradient(x):
    return grad(angle)(x)


def abs_gradient(x):
    return grad(absolute)(x)


def builtin_sum(x, y):
    return sum([x, y, 2.0 * x])


def isinstance_branch(x):
    if isinstance(x, np.ndarray):
        return np.sum(x ** 2)
    return x ** 2


def dict_items_values_keys(d):
    total = 0.0
    for i, (k, v) in enumerate(sorted(d.items(), key=op.itemgetter(0))):
        total = total + np.sum(np.sin(v)) * (i + 1.0) + np.sum(np.cos(v))
    for v in d.values():
        total = total + np.sum(np.sin(v))
    for k in sorted(d.keys()):
        total = total + np.sum(np.cos(d[k]))
    return total


def make_dict_by_constructor(x):
    return dict([("a", x)], b=x)


def make_dict_from_a_dict(x):
    return dict({"a": x})


def dict_isinstance(x):
    assert isinstance(x, dict)
    return x["x"]


def list_getter(xs):
    return np.sum(xs[0]) + np.sum(xs[1]) + np.sum(xs[1])


def tuple_getter(t):
    return np.sum(t[0]) + np.sum(t[1]) + np.sum(t[1])


def tuple_sin_cos(t):
    return np.sum(np.sin(t[0])) + np.sum(np.cos(t[1]))


def tuple_gradient_inside(t):
    g = grad(tuple_sin_cos)(t)
    return np.sum(g[0]) + np.sum(np.sin(g[0])) + np.sum(np.sin(g[1]))


def product_of_a_pair(y):
    return y[0] * y[1]


def sin_of_a_tuple_gradient(x):
    """test_tuple's nested_higher_order: the gradient of a function of a tuple, taken inside."""
    return np.sum(np.sin(np.array(grad(product_of_a_pair)((x, x)))))


def tuple_isinstance(x):
    assert isinstance(x, tuple)
    return x[0]


def isinstance_checker(x):
    """test_builtins' checker: a constant whatever the argument, once isinstance agrees."""
    assert isinstance(x, np.ndarray) and not isinstance(x, (tuple, list))
    return 1.0


def isinstance_checker_sequence(x):
    assert isinstance(x, (tuple, list)) and not isinstance(x, np.ndarray)
    return 1.0


DICT = {"item_1": R(5, 6), "item_2": R(4, 3), "item_X": R(2, 4)}
LIST = [R(5, 6), R(4, 3), R(2, 4)]

C = "test_dict.py"
L = "test_list.py"
T = "test_tuple.py"
X = "test_complex.py"
B = "test_builtins.py"
TABLES = [
    Entry(C, "getter", dict_getter, [[DICT]]), Entry(C, "grads", dict_sin_cos, [[DICT]]),
    Entry(C, "grads_of_grad", dict_gradient_inside, [[DICT]]), Entry(C, "iter", dict_sorted_keys, [[DICT]]),
    Entry(C, "items_values", dict_items_values, [[DICT]]),
    Entry(C, "get", dict_get, [[{"item_1": 3.0}, {"item_2": 4.0}, {}], [2.0]], argnums=(0, 1)),
    Entry(C, "make_dict", make_dict, [[1.0, R(3)]], modes=("rev",)),
    Entry(C, "get_from_an_empty_dict", dict_get, [[{}], [2.0]], argnums=(0, 1)),
    Entry(C, "items_values_keys", dict_items_values_keys, [[DICT]]),
    Entry(C, "make_dict_constructor", make_dict_by_constructor, [[1.0]], modes=("rev",)),
    Entry(C, "make_dict_from_a_dict", make_dict_from_a_dict, [[1.0]], modes=("rev",)),
    Entry(C, "isinstance", dict_isinstance, [[{"x": 1.0}]]),
    Entry(L, "getter", list_getter, [[LIST]]),
    Entry(T, "getter", tuple_getter, [[tuple(LIST)]]), Entry(T, "grads", tuple_sin_cos, [[tuple(LIST)]]),
    Entry(T, "grads_of_grad", tuple_gradient_inside, [[tuple(LIST)]]),
    Entry(T, "nested_higher_order", sin_of_a_tuple_gradient, [[5.0, 10.0]]),
    Entry(T, "isinstance", tuple_isinstance, [[(1.0, 2.0, 3.0)]]),
    Entry(B, "isinstance_checker", isinstance_checker, [[np.zeros(1)]]),
    Entry(B, "isinstance_checker_sequence", isinstance_checker_sequence, [[[1.0], (2.0,)]]),
    Entry(L, "grads", list_sin_cos, [[LIST]]), Entry(L, "grads_of_grad", list_gradient_inside, [[LIST]]),
    Entry(L, "loop", list_loop, [[LIST]]), Entry(L, "make_list", make_list, [[1.0, R(3)]]),
    Entry(T, "unpacked", tuple_unpacked, [[(R(3), R(3), R(2))]]), Entry(T, "make_tuple", make_tuple, [[1.0, R(3)]]),
    Entry(X, "angle_of_grad", angle_gradient, [[0.7, 0.4 + 0.6j]]),
    Entry(X, "abs_of_grad", abs_gradient, [[2.1, 1.1 + 1.3j]]),
    Entry(B, "sum", builtin_sum, [[R(3)], [R(3)]], argnums=(0, 1)),
    Entry(B, "isinstance", isinstance_branch, [[R(3), 1.5]]),
]
