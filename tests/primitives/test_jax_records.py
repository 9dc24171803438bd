"""What JAX's gradient tests (lax_numpy_operators_test, lax_numpy_reducers_test,
lax_scipy_special_functions_test, as a harness adapted them) found missing: ``initial=`` of the
NaN-ignoring reductions (``nansum``, ``nanprod``, ``nanmax``, ``nanmin``), ``np.fix`` (piecewise
constant: derivative 0) and ``scipy.special.softplus``. Each in reverse mode and forward mode
against central finite differences and through the Hessian, as users write them (keywords,
positional axis, method-free helpers, a loop); softplus's rule also against sympy."""
import numpy as np
import pytest
from array_check import numeric_gradient, rng
from one_argument_checks import (gradient_matches_finite_differences, hessian_matches_differences_of_the_gradient,
                                 jvp_matches_finite_differences)

import transpiler

X = rng(11).normal(size=(3, 4))
WITH_NAN = X.copy()
WITH_NAN[0, 1] = WITH_NAN[2, 3] = np.nan
ALL_NAN_ROW = X.copy()
ALL_NAN_ROW[1, :] = np.nan
NUMBERS = ~np.isnan(WITH_NAN)


# --------------------------------------------------------------------------- initial= of the nan reductions
def nansum_initial(x):
    return np.sum(np.nansum(x, axis=1, initial=0.5) ** 2)


def nanprod_initial_keepdims(x):
    return np.sum(np.nanprod(x, 0, keepdims=True, initial=2.0) ** 2)


def nanmax_initial(x):
    return np.sum(np.nanmax(x, axis=1, initial=-0.25) ** 2)


def nanmin_initial_in_a_loop(x):
    total = 0.0
    for start in (-3.0, 0.0, 3.0):
        total = total + np.sum(np.sin(np.nanmin(x, axis=0, initial=start)))
    return total


def nanmax_initial_of_everything(x):
    return np.nanmax(x, initial=0.1) ** 2 + np.nanmin(x, initial=5.0)


INITIAL_CASES = [nansum_initial, nanprod_initial_keepdims, nanmax_initial, nanmin_initial_in_a_loop,
                 nanmax_initial_of_everything]


@pytest.mark.parametrize("fn", INITIAL_CASES, ids=lambda f: f.__name__)
def test_initial_of_the_nan_reductions_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


