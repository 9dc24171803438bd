"""Reverse mode under a memory budget: periodic checkpointing of long loops (a mixin of the
reverse builder, reverse.py), and the size of each loop's tape.

Without a budget a loop's forward sweep pushes, every iteration, the carried values its reverse
needs and the values it keeps rather than recompute (primitives/cost.py): its tape grows by that
many bytes per iteration. With ``grad(f, memory=BYTES)`` a loop at the top of the function
instead saves its carried values every ``k`` iterations (a checkpoint: ``_checkpoints``) and
pushes nothing else; ``k`` is chosen at loop entry (``checkpoint_every``) from the budget, the
trip count and the bytes an iteration's tape and a checkpoint take. The reverse sweep takes the
segments last first: it restores a segment's checkpoint, runs the segment's iterations forwards
again, pushing their tape as the forward sweep would have, and runs their reverse. Each iteration
is computed once more in all; the gradient is the same (the same operations on the same values).

Only the forward sweep's own loops are checkpointed (a loop nested in another is replayed
segment by segment with it), and not a loop that draws random numbers (drawing again would give
other samples: refused).
"""
from __future__ import annotations

import ast
import copy
import math
import re
from dataclasses import dataclass

from ..errors import NonDifferentiableError
from ..ir.code import load, read_names, store
from ..ir.liveness import prune, splice
from ..ir.nodes import Assign, Const, Copy, If, Loop, Var, walk
from ..primitives.opaque import is_opaque
from . import built
from .syntax import call_to, range_of


@dataclass
class LoopCode:
    """What the forward sweep emitted for a loop whose tape may be checkpointed."""

    before: list                 # a slot before the loop: the tape's initialisation
    iteration: list              # the statements of one iteration (a while loop's test first)
    count: ast.stmt | None       # the counter's increment, in ``iteration``
    exit: ast.stmt | None        # ``if <flag>: break``, in ``iteration``
    effects: list                # statements run once, where the primal runs them (print)
    kept: list | None = None     # the values kept on tapes of their own, per iteration (once known)


@dataclass(frozen=True)
class TapeSize:
    """A loop's tape: bytes pushed per iteration (None where a shape is not known), and its
    trip count where constant; ``checkpointed`` under a memory budget."""

    line: int | None
    bytes_per_iteration: int | None
    iterations: int | None
    checkpointed: bool = False

    @property
    def bytes(self) -> int | None:
        """The whole tape, where both are known (without checkpoints)."""
        if self.bytes_per_iteration is None or self.iterations is None:
            return None
        return self.bytes_per_iteration * self.iterations


