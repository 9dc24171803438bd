"""Python's numbers are weak, NumPy's are strong (NEP 50, NumPy 2): ``x32 - 0.5 * beta`` is
float32 where ``beta`` is a Python float (a keyword default, a closure's constant, an argument)
and float64 where it is an ``np.float64`` or a 0-d array, as JAX's weak types.

A Python float argument or free value has the kind ``"float"`` (api/numbers.py ``kind_of``), an
``np.float64`` ``"f8"``: the call key and the compiled code's key tell them apart, so code made
for the one never runs for the other. Inside the kinds analysis (analysis/kinds.py) a value that
is certainly a Python number carries :data:`WEAK_FLOAT` or :data:`WEAK_INT`: such an input, a
constant copied into a name, Python's operators on Python numbers, ``len``, ``float``, ``int``
and ``math``'s functions. What the analysis hands out is the dtype NumPy computes such a number
in (``"f8"``, ``"i8"``: :func:`strong`), as before; what reads the difference is float32 code
(:func:`keeps_float32`, :func:`selected_kind`): NumPy cannot tell a Python float held by a name
from the same float written as a literal, so a weak value is taken as a literal number is, but
for its size (a literal past float32's range is only taken where NumPy 1's value-based casting
would keep float32 too; a weak value's size is unknown: taken only where NumPy is NEP 50's).
A value that may be either (a merge of a Python float and an ``np.float64``) is strong."""
from __future__ import annotations

import ast
import math

import numpy as np

from ..ir.nodes import Assign, Const, Var
from ..primitives.registry import spelled_as, spelled_in

WEAK_FLOAT, WEAK_INT = "float", "int"       # a Python float, a Python int (bool: no matter, a mask never widens)
_STRONG = {WEAK_FLOAT: "f8", WEAK_INT: "i8"}
_WEAKENED = {strong: weak for weak, strong in _STRONG.items()}

# Does the installed NumPy keep a Python number weak whatever its value (NEP 50)? NumPy 1's
# value-based casting makes float64 of a float32 array and a float it cannot hold.
NUMBERS_WEAK = np.result_type(np.float32, 1e300) == np.float32

FLOAT32_MAX = 3.4028234663852886e38

# Python's functions whose result is a Python number whatever their argument (``float(x)`` of an
# np.float64 too); not ``np.float64(x)`` (strong), not ``round``/``abs`` (an np.float64's is one)
_PYTHON_RESULTS = (len, float, int, math.exp, math.expm1, math.log, math.log1p, math.log2, math.log10, math.sqrt,
                   math.sin, math.cos, math.tan, math.asin, math.acos, math.atan, math.atan2, math.sinh, math.cosh,
                   math.tanh, math.asinh, math.acosh, math.atanh, math.hypot, math.pow, math.erf, math.erfc,
                   math.fabs, math.copysign, math.degrees, math.radians)


def strong(kind: str | None) -> str | None:
    """The dtype NumPy computes a value of this kind in: a Python float's ``"f8"``."""
    return _STRONG.get(kind, kind)


def weak(kind: str | None) -> bool:
    """Is this the kind of a Python number (weak in NumPy's promotion)?"""
    return kind in _STRONG


def narrow_kinds(kinds) -> bool:
    """Is one of these kinds a float or complex dtype narrower than float64 (``"f4"``, ``"f2"``,
    ``"c8"``): what a Python number keeps narrow where an np.float64 widens it?"""
    return any(kind is not None and kind[:1] in ("f", "c") and kind[1:].isdigit()
               and int(kind[1:]) < (8 if kind[0] == "f" else 16) for kind in kinds)


def constant_kind(value) -> str | None:
    """The weak kind of a Python float or int constant (None for others: a bool, a tuple)."""
    return WEAK_FLOAT if type(value) is float else WEAK_INT if type(value) is int else None


