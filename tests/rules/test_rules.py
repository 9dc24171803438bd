"""Every derivative rule in the registry, checked three ways.

* numerically: ``transpiler.grad`` of a one-primitive function against central finite differences,
  at sample points inside the function's domain;
* symbolically: the same gradient against sympy's derivative, and each rule's partial-derivative
  template (``Primitive.partials``) evaluated on sympy symbols against ``sympy.diff``;
* on arrays: the generated reverse-mode code, seeded with an output adjoint, against finite
  differences of ``sum(seed * f(args))`` (a vector-Jacobian product), for broadcast, 0-d,
  scalar-with-array and non-contiguous inputs.

Rules declared by a VJP template rather than by partials (indexing) have no scalar sympy
counterpart; their template is checked against finite differences instead.

``test_every_registered_rule_has_a_check`` fails when a key is added to ``REGISTRY`` without an
entry in the tables below, so a new rule cannot land unchecked.

The compiler reads the source of the function it differentiates and resolves the names it calls
through that function's globals, so each rule is exercised by a module-level ``apply_*`` function
written out by hand (source generated with ``exec`` would not be readable by ``inspect``).
"""
import ast
import math
import operator

import numpy as np
import pytest
import sympy

import transpiler
from transpiler.driver import pipeline
from transpiler.api import shape_of
from transpiler.ad.reverse import GradientSpec
from transpiler.primitives import REGISTRY
from transpiler.primitives.runtime import HELPERS

# --------------------------------------------------------------------------- one function per rule
# Differentiable rules: each function applies exactly one primitive to its parameters.


def apply_ast_Add(a, b):
    return a + b


def apply_ast_Sub(a, b):
    return a - b


def apply_ast_Mult(a, b):
    return a * b


def apply_ast_Div(a, b):
    return a / b


def apply_ast_Pow(a, b):
    return a ** b


def apply_ast_Mod(a, b):
    return a % b


def apply_ast_USub(x):
    return -x


def apply_ast_UAdd(x):
    return +x


def apply_np_add(a, b):
    return np.add(a, b)


def apply_np_subtract(a, b):
    return np.subtract(a, b)


def apply_np_multiply(a, b):
    return np.multiply(a, b)


def apply_np_divide(a, b):
    return np.divide(a, b)


def apply_np_power(a, b):
    return np.power(a, b)


def apply_pow(a, b):
    return pow(a, b)


def apply_np_remainder(a, b):
    return np.remainder(a, b)


def apply_np_negative(x):
    return np.negative(x)


def apply_np_positive(x):
    return np.positive(x)


def apply_np_square(x):
    return np.square(x)


def apply_np_reciprocal(x):
    return np.reciprocal(x)


def apply_np_exp(x):
    return np.exp(x)


def apply_math_exp(x):
    return math.exp(x)


def apply_np_expm1(x):
    return np.expm1(x)


def apply_np_exp2(x):
    return np.exp2(x)


def apply_np_logaddexp(a, b):
    return np.logaddexp(a, b)


def apply_np_logaddexp2(a, b):
    return np.logaddexp2(a, b)


def apply_math_expm1(x):
    return math.expm1(x)


def apply_np_log(x):
    return np.log(x)


def apply_math_log(x):
    return math.log(x)


def apply_np_log1p(x):
    return np.log1p(x)


def apply_math_log1p(x):
    return math.log1p(x)


def apply_np_log2(x):
    return np.log2(x)


def apply_math_log2(x):
    return math.log2(x)


def apply_np_log10(x):
    return np.log10(x)


def apply_math_log10(x):
    return math.log10(x)


def apply_np_sqrt(x):
    return np.sqrt(x)


def apply_math_sqrt(x):
    return math.sqrt(x)


def apply_np_sin(x):
    return np.sin(x)


def apply_math_sin(x):
    return math.sin(x)


def apply_np_cos(x):
    return np.cos(x)


def apply_math_cos(x):
    return math.cos(x)


def apply_np_tan(x):
    return np.tan(x)


def apply_math_tan(x):
    return math.tan(x)


def apply_np_arcsin(x):
    return np.arcsin(x)


def apply_math_asin(x):
    return math.asin(x)


def apply_np_arccos(x):
    return np.arccos(x)


def apply_math_acos(x):
    return math.acos(x)


def apply_np_arctan(x):
    return np.arctan(x)


def apply_math_atan(x):
    return math.atan(x)


def apply_np_arctan2(a, b):
    return np.arctan2(a, b)


def apply_math_atan2(a, b):
    return math.atan2(a, b)


def apply_np_sinh(x):
    return np.sinh(x)


def apply_math_sinh(x):
    return math.sinh(x)


def apply_np_cosh(x):
    return np.cosh(x)


def apply_math_cosh(x):
    return math.cosh(x)


def apply_np_tanh(x):
    return np.tanh(x)


def apply_math_tanh(x):
    return math.tanh(x)


def apply_np_arcsinh(x):
    return np.arcsinh(x)


def apply_math_asinh(x):
    return math.asinh(x)


def apply_np_arccosh(x):
    return np.arccosh(x)


def apply_math_acosh(x):
    return math.acosh(x)


def apply_np_arctanh(x):
    return np.arctanh(x)


def apply_math_atanh(x):
    return math.atanh(x)


def apply_np_absolute(x):
    return np.absolute(x)


def apply_abs(x):
    return abs(x)


def apply_math_fabs(x):
    return math.fabs(x)


def apply_np_maximum(a, b):
    return np.maximum(a, b)


def apply_np_fmax(a, b):
    return np.fmax(a, b)


def apply_max(a, b):
    return max(a, b)


