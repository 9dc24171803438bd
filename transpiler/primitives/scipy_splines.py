"""scipy.interpolate's splines, constructed and evaluated as SciPy does, written in NumPy so that
the lowering inlines them (frontend/callable_objects.py binds ``cs = CubicSpline(x, y)`` to a
partial of :func:`cubic_spline`; ``cs(x_new, nu)`` is that function's call).

The construction is a linear solve in the data (SciPy's banded systems: CubicSpline's tridiagonal
ones by :func:`tridiagonal_solve`, O(n); make_interp_spline's collocation matrix, 2k + 1 diagonals,
by the dense ``np.linalg.solve``), so its adjoint is the solve's; the evaluation finds each new
point's interval (``np.searchsorted``, a run-time integer) and evaluates that interval's
polynomial. Values are linear in ``y`` and smooth in the knots ``x`` and the new points between
knots."""
from __future__ import annotations

import numpy as np

from .tridiagonal import tridiagonal_solve


def cubic_spline(x, y, x_new, nu=0, extrapolate=None, axis=0, spline_extrapolate=None,
                 start="not-a-knot", start_value=None, end="not-a-knot", end_value=None):
    """``scipy.interpolate.CubicSpline(x, y, axis, bc_type, extrapolate)(x_new, nu, extrapolate)``:
    the first derivatives at the knots solved for (SciPy's ``CubicSpline.__init__``), the
    interval's cubic Hermite polynomial (``CubicHermiteSpline``) evaluated, or its ``nu``-th
    derivative (``PPoly.__call__``). Outside the knots the end polynomials extend; with
    ``extrapolate=False`` they are NaN, with ``"periodic"`` (the default for
    ``bc_type="periodic"``) the point is wrapped into the knots' range. The frontend passes
    ``bc_type`` as each end's condition: "not-a-knot", "periodic", or the order (1 or 2) of the
    derivative given there, with its value (``"clamped"`` is 1 and no value, zeros; ``"natural"`` 2)."""
    x, dx, table, axis = _as_columns(x, y, axis)
    if start == "periodic" and not np.allclose(table[0], table[-1], rtol=1e-15, atol=1e-15):
        raise ValueError("The first and last `y` point along axis must be identical (within machine "
                         "precision) when bc_type='periodic'.")
    slopes = _knot_slopes(x, dx, table, start, _end_values(start_value, y, axis), end, _end_values(end_value, y, axis))
    if extrapolate is None:
        extrapolate = spline_extrapolate
    if extrapolate is None:
        extrapolate = "periodic" if start == "periodic" else True
    values = _evaluate_hermite(x, dx, table, slopes, np.ravel(x_new), nu, extrapolate)
    return _as_shaped(values, x_new, y, axis)


def pchip(x, y, x_new, nu=0, extrapolate=None, axis=0, spline_extrapolate=None):
    """``scipy.interpolate.PchipInterpolator(x, y, axis, extrapolate)(x_new, nu, extrapolate)``:
    SciPy's monotone slopes at the knots (``_find_derivatives``: a weighted harmonic mean of the
    neighbouring secants, zero where they change sign; the ends' three-point formula, limited),
    then the same Hermite cubics as CubicSpline. Piecewise smooth in ``y``: the slope switches
    where a secant changes sign."""
    x, dx, table, axis = _as_columns(x, y, axis)
    slopes = _monotone_slopes(dx, np.diff(table, axis=0) / dx[:, None])
    if extrapolate is None:
        extrapolate = True if spline_extrapolate is None else spline_extrapolate
    values = _evaluate_hermite(x, dx, table, slopes, np.ravel(x_new), nu, extrapolate)
    return _as_shaped(values, x_new, y, axis)


def cubic_hermite(x, y, x_new, nu=0, extrapolate=None, dydx=None, axis=0, spline_extrapolate=None):
    """``scipy.interpolate.CubicHermiteSpline(x, y, dydx, axis, extrapolate)(x_new, nu,
    extrapolate)``: the Hermite cubics through the values with the slopes given. Linear in ``y``
    and ``dydx`` together."""
    if np.shape(dydx) != np.shape(y):
        raise ValueError("The shapes of `y` and `dydx` must be identical.")
    x, dx, table, axis = _as_columns(x, y, axis)
    slopes = np.reshape(np.moveaxis(np.asarray(dydx, dtype=np.float64), axis, 0), (len(x), -1))
    if extrapolate is None:
        extrapolate = True if spline_extrapolate is None else spline_extrapolate
    values = _evaluate_hermite(x, dx, table, slopes, np.ravel(x_new), nu, extrapolate)
    return _as_shaped(values, x_new, y, axis)


