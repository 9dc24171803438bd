"""Common subexpressions on the IR (driver/pipeline.py runs it as the ``common_subexpressions``
stage): a statement computing what an earlier one in the same straight-line run computed
already (``d_t14 = d_t23.sum(axis=0, keepdims=True)`` twice, the adjoints of two values
broadcast alike) is dropped, and what read its name reads the earlier one's.

Two statements compute the same value where their keys are equal: the primitive, then each
operand's key, a value by its name (after the renames made so far), a constant by its value, a
temporary folded into its reader (the printed expression's parts, opt/lines.py) by its own key.
Structural, over the IR; a written expression (primitives/written.py) is keyed by its tree.

Only side-effect-free, non-allocating-for-writing values are shared (arithmetic, indexing,
``.T``, reductions, NumPy's elementwise functions): never a fresh array a later statement may
write into (``np.zeros``, ``np.copy``), a helper, or a draw. Both names must be bound once in
the whole function, so the later one is simply renamed to the earlier: no alias is made; and
neither may be written in place anywhere (``d[i] += g``, ``out=d``, ``add_into(d, ...)``, or
through a view of it), since the two readers would then see each other's writes. A temporary
folded into its reader (a part, read once, on its line) needs less: a name holding its value on
that line (``d_w = lam * w; d_w = d_w + lam * w``: ``d_w`` bound again only by the line that reads
it, an L2 penalty's two equal contributions), or an equal part before it on the line, serves it
(a name's value in any block's run; an equal part before it, in the function's own straight-line
code only, not a loop's). A run ends at anything else (a loop, a branch, an in-place write, a
statement run for its effect, but a tape's pop, which changes its tape alone): nothing is shared
across it. The rules are those of the same pass on printed code, which this replaced.

A value reverse mode kept on a tape rather than computing it again (ad/reverse.py: store versus
recompute) is popped where the reverse loop would compute it: ``_t4 = _t4_tape.pop()`` holds
``np.sin(E)`` of the ``E`` popped before it (the function's ``restored`` says which tape holds
which statement's values). The pop is keyed as that statement, so an adjoint's ``np.sin(E)``
later in the run (the adjoint of ``np.cos(E)``) reads ``_t4`` until ``E`` or ``_t4`` is bound
again or written into. The pop itself always stays (its tape's next pop needs it), and its push
writes nothing into the value.
"""
from __future__ import annotations

import ast
import dataclasses
from collections import Counter

from ..ad.expressions import computation
from ..ir.code import all_nodes, load
from ..ir.nodes import Assign, Const, Copy, Effect, Function, Loop, Var, to_expr, walk
from ..ir.renaming import with_reads_renamed
from ..ir.structure import structural_key
from ..primitives.indexing import APPEND
from ..primitives.written import WrittenPrimitive
from .lines import Line, Lines, flat, read_counts, with_blocks_rewritten

# NumPy functions that compute a value from their arguments and nothing else (no ``out=``)
_PURE_NP = frozenset({
    "abs", "absolute", "add", "arccos", "arcsin", "arctan", "arctan2", "clip", "conj", "cos", "cosh",
    "divide", "dot", "exp", "exp2", "expand_dims", "expm1", "log", "log10", "log1p", "log2", "matmul",
    "max", "maximum", "mean", "min", "minimum", "multiply", "negative", "outer", "power", "prod",
    "reciprocal", "reshape", "shape", "sign", "sin", "sinh", "size", "sqrt", "square", "squeeze",
    "subtract", "sum", "swapaxes", "tan", "tanh", "tensordot", "transpose", "ndim", "vdot", "where",
})
# functions and methods whose result may be a view of their (first) argument
_VIEW_METHODS = frozenset({"reshape", "transpose", "ravel", "view", "squeeze", "swapaxes"})
_VIEW_NP = frozenset({"reshape", "transpose", "ravel", "squeeze", "expand_dims", "swapaxes", "broadcast_to",
                      "moveaxis", "atleast_1d", "atleast_2d", "asarray", "real", "diagonal"})
# the generated code's helpers that read their arguments and write none of them
_READ_ONLY = frozenset({"unreduce", "unbroadcast", "extremum_adjoint", "untranspose", "matmul_adjoint",
                        "matmul_adjoint_a", "matmul_adjoint_b", "zeros_like_adjoint", "accumulate", "len",
                        "range", "slice", "float", "int"})
