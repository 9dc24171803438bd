"""General clean-up passes on generated code: constants, copies, temporaries used once, and
freeing arrays after their last use (dead code: ir/liveness.py)."""
from __future__ import annotations

import ast
import bisect
import copy
import re

from ..ir.algebra import constant, is_negation, simplify, simplify_top
from ..ir.code import bound_names, name_counts, names, read_names
from ..ir.liveness import pops

# --------------------------------------------------------------------------- constants
def propagate_constants(stmts: list) -> list:
    """A name bound once, at the top level, to a float literal (``d_s = 1.0``, an adjoint given
    a name for a loop) is replaced by the literal where it is read, and the arithmetic on it
    simplified (``d_s * 100.0`` is ``100.0``)."""
    stores = name_counts(stmts, ast.Store)
    while True:
        values = {s.targets[0].id: s.value for s in stmts
                  if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                  and type(constant(s.value)) is float and stores.get(s.targets[0].id) == 1}
        if not values:
            return stmts
        kept = [s for s in stmts if not (isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)
                                         and s.targets[0].id in values)]
        substitute = Substitute(values)
        stmts = [simplify(substitute.visit(s)) for s in kept]   # (which may bind more)


# --------------------------------------------------------------------------- copies
def merge_copies(stmts: list) -> list:
    """``x = <expr>`` directly followed by ``y = x``, with ``x`` read nowhere else, becomes
    ``y = <expr>`` (a loop-carried value's new version, or an adjoint renamed at an iteration's
    end): one statement fewer per iteration."""
    return _merge_block(stmts, name_counts(stmts, ast.Load), {}, {})


def _accumulated(stmt, out: list, reads_of: dict) -> int | None:
    """For ``x = x + b`` (or ``- b``), the position in ``out`` of an earlier ``x = a`` that can
    move down to it: nothing in between reads ``x`` or rebinds what ``a`` reads (only plain
    assignments in between). ``reads_of``: the names each statement of ``out`` reads, by id
    (each asked of every later accumulation: computed once)."""
    if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.BinOp) and isinstance(stmt.value.op, (ast.Add, ast.Sub))
            and isinstance(stmt.value.left, ast.Name) and stmt.value.left.id == stmt.targets[0].id):
        return None
    name = stmt.targets[0].id
    if name in read_names(stmt.value.right):
        return None
    rebound: set[str] = set()
    for j in range(len(out) - 1, -1, -1):
        earlier = out[j]
        if not (isinstance(earlier, ast.Assign) and len(earlier.targets) == 1 and isinstance(earlier.targets[0], ast.Name)):
            return None
        if id(earlier) not in reads_of:       # (the statement kept too: its id stays its own)
            reads_of[id(earlier)] = (earlier, read_names(earlier.value))
        reads = reads_of[id(earlier)][1]
        if earlier.targets[0].id == name:
            return j if name not in reads and not reads & rebound and not pops(earlier.value) else None
        if name in reads:
            return None
        rebound.add(earlier.targets[0].id)
    return None


def _merge_block(stmts: list, reads: dict[str, int], reads_of: dict, depths: dict) -> list:
    out: list = []
    for stmt in stmts:
        for attr in ("body", "orelse"):
            if isinstance(getattr(stmt, attr, None), list) and not isinstance(stmt, ast.FunctionDef):
                setattr(stmt, attr, _merge_block(getattr(stmt, attr), reads, reads_of, depths))
        earlier = _accumulated(stmt, out, reads_of)
        if earlier is not None and _depth(out[earlier].value, depths) + _depth(stmt.value, depths) <= MAX_DEPTH:
            # x = a; ...; x = x + b  ->  ...; x = a + b  (a and b simplified already: only the sum)
            first = out.pop(earlier)
            total = simplify_top(ast.BinOp(left=first.value, op=stmt.value.op, right=stmt.value.right))
            depths[id(total)] = (total, max(_depth(first.value, depths), _depth(stmt.value.right, depths)) + 2)
            out.append(ast.Assign(targets=[stmt.targets[0]], value=total))
            reads[stmt.targets[0].id] -= 1     # the `x` in `x + b` is gone
            continue
        previous = out[-1] if out else None
        if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Name)
                and isinstance(stmt.targets[0], ast.Name) and isinstance(previous, ast.Assign)
                and isinstance(previous.targets[0], ast.Name) and previous.targets[0].id == stmt.value.id
                and reads.get(stmt.value.id) == 1 and not pops(previous.value)):
            out[-1] = ast.Assign(targets=[stmt.targets[0]], value=previous.value)
            continue
        stmt = _renamed_copies(stmt, out, reads)
        if stmt is not None:
            out.append(stmt)
    return out


