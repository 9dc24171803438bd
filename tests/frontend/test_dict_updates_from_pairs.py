"""``d.update(zip(names, values))``, ``d.update([("a", x), ...])``, ``d.update((k, v) for ...)``
and ``d.update(pairs, k=v)`` on a dict the function made (frontend/dict_updates.py): an iterable
of pairs updates as ``dict`` of it does (a key given twice: its last value, in its first place).
They were refused ("`.update()` on a list or dict of the function ... is not supported")."""
import numpy as np
import pytest
from python_semantics import check_as_python

import transpiler

X = np.array([1.5, 2.0, 0.7])


def update_from_zip(x):
    d = {"a": 1.0}
    d.update(zip(("a", "b"), x[:2]))
    return d["a"] * d["b"]


def update_from_written_pairs(x):
    d = {"a": 1.0, "c": 3.0}
    d.update([("b", x[1]), ("a", x[0])])
    return d["a"] * d["b"] * d["c"] + len(d)


def update_with_a_repeated_key_keeps_its_first_place(x):
    d = {"z": x[2]}
    d.update(zip(["a", "b", "a"], x))
    return d["a"] * d["b"] * d["z"] + float(list(d) == ["z", "a", "b"])


def update_from_a_generator_of_pairs(x):
    d = {}
    d.update((k, v * v) for k, v in zip("ab", x))
    return d["a"] + d["b"] * x[2]


def update_from_pairs_and_keywords(x):
    d = {"a": 1.0}
    d.update(zip(("a", "b"), x[:2]), c=x[2])
    return d["a"] * d["b"] * d["c"]


def update_reading_the_dict_in_a_display(x):
    d = {"a": x[0], "b": x[1]}
    d.update([("b", d["a"] * x[2]), ("a", d["b"])])
    return d["a"] * d["b"]


CASES = [update_from_zip, update_from_written_pairs, update_with_a_repeated_key_keeps_its_first_place,
         update_from_a_generator_of_pairs, update_from_pairs_and_keywords, update_reading_the_dict_in_a_display]


@pytest.mark.parametrize("f", CASES)
def test_the_value_and_gradient_are_pythons_in_both_modes(f):
    check_as_python(f, X)


def test_the_hessian_of_an_update_from_zip():
    np.testing.assert_allclose(transpiler.hessian(update_from_zip)(X),
                               [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]], atol=1e-12)


def update_from_pairs_read_while_it_changes(x):
    d = {"a": x[0], "b": x[1]}
    d.update((k, d["a"] * v) for k, v in d.items())     # Python: b's pair reads the new d["a"]
    return d["a"] * d["b"]


def update_zipped_with_a_view_of_itself(x):
    d = {"a": x[0], "b": x[1]}
    v = d.values()
    d.update(zip(["b", "a"], v))
    return d["a"] * d["b"]


@pytest.mark.parametrize("f", [update_from_pairs_read_while_it_changes, update_zipped_with_a_view_of_itself])
def test_pairs_computed_lazily_from_the_dict_updated_are_refused_where_it_is_updated(f):
    with pytest.raises(transpiler.UnsupportedSyntaxError, match="write the loop") as raised:
        transpiler.grad(f)(X)
    assert raised.value.location.line == f.__code__.co_firstlineno + (2 if "view" not in f.__name__ else 3)