def akima(x, y, x_new, nu=0, extrapolate=None, axis=0, method="akima", spline_extrapolate=None):
    """``scipy.interpolate.Akima1DInterpolator(x, y, axis, method=, extrapolate=)(x_new, nu,
    extrapolate)``: SciPy's slopes (each knot's weighted by how much the secants either side vary,
    the secants extended by two lines past each end; ``method="makima"`` weighs their sizes too),
    then the same Hermite cubics as CubicSpline; not extrapolated unless asked (SciPy's default).
    Piecewise smooth in ``y``: the weights are absolute values."""
    x, dx, table, axis = _as_columns(x, y, axis)
    slopes = _akima_slopes(np.diff(table, axis=0) / dx[:, None], method)
    if extrapolate is None:
        extrapolate = False if spline_extrapolate is None else spline_extrapolate
    values = _evaluate_hermite(x, dx, table, slopes, np.ravel(x_new), nu, extrapolate)
    return _as_shaped(values, x_new, y, axis)


def _akima_slopes(secant, method):
    """Akima's slope at each knot from the secants (SciPy's ``m``, two extrapolated each side)."""
    if len(secant) == 1:
        return np.concatenate([secant, secant])
    before = 2 * secant[0] - secant[1]
    after = 2 * secant[-1] - secant[-2]
    m = np.concatenate([(2 * before - secant[0])[None], before[None], secant, after[None],
                        (2 * after - secant[-1])[None]])
    change = np.abs(np.diff(m, axis=0))
    if method == "makima":
        size = np.abs(m[1:] + m[:-1])
        f1, f2 = change[2:] + 0.5 * size[2:], change[:-2] + 0.5 * size[:-2]
    else:
        f1, f2 = change[2:], change[:-2]
    f12 = f1 + f2
    varied = f12 > 1e-9 * np.max(f12)          # (else the plain mean of the secants two apart)
    weighted = m[1:-2] + f2 / np.where(varied, f12, 1.0) * (m[2:-1] - m[1:-2])
    return np.where(varied, weighted, 0.5 * (m[3:] + m[:-3]))


def _monotone_slopes(dx, secant):
    """PCHIP's slope at each knot from the secants of the intervals either side."""
    if len(dx) == 1:
        return np.concatenate([secant, secant])
    sign = np.sign(secant)
    flat = (sign[1:] != sign[:-1]) | (secant[1:] == 0) | (secant[:-1] == 0)
    w1 = (2 * dx[1:] + dx[:-1])[:, None]
    w2 = (dx[1:] + 2 * dx[:-1])[:, None]
    mean = (w1 / np.where(flat, 1.0, secant[:-1]) + w2 / np.where(flat, 1.0, secant[1:])) / (w1 + w2)
    inner = np.where(flat, 0.0, 1.0 / mean)
    first = _end_slope(dx[0], dx[1], secant[0], secant[1])
    last = _end_slope(dx[-1], dx[-2], secant[-1], secant[-2])
    return np.concatenate([first[None], inner, last[None]])


def _end_slope(h0, h1, m0, m1):
    """SciPy's ``_edge_case``: the three-point slope, zero where its sign is not the secant's,
    three secants where the secants change sign and it is steeper than that."""
    d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
    steep = (np.sign(m0) != np.sign(m1)) & (np.abs(d) > 3.0 * np.abs(m0))
    return np.where(np.sign(d) != np.sign(m0), 0.0, np.where(steep, 3.0 * m0, d))


def _as_columns(x, y, axis):
    """The knots as floats, their spacing (refused unless increasing, as SciPy's ``prepare_input``),
    and ``y`` as a table: a row per knot, a column per curve (the other axes flattened)."""
    x = np.asarray(x, dtype=np.float64)
    axis = axis % np.ndim(y)
    dx = np.diff(x)
    if np.any(dx <= 0):
        raise ValueError("`x` must be strictly increasing sequence.")
    return x, dx, np.reshape(np.moveaxis(np.asarray(y, dtype=np.float64), axis, 0), (len(x), -1)), axis


