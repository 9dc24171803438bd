"""Generators driving a loop: ``for X, y in data_iter(batch_size, features, labels):`` where
``data_iter`` is a generator function of the user's (d2l's minibatches).

The generator's body and the loop's interleave: each ``yield v`` hands ``v`` to one run of the
loop's body. So the loop is lowered as the generator's body in the caller's scope, each
``yield v`` replaced by ``TARGET = v`` followed by a copy of the loop's body (``yield from it``
by ``for TARGET in it:`` and the body), its parameters bound to the call's arguments by
assignments. The generator's own names are renamed where they would meet the caller's, so the
two scopes stay apart; its free names (``np``, ``random``, ``min``) must mean what they mean in
the caller (the same module, no closure, not shadowed by a local of the caller).

What cannot be written so is refused, located: ``break`` or ``return`` in the loop's body (the
generator would have to stop half-way), ``return`` inside the generator, ``yield`` used as a
value, a generator classmethod, a generator with ``*args``/``**kwargs`` or defaults that are not
constants, and a generator used other than as a ``for`` loop's iterable (its state would
escape: ``it = gen(); next(it)``)."""
from __future__ import annotations

import ast
import builtins
import functools
import inspect
import itertools
import types

import numpy as np

from .jumps import EXIT_FLAG, copy_tree, rewrite_jumps
from .record_values import record_method
from .source import MISSING, parse_function
from .values import SourceFunction, walk_scope

_CONSTANTS = (bool, int, float, complex, str, type(None))


def lower_generator_loop(lowering, node: ast.For) -> bool:
    """Lower ``for TARGET in gen(args): body`` where ``gen`` is a generator function of the
    user's, as the statements it stands for (False, and nothing lowered, for any other loop)."""
    it = node.iter
    if not isinstance(it, ast.Call):
        return False
    if (counted := _counted_loop(lowering, node)) is not None:
        return lower_generator_loop(lowering, counted)       # for i, batch in enumerate(gen(...)):
    if (nested := nested_generator(lowering, it.func)) is not None:
        statements = _nested_statements(lowering, node, it, nested)
        callee = nested
    else:
        statements = _module_level_statements(lowering, node, it)
        if statements is None:
            return False
        callee = lowering._resolve(it.func)
    inlining = lowering.__dict__.setdefault("_generators_inlined", [])
    inlining.append(callee)
    try:
        lowering._block(statements)
    finally:
        inlining.pop()
    return True


def _module_level_statements(lowering, node: ast.For, it: ast.Call) -> list[ast.stmt] | None:
    """The statements of a loop over a generator function (or method) with source of its own;
    None where ``it`` calls no generator."""
    callee = lowering._resolve(it.func)
    if (method := _method_of_a_tracked_object(lowering, it)) is not None:
        it, callee = _with_receiver_as_argument(it, method)        # self.iterate_regions(x), self made here
    elif callee is MISSING or not inspect.isgeneratorfunction(callee):
        return None
    elif _is_method_of_an_object(callee, it):
        it, callee = _with_receiver_as_argument(it, callee.__func__)   # of a global object
    return _statements(lowering, node, it, callee)


def _counted_loop(lowering, node: ast.For) -> ast.For | None:
    """``for i, item in enumerate(gen(...), start)`` as ``_count = start`` (lowered here) and the loop
    ``for item in gen(...): i = _count; _count = _count + 1; ...`` (None for any other loop)."""
    it = node.iter
    if not (lowering._resolve(it.func) is enumerate and it.args and isinstance(it.args[0], ast.Call)
            and _calls_a_generator(lowering, it.args[0]) and len(it.args) <= 2
            and all(k.arg == "start" for k in it.keywords) and len(it.args) + len(it.keywords) <= 2
            and isinstance(node.target, ast.Tuple) and len(node.target.elts) == 2):
        return None
    start = it.args[1] if len(it.args) == 2 else next((k.value for k in it.keywords), ast.Constant(0))
    count = lowering.names.invent("_count")

    def located(stmt: ast.stmt) -> ast.stmt:
        return ast.fix_missing_locations(ast.copy_location(stmt, node))
    lowering._statement(located(ast.Assign(targets=[ast.Name(id=count, ctx=ast.Store())], value=start)))
    counter, item = node.target.elts
    step = [located(ast.Assign(targets=[counter], value=ast.Name(id=count, ctx=ast.Load()))),
            located(ast.Assign(targets=[ast.Name(id=count, ctx=ast.Store())], value=ast.BinOp(
                left=ast.Name(id=count, ctx=ast.Load()), op=ast.Add(), right=ast.Constant(1))))]
    loop = ast.copy_location(ast.For(target=item, iter=it.args[0], body=step + node.body, orelse=[]), node)
    if hasattr(node, EXIT_FLAG):
        setattr(loop, EXIT_FLAG, getattr(node, EXIT_FLAG))
    return loop


