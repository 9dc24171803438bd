"""Reductions: sums, means, products, extrema, moments, norms and cumulative sums, with ``axis``
and ``keepdims``.

``unreduce`` broadcasts an adjoint back over the reduced axes (re-inserting them first unless
``keepdims``); the rules below are that, times the reduction's local derivative. Where that
derivative needs more than one line it lives in a runtime helper next to the rule.

Special points (where a reduction is not differentiable the rule picks a subgradient or the
average of the one-sided derivatives, so that symmetric inputs get symmetric gradients):

* ``np.max``/``np.amax``/``np.min``/``np.amin``: when several elements tie for the extremum, the
  adjoint is split evenly among them (two tied maxima get half each), like ``np.maximum`` splits
  a tie between its two arguments. A slice containing NaN (whose extremum is NaN) gets a NaN
  gradient.
* ``np.prod``: the exact derivative, without dividing by zero. With exactly one zero in a reduced slice, only that zero's
  partial derivative is non-zero (the product of the others); with two or more zeros, all are 0.
* ``np.std`` of a constant slice (zero spread) and ``np.linalg.norm`` of a zero vector or matrix
  get a zero gradient (the minimum of a convex function, so 0 is a subgradient).
* ``np.linalg.norm`` with ``ord=inf``/``-inf`` (and the matrix ``1``, ``-1``, ``inf``, ``-inf``
  norms) split ties like ``np.max``; the matrix ``2``/``-2`` norms assume the extreme singular
  value is simple.
"""
import ast
import copy
import math

import numpy as np

from .decompositions import svd_tangents  # noqa: F401  (norm_second calls it)
from .runtime import helper, unreduce  # noqa: F401  (unreduce: norm_adjoint and norm_second call it, run directly too)
from .registry import ON_OBJECT_ARRAYS, dotted, shape_by_evaluation, vjp_rule
from .target import NUMPY

FAMILY = "reductions"
# Each reduction names its ndarray method (``x.sum(axis=0)``): what specialised code prints for
# arrays, where the method skips ``np.sum``'s dispatch on the argument's type.


def reduced_shape(function):
    """Shape rule of a reduction: a full reduction (one argument, no axis, no keepdims) is a
    scalar whatever the input's shape; otherwise found by evaluation."""
    evaluate = shape_by_evaluation(function)

    def rule(shapes, kwargs):
        if len(shapes) == 1 and kwargs.get("axis") is None and not kwargs.get("keepdims", False):
            return ()
        return evaluate(shapes, kwargs) if all(isinstance(s, tuple) for s in shapes) else None

    rule.unknown_inputs = True        # a full reduction of a value of unknown shape is a scalar
    return rule


def _numpy_defaults_only(dtype_at: int | None, out_at: int):
    """A ``refuses`` for a reduction whose rule takes NumPy's positional order (``np.sum(a, axis,
    dtype, out, keepdims)``; ``dtype_at``/``out_at``: their positions among the call's
    arguments) but not those two: ``out`` only as None (a new array, as without it), ``dtype``
    only as None by position (``dtype=`` by keyword is the cast the lowering writes)."""
    def refused(values, keywords):
        out = values[out_at] if len(values) > out_at else keywords.get("out")
        if out is not None:
            return ("writing into `out=`", "assign the result to a name instead")
        if dtype_at is not None and len(values) > dtype_at and values[dtype_at] is not None:
            return ("with a `dtype` given by position", "pass it by keyword: `dtype=...`")
        return None
    return refused


TYPED = _numpy_defaults_only(2, 3)          # np.sum, mean, prod, var, std: (a, axis, dtype, out, ...)
UNTYPED = _numpy_defaults_only(None, 2)     # np.max, min: (a, axis, out, keepdims, initial)


@vjp_rule(np.sum, family=FAMILY, shape_rule=reduced_shape(np.sum), linear="joint", method="sum", refuses=TYPED,
          sympy=ON_OBJECT_ARRAYS)
