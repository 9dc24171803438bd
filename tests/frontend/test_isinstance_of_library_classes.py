"""``isinstance(x, str)``, ``isinstance(w, np.ndarray)``, ``isinstance(b, (int, float))``: the
classes, builtins or NumPy's, are a constant of the generated code and the test runs (scikit-learn's
``_beta_loss_to_float`` maps a loss's name with ``if isinstance(beta_loss, str)``). A user's class
named this way is still refused (generated code cannot name it); one tested against an object
made in the function is known while compiling (tests/frontend/test_local_objects.py)."""
import numpy as np
import pytest

from transpiler import UnsupportedSyntaxError, check_grad, grad, hessian, jvp, value_and_grad

X = np.array([0.3, -0.7, 1.1])


def _loss_to_float(loss):
    loss_map = {"frobenius": 2, "kullback-leibler": 1}
    if isinstance(loss, str):
        loss = loss_map[loss]
    return loss


def named_loss(x, loss):
    power = _loss_to_float(loss)
    return np.sum(np.abs(x) ** power)


def scaled_if_number(x, s):
    if isinstance(s, (int, float)) and not isinstance(s, bool):
        return np.sum(x * s) ** 2
    return np.sum(x) ** 2


def array_or_list(w):
    if not isinstance(w, np.ndarray):
        w = np.array(w)
    return np.sum(np.sin(w) * w)


def in_a_loop(x, scales):
    total = 0.0
    for s in scales:
        if isinstance(s, str):
            continue
        total = total + np.sum(x * s)
    return total ** 2


class Mine:
    pass


def users_class(x, m):
    return np.sum(x) * (2.0 if isinstance(m, Mine) else 1.0)


@pytest.mark.parametrize("loss, power", [("frobenius", 2), ("kullback-leibler", 1), (3, 3)])
def test_a_string_parameter_is_mapped_as_python_does(loss, power):
    np.testing.assert_allclose(grad(named_loss)(X, loss), power * np.abs(X) ** (power - 1) * np.sign(X))
    assert check_grad(named_loss, X, loss).ok
    _, tangent = jvp(named_loss, (X, loss), (np.ones(3), None))
    assert tangent == pytest.approx(np.sum(power * np.abs(X) ** (power - 1) * np.sign(X)))


@pytest.mark.parametrize("s", [2.5, 3, True, "no"])
def test_a_tuple_of_builtin_classes(s):
    value, g = value_and_grad(scaled_if_number)(X, s)
    assert value == pytest.approx(scaled_if_number(X, s))
    assert check_grad(scaled_if_number, X, s).ok


def test_numpys_array_class_both_ways_and_second_derivatives():
    assert check_grad(array_or_list, X).ok
    assert check_grad(array_or_list, [0.3, -0.7]).ok
    h = hessian(array_or_list)(X)
    np.testing.assert_allclose(h, np.diag(2 * np.cos(X) - X * np.sin(X)), atol=1e-12)


def test_inside_a_loop_over_a_mixed_list():
    assert check_grad(in_a_loop, X, [2.0, "skip", 0.5]).ok
    _, tangent = jvp(in_a_loop, (X, [2.0, "skip", 0.5]), (np.ones(3), None))
    assert tangent == pytest.approx(2 * np.sum(X * 2.5) * 7.5)


def test_the_generated_code_names_the_classes():
    source = grad(scaled_if_number).source(((3,), ()))
    assert "isinstance(s, (int, float))" in source


def test_a_users_class_named_by_a_global_is_still_refused():
    with pytest.raises(UnsupportedSyntaxError, match="`Mine` used as a value"):
        grad(users_class)(X, Mine())
