"""Arithmetic: the operators and their NumPy ufunc spellings.

Each rule returns ∂y/∂arg for every argument, in argument order; ``y`` names the output.
"""
import ast
import math

import numpy as np

from ..ir import Const
from ..ir.algebra import is_negation
from .registry import dotted, elementwise, nondifferentiable

FAMILY = "arithmetic"


@elementwise(ast.Add, np.add, family=FAMILY, sympy=lambda sp, a, b: a + b)
def add(a, b):
    return 1, 1


@elementwise(ast.Sub, np.subtract, family=FAMILY, sympy=lambda sp, a, b: a - b)
def subtract(a, b):
    return 1, -1


def _number_times_array(site, index, d_y):
    """``s * a`` (or ``a * s``) with ``s`` a number and ``a`` of the output's shape: ``d_s =
    np.vdot(d_y, a)``, one pass and no array the size of ``a`` (where ``(d_y * a).sum()`` makes
    one: the jitter or noise ``c * np.eye(n)`` added to a kernel matrix, a scale of a model)."""
    shape, arg_shapes = site.out_shape, site.arg_shapes
    if not isinstance(shape, tuple) or len(shape) == 0 or len(arg_shapes) != 2 or arg_shapes[index] != () \
            or tuple(arg_shapes[1 - index] or ()) != shape:
        return None
    negated = is_negation(d_y)       # (-g).vdot would negate the large array: flip the sign after
    product = ast.Call(func=dotted("np.vdot"), args=[d_y.operand if negated else d_y, site.args[1 - index]],
                       keywords=[])
    return ast.UnaryOp(op=ast.USub(), operand=product) if negated else product


@elementwise(ast.Mult, np.multiply, family=FAMILY, specialized=_number_times_array, sympy=lambda sp, a, b: a * b)
def multiply(a, b):
    return b, a


def _divide_by_scalar(site, index, d_y):
    """``a / b`` with ``b`` a number, or an array broadcast along some axes of the output
    (``e / e.sum(axis=1, keepdims=True)``): ``b`` is constant along them, so ``d_b =
    -sum(d_y * y) / b`` summed over them, dividing the reduced array instead of forming
    ``d_y * (-y / b)`` and summing it (``-np.vdot(d_y, y) / b`` for a number: one pass)."""
    shape, b_shape = site.out_shape, site.arg_shapes[1]
    if index != 1 or not isinstance(shape, tuple) or len(shape) == 0 or not isinstance(b_shape, tuple):
        return None
    if b_shape == ():
        product = ast.Call(func=dotted("np.vdot"), args=[d_y, site.out], keywords=[])
    else:
        negated = is_negation(d_y)       # (-g * y).sum() would negate the large array: flip the sign after
        g = d_y.operand if negated else d_y
        product = _summed_to(ast.BinOp(left=g, op=ast.Mult(), right=site.out), shape, b_shape)
        if product is None:
            return None
        if negated:
            return ast.BinOp(left=product, op=ast.Div(), right=site.args[1])
    return ast.BinOp(left=ast.UnaryOp(op=ast.USub(), operand=product), op=ast.Div(), right=site.args[1])


def _summed_to(value: ast.expr, shape: tuple, target: tuple) -> ast.expr | None:
    """``value`` (of ``shape``) summed over the axes ``target`` is broadcast along: all leading
    axes it lacks, or axes of length one it keeps (not both); None otherwise (or when nothing is
    broadcast: the general rule is as good)."""
    lead = len(shape) - len(target)
    if not all(isinstance(n, int) for n in (*shape, *target)) or lead < 0:
        return None
    if lead:
        if tuple(shape[lead:]) != tuple(target):
            return None
        axes, keep = tuple(range(lead)), False
    else:
        if any(t not in (1, n) for t, n in zip(target, shape)):
            return None
        axes, keep = tuple(i for i, (t, n) in enumerate(zip(target, shape)) if t == 1 and n != 1), True
    if not axes:
        return None
    keywords = [ast.keyword(arg="axis", value=ast.Constant(axes if len(axes) > 1 else axes[0]))]
    if keep:
        keywords.append(ast.keyword(arg="keepdims", value=ast.Constant(True)))
    return ast.Call(func=ast.Attribute(value=value, attr="sum", ctx=ast.Load()), args=[], keywords=keywords)


