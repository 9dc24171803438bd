# Written for this corpus (i5) in the style of a signal-processing script: a spectral loss with np.fft.rfft and a windowed periodogram.
import numpy as np

n = 16
t = np.arange(n)


def periodogram(x, window="hann"):
    w = np.hanning(len(x)) if window == "hann" else np.ones(len(x))
    X = np.fft.rfft(x * w)
    return np.abs(X) ** 2 / np.sum(w ** 2)


def spectral_loss(x, target):
    p = periodogram(x)
    return np.sum((np.log(p + 1e-6) - np.log(target + 1e-6)) ** 2)


def synth(amps, phases):
    freqs = np.array([1, 3, 5])
    x = np.zeros(n)
    for a, ph, fr in zip(amps, phases, freqs):
        x += a * np.cos(2 * np.pi * fr * t / n + ph)
    return x


def fit_loss(amps, phases):
    target = periodogram(synth(np.array([1.0, 0.5, 0.2]), np.zeros(3)))
    return spectral_loss(synth(amps, phases), target)


def circular_convolution(x, h):
    y = np.fft.irfft(np.fft.rfft(x) * np.fft.rfft(h), n=len(x))
    return np.sum(y ** 2) + y[3]


CASES = [
    dict(name="fit", function=fit_loss, args=lambda: (np.array([0.8, 0.6, 0.3]), np.array([0.1, -0.2, 0.3])),
         wrt=(0, 1)),
    dict(name="convolution", function=circular_convolution, args=lambda: (np.sin(t * 0.7), np.exp(-t / 3.0)),
         wrt=(0, 1)),
]
