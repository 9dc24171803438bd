# Written for this corpus (p7) in the style of hand-rolled Welch estimators in signal-processing notebooks and course code (a `hann(n)` helper `0.5 - 0.5*np.cos(2*np.pi*np.arange(n)/(n-1))`, segments cut in a `while start + nperseg <= len(x)` loop with `noverlap`, `detrend` by the segment's mean, `np.fft.rfft` of the windowed segment, one-sided 'density' scaling `1/(fs*(win*win).sum())` with the inner bins doubled, periodograms averaged), a `Signal` class synthesising a noisy two-tone test signal, and band-power features (`np.trapz`-style sums over `freqs` masks, a spectral centroid and a relative band power as an EEG notebook computes them). Differentiated: the band powers and centroid w.r.t. the tones' amplitudes and damping.
import numpy as np


def hann(n, sym=True):
    if not sym:
        return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1))


def detrend(seg, kind="constant"):
    if kind == "constant":
        return seg - np.mean(seg)
    if kind is None:
        return seg
    raise ValueError(kind)


def welch(x, fs=1.0, nperseg=64, noverlap=None, detrend_kind="constant"):
    if noverlap is None:
        noverlap = nperseg // 2
    win = hann(nperseg, sym=False)
    scale = 1.0 / (fs * (win * win).sum())
    step = nperseg - noverlap
    pxx = np.zeros(nperseg // 2 + 1)
    count = 0
    start = 0
    while start + nperseg <= len(x):
        seg = detrend(x[start:start + nperseg], detrend_kind)
        spec = np.fft.rfft(seg * win)
        p = (spec * np.conj(spec)).real * scale
        if nperseg % 2:
            p[1:] *= 2
        else:
            p[1:-1] *= 2
        pxx = pxx + p
        count += 1
        start += step
    freqs = np.fft.rfftfreq(nperseg, 1.0 / fs)
    return freqs, pxx / count


class Signal:
    """Two damped tones in noise, sampled at `fs`."""

    def __init__(self, fs=256.0, duration=2.0, seed=3):
        self.fs = fs
        self.t = np.arange(int(fs * duration)) / fs
        rng = np.random.RandomState(seed)
        self.noise = 0.3 * rng.standard_normal(self.t.size)

    def synthesize(self, amps, freqs=(10.0, 40.0), damping=0.0):
        x = np.zeros_like(self.t)
        for a, f in zip(amps, freqs):
            x += a * np.sin(2 * np.pi * f * self.t)
        return x * np.exp(-damping * self.t) + self.noise


def band_power(freqs, psd, low, high):
    idx = np.logical_and(freqs >= low, freqs <= high)
    df = freqs[1] - freqs[0]
    return np.sum(psd[idx]) * df


def spectral_centroid(freqs, psd):
    return np.sum(freqs * psd) / np.sum(psd)


SIGNAL = Signal()


def alpha_relative_power(params):
    """Test wrapper: relative power in 8-12 Hz (params = amplitude 1, amplitude 2, damping)."""
    x = SIGNAL.synthesize(params[:2], damping=params[2])
    freqs, psd = welch(x, fs=SIGNAL.fs, nperseg=128)
    total = band_power(freqs, psd, 1.0, 60.0)
    return band_power(freqs, psd, 8.0, 12.0) / total


def centroid(params):
    x = SIGNAL.synthesize(params[:2], damping=params[2])
    freqs, psd = welch(x, fs=SIGNAL.fs, nperseg=64, noverlap=16)
    return spectral_centroid(freqs, psd)


def psd_bins(params):
    x = SIGNAL.synthesize(params[:2], damping=params[2])
    return welch(x, fs=SIGNAL.fs, nperseg=32, detrend_kind=None)[1][:6]


P0 = np.array([1.0, 0.6, 0.4])

CASES = [
    dict(name="alpha_relative_power", function=alpha_relative_power, args=lambda: (P0.copy(),)),
    dict(name="centroid", function=centroid, args=lambda: (P0.copy(),)),
    dict(name="psd_bins", function=psd_bins, args=lambda: (P0.copy(),), kind="jacobian"),
]
