# Written for this corpus (p13) in the style of open-channel hydraulics course code (Chow / Chaudhry exercises in Python): a `TrapezoidalChannel` class with `area`, `wetted_perimeter`, `top_width` methods and a `hydraulic_radius` helper, Manning's discharge with a `units="SI"` keyword choosing `k = 1.0` or `1.49`, the normal depth by Newton with a numerical slope in a `while abs(dy) > tol` loop, the critical depth by Newton on the Froude number, a hydraulic jump's sequent depth, and a gradually-varied backwater profile by the direct step method (depths from `np.linspace`, lengths accumulated in a list, `zip(ys[:-1], ys[1:])`). Differentiated: the normal and critical depths in (Q, n, slope), the backwater curve's length in Manning's n and the weir height, and the jump's energy loss in the approach depth and discharge.
import math

import numpy as np

G = 9.81


class TrapezoidalChannel:
    def __init__(self, bottom_width, side_slope, n, slope, units="SI"):
        self.b, self.z, self.n, self.S0 = bottom_width, side_slope, n, slope
        self.k = 1.0 if units == "SI" else 1.49

    def area(self, y):
        return (self.b + self.z * y) * y

    def wetted_perimeter(self, y):
        return self.b + 2.0 * y * math.sqrt(1.0 + self.z ** 2)

    def top_width(self, y):
        return self.b + 2.0 * self.z * y

    def discharge(self, y, slope=None):
        A, P = self.area(y), self.wetted_perimeter(y)
        S = self.S0 if slope is None else slope
        return self.k / self.n * A * hydraulic_radius(A, P) ** (2.0 / 3.0) * math.sqrt(S)

    def friction_slope(self, y, Q):
        A, P = self.area(y), self.wetted_perimeter(y)
        return (Q * self.n / (self.k * A * hydraulic_radius(A, P) ** (2.0 / 3.0))) ** 2

    def froude(self, y, Q):
        A = self.area(y)
        return Q / A / math.sqrt(G * A / self.top_width(y))


def hydraulic_radius(A, P):
    return A / P


def normal_depth(channel, Q, y0=1.0, tol=1e-10, h=1e-6):
    y, dy = y0, 1.0
    while abs(dy) > tol:
        f = channel.discharge(y) - Q
        dfdy = (channel.discharge(y + h) - channel.discharge(y - h)) / (2 * h)
        dy = f / dfdy
        y -= dy
    return y


def critical_depth(channel, Q, y0=0.5, tol=1e-10):
    y = y0
    for _ in range(100):
        A, T = channel.area(y), channel.top_width(y)
        f = Q ** 2 * T / (G * A ** 3) - 1.0
        dT = 2.0 * channel.z
        df = Q ** 2 / G * (dT * A ** 3 - 3.0 * T * A ** 2 * T) / A ** 6
        dy = f / df
        y -= dy
        if abs(dy) < tol:
            break
    return y


def depths_in(params):
    Q, n, slope = params
    channel = TrapezoidalChannel(bottom_width=6.0, side_slope=2.0, n=n, slope=slope)
    return normal_depth(channel, Q) + 2.0 * critical_depth(channel, Q)


def specific_energy(channel, y, Q):
    return y + (Q / channel.area(y)) ** 2 / (2 * G)


def backwater_length(params, Q=40.0, steps=30):
    n, weir_height = params
    channel = TrapezoidalChannel(6.0, 2.0, n, 0.0008)
    yn = normal_depth(channel, Q)
    y_control = weir_height + 0.7 * (Q / (1.7 * 6.0)) ** (2.0 / 3.0)   # broad-crested weir head
    ys = np.linspace(y_control, 1.01 * yn, steps)
    lengths = []
    for y1, y2 in zip(ys[:-1], ys[1:]):
        dE = specific_energy(channel, y2, Q) - specific_energy(channel, y1, Q)
        Sf = 0.5 * (channel.friction_slope(y1, Q) + channel.friction_slope(y2, Q))
        lengths.append(dE / (channel.S0 - Sf))
    return -sum(lengths) / 1000.0


def jump_loss(params):
    y1, Q = params
    b = 5.0
    q = Q / b
    Fr1 = q / math.sqrt(G * y1 ** 3)
    y2 = 0.5 * y1 * (math.sqrt(1.0 + 8.0 * Fr1 ** 2) - 1.0)
    return (y2 - y1) ** 3 / (4.0 * y1 * y2)


CASES = [
    dict(name="depths_in", function=depths_in, args=lambda: (np.array([35.0, 0.025, 0.001]),)),
    dict(name="backwater_length", function=backwater_length, args=lambda: (np.array([0.03, 2.2]),)),
    dict(name="jump_loss", function=jump_loss, args=lambda: (np.array([0.4, 30.0]),)),
]
