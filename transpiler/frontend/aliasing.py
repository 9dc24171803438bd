"""Which values may share memory, so that no name misses a write made through another.

The lowering gives a write value semantics: ``x[i] = v`` rebinds ``x`` to an updated copy (the
caller's arrays are never written). NumPy writes in place instead, so every other name for that
memory would see the write: ``y = x``, a view ``y = x[1:]``, ``x.T``, ``x.reshape(...)``, a list
holding ``x``, the argument a helper's parameter was bound to. The lowering does not model that:
after a write it marks every *other* name that may share the written memory as stale, and reading
a stale name is a located error. Nothing is refused until such a name is read again.

Each SSA value has a *storage*: the set of values whose memory it may share (empty for immutable
numbers, which share nothing). A fresh array is its own storage; a view or alias has its base's.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import Location, UnsupportedSyntaxError
from ..primitives.opaque import is_opaque

# Results that may be their argument or a view of it (a write through them reaches the argument)
# are declared so (``Primitive.views``), as are those making a new array (``Primitive.allocates``).
# Families whose results are new values (arrays made afresh, or numbers), views excepted.
# ("elementwise": the ufuncs np.copysign, np.fmod, np.ldexp, np.nextafter)
_FRESH_FAMILIES = {"arithmetic", "comparison", "logic", "elementwise math", "elementwise", "piecewise constant",
                   "indexing", "linear algebra", "reductions", "shape"}
# Helpers of generated code that always make a new array (from an argument's shape only), or a
# new list of a dict's keys (hashable, so never an array: writing `d[k] = v` in `for k, v in
# d.items()`, as CS231n's solver does, changes no key the loop reads).
# (``in_place_result(new, y)`` is ``new``, an arithmetic's or a ufunc's result made for it: primitives/in_place.py)
_FRESH_HELPERS = {"zeros_like_adjoint", "add_at", "dict_keys", "in_place_result"}
# Families whose results are immutable numbers when every argument is one.
_NUMBER_FAMILIES = {"arithmetic", "comparison", "logic", "elementwise math", "piecewise constant"}
# Reductions of a whole array (no keyword arguments) and conversions: always a number.
_NUMBER_RESULTS = (np.sum, np.mean, np.prod, np.max, np.amax, np.min, np.amin, np.var, np.std,
                   np.linalg.norm, np.linalg.det, np.trace, float, int, bool, len)


class Storages(dict):
    """Value -> its storage, also indexed the other way: which values' storage holds a value
    (:meth:`holders`). A fresh value in a loop is an earlier iteration's object to every value
    holding it (containers.py ``_older_than``); finding those by a scan of every storage made a
    function's lowering quadratic in its statements."""

    def __init__(self):
        super().__init__()
        self._holders: dict[Any, set] = {}

    def __setitem__(self, var, storage: frozenset) -> None:
        old = self.get(var, frozenset())
        for atom in old - storage:
            self._holders[atom].discard(var)
        for atom in storage - old:
            self._holders.setdefault(atom, set()).add(var)
        super().__setitem__(var, storage)

    def __delitem__(self, var) -> None:
        for atom in self[var]:
            self._holders[atom].discard(var)
        super().__delitem__(var)

    def holders(self, atom) -> list:
        """The values whose storage holds ``atom`` (in no particular order: a caller changes
        each one's storage on its own)."""
        return list(self._holders.get(atom, ()))

    def pop(self, *args):
        raise NotImplementedError("Storages: assign or del (the index of holders is kept on those)")

    update = setdefault = popitem = clear = pop


def _primitives(keys) -> set[int]:
    from ..primitives import lookup

    return {id(lookup(k)) for k in keys if lookup(k) is not None}


_numbers: set[int] | None = None


def _load_tables() -> None:
    global _numbers
    if _numbers is None:
        _numbers = _primitives(_NUMBER_RESULTS)


def result_storage(prim, target, args: tuple, kwargs: tuple, storage_of, converted=lambda atom: False) -> frozenset:
    """The storage of ``target = prim(*args, **kwargs)`` given ``storage_of(atom)``.
    ``converted(atom)``: is ``atom`` a Python list or tuple, which a NumPy call copies into a new
    array (``np.diag([e, 2 * e])`` is no view of ``e``, though ``np.diag(m)`` is one of ``m``)?"""
    _load_tables()
    inputs = [*args, *(v for _, v in kwargs)] if getattr(prim, "holds", None) is None \
        else [args[k] for k in prim.holds if k < len(args)]
    shared = frozenset().union(*(storage_of(a) for a in inputs))
    if getattr(prim, "pattern", None) is not None:
        # x[i], x[1:]: x's memory, never the index's (an integer or index array is read, not viewed)
        return storage_of(args[0]) if args else shared
    if prim.may_view(args):
        if prim.spelling.path.startswith("np.") and any(map(converted, inputs)):
            viewed = frozenset().union(*(storage_of(a) for a in inputs if not converted(a)))
            return viewed or frozenset({target})       # np.moveaxis(x, [0, 1], [1, 0]): still x's
        return shared                                   # x.T, x.reshape(...): x's memory
    if any(k == "copy" and getattr(v, "value", None) is not True for k, v in kwargs):
        return shared | {target}                        # np.array(x, copy=False) may be x (copy=True: a copy)
    if id(prim) in _numbers and len(args) == 1 and not kwargs:
        return frozenset()
    if prim.family in _NUMBER_FAMILIES and not shared and all(_number_constant(a) for a in inputs):
        return frozenset()
    if prim.family in _FRESH_FAMILIES or prim.name in _FRESH_HELPERS or _draw(prim, kwargs) \
            or prim.allocates and not any(k == "out" for k, _ in kwargs):
        return frozenset({target})      # (np.sort, np.fft.fft, np.hanning: declared to make a new array)
    if prim.family == "runtime helpers" and args:   # adjoint helpers may return their first argument
        return storage_of(args[0]) | {target}
    return shared | {target}     # containers hold their items; custom rules may return an argument


