"""np.fft: fft, ifft, rfft, irfft, their 2-d and n-d forms, hfft and ihfft, fftshift and ifftshift, with n=/s=,
axis=/axes= and norm= (primitives/fft.py).

Each case is checked against central finite differences in reverse mode, in forward mode along a
random direction, and through the Hessian (forward over the generated gradient) against
differences of the gradient; complex inputs against differences in both real directions (the
convention of docs/syntax.md, "Complex numbers")."""
import numpy as np
import pytest
from array_check import both_directions, check_gradient, numeric_gradient, rng

import transpiler
from transpiler import NonDifferentiableError

V = rng(1).normal(size=6)
V7 = rng(2).normal(size=7)
M = rng(3).normal(size=(3, 4))
T = rng(4).normal(size=(2, 3, 4))
B = rng(5).normal(size=6)


def spectrum_loss(y):
    """A real, nonlinear function of a complex spectrum that weighs every entry differently."""
    weights = np.arange(1.0, 1.0 + np.size(y)).reshape(np.shape(y))
    return np.sum(np.abs(y) ** 2 / weights + np.real(y) * weights - 0.5 * np.imag(y))


# --------------------------------------------------------------------------- 1-d
def power_spectrum(x):
    return np.sum(np.abs(np.fft.rfft(x)) ** 2)


def fft_default(x):
    return spectrum_loss(np.fft.fft(x))


def fft_padded_keyword(x):
    return spectrum_loss(np.fft.fft(x, n=9, norm="ortho"))


def fft_cut_positional_axis(x):
    return spectrum_loss(np.fft.fft(x, 3, 0))


def ifft_complex_built(x):
    return spectrum_loss(np.fft.ifft(x[:3] + 1j * x[3:], norm="forward"))


def ifft_padded(x):
    return spectrum_loss(np.fft.ifft(x, n=8, axis=-1))


def rfft_odd_length(x):
    return spectrum_loss(np.fft.rfft(x, n=5))


def rfft_axis0_ortho(x):
    return spectrum_loss(np.fft.rfft(x, axis=0, norm="ortho"))


def convolution(a, b):
    return np.sum(np.fft.irfft(np.fft.rfft(a) * np.fft.rfft(b), 6) ** 2)


def irfft_of_complex_built(x):
    return np.sum(np.sin(np.fft.irfft(x[:4] + 1j * x[3:], n=7)))


def irfft_default_norms(x):
    c = np.fft.rfft(x) * (1.0 + 0.5j)
    return np.sum(np.fft.irfft(c) ** 3) + np.sum(np.fft.irfft(c, norm="ortho") * np.arange(6.0)) \
        + np.sum(np.fft.irfft(c, 6, -1, "forward") ** 2)


def phases_and_parts(x):
    return np.sum(np.sin(np.angle(np.fft.fft(x) + 0.3j)) + np.imag(np.fft.fft(x)) ** 2 * np.abs(np.fft.ifft(x * 1j) ** 3))


def spectral_filter(x):
    response = np.exp(-np.arange(6.0))
    return np.sum(np.real(np.fft.ifft(np.fft.fft(x) * response)) ** 2)


# --------------------------------------------------------------------------- 2-d and n-d
def fft2_default(x):
    return spectrum_loss(np.fft.fft2(x))


def fft2_s_axes(x):
    return spectrum_loss(np.fft.fft2(x, s=(2, 6), axes=(1, 0)))


def ifft2_norm(x):
    return spectrum_loss(np.fft.ifft2(x * (1 - 2j), norm="ortho"))


def fftn_all_axes(x):
    return spectrum_loss(np.fft.fftn(x))


def fftn_s(x):
    return spectrum_loss(np.fft.fftn(x, s=(4, 3), axes=(0, 2)))


def ifftn_axes(x):
    return spectrum_loss(np.fft.ifftn(x, axes=(1,)))


def rfft2_default(x):
    return spectrum_loss(np.fft.rfft2(x))


def rfftn_s(x):
    return spectrum_loss(np.fft.rfftn(x, s=(2, 5), axes=(0, 2)))


def irfft2_roundtrip(x):
    return np.sum(np.fft.irfft2(np.fft.rfft2(x) * (0.5 + 1j), s=x.shape) ** 2)


def irfftn_odd(x):
    return np.sum(np.cos(np.fft.irfftn(np.fft.fftn(x), s=(3, 5), axes=(0, 1))))


def irfftn_norm(x):
    return np.sum(np.fft.irfftn(np.fft.rfftn(x) * 1j, norm="forward") * np.arange(24.0).reshape(2, 3, 4))


def irfft_of_real(x):
    """A real half spectrum: its adjoint is the real part of the complex one."""
    return np.sum(np.fft.irfft(x, n=8) ** 2 * np.arange(8.0))


# --------------------------------------------------------------------------- Hermitian (hfft, ihfft)
def hfft_of_real(x):
    return np.sum(np.fft.hfft(x) ** 2 * np.arange(10.0))


