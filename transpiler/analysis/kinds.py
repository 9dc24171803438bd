"""Kinds of values: dtypes as kind and size (``"f8"``, ``"i8"``, ``"b1"``), and ``"list"`` /
``"tuple"`` for sequences, from the arguments' kinds through the function (what specialisation,
in-place code and the operators on sequences need)."""
from __future__ import annotations

import ast
import math

import numpy as np

from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, Copy, Effect, Function, Loop, Unbound, Var, walk
from ..primitives.in_place import CHECKED_RESULTS, SAME_KIND_CAST
from ..primitives.indexing import APPEND, update_pattern
from ..primitives.lists import appended, repeated
from ..primitives.registry import spelled_as, spelled_as_which, spelled_in
from ..primitives.pieces import returns_sequence
from ..primitives.runtime import stop_gradient
from .draw_shapes import drawn_kind, generators_made
from .weak_numbers import constant_kind, keeps_float32, selected_kind, strong, weak, weakened


def input_kinds(fn: Function, arg_kinds: tuple, free: tuple = ()) -> dict:
    kinds = {p: arg_kinds[i] for i, p in enumerate(fn.params) if i < len(arg_kinds) and arg_kinds[i] is not None}
    by_name = {name: kind for name, _, kind, *_ in free if kind is not None}
    kinds.update({v: by_name[v.name] for v in fn.free.values() if v.name in by_name})
    return kinds


SEQUENCES = ("list", "tuple")     # the kinds of lists and tuples (api/numbers.py: kind_of)


def known_kinds(fn: Function, arg_kinds: tuple, free: tuple = ()) -> dict[Var, str]:
    """The kinds known of ``fn``'s values for these argument kinds (and free names')."""
    return value_kinds(fn, input_kinds(fn, arg_kinds, free))


def _sequence_kind(stmt: Assign, kind) -> str | None:
    """A display ``[a, b]`` / ``(a, b)`` is a list / tuple, and so is the tuple a primitive returns
    (``np.linalg.eigh(a)``, ``np.split(x, 2)``: its count known), and so is what ``list(...)``,
    ``sorted(...)`` or ``tuple(...)`` make; ``xs + ys`` of two lists (or two
    tuples) is one, and so is a slice ``xs[1:]`` of one. A dict the function builds (``{k: v}``,
    a comprehension, ``d[k] = v`` on one) is a ``"dict"``: ``sorted(d)`` iterates its keys."""
    if stmt.prim.container is not None:
        return stmt.prim.container      # `sorted(...)`, `xs.append(v)`, a dict comprehension's
    if stmt.prim.updates and stmt.args and kind(stmt.args[0]) in ("dict", "list"):
        return kind(stmt.args[0])       # an item written into a dict or list (a copy of it: still one)
    if spelled_as(stmt.prim, repeated) and kind(stmt.args[0]) == "list" and (kind(stmt.args[1]) or "?")[0] in "iu":
        return "list"       # `[row] * n` on a list (a count array makes an array)
    display = stmt.prim.spelling.display
    if display is not None:
        return "list" if display is ast.List else "tuple"
    if returns_sequence(stmt.prim, stmt.args, stmt.kwargs):
        return "tuple"
    first = kind(stmt.args[0]) if stmt.args else None
    if first not in SEQUENCES:
        return None
    if stmt.prim.spelling.binop is ast.Add and len(stmt.args) == 2 and kind(stmt.args[1]) == first:
        return first
    if isinstance(stmt.prim.pattern, ast.Slice):
        return first
    return None


