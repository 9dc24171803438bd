"""Reverse mode under a memory budget (transpiler/ad/checkpoints.py): ``grad(f, memory=BYTES)``
checkpoints the forward sweep's loops and recomputes each segment's tape in the reverse sweep.
Every gradient is the one without a budget (the same operations on the same values) and matches
central finite differences; loops with branches, nested loops, while loops left by break,
float32, and value_and_grad / vjp."""
import numpy as np
import pytest

import transpiler
from transpiler import NonDifferentiableError
from transpiler.primitives.checkpointing import checkpoint_every

BUDGETS = (1, 700, 3000, 10 ** 9)     # one iteration a segment ... the whole loop in one


def _same_gradients(f, args, wrt, budgets=BUDGETS):
    """The gradient under each budget equals the unlimited one, which matches finite differences."""
    unlimited = transpiler.grad(f, wrt=wrt)(*args)
    assert transpiler.check_grad(f, *args, wrt=wrt).ok
    for memory in budgets:
        limited = transpiler.grad(f, wrt=wrt, memory=memory)(*args)
        for a, b in zip(unlimited if isinstance(wrt, tuple) else (unlimited,),
                        limited if isinstance(wrt, tuple) else (limited,)):
            np.testing.assert_allclose(b, a, rtol=1e-13, atol=1e-15)


# --------------------------------------------------------------------------- workloads
def rnn(Wx, Wh, b, xs):
    h = np.zeros((xs.shape[1], Wh.shape[0]))
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
    return np.sum(h ** 2)


def _rnn_args(T=11, B=3, D=2, H=4, dtype=np.float64):
    rng = np.random.default_rng(1)
    return tuple(a.astype(dtype) for a in (0.5 * rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)),
                                           0.1 * rng.standard_normal(H), rng.standard_normal((T, B, D))))


def branching(w, x):
    for i in range(2, 13, 3):           # a start and a step: the segments are slices of the range
        if np.sum(x) > 0:
            x = np.sin(x * w) + 0.1 * i
        else:
            x = x * w - 0.2
    return np.sum(x ** 2)


def nested(w, x):
    for i in range(4):
        for j in range(3):
            x = np.tanh(x * w + 0.1 * j)
        x = x + np.exp(-x * x) * i
    return np.sum(x)


def until_small(w, x):
    n = 0
    while True:
        x = np.cos(x) * w
        n = n + 1
        if n >= 9:
            break
    return np.sum(x ** 2)


def while_test(w, x):
    t = 0.0
    while t < 1.0:
        x = x + 0.25 * np.sin(x * w)
        t = t + 0.125
    return np.sum(x)


def with_helper_and_closure(w, x):
    scale = 0.9

    def step(v):
        return np.tanh(v @ w) * scale

    for _ in range(6):
        x = step(x)
    return np.sum(x)


# --------------------------------------------------------------------------- gradients
def test_rnn_gradient_is_the_unlimited_one_under_every_budget():
    _same_gradients(rnn, _rnn_args(), (0, 1, 2))


def test_loop_with_branch_start_and_step():
    _same_gradients(branching, (0.7, np.array([0.3, -0.2, 0.5])), (0, 1))


def test_nested_loops_are_replayed_with_their_segment():
    _same_gradients(nested, (0.8, np.array([0.3, -0.2, 0.5])), (0, 1))


def test_while_loop_left_by_break():
    _same_gradients(until_small, (0.9, np.array([0.3, -0.2, 0.5])), (0, 1))


def test_while_loop_with_a_test():
    _same_gradients(while_test, (0.9, np.array([0.3, -0.2, 0.5])), (0, 1))


def test_helper_and_closure_inside_the_loop():
    rng = np.random.default_rng(2)
    _same_gradients(with_helper_and_closure, (0.5 * rng.standard_normal((3, 3)), rng.standard_normal((2, 3))), (0, 1))


def test_float32_gradients_stay_float32_and_match():
    args = _rnn_args(dtype=np.float32)
    unlimited = transpiler.grad(rnn, wrt=(0, 1, 2))(*args)
    limited = transpiler.grad(rnn, wrt=(0, 1, 2), memory=500)(*args)
    for a, b in zip(unlimited, limited):
        assert b.dtype == np.float32
        np.testing.assert_allclose(b, a, rtol=1e-6)


def test_value_and_grad_and_vjp_take_a_budget():
    args = _rnn_args()
    value, gradient = transpiler.value_and_grad(rnn, wrt=(0, 1), memory=600)(*args)
    assert value == pytest.approx(rnn(*args))
    expected = transpiler.grad(rnn, wrt=(0, 1))(*args)
    np.testing.assert_allclose(gradient[0], expected[0], rtol=1e-13)
    out, pullback = transpiler.vjp(rnn, *args, memory=600)
    adjoints = pullback(2.0)
    np.testing.assert_allclose(adjoints[1], 2 * expected[1], rtol=1e-13)


def test_print_in_a_checkpointed_loop_prints_once_per_iteration(capsys):
    def noisy(w, x):
        for i in range(3):
            print("step", i)
            x = np.sin(x * w)
        return np.sum(x)

    transpiler.grad(noisy, wrt=(0, 1), memory=1)(0.5, np.array([0.1, 0.2]))
    assert capsys.readouterr().out == "step 0\nstep 1\nstep 2\n"


