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
* the array's name is never rebound from there on (written into, or updated with ``+=``, only).

Another name for the same object is read the same way (the cookbook's Laplace solver:
``u = g.u`` then ``u[1:-1, 1:-1] = ...`` and ``g.computeError()`` reading ``g.u``; ``y = x``
then ``y[0] = v``): every later ``u`` is ``g.u``, so the write is one into ``g.u``, which the
lowering supports. In Python both names are the one object, so this is exact while the base
means that object; the rewrite is made only where, besides the rules above for the name:

* the base is a name, or an attribute ``obj.attr`` of a name;
* neither the name nor the base is updated with ``+=`` (on a number that rebinds only one of
  them) and the base (``obj`` and ``obj.attr``: an attribute of that name on any object, or a
  ``del``) is never rebound from the binding to the last statement reading the name;
* for an attribute, no call in those statements could rebind it: only the name's own methods
  (``u.copy()``), builtins (``range``, ``len``, ...) and functions of NumPy, SciPy and math by
  their usual names are called there."""
from __future__ import annotations

import ast
import copy

import numpy as np

from ..ir.code import all_nodes, copy_tree, name_nodes


def inline_views(fn: ast.FunctionDef) -> ast.FunctionDef:
    """``fn`` with each qualifying view name replaced by the subscript it was bound to (a copy;
    ``fn`` itself where there is none)."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return fn
    views = {}
    for position, stmt in enumerate(fn.body):
        for name, base, index in _bindings(stmt, lambda base: _made_array(fn, base, position)):
            if name not in views and _only_read_after(fn, name, position) and _never_rebound_after(fn, base, position):
                views[name] = (base, index, position)
    aliases = [(name, base, path) for name, base, block, position in _aliases(fn) if name not in views
               for path in [_path(fn, block, position)]]
    if not views and not aliases:
        return fn
    fn = copy_tree(fn)         # (a field copy: a deep copy of a long function is a fifth of its lowering)
    for name, (base, index, position) in views.items():
        _substitute(fn.body[position + 1:], _Substitute(name, base, index))
    for name, base, (block_of, position) in aliases:
        _substitute(block_of(fn)[position + 1:], _Substitute(name, base, None))
    return ast.fix_missing_locations(fn)


def _substitute(stmts: list[ast.stmt], substitute: _Substitute) -> None:
    """``substitute`` made in each of ``stmts`` that has the name (looked for first, by a walk
    several times cheaper than the rewrite's: ``y = x`` at the top of a long function is read in
    a few of its statements, and the rewrite visited every node of all of them)."""
    for stmt in stmts:
        if any(node.id == substitute.name for node in name_nodes(stmt)):
            substitute.visit(stmt)


def _path(fn: ast.FunctionDef, block: list[ast.stmt], position: int):
    """A way to find ``block`` again in a deep copy of ``fn``: (function of the copy, position)."""
    index = next(i for i, b in enumerate(_blocks(fn.body)) if b is block)
    return (lambda copied: list(_blocks(copied.body))[index]), position


def _aliases(fn: ast.FunctionDef):
    """(name, base, block, position) of each ``name = other`` / ``name = obj.attr`` (another name
    for the same object) in a statement list of ``fn`` (its body, a branch's, a loop's) that
    qualifies: the name is read, or written into, only in the statements after it in that list
    (a loop's next iteration binds it again before reading it), and stays the object its base
    means there (see the module's docstring)."""
    scope = None
    for block in _blocks(fn.body):
        for position, stmt in enumerate(block):
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
                continue
            name, base = stmt.targets[0].id, stmt.value
            root = _root(base)
            if root is None or root == name:
                continue
            scope = scope or _Scope(fn)     # (made at the first candidate: most functions have none)
            if not scope.local(root) or scope.declared_or_parameter(name) \
                    or scope.declared_or_parameter(root, own_parameters=False):
                continue
            after = block[position + 1:]
            found = [(i, n) for i, s in enumerate(after) for n in name_nodes(s) if n.id == name]
            if found and scope.only_loaded_in(name, stmt, {id(n) for _, n in found}) \
                    and _alias_holds(root, base, name, after[:found[-1][0] + 1]):
                yield name, base, block, position


