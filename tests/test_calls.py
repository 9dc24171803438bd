"""Calls into user functions (inlined at lowering, transpiler/frontend/calls.py `_inline`) and gradients with
respect to containers (transpiler/api/results.py `in_structure_of`: list/tuple/dict arguments
keep their structure).

The models are the seeds' MLPs written the way people write them: a ``dense`` helper, a
``forward(params, x)`` that loops over ``params = [(W1, b1), (W2, b2)]``, and a ``loss`` (softmax
cross-entropy or mean squared error). Every gradient is checked against central differences of
the original Python function, leaf by leaf, and its structure against the argument's.
"""
import inspect
import os

import numpy as np
import pytest

import helpers_for_calls
import transpiler
from helpers_for_calls import scaled, scaled_square_sum
from transpiler import TranspileError, UnknownFunctionError, UnsupportedSyntaxError

HERE = os.path.basename(__file__)
HELPERS_FILE = os.path.basename(helpers_for_calls.__file__)

# A global of this module with the same name as one in helpers_for_calls: each function must read
# its own module's value.
SCALE = np.array([10.0, 20.0, 30.0])


# =============================================================================== utilities
def _leaves(tree, path=()):
    """(path, array) for every numeric leaf of nested lists/tuples/dicts."""
    if isinstance(tree, (list, tuple)):
        for i, item in enumerate(tree):
            yield from _leaves(item, path + (i,))
    elif isinstance(tree, dict):
        for key, item in tree.items():
            yield from _leaves(item, path + (key,))
    else:
        yield path, tree


def _replace(tree, path, value):
    """A copy of ``tree`` with the leaf at ``path`` replaced (containers rebuilt, never mutated)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(tree, dict):
        out = dict(tree)
        out[head] = _replace(tree[head], rest, value)
        return out
    items = list(tree)
    items[head] = _replace(tree[head], rest, value)
    return type(tree)(items)


def _get(tree, path):
    for key in path:
        tree = tree[key]
    return tree


def numeric_grad(f, args, i, h=1e-6):
    """Central differences of scalar ``f`` w.r.t. ``args[i]`` (an array, number or container),
    returned with the same nested structure as ``args[i]``."""
    args = list(args)
    result = args[i]
    for path, leaf in _leaves(args[i]):
        leaf = np.asarray(leaf, dtype=float)
        g = np.zeros_like(leaf)
        for idx in np.ndindex(leaf.shape):
            step = h * max(1.0, abs(leaf[idx]))
            up, down = leaf.copy(), leaf.copy()
            up[idx] += step
            down[idx] -= step
            as_leaf = (lambda v: float(v)) if leaf.ndim == 0 else (lambda v: v)
            hi = f(*args[:i], _replace(args[i], path, as_leaf(up)), *args[i + 1:])
            lo = f(*args[:i], _replace(args[i], path, as_leaf(down)), *args[i + 1:])
            g[idx] = (hi - lo) / (2 * step)
        result = _replace(result, path, float(g) if leaf.ndim == 0 else g)
    return result


def assert_same_structure(got, like):
    """``got`` is structured exactly like ``like``: same container types, keys, lengths and leaf
    shapes."""
    if isinstance(like, dict):
        assert type(got) is dict, f"expected a dict, got {type(got).__name__}"
        assert list(got) == list(like)
        for key in like:
            assert_same_structure(got[key], like[key])
    elif isinstance(like, (list, tuple)):
        assert type(got) is type(like), f"expected a {type(like).__name__}, got {type(got).__name__}"
        assert len(got) == len(like)
        for g, l in zip(got, like):
            assert_same_structure(g, l)
    else:
        assert np.shape(got) == np.shape(like)


def assert_tree_close(got, expected, rtol=1e-5, atol=1e-7):
    assert_same_structure(got, expected)
    for (path, g), (_, e) in zip(_leaves(got), _leaves(expected)):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, err_msg=f"leaf {path}")


def check_grad(f, args, wrt=0, rtol=1e-5, atol=1e-7):
    """grad(f, wrt)(*args) agrees with central differences and is structured like the arguments."""
    gradient = transpiler.grad(f, wrt=wrt)(*args)
    indices = wrt if isinstance(wrt, tuple) else (wrt,)
    gradients = gradient if isinstance(wrt, tuple) else (gradient,)
    assert len(gradients) == len(indices)
    for i, g in zip(indices, gradients):
        assert_tree_close(g, numeric_grad(f, args, i), rtol=rtol, atol=atol)
    return gradient


def line_of(func, text):
    """The absolute line number of the first line of ``func``'s source containing ``text``."""
    lines, first = inspect.getsourcelines(func)
    for offset, line in enumerate(lines):
        if text in line:
            return first + offset
    raise AssertionError(f"{text!r} not in {func.__name__}")


