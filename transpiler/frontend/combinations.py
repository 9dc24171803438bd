"""``for i, j in itertools.combinations(range(n), 2):``, ``itertools.product(weights, repeat=2)``,
``itertools.permutations(layers)``, ``itertools.pairwise(xs)``: loops over the tuples itertools
would make.

Where which tuples those are is known while compiling (a ``range`` of constant bounds, a list or
tuple display of names and constants, a tuple bound to a name; constant ``r`` and ``repeat``), the
call is replaced by the tuple display of those tuples, each element written as the item it is
(``0``, ``ws[1]``): ``((ws[0], ws[1]), (ws[0], ws[2]), ...)``. Python's loop then iterates over
the very same items in the very same order, and the loop over a display is one lowering already
compiles. An item computed in the display (``[x, x ** 2]``) is refused: written once per tuple,
it would be computed again each time (a random draw, drawn again).

Where the length is known only at run time (``itertools.combinations(positions, 2)`` of an
argument, ``range(len(x))``), the loop becomes nested loops over indices, the same tuples in the
same order: each sequence evaluated once, ``for _k0 in range(len(_seq0)): for _k1 in range(_k0 + 1,
len(_seq0)):`` binding the target to ``(_seq0[_k0], _seq0[_k1])`` (permutations skip repeated
indices, ``product`` nests one loop per sequence, ``pairwise`` reads ``_seq0[_k0 + 1]``). Every
loop made tests the flag a ``break`` sets (frontend/jumps.py), so a ``break`` leaves them all
(and a loop's ``else:`` is code after it by then).

``for v in iter(xs):`` is ``for v in xs:``, as Python iterates it. ``for idx, v in np.ndenumerate(a):`` is the loop over ``np.ndindex(np.shape(a))`` reading
``v = a[idx]``: the element's derivative is ``a``'s (NumPy's iterator has no rule)."""
from __future__ import annotations

import ast
import copy
import itertools
from typing import Any

import numpy as np

from .jumps import EXIT_FLAG
from .source import MISSING

_FUNCTIONS = {itertools.combinations: "r", itertools.permutations: "r", itertools.product: "repeat",
              itertools.combinations_with_replacement: "r"}
MAX_TUPLES = 4096       # (beyond this, the display would be a program of its own: refused)


class _RunTimeLength(Exception):
    """A sequence whose length only the run tells: the loop is written over indices instead."""


def expanded_iteration(lowering, node: ast.For) -> ast.For | list[ast.stmt] | None:
    """``node``, a ``for`` loop over an itertools call, as the loop over the tuple display of
    its tuples, or as nested loops over indices where their number is known only at run time;
    None if ``node`` iterates over no such call."""
    it = node.iter
    if not isinstance(it, ast.Call):
        return None
    callee = lowering._resolve(it.func) if isinstance(it.func, (ast.Name, ast.Attribute)) else MISSING
    if callee is iter and len(it.args) == 1 and not it.keywords and not isinstance(it.args[0], ast.Starred):
        return _exiting_like(node, ast.copy_location(ast.For(target=node.target, iter=it.args[0], body=node.body,
                                                             orelse=node.orelse), node))   # for v in iter(xs)
    if callee is np.ndenumerate:
        return _exiting_like(node, _over_indices(lowering, node, it))
    if callee is itertools.pairwise and len(it.args) == 1 and not it.keywords:
        return _index_loops(lowering, node, callee, it.args, 2)
    if callee is MISSING or not any(callee is f for f in _FUNCTIONS):
        return None
    try:
        tuples = _tuples(lowering, it, callee)
    except _RunTimeLength:
        sequences, count = _arguments(lowering, it, callee)
        return _index_loops(lowering, node, callee, sequences, count)
    return _exiting_like(node, ast.copy_location(ast.For(target=node.target, iter=tuples, body=node.body,
                                                         orelse=node.orelse), node))


def _over_indices(lowering, node: ast.For, it: ast.Call) -> ast.For:
    """``for idx, v in np.ndenumerate(a):`` as ``for _index in np.ndindex(np.shape(a)): idx =
    _index; v = a[_index]``: each element read from ``a`` where NumPy's iterator reads it, so its
    derivative is ``a``'s (the iterator itself is a call with no rule)."""
    target = node.target
    if len(it.args) != 1 or it.keywords or not isinstance(it.args[0], ast.Name) or not isinstance(it.func, ast.Attribute) \
            or not (isinstance(target, ast.Tuple) and len(target.elts) == 2):
        _refuse(lowering, it, f"this form of `{ast.unparse(it)}`",
                "bind the array to a name and unpack the pairs: `for idx, v in np.ndenumerate(a):`")
    index = ast.Name(id=lowering.names.invent("_index"), ctx=ast.Load())
    numpy = it.func.value                       # (the module as the user names it: `np`)
    shape = ast.Call(func=ast.Attribute(value=copy.deepcopy(numpy), attr="shape", ctx=ast.Load()),
                     args=[it.args[0]], keywords=[])
    indices = ast.Call(func=ast.Attribute(value=copy.deepcopy(numpy), attr="ndindex", ctx=ast.Load()),
                       args=[shape], keywords=[])
    bind = [ast.Assign(targets=[target.elts[0]], value=index),
            ast.Assign(targets=[target.elts[1]], value=ast.Subscript(value=it.args[0], slice=index, ctx=ast.Load()))]
    loop = ast.For(target=ast.Name(id=index.id, ctx=ast.Store()), iter=indices, body=bind + node.body, orelse=node.orelse)
    return ast.fix_missing_locations(ast.copy_location(loop, node))


