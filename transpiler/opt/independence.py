"""Whether a reverse loop's iterations are independent and elementwise, decided on the IR.

opt/vectorize.py rewrites such a loop as array code; this module decides, from the loop's IR
statements (their primitives, what each reads and binds) and the shapes the transform knew of
its values by name (``Derivative.shapes``), whether it may, and what the rewrite needs to know:
which values differ from one iteration to the next, which are the counter plus a constant, which
sums accumulate across iterations. The conditions (opt/vectorize.py's docstring says why):

* the body is straight-line: values bound by elementwise primitives on numbers (arithmetic,
  comparisons, NumPy ufuncs and the ``math`` functions declared with one, reads of single
  elements of arrays the loop does not write) and ``buffer[index] += value`` statements;
* a value the body binds is not read before it is bound in the same iteration, except by its
  own accumulation ``d_a = d_a + g``, read by nothing else; a buffer added into is not read;
* nothing that may run after the loop reads what the loop bound (:func:`read_after`).

Statements a transform wrote as code (``written`` primitives: a conditional expression, an
``and``/``or``, the ``+=`` into a buffer) are judged by the expression they print.
"""
from __future__ import annotations

import ast
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..ir.code import names
from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, to_expr
from ..primitives import REGISTRY
from ..primitives.registry import spelled_as, spelled_in
from ..primitives.written import WrittenPrimitive

_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.FloorDiv, ast.Mod)
_COMPARISONS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_INTEGER_OPERATIONS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)


@dataclass
class Independence:
    """What the rewrite of an independent loop needs (names as the code prints them)."""

    varying: set[str]                    # values holding one number per iteration
    offsets: dict[str, int]              # value -> c where it is the counter plus c
    accumulators: set[str]               # d_a of ``d_a = d_a + g``: a sum across iterations
    bound: set[str]                      # every value the body binds
    lengths: list[int] = field(default_factory=list)   # of the axes the counter (plus c) indexes


class _Reject(Exception):
    """The loop is not provably independent and elementwise."""


def independence(body: list, counters: tuple[str, ...], shapes: dict, offset_counter: bool = True,
                 aliases: dict[str, str] | None = None) -> Independence | None:
    """What :class:`Independence` says of a loop with IR statements ``body`` run for each value
    of ``counters``; None where its iterations are not provably independent and elementwise.
    ``offset_counter``: the counter's values are consecutive positions (a slice may stand for
    them); ``aliases``: values read under another name (a nest's renamed copies, opt/nests.py)."""
    try:
        return _Analysis(body, counters, shapes, offset_counter, aliases or {}).run()
    except _Reject:
        return None


def read_after(fn: Function, loop: Loop, bound: set[str]) -> bool:
    """Does a statement that may run after ``loop`` (the next iteration of a loop around it
    included) read one of ``bound`` before binding it again? Then the loop's last values are
    needed, which array code does not leave."""
    following = _following(fn.body, loop)
    returned = Effect(prim=None, args=(fn.result,))       # (the return statement, reading the result)
    return _read_before_bound(set(bound), following + [returned])


def for_loops(stmts: list) -> list[Loop]:
    """The ``for`` loops in ``stmts``, outer before inner, in the order a printer writes them."""
    found = []
    for stmt in stmts:
        if isinstance(stmt, Loop) and stmt.kind == "for":
            found.append(stmt)
        for block in (stmt.blocks() if isinstance(stmt, (If, Loop)) else ()):
            found += for_loops(block)
    return found


def offset(node: ast.expr, offsets: dict[str, int]) -> int | None:
    """c when ``node`` is the counter plus an integer constant c (``i``, ``i + 1``, ``2 + t``,
    ``i - 1``, with names that are such sums themselves); None otherwise."""
    if isinstance(node, ast.Name):
        return offsets.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        sign = 1 if isinstance(node.op, ast.Add) else -1
        for base, c, c_sign in ((node.left, node.right, sign), (node.right, node.left, 1 if sign == 1 else None)):
            inner = offset(base, offsets)
            if c_sign is not None and inner is not None and isinstance(c, ast.Constant) and type(c.value) is int:
                return inner + c_sign * c.value
    return None


