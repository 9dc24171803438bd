"""Rules written for real values that complex values must not take (primitives/complex_rules.py,
analysis/complex_values.py): ``a / b``'s shortcut for a number ``b`` (``-np.vdot(d_y, y) / b``)
conjugates ``d_y``, so a complex quotient takes the general rule; NumPy 2's ``np.sign`` of a
complex number is ``z / |z|``, not piecewise constant, and is differentiated as such. Checked
against central differences in both real directions (the convention of docs/syntax.md, "Complex
numbers"), in reverse and forward mode."""
import numpy as np
import pytest
from array_check import both_directions

import transpiler


Z = np.array([[1.0 + 0.1j, 0.5 + 0.2j], [0.3 - 0.1j, 1.2 + 0.05j], [0.7 + 0.3j, -0.4 + 0.1j]])
X = np.array([[0.4, -1.1], [0.9, 0.25], [-0.3, 1.6]])
W = np.array([[0.3 + 1.0j, -0.2 + 0.5j], [1.1 - 0.4j, 0.7 + 0.2j], [-0.6 + 0.9j, 0.4 - 1.3j]])


def complex_over_a_number(z, y):
    return np.sum(np.real((z / y) * W))


def divide_spelling_in_a_loop(z, y):
    total = 0.0
    for _ in range(2):
        total = total + np.sum(np.real(np.divide(z, y) * W))
    return total


def real_times_complex_global_over_a_number(x, y):
    return np.sum(np.imag(x * W / y))


def complex_over_a_row(z, y):
    return np.sum(np.real(z / y[None, :] * W))


CASES = [(complex_over_a_number, (Z, 0.7)), (complex_over_a_number, (Z, np.float64(-1.3))),
         (divide_spelling_in_a_loop, (Z, 0.7)), (real_times_complex_global_over_a_number, (X, 0.7)),
         (complex_over_a_row, (Z, np.array([0.8, -1.4])))]


