"""A value read once substituted where it is read, on the IR (driver/pipeline.py runs it as the
``inline_temporaries`` stage in reverse mode, ``fold_negations`` in forward mode):

* reverse mode: a transform's temporary (``_t4 = a - b``) read once is substituted into its
  reader (``D = _t4 ** 2`` is ``D = (a - b) ** 2``): the code reads like the source, and the
  intermediate array is freed as soon as it is used instead of living until the function
  returns. So is a constant scaling read once (``d = g * 0.5``) where that cancels the constant
  (``(g * 0.5) * (2 * z)`` is ``g * z``: one multiplication instead of three). Where the
  transform's shapes say a temporary's adjoint is a number, it is substituted too, and as a
  negation read by several lines it is folded into each where each absorbs it (``d_t3 = -g``
  read by ``d_c + d_t3 * v`` and ``d_v + d_t3 * c``): in a scalar loop a statement costs about
  what an operation does;
* forward mode: a negation read once (``n = -a``) is folded into its use, simplified
  (``b * n + c`` is ``c - b * a``: one operation fewer, in every iteration of a loop).

The value moves to its first reader when only ``name = <expression>`` lines come between and none
of them binds a name the value reads (a call statement, a sweep's comment, a branch or a loop in
between keeps it where it is), and never a value that must be computed where it is (a pop). The
reader's expression, with the value in it, is lowered again into primitives whose parts the
printer folds back (ad/expressions.py), as merge_copies does for sums (opt/accumulations.py).
The rules are those the same passes on printed code followed before they moved to the IR,
decided on the lines a backend prints (opt/lines.py), so that the printed result is the same.
"""
from __future__ import annotations

import ast
import bisect
import dataclasses
import re
from collections import Counter

from ..ad.expressions import ExpressionLowering, lowered_as_itself
from ..ir.algebra import constant, simplify
from ..ir.code import store
from ..ir.nodes import Assign, Copy, Function, Loop, Var, walk
from .cleanup import MAX_DEPTH, Substitute, depth
from .lines import Line, Lines, bound, flat, part_lowering, read_counts, with_blocks_rewritten

_TEMPORARY = re.compile(r"_t\d+$")
_ADJOINT_OF_TEMPORARY = re.compile(r"d_t\d+$")


def inline_temporaries(fn: Function, shapes: dict | None = None) -> Function:
    """``fn`` with its temporaries and cancelling scalings read once substituted into their
    readers (``fn`` itself where none is); so are a temporary's adjoints that ``shapes`` says
    are numbers (``d_t1 = g * x; d_k = d_k - d_t1`` is ``d_k = d_k - g * x``: in a scalar loop
    a statement costs as much as an operation; an array's stays a name, which the backend's
    passes read)."""
    numbers = {name for name, shape in (shapes or {}).items() if shape == () and _ADJOINT_OF_TEMPORARY.match(name)}
    return _Substitution(fn, temporaries=True, negations=False, numbers=numbers).run()


def inline_temporaries_and_negations(fn: Function) -> Function:
    """Both at once (after opt/vectorize.py: the reverse loop's values folded into their readers
    as array expressions, its negations into the updates)."""
    return _Substitution(fn, temporaries=True, negations=True).run()


def fold_negations(fn: Function) -> Function:
    """``fn`` with its negations read once folded into their readers (``fn`` itself where none is)."""
    return _Substitution(fn, temporaries=False, negations=True).run()


