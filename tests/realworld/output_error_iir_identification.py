# Written for this corpus (p10) in the style of system-identification notebooks (the python-control / SIPPY-era "output-error model" and "Yule-Walker AR" examples): a `theta` vector split as `b, a = theta[:nb], np.r_[1.0, theta[nb:]]`, simulation by `scipy.signal.lfilter(b, a, u)`, the output-error cost `0.5 * np.sum((y - y_hat) ** 2)`, an AR(p) fit by `scipy.linalg.solve_toeplitz((r[:p], r[:p]), r[1:p + 1])` from a biased autocorrelation computed with `np.correlate(x, x, "full")`, a periodic deconvolution by `scipy.linalg.solve_circulant` with the impulse response padded to the period, a second-order-section cascade `sos` built by `np.vstack` from per-section dicts, and the predictor's innovations `lfilter(a, b, y)`. Differentiated: the output-error cost with respect to (b, a), the Yule-Walker AR coefficients with respect to the series (Jacobian), the circulant deconvolution with respect to the impulse response, the cascade's output energy with respect to the section gains, and the innovation variance with respect to theta.
import numpy as np
import scipy.linalg
from scipy.signal import lfilter, sosfilt

RNG = np.random.default_rng(7)
N = 120
U = RNG.standard_normal(N)
TRUE_B, TRUE_A = np.array([0.5, 0.3]), np.array([1.0, -0.6, 0.2])
Y = lfilter(TRUE_B, TRUE_A, U) + 0.05 * RNG.standard_normal(N)
NB = 2


def split(theta, nb=NB):
    b, a = theta[:nb], np.r_[1.0, theta[nb:]]
    return b, a


def output_error(theta, u=U, y=Y):
    b, a = split(theta)
    y_hat = lfilter(b, a, u)
    return 0.5 * np.sum((y - y_hat) ** 2)


def autocorrelation(x, maxlag):
    x = x - x.mean()
    r = np.correlate(x, x, "full")[len(x) - 1:] / len(x)
    return r[:maxlag + 1]


def yule_walker(x, order=3):
    r = autocorrelation(x, order)
    return scipy.linalg.solve_toeplitz((r[:order], r[:order]), r[1:order + 1])


def circulant_deconvolution(h, period=16):
    c = np.zeros(period)
    c[:len(h)] = h
    blurred = np.real(np.fft.ifft(np.fft.fft(c) * np.fft.fft(Y[:period])))
    return np.sum(scipy.linalg.solve_circulant(c, blurred) ** 2)


SECTIONS = [{"b": [1.0, 0.5, 0.1], "a": [1.0, -0.4, 0.1]}, {"b": [1.0, -0.3, 0.0], "a": [1.0, 0.2, 0.05]}]


def cascade_energy(gains):
    sos = np.vstack([np.r_[g * np.array(s["b"]), s["a"]] for g, s in zip(gains, SECTIONS)])
    return np.mean(sosfilt(sos, U) ** 2)


def innovation_variance(theta):
    b, a = split(theta)
    e = lfilter(a, b, Y)    # the inverse filter: b is minimum-phase here
    return np.var(e[5:])


CASES = [
    dict(name="output_error", function=output_error, args=lambda: (np.array([0.45, 0.35, -0.55, 0.15]),)),
    dict(name="yule_walker", function=yule_walker, args=lambda: (Y.copy(),), kind="jacobian"),
    dict(name="circulant_deconvolution", function=circulant_deconvolution, args=lambda: (np.array([1.0, 0.4, 0.1]),)),
    dict(name="cascade_energy", function=cascade_energy, args=lambda: (np.array([0.8, 1.2]),)),
    dict(name="innovation_variance", function=innovation_variance, args=lambda: (np.array([0.5, 0.3, -0.6, 0.2]),)),
]