def _calls_a_generator(lowering, call: ast.Call) -> bool:
    """Is ``call`` a call of a generator function of the user's: nested, module-level, or a
    method of an object the lowering tracks (``lm.simulate_rate_path(x0, T)`` of a QuantEcon
    ``LakeModel`` made in the function, in ``enumerate(...)`` or ``tuple(...)``)?"""
    return bool(nested_generator(lowering, call.func) or inspect.isgeneratorfunction(lowering._resolve(call.func))
                or _method_of_a_tracked_object(lowering, call) is not None)


def _statements(lowering, node: ast.For, it: ast.Call, callee) -> list[ast.stmt]:
    """The statements the loop ``node`` over ``it``, a call of the generator function ``callee``,
    stands for."""
    label = ast.unparse(it.func)
    if not isinstance(callee, types.FunctionType):
        lowering._unsupported(it, f"iterating over the generator method `{label}`",
                              "make it a module-level generator function taking what it reads as arguments")
    if callee in lowering.__dict__.get("_generators_inlined", ()):
        lowering._unsupported(it, f"the generator `{label}` iterating over itself", "write the recursion as a loop")
    _refuse_jumps_out_of(lowering, node, label)
    parsed = parse_function(callee)
    lowering.dependencies.inlined(parsed)
    _refuse_another_scope(lowering, it, callee, parsed, label)
    tree = copy_tree(parsed.tree)
    renamed = _renaming(lowering, tree, it, label)
    tree = _Renamer(renamed).visit(tree)
    return _spliced_body(lowering, node, tree, _bound_arguments(lowering, it, callee, renamed, label), label)


def _spliced_body(lowering, node: ast.For, tree: ast.FunctionDef, statements: list[ast.stmt],
                  label: str) -> list[ast.stmt]:
    """The generator ``tree`` (its names renamed) after ``statements`` binding its parameters,
    each ``yield`` one run of ``node``'s body."""
    body = _without_final_return(lowering, tree.body, label)
    statements += _spliced(lowering, body, node, label)
    wrapper = ast.copy_location(ast.FunctionDef(name=tree.name, args=tree.args, body=statements + [
        ast.copy_location(ast.Return(value=ast.Constant(None)), node)], decorator_list=[], returns=None,
        type_params=[]), node)
    statements = rewrite_jumps(wrapper, lowering.names).body[:-1]      # (the generator's own break/continue)
    lowering.names.user |= {n.id for s in statements for n in ast.walk(s) if isinstance(n, ast.Name)}
    return statements


def nested_generator(lowering, func: ast.expr):
    """The generator ``def`` nested in the function being lowered that ``func`` names (a
    ``SourceFunction``), or None."""
    value = lowering.env.get(func.id) if isinstance(func, ast.Name) else None
    return value if isinstance(value, SourceFunction) and is_generator_function(value.node) else None


