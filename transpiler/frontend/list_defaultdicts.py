"""``groups = collections.defaultdict(list)`` made in the function (grouping code: then
``groups[label].append(x)``, then ``np.array(g)`` or ``sum(g)`` per group).

The dict is lowered as ``{}``, its object remembered (by its identity, which the dict's updates
keep: containers.py ``lists``), and each read ``groups[k]`` of it is what ``defaultdict``'s
``__getitem__`` does: ``if k not in groups: groups[k] = []`` first (the key evaluated once),
then the read, so a key read before any append is there afterwards, as in Python.
``groups[k].append(v)`` and ``groups[k] += [v]`` insert first the same way (item_appends.py). The dict
is a plain dict from there on: handed to a helper or returned, a read of a missing key there
raises ``KeyError`` where Python's would insert ``[]``; ``.default_factory`` does not exist."""
from __future__ import annotations

import ast
import collections

from ..ir import Var


def list_defaults(lowering) -> set:
    """The identities of the dicts made by ``defaultdict(list)`` in this lowering."""
    return lowering.__dict__.setdefault("_list_defaults", set())


def lowered_list_defaultdict(lowering, stmt: ast.Assign) -> bool:
    """Lower ``name = defaultdict(list)`` (``collections.defaultdict``): True, or False (nothing
    lowered) for any other statement."""
    value, target = stmt.value, stmt.targets[0]
    if not (isinstance(target, ast.Name) and isinstance(value, ast.Call) and len(value.args) == 1
            and not value.keywords and not isinstance(value.args[0], ast.Starred)
            and lowering._resolve(value.func) is collections.defaultdict and lowering._resolve(value.args[0]) is list):
        return False
    lowering._assign(target, ast.copy_location(ast.Dict(keys=[], values=[]), value))
    made = lowering.env[target.id]
    if not (isinstance(made, Var) and lowering.lists.get(made)):
        lowering._unsupported(value, "this `defaultdict(list)`",
                              "build a dict and write `d.setdefault(k, []).append(v)`")
    list_defaults(lowering).update(lowering.lists[made])
    return True


def is_list_default(lowering, value) -> bool:
    """Is ``value`` a dict ``defaultdict(list)`` made, on every path?"""
    identity = lowering.lists.get(value) if isinstance(value, Var) else None
    return bool(identity) and identity <= list_defaults(lowering)


def inserted_read(lowering, node: ast.Subscript, value, name: str | None):
    """``groups[k]`` (``node``, ``value`` what ``groups`` holds) of a ``defaultdict(list)``: its
    ``[]`` stored at ``k`` first where ``k`` is missing, then read; None for any other read."""
    if getattr(node, "present", False) or not isinstance(node.ctx, ast.Load) or not isinstance(node.value, ast.Name) \
            or isinstance(node.slice, ast.Slice) or not is_list_default(lowering, value):
        return None
    key = inserted(lowering, node, node.value.id, node.slice)
    read = ast.copy_location(ast.Subscript(value=ast.Name(id=node.value.id, ctx=ast.Load()), slice=key,
                                           ctx=ast.Load()), node)
    read.present = True
    return lowering._expr(ast.fix_missing_locations(read), name)


def inserted_before_update(lowering, stmt: ast.AugAssign) -> ast.AugAssign:
    """``groups[k] op= v`` of a ``defaultdict(list)``: ``[]`` stored at ``k`` first where ``k`` is
    missing, then the statement on that key (read and written there); any other ``stmt`` itself."""
    target = stmt.target
    if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
            and not isinstance(target.slice, ast.Slice) and not getattr(target, "present", False)
            and is_list_default(lowering, lowering.env.get(target.value.id))):
        return stmt
    key = inserted(lowering, stmt, target.value.id, target.slice)
    present = ast.copy_location(ast.Subscript(value=target.value, slice=key, ctx=ast.Store()), target)
    present.present = True
    return ast.copy_location(ast.AugAssign(target=present, op=stmt.op, value=stmt.value), stmt)


def inserted(lowering, node: ast.AST, dict_name: str, key: ast.expr) -> ast.expr:
    """Lower ``if key not in d: d[key] = []`` at ``node`` (the key bound to a new name first
    where it is an expression); the key's expression to read ``d`` at."""
    if not isinstance(key, (ast.Constant, ast.Name)):
        temp = lowering.names.invent("_key")
        lowering._statement(ast.fix_missing_locations(ast.copy_location(
            ast.Assign(targets=[ast.Name(id=temp, ctx=ast.Store())], value=key), node)))
        key = ast.Name(id=temp, ctx=ast.Load())
    store = ast.Subscript(value=ast.Name(id=dict_name, ctx=ast.Load()), slice=key, ctx=ast.Store())
    test = ast.Compare(left=key, ops=[ast.NotIn()], comparators=[ast.Name(id=dict_name, ctx=ast.Load())])
    missing = ast.If(test=test, body=[ast.Assign(targets=[store], value=ast.List(elts=[], ctx=ast.Load()))], orelse=[])
    lowering._statement(ast.fix_missing_locations(ast.copy_location(missing, node)))
    return key
