"""Reverse mode's output as IR: the statements the reverse builder (reverse.py) writes, made an
``ir.Function`` that a backend prints (backends/python_code.py), as forward mode's is.

What the builder makes as IR itself is taken as it is, nothing recognised from its spelling:

* statements it builds as IR nodes (ad/built.py, carried as ``ir_nodes``): the forward sweep's
  primal statements (``Assign`` of the primal's own primitive), copies and effects (``print``,
  ``raise``, ``assert``), a tape's pushes and pops (the stack primitives), tapes, counters and
  checkpoint lists made empty; and every ``name = <expression>`` it makes (``built.lowered``):
  the rules' adjoint expressions (``unbroadcast(d_z * np.cos(x), x)``), accumulations
  ``d_x = d_x + g``, zeros of a value's shape, a primal call spelled for known shapes
  (``x.sum(axis=0)``, ``a * b`` on two numbers) or kept on a tape, a seed, a checkpoint's
  bounds. Those are lowered from the expression tree the builder holds when it makes it, into
  statements of registered primitives (one per operator, NumPy function, runtime helper,
  subscript and display, as forward mode's tangents are: ad/expressions.py lists the parts that
  stay ``written``), reading the builder's own variables; the parts are named ``_part`` and
  printed folded back into their one reader (the function's ``folded``). A statement the builder
  copied (a checkpointed segment runs an iteration twice) has its parts named anew here;
* ifs and loops it marks with their IR: ``ir_if`` (the test's atom; ``if not v:`` the else
  branch alone), ``ir_loop`` (``forwards``: the range's atoms; ``backwards``: the primal loop's
  range run in reverse, its first ``count`` values where the forward sweep counted them; a
  checkpointed loop's ``segment``: a slice of the range, ``range(...)[_first:_first + _steps]``,
  run forwards then backwards, its stop computed first and printed folded back into the head;
  ``while``: the form of the head it chose), ``ir_exit`` (a loop's last ``if flag: break``, and a
  ``while True:`` loop's ``if not c: break`` after its test's statements), ``ir_test`` (an
  ``if <test>:`` whose test is computed first: a checkpointed loop's ``if _n % _every == 0:``).
  A head's computed value (that test, a segment's stop) it makes as nodes too (``built.head``),
  computing a part of its own that prints folded back into the head.

A ``while`` loop whose test prints inlined into its head (``while total < 3.0:``) carries the
test's statement as the builder made it (``ir_tested``).

The builder also makes as nodes the statements no primitive of the IR is (``built.statement``):
an accumulation in place ``d_x[i] += g``, ``np.add.at(d_x, index, g)``, a counter's ``n += 1``,
a swap ``a, b = u, v``, a pullback's ``yield`` and the ``try`` resuming it, each an ``Effect`` of
a written statement whose values are lowered as expressions are; and its comments
(``built.comment``). Measured over the real-world programs' grad, value_and_grad and jvp checks
and fuzz seeds 0-79: of 43,399 IR statements, none is lifted here from a statement of the
builder's Python (1,383 were, before the builder made them: 862 comments, 384 augmented
assignments, 86 tuple assignments, 32 ``np.add.at``, 16 contexts entered or left, 2 ``try``, a
``yield``).

What is still lowered here from Python, by :class:`ExpressionLowering`: the value returned, and
a ``while`` loop's test where the builder's statement for it no longer is the head's test.

Reverse code is not in single-assignment form, and cannot print byte-identically if made so:
an adjoint accumulates under one name (``d_x = g``, then ``d_x = d_x + h``), both branches of an
``if`` assign an adjoint they leave in different places, a reverse loop pops a carried value back
under its name. Each binding of a name bound before is marked ``rebinds`` (ir/nodes.py): the
IR's one exception to single assignment, explicit per statement, which the verifier accepts.

:func:`lifted` returns None (the builder's Python kept as it is) for a statement with no IR form:
an ``if`` or a loop the builder did not mark, a ``break``/``continue``/``return`` anywhere but a
loop's exit, a statement the builder wrote as Python rather than made (ad/built.py). None occurs in the real-world programs, the fuzz programs or the tests
(tests/ad/test_reverse_ir_primitives.py, test_checkpoints_ir.py, test_reverse_built.py).
"""
from __future__ import annotations