class _Substitution:
    def __init__(self, fn: Function, temporaries: bool, negations: bool, numbers: frozenset | set = frozenset()):
        self.fn = fn
        self.temporaries, self.negations = temporaries, negations
        self.numbers = numbers        # more names substituted as temporaries are
        self.reads = read_counts(fn)
        self.bindings = Counter(name for stmt in walk(fn.body) for name in _binds(stmt))
        self.lines = Lines(fn, self.reads)
        self._lowering: ExpressionLowering | None = None      # (made at the first substitution)
        self.spliced: set[str] = set()      # the parts of the lines values were moved into (_splice)
        self.changed = False

    def run(self) -> Function:
        body = self.block(self.fn.body, top=True)
        if not self.changed:
            return self.fn
        lowered = self._lowering.folded if self._lowering is not None else set()
        return dataclasses.replace(self.fn, body=body, folded=self.fn.folded | lowered | self.spliced)

    def block(self, stmts: list, top: bool = False) -> list:
        lines = self.lines.group(stmts, top)
        for line in lines:
            line.head = with_blocks_rewritten(line.head, self.block)
        ahead = _Ahead(lines, self.lines.printed_kind)
        kept = [line for i, line in enumerate(lines) if not self._substituted(i, ahead)]
        return flat(kept)

    # One value ------------------------------------------------------------------------------
    def _substituted(self, i: int, ahead: "_Ahead") -> bool:
        """Substitute the value of the block's line ``i`` into its reader among the lines after
        it, where the rules allow (the reader's line rewritten in place); True where it was."""
        line = ahead.lines[i]
        if not (self.lines.binds_a_name(line) and isinstance(line.head, (Assign, Copy))):
            return False
        name = line.head.target
        if self.bindings[name.name] != 1:
            return False
        if self.reads[name] != 1:
            if name.name not in self.numbers or self.lines.must_run(line):
                return False
            value = self.lines.expression(line)
            return (isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub)
                    and self._negation_into_readers(i, name, value, ahead))
        # (the reader looked up before the value is printed: most lines have none to move into)
        reader = self._reader(i, name.name, ahead)
        if reader is None or self.lines.must_run(line):
            return False
        temporary = self.temporaries and (_TEMPORARY.match(name.name) is not None or name.name in self.numbers)
        if not temporary and not self._may_fold(line):
            return False          # (most values: neither a negation nor a scaling, known before printing it)
        value = self.lines.expression(line)
        negation = self.negations and isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub)
        scaling = self.temporaries and not temporary and _is_scaling(value)
        if not (temporary or negation or scaling):
            return False
        # (the reader printed once: measured, then the value substituted into that same tree)
        printed = self._printed(reader)
        if depth(value) + depth(printed) > MAX_DEPTH:
            return False
        # (counted before simplify rewrites the trees in place, the value's too: it is moved, not copied)
        fewer_than = _operations(printed) + _operations(value) - 1 if scaling else 0
        substituted = _MovedIn(name.name, value).visit(printed)
        simplified = negation or scaling or _negated(value) or _negated(substituted.value)
        if simplified:
            substituted = simplify(substituted)       # (-(-a * b): a * b)
        if scaling and _operations(substituted) >= fewer_than:
            return False          # (the constant did not cancel: the scaling stays a statement)
        if isinstance(substituted.value, (ast.Name, ast.Constant)):
            return False          # (simplified to a name or a number, -(-a): no statement to lower it into)
        if not simplified and _spliceable(line, reader):
            self._splice(line, reader)      # (its statements print as ``value``: nothing to lower)
        else:
            self._rewrite(reader, substituted.value)
            self.reads[name] = 0
        ahead.reread(reader)
        return True

    def _may_fold(self, line: Line) -> bool:
        """Could ``line``'s value be a negation or a scaling this pass folds? Its top operation,
        printed without its parts (what the whole value's top is, its operands only shorter),
        tells where the head is an assignment (a copy's value is what it copies, maybe a part)."""
        if not isinstance(line.head, Assign):
            return True
        top = self.lines.top(line.head)
        return (self.negations and _negated(top)
                or self.temporaries and isinstance(top, ast.BinOp) and isinstance(top.op, ast.Mult))

    def _negation_into_readers(self, i: int, name: Var, value: ast.expr, ahead: "_Ahead") -> bool:
        """A number's negation read by several lines (``d_t3 = -g`` read by ``d_c = d_c + d_t3 * v``
        and ``d_v = d_v + d_t3 * c``) folded into each where each absorbs it (``d_c = d_c - g * v``):
        no operation more in any, one statement fewer. The same rules as for one reader: only
        lines printed ``name = <expression>`` up to the last reader, none binding what ``g`` reads."""
        at = ahead.readers.get(name.name, [])
        positions = at[bisect.bisect_right(at, i):]
        if not positions or len(positions) != self.reads[name]:
            return False
        last = positions[-1]
        if ahead.not_assignment[i + 1] < last or ahead.bound_before(ahead.reads[i], i, last):
            return False
        rewritten = []
        for k in positions:
            reader = ahead.lines[k]
            if not isinstance(reader.head, (Assign, Copy)) or reader.head.target.name in self.lines.pairs:
                return False
            printed = self._printed(reader)          # (printed once, measured before the substitution)
            depth_before, operations_before = depth(printed), _signed_operations(printed)
            after = simplify(Substitute({name.name: value}).visit(printed))
            if depth(value) + depth_before > MAX_DEPTH or _signed_operations(after) > operations_before \
                    or isinstance(after.value, (ast.Name, ast.Constant)):
                return False
            rewritten.append((reader, after))
        for reader, after in rewritten:
            self._rewrite(reader, after.value)
            ahead.reread(reader)
        self.reads[name] = 0
        return True

    def _reader(self, i: int, name: str, ahead: "_Ahead") -> Line | None:
        """The first line after the block's line ``i`` that reads ``name``, if only lines printed
        ``name = <expression>`` binding none of the names line ``i``'s value reads come before
        it, and it is printed ``name = <expression>`` (or as the return) itself."""
        k = ahead.first_reader(name, i)
        if k is None or ahead.not_assignment[i + 1] < k or ahead.bound_before(ahead.reads[i], i, k):
            return None
        head = ahead.lines[k].head
        return ahead.lines[k] if isinstance(head, (Assign, Copy)) and head.target.name not in self.lines.pairs else None

    def _printed(self, line: Line) -> ast.stmt:
        """The statement ``line`` prints as (to measure and rewrite: the return as an assignment
        of the same depth)."""
        expr = self.lines.expression(line)
        if line.returned:
            return ast.Return(value=expr)
        return ast.Assign(targets=[store(line.head.target.name)], value=expr)

    def _rewrite(self, reader: Line, expr: ast.expr) -> None:
        """``reader`` computing ``expr`` now (the value's line is dropped by the caller)."""
        head = reader.head
        stmts = self._lower(head.target.name, expr)
        for stmt in stmts:
            stmt.location = head.location
        stmts[-1].rebinds = head.rebinds
        for part in stmts[:-1]:
            self.reads[part.target] = 1
        reader.parts, reader.head = stmts[:-1], stmts[-1]
        self.changed = True

    def _splice(self, line: Line, reader: Line) -> None:
        """The value's statements made parts of ``reader``, where lowering the substituted
        expression again would put them (:func:`_place`), and the line's parts named anew in
        order, as that lowering names them (a part the backend leaves unfolded shows its name)."""
        head = reader.head
        at = _place(reader, line.head.target)
        parts = [*reader.parts[:at], *line.stmts, *reader.parts[at:]]
        fresh = {part.target: Var(self.fn.names.fresh("_part")) for part in parts}
        for var in fresh.values():
            self.reads[var] = 1
            self.spliced.add(var.name)
        reader.parts = [_renamed(part, fresh, head.location) for part in parts]
        reader.head = _renamed(head, fresh, head.location)
        self.changed = True

    def _lower(self, target: str, expr: ast.expr) -> list:
        if self._lowering is None:
            self._lowering = part_lowering(self.fn)
        return self._lowering.assign(target, expr)


