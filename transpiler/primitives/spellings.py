"""Array methods and attributes the frontend reads as the NumPy functions they spell
(``x.sum()`` is ``np.sum(x)``, ``x.T`` is ``np.transpose(x)``)."""
import ast
import operator

import numpy as np

from .fields import dtype_of

METHODS = {name: getattr(np, name) for name in (
    "sum", "mean", "prod", "max", "min", "var", "std", "dot", "clip", "ravel", "squeeze",
    "transpose", "reshape", "copy", "cumsum", "trace", "repeat", "swapaxes", "diagonal", "cumprod",
    "argmax", "argmin", "argsort", "nonzero", "round", "any", "all", "take", "choose", "searchsorted")}
METHODS.update(conj=np.conj, conjugate=np.conj)
METHODS["item"] = float           # x.sum().item(): the number (of a one-element array), as float(x)
METHODS["flatten"] = np.ravel     # same values (generated code never writes into arrays)
METHODS["tolist"] = np.ndarray.tolist     # (primitives/lists.py: list(x), a list of rows' lists)
SHAPE_METHODS = {"reshape", "transpose"}
ATTRIBUTES = {"T": np.transpose, "shape": np.shape, "ndim": np.ndim, "size": np.size,
              "real": np.real, "imag": np.imag, "dtype": dtype_of}

# Functions of the operator module: each is the operator of the same meaning, with its rule
# (``operator.add(a, b)`` is ``a + b``, ``functools.reduce(operator.mul, xs)`` multiplies).
OPERATOR_FUNCTIONS = {
    operator.add: ast.Add, operator.sub: ast.Sub, operator.mul: ast.Mult, operator.truediv: ast.Div,
    operator.floordiv: ast.FloorDiv, operator.mod: ast.Mod, operator.pow: ast.Pow,
    operator.matmul: ast.MatMult, operator.neg: ast.USub, operator.pos: ast.UAdd, operator.not_: ast.Not,
    operator.lt: ast.Lt, operator.le: ast.LtE, operator.gt: ast.Gt, operator.ge: ast.GtE,
    operator.eq: ast.Eq, operator.ne: ast.NotEq, operator.is_: ast.Is, operator.is_not: ast.IsNot,
    operator.and_: ast.BitAnd, operator.or_: ast.BitOr, operator.xor: ast.BitXor,
    operator.lshift: ast.LShift, operator.rshift: ast.RShift, operator.invert: ast.Invert,
    operator.abs: abs, operator.getitem: ast.Subscript,
}
