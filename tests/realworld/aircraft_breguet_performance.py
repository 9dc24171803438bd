# Written for this corpus (p14) in the style of aircraft-performance course code (Anderson's "Aircraft Performance and Design" exercises in Python): the ISA atmosphere with an `if h <= 11000` troposphere/stratosphere switch, an `Aircraft` class holding a parabolic drag polar with properties for the best-range lift coefficient and L/D, thrust lapse with density ratio, a cruise flown in fuel segments whose speed is re-chosen at every segment's weight, with a compressibility drag rise read from a Mach table by `scipy.interpolate.interp1d` of two lists and a `warnings.warn` with an f-string above the tropopause, the Breguet range as the closed-form check, and the rate of climb from excess power. Differentiated: the integrated cruise range in (CD0, k, wing area), the ratio of the integrated range to Breguet's in the cruise altitude and TSFC, and the rate of climb in (altitude, speed) below and above the tropopause.
import math
import warnings

import numpy as np
from scipy.interpolate import interp1d

G = 9.80665
R_AIR = 287.05
GAMMA_AIR = 1.4
DRAG_RISE = interp1d([0.0, 0.70, 0.78, 0.85, 0.92], [0.0, 0.0, 0.0005, 0.0025, 0.012])   # compressibility CD by Mach


def isa(h):
    """Temperature (K), pressure (Pa) and density (kg/m^3) at geopotential altitude h (m)."""
    if h <= 11000.0:
        T = 288.15 - 0.0065 * h
        p = 101325.0 * (T / 288.15) ** (G / (0.0065 * R_AIR))
    else:
        T = 216.65
        p = 22632.06 * math.exp(-G * (h - 11000.0) / (R_AIR * T))
    return T, p, p / (R_AIR * T)


class Aircraft:
    def __init__(self, cd0, k, wing_area, tsfc, max_thrust_sl):
        self.cd0, self.k, self.S = cd0, k, wing_area
        self.tsfc = tsfc                    # 1/s (thrust-specific fuel consumption times g)
        self.max_thrust_sl = max_thrust_sl  # N

    @property
    def cl_best_range(self):
        """The jet's best-range lift coefficient: maximises sqrt(CL)/CD."""
        return math.sqrt(self.cd0 / (3.0 * self.k))

    def drag_coefficient(self, cl, mach=0.0):
        return self.cd0 + self.k * cl ** 2 + float(DRAG_RISE(mach))

    @property
    def l_over_d_best_range(self):
        cl = self.cl_best_range
        return cl / self.drag_coefficient(cl)

    def speed_for(self, cl, weight, h):
        _, _, rho = isa(h)
        return math.sqrt(2.0 * weight / (rho * self.S * cl))

    def thrust_available(self, h):
        _, _, rho = isa(h)
        return self.max_thrust_sl * (rho / 1.225) ** 0.7


def cruise_range(plane, w0, fuel, h, segments=40):
    """Range (km) flown at the best-range CL, the speed re-chosen at each segment's weight."""
    if h > 11000.0:
        warnings.warn(f"cruise at {h:.0f} m: above the tropopause, the thrust lapse is extrapolated")
    dw = fuel / segments
    distance, w = 0.0, w0
    T, _, _ = isa(h)
    sound = math.sqrt(GAMMA_AIR * R_AIR * T)
    for _ in range(segments):
        w_mid = w - 0.5 * dw
        cl = plane.cl_best_range
        v = plane.speed_for(cl, w_mid, h)
        drag = w_mid / (cl / plane.drag_coefficient(cl, mach=v / sound))
        t = dw / (plane.tsfc * drag)       # fuel weight burnt per second is tsfc * thrust
        distance += v * t
        w -= dw
    return distance / 1000.0


def breguet_range(plane, w0, fuel, h):
    _, _, rho = isa(h)
    cl = plane.cl_best_range
    w1 = w0 - fuel
    return 2.0 / plane.tsfc * math.sqrt(2.0 / (rho * plane.S)) * math.sqrt(cl) / plane.drag_coefficient(cl) \
        * (math.sqrt(w0) - math.sqrt(w1)) / 1000.0


def range_for_polar(polar):
    plane = Aircraft(polar[0], polar[1], polar[2], tsfc=1.6e-4, max_thrust_sl=2.4e5)
    return cruise_range(plane, w0=7.0e5, fuel=1.5e5, h=10500.0)


def range_ratio(x):
    h, tsfc = x
    plane = Aircraft(0.025, 0.045, 150.0, tsfc=tsfc, max_thrust_sl=2.4e5)
    return cruise_range(plane, 7.0e5, 1.5e5, h) / breguet_range(plane, 7.0e5, 1.5e5, h)


def rate_of_climb(hv, weight=6.5e5):
    h, v = hv
    plane = Aircraft(0.025, 0.045, 150.0, tsfc=1.6e-4, max_thrust_sl=2.4e5)
    _, _, rho = isa(h)
    cl = 2.0 * weight / (rho * v ** 2 * plane.S)
    drag = 0.5 * rho * v ** 2 * plane.S * plane.drag_coefficient(cl)
    return (plane.thrust_available(h) - drag) * v / weight


CASES = [
    dict(name="range_for_polar", function=range_for_polar, args=lambda: (np.array([0.025, 0.045, 150.0]),)),
    dict(name="range_ratio", function=range_ratio, args=lambda: (np.array([10500.0, 1.6e-4]),)),
    dict(name="rate_of_climb_troposphere", function=rate_of_climb, args=lambda: (np.array([8000.0, 200.0]),)),
    dict(name="rate_of_climb_stratosphere", function=rate_of_climb, args=lambda: (np.array([11800.0, 230.0]),)),
]
