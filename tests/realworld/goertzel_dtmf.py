# Written for this corpus (p9) in the style of the Goertzel-algorithm DTMF decoders of embedded-DSP blogs and Rosetta-style snippets: `goertzel(samples, sample_rate, freq)` with `k = int(0.5 + N * freq / sample_rate)`, `coeff = 2 * math.cos(w)`, the recurrence `s = x + coeff * s_prev - s_prev2` in a `for x in samples` loop with tuple-free state shuffling, the power `s_prev2**2 + s_prev**2 - coeff*s_prev*s_prev2`, the keypad as a dict `{(697, 1209): "1", ...}` inverted with a comprehension, tones synthesised with `np.sin` and a `Hann` window from a helper, `detect_key` picking `max(ROW_FREQS, key=...)` with an f-string assert, and a generalised Goertzel (non-integer k) for a tone frequency that is itself a parameter. Differentiated: the row/column powers of a keypress with respect to the tone amplitudes (Jacobian), a twist-ratio figure, the detection margin with respect to the samples, and the generalised-Goertzel power with respect to the tone frequency.
import math

import numpy as np

FS = 8000
N_BLOCK = 205
ROW_FREQS = [697, 770, 852, 941]
COL_FREQS = [1209, 1336, 1477]
KEYPAD = {(697, 1209): "1", (697, 1336): "2", (697, 1477): "3",
          (770, 1209): "4", (770, 1336): "5", (770, 1477): "6",
          (852, 1209): "7", (852, 1336): "8", (852, 1477): "9",
          (941, 1209): "*", (941, 1336): "0", (941, 1477): "#"}
FREQS_OF_KEY = {key: pair for pair, key in KEYPAD.items()}


def goertzel(samples, sample_rate, freq):
    N = len(samples)
    k = int(0.5 + N * freq / sample_rate)
    w = 2 * math.pi * k / N
    coeff = 2 * math.cos(w)
    s_prev = 0.0
    s_prev2 = 0.0
    for x in samples:
        s = x + coeff * s_prev - s_prev2
        s_prev2 = s_prev
        s_prev = s
    return s_prev2 ** 2 + s_prev ** 2 - coeff * s_prev * s_prev2


def generalized_goertzel(samples, sample_rate, freq):
    """Non-integer bin: w = 2 pi f / fs directly, the power of the DTFT at f."""
    w = 2 * np.pi * freq / sample_rate
    coeff = 2 * np.cos(w)
    s1 = s2 = 0.0
    for n in range(len(samples)):
        s0 = samples[n] + coeff * s1 - s2
        s2, s1 = s1, s0
    return s1 ** 2 + s2 ** 2 - coeff * s1 * s2


def hann(n):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1))


def dtmf_tone(key, amplitudes=(1.0, 1.0), n=N_BLOCK, fs=FS, noise=None):
    f_row, f_col = FREQS_OF_KEY[key]
    t = np.arange(n) / fs
    a_row, a_col = amplitudes
    x = a_row * np.sin(2 * np.pi * f_row * t) + a_col * np.sin(2 * np.pi * f_col * t)
    if noise is not None:
        x = x + noise
    return x


def detect_key(samples):
    row = max(ROW_FREQS, key=lambda f: goertzel(samples, FS, f))
    col = max(COL_FREQS, key=lambda f: goertzel(samples, FS, f))
    return KEYPAD[(row, col)]


def keypad_powers(amplitudes, key="5"):
    x = dtmf_tone(key, amplitudes) * hann(N_BLOCK)
    return np.array([goertzel(x, FS, f) for f in ROW_FREQS + COL_FREQS]) / N_BLOCK ** 2


def twist_db(amplitudes, key="8"):
    """Row-to-column power ratio in dB, which the ITU limits to a few dB."""
    x = dtmf_tone(key, amplitudes)
    f_row, f_col = FREQS_OF_KEY[key]
    return 10 * np.log10(goertzel(x, FS, f_row) / goertzel(x, FS, f_col))


NOISE = 0.3 * np.random.default_rng(5).standard_normal(N_BLOCK)
NOISY_9 = dtmf_tone("9", (0.8, 1.0), noise=NOISE)


def detection_margin(samples):
    """The winning row's power over the runner-up's, in dB."""
    key = detect_key(NOISY_9)
    assert key == "9", f"decoded {key!r}"
    powers = sorted((goertzel(samples, FS, f) for f in ROW_FREQS), reverse=True)
    return 10 * np.log10(powers[0] / powers[1])


def off_bin_power(freq, key="1"):
    x = dtmf_tone(key, (1.0, 0.7), n=120)
    return generalized_goertzel(x, FS, freq) / 120 ** 2


CASES = [
    dict(name="keypad_powers", function=keypad_powers, args=lambda: (np.array([1.0, 0.8]),), kind="jacobian"),
    dict(name="twist_db", function=twist_db, args=lambda: (np.array([0.9, 1.1]),)),
    dict(name="detection_margin", function=detection_margin, args=lambda: (NOISY_9.copy(),)),
    dict(name="off_bin_power", function=off_bin_power, args=lambda: (690.0,)),
]