_PURE_METHODS = frozenset({"sum", "mean", "max", "min", "prod", "reshape", "transpose", "dot", "ravel"})


def share_common_subexpressions(fn: Function) -> Function:
    """``fn`` with each repeated pure statement dropped and its name read as the first's (``fn``
    itself where none is)."""
    reads = read_counts(fn)
    lines = Lines(fn, reads)
    sharing = _Sharing(fn, lines)
    if not sharing.repeats(fn):
        return fn               # (most functions: the bindings and the writes in place not worked out)
    sharing.bound = _bindings(fn, lines)
    sharing.in_place = _written_in_place(fn, sharing) | _identities_observed(fn)
    for name in sharing.in_place:
        sharing.bound[name] = 2           # (shared by nobody)
    body = sharing.block(fn.body, top=True)
    if not sharing.renamed:
        return fn
    return dataclasses.replace(fn, body=with_reads_renamed(body, sharing.renamed))


class _Sharing:
    def __init__(self, fn: Function, lines: Lines):
        self.lines = lines
        self.renamed: dict[Var, Var] = {}
        self._prim_keys: dict[int, tuple] = {}
        self.parts = {s.target: s for s in walk(fn.body) if lines.is_part(s)}
        self.restored = fn.restored             # a kept value's tape -> the statement it restores
        self.bound: Counter = Counter()        # name -> how often it is bound (2: written in place)
        self.in_place: set[str] = set()         # names whose arrays some statement writes into
        self._keys: dict[int, tuple] | None = None     # statement id -> its key, while :meth:`repeats` asks
        self._purity: dict[int, bool] = {}             # statement id -> :meth:`pure` (the function's own statements)

    def repeats(self, fn: Function) -> bool:
        """Could :meth:`block` share anything in ``fn``? Two pure statements, each binding a name
        bound nowhere else, with one key (no value renamed yet: the first pair :meth:`block`
        shares is such a pair), or a pure part of the function's own straight-line code (the
        only code whose parts are shared) with the key of a pure statement or of another pure
        part there. Where there is none (most functions), nothing is shared. (A superset: the
        names bound in place, in loops' heads and by effects are not counted here. Purity, which
        prints the statement, asked only of statements whose keys meet.)"""
        self._keys = {}         # (nothing renamed yet: a statement's key, asked again, is what it was)
        try:
            return self._repeats(fn)
        finally:
            self._keys = None

    def _repeats(self, fn: Function) -> bool:
        heads = [s for s in walk(fn.body) if isinstance(s, (Assign, Copy)) and not self.lines.is_part(s)]
        bound = Counter(s.target.name for s in heads)
        by_key: dict = {}
        for stmt in heads:
            if bound[stmt.target.name] == 1:
                by_key.setdefault(self.key(stmt), []).append(stmt)
        if any(sum(self.pure(s) for s in same) >= 2 for same in by_key.values() if len(same) > 1):
            return True
        parts: dict = {}
        for stmt in walk(fn.body):
            if isinstance(stmt, Assign) and self.lines.is_part(stmt):
                parts.setdefault(self.key(stmt), []).append(stmt)
        if not parts:
            return False
        held: dict = {}
        for stmt in walk(fn.body):
            if isinstance(stmt, (Assign, Copy)) and not self.lines.is_part(stmt):
                held.setdefault(self.key(stmt), []).append(stmt)
        top_parts = {id(s) for s in fn.body}
        for key, same in parts.items():
            # (two equal parts are shared on one line of the function's own straight-line code only)
            if key not in held and sum(id(p) in top_parts for p in same) < 2:
                continue
            pure_parts = sum(self.pure(p) for p in same)
            if pure_parts > 1 or pure_parts and any(self.pure(self.restores(s) or s) for s in held.get(key, ())):
                return True
        return False

    def block(self, stmts: list, top: bool = False) -> list:
        available: dict = {}                    # key of a value -> the name holding it
        reads: dict = {}                        # that key -> the names its value reads
        keys_of: dict[str, set] = {}            # a name -> the keys holding or reading it (some stale)
        out: list[Line] = []
        for line in self.lines.group(stmts, top):
            if self._popped(line):
                # (a tape's pop changes the tape alone, which no value here reads: the run goes on; a
                # pop runs, read or not, as the next pop of its tape needs it: never shared itself)
                name = line.head.target.name
                _forget(name, available, reads, keys_of)
                restored = self.restores(line.head)
                if restored is not None and self.pure(restored) and name not in self.in_place:
                    key, value_reads = self.key(line.head), {self.renamed.get(v, v).name for v in restored.uses()}
                    if name not in value_reads:
                        available[key], reads[key] = name, value_reads
                        for held_or_read in (name, *value_reads):
                            keys_of.setdefault(held_or_read, set()).add(key)
                out.append(line)
                continue
            if self.lines.binds_a_name(line) and all(self.pure(s) for s in line.stmts):
                name = line.head.target.name
                self._share_parts(line, available, top)
                key = self.key(line.head)
                if key in available and self.bound.get(name) == 1 and self.bound.get(available[key]) == 1:
                    self.renamed[line.head.target] = Var(available[key])
                    continue
                _forget(name, available, reads, keys_of)
                value_reads = {self.renamed.get(Var(n), Var(n)).name for n in line.reads()}
                # (a name bound again holds its value until then: for a part, read on its line)
                if self.bound.get(name) is not None and name not in self.in_place and name not in value_reads:
                    available[key], reads[key] = name, value_reads
                    for held_or_read in (name, *value_reads):
                        keys_of.setdefault(held_or_read, set()).add(key)
                out.append(line)
                continue
            available.clear()
            reads.clear()
            keys_of.clear()
            line.head = with_blocks_rewritten(line.head, self.block)
            out.append(line)
        return flat(out)

    def _share_parts(self, line: Line, available: dict, top: bool) -> None:
        """Drop each part of ``line`` whose value a name holds here (the first of ``d_w = lam * w;
        d_w = d_w + lam * w``: the name is bound again only by this line, after its parts are
        read; a reverse loop's ``np.sin(E)`` after ``_t4 = _t4_tape.pop()`` restored it) or an
        earlier part of the line computes (``lam * w + lam * w``), its reader reading that name.
        A part is read once, on its own line, so the name needs to hold the value only here, not,
        as for a head, for good. (Two equal parts of a line are one only in the function's own
        straight-line code, ``top``, not a loop's: vectorize may make the loop array code and
        propagate a seed of 1.0 into it after this pass, leaving a shared ``d_e * s`` a copy
        read twice.)"""
        kept, on_line = [], {}
        for part in line.parts:
            # (a part copying a name costs nothing: kept, so that it stays folded into its reader)
            key = self.key(part) if isinstance(part, Assign) and self.pure(part) else None
            if key is not None and key in available and available[key] not in self.in_place:
                self.renamed[part.target] = Var(available[key])
            elif key is not None and top and key in on_line:
                self.renamed[part.target] = on_line[key]       # (then read twice: printed on a line of its own)
            else:
                kept.append(part)
                if key is not None:
                    on_line[key] = part.target
        line.parts = kept

    def key(self, stmt) -> tuple:
        """What ``stmt`` computes, structurally: equal for two statements computing one value."""
        if self._keys is None:
            return self._key(stmt)
        found = self._keys.get(id(stmt))
        if found is None:
            found = self._keys[id(stmt)] = self._key(stmt)
        return found

    def _popped(self, line: Line) -> bool:
        """Is ``line`` ``v = tape.pop()``, alone?"""
        head = line.head
        return not line.parts and isinstance(head, Assign) and bool(getattr(head.prim, "pops", False)) \
            and self.lines.binds_a_name(line)

    def restores(self, stmt) -> Assign | None:
        """The statement whose value ``stmt``, a pop of a value kept on a tape rather than
        computed again, restores (the function's ``restored``); None for any other statement."""
        if not self.restored or not isinstance(stmt, Assign) or not getattr(stmt.prim, "pops", False):
            return None
        tape = stmt.args[0] if stmt.args else None
        return self.restored.get(tape.name) if isinstance(tape, Var) else None

    def _key(self, stmt) -> tuple:
        if isinstance(stmt, Copy):
            return self._operand(stmt.source)
        restored = self.restores(stmt)
        if restored is not None:
            return self._key(restored)
        return (self._prim_key(stmt), tuple(self._operand(a) for a in stmt.args),
                tuple((k, self._operand(v)) for k, v in stmt.kwargs))

    def _operand(self, atom) -> tuple:
        if isinstance(atom, Const):
            return ("constant", structural_key(to_expr(atom)))
        part = self.parts.get(atom)
        if part is not None:
            return self.key(part)
        return ("value", self.renamed.get(atom, atom).name)

    def _prim_key(self, stmt: Assign) -> object:
        """The statement's primitive; a written expression (a primitive of its own) by its
        tree, its operands numbered."""
        prim = stmt.prim
        if not isinstance(prim, WrittenPrimitive):
            return computation(prim)       # (x.mean(axis=0) and np.mean(x, axis=0): one value)
        if id(prim) not in self._prim_keys:
            operands = [load(f"__operand{i}") for i in range(len(stmt.args))]
            self._prim_keys[id(prim)] = (prim, structural_key(prim.primal(operands)))
        return self._prim_keys[id(prim)][1]

    def pure(self, stmt) -> bool:
        """Is the statement's expression pure? Asked of a statement of ``fn`` in several places
        (each asking printed its expression again): worked out once. (Renaming changes no
        statement's purity.)"""
        found = self._purity.get(id(stmt))
        if found is None:
            found = self._purity[id(stmt)] = _pure(self.top(stmt))
        return found

    @staticmethod
    def top(stmt) -> ast.AST:
        """The statement's expression with its operands as names (the printed one's top)."""
        if isinstance(stmt, Copy):
            return to_expr(stmt.source)
        return stmt.prim.primal([to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs])


