"""A dict and a set that remember what changed since a mark, so that the reverse sweep through a
branch costs what the branch touches, not everything alive.

A branch's adjoint runs the reverse of one path, then the other from the same starting state,
then joins the two. Copying the adjoints alive before each branch and comparing every one after
made a function of a branch per value quadratic. A *mark* records, for each key changed while it
is open, its state before the first change: the changed keys are what the join looks at, and
:meth:`undo` puts back the state at the mark. Marks nest (a branch inside a branch or a loop):
every change is noted in each open mark.
"""
from __future__ import annotations

from typing import Any, Hashable

MISSING: Any = object()      # (the key was absent)


class _Marks:
    """The marks a journaled container keeps (``_marks``: the records open, innermost last)."""

    _marks: list[dict]

    def mark(self) -> dict:
        """Open a mark: the dict it returns fills with each changed entry's state before."""
        record: dict = {}
        self._marks.append(record)
        return record

    def close(self, record: dict) -> dict:
        """Close the innermost mark (the changes stay); returns its record."""
        assert self._marks and self._marks[-1] is record, "marks close innermost first"
        return self._marks.pop()


class JournaledDict(_Marks, dict):
    """A dict recording, per open mark, each changed key's value before the change.

    It also numbers its keys in insertion order (``position``): a key deleted and put back by
    :meth:`undo` is put back where it was, so the dict iterates in the same order as a copy taken
    at the mark would (generated code follows that order)."""

    def __init__(self) -> None:
        super().__init__()
        self._marks: list[dict] = []
        self._positions: dict = {}
        self._inserted = 0

    # changes, noted in every open mark
    def _note(self, key: Hashable) -> None:
        for mark in self._marks:
            if key not in mark:
                mark[key] = (dict.get(self, key, MISSING), self._positions.get(key))

    def __setitem__(self, key: Hashable, value: Any) -> None:
        self._note(key)
        if not dict.__contains__(self, key):
            self._positions[key] = self._inserted
            self._inserted += 1
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Hashable) -> None:
        self._note(key)
        dict.__delitem__(self, key)
        del self._positions[key]

    def pop(self, key: Hashable, *default: Any) -> Any:
        if not dict.__contains__(self, key):
            return dict.pop(self, key, *default)
        value = dict.__getitem__(self, key)
        del self[key]
        return value

    def _unsupported(self, *args: Any, **kwargs: Any):
        raise TypeError("JournaledDict records item assignment, del and pop only")

    setdefault = update = popitem = clear = __ior__ = _unsupported

    def position(self, key: Hashable) -> int:
        """Where ``key`` (present) comes in the dict's iteration order, as a sortable number."""
        return self._positions[key]

    def undo(self, record: dict) -> None:
        """Put back the state at the (closed) mark ``record``. The changes undone are noted in
        the marks still open, as any change is."""
        moved = False
        for key, (value, position) in record.items():
            if value is MISSING:
                if dict.__contains__(self, key):
                    del self[key]
                continue
            self._note(key)
            if self._positions.get(key) != position:      # deleted meanwhile: back in its place
                moved = True
                self._positions[key] = position
            dict.__setitem__(self, key, value)
        if moved:
            self._reorder()

    def _reorder(self) -> None:
        """Iterate in the order of the positions again (after keys were put back in place)."""
        items = sorted(dict.items(self), key=lambda item: self._positions[item[0]])
        dict.clear(self)
        for key, value in items:
            dict.__setitem__(self, key, value)


class JournaledSet(_Marks, set):
    """A set recording, per open mark, each changed element's membership before the change."""

    def __init__(self) -> None:
        super().__init__()
        self._marks: list[dict] = []

    def _note(self, item: Hashable) -> None:
        for mark in self._marks:
            if item not in mark:
                mark[item] = set.__contains__(self, item)

    def add(self, item: Hashable) -> None:
        if not set.__contains__(self, item):
            self._note(item)
            set.add(self, item)

    def discard(self, item: Hashable) -> None:
        if set.__contains__(self, item):
            self._note(item)
            set.discard(self, item)

    def _unsupported(self, *args: Any, **kwargs: Any):
        raise TypeError("JournaledSet records add and discard only")

    remove = pop = clear = update = __iand__ = __ior__ = __isub__ = __ixor__ = _unsupported
    intersection_update = difference_update = symmetric_difference_update = _unsupported

    def set_to(self, item: Hashable, member: bool) -> None:
        self.add(item) if member else self.discard(item)

    def undo(self, record: dict) -> None:
        for item, member in record.items():
            self.set_to(item, member)
