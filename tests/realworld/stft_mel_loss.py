# Written for this corpus (p1) in the style of audio ML code (librosa's `mel` filterbank and `hz_to_mel` in the HTK formula, the multi-resolution STFT losses of Parallel WaveGAN / DDSP): frames cut by fancy indexing, a Hann window, `np.fft.rfft`, spectral convergence and log-magnitude losses, and a log-mel distance.
import numpy as np


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_filterbank(sr, n_fft, n_mels):
    fft_freqs = np.linspace(0, sr / 2, n_fft // 2 + 1)
    mel_pts = np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2)
    hz_pts = mel_to_hz(mel_pts)
    fb = np.zeros((n_mels, len(fft_freqs)))
    for m in range(1, n_mels + 1):
        left, center, right = hz_pts[m - 1], hz_pts[m], hz_pts[m + 1]
        up = (fft_freqs - left) / (center - left)
        down = (right - fft_freqs) / (right - center)
        fb[m - 1] = np.maximum(0, np.minimum(up, down))
    return fb


def stft(x, n_fft=32, hop=8):
    window = np.hanning(n_fft)
    n_frames = 1 + (len(x) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(n_frames)[:, None]
    frames = x[idx] * window
    return np.fft.rfft(frames, axis=-1)


def stft_loss(x, y, n_fft=32, hop=8, eps=1e-7):
    X = np.abs(stft(x, n_fft, hop))
    Y = np.abs(stft(y, n_fft, hop))
    sc = np.linalg.norm(Y - X, "fro") / np.linalg.norm(Y, "fro")
    mag = np.mean(np.abs(np.log(Y + eps) - np.log(X + eps)))
    return sc + mag


def multi_resolution_loss(x, y, resolutions=((32, 8), (16, 4), (64, 16))):
    return sum(stft_loss(x, y, n_fft, hop) for n_fft, hop in resolutions) / len(resolutions)


FB = mel_filterbank(8000, 32, 6)


def log_mel_distance(x, y):
    X = FB @ (np.abs(stft(x)) ** 2).T
    Y = FB @ (np.abs(stft(y)) ** 2).T
    return np.mean((np.log(X + 1e-6) - np.log(Y + 1e-6)) ** 2)


t = np.arange(128) / 8000.0
Y_SIG = np.sin(2 * np.pi * 440 * t) + 0.3 * np.sin(2 * np.pi * 1200 * t)
X_SIG = 0.9 * np.sin(2 * np.pi * 430 * t + 0.2) + 0.05 * np.cos(2 * np.pi * 2500 * t)
# a noise floor, as recorded audio has: no STFT bin near zero, where the log magnitude's curvature
# would swamp the finite differences' step
_noise = np.random.RandomState(22)
Y_SIG = Y_SIG + 0.1 * _noise.randn(128)
X_SIG = X_SIG + 0.1 * _noise.randn(128)

CASES = [
    dict(name="stft_loss", function=stft_loss, args=lambda: (X_SIG.copy(), Y_SIG.copy())),
    dict(name="multi_resolution", function=multi_resolution_loss, args=lambda: (X_SIG.copy(), Y_SIG.copy())),
    dict(name="log_mel", function=log_mel_distance, args=lambda: (X_SIG.copy(), Y_SIG.copy())),
]
