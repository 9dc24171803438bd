"""Two nested loops seen as one loop over their (outer, inner) counter pairs.

A pairwise sum ``for i in range(n): for j in range(i + 1, n): e = e + f(x[i], x[j])`` has a
reverse sweep of the same two loops, in which no iteration depends on another: each adds its
contributions into ``d_x[i]`` and ``d_x[j]``. Vectorizing only the inner loop (opt/vectorize.py)
runs a row of NumPy calls per outer iteration, a dozen calls on short arrays ``n`` times;
collapsing the nest runs the dozen calls once, on arrays over all the pairs, as a hand-written
gradient does (``np.triu_indices``). This module recognises such a nest and gives the flat
loop's parts; opt/vectorize.py checks and rewrites its body as it does any loop's.

The nest recognised (the reverse sweep's form of two ``for ... in range`` loops):

* the outer loop runs over ``range(...)`` (or its ``reversed``), and its body is: integer
  arithmetic on its counter (``_t1 = i + 1``), copies ``a = b``; the inner loop; copies ``b = a``
  undoing the first ones (an adjoint the outer loop carries unchanged, renamed per iteration);
* the inner loop runs over ``range(start, stop)`` (step 1, or its ``reversed``), each bound the
  outer counter plus a constant or a value the outer loop does not change.

The pairs are ``nested_ranges(range(...), (a, b), (c, d))``: every ``(i, j)`` with ``i`` in the
outer range and ``a * i + b <= j < c * i + d`` (primitives/runtime.py). Their order differs from
the loops' (the vectorized code sums in another order: rounding only).
"""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass

from ..ir.code import bound_names, names, read_names


@dataclass
class Nest:
    """A collapsible nest: the flat loop (``for j in range(0)``, a placeholder iteration whose
    body is the outer loop's integer definitions and the inner loop's body, its copies
    substituted), its two counters, the expression giving their values over all pairs, and the
    statements that keep only the pairs an ``if`` on the counters lets through (``selection``)."""
    flat: ast.For
    counters: tuple[str, str]
    pairs: ast.expr
    selection: list
    count: int | None           # how many pairs, when the bounds are constants

    def bound_first(self) -> set[str]:
        """What the statements before the flat body bind (nothing after the nest may read it)."""
        return set().union(set(), *[bound_names(s) for s in self.selection])


def nest_of(loop: ast.For) -> Nest | None:
    """``loop`` as a :class:`Nest`, or None when it is not one (module docstring)."""
    if loop.orelse or not isinstance(loop.target, ast.Name) or _range(loop.iter) is None:
        return None
    inners = [k for k, s in enumerate(loop.body) if isinstance(s, ast.For)]
    if len(inners) != 1:
        return None
    k = inners[0]
    before, inner, after = loop.body[:k], loop.body[k], loop.body[k + 1:]
    outer = loop.target.id
    if inner.orelse or not isinstance(inner.target, ast.Name) or inner.target.id == outer:
        return None
    offsets = {outer: 0}                      # name -> c where name == outer counter + c
    copies: dict[str, str] = {}               # a -> b for `a = b` before the inner loop
    definitions = []
    for stmt in before:
        if not _simple(stmt):
            return None
        target, value = stmt.targets[0].id, stmt.value
        if isinstance(value, ast.Name) and value.id not in offsets and target not in copies.values():
            copies[target] = value.id
        elif _offset(value, offsets) is not None or read_names(value) & set(offsets):
            if not _integer(value, set(offsets)):
                return None
            if (c := _offset(value, offsets)) is not None:
                offsets[target] = c
            definitions.append(stmt)
        else:
            return None
    undone = {(s.value.id, s.targets[0].id) for s in after if _simple(s) and isinstance(s.value, ast.Name)}
    if len(undone) != len(after) or undone != set(copies.items()):
        return None                            # after the inner loop: only `b = a` for each `a = b`
    inner_writes = set().union(*[bound_names(s) for s in inner.body]) | {inner.target.id}
    if inner_writes & (set(copies) | set(copies.values()) | set(offsets)):
        return None                            # the inner loop changes what the outer carries
    bounds = _range(inner.iter)
    if bounds is None or len(bounds) == 3:
        return None
    start, stop = ([ast.Constant(0)] + bounds)[-2:]
    outer_writes = set().union(set(), *[bound_names(s) for s in before])    # (`_t1 = 2 * i`: varies)
    forms = [_affine(b, offsets, inner_writes | outer_writes) for b in (start, stop)]
    if None in forms:
        return None
    counters = (outer, inner.target.id)
    inner_body, selection = _selected(inner.body, set(offsets) | {inner.target.id}, counters)
    body = [copy.deepcopy(s) for s in definitions + inner_body]
    selection = [copy.deepcopy(s) for s in (definitions + selection if selection else [])]
    for a, b in copies.items():
        body = [_Rename(a, b).visit(s) for s in body]
    flat = ast.For(target=ast.Name(id=inner.target.id, ctx=ast.Store()),
                   iter=ast.Call(func=ast.Name(id="range", ctx=ast.Load()), args=[ast.Constant(0)], keywords=[]),
                   body=body, orelse=[], type_comment=None)
    outer_range = ast.Call(func=ast.Name(id="range", ctx=ast.Load()), args=_range(loop.iter), keywords=[])
    pairs = ast.Call(func=ast.Name(id="nested_ranges", ctx=ast.Load()),
                     args=[outer_range] + [ast.Tuple(elts=list(f), ctx=ast.Load()) for f in forms], keywords=[])
    return Nest(flat, counters, pairs, selection, _count(outer_range, forms))