def apply_np_minimum(a, b):
    return np.minimum(a, b)


def apply_np_fmin(a, b):
    return np.fmin(a, b)


def apply_min(a, b):
    return min(a, b)


def apply_float(x):
    return float(x)


def apply_np_float64(x):
    return np.float64(x)


def apply_np_where(c, a, b):
    # The condition is a comparison, as in real code: a float condition would flip when a finite
    # difference perturbs it across 0. Its partial is 0 either way.
    return np.where(c > 0, a, b)


def apply_np_clip(x, lo, hi):
    return np.clip(x, lo, hi)


# Non-differentiable rules: ``first argument * K(arguments)``; the derivative must treat K as a
# constant, i.e. equal K(arguments) for the first argument and 0 for the others.


def apply_ast_FloorDiv(a, b):
    return a * (a // b)


def apply_np_floor_divide(a, b):
    return a * np.floor_divide(a, b)


def apply_ast_Lt(a, b):
    return a * (a < b)


def apply_ast_LtE(a, b):
    return a * (a <= b)


def apply_ast_Gt(a, b):
    return a * (a > b)


def apply_ast_GtE(a, b):
    return a * (a >= b)


def apply_ast_Eq(a, b):
    return a * (a == b)


def apply_ast_NotEq(a, b):
    return a * (a != b)


def apply_ast_Not(a, b):
    return a * (not (a > b))


def apply_np_less(a, b):
    return a * np.less(a, b)


def apply_np_less_equal(a, b):
    return a * np.less_equal(a, b)


def apply_np_greater(a, b):
    return a * np.greater(a, b)


def apply_np_greater_equal(a, b):
    return a * np.greater_equal(a, b)


def apply_np_equal(a, b):
    return a * np.equal(a, b)


def apply_np_not_equal(a, b):
    return a * np.not_equal(a, b)


def apply_np_sign(x):
    return x * np.sign(x)


def apply_np_heaviside(x):
    return x * np.heaviside(x, 0.5)


def apply_np_floor(x):
    return x * np.floor(x)


def apply_np_ceil(x):
    return x * np.ceil(x)


def apply_np_round(x):
    return x * np.round(x)


def apply_np_rint(x):
    return x * np.rint(x)


def apply_np_trunc(x):
    return x * np.trunc(x)


def apply_round(x):
    return x * round(x)


def apply_int(x):
    return x * int(x)


def apply_bool(x):
    return x * bool(x)


def apply_math_floor(x):
    return x * math.floor(x)


def apply_math_ceil(x):
    return x * math.ceil(x)


def apply_math_trunc(x):
    return x * math.trunc(x)


def apply_len(x, v):
    return x * len(v * x)


def apply_np_size(x, v):
    return x * np.size(v * x)


def apply_np_ndim(x, v):
    return x * np.ndim(v * x)


def apply_np_shape(x, v):
    return x * np.shape(v * x)[0]


# Rules with a constant argument: the template is instantiated with a literal and simplified.


def square_by_pow(x):
    return x ** 2


def pow_negative_exponent(x):
    return x ** -1.5


def pow_zero_exponent(x):
    return x ** 0


def constant_base_pow(x):
    return 2.0 ** x


def cube_by_builtin_pow(x):
    return pow(x, 3)


def divide_by_negative_constant(x):
    return x / -2.0


def constant_over_x(x):
    return 3.0 / x


def constant_minus_x(x):
    return 1.0 - x


def negated_square(x):
    return -x ** 2


def x_times_itself(x):
    return x * x


def relu(x):
    return np.maximum(x, 0.0)


def scalar_relu(x):
    return max(x, 0.0)


def clip_above(x):
    return np.minimum(x, 1.0)


def mod_constant(x):
    return x % 2.0


def angle_of(x):
    return np.arctan2(1.0, x)


def only_floor(x):
    return np.floor(x)


def only_comparison(a, b):
    return a < b


# --------------------------------------------------------------------------- tables
# Sample points (tuples of arguments of the key's apply_* function) inside each function's domain.
# For two-argument rules every combination of a first-argument value with a second-argument value
# is inside the domain too (no ties for max/min, no integer a / b for mod), because the array tests
# broadcast the first-argument values against the second-argument values.
REAL = [(0.3,), (-1.2,), (2.5,)]                # also avoids tan's poles and abs's kink
POSITIVE = [(0.4,), (1.7,), (3.2,)]
UNIT = [(0.3,), (-0.6,), (0.85,)]               # inside (-1, 1)
ABOVE_ONE = [(1.3,), (2.2,), (4.0,)]
ABOVE_MINUS_ONE = [(-0.5,), (0.3,), (2.5,)]
PAIRS = [(0.3, 1.1), (-1.2, -0.4), (2.5, 2.0)]  # b != 0; {a} and {b} disjoint: no ties
POSITIVE_BASE = [(0.5, 2.0), (1.7, -1.5), (3.0, 0.7)]
MOD_PAIRS = [(5.3, 1.5), (-2.2, -2.5), (0.7, 3.2)]  # every a / b at least 0.1 from an integer
NON_INTEGER = [(0.3,), (-1.7,), (2.6,)]         # away from integers and half-integers (round)
LEN_POINTS = [(1.5, np.array([1.0, 2.0, 3.0])), (-0.5, np.array([4.0, -1.0]))]
WHERE_POINTS = [(0.7, 0.3, 1.1), (-0.4, -1.2, 2.0), (1.3, 2.5, -0.6)]  # c away from 0
CLIP_POINTS = [(-1.2, -0.5, 1.0), (0.3, -1.5, 2.0), (2.5, 0.1, 0.6)]  # below, inside, above; lo < hi, no ties
INDEX_POINTS = [(np.array([0.3, -1.2, 2.5]), 1), (np.array([0.3, -1.2, 2.5]), -1),
                (np.array([[0.3, -1.2, 2.5], [1.1, -0.4, 2.0]]), (1, 2))]

DOMAINS = {
    # arithmetic
    ast.Add: PAIRS, np.add: PAIRS,
    ast.Sub: PAIRS, np.subtract: PAIRS,
    ast.Mult: PAIRS, np.multiply: PAIRS,
    ast.Div: PAIRS, np.divide: PAIRS,
    ast.Pow: POSITIVE_BASE, np.power: POSITIVE_BASE, pow: POSITIVE_BASE,
    ast.Mod: MOD_PAIRS, np.remainder: MOD_PAIRS,
    ast.USub: REAL, np.negative: REAL,
    ast.UAdd: REAL, np.positive: REAL,
    np.square: REAL,
    np.reciprocal: REAL,
    ast.FloorDiv: MOD_PAIRS, np.floor_divide: MOD_PAIRS,
    ast.Lt: PAIRS, ast.LtE: PAIRS, ast.Gt: PAIRS, ast.GtE: PAIRS, ast.Eq: PAIRS, ast.NotEq: PAIRS,
    ast.Not: PAIRS,
    np.less: PAIRS, np.less_equal: PAIRS, np.greater: PAIRS, np.greater_equal: PAIRS,
    np.equal: PAIRS, np.not_equal: PAIRS,
    # elementwise math
    np.exp: REAL, math.exp: REAL,
    np.expm1: REAL, math.expm1: REAL, np.exp2: REAL, np.logaddexp: PAIRS, np.logaddexp2: PAIRS,
    np.log: POSITIVE, math.log: POSITIVE,
    np.log1p: ABOVE_MINUS_ONE, math.log1p: ABOVE_MINUS_ONE,
    np.log2: POSITIVE, math.log2: POSITIVE,
    np.log10: POSITIVE, math.log10: POSITIVE,
    np.sqrt: POSITIVE, math.sqrt: POSITIVE,
    np.sin: REAL, math.sin: REAL,
    np.cos: REAL, math.cos: REAL,
    np.tan: REAL, math.tan: REAL,
    np.arcsin: UNIT, math.asin: UNIT,
    np.arccos: UNIT, math.acos: UNIT,
    np.arctan: REAL, math.atan: REAL,
    np.arctan2: PAIRS, math.atan2: PAIRS,
    np.sinh: REAL, math.sinh: REAL,
    np.cosh: REAL, math.cosh: REAL,
    np.tanh: REAL, math.tanh: REAL,
    np.arcsinh: REAL, math.asinh: REAL,
    np.arccosh: ABOVE_ONE, math.acosh: ABOVE_ONE,
    np.arctanh: UNIT, math.atanh: UNIT,
    np.absolute: REAL, abs: REAL, math.fabs: REAL,
    np.maximum: PAIRS, np.fmax: PAIRS, max: PAIRS,
    np.minimum: PAIRS, np.fmin: PAIRS, min: PAIRS,
    float: REAL, np.float64: REAL,
    np.where: WHERE_POINTS, np.clip: CLIP_POINTS,
    # piecewise constant
    np.sign: REAL, np.heaviside: REAL, np.floor: NON_INTEGER, np.ceil: NON_INTEGER, np.round: NON_INTEGER,
    np.rint: NON_INTEGER, np.trunc: NON_INTEGER, round: NON_INTEGER,
    int: NON_INTEGER, bool: REAL, math.floor: NON_INTEGER, math.ceil: NON_INTEGER,
    math.trunc: NON_INTEGER, len: LEN_POINTS,
    np.size: LEN_POINTS, np.ndim: LEN_POINTS, np.shape: LEN_POINTS,
}


def _mod(a, b):
    return a - b * sympy.floor(a / b)


# The mathematical function of every differentiable key, as a sympy expression builder.
SYMPY = {
    ast.Add: lambda a, b: a + b, np.add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b, np.subtract: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b, np.multiply: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, np.divide: lambda a, b: a / b,
    ast.Pow: lambda a, b: a ** b, np.power: lambda a, b: a ** b, pow: lambda a, b: a ** b,
    ast.Mod: _mod, np.remainder: _mod,
    ast.USub: lambda x: -x, np.negative: lambda x: -x,
    ast.UAdd: lambda x: x, np.positive: lambda x: x,
    np.square: lambda x: x ** 2,
    np.reciprocal: lambda x: 1 / x,
    np.exp: sympy.exp, math.exp: sympy.exp,
    np.expm1: lambda x: sympy.exp(x) - 1, math.expm1: lambda x: sympy.exp(x) - 1,
    np.exp2: lambda x: 2 ** x,
    np.logaddexp: lambda a, b: sympy.log(sympy.exp(a) + sympy.exp(b)),
    np.logaddexp2: lambda a, b: sympy.log(2 ** a + 2 ** b) / sympy.log(2),
    np.log: sympy.log, math.log: sympy.log,
    np.log1p: lambda x: sympy.log(1 + x), math.log1p: lambda x: sympy.log(1 + x),
    np.log2: lambda x: sympy.log(x, 2), math.log2: lambda x: sympy.log(x, 2),
    np.log10: lambda x: sympy.log(x, 10), math.log10: lambda x: sympy.log(x, 10),
    np.sqrt: sympy.sqrt, math.sqrt: sympy.sqrt,
    np.sin: sympy.sin, math.sin: sympy.sin,
    np.cos: sympy.cos, math.cos: sympy.cos,
    np.tan: sympy.tan, math.tan: sympy.tan,
    np.arcsin: sympy.asin, math.asin: sympy.asin,
    np.arccos: sympy.acos, math.acos: sympy.acos,
    np.arctan: sympy.atan, math.atan: sympy.atan,
    np.arctan2: sympy.atan2, math.atan2: sympy.atan2,
    np.sinh: sympy.sinh, math.sinh: sympy.sinh,
    np.cosh: sympy.cosh, math.cosh: sympy.cosh,
    np.tanh: sympy.tanh, math.tanh: sympy.tanh,
    np.arcsinh: sympy.asinh, math.asinh: sympy.asinh,
    np.arccosh: sympy.acosh, math.acosh: sympy.acosh,
    np.arctanh: sympy.atanh, math.atanh: sympy.atanh,
    np.absolute: sympy.Abs, abs: sympy.Abs, math.fabs: sympy.Abs,
    np.maximum: sympy.Max, np.fmax: sympy.Max, max: sympy.Max,
    np.minimum: sympy.Min, np.fmin: sympy.Min, min: sympy.Min,
    float: lambda x: x, np.float64: lambda x: x,
    np.where: lambda c, a, b: sympy.Piecewise((a, c > 0), (b, True)),
    np.clip: lambda x, lo, hi: sympy.Min(sympy.Max(x, lo), hi),
}

APPLY = {
    ast.Add: apply_ast_Add, ast.Sub: apply_ast_Sub, ast.Mult: apply_ast_Mult,
    ast.Div: apply_ast_Div, ast.Pow: apply_ast_Pow, ast.Mod: apply_ast_Mod,
    ast.USub: apply_ast_USub, ast.UAdd: apply_ast_UAdd,
    np.add: apply_np_add, np.subtract: apply_np_subtract, np.multiply: apply_np_multiply,
    np.divide: apply_np_divide, np.power: apply_np_power, pow: apply_pow,
    np.remainder: apply_np_remainder, np.negative: apply_np_negative,
    np.positive: apply_np_positive, np.square: apply_np_square, np.reciprocal: apply_np_reciprocal,
    np.exp: apply_np_exp, math.exp: apply_math_exp,
    np.expm1: apply_np_expm1, math.expm1: apply_math_expm1, np.exp2: apply_np_exp2,
    np.logaddexp: apply_np_logaddexp, np.logaddexp2: apply_np_logaddexp2,
    np.log: apply_np_log, math.log: apply_math_log,
    np.log1p: apply_np_log1p, math.log1p: apply_math_log1p,
    np.log2: apply_np_log2, math.log2: apply_math_log2,
    np.log10: apply_np_log10, math.log10: apply_math_log10,
    np.sqrt: apply_np_sqrt, math.sqrt: apply_math_sqrt,
    np.sin: apply_np_sin, math.sin: apply_math_sin,
    np.cos: apply_np_cos, math.cos: apply_math_cos,
    np.tan: apply_np_tan, math.tan: apply_math_tan,
    np.arcsin: apply_np_arcsin, math.asin: apply_math_asin,
    np.arccos: apply_np_arccos, math.acos: apply_math_acos,
    np.arctan: apply_np_arctan, math.atan: apply_math_atan,
    np.arctan2: apply_np_arctan2, math.atan2: apply_math_atan2,
    np.sinh: apply_np_sinh, math.sinh: apply_math_sinh,
    np.cosh: apply_np_cosh, math.cosh: apply_math_cosh,
    np.tanh: apply_np_tanh, math.tanh: apply_math_tanh,
    np.arcsinh: apply_np_arcsinh, math.asinh: apply_math_asinh,
    np.arccosh: apply_np_arccosh, math.acosh: apply_math_acosh,
    np.arctanh: apply_np_arctanh, math.atanh: apply_math_atanh,
    np.absolute: apply_np_absolute, abs: apply_abs, math.fabs: apply_math_fabs,
    np.maximum: apply_np_maximum, np.fmax: apply_np_fmax, max: apply_max,
    np.minimum: apply_np_minimum, np.fmin: apply_np_fmin, min: apply_min,
    float: apply_float, np.float64: apply_np_float64,
    np.where: apply_np_where, np.clip: apply_np_clip,
}

# Non-differentiable key -> (apply function, the piecewise-constant factor K it multiplies by).
NONDIFF = {
    ast.FloorDiv: (apply_ast_FloorDiv, lambda a, b: a // b),
    np.floor_divide: (apply_np_floor_divide, lambda a, b: np.floor_divide(a, b)),
    ast.Lt: (apply_ast_Lt, lambda a, b: a < b),
    ast.LtE: (apply_ast_LtE, lambda a, b: a <= b),
    ast.Gt: (apply_ast_Gt, lambda a, b: a > b),
    ast.GtE: (apply_ast_GtE, lambda a, b: a >= b),
    ast.Eq: (apply_ast_Eq, lambda a, b: a == b),
    ast.NotEq: (apply_ast_NotEq, lambda a, b: a != b),
    ast.Not: (apply_ast_Not, lambda a, b: not (a > b)),
    np.less: (apply_np_less, np.less),
    np.less_equal: (apply_np_less_equal, np.less_equal),
    np.greater: (apply_np_greater, np.greater),
    np.greater_equal: (apply_np_greater_equal, np.greater_equal),
    np.equal: (apply_np_equal, np.equal),
    np.not_equal: (apply_np_not_equal, np.not_equal),
    np.sign: (apply_np_sign, np.sign),
    np.heaviside: (apply_np_heaviside, lambda x: np.heaviside(x, 0.5)),
    np.floor: (apply_np_floor, np.floor),
    np.ceil: (apply_np_ceil, np.ceil),
    np.round: (apply_np_round, np.round),
    np.rint: (apply_np_rint, np.rint),
    np.trunc: (apply_np_trunc, np.trunc),
    round: (apply_round, round),
    int: (apply_int, int),
    bool: (apply_bool, bool),
    math.floor: (apply_math_floor, math.floor),
    math.ceil: (apply_math_ceil, math.ceil),
    math.trunc: (apply_math_trunc, math.trunc),
    len: (apply_len, lambda x, v: len(v * x)),
    np.size: (apply_np_size, lambda x, v: np.size(v * x)),
    np.ndim: (apply_np_ndim, lambda x, v: np.ndim(v * x)),
    np.shape: (apply_np_shape, lambda x, v: np.shape(v * x)[0]),
}


# --------------------------------------------------------------------------- helpers
def key_id(key) -> str:
    """A readable, unique test id: ``ast.Add``, ``np.sin``, ``math.sin``, ``max``."""
    if isinstance(key, type) and issubclass(key, ast.AST):
        return f"ast.{key.__name__}"
    if getattr(key, "__module__", None) == "_operator":
        return f"operator.{key.__name__}"
    return REGISTRY[key].name


DIFFERENTIABLE = [k for k, p in REGISTRY.items() if p.differentiable]
ELEMENTWISE = [k for k in DIFFERENTIABLE if REGISTRY[k].partials is not None]
VJP_RULES = [k for k in DIFFERENTIABLE if REGISTRY[k].partials is None]
# Non-differentiable values (comparisons, floor, int, len...) are checked here; constructors
# (np.zeros...), index builders (slice, range) and runtime helpers are checked by their own tests.
NON_DIFFERENTIABLE = [k for k, p in REGISTRY.items()
                      if not p.differentiable and (p.family in ("arithmetic", "comparison", "piecewise constant")
                                                   or k in (np.shape, np.ndim, np.size))]
ARRAY_KEYS = [k for k in ELEMENTWISE if not REGISTRY[k].scalar_only]

# Registered rules the lowering cannot reach yet: end-to-end checks are expected to fail until
# it can (strict, so the marker must be removed once they pass).
NOT_YET_REACHABLE: dict = {}
TIE_KEYS = [np.maximum, np.fmax, max, np.minimum, np.fmin, min]
COMPARISON_PARTIALS = {np.maximum, np.fmax, max, np.minimum, np.fmin, min}
# Partials that are indicators of a condition (np.where's branch, np.clip's bounds): sympy cannot
# evaluate them on symbols; their ties and bounds are checked in test_reductions.py instead.
INDICATOR_PARTIALS = {np.where, np.clip}


def _marks(key, end_to_end):
    if end_to_end and key in NOT_YET_REACHABLE:
        return [pytest.mark.xfail(reason=NOT_YET_REACHABLE[key], strict=True)]
    return []


def point_cases(selected, end_to_end=True):
    return [pytest.param(key, point, id=f"{key_id(key)}-{point_id(point)}", marks=_marks(key, end_to_end))
            for key in selected for point in DOMAINS.get(key, [])]


def point_id(point):
    return ",".join(f"array{np.shape(p)}" if isinstance(p, np.ndarray) else repr(p) for p in point)


def keys(selected, end_to_end=True):
    return [pytest.param(key, id=key_id(key), marks=_marks(key, end_to_end)) for key in selected]


def gradient(fn, point):
    """``transpiler.grad`` with respect to every parameter: always a tuple of gradients."""
    return transpiler.grad(fn, wrt=tuple(range(len(point))))(*point)


def perturbed(args, i, index, delta):
    """``args`` with element ``index`` of argument ``i`` moved by ``delta`` (a fresh copy)."""
    args = list(args)
    x = args[i]
    if isinstance(x, np.ndarray):
        x = x.astype(float)          # also makes a contiguous copy; callers keep their layout
        x[index] += delta
    else:
        x = x + delta
    args[i] = x
    return args


def numeric_gradient(g, args):
    """Central finite differences of scalar ``g`` w.r.t. every element of every argument."""
    grads = []
    for i, x in enumerate(args):
        out = np.zeros(np.shape(x))
        for index in np.ndindex(np.shape(x)):
            h = 1e-6 * max(1.0, abs(float(np.asarray(x)[index])))
            hi = g(*perturbed(args, i, index, h))
            lo = g(*perturbed(args, i, index, -h))
            out[index] = (float(hi) - float(lo)) / (2 * h)
        grads.append(out)
    return grads


def symbols(n):
    if n == 1:
        return (sympy.Symbol("x", real=True),)
    return sympy.symbols("a b c", real=True)[:n]


def zero_floor_derivatives(expr):
    """floor is piecewise constant: its (unevaluated) derivative is 0 wherever it exists."""
    return expr.replace(
        lambda e: isinstance(e, sympy.Derivative) and e.expr.func is sympy.floor,
        lambda e: sympy.S.Zero).doit()


def sympy_derivative(key, index):
    syms = symbols(REGISTRY[key].arity)
    return syms, zero_floor_derivatives(sympy.diff(SYMPY[key](*syms), syms[index]))


def vjp(fn, args, seed):
    """(value, gradients) of the generated reverse-mode code of ``fn`` with output adjoint ``seed``.

    ``grad`` insists on a scalar output, and there is no reduction rule yet, so array tests call
    the compiled gradient directly: its trailing parameter is the adjoint of the output.
    """
    spec = GradientSpec(tuple(range(len(args))), tuple_output=True, returns_value=True,
                        arg_shapes=tuple(shape_of(a) for a in args))
    compiled = pipeline.compiled(fn, spec)
    return compiled.function(*args, seed, **compiled.free_values())


def lowered_primitives(fn):
    return [stmt.prim for stmt in pipeline.lowered(fn).body]


# --------------------------------------------------------------------------- coverage of the tables
def test_every_registered_rule_has_a_check():
    # rules declared by a VJP (arrays) are checked in test_array_rules.py
    missing_domain = [key_id(k) for k in ELEMENTWISE + NON_DIFFERENTIABLE if k not in DOMAINS]
    missing_sympy = [key_id(k) for k in ELEMENTWISE if k not in SYMPY]
    missing_apply = [key_id(k) for k in ELEMENTWISE if k not in APPLY]
    missing_nondiff = [key_id(k) for k in NON_DIFFERENTIABLE if k not in NONDIFF]
    assert missing_domain == [], "add sample points to DOMAINS"
    assert missing_sympy == [], "add the sympy function to SYMPY"
    assert missing_apply == [], "add an apply_* function to APPLY"
    assert missing_nondiff == [], "add an apply_* function and its constant factor to NONDIFF"


def test_check_tables_name_only_registered_rules():
    stale = [repr(k) for table in (DOMAINS, SYMPY, APPLY, NONDIFF) for k in table if k not in REGISTRY]
    assert stale == []
    assert not set(APPLY) & set(NONDIFF)
    assert all(REGISTRY[k].differentiable for k in APPLY)


def test_each_rule_has_a_distinct_test_id():
    ids = [key_id(k) for k in REGISTRY]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("key", keys(ELEMENTWISE + NON_DIFFERENTIABLE))
def test_apply_function_lowers_to_its_rule(key):
    """Guards the tables: the function checked for a key really applies that key's primitive."""
    fn = APPLY[key] if key in APPLY else NONDIFF[key][0]
    if key is ast.UAdd:
        # Lowering drops unary plus (``+x`` is ``x``): the registered UAdd rule is never reached.
        assert lowered_primitives(fn) == []
    else:
        assert REGISTRY[key] in lowered_primitives(fn)


@pytest.mark.parametrize("key", keys(ELEMENTWISE, end_to_end=False))
def test_elementwise_rule_has_one_partial_per_argument(key):
    prim = REGISTRY[key]
    assert len(prim.partials.params) == prim.arity
    assert len(prim.partials.exprs()) == prim.arity


# --------------------------------------------------------------------------- scalar gradients
@pytest.mark.parametrize("key, point", point_cases(ELEMENTWISE))
def test_gradient_matches_finite_differences(key, point):
    fn = APPLY[key]
    got = gradient(fn, point)
    expected = numeric_gradient(fn, point)
    assert len(got) == len(point)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("key, point", point_cases(ELEMENTWISE))
def test_gradient_matches_sympy_derivative(key, point):
    got = gradient(APPLY[key], point)
    for i in range(len(point)):
        syms, derivative = sympy_derivative(key, i)
        exact = float(derivative.subs(dict(zip(syms, map(sympy.Float, point)))).evalf(30))
        np.testing.assert_allclose(got[i], exact, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("key", keys(TIE_KEYS))
def test_max_min_tie_splits_the_derivative_evenly(key):
    assert gradient(APPLY[key], (1.3, 1.3)) == (0.5, 0.5)


@pytest.mark.parametrize("key", keys([np.absolute, abs, math.fabs]))
def test_abs_derivative_at_zero_is_zero(key):
    # np.sign(0) == 0: the symmetric subgradient, like the even split at max/min ties.
    assert gradient(APPLY[key], (0.0,)) == (0.0,)


# --------------------------------------------------------------------------- constant arguments
CONSTANT_ARGUMENT_CASES = [
    (square_by_pow, -1.5), (square_by_pow, 0.0), (pow_negative_exponent, 2.0),
    (pow_zero_exponent, 1.7), (constant_base_pow, 1.5), (cube_by_builtin_pow, -2.0),
    (divide_by_negative_constant, 1.0), (constant_over_x, 2.0), (constant_minus_x, 1.0),
    (negated_square, 3.0), (x_times_itself, -3.0), (relu, -1.0), (relu, 2.0), (scalar_relu, -1.0),
    (scalar_relu, 2.0), (clip_above, 0.5), (clip_above, 3.0), (mod_constant, 3.3),
    (mod_constant, -0.7), (angle_of, 0.5), (angle_of, -0.5),
]


@pytest.mark.parametrize("fn, x", [pytest.param(f, x, id=f"{f.__name__}({x})")
                                   for f, x in CONSTANT_ARGUMENT_CASES])
def test_rule_with_a_constant_argument_matches_finite_differences(fn, x):
    got = transpiler.grad(fn)(x)
    np.testing.assert_allclose(got, numeric_gradient(fn, [x])[0], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("fn", [relu, scalar_relu])
def test_relu_at_zero_takes_half_the_derivative(fn):
    assert transpiler.grad(fn)(0.0) == 0.5


GLOBAL_EXPONENT = 0.0


def power_with_a_global_exponent(x):
    return np.power(x, GLOBAL_EXPONENT)


def power_with_a_global_exponent_operator(x):
    return x ** GLOBAL_EXPONENT


def summed_power(x):
    return np.sum(np.power(x, GLOBAL_EXPONENT))


def summed_operator(x):
    return np.sum(x ** GLOBAL_EXPONENT)


@pytest.mark.parametrize("fn, x", [
    (power_with_a_global_exponent, 0.0), (power_with_a_global_exponent, np.float64(0.0)),
    (power_with_a_global_exponent_operator, 0.0), (power_with_a_global_exponent_operator, np.float64(0.0)),
    (summed_power, np.zeros(3)), (summed_operator, np.zeros(3))])
def test_derivative_of_x_to_a_zero_exponent_read_at_call_time_is_zero_at_zero(fn, x):
    # regression: b * x ** (b - 1) is 0 * inf = nan at x == 0 (a ZeroDivisionError on Python floats)
    with np.errstate(divide="raise", invalid="raise"):
        got = transpiler.grad(fn)(x)
    assert np.all(np.asarray(got) == 0.0)


def test_numpy_power_of_a_negative_python_float_has_numpy_semantics():
    # np.power(-1.0, 0.5) is nan in NumPy; the derivative must not be Python's complex (-1.0) ** -0.5
    with np.errstate(invalid="ignore"):
        got = transpiler.grad(power_half)(-1.0)
    assert isinstance(got, float) and np.isnan(got)


def power_half(x):
    return np.power(x, 0.5)


def test_derivative_of_x_to_the_zero_at_zero_is_zero():
    # regression: the partial 0 * x ** -1 used to be evaluated (ZeroDivisionError)
    assert transpiler.grad(pow_zero_exponent)(0.0) == 0.0


@pytest.mark.parametrize("key", keys([ast.Pow, np.power, pow]))
def test_derivative_of_power_wrt_exponent_at_zero_base_is_zero(key):
    # regression: the exponent's partial y * log(a) used to be 0 * -inf = nan at a == 0
    with np.errstate(divide="raise", invalid="raise"):
        got = gradient(APPLY[key], (0.0, 2.0))
    assert got == (0.0, 0.0)


# --------------------------------------------------------------------------- partial templates
class _SympyNumpy:
    """Stands in for ``np`` when a rule template is evaluated on sympy symbols."""

    functions = {"cos": sympy.cos, "sin": sympy.sin, "log": sympy.log, "sqrt": sympy.sqrt,
                 "sinh": sympy.sinh, "cosh": sympy.cosh, "sign": sympy.sign,
                 "floor": sympy.floor, "exp": sympy.exp, "exp2": lambda x: 2 ** x, "tan": sympy.tan, "power": lambda a, b: a ** b,
                 "where": lambda c, x, y: (x if c else y) if isinstance(c, bool) else sympy.Piecewise((x, c), (y, True))}

    def __getattr__(self, name):
        try:
            return self.functions[name]
        except KeyError:
            raise AttributeError(f"no sympy counterpart for np.{name}: add it to _SympyNumpy") from None


def template_value(key, index, namespace):
    source = ast.unparse(REGISTRY[key].partials.exprs()[index])
    return eval(source, namespace)


# Substitutions that put a symbol inside a domain sympy cannot infer from real=True alone.
_T = sympy.Symbol("t", positive=True)
_SYMBOLIC_DOMAIN = {
    np.arccosh: lambda x: {x: 1 + _T}, math.acosh: lambda x: {x: 1 + _T},
    np.power: lambda a, b: {a: _T}, ast.Pow: lambda a, b: {a: _T}, pow: lambda a, b: {a: _T},
}


@pytest.mark.parametrize("key", keys([k for k in ELEMENTWISE
                                      if k not in COMPARISON_PARTIALS | INDICATOR_PARTIALS]))
def test_partial_template_equals_symbolic_derivative(key):
    prim = REGISTRY[key]
    syms = symbols(prim.arity)
    output = SYMPY[key](*syms)
    namespace = {"np": _SympyNumpy(), "y": output, **dict(zip(prim.partials.params, syms))}
    substitution = _SYMBOLIC_DOMAIN.get(key, lambda *s: {})(*syms)
    for i, arg in enumerate(syms):
        partial = sympy.sympify(template_value(key, i, namespace))
        reference = zero_floor_derivatives(sympy.diff(output, arg))
        difference = (partial - reference).subs(substitution)
        assert sympy.simplify(difference) == 0, (i, partial, reference)


@pytest.mark.parametrize("key", keys(sorted(COMPARISON_PARTIALS, key=key_id)))
def test_max_min_partial_template_is_indicator_with_even_split(key):
    prim = REGISTRY[key]
    picks_first = key in (np.maximum, np.fmax, max)
    for a, b in DOMAINS[key] + [(1.3, 1.3)]:
        namespace = {"np": np, "a": a, "b": b, "y": np.maximum(a, b) if picks_first else np.minimum(a, b)}
        partials = [template_value(key, i, namespace) for i in range(2)]
        if a == b:
            expected = [0.5, 0.5]
        else:
            first = (a > b) if picks_first else (a < b)
            expected = [float(first), float(not first)]
        assert partials == expected


# --------------------------------------------------------------------------- VJP-rule templates
# --------------------------------------------------------------------------- arrays (VJP)
def values(key, i, shape, layout="C"):
    """An array of ``shape`` filled with the key's sample values for argument ``i``.

    ``shape`` None gives a Python float; layout "T" a transposed (non-contiguous) view; "strided"
    every other element of a larger array.
    """
    vals = np.array([p[i] for p in DOMAINS[key]], dtype=float)
    if shape is None:
        return float(vals[0])
    size = int(np.prod(shape))
    if layout == "T":
        out = np.resize(vals, size).reshape(shape[::-1]).T
    elif layout == "strided":
        out = np.resize(vals, 2 * size)[::2].reshape(shape)
    else:
        out = np.resize(vals, size).reshape(shape)
    assert out.shape == tuple(shape)
    if layout != "C":
        assert not out.flags.c_contiguous
    return out


UNARY_SHAPES = [
    pytest.param((3,), "C", id="(3,)"),
    pytest.param((2, 3), "C", id="(2,3)"),
    pytest.param((), "C", id="0-d"),
    pytest.param((2, 3), "T", id="(2,3)-transposed"),
    pytest.param((3,), "strided", id="(3,)-strided"),
]

BINARY_SHAPES = [
    pytest.param(((3,), "C"), ((3,), "C"), id="(3,)+(3,)"),
    pytest.param(((2, 3), "C"), ((3,), "C"), id="(2,3)+(3,)"),
    pytest.param(((3,), "C"), ((2, 3), "C"), id="(3,)+(2,3)"),
    pytest.param(((2, 1), "C"), ((1, 3), "C"), id="(2,1)+(1,3)"),
    pytest.param(((), "C"), ((), "C"), id="0-d+0-d"),
    pytest.param(((), "C"), ((2, 3), "C"), id="0-d+(2,3)"),
    pytest.param((None, "C"), ((3,), "C"), id="float+(3,)"),
    pytest.param(((2, 3), "C"), (None, "C"), id="(2,3)+float"),
    pytest.param(((2, 3), "T"), ((3,), "C"), id="(2,3)-transposed+(3,)"),
    pytest.param(((3,), "strided"), ((2, 3), "T"), id="(3,)-strided+(2,3)-transposed"),
]


def check_vjp(fn, args):
    value = fn(*args)
    seed = np.random.default_rng(0).uniform(0.5, 1.5, np.shape(value))
    got_value, got = vjp(fn, args, seed)
    np.testing.assert_allclose(got_value, value, rtol=1e-15)
    expected = numeric_gradient(lambda *xs: np.sum(seed * fn(*xs)), args)
    for arg, g, e in zip(args, got, expected):
        assert np.shape(g) == np.shape(arg)
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("shape, layout", UNARY_SHAPES)
@pytest.mark.parametrize("key", keys([k for k in ARRAY_KEYS if REGISTRY[k].arity == 1]))
def test_unary_vjp_on_arrays_matches_finite_differences(key, shape, layout):
    check_vjp(APPLY[key], [values(key, 0, shape, layout)])


@pytest.mark.parametrize("first, second", BINARY_SHAPES)
@pytest.mark.parametrize("key", keys([k for k in ARRAY_KEYS if REGISTRY[k].arity == 2]))
def test_binary_vjp_sums_gradient_over_broadcast_axes(key, first, second):
    check_vjp(APPLY[key], [values(key, 0, *first), values(key, 1, *second)])


TERNARY_SHAPES = [
    pytest.param(((3,), "C"), ((3,), "C"), ((3,), "C"), id="(3,)+(3,)+(3,)"),
    pytest.param(((2, 3), "C"), ((3,), "C"), ((2, 1), "C"), id="(2,3)+(3,)+(2,1)"),
    pytest.param(((2, 3), "T"), (None, "C"), (None, "C"), id="(2,3)-transposed+float+float"),
    pytest.param(((), "C"), ((2, 3), "C"), ((3,), "strided"), id="0-d+(2,3)+(3,)-strided"),
    pytest.param(((), "C"), ((), "C"), ((), "C"), id="0-d+0-d+0-d"),
]


@pytest.mark.parametrize("first, second, third", TERNARY_SHAPES)
@pytest.mark.parametrize("key", keys([k for k in ARRAY_KEYS if REGISTRY[k].arity == 3]))
def test_ternary_vjp_sums_gradient_over_broadcast_axes(key, first, second, third):
    check_vjp(APPLY[key], [values(key, 0, *first), values(key, 1, *second), values(key, 2, *third)])


@pytest.mark.parametrize("key", keys([ast.Mult, np.multiply, ast.Add, np.add]))
def test_scalar_broadcast_against_array_gets_the_summed_gradient(key):
    x = np.array([[0.3, -1.2, 2.5], [1.1, -0.4, 2.0]])
    seed = np.ones_like(x)
    _, (d_c, d_x) = vjp(APPLY[key], [1.5, x], seed)
    assert np.shape(d_c) == ()
    expected = np.sum(x) if key in (ast.Mult, np.multiply) else x.size
    np.testing.assert_allclose(d_c, expected, rtol=1e-15)


@pytest.mark.parametrize("key", keys([k for k in TIE_KEYS if k in ARRAY_KEYS]))
def test_max_min_array_ties_split_evenly_elementwise(key):
    a = np.array([1.0, 2.0, 3.0])
    b = np.array([1.0, 0.0, 4.0])
    seed = np.array([2.0, 3.0, 5.0])
    _, (d_a, d_b) = vjp(APPLY[key], [a, b], seed)
    first = [0.5, 1.0, 0.0] if key in (np.maximum, np.fmax) else [0.5, 0.0, 1.0]
    np.testing.assert_array_equal(d_a, seed * first)
    np.testing.assert_array_equal(d_b, seed * (1 - np.array(first)))


# --------------------------------------------------------------------------- non-differentiable
@pytest.mark.parametrize("key, point", point_cases(NON_DIFFERENTIABLE))
def test_piecewise_constant_factor_is_treated_as_constant(key, point):
    fn, factor = NONDIFF[key]
    got = gradient(fn, point)
    expected = [float(factor(*point))] + [np.zeros(np.shape(p)) for p in point[1:]]
    for g, e in zip(got, expected):
        assert np.shape(g) == np.shape(e)
        np.testing.assert_array_equal(g, e)
    for g, e in zip(got, numeric_gradient(fn, point)):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-8)


def test_gradient_through_only_a_piecewise_constant_op_is_zero():
    assert transpiler.grad(only_floor)(2.3) == 0.0
    assert transpiler.grad(only_comparison, wrt=(0, 1))(0.3, 1.1) == (0.0, 0.0)
