"""Statements run for their effect (frontend/statements.py): expression statements such as
``print(x)`` and ``logging.info(...)`` run once in the forward sweep, in order, with the primal's
values; ``assert`` checks as in Python and ``raise`` raises as in Python; ``with np.errstate(...)`` surrounds the block's forward
and reverse work; chained assignment; ``Ellipsis`` in indexing. Both modes, inside loops and
branches, against finite differences."""
import contextlib
import logging
import threading
import warnings

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError, check_grad, grad, hessian, jvp, value_and_grad

LOG = []
logger = logging.getLogger("transpiler.tests.statements")


def report(*values):
    LOG.append(values)


def prints_in_a_loop_and_a_branch(x):
    print("start", x[0])
    s = 0.0
    for i in range(3):
        s = s + np.sin(x[i] * s + x[i])
        print("step", i, s)
        if s > 0.5:
            LOG.append(("big", i))
    LOG.append(s)
    return s * x[0]


@pytest.fixture(autouse=True)
def fresh_log():
    LOG.clear()
    yield
    LOG.clear()


X = np.array([0.3, 0.7, 0.2])


def primal_output(f, capsys, *args):
    f(*args)
    out, log = capsys.readouterr().out, list(LOG)
    LOG.clear()
    return out, log


def test_prints_run_once_in_order_in_reverse_mode_with_the_primal_values(capsys):
    expected, expected_log = primal_output(prints_in_a_loop_and_a_branch, capsys, X)
    value, _ = value_and_grad(prints_in_a_loop_and_a_branch)(X)
    assert capsys.readouterr().out == expected
    numbers = [v for v in LOG if not isinstance(v, tuple)]
    assert np.allclose(numbers, [v for v in expected_log if not isinstance(v, tuple)])
    assert [v for v in LOG if isinstance(v, tuple)] == [v for v in expected_log if isinstance(v, tuple)]
    assert value == prints_in_a_loop_and_a_branch(X)
    assert check_grad(prints_in_a_loop_and_a_branch, X).ok


def test_prints_run_once_in_forward_mode(capsys):
    expected, _ = primal_output(prints_in_a_loop_and_a_branch, capsys, X)
    value, tangent = jvp(prints_in_a_loop_and_a_branch, (X,), (np.ones(3),))
    assert capsys.readouterr().out == expected
    h = 1e-6
    numeric = (prints_in_a_loop_and_a_branch(X + h) - prints_in_a_loop_and_a_branch(X - h)) / (2 * h)
    assert np.isclose(tangent, numeric, rtol=1e-6)


def test_a_reverse_loop_recomputing_an_iteration_does_not_print_again():
    source = grad(prints_in_a_loop_and_a_branch).source(args=(X,))
    assert source.count("print(") == 2
    reverse = source[source.index("# reverse sweep"):]
    assert "print" not in reverse and "LOG" not in reverse


def test_second_derivatives_run_the_effects_of_the_gradient_they_differentiate(capsys):
    H = hessian(prints_in_a_loop_and_a_branch)(X)
    assert "start" in capsys.readouterr().out
    assert H.shape == (3, 3) and np.allclose(H, H.T)


def logs_and_warns(x, scale):
    logging.info("x=%s", x)
    logger.debug("scale %s", scale)
    warnings.warn("careful")
    y = np.log(x) * scale
    report("y", y[0])
    return np.sum(y ** 2)


def test_logging_warnings_and_helpers_called_for_their_effect(caplog):
    caplog.set_level(logging.DEBUG, logger="transpiler.tests.statements")
    with pytest.warns(UserWarning, match="careful"):
        g = grad(logs_and_warns)(X, 2.0)
    assert [r.getMessage() for r in caplog.records if r.name == logger.name] == ["scale 2.0"]
    assert LOG == [("y", np.log(0.3) * 2.0)]
    np.testing.assert_allclose(g, 2 * (np.log(X) * 2.0) * 2.0 / X)
    with pytest.warns(UserWarning):
        assert check_grad(logs_and_warns, X, 2.0).ok


def warns_with_a_value(x):
    # warnings.warn is C code (its __module__ is `_warnings`): given a value of the function (an
    # f-string of it) it was refused as a call that might change that value
    y = np.log(x)
    if y[0] < 0.0:
        warnings.warn(f"log(x[0]) = {y[0]:.3f} is negative", RuntimeWarning)
    warnings.warn(UserWarning(f"sum {np.sum(y):.2f}"))
    return np.sum(y ** 2)