import ast
import copy
import os

from ..ir.code import names
from ..ir.names import NameAllocator
from ..ir.defuse import defines
from ..ir.nodes import Const, Copy, Function, If, Loop, Var, walk
from ..primitives.written import written_in_place
from . import built
from .expressions import ExpressionLowering

PART = "_part"          # the parts of an expression split out (printed folded back: never seen)


def lifted(base: Function, name: str, params: list[str], defaults: list, body: list[ast.stmt],
           returned: ast.expr, names: NameAllocator, built_folded: set[str] = frozenset(),
           restored: dict | None = None) -> Function | None:
    """The reverse code ``body`` + ``return returned`` as an ``ir.Function`` reading ``base``'s
    free names; None where a statement has no IR form yet (see the module docstring).
    ``built_folded``: the temporaries of the statements the builder made (built.lowered);
    ``restored``: the tapes of values kept rather than computed again (the function's ``restored``)."""
    outside = set(params) | {v.name for v in base.free.values()}
    lowering = ExpressionLowering(names, _StoredNames(body, outside).__contains__, lambda: names.fresh(PART),
                                  written_in_place)
    lift = _Lift(lowering, set(params) | {v.name for v in base.free.values()})
    stmts = lift.block(body)
    if stmts is None:
        return None
    result = Var(names.fresh("_returned"))      # (printed folded into the return)
    stmts += lowering.assign(result.name, returned)
    return Function(name=name, params=list(map(Var, params)), param_names=list(params), free=dict(base.free),
                    body=stmts, result=result, names=names, parsed=base.parsed, readers=base.readers,
                    defaults=[Const(value) for value in defaults], folded=frozenset(lowering.folded | built_folded),
                    restored=dict(restored or {}))


def _merge_copies(body: list, orelse: list) -> None:
    """A value each branch binds once, by a copy at its top level, and that was not bound before
    (the then branch's copy is no rebinding) is the branch's merge, a phi: the else branch's copy
    is then no rebinding either."""
    def single_copies(block: list) -> dict:
        counts: dict[Var, int] = {}
        for s in walk(block):
            for var in defines(s):
                counts[var] = counts.get(var, 0) + 1
        return {s.target: s for s in block if isinstance(s, Copy) and counts[s.target] == 1}
    then, other = single_copies(body), single_copies(orelse)
    for var, copy_ in other.items():
        if var in then and not then[var].rebinds:
            copy_.rebinds = False


class _StoredNames:
    """The names ``body`` binds (every ``ast.Store`` name in it) and the ``outside`` ones: the
    variables of the expressions lowered here (the value returned, a ``while`` loop's test). A
    name asked of is looked for first among the statements' targets, a walk of the statements
    alone; only one not found there (a module, a builtin) has the whole body walked, into its
    expressions (a comprehension's or a ``:=``'s target): walking every expression the builder
    printed was a tenth of the reverse transform."""

    def __init__(self, body: list[ast.stmt], outside: set[str]):
        self.body = body
        self.targets = outside | _target_names(body)
        self.everywhere: set[str] | None = None

    def __contains__(self, name: str) -> bool:
        if name in self.targets:
            return True
        if self.everywhere is None:
            self.everywhere = names(self.body, ast.Store)
        return name in self.everywhere


_TARGET_FIELDS = {ast.Assign: ("targets",), ast.AugAssign: ("target",), ast.AnnAssign: ("target",),
                  ast.For: ("target",), ast.AsyncFor: ("target",)}
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers")


