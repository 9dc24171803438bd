# Written for this corpus (p10) in the style of surface-EMG processing scripts in biomechanics labs (the "EMG signal processing in Python" tutorials and pyomeca-like helpers): `butter(order, [low, high], btype="bandpass", fs=fs, output="sos")` built inside a `bandpass` helper with keyword defaults, `scipy.signal.detrend` to remove the offset, full-wave rectification by `np.abs`, a low-pass `sosfilt` linear envelope, normalisation to the maximal voluntary contraction, a dict of processing settings passed as `**settings`, and a first-order activation-dynamics model (`a[n] = a[n-1] + dt * (u - a[n-1]) / tau` in a loop) whose gain and time constant are fitted to the envelope. Differentiated: the envelope with respect to the raw signal (Jacobian of a short record), the activation fit's misfit with respect to (gain, tau), and the envelope's root-mean-square with respect to a synthetic burst's amplitude.
import numpy as np
from scipy.signal import butter, detrend, sosfilt

FS = 1000.0
SETTINGS = {"low": 20.0, "high": 450.0, "order": 4, "lowpass": 6.0}


def bandpass(emg, low=20.0, high=450.0, order=4, fs=FS):
    sos = butter(order, [low, high], btype="bandpass", fs=fs, output="sos")
    return sosfilt(sos, emg)


def linear_envelope(emg, low=20.0, high=450.0, order=4, lowpass=6.0, fs=FS):
    emg = detrend(emg, type="constant")
    filtered = bandpass(emg, low=low, high=high, order=order, fs=fs)
    rectified = np.abs(filtered)
    sos_lp = butter(2, lowpass, btype="lowpass", fs=fs, output="sos")
    return sosfilt(sos_lp, rectified)


def activation_dynamics(excitation, gain, tau, dt=1.0 / FS):
    a = np.zeros_like(excitation)
    for n in range(1, len(excitation)):
        u = gain * excitation[n]
        a[n] = a[n - 1] + dt * (u - a[n - 1]) / tau
    return a


def synthetic_burst(amplitude, n=400, seed=3):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / FS
    shape = np.exp(-0.5 * ((t - 0.2) / 0.05) ** 2)
    return 0.05 + amplitude * shape * rng.standard_normal(n) + 0.01 * rng.standard_normal(n)


RAW = synthetic_burst(1.0)
MVC = linear_envelope(synthetic_burst(2.0, seed=9), **SETTINGS).max()
ENVELOPE = linear_envelope(RAW, **SETTINGS) / MVC
STIMULUS = (np.abs(np.arange(400) / FS - 0.2) < 0.06).astype(float)


def short_envelope(emg):
    return linear_envelope(emg, **SETTINGS)[::8]


def activation_misfit(params):
    gain, tau = params
    a = activation_dynamics(STIMULUS, gain, tau)
    return np.sum((a - ENVELOPE) ** 2)


def envelope_rms(amplitude):
    env = linear_envelope(synthetic_burst(amplitude), **SETTINGS)
    return np.sqrt(np.mean(env ** 2))


CASES = [
    dict(name="short_envelope", function=short_envelope, args=lambda: (RAW[:160].copy(),), kind="jacobian"),
    dict(name="activation_misfit", function=activation_misfit, args=lambda: (np.array([0.4, 0.04]),)),
    dict(name="envelope_rms", function=envelope_rms, args=lambda: (1.3,)),
]