def _bindings(fn: Function, lines: Lines) -> Counter:
    """How many statements bind each name, as the printed function binds it (a folded part
    is not printed)."""
    bound: Counter = Counter()
    for stmt in walk(fn.body):
        if isinstance(stmt, (Assign, Copy)) and not lines.is_part(stmt):
            bound[stmt.target.name] += 1
        elif isinstance(stmt, Loop) and stmt.target is not None:
            bound[stmt.target.name] += 1
        elif isinstance(stmt, Effect):
            bound.update(getattr(stmt.prim, "targets", ()))
    return bound


def _written_in_place(fn: Function, sharing: _Sharing) -> set[str]:
    """Names whose arrays some statement writes into, directly or through a view."""
    written: set = set()
    views: dict[str, set] = {}
    base = _Bases(sharing)
    for stmt in walk(fn.body):
        if isinstance(stmt, Effect) and _kept_on_tape(stmt, fn):
            continue
        if isinstance(stmt, Effect):
            statement = getattr(stmt.prim, "statement", None)
            args = [to_expr(a) for a in stmt.args]
            nodes = all_nodes(statement(args) if statement else ast.Expr(value=stmt.prim.primal(args)))
        elif isinstance(stmt, (Assign, Copy)):
            value = sharing.top(stmt)
            nodes = all_nodes(value)        # (every node, in no order: what is written is a set)
            if not sharing.lines.is_part(stmt):
                found = base(value)
                if found is not None:                          # y = x, x[0, :], x.T: a view
                    views.setdefault(stmt.target.name, set()).add(found)
        else:
            continue
        for node in nodes:
            if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, ast.Store):
                written.add(base(node))
            elif isinstance(node, ast.AugAssign):
                written.add(base(node.target))
            elif isinstance(node, ast.Call):
                written.update(base(k.value) for k in node.keywords if k.arg == "out")
                if node.args and not base.pure(node) and not (isinstance(node.func, ast.Name)
                                                              and node.func.id in _READ_ONLY):
                    written.update(base(a) for a in node.args)       # a helper may write its arguments
    pending = list(written)
    while pending:
        for viewed in views.get(pending.pop(), ()):
            if viewed not in written:
                written.add(viewed)
                pending.append(viewed)
    return written - {None}


