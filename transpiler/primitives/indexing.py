"""Indexing and containers: ``x[...]`` reads, and ``[a, b]`` / ``(a, b)`` displays.

An index is lowered to a *pattern*: its AST with each value the lowering could not fold to a
constant replaced by a hole (``x[i, 1:n, None]`` has holes for ``i`` and ``n``). Each pattern
gets its own primitive, printed back as the same subscript, whose VJP scatter-adds the adjoint
into zeros shaped like ``x`` (``add_at``; repeated integer indices accumulate)."""
from __future__ import annotations

import ast

import numpy as np

from ..ir.code import Transformer, copy_tree
from .complex_tangents import complex_enough
from .runtime import helper, zeros_like_adjoint
from .registry import ON_OBJECT_ARRAYS, REGISTRY, Primitive, Spelling, nondifferentiable

FAMILY = "indexing"
_HOLE = "__hole{}"
_patterns: dict[str, Primitive] = {}


def hole(i: int) -> ast.Name:
    return ast.Name(id=_HOLE.format(i), ctx=ast.Load())


def subscript_primitive(pattern: ast.expr) -> Primitive:
    """The primitive reading ``x[pattern]``; its further arguments fill the pattern's holes."""
    key = ast.dump(pattern)
    if key not in _patterns:
        def index(holes):
            return _Fill(holes).visit(copy_tree(pattern))

        def vjp(site, i, d_y):
            if i != 0:
                return None           # indices carry no derivative
            if site is None:
                return True
            value = _as_value(index(site.args[1:]))
            return ast.Call(func=ast.Name(id="add_at", ctx=ast.Load()),
                            args=[d_y, site.args[0], value], keywords=[])

        constant = pattern.value if isinstance(pattern, ast.Constant) and isinstance(pattern.value, int) else None
        _patterns[key] = Primitive(name=f"x[{ast.unparse(pattern)}]", spelling=Spelling(subscript=index),
                                   family=FAMILY, vjp_builder=vjp, shape_rule=_subscript_shape(pattern),
                                   item=constant, linear="joint", pattern=pattern,
                                   sympy=ON_OBJECT_ARRAYS)
    return _patterns[key]


def _subscript_shape(pattern: ast.expr):
    """Shape of ``x[pattern]``: known when every hole is an integer (a number, or an array known
    to hold integers) outside any slice, whose values cannot change the shape: found by indexing
    a zero-strided stand-in with zeros of the holes' shapes. (A boolean array's shape would
    depend on its values.)"""
    in_slices = {id(n) for s in ast.walk(pattern) if isinstance(s, ast.Slice) for n in ast.walk(s)}
    if any(isinstance(n, ast.Name) and id(n) in in_slices for n in ast.walk(pattern)):
        return None
    code = _compiled_index(pattern)

    def rule(shapes, kwargs, kinds=()):
        holes = {}
        for i, shape in enumerate(shapes[1:]):
            kind = kinds[i + 1] if i + 1 < len(kinds) else None
            if shape == () and (kind or "?")[0] != "b":
                holes[_HOLE.format(i)] = 0
            elif isinstance(shape, tuple) and (kind or "?")[0] in "iu":
                holes[_HOLE.format(i)] = np.zeros(shape, dtype=np.intp)
            else:
                return None
        return _indexed_shape(code, shapes[0], holes)

    rule.reads_kinds = True
    return rule


def subscript_shape_at(pattern: ast.expr, shape: tuple, holes: list) -> tuple | None:
    """The shape of ``x[pattern]`` for an ``x`` of ``shape`` and these integer values of the
    pattern's holes (slice bounds included), or None where NumPy refuses the index."""
    return _indexed_shape(_compiled_index(pattern), shape, {_HOLE.format(i): h for i, h in enumerate(holes)})


def _indexed_shape(code, shape: tuple, holes: dict) -> tuple | None:
    """``shape`` indexed by ``code`` (its holes given), or None where NumPy refuses the index."""
    try:
        return np.broadcast_to(np.zeros(()), shape)[eval(code, _INDEX_NAMES, holes)].shape
    except (IndexError, TypeError, ValueError, NameError):     # (NameError: a function the index calls)
        return None