def _as_shaped(values, x_new, y, axis):
    """The table of values (a row per new point) in SciPy's result shape: ``y``'s, with the new
    points' axes in the place of ``axis``."""
    rest = np.shape(y)[:axis] + np.shape(y)[axis + 1:]
    shaped = np.reshape(values, np.shape(x_new) + rest)
    count = np.ndim(x_new)
    return np.moveaxis(shaped, list(range(count)), list(range(axis, axis + count)))


def _end_values(value, y, axis):
    """A derivative given at an end, one per column of the table (zeros where none is given): of
    ``y``'s shape without ``axis``, as SciPy's ``_validate_bc`` requires."""
    rest = np.shape(y)[:axis] + np.shape(y)[axis + 1:]
    if value is None:
        return np.zeros(int(np.prod(rest)))
    if np.shape(value) != rest:
        raise ValueError("`deriv_value` shape is not the expected one: y's shape without the axis")
    return np.ravel(np.asarray(value, dtype=np.float64))


def _knot_slopes(x, dx, table, start, start_value, end, end_value):
    """The spline's first derivative at each knot (rows of ``table``'s columns)."""
    n = len(x)
    slope = np.diff(table, axis=0) / dx[:, None]
    if n == 2:
        return _two_point_slopes(x, dx, table, slope, start, start_value, end, end_value)
    if n == 3 and start == "not-a-knot" and end == "not-a-knot":
        return _parabola_slopes(dx, slope)
    if start == "periodic":
        if n == 3:
            t = np.sum(slope / dx[:, None], axis=0) / np.sum(1.0 / dx)
            return np.broadcast_to(t, np.shape(table))
        return _periodic_slopes(dx, slope)
    inner_rhs = 3 * (dx[1:, None] * slope[:-1] + dx[:-1, None] * slope[1:])
    first, first_upper, first_rhs = _start_row(x, dx, table, slope, start, start_value)
    last, last_lower, last_rhs = _end_row(x, dx, table, slope, end, end_value)
    diagonal = np.concatenate([first, 2 * (dx[:-1] + dx[1:]), last])
    upper = np.concatenate([first_upper, dx[:-1]])
    lower = np.concatenate([dx[1:], last_lower])
    return tridiagonal_solve(lower, diagonal, upper, np.concatenate([first_rhs[None], inner_rhs, last_rhs[None]]))


def _two_point_slopes(x, dx, table, slope, start, start_value, end, end_value):
    """Two knots: an end "not-a-knot" or "periodic" takes the line's slope (SciPy's), the other
    its own condition."""
    free_start = start == "not-a-knot" or start == "periodic"
    free_end = end == "not-a-knot" or end == "periodic"
    first, upper, first_rhs = _start_row(x, dx, table, slope, 1 if free_start else start,
                                         slope[0] if free_start else start_value)
    last, lower, last_rhs = _end_row(x, dx, table, slope, 1 if free_end else end, slope[0] if free_end else end_value)
    return tridiagonal_solve(lower, np.concatenate([first, last]), upper, np.stack([first_rhs, last_rhs]))


def _start_row(x, dx, table, slope, start, value):
    """The first equation: its diagonal and upper entries (length-1 arrays), its right side."""
    if start == "not-a-knot":
        d = x[2] - x[0]
        return dx[1:2], np.reshape(d, (1,)), ((dx[0] + 2 * d) * dx[1] * slope[0] + dx[0] ** 2 * slope[1]) / d
    if start == 1:
        return np.ones(1), np.zeros(1), value
    return 2 * dx[:1], dx[:1], -0.5 * value * dx[0] ** 2 + 3 * (table[1] - table[0])


def _end_row(x, dx, table, slope, end, value):
    """The last equation: its diagonal and lower entries (length-1 arrays), its right side."""
    if end == "not-a-knot":
        d = x[-1] - x[-3]
        return dx[-2:-1], np.reshape(d, (1,)), (dx[-1] ** 2 * slope[-2] + (2 * d + dx[-1]) * dx[-2] * slope[-1]) / d
    if end == 1:
        return np.ones(1), np.zeros(1), value
    return 2 * dx[-1:], dx[-1:], 0.5 * value * dx[-1] ** 2 + 3 * (table[-1] - table[-2])


