"""Element-by-element loops run on Python floats in the code a gradient call runs
(backends/items.py): the same gradient as NumPy's floats, bit for bit, and NumPy's inf and nan
where Python's floats raise."""
import types
import warnings

import numpy as np
import pytest

from transpiler import check_grad, grad, hessian, jvp, value_and_grad


def pair_energy(x):
    n = len(x)
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = x[i] - x[j]
            e = e + 1.0 / (1.0 + d * d)
    return e


def recurrence(x, a):
    s = 0.0
    for t in range(1, len(x)):
        s = a * s + np.sin(x[t] - x[t - 1]) ** 2
    return s


def inverse_distances(x):
    e = 0.0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            e = e + 1.0 / (x[i] - x[j])
    return e


def cube_roots(x):
    e = 0.0
    for i in range(len(x)):
        e = e + x[i] ** (1 / 3)
    return e


def runs(g, args):
    return g.compiled(args).source


def on_numpy_floats(g, args):
    """What the generated code ``g``'s calls run returns from its own NumPy body: the same
    function with its Python-float companion made to raise what Python floats raise."""
    g(*args)                    # (the code a call runs is compiled at the second call)
    g(*args)
    generated = g.compiled(args)
    function = generated.function
    module = dict(function.__globals__)
    companions = [name for name in module if name.endswith("_on_floats")]
    assert companions, "the code runs on Python floats"

    def raises(*_args, **_kwargs):
        raise ZeroDivisionError

    module.update(dict.fromkeys(companions, raises))
    numpy_body = types.FunctionType(function.__code__, module, function.__name__, function.__defaults__)
    return numpy_body(*args, **generated.free_values())     # (globals and closure values read)


X = np.random.default_rng(0).uniform(-2.0, 2.0, 9)


@pytest.mark.parametrize("f, args", [(pair_energy, (X,)), (recurrence, (X, 0.9))])
def test_a_scalar_loop_over_elements_runs_on_floats_and_is_exact(f, args):
    assert check_grad(f, *args, wrt=0).ok
    source = runs(grad(f), args)
    assert "x = x.tolist()" in source and "[0.0] * 9" in source


def test_the_same_gradient_as_on_numpy_floats_bit_for_bit():
    on_floats = grad(pair_energy)(X)
    np.testing.assert_array_equal(on_floats, on_numpy_floats(grad(pair_energy), (X,)))
    assert on_floats.dtype == np.float64 and on_floats.shape == X.shape


def test_value_and_grad_runs_on_floats_and_returns_numpy_s_number():
    g = value_and_grad(pair_energy)
    value, gradient = g(X)
    assert "x = x.tolist()" in runs(g, (X,))
    numpy_value, numpy_gradient = on_numpy_floats(g, (X,))
    assert type(value) is np.float64 and value == numpy_value == pair_energy(X)
    np.testing.assert_array_equal(gradient, numpy_gradient)


def test_where_python_floats_raise_the_numpy_code_runs():
    x = np.array([0.0, 1.0, 1.0, 3.0])          # a zero distance: 1 / 0.0
    g = grad(inverse_distances)
    assert "tolist" in runs(g, (x,))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = g(x)
    assert np.isinf(got[1]) or np.isnan(got[1])


def test_a_fractional_power_keeps_numpy_floats():
    x = np.array([0.5, 2.0, 3.0])
    assert "tolist" not in runs(grad(cube_roots), (x,))
    assert check_grad(cube_roots, x).ok


def test_an_array_read_whole_keeps_numpy_floats():
    def also_whole(x):
        e = np.sum(x)
        for i in range(len(x)):
            e = e + x[i] * x[i]
        return e

    assert "tolist" not in runs(grad(also_whole), (X,))
    assert check_grad(also_whole, X).ok


def test_float32_keeps_numpy_floats():
    x = X.astype(np.float32)
    assert "tolist" not in runs(grad(pair_energy), (x,))
    assert grad(pair_energy)(x).dtype == np.float32


def test_forward_mode_agrees():
    v = np.random.default_rng(1).standard_normal(X.shape)
    _, directional = jvp(pair_energy, (X,), (v,))
    assert directional == pytest.approx(np.dot(grad(pair_energy)(X), v), rel=1e-12)


def test_a_float32_argument_beside_keeps_numpy_floats_and_their_promotion():
    def scaled_by_elements(x, y32):
        e = 0.0
        for i in range(len(x)):
            e = e + np.sum(x[i] * y32)
        return e

    y32 = np.ones(3, dtype=np.float32)
    assert "tolist" not in runs(grad(scaled_by_elements), (X, y32))
    assert check_grad(scaled_by_elements, X, y32).ok


def doubled_product(x):
    p = 1.0
    for i in range(x.shape[0]):
        c = x[i] > 0.5
        p = p * (1.0 + (c + c) * x[i])
    return p


def test_arithmetic_on_comparisons_keeps_numpy_bools():
    """``x[i] > 0.5`` of a float64 array is NumPy's bool, and ``c + c`` its logical or (True);
    on ``x.tolist()``'s Python floats it would be 2. (It was: the gradient doubled where x > 0.5.)"""
    x = np.linspace(0.0, 1.0, 8)          # (none at the step, 0.5)
    source = grad(doubled_product).compiled((x,)).source
    assert "tolist" not in source
    assert check_grad(doubled_product, x)


