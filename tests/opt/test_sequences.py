"""``+`` of two list (or tuple) parameters is their concatenation, ``*`` of one and an integer its
repetition, decided per call from the arguments' kinds (opt/sequences.py): differentiated as a sum
of arrays it gave silently wrong gradients (h2's finding: 12 for ys where 6 is right; a tuple
parameter plus a tuple display, x4's)."""
import numpy as np
import pytest

import transpiler
from transpiler import TranspileError


def stacked_sum(xs, ys):
    return np.sum(np.stack(xs + ys) ** 2)


def sliced_sum(xs, ys):
    zs = xs[1:] + ys
    return np.sum(np.stack(zs) ** 2)


def repeated(xs):
    return np.sum(np.stack(xs * 2) ** 2)


def repeated_by_a_count(xs, n):
    return np.sum(np.stack(n * xs) ** 2)


def repeated_by_an_array(xs, x):
    return np.sum(np.stack(xs * x))


def tuple_parameter_plus_a_display(t):
    a, b = t
    u = t + (a,)            # (a wrong gradient: added as arrays, a's adjoint counted twice over)
    return sum(u) * u[2]


def mixed(x, xs):
    return np.sum((x + xs) ** 2)       # an array plus a list: NumPy's addition


XS = [np.array([1.0, -1.0]), np.array([2.0, 0.5])]
YS = [np.array([3.0, 0.25])]


def _expected(f, xs, ys):
    """Central differences, element by element of every leaf."""
    def at(k, j, step):
        leaves = [a.copy() for a in xs + ys]
        leaves[k][j] += step
        return f(leaves[:len(xs)], leaves[len(xs):])
    return [np.array([(at(k, j, 1e-6) - at(k, j, -1e-6)) / 2e-6 for j in range(a.size)])
            for k, a in enumerate(xs + ys)]


@pytest.mark.parametrize("container", [list, tuple])
@pytest.mark.parametrize("f", [stacked_sum, sliced_sum])
def test_the_sum_of_two_list_parameters_is_their_concatenation_in_every_transform(f, container):
    xs, ys = container(XS), container(YS)
    expected = _expected(f, list(XS), list(YS))
    dxs, dys = transpiler.grad(f, wrt=(0, 1))(xs, ys)
    for got, want in zip([*dxs, *dys], expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
    pulled = transpiler.vjp(f, xs, ys)[1](1.0)
    for got, want in zip([*pulled[0], *pulled[1]], expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
    ones = (container(np.ones(2) for _ in XS), container(np.ones(2) for _ in YS))
    value, tangent = transpiler.jvp(f, (xs, ys), ones)
    assert value == pytest.approx(f(xs, ys))
    assert tangent == pytest.approx(sum(np.sum(e) for e in expected))


@pytest.mark.parametrize("container", [list, tuple])
def test_a_list_repeated_by_an_integer_in_every_transform(container):
    xs = container(XS)
    for f, args in ((repeated, (xs,)), (repeated_by_a_count, (xs, 3))):
        n = 2 if f is repeated else 3
        expected = [2 * n * a for a in XS]           # d/dx of n copies of sum(x**2)
        for got, want in zip(transpiler.grad(f)(*args), expected):
            np.testing.assert_allclose(got, want, rtol=1e-12)
        tangents = (container(np.ones(2) for _ in XS),) + (None,) * (len(args) - 1)
        _, tangent = transpiler.jvp(f, args, tangents)
        assert tangent == pytest.approx(sum(np.sum(e) for e in expected))


def test_a_tuple_parameter_plus_a_tuple_display_is_their_concatenation():
    t = (0.3, 1.5)
    report = transpiler.check_grad(tuple_parameter_plus_a_display, t)
    assert report.ok, report
    _, tangent = transpiler.jvp(tuple_parameter_plus_a_display, (t,), ((1.0, 0.0),))
    assert tangent == pytest.approx(transpiler.grad(tuple_parameter_plus_a_display)(t)[0])


def test_a_list_times_an_array_is_refused_at_its_line():
    with pytest.raises(TranspileError, match=r"test_sequences.py:\d+:\d+: `\*` of a list or tuple"):
        transpiler.grad(repeated_by_an_array, wrt=1)(list(XS), np.ones(2))


def test_an_array_plus_a_list_stays_numpys_addition():
    x = np.array([0.5, 1.5])
    got = transpiler.grad(mixed, wrt=(0, 1))(x, [1.0, 2.0])
    np.testing.assert_allclose(got[0], 2 * (x + [1.0, 2.0]))
    np.testing.assert_allclose(got[1], 2 * (x + [1.0, 2.0]))


def solver_steps(params, x):
    for step in range(3):
        params = params.copy()
        params["w"] = params["w"] - 0.1 * np.sin(params["b"] * x)
    return (params["w"] * params["b"]).sum()


def array_steps(y, x):
    for step in range(3):
        y = y.copy()
        y[0] = y[1] * x[2]
    return (y * y).sum()


def test_a_dict_parameter_copied_in_a_loop_stays_a_dict():
    """``params = params.copy()`` in a loop over a solver's steps, ``params`` the caller's dict:
    the loop's value merges the parameter and its updates, which lowering cannot see the kind
    of; it was copied as an array (``np.copy`` of a dict: a 0-d object array, then an IndexError
    reading ``params['w']``). Now its kind is the call's (opt/sequences.py)."""
    x = np.array([0.3, 0.5, 0.7])
    params = {"w": x * 1.5, "b": x * 2}
    assert transpiler.check_grad(solver_steps, params, x, wrt=(0, 1))
    direction = {"w": np.array([1.0, -0.5, 0.2]), "b": np.array([0.3, 0.0, 1.0])}
    value, tangent = transpiler.jvp(lambda p: solver_steps(p, x), (params,), (direction,))
    h = 1e-6
    moved = [solver_steps({k: params[k] + s * h * direction[k] for k in params}, x) for s in (1, -1)]
    assert np.isclose(value, solver_steps(params, x))
    assert np.isclose(tangent, (moved[0] - moved[1]) / (2 * h), rtol=1e-6)
    source = transpiler.grad(solver_steps).source(args=(params, x))
    assert "np.copy(params" not in source


def test_an_array_parameter_copied_in_a_loop_stays_numpys_copy():
    x = np.array([0.3, 0.5, 0.7])
    assert transpiler.check_grad(array_steps, x * 2, x, wrt=(0, 1))
    assert "np.copy(" in transpiler.grad(array_steps).source(args=(x * 2, x))


def solver_steps_dict_call(params, x):
    for step in range(2):
        params = dict(params)
        for k in ("w", "b"):
            params[k] = params[k] * np.cos(x)
    return (params["w"] * params["b"]).sum()


def test_dict_of_a_dict_parameter_in_a_loop():
    """``params = dict(params)`` in the loop: a copy of a dict the call passes, as for a parameter
    (it was refused: no derivative rule for ``dict``). A list passed instead is read as (key, value)
    pairs, as ``dict`` reads it: items of three values raise the ValueError Python's does."""
    x = np.array([0.3, 0.5, 0.7])
    assert transpiler.check_grad(solver_steps_dict_call, {"w": x * 1.5, "b": x * 2}, x, wrt=(0, 1))
    with pytest.raises(ValueError):
        solver_steps_dict_call([x, x], x)
    with pytest.raises(ValueError, match="too many values to unpack"):
        transpiler.grad(solver_steps_dict_call)([x, x], x)