def _kept_on_tape(stmt: Effect, fn: Function) -> bool:
    """Is ``stmt`` the push of a value kept on a tape of its own (the function's ``restored``)?
    The tape holds the value for its pop, which hands it back as it was: nothing writes into it
    there."""
    tape = stmt.args[0] if stmt.prim is APPEND and stmt.args else None
    return isinstance(tape, Var) and tape.name in fn.restored


# Families whose results are values of their own, never their operands nor holding them
_FRESH_FAMILIES = frozenset({"arithmetic", "comparison", "logic", "elementwise math", "piecewise constant",
                             "reductions"})


def _identities_observed(fn: Function) -> set[str]:
    """Names whose objects a statement tells apart (``a is b``, a check that an array written in
    place shares no memory with another name's value), directly or held in a container that
    reaches it: sharing two such values computed alike would make them one object."""
    defined = {stmt.target.name: stmt for stmt in walk(fn.body) if isinstance(stmt, (Assign, Copy))}
    pending = [a.name for stmt in walk(fn.body) if isinstance(stmt, (Assign, Effect))
               and stmt.prim.tells_apart(stmt.args) for a in stmt.args if isinstance(a, Var)]
    observed: set[str] = set()
    while pending:
        name = pending.pop()
        if name in observed:
            continue
        observed.add(name)
        stmt = defined.get(name)
        if isinstance(stmt, Copy):
            pending.extend(a.name for a in [stmt.source] if isinstance(a, Var))
        elif stmt is not None and not (stmt.prim.family in _FRESH_FAMILIES and not stmt.prim.may_view(stmt.args)):
            pending.extend(a.name for a in (*stmt.args, *(v for _, v in stmt.kwargs)) if isinstance(a, Var))
    return observed


