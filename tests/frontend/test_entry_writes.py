"""An array held by a dict, updated in place through another name
(frontend/entry_writes.py): ``w = params["W"]; w -= lr * dw`` and then ``params`` read, as
CS231n's update rules do to the arrays the solver's ``params`` dict holds. NumPy adds into the
array, so the container sees it; on a number only ``w`` changes. Before, reading the container
afterwards was refused. Each case checked against Python's own value (run on copies: Python
writes into the caller's arrays), central differences (grad) and a directional difference
(jvp)."""
import numpy as np
import pytest

import transpiler
from transpiler import TranspileError

X = np.array([0.7, -1.3])


def python_value(f, x, *rest):
    return f(np.copy(x), *rest)


def central(f, x, direction, h=1e-6):
    return (python_value(f, x + h * direction) - python_value(f, x - h * direction)) / (2 * h)


def check(f, x=X):
    value, gradient = transpiler.value_and_grad(f)(np.copy(x))
    np.testing.assert_allclose(value, python_value(f, x), rtol=1e-12)
    for k in range(x.size):
        np.testing.assert_allclose(gradient[k], central(f, x, np.eye(x.size)[k]), rtol=1e-6, atol=1e-8)
    direction = np.linspace(0.5, -1.0, x.size)
    _, derivative = transpiler.jvp(f, (np.copy(x),), (direction,))
    np.testing.assert_allclose(derivative, central(f, x, direction), rtol=1e-6, atol=1e-8)


def sgd(w, dw, config):
    w -= config["learning_rate"] * dw        # CS231n's rule: in place on the array it is given
    return w, config


def entry_by_constant_key(x):
    params = {"W": x * 1.0, "b": 0.5}
    w = params["W"]
    sgd(w, np.sin(w), {"learning_rate": 0.1})        # the result dropped: params["W"] changed
    b = params["b"]
    b -= 0.2                                          # a number: params["b"] stays 0.5
    return np.sum(params["W"] ** 2) + params["b"] * np.sum(x)


def entry_by_run_time_key(x, keys=("W", "V")):
    params = {"W": x * 1.0, "V": x ** 2}
    for key in keys:                                  # a key known only at run time
        w = params[key]
        w *= 1.5 + np.cos(w)
        if np.sum(w) > 0:
            w += 0.1
    return np.sum(params["W"] * params["V"])


def shrink(w):
    w -= 0.3 * np.tanh(w)


def dict_entry_through_a_helper_in_a_branch(x):
    params = {"W": x * 1.0, "V": x[::-1] * 2.0}
    if np.sum(x) < 0:
        shrink(params["V"])
    shrink(params["W"])
    return np.sum(params["W"] * params["V"])


def test_an_entry_updated_in_place_is_seen_by_its_container():
    check(entry_by_constant_key)
    check(entry_by_run_time_key)
    check(dict_entry_through_a_helper_in_a_branch)
    check(dict_entry_through_a_helper_in_a_branch, -X)


def test_float32_and_second_order():
    g32 = transpiler.grad(entry_by_constant_key)(X.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(entry_by_constant_key)(X), rtol=1e-4)
    h = 1e-5
    numeric = np.array([(transpiler.grad(dict_entry_through_a_helper_in_a_branch)(X + h * e)
                         - transpiler.grad(dict_entry_through_a_helper_in_a_branch)(X - h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(transpiler.hessian(dict_entry_through_a_helper_in_a_branch)(X), numeric, rtol=1e-5, atol=1e-7)


def two_entries_one_memory(x):
    a = x * 1.0
    params = {"W": a, "V": a[::-1]}                   # a view of the same memory
    w = params["W"]
    w -= 1.0
    return np.sum(params["V"])                       # Python: the view sees the write


def list_entry(x):
    layers = [x * 1.0, x[::-1] * 2.0]
    shrink(layers[0])
    return np.sum(layers[0] * layers[1])


def test_another_entry_sharing_the_memory_is_refused_at_run_time():
    with pytest.raises(TranspileError, match="changes an array in place"):
        transpiler.grad(two_entries_one_memory)(np.copy(X))


def test_a_list_entry_a_helper_updates_is_written_back():
    # `shrink(layers[0])`, `w -= ...` inside: the list holds the entry as the helper left it where
    # it is an array (frontend/dispatched_procedures.py; was refused where the list is read)
    report = transpiler.check_grad(list_entry, np.copy(X))
    assert report.ok, report
    assert transpiler.value_and_grad(list_entry)(np.copy(X))[0] == pytest.approx(list_entry(np.copy(X)))


def list_entry_through_a_name(x):
    params = [x * 1.0, x ** 2]
    p = params[1]
    p -= 0.5 * x                      # the list's entry itself: the list sees it
    return np.sum(params[0] * params[1])


def list_entries_in_loops(x):
    params = [x * 1.0, np.ones(2)]
    for step in range(3):
        for i in range(len(params)):
            p = params[i]
            p *= 0.9
            p += 0.1 * x
    return np.sum(params[0] * params[1])


def list_entry_under_a_branch(x):
    params = [x * 1.0, x ** 2]
    p = params[-1]
    if x[0] > 0:
        p /= 1.0 + x[0]
    return np.sum(params[0] * params[1])


def list_entry_a_number(x):
    params = [x[0] * 1.0, x[1]]
    p = params[0]
    p += 1.0                          # a number: `p` alone changes, the list keeps the old one
    return params[0] * params[1] + p


def list_entries_one_memory(x):
    a = x * 1.0
    params = [a, a]
    p = params[0]
    p -= 1.0
    return np.sum(params[0] * params[1])


@pytest.mark.parametrize("f", [list_entry_through_a_name, list_entries_in_loops, list_entry_under_a_branch,
                               list_entry_a_number], ids=lambda f: f.__name__)
def test_a_list_entry_updated_in_place_through_a_name_is_seen_by_the_list(f):
    # (refused before: "`p -= ...` changes an array in place, and another name ... is read afterwards")
    check(f)
    check(f, -X)
    hessian = transpiler.hessian(f)(np.copy(X))
    g = transpiler.grad(f)
    numeric = np.stack([(g(X + 1e-6 * e) - g(X - 1e-6 * e)) / 2e-6 for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-6)


def test_two_list_entries_sharing_the_memory_are_refused_at_run_time():
    with pytest.raises(TranspileError, match="changes an array in place"):
        transpiler.grad(list_entries_one_memory)(np.copy(X))
