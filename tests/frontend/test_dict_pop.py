"""``d.pop("key", default)`` of dicts (frontend/dicts.py ``_dict_pop``): ``kwargs.pop("lr", 0.1)``
in a helper before passing the rest on, of a dict the function built, and of the differentiated
function's own ``**kwargs``. It was refused with a list-only hint, and a built dict's pop crashed
with a TypeError from the list helper. Both modes and second order against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.2])


def scaled_loss(x, lr, scale=1.0):
    return np.sum(np.sin(x) ** 2) * lr * scale


def step(x, **kwargs):
    lr = kwargs.pop("lr", 0.1)                # the rest goes on to the helper
    return scaled_loss(x, lr, **kwargs)


def quiet_step(x, **kwargs):
    kwargs.pop("verbose", None)               # a statement; the key the helper does not take
    return scaled_loss(x, **kwargs)


def built_dict(x):
    params = {"w": x * 2.0, "lr": 0.3, "b": x[0]}
    lr = params.pop("lr")
    missing = params.pop("momentum", 0.9)
    return np.sum(params["w"] ** 2) * lr * missing + params["b"] * len(params)


def own_kwargs(x, **kwargs):
    lr = kwargs.pop("lr", 0.1)
    return np.sum(x ** 3) * lr + len(kwargs)


CASES = [
    (lambda x: step(x, lr=0.5, scale=3.0), "helper_kwargs_passed_on"),
    (lambda x: step(x, scale=3.0), "helper_kwargs_default"),
    (lambda x: quiet_step(x, lr=0.5, verbose=True), "helper_kwargs_statement"),
    (built_dict, "built_dict"),
]


@pytest.mark.parametrize("f", [f for f, _ in CASES], ids=[name for _, name in CASES])
def test_dict_pop_matches_finite_differences_in_both_modes_and_second_order(f):
    assert_both_modes(f, X)
    g, h = transpiler.grad(f), 1e-6
    numeric = np.array([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(f)(X), numeric, rtol=1e-5, atol=1e-6)


def test_the_differentiated_functions_own_kwargs_pop_runs_as_written():
    value, gradient = transpiler.value_and_grad(own_kwargs)(X, lr=0.5, other=1)
    assert value == pytest.approx(own_kwargs(X, lr=0.5, other=1))
    np.testing.assert_allclose(gradient, 1.5 * X ** 2)
    np.testing.assert_allclose(transpiler.grad(own_kwargs)(X), 0.3 * X ** 2)      # the default


def test_another_name_for_the_dict_sees_the_pop_and_a_missing_key_is_refused():
    def alias_read_after_pop(x):
        p = {"w": x, "b": 1.0}
        q = p
        p.pop("b")
        return np.sum(q["w"]) + len(q)       # q is p (frontend/views.py): one entry left

    def missing_key(x):
        p = {"w": x}
        return p.pop("z")

    value, gradient = transpiler.value_and_grad(alias_read_after_pop)(X)
    assert value == pytest.approx(alias_read_after_pop(X)) and value == pytest.approx(np.sum(X) + 1)
    np.testing.assert_allclose(gradient, np.ones_like(X))
    with pytest.raises(UnsupportedSyntaxError, match="KeyError") as error:
        transpiler.grad(missing_key)(X)
    assert "give a default" in str(error.value)
