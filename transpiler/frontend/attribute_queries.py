"""``hasattr(obj, "name")`` and ``getattr(obj, "name", default)`` of an object made inside the
function (statsmodels' ``getattr(self, "offset", 0)``, ``hasattr(self, 'exposure')``).

Such an object is known while lowering (objects.py): its attributes are values of the
environment, assigned in ``__init__`` or a method, or its class's. So whether it has the
attribute is known, and ``getattr`` is that attribute or the default. An attribute assigned on
one path of a branch whose test is known only at run time (``if exposure is not None:
self.exposure = np.log(exposure)``) has a flag, merged with the branch like any value, which
``hasattr`` reads and ``getattr`` tests; an assignment sets it again. One first assigned in a
loop's body (the loop may run zero times) is marked unknown after the loop: asking for it is
refused.

The same builtins of a module or class the function reads (CS231n's solver:
``self.update_rule = getattr(optim, self.update_rule)`` with the rule's name a string) are the
attribute itself where the name is known while lowering: ``optim.sgd``, read as written."""
from __future__ import annotations

import ast
import types

from ..ir import Const, Copy, Var
from ..primitives import opaque
from .aliasing import Stale
from .source import MISSING


def attribute_query(lowering, node: ast.Call, owner, builtin):
    """The value of ``hasattr(owner, "name")`` or ``getattr(owner, "name"[, default])``."""
    name = builtin.__name__
    most = 3 if builtin is getattr else 2
    if node.keywords or not 2 <= len(node.args) <= most or not (
            isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
        lowering._unsupported(node, f"`{name}` of {owner.describe()} other than with the attribute's name as a "
                              "string constant", f'write the name as a string: `{name}(obj, "name")`')
    attr = node.args[1].value
    key = owner.attribute_key(attr)
    default = lowering._expr(node.args[2]) if len(node.args) == 3 else None   # (evaluated, as in Python)
    read = ast.copy_location(ast.Attribute(value=node.args[0], attr=attr, ctx=ast.Load()), node)
    flag = lowering.env.get(presence_key(key))
    if isinstance(flag, Stale):
        lowering._unsupported(node, f"`{name}` of `{owner.key}.{attr}`, which is first assigned in a loop's body "
                              "(the loop may run zero times: whether it exists is known only at run time),",
                              f"assign `{attr}` before the loop (None, say) and test `is None`")
    if flag is not None and not isinstance(flag, Const):       # set on one path of a branch: known at run time
        if builtin is hasattr:
            return flag
        if default is None:
            return lowering._read_attribute(owner, read)
        return lowering._if(flag, lambda: lowering._read_attribute(owner, read), lambda: default, node, attr)
    present = flag.value if isinstance(flag, Const) else (
        key in lowering.env or lowering.dependencies.class_attribute(owner.cls, attr) is not MISSING)
    if builtin is hasattr:
        return Const(present)
    if not present and default is not None:
        return default
    return lowering._read_attribute(owner, read)       # (absent and no default: refused there)


def attribute_of_a_module_or_class(lowering, node: ast.Call, builtin):
    """``getattr(M, name[, default])`` / ``hasattr(M, name)`` of a module or class ``M`` with
    ``name`` a string known while lowering (a constant, or a name bound to one): ``M.name``
    lowered as written, the default, or whether it exists. None for any other call."""
    if node.keywords or not 2 <= len(node.args) <= (3 if builtin is getattr else 2) \
            or any(isinstance(a, ast.Starred) for a in node.args):
        return None
    owner = lowering._resolve(node.args[0])
    if not isinstance(owner, (types.ModuleType, type)):
        return None
    name = _constant_entry(lowering, node.args[1]) or lowering._static(lowering._expr(node.args[1]))
    if not (isinstance(name, Const) and isinstance(name.value, str)):
        if isinstance(owner, type):
            return None                  # (a class's attribute by a run-time name: as before, a call that runs)
        arg = node.args[1]
        parameter = isinstance(arg, ast.Name) and name in lowering.parameters and not lowering.calls
        if parameter and not lowering.parameter_classes:
            return _told_by_the_call(lowering, node)
        lowering._unsupported(node, f"`{builtin.__name__}` of `{ast.unparse(node.args[0])}` with a name known only "
                              "at run time (which function it reads is compiled in)",
                              f"take the function itself as the parameter (`{arg.id}={ast.unparse(node.args[0])}.tanh`, "
                              f"called as `{arg.id}(x)`: a function argument is compiled in, as if named where it is "
                              "called), or differentiate a wrapper that gives the name as a string constant: "
                              f"`grad(lambda x: f(x, {arg.id}='tanh'))`" if parameter
                              else "pass the name as a string constant, from a wrapper: `train(w, lr, 'adam')`")
    if builtin is hasattr:
        return Const(hasattr(owner, name.value))
    if not hasattr(owner, name.value):
        if len(node.args) == 3:
            return lowering._expr(node.args[2])
        lowering._unsupported(node, f"`getattr` of `{ast.unparse(node.args[0])}`, which has no attribute "
                              f"{name.value!r} (Python raises AttributeError)",
                              "pass the name of one of its attributes, or give a default")
    return lowering._expr(ast.copy_location(ast.Attribute(value=node.args[0], attr=name.value, ctx=ast.Load()), node))


def _constant_entry(lowering, node: ast.expr) -> Const | None:
    """``CFG["act"]``: the string a global's (closure's, module's) dict holds at a constant key,
    as the constant it is now, recorded as a fact checked on every call (another string there
    compiles again, as a string global does: static_values.py); None for any other expression."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and (type(node.slice.value) is int or type(node.slice.value) is str and node.slice.value.isidentifier())):
        return None
    root = node.value
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id in lowering.env:
        return None
    container = lowering._resolve(node.value)
    value = container.get(node.slice.value, MISSING) if type(container) is dict else MISSING
    if type(value) is not str:
        return None
    parsed, path = lowering._origin(node.value)
    lowering.dependencies.folded(parsed, f"{path}.[{node.slice.value}]", value)
    return Const(value)


def _told_by_the_call(lowering, node: ast.Call):
    """``getattr(np, name)`` with ``name`` a parameter, lowered without the call's arguments (a
    listing of the function alone, the checks made before a call): a call that simply runs, whose
    result is called as a parameter the call did not tell is (calls.py). A call passing a string
    lowers the function again with the string a constant (function_arguments.py)."""
    owner, name = node.args[0], node.args[1]
    prim = opaque.opaque_call("getattr", "getattr", (ast.unparse(owner), ast.unparse(name)), lowering._chain(),
                              path="getattr")
    result = lowering._apply(node, prim, (lowering._free(owner), lowering._expr(name)), (), None)
    lowering.parameters = lowering.parameters | {result}
    return result


def presence_key(key: str) -> str:
    """The environment key of the flag telling whether the attribute ``key`` (``obj.offset``)
    is set, for one a branch whose test is known only at run time set on one path only: an
    attribute key itself, so inlined calls receive it and branches and loops merge it."""
    return f"{key}.__has__"


def merge_presence(lowering, attributes: set, then_env: dict, else_env: dict, then_stmts: list, else_stmts: list,
                   node) -> None:
    """Before a branch's environments are merged: for each of the ``attributes`` (keys) one path
    sets and the other does not (or whose flag differs), a flag that is True where it is set,
    put in both environments so that it merges as any value (``hasattr`` reads it)."""
    for key in sorted(k for k in attributes if not k.endswith(".__has__")):
        flag = presence_key(key)
        a = then_env.get(flag, Const(key in then_env))
        b = else_env.get(flag, Const(key in else_env))
        if a == b:
            continue
        merged = Var(lowering.names.fresh(f"has_{key.rsplit('.', 1)[-1]}"))
        where = lowering.parsed.location(node)
        then_stmts.append(Copy(merged, a, where))
        else_stmts.append(Copy(merged, b, where))
        then_env[flag] = else_env[flag] = merged
