"""``grad(inner)(x)`` where ``inner`` is a lambda or nested ``def`` of the function being
differentiated: a step of gradient descent inside a loss (``w2 = w - lr * grad(loss)(w)``), a
force inside an energy, ``grad(lambda x: x * y ** 2)(1.0)``.

A nested gradient needs a function the derivative transforms can compile on their own
(frontend/nested.py). A lambda or nested ``def`` is made one by *lambda lifting*: the names it
reads from the enclosing function become parameters after its own, and the call passes their
values at the call, as Python's closure reads them then. ``grad(inner)(x)`` is lowered as
``grad(lifted)(x, *captured)``; the derivative with respect to a captured value (``y`` above,
a parameter of the enclosing function) comes through the lifted function's argument, as it
does for any argument of a nested gradient.

Only where that is exact: positional parameters alone (no defaults, ``*args``, keywords), no
``global``/``nonlocal``, no write into a captured object, and each captured value a number or
array (a function or list read from the enclosing function keeps the refusal). An object made in
the function, read only by attribute (``quad(lambda x: self.ad / self.bd - x / self.bd, 0, q)`` in
a method), passes each attribute read as a value of its own (``self_ad``, ``self_bd``)."""
from __future__ import annotations

import ast
import copy
import types

from ..ir import Atom, Const, Var
from . import source
from .generators import is_generator_function
from .passed_functions import changes_in_place, read_names
from .values import LocalObject, SourceFunction, declared_outer, local_names

_LIFTED: dict[tuple, types.FunctionType] = {}   # (file, position, source, captured) -> the lifted function


def lifted(lowering, fn: SourceFunction, call: ast.Call) -> tuple[types.FunctionType, list[Atom]] | None:
    """``fn`` lifted, and the values of the names it reads from the enclosing function (in the
    order of the lifted function's extra parameters), for ``call`` (``grad(fn)(*args)``, whose
    arguments are ``fn``'s own); None where lifting is not exact (the module's docstring)."""
    if call.keywords or len(call.args) != len(fn.node.args.args) or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    return lifted_at(lowering, fn, call)


def lifted_at(lowering, fn: SourceFunction, call: ast.AST) -> tuple[types.FunctionType, list[Atom]] | None:
    """``fn`` lifted and the values it captures, read where ``call`` is (a solver's call passing
    ``fn``: frontend/solver_calls.py); None where lifting is not exact."""
    tree, args = fn.node, fn.node.args
    if (args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs or args.defaults or fn.defaults
            or declared_outer(tree) or is_generator_function(tree)):
        return None
    enclosing = lowering._frame_env(fn.frame)
    captured, values = [], []
    for name in sorted(read_names(tree) - local_names(tree)):
        if name in enclosing:
            value = _loaded(lowering, fn, name, call)
            if isinstance(value, LocalObject) and (attributes := _attributes_read(tree, name)) is not None:
                tree = _attributes_as_names(tree, name, attributes)     # `self.ad` in a method's lambda
                pairs = [(f"{name}_{a}", enclosing.get(value.attribute_key(a))) for a in attributes]
            else:
                pairs = [(name, value)]
            for captured_name, captured_value in pairs:
                if not _argument_value(lowering, captured_value):
                    return None     # a function, an object, a list: not an argument of compiled code
                captured.append(captured_name)
                values.append(captured_value)
        elif fn.parsed.scope_of(name)[0] not in ("globals", "builtins"):
            return None             # the user's own closure cells: read where the function is made
    if changes_in_place(tree, set(captured)) is not None:
        return None
    return _compiled(fn, tree, captured), values


def _argument_value(lowering, value) -> bool:
    """A number or array of the function: what compiled code takes as an argument."""
    return (isinstance(value, Var) and value not in lowering.lists and value not in lowering.displays
            or isinstance(value, Const) and type(value.value) in (bool, int, float, complex))


def _attributes_read(tree: ast.Lambda | ast.FunctionDef, name: str) -> list[str] | None:
    """The attributes of ``name`` that ``tree`` reads (``self.ad``, ``self.bd`` of the object a
    method's lambda closes over), sorted; None where ``name`` is used any other way (a method
    called, the object passed, an attribute written)."""
    reads = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load)
             and isinstance(n.value, ast.Name) and n.value.id == name}
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name]
    if any(id(n) not in reads for n in uses) or any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                                                   and isinstance(n.func.value, ast.Name) and n.func.value.id == name
                                                   for n in ast.walk(tree)):
        return None
    return sorted({n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and id(n.value) in reads})


def _attributes_as_names(tree, name: str, attributes: list[str]):
    """``tree`` with each ``name.attr`` read as the name ``name_attr`` (a parameter of the lifted
    function, passed the attribute's value where the call is, as the closure reads it then)."""
    taken = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    if any(f"{name}_{a}" in taken for a in attributes):
        return tree        # (a clash: the attribute's name is refused as the object it stands for)

    class Renamed(ast.NodeTransformer):
        def visit_Attribute(self, node: ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == name:
                return ast.copy_location(ast.Name(id=f"{name}_{node.attr}", ctx=ast.Load()), node)
            return self.generic_visit(node)
    return Renamed().visit(copy.deepcopy(tree))


def _loaded(lowering, fn: SourceFunction, name: str, call: ast.AST):
    """``name`` read in the function ``fn`` was defined in, as a read there would (a stale name
    is the located error it is there)."""
    saved = lowering.parsed, lowering.env
    lowering.parsed, lowering.env = fn.parsed, lowering._frame_env(fn.frame)
    try:
        return lowering._load(ast.copy_location(ast.Name(id=name, ctx=ast.Load()), call))
    finally:
        lowering.parsed, lowering.env = saved


def _compiled(fn: SourceFunction, tree: ast.Lambda | ast.FunctionDef, captured: list[str]) -> types.FunctionType:
    """``def <name>(*params, *captured): <tree's body>`` (``fn``'s, its objects' attributes read
    as names), compiled once per definition in the source, in its module's globals; its tree kept
    for the transforms to read."""
    key = (fn.parsed.filename, tree.lineno, tree.col_offset, ast.unparse(tree), tuple(captured))
    if key in _LIFTED:
        return _LIFTED[key]
    body = [ast.Return(value=copy.deepcopy(tree.body))] if isinstance(tree, ast.Lambda) else copy.deepcopy(tree.body)
    params = [*copy.deepcopy(tree.args.args), *(ast.arg(arg=name) for name in captured)]
    name = fn.name if fn.name.isidentifier() else "lifted_lambda"
    definition = ast.copy_location(ast.FunctionDef(
        name=name, args=ast.arguments(posonlyargs=[], args=params, kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=body, decorator_list=[], returns=None, type_comment=None), tree)
    made_here: dict = {}
    module = ast.Module(body=[definition], type_ignores=[])
    exec(compile(ast.fix_missing_locations(module), fn.parsed.filename, "exec"), fn.parsed.func.__globals__, made_here)
    function = made_here[name]
    source.keep_tree(function, copy.deepcopy(definition), fn.parsed.filename, fn.parsed.col_shift)
    _LIFTED[key] = function
    return function