class _MovedIn(Substitute):
    """The value (printed for this substitution alone) put in place of the name it is read as:
    itself where first read, a copy where read again (as :class:`Substitute` puts everywhere)."""

    def __init__(self, name: str, value: ast.expr):
        super().__init__({name: value})
        self.moved = False

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if self.moved or not (isinstance(node.ctx, ast.Load) and node.id in self.names):
            return super().visit_Name(node)
        self.moved = True
        return self.names[node.id]


class _Ahead:
    """A block's lines indexed by position, so that a value's first reader and what comes between
    are looked up, not walked to (walking from every value to its reader was quadratic in long
    code): the lines reading each name and binding each name, in order, and for each position the
    first line from there on not printed ``name = <expression>``. A line rewritten to read other
    names is indexed again (``reread``); what a line binds and how it prints stay as they were."""

    def __init__(self, lines: list[Line], printed_kind):
        self.lines = lines
        self.position = {id(line): k for k, line in enumerate(lines)}
        self.reads = [line.reads() for line in lines]
        self.readers: dict[str, list[int]] = {}
        self.binders: dict[str, list[int]] = {}
        for k, line in enumerate(lines):
            for name in self.reads[k]:
                self.readers.setdefault(name, []).append(k)
            for name in bound(line.head):
                self.binders.setdefault(name, []).append(k)
        self.not_assignment = [len(lines)] * (len(lines) + 1)
        for k in range(len(lines) - 1, -1, -1):
            assignment = printed_kind(lines[k]) is ast.Assign
            self.not_assignment[k] = self.not_assignment[k + 1] if assignment else k

    def first_reader(self, name: str, i: int) -> int | None:
        """The position of the first line after ``i`` reading ``name``."""
        at = self.readers.get(name, ())
        k = bisect.bisect_right(at, i)
        return at[k] if k < len(at) else None

    def bound_before(self, names: set[str], i: int, k: int) -> bool:
        """Does a line strictly between ``i`` and ``k`` bind one of ``names``?"""
        for name in names:
            at = self.binders.get(name, ())
            j = bisect.bisect_right(at, i)
            if j < len(at) and at[j] < k:
                return True
        return False

    def reread(self, line: Line) -> None:
        """Index ``line`` again after a rewrite changed the names it reads."""
        k = self.position[id(line)]
        old, new = self.reads[k], line.reads()
        for name in old - new:
            at = self.readers[name]
            del at[bisect.bisect_left(at, k)]
        for name in new - old:
            bisect.insort(self.readers.setdefault(name, []), k)
        self.reads[k] = new


