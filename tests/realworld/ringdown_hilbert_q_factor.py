# Written for this corpus (p10) in the style of resonator ring-down analysis scripts (MEMS and ultrasonic-transducer lab notebooks following the SciPy `hilbert` example "instantaneous_phase / instantaneous_frequency"): `analytic_signal = hilbert(signal)`, `amplitude_envelope = np.abs(analytic_signal)`, `instantaneous_phase = np.unwrap(np.angle(analytic_signal))`, `np.diff(...) / (2.0 * np.pi) * fs`, edge samples trimmed with a `trim` keyword, a damped-sine model from a dict of parameters, `Q = np.pi * f0 / decay`, a log-envelope least-squares fit written as a closure over the measurement. Differentiated: the envelope with respect to the samples (Jacobian), the log-envelope misfit with respect to the model's (amplitude, decay, frequency) dict, the mean instantaneous frequency with respect to the samples, and the quality factor estimated by a linear fit of the log envelope with respect to the decay rate.
import numpy as np
from scipy.signal import hilbert

FS = 2000.0
N = 600
t = np.arange(N) / FS


def ringdown(params, t=t):
    return params["amp"] * np.exp(-params["decay"] * t) * np.sin(2 * np.pi * params["f0"] * t + params.get("phase", 0.0))


def envelope(signal, trim=40):
    analytic_signal = hilbert(signal)
    amplitude_envelope = np.abs(analytic_signal)
    return amplitude_envelope[trim:-trim]


def instantaneous_frequency(signal, fs=FS, trim=40):
    analytic_signal = hilbert(signal)
    instantaneous_phase = np.unwrap(np.angle(analytic_signal))
    return (np.diff(instantaneous_phase) / (2.0 * np.pi) * fs)[trim:-trim]


TRUE = {"amp": 1.2, "decay": 9.0, "f0": 115.0, "phase": 0.3}
NOISE = 0.01 * np.random.default_rng(4).standard_normal(N)
MEASURED = ringdown(TRUE) + NOISE


def make_log_envelope_loss(measured, trim=40):
    target = np.log(envelope(measured, trim=trim))

    def loss(theta):
        params = dict(zip(("amp", "decay", "f0"), theta))
        model = np.log(envelope(ringdown(params), trim=trim))
        return np.mean((model - target) ** 2)

    return loss


log_envelope_loss = make_log_envelope_loss(MEASURED)


def mean_frequency(signal):
    return np.mean(instantaneous_frequency(signal))


def fitted_q(decay):
    params = {**TRUE, "decay": decay}
    env = envelope(ringdown(params) + NOISE)
    tt = t[40:-40]
    A = np.vstack([tt, np.ones_like(tt)]).T
    slope, intercept = np.linalg.lstsq(A, np.log(env), rcond=None)[0]
    return np.pi * TRUE["f0"] / -slope


def short_envelope(signal):
    return envelope(signal)[::20]


CASES = [
    dict(name="short_envelope", function=short_envelope, args=lambda: (MEASURED[:200].copy(),), kind="jacobian"),
    dict(name="log_envelope_loss", function=log_envelope_loss, args=lambda: (np.array([1.0, 8.0, 114.0]),)),
    dict(name="mean_frequency", function=mean_frequency, args=lambda: (MEASURED.copy(),)),
    dict(name="fitted_q", function=fitted_q, args=lambda: (9.0,)),
]