def value_kinds(fn: Function, arg_kinds: dict) -> dict[Var, str]:
    """Dtypes known of values, as kind and size (``"f8"``): the parameters', ``np.arange`` of
    integers and loop counters (what an index's shape needs), booleans from comparisons (a mask
    ``m`` in ``x * m`` must be multiplied by a float adjoint even when that is 1.0: ``m + m``
    would be a logical or), float64 through arithmetic, math and matrix products on float64
    values and numbers (what in-place code needs), and copies of those: a value merged from
    branches or carried by a loop has a kind only where every value copied into it has that
    same kind (one of unknown kind, an int array from ``(x > n) * n``, leaves it unknown), and
    so does a name a transform's code binds more than once (an adjoint accumulated, ``d_x = g``
    then ``d_x = d_x + h``; a reverse loop's pop): one kind for all its bindings, or none.
    A Python float input (``"float"``) is float64 here: weak_numbers.py's rules read the difference.
    Worked out once per function and argument kinds (ir/memo.py); each caller gets its own dict."""
    return dict(_worked_out(fn, arg_kinds)[0])


def weak_values(fn: Function, arg_kinds: dict) -> frozenset:
    """The values certainly Python numbers (weak_numbers.py) for these argument kinds."""
    return _worked_out(fn, arg_kinds)[1]


def _worked_out(fn: Function, arg_kinds: dict) -> tuple[dict, frozenset]:
    """(the dtypes :func:`value_kinds` gives, the values that are Python numbers), kept with ``fn``."""
    def work() -> tuple[dict, frozenset]:
        found = _value_kinds(fn, arg_kinds)
        return {v: strong(k) for v, k in found.items()}, frozenset(v for v, k in found.items() if weak(k))
    return remembered(fn, ("kinds", tuple(arg_kinds.items())), work)


class _Statements:
    """What the passes read of ``fn`` that no kind changes, found in one walk (each pass, and each
    round's check for doubtful merges, walked the function again for it): every statement in
    program order, the lists appended to, the values bound again, the tapes' pushes, the NumPy
    generators made (whose draws are float64: draw_shapes.py)."""

    def __init__(self, fn: Function):
        self.walked = list(walk(fn.body))
        self.filled = {s.args[0] for s in self.walked if type(s) is Effect and s.args}     # lists appended to
        self.rebound = {s.target for s in self.walked if isinstance(s, (Assign, Copy)) and s.rebinds}
        self.pushes = [s.args for s in self.walked if type(s) is Effect and s.prim is APPEND]
        self.generators = generators_made(fn)


def _statements(fn: Function) -> _Statements:
    return remembered(fn, ("kinds: statements",), lambda: _Statements(fn))


def _value_kinds(fn: Function, arg_kinds: dict) -> dict[Var, str]:
    # A merge found doubtful leaves its value unknown, which can make a merge of that value doubtful
    # in turn (a loop's early `return i` merged with a float `return` after the loop, then merged
    # again at the end): grown until no new merge is doubtful (each round only adds to the set).
    # A merge of a Python float with an np.float64 is an np.float64 (``mixed``: strong), found the same way.
    doubtful: frozenset = frozenset()
    mixed: frozenset = frozenset()
    memo: dict = {}         # (shared by the rounds: a statement's kind is worked out again only where its reads' changed)
    while True:
        kinds = _propagated(fn, arg_kinds, doubtful, memo=memo, mixed=mixed)
        more_doubtful, more_mixed = _doubtful_merges(fn, kinds, memo)
        if more_doubtful <= doubtful and more_mixed <= mixed:
            return kinds
        doubtful, mixed = doubtful | more_doubtful, mixed | more_mixed


def _doubtful_merges(fn: Function, kinds: dict, memo: dict) -> tuple[frozenset, frozenset]:
    """Values copied into from sources of different, or unknown, kinds; and names bound again
    (``rebinds``, reverse code's one exception to single assignment) to different or unknown kinds.
    And (second) those whose sources differ only in being Python numbers or not: NumPy's number."""
    sources: dict[Var, set] = {}
    kind = lambda atom: kinds.get(atom) if type(atom) is Var else _constant(atom.value)  # noqa: E731
    statements = _statements(fn)
    pushed = _pushed_kinds(statements, lambda atom: strong(kind(atom)))
    rebound = statements.rebound
    for stmt in statements.walked:
        if isinstance(stmt, Copy) and not (isinstance(stmt.source, Const) and isinstance(stmt.source.value, (type(None), Unbound))):
            sources.setdefault(stmt.target, set()).add(kind(stmt.source))
        elif isinstance(stmt, Assign) and stmt.target in rebound:
            sources.setdefault(stmt.target, set()).add(_remembered_kind(stmt, kinds, kind, pushed, memo, {}))
    doubtful = frozenset(target for target, found in sources.items() if len(set(map(strong, found))) > 1 or None in found)
    return doubtful, frozenset(target for target, found in sources.items() if len(found) > 1 and target not in doubtful)


