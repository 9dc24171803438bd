"""In-place NumPy operations on arrays nothing will read again.

Every NumPy operation on arrays writes a new array, and a new large array is expensive: the
memory has to be found and, often, faulted in page by page. Where an operand is an array this
code made itself, which nothing reads after the statement and nothing else refers to, its memory
can take the result instead; so can a temporary made within the statement:

    d_t6 = d_h3 * (1 - h3 * h3)          ->   np.multiply(h3, h3, out=h3)
                                              np.subtract(1, h3, out=h3)
                                              d_t6 = np.multiply(d_h3, h3, out=h3)

    h1 = np.tanh(X @ W1 + b1)            ->   _b1 = X @ W1
                                              np.add(_b1, b1, out=_b1)
                                              h1 = np.tanh(_b1, out=_b1)

The values are bit for bit those of the original expressions (the same ufuncs on the same
values; ``x ** 2`` is ``np.square`` as NumPy computes it). Only top-level statements of the code
calls run are rewritten, and only arrays of known shapes whose operands are all float64 or all
float32 (Python numbers beside them: a Python float keeps a float32 array float32, where a
``np.float64`` number beside it makes the result float64, so a float64 name never joins a float32
statement). A name a rule's template binds (``_part_2 = np.exp(...)``) has no shape from the
transform; its shape is worked out here from its value's operands (broadcasting, matrix products).
"""
from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field

import numpy as np

from ..ir.code import all_nodes, load, name_counts, name_nodes, store

_BINARY = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "divide"}
_POWERS = {2: "square", 0.5: "sqrt", -1: "reciprocal"}     # NumPy's own fast paths for ``x ** c``
# calls whose result is a new array (or a number): a name read inside them does not escape
_FRESH_CALLS = {"where", "zeros", "ones", "empty", "full", "eye", "identity", "arange", "einsum", "outer",
                "dot", "vdot", "inner", "matmul", "copy", "array", "sum", "mean", "prod", "max", "min",
                "var", "std", "cumsum", "solve", "inv", "det", "heaviside"}


def fresh_results(body: list, returned: list, floats: set[str]) -> tuple[bool, ...]:
    """For each returned expression, is it a float array this call made and nothing else
    refers to (bound once, to a new array, returned once)? Such a gradient is the caller's
    without a copy or a check (of its dtype too, where it is its argument's). ``floats``: the
    body's float64 names (:func:`float64_names`) and float32 names (:func:`float32_names`)."""
    stores = name_counts(body, ast.Store)
    bound = {s.targets[0].id: s.value for s in body if isinstance(s, ast.Assign) and len(s.targets) == 1
             and isinstance(s.targets[0], ast.Name)}
    counts = [e.id for e in returned if isinstance(e, ast.Name)]
    return tuple(isinstance(e, ast.Name) and e.id in floats and stores.get(e.id) == 1 and e.id in bound
                 and _fresh(bound[e.id]) and counts.count(e.id) == 1 for e in returned)


def reuse_buffers(body: list, shapes: dict[str, tuple], float64: set[str], fresh_name,
                  float32: frozenset[str] = frozenset(), *, worked_out: set[str] | None = None) -> list:
    """``body`` (a function body) with in-place operations where an array's memory is free.
    ``shapes``: known shapes by name; ``float64``: the body's float64 names
    (:func:`float64_names`); ``float32``: names of values known to be float32, the primal's
    (what the body computes from them is worked out here, unless given as ``worked_out``:
    :func:`float32_names`); ``fresh_name()``: a new name for a temporary buffer."""
    float32_computed = _float64_names(body, float32, "f") if worked_out is None else worked_out
    ctx = _Context(body, dict(shapes), float64, fresh_name, float32_computed)
    out = []
    for i, stmt in enumerate(body):
        out += ctx.rewrite(i, stmt)
    return out


_UNKNOWN = object()


