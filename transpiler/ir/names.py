"""Deterministic, collision-free names for SSA values, adjoints and tangents."""
from __future__ import annotations


class NameAllocator:
    """Hands out names that collide neither with each other nor with the user's identifiers.

    ``user`` holds every identifier the user's source mentions (plus reserved names the generated
    code binds itself). A user variable keeps its own name the first time it is bound; every
    other name skips the user's identifiers entirely, so it can never shadow one. ``shadowing``:
    names only the value read from outside the function under that name may have (``sum``, a
    builtin the generated code calls, is not a local's name even where a helper's local was).
    """

    def __init__(self, user: set[str], reserved: frozenset[str] = frozenset(),
                 shadowing: frozenset[str] = frozenset()):
        self.user = set(user) | set(reserved)
        self.reserved = set(reserved)
        self.shadowing = shadowing
        self.used: set[str] = set()
        self._temps = 0
        # per base, a number below which every ``base_n`` is taken: names only accumulate
        # (until a restore, which restores this too), so the search resumes there instead of
        # at 1 (from 1, 5,000 temporaries cost 12.5 million lookups)
        self._suffixes: dict[str, int] = {}
        self.invented: set[str] = set()     # names of the compiler's own variables (``invent``)

    def fresh(self, base: str, own: bool = False, outer: bool = False) -> str:
        """A new name based on ``base``; ``own`` means base is the user's name for this value,
        ``outer`` that it is the value of that name outside the function (a global, a builtin).
        An attribute of a local object (``layer.output``, frontend/objects.py) is ``layer_output``."""
        if "." in base:
            base, own = base.replace(".", "_"), False
        if base not in self.used and base not in self.reserved and (own or base not in self.user) \
                and (outer or base not in self.shadowing):
            return self._take(base)
        n = self._suffixes.get(base, 1)
        while f"{base}_{n}" in self.used or f"{base}_{n}" in self.user:
            n += 1
        self._suffixes[base] = n + 1
        return self._take(f"{base}_{n}")

    def invent(self, base: str) -> str:
        """A new name for a variable the compiler adds to the user's code (a control flag):
        it is then treated like one of the user's own names."""
        name, n = base, 0
        while name in self.user or name in self.used:
            n += 1
            name = f"{base}_{n}"
        self.user.add(name)
        self.invented.add(name)
        return name

    def temp(self) -> str:
        while True:
            self._temps += 1
            name = f"_t{self._temps}"
            if name not in self.used and name not in self.user:
                return self._take(name)

    def derived(self, prefix: str, name: str) -> str:
        """``d_x`` for ``x``, ``d_t1`` for ``_t1``."""
        return self.fresh(f"{prefix}_{name.lstrip('_')}")

    def fork(self) -> "NameAllocator":
        """An independent copy, so each transform of one SSA function names things the same."""
        other = NameAllocator(set(), frozenset(self.reserved), self.shadowing)
        other.user, other.used, other._temps = set(self.user), set(self.used), self._temps
        other._suffixes, other.invented = dict(self._suffixes), self.invented
        return other

    def restore(self, saved: "NameAllocator") -> None:
        """Back to the state ``saved`` (a :meth:`fork`) was taken in: names handed out since are
        free again, so lowering a region again names it the same."""
        self.user, self.used, self._temps = saved.user, saved.used, saved._temps
        self._suffixes = saved._suffixes

    def _take(self, name: str) -> str:
        self.used.add(name)
        return name
