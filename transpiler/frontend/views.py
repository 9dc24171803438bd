"""Named windows of an array updated in place: ``u = U[1:-1, 1:-1]`` then ``u += du`` (Rougier's
Gray-Scott update, stencil codes that name the interior of a padded grid).

In Python ``u`` is a view: ``u += du`` writes into ``U``, and ``u`` always shows ``U``'s current
values there. Before lowering, such a name is read as what it stands for: every later ``u`` is
``U[1:-1, 1:-1]`` and ``u += du`` is ``U[1:-1, 1:-1] += du``, which the lowering supports as any
write into ``U``. That is exact only where the name can never be anything else, so the rewrite
is made only when all of this holds (else the code is left as written, and an in-place update
through the alias is refused as before):

* the binding is a statement of the function's own body (not inside a branch or loop), to one
  name or a tuple of names from a tuple of such subscripts;
* the index is a tuple (an array's index: a list would copy) of integer constants, slices of
  integer constants and ``...``, one at least a slice or ``...`` (so NumPy gives a view, not a
  number), and means the same wherever it is read again;
* the name is bound nowhere else (no other assignment, loop target, parameter, ``del``,
  ``global``) and only read or updated with an augmented assignment, after the binding;
* the array's name is never rebound from there on (written into, or updated with ``+=``, only)."""
from __future__ import annotations

import ast
import copy


def inline_views(fn: ast.FunctionDef) -> ast.FunctionDef:
    """``fn`` with each qualifying view name replaced by the subscript it was bound to (a copy;
    ``fn`` itself where there is none)."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return fn
    views = {}
    for position, stmt in enumerate(fn.body):
        for name, base, index in _bindings(stmt):
            if name not in views and _only_read_after(fn, name, position) and _never_rebound_after(fn, base, position):
                views[name] = (base, index, position)
    if not views:
        return fn
    fn = copy.deepcopy(fn)
    for name, (base, index, position) in views.items():
        for stmt in fn.body[position + 1:]:
            _Substitute(name, base, index).visit(stmt)
    return ast.fix_missing_locations(fn)


def _bindings(stmt: ast.stmt):
    """(name, array name, index) of ``name = array[index]`` or ``a, b = A[i], B[j]``."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return []
    target, value = stmt.targets[0], stmt.value
    pairs = ([(target, value)] if isinstance(target, ast.Name) else
             list(zip(target.elts, value.elts)) if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
             and len(target.elts) == len(value.elts) else [])
    return [(t.id, v.value.id, v.slice) for t, v in pairs
            if isinstance(t, ast.Name) and isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name)
            and t.id != v.value.id and _constant_array_index(v.slice)]


def _constant_array_index(index: ast.expr) -> bool:
    """A tuple of constant integers, slices and ``...``, with a slice or ``...``: NumPy's basic
    indexing, which gives a view (integers alone give a number, not a window)."""
    return isinstance(index, ast.Tuple) and len(index.elts) >= 2 and any(
        isinstance(e, ast.Slice) or isinstance(e, ast.Constant) and e.value is Ellipsis for e in index.elts) and all(
        _integer(e) or e is None or isinstance(e, ast.Constant) and e.value is Ellipsis
        or isinstance(e, ast.Slice) and all(p is None or _integer(p) for p in (e.lower, e.upper, e.step))
        for e in index.elts)


def _integer(node) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def _only_read_after(fn: ast.FunctionDef, name: str, position: int) -> bool:
    """Is ``name`` bound only by statement ``position`` of ``fn``'s body, and only read, or
    updated by ``name op= v``, after it (nested functions and comprehensions included)?"""
    if _declared_or_parameter(fn, name):
        return False
    updated = {id(s.target) for s in ast.walk(fn) if isinstance(s, ast.AugAssign)}
    binding = {id(n) for n in ast.walk(fn.body[position]) if isinstance(n, ast.Name) and n.id == name}
    for i, stmt in enumerate(fn.body):
        for node in ast.walk(stmt):
            if not (isinstance(node, ast.Name) and node.id == name) or id(node) in binding:
                continue
            if i <= position or not (isinstance(node.ctx, ast.Load) or id(node) in updated):
                return False
    return True


def _never_rebound_after(fn: ast.FunctionDef, name: str, position: int) -> bool:
    """Is ``name`` bound again nowhere from statement ``position`` of ``fn``'s body on (an
    augmented assignment updates it in place), nor in a function defined in ``fn``?"""
    if _declared_or_parameter(fn, name, own_parameters=False):
        return False
    updated = {id(s.target) for s in ast.walk(fn) if isinstance(s, ast.AugAssign)}
    later = [n for stmt in fn.body[position:] for n in ast.walk(stmt)]
    nested = [n for d in ast.walk(fn) if d is not fn and isinstance(d, (ast.FunctionDef, ast.Lambda))
              for n in ast.walk(d)]
    return not any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
                   and id(n) not in updated for n in later + nested)


def _declared_or_parameter(fn: ast.FunctionDef, name: str, own_parameters: bool = True) -> bool:
    """Is ``name`` a parameter (of ``fn`` if ``own_parameters``, or of a function or lambda in
    it), or declared ``global`` / ``nonlocal``?"""
    for node in ast.walk(fn):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return True
        if isinstance(node, ast.arg) and node.arg == name and (own_parameters or not _own_parameter(fn, node)):
            return True
    return False


def _own_parameter(fn: ast.FunctionDef, arg: ast.arg) -> bool:
    a = fn.args
    return any(arg is p for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if p is not None)


class _Substitute(ast.NodeTransformer):
    """``name`` read: ``base[index]``; ``name op= v``: ``base[index] op= v``."""

    def __init__(self, name: str, base: str, index: ast.expr):
        self.name, self.base, self.index = name, base, index

    def _window(self, node: ast.AST, ctx) -> ast.Subscript:
        window = ast.Subscript(value=ast.Name(id=self.base, ctx=ast.Load()), slice=copy.deepcopy(self.index), ctx=ctx)
        return ast.copy_location(window, node)

    def visit_Name(self, node: ast.Name):
        return self._window(node, ast.Load()) if node.id == self.name else node

    def visit_AugAssign(self, node: ast.AugAssign):
        node.value = self.visit(node.value)
        if isinstance(node.target, ast.Name) and node.target.id == self.name:
            node.target = self._window(node.target, ast.Store())
        else:
            node.target = self.visit(node.target)
        return node
