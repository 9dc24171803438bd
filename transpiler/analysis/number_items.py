"""Values that are numbers because they are items of lists of numbers.

The shape analysis (facts.py) knows no shape for an item of a list the function builds
(``grid = [[0.0] * n for _ in range(n)]``, ``grid[i][j] = v``, ``for v in row: total += v``): a
list's items are not tracked. Forward mode then spreads each tangent term of ``total + v`` to
the sum's shape at run time (``broadcast_like``, two per item summed). Here a value is a number
(shape ``()``) where every statement binding it makes one: a number constant, elementwise
arithmetic on numbers, an item (at an integer position) of a sequence of numbers; and a sequence
is one of numbers (or of such sequences) where every statement binding it makes one: a display
of numbers, ``appended`` / ``[x] * n`` / an item written (``assign_at``) / ``iterated`` /
``zeros_like_adjoint`` of one with numbers, a row of a sequence of sequences. Found as the
largest such sets (a loop-carried ``total`` bound ``0.0`` and ``total + v`` is a number: each
binding makes one of numbers), the parameters' shapes from the analysis.
"""
from __future__ import annotations

import ast

from ..ir.nodes import Assign, Const, Copy, Effect, Function, Loop, Var, walk
from ..primitives.chained_writes import ALONE_IN
from ..primitives.effects import RUN_TIME_CHECKS
from ..primitives.in_place import IN_PLACE_RESULT
from ..primitives.indexing import APPEND, POP, READ_ITEM, UNSHARED, UPDATE_ITEM, assign_at
from ..primitives.lists import appended, iterated, repeated
from ..primitives.registry import spelled_as
from ..primitives.runtime import zeros_like_adjoint

NUMBER, ROW, GRID = "number", "row", "grid"      # a number, a sequence of numbers, of such sequences
INTEGER = "integer"         # an integer number (a position: ``j - 1``, ``(i + 1) % n``)
_NUMBERS = (bool, int, float)
_INTEGER_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)


def with_number_items(fn: Function, info) -> None:
    """``info`` (facts.py's Analysis of ``fn``) told the shape ``()`` of each value
    :func:`number_values` finds a number: a transform then spreads or sums back no term of
    theirs at run time (``broadcast_like``, ``unbroadcast`` of two numbers)."""
    info.shapes.update(dict.fromkeys(number_values(fn, info.shapes, info.kinds), ()))


def number_values(fn: Function, shapes: dict, kinds: dict) -> set[Var]:
    """The values of ``fn`` that are numbers whatever runs (see the module's docstring), given
    the shapes (facts.py) and dtype kinds (kinds.py) known of its values."""
    what = _largest(fn, _Found(shapes, kinds), handed_pushes=True)
    return {var for var, held in what.items() if NUMBER in held and shapes.get(var) != ()}


def number_sequences(fn: Function, shapes: dict, kinds: dict) -> dict[Var, set]:
    """The values of a transform's IR ``fn`` that are sequences of numbers, or of such sequences
    (each -> ROW and/or GRID: what ``alone_in`` checks need look one level into, or not at all,
    opt/write_checks.py), given
    the shapes and dtype kinds known by name (ad/derivative.py). There a value of shape ``()``
    indexing a sequence is a position (the analysis gives none to a slice), and a tape's pop is
    what was pushed onto it (pushing a row changes the tape, not the row)."""
    what = _largest(fn, _Sequences(_ByName(shapes), _ByName(kinds)), handed_pushes=False)
    return {var: held & {ROW, GRID} for var, held in what.items() if held & {ROW, GRID}}


def _largest(fn: Function, found: "_Found", handed_pushes: bool) -> dict:
    """Each value bound by assignments -> what it is (of NUMBER, ROW, GRID, INTEGER) whatever
    runs: the largest consistent sets. ``handed_pushes``: a value pushed onto a stack may be
    changed by the effect (else the stack alone is, and ``found`` learns what each holds)."""
    bindings: dict[Var, list] = {}
    bound_otherwise: set = set()        # names an effect or a loop binds
    handed: set = set()                 # values an effect reads (it may change a list in place)
    for stmt in walk(fn.body):
        if isinstance(stmt, (Assign, Copy)):
            bindings.setdefault(stmt.target, []).append(stmt)
        elif isinstance(stmt, Effect):
            bound_otherwise |= set(getattr(stmt.prim, "targets", ()) or ())
            if not handed_pushes and stmt.prim is APPEND and len(stmt.args) == 2:
                found.pushed.setdefault(stmt.args[0], []).append(stmt.args[1])
                handed |= {stmt.args[0]} if isinstance(stmt.args[0], Var) else set()
            elif stmt.prim is not ALONE_IN and stmt.prim not in RUN_TIME_CHECKS:     # (checks change nothing)
                handed |= {a for a in stmt.args if isinstance(a, Var)}
        elif isinstance(stmt, Loop) and stmt.target is not None:
            bound_otherwise.add(stmt.target.name)
    for stack in [s for s in found.pushed if not all(map(_made_empty, bindings.get(s, [None])))]:
        del found.pushed[stack]         # (a stack that held items before the pushes: no tape)
    found.what = {var: set() if var.name in bound_otherwise else {NUMBER, INTEGER} if var in handed
                  else {NUMBER, ROW, GRID, INTEGER} for var in bindings}     # (largest: shrunk to what holds)
    changed = True
    while changed:
        changed = False
        for var, stmts in bindings.items():
            held = {what for what in found.what[var] if all(found.makes(s, what) for s in stmts)}
            if held != found.what[var]:
                found.what[var] = held
                changed = True
    return found.what


