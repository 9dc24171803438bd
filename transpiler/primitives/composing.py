"""NumPy functions that build arrays from others or from the user's functions, written as
compositions the lowering inlines (issue 16): ``np.block``, ``np.piecewise``,
``np.apply_along_axis``, ``np.apply_over_axes``, ``np.fromfunction``, ``np.histogram``,
``np.histogram_bin_edges``, ``np.histogram2d``, ``np.histogramdd``,
``np.logspace``, ``np.geomspace`` and NumPy 2's ``np.astype``; and ``np.bincount`` with
``weights=`` (a scatter-add, linear in the weights: its adjoint gathers).

A function argument (``np.piecewise``'s pieces, ``np.apply_along_axis``'s ``func1d``, a lambda
or your own function) is inlined where the composition calls it, so its derivative is the
derivative of your code. ``dtype=`` (but ``np.logspace``'s and ``np.geomspace``'s, a cast of
the result) and ``out=`` are not parameters: a call passing them is refused where it is written.
"""
import numpy as np

from .registry import composed, nondifferentiable, vjp_rule
from .runtime import helper


# --------------------------------------------------------------------------- np.block
@helper(linear="joint")
def unblock(g, arrays):
    """The adjoint of ``np.block(arrays)``: ``g``'s pieces, nested as ``arrays`` (NumPy's own
    block of the blocks' element positions says where each element went)."""
    leaves, offsets = [], [0]

    def positions(node):
        if isinstance(node, list):
            return [positions(item) for item in node]
        leaves.append(node)
        offsets.append(offsets[-1] + np.size(node))
        return np.reshape(np.arange(offsets[-2], offsets[-1]), np.shape(node))

    where = np.block(positions(arrays))
    flat = np.zeros(offsets[-1], dtype=np.result_type(g, 1.0))
    np.add.at(flat, np.ravel(where), np.ravel(g))
    pieces = iter([np.reshape(flat[offsets[i]:offsets[i + 1]], np.shape(leaf)) for i, leaf in enumerate(leaves)])

    def nested(node):
        return [nested(item) for item in node] if isinstance(node, list) else next(pieces)

    return nested(arrays)


@vjp_rule(np.block, family="shape", linear="joint", shape_rule=None, allocates=True)
def block(d_y, y, arrays):
    return unblock(d_y, arrays)


# --------------------------------------------------------------------------- functions of functions
@helper()
def piecewise_conditions(x, condlist, pieces):
    """``np.piecewise``'s conditions, one per piece, read as NumPy reads ``condlist``: a single
    condition (a number, or a sequence whose first item is no list or array) is a list of one;
    anything else is a list of conditions, so an array condition of a 2-D ``x``'s shape is one
    condition per row; with one piece more, the last is where none holds."""
    if np.isscalar(condlist) or (not isinstance(condlist[0], (list, np.ndarray)) and np.ndim(x) != 0):
        condlist = [condlist]
    conditions = np.asarray(condlist, dtype=bool)
    if len(conditions) == pieces - 1:
        conditions = np.concatenate([conditions, ~np.any(conditions, axis=0, keepdims=True)], axis=0)
    elif len(conditions) != pieces:
        raise ValueError(f"with {len(conditions)} condition(s), either {len(conditions)} or "
                         f"{len(conditions) + 1} functions are expected")
    return conditions


nondifferentiable(piecewise_conditions, family="runtime helpers", shape_rule=None, result_kind="b1")


@composed(np.piecewise, family="selection")
def piecewise(x, condlist, funclist, *args, **kw):
    """Each piece computed on the elements its condition selects (as NumPy's: a function never
    sees, nor is differentiated at, the others); a later condition wins where two hold; one
    more function than conditions is the piece for where none holds."""
    conditions = piecewise_conditions(x, condlist, len(funclist))
    y = np.zeros_like(x)          # x's dtype, as NumPy's (float32 stays float32)
    for cond, func in zip(conditions, funclist):
        if callable(func):
            y[cond] = func(x[cond], *args, **kw)
        else:
            y[cond] = func
    return y


