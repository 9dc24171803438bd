"""Lowering: a parsed function (frontend/source.py) to the SSA IR (ir/nodes.py).

Names never collide with the user's identifiers, with free names the function reads, or with
names generated code relies on. Unsupported syntax is refused here, located at the user's line.
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import inspect
import os
import types
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .. import primitives as rules
from ..errors import NonDifferentiableError, TranspileError, UnknownFunctionError, UnsupportedSyntaxError
from ..ir import Assign, Atom, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..ir.names import NameAllocator
from ..primitives import indexing
from ..primitives.registry import Primitive, Spelling
from ..primitives.runtime import HELPERS
from ..primitives.spellings import ATTRIBUTES, METHODS, SHAPE_METHODS
from . import aliasing
from .aliasing import Stale
from .dependencies import Dependencies
from .jumps import EXIT_FLAG, rewrite_jumps
from .source import MISSING, ParsedFunction, parse_function

# --------------------------------------------------------------------------- lowering
# Names generated code binds itself (module aliases and runtime helpers).
RESERVED = frozenset({"np", "math", "float", "range", "reversed", "len", *HELPERS})

_ATOM_TYPES = (bool, int, float, complex, str, type(None))


def lower(parsed: ParsedFunction, recursive: Callable[[Callable], None]) -> Function:
    """``parsed`` as SSA. A recursive call is lowered to a call of the primitive that
    ``recursive(function)`` declares (driver/recursion.py)."""
    return _Lowering(parsed, recursive).run()


class _Lowering:
    def __init__(self, parsed: ParsedFunction, recursive: Callable[[Callable], None]):
        self.recursive = recursive
        self.parsed = self.root = parsed
        taken = {n.id for n in ast.walk(parsed.tree) if isinstance(n, ast.Name)}
        taken |= {a.arg for a in ast.walk(parsed.tree) if isinstance(a, ast.arg)}
        self.names = NameAllocator(taken, RESERVED)
        self.user_names = taken
        self.env: dict[str, Atom] = {}     # user name -> current SSA atom
        self.free: dict[tuple, Var] = {}      # (function, name) -> value read at call time
        self.readers: dict[str, tuple] = {}  # its variable -> (ParsedFunction, name) to read it
        self.calls: list[tuple[ParsedFunction, Any]] = []   # inlined user functions, innermost last
        self.displays: dict[Var, tuple] = {}   # container value -> its elements (for x[k] reads)
        self.available: dict[tuple, Var] = {}  # common subexpressions in scope
        self.body: list[Assign] = []
        self.dependencies = Dependencies()     # what the code assumes about names outside it
        self.dependencies.inlined(parsed)
        # Which values may share memory (see aliasing.py): a write makes other names for it stale.
        self.storage: dict[Var, frozenset] = {}
        self.external: set[Var] = set()        # globals' and closures' values: never written
        self.stale_free: dict[tuple, Stale] = {}
        self.callers: list[dict] = []          # environments of the functions being inlined into
        self.iterated: list[set] = []          # storage of the sequences enclosing loops iterate over
        self.iteration_ends: dict[Var, frozenset] = {}   # loop variable -> storage of its new value
        # `x += v` whose in-place effect on an array another name would see: key -> where to put
        # the run-time check that x is a number (inserted once such a name is read: `activated`)
        self.pending_checks: dict[tuple, list] = {}
        self.activated: set[tuple] = set()

    # Entry ---------------------------------------------------------------------------------
    def run(self) -> Function:
        self._reject_loop_else(self.parsed.tree)
        tree = rewrite_jumps(self.parsed.tree, self.names)
        self._check_signature(tree.args)
        params = []
        for arg in tree.args.args:
            var = Var(self.names.fresh(arg.arg, own=True))
            self.env[arg.arg] = var
            params.append(var)
        for arg in tree.args.kwonlyargs:   # constants supplied by keyword (generated code's free values)
            var = Var(self.names.fresh(arg.arg, own=True))
            self.env[arg.arg] = self.free[(None, arg.arg)] = var
            self.readers[var.name] = (self.parsed, arg.arg)
            self.external.add(var)
        body = [s for s in tree.body if not _is_docstring(s)]
        result = None
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.Return):
                if i != len(body) - 1:
                    self._unsupported(body[i + 1], "code after `return`", "delete the unreachable code")
                result = self._return(stmt)
            else:
                self._statement(stmt)
        if result is None:
            self._unsupported(tree, "a function without a final `return`",
                              "end the function with `return <value>`")
        return Function(name=tree.name, params=params,
                        param_names=[a.arg for a in tree.args.args], free=self.free,
                        body=self.body, result=result, names=self.names, parsed=self.parsed,
                        readers=self.readers, dependencies=self.dependencies)

    def _check_signature(self, args: ast.arguments) -> None:
        for kind, node in (("*args", args.vararg), ("**kwargs", args.kwarg)):
            if node is not None:
                self._unsupported(node, f"a `{kind}` parameter", "list the parameters explicitly")
        # keyword-only parameters appear in generated code only (its free values)
        generated = self.parsed.filename.startswith("<transpiler")
        if args.posonlyargs or (args.kwonlyargs and not generated):
            self._unsupported((args.posonlyargs or args.kwonlyargs)[0],
                              "keyword-only or positional-only parameters", "use ordinary positional parameters")

    def _reject_loop_else(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.For, ast.While)) and node.orelse:
                kind = "for" if isinstance(node, ast.For) else "while"
                self._unsupported(node.orelse[0], f"`{kind} ... else`",
                                  "set a flag before `break` and test it after the loop")

    # Statements ----------------------------------------------------------------------------
    def _statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.If):
            self._if(self._expr(stmt.test), lambda: self._block(stmt.body),
                     lambda: self._block(stmt.orelse), stmt)
        elif isinstance(stmt, ast.For):
            self._for(stmt)
        elif isinstance(stmt, ast.While):
            self._while(stmt)
        elif isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1:
                self._unsupported(stmt, "chained assignment `a = b = ...`", "assign one name at a time")
            self._assign(stmt.targets[0], stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._assign(stmt.target, stmt.value)
        elif isinstance(stmt, ast.AugAssign):
            if not isinstance(stmt.target, (ast.Name, ast.Subscript)):
                self._unsupported(stmt, "augmented assignment to an attribute", "assign a new name instead")
            read = copy.deepcopy(stmt.target)
            read.ctx = ast.Load()
            value = ast.copy_location(ast.BinOp(left=read, op=stmt.op, right=stmt.value), stmt)
            if isinstance(stmt.target, ast.Name):
                self._augmented_name(stmt.target.id, value, stmt)
            else:
                self._assign(stmt.target, value)
        elif isinstance(stmt, ast.Pass):
            pass
        elif isinstance(stmt, ast.Expr) and _is_append(stmt.value, self.env):
            call = stmt.value
            container, item = self._load(call.func.value), self._expr(call.args[0])
            self.storage[container] = self._storage(container) | self._storage(item)   # holds item now
            self.body.append(Effect(indexing.APPEND, (container, item), self.parsed.location(stmt)))
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, (ast.Yield, ast.YieldFrom)):
            self._unsupported(stmt, "`yield` (generators)", "return a value instead")
        else:
            construct, hint = _UNSUPPORTED_STATEMENTS.get(
                type(stmt), (f"the `{type(stmt).__name__}` statement", "rewrite it as assignments"))
            self._unsupported(stmt, construct, hint)

    def _block(self, stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            if isinstance(stmt, ast.Return):
                self._unsupported(stmt, "`return` here", "return at the end of the function")
            self._statement(stmt)

    # Control flow --------------------------------------------------------------------------
    def _region(self, lower_it) -> tuple[list, dict, Any]:
        """Lower into a fresh statement list; returns (statements, environment after, value)."""
        saved_body, saved_env, saved_available = self.body, dict(self.env), dict(self.available)
        self.body = []
        value = lower_it()
        stmts, env = self.body, self.env
        self.body, self.env, self.available = saved_body, saved_env, saved_available
        return stmts, env, value

    def _if(self, test: Atom, lower_then, lower_else, node: ast.AST, name: str | None = None):
        """Lower a two-way branch; user names bound differently by the branches are merged."""
        then_stmts, then_env, then_value = self._region(lower_then)
        else_stmts, else_env, else_value = self._region(lower_else)
        for user_name in dict.fromkeys([*then_env, *else_env]):
            a, b = then_env.get(user_name), else_env.get(user_name)
            if aliasing.hard(a) or aliasing.hard(b):       # stale after one branch: after both
                self.env[user_name] = a if aliasing.hard(a) else b
                continue
            marks = [m for m in (a, b) if aliasing.soft(m)]
            a, b = aliasing.value_of(a), aliasing.value_of(b)
            if a == b:
                if a is not None:
                    self.env[user_name] = self._marked(a, marks)
                continue
            merged = Var(self.names.fresh(user_name, own=user_name in self.user_names))
            if a is None or b is None:
                # bound on one path only: None on the other, so later merges can always copy it
                self.body.append(Copy(merged, Const(None), self.parsed.location(node)))
            if a is not None:
                then_stmts.append(Copy(merged, a, self.parsed.location(node)))
            if b is not None:
                else_stmts.append(Copy(merged, b, self.parsed.location(node)))
            self.storage[merged] = self._storage(a) | self._storage(b)
            self.env[user_name] = self._marked(merged, marks)
        result = None
        if then_value is not None:   # a conditional expression: its value is merged too
            result = Var(self.names.fresh(name, own=name in self.user_names) if name else self.names.temp())
            then_stmts.append(Copy(result, then_value, self.parsed.location(node)))
            else_stmts.append(Copy(result, else_value, self.parsed.location(node)))
            self.storage[result] = self._storage(then_value) | self._storage(else_value)
        self.body.append(If(test, then_stmts, else_stmts, self.parsed.location(node)))
        return result

    def _carry(self, node: ast.stmt, extra: list[str] = (), assumed: _LoopAssumptions | None = None
               ) -> list[tuple[str, Var]]:
        """Values a loop body re-binds get one loop variable each, initialised before the loop.
        A name stale at the top of an iteration (``assumed``) is not carried: it stays stale."""
        assumed = assumed or _LoopAssumptions()
        for user_name, stale in assumed.stale.items():
            current = self.env.get(user_name)
            if aliasing.hard(stale):
                self.env[user_name] = stale
            elif current is not None and not aliasing.hard(current):
                self.env[user_name] = self._marked(aliasing.value_of(current), [stale, current])
        carried = []
        for user_name in dict.fromkeys([*extra, *_assigned_names(node)]):
            # a name first bound inside the loop starts as None, so every iteration can save it
            initial = self.env.get(user_name, Const(None))
            if aliasing.hard(initial):
                continue
            var = Var(self.names.fresh(user_name, own=True))
            self.body.append(Copy(var, aliasing.value_of(initial), self.parsed.location(node)))
            self.storage[var] = self._storage(aliasing.value_of(initial)) | assumed.storage.get(user_name, frozenset())
            self.env[user_name] = self._marked(var, [initial])
            carried.append((user_name, var))
        return carried

    @staticmethod
    def _marked(atom, marks: list):
        """``atom``, soft-stale as the soft-stale entries among ``marks`` were (see aliasing.py)."""
        marks = [m for m in marks if aliasing.soft(m)]
        if not marks or atom is None:
            return atom
        mark = marks[0]
        for other in marks[1:]:
            mark = aliasing.worse(mark, other)
        return dataclasses.replace(mark, value=atom)

    def _close_iteration(self, carried: list[tuple[str, Var]], node: ast.stmt) -> None:
        """Copy each carried value's new version into its loop variable. The copies run one after
        another, so a new value that *is* another loop variable (``a, b = b, a``) is saved first."""
        loop_vars = {var for _, var in carried}
        location = self.parsed.location(node)
        updates = []
        marks = {}
        for user_name, var in carried:
            source = self.env.get(user_name)
            if aliasing.soft(source):
                marks[user_name], source = source, source.value
            if source in (None, var) or aliasing.hard(source):
                continue
            self.iteration_ends[var] = self._storage(source)
            if source in loop_vars:
                saved = Var(self.names.temp())
                self.body.append(Copy(saved, source, location))
                self.storage[saved] = self._storage(source)
                source = saved
            updates.append(Copy(var, source, location, carry=True))
        self.body.extend(updates)
        for user_name, var in carried:
            if not aliasing.hard(self.env.get(user_name)):      # a stale one stays stale
                self.env[user_name] = self._marked(var, [marks.get(user_name)])

    def _for(self, node: ast.For) -> None:
        self.iterated.append(set())
        try:
            bounds, bind_target = self._iteration(node)
            range_loop = bind_target is None

            def lower_loop(assumed: _LoopAssumptions):
                if range_loop:    # `for i in range(...)`: the target is the counter itself
                    carried = self._carry(node, assumed=assumed)
                    counter = Var(self.names.fresh(node.target.id, own=True))
                    bind = lambda index: self._bind_name(node.target, index)  # noqa: E731
                else:             # any other iterable: count over its indices; the targets keep
                    targets = [n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)]
                    carried = self._carry(node, extra=targets, assumed=assumed)   # their last values
                    counter, bind = Var(self.names.fresh("_i")), bind_target

                def lower_body():
                    bind(counter)
                    self._block(node.body)
                    self._close_iteration(carried, node)

                body, end, _ = self._region(lower_body)
                return (carried, counter, body), carried, end

            (carried, counter, body), stale = self._loop_fixpoint(lower_loop, node)
        finally:
            self.iterated.pop()
        self._after_loop(carried, stale)
        if isinstance(node.target, ast.Name) and node.target.id not in self.env:
            self.env[node.target.id] = counter     # a range loop's target after the loop
        self.body.append(Loop("for", counter, bounds, [], None, [v for _, v in carried], body,
                              self._exit_flag(node, carried), self.parsed.location(node)))

    def _after_loop(self, carried: list, stale: dict) -> None:
        """Names after a loop: its loop variables, stale where an iteration may leave them so."""
        self.env.update({n: v for n, v in carried})
        for user_name, mark in stale.items():
            current = self.env.get(user_name)
            if aliasing.hard(mark) and not aliasing.hard(current):
                self.env[user_name] = mark
            elif current is not None and not aliasing.hard(current):
                self.env[user_name] = self._marked(aliasing.value_of(current), [mark, current])

    def _loop_fixpoint(self, lower_loop, node: ast.stmt):
        """Lower a loop until what its body does to memory is what its top assumed: a name stale
        at the end of an iteration is stale at the top of the next (and after the loop), and a
        loop variable may share the memory of every value the body gives it. Returns what
        ``lower_loop`` returned, and the names stale after the loop."""
        assumed = _LoopAssumptions()
        for _ in range(_MAX_LOOP_PASSES):
            kept, names, env, displays = {id(s) for s in self.body}, self.names.fork(), dict(self.env), dict(self.displays)
            pending = dict(self.pending_checks)
            result, carried, end = lower_loop(assumed)
            grown = assumed.learn(end, carried, self.iteration_ends, self._storage)
            if not grown:
                return result, dict(assumed.stale)
            # lower again from the same state, so that names and statements come out the same
            # (a run-time check inserted before an earlier statement stays: its read recurs)
            self.body[:] = [s for s in self.body if id(s) in kept or getattr(s, "prim", None) is indexing.UNSHARED]
            self.names.user, self.names.used, self.names._temps = names.user, names.used, names._temps
            self.names.used |= {v.name for v in self.free.values()}
            self.env, self.displays, self.pending_checks = env, displays, pending
        self._unsupported(node, "a loop whose writes through shared memory the compiler could not follow",
                          "copy arrays before writing into them (`np.copy(...)`)")

    def _iteration(self, node: ast.For):
        """``range(...)`` bounds, and for other iterables how to bind the target from an index
        (``None`` for a range: its target is the loop counter)."""
        it = node.iter
        callee = self._resolve(it.func) if isinstance(it, ast.Call) else MISSING
        if callee is range:
            if not isinstance(node.target, ast.Name) or it.keywords or not 1 <= len(it.args) <= 3:
                self._unsupported(node, "this form of `for ... in range(...)`", "use `for i in range(a, b, step)`")
            return tuple(self._expr(a) for a in it.args), None
        if callee is enumerate or callee is zip:
            seqs = [self._expr(a) for a in it.args]
            if it.keywords or not seqs or (callee is enumerate and len(seqs) != 1):
                self._unsupported(it, f"this form of `{callee.__name__}(...)`", "pass the sequences positionally")
            targets = node.target.elts if isinstance(node.target, ast.Tuple) else None
            if targets is None or len(targets) != (2 if callee is enumerate else len(seqs)):
                self._unsupported(node.target, f"this target for `{callee.__name__}`", "unpack into one name per item")
            length = self._length(seqs, node)

            def bind(index: Var):
                if callee is enumerate:
                    self._bind(targets[0], index)
                    self._bind(targets[1], self._index(seqs[0], index, node))
                else:
                    for t, seq in zip(targets, seqs):
                        self._bind(t, self._index(seq, index, node))
            return (length,), bind
        if callee is reversed and len(it.args) == 1 and not it.keywords:
            seq = self._expr(it.args[0])
            length = self._length([seq], node)
            last = self._apply(node, rules.lookup(ast.Sub), (length, Const(1)), (), None)

            def bind_reversed(index: Var):
                position = self._apply(node, rules.lookup(ast.Sub), (last, index), (), None)
                self._bind(node.target, self._index(seq, position, node))
            return (length,), bind_reversed
        if isinstance(it, (ast.Call, ast.GeneratorExp)) and callee is not MISSING and callee not in (list, tuple):
            self._unsupported(it, f"iterating over `{ast.unparse(it)}`",
                              "iterate over range(...), a list, tuple or array, enumerate or zip")
        seq = self._expr(it)
        length = self._length([seq], node)
        return (length,), lambda index: self._bind(node.target, self._index(seq, index, node))

    def _length(self, seqs: list, node) -> Atom:
        lengths = [self._apply_prim(node, len, (s,)) for s in seqs]
        return lengths[0] if len(lengths) == 1 else self._apply_prim(node, min, tuple(lengths))

    def _index(self, seq: Atom, index: Var, node) -> Atom:
        if self.iterated:     # a write into the sequence while iterating over it is refused
            self.iterated[-1] |= self._storage(seq)
        prim = indexing.subscript_primitive(indexing.hole(0))
        return self._apply(node, prim, (seq, index), (), None)

    def _bind_name(self, target: ast.expr, value: Atom) -> None:
        if not isinstance(target, ast.Name):
            self._unsupported(target, "this loop target", "use a plain name")
        self.env[target.id] = value

    def _while(self, node: ast.While) -> None:
        def lower_loop(assumed: _LoopAssumptions):
            carried = self._carry(node, assumed=assumed)
            cond_body, _, cond = self._region(lambda: self._expr(node.test))

            def lower_body():
                self._block(node.body)
                self._close_iteration(carried, node)

            body, end, _ = self._region(lower_body)
            return (carried, cond_body, cond, body), carried, end

        (carried, cond_body, cond, body), stale = self._loop_fixpoint(lower_loop, node)
        self._after_loop(carried, stale)
        self.body.append(Loop("while", None, (), cond_body, cond, [v for _, v in carried], body,
                              self._exit_flag(node, carried), self.parsed.location(node)))

    def _exit_flag(self, node: ast.stmt, carried) -> Atom | None:
        flag = getattr(node, EXIT_FLAG, None)
        return dict(carried).get(flag)   # None when nothing in the body sets it (only `continue`)

    def _assign(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = self._expr(value, name=target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if any(isinstance(t, ast.Starred) for t in target.elts):
                self._unsupported(target, "starred unpacking", "unpack each element by name")
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                # Evaluate every right-hand side before binding, as Python does (`a, b = b, a`).
                atoms = [self._expr(v) for v in value.elts]
            else:                # `sign, logdet = np.linalg.slogdet(A)`: unpack by position
                whole = self._expr(value)
                atoms = [self._item(whole, k, target) for k in range(len(target.elts))]
            for t, atom in zip(target.elts, atoms):
                self._bind(t, atom)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                and target.value.id in self.env:
            self._update(target, value)
        else:
            self._unsupported(target, f"assignment to {_describe(target)}",
                              "assign to a plain name; only arrays local to the function can be updated (x[i] = v), not globals or closed-over objects")

    def _update(self, target: ast.Subscript, value: ast.expr) -> None:
        """``x[i] = v`` rebinds ``x`` to an updated copy, so no array the caller passed is written."""
        name = target.value.id
        new_value = self._expr(value)
        array = self._load(target.value)
        storage = self._storage(array)
        pattern, holes = self._index_pattern(target.slice)
        prim = indexing.update_primitive(pattern)
        updated = self._apply(target, prim, (array, new_value, *holes), (), name)
        self.storage[updated] = storage         # NumPy writes in place: the same memory
        self._written(name, storage, target)
        self.env[name] = updated

    def _augmented_name(self, name: str, value: ast.BinOp, stmt: ast.AugAssign) -> None:
        """``x += v``: on an array NumPy adds in place, so other names for ``x``'s memory see it
        (they become stale); on a number it just rebinds ``x``. Values known to be numbers share
        no memory, so ``total += v`` never makes anything stale."""
        before = aliasing.value_of(self.env.get(name))
        mark = len(self.body)
        new = self._expr(value, name=name)
        if isinstance(before, Var) and self._storage(before):
            key = (before, self.parsed.location(stmt))
            made = self.body[mark:]
            site = made[-1] if made and isinstance(made[-1], Assign) and made[-1].target == new else None
            # where the run-time check goes, should it be needed: into the statement computing the
            # new value, or, where that value was computed before (`x * x` reused), after the
            # statement that precedes this one (None: at the start of the block)
            after = self.body[mark - 1] if mark else None
            where = key[1]
            label = (f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: "
                     f"`{name} {_OPERATORS.get(type(stmt.op), '')}= ...`{self._chain()}")
            self.pending_checks[key] = [self.body, site, before, label, after, False]
            self._written(name, self._storage(before), stmt, key)
            if key in self.activated:
                self._activate(key, name)
        self.env[name] = new

    def _written(self, name: str, storage: frozenset, node: ast.AST, before: tuple | None = None) -> None:
        """Memory ``storage`` was just written through ``name``: every other name that may
        share it is stale from here on (reading it is an error). ``before``: the value of ``x``
        in ``x += v`` and where, which writes in place only on an array; then they are stale
        only if it is one (soft-stale: the generated code checks at run time)."""
        if not storage:
            return
        where = self.parsed.location(node)
        stale = Stale(name, where, external=bool(storage & self.external),
                      unless_number=(before,) if before is not None else ())
        if any(storage & seen for seen in self.iterated) or stale.external:
            if before is None and stale.external:
                raise aliasing.written_into_global(name, where, self._chain())
            if before is None:
                self._unsupported(node, f"writing into `{name}`, which may share memory with the sequence "
                                  "an enclosing loop iterates over,",
                                  "loop over indices instead (`for i in range(len(xs)): xs[i, ...] = ...`)")
            self._record_check(stale, name, where)     # the loop's sequence, or a global, changes
        for env in (self.env, *self.callers):
            for other, atom in env.items():
                value = aliasing.value_of(atom)
                if (env is not self.env or other != name) and isinstance(value, Var) \
                        and self._storage(value) & storage and not aliasing.hard(atom):
                    env[other] = self._marked(value, [atom, stale]) if before is not None else stale
        for key, var in self.free.items():
            if var in storage and not aliasing.hard(self.stale_free.get(key)):
                self.stale_free[key] = self._marked(var, [self.stale_free.get(key), stale]) \
                    if before is not None else stale

    def _record_check(self, stale: Stale, name: str, where) -> None:
        """Reading ``name`` relies on each ``x += v`` in ``stale.unless_number`` having been on a
        number: the generated code checks that at run time."""
        for key in stale.unless_number:
            self.activated.add(key)
            if key in self.pending_checks:
                self._activate(key, name, stale, where)

    def _activate(self, key: tuple, name: str, stale: Stale | None = None, where=None) -> None:
        body, site, before, label, after, done = self.pending_checks[key]
        if done:
            return
        checked = Var(self.names.fresh(f"{before.name}_checked"))   # (a name a loop's next try reuses)
        if site is None:         # the new value was computed before: the check stands alone
            position = 0 if after is None else next(i for i, s in enumerate(body) if s is after) + 1
            body.insert(position, Assign(checked, indexing.UNSHARED, (before, Const(label)), (), key[1]))
        elif before in site.args:
            body.insert(next(i for i, s in enumerate(body) if s is site),
                        Assign(checked, indexing.UNSHARED, (before, Const(label)), (), site.location))
            site.args = tuple(checked if a == before else a for a in site.args)
        else:
            raise (stale or Stale(name, key[1], unless_number=(key,))).error(name, where or key[1], self._chain())
        self.storage[checked] = self._storage(before)
        self.pending_checks[key][-1] = True

    def _storage(self, atom) -> frozenset:
        """The values whose memory ``atom`` may share (none for a constant)."""
        if isinstance(atom, Var):
            return self.storage.get(atom, frozenset({atom}))
        return frozenset()

    def _bind(self, target: ast.expr, atom: Atom) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = atom
        elif isinstance(target, (ast.Tuple, ast.List)) and not any(isinstance(t, ast.Starred) for t in target.elts):
            for k, t in enumerate(target.elts):
                self._bind(t, self._item(atom, k, target))
        else:
            self._unsupported(target, "unpacking into an element or attribute", "unpack into names")

    def _item(self, whole: Atom, k: int, node: ast.AST) -> Atom:
        """``whole[k]`` for a constant position k (tuple unpacking)."""
        if whole in self.displays:
            return self.displays[whole][k]
        return self._apply(node, indexing.subscript_primitive(ast.Constant(k)), (whole,), (), None)

    def _return(self, stmt: ast.Return, name: str | None = "out") -> Atom:
        if stmt.value is None:
            self._unsupported(stmt, "`return` without a value", "return the value to differentiate")
        return self._expr(stmt.value, name=name)

    # Expressions ---------------------------------------------------------------------------
    def _expr(self, node: ast.expr, name: str | None = None) -> Atom:
        """Lower ``node``; the outermost primitive binds ``name`` (a fresh temporary if None)."""
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, _ATOM_TYPES):
                self._unsupported(node, f"the constant {node.value!r}", "use a number")
            return Const(node.value)
        if isinstance(node, ast.Name):
            return self._load(node)
        if isinstance(node, ast.Attribute):
            if self._resolve(node) is MISSING:
                return self._attribute(node, name)
            return self._constant_or_free(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node, name)
        if isinstance(node, (ast.Tuple, ast.List)):
            return self._arg(node)
        if isinstance(node, ast.BinOp):
            return self._binop_tree(node, name)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self._expr(node.operand, name)
            return self._operator(node, type(node.op), [node.operand], name)
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                self._unsupported(node, "a chained comparison", "split it with `and`")
            return self._operator(node, type(node.ops[0]), [node.left, node.comparators[0]], name)
        if isinstance(node, ast.Call):
            return self._call(node, name)
        if isinstance(node, ast.IfExp):
            return self._if(self._expr(node.test), lambda: self._expr(node.body),
                            lambda: self._expr(node.orelse), node, name)
        if isinstance(node, ast.BoolOp):
            return self._boolop(node, name)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self._operator(node, ast.Not, [node.operand], name)
        construct, hint = _UNSUPPORTED_EXPRESSIONS.get(
            type(node), (f"the expression `{type(node).__name__}`", "rewrite it with supported operations"))
        self._unsupported(node, construct, hint)

    def _boolop(self, node: ast.BoolOp, name: str | None) -> Atom:
        """``a and b`` / ``a or b`` keep Python's short-circuit: the right side runs only if needed.
        ``a and b and c`` is ``v = a; if v: v = b; if v: v = c``: one branch after another, not
        nested, so a long chain lowers to flat code."""
        value = self._expr(node.values[0])
        for position, operand in enumerate(node.values[1:], start=2):
            named = name if position == len(node.values) else None
            if isinstance(node.op, ast.And):
                value = self._if(value, lambda: self._expr(operand), lambda: value, node, named)
            else:
                value = self._if(value, lambda: value, lambda: self._expr(operand), node, named)
        return value

    def _load(self, node: ast.Name) -> Atom:
        if node.id in self.env:
            atom = self.env[node.id]
            if aliasing.soft(atom):
                self._record_check(atom, node.id, self.parsed.location(node))
                return atom.value
            if isinstance(atom, Stale):
                raise atom.error(node.id, self.parsed.location(node), self._chain())
            return atom
        return self._constant_or_free(node)

    def _constant_or_free(self, node: ast.expr) -> Atom:
        """A non-local name or attribute chain: a module constant (``np.pi``) or a free value."""
        obj = self._resolve(node)
        if isinstance(obj, _ATOM_TYPES) and not isinstance(node, ast.Name) and _from_library(node, self.parsed):
            return Const(obj)            # np.pi, math.e: library constants never change
        if isinstance(obj, type) and (obj in (float, int, bool, complex) or issubclass(obj, np.generic)):
            return Const(obj)            # a dtype such as float or np.float64 (dtype=float)
        if isinstance(obj, types.ModuleType) or callable(obj):
            self._unsupported(node, f"`{ast.unparse(node)}` used as a value",
                              "call it, or pass the value as an argument")
        # a value from the user's globals, closure or modules: read afresh on every call
        path = ast.unparse(node)
        key = (id(self.parsed.func), path)   # (not the function: the cached result must not hold it)
        if aliasing.soft(self.stale_free.get(key)):
            self._record_check(self.stale_free[key], path, self.parsed.location(node))
        elif key in self.stale_free:
            raise self.stale_free[key].error(path, self.parsed.location(node), self._chain())
        if key not in self.free:
            self.free[key] = var = Var(self.names.fresh(path.replace(".", "_"), own=isinstance(node, ast.Name)))
            self.readers[var.name] = (self.parsed, path)
            self.external.add(var)
        return self.free[key]

    def _resolve(self, node: ast.expr) -> Any:
        """Statically resolve a dotted name rooted at a global, closure or builtin name."""
        if isinstance(node, ast.Name):
            if node.id in self.env:
                return MISSING
            obj = self.parsed.lookup(node.id)
            if obj is MISSING:
                raise UnsupportedSyntaxError(
                    f"name `{node.id}` is not defined{self._chain()}", self.parsed.location(node),
                    hint="define it before calling the function, or pass it as an argument")
            self.dependencies.resolved(self.parsed, node.id, obj)
            return obj
        if isinstance(node, ast.Attribute):
            base = self._resolve(node.value)
            if base is MISSING:
                return MISSING
            try:
                obj = getattr(base, node.attr)
            except AttributeError:
                raise UnsupportedSyntaxError(
                    f"`{ast.unparse(node)}` does not exist{self._chain()}", self.parsed.location(node),
                    hint="check the spelling") from None
            self.dependencies.resolved(self.parsed, ast.unparse(node), obj)
            return obj
        return MISSING

    def _call(self, node: ast.Call, name: str | None) -> Atom:
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            self._unsupported(node, "`*args`/`**kwargs` in a call", "pass arguments explicitly")
        callee = self._resolve(node.func)
        if isinstance(node.func, ast.Attribute) and (callee is MISSING or (
                node.func.attr in METHODS and isinstance(self._resolve(node.func.value), np.ndarray))):
            return self._method(node, name)     # x.sum(), also on a global array W.sum()
        if callee is MISSING:
            self._unsupported(node.func, f"calling `{ast.unparse(node.func)}` (a local value)",
                              "call a function by its module path, e.g. `np.sum(x)`")
        prim = rules.lookup(callee)
        if prim is None and _is_runtime_helper(callee):
            try:         # a helper of generated code written in plain NumPy is transformed too
                return self._inline(node, callee)
            except TranspileError:
                raise NonDifferentiableError(
                    f"`{callee.__name__}` (part of a reverse rule) cannot be differentiated "
                    f"again{self._chain()}", self.parsed.location(node),
                    hint="second derivatives through this primitive are not supported yet; use "
                         "finite differences of transpiler.grad") from None
        if prim is None and isinstance(getattr(callee, "__transpiler_original__", callee), types.FunctionType):
            return self._inline(node, callee)       # (a helper decorated with @differentiate too)
        if prim is None:
            label = getattr(callee, "__qualname__", None) or repr(callee)
            raise UnknownFunctionError(
                f"no derivative rule for `{ast.unparse(node.func)}` ({label}){self._chain()}",
                self.parsed.location(node),
                hint="use a supported NumPy/math function (see docs/primitives.md)")
        args = list(node.args)
        if prim.partials is not None:
            if len(args) < prim.arity or node.keywords:
                self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} positional "
                                  f"argument(s){' and keywords' if node.keywords else ''}",
                                  f"call it with {prim.arity} positional argument(s)")
            if len(args) > prim.arity:
                if callee not in (max, min):
                    self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} arguments",
                                      f"call it with {prim.arity}")
                # max(a, b, c) == max(max(a, b), c)
                inner = ast.copy_location(ast.Call(func=node.func, args=args[:-1], keywords=[]), node)
                args = [inner, args[-1]]
        elif prim.vjp_rule is not None:
            self._check_rule_arguments(node, prim, len(args), [k.arg for k in node.keywords])
        atoms = tuple(self._arg(a) for a in args)
        kwargs = tuple((k.arg, self._arg(k.value)) for k in node.keywords)
        return self._apply(node, prim, atoms, kwargs, name)

    def _inline(self, node: ast.Call, callee) -> Atom:
        """A call to a user function with source: its body is lowered here, its parameters bound
        to the call's arguments (the derivative code then has no call overhead at all)."""
        parsed = parse_function(callee)
        self.dependencies.inlined(parsed)
        if any(p.func is parsed.func for p, _ in self.calls) or parsed.func is self.root.func:
            return self._recursive_call(node, callee)
        signature = inspect.signature(parsed.func)
        try:
            bound = signature.bind(*node.args, **{k.arg: k.value for k in node.keywords})
        except TypeError as exc:
            self._unsupported(node, f"this call to `{parsed.name}` ({exc})", "match the function's parameters")
        arguments = {name: self._arg(value) for name, value in bound.arguments.items()}
        for name, param in signature.parameters.items():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                self._unsupported(node, f"calling `{parsed.name}`, which takes `*args`/`**kwargs`",
                                  "give the function explicit parameters")
            if name not in arguments:
                if not isinstance(param.default, _ATOM_TYPES):
                    self._unsupported(node, f"the default value of `{name}` in `{parsed.name}`",
                                      "pass the argument explicitly")
                arguments[name] = Const(param.default)
                self.dependencies.used_defaults(parsed)
        tree = rewrite_jumps(parsed.tree, self.names)
        self.names.user |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        saved = self.parsed, self.env, self.displays
        self.calls.append((parsed, self.parsed.location(node)))
        self.callers.append(self.env)        # a write into a parameter reaches the caller's names
        self.parsed, self.env, self.displays = parsed, dict(arguments), {}
        try:
            self._reject_loop_else(tree)
            body = [s for s in tree.body if not _is_docstring(s)]
            for stmt in body[:-1]:
                self._statement(stmt)
            if not body or not isinstance(body[-1], ast.Return):
                self._unsupported(tree, f"`{parsed.name}` without a final `return`",
                                  "end the function with `return <value>`")
            return self._return(body[-1], name=None)
        finally:
            self.calls.pop()
            self.callers.pop()
            self.parsed, self.env, self.displays = saved

    def _recursive_call(self, node: ast.Call, callee) -> Atom:
        """A recursive call: not inlined (it would never end) but called, with the callee's own
        generated gradient as its derivative rule."""
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self._unsupported(node, "a recursive call with keyword arguments", "pass them positionally")
        if len(node.args) != len(inspect.signature(callee).parameters):
            self._unsupported(node, "a recursive call relying on default arguments",
                              "pass every argument")
        self.recursive(callee)
        atoms = tuple(self._arg(a) for a in node.args)
        return self._apply(node, rules.lookup(callee), atoms, (), None)

    def _check_rule_arguments(self, node: ast.Call, prim: Primitive, n_args: int, keywords: list[str]):
        params = prim.vjp_rule.params[2:]
        allowed = set(params[n_args:])
        bad = [k for k in keywords if k not in allowed]
        if n_args < prim.arity or n_args > len(params) or bad:
            self._unsupported(node, f"`{ast.unparse(node.func)}` called this way",
                              f"call it as {prim.name}({', '.join(params)})")

    def _method(self, node: ast.Call, name: str | None) -> Atom:
        """``x.sum(axis=1)`` is ``np.sum(x, axis=1)``; ``x.reshape(2, 3)`` is ``np.reshape(x, (2, 3))``."""
        method = node.func.attr
        if method == "pop" and not node.args and not node.keywords:
            return self._apply(node, indexing.POP, (self._expr(node.func.value),), (), name)
        if method not in METHODS:
            self._unsupported(node.func, f"the method `.{method}()`",
                              f"use a NumPy function instead (supported methods: {', '.join(sorted(METHODS))})")
        args = list(node.args)
        if method in SHAPE_METHODS and len(args) > 1:
            args = [ast.copy_location(ast.Tuple(elts=args, ctx=ast.Load()), node)]
        call = ast.copy_location(ast.Call(func=ast.Name(id="__method__", ctx=ast.Load()),
                                          args=[node.func.value, *args], keywords=node.keywords), node)
        prim = rules.lookup(METHODS[method])
        self._check_rule_arguments(call, prim, len(call.args), [k.arg for k in node.keywords]) \
            if prim.vjp_rule is not None else None
        atoms = tuple(self._arg(a) for a in call.args)
        kwargs = tuple((k.arg, self._arg(k.value)) for k in node.keywords)
        return self._apply(node, prim, atoms, kwargs, name)

    def _attribute(self, node: ast.Attribute, name: str | None) -> Atom:
        """Array attributes of local values: ``x.T``, ``x.shape``, ``x.ndim``, ``x.size``."""
        if node.attr not in ATTRIBUTES:
            self._unsupported(node, f"the attribute `.{node.attr}`",
                              f"supported array attributes: {', '.join(sorted(ATTRIBUTES))}")
        return self._apply(node, rules.lookup(ATTRIBUTES[node.attr]), (self._expr(node.value),), (), name)

    def _subscript(self, node: ast.Subscript, name: str | None) -> Atom:
        value = self._expr(node.value)
        pattern, holes = self._index_pattern(node.slice)
        if isinstance(pattern, ast.Constant) and value in self.displays:   # (a, b)[1] is b
            return self.displays[value][pattern.value]
        return self._apply(node, indexing.subscript_primitive(pattern), (value, *holes), (), name)

    def _index_pattern(self, index: ast.expr) -> tuple[ast.expr, list]:
        """The index with constants inlined and every other value replaced by a hole."""
        holes: list[Atom] = []

        def pattern(part: ast.expr | None):
            if part is None:
                return None
            if isinstance(part, ast.Slice):
                return ast.Slice(lower=pattern(part.lower), upper=pattern(part.upper), step=pattern(part.step))
            if isinstance(part, ast.Tuple):
                return ast.Tuple(elts=[pattern(e) for e in part.elts], ctx=ast.Load())
            atom = self._expr(part)
            if isinstance(atom, Const) and (atom.value is None or atom.value is Ellipsis or (
                    isinstance(atom.value, int) and not isinstance(atom.value, bool))):
                return ast.Constant(atom.value)
            holes.append(atom)
            return indexing.hole(len(holes) - 1)

        return pattern(index), holes

    def _arg(self, node: ast.expr) -> Atom:
        """A call argument: list and tuple displays become containers (constant ones constants)."""
        if isinstance(node, (ast.List, ast.Tuple)):
            if any(isinstance(e, ast.Starred) for e in node.elts):
                self._unsupported(node, "starred elements", "list the elements explicitly")
            elts = tuple(self._arg(e) for e in node.elts)
            if isinstance(node, ast.Tuple) and all(isinstance(e, Const) for e in elts):
                return Const(tuple(e.value for e in elts))
            prim = indexing.LIST if isinstance(node, ast.List) else indexing.TUPLE
            container = self._apply(node, prim, elts, (), None)
            if prim is indexing.TUPLE:      # lists may grow (append): their items are not fixed
                self.displays[container] = elts
            return container
        return self._expr(node)

    def _apply(self, node: ast.AST, prim: Primitive, args: tuple, kwargs: tuple, name: str | None) -> Atom:
        if all(isinstance(a, Const) for a in args) and not kwargs and not prim.spelling.path.startswith("np."):
            folded = fold(prim, args)
            if folded is not MISSING:
                return Const(folded)
        key = _expression_key(prim, args, kwargs)
        if key is not None and key in self.available:
            return self.available[key]   # the same primitive on the same values: computed already
        target = Var(self.names.fresh(name, own=name in self.user_names) if name else self.names.temp())
        self.body.append(Assign(target, prim, args, kwargs, self.parsed.location(node)))
        self.storage[target] = aliasing.result_storage(prim, target, args, kwargs, self._storage)
        if key is not None:
            self.available[key] = target
        return target

    def _operator(self, node: ast.AST, key: type, arg_nodes: list, name: str | None) -> Atom:
        prim = rules.lookup(key)
        if prim is None:
            self._unsupported(node, f"the operator `{Spelling(binop=key) if issubclass(key, ast.operator) else key.__name__}`",
                              "rewrite it with supported operations")
        return self._apply(node, prim, tuple(self._expr(a) for a in arg_nodes), (), name)

    def _binop_tree(self, node: ast.BinOp, name: str | None) -> Atom:
        """A tree of binary operators, lowered with a stack of its own rather than a Python frame
        per level: sympy output and unrolled code nest thousands deep, to the left (``a + b - c
        + ...``) or to the right (Horner form ``a + x*(b + x*(c + ...))``). Left operand, right
        operand, then the operator, as Python evaluates them."""
        values: list[Atom] = []
        pending = [(node, False)]
        while pending:
            current, operands_done = pending.pop()
            if not isinstance(current, ast.BinOp):
                values.append(self._expr(current))
            elif operands_done:
                key = type(current.op)
                prim = rules.lookup(key)
                if prim is None:
                    self._unsupported(current, f"the operator `{Spelling(binop=key)}`",
                                      "rewrite it with supported operations")
                right, left = values.pop(), values.pop()
                values.append(self._apply(current, prim, (left, right), (), name if current is node else None))
            else:
                pending += [(current, True), (current.right, False), (current.left, False)]
        return values.pop()

    def _apply_prim(self, node: ast.AST, key: Any, args: tuple) -> Atom:
        """Apply a primitive to atoms the lowering made itself (loop lengths, indexing)."""
        return self._apply(node, rules.lookup(key), args, (), None)

    def _unsupported(self, node: ast.AST, construct: str, hint: str):
        raise UnsupportedSyntaxError(f"{construct} is not supported{self._chain()}",
                                     self.parsed.location(node), hint)

    def _chain(self) -> str:
        """Where an error inside an inlined function was called from."""
        return "".join(f" (in `{p.name}`, called at {where})" for p, where in reversed(self.calls))




