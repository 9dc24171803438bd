"""What every call does around the generated code, made cheap (api/fast_path.py) and still
right: defaults filled in without ``inspect.Signature.bind``, free names read straight from
their closure cell or module globals (and the general lookup where that fails), value_and_grad's
lean path keeping its checks for an integer or array value."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler.api.fast_path import call_key, checked_free_reader, free_reader, key_check, trailing_defaults
from transpiler.errors import TranspileError

SCALE = 2.0


def euler(k, c, x0=1.0, v0=0.0, dt=0.01, steps=50):
    x, v = x0, v0
    for _ in range(steps):
        a = -k * x - c * v
        x, v = x + dt * v, v + dt * a
    return (x - 0.5) ** 2


def test_defaults_filled_in_positionally_match_the_keyword_call():
    g = transpiler.grad(euler, (0, 1))
    expected = g(4.0, 0.3, 1.0, 0.0, 0.01, 50)
    assert g(4.0, 0.3) == expected
    assert g(4.0, 0.3, 1.0) == expected
    assert g(4.0, 0.3, dt=0.01) == expected
    assert g(4.0, 0.3, 1.0, 0.0, 0.02) == g(4.0, 0.3, dt=0.02)
    assert transpiler.check_grad(euler, 4.0, 0.3, wrt=(0, 1)).ok
    with pytest.raises(TypeError):
        g(4.0)                                   # a missing argument, as Python says


def test_trailing_defaults_only_for_parameters_that_may_be_passed_by_position():
    assert trailing_defaults(__import__("inspect").signature(euler)) == (2, (1.0, 0.0, 0.01, 50))

    def keyword_only(x, *, y=1.0):
        return x * y
    assert trailing_defaults(__import__("inspect").signature(keyword_only)) == (None, ())


def make_scaled(r):
    def scaled(x):
        return np.sum(r * np.sin(x))
    return scaled


def with_global(x):
    return np.sum(SCALE * np.sin(x))


def test_a_closure_cell_and_a_global_are_read_afresh_on_every_call(monkeypatch):
    x = np.linspace(0.0, 1.0, 5)
    scaled = make_scaled(3.0)
    g = transpiler.grad(scaled)
    np.testing.assert_allclose(g(x), 3.0 * np.cos(x))
    scaled.__closure__[0].cell_contents = 5.0
    np.testing.assert_allclose(g(x), 5.0 * np.cos(x))
    h = transpiler.grad(with_global)
    np.testing.assert_allclose(h(x), 2.0 * np.cos(x))
    monkeypatch.setitem(globals(), "SCALE", 4.0)
    np.testing.assert_allclose(h(x), 4.0 * np.cos(x))
    monkeypatch.setitem(globals(), "SCALE", np.full(5, 0.5))    # another shape: code of its own
    np.testing.assert_allclose(h(x), 0.5 * np.cos(x))


def test_the_free_reader_falls_back_to_the_general_lookup_for_a_deleted_global(monkeypatch):
    x = np.linspace(0.0, 1.0, 5)
    g = transpiler.grad(with_global)
    g(x)
    generated = g.compiled((x,))
    read = free_reader(generated)
    assert read() == generated.free_values()
    monkeypatch.delitem(globals(), "SCALE")
    assert read() == generated.free_values()                # (the general lookup's answer)


def total(x):
    return np.sum(np.sin(x) ** 2)


def count_positive(x):
    return np.sum(x > 0)


def test_value_and_grad_returns_the_value_and_still_refuses_an_integer_value():
    x = np.linspace(-1.0, 1.0, 7)
    value, gradient = transpiler.value_and_grad(total)(x)
    assert value == pytest.approx(total(x)) and type(value) is np.float64
    np.testing.assert_allclose(gradient, 2 * np.sin(x) * np.cos(x))
    value32, gradient32 = transpiler.value_and_grad(total)(x.astype(np.float32))
    assert gradient32.dtype == np.float32
    with pytest.raises(TranspileError):
        transpiler.value_and_grad(count_positive)(x)


def damped(x, y):
    return x * y * y + x ** 3 - 2.0 * x


def damped_in_one_element(x):
    return np.array([x * np.cos(x)])


def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("number", [float, np.float64])
def test_the_forward_mode_number_runner_hands_back_what_the_general_one_does(number):
    # d/dx of a number runs forward-mode code through a lean runner: a float derivative as it
    # comes, the value with it for value_and_grad, and anything else through the general checks
    x, y = number(0.7), number(1.3)
    g = transpiler.grad(damped)
    assert g(x, y) == pytest.approx(central(lambda v: damped(v, y), x), rel=1e-7)
    (runner,) = g._runners.values()
    assert runner.__name__ == "run_tangent"           # (no NaN check: no partial can be infinite)
    value, derivative = transpiler.value_and_grad(damped)(x, y)
    assert value == damped(x, y) and derivative == g(x, y)
    one = transpiler.grad(damped_in_one_element)(x)          # an array value of one element: a number
    assert type(one) is type(x) and one == pytest.approx(central(lambda v: damped_in_one_element(v)[0], x))
    value, derivative = transpiler.value_and_grad(damped_in_one_element)(x)
    np.testing.assert_array_equal(value, damped_in_one_element(x))
    assert derivative == one


WEIGHTS = np.array([1.0, 2.0, 3.0])
OFFSET = 0.5


def weighted(x):
    return np.sum(WEIGHTS * np.sin(x)) + OFFSET * x[0]


def test_the_checked_free_reader_gives_the_values_only_while_they_are_as_compiled_for(monkeypatch):
    x = np.array([0.1, 0.2, 0.3])
    g = transpiler.grad(weighted)
    g(x)
    generated = g.compiled((x,))
    read = checked_free_reader(generated, generated.free_values())
    assert read() == generated.free_values()
    for changed in (np.ones(4), np.ones(3, dtype=np.float32), [1.0, 2.0, 3.0], 2.0):
        monkeypatch.setitem(globals(), "WEIGHTS", changed)       # another shape, dtype, type
        assert read() is None
    monkeypatch.setitem(globals(), "WEIGHTS", np.array([3.0, 2.0, 1.0]))    # other values: read afresh
    assert read()["WEIGHTS"] is WEIGHTS
    monkeypatch.setitem(globals(), "OFFSET", 1)                  # an int where a float was
    assert read() is None
    monkeypatch.delitem(globals(), "OFFSET")
    assert read() is None


def test_a_gradient_reading_globals_follows_their_values_shapes_and_types(monkeypatch):
    x = np.array([0.1, 0.2, 0.3])
    g = transpiler.grad(weighted)

    def expected():
        return np.asarray(WEIGHTS * np.cos(x)) + np.array([OFFSET, 0.0, 0.0])
    np.testing.assert_allclose(g(x), expected())
    for weights, offset in ((np.array([3.0, 2.0, 1.0]), 0.5), (np.array([3.0, 2.0, 1.0]), 2.0),
                            (4.0, 2.0), (np.array([1.0, 1.0, 1.0], dtype=np.float32), -1.0), (2.0, 3)):
        monkeypatch.setitem(globals(), "WEIGHTS", weights)
        monkeypatch.setitem(globals(), "OFFSET", offset)
        np.testing.assert_allclose(g(x), expected(), rtol=1e-6)
        np.testing.assert_allclose(g(x), expected(), rtol=1e-6)     # (the runner made for them)


def test_the_checked_free_reader_leaves_containers_to_the_general_guard(monkeypatch):
    monkeypatch.setitem(globals(), "WEIGHTS", [1.0, 2.0, 3.0])
    x = np.array([0.1, 0.2, 0.3])
    g = transpiler.grad(weighted)
    g(x)
    generated = g.compiled((x,))
    assert checked_free_reader(generated, generated.free_values()) is None



@dataclasses.dataclass
class _Model:
    A: np.ndarray
    s: float


class _Pair(NamedTuple):
    a: np.ndarray
    b: tuple


def test_key_check_answers_as_comparing_call_keys_does():
    model, rows, table = _Model(np.ones((2, 3)), 1.0), [np.ones(2), (np.zeros(3), 2.0)], {"w": np.ones(2), "b": 0.5}
    values = (model, rows, table, _Pair(np.ones(1), (1.0, np.ones(4))))
    compiled_for, check = call_key(values), key_check(values)
    changes = [lambda: setattr(model, "A", np.ones((3, 2))), lambda: setattr(model, "A", np.ones((2, 3), np.float32)),
               lambda: setattr(model, "A", np.ones((2, 3)) * 5), lambda: setattr(model, "s", np.float64(1.0)),
               lambda: setattr(model, "s", 3.0), lambda: rows.append(np.ones(2)),
               lambda: rows.__setitem__(1, (np.zeros(3), np.ones(1))), lambda: rows.__setitem__(1, (np.zeros(2), 1.0)),
               lambda: rows.__setitem__(0, [np.ones(2)]), lambda: table.__setitem__("w", np.ones(3)),
               lambda: table.__setitem__("c", 1.0), lambda: table.__setitem__("b", np.ones(1))]
    for change in changes:
        saved = model.A, model.s, list(rows), dict(table)
        change()
        assert check() == (call_key(values) == compiled_for)
        model.A, model.s, rows[:] = saved[:3]
        table.clear()
        table.update(saved[3])
        assert check()
    table.clear()
    table.update(b=0.5, w=np.ones(2))       # (the keys in another order: another key)
    assert not check() and call_key(values) != compiled_for
