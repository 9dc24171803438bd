"""``np.lib.stride_tricks.as_strided(a, shape=s, strides=a.strides * 2)``: the windows of ``a``
(Stack Overflow's ``conv2d``: ``subM[i, j, k, l] = a[i + k, j + l]``), the one use of
``as_strided`` whose derivative is known. Strides the same as ``a``'s, twice over, make each
step along a leading axis and along the matching trailing axis the same step through ``a``: the
value is ``sliding_window_view(a, s[n:])`` cut to ``s[:n]`` offsets, whatever ``a``'s layout,
and the lowering writes it so (``strided_windows``, primitives/windows.py, which raises where a
window would reach past ``a``'s end, memory NumPy reads unchecked). Any other ``strides`` is
refused, located, and so is ``.strides`` read anywhere else: its values depend on the memory
layout, which the generated code need not share with the program's arrays."""
from __future__ import annotations

import ast

from ..primitives import lookup
from ..primitives.windows import strided_windows

STRIDES_HINT = ("take windows with np.lib.stride_tricks.sliding_window_view(x, window_shape) (a "
                "derivative rule), or as_strided(x, shape, strides=x.strides * 2) for the windows of x")


def as_strided_call(lowering, node: ast.Call, callee, name: str | None):
    """The value of ``node`` where it calls ``as_strided`` (else None): the windows of its array
    where ``strides`` is ``x.strides * 2``; refused otherwise."""
    from numpy.lib.stride_tricks import as_strided
    if callee is not as_strided:
        return None
    bound = _bound(node)
    x, shape, strides = bound.get("x"), bound.get("shape"), bound.get("strides")
    if x is None or shape is None or strides is None or not _twice_the_strides_of(strides, x) \
            or any(k.arg in ("subok", "writeable") for k in node.keywords) or len(node.args) > 3:
        lowering._unsupported(node, "`as_strided` with these strides (its derivative is known for the windows "
                              "`strides=x.strides * 2` only)", STRIDES_HINT)
    return lowering._apply(node, lookup(strided_windows), (lowering._expr(x), lowering._expr(shape)), (), name)


def _bound(node: ast.Call) -> dict:
    """``as_strided(x, shape=None, strides=None, ...)``'s arguments by name."""
    bound = dict(zip(("x", "shape", "strides"), node.args))
    bound.update({k.arg: k.value for k in node.keywords if k.arg})
    return bound


def _twice_the_strides_of(strides: ast.expr, x: ast.expr) -> bool:
    """Is ``strides`` ``x.strides * 2``, ``2 * x.strides`` or ``x.strides + x.strides``?"""
    def of_x(node):
        return isinstance(node, ast.Attribute) and node.attr == "strides" and ast.dump(node.value) == ast.dump(x) \
            and not any(isinstance(n, (ast.Call, ast.NamedExpr, ast.Await)) for n in ast.walk(x))   # (the same array)
    if not isinstance(strides, ast.BinOp):
        return False
    left, right = strides.left, strides.right
    if isinstance(strides.op, ast.Mult):
        return (of_x(left) and isinstance(right, ast.Constant) and right.value == 2) \
            or (of_x(right) and isinstance(left, ast.Constant) and left.value == 2)
    return isinstance(strides.op, ast.Add) and of_x(left) and of_x(right)
