"""Elementwise math: ``math.*``, ``np.*`` and builtins, declared once by their partials.

``y`` names the output where reusing it is cheaper than recomputing (``exp``, ``sqrt``, ``tanh``).
"""
import ast
import math
from dataclasses import replace

import numpy as np

from .runtime import helper
from .templates import substitute
from ..ir.algebra import simplify
from .registry import dotted, elementwise, needs_unbroadcast, nondifferentiable, unbroadcast

FAMILY = "elementwise math"


@elementwise(np.exp, math.exp, family=FAMILY, sympy=lambda sp, x: sp.exp(x))
def exp(x, y):
    return y


@elementwise(np.expm1, math.expm1, family=FAMILY, sympy=lambda sp, x: sp.exp(x) - 1)
def expm1(x, y):
    return y + 1


@elementwise(np.exp2, math.exp2, family=FAMILY, sympy=lambda sp, x: 2 ** x)
def exp2(x, y):
    return y * np.log(2)


# The weights of logaddexp(a, b) where its dtype is known, from e = exp(min(b - a, cap)):
# 1 / (1 + e) for a, e / (1 + e) for b. One exponential and no comparison or where. exp(cap) is
# finite in the dtype (exp overflows past 709.78 in float64, 88.72 in float32), so nothing
# overflows; a weight below 1 / (1 + exp(cap)) (1.2e-308 in float64, 6.1e-39 in float32, both
# under the dtype's smallest normal number) reads as that, not less.
_CAPPED_WEIGHTS = [ast.parse(source, mode="eval").body for source in (
    "g * (1 / (1 + np.exp(np.minimum(b - a, cap))))",
    "g * (np.exp(np.minimum(b - a, cap)) / (1 + np.exp(np.minimum(b - a, cap))))")]
_EXP_CAPS = {"f8": 709.0, "f4": 88.0}


def _logaddexp_capped_weights(site, index, d_y):
    """The reverse rule of ``np.logaddexp`` where both arguments are known float64 arrays or
    numbers, or float32 ones (Python numbers beside either): two passes fewer than the general
    partials below, which serve every other case (mixed or unknown dtypes, float16) and forward
    mode. An argument broadcast gets its weights summed back. None where it does not apply."""
    if len(site.args) != 2 or len(site.arg_kinds) != 2:
        return None
    kinds = {kind for arg, kind in zip(site.args, site.arg_kinds) if not isinstance(arg, ast.Constant)}
    if len(kinds) != 1 or next(iter(kinds)) not in _EXP_CAPS:
        return None
    a, b = site.args
    cap = ast.Constant(_EXP_CAPS[next(iter(kinds))])
    contribution = simplify(substitute(_CAPPED_WEIGHTS[index], {"a": a, "b": b, "g": d_y, "cap": cap}))
    return unbroadcast(contribution, site, index) if needs_unbroadcast(site, index) else contribution


_logaddexp_capped_weights.elementwise = True     # d_y times an elementwise weight: a number seed suffices


@elementwise(np.logaddexp, family=FAMILY, sympy=lambda sp, a, b: sp.log(sp.exp(a) + sp.exp(b)),
             specialized=_logaddexp_capped_weights)
def logaddexp(a, b, y):
    # log(e^a + e^b): the softmax weights of a and b, sigmoid(a - b) and sigmoid(b - a), from the
    # one exponential t = exp(-|a - b|) <= 1 (no overflow): 1 / (1 + t) for the larger argument,
    # t / (1 + t) for the other. Free of y: a gradient that needs no value computes no logaddexp
    # (three times an exp), where exp(a - y) kept it. |a - b| is spelled with where: its
    # derivative at a == b follows the a >= b branch (abs's subgradient 0 there would be wrong).
    return (np.where(a >= b, 1.0, np.exp(np.where(a >= b, b - a, a - b)))
            / (1 + np.exp(np.where(a >= b, b - a, a - b))),
            np.where(a >= b, np.exp(np.where(a >= b, b - a, a - b)), 1.0)
            / (1 + np.exp(np.where(a >= b, b - a, a - b))))


@elementwise(np.logaddexp2, family=FAMILY, sympy=lambda sp, a, b: sp.log(2 ** a + 2 ** b) / sp.log(2))
def logaddexp2(a, b, y):
    return np.exp2(a - y), np.exp2(b - y)