def _pushed_kinds(statements: _Statements, kind) -> dict:
    """Each stack's (a reverse loop's tape's) one kind of the values pushed onto it, where known."""
    pushed: dict[Var, set] = {}
    for stack, value in statements.pushes:
        pushed.setdefault(stack, set()).add(kind(value))
    return {stack: found.pop() for stack, found in pushed.items() if len(found) == 1 and None not in found}


def _propagated(fn: Function, arg_kinds: dict, doubtful: frozenset, stop_when_settled: bool = True,
                memo: dict | None = None, mixed: frozenset = frozenset()) -> dict[Var, str]:
    """One pass over the statements, and more while loops (or values bound again) change what
    is known. ``stop_when_settled=False``: a second pass even where the first settled it (what
    the tests compare with). ``memo``: each statement's kind with the kinds of the values it
    read (:func:`_remembered_kind`), kept across the passes (and by the caller across rounds).
    The kinds found are weak_numbers.py's (``"float"`` of a Python float); ``mixed``'s strong."""
    memo = {} if memo is None else memo
    kinds = dict(arg_kinds)
    raw = lambda atom: kinds.get(atom) if type(atom) is Var else _constant(atom.value)  # noqa: E731
    kind = lambda atom: strong(raw(atom))  # noqa: E731
    numbers: dict[Var, str] = {}        # display -> the dtype np.array makes of it
    held: dict[Var, str | None] = {}    # list -> the one kind of container its items are (_note_items)
    statements = _statements(fn)
    filled = statements.filled
    for _ in range(3):          # (copies out of loops: a few passes settle it)
        before = dict(kinds)
        pushed = _pushed_kinds(statements, kind)      # (a tape's pops: strong)
        bound, copied = set(), set()    # values assigned, and copied into, so far in this pass
        settled = True          # no loop, each value assigned once and never copied into: every
        #                         read comes after its value's binding, so another pass would
        #                         find the same
        for stmt in statements.walked:
            cls = type(stmt)
            if cls is Assign:
                settled = settled and stmt.target not in bound and not stmt.prim.pops
                bound.add(stmt.target)
                if stmt.target in doubtful:
                    continue
                found = _remembered_kind(stmt, kinds, raw, pushed, memo, numbers) or drawn_kind(stmt, statements.generators)
                if stmt.target in mixed:
                    found = strong(found)
                if found is None and stmt.args and stmt.args[0] in held:
                    found = _item_kind(stmt, kind, held)
                    if found is None and kinds.get(stmt.target) in _CONTAINERS:
                        del kinds[stmt.target]      # (an earlier pass's: a copy into the list since says otherwise)
                if found is not None:
                    kinds[stmt.target] = found
                if stmt.target not in filled:
                    _note_items(stmt, kind, held)
                if stmt.prim.spelling.display is not None and stmt.target not in filled:
                    _display_dtype(stmt, kind, numbers)
            elif cls is Copy:
                target, source = stmt.target, stmt.source
                copied.add(target)
                if target in doubtful:
                    continue
                if type(source) is Var:
                    held[target] = _joined(held, target, held.get(source) if source in held else None)
                    if source in kinds:
                        kinds.setdefault(target, strong(kinds[source]) if target in mixed else kinds[source])
                elif type(source) is Const and kind_of_constant(source.value) is not None:
                    # `total = 0.0` before a loop adds to it: float64 where every value copied
                    # into it is (a merge of other kinds is doubtful: _doubtful_merges)
                    found = _constant(source.value)
                    kinds.setdefault(target, strong(found) if target in mixed else found)
                    if kind_of_constant(source.value) in SEQUENCES:     # `p = ()` before a loop adds to it
                        held[target] = _joined(held, target, None if source.value else _EMPTY)
            elif cls is Loop:
                settled = False
                if stmt.target is not None:
                    kinds[stmt.target] = "i8"
            elif cls is Effect and getattr(stmt.prim, "targets", ()):
                settled = False
        if stop_when_settled and settled and bound.isdisjoint(copied):
            break
        if kinds == before:     # settled: another pass would find the same (usually the second)
            break
    return kinds