class Checkpoints:
    """State (the builder's): ``spec.memory`` (the budget, or None), ``tapes`` (each loop's
    Tape, whose ``code`` is a LoopCode when the loop is checkpointed), ``draw_slots``."""

    def _checkpointed(self, loop: Loop) -> bool:
        """Is this loop of the forward sweep checkpointed? (A budget is set and it is not nested.)"""
        if self.spec.memory is None or self.recomputing or self.loop_depth > 0:
            return False
        for stmt in walk(loop.cond_body + loop.body):
            if isinstance(stmt, Assign) and is_opaque(stmt.prim) and stmt.target in self.info.live:
                raise NonDifferentiableError(
                    f"with a memory budget the loop is computed again from checkpoints, and `{stmt.prim.name}` "
                    "would give other values the second time", stmt.location,
                    hint="draw the values before the loop (e.g. rs.randn(n, m)) and index them inside it, "
                         "or differentiate without memory=")
        return True

    def _checkpointed_reverse(self, loop: Loop, tape, reverse_body: list, unused: str) -> list[ast.stmt]:
        """The reverse of a checkpointed loop: per segment, last first, restore its checkpoint,
        run its iterations forwards pushing their tape, then backwards popping it; and the
        forward sweep's loop made to save checkpoints instead of pushing."""
        code: LoopCode = tape.code
        every, checkpoints = self.names.fresh("_every"), self.names.fresh("_checkpoints")
        first, steps = self.names.fresh("_first"), self.names.fresh("_steps")
        kept = self._kept_in(code.iteration)
        code.kept = list(kept)
        again = copy.deepcopy(code.iteration, {id(s): [] for s in [code.count, code.exit, *code.effects] if s})
        again = _live_part(again, {v.name for v in loop.carried})
        saved = [v for v in loop.carried if v.name in read_names(again)]
        self._rename_private_temporaries(again, reverse_body)
        for slot in [tape.pushes, *kept.values()]:
            slot.clear()                      # the forward sweep pushes no tape now ...
        checkpoint = ast.If(                 # ... but a checkpoint every `every` iterations
            test=_equals(ast.BinOp(left=load(tape.counter), op=ast.Mod(), right=load(every)), 0),
            body=[built.push(checkpoints, v.name) for v in saved], orelse=[])
        checkpoint.ir_test = built.head(checkpoint.test, self.lowering)     # (the IR's test: ad/reverse_ir.py)
        tape.pushes.append(checkpoint)
        code.before[:] = [
            self._assigned(every, call_to(
                "checkpoint_every", ast.Constant(self.spec.memory), self._trip_count(loop, tape),
                self._bytes_of(_distinct(loop, tape.saved, kept), saved), self._bytes_of(saved, saved))),
            built.new_list(checkpoints),
            built.copied(tape.counter, Const(0))]
        done = ast.BinOp(left=load(first), op=ast.Add(), right=load(steps))
        if loop.kind == "for":
            segment = ast.Subscript(value=range_of(loop.range_args), slice=ast.Slice(lower=load(first), upper=done),
                                    ctx=ast.Load())
            target = loop.target.name if loop.target is not None else unused
            forwards = ast.For(target=store(target), iter=segment, body=again, orelse=[])
            backwards = call_to("reversed", copy.deepcopy(segment))
            reverse_target = target if target in read_names(reverse_body) else unused
        else:
            forwards = ast.For(target=store(unused), iter=call_to("range", load(steps)), body=again, orelse=[])
            backwards, reverse_target = call_to("range", load(steps)), unused
        # (what the IR's loops are, ad/reverse_ir.py: the segment's range and bounds, run forwards
        # then backwards; the segments, last first)
        if loop.kind == "for":
            forwards.ir_loop = ("segment", loop.range_args, first, built.head(done, self.lowering), False)
        else:
            forwards.ir_loop = ("forwards", (Var(steps),))
        segment_body = [
            *[built.pop(v.name, checkpoints) for v in reversed(saved)],
            self._assigned(steps, call_to(
                "min", load(every), ast.BinOp(left=load(tape.counter), op=ast.Sub(), right=load(first)))),
            built.new_list(tape.tape),
            forwards,
            ast.For(target=store(reverse_target), iter=backwards, body=reverse_body, orelse=[])]
        segment_body[-1].ir_loop = (("segment", loop.range_args, first, built.head(done, self.lowering), True)
                                    if loop.kind == "for" else ("forwards", (Var(steps),)))
        starts = call_to("range", ast.Constant(0), load(tape.counter), load(every))
        segments = ast.For(target=store(first), iter=call_to("reversed", starts), body=segment_body, orelse=[])
        segments.ir_loop = ("backwards", (Const(0), Var(tape.counter), Var(every)), None, False)
        return [segments]

    def _rename_private_temporaries(self, again: list, reverse_body: list) -> None:
        """Temporaries of the segment's forward run that only it reads get names of their own:
        each name then has one definition and one use, so ``inline_temporaries`` can fold both
        copies of the iteration back into expressions (``np.tanh(xs[t] @ Wx + h @ Wh + b)``)."""
        private = {n for n in bound_names_in(again) if _TEMPORARY.match(n)} - read_names(reverse_body)
        renamed = {name: self.names.temp() for name in sorted(private)}
        for stmt in _flat(again):
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and node.id in renamed:
                    node.id = renamed[node.id]
                built.rename(node, renamed)       # (the IR of a statement the builder made)

    def _kept_in(self, iteration: list) -> dict[Var, list]:
        """The values kept on tapes of their own (store versus recompute) that an iteration
        pushes, each with its push's slot (loops nested in it included)."""
        slots = {id(s) for s in _slots(iteration)}
        return {v: slot for v, slot in self.draw_slots.items() if id(slot) in slots and slot}

    def _trip_count(self, loop: Loop, tape) -> ast.expr:
        """The number of iterations, known at loop entry (None: a while loop, a loop left early)."""
        if loop.kind == "for" and loop.exit_flag is None:
            return call_to("len", range_of(loop.range_args))
        return ast.Constant(None)

    def _bytes_of(self, values: list[Var], at_entry: list[Var]) -> ast.expr:
        """The bytes of ``values``: a constant where their shapes and dtypes are known, else
        measured at loop entry (a value not bound there counted as large as ``at_entry``)."""
        known, measured = 0, []
        for var in values:
            size = self.value_bytes(var)
            if size is not None:
                known += size
            else:
                measured += [var] if var in at_entry else list(at_entry)
        total: ast.expr = ast.Constant(known)
        if measured:
            total = call_to("tape_bytes", *[load(v.name) for v in measured])
            if known:
                total = ast.BinOp(left=total, op=ast.Add(), right=ast.Constant(known))
        return total

    def value_bytes(self, var: Var) -> int | None:
        """Bytes of one value, where its shape is known (8 an element unless its dtype is known
        to be narrower or wider)."""
        shape, kind = self.info.shape(var), self.info.kind(var) or ""
        if not (isinstance(shape, tuple) and all(type(n) is int for n in shape)):
            return None
        return math.prod(shape) * (int(kind[1:]) if kind[1:].isdigit() else 8)

    def tape_sizes(self) -> list[TapeSize]:
        """The forward sweep's loops' tapes (for ``compiled(...).tapes``), in order."""
        sizes = []
        for tape in self.tapes.values():
            if not tape.primal or tape.loop is None:
                continue
            checkpointed = tape.code is not None and tape.code.kept is not None   # (not: no reverse needed)
            kept = tape.code.kept if checkpointed else self._kept_in(tape.iteration or [])
            pushed = _distinct(tape.loop, tape.saved, kept)
            sizes_known = [self.value_bytes(v) for v in pushed]
            if not checkpointed:      # (under a budget the nested loops' tapes live while replayed only)
                sizes_known.append(self._nested_tape_bytes(tape.loop.cond_body + tape.loop.body))
            per_iteration = None if None in sizes_known else sum(sizes_known)
            sizes.append(TapeSize(_line(tape.loop), per_iteration, _constant_trips(tape.loop),
                                  checkpointed=checkpointed))
        return sizes

    def _nested_tape_bytes(self, stmts: list) -> int | None:
        """Bytes that the loops nested in ``stmts`` push on their own tapes (control.py) in one run
        of ``stmts``: their carried values, every iteration, and those read after each run (None
        where a shape or trip count is not known; both branches of an ``if`` counted; a count
        pushed after a while loop's run is a small int, not counted)."""
        total = 0
        for stmt in stmts:
            blocks = [stmt.body, stmt.orelse] if isinstance(stmt, If) else []
            tape = self.tapes.get(id(stmt)) if isinstance(stmt, Loop) else None
            if tape is not None and tape.nested:
                trips = _constant_trips(stmt)
                sizes = [self.value_bytes(v) for v in tape.saved]
                after = [self.value_bytes(v) for v in tape.restored]
                inner = self._nested_tape_bytes(stmt.cond_body + stmt.body)
                if trips is None or None in sizes + after or inner is None:
                    return None
                total += trips * (sum(sizes) + inner) + sum(after)
            for block in blocks:
                inner = self._nested_tape_bytes(block)
                if inner is None:
                    return None
                total += inner
        return total


