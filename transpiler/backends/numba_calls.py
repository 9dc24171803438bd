"""NumPy calls spelled so that numba's nopython mode compiles them, the same values NumPy computes.

numba implements these functions for fewer argument forms than NumPy:

* ``np.vdot`` takes contiguous vectors only; the gradient of a sum of products of two slices
  (``np.vdot(d_out, img[i:n, j:m])``) passes matrices and strided views. NumPy's vdot flattens
  its arguments: ``vdot_flat(a, b)``, a function of the gradient's module, does that with
  ``np.ascontiguousarray(a).ravel()`` (a contiguous array is not copied).
* ``np.roll`` takes no axis; with ``axis=None`` (the whole array, flattened: numba's and NumPy's
  one meaning) the argument is dropped, and the runtime helper ``unroll(g, shift, None)`` (the
  adjoint) is ``np.roll(g, -shift)``.
* ``np.expand_dims`` takes one axis, of an array: a number given axes (``np.expand_dims(50.0,
  (-2, -1))``, the adjoint of a log-determinant) is ``np.full((1, 1), 50.0)``, its value.
* ``np.concatenate`` takes a tuple of arrays, not a list: a list display, or a name every
  assignment binds to a list display of ``n`` items and that nothing changes in place, is
  passed as the tuple of its items.
* The runtime helpers of item writes in place (opt/array_writes.py) test types and flags numba
  does not type: ``owned_copy(x)`` of an array is ``np.copy(x)``; ``stored_at(x, i, v)`` is
  ``stored_in_place(x, i, v)``, a function of the gradient's module that writes ``x[i] = v`` and
  returns ``x`` (numba's arrays are writeable, and the write keeps ``x``'s dtype, as the helper's
  copy does).
* ``add_into(d, index, g)`` (the runtime helper, whose numba version counts the elements an
  index hits, for repeats, and cannot take a slice: numba types no ``isinstance`` of one) with
  an index written as slices and integers (``slice(1, None)``, ``(i, slice(None, 2))``), which
  hit each element once: ``add_slices(d, index, g)``, a function of the gradient's module that
  is ``d[index] += g``.

* ``np.linalg.norm`` takes no string order: ``'fro'`` (of all elements, no axis: the 2-norm of
  all elements, numba's ``np.linalg.norm(a)``) and ``'nuc'`` (the sum of the singular values,
  ``np.sum(np.linalg.svd(a, False)[1])``) are written that way.

* ``np.cumsum`` takes no axis: ``np.cumsum(a, axis=k)`` (an integer constant) is
  ``cumsum_along(a, k)``, a loop along the axis (backends/numba_runtime.py).

A call it cannot spell is left as written: numba's first call then refuses it, with the line it
could not compile.
"""
from __future__ import annotations

import ast

from ..ad.derivative import Derivative
from ..ir.code import load

VDOT_FLAT = '''
def {name}(a, b):
    """``np.vdot(a, b)`` for numba, whose vdot takes contiguous vectors only: NumPy's flattening."""
    return np.vdot(np.ascontiguousarray(a).ravel(), np.ascontiguousarray(b).ravel())
'''


STORED_IN_PLACE = '''
def {name}(x, index, value):
    """``stored_at(x, index, value)`` for numba: ``x[index] = value`` in ``x`` itself (opt/array_writes.py
    writes only where no name reads ``x``'s old value), in ``x``'s dtype."""
    x[index] = value
    return x
'''


ADD_SLICES = '''
def {name}(d, index, g):
    """``d[index] += g`` in place, for an index of slices and integers (each element once)."""
    d[index] += g
    return d
'''


def spell_calls(d: Derivative) -> None:
    """Rewrite ``d.body``'s calls into the forms numba compiles (the module docstring's)."""
    function = d.function_def()
    respeller = _Respell(_fixed_lists(function), d.fresh_name)
    d.body = [respeller.visit(stmt) for stmt in d.body]
    for template, name in ((VDOT_FLAT, respeller.vdot), (STORED_IN_PLACE, respeller.stored),
                           (ADD_SLICES, respeller.add_slices)):
        if name is not None:
            d.companions = [*d.companions, _function(template, name)]


