"""``for i, j in itertools.combinations(range(n), 2):``, ``itertools.product(weights, repeat=2)``,
``itertools.permutations(layers)``: loops over the tuples itertools would make, where which
tuples those are is known while compiling (a ``range`` of constant bounds, a list or tuple display
of names and constants, a tuple bound to a name; constant ``r`` and ``repeat``).

The call is replaced by the tuple display of those tuples, each element written as the item it
is (``0``, ``ws[1]``): ``((ws[0], ws[1]), (ws[0], ws[2]), ...)``. Python's loop then iterates over
the very same items in the very same order, and the loop over a display is one lowering already
compiles. An item computed in the display (``[x, x ** 2]``) is refused: written once per tuple,
it would be computed again each time (a random draw, drawn again)."""
from __future__ import annotations

import ast
import itertools
from typing import Any

from .source import MISSING

_FUNCTIONS = {itertools.combinations: "r", itertools.permutations: "r", itertools.product: "repeat",
              itertools.combinations_with_replacement: "r"}
MAX_TUPLES = 4096       # (beyond this, the display would be a program of its own: refused)


def expanded_iteration(lowering, it: ast.expr) -> ast.expr | None:
    """The tuple display ``it`` (an itertools call) iterates over, or None if ``it`` is no such
    call. Refused, located, where the tuples are known only at run time."""
    if not isinstance(it, ast.Call):
        return None
    callee = lowering._resolve(it.func) if isinstance(it.func, (ast.Name, ast.Attribute)) else MISSING
    if callee is MISSING or not any(callee is f for f in _FUNCTIONS):
        return None
    name = f"itertools.{callee.__name__}"
    count_name = _FUNCTIONS[callee]
    sequences, count = list(it.args), None
    if callee is not itertools.product and len(sequences) == 2:
        count = _constant_int(sequences.pop())
        if count is None:
            _refuse(lowering, it, f"`{name}` with `{count_name}` computed", f"write `{count_name}` as a number")
    for keyword in it.keywords:
        if keyword.arg != count_name or (count := _constant_int(keyword.value)) is None:
            _refuse(lowering, keyword.value, f"`{name}` with the keyword `{keyword.arg}=` not a number",
                    f"pass the sequences positionally and `{count_name}=` as a number")
    if not sequences or (callee is not itertools.product and len(sequences) != 1) \
            or any(isinstance(s, ast.Starred) for s in sequences):
        _refuse(lowering, it, f"this form of `{name}(...)`", "pass the sequence(s) positionally")
    items = [_items(lowering, s, name) for s in sequences]
    if callee is itertools.product:
        tuples = list(itertools.islice(itertools.product(*items, repeat=1 if count is None else count), MAX_TUPLES + 1))
    else:
        tuples = list(itertools.islice(callee(items[0], count), MAX_TUPLES + 1))
    if len(tuples) > MAX_TUPLES:
        _refuse(lowering, it, f"`{ast.unparse(it)}`, more than {MAX_TUPLES} tuples",
                "loop over the indices with nested `for` loops")
    display = ast.Tuple(elts=[ast.Tuple(elts=list(t), ctx=ast.Load()) for t in tuples], ctx=ast.Load())
    return ast.fix_missing_locations(ast.copy_location(display, it))


def _items(lowering, node: ast.expr, name: str) -> list[ast.expr]:
    """The items of one sequence ``node`` as expressions, in order."""
    if isinstance(node, ast.Call) and lowering._resolve(node.func) is range and not node.keywords:
        bounds = [_constant_int(a) for a in node.args]
        if None in bounds or not 1 <= len(bounds) <= 3:
            _refuse(lowering, node, f"`{name}` over `{ast.unparse(node)}`, a range whose bounds are computed",
                    "write the bounds as numbers, or loop over the indices with nested `for` loops")
        return [ast.Constant(k) for k in range(*bounds)]
    if isinstance(node, (ast.List, ast.Tuple)):
        if not all(_plain(e) for e in node.elts):
            _refuse(lowering, node, f"`{name}` over a display computing its items (each would be computed again "
                    "for every tuple it is in)", "bind each item to a name first: `sq = x ** 2`, then `[x, sq]`")
        return list(node.elts)
    if isinstance(node, ast.Name):
        length = lowering._known_length(lowering._expr(node))
        if length is not None:
            return [ast.Subscript(value=ast.Name(id=node.id, ctx=ast.Load()), slice=ast.Constant(k), ctx=ast.Load())
                    for k in range(length)]
    _refuse(lowering, node, f"`{name}` over `{ast.unparse(node)}`, whose length is known only at run time "
            "(an argument, or a list: it may grow)", "make it a tuple of names (`ws = (w0, w1, w2)`), or loop over "
            "the indices with nested `for` loops (`for i in range(n): for j in range(i + 1, n):`)")
    return []


def _constant_int(node: ast.expr) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _constant_int(node.operand)
        return None if value is None else -value
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def _plain(node: ast.expr) -> bool:
    """A name, a constant, or an attribute or constant index of one: reading it computes nothing."""
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Attribute):
        return _plain(node.value)
    return isinstance(node, ast.Subscript) and _plain(node.value) and isinstance(node.slice, ast.Constant)


def _refuse(lowering, node: ast.AST, construct: str, hint: str) -> Any:
    lowering._unsupported(node, construct, hint)