# How far back a copy's source is looked for (each copy's scan is bounded: linear compile time).
_COPY_WINDOW = 16


def _renamed_copies(stmt, out: list, reads: dict[str, int]):
    """For a copy ``y = x`` (or a parallel one, ``a, b = a_1, b_1``) whose ``x`` is read nowhere
    else and bound by one of the last statements of ``out`` after which nothing reads or binds
    ``y``: that statement binds ``y`` instead, and the copy goes (a loop-carried value's new
    version bound under its own name: ``x_2 = r * x_1; ...; x_1 = x_2`` is ``x_1 = r * x_1``).
    What is left of ``stmt`` (None for nothing)."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return stmt
    target, value = stmt.targets[0], stmt.value
    if isinstance(target, ast.Name) and isinstance(value, ast.Name):
        pairs = [(target.id, value.id)]
    elif (isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts)
          and all(isinstance(n, ast.Name) for n in target.elts + value.elts)):
        pairs = [(t.id, v.id) for t, v in zip(target.elts, value.elts)]
    else:
        return stmt
    left = []
    for y, x in pairs:
        others = {v for t, v in pairs if (t, v) != (y, x)}     # (read by the same parallel copy)
        source = (_source_of(x, y, out) if reads.get(x) == 1 and y not in others and not _primal_copy_kept(y, x, out)
                  else None)
        if source is None:
            left.append((y, x))
            continue
        out[source] = ast.Assign(targets=[ast.Name(id=y, ctx=ast.Store())], value=out[source].value)
        reads[x] -= 1
    if len(left) == len(pairs):
        return stmt
    if not left:
        return None
    if len(left) == 1:
        return ast.Assign(targets=[ast.Name(id=left[0][0], ctx=ast.Store())], value=ast.Name(id=left[0][1], ctx=ast.Load()))
    return ast.Assign(targets=[ast.Tuple(elts=[ast.Name(id=y, ctx=ast.Store()) for y, _ in left], ctx=ast.Store())],
                      value=ast.Tuple(elts=[ast.Name(id=x, ctx=ast.Load()) for _, x in left], ctx=ast.Load()))


def _primal_copy_kept(y: str, x: str, out: list) -> bool:
    """Forward mode's tangent ``t_y = t_x`` whose primal's copy ``y = x`` stays: the tangent
    stays a copy too, so that each tangent is named after the primal it follows."""
    if not (y.startswith("t_") and x.startswith("t_")):
        return False
    copies = {(s.targets[0].id, s.value.id) for s in out[-_COPY_WINDOW:]
              if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Name)}
    return any((p + y[2:], p + x[2:]) in copies for p in ("", "_"))


def _source_of(x: str, y: str, out: list) -> int | None:
    """The position in ``out`` of ``x = <expr>`` after which only simple statements come, none
    mentioning ``y`` (a branch in between may ``break`` with ``y``'s old value)."""
    for k in range(len(out) - 1, max(-1, len(out) - 1 - _COPY_WINDOW), -1):
        earlier = out[k]
        if (isinstance(earlier, ast.Assign) and len(earlier.targets) == 1 and isinstance(earlier.targets[0], ast.Name)
                and earlier.targets[0].id == x):
            return None if pops(earlier.value) else k
        if not isinstance(earlier, (ast.Assign, ast.AugAssign, ast.Expr)) or y in names(earlier) or x in names(earlier):
            return None
    return None


# --------------------------------------------------------------------------- expression depth
# The passes that merge statements into expressions stop at this nesting depth (AST levels):
# a chain of 2,000 accumulations or temporaries stays a chain of statements. Deep expressions are
# unreadable, and every walk of them recurses: the passes' own NodeTransformers, astor printing,
# Python's compile() of an AST. Ordinary expressions are far shallower than this.
MAX_DEPTH = 40


def depth(node) -> int:
    """Nesting depth of an AST node (1 for a leaf), without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        for child in ast.iter_child_nodes(node):
            stack.append((child, level + 1))
    return deepest


def _depth(node: ast.AST, depths: dict) -> int:
    """:func:`depth`, remembered per node (by id, the node kept so that its id stays its own)."""
    if id(node) not in depths:
        depths[id(node)] = (node, depth(node))
    return depths[id(node)][1]


def _too_deep(value: ast.AST, into: ast.AST) -> bool:
    """Would putting ``value`` inside ``into`` make an expression deeper than ``MAX_DEPTH``?
    (Conservatively: the two depths added.)"""
    return depth(value) + depth(into) > MAX_DEPTH


# --------------------------------------------------------------------------- temporaries
_TEMPORARY = re.compile(r"_t\d+$")


def inline_temporaries(stmts: list, negations: bool = False) -> list:
    """``_t4 = a - b`` followed by ``D = _t4 ** 2``, with ``_t4`` read nowhere else, becomes
    ``D = (a - b) ** 2``: the code reads like the source, and the intermediate array is freed as
    soon as it is used instead of living until the function returns."""
    loads, stores = name_counts(stmts, ast.Load), name_counts(stmts, ast.Store)
    return _inline_block(stmts, loads, stores, negations)


def _inline_block(stmts: list, loads: dict[str, int], stores: dict[str, int], negations: bool = False,
                  temporaries: bool = True) -> list:
    stmts = list(stmts)
    for stmt in stmts:
        for attr in ("body", "orelse"):
            if isinstance(getattr(stmt, attr, None), list):
                setattr(stmt, attr, _inline_block(getattr(stmt, attr), loads, stores, negations, temporaries))
    sites = _Sites(stmts)
    for i, stmt in enumerate(stmts):
        target = ((temporaries and _single_use_temporary(stmt, loads, stores))
                  or (negations and _single_use_negation(stmt, loads, stores)))
        folded = None
        if temporaries and not target and (scaled := _single_use_scaling(stmt, loads, stores)):
            user = sites.inline_site(i, scaled)
            folded = _folded_into(stmts[user], scaled, stmt.value) if user is not None else None
            target = scaled if folded is not None else None
        user = sites.inline_site(i, target) if target else None
        if user is None or _too_deep(stmt.value, stmts[user]):
            continue
        if folded is not None:
            stmts[user] = folded
        else:
            _Replace(target, stmt.value).visit(stmts[user])
        if negations:
            stmts[user] = _simplified(stmts[user])
        sites.moved(i, user, target)
        stmts[i] = None
    return [stmt for stmt in stmts if stmt is not None]


class _Sites:
    """Where a value bound by ``stmts[i]`` may move to: the first later statement reading its
    name, if only assignments that rebind none of the names the value reads come between (no
    call statements, no sweep comments: barriers). Indexed (sorted positions of each name's
    readers and writers, and of the barriers), so that finding it does not scan every
    statement in between (which made a value read 1,000 statements later quadratic). The block
    is walked in order and a moved statement is only ever the current one: positions stay put
    (a moved statement is left as None in ``stmts``) and the writers and barriers never change."""

    def __init__(self, stmts: list):
        self.stmts = stmts
        self.reads = [read_names(s) for s in stmts]       # kept up to date as values move
        self.readers: dict[str, list[int]] = {}           # (some stale: checked against reads)
        self.writers: dict[str, list[int]] = {}
        for j, stmt in enumerate(stmts):
            for name in self.reads[j]:
                self.readers.setdefault(name, []).append(j)
            for name in bound_names(stmt):
                self.writers.setdefault(name, []).append(j)
        self.barriers = [j for j, stmt in enumerate(stmts) if not isinstance(stmt, ast.Assign)]

    def inline_site(self, i: int, name: str) -> int | None:
        """The index of the simple statement after ``stmts[i]`` that reads ``name``, if moving
        the value there is safe."""
        user = self._reader_after(i, name)
        if user is None or _first_after(self.barriers, i, user) is not None:
            return None
        if any(_first_after(self.writers.get(read, ()), i, user) is not None for read in self.reads[i]):
            return None
        return user if isinstance(self.stmts[user], (ast.Assign, ast.AugAssign, ast.Return)) else None

    def moved(self, i: int, user: int, name: str) -> None:
        """``stmts[i]``'s value, bound to ``name``, now is in ``stmts[user]``."""
        for read in self.reads[i] - self.reads[user]:
            positions = self.readers.setdefault(read, [])
            bisect.insort(positions, user)
        self.reads[user] = (self.reads[user] - {name}) | self.reads[i]

    def _reader_after(self, i: int, name: str) -> int | None:
        positions = self.readers.get(name, [])
        for k in range(bisect.bisect_right(positions, i), len(positions)):
            j = positions[k]
            if name in self.reads[j]:
                return j
        return None


def _first_after(positions, i: int, end: int) -> int | None:
    """The first of the sorted ``positions`` strictly between ``i`` and ``end``."""
    k = bisect.bisect_right(positions, i)
    return positions[k] if k < len(positions) and positions[k] < end else None


def _single_use_temporary(stmt, loads: dict[str, int], stores: dict[str, int]) -> str | None:
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return None
    name = stmt.targets[0].id
    if _TEMPORARY.match(name) and loads.get(name) == 1 and stores.get(name) == 1 and not pops(stmt.value):
        return name
    return None


def _single_use_scaling(stmt, loads: dict[str, int], stores: dict[str, int]) -> str | None:
    """``d = g * 0.5`` (any name) read once: a constant factor its one use may cancel."""
    if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.BinOp) and isinstance(stmt.value.op, ast.Mult)
            and (constant(stmt.value.left) is not None or constant(stmt.value.right) is not None)):
        name = stmt.targets[0].id
        if loads.get(name) == 1 and stores.get(name) == 1:
            return name
    return None