def _count(outer_range: ast.Call, forms: list) -> int | None:
    """The number of pairs when every bound is an integer constant."""
    values = [a.value if isinstance(a, ast.Constant) and type(a.value) is int else None
              for a in [*outer_range.args, *[part for form in forms for part in form]]]
    if None in values:
        return None
    *outer, a, b, c, d = values
    return sum(max(0, (c * i + d) - (a * i + b)) for i in range(*outer))


def _selected(body: list, integers: set[str], counters: tuple[str, str]) -> tuple[list, list]:
    """For an inner body ``c = j > i; if c: A`` (integer conditions on the counters, then one
    branch without ``else``): ``A`` and the statements selecting the pairs (``c = j > i``,
    ``i, j = i[c], j[c]``). Otherwise ``body`` as it is, and no selection."""
    if not (body and isinstance(body[-1], ast.If) and not body[-1].orelse and isinstance(body[-1].test, ast.Name)):
        return body, []
    conditions, branch = body[:-1], body[-1]
    known = set(integers)
    for stmt in conditions:
        if not (_simple(stmt) and (_integer(stmt.value, known) or _comparison(stmt.value, known))):
            return body, []
        known.add(stmt.targets[0].id)
    test = branch.test.id
    bound = {s.targets[0].id for s in conditions}
    if test not in bound or bound & (set().union(set(), *[names(s) for s in branch.body])):
        return body, []            # (the branch reads a condition's value: over all pairs, not the kept)
    keep = ast.Tuple(elts=[ast.Name(id=c, ctx=ast.Store()) for c in counters], ctx=ast.Store())
    kept = ast.Tuple(elts=[ast.Subscript(value=ast.Name(id=c, ctx=ast.Load()), slice=ast.Name(id=test, ctx=ast.Load()),
                                         ctx=ast.Load()) for c in counters], ctx=ast.Load())
    return branch.body, conditions + [ast.Assign(targets=[keep], value=kept)]


def _comparison(node: ast.expr, integers: set[str]) -> bool:
    """``j > i``, ``i != j + 1``: one comparison of integers (elementwise on arrays as on numbers)."""
    return (isinstance(node, ast.Compare) and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq))
            and _integer(node.left, integers) and _integer(node.comparators[0], integers))


def copied_names(loop: ast.For) -> set[str]:
    """The names a nest's outer loop copies per iteration (``a`` of ``a = b``): gone from the
    flat loop, so nothing after it may read them."""
    return {s.targets[0].id for s in loop.body if _simple(s) and isinstance(s.value, ast.Name)}


def _simple(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)


def _range(node: ast.expr) -> list | None:
    """The arguments of ``range(...)`` or ``reversed(range(...))``."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "reversed"
            and len(node.args) == 1 and not node.keywords):
        node = node.args[0]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
            and 1 <= len(node.args) <= 3 and not node.keywords):
        return list(node.args)
    return None


def _offset(node: ast.expr, offsets: dict[str, int]) -> int | None:
    """c when ``node`` is the outer counter plus the integer constant c."""
    if isinstance(node, ast.Name):
        return offsets.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        sign = 1 if isinstance(node.op, ast.Add) else -1
        if isinstance(node.right, ast.Constant) and type(node.right.value) is int:
            inner = _offset(node.left, offsets)
            return None if inner is None else inner + sign * node.right.value
        if sign == 1 and isinstance(node.left, ast.Constant) and type(node.left.value) is int:
            inner = _offset(node.right, offsets)
            return None if inner is None else inner + node.left.value
    return None


def _integer(node: ast.expr, integers: set[str]) -> bool:
    """Integer arithmetic on the counter, names defined from it, and integer constants."""
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    if isinstance(node, ast.Name):
        return node.id in integers
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
        return _integer(node.left, integers) and _integer(node.right, integers)
    return False


def _affine(bound: ast.expr, offsets: dict[str, int], changing: set[str]) -> tuple[ast.expr, ast.expr] | None:
    """A bound of the inner range as (coefficient of the outer counter, the rest): ``i + 1`` is
    (1, 1), ``n`` (0, n) when the loops do not change ``n``; None for any other bound."""
    c = _offset(bound, offsets)
    if c is not None:
        return ast.Constant(1), ast.Constant(c)
    if names(bound) & (changing | set(offsets)) or any(not isinstance(n, (ast.Name, ast.Constant, ast.Load))
                                                        for n in ast.walk(bound)):
        return None
    return ast.Constant(0), bound


class _Rename(ast.NodeTransformer):
    def __init__(self, old: str, new: str):
        self.old, self.new = old, new

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id=self.new, ctx=node.ctx) if node.id == self.old else node
