"""Functions passed to a call that simply runs: ``brentq(lambda t: t**2 - 2, 0, 2)``,
``quad(np.sin, 0, 1)``, ``solve_ivp(rhs, (0, 1), y0)``, ``sorted(keys, key=lambda k: -c[k])``.

The callee calls them, so they are values of the generated code. A function reached by a name
outside the function lowered (a module-level ``def``, ``np.sin``) is read at call time like any
free value. A lambda or nested ``def`` of the function lowered is made at run time by a *maker*:
a function compiled once from its source, whose parameters are the names it reads from the
enclosing function and its default values, which returns it. It then sees those values as
Python's closure would, at the call (late binding), and reads the module's globals itself.

A solver or integrator of a Python function (scipy.optimize's, scipy.integrate's) has no rule:
the derivative of its result is the implicit function theorem's or another integration, of the
function passed. Where nothing differentiated goes in, its result is a constant and the call
simply runs; the analysis refuses it where a differentiated value does, through an argument or
through a name the function passed reads (analysis/opaque_calls.py) — never a silent zero.
"""
from __future__ import annotations

import ast
import copy

from ..ir import Atom
from ..primitives import opaque, runtime
from ..primitives.registry import from_a_library
from . import source
from .outer_names import declared_outer_names
from .source import MISSING
from .values import PythonFunction, SourceFunction, declared_outer, local_names

_MAKERS: dict[tuple, str] = {}      # (file, position, source, parameters) -> the maker's name in generated code
_MAKING: list = []                  # the functions whose makers are being called, outermost first


def passed_value(lowering, value, node: ast.expr, callee: str, refusal: tuple | None):
    """``value`` (lowered from the argument ``node`` of the call of ``callee``) as an atom of
    the generated code, where it is a function; anything else as it is. ``refusal``: why the
    callee has no rule where a differentiated value reaches it (a solver's), for messages."""
    if isinstance(value, SourceFunction):
        refuse_stale_outer_names(lowering, value.describe(), node, callee)
        return _made_at_run_time(lowering, value, node, callee, refusal)
    if isinstance(value, PythonFunction) and value.receiver is None and _named_outside(lowering, node):
        if not from_a_library(value.obj):
            refuse_stale_outer_names(lowering, f"`{ast.unparse(node)}`", node, callee)
        return lowering._free(node)          # rhs, np.sin: read at call time
    return value


def refuse_stale_outer_names(lowering, what: str, node: ast.expr, callee: str) -> None:
    """A function of the user's run by the callee reads globals (and cells) as they are while
    the differentiated function runs; one that declares ``global`` or ``nonlocal`` names writes
    them back only when it returns (outer_names.py), so the function passed could read an old
    value, and one depending on the differentiated parameters unseen: refused."""
    declared = sorted(declared_outer_names(lowering.root.tree))
    if declared:
        lowering._unsupported(node, f"passing {what} to `{callee}`, a call that simply runs, in a function "
                              f"declaring the outer name `{declared[0]}` (what it assigns there is written back only "
                              "when it returns: the function passed would read the old value)",
                              f"pass the value to the function as an argument (`{callee}(f, ..., args=(v,))`, a "
                              "lambda's default) instead of through a global")


def _named_outside(lowering, node: ast.expr) -> bool:
    root = node
    while isinstance(root, ast.Attribute):
        root = root.value
    return isinstance(root, ast.Name) and root.id not in lowering.env