def _compiled_index(pattern: ast.expr):
    """``pattern`` as a compiled expression of its holes (compiled once per pattern)."""
    key = ast.dump(pattern)
    return _INDEX_CODE.get(key) or _INDEX_CODE.setdefault(
        key, compile(ast.fix_missing_locations(ast.Expression(_as_value(pattern))), "<index>", "eval"))


_INDEX_CODE: dict[str, object] = {}
_INDEX_NAMES = {"slice": slice, "np": np}   # what an index spells: `x[1:n]`, `A[np.diag_indices(4)]`


def display_primitive(kind: type) -> Primitive:
    """``[a, b, ...]`` or ``(a, b, ...)``: element i's adjoint is the container adjoint's item i."""
    def vjp(site, i, d_y):
        if site is None:
            return True
        return ast.Subscript(value=d_y, slice=ast.Constant(i), ctx=ast.Load())

    return Primitive(name="[...]" if kind is ast.List else "(...)", spelling=Spelling(display=kind),
                     family="containers", vjp_builder=vjp, shape_rule=None, display=True,
                     linear="joint", sympy=ON_OBJECT_ARRAYS)


def update_primitive(pattern: ast.expr) -> Primitive:
    """``assign_at(x, index, v)``: a copy of ``x`` with ``x[index] = v`` (the caller's arrays are
    never written). Arguments: x, v, then the pattern's holes."""
    key = "update " + ast.dump(pattern)
    if key not in _patterns:
        def build(args, kwargs=()):
            value = _as_value(_Fill(args[2:]).visit(copy_tree(pattern)))
            return ast.Call(func=ast.Name(id="assign_at", ctx=ast.Load()), args=[args[0], value, args[1]],
                            keywords=[])

        def vjp(site, i, d_y):
            if i > 1:
                return None
            if site is None:
                return True
            index = _Fill(site.args[2:]).visit(copy_tree(pattern))
            if i == 0:      # the overwritten elements no longer reach the output
                if _an_array(site):
                    return ast.Call(func=ast.Name(id="assign_at", ctx=ast.Load()),
                                    args=[d_y, _as_value(index), ast.Constant(0.0)], keywords=[])
                return ast.Call(func=ast.Name(id="cleared_at", ctx=ast.Load()),
                                args=[d_y, _as_value(index), site.args[0]], keywords=[])
            # (a repeated position: only its last write reaches y; written_adjoint zeroes the others)
            read = (ast.Call(func=ast.Name(id="written_adjoint", ctx=ast.Load()), args=[d_y, _as_value(index)], keywords=[])
                    if _may_repeat(pattern, site) else ast.Subscript(value=d_y, slice=index, ctx=ast.Load()))
            if _a_list(site):       # a list's item is ``v`` itself, never ``v`` broadcast: its adjoint
                return read         # as it is (not walked twice by unbroadcast per write of a grid)
            written = _written_shape(pattern, site) if site.specialize else None
            if written is not None and written == site.arg_shapes[1]:     # (not both unknown)
                return _kept_share(read, site)      # a region of ``v``'s own shape: no unbroadcast
            return _kept_share(ast.Call(func=ast.Name(id="unbroadcast", ctx=ast.Load()), args=[read, site.args[1]],
                                        keywords=[]), site)

        def jvp(site, tangents):
            t_x, t_v = tangents[:2]
            if t_x is None and t_v is None:
                return None
            t_x = complex_enough(t_x if t_x is not None else _zeros_like(site.args[0]), site)
            t_v = _kept_share(t_v, site) if t_v is not None else _zeros_like(site.args[1])
            return build([t_x, t_v, *site.args[2:]])

        _patterns[key] = Primitive(name=f"assign_at(x, {ast.unparse(pattern)}, v)",
                                   spelling=_Built(build), family=FAMILY, vjp_builder=vjp, jvp_builder=jvp,
                                   shape_rule=lambda shapes, kwargs: shapes[0], linear="joint",
                                   updates=True, sympy=ON_OBJECT_ARRAYS)
        _update_patterns[id(_patterns[key])] = pattern
    return _patterns[key]


_update_patterns: dict[int, ast.expr] = {}


def update_pattern(prim: Primitive) -> ast.expr | None:
    """The index pattern of an ``assign_at`` made by :func:`update_primitive`, else None."""
    return _update_patterns.get(id(prim))


