"""Rewrite ``break``, ``continue`` and early ``return`` into flags, and a loop's ``else:`` into
code after it, before lowering to SSA.

After this pass every region has one exit: a jump sets flags and the statements it would skip are
guarded by ``if <flag>:``. Loops with a ``break`` keep a flag that the forward sweep tests at the
end of each iteration (``Loop.exit_flag``); the reverse sweep never jumps, it replays the recorded
iteration count instead. For example::

    for i in range(n):              for i in range(n):
        if v > 1:                       _go = True
            break           ==>         if v > 1:
        v = v * 2                           _stop = True
                                            _go = False
                                        if _go:
                                            v = v * 2
                                        <exit when _stop>
"""
from __future__ import annotations

import ast
import copy
import weakref
from dataclasses import dataclass

from ..ir.code import copy_tree
from ..ir.names import NameAllocator
from .views import inline_views


@dataclass
class _Loop:
    go: str       # False once the current iteration must skip the rest of its body
    stop: str     # True once the loop must exit (break, or return inside the loop)


EXIT_FLAG = "__transpiler_exit__"   # attribute set on rewritten loops: name of their exit flag


# Functions' trees known to have nothing to rewrite: a helper is inlined at every call, and a
# loop's body lowered again until its fixpoint (loops.py), each time asking of the same tree.
# (Source trees are never changed in place: a rewrite works on a copy.)
_PLAIN: "weakref.WeakKeyDictionary[ast.FunctionDef, bool]" = weakref.WeakKeyDictionary()


def rewrite_jumps(fn: ast.FunctionDef, names: NameAllocator) -> ast.FunctionDef:
    """A copy of ``fn`` without break/continue and with a single final ``return`` (and with
    names of arrays' windows read as the windows: views.py)."""
    if fn in _PLAIN:
        return fn
    viewed = inline_views(fn)
    if not _has_early_return(viewed.body) and not any(
            isinstance(n, (ast.Break, ast.Continue)) or isinstance(n, (ast.For, ast.While)) and n.orelse
            for s in viewed.body for n in _walk_scope(s)):
        if viewed is fn:
            _PLAIN[fn] = True
        return viewed            # nothing to rewrite (the common case): no copy needed
    fn = copy_tree(viewed)
    rewriter = _Rewriter(names)
    body = fn.body
    if _has_early_return(body):
        arity = _tuple_arity(body)
        rewriter.result = names.invent("_result") if arity is None else [names.invent("_result") for _ in range(arity)]
        rewriter.returned = names.invent("_returned")
        last = max((n for s in body for n in _walk_scope(s) if isinstance(n, ast.Return)),
                   key=lambda r: (r.lineno, r.col_offset))
        body = [_assign(rewriter.returned, False)] + rewriter.block(body, loop=None)
        # (at the last `return`: what reads the value returned is refused there, not at the `def`)
        body.append(ast.fix_missing_locations(ast.copy_location(
            ast.Return(value=_result(rewriter.result, store=False)), last)))
    else:
        body = rewriter.block(body, loop=None)
    fn.body = [ast.fix_missing_locations(ast.copy_location(s, fn)) if not hasattr(s, "lineno") else s
               for s in body]
    return fn


