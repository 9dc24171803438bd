# Written for this corpus (p8) in the style of DDSP's (Engel et al. 2020) NumPy-translated core and synth modules: `exp_sigmoid(x, exponent=10.0, max_value=2.0, threshold=1e-7)`, `remove_above_nyquist` by `np.where`, `normalize_harmonics` with `keepdims=True`, `resample(inputs, n_timesteps)` as per-channel linear interpolation built by a list comprehension over `range(inputs.shape[-1])`, `oscillator_bank` with phases from `np.cumsum` of angular frequencies, a `Harmonic` synthesizer class with `get_controls`/`get_signal` and `__call__`, and the multi-scale spectral loss (`fft_sizes=(64, 128)`, frames by a stride comprehension, a Hann window, `np.abs(np.fft.rfft(...))`, L1 of magnitudes and log magnitudes with `loss_type` strings). Differentiated: the spectral loss of the synthesised audio w.r.t. the amplitude and harmonic-distribution logits, the audio w.r.t. f0, and the loss w.r.t. the frame-wise f0.
import numpy as np

SAMPLE_RATE = 4000
N_SAMPLES = 512
N_FRAMES = 8


def exp_sigmoid(x, exponent=10.0, max_value=2.0, threshold=1e-7):
    """Exponentiated sigmoid: a scaled, bounded positive nonlinearity (ddsp.core.exp_sigmoid)."""
    return max_value * (1.0 / (1.0 + np.exp(-x))) ** np.log(exponent) + threshold


def get_harmonic_frequencies(frequencies, n_harmonics):
    f_ratios = np.linspace(1.0, float(n_harmonics), int(n_harmonics))
    return frequencies[:, np.newaxis] * f_ratios


def remove_above_nyquist(frequency_envelopes, amplitude_envelopes, sample_rate=16000):
    return np.where(frequency_envelopes >= sample_rate / 2.0, 0.0, amplitude_envelopes)


def normalize_harmonics(harmonic_distribution, f0_hz=None, sample_rate=None):
    n_harmonics = harmonic_distribution.shape[-1]
    if f0_hz is not None and sample_rate is not None:
        harmonic_frequencies = get_harmonic_frequencies(f0_hz, n_harmonics)
        harmonic_distribution = remove_above_nyquist(harmonic_frequencies, harmonic_distribution, sample_rate)
    return harmonic_distribution / np.sum(harmonic_distribution, axis=-1, keepdims=True)


def resample(inputs, n_timesteps):
    """Linear interpolation of frame-rate controls (frames, channels) to the audio rate."""
    n_frames = inputs.shape[0]
    t_in = np.linspace(0.0, 1.0, n_frames)
    t_out = np.linspace(0.0, 1.0, n_timesteps)
    channels = [np.interp(t_out, t_in, inputs[:, c]) for c in range(inputs.shape[-1])]
    return np.stack(channels, axis=-1)


def oscillator_bank(frequency_envelopes, amplitude_envelopes, sample_rate=16000, sum_sinusoids=True):
    amplitude_envelopes = remove_above_nyquist(frequency_envelopes, amplitude_envelopes, sample_rate)
    omegas = frequency_envelopes * (2.0 * np.pi)  # rad / sec
    omegas = omegas / float(sample_rate)  # rad / sample
    phases = np.cumsum(omegas, axis=0)
    audio = amplitude_envelopes * np.sin(phases)
    if sum_sinusoids:
        audio = np.sum(audio, axis=-1)
    return audio


class Harmonic:
    """Synthesize audio with a bank of harmonic sinusoidal oscillators."""

    def __init__(self, n_samples=N_SAMPLES, sample_rate=SAMPLE_RATE, scale_fn=exp_sigmoid):
        self.n_samples = n_samples
        self.sample_rate = sample_rate
        self.scale_fn = scale_fn

    def get_controls(self, amplitudes, harmonic_distribution, f0_hz):
        if self.scale_fn is not None:
            amplitudes = self.scale_fn(amplitudes)
            harmonic_distribution = self.scale_fn(harmonic_distribution)
        harmonic_distribution = normalize_harmonics(harmonic_distribution, f0_hz, self.sample_rate)
        return {"amplitudes": amplitudes, "harmonic_distribution": harmonic_distribution, "f0_hz": f0_hz}

    def get_signal(self, amplitudes, harmonic_distribution, f0_hz):
        n_harmonics = harmonic_distribution.shape[-1]
        harmonic_frequencies = get_harmonic_frequencies(f0_hz, n_harmonics)
        harmonic_amplitudes = amplitudes[:, np.newaxis] * harmonic_distribution
        frequency_envelopes = resample(harmonic_frequencies, self.n_samples)
        amplitude_envelopes = resample(harmonic_amplitudes, self.n_samples)
        return oscillator_bank(frequency_envelopes, amplitude_envelopes, sample_rate=self.sample_rate)

    def __call__(self, *args):
        controls = self.get_controls(*args)
        return self.get_signal(**controls)


def stft_magnitude(audio, frame_size, overlap=0.75):
    hop = int(frame_size * (1.0 - overlap))
    window = np.hanning(frame_size)
    frames = np.stack([audio[i:i + frame_size] * window for i in range(0, len(audio) - frame_size + 1, hop)])
    return np.abs(np.fft.rfft(frames, axis=-1))


def spectral_loss(target_audio, audio, fft_sizes=(64, 128), loss_type="L1", mag_weight=1.0, logmag_weight=1.0):
    loss = 0.0
    for size in fft_sizes:
        target_mag = stft_magnitude(target_audio, size)
        value_mag = stft_magnitude(audio, size)
        if mag_weight > 0:
            diff = target_mag - value_mag
            loss += mag_weight * (np.mean(np.abs(diff)) if loss_type == "L1" else np.mean(diff ** 2))
        if logmag_weight > 0:
            diff = np.log(target_mag + 1e-5) - np.log(value_mag + 1e-5)
            loss += logmag_weight * (np.mean(np.abs(diff)) if loss_type == "L1" else np.mean(diff ** 2))
    return loss


SYNTH = Harmonic()
F0 = np.linspace(220.0, 260.0, N_FRAMES)
rng = np.random.RandomState(3)
TARGET = SYNTH(np.full(N_FRAMES, 0.5), rng.randn(N_FRAMES, 5), F0)
AMP0 = np.linspace(-0.2, 0.3, N_FRAMES)
DIST0 = 0.3 * np.cos(np.arange(N_FRAMES * 5.0)).reshape(N_FRAMES, 5)


def reconstruction_loss(amplitudes, harmonic_distribution):
    audio = SYNTH(amplitudes, harmonic_distribution, F0)
    return spectral_loss(TARGET, audio, loss_type="L2")


def audio_of_f0(f0_hz):
    """Test wrapper: every 32nd sample of the synthesised audio as the pitch changes."""
    return SYNTH(AMP0, DIST0, f0_hz)[::32]


def pitch_loss(f0_hz):
    return spectral_loss(TARGET, SYNTH(np.full(N_FRAMES, 0.5), DIST0, f0_hz), fft_sizes=(128,), logmag_weight=0.0,
                         loss_type="L2")


CASES = [
    dict(name="reconstruction_loss", function=reconstruction_loss, args=lambda: (AMP0.copy(), DIST0.copy()), wrt=(0, 1)),
    dict(name="audio_of_f0", function=audio_of_f0, args=lambda: (F0.copy(),), kind="jacobian"),
    dict(name="pitch_loss", function=pitch_loss, args=lambda: (F0 + 3.0,)),
]
