"""``next(iter(xs))``, ``next(iter(d.values()), default)`` and ``next((v for v in xs if c), default)``:
the first item of a sequence, or of the items a generator expression gives, read where it is made.

``iter`` and ``next`` have no rule, so with a differentiated value inside they were refused. An
iterator made and read at once is the sequence's first item (a dict's first key, as a ``for``
reads it; the first entry of ``d.values()``), or ``default`` where there is none: lowered as
``items[0]`` or ``items[0] if len(items) > 0 else default``. A generator expression is lowered as
the list comprehension of the same items, of which the first is read: Python computes the items
up to the first one only, so an item expression must compute no effect (a call of your own that
prints, draws or counts runs once per item here). With no item and no default Python raises
StopIteration; here reading ``items[0]`` raises IndexError."""
from __future__ import annotations

import ast
import builtins

from ..ir import Atom, Const


def first_item(lowering, node: ast.Call) -> Atom | None:
    """``next(iter(seq)[, default])`` or ``next(<generator expression>[, default])`` (module
    docstring); None for any other call of ``next`` (``next(it)`` of an iterator a call made)."""
    if node.keywords or not 1 <= len(node.args) <= 2 or any(isinstance(a, ast.Starred) for a in node.args):
        return None
    source = node.args[0]
    default = node.args[1] if len(node.args) == 2 else None
    if isinstance(source, ast.GeneratorExp):
        listed = ast.copy_location(ast.ListComp(elt=source.elt, generators=source.generators), source)
        items = lowering._comprehension(listed)
    elif _is_iter_of_one(lowering, source):
        items = lowering._iterable(lowering._arg(source.args[0]), source.args[0])
    else:
        return None
    if default is None:
        return lowering._item_at(node, items, Const(0))
    with lowering._holding() as hold:
        held = hold(items, source)
        test = ast.Compare(left=ast.Call(func=ast.Name(id="len", ctx=ast.Load()), args=[held], keywords=[]),
                           ops=[ast.Gt()], comparators=[ast.Constant(0)])
        first = ast.Subscript(value=held, slice=ast.Constant(0), ctx=ast.Load())
        chosen = ast.IfExp(test=test, body=first, orelse=default)
        return lowering._expr(ast.fix_missing_locations(ast.copy_location(chosen, node)))


def _is_iter_of_one(lowering, node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords
            and not isinstance(node.args[0], ast.Starred) and lowering._resolve(node.func) is builtins.iter)