def _nested_statements(lowering, node: ast.For, it: ast.Call, fn: SourceFunction) -> list[ast.stmt]:
    """The loop ``node`` over ``it``, a call of the generator ``fn`` defined in the function being
    lowered (``def gen(): for w in ws: yield w * x``). Its free names are that function's own
    variables, read as they are while the loop runs (Python's closures read them so too): the
    body is spliced into the same scope, its own names renamed apart. Called from a function
    inlined in between (another scope), it is refused."""
    label = fn.name
    if fn.frame is not lowering.frames[-1] or fn.parsed is not lowering.parsed:
        lowering._unsupported(it, f"iterating over the generator `{label}` outside the function that defines it "
                              "(its names would be read in the loop's scope)",
                              f"loop over `{label}(...)` in the function that defines it, or define it at "
                              "module level taking what it reads as arguments")
    if any(isinstance(sub, (ast.Nonlocal, ast.Global)) for sub in walk_scope(fn.node.body)):
        lowering._unsupported(it, f"iterating over the generator `{label}`, which declares `nonlocal` or `global`",
                              "yield the values and assign them in the loop instead")
    _refuse_jumps_out_of(lowering, node, label)
    args = fn.node.args
    if args.vararg or args.kwarg or args.posonlyargs or args.kwonlyargs:
        lowering._unsupported(it, f"iterating over the generator `{label}`, which takes `*args`, `**kwargs`, "
                              "positional-only or keyword-only parameters", "name its parameters")
    if any(isinstance(a, ast.Starred) for a in it.args) or any(k.arg is None for k in it.keywords):
        lowering._unsupported(it, f"`*args` or `**kwargs` in the call of the generator `{label}`",
                              "pass its arguments one by one")
    tree = copy_tree(fn.node)
    params = [a.arg for a in args.args]
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
    renamed = {name: lowering.names.invent(f"{name}_{label}") for name in sorted(set(params) | stored)}
    tree = _Renamer(renamed).visit(tree)
    given = dict(zip(params, it.args))
    for keyword in it.keywords:
        if keyword.arg not in params or keyword.arg in given:
            lowering._unsupported(it, f"this call of the generator `{label}` (`{keyword.arg}=`: Python raises "
                                  "TypeError)", "pass each parameter once")
        given[keyword.arg] = keyword.value
    if len(it.args) > len(params) or any(p not in given and p not in fn.defaults for p in params):
        lowering._unsupported(it, f"this call of the generator `{label}` (too many or too few arguments: Python "
                              "raises TypeError)", "pass each parameter once")
    statements = [ast.copy_location(ast.Assign(targets=[ast.Name(id=renamed[p], ctx=ast.Store())], value=given[p]), it)
                  for p in params if p in given]
    for p in params:                   # (a default was evaluated where the generator was defined)
        if p not in given:
            lowering.env[renamed[p]] = fn.defaults[p]
    return _spliced_body(lowering, node, tree, statements, label)


def _is_method_of_an_object(callee, it: ast.Call) -> bool:
    """``self.iterate_regions(image)``: a generator method bound to an object (not a class: a
    classmethod's receiver would not be the expression before the dot), called by attribute."""
    return (isinstance(callee, types.MethodType) and isinstance(callee.__func__, types.FunctionType)
            and not isinstance(callee.__self__, type) and isinstance(it.func, ast.Attribute))


def _method_of_a_tracked_object(lowering, it: ast.Call):
    """The generator function ``obj.gen`` names where ``obj`` is an object the lowering tracks
    (one made in the function, a record or object passed in): None otherwise."""
    if not isinstance(it.func, ast.Attribute):
        return None
    owner = lowering._local_object(it.func.value)
    found = lowering.dependencies.class_attribute(owner.cls, it.func.attr) if owner is not None \
        else record_method(lowering, it.func)
    return found if isinstance(found, types.FunctionType) and inspect.isgeneratorfunction(found) else None


def _with_receiver_as_argument(it: ast.Call, function: types.FunctionType) -> tuple[ast.Call, types.FunctionType]:
    """``obj.gen(a)`` as the call ``gen(obj, a)`` of the method's function: its ``self`` is
    then bound like any parameter, to the object the expression before the dot names (Victor
    Zhou's ``for im_region, i, j in self.iterate_regions(input):``)."""
    call = ast.Call(func=it.func, args=[it.func.value, *it.args], keywords=it.keywords)
    return ast.copy_location(call, it), function


def _refuse_jumps_out_of(lowering, node: ast.For, label: str) -> None:
    """``break`` or ``return`` in the loop's body: the loop's exit flag is set somewhere (a
    ``continue`` only skips the rest of one run of the body, which stays as it is)."""
    stop = getattr(node, EXIT_FLAG, None)
    if stop is None:
        return
    for sub in ast.walk(ast.Module(body=node.body, type_ignores=[])):
        if isinstance(sub, ast.Assign) and any(isinstance(t, ast.Name) and t.id == stop for t in sub.targets) \
                and isinstance(sub.value, ast.Constant) and sub.value.value is True:
            lowering._unsupported(node, f"`break` or `return` inside a loop over the generator `{label}` (the "
                                  "generator would stop half-way)",
                                  "set a flag and skip the rest of the body with `if`, or make the generator "
                                  "return the list of its items")


