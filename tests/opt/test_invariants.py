"""Number arithmetic a loop's iterations do not change computed once before the loop, in both
sweeps (opt/invariants.py): the generated code's shape, and derivatives in both modes and of
second order against finite differences, for the spellings people write the loops in."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
from hand_built import Const, Copy, Loop, add, function, i, mul, s, x, y, z  # noqa: E402

import transpiler  # noqa: E402
from transpiler import check_grad, grad, hessian, jvp, value_and_grad  # noqa: E402
from transpiler.opt.invariants import hoist_invariants  # noqa: E402

NUMBERS = {"x": (), "y": (), "z": (), "s": ()}


def _lines(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines()]


def _before_loops(source: str, statement: str) -> int:
    """How many times ``statement`` stands right before a ``for`` (after the loop's own setup)."""
    lines = source.splitlines()
    found = 0
    for i, line in enumerate(lines):
        if line.strip() == statement:
            following = next(rest for rest in lines[i + 1:] if rest.strip())
            found += following.lstrip().startswith("for ")
    return found


def _hessian_by_differences(f, args, h=1e-5):
    g = grad(f)
    x = np.asarray(args[0], dtype=float)
    rows = []
    for e in np.eye(x.size):
        step = e.reshape(x.shape) * h
        rows.append((np.asarray(g(x + step, *args[1:])) - np.asarray(g(x - step, *args[1:]))) / (2 * h))
    return np.array(rows)


# --------------------------------------------------------------------------- the rules, on IR built by hand
def _loop(body, target=i):
    return Loop("for", target, (Const(3),), [], None, [s], body)


def _hoisted(body, result, shapes=NUMBERS) -> str:
    fn = function(body, result)
    return hoist_invariants(fn, shapes).listing()


def test_an_invariant_product_moves_before_its_loop():
    listing = _hoisted([Copy(s, Const(0.0)), _loop([mul(y, x, x), add(s, s, y)])], s)
    assert "    y = x * x\n    for i in range(3):\n        s = s + y\n" in listing


def test_what_the_loop_binds_is_no_invariant_operand():
    listing = _hoisted([Copy(s, Const(0.0)), _loop([mul(y, s, x), add(s, s, y)])], s)
    assert "        y = s * x\n" in listing
    counted = _hoisted([Copy(s, Const(0.0)), _loop([mul(y, i, x), add(s, s, y)])], s)
    assert "        y = i * x\n" in counted


def test_a_value_read_in_the_loop_before_it_is_bound_stays():
    """(The first iteration reads the value from before the loop, the others the last one's.)"""
    listing = _hoisted([Copy(y, Const(1.0)), Copy(s, Const(0.0)), _loop([add(s, s, y), mul(y, x, x)])], s)
    assert "        y = x * x\n" in listing


def test_a_value_read_after_the_loop_stays_unless_bound_again_before():
    """Run no iteration, the loop leaves the value from before it: moved, it would be the moved one."""
    after = [Copy(y, Const(1.0)), Copy(s, Const(0.0)), _loop([mul(y, x, x), add(s, s, y)]), add(z, s, y)]
    assert "        y = x * x\n" in _hoisted(after, z)
    again = mul(y, x, x)
    again.rebinds = True
    covered = [Copy(s, Const(0.0)), _loop([mul(y, x, x), add(s, s, y)]), again, add(z, s, y)]
    assert "    y = x * x\n    for i in range(3):" in _hoisted(covered, z)


def test_only_numbers_move():
    """(An array's arithmetic may raise, broadcasting, where the loop would have run no iteration.)"""
    listing = _hoisted([Copy(s, Const(0.0)), _loop([mul(y, x, x), add(s, s, y)])], s, shapes={"s": ()})
    assert "        y = x * x\n" in listing


# --------------------------------------------------------------------------- the spellings
def euler(k, c, x0=1.0, v0=0.0, dt=0.01, steps=50):
    """Keyword defaults (the natural suite's N4): ``-k`` in both sweeps' loops."""
    x, v = x0, v0
    for _ in range(steps):
        a = -k * x - c * v
        x, v = x + dt * v, v + dt * a
    return (x - 0.5) ** 2


STIFFNESS = 4.0


def euler_global(c, x0=1.0):
    """A global constant: ``-STIFFNESS`` and ``c * 0.5`` read from outside."""
    x, v = x0, 0.0
    for _ in range(40):
        a = -STIFFNESS * x - c * 0.5 * v
        x, v = x + 0.01 * v, v + 0.01 * a
    return x * x + v


def make_euler(k, dt):
    def euler_closure(c):
        x, v = 1.0, 0.0
        for _ in range(40):
            a = -k * x - (c + dt) * v
            x, v = x + dt * v, v + dt * a
        return x
    return euler_closure


def acceleration(x, v, k, c):
    return -k * x - c * v


def euler_helper(k, c):
    x, v = 1.0, 0.0
    for _ in range(40):
        a = acceleration(x, v, k, c)
        x, v = x + 0.02 * v, v + 0.02 * a
    return x


def nest(x):
    """``i0 + i1`` moves out of the innermost loop to the middle one, in both sweeps."""
    s = 0.0
    for i0 in range(3):
        for i1 in range(4):
            for i2 in range(5):
                k = (i0 + i1 + i2) % 3
                s = 0.9 * s + x[k] * x[(k + 1) % 3] - 0.1 * s * x[k]
    return s


# --------------------------------------------------------------------------- the code
def test_a_negated_parameter_is_computed_once_before_each_sweeps_loop():
    source = grad(euler, wrt=(0, 1)).compiled((4.0, 0.3, 1.0, 0.0, 0.01, 50)).source
    assert _before_loops(source, "_t1 = -k") == 2
    assert source.count("_t1 = -k") == 2                 # (not again in the loops)


def test_the_partial_sum_of_outer_counters_moves_to_the_middle_loop():
    x = np.array([0.3, -0.5, 0.7])
    source = grad(nest).compiled((x,)).source
    on_floats = source.split("def nest_grad(")[0]        # (the Python floats' companion)
    assert _before_loops(on_floats, "_t1 = i0 + i1") == 2
    assert "_t2 = _t1 + i2" in on_floats


def test_what_a_loop_binds_stays_in_it():
    """``-x`` of a loop-carried ``x`` changes every iteration; so does ``dt * v``."""
    source = grad(euler, wrt=(0, 1)).compiled((4.0, 0.3, 1.0, 0.0, 0.01, 50)).source
    forward = source.split("# reverse sweep")[0]
    assert "for _ in range(50):" in forward      # (`steps=50`, a default: compiled for its value)
    loop = forward.split("for _ in range(50):")[1]
    assert "x = x + dt * v" in loop and "_t1 * x - c * v" in loop


def test_a_division_is_not_moved():
    """``1.0 / k`` raises for ``k = 0`` on Python floats: where the loop runs no iteration, the
    code must not raise what the user's did not."""
    def scaled(x, k, n):
        for _ in range(n):
            x = x * (1.0 / k) + 0.1
        return x

    source = grad(scaled).compiled((0.5, 2.0, 3)).source
    loop = source.split("for ")[1]
    assert "/ k" in loop
    assert grad(scaled)(0.5, 0.0, 0) == 1.0
    assert check_grad(scaled, 0.5, 2.0, 3).ok


def test_a_value_read_after_a_loop_that_may_run_no_iteration_stays_in_it():
    def last_rate(x, k, n):
        t = 0.5
        for _ in range(n):
            t = -k
            x = x * t + 1.0
        return x + t

    for n in (0, 1, 3):
        assert check_grad(last_rate, 0.7, 2.0, n, wrt=(0, 1)).ok
        value, _ = value_and_grad(last_rate, wrt=(0, 1))(0.7, 2.0, n)
        assert value == last_rate(0.7, 2.0, n)
    assert tuple(grad(last_rate, wrt=(0, 1))(0.7, 2.0, 0)) == (1.0, 0.0)


# --------------------------------------------------------------------------- the derivatives
CASES = [
    (euler, (4.0, 0.3), (0, 1)),
    (euler_global, (0.3,), 0),
    (make_euler(4.0, 0.02), (0.3,), 0),
    (euler_helper, (4.0, 0.3), (0, 1)),
    (nest, (np.array([0.3, -0.5, 0.7]),), 0),
]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_gradients_match_finite_differences_in_both_modes(f, args, wrt):
    assert check_grad(f, *args, wrt=wrt).ok
    gradient = grad(f, wrt=wrt)(*args)
    wrts = wrt if isinstance(wrt, tuple) else (wrt,)
    parts = gradient if isinstance(wrt, tuple) else (gradient,)
    for i, part in zip(wrts, parts):
        tangents = tuple(np.ones_like(np.asarray(a, dtype=float)) if j == i else 0.0 * np.asarray(a, dtype=float)
                         for j, a in enumerate(args))
        _, directional = jvp(f, args, tangents)
        assert directional == pytest.approx(float(np.sum(part)), rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("f, args", [(euler_global, (0.3,)), (make_euler(4.0, 0.02), (0.3,)),
                                     (nest, (np.array([0.3, -0.5, 0.7]),))],
                         ids=lambda c: getattr(c, "__name__", ""))
def test_second_order_matches_differences_of_the_gradient(f, args):
    np.testing.assert_allclose(np.atleast_2d(hessian(f)(*args)), np.atleast_2d(_hessian_by_differences(f, args)),
                               rtol=1e-5, atol=1e-7)


def test_float32_keeps_its_dtype():
    x = np.array([0.3, -0.5, 0.7], dtype=np.float32)
    g = grad(nest)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, grad(nest)(x.astype(np.float64)), rtol=1e-4)


@pytest.mark.parametrize("memory", [1, 200, 10 ** 9])
def test_under_a_memory_budget_the_gradient_is_the_unlimited_one(memory):
    args = (4.0, 0.3, 1.0, 0.0, 0.01, 50)
    limited = transpiler.grad(euler, wrt=(0, 1), memory=memory)
    source = limited.compiled(args).source
    assert "checkpoint_every" in source
    np.testing.assert_allclose(limited(*args), grad(euler, wrt=(0, 1))(*args), rtol=1e-13)
    x = np.array([0.3, -0.5, 0.7])
    np.testing.assert_allclose(transpiler.grad(nest, memory=memory)(x), grad(nest)(x), rtol=1e-13)
