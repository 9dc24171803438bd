# Written for this corpus (i5) in the style of an audio-DSP script: a direct-form-II biquad IIR filter written as a Python loop with a state tuple.
import math
import numpy as np


def biquad_coefficients(f0, q, fs=8000.0):
    w0 = 2 * math.pi * f0 / fs
    alpha = math.sin(w0) / (2 * q)
    cosw = math.cos(w0)
    b = np.array([(1 - cosw) / 2, 1 - cosw, (1 - cosw) / 2])
    a = np.array([1 + alpha, -2 * cosw, 1 - alpha])
    return b / a[0], a / a[0]


def lfilter_loop(b, a, x):
    z1, z2 = 0.0, 0.0
    y = np.zeros_like(x)
    for n, xn in enumerate(x):
        w = xn - a[1] * z1 - a[2] * z2
        y[n] = b[0] * w + b[1] * z1 + b[2] * z2
        z2, z1 = z1, w
    return y


def filtered_energy(params, x):
    f0, q = params
    b, a = biquad_coefficients(f0, q)
    y = lfilter_loop(b, a, x)
    return np.mean(y ** 2)


sig = np.sin(2 * np.pi * 440 * np.arange(40) / 8000.0) + 0.5 * np.sin(2 * np.pi * 1800 * np.arange(40) / 8000.0)

CASES = [
    dict(name="energy", function=filtered_energy, args=lambda: (np.array([900.0, 0.8]), sig.copy())),
    dict(name="signal", function=filtered_energy, args=lambda: (np.array([900.0, 0.8]), sig.copy()), wrt=(1,)),
]