def weakened(stmt: Assign, found: str | None, raw) -> str | None:
    """``found`` (the dtype :mod:`kinds` worked out for ``stmt``), as a weak kind where what
    ``stmt`` binds is certainly a Python number: Python's operators on Python numbers alone
    (``0.5 * beta``, ``-beta``, ``n / 2``), ``len``, ``float``, ``int`` and ``math``'s functions.
    ``raw``: an operand's kind, weak where it is a Python number."""
    if found not in _WEAKENED:
        return found
    prim = stmt.prim
    if spelled_as(prim, *_PYTHON_RESULTS):
        return _WEAKENED[found]
    operator = prim.spelling.unaryop is not None or prim.spelling.binop not in (None, ast.MatMult)
    if operator and stmt.args and not stmt.kwargs and all(weak(raw(a)) for a in stmt.args):
        return _WEAKENED[found]
    return found


def _as_number(atom, raw) -> bool:
    """Does NumPy take ``atom`` as a weak Python number that float32 holds (a literal
    within float32's range; a name holding a Python number where NumPy is NEP 50's)?"""
    if isinstance(atom, Const):
        return type(atom.value) in (bool, int, float) and abs(atom.value) <= FLOAT32_MAX
    return NUMBERS_WEAK and weak(raw(atom))


def keeps_float32(stmt: Assign, kind, raw) -> bool:
    """NumPy's elementwise math (operators and ``np.*``), a matrix product or a reduction of
    float32 values, masks and Python numbers is float32: a Python number does not widen an array
    (NumPy 2's weak scalars; NumPy 1's value-based casting for one float32 can hold). Not
    ``math.*`` (a Python float), SciPy's functions (some compute in float64), a float64 or integer
    array (either widens), a keyword that is not a number (``dtype=``), or a matrix product with
    a number (``np.dot(x, 2.0)`` is float64: np.dot converts it to a float64 array)."""
    prim = stmt.prim
    numpy_math = prim.partials is not None and (prim.spelling.binop is not None or prim.spelling.unaryop is not None
                                                or spelled_in(prim, np))
    product = prim.spelling.binop is ast.MatMult or spelled_as(prim, np.matmul, np.dot)
    if not (numpy_math or product or (prim.family == "reductions" and spelled_in(prim, np))):
        return False
    if prim.spelling.binop in (ast.FloorDiv, ast.Mod) or spelled_as(prim, np.float64, np.float32, np.float_power):
        return False
    arrays = [a for a in stmt.args if not _as_number(a, raw)]
    if product and len(arrays) != len(stmt.args):
        return False
    var_kinds = [kind(a) for a in arrays if isinstance(a, Var)]
    return ("f4" in var_kinds and len(var_kinds) == len(arrays) and all(k in ("f4", "b1") for k in var_kinds)
            and all(isinstance(v, Const) and type(v.value) in (bool, int, float, type(None)) for _, v in stmt.kwargs))


def selected_kind(stmt: Assign, kind, raw) -> str | None:
    """``np.where(c, a, b)`` of float64 (float32) values and Python numbers (``np.nan``, ``0.0``,
    a name holding a Python float) is float64 (float32): the condition's dtype does not count, a
    Python number does not widen an array (NumPy 2's weak scalars; NumPy 1's value-based casting
    for a number float32 holds)."""
    if not (spelled_as(stmt.prim, np.where) and len(stmt.args) == 3) or stmt.kwargs:
        return None
    branches = [kind(a) for a in stmt.args[1:] if isinstance(a, Var) and not (NUMBERS_WEAK and weak(raw(a)))]
    numbers = [a for a in stmt.args[1:] if isinstance(a, Const) or NUMBERS_WEAK and weak(raw(a))]
    if not branches or len(set(branches)) != 1 or branches[0] not in ("f8", "f4"):
        return None
    fits = all(not isinstance(a, Const) or type(a.value) in (bool, int, float)
               and (branches[0] == "f8" or not abs(a.value) > FLOAT32_MAX) for a in numbers)
    return branches[0] if fits and len(branches) + len(numbers) == 2 else None