def test_a_warning_given_values_of_the_function_runs_as_it_is():
    with pytest.warns(RuntimeWarning, match=r"log\(x\[0\]\) = -1\.204 is negative"), \
            pytest.warns(UserWarning, match=r"sum -3\.17"):
        g = grad(warns_with_a_value)(X)
    np.testing.assert_allclose(g, 2 * np.log(X) / X)
    with pytest.warns(RuntimeWarning), pytest.warns(UserWarning):
        assert check_grad(warns_with_a_value, X).ok
        _, tangent = jvp(warns_with_a_value, (X,), (np.ones(3),))
    np.testing.assert_allclose(tangent, np.sum(2 * np.log(X) / X))


def formats(x):
    y = x * 2.0
    print(f"y = {y[0]:.3f}, n = {len(x)}", end="!\n", flush=True)
    print(*[y[1], x[2]], sep=",")
    return np.sum(y)


def test_f_strings_keywords_and_starred_arguments_of_a_print(capsys):
    grad(formats)(X)
    assert capsys.readouterr().out == "y = 0.600, n = 3!\n1.4,0.2\n"
    jvp(formats, (X,), (X,))
    assert capsys.readouterr().out == "y = 0.600, n = 3!\n1.4,0.2\n"


def appends_to_a_global_history(x):
    loss = np.sum(x ** 2)
    LOG.append(loss)
    return loss


def test_a_global_list_grows_once_per_call_and_keeps_its_arrays():
    for f in (grad, lambda f: (lambda x: jvp(f, (x,), (x,)))):
        LOG.clear()
        f(appends_to_a_global_history)(X)
        assert LOG == [np.sum(X ** 2)]


def keeps_an_array(x):
    y = x * 3.0
    LOG.append(y)
    return np.sum(y * y)


def test_an_array_handed_to_a_call_is_never_reused_as_a_buffer():
    g = grad(keeps_an_array)(X)
    np.testing.assert_allclose(LOG[0], 3.0 * X)
    np.testing.assert_allclose(g, 18.0 * X)


def discards_pure_values(x):
    np.sin(x)
    x.sum()
    x
    return np.sum(x * 2.0)


def test_a_discarded_value_with_a_derivative_rule_is_dropped():
    source = grad(discards_pure_values).source(args=(X,))
    assert "sin" not in source and ".sum" not in source
    assert np.allclose(grad(discards_pure_values)(X), 2.0)


def changes_an_array_in_place(x):
    y = np.ones(3)
    np.multiply.at(y, [0, 1], x[:2])       # (np.subtract.at is followed: test_ufunc_at_targets.py)
    return np.sum(y)


def test_a_call_that_may_change_a_local_value_is_refused_with_its_location():
    with pytest.raises(UnsupportedSyntaxError, match="for its effect") as info:
        grad(changes_an_array_in_place)(X)
    assert "np.multiply.at(y, [0, 1], x[:2])" in str(info.value)


def copies_into_a_local(x):
    y = np.zeros(3)
    np.copyto(y, x * x)              # (was the example above: now the write `y[...] = x * x`)
    return np.sum(y)


def test_copyto_is_the_write_it_makes():
    assert np.allclose(grad(copies_into_a_local)(X), 2.0 * X)


# assert --------------------------------------------------------------------------------------
def checks_its_input(x):
    assert x.shape == (3,), f"x must have three elements, not {x.shape[0]}"
    s = 0.0
    for i in range(3):
        assert x[i] > 0.0
        s = s + x[i] ** 3
    return s


def test_an_assert_runs_in_the_forward_sweep_and_fails_as_in_python():
    assert check_grad(checks_its_input, X).ok
    assert np.allclose(jvp(checks_its_input, (X,), (np.ones(3),))[1], np.sum(3 * X ** 2))
    with pytest.raises(AssertionError, match="three elements, not 4"):
        grad(checks_its_input)(np.ones(4))
    assert "assert _t" in grad(checks_its_input).source(args=(X,))     # printed as an assert
    with pytest.raises(AssertionError):
        grad(checks_its_input)(-X)
    with pytest.raises(AssertionError):
        jvp(checks_its_input, (-X,), (X,))
    np.testing.assert_allclose(hessian(checks_its_input)(X), np.diag(6 * X))    # `require` transformed again


# raise ---------------------------------------------------------------------------------------
class BadInput(ValueError):
    pass


def _positive_part(x):
    if np.ndim(x) != 1:
        raise TypeError(f"expected a vector, got {np.ndim(x)} dimensions")
    return np.maximum(x, 0.0)


