"""``state = update_state(state, a, delta)`` in a loop, where the helper changes the object's
attributes and returns the object it was given (PythonRobotics' path trackers): the name is
bound again to the same object each iteration, not to a new one, so the loop carries the
object's attributes as it does for ``update_state(state, a, delta)`` written without the
assignment (loops.py refused it as "each iteration would make another object")."""
from __future__ import annotations

import ast
import inspect
import types

from ..errors import SourceUnavailableError
from .source import parse_function


def rebound_to_itself(lowering, loop: ast.stmt, name: str) -> bool:
    """Is every binding of ``name`` in ``loop`` ``name = f(..., name, ...)`` with ``f`` a user
    function returning that very argument on every path?"""
    bindings = [n for n in ast.walk(loop) if _binds(n, name)]
    return bool(bindings) and all(_returns_its_argument(lowering, n, name) for n in bindings)


def _binds(node: ast.AST, name: str) -> bool:
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.withitem, ast.NamedExpr)):
        targets = node.targets if isinstance(node, ast.Assign) else [
            node.optional_vars if isinstance(node, ast.withitem) else node.target]
        return any(name in _names_bound(target) for target in targets if target is not None)
    return False


def _names_bound(target: ast.expr) -> set[str]:
    """The names a target binds (``a, (b, *c)``), not those whose attributes or items it writes."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_names_bound(t) for t in target.elts))
    return _names_bound(target.value) if isinstance(target, ast.Starred) else set()


def _returns_its_argument(lowering, node: ast.AST, name: str) -> bool:
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)):
        return False
    call = node.value
    if any(k.arg is None or isinstance(k.value, ast.Name) and k.value.id == name for k in call.keywords):
        return False                                    # (**opts, or the object passed by keyword)
    positions = [i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == name]
    if len(positions) != 1 or any(isinstance(a, ast.Starred) for a in call.args):
        return False
    function = lowering._resolve(call.func)
    if not isinstance(function, types.FunctionType) or hasattr(function, "__wrapped__") \
            or inspect.isgeneratorfunction(function):       # (a decorator's or a generator's result)
        return False
    try:
        tree = parse_function(function).tree
    except SourceUnavailableError:
        return False
    params = [a.arg for a in (*tree.args.posonlyargs, *tree.args.args)]
    if positions[0] >= len(params):
        return False
    parameter = params[positions[0]]
    returns = [n for n in ast.walk(tree) if isinstance(n, ast.Return)]
    ends_returning = bool(tree.body) and isinstance(tree.body[-1], ast.Return)
    return ends_returning and all(isinstance(r.value, ast.Name) and r.value.id == parameter for r in returns) \
        and not any(_binds(n, parameter) for n in ast.walk(tree))
