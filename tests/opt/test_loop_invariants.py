"""Pure values a loop does not change computed once before it, on the function's SSA before it is
differentiated (opt/loop_invariants.py, the ``loop_invariants`` stage): where the printed code
computes them, that both sweeps and the tangents read them from there, and derivatives in both
modes against finite differences; and the statements that must stay (one that may raise in a
loop that may run no iteration, an array written in place)."""
import numpy as np

from transpiler import check_grad, grad, hvp, jvp
from transpiler.check.finite_differences import numeric_gradient

RNG = np.random.default_rng(7)
W = np.eye(3) + 0.1 * RNG.standard_normal((3, 3))
X = RNG.standard_normal(3)


def _before_first_loop(source: str) -> str:
    return source.split("    for ", 1)[0]


def _function(source: str, name: str) -> str:
    """The generated function of that name (after the helpers the module defines first)."""
    return source[source.index(f"def {name}"):]


def recurrence(W, x):
    h = x
    for i in range(5):
        h = np.tanh(W.T @ h + np.linalg.inv(W) @ x)
    return np.sum(h)


def test_a_transpose_and_an_inverse_in_a_counted_loop_are_computed_once_before_it():
    source = _function(grad(recurrence).source(args=(W, X)), "recurrence_grad")
    head, loops = source.split("    for ", 1)
    assert head.count("np.transpose(W)") == 1 and head.count("np.linalg.inv(W)") == 1
    assert "np.transpose(W)" not in loops and "inv(" not in loops
    assert "_tape.append(_t3)" not in source          # (kept across the sweeps, not taped per iteration)
    check_grad(recurrence, W, X, wrt=(0, 1))


def test_the_tangents_of_a_hoisted_value_are_computed_once_too():
    t_W = RNG.standard_normal((3, 3))
    value, tangent = jvp(recurrence, (W, X), (t_W, np.zeros(3)))
    h = 1e-6
    by_differences = (recurrence(W + h * t_W, X) - recurrence(W - h * t_W, X)) / (2 * h)
    assert np.isclose(value, recurrence(W, X)) and np.isclose(tangent, by_differences, rtol=1e-6)


def kalman_like(q, F, obs):
    x = np.zeros(2)
    P = np.eye(2)
    total = 0.0
    for y in obs:
        x = F @ x
        P = F @ P @ F.T + q * np.eye(2)
        P = (np.eye(2) - 0.1 * P) @ P
        total = total + np.sum(P) + y @ x
    return total


def test_a_kalman_steps_transpose_identity_and_noise_are_made_once_in_forward_mode():
    F = np.array([[1.0, 1.0], [0.0, 1.0]])
    obs = RNG.standard_normal((6, 2))
    source = _function(grad(kalman_like).source(args=(0.3, F, obs)), "kalman_like_jvp")    # (a number: forward mode)
    head, loop = source.split("    for ", 1)
    assert "np.transpose(F)" in head and "np.transpose(F)" not in loop
    # (the loop's two identities are made before it, once: repeated_primal_values shares them)
    assert head.count("np.eye(2)") >= 1 and "np.eye(2)" not in loop
    assert "t_q" in head        # (the noise's tangent, q's times the identity, made once)
    check_grad(kalman_like, 0.3, F, obs)
    check_grad(kalman_like, 0.3, F, obs, wrt=1)


def through_empty_rows(x, A, rows):
    s = np.sum(x)
    for row in rows:
        s = s + row @ np.linalg.inv(A) @ x
    return s


def test_an_inverse_stays_in_a_loop_that_runs_no_iteration():
    """A singular matrix the loop never inverts: moved before the loop, the inverse would raise."""
    singular = np.ones((2, 2))
    x = np.array([0.5, -1.0])
    rows = np.zeros((0, 2))
    source = _function(grad(through_empty_rows).source(args=(x, singular, rows)), "through_empty_rows")
    assert "inv(" not in _before_first_loop(source)
    assert np.allclose(grad(through_empty_rows)(x, singular, rows), [1.0, 1.0])
    check_grad(through_empty_rows, x, W[:2, :2], RNG.standard_normal((3, 2)))


def while_inverting(x, A, n):
    s = np.sum(x)
    k = 0
    while k < n:
        s = s + np.sum(np.linalg.inv(A) @ x) + np.sum(A.T * x)
        k = k + 1
    return s


def test_a_while_loop_keeps_what_may_raise_and_gives_up_a_transpose():
    singular = np.ones((2, 2))
    x = np.array([0.5, -1.0])
    source = _function(grad(while_inverting).source(args=(x, singular, 0)), "while_inverting")
    head = source.split("    while ", 1)[0]
    assert "inv(" not in head and "np.transpose(A)" in head
    assert np.allclose(grad(while_inverting)(x, singular, 0), [1.0, 1.0])
    check_grad(while_inverting, x, W[:2, :2], 3)
    check_grad(while_inverting, x, W[:2, :2], 3, wrt=1)


def written_identity(x):
    s = 0.0
    for i in range(3):
        E = np.eye(3)
        E[i, i] = x[i]
        s = s + np.sum(E @ x)
    return s


def test_an_identity_written_into_in_the_loop_is_made_in_every_iteration():
    x = np.array([0.3, -1.2, 2.0])
    source = _function(grad(written_identity).source(args=(x,)), "written_identity")
    assert "np.eye(3)" not in _before_first_loop(source)
    check_grad(written_identity, x)
    numeric = numeric_gradient(written_identity, (x,), 0)
    assert np.allclose(grad(written_identity)(x), numeric, atol=1e-6)


def test_the_printed_gradient_of_a_small_loop_transposes_once():
    def f(W, x):
        for i in range(4):
            x = np.sin(W.T @ x)
        return np.sum(x)

    source = _function(grad(f).source(args=(W, X)), "f_grad")
    assert source.count("np.transpose(W)") + source.count("W.T") == 1
    assert "np.transpose(W)" in _before_first_loop(source)
    check_grad(f, W, X)


def test_the_stage_prints_the_program_with_its_invariants_before_the_loop():
    listing = grad(recurrence).source(args=(W, X), print_after="loop_invariants")
    head, loop = listing.split("    for ", 1)
    assert "np.linalg.inv(W)" in head and "inv(" not in loop
    assert "np.linalg.inv(W)" in grad(recurrence).source(args=(W, X), print_after="specialize").split("    for ", 1)[1]


def eigh_parts(a):
    r = np.linalg.eigh(a @ a.T)
    total = 0.0
    for k in range(2):
        total = total + np.sum(np.abs(r[k]) ** 2 * W4[k])
    return total


W4 = RNG.standard_normal((4, 4))


def test_a_helper_writing_into_a_fresh_adjoint_in_a_reverse_loop_stays_there_for_a_hessian():
    """The gradient's reverse loop adds into a fresh zero adjoint per iteration
    (``add_into(zeros_like_adjoint(r), k, g)``); differentiated again (``hvp``), that zero adjoint
    made once before the loop would sum every iteration's contributions."""
    x, t = RNG.standard_normal((4, 4)), RNG.standard_normal((4, 4))
    h = 1e-6
    gradient = grad(eigh_parts)
    along = (gradient(x + h * t) - gradient(x - h * t)) / (2 * h)
    np.testing.assert_allclose(hvp(eigh_parts, x, t), along, rtol=1e-5, atol=1e-6)
