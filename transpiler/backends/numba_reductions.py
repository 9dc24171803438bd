"""Reductions along one axis spelled so that numba compiles them.

numba's nopython mode reduces along an axis only with ``sum`` (``np.sum(a, axis=k)``), and
never keeps the reduced axis: ``a.max(axis=1)``, ``np.mean(a, axis=0)`` and ``keepdims=True``
do not compile. Softmax, log-softmax and logsumexp (``a - a.max(axis=-1, keepdims=True)``)
are written that way, and so are their adjoints. This pass spells each such reduction with what
numba has, the same values NumPy computes:

* ``keepdims=True``: the reduction without it, then ``np.expand_dims(r, k)`` (a negative ``k``
  names the same axis in both);
* ``mean`` along ``k``: ``np.sum(a, axis=k) / a.shape[k]`` (NumPy's mean is that sum divided);
* ``max``, ``min``, ``prod``, ``var``, ``std`` along ``k`` of an array of known rank: a loop
  (``max_along``, a function generated with the gradient and jitted with it) over ``a`` viewed as
  (before, n, after), the middle axis reduced, the result shaped back. An array that is an
  expression (``np.real(a)``) is passed to a function of its own that names it once and calls
  the loop.

A reduction it cannot spell (an axis tuple, a rank not known) is left as written: numba's
first call then refuses it with the line it could not compile.
"""
from __future__ import annotations

import ast

from ..ad.derivative import Derivative
from ..ir.code import load

_REDUCTIONS = {"sum": "sum", "mean": "mean", "max": "max", "amax": "max", "min": "min", "amin": "min",
               "prod": "prod", "var": "var", "std": "std"}
# elementwise functions of one array: their result has its rank
_ELEMENTWISE = frozenset({"real", "imag", "conj", "abs", "negative", "exp", "log", "sqrt", "tanh", "square"})


def spell_reductions(d: Derivative) -> None:
    """Rewrite ``d.body``'s reductions along an axis into spellings numba compiles; the loop
    functions they call become companions of ``d``."""
    shapes = {**{k: v for k, v in d.param_shapes.items() if isinstance(v, tuple)}, **d.shapes}
    respeller = _Respell(shapes, d.fresh_name)
    d.body = [respeller.visit(stmt) for stmt in d.body]
    d.companions = [*d.companions, *(_loop_function(op, name) for op, name in respeller.loops.items()),
                    *(_extremum_function(case, name) for case, name in respeller.extrema.items()),
                    *respeller.wrappers]


