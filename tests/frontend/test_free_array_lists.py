"""Short lists and tuples of arrays read from a closure, a module global or a global object's
attribute, taken apart as list arguments are (frontend/free_arrays.py): each spelling's gradient
against central finite differences in reverse and forward mode, the printed code unrolled with no
generic helper, and the list changed between calls (grown, shortened, rebound, an item of
another shape) compiling anew rather than running code unrolled for the old one."""
import numpy as np
import pytest

import transpiler
from transpiler.frontend.zipped_loops import UNROLL_LIMIT

RNG = np.random.default_rng(3)
X = RNG.standard_normal((4, 3))
# 3 -> 5 -> 2: layers of different shapes
PARAMS = [(RNG.standard_normal((3, 5)) / 2, RNG.standard_normal(5)), (RNG.standard_normal((5, 2)) / 2, RNG.standard_normal(2))]
PARAMS_TUPLE = tuple(PARAMS)
WS, BS = [W for W, _ in PARAMS], [b for _, b in PARAMS]
XS = [RNG.standard_normal((6, 3)) for _ in range(3)]
TS = [RNG.standard_normal((6, 2)) for _ in range(3)]
W0 = RNG.standard_normal((3, 2)) / 2
GENERIC_HELPERS = ("matmul_adjoint", "unbroadcast", "add_into", "zeros_like_adjoint", "accumulate", "appended",
                   "iterated")


def mlp(x, params):
    for W, b in params:
        x = np.tanh(x @ W + b)
    return np.sum(x ** 2)


def make_mlp(params):
    def mlp_closure(x):
        for W, b in params:
            x = np.tanh(x @ W + b)
        return np.sum(x ** 2)
    return mlp_closure


def mlp_global(x):
    for W, b in PARAMS:
        x = np.tanh(x @ W + b)
    return np.sum(x ** 2)


def mlp_global_tuple(x):
    for W, b in PARAMS_TUPLE:
        x = np.tanh(x @ W + b)
    return np.sum(x ** 2)


def mlp_zip_globals(x):
    for W, b in zip(WS, BS):
        x = np.tanh(x @ W + b)
    return np.sum(x ** 2)


def mlp_enumerate_global(x):
    for i, (W, b) in enumerate(PARAMS):
        x = np.tanh(x @ W + b) * (i + 1)
    return np.sum(x ** 2)


class Net:
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, x):
        for W, b in self.layers:
            x = np.tanh(x @ W + b)
        return x


NET = Net(PARAMS)


def mlp_attribute(x):
    return np.sum(NET(x) ** 2)


def list_loss_global(W):
    """N50 (tests/benchmarks/natural5.py) with its data lists module globals."""
    return sum(np.sum((np.tanh(x @ W) - t) ** 2) for x, t in zip(XS, TS)) / len(XS)


def make_list_loss(xs, ts):
    def list_loss_closure(W):
        return sum(np.sum((np.tanh(x @ W) - t) ** 2) for x, t in zip(xs, ts)) / len(xs)
    return list_loss_closure


SPELLINGS = {
    "closure": (make_mlp(PARAMS), X),
    "global": (mlp_global, X),
    "global tuple": (mlp_global_tuple, X),
    "zip of globals": (mlp_zip_globals, X),
    "enumerate of a global": (mlp_enumerate_global, X),
    "global object's attribute": (mlp_attribute, X),
    "N50, globals": (list_loss_global, W0),
    "N50, closure": (make_list_loss(XS, TS), W0),
}