def validates_as_people_do(x, scale=2.0):
    if x.shape[0] < 2:
        raise BadInput("need two elements")
    if x[0] > 10.0:
        raise ValueError(f"x[0] = {x[0]:.1f} is too large")
    elif x[0] > 0.0:
        y = x * scale            # bound on the paths that do not raise only
    else:
        y = np.sin(x)
    total = 0.0
    for v in _positive_part(y):
        if v > 1e6:
            raise RuntimeError("diverged")
        total = total + v ** 2
    return total + np.sum(y * x)


@pytest.mark.parametrize("x0", [np.array([0.5, -1.0, 2.0]), np.array([-0.5, 1.0, 2.0])])
def test_a_raise_on_a_path_not_taken_leaves_the_derivative_of_the_others(x0):
    assert check_grad(validates_as_people_do, x0).ok
    _, tangent = jvp(validates_as_people_do, (x0,), (np.ones(3),))
    assert np.isclose(tangent, np.sum(grad(validates_as_people_do)(x0)))
    h = hessian(validates_as_people_do)(x0)
    step = 1e-5
    column = (grad(validates_as_people_do)(x0 + step * np.eye(3)[1]) -
              grad(validates_as_people_do)(x0 - step * np.eye(3)[1])) / (2 * step)
    np.testing.assert_allclose(h[:, 1], column, rtol=1e-5, atol=1e-6)


def test_a_raise_raises_the_exception_python_would_in_both_modes():
    with pytest.raises(ValueError, match=r"x\[0\] = 11.0 is too large"):
        grad(validates_as_people_do)(np.array([11.0, 1.0]))
    with pytest.raises(BadInput, match="need two elements"):
        value_and_grad(validates_as_people_do)(np.array([1.0]))
    with pytest.raises(RuntimeError, match="diverged"):
        jvp(validates_as_people_do, (np.array([1.0, 1e7]),), (np.ones(2),))
    with pytest.raises(TypeError, match="expected a vector, got 2"):
        grad(lambda a: np.sum(_positive_part(a)))(np.ones((2, 2)))
    code = grad(validates_as_people_do).source()
    assert "raise ValueError(f'x[0] = {" in code and "raise BadInput('need two elements')" in code


def raises_a_string(x):
    if x > 0:
        raise "positive"
    return x


def reraises(x):
    if x > 0:
        raise
    return x


@pytest.mark.parametrize("f, words", [(raises_a_string, "which is not an exception class"),
                                      (reraises, "a bare `raise`")])
def test_a_raise_python_could_not_run_is_refused_with_its_location(f, words):
    with pytest.raises(UnsupportedSyntaxError, match=words) as caught:
        grad(f)(1.0)
    assert caught.value.location.line == f.__code__.co_firstlineno + 2


# chained assignment --------------------------------------------------------------------------
def chains(x):
    a = b = x * 2.0
    c, d = e = (a, np.sin(b))
    y = z = 0.0
    for i in range(3):
        y = z = y + a[i] * z + d[i]
    return np.sum(a * b) + y + e[1][0]


def chains_into_an_element(x):
    y = np.zeros(3)
    y[1] = w = x[0] * x[1]
    return np.sum(y * x) + w


@pytest.mark.parametrize("f", [chains, chains_into_an_element])
def test_chained_assignment_binds_one_value_to_every_target(f):
    assert check_grad(f, X).ok
    h = 1e-6
    numeric = (f(X + h * X) - f(X - h * X)) / (2 * h)
    assert np.isclose(jvp(f, (X,), (X,))[1], numeric, rtol=1e-6)


# Ellipsis ------------------------------------------------------------------------------------
def ellipses(x):
    s = np.sum(x[..., 0] ** 2) + np.sum(np.sin(x[..., None] * x[0, ...]))
    for i in range(2):
        s = s + np.sum(x[i, ...] * x[..., i])
    return s


def test_ellipsis_in_indexing_in_both_modes():
    x = np.random.RandomState(0).randn(2, 2)
    assert check_grad(ellipses, x).ok
    h = 1e-6
    numeric = (ellipses(x + h * x) - ellipses(x - h * x)) / (2 * h)
    assert np.isclose(jvp(ellipses, (x,), (x,))[1], numeric, rtol=1e-6)
    assert "x[..., 0]" in transpiler.grad(ellipses).source(args=(x,))