def test_random_draws_in_a_checkpointed_loop_are_refused():
    def noisy(w, x, rs):
        for _ in range(3):
            x = np.sin(x * w) + rs.standard_normal(2)
        return np.sum(x)

    with pytest.raises(NonDifferentiableError, match="memory budget"):
        transpiler.grad(noisy, wrt=(0, 1), memory=100)(0.5, np.array([0.1, 0.2]), np.random.default_rng(0))


@pytest.mark.parametrize("memory", [0, -5, 1.5, True, "1MB"])
def test_memory_must_be_a_positive_number_of_bytes(memory):
    with pytest.raises(ValueError, match="memory"):
        transpiler.grad(rnn, memory=memory)


def test_memory_is_refused_where_it_would_be_ignored():
    with pytest.raises(ValueError, match="numpy backend"):
        transpiler.grad(rnn, backend="numba", memory=1000)
    with pytest.raises(ValueError, match="inner grad"):
        transpiler.grad(transpiler.grad(rnn), memory=1000)


# --------------------------------------------------------------------------- the code and the plan
def test_checkpointed_loop_reads_plainly():
    args = _rnn_args()
    source = transpiler.grad(rnn, wrt=(0, 1, 2), memory=700).source(args=args)
    assert "_every = checkpoint_every(700, len(range(11)), 96, 96)" in source
    assert "if _n % _every == 0:\n            _checkpoints.append(h_1)" in source
    assert "for _first in reversed(range(0, _n, _every)):" in source
    assert "for t in reversed(range(11)[_first:_first + _steps]):" in source
    assert transpiler.grad(rnn, wrt=(0, 1, 2)).source(args=args).count("_checkpoints") == 0


def test_segments_fit_the_budget():
    n, per_iteration, per_checkpoint = 1000, 1024, 512
    for memory in (2 ** 17, 2 ** 19, 10 ** 6):
        k = checkpoint_every(memory, n, per_iteration, per_checkpoint)
        assert k * per_iteration + -(-n // k) * per_checkpoint <= memory
        assert 2 * (k + 1) * per_iteration > memory       # (not much shorter than the budget allows)
    assert checkpoint_every(10 ** 9, n, per_iteration, per_checkpoint) == n        # it all fits: one segment
    assert checkpoint_every(1, n, per_iteration, per_checkpoint) == round((n * 0.5) ** 0.5)   # least memory
    assert checkpoint_every(10_000, None, 1000, 100) == 5         # trip count unknown: half for the tape


def test_compiled_reports_each_loops_tape():
    args = _rnn_args()
    (unlimited,) = transpiler.grad(rnn, wrt=(0, 1, 2)).compiled(args).tapes
    # h and tanh(...) kept: one array (3, 4) an iteration, the kept tanh being the next h
    assert (unlimited.bytes_per_iteration, unlimited.iterations, unlimited.bytes) == (96, 11, 96 * 11)
    assert not unlimited.checkpointed
    (limited,) = transpiler.grad(rnn, wrt=(0, 1, 2), memory=700).compiled(args).tapes
    assert limited.checkpointed and limited.bytes_per_iteration == 96


def in_place_candidates(w, x):
    for _ in range(7):
        y = np.sin(x) * w
        x = y + x * 0.5           # large temporaries the passes may reuse in place
    return np.sum(x * x)


def two_loops_in_a_branch(w, x):
    if np.sum(x) > -100.0:
        for _ in range(5):
            x = np.tanh(x * w)
    for i in range(4):
        x = x * w + np.exp(-x) * 0.1
    return np.sum(x)


def collects_a_list(w, x):
    values = []
    for i in range(5):
        x = np.sin(x * w)
        values.append(np.sum(x) * i)
    return sum(values) + np.sum(x)


def test_arrays_the_passes_update_in_place_are_checkpointed_intact():
    rng = np.random.default_rng(3)
    _same_gradients(in_place_candidates, (0.3 * rng.standard_normal(300), rng.standard_normal(300)), (0, 1),
                    budgets=(1, 10_000, 30_000))


def test_two_loops_one_in_a_branch():
    _same_gradients(two_loops_in_a_branch, (0.8, np.array([0.3, -0.2, 0.5])), (0, 1))


def test_a_list_built_in_the_loop():
    _same_gradients(collects_a_list, (0.8, np.array([0.3, -0.2, 0.5])), (0, 1))


def shifted_then_scaled(w, x):
    for _ in range(3):
        x = x + 2.0              # its reverse does nothing: the adjoint passes through unchanged
        if np.sum(x) > 100.0:
            break
    return np.sum(x * w)


def test_a_loop_whose_reverse_needs_nothing_is_left_as_it_was():
    args = (np.array([0.5, 1.5]), np.array([0.3, -0.2]))
    _same_gradients(shifted_then_scaled, args, (0, 1))
    (tape,) = transpiler.grad(shifted_then_scaled, wrt=(0, 1), memory=1).compiled(args).tapes
    assert not tape.checkpointed