def _target_names(body: list) -> set[str]:
    """The names stored by the targets of the statements in ``body``, at every depth of blocks
    (some of :func:`names` ``(body, ast.Store)``: not those stored inside an expression)."""
    found: set[str] = set()
    pending = list(body)
    while pending:
        stmt = pending.pop()
        if type(stmt) is list:              # (a statement slot: ir/code.py's name_nodes)
            pending.extend(stmt)
            continue
        for name in _TARGET_FIELDS.get(type(stmt), ()):
            found |= names(getattr(stmt, name), ast.Store)
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            found |= names([item.optional_vars for item in stmt.items if item.optional_vars is not None], ast.Store)
        for block in _BLOCK_FIELDS:
            pending.extend(getattr(stmt, block, ()))
    return found


class _Lift:
    def __init__(self, lowering: ExpressionLowering, bound: set[str]):
        self.lowering = lowering
        self.is_variable = lowering.is_variable
        self.bound = bound          # names bound so far, in program order: a later binding rebinds
        self.verify = os.environ.get("TRANSPILER_VERIFY") == "1"     # (as ir/verifier.py's checked)

    def block(self, stmts: list[ast.stmt]) -> list | None:
        out: list = []
        for stmt in stmts:
            lifted_ = self.statement(stmt)
            if lifted_ is None:
                return None
            out += lifted_ if isinstance(lifted_, list) else [lifted_]
        return out

    def statement(self, stmt: ast.stmt):
        nodes = built.nodes_of(stmt)
        if nodes is not None:
            return self.built(stmt, nodes)
        if isinstance(stmt, ast.If):
            return self.branch(stmt)
        if isinstance(stmt, ast.For):
            return self.loop(stmt)
        if isinstance(stmt, ast.While) and getattr(stmt, "ir_loop", ("",))[0] == "while":
            return self.while_loop(stmt, *stmt.ir_loop[1:])
        if isinstance(stmt, ast.Pass):      # (an emptied branch's placeholder: nothing to run)
            return []
        return None     # (a statement the builder wrote as Python, not made: see the module docstring)

    def built(self, stmt: ast.stmt, nodes: tuple, head: bool = False) -> list:
        """The nodes the builder made ``stmt`` from (ad/built.py), each binding of a name bound
        before marked ``rebinds``; for a ``head`` (built.head), its last target is a part too."""
        if self.verify and not built.consistent(stmt):
            written_ = ast.unparse(ast.fix_missing_locations(copy.deepcopy(stmt)))
            raise AssertionError(f"the reverse builder changed a statement's Python, not its IR: {written_}")
        temporaries = built.parts(nodes) + ([nodes[-1].target.name] if head else [])
        if any(name in self.bound for name in temporaries):
            # a statement the builder copied (a checkpointed segment runs an iteration twice):
            # its parts named anew, each still read once (printed folded back)
            fresh = {name: self.lowering.names.fresh(PART) for name in temporaries}
            self.lowering.folded.update(fresh.values())
            nodes = built.renamed_nodes(nodes, fresh)
        out = []
        for node in nodes:
            node = _shallow_copy(node)
            for var in defines(node):
                node.rebinds = self._bind(var.name)
            out.append(node)
        return out

    def branch(self, stmt: ast.If) -> list | None:
        """An ``if`` the builder made (syntax.py: ``if_statement``, marked ``ir_if``: the test's
        atom, and whether it is ``if not v:``, the else branch alone: the same test as ``if v:``'s,
        which the verifier knows takes the same branch); ``if <test>:`` where the builder marked it
        ``ir_test`` (a checkpointed loop's ``if _n % _every == 0:``), the test computed first,
        printed folded back into the ``if``."""
        marked, computed = getattr(stmt, "ir_if", None), []
        if marked is not None:
            test, negated = marked
        elif getattr(stmt, "ir_test", None) is not None:
            computed, negated = self.built(stmt.ir_test, built.nodes_of(stmt.ir_test), head=True), False
            test = computed[-1].target
        else:
            return None
        body, orelse = self.block(stmt.body), self.block(stmt.orelse)
        if body is None or orelse is None:
            return None
        if negated:
            return [If(test, [], body)]
        _merge_copies(body, orelse)
        return [*computed, If(test, body, orelse)]

    def loop(self, stmt: ast.For) -> Loop | None:
        """A ``for`` loop the builder marked (``ir_loop``): ``("forwards", range)``,
        ``("backwards", range, count, countdown)`` or a checkpointed loop's ``("segment", ...)``."""
        marked = getattr(stmt, "ir_loop", None)
        if marked is None or stmt.orelse or not isinstance(stmt.target, ast.Name):
            return None
        if marked[0] == "segment":
            return self.segment(stmt, *marked[1:])
        counter = stmt.target.id
        rebinds = self._bind(counter)
        body, exit_flag = self._loop_body(stmt.body)
        if body is None:
            return None
        loop = Loop("for", Var(counter), tuple(marked[1]), [], None, [], body, exit_flag, rebinds=rebinds)
        if marked[0] == "backwards":
            loop.backwards, loop.countdown = True, marked[3]
            loop.count = Var(marked[2]) if marked[2] is not None else None
        return loop

    def segment(self, stmt: ast.For, bounds, first: str, stop: ast.stmt, backwards: bool) -> list | None:
        """A checkpointed loop's segment, ``for t in range(...)[first:stop]`` (``reversed`` where
        ``backwards``): its stop computed first (the nodes the builder made, built.head), printed
        folded back into the head."""
        computed = self.built(stop, built.nodes_of(stop), head=True)
        counter = stmt.target.id
        rebinds = self._bind(counter)
        body, exit_flag = self._loop_body(stmt.body)
        if body is None:
            return None
        loop = Loop("for", Var(counter), tuple(bounds), [], None, [], body, exit_flag, rebinds=rebinds,
                    backwards=backwards, first=Var(first), count=computed[-1].target)
        return [*computed, loop]

    def while_loop(self, stmt: ast.While, cond, form: str) -> Loop | None:
        """A forward sweep's ``while`` loop (``form``): ``while c:`` (``cond``), ``while <test>:``
        (``test``: the test's one statement, binding ``c``, in the head) or ``while True:``
        testing at the top (``top``), the test's statements before the ``if not c: break`` the
        builder marked (syntax.py: ``while_statement``)."""
        if form == "top":
            exit_ = next((i for i, s in enumerate(stmt.body) if getattr(s, "ir_exit", None) == "unless"), None)
            if exit_ is None:
                return None
            cond_body, body = self.block(stmt.body[:exit_]), stmt.body[exit_ + 1:]
        else:       # (the test's statement as the builder made it, where the head still reads its value)
            tested, cond_body = getattr(stmt, "ir_tested", None), []
            if form == "test" and tested is not None and tested.value is stmt.test:
                cond_body = self.block([tested])
            elif form == "test":     # (a test the builder's book-keeping rewrote: lowered here)
                name = getattr(cond, "name", "")
                cond_body = self.lowering.assign(name, stmt.test)
                cond_body[-1].rebinds = self._bind(name)
            body = stmt.body
        body, exit_flag = self._loop_body(body)
        if cond_body is None or body is None:
            return None
        return Loop("while", None, (), cond_body, cond, [], body, exit_flag, test_inline=form != "top")

    def _loop_body(self, stmts: list[ast.stmt]) -> tuple[list | None, Var | None]:
        """A loop's body and its exit flag (a last ``if flag: break`` the builder marked with
        the flag)."""
        stmts, exit_flag = list(stmts), None
        if stmts and isinstance(getattr(stmts[-1], "ir_exit", None), Var):
            exit_flag = stmts.pop().ir_exit
        return self.block(stmts), exit_flag

    def _bind(self, name: str) -> bool:
        rebinds = name in self.bound
        self.bound.add(name)
        return rebinds


def _shallow_copy(node):
    """``copy.copy(node)`` of a statement node (a dataclass with a ``__dict__``), without
    ``copy``'s generic protocol: asked of every statement the builder made."""
    new = object.__new__(type(node))
    new.__dict__.update(node.__dict__)
    return new
