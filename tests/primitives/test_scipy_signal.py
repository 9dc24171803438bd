"""scipy.signal's convolutions (primitives/scipy_signal.py): convolve (every mode and method,
1-D and n-D, either input the larger), correlate, fftconvolve, oaconvolve, convolve2d and
correlate2d, each checked against central finite differences in reverse mode, in forward mode
along a random direction and through the Hessian; complex inputs against differences in both
real directions; every method gives the same derivative; what has no rule refuses where written."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from array_check import both_directions, check_value_gradient_and_tangent, rng  # noqa: E402
from scipy import signal  # noqa: E402
import scipy.signal  # noqa: E402

import transpiler  # noqa: E402
from transpiler import TranspileError  # noqa: E402

V7 = rng(1).normal(size=7)
K3 = rng(2).normal(size=3)
K4 = rng(3).normal(size=4)
M45 = rng(4).normal(size=(4, 5))
M23 = rng(5).normal(size=(2, 3))
M22 = rng(6).normal(size=(2, 2))
T = rng(7).normal(size=(3, 4, 2))
T2 = rng(8).normal(size=(2, 2, 2))


def weighted(y):
    """A nonlinear loss that weighs every output entry differently."""
    return np.sum(np.sin(y) * np.arange(1.0, 1.0 + np.size(y)).reshape(np.shape(y)))


def convolve_full(x, k):
    return weighted(signal.convolve(x, k))


def convolve_same_keyword(x, k):
    return weighted(signal.convolve(x, k, mode="same"))


def convolve_valid_fft(x, k):
    return weighted(signal.convolve(x, k, "valid", method="fft"))


def convolve_same_larger_kernel(x, k):
    return weighted(signal.convolve(k, x, mode="same"))        # in2 longer than in1


def convolve_valid_swapped(x, k):
    return weighted(scipy.signal.convolve(k, x, mode="valid"))  # SciPy swaps: in2 is the larger


def convolve_2d_same_direct(x, k):
    return weighted(signal.convolve(x, k, mode="same", method="direct"))


def convolve_3d_valid(x, k):
    return weighted(signal.convolve(x, k, mode="valid"))


def correlate_modes(x, k):
    return weighted(signal.correlate(x, k)) + weighted(signal.correlate(x, k, "same")) + \
        weighted(signal.correlate(x, k, mode="valid", method="fft"))


def correlate_2d_same(x, k):
    return weighted(signal.correlate(x, k, mode="same"))


def fftconvolve_valid(x, k):
    return weighted(signal.fftconvolve(x, k, mode="valid"))


def oaconvolve_same(x, k):
    return weighted(signal.oaconvolve(x, k, "same"))


def convolve2d_modes(x, k):
    return weighted(signal.convolve2d(x, k)) + weighted(signal.convolve2d(x, k, mode="same", boundary="fill"))


def correlate2d_modes(x, k):
    return weighted(signal.correlate2d(x, k)) + weighted(signal.correlate2d(x, k, "same")) + \
        weighted(signal.correlate2d(x, k, mode="valid"))


def correlate2d_larger_kernel(x, k):
    return weighted(signal.correlate2d(k, x, "same")) + weighted(signal.correlate2d(k, x, "valid"))


def self_convolution_in_a_loop(x):
    y = x
    for _ in range(2):
        y = signal.convolve(y, x[:3], mode="same") / 2.0
    return weighted(y)


def convolve_with_a_list_kernel(x):
    # the adjoint computed `np.result_type(g, [1.0, 0.5], 1.0)`: a TypeError (a list is no dtype)
    return weighted(signal.convolve(x, [1.0, 0.5])) + weighted(signal.correlate([1.0, -0.5, 2.0], x, "same"))


CASES = {
    signal.convolve: [
        (convolve_full, (V7, K3), (0, 1)), (convolve_same_keyword, (V7, K4), (0, 1)),
        (convolve_valid_fft, (V7, K3), (0, 1)), (convolve_same_larger_kernel, (K4, V7), (0, 1)),
        (convolve_valid_swapped, (V7, K3), (0, 1)), (convolve_2d_same_direct, (M45, M23), (0, 1)),
        (convolve_3d_valid, (T, T2), (0, 1)), (correlate_modes, (V7, K4), (0, 1)),
        (correlate_2d_same, (M45, M22), (0, 1)), (fftconvolve_valid, (M45, M23), (0, 1)),
        (oaconvolve_same, (V7, K4), (0, 1)), (convolve2d_modes, (M45, M22), (0, 1)),
        (correlate2d_modes, (M45, M22), (0, 1)), (correlate2d_modes, (M45, M23), (0, 1)),
        (correlate2d_larger_kernel, (M45, M22), (0, 1)), (self_convolution_in_a_loop, (V7,), (0,)),
        (convolve_with_a_list_kernel, (V7,), (0,)),
    ],
}
ALL = [pytest.param(*case, id=f"{case[0].__name__}-{np.shape(case[1][0])}-{np.shape(case[1][-1])}")
       for cases in CASES.values() for case in cases]


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_value_gradient_and_jvp_match_scipy_and_finite_differences(f, args, wrt):
    check_value_gradient_and_tangent(f, args, wrt, seed=60)


@pytest.mark.parametrize("f, args, wrt", ALL[:6] + ALL[-4:])
def test_hessian_matches_differences_of_the_gradient(f, args, wrt):
    x = args[0]
    hessian = transpiler.hessian(f, 0)(*args)
    h = 1e-5
    for index in np.ndindex(np.shape(x)):
        step = np.zeros_like(x)
        step[index] = h
        column = (transpiler.grad(f, 0)(x + step, *args[1:]) - transpiler.grad(f, 0)(x - step, *args[1:])) / (2 * h)
        np.testing.assert_allclose(hessian[(...,) + index], column, rtol=1e-4, atol=1e-4)


def convolve_by(method):
    def loss(x, k):
        return weighted(signal.convolve(x, k, mode="same", method=method))
    return loss


def test_every_method_gives_the_same_derivative():
    direct, fft, auto = (transpiler.grad(convolve_by(m), wrt=(0, 1))(M45, M23) for m in ("direct", "fft", "auto"))
    for other in (fft, auto):
        for a, b in zip(direct, other):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------- complex input
Z = rng(9).normal(size=6) + 1j * rng(10).normal(size=6)
KZ = rng(11).normal(size=3) + 1j * rng(12).normal(size=3)


def complex_convolve(z, k):
    return np.sum(np.abs(signal.convolve(z, k, mode="same")) ** 2 * np.arange(6.0))


def complex_correlate(z, k):
    return np.sum(np.real(signal.correlate(z, k)) * np.arange(8.0)) + np.sum(np.imag(signal.correlate(z, k, "valid")))


@pytest.mark.parametrize("f", [complex_convolve, complex_correlate])
@pytest.mark.parametrize("args", [(Z, KZ), (Z, KZ.real), (Z.real, KZ)], ids=["both", "real-kernel", "real-signal"])
def test_complex_input_matches_differences_in_both_directions(f, args):
    for i in range(2):
        def along(value, i=i):
            return f(*[value if j == i else a for j, a in enumerate(args)])

        gradient = transpiler.grad(f, wrt=i)(*args)
        expected = both_directions(along, np.asarray(args[i], complex))
        if not np.iscomplexobj(args[i]):
            expected = expected.real
        np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-5)


# --------------------------------------------------------------------------- dtype and refusals
def energy_of_same(x, k):
    return np.sum(signal.convolve(x, k, mode="same") ** 2)


def test_float32_value_and_gradient_are_float32_in_both_modes():
    x, k = V7.astype(np.float32), K3.astype(np.float32)
    value, (gx, gk) = transpiler.value_and_grad(energy_of_same, wrt=(0, 1))(x, k)
    assert np.result_type(value) == np.float32 and gx.dtype == gk.dtype == np.float32
    _, tangent = transpiler.jvp(energy_of_same, (x, k), (np.ones_like(x), None))
    assert np.result_type(tangent) == np.float32


def fftconvolve_some_axes(x, k):
    return np.sum(signal.fftconvolve(x, k, axes=1))


def convolve2d_wrapped(x, k):
    return np.sum(signal.convolve2d(x, k, boundary="wrap"))


@pytest.mark.parametrize("f, words", [(fftconvolve_some_axes, "axes="), (convolve2d_wrapped, "boundary=")])
def test_what_has_no_rule_refuses_where_it_is_written(f, words):
    with pytest.raises(TranspileError, match=r"test_scipy_signal.py:\d+:\d+") as info:
        transpiler.grad(f)(M45, M23)
    assert words in str(info.value) and info.value.hint