def stored_primitive(pattern: ast.expr) -> Primitive:
    """``stored_at(x, index, v)``: ``assign_at`` written into ``x`` itself, where opt/array_writes.py
    proved that no name reads ``x``'s old value afterwards and that only the generated code holds
    its memory. Arguments as :func:`update_primitive`'s: x, v, then the pattern's holes. Never
    differentiated (the code a call runs, which nothing transforms again)."""
    key = "stored " + ast.dump(pattern)
    if key not in _patterns:
        def build(args, kwargs=()):
            value = _as_value(_Fill(args[2:]).visit(copy_tree(pattern)))
            return ast.Call(func=ast.Name(id="stored_at", ctx=ast.Load()), args=[args[0], value, args[1]],
                            keywords=[])

        _patterns[key] = Primitive(name=f"stored_at(x, {ast.unparse(pattern)}, v)",
                                   spelling=_Built(build, "stored_at"), family="runtime helpers",
                                   differentiable=False, shape_rule=lambda shapes, kwargs: shapes[0],
                                   updates=True)
        _stored_patterns[id(_patterns[key])] = pattern
    return _patterns[key]


_stored_patterns: dict[int, ast.expr] = {}


def item_store_primitive(pattern: ast.expr) -> Primitive:
    """``x[index] = v``, a statement: ``stored_at`` where opt/item_stores.py knows it writes into
    ``x`` itself (a float64 array of the generated code's own, a real value). Arguments as
    :func:`stored_primitive`'s: x, v, then the pattern's holes; printed by ``statement`` (an
    ``Effect`` of the IR, which dead code keeps only where ``x`` is read after it)."""
    key = "store " + ast.dump(pattern)
    if key not in _patterns:
        def build(args, kwargs=()):
            index = _Fill(args[2:]).visit(copy_tree(pattern))
            return ast.Assign(targets=[ast.Subscript(value=args[0], slice=index, ctx=ast.Store())], value=args[1],
                              lineno=0)

        prim = Primitive(name=f"x[{ast.unparse(pattern)}] = v", spelling=_Built(build, "item_store"),
                         family="runtime helpers", differentiable=False, shape_rule=None)
        prim.statement = lambda args: build(list(args))     # type: ignore[attr-defined]
        _patterns[key] = prim
        _item_stores.add(id(prim))
    return _patterns[key]


_item_stores: set[int] = set()


def stores_item(prim: Primitive) -> bool:
    """Is ``prim`` an :func:`item_store_primitive` (its first argument the array it writes into)?"""
    return id(prim) in _item_stores


def stored_pattern(prim: Primitive) -> ast.expr | None:
    """The index pattern of a ``stored_at`` made by :func:`stored_primitive`, else None."""
    return _stored_patterns.get(id(prim))


def _an_array(site) -> bool:
    """Is the container written into known to be an array (its shape or its dtype known), not a
    list or dict whose overwritten item may itself be a list (``rows[i] = rows[i] + [v]``)?"""
    shape = site.arg_shapes[0] if site.arg_shapes else None
    kind = site.arg_kinds[0] if site.arg_kinds else None
    return shape is not None or kind is not None and kind not in ("list", "tuple", "dict")


def _kept_share(d: ast.expr, site) -> ast.expr:
    """``d``, the adjoint (tangent) of the value ``v`` written by ``x[i] = v``, as the write keeps
    it: where ``x``'s dtype is not known (analysis/kinds.py), ``written_share(d, x)`` decides at
    run time (zero where ``x`` is an integer or boolean array: NumPy truncates ``v``). A write
    into a known integer array is cut before (analysis/checks.py); one into a known float
    array, list or dict keeps ``d`` as it is, at no cost. (Reading ``x`` in the reverse sweep
    may keep its versions on a tape: the price of a dtype the analysis cannot tell.)"""
    kind = site.arg_kinds[0] if site.arg_kinds else None
    if kind is not None and kind[0] in "fc" or kind in ("list", "tuple", "dict"):
        return d
    return ast.Call(func=ast.Name(id="written_share", ctx=ast.Load()), args=[d, site.args[0]], keywords=[])


def _zeros_like(atom: ast.expr) -> ast.expr:
    return ast.Call(func=ast.Name(id="zeros_like_adjoint", ctx=ast.Load()), args=[atom], keywords=[])