class _Found:
    """What each name may still be (the sets shrink to the largest consistent ones)."""

    def __init__(self, shapes: dict, kinds: dict):
        self.shapes, self.kinds = shapes, kinds
        self.what: dict[Var, set] = {}
        self.pushed: dict = {}      # a stack -> the values pushed onto it (_Sequences)

    def holds(self, atom, what: str) -> bool:
        if isinstance(atom, Const):
            return _constant_is(atom.value, what)
        if what == NUMBER and self.shapes.get(atom) == ():
            return True
        return what in self.what.get(atom, ())

    def integer(self, atom) -> bool:
        """A Python or NumPy integer number (a position, a count): no array, no slice."""
        if isinstance(atom, Const):
            return type(atom.value) is int
        known = (self.kinds.get(atom) or "?")[0] in "iu" and self.shapes.get(atom) == ()
        return known or INTEGER in self.what.get(atom, ())

    def makes(self, stmt, what: str) -> bool:
        """Does ``stmt`` bind a number / a sequence of numbers / of such sequences (``what``)?"""
        if isinstance(stmt, Copy):
            return self.integer(stmt.source) if what == INTEGER else self.holds(stmt.source, what)
        if what == INTEGER:         # integer arithmetic on integers
            return (stmt.prim.spelling.binop in _INTEGER_ARITHMETIC and not stmt.kwargs and len(stmt.args) == 2
                    and all(self.integer(a) for a in stmt.args))
        if what == NUMBER and self.shapes.get(stmt.target) == () or self.checked(stmt, what):
            return True
        if stmt.kwargs:
            return False
        prim, args = stmt.prim, stmt.args
        inner = {GRID: ROW, ROW: NUMBER}.get(what)
        if what == NUMBER and prim.shape_rule == "elementwise" and args:
            return all(self.holds(a, NUMBER) for a in args)
        outer = {NUMBER: ROW, ROW: GRID}.get(what, "")
        if prim.name == READ_ITEM.name and len(args) == 2:          # xs[i]
            return self.integer(args[1]) and self.holds(args[0], outer)
        if type(prim.item) is int and len(args) == 1:               # xs[2]
            return self.holds(args[0], outer)
        if inner is None:
            return False
        if prim.name == UPDATE_ITEM.name and len(args) == 3:        # xs[i] = v on a copy
            return self.holds(args[0], what) and self.integer(args[2]) and self.holds(args[1], inner)
        if prim.spelling.display in (ast.List, ast.Tuple):
            return all(self.holds(a, inner) for a in args)
        if spelled_as(prim, appended) and len(args) == 2:
            return self.holds(args[0], what) and self.holds(args[1], inner)
        if spelled_as(prim, repeated) and len(args) == 2:
            return self.holds(args[0], what) and self.integer(args[1])
        if spelled_as(prim, assign_at) and len(args) == 3:
            return self.holds(args[0], what) and self.integer(args[1]) and self.holds(args[2], inner)
        if spelled_as(prim, iterated, zeros_like_adjoint) and len(args) == 1:
            return self.holds(args[0], what)
        return False

    def checked(self, stmt, what: str) -> bool:
        """``unshared(total, ...)`` (``total += v``'s check, frontend/assignments.py): ``total`` itself;
        ``in_place_result(new, total)``: ``new`` (cast to ``total``'s dtype where that is an array)."""
        return stmt.prim in (UNSHARED, IN_PLACE_RESULT) and bool(stmt.args) and self.holds(stmt.args[0], what)


def _constant_is(value, what: str) -> bool:
    if what == NUMBER:
        return type(value) in _NUMBERS
    inner = ROW if what == GRID else NUMBER
    return type(value) in (list, tuple) and all(_constant_is(v, inner) for v in value)


def _made_empty(stmt) -> bool:
    """Does ``stmt`` bind an empty list (``_tape = []``)?"""
    return isinstance(stmt, Assign) and stmt.prim.spelling.display is ast.List and not stmt.args


class _ByName(dict):
    """Shapes or kinds by name (ad/derivative.py), looked up by value."""

    def get(self, key, default=None):
        return super().get(getattr(key, "name", key), default)


class _Sequences(_Found):
    """:class:`_Found` over a transform's IR (:func:`number_sequences`)."""

    def integer(self, atom) -> bool:
        return super().integer(atom) or not isinstance(atom, Const) and self.shapes.get(atom) == ()

    def makes(self, stmt, what: str) -> bool:
        if isinstance(stmt, Assign) and stmt.prim is POP and len(stmt.args) == 1 and not stmt.kwargs:
            pushed = self.pushed.get(stmt.args[0])
            return bool(pushed) and all(self.holds(v, what) for v in pushed)
        if isinstance(stmt, Assign) and what != NUMBER and spelled_as(stmt.prim, repeated) and len(stmt.args) == 2 \
                and not stmt.kwargs:
            return self.holds(stmt.args[0], what)       # (`[0.0] * n`: a row whatever `n`, or an error)
        return super().makes(stmt, what)
