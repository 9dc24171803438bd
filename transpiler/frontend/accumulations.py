"""``itertools.accumulate(xs)``, ``accumulate(xs, f)``, ``accumulate(xs, f, initial=v)``: the
running results, lowered as the loop they are,

    acc = initial (or xs[0]); out = [acc]
    for item in xs (or xs[1:]): acc = f(acc, item)  (or acc + item); out.append(acc)

so the items carry derivatives like any loop's (a call that simply runs had none: refused when
``xs`` depended on the differentiated parameters). The result is a list, not an iterator:
``list(...)``, ``tuple(...)``, a ``for`` or comprehension over it read it as Python's would. An
accumulation bound to a name that ``next(name)`` reads stays the call that simply runs (the
iterator Python makes: iterators.py)."""
from __future__ import annotations

import ast
import itertools


def accumulated(lowering, node: ast.Call, callee):
    """The list of running results of ``node`` (a call of ``itertools.accumulate``), or None
    for any other callee."""
    if callee is not itertools.accumulate or _read_by_next(lowering.parsed.tree, node):
        return None
    args, keywords = node.args, {k.arg: k.value for k in node.keywords}
    if any(isinstance(a, ast.Starred) for a in args) or None in keywords or not 1 <= len(args) <= 2 \
            or not set(keywords) <= {"func", "initial"} or len(args) == 2 and "func" in keywords:
        lowering._unsupported(node, "this call of `itertools.accumulate`",
                              "call it as accumulate(xs), accumulate(xs, f) or accumulate(xs, f, initial=v)")
    function = args[1] if len(args) == 2 else keywords.get("func")
    if isinstance(function, ast.Constant) and function.value is None:
        function = None
    initial = keywords.get("initial")
    if isinstance(initial, ast.Constant) and initial.value is None:
        initial = None
    seq_name, acc, item, out = (lowering.names.invent(n) for n in ("_items", "_acc", "_item", "_running"))
    lowering.env[seq_name] = lowering._arg(args[0])
    with lowering._scoped([seq_name, acc, item, out]):
        load = lambda name: ast.Name(id=name, ctx=ast.Load())       # noqa: E731
        first = initial if initial is not None else ast.Subscript(value=load(seq_name), slice=ast.Constant(0),
                                                                  ctx=ast.Load())
        rest = load(seq_name) if initial is not None else ast.Subscript(
            value=load(seq_name), slice=ast.Slice(lower=ast.Constant(1)), ctx=ast.Load())
        step = ast.BinOp(left=load(acc), op=ast.Add(), right=load(item)) if function is None else \
            ast.Call(func=function, args=[load(acc), load(item)], keywords=[])
        statements = [
            ast.Assign(targets=[ast.Name(id=acc, ctx=ast.Store())], value=first),
            ast.Assign(targets=[ast.Name(id=out, ctx=ast.Store())], value=ast.List(elts=[load(acc)], ctx=ast.Load())),
            ast.For(target=ast.Name(id=item, ctx=ast.Store()), iter=rest, orelse=[], body=[
                ast.Assign(targets=[ast.Name(id=acc, ctx=ast.Store())], value=step),
                ast.Expr(ast.Call(func=ast.Attribute(value=load(out), attr="append", ctx=ast.Load()),
                                  args=[load(acc)], keywords=[]))]),
        ]
        for statement in statements:
            lowering._statement(_located(statement, node))
        return lowering.env[out]


def _read_by_next(tree: ast.AST, call: ast.Call) -> bool:
    """Is ``call`` assigned to a name (``it = accumulate(xs)``) that ``next(it)`` reads?"""
    names = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and n.value is call
             for t in n.targets if isinstance(t, ast.Name)}
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "next" and n.args
               and isinstance(n.args[0], ast.Name) and n.args[0].id in names for n in ast.walk(tree))


def _located(new: ast.AST, like: ast.AST) -> ast.AST:
    for sub in ast.walk(new):
        if "lineno" in sub._attributes and not hasattr(sub, "lineno"):
            ast.copy_location(sub, like)
    return new