def _parabola_slopes(dx, slope):
    """Three knots, not-a-knot at both ends: the parabola through them (SciPy's 3 by 3 system)."""
    matrix = np.diag(np.concatenate([np.ones(1), 2 * (dx[:1] + dx[1:]), np.ones(1)])) \
        + np.diag(np.concatenate([np.ones(1), dx[:1]]), 1) + np.diag(np.concatenate([dx[1:], np.ones(1)]), -1)
    rhs = np.stack([2 * slope[0], 3 * (dx[0] * slope[1] + dx[1] * slope[0]), 2 * slope[1]])
    return np.linalg.solve(matrix, rhs)


def _periodic_slopes(dx, slope):
    """The n - 1 slopes of a periodic spline (the last knot's is the first's): a tridiagonal
    system but for its corners, which join the last interval to the first. As SciPy solves it:
    the system without its last row and column, for two right-hand sides (the data's, and the
    last column's corner entries), then the last slope from the last row."""
    diagonal = 2 * (np.concatenate([dx[-1:], dx[:-2]]) + dx[:-1])          # (the n - 2 rows kept)
    upper = np.concatenate([dx[-1:], dx[:-3]])
    lower = dx[1:-1]
    first = 3 * (dx[0] * slope[-1] + dx[-1] * slope[0])
    inner = 3 * (dx[1:-1, None] * slope[:-2] + dx[:-2, None] * slope[1:-1])
    data = tridiagonal_solve(lower, diagonal, upper, np.concatenate([first[None], inner]))
    corners = tridiagonal_solve(lower, diagonal, upper,
                                np.concatenate([-dx[:1], np.zeros(len(dx) - 3), -dx[-3:-2]]))[:, None]
    last_rhs = 3 * (dx[-1] * slope[-2] + dx[-2] * slope[-1])
    last = (last_rhs - dx[-2] * data[0] - dx[-1] * data[-1]) / \
        (2 * (dx[-1] + dx[-2]) + dx[-2] * corners[0] + dx[-1] * corners[-1])
    return np.concatenate([data + last * corners, last[None], data[:1] + last * corners[:1]])


def _evaluate_hermite(x, dx, table, slopes, points, nu, extrapolate):
    """SciPy's ``PPoly`` evaluation of the Hermite cubics: the interval ``[x[i], x[i+1])`` a
    point falls in (the last closed; the end ones outside), the ``nu``-th derivative of its
    polynomial in ``s = point - x[i]``, summed from the lowest power up as SciPy does."""
    if nu < 0:
        raise ValueError("nu < 0 (an antiderivative) is not compiled: integrate the spline's values instead")
    if extrapolate == "periodic":
        points = x[0] + (points - x[0]) % (x[-1] - x[0])
    i = np.clip(np.searchsorted(x, points, side="right") - 1, 0, len(x) - 2)
    s = (points - x[i])[:, None]
    width = dx[i][:, None]
    slope = (table[i + 1] - table[i]) / width
    t = (slopes[i] + slopes[i + 1] - 2 * slope) / width
    values = _cubic(table[i], slopes[i], (slope - slopes[i]) / width - t, t / width, s, nu)
    if extrapolate == "periodic" or not extrapolate:
        inside = (points >= x[0]) & (points <= x[-1])
        values = np.where(inside[:, None], values, np.nan)
    return values


def _cubic(a0, a1, a2, a3, s, nu):
    """The ``nu``-th derivative of ``a0 + a1 s + a2 s**2 + a3 s**3`` (Horner's order: SciPy sums
    from the lowest power up, equal to rounding)."""
    if nu == 0:
        return a0 + s * (a1 + s * (a2 + s * a3))
    if nu == 1:
        return a1 + s * (2 * a2 + s * (3 * a3))
    if nu == 2:
        return 2 * a2 + s * (6 * a3)
    if nu == 3:
        return 6 * a3 + 0 * s
    return 0 * (a3 + s)


def interpolating_spline(x, y, x_new, nu=0, extrapolate=None, k=3, t=None, bc_type=None, axis=0,
                         check_finite=True):
    """``scipy.interpolate.make_interp_spline(x, y, k, axis=axis)(x_new, nu, extrapolate)``: the
    B-spline of degree ``k`` through the points, on SciPy's knots (not-a-knot), its coefficients
    solved from the collocation matrix, evaluated by de Boor's recurrence as SciPy's ``BSpline``
    does (the end polynomials extend outside the knots unless ``extrapolate`` is False). Knots
    ``t`` and boundary conditions ``bc_type`` of one's own are refused where the spline is made."""
    x = np.asarray(x, dtype=np.float64)
    axis = axis % np.ndim(y)
    table = np.reshape(np.moveaxis(np.asarray(y, dtype=np.float64), axis, 0), (len(x), -1))
    knots, coefficients = spline_coefficients(x, table, k)
    if extrapolate is None:
        extrapolate = True
    values = spline_values(knots, coefficients, k, np.ravel(x_new), nu, extrapolate)
    return _as_shaped(values, x_new, y, axis)