def hfft_complex_built_ortho(x):
    return np.sum(np.cos(np.fft.hfft(x[:3] + 1j * x[3:], n=5, norm="ortho")))


def ihfft_keywords(x):
    return spectrum_loss(np.fft.ihfft(x, n=7, axis=0, norm="forward"))


def ihfft_then_hfft(x):
    return np.sum(np.fft.hfft(np.fft.ihfft(x) * (1.0 + 0.5j), n=7) ** 2)


# --------------------------------------------------------------------------- shifts
def shifts(x):
    return np.sum(np.fft.fftshift(x) * np.arange(12.0).reshape(3, 4)) + np.sum(
        np.fft.ifftshift(x, axes=0)[0] ** 2) + np.sum(np.fft.fftshift(x, axes=(1,))[:, 1] ** 3)


def shifted_spectrum(x):
    return spectrum_loss(np.fft.fftshift(np.fft.fft(x)))


CASES = {
    np.fft.fft: [(fft_default, (V,), (0,)), (fft_padded_keyword, (V,), (0,)), (fft_cut_positional_axis, (M,), (0,)),
                 (spectral_filter, (V,), (0,)), (phases_and_parts, (V7,), (0,))],
    np.fft.ifft: [(ifft_complex_built, (V,), (0,)), (ifft_padded, (M,), (0,))],
    np.fft.rfft: [(power_spectrum, (V,), (0,)), (power_spectrum, (V7,), (0,)), (rfft_odd_length, (V,), (0,)),
                  (rfft_axis0_ortho, (M,), (0,)), (ihfft_keywords, (M,), (0,))],
    np.fft.irfft: [(convolution, (V, B), (0, 1)), (irfft_of_complex_built, (V7,), (0,)),
                   (irfft_default_norms, (V,), (0,)), (irfft_of_real, (V,), (0,)), (hfft_of_real, (V,), (0,)),
                   (hfft_complex_built_ortho, (V,), (0,)), (ihfft_then_hfft, (V7,), (0,))],
    np.fft.fft2: [(fft2_default, (M,), (0,)), (fft2_s_axes, (M,), (0,))],
    np.fft.ifft2: [(ifft2_norm, (M,), (0,))],
    np.fft.fftn: [(fftn_all_axes, (T,), (0,)), (fftn_s, (T,), (0,))],
    np.fft.ifftn: [(ifftn_axes, (T,), (0,))],
    np.fft.rfft2: [(rfft2_default, (M,), (0,))],
    np.fft.rfftn: [(rfftn_s, (T,), (0,))],
    np.fft.irfft2: [(irfft2_roundtrip, (M,), (0,))],
    np.fft.irfftn: [(irfftn_odd, (M,), (0,)), (irfftn_norm, (T,), (0,))],
    np.fft.fftshift: [(shifts, (M,), (0,)), (shifted_spectrum, (V7,), (0,))],
    np.fft.ifftshift: [(shifts, (M,), (0,))],
}
ALL = [pytest.param(*case, id=f"{case[0].__name__}-{np.shape(case[1][0])}") for cases in CASES.values()
       for case in cases]


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_gradient_matches_finite_differences(f, args, wrt):
    check_gradient(f, args, wrt, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_jvp_matches_finite_differences(f, args, wrt):
    direction = rng(7).normal(size=np.shape(args[wrt[0]]))
    tangents = tuple(direction if i == wrt[0] else np.zeros_like(a) for i, a in enumerate(args))
    _, derivative = transpiler.jvp(f, args, tangents)
    h = 1e-6
    up = [a + h * t for a, t in zip(args, tangents)]
    down = [a - h * t for a, t in zip(args, tangents)]
    assert derivative == pytest.approx((f(*up) - f(*down)) / (2 * h), rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_hessian_matches_differences_of_the_gradient(f, args, wrt):
    x = args[wrt[0]]
    hessian = transpiler.hessian(f, wrt[0])(*args)

    def gradient_part(value):
        grad = transpiler.grad(f, wrt[0])(*[value if i == wrt[0] else a for i, a in enumerate(args)])
        return grad

    h = 1e-5
    for index in np.ndindex(np.shape(x)):
        step = np.zeros_like(x)
        step[index] = h
        column = (gradient_part(x + step) - gradient_part(x - step)) / (2 * h)
        np.testing.assert_allclose(hessian[(...,) + index], column, rtol=1e-4, atol=1e-4)


# --------------------------------------------------------------------------- complex input
Z = rng(8).normal(size=6) + 1j * rng(9).normal(size=6)
ZM = rng(10).normal(size=(3, 4)) + 1j * rng(11).normal(size=(3, 4))


def complex_fft(z):
    return spectrum_loss(np.fft.fft(z, n=8))


def complex_ifft(z):
    return spectrum_loss(np.fft.ifft(z, norm="ortho"))


def complex_irfft(z):
    return np.sum(np.fft.irfft(z, n=9) ** 2 * np.arange(9.0))


def complex_fftn(z):
    return spectrum_loss(np.fft.fftn(z, s=(2, 5), axes=(0, 1)))


def complex_ifft2_shifted(z):
    return spectrum_loss(np.fft.fftshift(np.fft.ifft2(z)))


def complex_irfft2(z):
    return np.sum(np.fft.irfft2(z) ** 2 * np.arange(18.0).reshape(3, 6))


def complex_hfft(z):
    return np.sum(np.fft.hfft(z, n=9, axis=-1) ** 2 * np.arange(9.0))


@pytest.mark.parametrize("f, z", [(complex_fft, Z), (complex_ifft, Z), (complex_irfft, Z), (complex_fftn, ZM),
                                  (complex_ifft2_shifted, ZM), (complex_irfft2, ZM), (complex_hfft, Z)],
                         ids=["fft", "ifft", "irfft", "fftn", "ifft2-fftshift", "irfft2", "hfft"])
def test_complex_input_matches_differences_in_both_directions(f, z):
    np.testing.assert_allclose(transpiler.grad(f)(z), both_directions(f, z), rtol=1e-5, atol=1e-5)
    t = rng(12).normal(size=z.shape) + 1j * rng(13).normal(size=z.shape)
    _, derivative = transpiler.jvp(f, (z,), (t,))
    assert derivative == pytest.approx((f(z + 1e-6 * t) - f(z - 1e-6 * t)) / 2e-6, rel=1e-5, abs=1e-5)


def rfft_of_complex(z):
    return np.sum(np.abs(np.fft.rfft(z)))


def test_rfft_of_a_complex_value_refuses():
    with pytest.raises(NonDifferentiableError, match=r"test_fft.py:\d+:\d+: `np.fft.rfft` of a complex value"):
        transpiler.grad(rfft_of_complex)(Z)


def test_power_spectrum_gradient_is_four_times_the_circular_autocorrelation_term():
    # d/dx Σ|fft(x)|² = 2 n x (Parseval): rfft counts the inner bins once, so compare via fft
    full = lambda x: np.sum(np.abs(np.fft.fft(x)) ** 2)  # noqa: E731
    np.testing.assert_allclose(transpiler.grad(full)(V), 2 * len(V) * V)
    np.testing.assert_allclose(transpiler.grad(power_spectrum)(V), numeric_gradient(power_spectrum, [V], 0),
                               rtol=1e-6)


def with_frequencies(x):
    k = np.fft.rfftfreq(len(x), d=0.5)
    return np.sum(np.abs(np.fft.rfft(x) * k) ** 2) + np.sum(np.fft.fftfreq(len(x)) * x)


def test_sample_frequencies_carry_no_derivative_in_both_modes():
    check_gradient(with_frequencies, (V,), rtol=1e-5, atol=1e-6)
    _, derivative = transpiler.jvp(with_frequencies, (V,), (B,))
    assert derivative == pytest.approx((with_frequencies(V + 1e-6 * B) - with_frequencies(V - 1e-6 * B)) / 2e-6,
                                       rel=1e-5)


# --------------------------------------------------------------------------- as users write them
def make_filter(cutoff):
    response = np.exp(-np.arange(6.0) / cutoff)

    def smoothed_energy(x):          # a closure over a real response
        return np.sum(np.real(np.fft.ifft(np.fft.fft(a=x) * response)) ** 2)
    return smoothed_energy


def repeated_filtering(x):
    for step in range(3):
        spectrum = np.fft.rfft(x, norm="ortho")
        if step % 2 == 0:
            spectrum = spectrum * np.exp(-0.3j * np.arange(4.0))
        x = np.fft.irfft(spectrum, n=6, norm="ortho") + 0.1 * x
    return np.sum(x ** 2)


def method_spellings(x):
    y = np.fft.fft(x)
    return np.sum(y.real ** 2 - y.imag * 3.0 + (y * y.conjugate()).real + np.absolute(y))


@pytest.mark.parametrize("f", [make_filter(2.0), repeated_filtering, method_spellings],
                         ids=["closure-keyword", "loop-branch", "methods"])
def test_user_spellings_in_both_modes_and_hvp(f):
    check_gradient(f, (V,), rtol=1e-5, atol=1e-6)
    _, derivative = transpiler.jvp(f, (V,), (B,))
    assert derivative == pytest.approx((f(V + 1e-6 * B) - f(V - 1e-6 * B)) / 2e-6, rel=1e-5, abs=1e-6)
    along = transpiler.hvp(f, V, B)
    difference = (transpiler.grad(f)(V + 1e-5 * B) - transpiler.grad(f)(V - 1e-5 * B)) / 2e-5
    np.testing.assert_allclose(along, difference, rtol=1e-4, atol=1e-4)


def test_float32_input_keeps_its_dtype():
    x = V.astype(np.float32)
    gradient = transpiler.grad(power_spectrum)(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(power_spectrum)(V), rtol=1e-5)
