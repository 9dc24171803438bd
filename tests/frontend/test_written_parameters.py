"""A helper that writes into an array its caller passed (frontend/calls.py ``_written_back``):
NumPy writes in place, so the caller's names for that array see the writes. sklearn's
``_log_logistic_sigmoid(n_samples, n_features, X, out)`` fills ``out``; CALFEM's
``assem(edof, K, Ke)`` adds into ``K`` and is called in a loop for its effect. Both modes and the
Hessian against finite differences; what stays refused (a parameter rebound, the array read
through another name the helper made) is refused at the read. Views passed (``out[1:]``,
``filtered_mus[t]``) and ``x op= v`` on a parameter: test_written_views.py."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])


def _fill_log_logistic(n, X, out):
    for i in range(n):
        if X[i] > 0:
            out[i] = -np.log(1. + np.exp(-X[i]))
        else:
            out[i] = X[i] - np.log(1. + np.exp(X[i]))


def log_logistic(X, out=None):
    if out is None:
        out = np.empty_like(X)
    _fill_log_logistic(len(X), X, out)
    return out


def filled_by_a_helper(x):
    return np.sum(log_logistic(x) * x)


def assem(idx, K, Ke):
    K[np.ix_(idx, idx)] = K[np.ix_(idx, idx)] + Ke
    return K


def assembled_in_a_loop(x):
    K = np.eye(3)
    for idx in (np.array([0, 1]), np.array([1, 2])):
        assem(idx, K, np.outer(x[idx], x[idx]))
    return np.sum(K ** 2)


def assembled_in_a_branch_and_a_while_loop(x):
    K = np.zeros((3, 3))
    if x[0] > 0:
        assem(np.array([0, 2]), K, np.outer(x[::2], x[::2]))
    k = 0
    while k < 2:
        assem(np.array([k]), K, np.atleast_2d(x[k] ** 2))
        k += 1
    return np.sum(K * K) + np.sum(K[0])


def _scale_into(out, s):
    out[:] = out * s
    out[0] = out[0] + 1.0


def _nested(out, x):
    _scale_into(out, x[1])
    return 0


def written_through_two_helpers(x):
    buf = x * 2
    _nested(buf, x)
    return np.sum(buf ** 2)


def set_first(a):
    a[0] = 0.0
    return a


def written_and_returned(x):
    # (was refused as a read after a write through another name: `x` is `z`, both see the write)
    x = x * 2.0
    z = set_first(x)
    return np.sum(x * z)


@pytest.mark.parametrize("f", [filled_by_a_helper, written_and_returned, assembled_in_a_loop, assembled_in_a_branch_and_a_while_loop,
                               written_through_two_helpers])
def test_a_helpers_writes_reach_the_callers_array_in_both_modes(f):
    assert_both_modes(f, X)


def test_hessian_through_an_assembly_loop():
    g = transpiler.grad(assembled_in_a_loop)
    h = 1e-6
    numeric = np.stack([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(transpiler.hessian(assembled_in_a_loop)(X), numeric, rtol=1e-5, atol=1e-6)


def _rebinds(out):
    out = np.zeros(3)              # a new array: the caller's is untouched
    out[0] = 5.0
    return out


def rebound_parameter(x):
    out = x * 2
    _rebinds(out)
    return np.sum(out)


def test_a_parameter_rebound_to_a_new_array_leaves_the_callers_alone():
    assert_both_modes(rebound_parameter, X)
    assert transpiler.value_and_grad(rebound_parameter)(X)[0] == pytest.approx(np.sum(2 * X))


def view_passed(x):
    out = x * 2
    _fill_log_logistic(2, x, out[1:])
    return np.sum(out)


def test_a_view_written_by_a_helper_writes_the_callers_array():
    # (was refused at the read: NumPy writes `out[1:]`'s elements of `out`; test_written_views.py)
    assert_both_modes(view_passed, X)
    assert transpiler.value_and_grad(view_passed)(X)[0] == pytest.approx(view_passed(X.copy()))


def _writes_through_its_own_view(out):
    out = out[::-1]                # a view the helper made: the caller's array, reversed
    out[0] = 5.0


def view_made_in_the_helper(x):
    out = x * 2
    _writes_through_its_own_view(out)
    return np.sum(out * np.arange(3.0))


def test_a_view_the_helper_made_and_wrote_into_is_refused_at_the_read():
    # the caller's `out` was taken to be the helper's reversed view: a wrong value and gradient
    # (for x = [0.3, -1.2, 0.7]: -0.6 and [2, 1, 0] where Python gives 8.8 and [0, 1, 0])
    assert view_made_in_the_helper(X) == pytest.approx(7.6)
    with pytest.raises(UnsupportedSyntaxError, match="read after a write through"):
        transpiler.value_and_grad(view_made_in_the_helper)(X)