def _a_list(site) -> bool:
    """Is the container written into known to be a list (analysis/kinds.py)?"""
    return bool(site.arg_kinds) and site.arg_kinds[0] == "list"


def _may_repeat(pattern: ast.expr, site) -> bool:
    """Can ``x[pattern] = v`` write one position twice? Only through an index that may be an
    integer array: a hole outside any slice not known to be a number or a boolean mask."""
    in_slices = {id(n) for s in ast.walk(pattern) if isinstance(s, ast.Slice) for n in ast.walk(s)}
    holes = [int(n.id[len(_HOLE.format("")):]) for n in ast.walk(pattern)
             if isinstance(n, ast.Name) and id(n) not in in_slices]
    for k in holes:
        position = 2 + k     # arguments: x, v, then the holes
        shape = site.arg_shapes[position] if position < len(site.arg_shapes) else None
        kind = site.arg_kinds[position] if position < len(site.arg_kinds) else None
        if shape != () and (kind or "?")[0] != "b":
            return True
    return False


def _written_shape(pattern: ast.expr, site) -> tuple | None:
    """The shape of the region ``x[pattern]`` that ``x[pattern] = v`` writes, where ``x``'s
    shape is known and every hole of the pattern is a constant or, outside a slice, an integer
    (whose value does not change the region's shape); None elsewhere."""
    shape = site.arg_shapes[0] if site.arg_shapes else None
    if not isinstance(shape, tuple) or not all(type(n) is int for n in shape):
        return None
    in_slices = {id(n) for s in ast.walk(pattern) if isinstance(s, ast.Slice) for n in ast.walk(s)}
    filled = {}
    for node in ast.walk(pattern):
        if not (isinstance(node, ast.Name) and node.id.startswith(_HOLE.format(""))):
            continue
        position = 2 + int(node.id[len(_HOLE.format("")):])
        arg = site.args[position] if position < len(site.args) else None
        kind = site.arg_kinds[position] if position < len(site.arg_kinds) else None
        if isinstance(arg, ast.Constant):
            filled[node.id] = arg
        elif id(node) not in in_slices and site.arg_shapes[position] == () and (kind or "?")[0] in "iu":
            filled[node.id] = ast.Constant(0)        # (any integer: the region's shape is the same)
        else:
            return None
    index = _as_value(_Fill([filled.get(_HOLE.format(k)) for k in range(len(filled))]).visit(copy_tree(pattern)))
    try:
        where = eval(compile(ast.fix_missing_locations(ast.Expression(index)), "<index>", "eval"),
                     {"__builtins__": {}, "slice": slice})
        return np.broadcast_to(np.zeros(()), shape)[where].shape
    except Exception:       # (an index this shape does not take: NumPy's error where the code runs)
        return None


class _Built(Spelling):
    """A spelling given by a function of the argument expressions."""

    def __init__(self, build, path="assign_at"):
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "_build", build)

    def build(self, args, kwargs=()):
        return self._build(list(args), kwargs)


def _method_call(method: str):
    def build(args, kwargs=()):
        return ast.Call(func=ast.Attribute(value=args[0], attr=method, ctx=ast.Load()), args=list(args[1:]),
                        keywords=[])
    return _Built(build, method)


def _identity_adjoint(site, i, d_y):
    if i != 0:
        return None
    return True if site is None else d_y


# ``x += v`` adds in place when ``x`` is an array; when another name may share ``x``'s memory and
# is read later, the generated code checks at run time that ``x`` was a number, or that it shares
# no memory with the values of the names read later (frontend/aliasing.py).
UNSHARED = Primitive(name="unshared", spelling=Spelling(path="unshared"), family="runtime helpers",
                     vjp_builder=_identity_adjoint, shape_rule=lambda shapes, kwargs: shapes[0],
                     linear="joint", effect=True, observes_identity=True)     # (effect: it may refuse)


@helper()
def may_share_memory_with(x, other):
    """Could writing into the array ``x`` change ``other`` (an array, or a container or object
    that may hold one)? Numbers, strings and a name's unbound placeholder hold none; others may."""
    if isinstance(other, np.ndarray):
        return np.may_share_memory(x, other)
    if isinstance(other, (list, tuple)):
        return any(may_share_memory_with(x, item) for item in other)
    if isinstance(other, dict):
        return any(may_share_memory_with(x, item) for item in other.values())
    return not isinstance(other, (bool, int, float, complex, str, bytes, type(None), np.generic,
                                  UnboundLocalError, AttributeError))