@elementwise(np.hypot, math.hypot, family=FAMILY, sympy=lambda sp, a, b: sp.sqrt(a * a + b * b))
def hypot(a, b, y):
    # sqrt(a² + b²): each side's share of the length; at the origin the subgradient 0, as for
    # np.linalg.norm of a zero vector
    return a / np.where(y == 0, 1.0, y), b / np.where(y == 0, 1.0, y)


@elementwise(np.log, math.log, family=FAMILY, sympy=lambda sp, x: sp.log(x))
def log(x):
    return 1 / x


@elementwise(np.log1p, math.log1p, family=FAMILY, sympy=lambda sp, x: sp.log(1 + x))
def log1p(x):
    return 1 / (1 + x)


@elementwise(np.log2, math.log2, family=FAMILY, sympy=lambda sp, x: sp.log(x) / sp.log(2))
def log2(x):
    return 1 / (x * np.log(2))


@elementwise(np.log10, math.log10, family=FAMILY, sympy=lambda sp, x: sp.log(x) / sp.log(10))
def log10(x):
    return 1 / (x * np.log(10))


@elementwise(np.sqrt, math.sqrt, family=FAMILY, sympy=lambda sp, x: sp.sqrt(x))
def sqrt(x, y):
    return 0.5 / y


@elementwise(np.sin, math.sin, family=FAMILY, sympy=lambda sp, x: sp.sin(x))
def sin(x):
    return np.cos(x)


@elementwise(np.cos, math.cos, family=FAMILY, sympy=lambda sp, x: sp.cos(x))
def cos(x):
    return -np.sin(x)


@elementwise(np.tan, math.tan, family=FAMILY, sympy=lambda sp, x: sp.tan(x))
def tan(x, y):
    return 1 + y * y


@elementwise(np.arcsin, math.asin, family=FAMILY, sympy=lambda sp, x: sp.asin(x))
def arcsin(x):
    return 1 / np.sqrt(1 - x * x)


@elementwise(np.arccos, math.acos, family=FAMILY, sympy=lambda sp, x: sp.acos(x))
def arccos(x):
    return -1 / np.sqrt(1 - x * x)


@elementwise(np.arctan, math.atan, family=FAMILY, sympy=lambda sp, x: sp.atan(x))
def arctan(x):
    return 1 / (1 + x * x)


@elementwise(np.arctan2, math.atan2, family=FAMILY, sympy=lambda sp, a, b: sp.atan2(a, b))
def arctan2(a, b):
    return b / (a * a + b * b), -a / (a * a + b * b)


@elementwise(np.sinh, math.sinh, family=FAMILY, sympy=lambda sp, x: sp.sinh(x))
def sinh(x):
    return np.cosh(x)


@elementwise(np.cosh, math.cosh, family=FAMILY, sympy=lambda sp, x: sp.cosh(x))
def cosh(x):
    return np.sinh(x)


@elementwise(np.tanh, math.tanh, family=FAMILY, sympy=lambda sp, x: sp.tanh(x))
def tanh(x, y):
    return 1 - y * y


@elementwise(np.arcsinh, math.asinh, family=FAMILY, sympy=lambda sp, x: sp.asinh(x))
def arcsinh(x):
    return 1 / np.sqrt(x * x + 1)


@elementwise(np.arccosh, math.acosh, family=FAMILY, sympy=lambda sp, x: sp.acosh(x))
def arccosh(x):
    return 1 / np.sqrt(x * x - 1)


@elementwise(np.arctanh, math.atanh, family=FAMILY, sympy=lambda sp, x: sp.atanh(x))
def arctanh(x):
    return 1 / (1 - x * x)


@elementwise(np.deg2rad, np.radians, math.radians, family=FAMILY, cost="cheap", sympy=lambda sp, x: x * sp.pi / 180)
def deg2rad(x):
    return np.pi / 180


@elementwise(np.rad2deg, np.degrees, math.degrees, family=FAMILY, cost="cheap", sympy=lambda sp, x: x * 180 / sp.pi)
def rad2deg(x):
    return 180 / np.pi


@elementwise(np.abs, np.fabs, abs, math.fabs, family=FAMILY, cost="cheap", sympy=lambda sp, x: sp.Abs(x))
def absolute(x):
    return np.sign(x)