def _draw(prim, kwargs: tuple) -> bool:
    """A draw from NumPy's random generators (``np.random.normal(0, 1, N)``, ``rs.randn(n)`` of a
    ``RandomState`` the lowering knows): a new array or number whatever its arguments (a global
    size ``N`` among them), never a view of one (``out=`` excepted)."""
    if not is_opaque(prim) or any(k == "out" for k, _ in kwargs):
        return False
    return (prim.path or "").startswith("np.random.") or prim.label.split(".")[0] in ("RandomState", "Generator")


def allocates(prim) -> bool:
    """Does ``prim`` make a new mutable array (``np.zeros``, ``np.copy``)? Two such calls are two
    arrays, even with the same arguments: writing one must not change the other."""
    return prim.allocates


def _number_constant(atom) -> bool:
    """A constant number, or a value (whose storage the caller checked)."""
    return not hasattr(atom, "value") or isinstance(atom.value, (bool, int, float, complex, type(None)))


@dataclass(frozen=True)
class Stale:
    """In place of a name's value: memory it may share was written through another name."""

    written: str            # the name written through
    location: Location      # where
    external: bool = False  # the memory is a global's or a closure's
    # ``x += v`` writes in place only if ``x`` is an array: such writes, as (value of ``x`` before,
    # where). Then the name is stale only if one was on an array: it keeps its value, and reading
    # it makes the generated code check at run time that each was on a number.
    unless_number: tuple = ()
    value: Any = None       # the name's value if they were numbers

    def error(self, name: str, where: Location, chain: str = "") -> UnsupportedSyntaxError:
        if self.external:
            return UnsupportedSyntaxError(
                f"`{name}` is read after the write through `{self.written}` at line "
                f"{self.location.line}, which may have changed it in place{chain}; a global's or "
                f"closure's array is never written", where,
                hint=f"make a copy before changing it: `{self.written} = np.copy(...)`")
        if self.unless_number:
            return UnsupportedSyntaxError(
                f"`{name}` is read after the augmented assignment to `{self.written}` (`+=`, `*=`, "
                f"...) at line {self.location.line}, which changes `{self.written}` in place when it "
                f"is an array, and `{name}` may be that array, a view of it, or hold it{chain}; "
                f"in-place updates of shared arrays are not supported", where,
                hint=f"write `{self.written} = {self.written} + ...` (a new array), or copy "
                     f"`{name}` first with `np.copy(...)`")
        alias = f"`{self.written}`" if self.written != name else "another name"
        return UnsupportedSyntaxError(
            f"`{name}` is read after a write through {alias} at line {self.location.line} into "
            f"memory the two may share (an alias, a view such as `x[1:]`, `x.T` or "
            f"`x.reshape(...)`, a container holding it, or a helper's parameter){chain}; writes "
            f"through views and aliases are not supported", where,
            hint=f"write into `{name}` directly (`{name}[...] = ...`), or make `{self.written}` "
                 f"its own array with `np.copy(...)` / `.copy()`")


_LIST_METHODS = frozenset({"append", "extend", "insert", "remove", "sort", "reverse", "clear"})
_DICT_METHODS = frozenset({"update", "setdefault", "popitem"})


def written_into_global(name: str, where: Location, chain: str = "",
                        node: ast.AST | None = None) -> UnsupportedSyntaxError:
    """The refusal of a write into a free name's memory; the copy it suggests fits the write
    (`xs.append(v)` copies a list, `d.update(...)` a dict, anything else an array)."""
    call = node.value if isinstance(node, ast.Expr) else node
    method = call.func.attr if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) else None
    copy = "list" if method in _LIST_METHODS else "dict" if method in _DICT_METHODS else "np.copy"
    return UnsupportedSyntaxError(
        f"writing into `{name}`, which may be (a view of) a global's or closure's value, is not "
        f"supported{chain}: it would change that value for every later call", where,
        hint=f"make a copy first: `{name} = {copy}({name})`")


def callers_lists(lowering) -> set:
    """The lists the function rebuilds for the inner lists of a global's or closure's list of
    lists (free_arrays.py: ``NESTED = [[1.0, 2.0], [3.0]]``). Python's ``b = NESTED[0]`` is the
    caller's list itself, so a write through ``b`` is one into a free name's memory: refused, as
    the rebuilt list would grow while the caller's stays as it was."""
    return lowering.__dict__.setdefault("_callers_lists", set())


def worse(a: Stale, b: Stale) -> Stale:
    """Of two ways a name may be stale, the one that refuses more (unconditional first)."""
    if a.unless_number and b.unless_number:
        return replace(a, unless_number=tuple(dict.fromkeys(a.unless_number + b.unless_number)))
    return b if a.unless_number else a


def hard(atom) -> bool:
    """Stale whatever the values are: reading it is an error."""
    return isinstance(atom, Stale) and not atom.unless_number


def soft(atom) -> bool:
    """Stale only if an in-place ``x += v`` was on an array: the value stands, checked later."""
    return isinstance(atom, Stale) and bool(atom.unless_number)


def value_of(atom):
    """What an environment entry holds: a soft-stale name's value, else the entry itself."""
    return atom.value if soft(atom) else atom