def _function(template: str, name: str) -> ast.FunctionDef:
    function = ast.parse(template.format(name=name)).body[0]
    assert isinstance(function, ast.FunctionDef)
    return function


class _Respell(ast.NodeTransformer):
    def __init__(self, fixed_lists: dict[str, int], fresh_name):
        self.fixed_lists = fixed_lists          # name -> its length, for lists nothing changes
        self.fresh_name = fresh_name
        self.vdot: str | None = None            # the name of the flattening vdot, once used
        self.stored: str | None = None          # the name of stored_at's in-place write, once used
        self.add_slices: str | None = None      # the name of add_into for slices, once used

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        name = _numpy_function(node)
        if name == "vdot" and len(node.args) == 2 and not node.keywords:
            if self.vdot is None:
                self.vdot = self.fresh_name("vdot_flat")
            return ast.copy_location(ast.Call(func=load(self.vdot), args=node.args, keywords=[]), node)
        if name == "roll":
            return _roll(node) or node
        if name == "expand_dims":
            return _expand_number(node) or node
        if name == "concatenate" and node.args:
            items = self._items(node.args[0])
            if items is not None:
                node.args = [ast.Tuple(elts=items, ctx=ast.Load()), *node.args[1:]]
            return node
        if name == "cumsum" and _cumsum_axis(node) is not None:
            return ast.copy_location(ast.Call(func=load("cumsum_along"), args=[node.args[0], _cumsum_axis(node)],
                                              keywords=[]), node)
        if ast.unparse(node.func) == "np.linalg.norm":
            return _string_order_norm(node) or node
        helper = node.func.id if isinstance(node.func, ast.Name) else None
        if helper == "owned_copy" and len(node.args) == 1:
            return ast.copy_location(_np("copy", node.args[0]), node)
        if helper == "stored_at" and len(node.args) == 3:
            if self.stored is None:
                self.stored = self.fresh_name("stored_in_place")
            return ast.copy_location(ast.Call(func=load(self.stored), args=node.args, keywords=[]), node)
        if helper == "add_into" and len(node.args) == 3 and not node.keywords and _slices(node.args[1]):
            if self.add_slices is None:
                self.add_slices = self.fresh_name("add_slices")
            return ast.copy_location(ast.Call(func=load(self.add_slices), args=node.args, keywords=[]), node)
        if isinstance(node.func, ast.Name) and node.func.id == "unroll" and len(node.args) == 3 and _none(node.args[2]):
            shift = ast.UnaryOp(op=ast.USub(), operand=node.args[1])
            return ast.copy_location(_np("roll", node.args[0], shift), node)
        return node

    def _items(self, sequence: ast.expr) -> list[ast.expr] | None:
        """The arrays ``np.concatenate`` is given, as the items of a tuple: a list display's own;
        ``x[0], ..., x[n - 1]`` of a name bound to lists of ``n`` items only."""
        if isinstance(sequence, ast.List):
            return list(sequence.elts)
        if isinstance(sequence, ast.Name) and sequence.id in self.fixed_lists:
            return [ast.Subscript(value=load(sequence.id), slice=ast.Constant(i), ctx=ast.Load())
                    for i in range(self.fixed_lists[sequence.id])]
        return None