class _Scope:
    """What the checks of an alias ask of the whole function, found in one walk of it. (Each
    candidate ``name = other`` asked them of every node again: a long function with an alias at
    its top spent a twentieth of its compile there, one with ``k`` aliases ``k`` times that.)"""

    def __init__(self, fn: ast.FunctionDef):
        nodes = all_nodes(fn)
        self.occurrences: dict[str, list[ast.Name]] = {}       # each name's nodes, bound or read
        for node in nodes:
            if type(node) is ast.Name:
                self.occurrences.setdefault(node.id, []).append(node)
        self.augmented = {id(node.target) for node in nodes if isinstance(node, ast.AugAssign)}
        self.declared = {name for node in nodes if isinstance(node, (ast.Global, ast.Nonlocal)) for name in node.names}
        parameters = [node for node in nodes if isinstance(node, ast.arg)]
        self.parameters = {p.arg for p in parameters}
        self.nested_parameters = {p.arg for p in parameters if not _own_parameter(fn, p)}
        self.fn = fn

    def declared_or_parameter(self, name: str, own_parameters: bool = True) -> bool:
        """:func:`_declared_or_parameter`, looked up."""
        return name in self.declared or name in (self.parameters if own_parameters else self.nested_parameters)

    def local(self, name: str) -> bool:
        """Is ``name`` a parameter of the function or assigned in it (not a global's or
        closure's value, which is never written)?"""
        return _own_parameter_named(self.fn, name) or any(
            isinstance(n.ctx, ast.Store) for n in self.occurrences.get(name, ()))

    def only_loaded_in(self, name: str, binding: ast.stmt, inside: set[int]) -> bool:
        """Is every other occurrence of ``name`` in the function a read among the nodes
        ``inside`` (ids: the name's nodes in the statements after the binding)? Written into by
        ``name[i] = v`` is a read of ``name``; ``name += v`` is not allowed."""
        target = binding.targets[0]
        return all(n is target or (id(n) in inside and isinstance(n.ctx, ast.Load) and id(n) not in self.augmented)
                   for n in self.occurrences.get(name, ()))


def _blocks(stmts: list[ast.stmt]):
    """``stmts`` and the statement lists nested in them (not in nested functions or classes)."""
    yield stmts
    for stmt in stmts:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                yield from _blocks(inner)
        for handler in getattr(stmt, "handlers", ()):
            yield from _blocks(handler.body)


def _root(base: ast.expr) -> str | None:
    """``x`` of a base ``x`` or ``obj.attr`` (None for anything else, and for an array's own
    attributes such as ``m.T``: a view, not an object's attribute)."""
    if isinstance(base, ast.Name):
        return base.id
    if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) and not hasattr(np.ndarray, base.attr):
        return base.value.id
    return None


def _own_parameter_named(fn: ast.FunctionDef, name: str) -> bool:
    """Is ``name`` a parameter of ``fn``? (With a binding of it in ``fn``: a local, not a
    global's or closure's value, which is never written.)"""
    a = fn.args
    return any(p is not None and p.arg == name for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg))


# Calls that cannot rebind an attribute of the function's objects: builtins, and NumPy, SciPy
# and math functions by the names they are imported as.
_HARMLESS_CALLS = {"range", "len", "float", "int", "abs", "min", "max", "sum", "enumerate", "zip", "round", "print"}
_LIBRARY_ROOTS = {"np", "numpy", "math", "scipy", "sp", "linalg", "special", "stats"}


def _alias_holds(root: str, base: ast.expr, name: str, span: list[ast.stmt]) -> bool:
    """Does ``base`` mean the same object throughout ``span`` (the statements from the binding
    to the last one reading ``name``)? Its root is never rebound or updated with ``+=`` there;
    for ``obj.attr``, no attribute ``attr`` of any object is assigned or deleted there, and
    every call is one that cannot rebind it."""
    nodes = all_nodes(span)
    if any(isinstance(n, ast.Name) and n.id == root and not isinstance(n.ctx, ast.Load) for n in nodes) \
            or any(isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and n.target.id == root
                   for n in nodes):
        return False
    if isinstance(base, ast.Name):
        return True
    if any(isinstance(n, ast.Attribute) and n.attr == base.attr and not isinstance(n.ctx, ast.Load) for n in nodes):
        return False
    return all(_harmless(call, name) for call in nodes if isinstance(call, ast.Call))


def _harmless(call: ast.Call, name: str) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in _HARMLESS_CALLS
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and (func.id in _LIBRARY_ROOTS or func.id == name and isinstance(
        call.func, ast.Attribute) and call.func.value is func)


