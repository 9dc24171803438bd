"""A recursive function that writes into memory its caller passed it (``out[n] = v``, ``memo[n]
= v``, ``acc += v``, ``np.add(a, b, out=out)``) is refused, located at the write.

A recursive call is not inlined: it runs the callee's own generated code (driver/recursion.py),
which sees its parameters as values. A write into a parameter changes the caller's array at run
time, but neither the caller's derivative code nor its later reads know of it: the result and the
gradient of ``o = np.zeros(3); fill(o, x, 3); return np.sum(o ** 2)`` came out silently wrong.
(``acc.append(v)`` on a list passed down is differentiated correctly and stays allowed.)"""
from __future__ import annotations

import ast

from .source import parse_function

# methods and functions of NumPy that change the array they are given
_WRITING_METHODS = {"fill", "sort", "put", "itemset", "resize", "setfield", "partition",
                    "update", "setdefault", "pop", "popitem", "clear", "insert", "extend", "remove", "reverse"}
_WRITING_FUNCTIONS = {"put", "place", "copyto", "putmask", "put_along_axis", "fill_diagonal"}


def refuse_parameter_writes(lowering, callee) -> None:
    """Refuse ``callee`` (a recursive function) where its body writes into one of its parameters."""
    parsed = parse_function(callee)
    params = {a.arg for a in (*parsed.tree.args.posonlyargs, *parsed.tree.args.args,
                              *parsed.tree.args.kwonlyargs)}
    for node in ast.walk(parsed.tree):
        written = _written_parameter(node, params)
        if written is not None:
            saved = lowering.parsed
            lowering.parsed = parsed          # (the error points at the write, in the callee's source)
            try:
                lowering._unsupported(
                    node, f"the recursive function `{parsed.name}` writing into its parameter `{written}` "
                          "(the caller's array or container, changed unseen by the caller's derivative)",
                    "return the new values instead (`return value, out`), drop a memo dict (the derivative code "
                    "runs each call once anyway), or write the recursion as a loop")
            finally:
                lowering.parsed = saved


def _written_parameter(node: ast.AST, params: set[str]) -> str | None:
    """The parameter ``node`` writes into, if it does."""
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Subscript) and _base(part) in params:
                    return _base(part)
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id in params:
            return node.target.id         # (in place on an array: `acc += v`)
    if isinstance(node, ast.Call):
        for keyword in node.keywords:
            if keyword.arg == "out" and _base(keyword.value) in params:
                return _base(keyword.value)
        func = node.func
        if isinstance(func, ast.Attribute) and _base(func.value) in params and func.attr in _WRITING_METHODS:
            return _base(func.value)
        if isinstance(func, ast.Attribute) and func.attr in _WRITING_FUNCTIONS and node.args \
                and _base(node.args[0]) in params:
            return _base(node.args[0])
    return None


def _base(node: ast.expr) -> str | None:
    """The name at the root of ``a[i]``, ``a[i][j]``, ``a.T[i]``: the memory written."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