def _made_at_run_time(lowering, fn: SourceFunction, node: ast.expr, callee: str, refusal) -> Atom:
    """A call of the maker of ``fn`` with the values it closes over (opaque.py: it simply runs)."""
    if declared_outer(fn.node):
        lowering._unsupported(node, f"passing {fn.describe()}, which assigns names outside it (`nonlocal`, "
                              f"`global`), to `{callee}`, which calls it where the compiler cannot follow",
                              "return the values from the function instead of assigning them outside")
    if fn in _MAKING:
        lowering._unsupported(node, f"passing {fn.describe()}, which reads a function that reads it back "
                              "(mutual recursion), to a call that simply runs", "define them at module level")
    read = read_names(fn.node) - local_names(fn.node)
    captured, passed = [], []
    _MAKING.append(fn)
    try:
        for name in sorted(read):
            atom = _closed_over(lowering, fn, name, node, callee, refusal)
            if atom is not None:
                captured.append(name)
                passed.append(atom)
    finally:
        _MAKING.pop()
    defaults = sorted(fn.defaults)
    for param in defaults:
        default = fn.defaults[param]
        passed.append(passed_value(lowering, default, node, callee, refusal))
    if (changed := changes_in_place(fn.node, set(captured))) is not None:
        lowering._unsupported(node, f"passing {fn.describe()}, which changes `{changed}` of the function it is "
                              f"defined in, to `{callee}`, a call that simply runs (the compiler would not see the "
                              "change)", "return the values from the function passed, or collect them after the call")
    maker = _maker(fn, captured, defaults)
    source = lowering._readable(ast.unparse(fn.node if isinstance(fn.node, ast.Lambda) else ast.Name(fn.name)))
    prim = opaque.opaque_call(maker, source, tuple([*captured, *(f"{p}=" for p in defaults)]), lowering._chain(),
                              path=maker, refusal=refusal, function_for=callee)
    return lowering._apply(node, prim, tuple(passed), (), None)


# Methods of lists, dicts, sets and arrays that change the object they are called on.
_CHANGING = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "add",
                       "discard", "sort", "reverse", "popitem", "fill", "put", "resize", "itemset", "setflags"})


def changes_in_place(node: ast.Lambda | ast.FunctionDef, captured: set[str]) -> str | None:
    """The first name of ``captured`` whose object ``node``'s body changes (``calls.append(t)``,
    ``buf[0] = t``, ``obj.n += 1``), or None."""
    body = [node.body] if isinstance(node, ast.Lambda) else node.body
    for sub in (n for part in body for n in ast.walk(part)):
        targets = []
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in _CHANGING:
            targets = [sub.func.value]
        elif isinstance(sub, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = [t for t in getattr(sub, "targets", [getattr(sub, "target", None)])
                       if isinstance(t, (ast.Subscript, ast.Attribute))]
        for target in targets:
            while isinstance(target, (ast.Subscript, ast.Attribute)):
                target = target.value
            if isinstance(target, ast.Name) and target.id in captured:
                return target.id
    return None


def read_names(node: ast.Lambda | ast.FunctionDef) -> set[str]:
    """Every name ``node``'s body reads (its nested scopes' too; not its defaults, evaluated where
    it was defined)."""
    body = [node.body] if isinstance(node, ast.Lambda) else node.body
    return {n.id for part in body for n in ast.walk(part) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _closed_over(lowering, fn: SourceFunction, name: str, node: ast.expr, callee: str, refusal) -> Atom | None:
    """The value of ``name`` that ``fn`` reads from outside itself, where the maker must be given
    it: a name of an enclosing function lowered, or a closure cell or import of the user's
    function; None for a global or builtin (the maker reads the module's globals at call time)."""
    enclosing = lowering._frame_env(fn.frame)
    if name in enclosing:
        if enclosing[name] is fn:
            return None              # a nested def calling itself: the maker defines it
        saved = lowering.parsed, lowering.env
        lowering.parsed, lowering.env = fn.parsed, enclosing
        try:
            value = lowering._load(ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node))
        finally:
            lowering.parsed, lowering.env = saved
        reached = ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node)
        return passed_value(lowering, value, reached, callee, refusal)
    if fn.parsed.scope_of(name)[0] in ("closure", "imports"):
        return lowering._free_value(fn.parsed, name, node)
    return None