class _Respell(ast.NodeTransformer):
    def __init__(self, shapes: dict[str, tuple], fresh_name):
        self.shapes = shapes
        self.fresh_name = fresh_name
        self.loops: dict[str, str] = {}       # operation -> the loop function the new code calls
        self.extrema: dict[str, str] = {}     # "all", "kept", "dropped" -> the adjoint function called
        self.wrappers: list[ast.FunctionDef] = []   # loops over an expression: the function naming it

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "unreduce":
            return _unreduced(node) or node
        if isinstance(node.func, ast.Name) and node.func.id == "extremum_adjoint":
            return self._extremum_adjoint(node) or node
        parts = _reduction(node)
        if parts is None:
            return node
        op, array, axis, keepdims = parts
        if isinstance(axis, tuple):
            summed = self._sum_along_axes(array, axis) if op == "sum" and not keepdims else None
            return node if summed is None else ast.copy_location(summed, node)
        if op == "sum" and not keepdims:
            return node                        # numba has it
        reduced = self._along(op, array, axis, keepdims)
        return node if reduced is None else ast.copy_location(reduced, node)

    def _rank(self, array: ast.expr) -> int | None:
        """The number of axes of ``array`` where known: a name's, a number's (0), or the
        larger of an arithmetic expression's operands' (broadcasting)."""
        if isinstance(array, ast.Constant):
            return 0 if isinstance(array.value, (int, float)) else None
        if isinstance(array, ast.UnaryOp):
            return self._rank(array.operand)
        if isinstance(array, ast.BinOp):
            left, right = self._rank(array.left), self._rank(array.right)
            return None if left is None or right is None else max(left, right)
        if (isinstance(array, ast.Call) and len(array.args) == 1 and not array.keywords
                and isinstance(array.func, ast.Attribute) and array.func.attr in _ELEMENTWISE
                and isinstance(array.func.value, ast.Name) and array.func.value.id == "np"):
            return self._rank(array.args[0])
        shape = self.shapes.get(array.id) if isinstance(array, ast.Name) else None
        return len(shape) if isinstance(shape, tuple) else None

    def _extremum_adjoint(self, node: ast.Call) -> ast.expr | None:
        """``extremum_adjoint(g, y, x, axis, keepdims)`` (the runtime helper: its branches call
        ``unreduce``) as a companion written for the case at hand."""
        if node.keywords or len(node.args) not in (3, 5):
            return None
        g, y, x, *rest = node.args
        axis, keepdims = (_integer(rest[0]), rest[1]) if rest else (None, ast.Constant(False))
        if not isinstance(keepdims, ast.Constant) or not isinstance(keepdims.value, bool) or (
                axis is None and rest and not (isinstance(rest[0], ast.Constant) and rest[0].value is None)):
            return None
        vector = self._rank(x) == 1           # (its extremum along the axis: along all of it)
        case = "all" if axis is None or vector else "kept" if keepdims.value else "dropped"
        if case not in self.extrema:
            self.extrema[case] = self.fresh_name("extremum_adjoint")
        args = [g, y, x] + ([] if case == "all" else [ast.Constant(axis)])
        return ast.copy_location(ast.Call(func=load(self.extrema[case]), args=args, keywords=[]), node)

    def _along(self, op: str, array: ast.expr, axis: int, keepdims: bool) -> ast.expr | None:
        """``op`` of ``array`` along ``axis``, the axis kept if ``keepdims``: numba's own sum
        where it has one (not of a vector, whose sum is a number), else a loop function."""
        rank = self._rank(array)
        if rank == 1:                          # a vector's: a number (numba's too), or one element
            whole = _np(op, array)
            return _np("full", ast.Constant(1), whole) if keepdims else whole
        if op in ("sum", "mean"):
            reduced: ast.expr = _np("sum", array, keywords={"axis": ast.Constant(axis)})
            if op == "mean":
                if not isinstance(array, ast.Name):    # (its shape is read too: it must not run twice)
                    return self._along_expression(op, array, axis, keepdims, rank) if rank else None
                reduced = ast.BinOp(left=reduced, op=ast.Div(), right=_dim(array.id, axis))
            return _np("expand_dims", reduced, ast.Constant(axis)) if keepdims else reduced
        if not rank or not -rank <= axis < rank:
            return None
        if not isinstance(array, ast.Name):
            return self._along_expression(op, array, axis, keepdims, rank)
        k = axis % rank
        if op not in self.loops:
            self.loops[op] = self.fresh_name(f"{op}_along")
        before = _product([_dim(array.id, i) for i in range(k)])
        after = _product([_dim(array.id, i) for i in range(k + 1, rank)])
        looped = ast.Call(func=load(self.loops[op]), args=[load(array.id), before, _dim(array.id, k), after],
                          keywords=[])
        shape = [ast.Constant(1) if i == k else _dim(array.id, i) for i in range(rank) if keepdims or i != k]
        return ast.Call(func=ast.Attribute(value=looped, attr="reshape", ctx=ast.Load()),
                        args=[ast.Tuple(elts=shape, ctx=ast.Load())], keywords=[])


    def _sum_along_axes(self, array: ast.expr, axes: tuple[int, ...]) -> ast.expr | None:
        """``np.sum(a, axis=(0, 1))`` as sums along one axis each, the last axis first (the
        axes before it keep their numbers); negative axes where the rank is known."""
        rank = self._rank(array)
        if rank is None and any(a < 0 for a in axes):
            return None
        normal = sorted({a % rank if rank else a for a in axes}, reverse=True)
        if len(normal) != len(axes) or (rank is not None and normal[0] >= rank):
            return None
        summed = array
        for axis in normal:
            summed = _np("sum", summed, keywords={"axis": ast.Constant(axis)})
        return summed

    def _along_expression(self, op: str, array: ast.expr, axis: int, keepdims: bool, rank: int) -> ast.expr:
        """``op`` along ``axis`` of an expression (``np.real(a)``): a function of the gradient's
        module that takes its value as ``a`` (it runs once) and loops over that."""
        name = self.fresh_name(f"{op}_along_axis")
        inner = _Respell({"a": (None,) * rank}, self.fresh_name)
        inner.loops, inner.extrema, inner.wrappers = self.loops, self.extrema, self.wrappers
        body = inner._along(op, load("a"), axis, keepdims)
        function = ast.parse(f"def {name}(a):\n    return a").body[0]
        assert isinstance(function, ast.FunctionDef) and isinstance(function.body[0], ast.Return)
        function.body[0].value = body
        self.wrappers.append(ast.fix_missing_locations(function))
        return ast.Call(func=load(name), args=[array], keywords=[])


def _unreduced(node: ast.Call) -> ast.expr | None:
    """``unreduce(g, x, axis, keepdims)`` (the runtime helper, which numba cannot compile: it
    builds a tuple from a generator) for a constant axis: ``g`` broadcast to ``x``'s shape, the
    reduced axis put back first where it was dropped. ``x`` may be an expression the printer
    folded into the call (``_t3 * 2.0``): it runs once either way, as the helper's argument or
    for its ``.shape``."""
    if len(node.args) != 4 or node.keywords:
        return None
    g, x, axis_node, keepdims = node.args
    axis = _integer(axis_node)
    if not isinstance(keepdims, ast.Constant) or not isinstance(keepdims.value, bool):
        return None
    if axis is not None and not keepdims.value:
        g = _np("expand_dims", g, ast.Constant(axis))
    elif not (isinstance(axis_node, ast.Constant) and axis_node.value is None or keepdims.value):
        return None                                 # an axis tuple
    shape = ast.Attribute(value=x, attr="shape", ctx=ast.Load())
    return ast.copy_location(_np("broadcast_to", g, shape), node)