# Indices computed from counters with ``%`` (a cyclic neighbour), recomputed in the reverse loop,
# in a nest, or by a modulus the code reads as an integer number (a closure's, a global, a
# keyword default): the loops run on Python floats as well (they ran on NumPy's: 3x the primal).
def next_of(k):
    return (k + 1) % 3


def cyclic_through_a_helper(x):
    s = 0.0
    for i in range(12):
        k = i % 3
        s = 0.9 * s + x[k] * x[next_of(k)]
    return s


def cyclic_nest(x):
    s = 0.0
    for i0 in range(4):
        for i1 in range(3):
            for i2 in range(i1, 4):
                k = (i0 + i1 + i2) % 3
                s = 0.9 * s + x[k] * x[(k + 1) % 3] - 0.1 * s * x[k]
    return s


MODULUS = 3


def cyclic_by_a_global(x):
    s = 0.0
    for i in range(10):
        for j in range(i % 4, 5):
            k = (i + j) % MODULUS
            s = 0.9 * s + x[k] * x[(k + 2) % MODULUS]
    return s


def cyclic_by_a_closure(m):
    def cyclic(x):
        s = 0.0
        for i in range(12):
            k = i % m
            s = s * 0.5 + x[k] * x[k - 1] ** 2
        return s
    return cyclic


def cyclic_by_a_keyword(x, m=3, steps=10):
    s = 0.0
    for i in range(steps):
        s = s * 0.9 + x[i % m] * x[(i + 1) % m]
    return s


CYCLIC = [(cyclic_through_a_helper, ()), (cyclic_nest, ()), (cyclic_by_a_global, ()),
          (cyclic_by_a_closure(3), ()), (cyclic_by_a_keyword, (3, 10))]
Y = np.array([0.3, -0.5, 0.7])


def _hessian_by_differences(f, x, h=1e-5):
    g = grad(f)
    return np.array([(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f, rest", CYCLIC, ids=lambda c: getattr(c, "__name__", ""))
def test_indices_by_remainders_run_on_floats_with_numpy_floats_gradient(f, rest):
    g = grad(f)
    assert "x = x.tolist()" in runs(g, (Y, *rest))
    assert check_grad(f, Y, *rest).ok
    np.testing.assert_array_equal(g(Y, *rest), on_numpy_floats(g, (Y, *rest)))


@pytest.mark.parametrize("f, rest", CYCLIC, ids=lambda c: getattr(c, "__name__", ""))
def test_indices_by_remainders_forward_mode_and_second_order(f, rest):
    v = np.array([0.2, 1.0, -0.7])
    _, directional = jvp(f, (Y, *rest), (v, *(0 for _ in rest)))
    assert directional == pytest.approx(np.dot(grad(f)(Y, *rest), v), rel=1e-12)
    if not rest:
        np.testing.assert_allclose(hessian(f)(Y), _hessian_by_differences(f, Y), rtol=1e-6, atol=1e-8)


def _integer_names(source: str, integers=frozenset()) -> set[str]:
    import ast
    from transpiler.backends.items import _counters, _nodes_and_parents
    function = ast.parse(source).body[0]
    return _counters(function, *_nodes_and_parents(function), set(integers))


def test_integer_names_are_those_every_binding_of_which_makes_an_integer():
    """(The analysis the rewrite reads indices by: the code it runs on rarely binds a name twice.)"""
    source = """
def f(x, n, m, p):
    k = 0
    for i in range(n):
        j = (i + k) % p
        k = (k + 1) % 3
        a = x[j]
        b = i - 1
        b = a * 1.0
        c = i / 2
        m = m + 1
"""
    # (b, c: a float; m is rebound, its first value the argument: each binding an integer is not enough)
    assert _integer_names(source, {"n", "m", "p"}) == {"i", "j", "k", "n", "p"}
    assert _integer_names(source) == {"i", "k"}                 # (j reads p, of unknown type)


def test_a_float32_vector_with_a_remainder_index_keeps_numpy_floats():
    x = Y.astype(np.float32)
    assert "tolist" not in runs(grad(cyclic_nest), (x,))
    assert grad(cyclic_nest)(x).dtype == np.float32


def grid_of_lists(p):
    n = 12
    grid = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j * p[0]
    return sum(sum(row) for row in grid)


def test_a_grid_of_lists_summed_runs_on_floats_though_its_value_is_returned():
    # (`sum` of a list: the output's shape is not known, so grad's code returns the value too
    # and the call checks it is a number)
    p = np.array([0.3, 0.2])
    g = grad(grid_of_lists)
    source = runs(g, (p,))
    assert "p = p.tolist()" in source and "return np.float64(out) if type(out) is float else out" in source
    np.testing.assert_array_equal(g(p), on_numpy_floats(g, (p,))[1])
    assert check_grad(grid_of_lists, p).ok
    _, directional = jvp(grid_of_lists, (p,), (np.array([1.0, -0.5]),))
    assert directional == pytest.approx(np.dot(g(p), [1.0, -0.5]), rel=1e-12)
    np.testing.assert_allclose(hessian(grid_of_lists)(p), _hessian_by_differences(grid_of_lists, p),
                               rtol=1e-6, atol=1e-8)
    value, gradient = value_and_grad(grid_of_lists)(p)
    assert type(value) is np.float64 and value == grid_of_lists(p)
    np.testing.assert_array_equal(gradient, g(p))
