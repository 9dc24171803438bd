"""Common subexpressions of generated code: a statement computing what an earlier one in the
same straight-line run computed already (``d_t14 = d_t23.sum(axis=0, keepdims=True)`` twice, the
adjoints of two values broadcast alike) reads the earlier result instead.

Only side-effect-free, non-allocating-for-writing expressions are shared (arithmetic, indexing,
``.T``, reductions, NumPy's elementwise functions): never a fresh array a later statement may
write into (``np.zeros``, ``np.copy``), a helper, or a draw. Both names must be bound once in the
whole function, so the later one is simply renamed to the earlier: no alias is made; and neither
may be written in place anywhere (``d[i] += g``, ``out=d``, ``add_into(d, ...)``, or through a
view of it), since the two readers would then see each other's writes. A run
ends at anything else (a loop, a branch, an in-place write, a call statement): nothing is shared
across it.
"""
from __future__ import annotations

import ast

from ..ir.code import all_nodes, name_counts, read_names
from ..ir.structure import structural_key
from .cleanup import Substitute

# NumPy functions that compute a value from their arguments and nothing else (no ``out=``)
_PURE_NP = frozenset({
    "abs", "absolute", "add", "arccos", "arcsin", "arctan", "arctan2", "clip", "conj", "cos", "cosh",
    "divide", "dot", "exp", "exp2", "expand_dims", "expm1", "log", "log10", "log1p", "log2", "matmul",
    "max", "maximum", "mean", "min", "minimum", "multiply", "negative", "outer", "power", "prod",
    "reciprocal", "reshape", "shape", "sign", "sin", "sinh", "size", "sqrt", "square", "squeeze",
    "subtract", "sum", "swapaxes", "tan", "tanh", "tensordot", "transpose", "ndim", "where",
})
# functions and methods whose result may be a view of their (first) argument
_VIEW_METHODS = frozenset({"reshape", "transpose", "ravel", "view", "squeeze", "swapaxes"})
_VIEW_NP = frozenset({"reshape", "transpose", "ravel", "squeeze", "expand_dims", "swapaxes", "broadcast_to",
                      "moveaxis", "atleast_1d", "atleast_2d", "asarray", "real", "diagonal"})
# the generated code's helpers that read their arguments and write none of them
_READ_ONLY = frozenset({"unreduce", "unbroadcast", "extremum_adjoint", "untranspose", "matmul_adjoint",
                        "matmul_adjoint_a", "matmul_adjoint_b", "zeros_like_adjoint", "accumulate", "len",
                        "range", "slice", "float", "int"})
_PURE_METHODS = frozenset({"sum", "mean", "max", "min", "prod", "reshape", "transpose", "dot", "ravel"})


def share_common_subexpressions(stmts: list) -> list:
    """``stmts`` with each repeated pure statement dropped and its name read as the first's."""
    bound = name_counts(stmts, ast.Store)
    for name in _written_in_place(stmts):
        bound[name] = 2           # (shared by nobody)
    renamed: dict[str, ast.expr] = {}
    out = _block(stmts, bound, renamed)
    return [Substitute(renamed).visit(s) for s in out] if renamed else out


def _block(stmts: list, bound: dict, renamed: dict) -> list:
    available: dict = {}                    # structural key of a value -> the name holding it
    reads: dict = {}                        # that key -> the names its value reads
    keys_of: dict[str, set] = {}            # a name -> the keys holding or reading it (some stale)
    out = []
    for stmt in stmts:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                and _pure(stmt.value):
            name = stmt.targets[0].id
            value = Substitute(renamed).visit(stmt.value) if renamed else stmt.value
            key = structural_key(value)
            if key in available and bound.get(name) == 1 and bound.get(available[key]) == 1:
                renamed[name] = ast.Name(id=available[key], ctx=ast.Load())
                continue
            _forget(name, available, reads, keys_of)
            value_reads = read_names(value)
            if bound.get(name) == 1 and name not in value_reads:
                available[key], reads[key] = name, value_reads
                for held_or_read in (name, *value_reads):
                    keys_of.setdefault(held_or_read, set()).add(key)
            out.append(stmt)
            continue
        available.clear()
        reads.clear()
        keys_of.clear()
        for field in ("body", "orelse"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                setattr(stmt, field, _block(inner, bound, renamed))
        out.append(stmt)
    return out


def _written_in_place(stmts: list) -> set[str]:
    """Names whose arrays some statement writes into, directly or through a view."""
    written, views = set(), {}
    for node in all_nodes(stmts):
        if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, ast.Store):
            written.add(_base(node))
        elif isinstance(node, ast.AugAssign):
            written.add(_base(node.target))
        elif isinstance(node, ast.Call):
            written.update(_base(k.value) for k in node.keywords if k.arg == "out")
            if not _pure(node) and node.args and not (isinstance(node.func, ast.Name) and node.func.id in _READ_ONLY):
                written.update(_base(a) for a in node.args)       # a helper may write its arguments
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            base = _base(node.value)
            if base is not None:                                    # y = x, x[0, :], x.T: a view
                views.setdefault(node.targets[0].id, set()).add(base)
    pending = list(written)
    while pending:
        for base in views.get(pending.pop(), ()):
            if base not in written:
                written.add(base)
                pending.append(base)
    return written - {None}


def _base(node: ast.expr) -> str | None:
    """The name ``x`` of ``x``, ``x[...]``, ``x.T``, ``x.reshape(...)``: what a view of it shares."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
            node = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _VIEW_METHODS:
            node = node.func.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _VIEW_NP \
                and node.args:
            node = node.args[0]
        else:
            return None


def _forget(name: str, available: dict, reads: dict, keys_of: dict) -> None:
    """``name`` is rebound: what held it or read it is no longer available. (``keys_of``: the
    keys that held or read it when they were made available, rechecked here: one scan of every
    available value per statement made long straight-line code quadratic.)"""
    for key in keys_of.pop(name, ()):
        if key in available and (available[key] == name or name in reads[key]):
            del available[key], reads[key]


def _pure(node: ast.expr) -> bool:
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.BinOp):
        return _pure(node.left) and _pure(node.right)
    if isinstance(node, ast.UnaryOp):
        return _pure(node.operand)
    if isinstance(node, ast.Tuple):
        return all(_pure(e) for e in node.elts)
    if isinstance(node, ast.Slice):
        return all(p is None or _pure(p) for p in (node.lower, node.upper, node.step))
    if isinstance(node, ast.Subscript):
        return _pure(node.value) and _pure(node.slice)
    if isinstance(node, ast.Attribute):
        return node.attr == "T" and _pure(node.value)
    if isinstance(node, ast.Call):
        func = node.func
        if any(k.arg is None or k.arg == "out" for k in node.keywords):
            return False
        arguments = [*node.args, *(k.value for k in node.keywords)]
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np":
            return func.attr in _PURE_NP and all(_pure(a) for a in arguments)
        if isinstance(func, ast.Attribute) and func.attr in _PURE_METHODS:
            return _pure(func.value) and all(_pure(a) for a in arguments)
        if isinstance(func, ast.Name) and func.id == "slice":
            return all(_pure(a) for a in arguments)
    return False