@elementwise(ast.Div, np.divide, family=FAMILY, specialized=_divide_by_scalar, sympy=lambda sp, a, b: a / b)
def divide(a, b, y):
    return 1 / b, -y / b


@elementwise(ast.Pow, pow, family=FAMILY, sympy=lambda sp, a, b: a ** b)
def power(a, b, y):
    # d/da a**b = b a**(b-1), which is 0 for b == 0 everywhere, a == 0 included (not 0 * inf:
    # the exponent b - 1 is replaced there); the where folds away for a constant exponent.
    # d/db a**b = a**b log(a); at a == 0 the limit (b > 0) is 0, not 0 * -inf
    return b * a ** np.where(b == 0, 1, b - 1), y * np.log(np.where(a == 0, 1.0, a))


@elementwise(np.power, math.pow, family=FAMILY, sympy=lambda sp, a, b: a ** b)
def numpy_power(a, b, y):
    # as for a ** b, but computed as the user's spelling computes: np.power of a negative Python
    # float to a fractional power is nan (NumPy), where ** gives a complex number (Python)
    return b * np.power(a, np.where(b == 0, 1, b - 1)), y * np.log(np.where(a == 0, 1.0, a))


def floor_quotient(a, b) -> int:
    """``floor(a / b)`` exactly as Python's and NumPy's ``%`` use it: ``a % b == a - b * q``
    (0 where that is not finite)."""
    with np.errstate(all="ignore"):
        q = (a - np.mod(a, b)) / b
    return int(round(float(q))) if np.isfinite(q) else 0


def modulo_in_sympy(sp, a, b, num=None):
    """``a % b`` is ``a - b * floor(a / b)``; given the numeric arguments ``num``, the floor (a
    piecewise constant) is the number it is there."""
    quotient = sp.floor(a / b) if num is None else sp.Integer(floor_quotient(*num))
    return a - b * quotient


@elementwise(ast.Mod, np.mod, family=FAMILY, sympy=modulo_in_sympy)
def mod(a, b):
    # a % b == a - b * floor(a / b); the floor is piecewise constant
    return 1, -np.floor(a / b)


@elementwise(ast.USub, np.negative, family=FAMILY, sympy=lambda sp, x: -x)
def negative(x):
    return -1


@elementwise(ast.UAdd, np.positive, family=FAMILY, sympy=lambda sp, x: x)
def positive(x):
    return 1


@elementwise(np.square, family=FAMILY, sympy=lambda sp, x: x ** 2)
def square(x):
    return 2 * x


@elementwise(np.reciprocal, family=FAMILY, sympy=lambda sp, x: 1 / x)
def reciprocal(x, y):
    return -y * y


# Integer division and comparisons are piecewise constant: zero derivative everywhere they have one.
nondifferentiable(ast.FloorDiv, np.floor_divide, family=FAMILY)
nondifferentiable(ast.Not, family="comparison", result_kind="b1")


def _of_two_values(args) -> bool:
    """``a is b`` tells two computed values apart; ``x is None`` compares with a constant, which no
    sharing of values changes."""
    return not any(isinstance(a, Const) for a in args)


# Bitwise logic (masks such as (x > 0) & (x < 1)) and identity tests carry no derivative.
nondifferentiable(ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift, ast.Invert, family="logic")
nondifferentiable(np.logical_and, np.logical_or, np.logical_not, np.logical_xor, family="logic", result_kind="b1")
nondifferentiable(ast.Is, ast.IsNot, family="logic", shape_rule="scalar", observes_identity=_of_two_values)
# Membership (`k not in keys`, `x in (1.0, 2.0)`): a truth value, run as Python runs it.
nondifferentiable(ast.In, ast.NotIn, family="logic", shape_rule="scalar", result_kind="b1")
# Truth tests of whole arrays (x.any(), np.all(x > 0, axis=1)): booleans, no derivative.
nondifferentiable(np.any, np.all, family="logic", shape_rule=None, result_kind="b1")
nondifferentiable(ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, family="comparison", result_kind="b1")
nondifferentiable(np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal,
                  np.isnan, np.isinf, np.isfinite, family="comparison", result_kind="b1")
