"""``for k, v in d.items()`` (and ``.values()``) whose body writes into ``d``
(frontend/loops.py ``_dict_view_iterated``): Python's view reads each value from the dict as it
is when the loop reaches it. For a dict built with constant keys the loop iterated a list of its
entries made before the loop, so a value the body wrote for a later key was not seen: **a
silent wrong value** (``d["b"] = 10 * x`` while at ``"a"``, then ``v`` at ``"b"`` was the old
``2 * x``). Now such a loop reads ``d[k]`` from the current dict, as for a dict parameter; and the
value read is an entry of it, so ``v -= step`` in place on an array is seen by the dict
(frontend/entry_writes.py: CS231n's solver calling its ``sgd`` rule). Each case checked against
Python's own value (on copies: Python writes into the caller's arrays), central differences and
a directional difference."""
import numpy as np

import transpiler

X = np.array([0.7, -1.3])


def python_value(f, x):
    return f(np.copy(x))


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


def later_entry_written(x):
    d = {"a": x * 1.0, "b": x * 2.0}
    total = 0.0
    for k, v in d.items():
        d["b"] = x * 10.0                  # seen when the loop reaches "b"
        total = total + np.sum(v)
    return total


def values_written(x):
    d = {"a": x * 1.0, "b": np.sin(x)}
    total = 0.0
    for v in d.values():
        d["b"] = d["b"] * 3.0
        total = total + np.sum(v * x)
    return total


def scale_entry(d, key, factor):
    d[key] = d[key] * factor                 # the caller's dict changes


def values_written_by_a_helper(x):
    d = {"a": x * 1.0, "b": np.sin(x)}
    total = 0.0
    for v in d.values():
        scale_entry(d, "b", 3.0)
        total = total + np.sum(v * x)
    return total


def helper_writing_in_a_loop(x):
    # (crashed: a second lowering pass of the loop read the entries its first pass had recorded,
    # under names that recur, so `d["b"]` was a value never computed: frontend/loops.py)
    d = {"a": x * 1.0, "b": np.sin(x)}
    total = 0.0
    for i in range(2):
        scale_entry(d, "b", 3.0)
        total = total + np.sum(d["b"] * x)
    return total


def test_a_value_written_for_a_later_key_is_read_as_python_reads_it():
    assert transpiler.value_and_grad(later_entry_written)(X)[0] == later_entry_written(X)   # was 3 * sum(x)
    check(later_entry_written)
    check(values_written)
    check(values_written_by_a_helper)         # (was a silent wrong value too)
    check(helper_writing_in_a_loop)


def sgd(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw      # in place on the array the solver's dict holds
    return w, config


def solver(x):
    params = {"W": x * 1.0, "b": 0.5}      # an array and a number
    for t in range(3):
        for p, w in params.items():
            dw = 2.0 * w + np.sum(np.cos(x))
            next_w, _ = sgd(w, dw, {"learning_rate": 0.1})
            params[p] = next_w
    return np.sum(params["W"] ** 2) + params["b"] * np.sum(x)


def test_an_update_rule_writing_in_place_into_the_entry_it_is_given():
    check(solver)
    h = 1e-5
    numeric = np.array([(transpiler.grad(solver)(X + h * e) - transpiler.grad(solver)(X - h * e)) / (2 * h)
                        for e in np.eye(2)])
    np.testing.assert_allclose(transpiler.hessian(solver)(X), numeric, rtol=1e-5, atol=1e-7)
    g32 = transpiler.grad(solver)(X.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(solver)(X), rtol=1e-4)