@dataclass
class _Context:
    body: list
    shapes: dict
    float64: set
    fresh_name: object
    float32: set = field(default_factory=set)
    code: str = "d"                               # the statement's dtype: "d" float64, "f" float32
    owned: set = field(default_factory=set)       # arrays this code made that nothing else refers to

    def __post_init__(self):
        # each statement's names walked once: how often it mentions each, which it reads, and
        # how often the body binds each
        self.occurrences: list[dict[str, int]] = []
        loads: list[set[str]] = []
        stores = self.stores = {}
        for stmt in self.body:
            counts, reads = _names_in(stmt, stores)
            self.occurrences.append(counts)
            loads.append(reads)
        escaping = set()
        for stmt, reads in zip(self.body, loads):
            if not _simple(stmt) or isinstance(stmt, ast.Assign) and not _fresh(stmt.value):
                escaping |= reads       # read in a loop or a branch, or into a view or an alias
            elif isinstance(stmt, ast.Expr) and not ast.unparse(stmt.value).startswith("np."):
                escaping |= reads       # print(x), history.append(x): it may keep the array
        # (an assignment to one name reads what its value reads)
        self.owned = {s.targets[0].id for s, reads in zip(self.body, loads)
                      if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                      and stores.get(s.targets[0].id) == 1 and _fresh(s.value)
                      and reads - {"np"}} - escaping    # (of constants alone: a number, broadcast)
        self.last_read = {}
        for i, reads in enumerate(loads):
            for name in reads:
                self.last_read[name] = i

    # One statement ------------------------------------------------------------------------
    def rewrite(self, i: int, stmt: ast.stmt) -> list:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            return [stmt]
        self.known_shapes: dict[int, object] = {}   # id of a part of the statement -> its shape
        target, self.code = stmt.targets[0].id, "d"
        if target not in self.shapes and self.stores.get(target) == 1:
            self.shapes[target] = self.shape(stmt.value)     # (a template's name: its value's shape)
        if not self.shapes.get(target):
            return [stmt]                        # (a number, or of unknown shape)
        self.counts = _value_counts(self.occurrences[i], target)   # (the names read, and how often)
        used = self.counts.keys() - {"np"}
        if not (used <= self.float64 or used <= self.float32) or _complex_constant(stmt.value):
            return [stmt]                        # one dtype throughout, or the results' dtypes could differ
        self.code = "d" if used <= self.float64 else "f"
        self.known_shapes = {}
        self.index, self.before, self.donors = i, [], {
            n for n in used if n in self.owned and self.last_read.get(n) == i and n != stmt.targets[0].id}
        value, _ = self.visit(stmt.value)
        if not self.before:
            return [stmt]
        return [*self.before, ast.Assign(targets=stmt.targets, value=value)]

    def visit(self, node: ast.expr) -> tuple[ast.expr, str | None]:
        """``node`` rewritten, and the name of a buffer holding its value that may be overwritten."""
        op = _elementwise(node, self.code)
        if op is None:
            return node, None
        name, operands = op
        shape = self.shape(node)
        parts = [self.visit(o) for o in operands]
        if not shape:                            # a number (or unknown): nothing to write into
            return _rebuild(node, [e for e, _ in parts]), None
        exprs = [e for e, _ in parts]
        buffer = next((b for (_, b), o in zip(parts, operands) if b is not None and self.shape(o) == shape), None)
        if buffer is None:
            buffer = self._donor(operands, shape)
        if buffer is None:
            buffer = self._temporary(operands, exprs, shape)
        if buffer is None or shape is None:
            return _rebuild(node, exprs), None
        call = ast.Call(func=ast.Attribute(value=load("np"), attr=name, ctx=ast.Load()),
                        args=[*exprs], keywords=[ast.keyword(arg="out", value=load(buffer))])
        self.before.append(ast.Expr(value=call))
        return load(buffer), buffer

    def _donor(self, operands: list, shape) -> str | None:
        """An operand that is a name nothing reads later, of the result's shape, read only here."""
        for o in operands:
            if isinstance(o, ast.Name) and o.id in self.donors and self.shapes.get(o.id) == shape \
                    and self.counts[o.id] == sum(isinstance(p, ast.Name) and p.id == o.id for p in operands):
                self.donors.discard(o.id)
                return o.id
        return None

    def _temporary(self, operands: list, exprs: list, shape) -> str | None:
        """A new array made within the statement (a product, a call) of the result's shape:
        named, so that this operation can write into it."""
        for k, (o, e) in enumerate(zip(operands, exprs)):
            floating = _elementwise(e, self.code) is not None or isinstance(e, ast.BinOp) and isinstance(e.op, ast.MatMult)
            if floating and self.shape(o) == shape and shape is not None:
                name = self.fresh_name()
                self.before.append(ast.Assign(targets=[store(name)], value=e))
                exprs[k] = load(name)
                return name
        return None

    # Shapes and types ---------------------------------------------------------------------
    def shape(self, node: ast.expr):
        """The shape of a part of the statement being rewritten (each worked out once: visiting
        the statement asks it of every part, and of each part's operands)."""
        known = self.known_shapes.get(id(node), _UNKNOWN)
        if known is _UNKNOWN:
            known = self.known_shapes[id(node)] = self._shape(node)
        return known

    def _shape(self, node: ast.expr):
        if isinstance(node, ast.Constant):
            return ()
        if isinstance(node, ast.Name):
            return self.shapes.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr == "T":
            inner = self.shape(node.value)
            return inner[::-1] if isinstance(inner, tuple) else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            return _product_shape(self.shape(node.left), self.shape(node.right))
        op = _elementwise(node, self.code)
        if op is None:
            return None
        shapes = [self.shape(o) for o in op[1]]
        if any(s is None for s in shapes):
            return None
        return _broadcast(shapes)


