"""Complex numbers: the gradient of a real function of complex z = x + 1j y is dL/dx - 1j dL/dy
(autograd's and JAX's convention, docs/syntax.md "Complex numbers"), checked against central
differences in both real directions; forward mode pushes complex tangents; every primitive whose
rule is not right for complex values refuses, located at the call."""
import numpy as np
import scipy.linalg
import pytest

import transpiler
from transpiler import NonDifferentiableError

Z = np.array([1.0 + 2.0j, -0.5 + 0.3j, 0.7 - 1.1j])
W = np.array([0.3, 1.2, -0.4])
A = np.array([[1.0 + 0.5j, -0.2j, 0.3], [0.4 - 0.1j, 1.1, 0.2 + 0.2j]])
H = np.array([0.5 - 0.5j, 1.0 + 0.25j, -0.3j])


def both_directions(f, z, h=1e-6):
    """dL/dx - 1j dL/dy of real ``f`` at complex ``z``, by central differences; dL/dx alone
    for a real ``z``."""
    z = np.asarray(z)
    out = np.zeros(z.shape, complex if np.iscomplexobj(z) else float)
    for i in range(z.size):
        step = np.zeros(z.shape, z.dtype)
        step.flat[i] = h
        out.flat[i] = (f(z + step) - f(z - step)) / (2 * h)
        if np.iscomplexobj(z):
            out.flat[i] -= 1j * (f(z + 1j * step) - f(z - 1j * step)) / (2 * h)
    return out


def squared_modulus(z):
    return np.sum(np.abs(z) ** 2)


def weighted_energy(z, w=W):
    return np.real(np.sum(z * np.conj(z) * w))


def parts(z):
    return np.sum(z.real ** 3 - 2.0 * z.imag + np.imag(z * z) + np.real(z.conj() * 1j) + np.conjugate(z).imag ** 2)


def phases(z):
    return np.sum(np.sin(np.angle(z)) * np.abs(z))


def holomorphic_inside(z):
    return np.real(np.sum(np.exp(z) * np.sin(z) / (1 + z ** 2) + np.sqrt(z) * np.log(z) - np.tanh(z) * np.cos(z)))


def matrix_product(z):
    return np.abs(np.sum(A @ z)) ** 2 + np.real(np.dot(z, z))


def filtered(z):
    return np.sum(np.abs(z * H) ** 2)     # H: a complex global


def rotated_in_a_loop(z):
    for _ in range(3):
        z = z * np.exp(0.3j) + 0.1 * z
    return np.sum(np.abs(z) ** 2)


def branch(z):
    if np.real(np.sum(z)) > 0:
        w = z * z
    else:
        w = np.conj(z)
    return np.real(np.sum(w * w))


def magnitude(v):
    return np.abs(v) ** 2


def through_helper_and_lambda(z):
    scale = lambda v: 2.0 * v  # noqa: E731
    return np.sum(magnitude(scale(z))) + np.sum(np.mean(np.imag(z), keepdims=True))


def indexing_and_shapes(z):
    stacked = np.concatenate([z[:2], z[::-1]])
    grid = np.reshape(stacked[:4], (2, 2)).T
    return np.sum(np.abs(grid) ** 2) + np.real(np.sum(stacked[1] * grid[0, :]))


@pytest.mark.parametrize("f", [squared_modulus, weighted_energy, parts, phases, holomorphic_inside, matrix_product,
                               filtered, rotated_in_a_loop, branch, through_helper_and_lambda, indexing_and_shapes])
def test_gradient_of_a_real_function_of_complex_input_matches_differences_in_both_directions(f):
    got = transpiler.grad(f)(Z)
    assert got.dtype.kind == "c"
    np.testing.assert_allclose(got, both_directions(f, Z), atol=1e-6)


def test_the_convention_is_autograds_and_jaxs():
    # autograd.grad and jax.grad both give 2.6-2.8j for |z|² + 0.3 Re(z²) at 1+2j (measured once)
    f = lambda z: np.abs(z) ** 2 + np.real(z * z) * 0.3  # noqa: E731
    assert transpiler.grad(f)(1.0 + 2.0j) == pytest.approx(2.6 - 2.8j)
    assert transpiler.grad(squared_modulus)(Z) == pytest.approx(2 * np.conj(Z))


def test_gradient_descent_steps_along_the_conjugate():
    z = Z.copy()
    for _ in range(50):
        z = z - 0.1 * np.conj(transpiler.grad(squared_modulus)(z))
    assert squared_modulus(z) < 1e-6


def complex_from_parts(a, b):
    z = a + 1j * b
    return np.sum(np.abs(z * H - 1) ** 2)


def test_real_arguments_building_a_complex_value_get_real_gradients():
    a, b = np.array([0.3, -1.0, 2.0]), np.array([1.5, 0.2, -0.7])
    da, db = transpiler.grad(complex_from_parts, wrt=(0, 1))(a, b)
    assert da.dtype.kind == "f" and db.dtype.kind == "f"
    np.testing.assert_allclose(da, both_directions(lambda v: complex_from_parts(v, b), a), atol=1e-6)
    np.testing.assert_allclose(db, both_directions(lambda v: complex_from_parts(a, v), b), atol=1e-6)


