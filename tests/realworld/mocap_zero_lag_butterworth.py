# Written for this corpus (sg1) in the style of motion-capture gait scripts in biomechanics labs (Winter's "Biomechanics and Motor Control of Human Movement" recipe as the Python gait tutorials code it): marker trajectories low-passed at 6 Hz by a 4th-order zero-lag Butterworth filter, `b, a = butter(order, cutoff / (0.5 * fs), btype='low')` then `filtfilt(b, a, markers, axis=0)`, a knee angle from three markers by `np.arctan2` of the cross and dot products, its angular velocity by `savgol_filter(..., deriv=1, delta=1/fs)`, a real-time (causal) filter started from `lfilter_zi(b, a) * x[0]` as SciPy's docs show, and a residual analysis of the cutoff. Differentiated: the filtered trajectory with respect to the raw record (a Jacobian), the knee's peak-flexion surrogate and angular-velocity RMS with respect to the thigh marker's offset, the filtered-vs-causal lag energy with respect to the raw signal, and a model fit through the filter with respect to (amplitude, phase).
import numpy as np
from scipy.signal import butter, filtfilt, lfilter, lfilter_zi, savgol_filter

FS = 100.0
CUTOFF = 6.0
ORDER = 4


def lowpass(data, cutoff=CUTOFF, fs=FS, order=ORDER):
    nyq = 0.5 * fs
    b, a = butter(order, cutoff / nyq, btype='low')
    return filtfilt(b, a, data, axis=0)


def realtime_lowpass(signal, cutoff=CUTOFF, fs=FS, order=2):
    b, a = butter(order, cutoff / (0.5 * fs), btype='low')
    zi = lfilter_zi(b, a)
    z, _ = lfilter(b, a, signal, zi=zi * signal[0])
    return z


def joint_angle(proximal, joint, distal):
    u = proximal - joint
    v = distal - joint
    cross = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    dot = np.sum(u * v, axis=1)
    return np.degrees(np.arctan2(cross, dot))


def angular_velocity(angle, fs=FS):
    return savgol_filter(angle, window_length=11, polyorder=3, deriv=1, delta=1.0 / fs)


def gait_markers(n=120, seed=5):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / FS
    phase = 2 * np.pi * 1.1 * t
    hip = np.column_stack([0.3 * t + 0.02 * np.sin(phase), 0.9 + 0.01 * np.cos(2 * phase)])
    knee = hip + np.column_stack([0.15 * np.sin(phase), -0.45 + 0.02 * np.cos(phase)])
    ankle = knee + np.column_stack([0.2 * np.sin(phase - 1.2), -0.42 + 0.03 * np.cos(phase - 1.2)])
    noise = 0.004 * rng.standard_normal((3, n, 2))
    return hip + noise[0], knee + noise[1], ankle + noise[2]


HIP, KNEE, ANKLE = gait_markers()
T = np.arange(120) / FS


def residual(raw, cutoff):
    filtered = lowpass(raw, cutoff=cutoff)
    return np.sqrt(np.mean((raw - filtered) ** 2))


def smoothed_record(raw_x):
    return lowpass(raw_x)[::6]


def knee_summary(thigh_offset):
    hip = lowpass(HIP + thigh_offset)
    knee = lowpass(KNEE)
    ankle = lowpass(ANKLE)
    angle = joint_angle(hip, knee, ankle)
    flexion = np.log(np.sum(np.exp(angle / 10.0))) * 10.0       # a smooth stand-in for the peak
    omega = angular_velocity(angle)
    return flexion + 0.01 * np.sqrt(np.mean(omega ** 2))


def lag_energy(raw_x):
    return np.sum((lowpass(raw_x) - realtime_lowpass(raw_x)) ** 2)


TARGET = lowpass(ANKLE[:, 0] - KNEE[:, 0])


def sinusoid_fit(params):
    amplitude, phase = params
    model = amplitude * np.sin(2 * np.pi * 1.1 * T - phase)
    return np.sum((lowpass(model) - TARGET) ** 2) + residual(model, 8.0)


CASES = [
    dict(name="smoothed_record", function=smoothed_record, args=lambda: (HIP[:60, 0].copy(),), kind="jacobian"),
    dict(name="knee_summary", function=knee_summary, args=lambda: (np.array([0.01, -0.02]),)),
    dict(name="lag_energy", function=lag_energy, args=lambda: (KNEE[:, 1].copy(),)),
    dict(name="sinusoid_fit", function=sinusoid_fit, args=lambda: (np.array([0.18, 1.0]),)),
]