def _broadcast(shapes: list) -> tuple | None:
    """The shape ``shapes`` broadcast to (None: they do not broadcast). Most operations are of
    arrays of one shape and numbers: that shape, without asking NumPy (which costs more than
    the rest of the statement's visit)."""
    if all(type(shape) is tuple and all(type(n) is int for n in shape) for shape in shapes):
        arrays = {shape for shape in shapes if shape}
        if len(arrays) <= 1:
            return arrays.pop() if arrays else ()
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        return None


def _product_shape(a, b) -> tuple | None:
    """The shape of ``a @ b`` for matrices and vectors of known shapes (None: unknown, or a stack)."""
    if not (isinstance(a, tuple) and isinstance(b, tuple) and 1 <= len(a) <= 2 and 1 <= len(b) <= 2) \
            or a[-1] != b[0] or len(a) == len(b) == 1:
        return None
    return (*a[:-1], *b[1:])


def float32_names(body: list, known: set[str]) -> set[str]:
    """``known`` (names of values known to be float32: the primal's) and the names ``body`` binds
    to float32 values computed from them and Python numbers; worked out once for
    :func:`fresh_results` and :func:`reuse_buffers`."""
    return _float64_names(body, known, "f")


def float64_names(body: list, known: set[str]) -> set[str]:
    """``known`` (names of values known to be float64: the primal's) and the names ``body``
    binds to float64 values computed from them; worked out once for :func:`fresh_results` and
    :func:`reuse_buffers` (each walk of a long body is a percent of its compile)."""
    return _float64_names(body, known)


# Runtime helpers and NumPy functions whose value is float64 where the operands at these positions
# are (float64 arrays or Python numbers), the first not an integer (``g * (s > 0)`` of an int g, and
# ``np.where(c, 1, 0)``, are integer arrays). Float64 code only: of a Python float they make a float64
# array or NumPy number, which a float32 statement must not meet. An adjoint through a ReLU or a clip
# (of number bounds: in g's dtype), a logistic's slope, a transpose, a sum; views; a choice of two; a fill.
_DTYPE_OF_OPERANDS = {"step_adjoint": (0, 1), "clip_adjoint": (0,), "expit_slope": (0,), "untranspose": (0,),
                      "unbroadcast": (0,), "stop_gradient": (0,)}
_NUMPY_DTYPE_OF_OPERANDS = {"broadcast_to": (0,), "transpose": (0,), "reshape": (0,), "real": (0,), "where": (1, 2),
                            "full": (1,)}


def _of_float_operands(node: ast.Call, positions: tuple, names: set[str], integers: set[str], code: str) -> bool:
    """Are ``node``'s operands at ``positions`` float64 (in float64 code), the first (or, for
    np.where's two choices, either) not an integer?"""
    operands = [node.args[i] for i in positions if i < len(node.args)]
    carriers = operands if len(positions) == 2 and positions[0] == 1 else operands[:1]
    return code == "d" and bool(operands) and not node.keywords \
        and all(_float64_value(a, names, code, integers) for a in operands) \
        and not all(_integer_value(a, integers) for a in carriers)