def _exiting_like(node: ast.For, loop: ast.For) -> ast.For:
    """``loop`` exiting where ``node`` does: a ``break`` in the body is a flag by now (jumps.py),
    which the loop made in its place must test too (it was lost: the loop ran on)."""
    if hasattr(node, EXIT_FLAG):
        setattr(loop, EXIT_FLAG, getattr(node, EXIT_FLAG))
    return loop


def _arguments(lowering, it: ast.Call, callee) -> tuple[list[ast.expr], int | None]:
    """The sequences an itertools call is given, and its constant ``r`` / ``repeat`` (None: absent)."""
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
    return sequences, count


def _tuples(lowering, it: ast.Call, callee) -> ast.Tuple:
    """The tuple display of the tuples the call makes (``_RunTimeLength`` where a sequence's
    length is known only at run time)."""
    name = f"itertools.{callee.__name__}"
    sequences, count = _arguments(lowering, it, callee)
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


def _index_loops(lowering, node: ast.For, callee, sequences: list[ast.expr], count: int | None) -> list[ast.stmt]:
    """``node`` as nested loops over indices: ``_seq0 = <sequence>`` for each sequence, then one
    ``for`` per position of the tuple, the target bound to the tuple of items read at those indices."""
    name = f"itertools.{callee.__name__}"
    if callee is itertools.product:
        width = len(sequences) * (1 if count is None else count)
    else:
        width = 2 if callee is itertools.pairwise else count
    if width is None:
        _refuse(lowering, node.iter, f"`{name}(...)` of a run-time length without `r=`", "give `r` as a number")
    where = f"{node.lineno}_{node.col_offset}"         # (an index loop inside another has names of its own)
    names = [f"_seq{i}_{where}" for i in range(len(sequences))]
    bound = [ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=s) for n, s in zip(names, sequences)]
    of = lambda k: names[k % len(names)]                               # noqa: E731
    index = lambda k: ast.Name(id=f"_k{k}_{where}", ctx=ast.Load())    # noqa: E731
    items = [ast.Subscript(value=ast.Name(id=of(k), ctx=ast.Load()), ctx=ast.Load(),
                           slice=ast.BinOp(index(0), ast.Add(), ast.Constant(1)) if callee is itertools.pairwise and k
                           else index(k)) for k in range(width)]
    body: list[ast.stmt] = [ast.Assign(targets=[node.target], value=ast.Tuple(elts=items, ctx=ast.Load())), *node.body]
    if callee is itertools.permutations and width > 1:
        distinct = [ast.Compare(index(k), [ast.NotEq()], [index(j)]) for k in range(width) for j in range(k)]
        body = [ast.If(test=ast.BoolOp(ast.And(), distinct) if len(distinct) > 1 else distinct[0], body=body, orelse=[])]
    for k in reversed(range(1 if callee is itertools.pairwise else width)):
        length = _call("len", ast.Name(id=of(k), ctx=ast.Load()))
        if callee is itertools.pairwise:
            bounds = [ast.BinOp(length, ast.Sub(), ast.Constant(1))]
        elif callee is itertools.combinations and k:
            bounds = [ast.BinOp(index(k - 1), ast.Add(), ast.Constant(1)), length]
        elif callee is itertools.combinations_with_replacement and k:
            bounds = [index(k - 1), length]
        else:
            bounds = [length]
        body = [_exiting_like(node, ast.For(target=ast.Name(id=f"_k{k}_{where}", ctx=ast.Store()),
                                            iter=_call("range", *bounds), body=body, orelse=[]))]
    return [ast.fix_missing_locations(ast.copy_location(stmt, node)) for stmt in bound + body]


def _call(function: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=function, ctx=ast.Load()), args=list(args), keywords=[])


def _items(lowering, node: ast.expr, name: str) -> list[ast.expr]:
    """The items of one sequence ``node`` as expressions, in order."""
    if isinstance(node, ast.Call) and lowering._resolve(node.func) is range and not node.keywords:
        bounds = [_constant_int(a) for a in node.args]
        if None in bounds or not 1 <= len(bounds) <= 3:
            raise _RunTimeLength
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
    raise _RunTimeLength


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