def _bindings(stmt: ast.stmt, made_array=lambda base: False):
    """(name, array name, index) of ``name = array[index]`` or ``a, b = A[i], B[j]``; a single
    slice (``u[1:-1]``, a copy for a list) only where ``made_array(base)`` says ``base`` is an array."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return []
    target, value = stmt.targets[0], stmt.value
    pairs = ([(target, value)] if isinstance(target, ast.Name) else
             list(zip(target.elts, value.elts)) if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
             and len(target.elts) == len(value.elts) else [])
    return [(t.id, v.value.id, v.slice) for t, v in pairs
            if isinstance(t, ast.Name) and isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name)
            and t.id != v.value.id and (_constant_array_index(v.slice)
                                        or _constant_slice(v.slice) and made_array(v.value.id))]


def _constant_array_index(index: ast.expr) -> bool:
    """A tuple of constant integers, slices and ``...``, with a slice or ``...``: NumPy's basic
    indexing, which gives a view (integers alone give a number, not a window)."""
    return isinstance(index, ast.Tuple) and len(index.elts) >= 2 and any(
        isinstance(e, ast.Slice) or isinstance(e, ast.Constant) and e.value is Ellipsis for e in index.elts) and all(
        _integer(e) or e is None or isinstance(e, ast.Constant) and e.value is Ellipsis
        or isinstance(e, ast.Slice) and all(p is None or _integer(p) for p in (e.lower, e.upper, e.step))
        for e in index.elts)


def _constant_slice(index: ast.expr) -> bool:
    return isinstance(index, ast.Slice) and all(p is None or _integer(p) for p in (index.lower, index.upper, index.step))


# NumPy functions whose result is always a new ndarray (never a list, never an argument itself).
_ARRAY_MAKERS = {"zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like",
                 "array", "copy", "arange", "linspace", "eye", "identity"}


def _made_array(fn: ast.FunctionDef, name: str, position: int) -> bool:
    """Is ``name`` bound once in ``fn``, by a statement of its body before ``position``, to a new
    NumPy array (``u = np.zeros(n)``, ``np.array(...)``, ``np.copy(x)``)? Then ``name[1:-1]``
    is a view, as a tuple index's is."""
    bindings = [n for n in name_nodes(fn) if n.id == name and not isinstance(n.ctx, ast.Load)]
    if len(bindings) != 1 or _declared_or_parameter(fn, name):
        return False
    for stmt in fn.body[:position]:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and stmt.targets[0] is bindings[0]:
            call = stmt.value
            return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                and isinstance(call.func.value, ast.Name) and call.func.value.id in ("np", "numpy") \
                and call.func.attr in _ARRAY_MAKERS
    return False


def _integer(node) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def _only_read_after(fn: ast.FunctionDef, name: str, position: int) -> bool:
    """Is ``name`` bound only by statement ``position`` of ``fn``'s body, and only read, or
    updated by ``name op= v``, after it (nested functions and comprehensions included)?"""
    if _declared_or_parameter(fn, name):
        return False
    updated = {id(s.target) for s in all_nodes(fn) if isinstance(s, ast.AugAssign)}
    binding = {id(n) for n in name_nodes(fn.body[position]) if n.id == name}
    for i, stmt in enumerate(fn.body):
        for node in name_nodes(stmt):
            if node.id != name or id(node) in binding:
                continue
            if i <= position or not (isinstance(node.ctx, ast.Load) or id(node) in updated):
                return False
    return True


def _never_rebound_after(fn: ast.FunctionDef, name: str, position: int) -> bool:
    """Is ``name`` bound again nowhere from statement ``position`` of ``fn``'s body on (an
    augmented assignment updates it in place), nor in a function defined in ``fn``?"""
    if _declared_or_parameter(fn, name, own_parameters=False):
        return False
    every = all_nodes(fn)
    updated = {id(s.target) for s in every if isinstance(s, ast.AugAssign)}
    later = name_nodes(fn.body[position:])
    nested = [n for d in every if d is not fn and isinstance(d, (ast.FunctionDef, ast.Lambda))
              for n in name_nodes(d)]
    return not any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
                   and id(n) not in updated for n in later + nested)


def _declared_or_parameter(fn: ast.FunctionDef, name: str, own_parameters: bool = True) -> bool:
    """Is ``name`` a parameter (of ``fn`` if ``own_parameters``, or of a function or lambda in
    it), or declared ``global`` / ``nonlocal``?"""
    for node in all_nodes(fn):
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

    def _window(self, node: ast.AST, ctx) -> ast.expr:
        if self.index is None:                # another name for the object: the base itself
            return ast.copy_location(copy.deepcopy(self.base), node)
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