def mlp_data(seed=0, sizes=(3, 5, 4), batch=6):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(scale=0.7, size=(m, n)), rng.normal(scale=0.3, size=n))
              for m, n in zip(sizes[:-1], sizes[1:])]
    x = rng.normal(size=(batch, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=batch)
    y_onehot = np.eye(sizes[-1])[labels]
    y_real = rng.normal(size=(batch, sizes[-1]))
    return params, x, y_onehot, y_real


# =============================================================================== the seeds' MLPs
def dense(x, W, b):
    return x @ W + b


def relu(z):
    return np.maximum(z, 0.0)


def forward(params, x):
    """``for W, b in params``: a tanh hidden layer per pair, the last layer linear."""
    h = x
    for W, b in params[:-1]:
        h = np.tanh(dense(h, W, b))
    W, b = params[-1]
    return dense(h, W, b)


def forward_indexed(params, x):
    """``params[i]`` indexing: the same network."""
    h = x
    n = len(params)
    for i in range(n - 1):
        W, b = params[i]
        h = np.tanh(dense(h, W, b))
    return dense(h, params[n - 1][0], params[n - 1][1])


def forward_all_tanh(params, x):
    h = x
    for W, b in params:
        h = np.tanh(dense(h, W, b))
    return h


def log_softmax(z):
    shifted = z - np.max(z, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def softmax(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy_loss(params, x, y):
    logits = forward(params, x)
    return -np.mean(np.sum(y * log_softmax(logits), axis=1))


def cross_entropy_loss_indexed(params, x, y):
    logits = forward_indexed(params, x)
    return -np.sum(y * log_softmax(logits)) / x.shape[0]


def cross_entropy_loss_via_softmax(params, x, y):
    p = softmax(forward(params, x))
    return -np.mean(np.sum(y * np.log(p), axis=1))


def mse_loss(params, x, y):
    out = forward(params, x)
    return np.mean((out - y) ** 2)


def mse_loss_indexed(params, x, y):
    out = forward_indexed(params, x)
    return np.mean((out - y) ** 2)


def mse_loss_all_tanh(params, x, y):
    return np.mean((forward_all_tanh(params, x) - y) ** 2)


LOSSES = [cross_entropy_loss, cross_entropy_loss_indexed, cross_entropy_loss_via_softmax,
          mse_loss, mse_loss_indexed, mse_loss_all_tanh]


def _targets(loss, y_onehot, y_real):
    return y_onehot if "cross_entropy" in loss.__name__ else y_real


@pytest.mark.parametrize("loss", LOSSES, ids=[f.__name__ for f in LOSSES])
def test_mlp_gradient_matches_finite_differences_and_is_a_list_of_tuples(loss):
    params, x, y_onehot, y_real = mlp_data()
    y = _targets(loss, y_onehot, y_real)
    gradient = check_grad(loss, (params, x, y))
    assert type(gradient) is list and all(type(layer) is tuple for layer in gradient)
    assert [tuple(g.shape for g in layer) for layer in gradient] == \
        [tuple(p.shape for p in layer) for layer in params]


@pytest.mark.parametrize("loss", LOSSES, ids=[f.__name__ for f in LOSSES])
def test_mlp_value_and_grad_value_is_the_loss(loss):
    params, x, y_onehot, y_real = mlp_data(seed=1)
    y = _targets(loss, y_onehot, y_real)
    value, gradient = transpiler.value_and_grad(loss)(params, x, y)
    assert value == pytest.approx(loss(params, x, y), rel=1e-12)
    assert_tree_close(gradient, transpiler.grad(loss)(params, x, y), rtol=1e-12, atol=0)


def test_mlp_with_three_layers_and_gradient_wrt_params_and_inputs():
    params, x, y_onehot, _ = mlp_data(seed=2, sizes=(2, 4, 3, 3), batch=4)
    check_grad(cross_entropy_loss, (params, x, y_onehot), wrt=(0, 1))


def test_mlp_gradient_by_parameter_name():
    params, x, _, y_real = mlp_data(seed=3)
    by_name = transpiler.grad(mse_loss, wrt="params")(params, x, y_real)
    assert_tree_close(by_name, transpiler.grad(mse_loss)(params, x, y_real), rtol=1e-12, atol=0)


def test_mlp_does_not_modify_the_callers_params():
    params, x, y_onehot, _ = mlp_data(seed=4)
    before = [(W.copy(), b.copy()) for W, b in params]
    transpiler.grad(cross_entropy_loss)(params, x, y_onehot)
    for (W, b), (W0, b0) in zip(params, before):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


def test_mlp_params_given_as_a_tuple_of_lists_keep_that_structure():
    params, x, _, y_real = mlp_data(seed=5)
    as_tuple = tuple([W, b] for W, b in params)
    gradient = check_grad(mse_loss, (as_tuple, x, y_real))
    assert type(gradient) is tuple and all(type(layer) is list for layer in gradient)


def test_mlp_gradient_descent_step_lowers_the_loss():
    params, x, y_onehot, _ = mlp_data(seed=6)
    g = transpiler.grad(cross_entropy_loss)
    before = cross_entropy_loss(params, x, y_onehot)
    for _ in range(5):
        grads = g(params, x, y_onehot)
        params = [(W - 0.1 * dW, b - 0.1 * db) for (W, b), (dW, db) in zip(params, grads)]
    assert cross_entropy_loss(params, x, y_onehot) < before


# --------------------------------------------------------------------------- dict parameters
def dict_loss(p, x, y):
    out = dense(x, p["W"], p["b"])
    return np.mean((out - y) ** 2)


def list_of_dicts_loss(params, x, y):
    h = x
    for layer in params:
        h = np.tanh(dense(h, layer["W"], layer["b"]))
    return np.mean((h - y) ** 2)


def dict_of_lists_loss(p, x, y):
    h = x
    for i in range(len(p["W"])):
        h = np.tanh(dense(h, p["W"][i], p["b"][i]))
    return np.mean((h - y) ** 2) + p["decay"] * np.sum(p["W"][0] ** 2)


def nested_dict_loss(p, x, y):
    h = np.tanh(dense(x, p["encoder"]["W"], p["encoder"]["b"]))
    out = dense(h, p["head"][0], p["head"][1])
    return -np.mean(np.sum(y * log_softmax(out), axis=1))


def test_dict_params_gradient_is_a_dict():
    params, x, _, y_real = mlp_data(seed=7, sizes=(3, 4))
    W, b = params[0]
    gradient = check_grad(dict_loss, ({"W": W, "b": b}, x, y_real))
    assert type(gradient) is dict and list(gradient) == ["W", "b"]


def test_list_of_dicts_gradient_keeps_its_structure():
    params, x, _, y_real = mlp_data(seed=8, sizes=(3, 5, 4))
    layers = [{"W": W, "b": b} for W, b in params]
    gradient = check_grad(list_of_dicts_loss, (layers, x, y_real))
    assert type(gradient) is list and all(type(layer) is dict for layer in gradient)


def test_dict_of_lists_gradient_keeps_its_structure_including_scalar_leaves():
    params, x, _, y_real = mlp_data(seed=9, sizes=(3, 5, 4))
    p = {"W": [W for W, _ in params], "b": [b for _, b in params], "decay": 0.3}
    gradient = check_grad(dict_of_lists_loss, (p, x, y_real))
    assert type(gradient["W"]) is list and type(gradient["b"]) is list
    assert np.ndim(gradient["decay"]) == 0
    assert gradient["decay"] == pytest.approx(np.sum(params[0][0] ** 2))


def test_nested_dict_gradient_values():
    params, x, y_onehot, _ = mlp_data(seed=10, sizes=(3, 5, 4))
    p = {"encoder": {"W": params[0][0], "b": params[0][1]}, "head": [params[1][0], params[1][1]]}
    gradient = check_grad(nested_dict_loss, (p, x, y_onehot))
    assert type(gradient["encoder"]) is dict and type(gradient["head"]) is list


def test_nested_dict_with_a_tuple_inside_keeps_its_structure():
    params, x, y_onehot, _ = mlp_data(seed=10, sizes=(3, 5, 4))
    p = {"encoder": {"W": params[0][0], "b": params[0][1]}, "head": (params[1][0], params[1][1])}
    gradient = check_grad(nested_dict_loss, (p, x, y_onehot))
    assert type(gradient["encoder"]) is dict and type(gradient["head"]) is tuple


def rescale_entry(p, x):
    p["W"] = p["W"] * 2.0
    return np.sum(p["W"] * x)


def test_assigning_an_entry_of_a_dict_argument_works_or_is_reported():
    p, x = {"W": np.array([1.0, -2.0])}, np.array([3.0, 0.5])
    try:
        gradient = transpiler.grad(rescale_entry)(p, x)
    except TranspileError:
        return
    assert_tree_close(gradient, {"W": 2.0 * x})
    assert p["W"].tolist() == [2.0, -4.0]         # the caller's dict changed, as Python changes it


# =============================================================================== call forms
def affine(x, w, b=0.0, scale=1.0):
    return scale * (w * x + b)


def positional_call(x, w):
    return np.sum(affine(x, w, 0.5, 2.0))


def keyword_call(x, w):
    return np.sum(affine(x, w=w, scale=2.0, b=0.5))


def all_keyword_call(x, w):
    return np.sum(affine(scale=2.0, b=0.5, w=w, x=x))


def default_call(x, w):
    return np.sum(affine(x, w))


def default_and_keyword_call(x, w):
    return np.sum(affine(x, w, scale=3.0))


def active_default_override(x, w):
    return np.sum(affine(x, w, b=x * x))


@pytest.mark.parametrize("f, expected_dw", [
    (positional_call, lambda x, w: 2.0 * x),
    (keyword_call, lambda x, w: 2.0 * x),
    (all_keyword_call, lambda x, w: 2.0 * x),
    (default_call, lambda x, w: x),
    (default_and_keyword_call, lambda x, w: 3.0 * x),
    (active_default_override, lambda x, w: x),
], ids=lambda v: getattr(v, "__name__", ""))
def test_positional_keyword_and_default_arguments(f, expected_dw):
    x, w = np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -0.5])
    value, (dx, dw) = transpiler.value_and_grad(f, wrt=(0, 1))(x, w)
    assert value == pytest.approx(f(x, w))
    np.testing.assert_allclose(dw, expected_dw(x, w))
    np.testing.assert_allclose(dx, numeric_grad(f, (x, w), 0), rtol=1e-6)


def test_grad_itself_accepts_keyword_and_default_arguments():
    x, w = np.array([0.5, -1.0]), np.array([1.5, 0.25])
    g = transpiler.grad(affine_sum, wrt="w")
    np.testing.assert_allclose(g(x, w), x)                   # b and scale defaulted
    np.testing.assert_allclose(g(x, w=w, scale=4.0), 4.0 * x)
    np.testing.assert_allclose(g(x=x, w=w, b=1.0), x)


def affine_sum(x, w, b=0.0, scale=1.0):
    return np.sum(affine(x, w, b, scale))


def call_with_wrong_arguments(x):
    return affine(x)


def test_call_with_missing_argument_is_reported_at_the_call():
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(call_with_wrong_arguments)(1.0)
    assert "`affine`" in str(info.value)
    assert info.value.location.line == line_of(call_with_wrong_arguments, "affine(x)")
    assert info.value.hint


# =============================================================================== other modules
def uses_other_module(x):
    return scaled_square_sum(x)


def uses_other_module_by_attribute(x):
    return np.sum(helpers_for_calls.scaled(x) ** 2)


def uses_both_modules_scale(x):
    """``SCALE`` here is this module's; ``scaled`` reads helpers_for_calls.SCALE."""
    return np.sum(SCALE * x) + np.sum(scaled(x))


@pytest.fixture
def restore_helper_globals():
    saved = helpers_for_calls.SCALE, helpers_for_calls.OFFSET
    yield
    helpers_for_calls.SCALE, helpers_for_calls.OFFSET = saved


def test_helper_from_another_module_reads_its_own_globals(restore_helper_globals):
    x = np.array([0.3, -0.7, 1.1])
    s, c = helpers_for_calls.SCALE, helpers_for_calls.OFFSET
    value, gradient = transpiler.value_and_grad(uses_other_module)(x)
    assert value == pytest.approx(np.sum((s * x + c) ** 2))
    np.testing.assert_allclose(gradient, 2 * s * (s * x + c))
    np.testing.assert_allclose(transpiler.grad(uses_other_module_by_attribute)(x), 2 * s * (s * x + c))


def test_rebinding_the_other_modules_global_is_seen_between_calls(restore_helper_globals):
    x = np.array([0.3, -0.7, 1.1])
    g = transpiler.grad(uses_other_module)
    first = g(x)
    helpers_for_calls.SCALE = np.array([-1.0, 0.5, 4.0])
    helpers_for_calls.OFFSET = -2.0
    s, c = helpers_for_calls.SCALE, helpers_for_calls.OFFSET
    second = g(x)
    np.testing.assert_allclose(second, 2 * s * (s * x + c))
    assert not np.allclose(first, second)
    value, _ = transpiler.value_and_grad(uses_other_module)(x)
    assert value == pytest.approx(np.sum((s * x + c) ** 2))


def test_same_global_name_in_two_modules_each_function_reads_its_own(restore_helper_globals):
    x = np.array([0.3, -0.7, 1.1])
    np.testing.assert_allclose(transpiler.grad(uses_both_modules_scale)(x),
                               SCALE + helpers_for_calls.SCALE)
    helpers_for_calls.SCALE = np.array([2.0, 2.0, 2.0])
    np.testing.assert_allclose(transpiler.grad(uses_both_modules_scale)(x), SCALE + 2.0)


def reads_module_attribute_constant(x):
    return x * helpers_for_calls.OFFSET


def test_rebinding_a_module_attribute_number_is_seen(restore_helper_globals):
    g = transpiler.grad(reads_module_attribute_constant)
    assert g(1.0) == pytest.approx(helpers_for_calls.OFFSET)
    helpers_for_calls.OFFSET = 3.0
    assert g(1.0) == pytest.approx(3.0)


# =============================================================================== helper shapes
def split_and_scale(x):
    return np.sin(x), 2.0 * x


def unpacks_tuple(x):
    a, b = split_and_scale(x)
    return np.sum(a * b)


def indexes_tuple(x):
    pair = split_and_scale(x)
    return np.sum(pair[0] * pair[1]) + np.sum(pair[1])


def stats(x):
    mean = np.mean(x)
    centred = x - mean
    return mean, np.mean(centred ** 2), centred


def unpacks_three(x):
    mean, var, centred = stats(x)
    return np.sum(centred ** 3) / var + mean


def passes_dict_through(p):
    return p


def select(p, key):
    return p[key]


def uses_returned_dict(p):
    q = passes_dict_through(p)
    return q["a"] * np.sum(select(q, "b") ** 2)


def makes_dict(x):
    return {"a": x, "b": 2.0 * x}


def uses_made_dict(x):
    d = makes_dict(x)
    return d["a"] * d["b"]


def test_helper_returning_a_tuple_unpacked():
    x = np.array([0.4, -1.3, 2.2])
    gradient = check_grad(unpacks_tuple, (x,))
    np.testing.assert_allclose(gradient, 2 * np.sin(x) + 2 * x * np.cos(x))


def test_helper_returning_a_tuple_indexed():
    check_grad(indexes_tuple, (np.array([0.4, -1.3, 2.2]),))


def test_helper_returning_three_values():
    check_grad(unpacks_three, (np.array([0.4, -1.3, 2.2, 0.9]),))


def test_helper_returning_a_dict_it_was_given():
    p = {"a": 1.5, "b": np.array([0.5, -2.0])}
    gradient = check_grad(uses_returned_dict, (p,))
    assert type(gradient) is dict


def makes_computed_set(x):
    return {x, 1.0}


def uses_computed_set(x):
    s = makes_computed_set(x)
    return x


def test_helper_building_a_dict_is_differentiated():
    np.testing.assert_allclose(transpiler.grad(uses_made_dict)(1.5), 4 * 1.5)


def test_helper_building_a_set_of_a_value_is_reported_with_the_call_chain():
    """A set display's items must be constants (frontend/comprehensions.py): the error points
    into the helper and names the call."""
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(uses_computed_set)(1.0)
    text = str(info.value)
    assert "set display with a computed item" in text and info.value.hint
    assert info.value.location.line == line_of(makes_computed_set, "return {")
    assert "called at " in text and f"{HERE}:{line_of(uses_computed_set, 's = makes_computed_set(')}:" in text


def square(v):
    return v * v


def helper_called_twice(x, y):
    return np.sum(square(x)) + np.sum(square(y)) * np.sum(square(x + y))


def dense_called_twice(x, W1, b1, W2, b2):
    h = np.tanh(dense(x, W1, b1))
    return np.sum(dense(h, W2, b2) ** 2)


def test_helper_called_twice_with_different_arguments():
    x, y = np.array([0.5, -1.0]), np.array([2.0, 0.25])
    check_grad(helper_called_twice, (x, y), wrt=(0, 1))


def test_dense_called_twice_with_different_layers():
    params, x, _, _ = mlp_data(seed=11, sizes=(3, 4, 2))
    (W1, b1), (W2, b2) = params
    check_grad(dense_called_twice, (x, W1, b1, W2, b2), wrt=(0, 1, 2, 3, 4))


# --------------------------------------------------------------------------- control flow inside
def power_with_early_return(x, n):
    if n == 0:
        return np.ones_like(x)
    y = x
    for _ in range(n - 1):
        y = y * x
    if np.sum(y) > 10.0:
        y = y / 10.0
    return y


def two_early_returns(x, n):
    if n == 0:
        return x
    y = x
    for _ in range(n - 1):
        y = y * x
    if y > 10.0:
        return y / 10.0
    return y


def calls_two_early_returns(x, n):
    return two_early_returns(x, n) * 2.0


def calls_power(x, n):
    return np.sum(power_with_early_return(x, n)) + np.sum(power_with_early_return(x, 2))


def while_halving(x):
    y = x
    while np.max(np.abs(y)) > 1.0:
        y = y / 2.0
    return y


def calls_while_halving(x):
    return np.sum(while_halving(x) * x)


def clip_branch(v, limit):
    if v > limit:
        out = limit + 0.1 * (v - limit)
    elif v < -limit:
        out = -limit + 0.1 * (v + limit)
    else:
        out = v
    return out


def calls_clip_in_a_loop(x):
    total = 0.0
    for i in range(len(x)):
        total = total + clip_branch(x[i], 1.0) * (i + 1)
    return total


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("x", [np.array([0.5, -0.4, 0.8]), np.array([1.5, 2.0, 1.2])],
                         ids=["small-sum", "large-sum"])
def test_helper_with_loop_branches_and_early_return(x, n):
    g = transpiler.grad(calls_power)(x, n)
    np.testing.assert_allclose(g, numeric_grad(calls_power, (x, n), 0), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("x, n", [(1.5, 0), (20.0, 0), (20.0, 2), (4.0, 3)])
def test_helper_with_two_early_returns_when_one_is_taken(x, n):
    value, gradient = transpiler.value_and_grad(calls_two_early_returns)(x, n)
    assert value == pytest.approx(calls_two_early_returns(x, n))
    assert gradient == pytest.approx(numeric_grad(calls_two_early_returns, (x, n), 0), rel=1e-6)


@pytest.mark.parametrize("f", [calls_two_early_returns, two_early_returns], ids=["inlined", "top-level"])
def test_helper_with_two_early_returns_falling_through_both(f):
    x, n = 1.5, 2
    value, gradient = transpiler.value_and_grad(f)(x, n)
    assert value == pytest.approx(f(x, n))
    assert gradient == pytest.approx(numeric_grad(f, (x, n), 0), rel=1e-6)


@pytest.mark.parametrize("x", [np.array([0.5, -0.25]), np.array([3.0, -5.0]), np.array([40.0, 1.0])])
def test_helper_with_a_while_loop(x):
    g = transpiler.grad(calls_while_halving)(x)
    np.testing.assert_allclose(g, numeric_grad(calls_while_halving, (x,), 0), rtol=1e-6)


def test_helper_with_elif_chain_called_in_a_loop():
    x = np.array([0.3, 1.7, -2.5, -0.6])
    g = transpiler.grad(calls_clip_in_a_loop)(x)
    np.testing.assert_allclose(g, [1.0, 0.2, 0.3, 4.0])


# --------------------------------------------------------------------------- nesting
def level3(v):
    return np.exp(-v * v)


def level2(v, w):
    return level3(v * w) + w


def level1(v, w):
    return level2(np.sin(v), w) * level2(v, 2.0)


def three_deep(x, w):
    return np.sum(level1(x, w))


def test_nested_helper_calls_three_deep():
    x, w = np.array([0.2, -0.9, 1.4]), np.array([0.7, 1.1, -0.3])
    check_grad(three_deep, (x, w), wrt=(0, 1))


def test_three_deep_across_modules(restore_helper_globals):
    """three_deep_other -> scaled_square_sum -> scaled (two frames in the other module)."""
    x = np.array([0.2, -0.9, 1.4])
    check_grad(three_deep_other, (x,))


def three_deep_other(x):
    return uses_other_module(x) * 0.5


# --------------------------------------------------------------------------- closures
def make_model(shift):
    """The helper closes over ``bias`` and ``shift`` of this enclosing function."""
    bias = np.array([0.5, -0.5, 1.0])

    def helper(x):
        return np.tanh(x + bias) * shift

    def model(x):
        return np.sum(helper(x) ** 2)

    return model


def make_rescaler():
    factor = 2.0

    def inner(x):
        return x * factor

    def outer(x):
        return np.sum(inner(inner(x)))

    def set_factor(value):
        nonlocal factor
        factor = value

    return outer, set_factor


def test_helper_closing_over_constants_of_the_enclosing_function():
    x = np.array([0.1, 0.4, -1.2])
    for shift in (1.0, 3.0):
        model = make_model(shift)
        gradient = check_grad(model, (x,))
        bias = np.array([0.5, -0.5, 1.0])
        t = np.tanh(x + bias)
        np.testing.assert_allclose(gradient, 2 * shift ** 2 * t * (1 - t ** 2))


def test_closure_cell_rebound_between_calls_is_seen():
    outer, set_factor = make_rescaler()
    g = transpiler.grad(outer)
    x = np.ones(2)
    np.testing.assert_allclose(g(x), [4.0, 4.0])
    set_factor(3.0)
    np.testing.assert_allclose(g(x), [9.0, 9.0])


# =============================================================================== recursion
def factorial_like(x, n):
    if n > 1:
        return x * factorial_like(x, n - 1)
    return x


def calls_factorial_like(x):
    return factorial_like(x, 3) + 1.0


def ping(x, n):
    if n <= 0:
        return x
    return pong(x * 0.5, n - 1)


def pong(x, n):
    return ping(np.sin(x), n) + x


def numeric_derivative(f, x, *rest, h=1e-6):
    return (f(x + h, *rest) - f(x - h, *rest)) / (2 * h)


def test_direct_recursion_is_differentiated():
    # a recursive call is not inlined: its derivative rule is the function's own generated gradient
    assert transpiler.grad(factorial_like)(2.0, 3) == pytest.approx(3 * 2.0 ** 2)
    assert transpiler.grad(factorial_like)(1.5, 5) == pytest.approx(numeric_derivative(factorial_like, 1.5, 5), rel=1e-7)


def test_recursion_reached_through_a_call_is_differentiated():
    assert transpiler.grad(calls_factorial_like)(2.0) == pytest.approx(12.0)


def test_mutual_recursion_is_differentiated():
    assert transpiler.grad(ping)(0.7, 4) == pytest.approx(numeric_derivative(ping, 0.7, 4), rel=1e-7)


def test_recursion_in_forward_mode():
    assert transpiler.jvp(factorial_like, (2.0, 3), (1.0, None))[1] == pytest.approx(12.0)


# =============================================================================== errors in helpers
def helper_with_try(x):
    try:
        for _ in range(2):         # (a loop in a `try` block: refused)
            x = 2.0 * np.log(x)
    except FloatingPointError:
        x = x + 1.0
    return x


def calls_helper_with_try(x):
    return helper_with_try(x) * 2.0


def calls_calls_helper_with_try(x):
    return calls_helper_with_try(x) + 1.0


def calls_other_module_try(x):
    return helpers_for_calls.calls_uses_try(x)


def test_error_inside_helper_names_helper_location_and_call_site():
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(calls_helper_with_try)(1.0)
    exc, text = info.value, str(info.value)
    loop_line = line_of(helper_with_try, "for _ in range(2):")      # (the loop the `try` block holds)
    call_line = line_of(calls_helper_with_try, "return helper_with_try(")
    assert exc.location.line == loop_line and os.path.samefile(exc.location.filename, __file__)
    assert text.startswith(f"{__file__}:{loop_line}:9: ")
    assert f"in `helper_with_try`, called at {__file__}:{call_line}:" in text
    assert "`try`" in text and exc.hint
    assert "for _ in range(2):" in text


def test_error_two_calls_deep_lists_the_whole_chain_innermost_first():
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(calls_calls_helper_with_try)(1.0)
    text = str(info.value)
    inner = f"in `helper_with_try`, called at {__file__}:{line_of(calls_helper_with_try, 'return helper_with_try(')}:"
    outer = f"in `calls_helper_with_try`, called at {__file__}:{line_of(calls_calls_helper_with_try, 'return calls_helper_with_try(')}:"
    assert inner in text and outer in text
    assert text.index(inner) < text.index(outer)


def test_error_in_another_module_reports_that_file_and_the_chain():
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(calls_other_module_try)(1.0)
    exc, text = info.value, str(info.value)
    helper_file = inspect.getsourcefile(helpers_for_calls.uses_try)
    loop_line = line_of(helpers_for_calls.uses_try, "for _ in range(2):")
    assert os.path.samefile(exc.location.filename, helper_file)
    assert exc.location.line == loop_line
    assert text.startswith(f"{helper_file}:{loop_line}:")
    assert (f"in `uses_try`, called at {helper_file}:"
            f"{line_of(helpers_for_calls.calls_uses_try, 'return uses_try(')}:") in text
    assert (f"in `calls_uses_try`, called at {__file__}:"
            f"{line_of(calls_other_module_try, 'return helpers_for_calls.calls_uses_try(')}:") in text


def helper_with_fft(x):
    y = np.packbits(x)
    return y


def calls_helper_with_fft(x):
    return np.sum(helper_with_fft(x))


def helper_with_undefined_name(x):
    return x * not_defined_anywhere  # noqa: F821


def calls_helper_with_undefined_name(x):
    return helper_with_undefined_name(x)


def test_unknown_function_inside_helper_points_into_the_helper():
    with pytest.raises(UnknownFunctionError) as info:
        transpiler.grad(calls_helper_with_fft)(np.ones(4))
    assert info.value.location.line == line_of(helper_with_fft, "np.packbits(x)")
    assert "np.packbits" in str(info.value)


def test_unknown_function_inside_helper_names_the_call_chain():
    with pytest.raises(UnknownFunctionError) as info:
        transpiler.grad(calls_helper_with_fft)(np.ones(4))
    call_line = line_of(calls_helper_with_fft, "np.sum(helper_with_fft(")
    assert f"in `helper_with_fft`, called at {__file__}:{call_line}:" in str(info.value)


def test_undefined_name_inside_helper_names_the_call_chain():
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(calls_helper_with_undefined_name)(1.0)
    assert info.value.location.line == line_of(helper_with_undefined_name, "not_defined_anywhere")
    call_line = line_of(calls_helper_with_undefined_name, "return helper_with_undefined_name(")
    assert f"in `helper_with_undefined_name`, called at {__file__}:{call_line}:" in str(info.value)


def test_inlined_helpers_leave_no_calls_in_the_generated_code():
    source = transpiler.grad(three_deep).source()
    body = source[source.index("def three_deep_grad"):]
    for name in ("level1(", "level2(", "level3("):
        assert name not in body
