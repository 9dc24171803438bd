# Written for this corpus (i5) in the style of a computational-geometry snippet: shoelace area, perimeter with np.hypot and a centroid, for shape optimisation.
import numpy as np


def area(xy):
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * np.abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def perimeter(xy):
    d = np.roll(xy, -1, axis=0) - xy
    return np.hypot(d[:, 0], d[:, 1]).sum()


def centroid(xy):
    x, y = xy.T
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    cross = x * yn - xn * y
    A = cross.sum() / 2
    return np.array([((x + xn) * cross).sum(), ((y + yn) * cross).sum()]) / (6 * A)


def isoperimetric(flat):
    xy = flat.reshape(-1, 2)
    c = centroid(xy)
    return perimeter(xy) ** 2 / (4 * np.pi * area(xy)) + 0.1 * np.sum(c ** 2)


hexagon = np.array([[np.cos(t) * (1 + 0.1 * k % 3), np.sin(t)] for k, t in enumerate(np.linspace(0, 2 * np.pi, 7)[:-1])])

CASES = [
    dict(name="isoperimetric", function=isoperimetric, args=lambda: (hexagon.ravel().copy(),)),
]