class _Rewriter:
    def __init__(self, names: NameAllocator):
        self.names = names
        self.result: str | list[str] | None = None      # one name per item where every return is a tuple display
        self.returned: str | None = None

    def block(self, stmts: list[ast.stmt], loop: _Loop | None) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for i, stmt in enumerate(stmts):
            rest = stmts[i + 1:]
            if isinstance(stmt, ast.Break):
                return out + self._located(stmt, [_assign(loop.stop, True), _assign(loop.go, False)])
            if isinstance(stmt, ast.Continue):
                return out + self._located(stmt, [_assign(loop.go, False)])
            if isinstance(stmt, ast.Return) and self.result is not None:
                value = stmt.value if stmt.value is not None else ast.Constant(None)   # a bare `return`
                jump = [ast.Assign(targets=[_result(self.result, store=True)], value=value),
                        _assign(self.returned, True)]
                if loop is not None:
                    jump += [_assign(loop.stop, True), _assign(loop.go, False)]
                return out + self._located(stmt, jump)
            if isinstance(stmt, (ast.If, ast.With)):          # (`return` inside `with np.errstate():`)
                new = copy.copy(stmt)
                new.body = self.block(stmt.body, loop) or [ast.Pass()]
                if isinstance(stmt, ast.If):
                    new.orelse = self.block(stmt.orelse, loop)
                out.append(new)
                if _jumps(stmt) and rest:
                    return out + self._guarded(stmt, rest, loop)
                continue
            if isinstance(stmt, (ast.For, ast.While)) and stmt.orelse:
                return out + self.block(self._else_spelled_out(stmt) + rest, loop)
            if isinstance(stmt, (ast.For, ast.While)):
                out += self._loop(stmt)
                if self.result is not None and _has_return(stmt) and (rest or loop is not None):
                    return out + self._after_returning_loop(stmt, rest, loop)
                continue
            out.append(stmt)
        return out

    def _guarded(self, node: ast.stmt, rest: list[ast.stmt], loop: _Loop | None) -> list[ast.stmt]:
        test = _name(loop.go) if loop is not None else ast.UnaryOp(op=ast.Not(), operand=_name(self.returned))
        guard = ast.If(test=test, body=self.block(rest, loop) or [ast.Pass()], orelse=[])
        return self._located(node, [guard])

    def _after_returning_loop(self, node, rest, loop: _Loop | None) -> list[ast.stmt]:
        out = []
        if loop is not None:  # a return inside an inner loop also leaves the outer one
            out.append(ast.If(test=_name(self.returned),
                              body=[_assign(loop.stop, True), _assign(loop.go, False)], orelse=[]))
        if rest:
            out += self._guarded(node, rest, loop)
        return self._located(node, out)

    def _else_spelled_out(self, stmt: ast.For | ast.While) -> list[ast.stmt]:
        """``for ...: body else: rest`` as ``_broken = False; for ...: body (each break of its
        own first setting _broken = True); if not _broken: rest``: the ``else:`` runs unless a
        ``break`` left the loop (a ``return`` inside it skips the ``if`` as it skips any code
        after the loop)."""
        new = copy.copy(stmt)
        new.orelse = []
        if not any(isinstance(s, ast.Break) for s in _own_statements(stmt.body)):
            return self._located(stmt, [new]) + stmt.orelse
        broken = self.names.invent("_broken")
        new.body = _flag_before_breaks(stmt.body, broken)
        check = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=_name(broken)), body=stmt.orelse, orelse=[])
        return self._located(stmt, [_assign(broken, False), new, check])

    def _loop(self, stmt: ast.For | ast.While) -> list[ast.stmt]:
        new = copy.copy(stmt)
        if not _loop_jumps(stmt.body):
            new.body = self.block(stmt.body, loop=None)
            return [new]
        loop = _Loop(go=self.names.invent("_go"), stop=self.names.invent("_stop"))
        new.body = self._located(stmt, [_assign(loop.go, True)]) + self.block(stmt.body, loop)
        setattr(new, EXIT_FLAG, loop.stop)
        return self._located(stmt, [_assign(loop.stop, False)]) + [new]

    @staticmethod
    def _located(node: ast.AST, stmts: list[ast.stmt]) -> list[ast.stmt]:
        for s in stmts:
            for child in ast.walk(s):
                if not hasattr(child, "lineno"):
                    ast.copy_location(child, node)
        return stmts


def _assign(name: str, value: bool) -> ast.Assign:
    return ast.Assign(targets=[_name(name, store=True)], value=ast.Constant(value))


def _name(name: str, store: bool = False) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Store() if store else ast.Load())


def _result(result: str | list[str], store: bool) -> ast.expr:
    """The name holding the returned value, or the tuple of names holding its items."""
    if isinstance(result, str):
        return _name(result, store)
    return ast.Tuple(elts=[_name(n, store) for n in result], ctx=ast.Store() if store else ast.Load())