@pytest.mark.parametrize("f, args", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_a_complex_quotient_by_a_real_divisor_matches_differences_in_reverse_mode(f, args):
    gradients = transpiler.grad(f, wrt=(0, 1))(*args)
    for i, gradient in enumerate(gradients):
        def along(value, i=i):
            return f(*[value if j == i else a for j, a in enumerate(args)])

        expected = both_directions(along, args[i])
        np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f, args", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_a_complex_quotient_by_a_real_divisor_matches_differences_in_forward_mode(f, args):
    tangents = [np.ones_like(a) * (0.5 - 0.25j if np.iscomplexobj(a) else -0.75) for a in args]
    _, tangent = transpiler.jvp(f, args, [t if np.ndim(t) else t[()] for t in tangents])
    h = 1e-6
    expected = (f(*[a + h * t for a, t in zip(args, tangents)]) - f(*[a - h * t for a, t in zip(args, tangents)])) / (2 * h)
    assert tangent == pytest.approx(expected, rel=1e-6, abs=1e-8)


def real_over_a_number(x, y):
    return np.sum(np.sin(x) / y)


def test_a_real_quotient_keeps_its_one_pass_shortcut():
    assert "np.vdot" in transpiler.show(real_over_a_number, wrt=(0, 1), args=(X, 0.7)).code
    assert "np.vdot" not in transpiler.show(complex_over_a_number, wrt=(0, 1), args=(Z, 0.7)).code


def sign_of_complex(z):
    return np.sum(np.real(np.sign(z) * W))


def sign_of_complex_times_itself(z):
    return np.sum(np.real(np.sign(z) * z))


@pytest.mark.parametrize("f", [sign_of_complex, sign_of_complex_times_itself])
def test_sign_of_a_differentiated_complex_value_is_differentiated_as_z_over_its_modulus(f):
    # NumPy 2's sign of a complex number is z / |z| (not a step): checked in both real directions
    np.testing.assert_allclose(transpiler.grad(f)(Z), both_directions(f, Z), rtol=1e-6, atol=1e-8)
    t = np.full_like(Z, 0.5 - 0.25j)
    _, tangent = transpiler.jvp(f, (Z,), (t,))
    h = 1e-6
    assert tangent == pytest.approx((f(Z + h * t) - f(Z - h * t)) / (2 * h), rel=1e-6, abs=1e-8)


def sign_of_real(x):
    return np.sum(np.sign(x) * x ** 2 * W.real)


def test_sign_of_real_values_still_has_derivative_zero():
    np.testing.assert_allclose(transpiler.grad(sign_of_real)(X), 2 * np.abs(X) * W.real)


def squared_modulus(z):
    return np.abs(z) ** 2


def test_jvp_takes_a_complex_number_tangent_for_a_complex_number():
    z, t = 0.6 + 0.3j, 0.2 - 0.5j
    value, tangent = transpiler.jvp(squared_modulus, (z,), (t,))
    assert value == pytest.approx(abs(z) ** 2)
    assert tangent == pytest.approx(2 * (z.real * t.real + z.imag * t.imag))


def _complex_of_parts(x):
    z = complex(x[0], x[1]) * complex(x[2])          # complex(re, im), complex(re)
    return abs(z * z) + np.real(complex(imag=x[0]) ** 2)


def _complex_in_a_loop(x, turns):
    z = 0.0
    for k in range(turns):                          # in a loop, through the builtin's keywords too
        z = z + complex(real=x[k], imag=np.cos(x[k])) * (k + 1)
    return abs(z) ** 2


@pytest.mark.parametrize("f, rest", [(_complex_of_parts, ()), (_complex_in_a_loop, (3,))])
def test_the_builtin_complex_is_real_plus_imag_times_1j_in_both_modes(f, rest):
    x = np.array([0.3, -0.5, 0.9])
    assert transpiler.check_grad(f, x, *rest).ok
    direction = np.array([1.0, 0.5, -2.0])
    h = 1e-6
    value, tangent = transpiler.jvp(f, (x, *rest), (direction, *[None] * len(rest)))
    assert value == pytest.approx(f(x, *rest))
    assert tangent == pytest.approx((f(x + h * direction, *rest) - f(x - h * direction, *rest)) / (2 * h), rel=1e-6)
    H = transpiler.hessian(f)(x, *rest)
    gradient = transpiler.grad(f)
    numeric = np.stack([(gradient(x + h * e, *rest) - gradient(x - h * e, *rest)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-6)


# --------------------------------------------------------------------------- np.prod of complex values
# A product is holomorphic, and its adjoint (the product of the other elements, without dividing
# by zero) rational in the entries: the real rule holds for complex values (autograd's
# test_systematic checks np.prod of complex numbers and matrices).
Z_WITH_ZERO = np.where(np.arange(6).reshape(3, 2) == 3, 0.0, Z)


def product_of_all(z):
    return np.real(np.prod(z) * (0.3 - 1.1j))


def product_by_column(z):
    p = np.prod(z, axis=0)      # (|p| ** 2 written as p * conj(p): np.abs has a kink where p is 0)
    return np.sum(np.real(p * np.conj(p)))


def product_by_row_kept(z):
    return np.sum(np.imag(np.prod(z, axis=1, keepdims=True) * W[:, :1]))


PRODUCTS = [(product_of_all, Z), (product_by_column, Z), (product_by_row_kept, Z), (product_of_all, Z_WITH_ZERO),
            (product_by_column, Z_WITH_ZERO)]


@pytest.mark.parametrize("f, z", PRODUCTS, ids=lambda v: getattr(v, "__name__", "zero" if np.any(v == 0) else "z"))
def test_prod_of_complex_values_matches_differences_in_both_modes_and_second_order(f, z):
    np.testing.assert_allclose(transpiler.grad(f)(z), both_directions(f, z), rtol=1e-6, atol=1e-8)
    t = np.full(z.shape, 0.5 - 0.25j)
    h = 1e-6
    _, tangent = transpiler.jvp(f, (z,), (t,))
    assert tangent == pytest.approx((f(z + h * t) - f(z - h * t)) / (2 * h), rel=1e-6, abs=1e-8)
    gradient = transpiler.grad(f)
    along = (gradient(z + h * t) - gradient(z - h * t)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(f, z, t), along, rtol=1e-5, atol=1e-7)


# --------------------------------------------------------------------------- np.cumprod and np.pad of complex values
# Running products are holomorphic and their recurrences written with transposes; padding copies
# elements or adds real-weighted statistics: both were refused for complex input, which NumPy takes.
def running_products(z):
    return np.real(np.sum(np.cumprod(z, axis=0) * W) + np.cumprod(z)[-1] * (0.2 + 0.9j))


def padded(z):
    return (np.sum(np.real(np.pad(z, 1, mode="reflect") ** 2))
            + np.sum(np.imag(np.pad(z, ((1, 0), (0, 2)), mode="mean") * (1.0 - 2.0j)))
            + np.sum(np.abs(np.pad(z, 2, constant_values=1.0 + 1.0j)) ** 2))


@pytest.mark.parametrize("f, z", [(running_products, Z), (running_products, Z_WITH_ZERO), (padded, Z)],
                         ids=["cumprod", "cumprod_with_zero", "pad"])
def test_cumprod_and_pad_of_complex_values_match_differences_in_both_modes_and_second_order(f, z):
    test_prod_of_complex_values_matches_differences_in_both_modes_and_second_order(f, z)


# --------------------------------------------------------------------------- np.var and np.std of complex values
# mean(|x - mean|²), real and not holomorphic: the real rule's adjoint with the centred values
# conjugated (primitives/complex_reductions.py); autograd's test_systematic checks both on
# complex numbers and matrices, with axis and keepdims.
def variance_of_all(z):
    return np.var(z)


def variance_by_column_kept(z):
    return np.sum(np.var(z * (1.0 - 0.5j), axis=0, keepdims=True) * np.array([0.7, -1.2]))


def spread_by_row_ddof(z):
    return np.sum(np.std(z, axis=1, ddof=1) ** 3)


def spread_of_all(z):
    return np.std(z) + np.var(np.conj(z) * W)


SPREADS = [variance_of_all, variance_by_column_kept, spread_by_row_ddof, spread_of_all]


@pytest.mark.parametrize("f", SPREADS, ids=lambda f: f.__name__)
def test_var_and_std_of_complex_values_match_differences_in_both_modes_and_second_order(f):
    np.testing.assert_allclose(transpiler.grad(f)(Z), both_directions(f, Z), rtol=1e-6, atol=1e-8)
    t = np.full(Z.shape, 0.5 - 0.25j)
    h = 1e-6
    _, tangent = transpiler.jvp(f, (Z,), (t,))
    assert tangent == pytest.approx((f(Z + h * t) - f(Z - h * t)) / (2 * h), rel=1e-6, abs=1e-8)
    gradient = transpiler.grad(f)
    along = (gradient(Z + h * t) - gradient(Z - h * t)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(f, Z, t), along, rtol=1e-5, atol=1e-7)


def test_var_of_real_values_keeps_the_real_rule():
    assert transpiler.grad(variance_of_all)(X) == pytest.approx(2 * (X - X.mean()) / X.size)


# --------------------------------------------------------------------------- np.max and np.min of complex values
# NumPy orders complex numbers by real part, then imaginary part; the extremum is one of the
# elements, so its derivative is the picked element's (ties split), with no conjugate.
def largest(z):
    return np.real(np.max(z) * (0.3 - 1.1j))


def smallest_by_column(z):
    return np.sum(np.abs(np.min(z, axis=0)) ** 2)


def largest_by_row_kept(z):
    return np.sum(np.imag(np.amax(z, axis=1, keepdims=True) * W[:, :1]))


VECTOR = np.array([1.0 + 0.5j, 1.3 - 0.25j, 0.2 + 2.0j])     # (max by real part, not modulus)


@pytest.mark.parametrize("f, z", [(largest, Z), (smallest_by_column, Z), (largest_by_row_kept, Z),
                                  (largest, VECTOR)], ids=["max", "min-axis", "amax-keepdims", "max-of-vector"])
def test_max_and_min_of_complex_values_match_differences_in_both_modes_and_second_order(f, z):
    test_prod_of_complex_values_matches_differences_in_both_modes_and_second_order(f, z)


# --------------------------------------------------------------------------- np.real_if_close of complex values
# z itself where an imaginary part is not within tol of 0 (autograd's test_systematic checks
# numbers and matrices with imaginary parts 0.1): the adjoint is d_y, the tangent t; the real
# part, and Re(t), where every imaginary part is within tol (as autograd's rules).
def real_if_close_weighted(z):
    return np.real(np.sum(np.real_if_close(z) * W))


def test_real_if_close_of_complex_values_matches_differences_in_both_modes_and_second_order():
    test_prod_of_complex_values_matches_differences_in_both_modes_and_second_order(real_if_close_weighted, Z)


def test_real_if_close_of_an_almost_real_value_takes_the_real_part_of_its_tangent():
    z = np.array([0.5 + 1e-17j, -1.5 + 0j])
    _, tangent = transpiler.jvp(lambda v: np.real_if_close(v) * 2.0, (z,), (np.array([1.0 + 1.0j, 2.0 - 1.0j]),))
    np.testing.assert_allclose(tangent, [2.0, 4.0])
    assert np.isrealobj(tangent)
