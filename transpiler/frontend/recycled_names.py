"""Lowering a loop again (loops.py's fixpoint passes) restores the name allocator, so the names
the undone pass handed out are handed out again, to other values. What the lowering knew about
the undone values under those names must go with them: a stale "never None" fact made
``limits[1] is not None`` a constant True in a controller's ``_clamp`` (the name had been an
arithmetic temporary's in the pass undone), which took the wrong branch (a finite wrong value)
or compared a number with None at run time."""
from __future__ import annotations

from typing import Any

from ..ir.names import NameAllocator

# the lowering's facts about single values, each a set or dict keyed by the value
_FACTS_BY_VALUE = ("never_none", "booleans", "allocated", "folded", "external", "lists", "iteration_ends")


def restore_names(lowering: Any, saved: NameAllocator) -> None:
    """Back to the names of ``saved`` (a fork taken before the pass undone), keeping the names of
    values read at call time, and forget every fact about a value whose name is free again."""
    handed_out = lowering.names.used - saved.used
    lowering.names.restore(saved)
    lowering.names.used |= {v.name for v in lowering.free.values()}
    recycled = handed_out - lowering.names.used
    if not recycled:
        return
    for attribute in _FACTS_BY_VALUE:
        facts = getattr(lowering, attribute)
        for value in [v for v in facts if getattr(v, "name", None) in recycled]:
            facts.discard(value) if isinstance(facts, set) else facts.pop(value)
