"""Forward mode's tangents of solves and determinants written for known shapes, from the primal's
own inverse and determinant where it computed them (opt/tangent_solves.py): the code ``grad``
of a number and ``jvp`` run, each derivative checked against finite differences
(``transpiler.check``), a singular matrix's and a stack's against theirs too."""
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler as tp
from transpiler.check import check_grad

rng = np.random.default_rng(3)
B = rng.standard_normal((3, 3))
C = rng.standard_normal((3, 3)) + 3 * np.eye(3)
OBS = rng.standard_normal((6, 1))


@dataclass
class Filter:
    F: np.ndarray
    H: np.ndarray
    Q: np.ndarray
    R: np.ndarray


KF = Filter(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[1.0, 0.0]]), np.eye(2), np.eye(1))


def kalman(q, kf=KF):
    x = np.zeros(2)
    P = np.eye(2)
    nll = 0.0
    for y in OBS:
        x = kf.F @ x
        P = kf.F @ P @ kf.F.T + q * kf.Q
        S = kf.H @ P @ kf.H.T + kf.R
        K = P @ kf.H.T @ np.linalg.inv(S)
        r = y - kf.H @ x
        x = x + K @ r
        P = (np.eye(2) - K @ kf.H) @ P
        nll += 0.5 * (np.log(np.linalg.det(S)) + r @ np.linalg.solve(S, r))
    return nll


def inverse_then_both(q):
    a = C + q * B
    ai = np.linalg.inv(a)
    return np.sum(ai) + np.log(np.abs(np.linalg.det(a))) + np.sum(np.linalg.solve(a, np.ones(3)))


def matrix_right_hand_side(q):
    a = C + q * B
    ai = np.linalg.inv(a)
    return np.sum(np.linalg.solve(a, B * q) ** 2) + np.sum(ai)


def solve_alone(q):
    a = C + q * B
    return np.sum(np.linalg.solve(a, np.sin(q * np.arange(3.0))))


def determinant_before_inverse(q):
    a = C + q * B
    d = np.linalg.det(a)
    return d + np.sum(np.linalg.inv(a))


def singular_determinant(q):
    a = np.array([[1.0, 2.0], [2.0, 4.0]]) + (q - 0.5) * np.array([[1.0, 0.0], [0.0, 0.0]])
    return np.linalg.det(a)            # at q = 0.5 singular: the cofactors stay


def stacked(q):
    a = np.stack([C, C.T]) + q * np.stack([B, B.T])
    ai = np.linalg.inv(a)
    return np.sum(np.linalg.det(a)) + np.sum(np.linalg.solve(a, np.ones((2, 3, 1)))) + np.sum(ai)


def in_a_branch(q):
    a = C + q * B
    ai = np.linalg.inv(a)
    total = np.sum(ai)
    if q > 0:
        total = total + np.linalg.det(a) + np.sum(np.linalg.solve(a, np.ones(3)))
    return total


def gain_alone(q):
    a = C + q * B
    k = (B * q) @ np.linalg.inv(a)
    return np.sum(k ** 2)


def gain_outside(q):
    """A product with an inverse whose inverse's tangent another product reads too."""
    a = C + q * B
    ai = np.linalg.inv(a)
    k = (B * q) @ ai
    return np.sum(k ** 2) + np.sum(ai @ B)


def carried(q):
    a = C + q * B
    for _ in range(3):
        ai = np.linalg.inv(a)
        total = np.linalg.det(a) + np.sum(np.linalg.solve(a, np.ones(3)))
        a = a @ a * 0.1 + ai
    return total + np.sum(a)


FUNCTIONS = [kalman, inverse_then_both, matrix_right_hand_side, solve_alone, determinant_before_inverse,
             singular_determinant, stacked, in_a_branch, gain_alone, gain_outside, carried]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_derivative_matches_finite_differences(f):
    q = 0.5
    report = check_grad(f, q, rtol=1e-5)
    assert report.ok, report
    h = 1e-6
    expected = (f(q + h) - f(q - h)) / (2 * h)
    value, tangent = tp.jvp(f, (q,), (1.0,))
    assert value == pytest.approx(f(q), rel=1e-12)
    assert tangent == pytest.approx(expected, rel=1e-5, abs=1e-7)


def code_of(f):
    source = tp.grad(f).source(args=(0.5,))
    return source[source.index(f"def {f.__name__}_jvp"):]


def test_the_kalman_filter_s_tangents_read_its_inverse_and_determinant():
    code = code_of(kalman)
    assert "cofactors(" not in code and "solve_like(" not in code and "matvec_like(" not in code
    assert "np.vdot(_t15, " in code and "_t21 * np.vdot(" in code        # d * trace(inv(S) @ t_S)
    assert "t_t23 = _t15 @ (t_r_1 - " in code        # one product with the inverse, not two solves
    assert code.count("np.linalg.solve(") == 1        # the primal's own
    # the gain's tangent from the primal's gain: two products, not t_PHt @ Si - PHt @ (Si @ t_S @ Si)
    assert "t_K_1 = (t_t14 - K_1 @ t_t12) @ _t15" in code


def test_a_product_with_an_inverse_has_a_tangent_of_two_products_where_nothing_else_reads_its_parts():
    assert "t_k = (t_t2 - k @ t_t1) @ _t3" in code_of(gain_alone)
    assert "t_k = t_t2 @ ai + _t2 @ t_ai" in code_of(gain_outside)       # (t_ai read again: the rule's form)


def test_a_solve_without_an_inverse_is_one_numpy_solve_of_the_difference():
    code = code_of(solve_alone)
    assert "solve_like(" not in code
    assert code.count("np.linalg.solve(") == 2 and "np.linalg.solve(a, t_" in code


def test_the_cofactors_stay_where_no_inverse_was_computed_before():
    assert "cofactors(" in code_of(determinant_before_inverse)
    assert "cofactors(" in code_of(singular_determinant)
    assert tp.grad(singular_determinant)(0.5) == pytest.approx(4.0)


def test_a_stack_of_matrices_keeps_the_helpers():
    code = code_of(stacked)
    assert "cofactors(" in code and "solve_like(" in code


def test_a_value_the_loop_carries_is_not_read_from_before_it_is_copied():
    code = code_of(carried)
    body = code[code.index("for "):]
    assert "cofactors(" not in body          # (inv and det of the carried value, each iteration's own)