def _tuple_arity(body: list[ast.stmt]) -> int | None:
    """The length shared by the tuple displays every ``return`` gives (``return q, True`` ...
    ``return q, False``), or None: then its items are carried as names of their own, not as a
    tuple (reverse mode carries no tuple from one iteration of a loop to the next)."""
    returns = [n for s in body for n in _walk_scope(s) if isinstance(n, ast.Return)]
    lengths = {len(r.value.elts) if isinstance(r.value, ast.Tuple) and not any(
        isinstance(e, ast.Starred) for e in r.value.elts) else None for r in returns}
    arity = lengths.pop() if len(lengths) == 1 else None
    return arity if arity is not None and arity >= 2 else None


def _has_return(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Return) for n in _walk_scope(node))


def _has_early_return(body: list[ast.stmt]) -> bool:
    returns = [n for s in body for n in _walk_scope(s) if isinstance(n, ast.Return)]
    return bool(returns) and not (len(returns) == 1 and body and body[-1] is returns[0])


def _jumps(node: ast.AST) -> bool:
    """Does ``node`` contain a break/continue of the enclosing loop, or a return?"""
    if isinstance(node, (ast.Break, ast.Continue, ast.Return)):
        return True
    if isinstance(node, (ast.For, ast.While)):
        return _has_return(node)
    if isinstance(node, _SCOPES):       # a nested function's `return` is its own
        return False
    return any(_jumps(child) for child in ast.iter_child_nodes(node))


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _walk_scope(node: ast.AST):
    """``node`` and the statements in its blocks, at any depth, not entering nested functions
    (their jumps are their own). Only statements: a jump (``return``, ``break``, ``continue``)
    and a loop are statements, and no expression holds a statement, so the walk skips every
    expression (most of a function's nodes; every function lowered and helper inlined is asked)."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        if isinstance(current, _SCOPES):
            continue
        for field in _BLOCK_FIELDS:
            block = getattr(current, field, None)
            if type(block) is list:
                pending.extend(item for item in block if isinstance(item, _IN_BLOCKS))


# the fields that hold a block of statements (``handlers``: a ``try``'s ``except`` clauses,
# ``cases``: a ``match``'s; each holds a block), and what such a list holds
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_IN_BLOCKS = (ast.stmt, ast.excepthandler, ast.match_case)


def _loop_jumps(body: list[ast.stmt]) -> bool:
    return any(_jumps(s) for s in body)


def _own_statements(body: list[ast.stmt]):
    """The statements of ``body`` and of its blocks, not those of a nested loop or definition
    (a ``break`` there leaves that loop)."""
    for stmt in body:
        yield stmt
        if not isinstance(stmt, (ast.For, ast.While, ast.AsyncFor, ast.FunctionDef, ast.AsyncFunctionDef,
                                 ast.ClassDef, ast.Lambda)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                yield from _own_statements(getattr(stmt, field, None) or [])


def _flag_before_breaks(body: list[ast.stmt], flag: str) -> list[ast.stmt]:
    """``body`` (copied) with ``flag = True`` before each ``break`` of its own."""
    out = []
    for stmt in body:
        if isinstance(stmt, ast.Break):
            out += [ast.copy_location(_assign(flag, True), stmt), stmt]
            continue
        if not isinstance(stmt, (ast.For, ast.While, ast.AsyncFor, ast.FunctionDef, ast.AsyncFunctionDef,
                                 ast.ClassDef)):
            stmt = copy.copy(stmt)
            for field in ("body", "orelse", "finalbody"):
                if isinstance(getattr(stmt, field, None), list):
                    setattr(stmt, field, _flag_before_breaks(getattr(stmt, field), flag))
            if isinstance(stmt, ast.Try):
                stmt.handlers = [_with_body(h, _flag_before_breaks(h.body, flag)) for h in stmt.handlers]
        out.append(stmt)
    return out


def _with_body(node: ast.AST, body: list[ast.stmt]) -> ast.AST:
    node = copy.copy(node)
    node.body = body
    return node
