"""``try`` / ``except`` (transpiler/frontend/tries.py): each statement of the ``try`` block asked,
in the forward sweep, whether its call raises; the handler or the rest runs, and the derivative
follows the path taken. Both modes against central differences on both paths; the refusals of
what cannot be proved, located."""
import functools
import re

import numpy as np
import pytest
from scipy.linalg import cholesky

import transpiler
from transpiler import UnsupportedSyntaxError


def check_both(f, x, *rest):
    report = transpiler.check_grad(f, x, *rest)
    assert report.ok, report
    direction = np.random.default_rng(5).normal(size=np.shape(x))
    value, derivative = transpiler.jvp(f, (x, *rest), (direction, *[None] * len(rest)))
    h = 1e-6
    assert value == pytest.approx(f(x, *rest), rel=1e-12)
    numeric = (f(x + h * direction, *rest) - f(x - h * direction, *rest)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def gram(x, shift):
    return np.outer(x, x) + np.diag(x ** 2) - shift * np.eye(len(x))


def log_det_or_floor(x, shift=0.0):
    K = gram(x, shift)
    try:
        L = cholesky(K, lower=True)
    except np.linalg.LinAlgError:
        return -np.inf
    return 2 * np.sum(np.log(np.diag(L)))


X = np.array([1.0, 2.0, 0.5])


def test_the_path_that_does_not_raise_is_differentiated():
    check_both(log_det_or_floor, X)


def test_the_handler_runs_where_the_call_raises():
    assert transpiler.grad(log_det_or_floor)(X, 50.0).tolist() == [0.0, 0.0, 0.0]
    assert transpiler.value_and_grad(log_det_or_floor)(X, 50.0)[0] == -np.inf
    assert transpiler.jvp(log_det_or_floor, (X, 50.0), (np.ones(3), None)) == (-np.inf, 0.0)


def test_a_fallback_value_assigned_in_the_handler_is_differentiated():
    def f(x, shift):
        K = gram(x, shift)
        try:
            L = np.linalg.cholesky(K)
        except np.linalg.LinAlgError:
            L = np.diag(np.abs(x) + 1.0)
        return np.sum(np.sin(L))
    check_both(f, X, 0.0)
    check_both(f, X, 50.0)


def invert_then_factor(x, shift):
    A = np.diag(x) + 0.1
    B = gram(x, shift)
    try:
        inverse = np.linalg.inv(A)
        L = np.linalg.cholesky(B)
    except np.linalg.LinAlgError:
        return np.sum(inverse ** 2)           # the inverse made before the raising call stays bound
    else:
        total = np.sum(inverse) + np.sum(L)
    return total


def test_statements_before_the_one_that_raises_stay_bound_as_in_python():
    check_both(invert_then_factor, X, 0.0)
    check_both(invert_then_factor, X, 50.0)
    assert transpiler.grad(invert_then_factor)(X, 50.0) == pytest.approx(
        transpiler.grad(lambda x: np.sum(np.linalg.inv(np.diag(x) + 0.1) ** 2))(X))


def several_clauses(x, shift):
    K = gram(x, shift)
    try:
        L = np.linalg.cholesky(K)
    except (ValueError, TypeError) as error:
        return 0.0
    except np.linalg.LinAlgError as error:   # noqa: F841 (bound, unused)
        return np.sum(x ** 3)
    return np.sum(L ** 2)


def test_several_except_clauses_and_tuples_of_classes_choose_the_one_that_catches():
    check_both(several_clauses, X, 0.0)
    check_both(several_clauses, X, 50.0)


def helper_with_try(K, x):
    try:
        return np.linalg.solve(K, x)
    except np.linalg.LinAlgError:
        return x * 0.5


def test_in_a_helper_inside_a_loop_and_a_branch():
    def f(x, singular):
        total = 0.0
        for i in range(3):
            K = np.eye(3) * (0.0 if singular and i == 1 else 1.0 + i) + 0.1 * np.outer(x, x) * (not singular)
            if i > 0:
                total = total + np.sum(helper_with_try(K, x * i) ** 2)
        return total
    check_both(f, X, False)
    check_both(f, X, True)


def inverse_or_reciprocal(P, S):
    """filterpy's KalmanFilter.update: `try: ... linalg.inv(S) except: ... 1/S` (a bare except)."""
    try:
        S_inv = np.linalg.inv(S)
    except:  # noqa: E722 (as the author wrote it)
        S_inv = 1 / S
    return P @ S_inv


def test_a_bare_except_catches_what_except_base_exception_catches():
    def gain(x, singular):
        S = np.outer(x, x) * singular + np.diag(x ** 2) * (1 - singular)
        total = 0.0
        for i in range(2):                       # in a loop, through a helper
            total = total + np.sum(inverse_or_reciprocal(np.eye(3) * (i + 1.0), S + i * np.eye(3) * singular))
        return total
    check_both(gain, X, 0.0)      # inv succeeds
    check_both(gain, X, 1.0)      # singular on the first iteration: the handler's 1 / S
    H = transpiler.hessian(gain)(X, 0.0)
    gradient, h = transpiler.grad(gain), 1e-6
    numeric = np.stack([(gradient(X + h * e, 0.0) - gradient(X - h * e, 0.0)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-6)
    assert "raised((BaseException,), np.linalg.inv" in transpiler.grad(gain).source(args=(X, 0.0))


def test_a_call_alone_checks_and_the_else_clause_runs_after_it():
    def is_positive_definite_then(x, shift):
        K = gram(x, shift)
        try:
            np.linalg.cholesky(K)
        except np.linalg.LinAlgError:
            penalty = np.sum(x ** 2)
        else:
            penalty = np.sum(np.log(np.diag(K)))
        return penalty
    check_both(is_positive_definite_then, X, 0.0)
    check_both(is_positive_definite_then, X, 50.0)


def test_second_derivatives_follow_the_path_taken():
    H = transpiler.hessian(log_det_or_floor)(X)
    gradient, h = transpiler.grad(log_det_or_floor), 1e-6
    numeric = np.stack([(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(transpiler.hessian(log_det_or_floor)(X, 50.0), np.zeros((3, 3)))


def test_an_exception_no_clause_catches_propagates():
    def g(x):
        K = np.outer(x, x) - 50.0 * np.eye(3)
        try:
            L = np.linalg.cholesky(K)
        except TypeError:                  # (LinAlgError is a ValueError: `except ValueError` catches it)
            return 0.0
        return np.sum(L)
    with pytest.raises(np.linalg.LinAlgError):
        transpiler.grad(g)(X)
    with pytest.raises(np.linalg.LinAlgError):
        transpiler.jvp(g, (X,), (np.ones(3),))


def test_the_printed_code_asks_the_question_then_branches():
    text = transpiler.grad(log_det_or_floor).source()
    assert re.search(r"caught_\d* = raised\(\(np\.linalg\.LinAlgError,\), cholesky, \w+, lower=True\)", text)
    assert re.search(r"if caught_\d*:", text)


def test_the_call_asked_about_is_printed_again_and_reuses_the_questions_value():
    text = transpiler.grad(log_det_or_floor).source()
    assert re.search(r"= again\(np\.linalg\.cholesky, \w+\)", text)
    assert "np.linalg.cholesky(" not in text.split("def log_det_or_floor")[-1]


def factor_sum(x):
    K = gram(x, 0.0) + np.eye(3)
    try:
        L = np.linalg.cholesky(K)
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(L * L[0, 0])


def count_cholesky_calls(monkeypatch) -> list:
    """np.linalg.cholesky counting its calls from now on (the generated code, compiled before,
    reads it from NumPy at run time)."""
    calls = []
    plain = np.linalg.cholesky

    def cholesky(a, *args, **kwargs):
        calls.append(1)
        return plain(a, *args, **kwargs)
    monkeypatch.setattr(np.linalg, "cholesky", cholesky)
    return calls


TRANSFORMS_ONCE = {
    "grad": lambda f: transpiler.grad(f)(X),
    "value_and_grad": lambda f: transpiler.value_and_grad(f)(X),
    "jvp": lambda f: transpiler.jvp(f, (X,), (np.ones(3),)),
    "vjp's pullback": lambda f: pullback_of(f)(1.0),
}


@functools.lru_cache(maxsize=None)
def pullback_of(f):
    """(vjp itself runs the function in Python, once: the pullback runs the generated code)"""
    return transpiler.vjp(f, X)[1]


@pytest.mark.parametrize("transform", TRANSFORMS_ONCE)
def test_a_call_that_does_not_raise_runs_once_in_either_mode(transform, monkeypatch):
    TRANSFORMS_ONCE[transform](factor_sum)        # (compiled first)
    calls = count_cholesky_calls(monkeypatch)
    TRANSFORMS_ONCE[transform](factor_sum)
    assert len(calls) == 1


def test_the_value_kept_is_differentiated_in_both_modes_and_twice():
    check_both(factor_sum, X)
    h = 1e-5
    gradient = transpiler.grad(factor_sum)
    numeric = np.stack([(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(transpiler.hessian(factor_sum)(X), numeric, rtol=1e-5, atol=1e-7)


def test_a_composition_whose_value_is_not_the_primitives_runs_the_primitive_itself():
    def upper_row(x):
        K = gram(x, 0.0) + np.eye(3)
        try:
            U = cholesky(K)            # scipy's upper factor: NumPy's lower one, transposed
        except np.linalg.LinAlgError:
            return 0.0
        return np.sum(U[0] * np.arange(3.0))
    check_both(upper_row, X)
    assert "again(" not in transpiler.grad(upper_row).source().split("def upper_row")[-1]

# `except ... as e`: the exception caught, re-raised, chained or printed --------------------------
def checked_factor(K):
    """scipy's `_dirichlet_multinomial_check_parameters`: the library's error re-raised with a
    message of the caller's, chained `from e`."""
    try:
        L = np.linalg.cholesky(K)
    except np.linalg.LinAlgError as e:
        raise ValueError(f"`K` must be positive definite ({e})") from e
    return L


def log_det_checked(x, shift=0.0):
    total = 0.0
    for i in range(2):                               # a helper, in a loop, in a branch
        if i == 0 or shift < 100.0:
            total = total + 2 * np.sum(np.log(np.diag(checked_factor(gram(x, shift) + i * np.eye(3)))))
    return total


def test_raise_from_e_chains_the_exception_caught_and_the_path_without_it_is_differentiated():
    check_both(log_det_checked, X)
    H = transpiler.hessian(log_det_checked)(X)
    gradient, h = transpiler.grad(log_det_checked), 1e-6
    numeric = np.stack([(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-6)
    for transform in (transpiler.grad(log_det_checked), lambda x, s: transpiler.jvp(
            log_det_checked, (x, s), (np.ones(3), None)), transpiler.hessian(log_det_checked)):
        with pytest.raises(ValueError, match=r"must be positive definite \(.*not positive definite") as info:
            transform(X, 50.0)
        assert isinstance(info.value.__cause__, np.linalg.LinAlgError)   # as Python chains it
    code = transpiler.grad(log_det_checked).source(args=(X,))
    assert re.search(r"(e_\d+) = caught_error\(\)\s+raise ValueError\(f'`K` must be positive definite "
                     r"\(\{\1\}\)'\s*\) from \1\n", code), code


def reraised(x, shift):
    K = gram(x, shift)
    try:
        L = np.linalg.cholesky(K)
    except np.linalg.LinAlgError:
        print("not positive definite")
        raise
    except ValueError as error:
        raise ValueError("unreachable: a LinAlgError is caught first") from None
    return np.sum(L ** 2)


def test_a_bare_raise_in_a_handler_re_raises_the_same_exception():
    check_both(reraised, X, 0.0)
    for transform in (transpiler.grad(reraised), lambda x, s: transpiler.jvp(reraised, (x, s), (x, None))):
        with pytest.raises(np.linalg.LinAlgError, match="not positive definite") as info:
            transform(X, 50.0)
        assert info.value.__cause__ is None and not isinstance(info.value.__context__, ValueError)


def fallback_with_a_warning(x, shift):
    K = gram(x, shift)
    try:
        L = np.linalg.cholesky(K)
    except np.linalg.LinAlgError as e:
        print(f"falling back: {e}; {str(e).upper()}")     # the exception read, no derivative through it
        return np.sum(x ** 2) * len(str(e)) / len(str(e))
    return np.sum(L)


def test_the_exception_read_in_a_handler_that_returns_is_a_constant(capsys):
    check_both(fallback_with_a_warning, X, 0.0)
    check_both(fallback_with_a_warning, X, 50.0)
    assert "falling back: Matrix is not positive definite" in capsys.readouterr().out
    H = transpiler.hessian(fallback_with_a_warning)(X, 50.0)
    np.testing.assert_allclose(H, 2 * np.eye(3))


def own_factor(K):
    return np.linalg.cholesky(K)


def two_lines(K):
    L = np.linalg.cholesky(K)
    return L


def ratio_or_first(a, b):
    """Python floats: `a / b` raises ZeroDivisionError at b = 0, caught."""
    try:
        r = a / b
    except ZeroDivisionError:
        r = a
    return r * r


def test_an_operation_is_asked_about_where_the_clause_catches_what_arithmetic_raises():
    for b in (0.5, 0.0):
        value, (d_a, d_b) = transpiler.value_and_grad(ratio_or_first, wrt=(0, 1))(3.0, b)
        assert value == ratio_or_first(3.0, b)
        h = 1e-6
        assert d_a == pytest.approx((ratio_or_first(3.0 + h, b) - ratio_or_first(3.0 - h, b)) / (2 * h), rel=1e-6)
        expected_b = -2 * 9.0 / b ** 3 if b else 0.0
        assert d_b == pytest.approx(expected_b, rel=1e-9)
    code = " ".join(transpiler.grad(ratio_or_first).source(args=(3.0, 0.5)).split())
    assert "raised((ZeroDivisionError,), lambda a, b: a / b, a, b)" in code


def dot3(A, B, C):
    return np.dot(A, np.dot(B, C))


def kalman_gain(P, H, S):
    """filterpy's spelling: a bare `except:` around a one-line helper of the same module."""
    try:
        K = dot3(P, H.T, np.linalg.inv(S))
    except:         # noqa: E722 -- the spelling under test
        K = dot3(P, H.T, 1 / S)
    return np.sum(K ** 2)


def test_a_one_line_helper_in_a_try_block_is_inlined_and_its_calls_asked():
    rng = np.random.default_rng(3)
    P, H = rng.normal(size=(3, 3)), rng.normal(size=(2, 3))
    S = rng.normal(size=(2, 2)) + 3 * np.eye(2)
    check_both(lambda p: kalman_gain(p, H, S), P)
    check_both(lambda s: kalman_gain(P, H, s), S)
    singular = np.ones((2, 2))                          # inv raises: the handler's 1 / S
    check_both(lambda p: kalman_gain(p, H, singular), P)
    assert transpiler.value_and_grad(kalman_gain)(P, H, singular)[0] == kalman_gain(P, H, singular)


def jittered_log_det(x, shift=0.0):
    """A Gaussian process's spelling: the jitter added in the call the `try` asks about."""
    try:
        L = np.linalg.cholesky(np.outer(x, x) + np.diag(x ** 2) - shift * np.eye(len(x)))
        half = np.sum(np.log(np.diag(L)))
    except np.linalg.LinAlgError:
        return -np.inf
    return 2 * half


def test_calls_and_arithmetic_in_arguments_are_asked_in_python_order():
    check_both(jittered_log_det, X)
    np.testing.assert_allclose(transpiler.grad(jittered_log_det)(X), transpiler.grad(log_det_or_floor)(X))
    assert transpiler.value_and_grad(jittered_log_det)(X, 50.0)[0] == -np.inf
    assert transpiler.grad(jittered_log_det)(X, 50.0).tolist() == [0.0, 0.0, 0.0]
    H = transpiler.hessian(jittered_log_det)(X)
    np.testing.assert_allclose(H, transpiler.hessian(log_det_or_floor)(X), rtol=1e-10)


def nested_factor(x, shift):
    """The inner call raises (``shift`` large): caught as Python catches it, the outer never runs."""
    K = gram(x, shift)
    try:
        inverse = np.linalg.inv(np.linalg.cholesky(K))
    except np.linalg.LinAlgError:
        inverse = np.diag(x)
    return np.sum(inverse ** 2)


def test_a_call_in_an_argument_that_raises_is_caught():
    check_both(nested_factor, X, 0.0)
    check_both(nested_factor, X, 50.0)
    assert transpiler.value_and_grad(nested_factor)(X, 50.0)[0] == nested_factor(X, 50.0)


def test_a_call_in_an_argument_is_asked_about_in_the_printed_code():
    code = transpiler.grad(jittered_log_det).source(args=(X,))
    assert "raised((np.linalg.LinAlgError,), np.outer, x, x)" in code
    assert "again(np.linalg.cholesky, argument" in code


REFUSED = {
    "finally": ("""
def f(x):
    try:
        L = np.linalg.cholesky(np.outer(x, x))
    finally:
        pass
    return np.sum(L)
""", "a `try` statement with a `finally:` clause"),
    "a loop where arithmetic's errors are caught": ("""
def f(x):
    try:
        for k in range(2):
            x = np.linalg.inv(x)
    except ZeroDivisionError:
        return 0.0
    return np.sum(x)
""", "a `for` loop in a `try` block whose `except` clause catches what arithmetic raises"),
    "a loop over a computed sequence": ("""
def f(x):
    try:
        for v in np.split(x, 3):
            x = np.linalg.inv(np.outer(x, x) + v)
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(x)
""", "the loop over `np.split\\(x, 3\\)` in a `try` block"),
    "a test with a call that a short circuit may skip": ("""
def f(x):
    try:
        if x[0] > 0 and np.linalg.det(np.outer(x, x)) > 0:
            return 1.0
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(x)
""", "the test `x\\[0\\] > 0 and np.linalg.det"),
    "a chained comparison asked about": ("""
def f(x):
    try:
        if 0 < x[0] < 1:
            return 1.0
    except ValueError:
        return 0.0
    return np.sum(x)
""", "the test `0 < x\\[0\\] < 1` of an `if` in a `try` block"),
    "an own function of more than one line": ("""
def f(x):
    K = np.outer(x, x) + np.eye(3)
    try:
        L = two_lines(K)
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(L)
""", "which is not a NumPy or SciPy function with a derivative rule"),
    "a comprehension in an argument": ("""
def f(x):
    try:
        L = np.linalg.cholesky(np.diag([v * v for v in x]))
    except ValueError:
        return 0.0
    return np.sum(L)
""", "the argument `\\[v \\* v for v in x\\]`"),
    "own function": ("""
def f(x):
    K = np.outer(x, x) + np.eye(3)
    try:
        L = own_factor(K)
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(L)
""", "which is not a NumPy or SciPy function with a derivative rule"),
    "overwrite": ("""
def f(x):
    K = np.outer(x, x) + np.eye(3)
    try:
        L = cholesky(K, overwrite_a=True)
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(L)
""", "`overwrite_a=` in a call inside a `try` block"),
    "not an exception": ("""
def f(x):
    K = np.outer(x, x) + np.eye(3)
    try:
        L = np.linalg.cholesky(K)
    except own_factor:
        return 0.0
    return np.sum(L)
""", "which is not an exception class"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_cannot_be_proved_is_refused_at_its_line(case, tmp_path):
    source, message = REFUSED[case]
    path = tmp_path / f"refused_{case.replace(' ', '_')}.py"
    path.write_text("import numpy as np\nfrom scipy.linalg import cholesky\n"
                    "from tests.frontend.test_tries import own_factor, two_lines\n" + source)
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    with pytest.raises(UnsupportedSyntaxError, match=message) as info:
        transpiler.grad(namespace["f"])(X)
    assert str(path) in str(info.value)


square = lambda v: v * v      # noqa: E731 -- a module-level lambda, the spelling under test


def through_a_lambda_and_a_shape(p):
    """A module's lambda called in the `try` (inlined: its one expression) and `K.shape[0]`
    (a subscript runs as arithmetic does where the clause catches LinAlgError only)."""
    K = np.diag(square(p)) + np.outer(p, p)
    try:
        L = np.linalg.cholesky(K + 1e-9 * np.eye(K.shape[0]))
    except np.linalg.LinAlgError:
        return float(np.sum(p))
    return sum(np.log(L[i, i]) for i in range(len(p)))


def test_a_module_lambda_and_a_subscript_in_a_try_block():
    check_both(through_a_lambda_and_a_shape, np.array([0.8, 1.3, 0.5]))


def time_of_periastron(tc, per, ecc, omega):
    """radvel's ``timetrans_to_timeperi``: an ``if`` with a ``return`` in the ``try`` block, whose
    clause catches the ValueError that the truth of an array of eccentricities raises."""
    try:
        if ecc >= 1:
            return tc
    except ValueError:
        pass
    f = np.pi / 2 - omega
    EE = 2 * np.arctan(np.tan(f / 2) * np.sqrt((1 - ecc) / (1 + ecc)))
    return tc - per / (2 * np.pi) * (EE - ecc * np.sin(EE))


def periastron_sum(ecc, tc=2.0, per=3.0, omega=0.4):
    return np.sum(time_of_periastron(tc, per, ecc, omega))


@pytest.mark.parametrize("ecc", [0.3, 1.3, np.array([0.3, 0.6])],
                         ids=["a number", "a number past 1: returned", "an array: caught"])
def test_an_if_with_a_return_in_a_try_block_and_the_truth_of_an_array_caught(ecc):
    assert transpiler.value_and_grad(periastron_sum)(ecc)[0] == periastron_sum(ecc)
    check_both(periastron_sum, ecc)


def test_the_if_test_is_asked_about_with_its_truth_and_differentiated_twice():
    text = transpiler.grad(periastron_sum).source()
    assert re.search(r"caught_\d* = raised\(\(ValueError,\), lambda a, b: not a >= b, ecc, 1\)", text)
    h, gradient = 1e-5, transpiler.grad(periastron_sum)
    second = transpiler.hessian(periastron_sum)(0.3)
    assert second == pytest.approx((gradient(0.3 + h) - gradient(0.3 - h)) / (2 * h), rel=1e-6)


def factor_by_test(x, shift):
    """An ``if`` whose test calls NumPy (hoisted and asked, the comparison run as arithmetic where
    the clause catches only LinAlgError), each branch's call asked in turn."""
    K = gram(x, shift)
    try:
        if np.min(np.diag(K)) > 0.25:
            L = np.linalg.cholesky(K)
        else:
            L = np.linalg.cholesky(K + 2.0 * np.eye(len(x)))
            L = L * 0.5
    except np.linalg.LinAlgError:
        return float(np.sum(x))
    return np.sum(np.log(np.diag(L)))


@pytest.mark.parametrize("shift", [0.0, 1.5, 50.0], ids=["then branch", "else branch", "raises: handler"])
def test_branches_in_a_try_block_ask_their_own_calls(shift):
    assert transpiler.value_and_grad(factor_by_test)(X, shift)[0] == factor_by_test(X, shift)
    check_both(factor_by_test, X, shift)


def solves_in_a_loop(x, shift, steps=3):
    """A loop in a ``try`` block: each solve asked, the loop left where one raised, the statements
    before it bound."""
    K = gram(x, shift)
    v = x
    try:
        for k in range(steps):
            L = np.linalg.cholesky(K - 0.2 * k * np.eye(len(x)))
            v = np.linalg.solve(L, v)
            if k == 1:
                break
        w = np.sum(v * v)
    except np.linalg.LinAlgError:
        return np.sum(v)
    return w


@pytest.mark.parametrize("shift", [0.0, 0.2, 50.0], ids=["no raise", "raises in the second round", "raises first"])
def test_a_loop_in_a_try_block_stops_where_a_call_raises(shift):
    assert transpiler.value_and_grad(solves_in_a_loop)(X, shift)[0] == solves_in_a_loop(X, shift)
    check_both(solves_in_a_loop, X, shift)


def methods_in_a_try(x, shift):
    """Array methods in a ``try`` block, on a parameter, a factor and a call's value (the
    receiver asked first): each asked as the method itself (``lambda a, b: a.dot(b)``)."""
    K = gram(x, shift)
    try:
        L = np.linalg.cholesky(K)
        half = np.log(L.diagonal()).sum()
        v = L.dot(x).reshape(len(x), 1)
        top = v.max(axis=0)
    except np.linalg.LinAlgError:
        return x.sum()
    return half + top[0] + v.sum()


@pytest.mark.parametrize("shift", [0.0, 50.0], ids=["no raise", "raises: handler"])
def test_method_calls_in_a_try_block_are_asked_as_calls(shift):
    assert transpiler.value_and_grad(methods_in_a_try)(X, shift)[0] == pytest.approx(methods_in_a_try(X, shift),
                                                                                     rel=1e-15)
    check_both(methods_in_a_try, X, shift)
    text = transpiler.grad(methods_in_a_try).source()
    assert "lambda a, b: a.dot(b)" in text and "lambda a: a.diagonal()" in text
    H = transpiler.hessian(methods_in_a_try)(X, shift)
    gradient, h = transpiler.grad(methods_in_a_try), 1e-6
    numeric = np.stack([(gradient(X + h * e, shift) - gradient(X - h * e, shift)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-6)


def test_a_method_that_raises_is_caught_and_one_of_a_bad_axis_propagates():
    def summed(x, axis):
        try:
            s = x.sum(axis=axis)
        except np.exceptions.AxisError:
            return 0.0
        return np.sum(s * s)
    M = np.arange(6.0).reshape(2, 3)
    assert transpiler.value_and_grad(summed)(M, 2) == (0.0, pytest.approx(np.zeros((2, 3))))
    check_both(summed, M, 1)


class Scorer:
    def sum(self):
        return 1.0


def test_a_method_of_an_object_of_the_users_in_a_try_block_is_refused():
    scorer = Scorer()

    def f(x):
        try:
            s = scorer.sum()
        except ValueError:
            return 0.0
        return s * np.sum(x)
    with pytest.raises(UnsupportedSyntaxError, match="a `try` around `scorer.sum`"):
        transpiler.grad(f)(X)


def test_a_chained_comparison_whose_later_operand_calls_is_refused_in_a_try_test():
    def f(x):
        K = np.outer(x, x) + np.eye(3)
        try:
            if 0.0 < x[0] < np.linalg.det(K):     # (det runs only where 0 < x[0]: a short circuit)
                return np.sum(np.linalg.cholesky(K))
        except np.linalg.LinAlgError:
            return 0.0
        return np.sum(x)
    with pytest.raises(UnsupportedSyntaxError, match="the test `0.0 < x\\[0\\] < np.linalg.det\\(K\\)`"):
        transpiler.grad(f)(X)

    def g(x):
        K = np.outer(x, x) + np.eye(3)
        try:
            if 0.0 < x[0] < 2.0:
                return np.sum(np.linalg.cholesky(K))
        except np.linalg.LinAlgError:
            return 0.0
        return np.sum(x)
    check_both(g, X)
    check_both(g, -X)


def factors_while(x, shift):
    """A ``while`` loop in a ``try`` block: its test runs each time round as arithmetic does."""
    K = gram(x, shift)
    k, total = 0, 0.0
    try:
        while k < 3:
            L = np.linalg.cholesky(K - 0.2 * k * np.eye(len(x)))
            total = total + np.sum(np.log(np.diag(L)))
            k = k + 1
    except np.linalg.LinAlgError:
        return total * 2.0
    return total


@pytest.mark.parametrize("shift", [0.0, 0.2, 50.0], ids=["no raise", "raises in the second round", "raises first"])
def test_a_while_loop_in_a_try_block(shift):
    assert transpiler.value_and_grad(factors_while)(X, shift)[0] == factors_while(X, shift)
    check_both(factors_while, X, shift)


def rebound_in_the_try(x):
    K = np.outer(x, x) + np.eye(3)
    try:
        L = np.linalg.cholesky(K)
        L = L * 0.5                      # (a name bound twice: unbound on the path that raised first)
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(np.log(np.diag(L)) * x)


@pytest.mark.parametrize("f, args", [(rebound_in_the_try, ()), (factor_by_test, (0.0,)), (factor_by_test, (1.5,)),
                                     (factor_by_test, (50.0,))], ids=["rebound", "then", "else", "handler"])
def test_the_hessian_where_a_name_is_bound_on_one_path_of_a_try_block(f, args):
    # (the gradient's code copies the marker of a name unbound on a path, as Python leaves it:
    # lowered again for the Hessian, the copy is no read; `bound(L)` checks each real read)
    gradient, h = transpiler.grad(f), 1e-6
    numeric = np.stack([(gradient(X + h * e, *args) - gradient(X - h * e, *args)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(f)(X, *args), numeric, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(transpiler.hessian(f, mode="forward")(X, *args), numeric, rtol=1e-5, atol=1e-6)
