"""Reverse loops whose iterations are independent, run over all the iterations at once.

A scalar loop such as the Rosenbrock sum ``for i in range(n - 1): s = s + f(x[i], x[i + 1])``
has a reverse loop in which no adjoint depends on another iteration: the output's adjoint
``d_s`` is the same in every iteration, and each iteration only adds its contributions into
``d_x[i]`` and ``d_x[i + 1]``. Such a loop is rewritten as array code: the loop counter becomes
``np.arange(...)``, every per-iteration number becomes an array over the iterations, element
reads ``x[i + 1]`` become slices (or integer-array reads), ``d_x[i] += g`` becomes a slice
update (``np.add.at`` where positions might repeat) and a scalar accumulation ``d_a = d_a + g``
becomes ``d_a + np.sum(g)``. The values are those of the loop up to the order in which
contributions to one element are added (floating-point rounding).

Only what is provably elementwise is rewritten; any other loop is left as it is:

* the loop runs over ``range(...)`` (forwards or ``reversed``), its body is straight-line
  assignments and ``buffer[index] += value`` (no branches, nested loops, calls with effects or
  tape pops, so no iteration reads what another wrote);
* every value the body computes is a number: arithmetic and comparison operators and NumPy
  ufuncs on numbers, and reads of single elements of arrays the loop does not write;
* a name the body assigns is not read before it is assigned in the same iteration, except by its
  own accumulation ``d_a = d_a + g``, and nothing after the loop reads it.

Those conditions are decided on the IR (opt/independence.py: each statement's primitive, what
it reads and binds, the shapes the transform knew). A loop the IR shows independent is read as
the Python it prints as (opt/loop_code.py: the transform's parts folded back, so ``x[i + 1]`` is
one read at the counter plus one), rewritten here as array code, and that code lowered back into
IR statements, which the passes after this one and the backend take as any others
(opt/passes.py: VECTORIZE, the last pass on reverse mode's IR, and its clean-up).
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.code import names
from ..ir.nodes import Assign, Copy, Function, If, Loop, Var
from .independence import Independence, for_loops, independence, offset, read_after, ufunc_of, value_of
from .lines import part_lowering, with_blocks_rewritten
from .loop_code import LoopCode
from .nests import Nest, copied_names, nest_of

# A loop inside another is vectorized only if it may run this many iterations: below, its
# iterations on Python numbers cost less than a dozen NumPy calls on small arrays per outer
# iteration (N11, 30 elements: 109 µs as scalars, 423 µs as rows). The count is bounded by the
# arrays the counter indexes: an index past twice their length raises.
NESTED_MINIMUM = 64
# Two nested loops are collapsed into one over their pairs (opt/nests.py) only if they run at
# least this many pairs: below, the iterations on Python numbers cost less than the dozen NumPy
# calls (the N11 pair potential's gradient: 10 pairs 5.9 µs as loops, 11.7 µs as arrays; 36
# pairs 13.0 and 12.3; 435 pairs 117 and 17).
NEST_MINIMUM = 40

def vectorize_loops(fn: Function, shapes: dict[str, tuple | None]) -> Function:
    """``fn`` (reverse-mode IR) with its independent-iteration loops as array code (``fn`` itself
    where none is). ``shapes``: known shapes of the values by name (``()`` for numbers). Which loops
    are independent is decided on the IR (opt/independence.py); each is rewritten as the Python
    it prints as (opt/loop_code.py), and that array code lowered back into IR statements."""
    if not for_loops(fn.body):
        return fn
    rewriter = _Rewriter(fn, shapes)
    body = rewriter.block(fn.body)
    if rewriter.lowering is None:
        return fn
    return dataclasses.replace(fn, body=body, folded=fn.folded | rewriter.lowering.folded)


class _Rewriter:
    def __init__(self, fn: Function, shapes: dict):
        self.fn, self.shapes = fn, shapes
        self.code = LoopCode(fn)
        self.lowering = None         # (made at the first loop rewritten: ad/expressions.py)

    def block(self, stmts: list, nested: bool = False) -> list:
        """``stmts`` with their loops rewritten; ``nested``: the block is inside a loop."""
        out = []
        for line in self.code.lines(stmts):
            head = line.head
            if isinstance(head, Loop) and head.kind == "for":
                replacement = self._loop(head, line.parts, nested)
                if replacement is not None:
                    out += [*line.parts, *replacement]
                    continue
            if isinstance(head, Loop):                  # a next iteration runs the body again
                head = with_blocks_rewritten(head, lambda b: self.block(b, nested=True))
            elif isinstance(head, If):
                head = with_blocks_rewritten(head, lambda b: self.block(b, nested))
            out += [*line.parts, head]
        return out

    def _loop(self, loop: Loop, parts: list, nested: bool) -> list | None:
        """The IR of ``loop``'s array code (as one loop over the pairs of it and the loop inside
        it, where they collapse: opt/nests.py), or None where it stays a loop. (A loop whose
        iterations are independent has no loop inside it: its body is as the IR has it.) The
        loop is printed only where it may be rewritten: most are not (a tape's pops)."""
        if not nested and _may_nest(loop):
            printed = self.code.loop(loop, parts)
            nest = nest_of(printed) if printed is not None else None
            if nest is not None:
                facts = self._nest_facts(loop, nest)
                replacement = self._vectorized(loop, printed, nested, facts, nest) if facts is not None else None
                if replacement is not None:
                    return replacement
        facts = independence(loop.body, (loop.target.name,), self.shapes)
        if facts is None:
            return None
        printed = self.code.loop(loop, parts)
        return self._vectorized(loop, printed, nested, facts) if printed is not None else None

    def _nest_facts(self, loop: Loop, nest: Nest) -> Independence | None:
        body, aliases = _flat_body(loop, nest)
        return independence(body, nest.counters, self.shapes, offset_counter=False, aliases=aliases)

    def _vectorized(self, loop: Loop, stmt: ast.For, nested: bool, facts: Independence,
                    nest: Nest | None = None) -> list | None:
        """The IR of the array code for ``loop``, printed ``stmt`` (``nest``: with the loop inside
        it, as one over their pairs), whose iterations the IR showed independent (``facts``), or
        None where they run too few times to pay or a later statement reads its last values."""
        bounds = _range_arguments(stmt.iter)
        if bounds is None or stmt.orelse:
            return None
        if nest is None:
            copied, counters, first = set(), (loop.target.name,), set()
        else:
            copied, counters, first = copied_names(stmt), nest.counters, nest.bound_first()
        if nest and nest.count is not None and nest.count < NEST_MINIMUM:
            return None           # a few pairs: the loops on numbers cost less than the array calls
        if nested and facts.lengths and 2 * min(facts.lengths) < NESTED_MINIMUM:
            return None           # a short inner loop: a row of small-array calls costs more than it
        if read_after(self.fn, loop, (facts.bound - facts.accumulators) | set(counters) | copied | first):
            return None           # a later statement reads the loop's last value
        static = None if nest else _static_range(bounds)
        code = _Loop(nest.flat if nest else stmt, self.shapes, facts, static, nest).rewritten(bounds)
        if self.lowering is None:
            self.lowering = part_lowering(self.fn)
        return self.code.lowered(code, loop, self.lowering)


def _may_nest(loop: Loop) -> bool:
    """Might ``loop`` collapse with the loop inside it (opt/nests.py)? One ``for`` loop in its
    body, the rest values bound (as nests.py reads them printed)."""
    inner = [s for s in loop.body if isinstance(s, Loop)]
    return (len(inner) == 1 and inner[0].kind == "for"
            and all(isinstance(s, (Assign, Copy)) for s in loop.body if s is not inner[0]))


class _Loop:
    """The rewrite of a loop the IR showed independent (``facts``): its printed statements for
    arrays of the iterations' numbers. ``static``: (first, step, count) of the counter's values,
    ascending, when the range's bounds are constants."""

    def __init__(self, loop: ast.For, shapes: dict, facts: Independence, static: tuple | None,
                 nest: Nest | None = None):
        self.loop, self.shapes, self.static, self.nest = loop, shapes, static, nest   # (nest: opt/nests.py)
        self.varying, self.offsets, self.accumulators = facts.varying, facts.offsets, facts.accumulators

    def rewritten(self, bounds: list) -> list:
        if self.static is not None and self.static[2] == 0:
            return []                                # runs no iteration
        if self.nest:
            pairs = ast.Tuple(elts=[_store(c) for c in self.nest.counters], ctx=ast.Store())
            out = [ast.Assign(targets=[pairs], value=self.nest.pairs), *self.nest.selection]
        else:
            out = [ast.Assign(targets=[_store(self.loop.target.id)], value=self._counter_values(bounds))]
        for stmt in self.loop.body:
            out.append(self._statement(stmt))
        return out

    # Rewriting ----------------------------------------------------------------------------
    def _counter_values(self, bounds: list) -> ast.expr:
        if self.static is not None:
            first, step, count = self.static
            args = [first, first + step * count] + ([step] if step != 1 else [])
            args = args[1:] if first == 0 and step == 1 else args
            return _np("arange", *[ast.Constant(a) for a in args])
        return _np("arange", *bounds)

    def _statement(self, stmt: ast.stmt) -> ast.stmt:
        if isinstance(stmt, ast.Assign):
            target = stmt.targets[0].id
            if target in self.accumulators:          # d_a = d_a + g  ->  d_a + np.sum(g)
                total = _np("sum", self._value(stmt.value.right))
                return ast.Assign(targets=[_store(target)], value=ast.BinOp(left=_load(target), op=ast.Add(), right=total))
            elementwise = _Elementwise(self)
            value = elementwise.visit(stmt.value)
            # (the same on arrays: the statement is as it was, and so is its IR)
            return ast.Assign(targets=stmt.targets, value=value) if elementwise.changed else stmt
        buffer, index, value = stmt.target.value.id, stmt.target.slice, self._value(stmt.value)
        if not names(index) & self.varying:         # one position, every iteration
            return ast.AugAssign(target=stmt.target, op=ast.Add(), value=_np("sum", value))
        positions = self._slices(buffer, index)
        if positions is not None:                    # distinct positions: an in-place update
            target = ast.Subscript(value=_load(buffer), slice=positions, ctx=ast.Store())
            return ast.AugAssign(target=target, op=ast.Add(), value=value)
        add_at = ast.Attribute(value=ast.Attribute(value=_load("np"), attr="add", ctx=ast.Load()), attr="at",
                               ctx=ast.Load())
        return ast.Expr(value=ast.Call(func=add_at, args=[_load(buffer), self._index(buffer, index), value],
                                       keywords=[]))

    def _value(self, node: ast.expr) -> ast.expr:
        """``node`` for arrays of the iterations' numbers: element reads become slices (or
        integer-array reads), and what only works on numbers its NumPy counterpart."""
        return _Elementwise(self).visit(node)

    def _index(self, array: str, index: ast.expr) -> ast.expr:
        return self._slices(array, index) or index

    def _slices(self, array: str, index: ast.expr) -> ast.expr | None:
        """The positions ``array[index]`` takes over all iterations as slices, when they are
        known to be in bounds (then also distinct); None otherwise."""
        if self.static is None:
            return None
        first, step, count = self.static
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        out = []
        for part, length in zip(parts, self.shapes[array]):
            c = offset(part, self.offsets)
            if c is not None:
                low = first + c
                high = low + step * (count - 1)
                if not (0 <= low and high < length):
                    return None
                out.append(ast.Slice(lower=ast.Constant(low) if low else None,
                                     upper=ast.Constant(high + 1) if high + 1 != length else None,
                                     step=ast.Constant(step) if step != 1 else None))
            elif not names(part) & self.varying:
                out.append(part)
            else:
                return None
        if sum(isinstance(p, ast.Slice) for p in out) != 1:
            return None           # (two counters in one index would pair, not cross, positions)
        return out[0] if len(out) == 1 else ast.Tuple(elts=out, ctx=ast.Load())


class _Elementwise(ast.NodeTransformer):
    """An expression of a loop's numbers as one of arrays of them (``_Loop._value``); ``changed``:
    whether anything in it was rewritten."""

    def __init__(self, loop: _Loop):
        self.loop, self.changed = loop, False

    def visit_Subscript(self, sub):
        self.changed = True
        return ast.Subscript(value=sub.value, slice=self.loop._index(sub.value.id, sub.slice), ctx=ast.Load())

    def visit_IfExp(self, node):           # both sides are computed, one is kept
        self.generic_visit(node)
        self.changed = True
        return _np("where", node.test, node.body, node.orelse)

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        self.changed = True
        combined = node.values[0]
        for value in node.values[1:]:
            combined = _np("logical_and" if isinstance(node.op, ast.And) else "logical_or", combined, value)
        return combined

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if not isinstance(node.op, ast.Not):
            return node
        self.changed = True
        return _np("logical_not", node.operand)

    def visit_Call(self, node):
        self.generic_visit(node)
        counterpart = ufunc_of(node.func)
        if not counterpart:
            return node
        self.changed = True
        return _np(counterpart, *node.args)


# --------------------------------------------------------------------------- helpers
def _range_arguments(node: ast.expr) -> list | None:
    """The arguments of ``range(...)`` or ``reversed(range(...))``; None for another iterable
    (a checkpointed loop's segment, ``range(...)[a:b]``) or a step of 0 (which raises)."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "reversed"
            and len(node.args) == 1):
        node = node.args[0]
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
            and 1 <= len(node.args) <= 3 and not node.keywords):
        return None
    if len(node.args) == 3 and isinstance(node.args[2], ast.Constant) and node.args[2].value == 0:
        return None
    return node.args


def _static_range(bounds: list) -> tuple[int, int, int] | None:
    """(first, step, count) of the values, ascending, when the bounds are integer constants."""
    if not all(isinstance(b, ast.Constant) and type(b.value) is int for b in bounds):
        return None
    values = range(*[b.value for b in bounds])
    if not values:
        return (0, 1, 0)
    first = min(values[0], values[-1])
    return first, abs(values.step), len(values)


def _np(function: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Attribute(value=_load("np"), attr=function, ctx=ast.Load()), args=list(args),
                    keywords=[])


def _load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Load())


def _store(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Store())


def _flat_body(outer: Loop, nest: Nest) -> tuple[list, dict[str, str]]:
    """The IR statements of ``nest``'s flat loop (opt/nests.py), printed from ``outer``: the outer
    loop's definitions from its counter, then the inner loop's body (the branch of its pair
    selection); and the copies ``a = b`` before the inner loop, read as ``b`` (``{a: b}``), as
    opt/nests.py tells them apart."""
    k = next(k for k, s in enumerate(outer.body) if isinstance(s, Loop))
    offsets, aliases, definitions = {outer.target.name: 0}, {}, []
    for stmt in outer.body[:k]:
        source = stmt.source.name if isinstance(stmt, Copy) and isinstance(stmt.source, Var) else None
        if source is not None and source not in offsets and stmt.target.name not in aliases.values():
            aliases[stmt.target.name] = source
        else:
            definitions.append(stmt)
            if (c := offset(value_of(stmt), offsets)) is not None:
                offsets[stmt.target.name] = c
    inner = outer.body[k].body
    return definitions + (inner[-1].body if nest.selection else inner), aliases