@composed(np.apply_along_axis, family="shape")
def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """``func1d`` on each 1-D slice along ``axis`` (a loop the compiler unrolls); the
    dimensions of its result take ``axis``'s place, as NumPy's."""
    moved = np.moveaxis(arr, axis, -1)
    lead = np.shape(moved)[:-1]
    rows = np.reshape(moved, (-1, np.shape(moved)[-1]))
    results = np.stack([func1d(rows[i], *args, **kwargs) for i in range(np.shape(rows)[0])])
    out = np.reshape(results, lead + np.shape(results)[1:])
    extra = np.ndim(results) - 1
    if extra == 0:
        return out
    first = axis % np.ndim(arr)
    return np.moveaxis(out, list(range(len(lead), len(lead) + extra)), list(range(first, first + extra)))


@composed(np.apply_over_axes, family="shape")
def apply_over_axes(func, a, axes):
    """``func(a, axis)`` for each axis in turn, each result given back the axis it removed."""
    value = a
    for axis in ([axes] if np.ndim(axes) == 0 else axes):
        result = func(value, axis)
        value = result if np.ndim(result) == np.ndim(value) else np.expand_dims(result, axis)
    return value


@composed(np.fromfunction, family="shape")
def fromfunction(function, shape, *, dtype=None, **kwargs):
    """``function`` called once on the index grids (1, 2 or 3 dimensions; floats unless
    ``dtype`` says otherwise)."""
    grids = np.indices(shape) * 1.0 if dtype is None else np.indices(shape, dtype=dtype)
    if len(shape) == 1:
        return function(grids[0], **kwargs)
    if len(shape) == 2:
        return function(grids[0], grids[1], **kwargs)
    return function(grids[0], grids[1], grids[2], **kwargs)


# --------------------------------------------------------------------------- counting
def bincount_tangent(t, y, x, weights=None, minlength=0):
    return None, np.bincount(x, t, minlength), None


@vjp_rule(np.bincount, family="indexing", jvp=bincount_tangent, shape_rule=None, allocates=True)
def bincount(d_y, y, x, weights=None, minlength=0):
    """Counts carry no derivative; ``weights=`` sums into bins (a scatter-add): its adjoint
    reads each weight's bin."""
    return None, d_y[x], None


@helper()
def histogram_bins(a, bins, range):
    """Which bin each element of ``a`` falls in as ``np.histogram`` counts it (-1: none), and
    the number of bins."""
    edges = np.histogram_bin_edges(a, bins, range)
    values = np.ravel(a)
    inner = np.searchsorted(edges, values, side="right") - 1
    index = np.where(values == edges[-1], len(edges) - 2, inner)     # the last bin holds its right edge
    return np.where((values < edges[0]) | (values > edges[-1]), -1, index), len(edges) - 1


nondifferentiable(histogram_bins, family="runtime helpers", shape_rule=None)


@composed(np.histogram, family="reductions")
def histogram(a, bins=10, range=None, density=None, weights=None):
    """Counts (or sums of ``weights``, differentiable: a scatter-add) per bin, and the edges:
    given ones as they are; otherwise evenly spaced over ``range`` or, without it, from
    ``a``'s minimum to its maximum (differentiable in them). Which bin holds an element is
    piecewise constant: no derivative."""
    index, count = histogram_bins(a, bins, range)
    inside = index >= 0
    if weights is None:
        hist = np.bincount(index[inside], None, count)
    else:
        hist = np.bincount(index[inside], np.ravel(weights)[inside], count)
    edges = _edges(a, bins, range, count)
    if density:
        hist = hist / np.sum(hist) / np.diff(edges)
    return hist, edges


