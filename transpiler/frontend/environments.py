"""A lowering's environment (user name -> atom) that notes the names it binds, so that merging a
branch's two environments (lowering.py ``_if``) looks at the names the branch bound, not at
every name bound before it: with a value live across every branch, looking at all of them made
a function of N branches cost N**2.

Every write (a binding, a deletion, ``update``, ``clear``) appends its keys to ``log``, one
list that the environment's copies share. What a region of code bound is then
``log[start:]``, where ``start`` is the log's length when the region began, provided the
environment it ends with is one of those copies: every environment of that line started as the
one before the region and was changed only by writes the log holds. An environment built
another way (a plain ``dict``: a loop's state restored by loops.py, a called function's) is
not of that line, and a branch whose paths end with one is merged by looking at every name.
"""
from __future__ import annotations

from . import aliasing


class Environment(dict):
    """A ``dict`` whose writes are noted in ``log`` (shared with its copies: ``copy()``)."""

    __slots__ = ("log",)

    def __init__(self, items=(), log: list | None = None):
        super().__init__(items)
        self.log = [] if log is None else log

    def copy(self) -> Environment:
        return Environment(self, self.log)

    __copy__ = copy

    def __setitem__(self, key, value) -> None:
        self.log.append(key)
        super().__setitem__(key, value)

    def __delitem__(self, key) -> None:
        self.log.append(key)
        super().__delitem__(key)

    def pop(self, key, *default):
        self.log.append(key)
        return super().pop(key, *default)

    def popitem(self):
        key, value = super().popitem()
        self.log.append(key)
        return key, value

    def setdefault(self, key, default=None):
        self.log.append(key)
        return super().setdefault(key, default)

    def update(self, *items, **keywords) -> None:
        written = dict(*items, **keywords)
        self.log.extend(written)
        super().update(written)

    def __ior__(self, items) -> Environment:
        self.update(items)
        return self

    def clear(self) -> None:
        self.log.extend(self)
        super().clear()


def names_to_merge(start: tuple | None, before: dict, then_env: dict, else_env: dict) -> list:
    """The names a branch's merge looks at, in the order of ``then_env`` then ``else_env``'s
    own: every name, or where the log tells, those a path bound other than to what ``before``
    (the environment before the branch) holds (the merge keeps such a name as it is, and
    writes no other name while it looks at one)."""
    bound = bound_since(start, then_env, else_env)
    if bound is None:
        return list(dict.fromkeys([*then_env, *else_env]))
    return in_order([k for k in bound if not _kept(k, before, then_env, else_env)], then_env, else_env)


def _kept(name: str, before: dict, then_env: dict, else_env: dict) -> bool:
    """Bound before the branch, and neither path rebinds it (a soft-stale name's mark is rebuilt,
    to the same: lowering.py ``_if``)."""
    atom = then_env.get(name)
    return atom is not None and atom is else_env.get(name) and before.get(name) is atom and not aliasing.soft(atom)


def in_order(names: list, then_env: dict, else_env: dict) -> list:
    """``names`` in the order of ``then_env``'s keys, then ``else_env``'s (of its own), which the
    merge follows (its new names are numbered in that order)."""
    if len(names) < 2:
        return names
    wanted = set(names)
    first = list(filter(wanted.__contains__, then_env))
    return first + [k for k in filter(wanted.__contains__, else_env) if k not in then_env]


def bound_since(start: tuple | None, *envs) -> set | None:
    """The keys written since ``start`` (:func:`log_mark`): a superset of those on which any of
    ``envs`` now differs from the environment they were copied from then. None where that is not
    known: no mark, or one of ``envs`` not an :class:`Environment` of the mark's log."""
    if start is None:
        return None
    log, length = start
    if not all(isinstance(env, Environment) and env.log is log for env in envs):
        return None
    return set(log[length:])


def log_mark(env) -> tuple | None:
    """Where a region that starts now begins in ``env``'s log (None: ``env`` keeps none)."""
    return (env.log, len(env.log)) if isinstance(env, Environment) else None


_MISSING = object()


class Scoped:
    """What a path of a branch knows on top of what was known before it (``parent``, which it
    never changes): the values computed already (lowering.py ``available``). A path adds to its
    own entries, dropped with it; a copy of the whole per path made a function of N branches
    cost N**2. Reading, writing, ``items()`` and ``dict(...)`` work as a ``dict``'s."""

    __slots__ = ("parent", "own")

    def __init__(self, parent):
        self.parent, self.own = parent, {}

    def get(self, key, default=None):
        value = self.own.get(key, _MISSING)
        return self.parent.get(key, default) if value is _MISSING else value

    def __getitem__(self, key):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value) -> None:
        self.own[key] = value

    def __contains__(self, key) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def _whole(self) -> dict:
        return {**dict(self.parent.items()), **self.own}

    def items(self):
        return self._whole().items()

    def keys(self):
        return self._whole().keys()

    def __iter__(self):
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())
