# Written for this corpus (p2) in the style of speech-processing code (the Levinson-Durbin recursion as in librosa's `lpc` before it went to numba and in Rabiner & Schafer): the autocorrelation by `np.correlate(x, x, "full")[len(x) - 1:]`, reflection coefficients, `a[1:i] = a[1:i] + k * a[i-1:0:-1]` style updates on a copy, the prediction error, and a loss on the LPC spectral envelope.
import numpy as np


def autocorr(x, order):
    r = np.correlate(x, x, mode="full")[len(x) - 1:]
    return r[:order + 1]


def levinson(r, order):
    a = np.zeros(order + 1)
    a[0] = 1.0
    err = r[0]
    ks = []
    for i in range(1, order + 1):
        acc = r[i]
        for j in range(1, i):
            acc += a[j] * r[i - j]
        k = -acc / err
        ks.append(k)
        a_prev = a.copy()
        for j in range(1, i):
            a[j] = a_prev[j] + k * a_prev[i - j]
        a[i] = k
        err *= 1 - k * k
    return a, err, np.array(ks)


def lpc_envelope_loss(frame, order=6, nfft=64):
    window = np.hanning(len(frame))
    r = autocorr(frame * window, order)
    a, err, _ = levinson(r, order)
    A = np.fft.rfft(a, nfft)
    envelope = err / np.abs(A) ** 2
    return np.sum(np.log(envelope))


def reflection_energy(frame):
    _, err, ks = levinson(autocorr(frame, 4), 4)
    return np.sum(ks ** 2) + np.log(err)


t = np.arange(80) / 8000.0
FRAME = np.sin(2 * np.pi * 440 * t) + 0.5 * np.sin(2 * np.pi * 1230 * t) + 0.1 * np.cos(2 * np.pi * 2900 * t + 0.3)

CASES = [
    dict(name="envelope_loss", function=lpc_envelope_loss, args=lambda: (FRAME.copy(),)),
    dict(name="reflection_energy", function=reflection_energy, args=lambda: (FRAME.copy(),)),
]