def _is_runtime_helper(obj) -> bool:
    """A helper of generated code (its copy inside a generated module, or the original)."""
    return ((getattr(obj, "__module__", None) or "").startswith("transpiler.")
            and HELPERS.get(getattr(obj, "__name__", None)) is not None)


def _from_library(node: ast.expr, parsed: ParsedFunction) -> bool:
    """Is this attribute chain rooted at numpy or math (whose constants are constants)?"""
    while isinstance(node, ast.Attribute):
        node = node.value
    root = parsed.lookup(node.id) if isinstance(node, ast.Name) else None
    return isinstance(root, types.ModuleType) and root.__name__.split(".")[0] in ("numpy", "math")


def _expression_key(prim: Primitive, args: tuple, kwargs: tuple):
    """A key for common-subexpression elimination, or None for what must not be shared:
    lists (mutable), stack pops (effects)."""
    if prim is indexing.POP or prim is indexing.LIST or aliasing.allocates(prim) or getattr(prim, "updates", False):
        return None     # effects, and new arrays (two np.zeros(3) are two arrays: one may be written)
    typed = tuple((a, type(a.value)) if isinstance(a, Const) else a for a in args)   # 1 != 1.0 here
    key = (id(prim), typed, kwargs)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def fold(prim: Primitive, args: tuple[Const, ...]) -> Any:
    """Evaluate a primitive on literal constants at transform time (``2 ** 0.5``)."""
    code = ast.Expression(prim.primal([ast.Constant(a.value) for a in args]))
    try:
        value = eval(compile(ast.fix_missing_locations(code), "<fold>", "eval"), {"math": __import__("math")})
    except Exception:
        return MISSING
    return value if isinstance(value, _ATOM_TYPES) else MISSING


