# Written for this corpus (i5) in the style of a calibration script: a piecewise-linear and a natural cubic spline through knot values.
import numpy as np

knots = np.array([0.0, 0.5, 1.2, 2.0, 3.0])
xq = np.array([0.1, 0.7, 1.0, 1.9, 2.5, 2.99])


def linear_interp_loss(values):
    yq = np.interp(xq, knots, values)
    return np.sum(yq ** 2) + yq[2] * yq[4]


def hat_spline(values, x):
    i = np.searchsorted(knots, x, side="right") - 1
    i = np.clip(i, 0, len(knots) - 2)
    t = (x - knots[i]) / (knots[i + 1] - knots[i])
    return (1 - t) * values[i] + t * values[i + 1]


def natural_cubic(values):
    h = np.diff(knots)
    n = len(knots)
    A = np.zeros((n, n))
    rhs = np.zeros(n)
    A[0, 0] = A[-1, -1] = 1.0
    for i in range(1, n - 1):
        A[i, i - 1] = h[i - 1]
        A[i, i] = 2 * (h[i - 1] + h[i])
        A[i, i + 1] = h[i]
        rhs[i] = 3 * ((values[i + 1] - values[i]) / h[i] - (values[i] - values[i - 1]) / h[i - 1])
    c = np.linalg.solve(A, rhs)
    i = np.clip(np.searchsorted(knots, xq) - 1, 0, n - 2)
    dx = xq - knots[i]
    b = (values[i + 1] - values[i]) / h[i] - h[i] * (2 * c[i] + c[i + 1]) / 3
    d = (c[i + 1] - c[i]) / (3 * h[i])
    y = values[i] + b * dx + c[i] * dx ** 2 + d * dx ** 3
    return np.sum(np.sin(y))


def query_sensitivity(x):
    # the derivative with respect to the query points
    return np.sum(hat_spline(np.array([1.0, 2.0, 0.5, -1.0, 3.0]), x) ** 2)


v0 = np.array([1.0, 2.0, 0.5, -1.0, 3.0])

CASES = [
    dict(name="linear", function=linear_interp_loss, args=lambda: (v0.copy(),)),
    dict(name="hat", function=lambda v: np.sum(hat_spline(v, xq) ** 3), args=lambda: (v0.copy(),)),
    dict(name="cubic", function=natural_cubic, args=lambda: (v0.copy(),)),
    dict(name="query", function=query_sensitivity, args=lambda: (xq.copy(),)),
]