def value_of(stmt: Assign | Copy) -> ast.expr:
    """The value ``stmt`` binds, as the code prints it."""
    if isinstance(stmt, Copy):
        return to_expr(stmt.source)
    return stmt.prim.primal([to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs])


def is_integer(node: ast.expr, integers: set[str]) -> bool:
    """Integer operations on integers (the counter, int constants): an integer again."""
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, ast.Name):
        return node.id in integers
    if isinstance(node, ast.BinOp) and isinstance(node.op, _INTEGER_OPERATIONS):
        return is_integer(node.left, integers) and is_integer(node.right, integers)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return is_integer(node.operand, integers)
    return False


class _Analysis:
    def __init__(self, body: list, counters: tuple[str, ...], shapes: dict, offset_counter: bool,
                 aliases: dict[str, str]):
        self.body, self.counters, self.shapes, self.aliases = body, set(counters), shapes, aliases
        self.varying, self.integers = set(counters), set(counters)
        self.offsets = {counters[0]: 0} if offset_counter else {}
        self.lengths: list[int] = []
        self.booleans: set[str] = set()          # Python bools: logical values of Python integers
        self.bound = {self._name(s.target) for s in body if isinstance(s, (Assign, Copy))}
        self.accumulators: set[str] = set()
        self.buffers: set[str] = set()

    def _name(self, var: Var) -> str:
        return self.aliases.get(var.name, var.name)

    def _reads(self, stmt) -> list[str]:
        return [self._name(v) for v in stmt.uses()]

    def run(self) -> Independence:
        defined: set[str] = set()
        for stmt in self.body:
            if isinstance(stmt, (Assign, Copy)):
                self._binding(stmt, defined)
                defined.add(self._name(stmt.target))
            elif isinstance(stmt, Effect) and (added := _added_into(stmt)) is not None:
                self._addition(*added)
            else:
                raise _Reject                     # a branch, a loop, a pop, a call run for its effect
        reads = Counter(name for stmt in self.body for name in self._reads(stmt))
        for accumulator in self.accumulators:
            if reads[accumulator] != 1 or accumulator in self.buffers:
                raise _Reject                     # read by anything but its own update
        for stmt in self.body:
            if isinstance(stmt, (Assign, Copy)):
                read = set(self._reads(stmt))
            else:
                target, value = _added_into(stmt)
                read = {self.aliases.get(n, n) for n in names(target.slice) | names(value)}
            if read & self.buffers:
                raise _Reject                     # a buffer added into is read inside the loop
        return Independence(self.varying, self.offsets, self.accumulators, self.bound, self.lengths)

    # Statements ---------------------------------------------------------------------------
    def _binding(self, stmt, defined: set[str]) -> None:
        target = self._name(stmt.target)
        early = (set(self._reads(stmt)) & self.bound) - defined
        if early:                                 # d_a = d_a + g: a sum over the iterations
            if early != {target} or target in self.varying or not self._accumulates(stmt, target):
                raise _Reject
            self.accumulators.add(target)
            added = stmt.args[1]
            self._check_atom(added)
            if not (isinstance(added, Var) and self._name(added) in self.varying):
                raise _Reject                     # the same number added every iteration
            return
        self._check_value(stmt)
        if set(self._reads(stmt)) & self.varying:
            self.varying.add(target)
        expr = self._expression(stmt)
        if (c := offset(expr, self.offsets)) is not None:
            self.offsets[target] = c
        if is_integer(expr, self.integers):
            self.integers.add(target)
        if self._python_bool(expr):
            self.booleans.add(target)

    def _accumulates(self, stmt, target: str) -> bool:
        return (isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.Add and not stmt.kwargs
                and isinstance(stmt.args[0], Var) and self._name(stmt.args[0]) == target
                and not (isinstance(stmt.args[1], Var) and self._name(stmt.args[1]) == target))

    def _addition(self, target: ast.Subscript, value: ast.expr) -> None:
        buffer = self.aliases.get(target.value.id, target.value.id)
        if buffer in self.bound or buffer in self.counters:
            raise _Reject
        self._check_index(buffer, target.slice)
        self._check_expression(value)
        if not {self.aliases.get(n, n) for n in names(target.slice) | names(value)} & self.varying:
            raise _Reject                         # one value added every iteration
        self.buffers.add(buffer)

    def _expression(self, stmt) -> ast.expr:
        """The statement's value as the code prints it, names as the analysis knows them."""
        expr = value_of(stmt)
        return _Renamed(self.aliases).visit(expr) if self.aliases else expr

    # Values -------------------------------------------------------------------------------
    def _check_value(self, stmt) -> None:
        """``stmt``'s value is elementwise on numbers (so it is on arrays of them)."""
        if isinstance(stmt, Copy):
            return self._check_atom(stmt.source)
        prim = stmt.prim
        if stmt.kwargs:
            raise _Reject
        if isinstance(prim, WrittenPrimitive):    # a transform's expression: judged as it prints
            return self._check_expression(self._expression(stmt))
        for atom in stmt.args[1:] if prim.pattern is not None else stmt.args:
            self._check_atom(atom)
        spelling = prim.spelling
        if prim.pattern is not None:              # x[i]: one element
            array = stmt.args[0]
            if not isinstance(array, Var) or self._name(array) in self.bound:
                raise _Reject
            self._check_index(self._name(array), self._expression(stmt).slice)
        elif spelling.binop in _ARITHMETIC or spelling.unaryop in (ast.USub, ast.UAdd):
            if all(isinstance(a, Var) and self._name(a) in self.booleans for a in stmt.args):
                raise _Reject                     # Python's True + True is 2, NumPy's True; -True, an error
        elif not (spelling.unaryop is ast.Not or spelling.compare in _COMPARISONS
                  or _is_ufunc(spelling.path) or _declares_ufunc(prim)):
            raise _Reject

    def _check_atom(self, atom) -> None:
        if isinstance(atom, Const):
            if type(atom.value) not in (int, float, bool):
                raise _Reject
        elif not self._number(self._name(atom)):
            raise _Reject                         # not known to be a number

    def _number(self, name: str) -> bool:
        return name in self.varying or name in self.bound or self.shapes.get(name) == ()

    def _check_expression(self, node: ast.expr) -> None:
        """A transform's expression (``a if c else b``, ``a and b``) is elementwise on numbers."""
        if isinstance(node, ast.Constant):
            if type(node.value) not in (int, float, bool):
                raise _Reject
        elif isinstance(node, ast.Name):
            if not self._number(self.aliases.get(node.id, node.id)):
                raise _Reject
        elif isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC):
            if self._python_bool(node.left) and self._python_bool(node.right):
                raise _Reject                     # Python's True + True is 2, NumPy's True
            self._check_expression(node.left)
            self._check_expression(node.right)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
            if not isinstance(node.op, ast.Not) and self._python_bool(node.operand):
                raise _Reject                     # Python's -True is -1; NumPy negates no logical array
            self._check_expression(node.operand)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], _COMPARISONS):
            self._check_expression(node.left)
            self._check_expression(node.comparators[0])
        elif isinstance(node, (ast.IfExp, ast.BoolOp)):
            for part in ((node.test, node.body, node.orelse) if isinstance(node, ast.IfExp) else node.values):
                self._check_expression(part)
        elif isinstance(node, ast.Call) and (_is_ufunc(ast.unparse(node.func)) or ufunc_of(node.func)) \
                and not node.keywords:
            for arg in node.args:
                self._check_expression(arg)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            array = self.aliases.get(node.value.id, node.value.id)
            if array in self.bound:
                raise _Reject
            self._check_index(array, node.slice)
        else:
            raise _Reject

    def _python_bool(self, node: ast.expr) -> bool:
        """``node`` is a comparison or logical operation on Python integers (the counter, values
        computed from it, int literals): a Python bool in the loop, whose arithmetic is an
        integer's, where over arrays of the iterations it is NumPy's logical arithmetic. (A
        comparison of an array's elements is NumPy's bool in the loop too: the same.)"""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id) in self.booleans
        parts = [*node.values] if isinstance(node, ast.BoolOp) else (
            [node.operand] if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) else
            [node.left, *node.comparators] if isinstance(node, ast.Compare) else None)
        return parts is not None and all(
            is_integer(p, self.integers) or self._python_bool(p) or isinstance(p, ast.Constant) for p in parts)

    def _check_index(self, array: str, index: ast.expr) -> None:
        """``array[index]`` is one element: one integer per dimension, none a slice."""
        shape = self.shapes.get(array)
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        parts = [_Renamed(self.aliases).visit(p) for p in parts] if self.aliases else parts
        if not (isinstance(shape, tuple) and len(shape) == len(parts) >= 1):
            raise _Reject
        for axis, part in enumerate(parts):
            if offset(part, self.offsets) is not None and type(shape[axis]) is int:
                self.lengths.append(shape[axis])  # (which bounds the iterations: 2n positions at most)
        for part in parts:                        # integers: no bool or float positions
            if not (is_integer(part, self.integers) or isinstance(part, ast.Name) and part.id not in self.bound
                    and self.shapes.get(part.id) == ()):
                raise _Reject