def _live_part(iteration: list, carried: set[str]) -> list:
    """An iteration run again from a checkpoint, less what neither its pushes nor the next
    iteration read (a while loop's test, a counter of the user's)."""
    holder = ast.Module(body=iteration, type_ignores=[])
    splice(holder)                   # (the pushes' slots opened: prune reads what they read)
    needed: set[str] = set()
    while True:
        live = prune(copy.deepcopy(holder.body), needed)
        more = read_names(live) & carried
        if more <= needed:
            return live
        needed |= more


def _distinct(loop: Loop, saved: list[Var], kept) -> list[Var]:
    """The values an iteration's tapes hold, each array once: a kept value that becomes a
    carried one (``h = np.tanh(...)``) is the very array the next iteration pushes as that."""
    carried_on = {s.source for s in loop.body if isinstance(s, Copy) and s.carry and s.target in saved}
    return [*saved, *(v for v in kept if v not in carried_on)]


_TEMPORARY = re.compile(r"_t\d+$")     # the names the lowering invents for intermediate values


def bound_names_in(stmts: list) -> set[str]:
    """Names assigned anywhere in ``stmts`` (slots and nested blocks included)."""
    return {node.id for stmt in _flat(stmts) for node in ast.walk(stmt)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def _equals(left: ast.expr, number: int) -> ast.Compare:
    return ast.Compare(left=left, ops=[ast.Eq()], comparators=[ast.Constant(number)])


def _flat(stmts: list) -> list:
    """Statements with their slots (lists) opened."""
    out = []
    for stmt in stmts:
        out += _flat(stmt) if isinstance(stmt, list) else [stmt]
    return out


def _slots(stmts: list):
    """Every slot (a list among statements) in ``stmts`` and the blocks nested in them."""
    for stmt in stmts:
        if isinstance(stmt, list):
            yield stmt
            yield from _slots(stmt)
            continue
        for attr in ("body", "orelse"):
            block = getattr(stmt, attr, None)
            if isinstance(block, list):
                yield from _slots(block)


def _line(loop: Loop) -> int | None:
    location = getattr(loop, "location", None)
    return getattr(location, "line", None) if location is not None else None


def _constant_trips(loop: Loop) -> int | None:
    """A for loop's trip count where its range's arguments are constants (specialised code)."""
    if loop.kind != "for" or loop.exit_flag is not None:
        return None
    values = [getattr(a, "value", None) for a in loop.range_args]
    if not values or not all(type(v) is int for v in values):
        return None
    return len(range(*values))
