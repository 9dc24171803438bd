"""A tuple carried through a loop, rebound there only to tuple displays of its length:
``s = (1.0, 0.0)`` then ``for _ in range(n): ...; s = (s[0] + dt * v, s[1] + dt * a)`` (a state
stepped by Runge-Kutta, ``a, b = s`` in a helper, a pair updated as one name).

A loop carries such a tuple as one value whose items it does not know: reverse mode refused it
(a tuple carried from one iteration to the next has its adjoint kept per item), and forward mode
spread each tangent to a shape found at run time. The loop is lowered instead with one name per
item, as Python would run it::

    s_0, s_1 = s
    for _ in range(n):
        ...                               # each read of `s` is the display `(s_0, s_1)`
        s_0, s_1 = (s[0] + dt * v, ...)   # (the display evaluated whole, then bound)
    s = (s_0, s_1)

Exact, because a tuple is immutable and nothing tells a tuple from an equal one built again
(short of ``is``, which no numerical code asks of a state), and only where that holds: the name's
value before the loop a tuple of that length (a display or a constant, not a NamedTuple, whose
fields a read after the loop would miss), every binding of it in the loop (nested loops and
branches included) an assignment of a display of that length to it alone, no ``del``, ``+=``,
loop target or ``:=`` of it, no function defined in the loop reading it, and no ``return`` or
``yield`` in the loop. Anything else is lowered as before.

A tuple begun as ``None`` before the loop (``state = None``, then ``if state is None: state = (a,
b)`` in it, or ``state = (v,) if state is None else (state[0] + v,)``) is split the same way with
one more name, whether it is still ``None``: ``state is None`` reads that flag, each binding clears
it (``s_0, s_1, s_none = (a, b, False)``), and after the loop ``state = None if s_none else (s_0,
s_1)``. Only where the loop reads ``state`` in no other way than ``state is None``, ``state is not
None`` and ``state[k]`` (``k`` an integer constant): another read (``if state:``, a helper given
it) would tell ``None`` from the items."""
from __future__ import annotations

import ast
import copy

from ..ir.nodes import Const
from . import aliasing
from .dict_loops import walk_outside_scopes
from .records import record_fields


def lowered_with_items_apart(lowering, node: ast.For | ast.While) -> bool:
    """Lower the loop ``node`` with the items of each tuple it carries (see the module's
    docstring) as names of their own; False (nothing lowered) where no tuple qualifies."""
    inside = list(walk_outside_scopes(node))
    if any(isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)) for n in inside):
        return False
    split, flags = {}, {}
    for name, length in _rebound_to_displays(inside).items():
        if _occurrences(node, name) != _occurrences_outside_scopes(inside, name):
            continue
        if length == _length_before(lowering, name):
            split[name] = [lowering.names.invent(f"{name}_{i}") for i in range(length)]
        elif _none_before(lowering, name) and _read_as_items_or_tested(inside, name):
            split[name] = [lowering.names.invent(f"{name}_{i}") for i in range(length)]
            flags[name] = lowering.names.invent(f"{name}_none")
    if not split:
        return False
    loop = _Apart(split, flags).visit(copy.deepcopy(node))
    before = [_assign(_names(items, ast.Store), ast.Name(id=name, ctx=ast.Load()), node)
              for name, items in split.items() if name not in flags]
    before += [_assign(_names([*split[name], flag], ast.Store), ast.Tuple(
        elts=[*(ast.Constant(None) for _ in split[name]), ast.Constant(True)], ctx=ast.Load()), node)
        for name, flag in flags.items()]
    after = [_assign(ast.Name(id=name, ctx=ast.Store()), _after(items, flags.get(name)), node)
             for name, items in split.items()]
    lowering._block([*before, ast.fix_missing_locations(loop), *after])
    return True


def _none_before(lowering, name: str) -> bool:
    """Does ``name`` hold ``None`` before the loop?"""
    return name in lowering.env and aliasing.value_of(lowering.env[name]) == Const(None)


def _read_as_items_or_tested(inside: list, name: str) -> bool:
    """Is every read of ``name`` in the loop ``name is None``, ``name is not None`` or
    ``name[k]`` (``k`` an integer constant)?"""
    allowed = set()
    for n in inside:
        if isinstance(n, ast.Compare) and _is_none_test(n, name):
            allowed.add(id(n.left))
        elif isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == name \
                and isinstance(n.ctx, ast.Load) and isinstance(n.slice, ast.Constant) and type(n.slice.value) is int:
            allowed.add(id(n.value))
    return all(id(n) in allowed for n in inside if isinstance(n, ast.Name) and n.id == name
               and isinstance(n.ctx, ast.Load))


