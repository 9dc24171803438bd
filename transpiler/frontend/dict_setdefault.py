"""``d.setdefault(key, default)`` as a statement, and ``d.get(key, default)``, on a dict of the
function's whose keys are known only at run time (CS231n's update rules:
``config.setdefault('learning_rate', 1e-2)`` and ``config.get('velocity', np.zeros_like(w))``
on the config dict they are passed, one the solver keeps per parameter): what they mean,
``if key not in d: d[key] = default`` and ``d[key] if key in d else default``, with the default
evaluated first, as Python evaluates every argument before the call. Whether the key is there is then known
while lowering for a dict whose keys are (a display, ``dict(lr=...)``), or tested at run time;
the write is an item assignment like any other (a copy of the dict where it is not the
function's own, other names for it updated as after ``d[key] = v``)."""
from __future__ import annotations

import ast

from ..ir import Const, Var
from .parameter_classes import known_class


def lower_setdefault(lowering, stmt: ast.Expr) -> bool:
    """Lower ``d.setdefault(key[, default])`` (its value discarded) on a name ``d`` of the
    function's that names no object of a class: True, or False (nothing lowered) for any other
    statement."""
    node = stmt.value
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setdefault"
            and _may_be_a_dict(lowering, node.func.value) and not node.keywords
            and 1 <= len(node.args) <= 2 and not any(isinstance(a, ast.Starred) for a in node.args)):
        return False
    name = node.func.value.id
    key, default = node.args[0], node.args[1] if len(node.args) == 2 else ast.Constant(None)
    statements = []
    if not isinstance(key, (ast.Constant, ast.Name)):
        key = _bound(lowering, "_key", key, statements)
    if not isinstance(default, ast.Constant):
        default = _bound(lowering, "_default", default, statements)
    test = ast.Compare(left=key, ops=[ast.NotIn()], comparators=[ast.Name(id=name, ctx=ast.Load())])
    item = ast.Subscript(value=ast.Name(id=name, ctx=ast.Load()), slice=key, ctx=ast.Store())
    statements.append(ast.If(test=test, body=[ast.Assign(targets=[item], value=default)], orelse=[]))
    for statement in statements:
        lowering._statement(ast.fix_missing_locations(ast.copy_location(statement, stmt)))
    return True


def _may_be_a_dict(lowering, receiver: ast.expr) -> bool:
    """A name of the function's holding a value that may be a dict: not an object made in the
    function, and not a parameter's (or record's) object of a class of its own, whose own
    ``get`` / ``setdefault`` method is called instead."""
    if not (isinstance(receiver, ast.Name) and receiver.id in lowering.env) or lowering._local_object(receiver):
        return False
    value = lowering.env[receiver.id]
    if not isinstance(value, (Var, Const)) and not isinstance(getattr(value, "value", None), Var):
        return False
    cls = known_class(lowering, value)
    return cls is None or issubclass(cls, dict)


def _bound(lowering, stem: str, value: ast.expr, statements: list) -> ast.Name:
    """``value`` bound to a new name first (evaluated once, where Python evaluates it)."""
    temp = lowering.names.invent(stem)
    statements.append(ast.Assign(targets=[ast.Name(id=temp, ctx=ast.Store())], value=value))
    return ast.Name(id=temp, ctx=ast.Load())


def dict_get(lowering, node: ast.Call, name: str | None):
    """``d.get(key[, default])`` of a name ``d`` of the function's holding a dict whose entries
    are not known while lowering (those are read where they are: signatures.py), lowered as
    ``d[key] if key in d else default``; None for any other call."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "get" and _may_be_a_dict(lowering, func.value)
            and lowering._known_entries(node) is None and not node.keywords and 1 <= len(node.args) <= 2
            and not any(isinstance(a, ast.Starred) for a in node.args)):
        return None
    key, default = node.args[0], node.args[1] if len(node.args) == 2 else ast.Constant(None)
    if not isinstance(key, (ast.Constant, ast.Name)):
        key = _held(lowering, "_key", key)
    if not isinstance(default, ast.Constant):
        default = _held(lowering, "_default", default)
    d = ast.Name(id=func.value.id, ctx=ast.Load())
    read = ast.IfExp(test=ast.Compare(left=key, ops=[ast.In()], comparators=[d]),
                     body=ast.Subscript(value=d, slice=key, ctx=ast.Load()), orelse=default)
    return lowering._expr(ast.fix_missing_locations(ast.copy_location(read, node)), name)


def _held(lowering, stem: str, value: ast.expr) -> ast.Name:
    """``value`` lowered now and held by a new name."""
    temp = lowering.names.invent(stem)
    lowering.env[temp] = lowering._expr(value)
    return ast.copy_location(ast.Name(id=temp, ctx=ast.Load()), value)