def _extremum_of_numbers(larger: bool):
    def on_numbers(args):
        """``np.float64(a if a > b or a != a else b)``: bit for bit the value of
        ``np.maximum(a, b)`` on two numbers (NaN propagates, a tie returns ``b``:
        ``np.maximum(0.0, -0.0)`` is ``-0.0``) without the ufunc's dispatch, which costs about
        1 µs on Python floats. Its type is NumPy's too: a Python float ``0.0`` where NumPy gives
        ``np.float64(0.0)`` made ``1.0 / m`` a ZeroDivisionError (NumPy's is inf, which
        ``np.where(m > 0, 1.0 / m, 0.0)`` drops), ``m.astype`` an AttributeError and
        ``isinstance(m, np.floating)`` False (fuzz class probes, fz4)."""
        a, b = args
        wins = ast.Compare(left=a, ops=[ast.Gt() if larger else ast.Lt()], comparators=[b])
        nan = ast.Compare(left=a, ops=[ast.NotEq()], comparators=[a])
        chosen = ast.IfExp(test=ast.BoolOp(op=ast.Or(), values=[wins, nan]), body=a, orelse=b)
        return ast.Call(func=dotted("np.float64"), args=[chosen], keywords=[])
    return on_numbers


def _extremum_on_arrays(larger: bool):
    def specialized(site, index, d_y):
        """On arrays: one pass, ``d_y * np.heaviside(a - b, 0.5)`` (0, 1/2 or 1; NaN where
        ``a - b`` is NaN, e.g. two equal infinities)."""
        if site.out_shape == () or not site.target.has("np.heaviside"):
            return None      # Python scalars: comparisons are cheaper
        a, b = site.args
        mine, other = (a, b) if index == 0 else (b, a)
        difference = ast.BinOp(left=mine, op=ast.Sub(), right=other) if larger else \
            ast.BinOp(left=other, op=ast.Sub(), right=mine)
        if _large(site.out_shape):
            contribution = ast.Call(func=ast.Name(id="step_adjoint", ctx=ast.Load()),
                                    args=[d_y, simplify(difference)], keywords=[])
        else:
            step = ast.Call(func=dotted("np.heaviside"), args=[simplify(difference), ast.Constant(0.5)], keywords=[])
            contribution = simplify(ast.BinOp(left=d_y, op=ast.Mult(), right=step))
        if needs_unbroadcast(site, index):
            contribution = unbroadcast(contribution, site, index)
        return contribution
    specialized.elementwise = True       # d_y may be a scalar standing for a broadcast adjoint
    return specialized


def _large(shape) -> bool:
    """More than 2048 elements: there ``step_adjoint`` beats ``np.heaviside`` (measured)."""
    return isinstance(shape, tuple) and all(type(n) is int for n in shape) and math.prod(shape) > 2048


# Ties split the derivative evenly between the arguments (the symmetric subgradient). Builtin
# max and min return one of their arguments itself (an array stays that array: views).
# (np.maximum's specialised adjoint, not np.fmax's: np.heaviside(a - b, 0.5) is NaN where one of them is NaN)
@elementwise(np.maximum, max, family=FAMILY, cost="cheap", on_numbers={np.maximum: _extremum_of_numbers(larger=True)},
             specialized={np.maximum: _extremum_on_arrays(larger=True)}, views={max: True},
             sympy=lambda sp, a, b: sp.Max(a, b))
def maximum(a, b):
    return (a > b) + 0.5 * (a == b), (b > a) + 0.5 * (a == b)


@elementwise(np.minimum, min, family=FAMILY, cost="cheap", on_numbers={np.minimum: _extremum_of_numbers(larger=False)},
             specialized={np.minimum: _extremum_on_arrays(larger=False)}, views={min: True},
             sympy=lambda sp, a, b: sp.Min(a, b))
def minimum(a, b):
    return (a < b) + 0.5 * (a == b), (b < a) + 0.5 * (a == b)


# np.fmax and np.fmin return the number where the other argument is NaN: the derivative goes to it
@elementwise(np.fmax, family=FAMILY, cost="cheap", sympy=lambda sp, a, b: sp.Max(a, b))
def fmax(a, b):
    return (a > b) + 0.5 * (a == b) + (b != b) * (a == a), (b > a) + 0.5 * (a == b) + (a != a) * (b == b)


