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
"""
from __future__ import annotations

import ast
import math

import numpy as np

from ..ir.code import name_counts, names
from ..primitives import REGISTRY
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

_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.FloorDiv, ast.Mod)
_COMPARISONS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)


def vectorize_loops(body: list, shapes: dict[str, tuple | None]) -> list:
    """``body`` (a function body) with its independent-iteration loops as array code.
    ``shapes``: known shapes of the names the code uses (``()`` for numbers)."""
    return _rewrite_block(body, shapes, [])


def _rewrite_block(stmts: list, shapes: dict, after: list, nested: bool = False) -> list:
    """``after``: the statements that may run after this block (what reads a loop's names);
    ``nested``: the block is inside a loop."""
    out = []
    for k, stmt in enumerate(stmts):
        following = stmts[k + 1:] + after
        if isinstance(stmt, ast.For) and not nested and (nest := nest_of(stmt)) is not None:
            replacement = _Loop(nest.flat, shapes, following, nest=nest, copied=copied_names(stmt)).vectorized()
            if replacement is not None:                 # the two loops as one over their pairs
                out += replacement
                continue
        if isinstance(stmt, (ast.For, ast.While)):      # a next iteration runs the body again
            stmt.body = _rewrite_block(stmt.body, shapes, [stmt] + following, nested=True)
        elif isinstance(stmt, ast.If):
            stmt.body = _rewrite_block(stmt.body, shapes, following, nested)
            stmt.orelse = _rewrite_block(stmt.orelse, shapes, following, nested)
        if isinstance(stmt, ast.For):
            replacement = _Loop(stmt, shapes, following, nested).vectorized()
            if replacement is not None:
                out += replacement
                continue
        out.append(stmt)
    return out


class _Reject(Exception):
    """The loop is not provably independent and elementwise: leave it as it is."""


class _Loop:
    def __init__(self, loop: ast.For, shapes: dict, after: list, nested: bool = False, nest: Nest | None = None,
                 copied: set[str] = frozenset()):
        self.loop, self.shapes, self.after, self.nested = loop, shapes, after, nested
        self.nest, self.copied = nest, copied      # (a collapsed nest: opt/nests.py)
        self.lengths: list[int] = []              # of the axes the counter (plus a constant) indexes
        self.varying: set[str] = set()            # names holding one number per iteration
        self.offsets: dict[str, int] = {}         # name -> c where name == counter + c
        self.assigned: set[str] = set()

    def vectorized(self) -> list | None:
        try:
            return self._rewrite()
        except _Reject:
            return None

    # Checks -------------------------------------------------------------------------------
    def _rewrite(self) -> list:
        loop = self.loop
        if loop.orelse or not isinstance(loop.target, ast.Name):
            raise _Reject
        counters = set(self.nest.counters) if self.nest else {loop.target.id}
        bounds = _range_arguments(loop.iter)
        self.static = None if self.nest else _static_range(bounds)   # (first, step, count) when all constant
        self.varying, self.integers = set(counters), set(counters)
        self.offsets = {} if self.nest else {loop.target.id: 0}   # (a nest's pairs are no slices)
        self._check_body(counters)
        if self.nest and self.nest.count is not None and self.nest.count < NEST_MINIMUM:
            raise _Reject         # a few pairs: the loops on numbers cost less than the array calls
        if self.nested and self.lengths and 2 * min(self.lengths) < NESTED_MINIMUM:
            raise _Reject         # a short inner loop: a row of small-array calls costs more than it
        first = self.nest.bound_first() if self.nest else set()
        if _read_before_bound((self.assigned - self.accumulators) | counters | self.copied | first, self.after):
            raise _Reject                            # a later statement reads the loop's last value
        if self.static is not None and self.static[2] == 0:
            return []                                # runs no iteration
        if self.nest:
            pairs = ast.Tuple(elts=[_store(c) for c in self.nest.counters], ctx=ast.Store())
            out = [ast.Assign(targets=[pairs], value=self.nest.pairs), *self.nest.selection]
        else:
            out = [ast.Assign(targets=[_store(loop.target.id)], value=self._counter_values(bounds))]
        for stmt in loop.body:
            out.append(self._statement(stmt))
        return out

    def _check_body(self, counters: set[str]) -> None:
        if any(isinstance(s, ast.Assign) and not (len(s.targets) == 1 and isinstance(s.targets[0], ast.Name))
               for s in self.loop.body):
            raise _Reject                            # (a, b = b, a: the iterations are linked)
        assigned = {s.targets[0].id for s in self.loop.body if isinstance(s, ast.Assign)}
        self.assigned = assigned
        defined: set[str] = set()
        self.accumulators: set[str] = set()
        buffers: set[str] = set()
        for stmt in self.loop.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                target = stmt.targets[0].id
                early = (_names(stmt.value) & assigned) - defined
                if early:
                    if early != {target} or not _accumulates(stmt, target) or target in self.varying:
                        raise _Reject
                    self.accumulators.add(target)
                    self._check_value(stmt.value.right)
                    if not _names(stmt.value.right) & self.varying:
                        raise _Reject               # the same number added every iteration
                else:
                    self._check_value(stmt.value)
                    if _names(stmt.value) & self.varying:
                        self.varying.add(target)
                    self._note_offset(target, stmt.value)
                    if _integer_arithmetic(stmt.value, self.integers):
                        self.integers.add(target)
                defined.add(target)
            elif (isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add)
                  and isinstance(stmt.target, ast.Subscript) and isinstance(stmt.target.value, ast.Name)):
                buffer = stmt.target.value.id
                if buffer in assigned or buffer in counters:
                    raise _Reject
                self._check_index(buffer, stmt.target.slice)
                self._check_value(stmt.value)
                if not (_names(stmt.target.slice) | _names(stmt.value)) & self.varying:
                    raise _Reject
                buffers.add(buffer)
            else:
                raise _Reject
        reads = _load_counts([s.value if isinstance(s, ast.Assign) else s for s in self.loop.body])
        for accumulator in self.accumulators:
            if reads.get(accumulator, 0) != 1 or accumulator in buffers:
                raise _Reject                        # read by anything but its own update
        for buffer in buffers:
            if any(buffer in _names(s.value) or isinstance(s, ast.AugAssign) and buffer in _names(s.target.slice)
                   for s in self.loop.body):
                raise _Reject                        # read inside the loop

    def _check_value(self, node: ast.expr) -> None:
        """``node`` is arithmetic on numbers (so it works elementwise on arrays of them)."""
        if isinstance(node, ast.Constant):
            if type(node.value) not in (int, float, bool):
                raise _Reject
        elif isinstance(node, ast.Name):
            if node.id not in self.varying and node.id not in self.assigned and self.shapes.get(node.id) != ():
                raise _Reject                        # not known to be a number
        elif isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC):
            if isinstance(node.left, ast.Compare) and isinstance(node.right, ast.Compare):
                raise _Reject                        # Python's True + True is 2, NumPy's True
            self._check_value(node.left)
            self._check_value(node.right)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            self._check_value(node.operand)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], _COMPARISONS):
            self._check_value(node.left)
            self._check_value(node.comparators[0])
        elif isinstance(node, ast.Call) and (_is_ufunc(node.func) or _as_ufunc(node.func)) and not node.keywords:
            for arg in node.args:
                self._check_value(arg)
        elif isinstance(node, ast.IfExp):
            for part in (node.test, node.body, node.orelse):
                self._check_value(part)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self._check_value(value)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self._check_value(node.operand)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            if node.value.id in self.assigned:
                raise _Reject
            self._check_index(node.value.id, node.slice)
        else:
            raise _Reject

    def _check_index(self, array: str, index: ast.expr) -> None:
        """``array[index]`` is one element: one number per dimension, none a slice."""
        shape = self.shapes.get(array)
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        if not (isinstance(shape, tuple) and len(shape) == len(parts) >= 1):
            raise _Reject
        for axis, part in enumerate(parts):
            if self._offset(part) is not None and type(shape[axis]) is int:
                self.lengths.append(shape[axis])     # (which bounds the iterations: 2n positions at most)
        for part in parts:                           # integers: no bool or float positions
            if not (_integer_arithmetic(part, self.integers)
                    or isinstance(part, ast.Name) and part.id not in self.assigned and self.shapes.get(part.id) == ()):
                raise _Reject

    def _note_offset(self, target: str, value: ast.expr) -> None:
        offset = self._offset(value)
        if offset is not None:
            self.offsets[target] = offset

    def _offset(self, node: ast.expr) -> int | None:
        """c when ``node`` is the counter plus a constant c (``i``, ``i + 1``, ``2 + t``, ``i - 1``
        with names that are such sums themselves); None otherwise."""
        if isinstance(node, ast.Name):
            return self.offsets.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            for base, c, sign in ((node.left, node.right, 1 if isinstance(node.op, ast.Add) else -1),
                                  (node.right, node.left, 1 if isinstance(node.op, ast.Add) else None)):
                inner = self._offset(base)
                if sign is not None and inner is not None and isinstance(c, ast.Constant) and type(c.value) is int:
                    return inner + sign * c.value
        return None

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
            return ast.Assign(targets=stmt.targets, value=self._value(stmt.value))
        buffer, index, value = stmt.target.value.id, stmt.target.slice, self._value(stmt.value)
        if not _names(index) & self.varying:         # one position, every iteration
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
        loop = self

        class Elementwise(ast.NodeTransformer):
            def visit_Subscript(self, sub):
                return ast.Subscript(value=sub.value, slice=loop._index(sub.value.id, sub.slice), ctx=ast.Load())

            def visit_IfExp(self, node):           # both sides are computed, one is kept
                self.generic_visit(node)
                return _np("where", node.test, node.body, node.orelse)

            def visit_BoolOp(self, node):
                self.generic_visit(node)
                combined = node.values[0]
                for value in node.values[1:]:
                    combined = _np("logical_and" if isinstance(node.op, ast.And) else "logical_or", combined, value)
                return combined

            def visit_UnaryOp(self, node):
                self.generic_visit(node)
                return _np("logical_not", node.operand) if isinstance(node.op, ast.Not) else node

            def visit_Call(self, node):
                self.generic_visit(node)
                counterpart = _as_ufunc(node.func)
                return _np(counterpart, *node.args) if counterpart else node

        return Elementwise().visit(node)

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
            offset = self._offset(part)
            if offset is not None:
                low = first + offset
                high = low + step * (count - 1)
                if not (0 <= low and high < length):
                    return None
                out.append(ast.Slice(lower=ast.Constant(low) if low else None,
                                     upper=ast.Constant(high + 1) if high + 1 != length else None,
                                     step=ast.Constant(step) if step != 1 else None))
            elif not _names(part) & self.varying:
                out.append(part)
            else:
                return None
        if sum(isinstance(p, ast.Slice) for p in out) != 1:
            return None           # (two counters in one index would pair, not cross, positions)
        return out[0] if len(out) == 1 else ast.Tuple(elts=out, ctx=ast.Load())


# --------------------------------------------------------------------------- helpers
def _read_before_bound(local: set[str], stmts: list) -> bool:
    """Does any of ``local`` get read by ``stmts`` (in program order) before being bound again?
    A loop's or branch's body is followed in order too (its counter bound first), but what it
    binds may not be bound after it (it may run no iteration, take the other branch)."""
    pending = set(local)
    for stmt in stmts:
        if isinstance(stmt, (ast.For, ast.While, ast.If)):
            header = getattr(stmt, "iter", None) or stmt.test
            if _load_counts([header]).keys() & pending:
                return True
            bound_first = names(stmt.target, ast.Store) if isinstance(stmt, ast.For) else set()
            if _read_before_bound(pending - bound_first, stmt.body) or _read_before_bound(pending, stmt.orelse):
                return True
            continue
        if _load_counts([stmt]).keys() & pending:
            return True
        pending -= names(stmt, ast.Store)
        if not pending:
            return False
    return False


def _range_arguments(node: ast.expr) -> list:
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "reversed"
            and len(node.args) == 1):
        node = node.args[0]
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
            and 1 <= len(node.args) <= 3 and not node.keywords):
        raise _Reject
    return node.args


def _static_range(bounds: list) -> tuple[int, int, int] | None:
    """(first, step, count) of the values, ascending, when the bounds are integer constants."""
    if not all(isinstance(b, ast.Constant) and type(b.value) is int for b in bounds):
        return None
    values = range(*[b.value for b in bounds])
    if values.step == 0:
        raise _Reject
    if not values:
        return (0, 1, 0)
    first = min(values[0], values[-1])
    return first, abs(values.step), len(values)


def _integer_arithmetic(node: ast.expr, integers: set[str]) -> bool:
    """Integer operations on integers (the counter, int constants): an integer again."""
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, ast.Name):
        return node.id in integers
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)):
        return _integer_arithmetic(node.left, integers) and _integer_arithmetic(node.right, integers)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _integer_arithmetic(node.operand, integers)
    return False


def _accumulates(stmt: ast.Assign, target: str) -> bool:
    value = stmt.value
    return (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add) and isinstance(value.left, ast.Name)
            and value.left.id == target and target not in _names(value.right))


def _is_ufunc(func: ast.expr) -> bool:
    """``np.exp``, ``np.maximum``, ... (and ``np.where``): elementwise on arrays as on numbers."""
    ufunc = getattr(np, func.attr, None) if isinstance(func, ast.Attribute) else None
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np"
            and (isinstance(ufunc, np.ufunc) and ufunc.signature is None or func.attr == "where"))


def _as_ufunc(func: ast.expr) -> str | None:
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


def _names(node: ast.AST) -> set[str]:
    return names(node)


def _load_counts(stmts: list) -> dict[str, int]:
    return name_counts(stmts, ast.Load)


def _np(function: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Attribute(value=_load("np"), attr=function, ctx=ast.Load()), args=list(args),
                    keywords=[])


def _load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Load())


def _store(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Store())
