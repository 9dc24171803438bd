"""Which values depend on the parameters differentiated ("varied"), followed field by field
through the records the function builds.

A record built in the function (``Firm("Acme", equity, sigma)``, a dataclass or NamedTuple:
primitives/fields.py ``record``) varies where one of its fields does, and so does a list of such
records; but reading a field bound only to values that do not vary (``firm.name``, a string)
gives a value that does not vary either, even where the record is read back from a list in a
run-time loop (``for firm in firms``), where its construction is not in sight any more. Without
this, ``LGD.get(firm.name, 0.45)`` was refused as a call without a derivative rule whose argument
depends on the differentiated parameters.

So each varied value carries the names of the fields through which it varies: a record its
varied fields' names, and a value made from it (a list of records, an item read back from one,
a copy) the union of its arguments'. Every other way of varying (the parameters themselves,
arithmetic, a field's value read back) is the tag ``ANY``, which every field read passes on.
Reading field ``f`` of a value gives a varied value only where the value's tags hold ``f`` or
``ANY``: its variation came only from records whose field ``f`` is bound to a value that does not
vary."""
from __future__ import annotations

from ..ir.nodes import Assign, Copy, Effect, Function, Var, walk
from ..primitives.fields import field_read, is_record, record_fields

ANY = "*"


def varied_values(fn: Function, wrt: list[Var]) -> set[Var]:
    """The values of ``fn`` that depend on the parameters ``wrt``."""
    tags: dict[Var, frozenset] = {v: frozenset({ANY}) for v in wrt}

    def add(target: Var, new: frozenset) -> bool:
        old = tags.get(target)
        if old is not None and new <= old:
            return False
        tags[target] = new if old is None else old | new
        return True

    def step() -> bool:
        grew = False
        for stmt in walk(fn.body):
            if isinstance(stmt, Assign) and stmt.prim.differentiable:
                new = _assigned_tags(stmt, tags)
                if new:
                    grew |= add(stmt.target, new)
            elif isinstance(stmt, Copy) and stmt.source in tags:
                grew |= add(stmt.target, tags[stmt.source])
            elif isinstance(stmt, Effect) and not stmt.observable:
                found = [tags[u] for u in stmt.uses() if u in tags]
                if found:       # appending a varied value varies the list
                    grew |= add(stmt.args[0], frozenset().union(*found))
        return grew

    while step():
        pass
    return set(tags)


def _assigned_tags(stmt: Assign, tags: dict[Var, frozenset]) -> frozenset:
    """The tags of what ``stmt`` binds (empty: it does not vary)."""
    if is_record(stmt.prim):
        return frozenset(name for name, value in zip(record_fields(stmt.prim), stmt.args[1:])
                         if isinstance(value, Var) and value in tags)
    field = field_read(stmt.prim)
    if field is not None and stmt.args and isinstance(stmt.args[0], Var):
        read = tags.get(stmt.args[0], frozenset())
        return frozenset({ANY}) if ANY in read or field in read else frozenset()
    found = [tags[u] for u in stmt.uses() if u in tags]
    return frozenset().union(*found) if found else frozenset()