# --------------------------------------------------------------------------- helpers
def _added_into(stmt: Effect) -> tuple[ast.Subscript, ast.expr] | None:
    """(target, value) of a transform's ``buffer[index] += value``; None for any other effect."""
    if getattr(stmt.prim, "name", None) != "written":
        return None
    code = stmt.prim.primal([to_expr(a) for a in stmt.args])
    if (isinstance(code, ast.AugAssign) and isinstance(code.op, ast.Add) and isinstance(code.target, ast.Subscript)
            and isinstance(code.target.value, ast.Name)):
        return code.target, code.value
    return None


def _is_ufunc(path: str) -> bool:
    """``np.exp``, ``np.maximum``, ... (and ``np.where``): elementwise on arrays as on numbers."""
    module, _, attribute = path.partition(".")
    if module != "np" or "." in attribute:
        return False
    ufunc = getattr(np, attribute, None)
    return isinstance(ufunc, np.ufunc) and ufunc.signature is None or attribute == "where"


def ufunc_of(func: ast.expr) -> str | None:
    """The NumPy ufunc a ``math`` function or ``abs`` is declared with (``math.exp`` -> ``"exp"``,
    primitives/: ``Primitive.ufunc``); the values agree to rounding, and where ``math`` would
    raise (``math.sqrt(-1.0)``) the recomputation in a reverse loop cannot get to: the forward
    sweep computed the same values."""
    if isinstance(func, ast.Name) and func.id == "abs":
        function = abs
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "math":
        function = getattr(math, func.attr, None)
    else:
        return None
    prim = REGISTRY.get(function) if function is not None else None
    return prim.ufunc.removeprefix("np.") if prim is not None and prim.ufunc else None