def _remembered_kind(stmt: Assign, kinds: dict, raw, pushed: dict, memo: dict, numbers: dict) -> str | None:
    """The kind of what ``stmt`` binds (a pop's: the kind of what was pushed onto that stack),
    looked up in ``memo`` (``id(stmt)`` -> the values it reads, those of them it reads as
    arguments, the kinds (and display dtypes) they had, the kind found) where
    its variables have the kinds they had when it was worked out: the rules read nothing of a
    statement but its primitive, its constants and the kinds of its arguments (and keywords),
    and the dtype a display of numbers among them makes (``numbers``), so the answer is the
    same. The passes after the first (loops, names bound again: every reverse sweep) ask it of
    every statement again. ``raw``: a value's kind, weak where it is a Python number."""
    if stmt.prim.pops:
        return pushed.get(stmt.args[0])
    seen = memo.get(id(stmt))
    # (the values it reads, the arguments among them: found once, kept with the answer)
    read, arguments = (seen[0], seen[1]) if seen is not None else _operands(stmt)
    reads = (tuple(map(kinds.get, read)), tuple(map(numbers.get, arguments)) if numbers else None)
    if seen is not None and seen[2] == reads:
        return seen[3]
    found = weakened(stmt, _assigned_kind(stmt, lambda atom: strong(raw(atom)), numbers, raw), raw)
    memo[id(stmt)] = (read, arguments, reads, found)
    return found


def _operands(stmt: Assign) -> tuple[tuple[Var, ...], tuple[Var, ...]]:
    """(the values ``stmt`` reads as arguments and keywords, those it reads as arguments)."""
    arguments = tuple(a for a in stmt.args if type(a) is Var)
    return (*arguments, *(v for _, v in stmt.kwargs if type(v) is Var)), arguments


def _assigned_kind(stmt: Assign, kind, numbers: dict, raw) -> str | None:
    """The kind of what ``stmt`` assigns, where its primitive and its arguments' kinds tell
    (``numbers``: the dtype of the array each list display of numbers makes; ``raw``: an
    argument's kind, weak where a Python number). (Read nothing else: :func:`_remembered_kind`
    reuses an answer while those stay.)"""
    prim = stmt.prim
    spelling = prim.spelling
    if spelled_as(prim, np.arange) and not stmt.kwargs:
        return "i8" if all(kind(a) == "i8" for a in stmt.args) else None
    if prim.result_kind is not None:
        return prim.result_kind
    if spelled_as(prim, len):
        return "i8"         # (a count: `-0.5 * n` of `n = len(r)` is float64)
    if spelled_as(prim, *_FLOAT_RESULTS):
        return "f8"
    if spelled_as(prim, stop_gradient):      # x itself (logsumexp's and softmax's shift)
        return kind(stmt.args[0])
    if prim in CHECKED_RESULTS:      # `y += v`'s result: y's dtype where the sum's is (else a cast, or a number)
        return kind(stmt.args[0]) if prim is SAME_KIND_CAST or kind(stmt.args[0]) == kind(stmt.args[1]) else None
    made = _made_kind(stmt, kind, numbers)
    if made is not None:
        return made
    if spelling.binop in (ast.BitAnd, ast.BitOr, ast.BitXor) and all(kind(a) == "b1" for a in stmt.args):
        return "b1"
    sequence = _sequence_kind(stmt, kind)
    if sequence is not None:
        return sequence
    selected = selected_kind(stmt, kind, raw)
    if selected is not None:
        return selected
    if _keeps_float64(stmt, kind):
        return "f8"
    if _complex_arithmetic(stmt, kind):
        return "c16"
    if keeps_float32(stmt, kind, raw):
        return "f4"
    return _rearranged_float(stmt, kind) or _float_read(stmt, kind)