def _integer_names(body: list) -> set[str]:
    """The names some binding of which is a Python integer (``k = 2``, ``m = k * 3``)."""
    found: set[str] = set()
    while True:
        more = {s.targets[0].id for s in body if isinstance(s, ast.Assign) and len(s.targets) == 1
                and isinstance(s.targets[0], ast.Name) and _integer_value(s.value, found)} - found
        if not more:
            return found
        found |= more


def _integer_value(node: ast.expr, integers: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, bool)
    if isinstance(node, ast.Name):
        return node.id in integers
    if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Div):
        return _integer_value(node.left, integers) and _integer_value(node.right, integers)
    return isinstance(node, ast.UnaryOp) and _integer_value(node.operand, integers)


def _float64_names(body: list, known: set[str], code: str = "d") -> set[str]:
    """``known`` and the names the body binds to float64 values computed from them (arithmetic,
    float ufuncs, matrix products, reductions, ``np.zeros``...) and numbers. With ``code="f"``,
    float32 values (the same operations on float32 names and Python numbers; not ``np.zeros``,
    which makes float64)."""
    if code != "d" and not known:
        return set(known)
    bindings = _bindings(body)
    integers = _integer_names(body)
    excluded: set[str] = set()
    while True:          # (a name dropped may have made others float64 that are not: again)
        names, floats = set(known), {}
        for stmt in body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                target = stmt.targets[0].id
                if target not in excluded and _float64_value(stmt.value, names, code, integers):
                    names.add(target)
                    floats[target] = floats.get(target, 0) + 1
        # a name bound again elsewhere (in a loop: ``x2_1 = (x2_1 > 0.5) * 2``) to what may not be
        # float64 is not known float64 from its float64 bindings alone
        rebound = {n for n, count in floats.items() if count < bindings.get(n, 0)} - set(known)
        if not rebound:
            return names
        excluded |= rebound


def _bindings(body: list) -> dict[str, int]:
    """How often each name is bound anywhere in ``body`` (an augmented assignment keeps an
    array's dtype, and a float64 number's: not counted)."""
    nodes = all_nodes(body)         # (walked once: the pass asks this of the whole body, twice)
    augmented = {id(n.target) for n in nodes if isinstance(n, ast.AugAssign)}
    counts: dict[str, int] = {}
    for n in nodes:
        if type(n) is ast.Name and type(n.ctx) is ast.Store and id(n) not in augmented:
            counts[n.id] = counts.get(n.id, 0) + 1
    return counts


def _float64_value(node: ast.expr, names: set[str], code: str = "d", integers: set[str] = frozenset()) -> bool:
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, float)
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.MatMult) or _elementwise(node, code) is not None:
            return _float64_value(node.left, names, code, integers) and _float64_value(node.right, names, code, integers) and \
                not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
        return False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _float64_value(node.operand, names, code, integers)
    if isinstance(node, ast.Attribute) and node.attr == "T" or isinstance(node, ast.Subscript):
        return _float64_value(node.value, names, code, integers)      # (an item or a view has its array's dtype)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _DTYPE_OF_OPERANDS:
        return _of_float_operands(node, _DTYPE_OF_OPERANDS[node.func.id], names, integers, code)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        func = node.func
        if isinstance(func.value, ast.Name) and func.value.id == "np":
            if func.attr in ("zeros", "ones", "empty", "eye", "identity") and not node.keywords:
                return code == "d"
            if func.attr in _NUMPY_DTYPE_OF_OPERANDS:
                return _of_float_operands(node, _NUMPY_DTYPE_OF_OPERANDS[func.attr], names, integers, code)
            if _float_ufunc(func.attr, code) or func.attr in ("einsum", "outer", "dot", "vdot", "matmul"):
                return all(_float64_value(a, names, code, integers) for a in node.args if not isinstance(a, ast.Constant)
                           or type(a.value) in (int, float))
        if func.attr in ("sum", "mean", "max", "min", "prod") and not node.args:
            return _float64_value(func.value, names, code, integers)
    return False


