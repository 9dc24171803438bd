"""User functions that are not plain module-level ``def``s (transpiler/frontend/functions.py,
values.py, lambdas.py): lambdas, nested ``def``s and closures, functions passed as arguments and
defaults and kept in names, lists, tuples and dicts, and methods of user objects.

Written the way model code writes them (autograd/JAX tutorial style), inside loops and branches;
every gradient is checked against central differences in reverse mode (``check_grad``) and in
forward mode (``jvp`` against a central difference along a random direction)."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

RNG = np.random.default_rng(15)
DATA = RNG.normal(size=(6, 3))
TARGETS = RNG.normal(size=6)


def check_both(f, *args, wrt=0):
    """Reverse mode against central differences, then forward mode along a random direction."""
    report = transpiler.check_grad(f, *args, wrt=wrt)
    assert report.ok, report
    direction = np.random.default_rng(1).normal(size=np.shape(args[wrt]))
    if np.ndim(args[wrt]) == 0:
        direction = float(direction)
    tangents = [None] * len(args)
    tangents[wrt] = direction
    value, derivative = transpiler.jvp(f, args, tangents)
    h = 1e-6
    shifted = lambda s: f(*[a + s * direction if i == wrt else a for i, a in enumerate(args)])  # noqa: E731
    numeric = (shifted(h) - shifted(-h)) / (2 * h)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)
    np.testing.assert_allclose(derivative, numeric, rtol=1e-5, atol=1e-7)


# ================================================================================ lambdas
def log_posterior(params, data):
    prediction = data @ params
    return -0.5 * np.sum((prediction - TARGETS) ** 2) - 0.5 * np.sum(params ** 2)


objective = lambda params: -log_posterior(params, DATA)  # noqa: E731
square, cube = (lambda x: np.sum(x * x)), (lambda x: np.sum(x ** 3))  # noqa: E731


def test_module_level_lambda_is_differentiated_in_both_modes():
    check_both(objective, RNG.normal(size=3))


def test_two_lambdas_on_one_line_are_told_apart_by_column():
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(transpiler.grad(square)(x), 2 * x)
    np.testing.assert_allclose(transpiler.grad(cube)(x), 3 * x ** 2)


def test_lambda_passed_to_grad_directly():
    check_both(lambda x: np.sum(np.sin(x) * x), np.array([0.3, 1.2]))


def test_lambda_generated_code_is_named_after_its_variable():
    text = transpiler.grad(objective).source(args=(np.ones(3),))
    assert "def objective_grad(params" in text


def test_module_level_lambda_called_from_a_function():
    def f(params):
        return objective(params) + square(params)
    check_both(f, RNG.normal(size=3))


def test_lambda_assigned_inside_the_function_reads_active_locals():
    def f(x):
        scale = np.sum(x)
        h = lambda t: np.sin(t) * scale  # noqa: E731
        return np.sum(h(x)) + np.sum(h(x * 2.0))
    check_both(f, np.array([0.2, -0.7, 1.1]))


def fixed_point(step, a, x0, n):
    x = x0
    for _ in range(n):
        x = step(a, x)
    return x


def test_lambda_passed_to_a_helper_that_calls_it_in_a_loop():
    def f(a):
        return fixed_point(lambda a, x: 0.5 * (x + a / x), a, 1.0, 5)   # Newton's square root
    check_both(f, 2.0)


def smooth_abs(x, f=lambda t: np.sqrt(t * t + 0.1)):
    return np.sum(f(x))


def test_lambda_as_a_default_value():
    check_both(lambda x: smooth_abs(x), np.array([0.3, -2.0]))
    check_both(lambda x: smooth_abs(x, lambda t: t ** 4), np.array([0.3, -2.0]))


def test_differentiated_function_with_a_function_parameter_uses_the_call_s_function():
    # the default, or the function passed: each a constant of the call (function_arguments.py)
    x = np.array([0.3, -2.0])
    np.testing.assert_allclose(transpiler.grad(smooth_abs)(x), x / np.sqrt(x * x + 0.1))
    np.testing.assert_allclose(transpiler.grad(smooth_abs)(x, np.sin), np.cos(x))


def test_local_lambda_with_a_default_and_keyword_call():
    def f(x):
        power = lambda t, k=3.0: t ** k  # noqa: E731
        return np.sum(power(x)) + np.sum(power(x, k=2.0))
    check_both(f, np.array([0.4, 1.3]))


def test_lambda_in_a_branch_and_a_loop():
    def f(x):
        total = 0.0
        for i in range(3):
            g = lambda t: t * (i + 1.0)  # noqa: E731
            if np.sum(x) > 0:
                total = total + np.sum(np.tanh(g(x)))
            else:
                total = total - np.sum(g(x) ** 2)
        return total
    check_both(f, np.array([0.4, 0.1]))
    check_both(f, np.array([-0.4, 0.1]))


def test_immediately_called_lambda():
    def f(x):
        return (lambda t: np.sum(t * t))(x)
    check_both(f, np.array([1.5, -0.5]))


# ================================================================================ nested defs
def test_nested_def_reads_active_enclosing_locals_inside_a_loop():
    def f(W, x):
        def layer(h):
            return np.tanh(W @ h)
        for _ in range(3):
            x = layer(x)
        return np.sum(x)
    W = RNG.normal(size=(3, 3)) * 0.5
    check_both(f, W, np.ones(3))
    check_both(f, W, np.ones(3), wrt=1)


def test_nested_def_sees_a_name_rebound_after_it_was_defined():
    def f(x):
        scale = 2.0
        def scaled(t):
            return t * scale
        scale = x[0]                 # late binding: the call reads this value
        return np.sum(scaled(x))
    check_both(f, np.array([0.5, 1.5]))
    assert f(np.array([0.5, 1.5])) == 1.0


def make_predictor(W, b):
    def predict(x):
        return np.tanh(x @ W + b)
    return predict


def test_helper_returning_a_closure_that_is_then_called():
    def loss(W, b):
        predict = make_predictor(W, b)
        return np.sum((predict(DATA) - TARGETS[:, None]) ** 2)
    W, b = RNG.normal(size=(3, 2)), RNG.normal(size=2)
    check_both(loss, W, b)
    check_both(loss, W, b, wrt=1)


def test_nested_def_with_early_return_loop_and_own_locals():
    def f(x):
        y = 3.0                      # shadowed inside `clipped`
        def clipped(t, limit):
            y = t * 1.0
            for _ in range(2):
                y = y * 0.9
            if np.sum(y) > limit:
                return y / np.sum(y)
            return y
        return np.sum(clipped(x, 10.0) ** 2) + y * np.sum(clipped(x, 0.5))
    check_both(f, np.array([0.3, 0.5]))
    check_both(f, np.array([3.0, 5.0]))


def test_closure_calling_another_closure():
    def f(x):
        def inner(t):
            return np.exp(-t * t)
        def outer(t):
            return inner(t) * t + inner(2.0 * t)
        return np.sum(outer(x))
    check_both(f, np.array([0.3, -0.8]))


# ================================================================================ functions as values
def dense(x, W, nonlinearity=np.tanh):
    return nonlinearity(x @ W)


def test_function_default_and_function_argument():
    def f(W):
        return np.sum(dense(DATA, W)) + np.sum(dense(DATA, W, np.sin)) + np.sum(dense(DATA, W, nonlinearity=np.exp))
    check_both(f, RNG.normal(size=(3, 2)) * 0.3)


def linear_predictor(w, x):
    return x @ w


def squared_loss(predictor, w, x, y):
    return np.mean((predictor(w, x) - y) ** 2)


def test_predictor_passed_to_a_loss_function():
    def f(w):
        return squared_loss(linear_predictor, w, DATA, TARGETS)
    check_both(f, RNG.normal(size=3))


def test_function_in_a_local_a_list_a_tuple_and_a_dict():
    def f(x):
        act = np.tanh
        fs = [np.sin, np.cos]
        pair = (np.exp, act)
        table = {"sin": np.sin, "square": lambda t: t * t}
        return np.sum(act(x) + fs[1](x) + pair[0](x) * pair[1](x) + table["square"](x) + table["sin"](x))
    check_both(f, np.array([0.2, -0.4, 0.9]))


def test_loop_over_a_static_list_of_functions():
    def f(x):
        total = 0.0
        fs = [np.sin, np.cos, lambda t: t ** 2]
        for g in fs:
            total = total + np.sum(g(x))
        for g in (np.tanh, np.exp):
            if total > 0:
                total = total + np.sum(g(x)) * 0.5
        return total
    check_both(f, np.array([0.2, 0.4]))


def test_layers_as_a_list_of_weight_and_activation_pairs():
    def f(W1, W2):
        h = DATA
        for W, act in [(W1, np.tanh), (W2, lambda z: z)]:
            h = act(h @ W)
        return np.sum(h ** 2)
    W1, W2 = RNG.normal(size=(3, 4)) * 0.4, RNG.normal(size=(4, 1))
    check_both(f, W1, W2)
    check_both(f, W1, W2, wrt=1)


def test_loop_over_functions_with_break():
    def f(x):
        total = 0.0
        for g in [np.sin, np.cos, np.exp]:
            total = total + np.sum(g(x))
            if total > 1.0:
                break
        return total
    check_both(f, np.array([0.1, 0.2]))      # stops after cos
    check_both(f, np.array([-1.0, -1.2]))    # runs all three


# ================================================================================ classes
class Model:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def activation(self, z):
        return np.tanh(z)

    def predict(self, x):
        return self.activation(x @ self.W + self.b)

    def loss(self, x):
        return np.sum((self.predict(x) - TARGETS[:, None]) ** 2)

    def __call__(self, x):
        return self.predict(x)


MODEL = Model(RNG.normal(size=(3, 2)), RNG.normal(size=2))


def test_method_of_a_global_object_reads_its_attributes():
    def f(x):
        return MODEL.loss(x) + np.sum(MODEL(x))
    check_both(f, DATA.copy())


def test_object_attributes_are_read_at_call_time():
    def f(x):
        return MODEL.loss(x)
    g = transpiler.grad(f)
    before = g(DATA)
    saved = MODEL.W
    try:
        MODEL.W = saved * 2.0
        after = g(DATA)
        assert not np.allclose(before, after)
        assert transpiler.check_grad(f, DATA.copy()).ok
    finally:
        MODEL.W = saved


def test_object_passed_to_a_helper_and_bound_method_as_a_value():
    def evaluate(model, x):
        return model.loss(x)

    def f(x):
        predict = MODEL.predict
        return evaluate(MODEL, x) + np.sum(predict(x))
    check_both(f, DATA.copy())


def test_object_held_in_a_closure():
    def make_loss(model):
        def loss(x):
            return model.loss(x)
        return loss
    check_both(make_loss(Model(RNG.normal(size=(3, 2)), np.zeros(2))), DATA.copy())


def test_function_chosen_by_a_runtime_branch_calls_the_one_chosen():
    # (refused before: now the branches calling each, test_function_chosen_by_a_conditional.py)
    def f(x):
        if np.sum(x) > 0:
            act = np.tanh
        else:
            act = np.sin
        return np.sum(act(x))
    for x in (np.array([0.5, 1.0]), np.array([-0.5, -1.0])):
        check_both(f, x)


# ================================================================================ refused, located
def test_writing_into_an_enclosing_array_inside_a_closure_a_factory_returned_is_refused():
    # (a nested function called where it is defined writes into the enclosing array, followed:
    # tests/frontend/test_captured_writes.py)
    def make_bump(y):
        def bump(t):
            y[0] = t
            return y
        return bump

    def f(x):
        bump = make_bump(x * 1.0)
        return np.sum(bump(2.0))
    with pytest.raises(UnsupportedSyntaxError, match="variable of the enclosing function"):
        transpiler.grad(f)(np.ones(2))


def test_indexing_a_list_of_functions_with_a_counter_over_a_runtime_range_is_refused():
    def f(x):
        fs = [np.sin, np.cos]
        total = 0.0
        for i in range(len(x)):
            total = total + np.sum(fs[i](x))
        return total
    with pytest.raises(UnsupportedSyntaxError, match="indexing a list of functions with `i`") as info:
        transpiler.grad(f)(np.ones(2))
    assert "range(len(x))" in info.value.location.source_line


def test_returning_a_closure_from_the_differentiated_function_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="returning the function `make_predictor`|returning"):
        transpiler.grad(lambda W: make_predictor)(np.ones(2))


# ================================================================================ bound methods
def test_grad_of_a_bound_method_reads_self_attributes_and_calls_other_methods():
    model = Model(RNG.normal(size=(3, 2)), RNG.normal(size=2))
    check_both(model.loss, DATA.copy())
    other = Model(RNG.normal(size=(3, 2)), RNG.normal(size=2))     # its own attributes, not model's
    report = transpiler.check_grad(other.loss, DATA.copy())
    assert report.ok, report
    assert not np.allclose(transpiler.grad(model.loss)(DATA), transpiler.grad(other.loss)(DATA))


class Scaled(Model):
    SCALE = 0.5

    @staticmethod
    def square(z):
        return z * z

    @classmethod
    def factor(cls, z):
        return z * cls.SCALE

    @property
    def weights(self):
        return self.W

    def loss(self, x):
        h = self.factor(x @ self.weights)
        return np.sum(self.square(h)) + np.sum(Scaled.factor(x))


def test_staticmethod_classmethod_and_property_of_the_object():
    model = Scaled(RNG.normal(size=(3, 2)), np.zeros(2))
    check_both(model.loss, DATA.copy())

    def f(x):
        return model.loss(x) * 2.0
    check_both(f, DATA.copy())


class Tanh(Model):
    def activation(self, z):
        return np.sin(z)


def test_grad_of_a_bound_method_dispatches_on_the_objects_own_class():
    model = Tanh(RNG.normal(size=(3, 2)), RNG.normal(size=2))
    check_both(model.loss, DATA.copy())
    x = DATA.copy()
    expected = transpiler.grad(lambda x: np.sum((np.sin(x @ model.W + model.b) - TARGETS[:, None]) ** 2))(x)
    np.testing.assert_allclose(transpiler.grad(model.loss)(x), expected)


def test_grad_of_a_bound_method_sees_attributes_rebound_later():
    model = Model(RNG.normal(size=(3, 2)), RNG.normal(size=2))
    g = transpiler.grad(model.loss)
    before = g(DATA)
    model.W = model.W * 3.0
    assert not np.allclose(before, g(DATA))
    assert transpiler.check_grad(model.loss, DATA.copy()).ok


def test_hessian_of_a_bound_method():
    model = Model(RNG.normal(size=(3, 1)), np.zeros(1))
    x = RNG.normal(size=(6, 3))
    H = transpiler.hessian(model.loss)(x)
    assert H.shape == (6, 3, 6, 3)
    v = RNG.normal(size=(6, 3))
    g = transpiler.grad(model.loss)
    h = 1e-5
    numeric = (g(x + h * v) - g(x - h * v)) / (2 * h)
    np.testing.assert_allclose(np.tensordot(H, v, axes=2), numeric, rtol=1e-5, atol=1e-6)


class Config:
    def __init__(self, scale):
        self.scale = scale


CONFIG, OTHER_CONFIG = Config(2.0), Config(-1.0)


def test_object_attributes_read_inside_loops_and_branches():
    def f(x):
        cfg = CONFIG
        total = 0.0
        for i in range(3):
            if x[0] > i:
                total = total + np.sum(x * cfg.scale)
            else:
                total = total + np.sum(x ** 2) * OTHER_CONFIG.scale
        return total
    check_both(f, np.array([1.5, 0.5]))


def test_object_chosen_by_a_runtime_branch_has_its_attribute_read_at_run_time():
    # (a field read of a run-time value: frontend/calls.py _attribute, primitives/fields.py)
    def f(x):
        cfg = CONFIG
        if x[0] > 0:
            cfg = OTHER_CONFIG
        return np.sum(x * cfg.scale)
    for x in (np.array([1.5, 0.5]), np.array([-1.5, 0.5])):
        check_both(f, x)


# ================================================================================ second derivatives, rebinding, dtypes
def test_hessian_through_a_closure_and_a_lambda():
    def f(x):
        a = x[0]
        def energy(t):
            return np.sum(np.sin(t) * a)
        square_sum = lambda t: np.sum(t * t)  # noqa: E731
        return energy(x) + square_sum(x) * a
    x = np.array([0.3, -0.7, 1.1])
    H = transpiler.hessian(f)(x)
    g = transpiler.grad(f)
    h = 1e-5
    numeric = np.stack([(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-6)


ACTIVATION = np.tanh


def test_rebinding_a_global_function_value_recompiles():
    def f(x):
        act = ACTIVATION
        return np.sum(dense(x, np.eye(2), act))
    global ACTIVATION
    x = np.array([0.3, 0.9])
    g = transpiler.grad(f)
    np.testing.assert_allclose(g(x), 1 - np.tanh(x) ** 2)
    saved = ACTIVATION
    try:
        ACTIVATION = np.sin
        np.testing.assert_allclose(g(x), np.cos(x))
    finally:
        ACTIVATION = saved


def test_lambda_gradient_in_float32():
    x = np.array([0.5, 1.5], dtype=np.float32)
    g = transpiler.grad(lambda x: np.sum(np.exp(x) * 2.0))(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 2 * np.exp(x), rtol=1e-6)


def test_object_passed_as_an_argument_of_the_differentiated_function_has_its_methods_inlined():
    # (refused before: the method of an argument was compiled for the argument's class since;
    # tests/frontend/test_parameter_methods.py)
    model = Model(RNG.normal(size=(3, 2)), RNG.normal(size=2))
    report = transpiler.check_grad(Model.loss, model, DATA, wrt=1)
    assert report.ok, report
    np.testing.assert_allclose(transpiler.grad(Model.loss, wrt=1)(model, DATA), transpiler.grad(model.loss)(DATA))


def test_zip_enumerate_and_indexed_range_over_a_list_of_functions():
    def forward(weights, activations, x):
        for W, act in zip(weights, activations):
            x = act(x @ W)
        return x

    def f(W1, W2):
        acts = [np.tanh, lambda z: z]
        h = forward([W1, W2], acts, DATA)
        total = np.sum(h ** 2)
        for i, act in enumerate(acts):
            total = total + np.sum(act(W1)) * (i + 1.0)
        for i in range(len(acts)):
            total = total + np.sum(acts[i](W2))
        return total
    W1, W2 = RNG.normal(size=(3, 4)) * 0.4, RNG.normal(size=(4, 1))
    check_both(f, W1, W2)
    check_both(f, W1, W2, wrt=1)


def optional_activation(x, W, activation=None):
    h = x @ W
    if activation is not None:
        h = activation(h)
    return h


def test_optional_function_argument_tested_against_none():
    def f(W):
        return np.sum(optional_activation(DATA, W, np.tanh)) + np.sum(optional_activation(DATA, W) ** 2)
    check_both(f, RNG.normal(size=(3, 2)) * 0.5)


def test_appending_a_function_to_a_list_is_refused():
    def f(x):
        fs = []
        fs.append(np.sin)
        return np.sum(x)
    with pytest.raises(UnsupportedSyntaxError, match="used as a value"):
        transpiler.grad(f)(np.ones(2))


# ================================================================ *args and **kwargs of nested functions
def test_nested_def_with_star_args_and_keywords():
    def f(w):
        def h(a, *rest, power=2, **options):
            return (np.sum(a ** power) + sum(r * r for r in rest)) * options.get("scale", 1.0)
        return h(w, w[0], w[1], power=3, scale=2.0) + h(w)

    check_both(f, np.array([0.5, -1.2, 2.0]))


def test_lambda_with_star_args():
    def f(w):
        total = lambda *xs: sum(xs)
        return total(w[0], w[1] * 2, w[2] ** 2)

    check_both(f, np.array([0.5, -1.2, 2.0]))


def test_nested_def_reading_keywords_other_than_by_key_gets_a_dict_of_them():
    # (refused before: `len(options)` needs the dict, made now as Python makes it)
    def f(w):
        def h(a, **options):
            return a * len(options) + options["scale"] * a ** 2
        return h(w, scale=2.0)

    check_both(f, 1.3)
    assert transpiler.grad(f)(1.3) == pytest.approx(1.0 + 4.0 * 1.3)


def test_nested_def_keeping_a_function_keyword_is_refused_at_the_call():
    def f(w):
        def h(a, **options):
            return options.get("act", np.tanh)(a) * len(options)
        return h(w, act=np.sin)

    with pytest.raises(UnsupportedSyntaxError, match=r"calling `h`, which uses `\*\*options`") as info:
        transpiler.grad(f)(1.0)
    assert "return h(w, act=np.sin)" in str(info.value)


def compose(*fs):
    def composed(v):
        for f in reversed(fs):             # the innermost function first
            v = f(v)
        return v
    return composed


SMOOTH = compose(np.tanh, np.exp, lambda v: v * 0.5)


def through_a_composition(w):
    return np.sum(SMOOTH(w))


def make_dense(scale):
    def dense(v):
        return np.tanh(scale * v)
    return dense


def list_of_closures_made_here(w):
    layers = [make_dense(0.5), make_dense(w[0])]
    for layer in layers:
        w = layer(w)
    return np.sum(w)


def tuple_of_lambdas_made_here(w):
    pair = (lambda v: v ** 2, make_dense(2.0))
    return np.sum(pair[1](pair[0](w)))


@pytest.mark.parametrize("f", [through_a_composition, list_of_closures_made_here, tuple_of_lambdas_made_here])
def test_closures_a_helper_made_kept_in_a_list_or_reversed(f):
    # `for f in reversed(fs)` over a tuple of functions, and `[make_dense(0.5), ...]` (closures a
    # helper returned, kept in a display), were refused as functions used as values
    check_both(f, np.array([0.3, -1.2, 0.7]))
