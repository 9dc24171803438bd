"""List and tuple parameters taken apart into their arrays for the code a call runs
(opt/containers.py, api/flat.py): each spelling of "loop over the layers" gives the gradient of
central finite differences, and the code it runs is straight-line code on the arrays (no list of
zero adjoints added into, no generic matrix-product adjoint), as written by hand."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad, grad, jvp, value_and_grad
from transpiler.opt.containers import UNROLL_LIMIT

GENERIC = ("zeros_like_adjoint(", "add_into(", "matmul_adjoint", "unbroadcast(")


def pairs(params, X, y):
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    return np.mean((h @ W + b - y) ** 2)


def layers(params, X, y):
    h = X
    for i, layer in enumerate(params):
        W, b = layer
        z = h @ W + b
        h = np.tanh(z) if i < len(params) - 1 else z
    return np.mean((h - y) ** 2)


def indexed(params, X, y):
    h = X
    n = len(params)
    for i in range(n - 1):
        h = np.tanh(h @ params[i][0] + params[i][1])
    return np.mean((h @ params[n - 1][0] + params[n - 1][1] - y) ** 2)


def zipped(Ws, bs, X, y):
    h = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        h = np.tanh(h @ W + b)
    return np.mean((h @ Ws[-1] + bs[-1] - y) ** 2)


def through_helper(params, X, y):
    return pairs(params, X, y) + 0.01 * sum_of_squares(params)


def sum_of_squares(params):
    total = 0.0
    for W, b in params:
        total = total + np.sum(W ** 2) + b.dot(b)
    return total


def model(dims=(3, 4, 4, 1), n=5, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    params = [((rng.standard_normal((a, b)) / np.sqrt(a)).astype(dtype), (0.1 * rng.standard_normal(b)).astype(dtype))
              for a, b in zip(dims[:-1], dims[1:])]
    return params, rng.standard_normal((n, dims[0])).astype(dtype), rng.standard_normal((n, dims[-1])).astype(dtype)


def runs(g, args, name):
    """The text of the function a call with ``args`` runs (the helpers before it left out)."""
    source = g.compiled(args).source
    return source[source.index(f"def {name}_"):]


@pytest.mark.parametrize("f", [pairs, layers, indexed, through_helper])
@pytest.mark.parametrize("container", [list, tuple])
def test_a_loop_over_a_list_of_layers_is_exact_and_runs_as_straight_line_code(f, container):
    params, X, y = model()
    params = container(params)
    assert check_grad(f, params, X, y, wrt=0).ok
    code = runs(grad(f), (params, X, y), f.__name__)
    assert not [h for h in GENERIC if h in code]
    assert "for " not in code


def test_zip_of_two_lists_is_taken_apart_like_one_list_of_pairs():
    params, X, y = model()
    Ws, bs = [W for W, _ in params], [b for _, b in params]
    dWs, dbs = grad(zipped, wrt=(0, 1))(Ws, bs, X, y)
    expected = grad(pairs)(params, X, y)
    for (dW, db), want in zip(zip(dWs, dbs), expected):
        np.testing.assert_allclose(dW, want[0], rtol=1e-12)
        np.testing.assert_allclose(db, want[1], rtol=1e-12)
    assert type(dWs) is list and type(dbs) is list
    assert not [h for h in GENERIC if h in runs(grad(zipped, wrt=(0, 1)), (Ws, bs, X, y), "zipped")]


def test_the_gradient_has_the_arguments_structure_and_their_dtype():
    params, X, y = model(dtype=np.float32)
    gradient = grad(pairs)(tuple(params), X, y)
    assert type(gradient) is tuple and all(type(pair) is tuple for pair in gradient)
    assert all(g.dtype == np.float32 and g.shape == p.shape for pair, ps in zip(gradient, params)
               for g, p in zip(pair, ps))


def test_value_and_grad_and_a_data_list_not_differentiated():
    params, X, y = model()
    xs = [X, 2 * X]

    def two_batches(params, xs, y):
        return pairs(params, xs[0], y) + pairs(params, xs[1], y)

    value, gradient = value_and_grad(two_batches)(params, xs, y)
    assert value == pytest.approx(two_batches(params, xs, y), rel=1e-12)
    assert check_grad(two_batches, params, xs, y, wrt=0).ok
    assert "(params_0_0, params_0_1" in runs(grad(two_batches), (params, xs, y), "two_batches")


def test_new_element_shapes_get_code_of_their_own():
    g = grad(pairs)
    for dims in [(3, 4, 4, 1), (2, 5, 1), (3, 4, 4, 1)]:
        params, X, y = model(dims)
        got = g(params, X, y)
        assert [tuple(p.shape for p in pair) for pair in got] == [tuple(p.shape for p in pair) for pair in params]
        assert check_grad(pairs, params, X, y, wrt=0).ok


def test_a_longer_list_stays_a_loop_and_exact():
    params, X, y = model(dims=(2,) * (UNROLL_LIMIT + 2) + (1,))
    assert check_grad(layers, params, X, y, wrt=0).ok
    assert "for " in runs(grad(layers), (params, X, y), "layers")


def test_a_loop_with_a_break_is_not_unrolled_and_exact():
    def until_large(params, X):
        h = X
        for W, b in params:
            h = np.tanh(h @ W + b)
            if np.sum(h ** 2) > 1e6:
                break
        return np.sum(h ** 2)

    params, X, _ = model(dims=(3, 4, 4))
    assert check_grad(until_large, params, X, wrt=0).ok


def test_numbers_inside_are_taken_apart_and_a_list_of_integers_is_passed_whole():
    def scaled(params, powers, X):
        (W, scale), shift = params
        return scale * np.sum(np.tanh(X @ W + shift[0]) ** powers[0])

    W, X = np.ones((3, 2)) * 0.3, np.arange(6.0).reshape(2, 3)
    for powers in ([2], [2.0]):
        assert check_grad(scaled, [(W, 1.5), [0.25]], powers, X, wrt=0).ok
    assert "(params_0_0, params_0_1, params_1_0, powers, X" in runs(grad(scaled), ([(W, 1.5), [0.25]], [2], X),
                                                                   "scaled")


def test_printed_code_keeps_the_list_parameter_whole():
    params, X, y = model()
    assert "def pairs_grad(params, X, y" in grad(pairs).source()


def test_forward_mode_agrees_on_each_spelling():
    params, X, y = model()
    rng = np.random.default_rng(1)
    tangent = [tuple(rng.standard_normal(p.shape) for p in pair) for pair in params]
    for f in (pairs, layers, indexed):
        gradient = grad(f)(params, X, y)
        _, directional = jvp(f, (params, X, y), (tangent, None, None))
        expected = sum(np.sum(g * t) for pair, tpair in zip(gradient, tangent) for g, t in zip(pair, tpair))
        assert directional == pytest.approx(expected, rel=1e-10)


def by_name(p, X):
    h = np.tanh(X @ p["W1"] + p["b1"])
    return np.sum((h @ p["W2"]) ** 2)


def nested_dicts(p, X):
    h = X
    for layer in p["layers"]:
        h = np.tanh(h @ layer["W"] + layer["b"])
    return np.sum(h ** 2) + p["scale"] * np.sum(h)


def test_a_dict_of_arrays_is_taken_apart_by_key():
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((3, 4)), "b1": rng.standard_normal(4), "W2": rng.standard_normal((4, 2))}
    X = rng.standard_normal((5, 3))
    assert check_grad(by_name, p, X).ok
    gradient = grad(by_name)(p, X)
    assert list(gradient) == ["W1", "b1", "W2"]
    code = runs(grad(by_name), (p, X), "by_name")
    assert "(p_W1, p_b1, p_W2, X" in code and not [h for h in GENERIC if h in code]


def test_dicts_and_lists_nested_with_a_number_inside():
    rng = np.random.default_rng(1)
    p = {"layers": [{"W": rng.standard_normal((3, 3)), "b": rng.standard_normal(3)} for _ in range(3)], "scale": 0.5}
    X = rng.standard_normal((5, 3))
    assert check_grad(nested_dicts, p, X).ok
    gradient = grad(nested_dicts)(p, X)
    assert type(gradient["layers"]) is list and list(gradient["layers"][0]) == ["W", "b"]
    code = runs(grad(nested_dicts), (p, X), "nested_dicts")
    assert not [h for h in GENERIC if h in code] and "for " not in code


def test_an_element_that_is_another_elements_gradient_is_handed_back_as_a_copy():
    def product(pair):
        return np.sum(pair[0] * pair[1])

    pair = [np.arange(3.0), np.ones(3)]
    d_first, d_second = grad(product)(pair)
    assert d_first is not pair[1] and not np.shares_memory(d_first, pair[1])
    assert not np.shares_memory(d_second, pair[0])
    np.testing.assert_array_equal(d_first, pair[1])
