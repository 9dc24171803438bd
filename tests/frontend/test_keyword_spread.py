"""``f(x, **params)`` with ``params`` a dict known only at run time (a parameter, an item of a
list of dicts: picoGPT's ``linear(x, **c_fc)``) or built in the function: the callee's
parameters the call leaves unbound are read from the dict by name, after a run-time check that
it holds exactly those keys. Both modes against central finite differences, second order, and
what Python would refuse."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from transpiler.check import check_grad

RNG = np.random.default_rng(3)
X = RNG.standard_normal((3, 4))
LAYER = {"w": RNG.standard_normal((4, 2)), "b": RNG.standard_normal(2)}
BLOCKS = [{"w": RNG.standard_normal((4, 4)), "b": RNG.standard_normal(4)} for _ in range(2)]


def linear(x, w, b):
    return x @ w + b


def layer_norm(x, g, b, eps: float = 1e-5):
    mean = np.mean(x, axis=-1, keepdims=True)
    return g * (x - mean) / np.sqrt(np.var(x, axis=-1, keepdims=True) + eps) + b


def scaled(x, *, scale, shift=0.0):
    return scale * x + shift


def spread_parameter(params, x):
    return np.sum(np.tanh(linear(x, **params)))


def spread_each_block(blocks, x):
    for block in blocks:
        x = np.tanh(linear(x, **block))
    return np.sum(x ** 2)


def spread_with_a_default_left_out(params, x):
    return np.sum(layer_norm(x, **params) ** 3)


def spread_into_keyword_only(params, x):
    return np.sum(scaled(x, **params) ** 2)


def spread_into_a_lambda(params, x):
    lin = lambda x, w, b: x @ w + b
    return np.sum(lin(x, **params) ** 2)


def spread_a_dict_built_here(w, x):
    layer = {"w": w, "b": np.ones(2)}
    return np.sum(linear(x, **layer) ** 2)


NORM = {"g": RNG.standard_normal(4), "b": RNG.standard_normal(4)}


@pytest.mark.parametrize("f, params", [(spread_parameter, LAYER), (spread_each_block, BLOCKS),
                                       (spread_with_a_default_left_out, NORM),
                                       (spread_into_keyword_only, {"scale": 1.7}),
                                       (spread_into_a_lambda, LAYER)])
def test_a_run_time_dict_spread_into_a_call_matches_finite_differences_in_both_modes(f, params):
    assert check_grad(f, params, X).ok
    assert check_grad(f, params, X, wrt=1).ok
    direction = RNG.standard_normal(X.shape)
    value, tangent = transpiler.jvp(f, (params, X), (None, direction))
    h = 1e-6
    expected = (f(params, X + h * direction) - f(params, X - h * direction)) / (2 * h)
    assert value == pytest.approx(f(params, X)) and tangent == pytest.approx(expected, rel=1e-5)


def test_the_key_check_is_dropped_where_the_dicts_keys_are_known_from_the_arguments():
    assert "expect_keywords" not in transpiler.grad(spread_each_block).source(args=(BLOCKS, X))
    assert "expect_keywords" not in transpiler.grad(spread_parameter, wrt=1).source(args=(LAYER, X))


def test_a_dict_built_with_constant_keys_is_spread_as_its_entries():
    assert check_grad(spread_a_dict_built_here, LAYER["w"], X).ok
    assert "expect_keywords" not in transpiler.grad(spread_a_dict_built_here).source(args=(LAYER["w"], X))


def test_second_derivative_through_a_spread_dict():
    h = transpiler.hessian(spread_into_keyword_only, wrt=1)({"scale": 1.7}, X[0])
    np.testing.assert_allclose(h, 2 * 1.7 ** 2 * np.eye(4))


def test_a_dict_missing_a_parameter_raises_the_type_error_python_raises():
    with pytest.raises(TypeError, match="missing"):
        transpiler.grad(spread_parameter)({"w": LAYER["w"]}, X)


def test_a_dict_holding_an_optional_parameter_is_refused_at_run_time_not_read_as_its_default():
    with pytest.raises(TypeError, match="optional parameter"):
        transpiler.grad(spread_with_a_default_left_out)({**NORM, "eps": 0.5}, X)


def collects_the_rest(x, scale, **opts):
    return x * scale * opts.get("shift", 1.0)


def spread_into_kwargs(params, x):
    return np.sum(collects_the_rest(x, **params))


def test_a_spread_into_a_callee_with_its_own_kwargs_filling_a_named_parameter_is_refused_where_it_is_written():
    # (the dict passed whole to `**opts` where the call gives every named parameter: test_kwargs_passed_on.py)
    with pytest.raises(UnsupportedSyntaxError, match=r"\*\*params") as caught:
        transpiler.grad(spread_into_kwargs)({"scale": 2.0}, X)
    assert caught.value.location.line == spread_into_kwargs.__code__.co_firstlineno + 1


SETTINGS = {"g": NORM["g"], "b": NORM["b"], "eps": 0.5}


def spread_a_global_dict_holding_an_optional_parameter(x):
    return np.sum(layer_norm(x, **SETTINGS) ** 2)


def test_a_global_dict_holding_an_optional_parameter_passes_its_value_not_the_default():
    # (failed on stage: the optional `eps` was bound to its default, and the run-time check refused the dict)
    f = spread_a_global_dict_holding_an_optional_parameter
    g = transpiler.grad(f)(X)
    assert transpiler.value_and_grad(f)(X)[0] == pytest.approx(f(X))
    assert check_grad(f, X).ok
    direction = RNG.standard_normal(X.shape)
    h = 1e-6
    expected = (f(X + h * direction) - f(X - h * direction)) / (2 * h)
    assert transpiler.jvp(f, (X,), (direction,))[1] == pytest.approx(expected, rel=1e-5)
    assert np.sum(g * direction) == pytest.approx(expected, rel=1e-5)


def test_a_global_dict_whose_keys_change_after_compiling_raises_not_reads_a_default():
    f = transpiler.grad(spread_a_global_dict_holding_an_optional_parameter)
    f(X)
    eps = SETTINGS.pop("eps")
    try:
        with pytest.raises(TypeError, match="missing"):
            f(X)
    finally:
        SETTINGS["eps"] = eps


def spreading_a_closure_dict(settings):
    def f(x):
        return np.sum(layer_norm(x, **settings) ** 2)
    return f


def test_a_closure_dict_holding_an_optional_parameter_passes_its_value_not_the_default():
    f = spreading_a_closure_dict({"g": NORM["g"], "b": NORM["b"], "eps": 0.5})
    assert check_grad(f, X).ok
    assert transpiler.value_and_grad(f)(X)[0] == pytest.approx(f(X))
