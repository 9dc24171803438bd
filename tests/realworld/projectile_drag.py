# Written for this corpus (p2) in the style of computational-physics homework (projectile motion with quadratic air drag, Euler steps in `while y >= 0`, as in Giordano & Nakanishi's "Computational Physics" ch. 2 and Newman's exercises): lists `xs.append`, `math.cos(math.radians(angle))`, the landing point by linear interpolation between the last two points, and the range optimised in the launch angle.
import math

import numpy as np


def trajectory(v0, angle_deg, B2_m=4e-5, dt=0.01, g=9.8):
    theta = math.radians(angle_deg)
    x, y = 0.0, 0.0
    vx, vy = v0 * math.cos(theta), v0 * math.sin(theta)
    xs, ys = [x], [y]
    while y >= 0:
        v = math.sqrt(vx ** 2 + vy ** 2)
        ax = -B2_m * v * vx
        ay = -g - B2_m * v * vy
        x += vx * dt
        y += vy * dt
        vx += ax * dt
        vy += ay * dt
        xs.append(x)
        ys.append(y)
    return np.array(xs), np.array(ys)


def landing_range(v0, angle_deg):
    xs, ys = trajectory(v0, angle_deg)
    # interpolate to y = 0 between the last two points
    r = -ys[-2] / ys[-1]
    return (xs[-2] + r * xs[-1]) / (r + 1)


def max_height(v0, angle_deg, drag):
    _, ys = trajectory(v0, angle_deg, B2_m=drag)
    return ys.max()


CASES = [
    dict(name="landing_range", function=landing_range, args=lambda: (50.0, 40.0), wrt=(0, 1)),
    dict(name="max_height", function=max_height, args=lambda: (40.0, 55.0, 4e-4), wrt=(0, 1, 2)),
]