def _folded_into(user: ast.stmt, name: str, value: ast.expr) -> ast.stmt | None:
    """``user`` reading ``value`` for ``name``, simplified, when that cancels the constant
    factor (``(g * 0.5) * (2 * z)`` is ``g * z``: one multiplication instead of three); None
    when it does not."""
    candidate = simplify(_Replace(name, value).visit(copy.deepcopy(user)))
    count = lambda node: sum(isinstance(n, ast.BinOp) for n in ast.walk(node))  # noqa: E731
    return candidate if count(candidate) < count(user) + count(value) - 1 else None


def _single_use_negation(stmt, loads: dict[str, int], stores: dict[str, int]) -> str | None:
    """``n = -a`` with ``n`` read once: its sign is better folded into the one use."""
    if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.UnaryOp) and isinstance(stmt.value.op, ast.USub)):
        name = stmt.targets[0].id
        if loads.get(name) == 1 and stores.get(name) == 1:
            return name
    return None


def _simplified(stmt: ast.stmt) -> ast.stmt:
    """``stmt`` with its expressions simplified; ``x += -e`` becomes ``x -= e``."""
    stmt = simplify(stmt)
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (ast.Add, ast.Sub)) and is_negation(stmt.value):
        stmt.op, stmt.value = (ast.Sub() if isinstance(stmt.op, ast.Add) else ast.Add()), stmt.value.operand
    return stmt


