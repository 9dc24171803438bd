"""Arithmetic: the operators and their NumPy ufunc spellings.

Each rule returns ∂y/∂arg for every argument, in argument order; ``y`` names the output.
"""
import ast

import numpy as np

from .registry import dotted, elementwise, nondifferentiable

FAMILY = "arithmetic"


@elementwise(ast.Add, np.add, family=FAMILY, sympy=lambda sp, a, b: a + b)
def add(a, b):
    return 1, 1


@elementwise(ast.Sub, np.subtract, family=FAMILY, sympy=lambda sp, a, b: a - b)
def subtract(a, b):
    return 1, -1


@elementwise(ast.Mult, np.multiply, family=FAMILY, sympy=lambda sp, a, b: a * b)
def multiply(a, b):
    return b, a


def _divide_by_scalar(site, index, d_y):
    """``a / b`` with a scalar ``b`` and an array ``a``: ``d_b = -np.vdot(d_y, y) / b``, one pass
    instead of forming ``d_y * (-y / b)`` and summing it."""
    shape = site.out_shape
    if index != 1 or site.arg_shapes[1] != () or not isinstance(shape, tuple) or len(shape) == 0:
        return None
    product = ast.Call(func=dotted("np.vdot"), args=[d_y, site.out], keywords=[])
    return ast.BinOp(left=ast.UnaryOp(op=ast.USub(), operand=product), op=ast.Div(), right=site.args[1])


@elementwise(ast.Div, np.divide, family=FAMILY, specialized=_divide_by_scalar, sympy=lambda sp, a, b: a / b)
def divide(a, b, y):
    return 1 / b, -y / b


@elementwise(ast.Pow, pow, family=FAMILY, sympy=lambda sp, a, b: a ** b)
def power(a, b, y):
    # d/da a**b = b a**(b-1), which is 0 for b == 0 everywhere, a == 0 included (not 0 * inf:
    # the exponent b - 1 is replaced there); the where folds away for a constant exponent.
    # d/db a**b = a**b log(a); at a == 0 the limit (b > 0) is 0, not 0 * -inf
    return b * a ** np.where(b == 0, 1, b - 1), y * np.log(np.where(a == 0, 1.0, a))


@elementwise(np.power, family=FAMILY, sympy=lambda sp, a, b: a ** b)
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
# Bitwise logic (masks such as (x > 0) & (x < 1)) and identity tests carry no derivative.
nondifferentiable(ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift, ast.Invert, family="logic")
nondifferentiable(np.logical_and, np.logical_or, np.logical_not, np.logical_xor, family="logic", result_kind="b1")
nondifferentiable(ast.Is, ast.IsNot, family="logic", shape_rule="scalar")
# Truth tests of whole arrays (x.any(), np.all(x > 0, axis=1)): booleans, no derivative.
nondifferentiable(np.any, np.all, family="logic", shape_rule=None, result_kind="b1")
nondifferentiable(ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, family="comparison", result_kind="b1")
nondifferentiable(np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal,
                  np.isnan, np.isinf, np.isfinite, family="comparison", result_kind="b1")
