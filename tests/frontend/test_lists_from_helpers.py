"""Lists made where the compiler sees them being made stay lists made in the function:
``acts, n = helper()`` returning a tuple that holds one, and ``[X] + [None] * (len(units) - 1)``
(scikit-learn's MLP buffers: a count that is a ``len``), so writing an item (``acts[1] = ...``)
changes the list, not the global array ``X`` it holds (refused before as a write into X)."""
import numpy as np

from transpiler import grad, hessian, jvp

X = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])
UNITS = (3, 4)


def buffers(units):
    layer_units = [X.shape[1]] + list(units) + [1]
    activations = [X] + [None] * (len(layer_units) - 1)
    deltas = [None] * (len(activations) - 1)
    return activations, deltas, len(layer_units)


def forward(activations, weights):
    for i in range(len(weights)):
        activations[i + 1] = np.tanh(activations[i] @ weights[i])
    return activations


def network(w):
    activations, deltas, n_layers = buffers(UNITS[:1])
    activations = forward(activations, [w, np.ones((3, 1))])
    return np.sum(activations[-1]) + n_layers


def network_by_hand(w):
    h = np.tanh(X @ w)
    return np.sum(np.tanh(h @ np.ones((3, 1)))) + 3


W = 0.1 * np.arange(9.0).reshape(3, 3) - 0.3


def fd_grad(f, w, eps=1e-6):
    g = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[idx] = eps
        g[idx] = (f(w + e) - f(w - e)) / (2 * eps)
    return g


def test_a_list_returned_in_a_tuple_by_a_helper_is_written_item_by_item():
    assert np.isclose(network(W), network_by_hand(W))
    np.testing.assert_allclose(grad(network)(W), fd_grad(network_by_hand, W), rtol=1e-6, atol=1e-8)
    direction = np.ones_like(W)
    np.testing.assert_allclose(jvp(network, (W,), (direction,))[1], np.sum(fd_grad(network_by_hand, W)),
                               rtol=1e-6)
    h = hessian(lambda v: network(v.reshape(3, 3)))(W.ravel())
    h_fd = fd_grad(lambda v: grad(network_by_hand)(v.reshape(3, 3)).ravel()[2], W.ravel())
    np.testing.assert_allclose(h[2], h_fd, rtol=1e-5, atol=1e-7)


def repeated_by_a_count_of_len(w):
    pieces = [X] + [None] * len(UNITS)          # (X, UNITS globals: the count is an int, not known here)
    pieces[1] = pieces[0] @ w
    pieces[2] = np.sin(pieces[1])
    return np.sum(pieces[2])


def test_a_list_repeated_by_a_len_is_a_list():
    w = np.array([0.1, 0.4, -0.3])
    expected = X.T @ np.cos(X @ w)
    np.testing.assert_allclose(grad(repeated_by_a_count_of_len)(w), expected)
    np.testing.assert_allclose(jvp(repeated_by_a_count_of_len, (w,), (np.ones(3),))[1], np.sum(expected))
    np.testing.assert_allclose(hessian(repeated_by_a_count_of_len)(w), -X.T @ np.diag(np.sin(X @ w)) @ X)


def times_an_array(x):
    return np.sum([1.0, 2.0] * x)          # NumPy's product: the list times the array


def test_a_list_times_an_array_is_still_numpys_product():
    x = np.array([3.0, 5.0])
    assert times_an_array(x) == 13.0
    np.testing.assert_allclose(grad(times_an_array)(x), [1.0, 2.0])