def _float_read(stmt: Assign, kind) -> str | None:
    """A read of a float array (``x[i]``, ``u[1:-1]``, ``x[mask]``, ``x[:, None]``: an array of that
    dtype or NumPy's number of it) keeps its kind, ``"f8"`` or ``"f4"`` (what tells an item meeting
    the folded seed, ``d_a = x[i]``, that it needs no ``1.0 *``: primitives/model.py, and in-place
    results' checks ``y += x[i]`` in a loop: opt/in_place_results.py); its copies and the array
    after a write into it: :func:`_made_kind`."""
    prim = stmt.prim
    if prim.pattern is None or prim.updates or not stmt.args:
        return None
    found = kind(stmt.args[0])
    return found if found in ("f4", "f8") else None


# Python's float conversions and the math module's functions of real numbers: a float (an
# np.float64 array for an array: np.float64(x)), whatever their argument's kind
_FLOAT_RESULTS = (float, np.float64, math.exp, math.expm1, math.log, math.log1p, math.log2, math.log10, math.sqrt,
                  math.sin, math.cos, math.tan, math.asin, math.acos, math.atan, math.atan2, math.sinh, math.cosh,
                  math.tanh, math.asinh, math.acosh, math.atanh, math.hypot, math.pow, math.erf, math.erfc,
                  math.fabs, math.copysign, math.degrees, math.radians)


# allocations, by where their dtype is passed by position (np.zeros(n, int), np.full(n, 0, int))
_DTYPE_AT = {np.zeros: 1, np.ones: 1, np.empty: 1, np.full: 2, np.zeros_like: 1, np.ones_like: 1,
             np.empty_like: 1, np.full_like: 2, np.array: 1, np.asarray: 1, np.copy: None}
_LIKE = (np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.array, np.asarray, np.copy)
_NUMBERS = ("b1", "i8", "f8")     # Python's numbers' dtypes, in NumPy's order of promotion


def _made_kind(stmt: Assign, kind, numbers: dict) -> str | None:
    """The dtype of an array made so: ``np.zeros(n)`` float64, ``np.zeros(n, dtype=int)``,
    ``np.full(n, 0)``, ``np.array([0, 0])`` (a display of numbers), ``np.zeros_like(x)`` and
    ``np.copy(x)`` as ``x``'s; and of an item written into an array (``k[i] = v``: NumPy casts
    ``v`` to the array's dtype, a float truncated): the array's. None where it does not tell."""
    prim = stmt.prim
    if prim.updates and stmt.args:
        written = kind(stmt.args[0])
        return written if _a_dtype(written) else None
    made = spelled_as_which(prim, *_DTYPE_AT)
    if made is None or not stmt.args:
        return None
    at = _DTYPE_AT[made]
    dtype = dict(stmt.kwargs).get("dtype")
    if dtype is None and at is not None and len(stmt.args) > at:
        dtype = stmt.args[at]
    if dtype is not None:
        return _dtype_kind(dtype.value) if isinstance(dtype, Const) else None
    if made in (np.zeros, np.ones, np.empty):
        return "f8"
    source = stmt.args[1] if made is np.full else stmt.args[0]
    if isinstance(source, Const):                       # np.full(n, 0), np.array((0, 1))
        return _dtype_kind(np.asarray(source.value).dtype)
    found = numbers.get(source) or kind(source)         # np.array([0, 0]), np.zeros_like(k), np.copy(k)
    return found if _a_dtype(found) and (made in _LIKE or found in _NUMBERS) else None


_EMPTY = "empty"        # the items of `[]`: none yet, so whatever is appended decides
_CONTAINERS = ("list", "tuple", "dict")