@helper("may_share_memory_with", linear="joint")
def unshared(x, where, *others):
    """``x`` itself, where ``x += v`` would otherwise change an array another name still reads
    (NumPy adds into arrays in place; the generated code never writes into one). ``others``: the
    values of the names read afterwards, where the lowering knows them (none: any array refuses);
    an array sharing no memory with any of them is written by no other name."""
    if isinstance(x, np.ndarray) and (not others or any(may_share_memory_with(x, o) for o in others)):
        message = (f"{where} changes an array in place, and another name that may be the same array, a "
                   "view of it or hold it is read afterwards; in-place updates of shared arrays are not "
                   "supported")
        hint = "write the update as a new array (`y = y + v`, not `y += v`), or give the other name its own copy"
        try:                  # (imported on this path only: a standalone module runs with NumPy alone)
            from ..errors import UnsupportedSyntaxError
        except ImportError:
            raise TypeError(f"{message}; {hint}") from None
        raise UnsupportedSyntaxError(message, hint=hint)
    return x


REGISTRY[unshared] = UNSHARED


# Stacks (the tapes of generated reverse code): tangents ride along on a stack of their own, so
# forward mode (and so Hessians, forward over reverse) goes through generated loops.
def _forward_only(site, i, d_y):
    """Differentiable in forward mode; reverse mode has no rule (the transform says so)."""
    return True if site is None else None


APPEND = Primitive(name="stack.append(v)", spelling=_method_call("append"), family="containers",
                   linear="joint", vjp_builder=_forward_only, shape_rule=None, sympy=ON_OBJECT_ARRAYS)
POP = Primitive(name="stack.pop()", spelling=_method_call("pop"), family="containers", linear="joint",
                pops=True, vjp_builder=_forward_only, shape_rule=None, sympy=ON_OBJECT_ARRAYS)
# Index values built at run time (in generated code: add_at(d_y, x, slice(1, n))).
nondifferentiable(slice, range, family=FAMILY, shape_rule=None)
# Positions, not values: an argmax is piecewise constant, so it carries no derivative.
nondifferentiable(np.argmax, np.argmin, np.argsort, np.nonzero, np.flatnonzero, family=FAMILY,
                  shape_rule=None)

LIST = display_primitive(ast.List)
TUPLE = display_primitive(ast.Tuple)


class _Fill(Transformer):
    def __init__(self, holes):
        self.holes = {_HOLE.format(i): h for i, h in enumerate(holes)}

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return copy_tree(self.holes.get(node.id, node))


def _as_value(index: ast.expr) -> ast.expr:
    """An index as an ordinary expression: ``1:n`` becomes ``slice(1, n)``."""
    class ToValue(Transformer):
        def visit_Slice(self, node: ast.Slice) -> ast.expr:
            self.generic_visit(node)
            # always slice(lower, upper[, step]): slice(1) alone would mean [:1]
            parts = [node.lower, node.upper] + ([node.step] if node.step is not None else [])
            args = [p if p is not None else ast.Constant(None) for p in parts]
            return ast.Call(func=ast.Name(id="slice", ctx=ast.Load()), args=args, keywords=[])

    return ToValue().visit(copy_tree(index))


@helper(linear="joint")
def written_adjoint(d_y, index):
    """The adjoint of ``v`` in ``y[index] = v``: ``d_y[index]``, except where an integer-array
    index writes the same position again later: NumPy keeps the last write (also for
    ``y[index] += v``, which is buffered), so the earlier ones get zero."""
    if isinstance(d_y, (float, int, np.generic)):
        d_y = np.asarray(d_y)   # a 0-d array's adjoint held as a number (np.place into a 0-d `out`)
    d_v = d_y[index]
    parts = index if isinstance(index, tuple) else (index,)
    if not isinstance(d_y, np.ndarray) or not any(
            isinstance(p, (list, np.ndarray)) and np.ndim(p) > 0 and np.asarray(p).dtype.kind in "iu"
            for p in parts):
        return d_v            # slices, numbers and masks never repeat a position
    writes = np.arange(np.size(d_v)).reshape(np.shape(d_v))
    last = np.empty(d_y.shape, dtype=np.intp)
    last[index] = writes      # the same assignment as the primal's: its last write stays
    return np.where(last[index] == writes, d_v, 0.0)