def mixed(x, z):
    return np.sum(np.abs(np.exp(x) * z + 2j) ** 2)


def test_mixed_real_and_complex_arguments():
    x = np.array([0.1, -0.3, 0.2])
    dx, dz = transpiler.grad(mixed, wrt=(0, 1))(x, Z)
    np.testing.assert_allclose(dx, both_directions(lambda v: mixed(v, Z), x), atol=1e-6)
    np.testing.assert_allclose(dz, both_directions(lambda v: mixed(x, v), Z), atol=1e-6)


def merged(x, flip):
    y = x
    if flip:
        y = x * 1j
    return np.sum(np.abs(y + 1.0) ** 2)


def test_a_real_value_merged_with_a_complex_one_keeps_a_real_gradient():
    x = np.array([0.4, -0.8])
    for flip in (True, False):
        got = transpiler.grad(merged)(x, flip)
        assert got.dtype.kind == "f"
        np.testing.assert_allclose(got, both_directions(lambda v: merged(v, flip), x), atol=1e-6)


def test_value_and_grad_and_vjp_follow_the_convention():
    value, gradient = transpiler.value_and_grad(weighted_energy)(Z)
    assert value == pytest.approx(weighted_energy(Z))
    np.testing.assert_allclose(gradient, both_directions(weighted_energy, Z), atol=1e-6)
    _, pullback = transpiler.vjp(weighted_energy, Z)
    np.testing.assert_allclose(pullback(1.0)[0], gradient)


@pytest.mark.parametrize("f", [squared_modulus, parts, phases, holomorphic_inside, rotated_in_a_loop, branch])
def test_forward_mode_pushes_complex_tangents(f):
    t = np.array([0.3 - 0.2j, 1.0 + 0.5j, -0.4 + 0.1j])
    _, derivative = transpiler.jvp(f, (Z,), (t,))
    h = 1e-6
    np.testing.assert_allclose(derivative, (f(Z + h * t) - f(Z - h * t)) / (2 * h), atol=1e-6)


def square(z):
    return z * z


def test_jvp_of_a_holomorphic_function_is_its_complex_derivative():
    t = np.array([1.0 + 0.0j, 0.5j, -1.0 + 1.0j])
    value, derivative = transpiler.jvp(square, (Z,), (t,))
    np.testing.assert_allclose(value, Z * Z)
    np.testing.assert_allclose(derivative, 2 * Z * t)


# --------------------------------------------------------------------------- refusals
def clipped(z):
    return np.sum(np.abs(np.sort(z + np.zeros(3))) * np.arange(3.0))   # (complex sort: no rule)


def factored(z):
    return np.abs(np.sum(scipy.linalg.logm(np.reshape(z, (2, 2)))))


def complex_valued(z):
    return np.sum(z * z)


def powered(z, p):
    return np.sum(np.abs(z ** p))


def test_a_primitive_without_a_complex_rule_refuses_at_the_call():
    with pytest.raises(NonDifferentiableError, match=r"test_complex.py:\d+:\d+: `np.sort` of a complex value"):
        transpiler.grad(clipped)(Z)
    with pytest.raises(NonDifferentiableError, match=r"`scipy.linalg.logm` of a complex value"):
        transpiler.grad(factored)(np.array([2.0 + 0j, 0.2 - 0.3j, 0.2 + 0.3j, 2.0]))


@pytest.mark.parametrize("transform", [
    lambda: transpiler.jvp(clipped, (Z,), (Z,)),
    lambda: transpiler.vjp(clipped, Z)[1](1.0),
    lambda: transpiler.value_and_grad(clipped)(Z),
    lambda: transpiler.grad(clipped)(0.3 + 1j),
], ids=["jvp", "vjp", "value_and_grad", "python-complex"])
def test_every_transform_refuses_the_same_call(transform):
    with pytest.raises(NonDifferentiableError, match="complex input is not supported for it"):
        transform()


def test_a_complex_constant_reaching_a_real_only_rule_refuses():
    f = lambda x: np.sum(np.sort(x * (1 + 2j)).real * np.arange(2.0))  # noqa: E731
    with pytest.raises(NonDifferentiableError, match="`np.sort` of a complex value"):
        transpiler.grad(f)(np.array([0.3, -0.5]))


def test_a_complex_valued_function_has_no_gradient():
    with pytest.raises(NonDifferentiableError, match="may return a complex value"):
        transpiler.grad(complex_valued)(Z)


