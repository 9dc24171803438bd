# Written for this corpus (p11) in the style of colour-science code computing the CIEDE2000 colour difference (Sharma, Wu & Dalal's formulas): colormath's `delta_e_cie2000`, a scalar version with `math.atan2`, `math.degrees` and `if`/`elif` hue rules on a Lab triple unpacked as `L1, a1, b1 = lab1`, and scikit-image's vectorised `deltaE_ciede2000` (`_cart2polar_2pi`, masked in-place updates `dH[h_diff > np.pi] -= 2 * np.pi`, `Hbar[mask * (h_sum < 2 * np.pi)] += ...`, `Hbar *= 0.5`), with an sRGB -> Lab conversion by `np.where` gamma and cube-root branches. Differentiated: one colour difference in the first colour, a palette's mean difference in its Lab values, and a printer-calibration loss in RGB.
import math

import numpy as np

D65 = np.array([0.95047, 1.0, 1.08883])
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])


def _hue_degrees(b, a_prime):
    h = math.degrees(math.atan2(b, a_prime))
    if h < 0:
        h += 360.0
    return h


def delta_e_cie2000(lab1, lab2, Kl=1, Kc=1, Kh=1):
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    avg_Lp = (L1 + L2) / 2.0
    C1 = math.sqrt(a1 ** 2 + b1 ** 2)
    C2 = math.sqrt(a2 ** 2 + b2 ** 2)
    avg_C = (C1 + C2) / 2.0
    G = 0.5 * (1 - math.sqrt(avg_C ** 7 / (avg_C ** 7 + 25.0 ** 7)))
    a1p = (1.0 + G) * a1
    a2p = (1.0 + G) * a2
    C1p = math.sqrt(a1p ** 2 + b1 ** 2)
    C2p = math.sqrt(a2p ** 2 + b2 ** 2)
    avg_C1p_C2p = (C1p + C2p) / 2.0
    h1p = _hue_degrees(b1, a1p)
    h2p = _hue_degrees(b2, a2p)
    if abs(h1p - h2p) > 180:
        avg_Hp = (h1p + h2p + 360) / 2.0
    else:
        avg_Hp = (h1p + h2p) / 2.0
    T = (1 - 0.17 * math.cos(math.radians(avg_Hp - 30)) + 0.24 * math.cos(math.radians(2 * avg_Hp))
         + 0.32 * math.cos(math.radians(3 * avg_Hp + 6)) - 0.2 * math.cos(math.radians(4 * avg_Hp - 63)))
    diff_h2p_h1p = h2p - h1p
    if abs(diff_h2p_h1p) <= 180:
        delta_hp = diff_h2p_h1p
    elif h2p <= h1p:
        delta_hp = diff_h2p_h1p + 360
    else:
        delta_hp = diff_h2p_h1p - 360
    delta_Lp = L2 - L1
    delta_Cp = C2p - C1p
    delta_Hp = 2 * math.sqrt(C2p * C1p) * math.sin(math.radians(delta_hp) / 2.0)
    S_L = 1 + ((0.015 * (avg_Lp - 50) ** 2) / math.sqrt(20 + (avg_Lp - 50) ** 2))
    S_C = 1 + 0.045 * avg_C1p_C2p
    S_H = 1 + 0.015 * avg_C1p_C2p * T
    delta_ro = 30 * math.exp(-(((avg_Hp - 275) / 25) ** 2))
    R_C = math.sqrt((avg_C1p_C2p ** 7) / (avg_C1p_C2p ** 7 + 25.0 ** 7))
    R_T = -2 * R_C * math.sin(2 * math.radians(delta_ro))
    return math.sqrt((delta_Lp / (S_L * Kl)) ** 2 + (delta_Cp / (S_C * Kc)) ** 2
                     + (delta_Hp / (S_H * Kh)) ** 2 + R_T * (delta_Cp / (S_C * Kc)) * (delta_Hp / (S_H * Kh)))


def _cart2polar_2pi(x, y):
    r, t = np.hypot(x, y), np.arctan2(y, x)
    t += (t < 0) * 2 * np.pi
    return r, t