_MAX_LOOP_PASSES = 8
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
              ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
              ast.LShift: "<<", ast.RShift: ">>"}


@dataclass
class _LoopAssumptions:
    """What the top of a loop iteration assumes the previous iteration left: names stale, and
    memory each carried name's new value may share."""

    stale: dict = field(default_factory=dict)      # user name -> Stale
    storage: dict = field(default_factory=dict)    # user name -> frozenset

    def learn(self, end: dict, carried: list, ends: dict, storage_of) -> bool:
        """Add what one lowering of the body found; True if that was not assumed yet."""
        grown = False
        for user_name, atom in end.items():
            known = self.stale.get(user_name)
            if not isinstance(atom, Stale) or aliasing.hard(known):
                continue
            merged = atom if known is None else aliasing.worse(known, atom)
            if merged != known:
                self.stale[user_name] = dataclasses.replace(merged, value=None)
                grown = True
        for user_name, var in carried:
            extra = ends.get(var, frozenset()) - storage_of(var)
            if extra and user_name not in self.stale:
                self.storage[user_name] = self.storage.get(user_name, frozenset()) | extra
                grown = True
        return grown


def _is_append(node: ast.expr, env: dict) -> bool:
    """``name.append(value)`` on a list local to the function."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
            and isinstance(node.func.value, ast.Name) and node.func.value.id in env
            and len(node.args) == 1 and not node.keywords)


def _assigned_names(node: ast.stmt) -> list[str]:
    """User names a loop body binds, in order of first binding (the loop target excluded).
    ``x[i] = v`` rebinds ``x`` too: an update makes a new version of the array."""
    loop_targets = {n.id for sub in ast.walk(node) if isinstance(sub, ast.For) and sub is not node
                    for n in ast.walk(sub.target) if isinstance(n, ast.Name)}
    names = []
    for stmt in node.body:
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Store):
                base = sub.value
                if isinstance(base, ast.Name) and base.id not in names:
                    names.append(base.id)
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store) and sub.id not in names:
                if sub.id in loop_targets and not _bound_outside_for_targets(node, sub.id):
                    continue
                names.append(sub.id)
    return names


def _bound_outside_for_targets(node: ast.stmt, name: str) -> bool:
    """Is ``name`` bound in ``node``'s body other than as a nested loop's target?"""
    targets = {id(n) for sub in ast.walk(node) if isinstance(sub, ast.For)
               for n in ast.walk(sub.target)}
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
               and id(n) not in targets for stmt in node.body for n in ast.walk(stmt))


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
        stmt.value.value, str)


def _describe(node: ast.expr) -> str:
    if isinstance(node, ast.Subscript):
        return "an element `x[...]`"
    if isinstance(node, ast.Attribute):
        return "an attribute"
    return f"`{type(node).__name__}`"


_UNSUPPORTED_STATEMENTS = {
    ast.Try: ("`try` blocks", "move error handling outside the differentiated function"),
    ast.With: ("`with` blocks", "move the context manager outside the differentiated function"),
    ast.Global: ("`global` declarations", "pass the value in and return the new value"),
    ast.Nonlocal: ("`nonlocal` declarations", "pass the value in and return the new value"),
    ast.FunctionDef: ("a nested function definition", "define the helper at module level"),
    ast.ClassDef: ("a class definition", "define the class at module level"),
    ast.Delete: ("`del`", "drop the statement; unused values are removed automatically"),
    ast.Raise: ("`raise`", "validate inputs before calling the differentiated function"),
    ast.Assert: ("`assert`", "check inputs before calling the differentiated function"),
    ast.Import: ("`import` inside the function", "import at module level"),
    ast.ImportFrom: ("`import` inside the function", "import at module level"),
    ast.Break: ("`break` here", "break only inside a loop"),
    ast.Continue: ("`continue` here", "continue only inside a loop"),
    ast.Expr: ("an expression statement (its value is discarded)",
               "assign the value to a name or delete the statement; side effects such as print() are not kept"),
}

_UNSUPPORTED_EXPRESSIONS = {
    ast.Lambda: ("`lambda`", "define a function at module level"),
    ast.ListComp: ("a list comprehension", "write the computation with NumPy array operations"),
    ast.GeneratorExp: ("a generator expression", "write the computation with NumPy array operations"),
    ast.DictComp: ("a dict comprehension", "build the values one by one"),
    ast.SetComp: ("a set comprehension", "use a list or array"),
    ast.Yield: ("`yield` (generators)", "return a value instead"),
    ast.YieldFrom: ("`yield from` (generators)", "return a value instead"),
    ast.Await: ("`await`", "differentiate synchronous code"),
    ast.NamedExpr: ("the walrus operator `:=`", "assign the value in its own statement"),
    ast.Dict: ("a dict value", "bind the values to names"),
    ast.JoinedStr: ("an f-string", "format strings outside the differentiated function"),
    ast.Starred: ("starred expressions", "pass the elements explicitly"),
}