# with ----------------------------------------------------------------------------------------
def safe_log(x):
    with np.errstate(divide="ignore"):
        with contextlib.nullcontext():
            value = np.log(x) * x
    return value


def in_contexts(x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = safe_log(x)
    s = 0.0
    for i in range(2):
        if i > 0:
            with np.errstate(over="ignore"):
                s = s + np.sum(np.exp(x * y) * (i + 1))
    return s


def test_with_blocks_in_helpers_loops_and_branches_in_both_modes():
    x = np.array([0.5, 1.0, 2.0])
    assert check_grad(in_contexts, x).ok
    h = 1e-6
    numeric = (in_contexts(x + h * x) - in_contexts(x - h * x)) / (2 * h)
    assert np.isclose(jvp(in_contexts, (x,), (x,))[1], numeric, rtol=1e-6)
    H = hessian(in_contexts)(x)
    assert np.allclose(H, H.T)


def log_of_zero(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.log(x)
        z = np.where(np.isfinite(y), y, 0.0)
    return np.sum(z * x)


def test_errstate_silences_the_derivative_of_what_it_surrounds_too():
    x = np.array([0.0, 1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # any warning would fail the test
        g = grad(log_of_zero)(x)
        _, t = jvp(log_of_zero, (x,), (np.ones(3),))
    assert np.isfinite(g[1:]).all() and np.isclose(g[2], np.log(2.0) + 1.0)
    source = grad(log_of_zero).source(args=(x,))
    forward, reverse = source.split("# reverse sweep")
    assert "with np.errstate(divide='ignore', invalid='ignore'):" in forward
    assert "with np.errstate(divide='ignore', invalid='ignore'):" in reverse
    assert "enter_context" not in source


def leaves_its_context_on_error(x):
    with np.errstate(all="raise"):
        y = np.sqrt(x)
    return np.sum(y)


def test_the_context_is_left_when_the_code_inside_raises():
    before = np.geterr()
    with pytest.raises(FloatingPointError):
        grad(leaves_its_context_on_error)(np.array([-1.0, 1.0]))
    assert np.geterr() == before


def uses_a_lock(x):
    with threading.Lock():
        y = x * 2.0
    return y


def uses_as(x):
    with np.errstate(all="ignore") as state:
        y = x * 2.0
    return y


@pytest.mark.parametrize("f, words", [(uses_a_lock, "context manager `threading.Lock()`"),
                                      (uses_as, "`with ... as name`")])
def test_other_context_managers_are_refused_with_their_location(f, words):
    with pytest.raises(UnsupportedSyntaxError, match=words.replace("(", r"\(").replace(")", r"\)")):
        grad(f)(1.0)


def returns_inside_a_context(x):
    s = 0.0
    for i in range(3):
        with np.errstate(divide="ignore"):
            if s > 1.0:
                break
            s = s + np.sum(np.log(x) * x) * (i + 1)
    if s > 0.0:
        with np.errstate(divide="ignore"):
            return s * np.sum(np.log(x))
    return s


def test_return_and_break_inside_a_with_block():
    for x in (np.array([2.0, 3.0]), np.array([0.5, 0.6])):
        assert check_grad(returns_inside_a_context, x).ok
        h = 1e-6
        numeric = (returns_inside_a_context(x + h * x) - returns_inside_a_context(x - h * x)) / (2 * h)
        assert np.isclose(jvp(returns_inside_a_context, (x,), (x,))[1], numeric, rtol=1e-6)


def _update(state, z):
    # filterpy's KalmanFilter.update: `if z is None: ...; return` before the work
    if z is None:
        return
    state[0] = state[0] + z * state[1]


def _maybe_none(x, skip):
    if skip:
        return
    return x * 2.0


def bare_returns_in_helpers(x):
    state = x * 1.0
    _update(state, None)
    _update(state, 0.5)
    doubled = _maybe_none(x, False)
    nothing = _maybe_none(x, True)
    return np.sum(state ** 2) + np.sum(doubled) + (1.0 if nothing is None else 0.0)


def test_a_bare_return_in_a_helper_returns_none_in_both_modes():
    """(a bare `return` crashed the lowering: its missing value was lowered as an expression)"""
    x = np.array([0.4, -1.1, 2.0])
    assert transpiler.check_grad(bare_returns_in_helpers, x).ok
    _, tangent = transpiler.jvp(bare_returns_in_helpers, (x,), (np.ones(3),))
    assert tangent == pytest.approx(transpiler.grad(bare_returns_in_helpers)(x).sum(), rel=1e-10)