def _note_items(stmt: Assign, kind, held: dict) -> None:
    """Records in ``held`` the one kind of container (list, tuple, dict) every item of the list
    ``stmt`` binds is, where known: of a display, ``appended(xs, v)``, ``repeated(xs, n)`` and
    ``xs[i] = v`` (and, in ``_propagated``, of copies: every source's). A list of lists
    (``[[0.0] * n for _ in range(n)]``) then has lists for items: ``grid[i][j] = v`` writes
    into a list, not an array of unknown dtype (primitives/indexing.py ``written_share``)."""
    prim = stmt.prim
    if prim.spelling.display is ast.List:
        items = [kind(a) for a in stmt.args]
    elif not stmt.args or stmt.args[0] not in held:
        return                  # (most statements: not of a list this follows)
    elif prim.updates and _one_item(update_pattern(prim), stmt.args[2:], kind) or spelled_as(prim, appended):
        items = [held[stmt.args[0]], kind(stmt.args[1])]
    elif spelled_as(prim, repeated):
        items = [held[stmt.args[0]]]
    else:
        return
    found = _EMPTY
    for item in items:
        found = found if item == _EMPTY else item if found in (_EMPTY, item) else None
    held[stmt.target] = found if found in (_EMPTY, *_CONTAINERS) else None


def _joined(held: dict, target: Var, source: str | None) -> str | None:
    """What ``held`` says of ``target`` copied into again from a list whose items are ``source``."""
    if target not in held or held[target] == _EMPTY:
        return source
    return held[target] if source in (_EMPTY, held[target]) else None


def _item_kind(stmt: Assign, kind, held: dict) -> str | None:
    """An item ``xs[i]`` of a list whose items are all lists (tuples, dicts) is one."""
    prim = stmt.prim
    if prim.pattern is None or prim.updates:
        return None
    found = held[stmt.args[0]]
    return found if found in _CONTAINERS and _one_item(prim.pattern, stmt.args[1:], kind) else None


def _one_item(pattern, holes: list, kind) -> bool:
    """Is the index ``pattern`` (its holes filled by ``holes``) one integer, ``xs[0]`` or
    ``xs[i]``, not a slice (``xs[1:3]``, or a slice object held by a name)?"""
    if isinstance(pattern, ast.Constant):
        return type(pattern.value) is int
    return isinstance(pattern, ast.Name) and len(holes) == 1 and kind(holes[0]) == "i8"


def _display_dtype(stmt: Assign, kind, numbers: dict) -> None:
    """Records in ``numbers`` the dtype ``np.array`` makes of the display ``stmt`` binds where
    its items are numbers of known dtype (``[0, 0]``, ``[1, 2.5]``, ``[[0, 1], [2, 3]]``): the
    widest of bool, int64, float64. A list appended to is not taken (its items change)."""
    found = [numbers.get(a) or kind(a) for a in stmt.args]
    if stmt.args and all(f in _NUMBERS for f in found) and all(
            not isinstance(a, Const) or type(a.value) is not int or -2 ** 63 <= a.value < 2 ** 63 for a in stmt.args):
        numbers[stmt.target] = max(found, key=_NUMBERS.index)


def _a_dtype(found) -> bool:
    """Is ``found`` an array's dtype kind (``"f8"``, ``"i4"``), not a sequence's or unknown?"""
    return found is not None and found[0] in "biufc" and found[1:].isdigit()


def _dtype_kind(value) -> str | None:
    try:
        found = np.dtype(value)
    except TypeError:
        return None
    return f"{found.kind}{found.itemsize}" if found.kind in "biufc" else None


