"""``getattr(np, activation)`` with ``activation`` the differentiated function's own parameter
(a keyword default ``activation="tanh"``): a string argument is a constant of the call
(frontend/function_arguments.py), so the function it reads is compiled in for the string passed.
The other spellings work too: the function itself as the parameter, and a wrapper giving the
name as a string constant (folded, as in a helper). A name known only at run time (an item of a
list passed) stays refused, located. Value, both modes and the Hessian; a helper's string
default folds too."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from order_checks import assert_all_orders

X = np.array([0.3, -0.8, 1.4])


def by_name(x, activation="tanh"):
    act = getattr(np, activation)
    return np.sum(act(x) * x)


def by_function(x, activation=np.tanh):
    return np.sum(activation(x) * x)


def layer(x, activation="tanh"):
    return getattr(np, activation)(x)


def through_a_helper_and_a_branch(x):
    total = 0.0
    for k in range(2):
        if np.sum(x) > k:
            total = total + np.sum(layer(x, "sin") ** 2)
        else:
            total = total + np.sum(layer(x))
    return total


def test_a_parameters_name_is_a_constant_of_the_call():
    assert_all_orders(by_name, X)
    np.testing.assert_allclose(transpiler.grad(by_name)(X, "sin"), np.sin(X) + X * np.cos(X), rtol=1e-12)
    assert transpiler.check_grad(by_name, X, "tanh").ok


def by_an_item(x, names):
    return np.sum(getattr(np, names[0])(x))


def test_a_name_known_only_at_run_time_is_refused_with_a_hint_naming_what_works():
    with pytest.raises(UnsupportedSyntaxError, match="with a name known only at run time") as caught:
        transpiler.grad(by_an_item)(X, ["tanh"])
    assert caught.value.location.line == by_an_item.__code__.co_firstlineno + 1
    assert "pass the name as a string constant" in str(caught.value)


def test_the_function_as_the_parameter():
    # (forward over forward mode, hessian(mode="forward"), does not yet bind a function argument:
    # it reports "no derivative rule for `activation`"; through a wrapper below it does)
    assert_all_orders(lambda x: by_function(x), X)
    assert transpiler.check_grad(by_function, X).ok
    np.testing.assert_allclose(transpiler.hessian(by_function)(X), transpiler.hessian(lambda x: by_function(x))(X))


@pytest.mark.parametrize("f", [lambda x: by_name(x, activation="tanh"), through_a_helper_and_a_branch])
def test_the_spellings_the_hint_names_work_in_every_order(f):
    assert_all_orders(f, X)
    assert transpiler.value_and_grad(f)(X)[0] == pytest.approx(f(X))
