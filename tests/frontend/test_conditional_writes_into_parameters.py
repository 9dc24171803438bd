"""A helper's ``x op= v`` on its parameter under a branch (``if np.linalg.norm(g) > 0: q += ...``,
or after an early ``return q``: the ``ahrs`` package's Madgwick ``updateIMU`` called as
``Q[t] = self.updateIMU(Q[t-1], ...)``; tests/realworld/madgwick_imu_orientation.py) changes the
caller's array on the path that runs it, as NumPy does; the caller's names for that array (the
row ``Q[t-1]`` of ``Q`` too) mean the merged value after the call. Without the branch this was
supported (helper_results.py); with it, reading the caller's array was refused at run time
("`q += ...` changes an array in place, and another name ... is read afterwards"). Where one path
rebinds the name instead, the caller's array is not the parameter's value: still refused."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip


def nudge(q, g, scale):
    if scale > 0:
        q += scale * g[0]
    return q


def nudge_or_return(q, g, scale):
    if not scale > 0:
        return q
    q += scale * g
    q /= np.linalg.norm(q)
    return q


def rows_of_a_matrix(g, scale):
    Q = np.zeros((4, 3))
    Q[0] = [1.0, 0.5, 0.25]
    for t in range(1, 4):
        Q[t] = nudge_or_return(Q[t - 1], g * t, scale)
    return np.sum(Q * np.arange(1.0, 4.0))


def argument_read_after(g, scale):
    q0 = np.array([0.3, -0.2, 0.9])
    r = nudge(q0, g, scale)
    return np.sum(r * np.arange(3.0)) + np.sum(q0 ** 2)


def row_of_the_callers_array(g, scale):
    Q = np.ones((2, 3))
    Q[1] = nudge(Q[0], g, scale)
    return np.sum(Q * np.arange(6.0).reshape(2, 3))


CASES = [rows_of_a_matrix, argument_read_after, row_of_the_callers_array]
G = np.array([0.4, -0.7, 0.2])


@pytest.mark.parametrize("scale", [0.3, -1.0], ids=["taken", "not-taken"])
@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f, scale):
    assert roundtrip.mismatch(f, (G, scale)) is None


@pytest.mark.parametrize("scale", [0.3, -1.0], ids=["taken", "not-taken"])
@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f, scale):
    value, gradient = transpiler.value_and_grad(f)(G, scale)
    assert value == pytest.approx(f(G.copy(), scale), rel=1e-12)
    report = transpiler.check_grad(f, G, scale)
    assert report.ok, report


@pytest.mark.parametrize("scale", [0.3, -1.0], ids=["taken", "not-taken"])
@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f, scale):
    t = np.array([1.0, -0.5, 0.25])
    value, derivative = transpiler.jvp(f, (G, scale), (t, None))
    h = 1e-6
    assert value == pytest.approx(f(G.copy(), scale), rel=1e-12)
    assert derivative == pytest.approx((f(G + h * t, scale) - f(G - h * t, scale)) / (2 * h), rel=1e-6, abs=1e-10)


def rebinds_on_one_path(q, g, scale):
    if scale > 0:
        q += scale * g[0]
    else:
        q = q * 2.0                 # a new array: the caller's is left as it is on this path
    return q


def caller_of_a_rebinding_helper(g, scale):
    Q = np.ones((2, 3))
    Q[1] = rebinds_on_one_path(Q[0], g, scale)
    return np.sum(Q * np.arange(6.0).reshape(2, 3))


def test_a_path_that_rebinds_the_parameter_is_still_refused():
    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match="changes an array in place"):
        transpiler.grad(caller_of_a_rebinding_helper)(G, 0.3)