def spline_coefficients(x, table, k):
    """SciPy's knots for the interpolating spline of degree ``k`` (``_not_a_knot``; ``k`` 0 and 1
    the data's own) and its B-spline coefficients, one column per column of ``table``."""
    if np.any(x[1:] <= x[:-1]):
        raise ValueError("Expect x to be a 1D strictly increasing sequence.")
    if len(x) < k + 1:
        raise ValueError("x and y arrays must have at least k + 1 entries")
    if k == 0:
        return np.concatenate([x, x[-1:]]), table
    if k == 1:
        return np.concatenate([x[:1], x, x[-1:]]), table
    half = (k + 1) // 2 if k % 2 == 1 else k // 2
    sites = x if k % 2 == 1 else (x[1:] + x[:-1]) / 2
    knots = np.concatenate([np.repeat(x[:1], k + 1), sites[half:len(sites) - half], np.repeat(x[-1:], k + 1)])
    count = len(x)
    interval, basis = _nonzero_basis(knots, k, x, 0, count)
    rows = interval[:, None] - k + np.arange(k + 1)            # (each point's k + 1 coefficients)
    collocation = np.sum(np.where(np.arange(count) == rows[:, :, None], basis[:, :, None], 0.0), axis=1)
    return knots, np.linalg.solve(collocation, table)


def spline_values(knots, coefficients, k, points, nu, extrapolate):
    """The spline (or its ``nu``-th derivative) at ``points``: each point's ``k + 1`` nonzero
    basis functions times their coefficients (SciPy's ``evaluate_spline``)."""
    count = len(knots) - k - 1
    if extrapolate == "periodic":
        points = knots[k] + (points - knots[k]) % (knots[count] - knots[k])
    interval, basis = _nonzero_basis(knots, k, points, nu, count)
    rows = interval[:, None] - k + np.arange(k + 1)
    values = np.sum(basis[:, :, None] * coefficients[rows], axis=1)
    if (extrapolate == "periodic" or not extrapolate) and nu <= k + 1:   # (SciPy's zeros past k + 1)
        inside = (points >= knots[k]) & (points <= knots[count])
        values = np.where(inside[:, None], values, np.nan)
    return values


def _nonzero_basis(knots, k, points, nu, count):
    """Each point's interval ``l`` (``knots[l] <= point < knots[l + 1]``, ``k <= l < count``: the
    end intervals outside) and the ``k + 1`` B-splines of degree ``k`` not zero there, or their
    ``nu``-th derivatives, one row per point (de Boor's recurrence, SciPy's ``_deBoor_D``: each
    degree's functions from the one below, the last ``nu`` steps differentiated)."""
    if nu < 0:
        raise ValueError("nu < 0 (an antiderivative) is not compiled: integrate the spline's values instead")
    interval = np.clip(np.searchsorted(knots, points, side="right") - 1, k, count - 1)
    if nu > k:
        return interval, np.zeros((len(points), k + 1))
    basis = np.ones((len(points), 1))
    edge = np.zeros((len(points), 1))
    at = points[:, None]
    for j in range(1, k - nu + 1):                  # (the values of degree k - nu)
        right, left = _knot_pairs(knots, interval, j)
        w = basis / (right - left)
        basis = np.concatenate([w * (right - at), edge], axis=1) + np.concatenate([edge, w * (at - left)], axis=1)
    if nu > 0:
        for j in range(k - nu + 1, k + 1):          # (then each degree's derivative step)
            right, left = _knot_pairs(knots, interval, j)
            w = j * basis / (right - left)
            basis = np.concatenate([-w, edge], axis=1) + np.concatenate([edge, w], axis=1)
    return interval, basis


def _knot_pairs(knots, interval, j):
    """The knots ``knots[l + n]`` and ``knots[l + n - j]``, ``n = 1 .. j``, that bound the degree
    ``j`` B-splines at each point's interval ``l``."""
    return knots[interval[:, None] + np.arange(1, j + 1)], knots[interval[:, None] + np.arange(1 - j, 1)]