def sum(d_y, y, x, axis=None, dtype=None, out=None, keepdims=False):
    return unreduce(d_y, x, axis, keepdims),


@vjp_rule(np.mean, family=FAMILY, shape_rule=reduced_shape(np.mean), linear="joint", method="mean", refuses=TYPED,
          sympy=ON_OBJECT_ARRAYS)
def mean(d_y, y, x, axis=None, dtype=None, out=None, keepdims=False):
    # (an empty x has an empty adjoint whatever the scale: max(, 1), not 0 / 0's ZeroDivisionError)
    return unreduce(d_y * (np.size(y) / max(np.size(x), 1)), x, axis, keepdims),


# Reductions whose outputs each depend on their own slice: the tangent is the VJP of ones,
# weighted by the input's tangent and reduced the same way (ties split as in reverse mode).
def prod_tangent(t, y, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(prod_adjoint(np.ones_like(y), x, axis, keepdims) * t, axis=axis, keepdims=keepdims),


@vjp_rule(np.prod, family=FAMILY, shape_rule=reduced_shape(np.prod), jvp=prod_tangent, method="prod",
          refuses=TYPED)
def prod(d_y, y, x, axis=None, dtype=None, out=None, keepdims=False):
    return prod_adjoint(d_y, x, axis, keepdims),


# initial= only ever the identity (-inf for a maximum, the lowering writes any other initial as
# np.maximum(np.max(x, initial=-np.inf), initial)): it never ties with an element that is not
# itself -inf, so the elements' adjoint is the rule's without it (an empty slice gets none)
def extremum_tangent(t, y, x, axis=None, out=None, keepdims=False, initial=None):
    return np.sum(extremum_adjoint(np.ones_like(y), y, x, axis, keepdims) * t, axis=axis, keepdims=keepdims), None


@vjp_rule(np.max, np.amax, np.min, np.amin, family=FAMILY, shape_rule=reduced_shape(np.max),
          jvp=extremum_tangent, refuses=UNTYPED, method={np.max: "max", np.amax: "max", np.min: "min", np.amin: "min"})
def extremum(d_y, y, x, axis=None, out=None, keepdims=False, initial=None):
    return extremum_adjoint(d_y, y, x, axis, keepdims), None


def var_tangent(t, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return np.sum(var_adjoint(np.ones_like(y), y, x, axis, keepdims, ddof) * t, axis=axis, keepdims=keepdims),


def _literal_options(site, names: tuple, defaults: tuple) -> tuple | None:
    """The values of a reduction's options (``axis``, ``keepdims``, ``ddof``) where each is a
    literal (passed by position or name) or left to its default; None where one is not."""
    given = dict(zip(names, site.args[1:]))
    given.update((name, value) for name, value in site.kwargs if name in names)
    values = []
    for name, default in zip(names, defaults):
        node = given.get(name)
        if node is None:
            values.append(default)
            continue
        try:
            values.append(ast.literal_eval(node))
        except ValueError:
            return None
    return tuple(values)


def _var_centred(site, index, d_y):
    """The adjoint of ``np.var(x, axis)`` of a known shape, reduced over leading axes (a batch's
    statistics, ``x.var(axis=0)``), all of them, or with ``keepdims``: ``(g * 2 / (n - ddof)) * (x
    - np.mean(x, axis))``, arithmetic the passes see through (the general rule is the helper
    ``var_adjoint``): the mean and the centred ``x`` are the very statements a batch norm's
    forward sweep computed (``x - x.mean(axis=0)``), which the reverse sweep then reads instead of
    computing them again (repeated_values), and the scale multiplies the reduced ``g``."""
    shape, options = site.arg_shapes[0], _literal_options(site, ("axis", "dtype", "out", "ddof", "keepdims"),
                                                                   (None, None, None, 0, False))
    if index != 0 or options is None or not isinstance(shape, tuple) or not all(isinstance(n, int) for n in shape):
        return None
    axis, _, _, ddof, keepdims = options        # (dtype and out: None, or the call was refused)
    axes = tuple(range(len(shape))) if axis is None else (axis,) if isinstance(axis, int) else axis
    if not isinstance(axes, tuple) or not all(isinstance(a, int) and -len(shape) <= a < len(shape) for a in axes) \
            or not isinstance(keepdims, bool) or type(ddof) not in (int, float):
        return None
    axes = tuple(sorted(a % len(shape) for a in axes))
    count = math.prod(shape[a] for a in axes) - ddof
    leading = axes == tuple(range(len(axes)))
    if count <= 0 or not (leading or keepdims):
        return None         # (no element left: the helper's inf scale; an inner axis dropped: g needs its axis back)
    mean_options = [ast.keyword(arg="axis", value=ast.Constant(axis))] if axis is not None else []
    if keepdims:
        mean_options.append(ast.keyword(arg="keepdims", value=ast.Constant(True)))
    mean = ast.Call(func=dotted("np.mean"), args=[site.args[0]], keywords=mean_options)
    centred = ast.BinOp(left=site.args[0], op=ast.Sub(), right=mean)
    scaled = ast.BinOp(left=d_y, op=ast.Mult(), right=ast.Constant(2.0 / count))
    return ast.BinOp(left=scaled, op=ast.Mult(), right=centred)


@vjp_rule(np.var, family=FAMILY, shape_rule=reduced_shape(np.var), jvp=var_tangent, method="var", refuses=TYPED,
          specialized=_var_centred)
def var(d_y, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return var_adjoint(d_y, y, x, axis, keepdims, ddof),


def std_tangent(t, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return np.sum(std_adjoint(np.ones_like(y), y, x, axis, keepdims, ddof) * t, axis=axis, keepdims=keepdims),


@vjp_rule(np.std, family=FAMILY, shape_rule=reduced_shape(np.std), jvp=std_tangent, method="std", refuses=TYPED)
def std(d_y, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return std_adjoint(d_y, y, x, axis, keepdims, ddof),


def _norm_shape(shapes, kwargs):
    """``np.linalg.norm`` reduces ``axis`` (all axes if None); ``ord`` does not change the shape.
    Computed from the shapes alone: evaluating the norm could mean an SVD."""
    if len(shapes) != 1:       # ord or axis passed positionally: not a constant keyword
        return None
    (shape,) = shapes
    axis, keepdims = kwargs.get("axis"), kwargs.get("keepdims", False)
    try:
        axes = range(len(shape)) if axis is None else (axis,) if np.ndim(axis) == 0 else axis
        axes = {int(a) % len(shape) for a in axes}
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return tuple(1 if i in axes else n for i, n in enumerate(shape) if keepdims or i not in axes)


def norm_tangent_rule(t, y, x, ord=None, axis=None, keepdims=False):
    return norm_tangent(t, y, x, ord, axis, keepdims),


def _norm_along_one_axis(site, index, d_y):
    """The 2-norm along one axis of an array of known shape (``np.linalg.norm(d, axis=1)``, a
    spring chain's lengths): ``(d_y / safe_y)[:, None] * x``, each row's adjoint over its norm
    (1 for a zero norm, whose row is zeros: a zero gradient, as ``norm_adjoint``'s) spread over
    the row, in place of ``norm_adjoint``'s general path (two ``unreduce`` broadcasts, ``ord``
    tests); with ``keepdims=True`` (a cosine's ``x / np.linalg.norm(x, axis=1, keepdims=True)``)
    the adjoint has the axis already: ``(d_y / safe_y) * x``. None elsewhere."""
    shape = site.arg_shapes[0] if site.arg_shapes else None
    options = {name: _constant_of(value) for name, value in site.kwargs}
    if index != 0 or len(site.args) != 1 or not isinstance(shape, tuple) or len(shape) < 2 \
            or set(options) - {"axis", "ord", "keepdims"} or options.get("ord", None) not in (None, 2) \
            or options.get("keepdims", False) not in (False, True) or type(options.get("axis")) is not int:
        return None
    axis = options["axis"] % len(shape)
    safe = ast.Call(func=dotted("np.where"), args=[
        ast.Compare(left=site.out, ops=[ast.Eq()], comparators=[ast.Constant(0)]), ast.Constant(1.0), site.out],
        keywords=[])
    scale = ast.BinOp(left=d_y, op=ast.Div(), right=safe)
    if options.get("keepdims", False):
        return ast.BinOp(left=scale, op=ast.Mult(), right=site.args[0])
    spread = ast.Tuple(elts=[ast.Constant(None) if i == axis else ast.Slice() for i in range(len(shape))], ctx=ast.Load())
    return ast.BinOp(left=ast.Subscript(value=scale, slice=spread, ctx=ast.Load()), op=ast.Mult(), right=site.args[0])


def _constant_of(node: ast.expr):
    """The value of a constant keyword (``axis=1``, ``axis=-1``, ``ord=None``); a marker otherwise."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return _NOT_CONSTANT


_NOT_CONSTANT = object()


@vjp_rule(np.linalg.norm, family=FAMILY, floating_result=True, shape_rule=_norm_shape, jvp=norm_tangent_rule,
          specialized=_norm_along_one_axis)
def norm(d_y, y, x, ord=None, axis=None, keepdims=False):
    return norm_adjoint(d_y, y, x, ord, axis, keepdims),


def _cumsum_of_known_shape(site, index, d_y):
    """For a 1-d ``x``, or a constant ``axis`` of an ``x`` whose number of axes is known, the reversed
    cumulative sum written out, ``np.cumsum(d_y[::-1])[::-1]`` (``d_y[:, ::-1]`` along axis 1):
    no flattened copy of ``d_y``, and ``x`` not read (``uncumsum`` reads its shape). None elsewhere."""
    shape = site.arg_shapes[0] if site.arg_shapes else None
    options = {name: _constant_of(value) for name, value in site.kwargs}
    if len(site.args) == 2:
        options.setdefault("axis", _constant_of(site.args[1]))
    axis = options.get("axis", None)
    if index != 0 or site.target is not NUMPY or not isinstance(shape, tuple) or set(options) - {"axis"} \
            or isinstance(d_y, ast.Constant) or len(site.args) > 2:
        return None
    if axis is None and len(shape) == 1:
        axis = 0
    if type(axis) is not int or not -len(shape) <= axis < len(shape):
        return None
    axis %= len(shape)
    reversal = [ast.Slice(lower=None, upper=None, step=None)] * axis + [
        ast.Slice(lower=None, upper=None, step=ast.Constant(-1))]
    along = ast.Tuple(elts=reversal, ctx=ast.Load()) if axis else reversal[0]
    keywords = [ast.keyword(arg="axis", value=ast.Constant(axis))] if len(shape) > 1 else []
    summed = ast.Call(func=dotted("np.cumsum"), args=[ast.Subscript(value=d_y, slice=along, ctx=ast.Load())],
                      keywords=keywords)
    return ast.Subscript(value=summed, slice=copy.deepcopy(along), ctx=ast.Load())


@vjp_rule(np.cumsum, family=FAMILY, shape_rule=shape_by_evaluation(np.cumsum), linear="joint",
          method="cumsum", sympy=ON_OBJECT_ARRAYS, specialized=_cumsum_of_known_shape)
def cumsum(d_y, y, x, axis=None):
    return uncumsum(d_y, x, axis),


# --------------------------------------------------------------------------- runtime helpers
# The adjoint helpers' own forward rules, for forward over forward mode (``hessian(f,
# mode="forward")`` differentiates the tangent rules above, which call them): one term per argument.
def prod_adjoint_tangent(t, out, g, x, axis=None, keepdims=False):
    return prod_adjoint(t, x, axis, keepdims), unreduce(g, x, axis, keepdims) * others_product_tangent(t, x, axis), None, None


@helper("unreduce", jvp=prod_adjoint_tangent)
def prod_adjoint(g, x, axis=None, keepdims=False):
    """Adjoint of ``np.prod(x, axis)``: each element gets the product of the other elements of its
    slice, computed without dividing by zero (with two or more zeros in a slice, all are 0)."""
    zero = np.equal(x, 0)
    nonzero = np.where(zero, 1.0, x)
    rest = np.prod(nonzero, axis=axis, keepdims=True)        # product of the non-zero elements
    zeros = np.sum(zero, axis=axis, keepdims=True)
    others = np.where(zeros == 0, rest / nonzero, np.where(zero & (zeros == 1), rest, 0.0))
    return unreduce(g, x, axis, keepdims) * others


@helper("unreduce", linear="joint")
def extremum_adjoint(g, y, x, axis=None, keepdims=False):
    """Adjoint of ``np.max``/``np.min(x, axis)``: ``g`` goes to the elements equal to the
    extremum ``y``, split evenly between ties. Linear in ``g``; which elements are hit is
    piecewise constant in ``x`` and ``y`` (derivative 0), so its forward rule is itself on
    ``g``'s tangent (forward over forward mode: ``hessian(f, mode="forward")`` through np.max)."""
    if np.size(x) == 0:                            # (initial= of an empty slice: nothing to split)
        return np.zeros(np.shape(x), dtype=np.result_type(g, 1.0))
    if axis is not None and not keepdims:          # the reduced axes back, as broadcast views
        y, g = unreduce(y, x, axis, keepdims), unreduce(g, x, axis, keepdims)
    hit = x == y
    return hit * (g / np.sum(hit, axis=axis, keepdims=True))


@helper()
def others_product_tangent(t, x, axis=None):
    """The tangent (along ``t``) of each element's product of the other elements of its slice,
    ``sum over k != i of t[k] * prod over j not in (i, k) of x[j]``, without dividing by zero: by
    the count of zeros in the slice (none: ``(P / x[i]) (sum t / x - t[i] / x[i])``; one, at z:
    ``t[z] R / x[i]`` off it and ``R sum t / x`` at it, R the product of the nonzero elements;
    two: ``R t[other zero]`` at each zero; more: 0)."""
    zero = np.equal(x, 0)
    safe = np.where(zero, 1.0, x)
    product = np.prod(safe, axis=axis, keepdims=True)
    zeros = np.sum(zero, axis=axis, keepdims=True)
    ratios = np.sum(np.where(zero, 0.0, t / safe), axis=axis, keepdims=True)
    at_zeros = np.sum(np.where(zero, t, 0.0), axis=axis, keepdims=True)
    none = product / safe * (ratios - t / safe)
    one = np.where(zero, product * ratios, at_zeros * product / safe)
    two = np.where(zero, (at_zeros - t) * product, 0.0)
    return np.where(zeros == 0, none, np.where(zeros == 1, one, np.where(zeros == 2, two, 0.0)))


def var_adjoint_tangent(t, out, g, y, x, axis=None, keepdims=False, ddof=0):
    # linear in g and in x (the centred x); y gives the count only
    return var_adjoint(t, y, x, axis, keepdims, ddof), None, var_adjoint(g, y, t, axis, keepdims, ddof), None, None, None


@helper("unreduce", jvp=var_adjoint_tangent)
def var_adjoint(g, y, x, axis=None, keepdims=False, ddof=0):
    """Adjoint of ``np.var(x, axis, ddof=ddof)``: ``2 (x - mean) / (n - ddof)`` times ``g``."""
    n = np.size(x) / max(np.size(y), 1)      # (an empty y: x is empty too, and so is its adjoint)
    centered = x - np.mean(x, axis=axis, keepdims=True)
    # NumPy's count is max(n - ddof, 0): with no element left the scale is inf (a NaN derivative,
    # as the value is NaN), not Python's ZeroDivisionError
    scale = 2.0 / (n - ddof) if n > ddof else float("inf")
    # (the scale multiplies g, of the reduced shape: one pass over x's shape, not two)
    return unreduce(g * scale, x, axis, keepdims) * centered


def std_adjoint_tangent(t, out, g, y, x, axis=None, keepdims=False, ddof=0):
    # std_adjoint is var_adjoint of g / (2 y): linear in g and x, and -g t / (2 y**2) through y
    return (std_adjoint(t, y, x, axis, keepdims, ddof),
            var_adjoint(np.where(np.equal(y, 0), 0.0, -g * t / (2.0 * np.where(np.equal(y, 0), 1.0, y) ** 2)),
                        y, x, axis, keepdims, ddof),
            std_adjoint(g, y, t, axis, keepdims, ddof), None, None, None)


@helper("var_adjoint", "unreduce", jvp=std_adjoint_tangent)
def std_adjoint(g, y, x, axis=None, keepdims=False, ddof=0):
    """Adjoint of ``np.std = sqrt(np.var)``; zero where the spread is zero (a subgradient)."""
    flat = np.equal(y, 0)
    g = np.where(flat, 0.0, g / (2.0 * np.where(flat, 1.0, y)))
    return var_adjoint(g, y, x, axis, keepdims, ddof)


def norm_adjoint_tangent_rule(t, out, g, y, x, ord=None, axis=None, keepdims=False):
    return (norm_adjoint(t, y, x, ord, axis, keepdims),
            norm_second(g, y, x, t, np.zeros(np.shape(x)), ord, axis, keepdims),
            norm_second(g, y, x, np.zeros(np.shape(y)), t, ord, axis, keepdims), None, None, None)


@helper("unreduce", jvp=norm_adjoint_tangent_rule)
def norm_adjoint(g, y, x, ord=None, axis=None, keepdims=False):
    """Adjoint of ``np.linalg.norm(x, ord, axis)``: vector norms (any ``ord``) over one axis,
    matrix norms (``'fro'``, ``'nuc'``, ``1``, ``-1``, ``2``, ``-2``, ``inf``, ``-inf``) over two,
    and the 2-norm of all elements when ``ord`` and ``axis`` are both None."""
    x = np.asarray(x)
    if ord is None and axis is None and not keepdims:     # the 2-norm of all elements, a number:
        return g * x / (y if y != 0 else 1.0)             # its zero: a zero gradient, as below
    if axis is None:
        axes = tuple(range(np.ndim(x)))
    else:
        axes = tuple(a % np.ndim(x) for a in ((axis,) if np.ndim(axis) == 0 else axis))
    g = unreduce(g, x, axes, keepdims)
    y = unreduce(y, x, axes, keepdims)
    safe_y = np.where(np.equal(y, 0), 1.0, y)                 # zero norm: zero gradient
    if ord is None or (isinstance(ord, str) and ord in ("fro", "f")) or (ord == 2 and len(axes) == 1):
        return g * x / safe_y
    a, sign = np.abs(x), np.sign(x)
    if len(axes) == 1:
        if ord == 0:
            return g * np.zeros(np.shape(x))
        if ord == 1:
            return g * sign
        if np.isinf(ord):
            hit = np.equal(a, y)
            return g * sign * hit / np.sum(hit, axis=axes, keepdims=True)
        return g * sign * (a / safe_y) ** (ord - 1)
    row, col = axes
    if isinstance(ord, str) or ord in (2, -2):                # 'nuc', 2, -2: singular vectors
        u, _, vh = np.linalg.svd(np.moveaxis(x, (row, col), (-2, -1)), full_matrices=False)
        if ord == 2:
            u, vh = u[..., :, :1], vh[..., :1, :]
        elif ord == -2:
            u, vh = u[..., :, -1:], vh[..., -1:, :]
        return g * np.moveaxis(u @ vh, (-2, -1), (row, col))
    # 1 / -1: the largest / smallest column sum of |x|; inf / -inf: the same for row sums
    summed, across = (row, col) if ord in (1, -1) else (col, row)
    sums = np.sum(a, axis=summed, keepdims=True)
    best = np.max(sums, axis=across, keepdims=True) if ord > 0 else np.min(sums, axis=across, keepdims=True)
    hit = np.equal(sums, best)
    return g * sign * (hit / np.sum(hit, axis=across, keepdims=True))


@helper("norm_adjoint")
def norm_tangent(t, y, x, ord=None, axis=None, keepdims=False):
    """Tangent of ``np.linalg.norm(x, ord, axis)``: its gradient (the adjoint of 1) times
    ``t``, summed over the reduced axes."""
    axes = tuple(range(np.ndim(x))) if axis is None else axis
    return np.sum(norm_adjoint(np.ones(np.shape(y)), y, x, ord, axis, keepdims) * t, axis=axes, keepdims=keepdims)


@helper("unreduce", "svd_tangents")
def norm_second(g, y, x, t_y, t_x, ord=None, axis=None, keepdims=False):
    """The tangent of ``norm_adjoint(g, y, x, ...)`` along ``t_y`` (of the norm ``y``) and
    ``t_x`` (of ``x``): the norm's second derivative. Piecewise-constant gradients (``ord`` 0,
    1, inf; the matrix 1 and inf norms) have none; the SVD-based ones (``'nuc'``, 2, -2) need
    distinct singular values."""
    x = np.asarray(x)
    if axis is None:
        axes = tuple(range(np.ndim(x)))
    else:
        axes = tuple(a % np.ndim(x) for a in ((axis,) if np.ndim(axis) == 0 else axis))
    g, y, t_y = (unreduce(v, x, axes, keepdims) for v in (g, y, t_y))
    zero = np.equal(y, 0)
    safe_y = np.where(zero, 1.0, y)
    if ord is None or (isinstance(ord, str) and ord in ("fro", "f")) or (ord == 2 and len(axes) == 1):
        return np.where(zero, 0.0, g * (t_x - x * t_y / safe_y) / safe_y)
    if len(axes) == 1:
        if ord in (0, 1) or np.isinf(ord):
            return np.zeros(np.shape(x))
        scaled = np.abs(x) / safe_y
        return np.where(zero, 0.0, g * (ord - 1) * scaled ** (ord - 2) * (t_x - x * t_y / safe_y) / safe_y)
    if not (isinstance(ord, str) or ord in (2, -2)):          # the matrix 1, -1, inf, -inf norms
        return np.zeros(np.shape(x))
    row, col = axes
    u, s, vh = np.linalg.svd(np.moveaxis(x, (row, col), (-2, -1)), full_matrices=False)
    du, _, dvh = svd_tangents(u, s, vh, np.moveaxis(t_x, (row, col), (-2, -1)))
    if ord in (2, -2):                                        # one pair of singular vectors
        pick = slice(0, 1) if ord == 2 else slice(-1, None)
        u, du, vh, dvh = u[..., :, pick], du[..., :, pick], vh[..., pick, :], dvh[..., pick, :]
    return g * np.moveaxis(du @ vh + u @ dvh, (-2, -1), (row, col))


@helper(linear="joint")
def uncumsum(g, x, axis=None):
    """Adjoint of ``np.cumsum(x, axis)``: each element gets the sum of ``g`` from its position
    to the end (a reversed cumulative sum); ``axis=None`` cumsums the flattened array."""
    if axis is None:
        return np.reshape(np.cumsum(np.ravel(g)[::-1])[::-1], np.shape(x))
    return np.flip(np.cumsum(np.flip(g, axis), axis=axis), axis)