@elementwise(np.fmin, family=FAMILY, cost="cheap", sympy=lambda sp, a, b: sp.Min(a, b))
def fmin(a, b):
    return (a < b) + 0.5 * (a == b) + (b != b) * (a == a), (b < a) + 0.5 * (a == b) + (a != a) * (b == b)


@helper(linear="joint")
def step_adjoint(g, s):
    """``g * np.heaviside(s, 0.5)`` (the adjoint through ``np.maximum(a, b)`` with ``s = a - b``):
    ``g`` where ``s > 0``, half of it where ``s == 0``, NaN where ``s`` is NaN. On large arrays
    ``g * (s > 0)`` is several times faster than ``np.heaviside``, which is used only if there
    is a tie or a NaN."""
    above = s > 0
    if np.count_nonzero(above) + np.count_nonzero(s < 0) == np.size(s):
        return g * above
    return g * np.heaviside(s, 0.5)


def where_in_sympy(sp, condition, a, b, num=None):
    """The branch taken; given the numeric arguments ``num``, the one their condition takes."""
    if num is None:
        return sp.Piecewise((a, sp.Ne(condition, 0)), (b, True))
    return a if num[0] else b


def clip_in_sympy(sp, x, lo, hi):
    x = x if lo is None else sp.Max(x, lo)
    return x if hi is None else sp.Min(x, hi)


def _clip_within_tangent(t, y, x, bound):
    # the selection it stands for: x's tangent where |x| <= bound, the bound's times sign(x) elsewhere
    return np.where(np.absolute(x) <= bound, t, 0.0), np.where(np.absolute(x) <= bound, 0.0, t * np.sign(x))


@helper(jvp=_clip_within_tangent)
def clip_within(x, bound):
    """``x`` where ``|x| <= bound``, else ``bound * np.sign(x)`` (a Huber loss's derivative; the
    rewrite ``clipped_selections`` writes it): ``np.clip(x, -bound, bound)``, one pass, for a
    number ``bound >= 0``; the selection itself for a negative or NaN one, where no clip is it."""
    if bound >= 0:
        return np.clip(x, -bound, bound)
    return np.where(np.absolute(x) <= bound, x, bound * np.sign(x))


def _where_selected(site, index, d_y):
    """The reverse rule of ``np.where(c, a, b)``: the adjoint selected, ``np.where(c, g, 0.0)``
    for ``a`` and ``np.where(c, 0.0, g)`` for ``b`` (one pass each, where ``g`` times the 0/1
    partials below is two); summed back where the branch was broadcast. None for the condition."""
    if index == 0 or len(site.args) != 3 or isinstance(site.args[0], ast.Constant):
        return None       # (a constant condition: the partials below fold to 1 and 0, no contribution)
    taken, other = (d_y, ast.Constant(0.0)) if index == 1 else (ast.Constant(0.0), d_y)
    contribution = ast.Call(func=dotted("np.where"), args=[site.args[0], taken, other], keywords=[])
    return unbroadcast(contribution, site, index) if needs_unbroadcast(site, index) else contribution


_where_selected.elementwise = True     # d_y selected elementwise: a number seed suffices


# The condition selects a branch: it is piecewise constant, so its partial is 0.
@elementwise(np.where, family=FAMILY, cost="cheap", sympy=where_in_sympy, specialized=_where_selected)
def where(condition, a, b):
    return 0, np.where(condition, 1.0, 0.0), np.where(condition, 0.0, 1.0)


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _clip_on_arrays(site, index, d_y):
    """The reverse rule of ``np.clip`` with respect to an array ``x``, where the helper
    ``clip_partial`` would make six passes, its result float64 whatever ``x``'s dtype (a float32
    model's gradient then went through float64 products). One bound None (a ReLU's
    ``np.clip(z, 0, None)``, ``np.clip(x, None, hi)``): ``np.maximum(x, lo)``'s or
    ``np.minimum(x, hi)``'s one-pass adjoint, ``d_y * np.heaviside(x - lo, 0.5)``. Two number
    bounds (``np.clip(p, 1e-6, 1 - 1e-6)``): ``clip_adjoint``. None for a bound's adjoint, and
    for bounds that are arrays."""
    if index != 0 or len(site.args) != 3 or site.out_shape == () or not site.target.has("np.heaviside"):
        return None
    lower, upper = (not _is_none(site.args[i]) for i in (1, 2))
    if lower != upper:
        kept = (0, 1 if lower else 2)
        as_extremum = replace(site, args=[site.args[i] for i in kept], arg_shapes=[site.arg_shapes[i] for i in kept],
                              arg_kinds=[site.arg_kinds[i] for i in kept if i < len(site.arg_kinds)])
        return _extremum_on_arrays(larger=lower)(as_extremum, 0, d_y)
    if lower and site.arg_shapes[1] == site.arg_shapes[2] == () and site.arg_shapes[0] == site.out_shape:
        return ast.Call(func=ast.Name(id="clip_adjoint", ctx=ast.Load()), args=[d_y, *site.args], keywords=[])
    return None