def _edges(a, bins, range, count):
    """``np.histogram``'s edges: given ones as they are; otherwise evenly spaced over ``range``
    or, without it, from ``a``'s minimum to its maximum (differentiable in them)."""
    if np.ndim(bins) == 1:
        return np.asarray(bins) * 1.0
    if range is None:
        return _edges_of_the_data(a, count)
    return np.linspace(range[0], range[1], count + 1)


def _edges_of_the_data(a, count):
    low, high = np.min(a), np.max(a)
    same = low == high                                # NumPy widens an empty span by 1
    return np.linspace(np.where(same, low - 0.5, low), np.where(same, high + 0.5, high), count + 1)


@composed(np.histogram_bin_edges, family="reductions")
def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """``np.histogram``'s edges (``weights`` NumPy's estimators do not read)."""
    _, count = histogram_bins(a, bins, range)
    return _edges(a, bins, range, count)


@helper("histogram_bins")
def histogram2d_bins(x, y, bins, range):
    """Which bin of ``np.histogram2d``'s, flattened, each point falls in (-1: none), the bins'
    shape, NumPy's edges of each axis, and whether each axis's are the data's (evenly spaced
    from its minimum to its maximum: differentiable in them) rather than given or ``range``'s."""
    _, x_edges, y_edges = np.histogram2d(x, y, bins, range)
    per_axis = bins if hasattr(bins, "__len__") and len(bins) == 2 else [bins, bins]     # (as NumPy reads it)
    rows, columns = (histogram_bins(v, edges, None)[0] for v, edges in ((x, x_edges), (y, y_edges)))
    shape = (len(x_edges) - 1, len(y_edges) - 1)
    index = np.where((rows < 0) | (columns < 0), -1, rows * shape[1] + columns)
    from_data = [np.ndim(b) == 0 and (range is None or r is None) for b, r in zip(per_axis, range or [None, None])]
    return index, shape, x_edges, y_edges, from_data[0], from_data[1]


nondifferentiable(histogram2d_bins, family="runtime helpers", shape_rule=None)


@composed(np.histogram2d, family="reductions")
def histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    """Counts (or sums of ``weights``, differentiable: a scatter-add) per bin of the plane, as
    floats, and each axis's edges (differentiable where they are the data's, as
    ``np.histogram``'s). Which bin holds a point is piecewise constant: no derivative."""
    index, shape, x_edges, y_edges, x_from_data, y_from_data = histogram2d_bins(x, y, bins, range)
    inside = index >= 0
    if weights is None:
        hist = np.bincount(index[inside], None, shape[0] * shape[1]) * 1.0
    else:
        hist = np.bincount(index[inside], np.ravel(weights)[inside], shape[0] * shape[1])
    hist = np.reshape(hist, shape)
    x_edges = np.where(x_from_data, _edges_of_the_data(x, shape[0]), x_edges)
    y_edges = np.where(y_from_data, _edges_of_the_data(y, shape[1]), y_edges)
    if density:
        hist = hist / np.sum(hist) / np.diff(x_edges)[:, None] / np.diff(y_edges)
    return hist, x_edges, y_edges


@helper("histogram_bins")
def histogramdd_bins(sample, bins, range):
    """Which bin of ``np.histogramdd``'s, flattened, each point falls in (-1: none), the bins'
    shape, NumPy's edges of each axis, whether each axis's are the data's (evenly spaced from
    its minimum to its maximum: differentiable in them), and whether NumPy read the sample as a
    sequence of coordinate arrays (anything but a 2-D array: its points are the columns)."""
    _, edges = np.histogramdd(sample, bins, range)
    by_columns = not (hasattr(sample, "shape") and np.ndim(sample) == 2)
    points = np.atleast_2d(sample).T if by_columns else np.asarray(sample)
    count = len(edges)
    per_axis = list(bins) if isinstance(bins, (list, tuple)) or np.ndim(bins) == 1 else [bins] * count
    ranges = range if range is not None else [None] * count
    shape = tuple(len(e) - 1 for e in edges)
    axes = [histogram_bins(points[:, d], edges[d], None)[0] for d in np.arange(count)]
    outside = np.any([a < 0 for a in axes], axis=0)
    index = np.where(outside, -1, np.ravel_multi_index([np.maximum(a, 0) for a in axes], shape))
    from_data = [np.ndim(b) == 0 and r is None for b, r in zip(per_axis, ranges)]
    return index, shape, edges, from_data, by_columns


