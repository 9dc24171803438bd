# Ported from Wikipedia, "De Boor's algorithm", the Python example (`deBoor(k, x, t, c, p)`, a list of control points copied with a comprehension and updated in place over `r` and `j`), with the knot-span search written as the textbook's `while` loop; and Cox-de Boor's recursion for the basis (`B(x, k, i, t)` from the SciPy `BSpline` docs' example).
import numpy as np


def deBoor(k: int, x: float, t, c, p: int):
    """Evaluates S(x).

    Arguments
    ---------
    k: Index of knot interval that contains x.
    x: Position.
    t: Array of knot positions, needs to be padded as described above.
    c: Array of control points.
    p: Degree of B-spline.
    """
    d = [c[j + k - p] for j in range(0, p + 1)]

    for r in range(1, p + 1):
        for j in range(p, r - 1, -1):
            alpha = (x - t[j + k - p]) / (t[j + 1 + k - r] - t[j + k - p])
            d[j] = (1.0 - alpha) * d[j - 1] + alpha * d[j]

    return d[p]


def find_span(x, t, p):
    k = p
    while k < len(t) - p - 2 and t[k + 1] <= x:
        k += 1
    return k


def B(x, k, i, t):
    if k == 0:
        return 1.0 if t[i] <= x < t[i + 1] else 0.0
    if t[i + k] == t[i]:
        c1 = 0.0
    else:
        c1 = (x - t[i]) / (t[i + k] - t[i]) * B(x, k - 1, i, t)
    if t[i + k + 1] == t[i + 1]:
        c2 = 0.0
    else:
        c2 = (t[i + k + 1] - x) / (t[i + k + 1] - t[i + 1]) * B(x, k - 1, i + 1, t)
    return c1 + c2


def bspline(x, t, c, k):
    n = len(t) - k - 1
    assert (n >= k + 1) and (len(c) >= n)
    return sum(c[i] * B(x, k, i, t) for i in range(n))


P = 3
KNOTS = np.array([0, 0, 0, 0, 0.25, 0.5, 0.75, 1, 1, 1, 1], dtype=float)
CTRL = np.array([0.0, 1.0, -0.5, 2.0, 1.5, 0.3, 1.0])
XS = [0.1, 0.3, 0.55, 0.9]


def curve_fit_loss(c, ys):
    # test wrapper: least squares of the curve at sample positions
    loss = 0.0
    for x, y in zip(XS, ys):
        s = deBoor(find_span(x, KNOTS, P), x, KNOTS, c, P)
        loss += (s - y) ** 2
    return loss


def curve_at(x, c):
    return deBoor(find_span(x, KNOTS, P), x, KNOTS, c, P)


def recursive_basis_sum(c):
    return sum(bspline(x, KNOTS, c, P) ** 2 for x in XS)


CASES = [
    dict(name="curve_fit", function=curve_fit_loss, args=lambda: (CTRL.copy(), np.array([0.5, 0.2, 1.0, 0.8]))),
    dict(name="curve_at_x", function=curve_at, args=lambda: (0.42, CTRL.copy()), wrt=(0, 1)),
    dict(name="recursive_basis", function=recursive_basis_sum, args=lambda: (CTRL.copy(),)),
]
