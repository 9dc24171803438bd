"""``collections.deque`` used as a queue, as a list.

A deque the function makes without ``maxlen`` (``line = deque(excitation)``, ``deque()``) holds
the same items in the same order as ``list(excitation)`` would: its ``popleft()`` is the list's
``pop(0)`` and its ``appendleft(v)`` the list's ``insert(0, v)``, while ``append``, ``pop()``,
``extend``, ``line[0]``, ``len`` and iteration are the list's own. So the function's tree is
rewritten before it is lowered (a Karplus-Strong delay line, tests/realworld/karplus_strong_pluck.py).
Only a name every binding of which in the function is such a call is rewritten. A deque with
``maxlen`` drops items as it grows: it is refused where it is made (its ``append`` was taken for
a list's, a silent wrong gradient: every item appended got the adjoint of the ones kept).
"""
from __future__ import annotations

import ast
import collections

from ..errors import UnsupportedSyntaxError
from ..ir.code import all_nodes

_LEFT_METHODS = {"popleft": "pop", "appendleft": "insert"}


def deques_as_lists(parsed) -> None:
    """Rewrite ``parsed.tree``'s deques made without ``maxlen`` as lists (module docstring); refuse
    one made with it."""
    if not any(type(n) is ast.Call and _is_deque(parsed, n.func) for n in all_nodes(parsed.tree)):
        return          # (most functions: one walk of the tree that ``ast.walk`` takes several times as long for)
    calls = [n for n in ast.walk(parsed.tree) if isinstance(n, ast.Call) and _is_deque(parsed, n.func)]
    bounded = next((n for n in calls if len(n.args) > 1 or n.keywords), None)
    if bounded is not None:
        raise UnsupportedSyntaxError(
            f"`{ast.unparse(bounded)}`: a deque with `maxlen` drops items from its other end as it grows, "
            "which the compiler does not follow (its `append` would be taken for a list's)", parsed.location(bounded),
            hint="keep a list and cut it yourself (`window.append(v); window = window[-n:]`)")
    made = [n for n in ast.walk(parsed.tree) if isinstance(n, ast.Assign) and len(n.targets) == 1
            and isinstance(n.targets[0], ast.Name) and _plain_deque(parsed, n.value)]
    names = {n.targets[0].id for n in made if _bound_only_by(parsed.tree, n.targets[0].id, made)}
    if not names:
        return
    _refuse_type_tests(parsed, names)
    for assign in made:
        if assign.targets[0].id in names:
            assign.value = _as_list(assign.value)
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _LEFT_METHODS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in names:
            _left_end(node)


def _plain_deque(parsed, node: ast.expr) -> bool:
    """``deque()`` or ``deque(xs)`` (no ``maxlen``), ``deque`` being ``collections.deque``."""
    return (isinstance(node, ast.Call) and len(node.args) <= 1 and not node.keywords
            and not any(isinstance(a, ast.Starred) for a in node.args) and _is_deque(parsed, node.func))


def _is_deque(parsed, func: ast.expr) -> bool:
    """Is ``func`` (``deque``, ``collections.deque``) the library's ``collections.deque``?"""
    if isinstance(func, ast.Attribute) and func.attr != "deque":
        return False            # (most calls: no lookup; a plain name is looked up: `deque as dq`)
    try:
        if isinstance(func, ast.Name):
            return parsed.lookup(func.id) is collections.deque
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            return getattr(parsed.lookup(func.value.id), func.attr, None) is collections.deque
    except Exception:       # (a name the resolver does not know: not the library's deque)
        return False
    return False


def _bound_only_by(tree: ast.AST, name: str, made: list) -> bool:
    """Is ``name`` bound in the function by the ``made`` assignments only (no parameter, other
    assignment, loop target, ``del``, ``global`` or ``nonlocal``)?"""
    ours = {id(n.targets[0]) for n in made}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load) and id(node) not in ours:
            return False
        if isinstance(node, ast.arg) and node.arg == name or \
                isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return False
    return True


def _as_list(call: ast.Call) -> ast.expr:
    if not call.args:
        return ast.copy_location(ast.List(elts=[], ctx=ast.Load()), call)
    return ast.copy_location(ast.Call(func=ast.copy_location(ast.Name(id="list", ctx=ast.Load()), call.func),
                                      args=call.args, keywords=[]), call)


def _left_end(call: ast.Call) -> None:
    """``q.popleft()`` -> ``q.pop(0)``; ``q.appendleft(v)`` -> ``q.insert(0, v)`` (in place)."""
    zero = ast.copy_location(ast.Constant(0), call)
    call.args = [zero, *call.args]
    call.func.attr = _LEFT_METHODS[call.func.attr]


def _refuse_type_tests(parsed, names: set) -> None:
    """``isinstance(q, list)`` or ``type(q)`` of a deque rewritten as a list would be the list's
    answer, not the deque's (a wrong branch): refused where it is written."""
    for node in ast.walk(parsed.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("isinstance", "type") \
                and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in names:
            raise UnsupportedSyntaxError(
                f"`{ast.unparse(node)}` of a deque: the compiler keeps a deque made in the function as a list",
                parsed.location(node), hint="test what the deque holds, not its class (it is always a deque here)")

