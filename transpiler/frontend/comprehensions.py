"""Lowering comprehensions and the builtins that consume or make sequences: list and dict
comprehensions, generator expressions, ``map``, ``zip``/``enumerate``/``reversed`` as values,
``max(xs)``/``min(xs)`` and ``functools.reduce``.

Each is lowered to the loop it stands for, written as Python syntax and lowered as the user's
own ``for`` would be (frontend/loops.py)::

    [f(v) for v in xs if c]   ->   _items = []
                                   for v in xs:
                                       if c:
                                           _items.append(f(v))

``_items`` is a name the compiler invents; ``append`` on it rebinds it to a new list
(frontend/containers.py), so both modes differentiate the loop. A generator expression is its
list (``sum(x * x for x in xs)`` sums the list: the same numbers). The comprehension's targets
are its own, as in Python 3: the names they shadow keep their values after it.
``functools.reduce(f, xs, init)`` is ``acc = init; for v in xs: acc = f(acc, v)``, with ``f``
called as the user's code would call it (a primitive, a NumPy function, a function of the
user's), so any callable the lowering can call can be reduced with.
"""
from __future__ import annotations

import ast
import functools

from ..ir import Atom, Const
from ..primitives import indexing, lists, lookup

_UNSET = object()


class ComprehensionLowering:
    """Comprehensions and sequence builtins; a mixin of ``_Lowering`` (frontend/lowering.py),
    whose state (environment, statement list) it works on."""

    def _comprehension(self, node: ast.expr) -> Atom:
        if isinstance(node, ast.SetComp):
            self._unsupported(node, "a set comprehension", "use a list comprehension or an array")
        if isinstance(node, ast.DictComp):
            self._unsupported(node, "a dict comprehension",
                              "build the values one by one in a list comprehension and index it by position, "
                              "or pass the dict in as an argument")
        if any(g.is_async for g in node.generators):
            self._unsupported(node, "an async comprehension", "use a plain comprehension")
        items = self.names.invent("_items")
        self.hidden_lists.add(items)
        self.env[items] = self._new_list(self._apply(node, indexing.LIST, (), (), None))
        body: ast.stmt = _located(ast.Expr(value=ast.Call(
            func=ast.Attribute(value=ast.Name(id=items, ctx=ast.Load()), attr="append", ctx=ast.Load()),
            args=[node.elt], keywords=[])), node.elt)
        for generator in reversed(node.generators):
            for test in reversed(generator.ifs):
                body = _located(ast.If(test=test, body=[body], orelse=[]), test)
            body = _located(ast.For(target=generator.target, iter=generator.iter, body=[body], orelse=[]), node)
        targets = [n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)]
        with self._scoped(targets):
            self._statement(body)
        return self.env.pop(items)

    def _scoped(self, names: list[str]):
        """Names bound inside a comprehension or a synthesised loop: afterwards they are what they
        were before it (Python 3 comprehensions have their own scope)."""
        lowering = self

        class Scope:
            def __enter__(self):
                self.saved = {n: lowering.env.get(n, _UNSET) for n in names}

            def __exit__(self, *exc):
                for name, value in self.saved.items():
                    if value is _UNSET:
                        lowering.env.pop(name, None)
                    else:
                        lowering.env[name] = value

        return Scope()

    # Builtins ----------------------------------------------------------------------------
    def _sequence_call(self, node: ast.Call, callee) -> Atom | None:
        """``max(xs)``, ``min(xs)``, ``functools.reduce(f, xs[, init])``, ``map(f, xs)``, and
        ``zip``/``enumerate``/``reversed`` used as values (not iterated by a ``for``): lowered
        to loops. None for any other call."""
        args, keywords = node.args, node.keywords
        if callee is sum and len(args) == 1 and [k.arg for k in keywords] == ["start"]:
            # sum(xs, start=v) is sum(xs, v): rules differentiate positional arguments only
            return self._apply(node, lookup(sum), (self._arg(args[0]), self._arg(keywords[0].value)), (), None)
        if _is(callee, list, tuple):
            return self._converted(node, callee)
        if _is(callee, max, min) and len(args) == 1:
            if keywords:
                self._unsupported(node, f"`{callee.__name__}(...)` with keywords",
                                  f"write the loop, or use np.{'max' if callee is max else 'min'} on an array")
            return self._reduce(node, node.func, args[0], None)
        if callee is functools.reduce:
            if keywords or not 2 <= len(args) <= 3:
                self._unsupported(node, "this call of `functools.reduce`", "call it as reduce(f, xs) or reduce(f, xs, initial)")
            return self._reduce(node, args[0], args[1], args[2] if len(args) == 3 else None)
        if callee is map:
            if keywords or len(args) != 2:
                self._unsupported(node, "`map` over several sequences",
                                  "write a comprehension: [f(a, b) for a, b in zip(xs, ys)]")
            item = self.names.invent("_item")
            comprehension = ast.ListComp(elt=_located(ast.Call(func=args[0], args=[ast.Name(id=item, ctx=ast.Load())],
                                                               keywords=[]), node),
                                         generators=[ast.comprehension(target=ast.Name(id=item, ctx=ast.Store()),
                                                                       iter=args[1], ifs=[], is_async=0)])
            return self._comprehension(_located(comprehension, node))
        if callee is zip and any(isinstance(a, ast.Starred) for a in args):
            if keywords or len(args) != 1:
                self._unsupported(node, "this call of `zip(*...)`", "pass one starred sequence: zip(*pairs)")
            transposed = self._apply(node, lookup(lists.transposed), (self._expr(args[0].value),), (), None)
            return self._new_list(transposed)
        if _is(callee, zip, enumerate, reversed):
            # the items a `for` over the call would see: [(a, b) for a, b in zip(xs, ys)]
            width = 2 if callee is enumerate else len(args) if callee is zip else 1
            names = [self.names.invent("_item") for _ in range(width)]
            loads = [ast.Name(id=n, ctx=ast.Load()) for n in names]
            stores = [ast.Name(id=n, ctx=ast.Store()) for n in names]
            elt = loads[0] if width == 1 and callee is reversed else ast.Tuple(elts=loads, ctx=ast.Load())
            target = stores[0] if width == 1 and callee is reversed else ast.Tuple(elts=stores, ctx=ast.Store())
            comprehension = ast.ListComp(elt=elt, generators=[ast.comprehension(target=target, iter=node, ifs=[],
                                                                                is_async=0)])
            return self._comprehension(_located(comprehension, node))
        return None

    def _reduce(self, node: ast.Call, function: ast.expr, sequence: ast.expr, initial: ast.expr | None) -> Atom:
        """``acc = initial`` (or the first item), then ``acc = function(acc, item)`` for the rest."""
        if isinstance(function, ast.Starred) or isinstance(sequence, ast.Starred):
            self._unsupported(node, "`*args` in a call", "pass arguments explicitly")
        seq_name, acc, item = self.names.invent("_items"), self.names.invent("_acc"), self.names.invent("_item")
        seq = self._arg(sequence)
        self.env[seq_name] = seq
        if initial is None:
            self.env[acc] = self._item_at(node, seq, Const(0))
            rest = _located(ast.Subscript(value=ast.Name(id=seq_name, ctx=ast.Load()),
                                          slice=ast.Slice(lower=ast.Constant(1)), ctx=ast.Load()), node)
        else:
            self.env[acc] = self._expr(initial)
            rest = _located(ast.Name(id=seq_name, ctx=ast.Load()), node)
        step = ast.Assign(targets=[ast.Name(id=acc, ctx=ast.Store())],
                          value=ast.Call(func=function, args=[ast.Name(id=acc, ctx=ast.Load()),
                                                              ast.Name(id=item, ctx=ast.Load())], keywords=[]))
        loop = _located(ast.For(target=ast.Name(id=item, ctx=ast.Store()), iter=rest,
                                body=[_located(step, node)], orelse=[]), node)
        with self._scoped([seq_name, acc, item]):
            self._statement(loop)
            result = self.env[acc]
        return result


def _located(new: ast.AST, like: ast.AST) -> ast.AST:
    """``new`` (built by the compiler) located at ``like`` wherever it has no location yet."""
    for sub in ast.walk(new):
        if "lineno" in sub._attributes and not hasattr(sub, "lineno"):
            ast.copy_location(sub, like)
    return new


def _is(callee, *options) -> bool:
    """``callee`` is one of ``options`` (by identity: a global array compares elementwise)."""
    return any(callee is option for option in options)