class _Bases:
    """The name ``x`` of ``x``, ``x[...]``, ``x.T``, ``x.reshape(...)`` (what a view of it
    shares), a folded temporary seen through to the expression it prints as; and whether an
    expression so seen is pure."""

    def __init__(self, sharing: _Sharing):
        self.sharing = sharing
        self._pure: dict[Var, bool] = {}

    def __call__(self, node: ast.expr) -> str | None:
        while True:
            if isinstance(node, ast.Name):
                part = self.sharing.parts.get(Var(node.id))
                if part is None:
                    return node.id
                node = self.sharing.top(part)
            elif isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
                node = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _VIEW_METHODS:
                node = node.func.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _VIEW_NP \
                    and node.args:
                node = node.args[0]
            else:
                return None

    def pure(self, node: ast.expr) -> bool:
        """``_pure`` of ``node`` with the temporaries it reads seen through."""
        return _pure(node) and all(self._part_pure(n) for n in all_nodes(node) if isinstance(n, ast.Name))

    def _part_pure(self, name: ast.Name) -> bool:
        part = self.sharing.parts.get(Var(name.id))
        if part is None:
            return True
        if part.target not in self._pure:
            self._pure[part.target] = True          # (no cycle: a part is read after it is bound)
            self._pure[part.target] = self.pure(self.sharing.top(part))
        return self._pure[part.target]


def _forget(name: str, available: dict, reads: dict, keys_of: dict) -> None:
    """``name`` is rebound: what held it or read it is no longer available. (``keys_of``: the
    keys that held or read it when they were made available, rechecked here: one scan of every
    available value per statement made long straight-line code quadratic.)"""
    for key in keys_of.pop(name, ()):
        if key in available and (available[key] == name or name in reads[key]):
            del available[key], reads[key]


def _pure(node: ast.expr) -> bool:
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.BinOp):
        return _pure(node.left) and _pure(node.right)
    if isinstance(node, ast.UnaryOp):
        return _pure(node.operand)
    if isinstance(node, ast.Tuple):
        return all(_pure(e) for e in node.elts)
    if isinstance(node, ast.Slice):
        return all(p is None or _pure(p) for p in (node.lower, node.upper, node.step))
    if isinstance(node, ast.Subscript):
        return _pure(node.value) and _pure(node.slice)
    if isinstance(node, ast.Attribute):
        return node.attr == "T" and _pure(node.value)
    if isinstance(node, ast.Call):
        func = node.func
        if any(k.arg is None or k.arg == "out" for k in node.keywords):
            return False
        arguments = [*node.args, *(k.value for k in node.keywords)]
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np":
            return func.attr in _PURE_NP and all(_pure(a) for a in arguments)
        if isinstance(func, ast.Attribute) and func.attr in _PURE_METHODS:
            return _pure(func.value) and all(_pure(a) for a in arguments)
        if isinstance(func, ast.Name) and func.id == "slice":
            return all(_pure(a) for a in arguments)
    return False
