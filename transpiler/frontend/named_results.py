"""NumPy 2's named results read by field: ``np.linalg.eigh(a).eigenvalues``, ``svd(a).S``,
``slogdet(a).logabsdet``, ``qr(a).R``, ``eig(a).eigenvectors``. The lowering records the field names
of each such call's value, and a field read is the item at that position (``r[0]``), as the
tuple unpacking ``w, v = np.linalg.eigh(a)`` reads it; both modes then differentiate it as they do
the unpacking."""
from __future__ import annotations

import ast
from functools import lru_cache

import numpy as np

from ..ir import Atom, Var

# the library functions returning a named tuple, and a call that shows its fields
_EXAMPLES = {np.linalg.eigh: lambda: np.linalg.eigh(np.eye(2)), np.linalg.eig: lambda: np.linalg.eig(np.eye(2)),
             np.linalg.svd: lambda: np.linalg.svd(np.eye(2)), np.linalg.slogdet: lambda: np.linalg.slogdet(np.eye(2)),
             np.linalg.qr: lambda: np.linalg.qr(np.eye(2))}


@lru_cache(maxsize=None)
def result_fields(callee) -> tuple[str, ...]:
    """The field names of ``callee``'s result (NumPy's own, read from a call), or ()."""
    example = _EXAMPLES.get(callee)
    return getattr(type(example()), "_fields", ()) if example is not None else ()


def _fields_by_value(lowering) -> dict:
    return lowering.__dict__.setdefault("_named_results", {})


def record_named_result(lowering, callee, value: Atom) -> Atom:
    """Remember the field names of ``value``, the result of calling ``callee`` (a no-op for others)."""
    try:
        fields = result_fields(callee)
    except TypeError:       # (an unhashable callee is no library function)
        return value
    if fields and isinstance(value, Var):
        _fields_by_value(lowering)[value] = fields
    return value


def remember_fields(lowering, value: Atom, fields: tuple[str, ...]) -> Atom:
    """Remember ``fields`` as the names of ``value``'s first items, SciPy's whole result its last
    (a solver's result lowered as a tuple: solver_calls.py)."""
    if fields and isinstance(value, Var):
        _fields_by_value(lowering)[value] = fields
        lowering.__dict__.setdefault("_solver_results", set()).add(value)
    return value


def read_named_field(lowering, node: ast.Attribute, base: Atom, name: str | None) -> Atom | None:
    """``r.eigenvalues`` of a recorded named result: ``r[0]``; None for any other attribute."""
    fields = _fields_by_value(lowering).get(base) if isinstance(base, Var) else None
    whole = fields is not None and node.attr not in fields and base in lowering.__dict__.get("_solver_results", ())
    if fields is None or node.attr not in fields and not whole:
        return None
    held = " named result"
    lowering.env[held] = base
    try:
        item = ast.copy_location(ast.Subscript(value=ast.Name(id=held, ctx=ast.Load()),
                                               slice=ast.Constant(len(fields) if whole else fields.index(node.attr)),
                                               ctx=ast.Load()), node)
        if whole:             # a solver's other field (`.success`): read from SciPy's result, its last item
            item = ast.copy_location(ast.Attribute(value=item, attr=node.attr, ctx=ast.Load()), node)
        return lowering._expr(ast.fix_missing_locations(item), name)
    finally:
        del lowering.env[held]


def read_named_key(lowering, node: ast.Subscript, base: Atom, name: str | None) -> Atom | None:
    """``res["x"]`` of a solver's result (SciPy's ``OptimizeResult`` is a dict whose keys are its
    fields): ``res.x``; None for any other subscript."""
    if not (isinstance(base, Var) and base in lowering.__dict__.get("_solver_results", ())
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)):
        return None
    field = ast.copy_location(ast.Attribute(value=node.value, attr=node.slice.value, ctx=ast.Load()), node)
    return read_named_field(lowering, field, base, name)