class _Replace(ast.NodeTransformer):
    def __init__(self, name: str, value: ast.expr):
        self.name, self.value = name, value

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.value if node.id == self.name and isinstance(node.ctx, ast.Load) else node


# --------------------------------------------------------------------------- freeing arrays
def free_early(stmts: list, arrays: set[str]) -> list:
    """``del`` the named arrays in ``arrays`` after the top-level statement that last reads them,
    so that their memory is reused while the function runs rather than held until it returns.
    Only names assigned by an earlier top-level statement are deleted (always bound there)."""
    last: dict[str, int] = {}
    for i, stmt in enumerate(stmts):
        for name in read_names(stmt) & arrays:
            last[name] = i
    last_read_at: dict[int, list[str]] = {}
    for name, i in last.items():
        last_read_at.setdefault(i, []).append(name)
    bound: set[str] = set()
    out: list = []
    for i, stmt in enumerate(stmts):
        out.append(stmt)
        if isinstance(stmt, ast.Assign):
            bound |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
        if isinstance(stmt, ast.Return) or (i + 1 < len(stmts) and isinstance(stmts[i + 1], ast.Return)):
            continue         # returning frees them anyway
        dead = sorted(n for n in last_read_at.get(i, ()) if n in bound)
        if dead:
            out.append(ast.Delete(targets=[ast.Name(id=n, ctx=ast.Del()) for n in dead]))
    return out


class Substitute(ast.NodeTransformer):
    """Replace loads of the named variables by copies of expressions."""

    def __init__(self, names: dict[str, ast.expr]):
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if isinstance(node.ctx, ast.Load) and node.id in self.names:
            return copy.deepcopy(self.names[node.id])
        return node