def _refuse_another_scope(lowering, it: ast.Call, callee, parsed, label: str) -> None:
    """The generator's free names are read in the caller's scope: it must share the caller's
    module and have no closure."""
    if callee.__closure__ or callee.__globals__ is not lowering.parsed.globals or parsed.filename != lowering.parsed.filename:
        lowering._unsupported(it, f"iterating over the generator `{label}`, defined in another module or inside "
                              "a function (its names would be read in the loop's scope)",
                              "define the generator at module level, in the module of the function that loops over it")


def _renaming(lowering, tree: ast.FunctionDef, it: ast.Call, label: str) -> dict[str, str]:
    """The generator's own names that the caller's scope already has, each to a new name; a
    free name of the generator that the caller binds (which would shadow it) is refused."""
    params = [a.arg for a in (*tree.args.posonlyargs, *tree.args.args, *tree.args.kwonlyargs)]
    if tree.args.vararg or tree.args.kwarg:
        lowering._unsupported(it, f"iterating over the generator `{label}`, which takes `*args` or `**kwargs`",
                              "name its parameters")
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))}
    own = set(params) | stored
    caller = set(lowering.env) | {n.id for n in ast.walk(lowering.parsed.tree)
                                   if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for name in sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - own):
        if name in caller:
            lowering._unsupported(it, f"iterating over the generator `{label}`, which reads `{name}`, a name "
                                  "this function binds too", f"pass `{name}` to the generator as an argument")
    taken = lowering.names.user | set(lowering.env)
    return {name: lowering.names.invent(f"{name}_{tree.name}") for name in sorted(own) if name in taken}


class _Renamer(ast.NodeTransformer):
    def __init__(self, renamed: dict[str, str]):
        self.renamed = renamed

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.renamed:
            node.id = self.renamed[node.id]
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        if node.arg in self.renamed:          # (a lambda's parameter of the same name)
            node.arg = self.renamed[node.arg]
        return node


def _bound_arguments(lowering, it: ast.Call, callee, renamed: dict[str, str], label: str) -> list[ast.stmt]:
    """``param = argument`` for each parameter, in the order Python binds them (defaults that
    are constants filled in)."""
    if any(isinstance(a, ast.Starred) for a in it.args) or any(k.arg is None for k in it.keywords):
        lowering._unsupported(it, f"`*args` or `**kwargs` in the call of the generator `{label}`",
                              "pass its arguments one by one")
    signature = inspect.signature(callee)
    try:
        bound = signature.bind(*it.args, **{k.arg: k.value for k in it.keywords}).arguments
    except TypeError as error:
        lowering._unsupported(it, f"this call of the generator `{label}` ({error}: Python raises TypeError)",
                              "pass each parameter once")
    statements = []
    for name, param in signature.parameters.items():
        if name in bound:
            value = bound[name]
        elif isinstance(param.default, _CONSTANTS):
            value = ast.Constant(param.default)
        else:
            lowering._unsupported(it, f"the default of `{name}` of the generator `{label}` (not a number or "
                                  "string)", f"pass `{name}` explicitly")
        target = ast.Name(id=renamed.get(name, name), ctx=ast.Store())
        statements.append(ast.copy_location(ast.Assign(targets=[target], value=value), it))
    return statements


def _without_final_return(lowering, body: list[ast.stmt], label: str) -> list[ast.stmt]:
    if body and isinstance(body[-1], ast.Return) and body[-1].value is None:
        body = body[:-1]
    for stmt in body:
        for sub in walk_scope([stmt]):
            if isinstance(sub, ast.Return):
                lowering._unsupported(sub, f"`return` inside the generator `{label}` (it would end the loop over it)",
                                      "let the generator's loop run out, or skip the rest of it with `if`")
    return body