def test_an_active_exponent_of_a_complex_base_is_differentiated():
    # d/dp z ** p = z ** p log(z) (principal log), for a real or a complex exponent
    np.testing.assert_allclose(transpiler.grad(powered, wrt=1)(Z, 2.0), both_directions(lambda p: powered(Z, p), 2.0),
                               atol=1e-6)
    np.testing.assert_allclose(transpiler.grad(powered, wrt=1)(Z, 0.5 + 1.5j),
                               both_directions(lambda p: powered(Z, p), 0.5 + 1.5j), atol=1e-6)
    np.testing.assert_allclose(transpiler.grad(powered)(Z, 3.0), both_directions(lambda v: powered(v, 3.0), Z),
                               atol=1e-6)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_hessian_with_respect_to_a_complex_argument_refuses_pointing_at_hvp(mode):
    # (linear over the reals only: no complex matrix holds it; tests/api/test_complex_second_order.py)
    with pytest.raises(NonDifferentiableError, match="hessian with respect to a complex argument") as caught:
        transpiler.hessian(squared_modulus, mode=mode)(Z)
    assert "transpiler.hvp" in str(caught.value)


def first_modulus(zs):
    return np.sum(np.abs(zs[0]) ** 2)


def test_complex_values_inside_containers_refuse():
    with pytest.raises(NonDifferentiableError, match="inside a list, tuple or dict"):
        transpiler.grad(first_modulus)([Z])



class Filter:
    def __init__(self, response):
        self.response = response

    def loss(self, x):
        return np.sum(np.abs(x * self.response) ** 2)


class Tagged(np.ndarray):
    pass


TAGGED_H = H.view(Tagged)


def tagged_filter(x):
    return np.sum(np.abs(x * TAGGED_H) ** 2)


@pytest.mark.parametrize("f", [filtered, Filter(H).loss, tagged_filter], ids=["global", "attribute", "subclass"])
def test_complex_free_values_are_known_to_every_transform(f):
    x, t = W, np.array([1.0, -0.5, 2.0])
    expected = 2 * x * np.abs(H) ** 2
    np.testing.assert_allclose(transpiler.grad(f)(x), expected)
    assert transpiler.jvp(f, (x,), (t,))[1] == pytest.approx(np.dot(expected, t))
    np.testing.assert_allclose(transpiler.vjp(f, x)[1](1.0)[0], expected)
    np.testing.assert_allclose(transpiler.hessian(f)(x), np.diag(2 * np.abs(H) ** 2), atol=1e-12)


def test_a_complex_global_inside_a_list_refuses():
    with pytest.raises(NonDifferentiableError, match="inside a list, tuple or dict"):
        transpiler.jvp(first_of_global_list, (W,), (W,))


GLOBAL_LIST = [H]


def first_of_global_list(x):
    return np.sum(np.abs(x * GLOBAL_LIST[0]) ** 2)


def rotated_number(x: float):
    return x * np.exp(0.5j)


def test_grad_of_a_complex_valued_function_of_a_real_number_refuses_in_forward_mode_too():
    with pytest.raises(NonDifferentiableError, match="complex"):
        transpiler.grad(rotated_number)(0.7)


def scalar_parts(z):
    return abs(z) ** 2 + (z * z.conjugate()).real + np.absolute(z) * z.imag


def test_python_complex_numbers_and_their_methods():
    z = 0.6 - 1.3j
    np.testing.assert_allclose(transpiler.grad(scalar_parts)(z), both_directions(scalar_parts, np.array(z)),
                               atol=1e-6)


def test_complex64_gradient_keeps_its_dtype():
    gradient = transpiler.grad(squared_modulus)(Z.astype(np.complex64))
    assert gradient.dtype == np.complex64
    np.testing.assert_allclose(gradient, 2 * np.conj(Z), rtol=1e-6)


def test_the_array_api_backend_follows_the_same_convention():
    for f in (squared_modulus, holomorphic_inside, branch):
        np.testing.assert_allclose(transpiler.grad(f, backend="array_api")(Z), transpiler.grad(f)(Z), rtol=1e-12)


def test_the_numba_backend_gives_the_same_gradient_or_an_error():
    pytest.importorskip("numba")
    compiled = 0
    for f in (squared_modulus, holomorphic_inside, branch, parts):
        try:
            gradient = transpiler.grad(f, backend="numba")(Z)
        except transpiler.TranspileError:
            continue            # (its loops may not take complex values: an error, never a number)
        np.testing.assert_allclose(gradient, transpiler.grad(f)(Z), rtol=1e-12)
        compiled += 1
    assert compiled >= 1


def real_part_sum(x):
    return np.sum(np.real(x))


@pytest.mark.parametrize("z, kind", [(1j, complex), (np.complex128(2 - 1j), np.complex128),
                                     (np.array([1j, 2.0]), np.ndarray), (np.array([1j], np.complex64), np.ndarray)])
def test_a_complex_argument_gets_a_complex_gradient_where_its_imaginary_part_is_zero(z, kind):
    gradient = transpiler.grad(real_part_sum)(z)       # (autograd's test_real_type: 1, as a complex number)
    assert type(gradient) is kind and np.iscomplexobj(gradient)
    assert np.all(gradient == 1)
    assert np.asarray(gradient).dtype == np.asarray(z).dtype
    assert type(transpiler.grad(real_part_sum)(2.0)) is not complex