_clip_on_arrays.elementwise = True       # d_y may be a scalar standing for a broadcast adjoint


# np.clip(x, lo, hi) is np.minimum(np.maximum(x, lo), hi): ties split evenly, as for those.
# NumPy's parameter names (np.clip(x, a_min=0.0, a_max=None)), and NumPy 2's (x.clip(min=0.0)).
@elementwise(np.clip, family=FAMILY, cost="cheap", sympy=clip_in_sympy, aliases={"min": "a_min", "max": "a_max"},
             specialized=_clip_on_arrays, finite_partials=True)
def clip(a, a_min=None, a_max=None):
    return clip_partial(a, a_min, a_max, 0), clip_partial(a, a_min, a_max, 1), clip_partial(a, a_min, a_max, 2)


@helper()
def clip_partial(x, lo, hi, which):
    """The partial derivative of ``np.clip(x, lo, hi)`` with respect to ``(x, lo, hi)[which]``,
    as ``np.minimum(np.maximum(x, lo), hi)`` with ties split evenly; a bound may be None."""
    lo = -np.inf if lo is None else lo
    hi = np.inf if hi is None else hi
    m = np.maximum(x, lo)
    d_m = (m < hi) + 0.5 * (m == hi)
    if which == 0:
        return d_m * ((x > lo) + 0.5 * (x == lo))
    if which == 1:
        return d_m * ((lo > x) + 0.5 * (x == lo))
    return (hi < m) + 0.5 * (hi == m)


@helper("clip_partial", linear="joint", views=True)
def clip_adjoint(g, x, lo, hi):
    """``g * clip_partial(x, lo, hi, 0)``, the adjoint through ``np.clip(x, lo, hi)`` of number
    bounds: ``g`` where ``lo < x < hi``, zero where ``x`` is outside, in ``g``'s dtype; the
    partial itself only where some ``x`` is at a bound (half of it there) or NaN, in ``g``'s dtype
    too (analysis/kinds.py reads a helper that may hand on its first argument as of its kind). ``g`` itself
    where every ``x`` is inside (a clip that guards a log, ``np.clip(p, 1e-6, 1 - 1e-6)``, mostly
    is): two reductions, no mask (a NaN's minimum is NaN, never inside)."""
    if isinstance(x, np.ndarray) and x.size and np.shape(g) == x.shape and lo < x.min() and x.max() < hi:
        return g
    inside = (x > lo) & (x < hi)
    if np.count_nonzero(inside) + np.count_nonzero((x < lo) | (x > hi)) == np.size(x):
        return g * inside
    return g * clip_partial(x, lo, hi, 0).astype(np.result_type(g), copy=False)   # (0, 0.5, 1: exact)


@elementwise(float, np.float64, family=FAMILY, cost="cheap", sympy=lambda sp, x: x)
def to_float(x):
    return 1


nondifferentiable(np.sign, np.heaviside, np.floor, np.ceil, np.round, np.rint, np.trunc, np.fix, round,
                  family="piecewise constant")


def _length_of(shape: tuple) -> int | None:
    """``len`` of a value of this shape: its first axis (None for a number: len raises there)."""
    return shape[0] if shape else None


nondifferentiable(int, math.floor, math.ceil, math.trunc, len, family="piecewise constant",
                  shape_rule="scalar", reads_shape={len: (0,)}, shape_query={len: _length_of})
nondifferentiable(np.int64, np.int32, family="piecewise constant")
nondifferentiable(bool, family="piecewise constant", shape_rule="scalar", result_kind="b1")
