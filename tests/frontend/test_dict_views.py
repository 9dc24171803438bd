"""Dict views and OrderedDicts (frontend/dict_views.py). ``d.keys()`` bound to a name is a view,
not a list: ``isinstance(v, list)`` was answered True (a wrong branch). A view is live: reading
it after the dict is written is refused, located, rather than read as the old entries. Two
``collections.OrderedDict``s compared with ``==`` compare their order (Python's rule; they were
compared as dicts, a wrong branch); an OrderedDict and a dict do not."""
import collections

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.3, -0.5, 1.2])
S = 0.7


def keys_view_is_no_list(x, s):
    d = {"k": x, "j": s * x}
    v = d.keys()
    if isinstance(v, list):
        return 2.0 * np.sum(x * x)
    return 3.0 * np.sum(x * x) * s


def values_view_is_no_tuple(x, s):
    d = {"k": x, "j": s * x}
    v = d.values()
    total = 0.0
    for u in v:
        total = total + np.sum(u * u)
    return total * 2.0 if isinstance(v, (list, tuple)) else total


def items_view_listed_is_a_list(x, s):
    d = {"k": x, "j": s * x}
    v = d.items()
    pairs = list(v)
    return np.sum(pairs[1][1] * x) if isinstance(pairs, list) and not isinstance(v, list) else np.sum(x)


def views_read_as_python_reads_them(x, s):
    d = {"k": x, "j": s * x}
    total = 0.0
    for k in d.keys():
        total = total + np.sum(d[k])
    return total * len(d.keys()) + ("k" in d.keys()) * np.sum(x * s) + len(list(d.values()))


def view_read_before_the_dict_is_written(x, s):
    d = {"k": x}
    n = len(d.keys())
    d["j"] = s * x
    return np.sum(x) * n + np.sum(d["j"])


def values_view_iterated_while_the_dict_is_written(x, s):
    d = {"a": x, "b": s * x}
    vs = d.values()
    total = 0.0
    for v in vs:              # the view is live: b's value is read after a's iteration wrote it
        total = total + np.sum(v * v)
        d["b"] = d["b"] * 2.0
    return total


def keys_view_iterated_while_the_dict_is_written(x, s):
    d = {"a": x, "b": s * x}
    ks = d.keys()
    for k in ks:
        d[k] = d[k] * 3.0
    return np.sum(d["a"] * d["b"])


def ordered_dicts_in_another_order(x, s):
    d = collections.OrderedDict(a=1, b=2)
    e = collections.OrderedDict(b=2, a=1)
    return np.sum(x * x) if d == e else np.sum(x) * s


def ordered_dicts_unequal(x, s):
    d = collections.OrderedDict(a=1, b=2)
    e = collections.OrderedDict(b=2, a=1)
    return np.sum(x * x) * s if d != e else np.sum(x)


def ordered_dict_and_dict(x, s):
    d = collections.OrderedDict(a=1, b=2)
    e = {"b": 2, "a": 1}
    return np.sum(x * x) * s if d == e else np.sum(x)


def ordered_dict_copies(x, s):
    d = collections.OrderedDict()
    d["a"] = x * s
    d["b"] = x
    e = d.copy()
    f = collections.OrderedDict([("b", x), ("a", x * s)])
    return np.sum(x * x) * s * (list(e) == ["a", "b"]) + np.sum(x) * (list(f) == ["a", "b"])


def ordered_dicts_of_numbers_in_order(x, s):
    d = collections.OrderedDict(a=1.0, b=2.0)
    e = collections.OrderedDict(a=1.0, b=2.0)
    return np.sum(x * x) * s if d == e else np.sum(x)


def ordered_copy_reordered(x, s):
    d = collections.OrderedDict(a=1, b=2)
    f = d.copy()
    del f["a"]
    f["a"] = 1                # f is an OrderedDict in another order: unequal
    return np.sum(x * x) if d == f else np.sum(x) * s


CASES = [ordered_copy_reordered, keys_view_is_no_list, values_view_is_no_tuple, items_view_listed_is_a_list, views_read_as_python_reads_them,
         view_read_before_the_dict_is_written, values_view_iterated_while_the_dict_is_written,
         keys_view_iterated_while_the_dict_is_written, ordered_dicts_in_another_order, ordered_dicts_unequal,
         ordered_dict_and_dict, ordered_dict_copies, ordered_dicts_of_numbers_in_order]


@pytest.mark.parametrize("f", CASES)
def test_the_value_and_gradient_are_pythons_in_both_modes(f):
    value, _ = transpiler.value_and_grad(f, wrt=(0, 1))(X, S)
    assert value == pytest.approx(f(X, S), rel=1e-12)
    assert transpiler.jvp(f, (X, S), (np.ones(3), 1.0))[0] == pytest.approx(f(X, S), rel=1e-12)
    assert transpiler.check_grad(f, X, S, wrt=(0, 1)).ok


def test_a_keys_view_hessian_takes_pythons_branch():
    hessian = transpiler.hessian(keys_view_is_no_list)(X, S)
    assert hessian == pytest.approx(6.0 * S * np.eye(3))


def view_read_after_the_dict_is_written(x, s):
    d = {"k": x}
    v = d.keys()
    d["j"] = s * x
    return np.sum(x) * len(v)


def test_a_view_read_after_its_dict_is_written_is_refused_where_it_is_read():
    with pytest.raises(UnsupportedSyntaxError, match="`v` is read after a write through `d`") as raised:
        transpiler.grad(view_read_after_the_dict_is_written)(X, S)
    assert raised.value.location.line == view_read_after_the_dict_is_written.__code__.co_firstlineno + 4


def ordered_or_plain(x, s):
    d = collections.OrderedDict(a=1, b=2)
    if s > 0:
        e = collections.OrderedDict(b=2, a=1)
    else:
        e = {"b": 2, "a": 1}
    return np.sum(x * x) if d == e else np.sum(x)


def test_a_comparison_with_a_dict_that_may_be_ordered_or_not_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match=r"list\(d.items\(\)\) == list\(e.items\(\)\)") as raised:
        transpiler.grad(ordered_or_plain)(X, S)
    assert raised.value.location.line == ordered_or_plain.__code__.co_firstlineno + 6


def ordered_dict_and_a_shallow_copy(x, s):
    import copy
    d = collections.OrderedDict(a=1, b=2)
    e = copy.copy(d)
    return np.sum(x * x) if d == e else np.sum(x)


def test_an_ordered_dict_compared_with_a_value_not_known_as_a_dict_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="not known which one is an OrderedDict"):
        transpiler.grad(ordered_dict_and_a_shallow_copy)(X, S)


def copy_of_an_open_kind(x, s):
    d = collections.OrderedDict(a=1, b=2)
    if s > 0:
        e = collections.OrderedDict(b=2, a=1)
    else:
        e = {"b": 2, "a": 1}
    f = e.copy()
    return np.sum(x * x) if d == f else np.sum(x)


def test_a_copy_of_a_dict_that_may_be_ordered_or_not_is_refused_when_compared():
    with pytest.raises(UnsupportedSyntaxError, match="not known which one is an OrderedDict"):
        transpiler.grad(copy_of_an_open_kind)(X, S)