def _binds(stmt) -> set[str]:
    """The names a statement binds (a loop's target too)."""
    if isinstance(stmt, Loop):
        return {stmt.target.name} if stmt.target is not None else set()
    return bound(stmt)


def _spliceable(line: Line, reader: Line) -> bool:
    """Are the two lines' statements, the value's moved into the reader's, the IR that lowering
    the reader with the value substituted makes? Yes where lowering each one's printed
    expression makes it again (ad/expressions.py: lowered_as_itself): not a copy (lowering takes
    its source), not an expression a transform wrote, nor a spelling lowered otherwise."""
    return all(isinstance(s, Assign) and lowered_as_itself(s) for s in (*line.stmts, *reader.stmts))


def _place(reader: Line, name: Var) -> int:
    """Where, among ``reader``'s parts, the statements of a value read as ``name`` go: the
    lowering makes an expression's statements in the order it evaluates them (each operand's
    before its operator, operands left to right), so before those of the operands after
    ``name`` in the statement reading it, or before that statement. (The printer folds parts
    back only in that order.)"""
    stmts = reader.stmts
    index = {stmt.target: k for k, stmt in enumerate(reader.parts)}
    reading = next(k for k, stmt in enumerate(stmts) if name in stmt.uses())
    operands = stmts[reading].uses()
    at = reading
    for operand in operands[operands.index(name) + 1:]:
        if operand in index:
            at = min(at, _first_of(operand, index, stmts))
    return at


def _renamed(stmt: Assign, names: dict, location) -> Assign:
    def renamed(atom):
        return names.get(atom, atom) if isinstance(atom, Var) else atom
    return dataclasses.replace(stmt, target=renamed(stmt.target), args=tuple(map(renamed, stmt.args)),
                               kwargs=tuple((k, renamed(v)) for k, v in stmt.kwargs), location=location)


def _first_of(var: Var, index: dict, stmts: list) -> int:
    """The position of the first statement computing the part ``var`` (its own or an operand's)."""
    first, stack = index[var], [var]
    while stack:
        for operand in stmts[index[stack.pop()]].uses():
            if operand in index:
                first = min(first, index[operand])
                stack.append(operand)
    return first


def _negated(value: ast.expr) -> bool:
    return isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub)


def _is_scaling(value: ast.expr) -> bool:
    """``g * 0.5``: a product with a constant factor, which its one reader may cancel."""
    return (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult)
            and (constant(value.left) is not None or constant(value.right) is not None))


def _operations(node: ast.AST) -> int:
    return sum(isinstance(n, ast.BinOp) for n in ast.walk(node))


def _signed_operations(node: ast.AST) -> int:
    """Operations, a negation counted as one."""
    return sum(isinstance(n, ast.BinOp) or isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub)
               for n in ast.walk(node))