@helper("assign_at", "zeros_like_adjoint", linear="joint", args=(0,), reads_shape=(2,))
def cleared_at(d, index, x):
    """The adjoint ``d`` of ``x`` after ``x[index] = value`` with the overwritten position's share
    zero: for a list or dict, a zero shaped like the item ``x[index]`` (or none: a dict's new key).
    A list's adjoint may come as a tuple (rebuilt whole where a branch or a helper hands it back) or
    an array (``np.array(rows)``'s, ``rows[i]`` grown by appends): its items copied into a list."""
    d = list(np.array(d, copy=True)) if type(d) is np.ndarray and type(x) is list and d.ndim > 0 else d
    if isinstance(d, (list, tuple, dict)):
        out = list(d) if isinstance(d, tuple) else d.copy()
        old = x.get(index, 0.0) if isinstance(x, dict) else x[index]
        # (a float's zero straight away: per write into a grid of numbers, not zeros_like_adjoint's tests)
        out[index] = 0.0 if type(old) is float else zeros_like_adjoint(old)
        return out
    return assign_at(d, index, 0.0)


@helper(linear="joint", args=(0, 2))
def assign_at(x, index, value):
    """A copy of ``x`` with ``x[index] = value``: in-place updates without touching the input."""
    if isinstance(x, (dict, list)):
        out = x.copy()
        out[index] = value
        return out
    out = np.array(x, copy=True)        # (x's dtype, as NumPy's x[index] = value keeps it: a float
    out[index] = value                  # written into an integer array truncated, a float64 into a
    return out                          # float32 array rounded)


@helper(linear="joint", reads_shape=(1,))
def written_share(d, x):
    """The share of ``d`` (the adjoint or tangent of a value written into ``x``) that reaches
    ``x``: none where ``x`` is an integer or boolean array (NumPy truncates a float written
    into one: its derivative is 0), all of it where ``x`` keeps what is written (a float or
    complex array, a list, a dict). It reads ``x``'s dtype alone, which no write into ``x``
    changes (``stored_at`` writes in place only where the dtype stays)."""
    if isinstance(x, np.ndarray) and x.dtype.kind in "biu":
        return np.zeros(np.shape(d)) if np.ndim(d) else 0.0
    return d


@helper("assign_at")
def stored_at(x, index, value):
    """``assign_at(x, index, value)`` written into ``x`` itself where that makes the same array:
    ``x`` a writeable array whose dtype ``value`` leaves as it is (a real number into float64:
    the common case, tested first). Otherwise ``assign_at``'s copy, which the next write then
    writes into. Only where no name reads ``x``'s old value again (opt/array_writes.py)."""
    if type(x) is np.ndarray and x.flags.writeable and (
            x.dtype.type is np.float64 and type(value) in (float, int, np.float64)
            or isinstance(value, (np.ndarray, np.generic, int, float, complex))
            and np.result_type(x, value) == x.dtype):
        x[index] = value
        return x
    return assign_at(x, index, value)


@helper()
def owned_copy(x):
    """A copy of the array ``x`` that ``stored_at`` may write into (``x`` may be an argument, a
    view or a value another name holds): a plain, writeable ndarray, also of a subclass's (as
    ``assign_at``'s copy is); anything else as it is (``stored_at`` copies it)."""
    return np.array(x) if isinstance(x, np.ndarray) else x


# ``x[i]`` and ``x[i] = v`` of one index given as an argument: what passes about reads and writes
# of items ask of a statement (by name: a copy of one, spelled as a method, is the same read)
READ_ITEM = subscript_primitive(hole(0))
UPDATE_ITEM = update_primitive(hole(0))
OWNED_COPY = Primitive(name="owned_copy", spelling=Spelling(path="owned_copy"), family="runtime helpers",
                       differentiable=False, shape_rule=lambda shapes, kwargs: shapes[0], allocates=True)
REGISTRY[owned_copy] = OWNED_COPY