nondifferentiable(histogramdd_bins, family="runtime helpers", shape_rule=None)


@composed(np.histogramdd, family="reductions")
def histogramdd(sample, bins=10, range=None, density=None, weights=None):
    """Counts (or sums of ``weights``, differentiable: a scatter-add) per bin of the D-dimensional
    grid, as floats, and each axis's edges (differentiable where they are the data's, as
    ``np.histogram``'s). The sample is NumPy's: an (N, D) array's rows, or a sequence of D
    coordinate arrays. Which bin holds a point is piecewise constant: no derivative."""
    index, shape, given_edges, from_data, by_columns = histogramdd_bins(sample, bins, range)
    points = np.atleast_2d(sample)
    if by_columns:
        points = np.transpose(points)
    inside = index >= 0
    size = int(np.prod(shape))
    if weights is None:
        hist = np.bincount(index[inside], None, size) * 1.0
    else:
        hist = np.bincount(index[inside], np.ravel(weights)[inside], size)
    hist = np.reshape(hist, shape)
    edges = []
    for d, edge in enumerate(given_edges):
        edges.append(np.where(from_data[d], _edges_of_the_data(points[:, d], shape[d]), edge))
    if density:
        total = np.sum(hist)
        for d, edge in enumerate(edges):
            widths = np.reshape(np.diff(edge), [shape[d] if k == d else 1 for k in np.arange(len(shape))])
            hist = hist / widths
        hist = hist / total
    return hist, edges


# --------------------------------------------------------------------------- spaced numbers
@composed(np.logspace, family="shape")
def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """``base`` to the powers ``np.linspace`` spaces. An array ``base`` is broadcast as NumPy's:
    every operand padded to the highest rank, then ``base`` given the new axis."""
    if np.ndim(base) > 0:
        rank = max(np.ndim(start), np.ndim(stop), np.ndim(base))
        start, stop, base = _padded(start, rank), _padded(stop, rank), _padded(base, rank)
        base = np.expand_dims(base, axis)
    y = np.power(base, np.linspace(start, stop, num, endpoint, axis=axis))
    return y if dtype is None else y.astype(dtype)


def _padded(x, rank):
    """``x`` with leading axes of length one up to ``rank`` (NumPy's ``ndmin``)."""
    return np.reshape(x, (1,) * (rank - np.ndim(x)) + np.shape(x))


@composed(np.geomspace, family="shape")
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Both ends of one sign (as NumPy requires): evenly spaced logarithms along a new first
    axis (then moved to ``axis``), the ends exactly ``start`` and ``stop`` as NumPy's. Array
    ends broadcast against each other."""
    sign = np.sign(start)
    start, stop = sign * start, sign * stop                       # both positive
    y = np.exp(np.linspace(np.log(start), np.log(stop), num, endpoint))
    ends = np.shape(y)[1:]
    if num > 0:
        y = np.concatenate([np.expand_dims(np.broadcast_to(start, ends), 0), y[1:]])
    if num > 1 and endpoint:
        y = np.concatenate([y[:-1], np.expand_dims(np.broadcast_to(stop, ends), 0)])
    y = np.moveaxis(sign * y, 0, axis)
    return y if dtype is None else y.astype(dtype)


# --------------------------------------------------------------------------- casts
@composed(np.astype, family="piecewise constant")
def astype(x, dtype, /, *, copy=True):
    """NumPy 2's function spelling of ``x.astype(dtype)``: a cast to floats keeps the
    derivative, one to integers or booleans has none."""
    return x.astype(dtype)


nondifferentiable(np.tri, family="constructors", shape_rule=None, allocates=True)