def _spliced(lowering, body: list[ast.stmt], loop: ast.For, label: str) -> list[ast.stmt]:
    """``body`` with each ``yield v`` statement one run of the loop's body."""
    out: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Yield):
            value = stmt.value.value or ast.copy_location(ast.Constant(None), stmt)
            target = copy_tree(loop.target)
            out.append(ast.copy_location(ast.Assign(targets=[target], value=value), stmt))
            out += [copy_tree(s) for s in loop.body]
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.YieldFrom):
            inner = ast.For(target=copy_tree(loop.target), iter=stmt.value.value,
                            body=[copy_tree(s) for s in loop.body], orelse=[])
            out.append(ast.copy_location(inner, stmt))
            continue
        for field in ("body", "orelse", "finalbody"):
            if isinstance(getattr(stmt, field, None), list):
                setattr(stmt, field, _spliced(lowering, getattr(stmt, field), loop, label))
        for sub in walk_scope([stmt]):        # (nested blocks' yield statements are spliced by now)
            if isinstance(sub, (ast.Yield, ast.YieldFrom)):
                lowering._unsupported(sub, f"`yield` used as a value in the generator `{label}`",
                                      "write `yield v` as a statement of its own")
        out.append(stmt)
    return out



# Calls that consume everything an iterable yields, and the position of that iterable:
# `list(gen(x))` is `list([v for v in gen(x)])`, `reduce(f, gen(x))` is `reduce(f, [v for v in gen(x)])`.
_CONSUMERS = ((builtins.list, 0), (builtins.tuple, 0), (builtins.sum, 0), (builtins.sorted, 0),
              (builtins.max, 0), (builtins.min, 0), (functools.reduce, 1), (itertools.accumulate, 0))


def with_generator_items(lowering, node: ast.Call) -> ast.Call | None:
    """``list(gen(x))``, ``sum(gen(x))``, ``sorted(gen(x))``, ``functools.reduce(f, gen(x))`` of a
    generator function of the user's: the call with the generator's items collected by a list
    comprehension (a loop over the generator); None for any other call. ``np.array(gen(x))``,
    which NumPy makes a 0-d object array holding the generator, is refused."""
    if not node.args or isinstance(node.func, ast.Call):
        return None
    callee = lowering._resolve(node.func)
    position = next((k for consumer, k in _CONSUMERS if callee is consumer), 0)
    if len(node.args) <= position or not isinstance(node.args[position], ast.Call):
        return None
    inner = node.args[position]
    if not isinstance(inner.func, (ast.Name, ast.Attribute)) or not _calls_a_generator(lowering, inner):
        return None
    if callee in (np.array, np.asarray):
        lowering._unsupported(node, f"`{ast.unparse(node)}`: NumPy makes of a generator a 0-d array of objects holding "
                              "it, not an array of its items (it was read as its items, a value Python never gives)",
                              f"collect the items first: `np.array(list({ast.unparse(inner)}))`")
    if not any(callee is consumer for consumer, _ in _CONSUMERS):
        return None
    item = ast.Name(id=lowering.names.invent("_item"), ctx=ast.Load())
    items = ast.ListComp(elt=item, generators=[ast.comprehension(
        target=ast.Name(id=item.id, ctx=ast.Store()), iter=inner, ifs=[], is_async=0)])
    args = list(node.args)
    args[position] = ast.copy_location(items, inner)
    return ast.copy_location(ast.Call(func=node.func, args=args, keywords=node.keywords), node)


def refuse_generator_call(lowering, node: ast.Call, callee) -> None:
    """A generator function called other than as what a loop iterates over: its items would be
    made while the rest of the function runs (``it = gen(x); next(it)``), which is refused."""
    name = getattr(callee, "__name__", "the generator")
    lowering._unsupported(node, f"calling the generator `{name}` other than as the iterable of a `for` loop or "
                          "comprehension (its state would escape: its body runs as its items are asked for)",
                          f"loop over it where you call it (`for v in {name}(...):`), or collect its items: "
                          f"`[v for v in {name}(...)]`")


def is_generator_function(node: ast.AST) -> bool:
    """Whether a ``def`` is a generator function: a ``yield`` in its own body, not in a function or
    lambda nested in it."""
    if isinstance(node, ast.Lambda):
        return False
    pending = list(node.body)
    while pending:
        child = pending.pop()
        if isinstance(child, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            pending.extend(ast.iter_child_nodes(child))
    return False