def _complex_constant(node: ast.expr) -> bool:
    """Does ``node`` hold a complex literal (``1j * x``: a complex result of float64 names)?"""
    return any(isinstance(n, ast.Constant) and isinstance(n.value, complex) for n in all_nodes(node))


def _elementwise(node: ast.expr, code: str = "d") -> tuple[str, list] | None:
    """(the ufunc's name, its operands) for an elementwise operation with a float result that
    NumPy can write in place (not a comparison: its result is boolean); ``code``: of float64
    ("d") or float32 ("f") operands."""
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        if isinstance(node.left, ast.Compare) and isinstance(node.right, ast.Compare):
            return None                                   # (two booleans: a boolean)
        return _BINARY[type(node.op)], [node.left, node.right]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        if isinstance(node.right, ast.Constant) and node.right.value in _POWERS and type(node.right.value) in (int, float):
            return _POWERS[node.right.value], [node.left]
        return "power", [node.left, node.right]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return "negative", [node.operand]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "np" and _float_ufunc(node.func.attr, code) and not node.keywords
            and len(node.args) == getattr(np, node.func.attr).nin):
        return node.func.attr, list(node.args)
    return None


@functools.lru_cache(maxsize=None)
def _float_ufunc(name: str, code: str = "d") -> bool:
    """A NumPy ufunc of one output that maps float64 arguments to a float64 result (``code="f"``:
    float32 to float32; not ``np.float_power``, which computes in float64), elementwise (not a
    generalised ufunc such as ``np.matmul``)."""
    ufunc = getattr(np, name, None)
    return (isinstance(ufunc, np.ufunc) and ufunc.nout == 1 and ufunc.signature is None
            and code * ufunc.nin + "->" + code in ufunc.types)


def _rebuild(node: ast.expr, exprs: list) -> ast.expr:
    """``node`` with its operands replaced (in the order ``_elementwise`` lists them)."""
    if isinstance(node, ast.BinOp):
        return ast.BinOp(left=exprs[0], op=node.op, right=exprs[1] if len(exprs) > 1 else node.right)
    if isinstance(node, ast.UnaryOp):
        return ast.UnaryOp(op=node.op, operand=exprs[0])
    return ast.Call(func=node.func, args=exprs, keywords=[])


def _fresh(node: ast.expr) -> bool:
    """Does ``node`` evaluate to a new array (or a number), never a view of or another name for
    an existing one?"""
    if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Constant)):
        return True
    if isinstance(node, ast.Call) and not getattr(node, "simply_runs", False):   # (a call that simply
        func = node.func                                                     # runs: whatever it returns)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np":
            if func.attr == "einsum" and len(node.args) <= 2:
                return False                                  # one operand: 'ii->i' is a view of it
            return isinstance(getattr(np, func.attr, None), np.ufunc) or func.attr in _FRESH_CALLS
        if isinstance(func, ast.Attribute) and func.attr in ("sum", "mean", "max", "min", "prod"):
            return True                                       # a method reduction
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) and func.attr == "solve":
            return True                                       # np.linalg.solve
    return False


def _simple(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.Assign, ast.AugAssign, ast.Expr, ast.Return, ast.Delete))


def _names_in(stmt: ast.stmt, stores: dict[str, int]) -> tuple[dict[str, int], set[str]]:
    """How often ``stmt`` mentions each name, and the names it reads; the names it binds counted
    into ``stores``. (One walk of the statement: the pass asks all three of every statement.)"""
    counts: dict[str, int] = {}
    reads: set[str] = set()
    for node in name_nodes(stmt):
        name, ctx = node.id, type(node.ctx)
        counts[name] = counts.get(name, 0) + 1
        if ctx is ast.Load:
            reads.add(name)
        elif ctx is ast.Store:
            stores[name] = stores.get(name, 0) + 1
    return counts, reads


def _value_counts(occurrences: dict[str, int], target: str) -> dict[str, int]:
    """How often the value of ``target = value`` mentions each name, from how often the whole
    statement does (the target is one of those)."""
    counts = dict(occurrences)
    if counts[target] == 1:
        del counts[target]
    else:
        counts[target] -= 1
    return counts