@pytest.mark.parametrize("x", [WITH_NAN, ALL_NAN_ROW], ids=["some_nan", "a_row_of_nan"])
@pytest.mark.parametrize("fn", INITIAL_CASES, ids=lambda f: f.__name__)
def test_initial_with_nan_elements_is_numpys_value_and_their_derivative_is_zero(fn, x):
    """With ``initial`` a slice of NaN is ``initial`` (no NaN result, as NumPy's); the numbers'
    derivatives match finite differences and the NaN elements' are 0, in both modes."""
    numbers = ~np.isnan(x)
    with np.errstate(invalid="ignore"):
        expected_value = fn(x)
    value, gradient = transpiler.value_and_grad(fn)(x)
    np.testing.assert_allclose(value, expected_value, rtol=1e-12)
    expected = numeric_gradient(fn, [x], 0)
    np.testing.assert_allclose(gradient[numbers], expected[numbers], rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(gradient[~numbers], 0.0)
    direction = np.where(numbers, rng(12).normal(size=x.shape), 0.0)
    value, tangent = transpiler.jvp(fn, (x,), (direction,))
    np.testing.assert_allclose(value, expected_value, rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(expected[numbers] * direction[numbers]), rtol=1e-5, atol=1e-7)


def test_initial_spellings_are_numpys_values():
    def spellings(x):
        return (np.nansum(x, axis=0, initial=1.5), np.nanprod(x, axis=0, initial=-2.0),
                np.nanmax(x, axis=0, initial=4.0), np.nanmin(x, 0, initial=-4.0, keepdims=True))

    for x in (WITH_NAN, ALL_NAN_ROW, X.astype(np.float32)):
        got = transpiler.jvp(spellings, (x,), (np.ones_like(x),))[0]
        for value, expected in zip(got, spellings(x)):
            np.testing.assert_allclose(value, expected, rtol=1e-6 if x.dtype == np.float32 else 1e-14)
            assert np.shape(value) == np.shape(expected) and np.result_type(value) == np.result_type(expected)


# --------------------------------------------------------------------------- np.fix
def fix_times_x(x):
    return np.sum(np.fix(x) * x + np.fix(2.5 * x) ** 2)


def fix_in_a_helper(x):
    def whole_steps(v):
        return np.fix(v / 0.7)
    return np.sum(np.sin(x) * whole_steps(x))


@pytest.mark.parametrize("fn", [fix_times_x, fix_in_a_helper], ids=lambda f: f.__name__)
def test_fix_is_piecewise_constant_in_both_modes(fn):
    x = 3.0 * X        # random points: away from the integers where fix steps
    gradient_matches_finite_differences(fn, x)
    jvp_matches_finite_differences(fn, x)
    hessian_matches_differences_of_the_gradient(fn, x)


def test_fix_keeps_float32():
    x = X.astype(np.float32)
    gradient = transpiler.grad(lambda v: np.sum(np.fix(v) * v))(x)
    assert gradient.dtype == np.float32
    np.testing.assert_array_equal(gradient, np.fix(x))


# --------------------------------------------------------------------------- scipy.special.softplus
special = pytest.importorskip("scipy.special")
needs_softplus = pytest.mark.skipif(not hasattr(special, "softplus"), reason="scipy.special.softplus is SciPy 1.15+")


def softplus_sum(x):
    return np.sum(special.softplus(x) ** 2)


def softplus_of_a_scaled_difference(x):
    return np.sum(special.softplus(2.0 * x - np.roll(x, 1)) * x)


@needs_softplus
@pytest.mark.parametrize("point", [-30.0, -2.5, 0.0, 0.7, 4.0, 40.0])
def test_softplus_derivative_matches_sympy(point):
    sympy = pytest.importorskip("sympy")
    a = sympy.Symbol("a", real=True)
    exact = sympy.diff(sympy.log(1 + sympy.exp(a)), a).subs(a, sympy.Float(point, 30)).evalf(30)
    got = transpiler.grad(lambda v: special.softplus(v))(point)
    np.testing.assert_allclose(got, float(exact), rtol=1e-13)


@needs_softplus
@pytest.mark.parametrize("fn", [softplus_sum, softplus_of_a_scaled_difference], ids=lambda f: f.__name__)
def test_softplus_in_both_modes_and_the_hessian(fn):
    for x in (X, 10.0 * X):
        gradient_matches_finite_differences(fn, x)
        jvp_matches_finite_differences(fn, x)
        hessian_matches_differences_of_the_gradient(fn, x)


# --------------------------------------------------------------------------- edges of var/std and logsumexp
@pytest.mark.parametrize("shape, axis", [((), None), ((3, 1), 1), ((1, 4), 0)])
@pytest.mark.parametrize("reduction", [np.var, np.std], ids=["var", "std"])
def test_var_and_std_with_no_slice_left_after_ddof_are_nan_in_both_modes(reduction, shape, axis):
    """``ddof=1`` over one element: NumPy's value is NaN (0 / 0); so are both modes' derivatives
    (they raised ZeroDivisionError from the generated code)."""
    x = rng(13).normal(size=shape)

    def f(v):
        return reduction(v, axis=axis, ddof=1)

    with np.errstate(divide="ignore", invalid="ignore"), pytest.warns(RuntimeWarning):
        value, pullback = transpiler.vjp(f, x)
        adjoint = pullback(np.ones(np.shape(value)))[0]
        _, tangent = transpiler.jvp(f, (x,), (np.ones_like(x),))
        expected = f(x)
    assert np.all(np.isnan(value)) and np.shape(value) == np.shape(expected)
    assert np.all(np.isnan(adjoint)) and np.shape(adjoint) == shape
    assert np.all(np.isnan(tangent))


@pytest.mark.parametrize("number", [np.float64(0.3), np.array(-1.2), 0.7], ids=["numpy_scalar", "0d", "float"])
def test_logsumexp_of_a_number_with_keepdims_has_scipys_shape(number):
    """SciPy reads a number as a vector: ``logsumexp(0-d, keepdims=True)`` has shape (1,)."""
    def f(a):
        return special.logsumexp(a, keepdims=True)

    def with_b(a):
        return special.logsumexp(a, axis=None, b=2.0, keepdims=True, return_sign=True)[0]

    for fn in (f, with_b):
        value, pullback = transpiler.vjp(fn, number)
        np.testing.assert_allclose(value, fn(number), rtol=1e-14)
        assert np.shape(value) == np.shape(fn(number)) == (1,)
        np.testing.assert_allclose(pullback(np.ones(1))[0], 1.0, rtol=1e-14)
        value, tangent = transpiler.jvp(fn, (number,), (1.0,))
        assert np.shape(value) == (1,)
        np.testing.assert_allclose(tangent, [1.0], rtol=1e-14)


# --------------------------------------------------------------------------- complex: np.sign, number tangents
Z = np.array([1.0 + 2.0j, -0.5 + 0.3j, 0.2 - 1.4j])
WEIGHTS = np.array([0.7 + 0.1j, -0.3 + 1.2j, 0.4 - 0.5j])


def _along(f, z, t, h=1e-6):
    return (f(z + h * t) - f(z - h * t)) / (2 * h)


def sign_weighted(z):
    return np.real(np.sum(WEIGHTS * np.sign(z)))


def sign_in_a_helper_and_a_loop(z):
    def direction(v):
        return np.sign(v) * np.abs(v) ** 2
    total = 0.0
    for k in range(2):
        total = total + np.real(np.sum(np.conj(direction(z * (1.0 + k))) * WEIGHTS))
    return total


@pytest.mark.parametrize("fn", [sign_weighted, sign_in_a_helper_and_a_loop], ids=lambda f: f.__name__)
def test_sign_of_a_complex_value_is_z_over_its_modulus_in_both_modes(fn):
    """NumPy 2's sign(z) is z / |z|, not a step: its derivative is not 0 (it was: a wrong
    gradient). Reverse mode: grad = df/dx - 1j df/dy, so Re(grad * t) is f's derivative along t."""
    for t in (np.array([0.3 - 0.7j, 1.1 + 0.2j, -0.4 + 0.9j]), np.array([1.0, 0.0, -2.0]) + 0j, 1j * np.ones(3)):
        gradient = transpiler.grad(fn)(Z)
        np.testing.assert_allclose(np.real(np.sum(gradient * t)), _along(fn, Z, t), rtol=1e-7, atol=1e-9)
        value, tangent = transpiler.jvp(fn, (Z,), (t,))
        np.testing.assert_allclose(value, fn(Z), rtol=1e-14)
        np.testing.assert_allclose(tangent, _along(fn, Z, t), rtol=1e-7, atol=1e-9)


def test_sign_of_complex_values_tangent_array_and_zero():
    z = np.array([0j, 3.0 - 4.0j, -1.0 + 0j])
    t = np.array([1.0 + 1.0j, 0.5 + 2.0j, 0.0 + 1.0j])
    value, tangent = transpiler.jvp(lambda v: np.sign(v), (z,), (t,))
    np.testing.assert_array_equal(value, np.sign(z))
    assert tangent[0] == 0          # NumPy's sign(0) is 0; its subgradient too
    np.testing.assert_allclose(tangent[1:], _along(np.sign, z, t)[1:], rtol=1e-7)


def test_sign_of_real_values_stays_piecewise_constant_and_second_order_through_complex():
    x = np.array([0.5, -2.0, 1.5])
    np.testing.assert_array_equal(transpiler.grad(lambda v: np.sum(np.sign(v) * v))(x), np.sign(x))

    def f(v):    # a real parameter through a complex sign: the direction (1 + 2j) / sqrt(5) is constant
        return np.real(np.sum(WEIGHTS * np.sign(v * (1 + 2j)) * v ** 2))
    hessian_matches_differences_of_the_gradient(f, x)


def test_jvp_of_a_complex_number_takes_a_complex_tangent():
    """A complex number's tangent is complex (float() of it raised TypeError)."""
    z, t = 1.0 + 2.0j, 0.5 - 1.0j
    for primal in (z, np.complex128(z), np.complex64(z)):
        value, tangent = transpiler.jvp(lambda v: np.sin(v) * v, (primal,), (t,))
        np.testing.assert_allclose(tangent, (np.cos(z) * z + np.sin(z)) * t, rtol=1e-5)


HOLOMORPHIC = [np.arcsin, np.arccos, np.arctan, np.arcsinh, np.arccosh, np.arctanh, np.log2, np.log10, np.exp2,
               np.sinc]
# both half planes (arccosh's real rule has the wrong sign where Re z < 0), off the branch cuts
Z_PLANE = np.array([1.5 + 0.7j, -1.2 + 0.4j, -0.3 - 1.1j, 0.8 - 2.0j, -2.5 - 0.6j])


@pytest.mark.parametrize("function", HOLOMORPHIC, ids=lambda f: f.__name__)
def test_holomorphic_functions_of_complex_values_in_both_modes(function):
    """grad(Re(sum(w * f(z)))) is w * f'(z) and jvp along t is f'(z) * t; f'(z) from central
    differences along the real axis (f is holomorphic off its cuts)."""
    w = np.array([0.7 + 0.1j, -0.3 + 1.2j, 0.4 - 0.5j, 1.0 + 0.0j, -0.2 - 0.9j])
    derivative = _along(function, Z_PLANE, np.ones(5))

    def loss(z):
        return np.real(np.sum(w * function(z)))

    np.testing.assert_allclose(transpiler.grad(loss)(Z_PLANE), w * derivative, rtol=1e-6)
    t = np.array([0.3 - 0.7j, 1.1 + 0.2j, -0.4 + 0.9j, 0.5j, 2.0])
    value, tangent = transpiler.jvp(lambda z: function(z), (Z_PLANE,), (t,))
    np.testing.assert_allclose(value, function(Z_PLANE), rtol=1e-14)
    np.testing.assert_allclose(tangent, derivative * t, rtol=1e-6)


def test_arccosh_of_a_real_parameter_through_complex_values_second_order():
    def f(x):
        def inverse(v):
            return np.arccosh(v * (1.0 - 0.5j) - 1.0)
        return np.real(np.sum(np.conj(inverse(x)) * inverse(x)))

    x = np.array([-1.3, 0.4, 2.2])
    gradient_matches_finite_differences(f, x)
    jvp_matches_finite_differences(f, x)
    hessian_matches_differences_of_the_gradient(f, x)


def test_arccosh_of_real_values_keeps_its_rule():
    x = np.array([1.5, 3.0])
    np.testing.assert_allclose(transpiler.grad(lambda v: np.sum(np.arccosh(v)))(x), 1 / np.sqrt(x * x - 1), rtol=1e-14)


# --------------------------------------------------------------------------- where= of var/std and the nan reductions
CHOSEN = np.array([True, False, True, True])


def var_where_axis_keyword(x):
    return np.sum(np.var(x, axis=1, where=CHOSEN) * np.arange(1.0, 4.0))


def std_where_positional_axis_ddof(x):
    return np.sum(np.std(x, 1, where=CHOSEN, ddof=1) ** 3)


def var_where_method_keepdims(x):
    return np.sum(x.var(axis=1, where=x > -0.5, keepdims=True) * x)


def std_where_everything(x):
    return np.std(x, where=CHOSEN) + np.var(x, where=np.abs(x) < 1.5, ddof=2)


def nan_reductions_where(x):
    return np.sum(np.nansum(x, axis=1, where=CHOSEN) ** 2 + np.nanmean(x, 1, where=CHOSEN)
                  + np.nanvar(x, axis=1, where=CHOSEN, ddof=1) + np.nanstd(x, axis=1, where=CHOSEN)
                  + np.nanprod(x, axis=1, where=CHOSEN))


WHERE_CASES = [var_where_axis_keyword, std_where_positional_axis_ddof, var_where_method_keepdims,
               std_where_everything, nan_reductions_where]


@pytest.mark.parametrize("fn", WHERE_CASES, ids=lambda f: f.__name__)
def test_where_of_var_std_and_the_nan_reductions_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


@pytest.mark.parametrize("fn", [var_where_axis_keyword, std_where_positional_axis_ddof, nan_reductions_where],
                         ids=lambda f: f.__name__)
def test_where_leaves_a_nan_it_does_not_choose_out_of_value_and_derivative(fn):
    x = X.copy()
    x[0, 1] = x[2, 1] = np.nan            # column 1 is not chosen
    value, gradient = transpiler.value_and_grad(fn)(x)
    np.testing.assert_allclose(value, fn(x), rtol=1e-12)
    np.testing.assert_array_equal(gradient[:, 1], 0.0)
    np.testing.assert_allclose(gradient, numeric_gradient(fn, [np.nan_to_num(x)], 0), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("spelling", ["operator", "power", "float_power"])
def test_complex_power_in_base_and_exponent_in_both_modes(spelling):
    """a ** b for complex a and b: jvp along (s, t) is b a**(b-1) s + a**b log(a) t (the
    exponent was refused); grad of Re(sum(w * a ** b)) is w times those partials."""
    power = {"operator": lambda a, b: a ** b, "power": np.power, "float_power": np.float_power}[spelling]
    a = Z_PLANE
    b = np.array([0.5 + 1.5j, -1.2 + 0.3j, 2.0 + 0j, 0.7 - 0.8j, -0.4 - 1.1j])
    s = np.array([0.3 - 0.7j, 1.1 + 0.2j, -0.4 + 0.9j, 0.5j, 2.0])
    t = np.array([1.0 + 0.5j, -0.3 + 0.2j, 0.6 - 0.1j, 1.5, -0.2j])
    expected = _along(lambda v: power(v, b), a, s) + _along(lambda v: power(a, v), b, t)
    value, tangent = transpiler.jvp(lambda u, v: power(u, v), (a, b), (s, t))
    np.testing.assert_allclose(value, power(a, b), rtol=1e-14)
    np.testing.assert_allclose(tangent, expected, rtol=1e-6)
    w = np.array([0.7 + 0.1j, -0.3 + 1.2j, 0.4 - 0.5j, 1.0 + 0.0j, -0.2 - 0.9j])
    grad_a, grad_b = transpiler.grad(lambda u, v: np.real(np.sum(w * power(u, v))), wrt=(0, 1))(a, b)
    np.testing.assert_allclose(grad_a, w * _along(lambda v: power(v, b), a, np.ones(5)), rtol=1e-6)
    np.testing.assert_allclose(grad_b, w * _along(lambda v: power(a, v), b, np.ones(5)), rtol=1e-6)


# --------------------------------------------------------------------------- indexing (lax_numpy_indexing_test)
def index_with_a_typed_constant(x):
    return np.sum(x[..., np.array(1, dtype=np.int32)] ** 2) + np.sum(x[np.array([0, 2], dtype=np.int64)] * x[0])


def index_with_an_empty_typed_array(x):
    picked = x[np.array([], dtype=np.int32)]
    return np.sum(picked) + np.sum(np.sin(x))


@pytest.mark.parametrize("fn", [index_with_a_typed_constant, index_with_an_empty_typed_array], ids=lambda f: f.__name__)
def test_indices_written_as_typed_constant_arrays_in_both_modes(fn):
    """``np.array(1, dtype=np.int32)`` of a number written in the source is a constant (its code
    called ``.astype`` on the Python number)."""
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


@pytest.mark.parametrize("index", ["none", "two_nones", "ellipsis_none", "empty_tuple"])
def test_a_zero_dimensional_array_is_indexed_in_forward_mode(index):
    """A 0-d array's tangent stays an array (it became a float, which ``t[None]`` cannot index)."""
    f = {"none": lambda v: v[None] * v, "two_nones": lambda v: v[None, None] ** 2,
         "ellipsis_none": lambda v: np.sin(v[..., None]), "empty_tuple": lambda v: v[()] * 3.0}[index]
    x = np.array(0.7)
    for tangent_in in (np.array(1.5), 1.5):
        value, tangent = transpiler.jvp(f, (x,), (tangent_in,))
        np.testing.assert_allclose(value, f(x), rtol=1e-14)
        np.testing.assert_allclose(tangent, _along(f, x, 1.5), rtol=1e-7)
        assert np.shape(tangent) == np.shape(f(x))


# --------------------------------------------------------------------------- np.pad's copying modes
def pad_edge(x):
    padded = np.pad(x, 2, mode="edge")
    return np.sum(np.sin(padded) * np.arange(padded.size).reshape(padded.shape))


def pad_wrap_per_axis(x):
    padded = np.pad(x, ((1, 5), (0, 2)), mode="wrap")       # wider than the axis: wraps twice
    return np.sum(padded ** 2 * np.cos(np.arange(padded.size)).reshape(padded.shape))


def pad_reflect_positional_mode(x):
    padded = np.pad(x, [[0, 7], [9, 1]], "reflect")         # reflected past both ends
    return np.sum(np.tanh(padded) * np.arange(padded.size).reshape(padded.shape))


def pad_symmetric_in_a_loop(x):
    total = 0.0
    for width in (1, 4):
        total = total + np.sum(np.pad(x, width, mode="symmetric") ** 3)
    return total


def pad_modes_of_a_vector(x):
    v = x[0]
    return (np.sum(np.pad(v, (3, 2), mode="reflect") * np.arange(9.0)) + np.sum(np.pad(v, 1, mode="edge") ** 2)
            + np.sum(np.pad(v, 6, mode="wrap") * np.arange(16.0)))


PAD_CASES = [pad_edge, pad_wrap_per_axis, pad_reflect_positional_mode, pad_symmetric_in_a_loop, pad_modes_of_a_vector]


@pytest.mark.parametrize("fn", PAD_CASES, ids=lambda f: f.__name__)
def test_pad_modes_that_copy_elements_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


PADDED = {"edge": lambda v: np.pad(v, ((2, 1), (3, 0)), mode="edge"),
          "wrap": lambda v: np.pad(v, ((2, 1), (3, 0)), mode="wrap"),
          "reflect": lambda v: np.pad(v, ((2, 1), (3, 0)), mode="reflect"),
          "symmetric": lambda v: np.pad(v, ((2, 1), (3, 0)), mode="symmetric")}


@pytest.mark.parametrize("mode", list(PADDED))
def test_pad_modes_values_are_numpys_and_float32_stays(mode):
    x = X.astype(np.float32)
    padded = PADDED[mode]
    value, tangent = transpiler.jvp(padded, (x,), (np.ones_like(x),))
    np.testing.assert_array_equal(value, np.pad(x, ((2, 1), (3, 0)), mode=mode))
    np.testing.assert_array_equal(tangent, np.ones_like(value))
    gradient = transpiler.grad(lambda v: np.sum(padded(v)))(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(np.sum(gradient), value.size)
