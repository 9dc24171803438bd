"""Reverse mode and calls that simply run (primitives/opaque.py: ``rs.randn(3)``, ``np.random.
normal()``): a mixin of the reverse builder (reverse.py).

Such a call runs once, in the forward sweep, where the primal runs it: a random draw gives the
sample the value is computed on, and the reverse sweep differentiates that same sample. Straight-
line code keeps the value for the reverse sweep anyway. A reverse loop, though, recomputes an
iteration's temporaries from its tape: calling again would draw a different sample (and advance
the stream further than the primal does). So a value of such a call that a reverse loop needs is
pushed on a tape of its own right after the forward sweep computes it, and popped where the
recomputation would have called it again: each iteration's pop meets that iteration's push, since
the recomputation takes the same branches and the reverse runs the iterations backwards.

A call in a loop nested inside the loop being reversed is read differently there: that loop's
recomputation replays the inner loop forwards, so it needs the values of its own iteration in the
order they were made. The forward sweep records, at the start of each iteration of the outermost
loop, how many values the call's tape holds (on a list of its own: a count is never
differentiated, a loop's tape may be); the reverse iteration pops that count and reads the
iteration's values from there on (its *segment*: those values, last first, so that ``pop``
reads them in the order they were made), before the inner loop's own reverse pops them from the
end. Deeper, a loop reversed inside another loop's reverse sweep (whose tape that loop's
recomputation pushes) replays a third: its iterations' values start where the enclosing
recomputation's segment was read up to when the iteration began (the tape's length less what the
segment has left), recorded the same way with its tape's pushes; so at any depth (Rajesh Singh's
Ising sweep: temperature, sweep, site). One segment per call serves every depth: an enclosing
recomputation has finished reading it before the reverse loop inside it starts again.
"""
from __future__ import annotations

import ast

from ..errors import NonDifferentiableError
from ..ir.code import load, store
from ..ir.nodes import Assign, Copy, Loop, walk
from ..primitives.opaque import is_opaque
from . import built
from .syntax import call_to, statements_in