def _declares_ufunc(prim) -> bool:
    """A ``math`` function or ``abs`` declared with the NumPy ufunc computing the same
    (primitives/: ``Primitive.ufunc``); opt/vectorize.py writes that ufunc."""
    return bool(prim.ufunc) and (spelled_in(prim, math) or spelled_as(prim, abs))


class _Renamed(ast.NodeTransformer):
    def __init__(self, aliases: dict[str, str]):
        self.aliases = aliases

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id=self.aliases.get(node.id, node.id), ctx=node.ctx)


def _following(stmts: list, loop: Loop) -> list | None:
    """The statements that may run after ``loop`` in program order, None where it is not in
    ``stmts``: after a loop inside another comes the next iteration of the outer one."""
    for k, stmt in enumerate(stmts):
        if stmt is loop:
            return stmts[k + 1:]
        for block in (stmt.blocks() if isinstance(stmt, (If, Loop)) else ()):
            inner = _following(block, loop)
            if inner is not None:
                return inner + ([stmt] if isinstance(stmt, Loop) else []) + stmts[k + 1:]
    return None


def _read_before_bound(pending: set[str], stmts: list) -> bool:
    """Does any of ``pending`` get read by ``stmts`` (in program order) before being bound again?
    A loop's or branch's blocks are followed in order too (a loop's counter bound first), but what
    they bind may not be bound after them (the loop may run no iteration, the other branch run)."""
    for stmt in stmts:
        if {v.name for v in stmt.uses()} & pending:
            return True
        if isinstance(stmt, If):
            if _read_before_bound(pending, stmt.body) or _read_before_bound(pending, stmt.orelse):
                return True
            continue
        if isinstance(stmt, Loop):
            counter = {stmt.target.name} if stmt.target is not None else set()
            if _read_before_bound(pending - counter, stmt.cond_body + stmt.body):
                return True
            continue
        pending = pending - {v.name for v in defines(stmt)}
        if not pending:
            return False
    return False