def _is_none_test(node: ast.Compare, name: str) -> bool:
    return (isinstance(node.left, ast.Name) and node.left.id == name and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.Is, ast.IsNot)) and isinstance(node.comparators[0], ast.Constant)
            and node.comparators[0].value is None)


def _after(items: list, flag: str | None) -> ast.expr:
    """The tuple's value after the loop: its items' display (``None`` while the flag is set)."""
    whole = _names(items, ast.Load)
    if flag is None:
        return whole
    return ast.IfExp(test=ast.Name(id=flag, ctx=ast.Load()), body=ast.Constant(None), orelse=whole)


def _rebound_to_displays(inside: list) -> dict[str, int]:
    """Name -> the length of the tuple displays it is bound to in the loop, for the names every
    binding of which there is ``name = (a, b, ...)`` (no starred item)."""
    lengths: dict[str, set] = {}
    allowed = set()
    for n in inside:
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and _display_lengths(n.value):
            lengths.setdefault(n.targets[0].id, set()).update(_display_lengths(n.value))
            allowed.add(id(n.targets[0]))
    other = {n.id for n in inside if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and id(n) not in allowed}
    return {name: next(iter(found)) for name, found in lengths.items() if len(found) == 1 and name not in other}


def _display_lengths(value: ast.expr) -> set:
    """The lengths of the tuple displays (no starred item) ``value`` is, one of which a
    conditional expression picks (``(v,) if state is None else (state[0] + v,)``); empty where
    it may be anything else."""
    if isinstance(value, ast.IfExp):
        body, orelse = _display_lengths(value.body), _display_lengths(value.orelse)
        return body | orelse if body and orelse else set()
    if isinstance(value, ast.Tuple) and not any(isinstance(e, ast.Starred) for e in value.elts):
        return {len(value.elts)}
    return set()


def _with_item(value: ast.expr, item: ast.expr) -> ast.expr:
    """The tuple display ``value`` (each one a conditional expression picks) with ``item`` last."""
    if isinstance(value, ast.IfExp):
        return ast.copy_location(ast.IfExp(test=value.test, body=_with_item(value.body, item),
                                           orelse=_with_item(value.orelse, item)), value)
    return ast.copy_location(ast.Tuple(elts=[*value.elts, item], ctx=ast.Load()), value)


def _length_before(lowering, name: str) -> int | None:
    """The length of the tuple ``name`` holds before the loop, where the compiler knows its items
    (a constant or a display; not a NamedTuple); else None."""
    if name not in lowering.env:
        return None
    value = aliasing.value_of(lowering.env[name])
    if isinstance(value, Const):
        return len(value.value) if type(value.value) is tuple else None
    items = lowering.displays.get(value)
    if not isinstance(items, tuple) or value in record_fields(lowering):
        return None
    return len(items)


def _occurrences(node: ast.AST, name: str) -> int:
    """Every occurrence of ``name`` in ``node``, nested functions and lambdas included."""
    return sum(1 for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == name)


def _occurrences_outside_scopes(inside: list, name: str) -> int:
    return sum(1 for n in inside if isinstance(n, ast.Name) and n.id == name)


class _Apart(ast.NodeTransformer):
    """A read of a split name -> the display of its items' names; a binding -> the items' names
    bound together (outside nested scopes, which read none: checked)."""

    def __init__(self, split: dict, flags: dict):
        self.split, self.flags = split, flags

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        target = node.targets[0]
        node = self.generic_visit(node)
        if len(node.targets) == 1 and isinstance(target, ast.Name) and target.id in self.split:
            names = self.split[target.id]
            if target.id in self.flags:        # (s_0, s_1, s_none = (a, b, False))
                names = [*names, self.flags[target.id]]
                node.value = _with_item(node.value, ast.Constant(False))
            node.targets = [ast.copy_location(_names(names, ast.Store), target)]
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        """``s is None`` of a tuple begun as ``None``: its flag (``not`` it for ``is not``)."""
        if isinstance(node.left, ast.Name) and node.left.id in self.flags and _is_none_test(node, node.left.id):
            flag = ast.Name(id=self.flags[node.left.id], ctx=ast.Load())
            test = flag if isinstance(node.ops[0], ast.Is) else ast.UnaryOp(op=ast.Not(), operand=flag)
            return ast.copy_location(test, node)
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if isinstance(node.ctx, ast.Load) and node.id in self.split:
            return ast.copy_location(_names(self.split[node.id], ast.Load), node)
        return node

    def visit_FunctionDef(self, node):
        return node

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef


def _names(names: list, ctx) -> ast.Tuple:
    return ast.Tuple(elts=[ast.Name(id=n, ctx=ctx()) for n in names], ctx=ctx())


def _assign(target: ast.expr, value: ast.expr, like: ast.AST) -> ast.stmt:
    return ast.fix_missing_locations(ast.copy_location(ast.Assign(targets=[target], value=value), like))