class OpaqueValues:
    """State (the builder's fields): ``recomputing`` (emitting a reverse loop's recomputation),
    ``loop_depth`` (loops around the statement being emitted, within that forward code),
    ``draw_slots`` (value -> the slot after the forward sweep's call, for its push),
    ``draw_tapes`` (value -> its tape's name), ``draw_markers`` (placeholders in recomputations),
    ``draw_segments`` (value -> its segment's name), ``draw_read_from_start`` and
    ``draw_read_within`` (values whose segments a loop with a primal tape, or one with a tape a
    recomputation pushes, reads); ``restored`` (the tape of a value kept rather than computed
    again, reverse.py's ``_kept`` -> the statement whose value its pop restores)."""

    def _opaque_forward(self, stmt: Assign, value: ast.expr) -> list:
        if self.recomputing:
            # a placeholder reading nothing: pruned where the reverse does not need the value
            placeholder = ast.Assign(targets=[store(stmt.target.name)], value=ast.Constant(None))
            self.draw_markers[id(placeholder)] = (placeholder, stmt, self.loop_depth > 0)
            return [placeholder]
        kind = self.info.kind(stmt.target)
        if kind in ("f8", "f4") and isinstance(value, ast.Call):
            value.result_kind = kind   # (its dtype, known of a draw: the reverse IR's kinds keep it)
        assign = self._assigned(stmt.target.name, value)
        if self.loop_depth == 0:
            return [assign]
        slot: list = []            # the push, if a reverse loop turns out to need the value
        self.draw_slots[stmt.target] = slot
        return [assign, slot]

    def _recomputed(self, stmts: list, taped: bool, skip_carry: bool) -> list:
        """``forward`` of a loop's body, as its reverse recomputes it (calls that simply run are
        placeholders until :meth:`_tape_opaque_values` sees which survive pruning)."""
        saved = self.recomputing, self.loop_depth
        self.recomputing, self.loop_depth = True, 0
        try:
            return self.forward(stmts, taped=taped, skip_carry=skip_carry)
        finally:
            self.recomputing, self.loop_depth = saved

    def _tape_opaque_values(self, recompute: list, tape) -> list[tuple]:
        """The placeholders left in a pruned recomputation become pops of their values' tapes
        (and the forward sweep pushes them); those in nested loops read the iteration's segment
        in order. Returns (the call's tape, the list of the iterations' starts, the name for
        the start, the segment's name) for those, for :meth:`_segment_starts`."""
        segments = []
        for node in statements_in(recompute):
            marker = self.draw_markers.pop(id(node), None)
            if marker is None:
                continue
            placeholder, stmt, nested = marker
            values = self._values_tape(stmt)
            if nested:
                name = stmt.target.name.lstrip("_")
                segment = self._segment_name(stmt)
                start, starts = self.names.fresh(f"_{name}_start"), self.names.fresh(f"_{name}_starts")
                self.draw_tapes[(stmt.target, start)] = starts      # (initialised with the tapes)
                segments.append((values, starts, start, segment))
                if tape.primal:
                    self.draw_read_from_start.add(stmt.target)
                else:      # its starts are read from the enclosing recomputation's segment
                    self.draw_read_within.setdefault(stmt.target, stmt)
                built.replace(placeholder, built.pop(stmt.target.name, segment))
            else:
                built.replace(placeholder, built.pop(stmt.target.name, values))
                if not is_opaque(stmt.prim):     # a value kept rather than computed again: the pop
                    self.restored[values] = stmt     # stands where it would be (opt/cse.py shares it)
        return segments

    def _segment_name(self, stmt: Assign) -> str:
        """The name of ``stmt``'s segment (one per call: see the module's docstring)."""
        if stmt.target not in self.draw_segments:
            self.draw_segments[stmt.target] = self.names.fresh(f"_{stmt.target.name.lstrip('_')}_segment")
        return self.draw_segments[stmt.target]

    def _values_tape(self, stmt: Assign) -> str:
        """The tape the forward sweep pushes ``stmt``'s values on (made on first use)."""
        if stmt.target not in self.draw_tapes:
            tape = self.names.fresh(f"_{stmt.target.name.lstrip('_')}_tape")
            self.draw_tapes[stmt.target] = tape
            self.draw_slots[stmt.target].append(built.push(tape, stmt.target.name))
        return self.draw_tapes[stmt.target]

    def _segment_starts(self, segments: list[tuple], tape, pops: list) -> list:
        """``pops`` (a reverse iteration's first statements) with, for each call read in order,
        the position on its tape where the iteration's values begin and its segment (those
        values, last first); the positions are recorded where the loop's tape pushes (each
        iteration's start): the tape's length in the forward sweep, and in a recomputation the
        position its segment has been read up to."""
        reads = []
        for values, starts, start, segment in segments:
            position = call_to("len", load(values))
            if not tape.primal:
                position = ast.BinOp(left=position, op=ast.Sub(), right=call_to("len", load(segment)))
            tape.pushes.append(built.lowered_push(starts, position, self.lowering))
            rest = ast.Subscript(value=load(values), slice=ast.Slice(lower=load(start)), ctx=ast.Load())
            last_first = ast.Subscript(value=rest, slice=ast.Slice(step=ast.Constant(-1)), ctx=ast.Load())
            reads += [built.pop(start, starts), self._assigned(segment, last_first)]
        return pops + reads

    def _inner_only(self, loop: Loop) -> set[str]:
        """Names of values made inside loops nested in ``loop`` and read only there. The reverse
        of ``loop`` reads them only where a nested reverse loop has recomputed them, so its own
        recomputation need not (and for a call that simply runs, could not) compute them."""
        inside = {s.target.name for inner in walk(loop.cond_body + loop.body) if isinstance(inner, Loop)
                  for s in walk(inner.cond_body + inner.body) if isinstance(s, (Assign, Copy))}
        if not inside:
            return inside       # (no loop nested in it: the function's reads are not walked, a walk per loop)
        read_outside = {v.name for v in _uses_outside_nested_loops(self.fn.body, loop, False)}
        return inside - read_outside

    def _opaque_tape_setup(self) -> list[ast.stmt]:
        """The tapes' initialisations, at the start of the forward sweep."""
        for target, stmt in self.draw_read_within.items():
            if target not in self.draw_read_from_start:
                # (no enclosing recomputation reads the segment that the starts are read from)
                raise NonDifferentiableError(
                    f"`{stmt.prim.name}` runs in loops nested three deep or more, and the reverse sweep of an "
                    "inner loop, inside another's, needs each of its values again, which the outer loop's "
                    "reverse does not replay (it needs none of them)", stmt.location,
                    hint="call it in an outer loop or before the loops (e.g. draw all samples at once: "
                         "rs.randn(n, m)) and index the result inside them")
        return [built.new_list(tape) for tape in self.draw_tapes.values()]


def _uses_outside_nested_loops(stmts: list, loop: Loop, within: bool):
    """The values read by statements that are not inside a loop nested in ``loop``."""
    for stmt in stmts:
        if within and isinstance(stmt, Loop):
            continue
        yield from stmt.uses()
        for block in getattr(stmt, "blocks", lambda: [])():
            yield from _uses_outside_nested_loops(block, loop, within or stmt is loop)