def deltaE_ciede2000(lab1, lab2, kL=1, kC=1, kH=1):
    L1, a1, b1 = lab1[..., 0], lab1[..., 1], lab1[..., 2]
    L2, a2, b2 = lab2[..., 0], lab2[..., 1], lab2[..., 2]
    Cbar = 0.5 * (np.hypot(a1, b1) + np.hypot(a2, b2))
    c7 = Cbar ** 7
    G = 0.5 * (1 - np.sqrt(c7 / (c7 + 25 ** 7)))
    scale = 1 + G
    C1, h1 = _cart2polar_2pi(a1 * scale, b1)
    C2, h2 = _cart2polar_2pi(a2 * scale, b2)
    Lbar = 0.5 * (L1 + L2)
    tmp = (Lbar - 50) ** 2
    SL = 1 + 0.015 * tmp / np.sqrt(20 + tmp)
    L_term = (L2 - L1) / (kL * SL)
    Cbar = 0.5 * (C1 + C2)
    SC = 1 + 0.045 * Cbar
    C_term = (C2 - C1) / (kC * SC)
    h_diff = h2 - h1
    h_sum = h1 + h2
    CC = C1 * C2
    dH = h_diff.copy()
    dH[h_diff > np.pi] -= 2 * np.pi
    dH[h_diff < -np.pi] += 2 * np.pi
    dH[CC == 0.] = 0.
    dH_term = 2 * np.sqrt(CC) * np.sin(dH / 2)
    Hbar = h_sum.copy()
    mask = np.logical_and(CC != 0., np.abs(h_diff) > np.pi)
    Hbar[mask * (h_sum < 2 * np.pi)] += 2 * np.pi
    Hbar[mask * (h_sum >= 2 * np.pi)] -= 2 * np.pi
    Hbar[CC == 0.] *= 2
    Hbar *= 0.5
    T = (1 - 0.17 * np.cos(Hbar - np.deg2rad(30)) + 0.24 * np.cos(2 * Hbar)
         + 0.32 * np.cos(3 * Hbar + np.deg2rad(6)) - 0.20 * np.cos(4 * Hbar - np.deg2rad(63)))
    SH = 1 + 0.015 * Cbar * T
    H_term = dH_term / (kH * SH)
    c7 = Cbar ** 7
    Rc = 2 * np.sqrt(c7 / (c7 + 25 ** 7))
    dtheta = np.deg2rad(30) * np.exp(-((np.rad2deg(Hbar) - 275) / 25) ** 2)
    R_term = -np.sin(2 * dtheta) * Rc * C_term * H_term
    dE2 = L_term ** 2 + C_term ** 2 + H_term ** 2 + R_term
    return np.sqrt(np.maximum(dE2, 0))


def srgb_to_lab(rgb, white=D65):
    rgb = np.asarray(rgb, dtype=float)
    linear = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    xyz = linear @ SRGB_TO_XYZ.T
    t = xyz / white
    delta = 6 / 29
    f = np.where(t > delta ** 3, np.cbrt(t), t / (3 * delta ** 2) + 4 / 29)
    L = 116 * f[..., 1] - 16
    a = 500 * (f[..., 0] - f[..., 1])
    b = 200 * (f[..., 1] - f[..., 2])
    return np.stack([L, a, b], axis=-1)


# Sharma et al.'s test pairs (a few of the 34; the third's b* moved off 0, where the mean hue jumps
# by pi: CIEDE2000 is discontinuous there).
PAIRS_1 = np.array([[50.0, 2.6772, -79.7751], [50.0, -1.3802, -84.2814], [50.0, 2.5, -1.5],
                    [60.2574, -34.0099, 36.2677], [63.0109, -31.0961, -5.8663], [35.0831, -44.1164, 3.7933]])
PAIRS_2 = np.array([[50.0, 0.0, -82.7485], [50.0, 0.0, -82.7485], [56.0, -27.0, -3.0],
                    [60.4626, -34.1751, 39.4387], [62.8187, -29.7946, -4.0864], [35.0232, -40.0716, 1.5901]])
TARGET_RGB = np.array([[0.8, 0.3, 0.2], [0.2, 0.6, 0.35], [0.25, 0.3, 0.75], [0.9, 0.85, 0.2]])
PRINTER_GAIN = np.array([0.93, 1.04, 0.97])


def pair_difference(lab1, lab2=PAIRS_2[3]):
    return delta_e_cie2000(lab1, lab2)


def palette_mean_difference(palette, reference=PAIRS_2):
    return float(np.mean(deltaE_ciede2000(palette, reference)))


def printer_calibration_loss(rgb_in, target=TARGET_RGB):
    """The printed colour is a gain and a gamma of the requested one; the mean squared CIEDE2000
    difference from the target, in Lab."""
    printed = np.clip(PRINTER_GAIN * rgb_in, 0.0, 1.0) ** 1.1
    dE = deltaE_ciede2000(srgb_to_lab(printed), srgb_to_lab(target))
    assert np.all(dE >= 0), f"negative colour difference {dE.min():.3g}"
    return np.mean(dE ** 2)


CASES = [
    dict(name="pair_difference", function=pair_difference, args=lambda: (PAIRS_1[3].copy(),)),
    dict(name="palette_mean_difference", function=palette_mean_difference, args=lambda: (PAIRS_1.copy(),)),
    dict(name="printer_calibration_loss", function=printer_calibration_loss,
         args=lambda: (TARGET_RGB * 0.95 + 0.02,)),
]
