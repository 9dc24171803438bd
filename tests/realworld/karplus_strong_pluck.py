# Written for this corpus (p9) in the style of the Karplus-Strong plucked-string recipes of audio-DSP blogs and course notebooks (the "ring buffer with a two-point average" version and its `collections.deque` cousin): a noise burst from `np.random.default_rng(seed)` as the initial buffer, `buf[i % N] = decay * 0.5 * (buf[i % N] + buf[(i + 1) % N])` in place, an output list appended sample by sample, the period `N = int(fs / f0)` computed with `int`, a one-pole lowpass `y[n] = (1 - a) * x[n] + a * y[n-1]` written with `y[n] += ...`, a `Pluck` class with a `render(duration)` method, and a loss between the spectra of a synthesized note and a target by `np.fft.rfft`. Differentiated: the rendered note's energy with respect to the decay and the excitation (ring buffer and deque), the spectral loss, and the decay time (an envelope statistic) with respect to the lowpass coefficient.
from collections import deque

import numpy as np

FS = 8000


def karplus_strong(excitation, n_samples, decay=0.996):
    """The classic algorithm: the buffer is one period; each output sample is replaced by the decayed
    average of itself and its neighbour."""
    buf = np.array(excitation, dtype=float)
    N = len(buf)
    out = []
    for i in range(n_samples):
        out.append(buf[i % N])
        buf[i % N] = decay * 0.5 * (buf[i % N] + buf[(i + 1) % N])
    return np.array(out)


def karplus_strong_deque(excitation, n_samples, decay=0.996):
    """The same with a deque as the delay line: pop the oldest sample, push the filtered one."""
    line = deque(excitation)
    out = []
    for _ in range(n_samples):
        first = line.popleft()
        out.append(first)
        line.append(decay * 0.5 * (first + line[0]))
    return np.array(out)


def one_pole_lowpass(x, a):
    y = np.zeros_like(x)
    for n in range(len(x)):
        y[n] += (1 - a) * x[n]
        if n > 0:
            y[n] += a * y[n - 1]
    return y


class Pluck:
    def __init__(self, f0=440.0, fs=FS, decay=0.996, seed=3):
        self.period = int(fs / f0)
        self.fs = fs
        self.decay = decay
        self.rng = np.random.default_rng(seed)

    def burst(self, brightness=1.0):
        noise = self.rng.uniform(-1, 1, self.period)
        return one_pole_lowpass(noise, 1.0 - brightness) if brightness < 1.0 else noise

    def render(self, duration, excitation=None):
        if excitation is None:
            excitation = self.burst()
        n = int(duration * self.fs)
        return karplus_strong(excitation, n, self.decay)


EXCITATION = np.random.default_rng(11).uniform(-1, 1, int(FS / 440.0))


def note_energy(decay, excitation=EXCITATION):
    note = karplus_strong(excitation, 400, decay)
    return np.sum(note ** 2) / len(note)


def energy_of_excitation(excitation):
    return Pluck(decay=0.99).render(0.04, excitation).var()


TARGET = np.abs(np.fft.rfft(Pluck(f0=440.0, decay=0.99).render(0.05)))


def spectral_loss(excitation, decay=0.995):
    note = Pluck(decay=decay).render(0.05, excitation=excitation)
    spectrum = np.abs(np.fft.rfft(note))
    return np.mean((np.log1p(spectrum) - np.log1p(TARGET)) ** 2)


def envelope_centroid(a):
    """The lowpass-smoothed squared signal's time centroid: a decay-time statistic."""
    note = karplus_strong(EXCITATION, 300, 0.98)
    env = one_pole_lowpass(note ** 2, a)
    t = np.arange(len(env)) / FS
    return np.sum(t * env) / np.sum(env)


def deque_note_energy(excitation):
    note = karplus_strong_deque(list(excitation), 300, 0.99)
    return np.sum(note ** 2) / len(note)


CASES = [
    dict(name="note_energy", function=note_energy, args=lambda: (0.995,)),
    dict(name="energy_of_excitation", function=energy_of_excitation, args=lambda: (EXCITATION.copy(),)),
    dict(name="spectral_loss", function=spectral_loss, args=lambda: (EXCITATION.copy() * 0.9,)),
    dict(name="envelope_centroid", function=envelope_centroid, args=lambda: (0.9,)),
    dict(name="deque_note_energy", function=deque_note_energy, args=lambda: (EXCITATION.copy(),)),
]
