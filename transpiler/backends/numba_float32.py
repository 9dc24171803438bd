"""Python numbers next to float32 arrays, for numba: NumPy's dtype, NumPy's values.

NumPy 2 (NEP 50) converts a Python number to the dtype of the float array it meets:
``0.5 * h`` and ``1 - h * h`` of a float32 ``h`` are float32. numba types the number as a
float64 (or int64) and the result as float64, so a float32 gradient comes out float64, and a
matrix product of that with a float32 array does not compile (numba's ``@`` needs one dtype).

This pass, the numba backend's on the IR (after the general passes), takes which values are
float32 from ``analysis/kinds.py`` (the parameters' and free names' dtypes through arithmetic,
elementwise functions, reductions, matrix products, element reads and views, tapes' pops; a
name bound more than once has one kind for all its bindings or none), and makes each number
that meets one in arithmetic (``+ - * / **``) an ``np.float32(c)`` of its own (and so each name
holding a Python number, ``beta=1.0``: analysis/weak_numbers.py): the conversion
NumPy makes, so the values are NumPy's. The conversion is a ``_part`` placed where the reader's
expression evaluates that operand, so the printer folds it back (``np.float32(1) - h * h``). A
value whose dtype the analysis cannot tell keeps its numbers as written.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..analysis.kinds import value_kinds, weak_values
from ..ir.nodes import Assign, Const, Function, If, Loop, Var
from ..primitives.registry import lookup

F4 = "f4"
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def narrow_numbers(fn: Function, input_kinds: dict[str, str | None]) -> Function:
    """``fn`` with the numbers meeting float32 values in its arithmetic made ``np.float32(c)``
    (``fn`` itself where none does). ``input_kinds``: the parameters' and free names' kinds."""
    inputs = [*fn.params, *fn.free.values()]
    arg_kinds = {v: input_kinds[v.name] for v in inputs if input_kinds.get(v.name) is not None}
    if F4 not in arg_kinds.values():
        return fn
    narrowing = _Narrowing(fn, value_kinds(fn, arg_kinds), weak_values(fn, arg_kinds))
    body = narrowing.block(fn.body)
    if not narrowing.folded:
        return fn
    return dataclasses.replace(fn, body=body, folded=fn.folded | narrowing.folded)


class _Narrowing:
    def __init__(self, fn: Function, kinds: dict, python_numbers: frozenset):
        self.fn, self.kinds = fn, kinds
        self.python_numbers = python_numbers        # names holding Python numbers (``beta=1.0``): cast as literals are
        self.folded: frozenset = frozenset()          # the casts made, printed folded into their readers

    def block(self, stmts: list) -> list:
        out: list = []
        for stmt in stmts:
            if isinstance(stmt, If):
                stmt = dataclasses.replace(stmt, body=self.block(stmt.body), orelse=self.block(stmt.orelse))
            elif isinstance(stmt, Loop):
                stmt = dataclasses.replace(stmt, cond_body=self.block(stmt.cond_body), body=self.block(stmt.body))
            elif isinstance(stmt, Assign):
                stmt = self._narrowed(stmt, out)
            out.append(stmt)
        return out

    def _narrowed(self, stmt: Assign, before: list) -> Assign:
        """``stmt`` reading a cast where a number meets a float32 value; the cast's statement put
        into ``before`` (the block so far) where the expression evaluates that operand."""
        if stmt.prim.spelling.binop not in _ARITHMETIC or len(stmt.args) != 2 or stmt.kwargs:
            return stmt
        left, right = stmt.args
        if self._number(left) and self.kinds.get(right) == F4:
            cast = self._cast(left, stmt)
            before.insert(_operand_start(before, len(before), right, self.fn.folded | self.folded), cast)
            return dataclasses.replace(stmt, args=(cast.target, right))
        if self._number(right) and self.kinds.get(left) == F4:
            cast = self._cast(right, stmt)
            before.append(cast)
            return dataclasses.replace(stmt, args=(left, cast.target))
        return stmt

    def _number(self, atom) -> bool:
        """A Python number: a literal float32 holds, or a name holding one (NEP 50 converts either)."""
        return _number(atom) or atom in self.python_numbers

    def _cast(self, number: Const | Var, reader: Assign) -> Assign:
        part = Var(self.fn.names.fresh("_part"))
        self.folded = self.folded | {part.name}
        return Assign(part, lookup(np.float32), (number,), (), reader.location)


def _number(atom) -> bool:
    """A Python int or float float32 holds (a larger one is inf there: left as written)."""
    return isinstance(atom, Const) and type(atom.value) in (int, float) and abs(atom.value) <= _FLOAT32_MAX


def _operand_start(before: list, end: int, operand, folded: frozenset) -> int:
    """Where in ``before[:end]`` (the statements up to a reader) the statements computing
    ``operand``, a part folded into the reader, begin: its own, and those of the parts folded
    into it, which stand right before it in the order its expression evaluates them. ``end``
    where ``operand`` is no such part (a cast put there still comes after the operands before it)."""
    if not (isinstance(operand, Var) and operand.name in folded and end
            and isinstance(before[end - 1], Assign) and before[end - 1].target == operand):
        return end
    stmt = before[end - 1]
    start = end - 1
    for arg in reversed([*stmt.args, *(value for _, value in stmt.kwargs)]):
        start = _operand_start(before, start, arg, folded)
    return start
