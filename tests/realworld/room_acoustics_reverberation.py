# Written for this corpus (p14) in the style of architectural-acoustics design scripts (reverberation-time worksheets in Python): octave bands as a module tuple, `Surface` dataclasses holding absorption coefficients in a dict keyed by band, a `Room` class with Sabine, Eyring and Millington-Sette methods and air absorption `4mV`, a guard that raises with an f-string when an absorption coefficient reaches 1, the room constant and the diffuse-plus-direct sound level of several sources summed in decibels with `math.log10`, and a design loss over the bands against a target reverberation time. Differentiated: the design loss in the ceiling's six absorption coefficients, the Eyring reverberation time per band (as a Jacobian), and the sound level at a listener in the sources' powers and the carpet's absorption.
import math
from dataclasses import dataclass

import numpy as np

BANDS = (125, 250, 500, 1000, 2000, 4000)
AIR_M = {125: 0.0, 250: 0.0, 500: 0.0006, 1000: 0.001, 2000: 0.0024, 4000: 0.0076}   # 1/m
SPEED_OF_SOUND = 343.0


@dataclass
class Surface:
    name: str
    area: float
    alpha: dict

    def absorption(self, band):
        a = self.alpha[band]
        if a >= 1.0:
            raise ValueError(f"{self.name}: absorption coefficient {a:.2f} at {band} Hz is not below 1")
        return self.area * a


class Room:
    def __init__(self, length, width, height, surfaces):
        self.volume = length * width * height
        self.surfaces = surfaces

    @property
    def total_area(self):
        return sum(s.area for s in self.surfaces)

    def mean_alpha(self, band):
        return sum(s.absorption(band) for s in self.surfaces) / self.total_area

    def sabine(self, band):
        A = sum(s.absorption(band) for s in self.surfaces) + 4 * AIR_M[band] * self.volume
        return 0.161 * self.volume / A

    def eyring(self, band):
        a = self.mean_alpha(band)
        return 0.161 * self.volume / (-self.total_area * math.log(1.0 - a) + 4 * AIR_M[band] * self.volume)

    def millington_sette(self, band):
        a_sum = sum(-s.area * math.log(1.0 - s.alpha[band]) for s in self.surfaces)
        return 0.161 * self.volume / (a_sum + 4 * AIR_M[band] * self.volume)

    def room_constant(self, band):
        a = self.mean_alpha(band)
        return self.total_area * a / (1.0 - a)


def flat(value):
    return {b: value for b in BANDS}


def classroom(ceiling, carpet=None):
    L, W, H = 9.0, 7.0, 3.0
    floor = carpet if carpet is not None else flat(0.02)
    surfaces = [
        Surface("ceiling", L * W, dict(zip(BANDS, ceiling))),
        Surface("floor", L * W, floor),
        Surface("walls", 2 * (L + W) * H - 6.0, {125: 0.10, 250: 0.07, 500: 0.05, 1000: 0.06, 2000: 0.07, 4000: 0.09}),
        Surface("windows", 6.0, {125: 0.35, 250: 0.25, 500: 0.18, 1000: 0.12, 2000: 0.07, 4000: 0.04}),
    ]
    return Room(L, W, H, surfaces)


def design_loss(ceiling, target=0.6):
    room = classroom(ceiling)
    return sum((room.eyring(b) - target) ** 2 for b in BANDS)


def eyring_by_band(ceiling):
    room = classroom(ceiling)
    return np.array([room.eyring(b) for b in BANDS])


def db_sum(levels):
    return 10.0 * math.log10(sum(10.0 ** (L / 10.0) for L in levels))


def listener_level(x, band=1000, listener=(6.0, 4.0)):
    """x = (power levels of the two sources in dB, carpet absorption at `band`)."""
    carpet = flat(0.05)
    carpet[band] = x[2]
    room = classroom((0.3, 0.5, 0.7, 0.8, 0.8, 0.75), carpet)
    Rc = room.room_constant(band)
    sources = [{"Lw": x[0], "at": (1.0, 3.5), "Q": 2.0}, {"Lw": x[1], "at": (8.0, 1.0), "Q": 1.0}]
    levels = []
    for s in sources:
        r = math.hypot(listener[0] - s["at"][0], listener[1] - s["at"][1])
        levels.append(s["Lw"] + 10.0 * math.log10(s["Q"] / (4 * math.pi * r ** 2) + 4.0 / Rc))
    return db_sum(levels)


CASES = [
    dict(name="design_loss", function=design_loss, args=lambda: (np.array([0.35, 0.55, 0.75, 0.85, 0.8, 0.7]),)),
    dict(name="eyring_by_band", function=eyring_by_band, kind="jacobian",
         args=lambda: (np.array([0.35, 0.55, 0.75, 0.85, 0.8, 0.7]),)),
    dict(name="listener_level", function=listener_level, args=lambda: (np.array([78.0, 72.0, 0.3]),)),
]
