"""``c[k].append(v)`` on a list held by a list or dict of the function's (grouping code:
``groups[label].append(x)``, ``rows[i].append(v)``), and ``d.setdefault(k, []).append(v)``.

Python changes the inner list in place. The lowering gives it the meaning of ``c[k] += [v]``
(assignments.py ``_augmented_item``): the container is rebound with that entry replaced by the
longer list, the generated code checks at run time that no other entry of ``c`` is the same list
(``alone_in``: ``[[]] * 2`` repeats one list), and every other name for the inner list
(``a = c[k]`` read before) becomes stale, as after any write through an alias. Where the item
is not known to be a list while lowering (``{0: [], 1: []}`` read at a key known at run time),
the generated code checks that it is one first (``a_list``): on an array ``+= [v]`` would add
where Python raises ``AttributeError``. A container that is not the function's own list or
dict keeps the refusal of a method the compiler does not follow (analysis/opaque_calls.py).

``d.setdefault(k, default).append(v)`` is ``d.setdefault(k, default)`` (dict_setdefault.py)
then ``d[k].append(v)``, the key evaluated once; so is ``groups[k].append(v)`` of a
``defaultdict(list)`` (list_defaultdicts.py)."""
from __future__ import annotations

import ast
import copy
import os

from ..ir import Const, Effect
from ..primitives import chained_writes
from .list_defaultdicts import inserted, is_list_default


def lower_item_append(lowering, stmt: ast.Expr) -> bool:
    """Lower ``stmt`` where it is ``c[k].append(v)`` on a list item, or
    ``d.setdefault(k, default).append(v)``: True, or False (nothing lowered) otherwise."""
    call = stmt.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append"
            and len(call.args) == 1 and not call.keywords and not isinstance(call.args[0], ast.Starred)):
        return False
    receiver = call.func.value
    if _is_setdefault(lowering, receiver):
        return _setdefault_append(lowering, stmt, receiver, call.args[0])
    if isinstance(receiver, ast.Subscript) and isinstance(receiver.value, ast.Name) \
            and not getattr(receiver, "present", False) and not isinstance(receiver.slice, ast.Slice) \
            and is_list_default(lowering, lowering.env.get(receiver.value.id)):
        key = inserted(lowering, stmt, receiver.value.id, receiver.slice)     # (a defaultdict(list)'s)
        receiver = ast.copy_location(ast.Subscript(value=receiver.value, slice=key, ctx=ast.Load()), receiver)
        receiver.present = True
    if not isinstance(receiver, ast.Subscript) or not _a_container_of_lists(lowering, receiver):
        return False
    target = copy.deepcopy(receiver)
    target.ctx = ast.Store()
    appended = ast.List(elts=[call.args[0]], ctx=ast.Load())
    augmented = ast.AugAssign(target=target, op=ast.Add(), value=appended)
    augmented = ast.fix_missing_locations(ast.copy_location(augmented, stmt))
    value = ast.copy_location(ast.BinOp(left=receiver, op=ast.Add(), right=appended), stmt)
    return lowering._augmented_item(augmented, value)


def _a_container_of_lists(lowering, item: ast.Subscript) -> bool:
    """Is ``item`` ``c[k]`` (no slice) of a list or dict ``c`` of the function's? Its value is
    then checked to be a list, at run time where it is not known while lowering (``a_list``)."""
    container = lowering.env.get(lowering._env_key(item.value)) if isinstance(item.value, ast.Name) else None
    if container not in lowering.lists or any(isinstance(n, ast.Slice) for n in ast.walk(item.slice)):
        return False
    value = lowering._expr(item)
    if value not in lowering.lists:
        where = lowering.parsed.location(item)
        label = Const(f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}")
        lowering.body.append(Effect(chained_writes.A_LIST, (value, label), where))
    return True


def _is_setdefault(lowering, receiver: ast.expr) -> bool:
    return (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute)
            and receiver.func.attr == "setdefault" and isinstance(receiver.func.value, ast.Name)
            and len(receiver.args) == 2 and not receiver.keywords
            and not any(isinstance(a, ast.Starred) for a in receiver.args)
            and lowering.env.get(receiver.func.value.id) in lowering.lists)


def _setdefault_append(lowering, stmt: ast.Expr, receiver: ast.Call, value: ast.expr) -> bool:
    """``d.setdefault(key, default).append(value)``: the key bound to a new name where it is an
    expression, ``d.setdefault(key, default)``, then ``d[key].append(value)``."""
    key, default = receiver.args
    if not isinstance(key, (ast.Constant, ast.Name)):
        name = lowering.names.invent("_key")
        lowering._statement(ast.fix_missing_locations(ast.copy_location(
            ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=key), stmt)))
        key = ast.Name(id=name, ctx=ast.Load())
    setdefault = ast.Call(func=receiver.func, args=[key, default], keywords=[])
    lowering._statement(ast.fix_missing_locations(ast.copy_location(ast.Expr(value=setdefault), stmt)))
    item = ast.Subscript(value=ast.Name(id=receiver.func.value.id, ctx=ast.Load()), slice=key, ctx=ast.Load())
    append = ast.Call(func=ast.Attribute(value=item, attr="append", ctx=ast.Load()), args=[value], keywords=[])
    appended = ast.fix_missing_locations(ast.copy_location(ast.Expr(value=append), stmt))
    if not lower_item_append(lowering, appended):
        lowering._discarded(appended)       # (an item not known to be a list: refused as before, located)
    return True