def forward_matches_finite_differences(f, x):
    direction = np.random.default_rng(1).standard_normal(x.shape)
    _, tangent = transpiler.jvp(f, (x,), (direction,))
    h = 1e-6
    expected = (f(x + h * direction) - f(x - h * direction)) / (2 * h)
    np.testing.assert_allclose(tangent, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", SPELLINGS)
def test_gradient_of_a_free_list_spelling_matches_finite_differences(name):
    f, x = SPELLINGS[name]
    report = transpiler.check_grad(f, x)
    assert report.ok, report
    forward_matches_finite_differences(f, x)


@pytest.mark.parametrize("name", SPELLINGS)
def test_printed_gradient_of_a_free_list_spelling_has_no_loop_and_no_generic_helper(name):
    f, x = SPELLINGS[name]
    code = transpiler.grad(f).source(args=(x,))
    body = code[code.index(f"def {f.__name__}_grad"):]
    assert "for " not in body, body
    assert not [h for h in GENERIC_HELPERS if h in body], body


def test_free_list_gradient_equals_the_list_argument_gradient():
    expected = transpiler.grad(mlp)(X, PARAMS)
    for name in ("closure", "global", "global tuple", "zip of globals", "global object's attribute"):
        f, x = SPELLINGS[name]
        np.testing.assert_allclose(transpiler.grad(f)(x), expected, rtol=1e-12, err_msg=name)


LAYERS = [(RNG.standard_normal((3, 3)) / 2, RNG.standard_normal(3)) for _ in range(2)]


def mlp_of_changing_global(x):
    for W, b in LAYERS:
        x = np.tanh(x @ W + b)
    return np.sum(x ** 2)


def test_global_list_grown_shortened_or_rebound_between_calls_gives_the_new_lists_gradient():
    global LAYERS
    gradient = transpiler.grad(mlp_of_changing_global)
    original = list(LAYERS)
    try:
        for change in ("append", "pop", "rebind", "item of another shape", "item replaced", "a pair made a list"):
            if change == "append":
                LAYERS.append((RNG.standard_normal((3, 3)) / 2, RNG.standard_normal(3)))
            elif change == "pop":
                LAYERS.pop()
                LAYERS.pop()
            elif change == "rebind":
                LAYERS = [(RNG.standard_normal((3, 3)) / 2, RNG.standard_normal(3)) for _ in range(4)]
            elif change == "item of another shape":     # 3 -> 4 -> 3: the same length, other shapes
                LAYERS = [(RNG.standard_normal((3, 4)) / 2, RNG.standard_normal(4)),
                          (RNG.standard_normal((4, 3)) / 2, RNG.standard_normal(3))]
            elif change == "item replaced":
                LAYERS[1] = (RNG.standard_normal((4, 3)), RNG.standard_normal(3))
            else:
                LAYERS[0] = list(LAYERS[0])
            np.testing.assert_allclose(gradient(X), transpiler.grad(mlp)(X, LAYERS), rtol=1e-12, err_msg=change)
            report = transpiler.check_grad(mlp_of_changing_global, X)
            assert report.ok, (change, report)
    finally:
        LAYERS = original


def test_closure_list_grown_between_calls_gives_the_new_lists_gradient():
    layers = [(RNG.standard_normal((3, 3)) / 2, RNG.standard_normal(3))]
    f = make_mlp(layers)
    gradient = transpiler.grad(f)
    first = gradient(X)
    np.testing.assert_allclose(first, transpiler.grad(mlp)(X, layers), rtol=1e-12)
    layers.append((RNG.standard_normal((3, 3)) / 2, RNG.standard_normal(3)))
    np.testing.assert_allclose(gradient(X), transpiler.grad(mlp)(X, layers), rtol=1e-12)
    assert not np.allclose(gradient(X), first)


LONG = [RNG.standard_normal((3, 3)) / 4 for _ in range(UNROLL_LIMIT + 1)]


def chain_of_long_global(x):
    for W in LONG:
        x = np.tanh(x @ W)
    return np.sum(x ** 2)


def test_longer_global_list_stays_a_run_time_loop_with_a_right_gradient():
    report = transpiler.check_grad(chain_of_long_global, X)
    assert report.ok, report
    code = transpiler.grad(chain_of_long_global).source(args=(X,))
    assert "for " in code[code.index("def chain_of_long_global_grad"):]


SEEN = [np.ones(3)]


def appends_to_global(x):
    SEEN.append(x)
    return np.sum(SEEN[0] * x ** 2)


def test_global_list_the_function_appends_to_is_the_callers_list():
    before = len(SEEN)
    gradient = transpiler.grad(appends_to_global)(np.arange(3.0))
    np.testing.assert_allclose(gradient, 2 * SEEN[0] * np.arange(3.0))
    assert len(SEEN) == before + 1           # the append is seen outside, as Python's own call's


HISTORY = [np.zeros(3)]


def record(log, v):
    log.append(v)


def records_through_a_helper_and_an_alias(x):
    record(HISTORY, x * 1.0)
    alias = HISTORY
    alias.append(x * 2.0)
    return np.sum(x ** 2) + np.sum(HISTORY[0])


def test_global_list_given_to_a_helper_or_another_name_that_appends_is_the_callers_list():
    before = len(HISTORY)
    gradient = transpiler.grad(records_through_a_helper_and_an_alias)(np.ones(3))
    np.testing.assert_allclose(gradient, 2 * np.ones(3))
    assert len(HISTORY) == before + 2


def stacked_global(x):
    return np.sum(np.tanh(np.stack(XS) @ x[:, None]))


def test_global_list_given_to_numpy_is_read_as_its_display_with_a_right_gradient():
    report = transpiler.check_grad(stacked_global, np.ones(3))
    assert report.ok, report
    forward_matches_finite_differences(stacked_global, np.ones(3))
    code = transpiler.grad(stacked_global).source(args=(np.ones(3),))
    assert "XS_0" in code                  # (its arrays taken apart: keywords of their own)