def _keeps_float64(stmt: Assign, kind) -> bool:
    """Elementwise math, a matrix product or a reduction of float64 values and plain numbers
    (an integer or float constant, an integer count) is float64; so is a true division or a
    floating function (``np.sqrt``, ``np.exp``) of int64 values and integers alone."""
    prim = stmt.prim
    if not (prim.partials is not None or prim.spelling.binop is ast.MatMult or prim.family == "reductions"
            or spelled_as(prim, *_PRODUCTS)):
        return False
    if prim.spelling.binop in (ast.FloorDiv, ast.Mod) or spelled_as(prim, float, np.float64, int, round):
        return False
    kinds = [kind(a) for a in stmt.args]
    floating = "f8" in kinds or bool(kinds) and (prim.spelling.binop is ast.Div or spelled_as(prim, *_FLOATING_OF_INTEGERS))
    return floating and all(k in ("f8", "i8") for k in kinds) and all(
        isinstance(v, Const) and type(v.value) in (bool, int, float, type(None)) for _, v in stmt.kwargs)


# NumPy's functions whose result is float64 for int64 arguments too (``np.sqrt(d)`` of ``d =
# K.shape[1]``, an attention's scale; not for narrower integers: ``np.sqrt(np.int8(4))`` is float16)
_FLOATING_OF_INTEGERS = (np.sqrt, np.cbrt, np.exp, np.exp2, np.expm1, np.log, np.log2, np.log10, np.log1p, np.sin,
                         np.cos, np.tan, np.arcsin, np.arccos, np.arctan, np.sinh, np.cosh, np.tanh, np.arcsinh,
                         np.arccosh, np.arctanh, np.true_divide, np.arctan2, np.hypot, np.deg2rad, np.rad2deg)


def _complex_arithmetic(stmt: Assign, kind) -> bool:
    """``x + 0j``, ``z * 1j``, ``-z``: an operator on complex128 values or constants and float64 or
    integer ones is complex128 (what a tangent written into it must be: primitives/complex_tangents.py)."""
    if stmt.prim.spelling.binop not in (ast.Add, ast.Sub, ast.Mult, ast.Div) and stmt.prim.spelling.unaryop is not ast.USub:
        return False
    kinds = ["c16" if isinstance(a, Const) and type(a.value) is complex else kind(a) for a in stmt.args]
    return "c16" in kinds and all(k in ("c16", "f8", "i8") for k in kinds)


# products and running sums of float64 arrays (and integers): float64 (an integer array's: integer)
_PRODUCTS = (np.matmul, np.dot, np.outer, np.inner, np.kron, np.tensordot, np.cross, np.cumsum, np.cumprod,
             np.diff, np.trace, np.convolve)


_CONSTANT_KINDS = {bool: "b1", int: "i8", float: "f8", tuple: "tuple", list: "list"}


def _rearranged_float(stmt: Assign, kind) -> str | None:
    """A view or rearrangement of a float32 (float64) array (``W.T``, ``np.transpose``, ``np.reshape``, ``np.broadcast_to``,
    ``np.expand_dims``, ``unreduce(g, x, 0, False)``: a primitive linear in it whose result may be
    it or a view of it) is float32 (float64): its other arguments are indices, shapes, axes and
    values of that kind whose shape it takes, never a dtype (``np.asarray(x, np.float64)`` and a
    ``dtype=`` are not such a view)."""
    prim = stmt.prim
    found = kind(stmt.args[0]) if stmt.args else None
    if not (prim.views is True and prim.linear == "joint") or found not in ("f4", "f8"):
        return None
    others = [kind(a) for a in stmt.args[1:] if not isinstance(a, Const)]
    keeps = (all(k in (*SEQUENCES, found) or (k or "?")[0] in "iub" for k in others)
             and all(_not_a_dtype(a.value) for a in stmt.args[1:] if isinstance(a, Const))
             and all(name != "dtype" for name, _ in stmt.kwargs))
    return found if keeps else None


def _not_a_dtype(value) -> bool:
    """An index, axis, shape or order, not a dtype (``np.float64``, ``"f8"``, ``np.dtype``)."""
    if isinstance(value, tuple):
        return all(_not_a_dtype(v) for v in value)
    return value is None or type(value) in (bool, int)


def kind_of_constant(value) -> str | None:
    return _CONSTANT_KINDS.get(type(value))


def _constant(value) -> str | None:
    """A constant's kind, weak for a Python float or int (weak_numbers.py)."""
    return constant_kind(value) or kind_of_constant(value)