def _fixed_lists(function: ast.FunctionDef) -> dict[str, int]:
    """The names every binding of which is a plain ``name = [a, b, ...]`` of one length ``n``,
    read only by item (``x[0]``) or by ``np.concatenate``: nothing can change such a list in
    place (no method, no call it is passed to, no item stored). Name -> ``n``."""
    lengths: dict[str, set[int]] = {}
    other: set[str] = {a.arg for a in function.args.args}
    bound_plainly: set[int] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            bound_plainly.add(id(node.targets[0]))
            if isinstance(node.value, ast.List) and not any(isinstance(e, ast.Starred) for e in node.value.elts):
                lengths.setdefault(node.targets[0].id, set()).add(len(node.value.elts))
            else:
                other.add(node.targets[0].id)
    readers = {id(child): parent for parent in ast.walk(function) for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(function):
        if not isinstance(node, ast.Name) or node.id not in lengths:
            continue
        if isinstance(node.ctx, ast.Load):
            parent = readers.get(id(node))
            read_by_item = (isinstance(parent, ast.Subscript) and parent.value is node
                            and isinstance(parent.ctx, ast.Load))
            concatenated = (isinstance(parent, ast.Call) and _numpy_function(parent) == "concatenate"
                            and parent.args[:1] == [node])
            if not (read_by_item or concatenated):
                other.add(node.id)
        elif id(node) not in bound_plainly:       # (a loop target, unpacking, del ...)
            other.add(node.id)
    return {name: next(iter(n)) for name, n in lengths.items() if len(n) == 1 and name not in other}


def _slices(index: ast.expr) -> bool:
    """Is ``index`` written as slices (``slice(...)`` calls, of any bounds) and integer
    constants, with at least one slice: an index that hits each element once?"""
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    def is_slice(part: ast.expr) -> bool:
        return isinstance(part, ast.Call) and isinstance(part.func, ast.Name) and part.func.id == "slice"
    return any(map(is_slice, parts)) and all(is_slice(p) or _is_int(p) for p in parts)


def _roll(node: ast.Call) -> ast.Call | None:
    """``np.roll(a, shift)`` for ``np.roll(a, shift, None)`` or ``axis=None``; None for an axis."""
    axis = node.args[2] if len(node.args) == 3 else next((k.value for k in node.keywords if k.arg == "axis"), None)
    if axis is None or not _none(axis) or len(node.args) < 2:
        return None
    return ast.copy_location(_np("roll", node.args[0], node.args[1]), node)


def _cumsum_axis(node: ast.Call) -> ast.expr | None:
    """The integer constant axis of ``np.cumsum(a, k)`` or ``np.cumsum(a, axis=k)`` (no dtype)."""
    keywords = {k.arg: k.value for k in node.keywords}
    if len(node.args) == 2 and not keywords:
        axis = node.args[1]
    elif len(node.args) == 1 and set(keywords) == {"axis"}:
        axis = keywords["axis"]
    else:
        return None
    return axis if _is_int(axis) else None


def _string_order_norm(node: ast.Call) -> ast.expr | None:
    """``np.linalg.norm(a)`` for ``np.linalg.norm(a, 'fro')``; the sum of the singular values
    for ``'nuc'``; None for any other call (an axis, keepdims)."""
    keywords = {k.arg: k.value for k in node.keywords}
    if not node.args or not set(keywords) <= {"ord"} or len(node.args) + len(keywords) != 2:
        return None
    order = node.args[1] if len(node.args) == 2 else keywords["ord"]
    if not isinstance(order, ast.Constant) or order.value not in ("fro", "f", "nuc"):
        return None
    norm = ast.Call(func=node.func, args=[node.args[0]], keywords=[])
    if order.value == "nuc":
        svd = ast.Call(func=ast.Attribute(value=ast.Attribute(value=load("np"), attr="linalg", ctx=ast.Load()),
                                          attr="svd", ctx=ast.Load()), args=[node.args[0], ast.Constant(False)], keywords=[])
        norm = _np("sum", ast.Subscript(value=svd, slice=ast.Constant(1), ctx=ast.Load()))
    return ast.copy_location(norm, node)


def _expand_number(node: ast.Call) -> ast.Call | None:
    """``np.full((1,) * k, c)`` for ``np.expand_dims(c, axes)`` of a number ``c`` and ``k`` axes."""
    if len(node.args) != 2 or node.keywords:
        return None
    number, axes = node.args
    count = len(axes.elts) if isinstance(axes, ast.Tuple) else 1 if isinstance(axes, ast.Constant) else None
    if count is None or not _is_number(number) or not all(_is_int(a) for a in getattr(axes, "elts", [axes])):
        return None
    shape = ast.Tuple(elts=[ast.Constant(1)] * count, ctx=ast.Load())
    return ast.copy_location(_np("full", shape, number), node)


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _is_number(node.operand)
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _is_int(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _is_int(node.operand)
    return isinstance(node, ast.Constant) and type(node.value) is int


def _none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _numpy_function(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np":
        return func.attr
    return None


def _np(function: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Attribute(value=load("np"), attr=function, ctx=ast.Load()), args=list(args), keywords=[])
