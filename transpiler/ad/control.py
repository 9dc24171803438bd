"""Reverse mode through control flow: a branch's adjoint takes the branch taken; a loop's adjoint
runs its iterations backwards, popping what the forward sweep pushed on the loop's tape (a mixin
of the reverse builder)."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..errors import NonDifferentiableError
from ..ir.code import load, read_names, store
from ..ir.liveness import prune
from ..ir.nodes import Assign, Copy, If, Loop, Var, walk
from ..ir.structure import same_structure
from . import built
from .journal import MISSING
from .syntax import call_to, countdown, differentiated_uses, if_statement, range_of, statements_in


@dataclass
class Tape:
    """Book-keeping of one loop: its tape, iteration counter and the slots filled later."""

    tape: str
    counter: str | None
    pushes: list = field(default_factory=list)    # filled once the reverse knows what it needs
    saved: list = field(default_factory=list)     # carried Vars pushed each iteration
    primal: bool = False                          # made by the forward sweep, not a recomputation
    loop: Loop | None = None                      # (the forward sweep's loops: the loop and the
    iteration: list | None = None                 #  statements of one iteration, for its size)
    code: Any = None                              # checkpoints.py's LoopCode: checkpointed (memory=)
    # a loop nested in a taped one: its tape is made once, at the start, and holds the iterations
    # of every run of the loop; after each run the forward sweep pushes its count (a while loop,
    # one left early) and the values read after it, as the reverse turns out to need them (slots)
    nested: bool = False
    count_push: list = field(default_factory=list)
    restore_pushes: list = field(default_factory=list)
    restored: list = field(default_factory=list)  # (the Vars those push)


class ControlFlowAdjoints:
    """The adjoints of branches and loops (reverse.py's builder holds the state)."""

    # Branches -------------------------------------------------------------------------------
    def _if_adjoint(self, stmt: If) -> list[ast.stmt]:
        """Each path's reverse from the same adjoints, then the two joined: an adjoint a path
        changed gets one name on both paths. Only what a path changed is looked at (journal.py's
        marks), so a branch costs what it touches, not every adjoint alive."""
        adjoint, buffers = self.adjoint, self.buffers
        marks = adjoint.mark(), buffers.mark()
        body = self.backward(stmt.body)
        changed_body, owned_changed_body = adjoint.close(marks[0]), buffers.close(marks[1])
        after_body = {var: (adjoint.get(var, MISSING), adjoint.position(var) if var in adjoint else None)
                      for var in changed_body}
        owned_body = {var: var in buffers for var in owned_changed_body}
        adjoint.undo(changed_body)
        buffers.undo(owned_changed_body)
        marks = adjoint.mark(), buffers.mark()
        orelse = self.backward(stmt.orelse)
        changed_else, owned_changed_else = adjoint.close(marks[0]), buffers.close(marks[1])
        for var in dict.fromkeys([*owned_changed_body, *owned_changed_else]):    # ours only if ours on both paths
            in_body = owned_body[var] if var in owned_body else owned_changed_else[var]
            buffers.set_to(var, in_body and var in buffers)
        after_body.update((var, before) for var, before in changed_else.items() if var not in after_body)
        local = {s.target for s in walk(stmt.body + stmt.orelse) if isinstance(s, (Assign, Copy))}
        for var in self._join_order(after_body):
            if var in local or getattr(var, "of", None) in local:    # defined inside the branch (a
                # tuple's element: the tuple): its adjoint is not needed after it
                adjoint.pop(var, None)
                continue
            a, b = after_body[var][0], adjoint.get(var)
            a = None if a is MISSING else a
            if same_structure(a, b):
                continue
            name = self._own_name(var)
            buffers.discard(var)
            for branch, value in ((body, a), (orelse, b)):
                value = value if value is not None else self._zeros(var)
                if not (isinstance(value, ast.Name) and value.id == name):
                    branch.append(self._assigned(name, value))
            adjoint[var] = load(name)
        for var in local:        # (and those neither path changed: a merged value's adjoint)
            for key in (var, *(self._component(var, i) for i in range(self.info.tuples.get(var, 0)))):
                adjoint.pop(key, None)
        return if_statement(stmt.test, body, orelse)

    def _join_order(self, after_body: dict) -> list:
        """The adjoints either path changed, in the order the joined code assigns them: those
        present after the first path in that path's order, then those present only after the
        second in its order (the order of the dicts, were each path's adjoints a copy)."""
        present_body = sorted((position, n, var) for n, (var, (value, position)) in enumerate(after_body.items())
                              if value is not MISSING)
        only_else = sorted((self.adjoint.position(var), n, var) for n, var in enumerate(after_body)
                           if after_body[var][0] is MISSING and var in self.adjoint)
        return [var for _, _, var in present_body + only_else]

    # Loops ----------------------------------------------------------------------------------
    def _loop_adjoint(self, loop: Loop) -> list[ast.stmt]:
        tape = self.tapes[id(loop)]
        carried = [v for v in loop.carried if v in self.info.active]
        if any(v in self.info.tuples for v in carried):     # its adjoint is kept per element
            raise NonDifferentiableError(
                "reverse mode through a tuple carried from one iteration to the next is not supported",
                loop.location, hint="carry its elements as separate names (a, b = b * 0.5, a * x), or begin the "
                "tuple before the loop as a display or constant (s = (a, b), not a parameter's tuple) and rebind it "
                "there to tuples of that length only (displays, a helper's `return (a, b)`); a tuple begun as `s = None` "
                "may be read in the loop only as `s is None`, `s is not None` and `s[k]` (not passed to a helper: "
                "write its update in the loop, `s = (v,) if s is None else (s[0] + v,)`)")
        inner = {s.target for s in walk(loop.body) if isinstance(s, (Assign, Copy))} - set(loop.carried)
        outer = [v for v in dict.fromkeys(u for s in walk(loop.body) for u in differentiated_uses(s, self.info))
                 if v not in inner and v not in loop.carried]
        setup = []
        for var in carried + outer + self._read_after_rebinding(loop):
            setup += self._materialize(var)
        # recompute first: it registers the tapes of nested loops that the body's reverse pops
        recompute = self._recomputed(loop.cond_body + loop.body, taped=True, skip_carry=True)
        mark = self.buffers.mark()
        body = self._iteration_adjoint(loop, carried, inner)
        for var, owned_before in self.buffers.close(mark).items():
            if not owned_before:     # the loop may run zero times: ours only if ours before
                self.buffers.discard(var)
        if not body:
            return setup
        # a nested loop's values read after it are read from its tape, where the reverse reads
        # them (a zero adjoint shaped like one); and what the pushes of loops the recomputation
        # runs again read, made inside them or not (prune keeps a slot as it is, unread)
        restorable = {self.restores[id(s)][2].name for s in statements_in(recompute) if id(s) in self.restores}
        needed = (live_in(body) - (self._inner_only(loop) - restorable)) | read_names(list(_in_slots(recompute)))
        recompute = prune(recompute, needed)
        self._pop_restored(recompute)
        segments = self._tape_opaque_values(recompute, tape)
        needed |= read_names(recompute)
        tape.saved = [v for v in loop.carried if v.name in needed]
        tape.pushes[:] = [built.push(tape.tape, v.name) for v in tape.saved]
        pops = [built.pop(v.name, tape.tape) for v in reversed(tape.saved)]
        pops = self._segment_starts(segments, tape, pops)
        unused = self.names.fresh("_")
        if tape.code is not None:        # under a memory budget (checkpoints.py)
            return setup + self._checkpointed_reverse(loop, tape, pops + recompute + body, unused)
        if tape.nested and tape.counter:     # this run's count, pushed after it
            tape.count_push[:] = [built.push(tape.tape, tape.counter)]
            setup.append(built.pop(tape.counter, tape.tape))
        iterations = self._reverse_iterations(loop, tape)
        target = store(loop.target.name if loop.target is not None and loop.target.name in needed else unused)
        reverse_loop = ast.For(target=target, iter=iterations, body=pops + recompute + body, orelse=[])
        if loop.kind == "for":       # (the IR's loop, ad/reverse_ir.py: backwards; a while's: counted)
            reverse_loop.ir_loop = ("backwards", loop.range_args, tape.counter, self._countdown(loop))
        else:
            reverse_loop.ir_loop = ("forwards", (Var(tape.counter),))
        return setup + [reverse_loop]

    def _restored(self, loop: Loop) -> list[ast.stmt]:
        """A nested loop in the recomputation of an enclosing loop's iteration: not run again
        (its own reverse pops what it needs from the tape its forward run pushed), but the values
        it leaves (those carried) read from that tape, for the statements after it. Placeholders
        until pruning shows which are read (:meth:`_pop_restored`)."""
        tape, out = self.tapes[id(loop)], []
        for var in reversed(loop.carried):       # (the last pushed is popped first)
            if var in self.info.live:
                placeholder = ast.Assign(targets=[store(var.name)], value=ast.Constant(None))
                self.restores[id(placeholder)] = (placeholder, tape, var)
                out.append(placeholder)
        return out

    def _pop_restored(self, recompute: list) -> None:
        """The placeholders of :meth:`_restored` left in a pruned recomputation become pops, and
        the forward sweep pushes those values after the loop (in the order they are popped, last
        first)."""
        for stmt in statements_in(recompute):
            restore = self.restores.pop(id(stmt), None)
            if restore is None:
                continue
            placeholder, tape, var = restore
            built.replace(placeholder, built.pop(var.name, tape.tape))
            tape.restore_pushes.insert(0, built.push(tape.tape, var.name))
            tape.restored.insert(0, var)

    def _read_after_rebinding(self, loop: Loop) -> list[Var]:
        """Values whose pending adjoint (an expression not yet assigned) reads a name the reverse
        loop binds again (a carried value popped, a temporary recomputed): it is given its name
        before the loop, while those names hold the values it means."""
        rebound = {s.target.name for s in walk(loop.cond_body + loop.body) if isinstance(s, (Assign, Copy))}
        rebound |= {v.name for v in loop.carried} | ({loop.target.name} if loop.target is not None else set())
        return [var for var, expr in self.adjoint.items() if read_names([expr]) & rebound]

    def _iteration_adjoint(self, loop: Loop, carried: list[Var], inner: set[Var]) -> list[ast.stmt]:
        """One iteration's reverse sweep; leaves each carried adjoint under its loop name."""
        loop_names = {v: load(self._own_name(v)) for v in carried}
        for var in inner:
            self.adjoint.pop(var, None)
        out = []
        updates = [s for s in loop.body if isinstance(s, Copy) and s.carry]
        for copy_ in reversed(updates):      # the end-of-iteration copies, undone first
            if copy_.target in loop_names and isinstance(copy_.source, Var) and copy_.source in self.info.active:
                out += self._accumulate(copy_.source, loop_names[copy_.target])
        updated = {c.target for c in updates}
        for var in carried:                  # adjoints w.r.t. the values at iteration start
            if var in updated:
                self.adjoint.pop(var, None)
                self.owned[var] = self.names.derived("d", var.name)
            # a value the iteration leaves unchanged keeps accumulating under its loop name
        body = [s for s in loop.body if not (isinstance(s, Copy) and s.carry)]
        out += self.backward(body)
        ends = []
        for var in carried:
            self.buffers.discard(var)
            value = self.adjoint.get(var) or self._zeros(var)
            if not (isinstance(value, ast.Name) and value.id == loop_names[var].id):
                ends.append((loop_names[var].id, value))
            self.adjoint[var], self.owned[var] = loop_names[var], loop_names[var].id
        if len(ends) == 1:
            out.append(self._assigned(*ends[0]))
        elif ends:   # all at once: one may read another's old value (a swap)
            out.append(built.statement(ast.Assign(targets=[ast.Tuple(elts=[store(n) for n, _ in ends], ctx=ast.Store())],
                                                  value=ast.Tuple(elts=[v for _, v in ends], ctx=ast.Load())),
                                       self.lowering))
        return out

    def _countdown(self, loop: Loop) -> bool:
        """Is a reverse loop spelled ``range(stop - 1, start - 1, -1)`` (for a target that cannot
        compile ``reversed``)?"""
        return not self.target.has("reversed") and len(loop.range_args) <= 2

    def _reverse_iterations(self, loop: Loop, tape: Tape) -> ast.expr:
        if loop.kind == "while":
            return call_to("range", load(tape.counter))
        if self._countdown(loop):
            return countdown(loop.range_args, load(tape.counter) if tape.counter else None)
        iterations = range_of(loop.range_args)
        if tape.counter:
            iterations = ast.Subscript(value=iterations, slice=ast.Slice(upper=load(tape.counter)),
                                       ctx=ast.Load())
        return call_to("reversed", iterations)



def live_in(stmts: list, after: frozenset = frozenset()) -> set[str]:
    """The names ``stmts`` (generated code) read before binding them, given those read after
    (``after``): what a reverse iteration needs from its recomputation. Flow-sensitive where
    ``read_names`` is not: a nested reverse loop that pops a carried value before reading it
    does not need the value from the enclosing recomputation (which would otherwise be pushed
    after the loop for nothing). Nothing is dropped: every statement counts as run."""
    needed = set(after)
    for stmt in reversed(stmts):
        if isinstance(stmt, list):                      # a slot
            needed = live_in(stmt, needed)
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            needed.discard(stmt.targets[0].id)
            needed |= read_names(stmt.value)
        elif isinstance(stmt, ast.If):
            needed = live_in(stmt.body, needed) | live_in(stmt.orelse, needed) | read_names(stmt.test)
        elif isinstance(stmt, ast.For) and isinstance(stmt.target, ast.Name) and not stmt.orelse:
            inside = set(needed)        # (what one iteration needs, given what the next needs)
            while True:
                more = live_in(stmt.body, inside) - {stmt.target.id}
                if more <= inside:
                    break
                inside |= more
            needed = needed | (inside - {stmt.target.id}) | read_names(stmt.iter)
        elif isinstance(stmt, (ast.For, ast.While, ast.Try, ast.With)):     # (not made here: all it reads)
            needed |= read_names([stmt])
        else:
            needed |= read_names(stmt)
            if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
                needed.add(stmt.target.id)
    return needed


def _in_slots(stmts: list, inside: bool = False):
    """The statements in slots (lists filled late) anywhere in ``stmts``."""
    for stmt in stmts:
        if isinstance(stmt, list):
            yield from _in_slots(stmt, True)
            continue
        if inside:
            yield stmt
        for block in (getattr(stmt, "body", None), getattr(stmt, "orelse", None)):
            if isinstance(block, list):
                yield from _in_slots(block, inside)