def _maker(fn: SourceFunction, captured: list[str], defaults: list[str]) -> str:
    """The name (in generated code: runtime.EXTERNAL) of ``def make(*captured, *defaults):
    <fn's definition>; return <fn>``, compiled once per definition in the source."""
    tree = copy.deepcopy(fn.node)
    default_names = {param: f"_default_{param}" for param in defaults}
    _defaults_as_names(tree.args, default_names)
    made = fn.name if isinstance(tree, ast.FunctionDef) else "_made"
    body = [tree] if isinstance(tree, ast.FunctionDef) else [ast.Assign(targets=[ast.Name(made, ast.Store())],
                                                                         value=tree)]
    source = ast.unparse(tree)
    key = (fn.parsed.filename, fn.node.lineno, fn.node.col_offset, source, tuple(captured), tuple(defaults))
    if key in _MAKERS:
        return _MAKERS[key]
    name = f"{runtime.MAKER_PREFIX}{fn.name if fn.name.isidentifier() else 'lambda'}_{fn.node.lineno}"
    while name in runtime.EXTERNAL:      # (another definition on that line, or the source edited since)
        name += "_"
    params = [ast.arg(arg=p) for p in [*captured, *default_names.values()]]
    maker = ast.FunctionDef(name=name, args=ast.arguments(posonlyargs=[], args=params, kwonlyargs=[],
                                                          kw_defaults=[], defaults=[]),
                            body=[*body, ast.Return(value=ast.Name(made, ast.Load()))], decorator_list=[],
                            returns=None, type_comment=None)
    module = ast.Module(body=[ast.copy_location(maker, fn.node)], type_ignores=[])
    made_here: dict = {}
    exec(compile(ast.fix_missing_locations(module), fn.parsed.filename, "exec"), fn.parsed.func.__globals__, made_here)
    runtime.EXTERNAL[name] = made_here[name]
    _MAKERS[key] = name
    return name


def _defaults_as_names(args: ast.arguments, names: dict[str, str]) -> None:
    """Each default value of ``args`` replaced by the maker's parameter holding its value."""
    positional = [*args.posonlyargs, *args.args]
    first = len(positional) - len(args.defaults)
    args.defaults = [ast.Name(names[a.arg], ast.Load()) for a in positional[first:]]
    args.kw_defaults = [ast.Name(names[a.arg], ast.Load()) if d is not None else None
                        for a, d in zip(args.kwonlyargs, args.kw_defaults)]


_ALONE: dict[tuple, object] = {}     # (file, position, source) -> a nested def compiled on its own


def compiled_alone(lowering, fn: SourceFunction, call: ast.Call):
    """A nested ``def`` that calls itself, as a function of its own (compiled once from its
    source, in its module's globals): its recursive calls are then those of a module-level
    function (driver/recursion.py). Only where it reads nothing of the enclosing function (no
    name, closure cell, default or ``nonlocal``); else refused at ``call``, saying what to write."""
    node = fn.node
    reads = isinstance(node, ast.FunctionDef) and (fn.defaults or declared_outer(node) or fn.parsed.module is not None)
    enclosing = lowering._frame_env(fn.frame)
    for name in read_names(node) - local_names(node) - {fn.name}:
        scope, value = fn.parsed.scope_of(name)
        reads = reads or name in enclosing or scope not in ("globals", "builtins") or value is MISSING
    if reads or isinstance(node, ast.Lambda):
        why = "" if isinstance(node, ast.Lambda) else (
            ", which reads names of the function it is defined in (or has a default, or declares `nonlocal`)")
        lowering._unsupported(call, f"a recursive call of {fn.describe()}{why}",
                              "write it as a nested `def` that reads nothing of the enclosing function (pass those "
                              "values as arguments: it is then compiled as a module-level one), or define it at "
                              "module level")
    key = (fn.parsed.filename, node.lineno, node.col_offset, ast.unparse(node))
    if key not in _ALONE:
        tree = copy.deepcopy(node)
        maker = ast.FunctionDef(name="_alone", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[],
                                                                  kw_defaults=[], defaults=[]),
                                body=[tree, ast.Return(value=ast.Name(fn.name, ast.Load()))], decorator_list=[],
                                returns=None, type_comment=None)
        module = ast.Module(body=[ast.copy_location(maker, node)], type_ignores=[])
        made_here: dict = {}
        exec(compile(ast.fix_missing_locations(module), fn.parsed.filename, "exec"), fn.parsed.func.__globals__,
             made_here)
        function = made_here["_alone"]()
        source.keep_tree(function, copy.deepcopy(node), fn.parsed.filename, fn.parsed.col_shift)
        _ALONE[key] = function
    return _ALONE[key]