def _reduction(node: ast.Call) -> tuple[str, ast.expr, int | tuple[int, ...], bool] | None:
    """(operation, array, axis, keepdims) of ``np.max(a, axis=k, ...)`` or ``a.max(k, ...)``
    (sum, mean, max, min, prod, var, std) along one constant axis or a tuple of them; None for
    anything else."""
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in _REDUCTIONS:
        return None
    if isinstance(func.value, ast.Name) and func.value.id == "np":
        if not node.args:
            return None
        array, positional = node.args[0], node.args[1:]
    elif func.attr in ("amax", "amin"):
        return None
    else:
        array, positional = func.value, node.args
    keywords = {k.arg: k.value for k in node.keywords}
    if len(positional) > 1 or set(keywords) - {"axis", "keepdims"} or (positional and "axis" in keywords):
        return None
    axis_node = positional[0] if positional else keywords.get("axis")
    axis: int | tuple[int, ...] | None = _integer(axis_node)
    if isinstance(axis_node, ast.Tuple) and axis_node.elts:
        axes = [_integer(e) for e in axis_node.elts]
        axis = None if None in axes else tuple(a for a in axes if a is not None)
    keepdims = keywords.get("keepdims", ast.Constant(False))
    if axis is None or not (isinstance(keepdims, ast.Constant) and isinstance(keepdims.value, bool)):
        return None
    return _REDUCTIONS[func.attr], array, axis, keepdims.value


def _integer(node: ast.expr | None) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _integer(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _dim(name: str, i: int) -> ast.expr:
    shape = ast.Attribute(value=load(name), attr="shape", ctx=ast.Load())
    return ast.Subscript(value=shape, slice=ast.Constant(i), ctx=ast.Load())


def _product(factors: list[ast.expr]) -> ast.expr:
    if not factors:
        return ast.Constant(1)
    result = factors[0]
    for factor in factors[1:]:
        result = ast.BinOp(left=result, op=ast.Mult(), right=factor)
    return result


def _np(function: str, *args: ast.expr, keywords: dict | None = None) -> ast.Call:
    return ast.Call(func=ast.Attribute(value=load("np"), attr=function, ctx=ast.Load()), args=list(args),
                    keywords=[ast.keyword(arg=k, value=v) for k, v in (keywords or {}).items()])


def _loop_function(op: str, name: str) -> ast.FunctionDef:
    if op in ("var", "std"):
        source = _SPREAD_LOOPS.format(name=name, op=op, result="np.sqrt(out / n)" if op == "std" else "out / n")
    else:
        source = f'''
def {name}(a, before, n, after):
    """``a.{op}(axis=k)`` for numba, whose {op} takes no axis: ``a`` seen as (before, n, after), its
    middle axis reduced."""
    b = np.ascontiguousarray(a).reshape((before, n, after))
    out = np.empty((before, after), b.dtype)
    for i in range(before):
        for j in range(after):
            out[i, j] = b[i, :, j].{op}()
    return out
'''
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    return function


# NumPy's two passes (the mean, then the mean square of the deviations), each along the rows of
# memory (the reduced axis in the middle loop). Float64 for every array, integers' included (a
# float32 array's too, where NumPy computes in float32; a float32 gradient is cast back at the end).
_SPREAD_LOOPS = '''
def {name}(a, before, n, after):
    """``a.{op}(axis=k)`` for numba, whose {op} takes no axis: ``a`` seen as (before, n, after), its
    middle axis reduced."""
    b = np.ascontiguousarray(a).reshape((before, n, after))
    mean = np.zeros((before, after))
    for i in range(before):
        for m in range(n):
            for j in range(after):
                mean[i, j] += b[i, m, j]
    mean /= n
    out = np.zeros((before, after))
    for i in range(before):
        for m in range(n):
            for j in range(after):
                deviation = b[i, m, j] - mean[i, j]
                out[i, j] += deviation * deviation
    return {result}
'''


_EXTREMUM_ADJOINTS = {
    "all": ("(g, y, x)", "x == y", "g / np.sum(hit)"),
    "kept": ("(g, y, x, axis)", "x == y", "g / np.expand_dims(np.sum(hit, axis=axis), axis)"),
    "dropped": ("(g, y, x, axis)", "x == np.expand_dims(y, axis)",
                "np.expand_dims(g, axis) / np.expand_dims(np.sum(hit, axis=axis), axis)"),
}


def _extremum_function(case: str, name: str) -> ast.FunctionDef:
    params, hit, share = _EXTREMUM_ADJOINTS[case]
    source = f'''
def {name}{params}:
    """Adjoint of ``np.max``/``np.min`` for numba: ``g`` to the elements of ``x`` equal to the
    extremum ``y``, split evenly between ties."""
    hit = {hit}
    return hit * ({share})
'''
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    return function
