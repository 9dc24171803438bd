"""NumPy spellings in generated code, as the array API standard spells them: ``np.sin(x)`` ->
``xp.sin(x)``, ``np.arcsin`` -> ``xp.asin``, ``np.shape(x)`` -> ``shape_of(x)``; a function
outside the standard -> ``library_function(xp, "einsum", where)(...)``, the library's own
function if it has one (xp_runtime.py), else an error naming it and the library."""
from __future__ import annotations

import ast
import copy
from typing import Callable

# The array API standard (2023.12) namespace: functions, constants and dtypes.
STANDARD = frozenset("""
abs acos acosh add all any arange argmax argmin argsort asarray asin asinh astype atan atan2 atanh
bitwise_and bitwise_invert bitwise_left_shift bitwise_or bitwise_right_shift bitwise_xor bool
broadcast_arrays broadcast_shapes broadcast_to can_cast ceil clip complex128 complex64 concat conj
copysign cos cosh cumulative_sum diff divide e empty empty_like equal exp expand_dims expm1 eye finfo
flip float32 float64 floor floor_divide from_dlpack full full_like greater greater_equal hypot iinfo
imag inf int16 int32 int64 int8 isdtype isfinite isinf isnan less less_equal linspace log log10 log1p
log2 logaddexp logical_and logical_not logical_or logical_xor matmul matrix_transpose max maximum mean
meshgrid min minimum moveaxis multiply nan negative newaxis nonzero not_equal ones ones_like
permute_dims pi positive pow prod real reciprocal remainder repeat reshape result_type roll round
searchsorted sign signbit sin sinh sort sqrt square squeeze stack std subtract sum take
take_along_axis tan tanh tensordot tile tril triu trunc uint16 uint32 uint64 uint8 unique_all
unique_counts unique_inverse unique_values unstack var vecdot where zeros zeros_like
""".split())
# The linalg extension.
LINALG = frozenset("""
cholesky cross det diagonal eigh eigvalsh inv matmul matrix_norm matrix_power matrix_rank
matrix_transpose outer pinv qr slogdet solve svd svdvals tensordot trace vecdot vector_norm
""".split())
# NumPy's name -> the standard's, for the same function.
RENAMED = {
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arcsinh": "asinh", "arccosh": "acosh",
    "arctanh": "atanh", "arctan2": "atan2", "power": "pow", "absolute": "abs", "concatenate": "concat",
    "amax": "max", "amin": "min", "true_divide": "divide", "conjugate": "conj", "cumsum": "cumulative_sum",
    "mod": "remainder", "invert": "bitwise_invert", "left_shift": "bitwise_left_shift",
    "right_shift": "bitwise_right_shift", "array": "asarray", "bool_": "bool",
}
# NumPy functions the standard has no function for, computed by a runtime helper: name ->
# (helper, whether it takes the namespace first).
HELPED = {
    "shape": ("shape_of", False), "ndim": ("ndim_of", False), "size": ("size_of", False),
    "transpose": ("transposed", True), "swapaxes": ("swapped", True), "result_type": ("float_dtype", True),
    "dot": ("dot_product", True),
}


def dotted(node: ast.expr) -> str | None:
    """``np.linalg.solve`` -> "linalg.solve"; None for anything not read from ``np``."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name) and node.id == "np" and parts:
        return ".".join(reversed(parts))
    return None


def is_standard(path: str) -> bool:
    head, _, rest = path.partition(".")
    if not rest:
        return head in STANDARD or head in RENAMED
    return head == "linalg" and rest in LINALG


def _xp(path: str) -> ast.expr:
    head, _, rest = path.partition(".")
    node: ast.expr = ast.Attribute(value=ast.Name("xp", ast.Load()), attr=RENAMED.get(head, head), ctx=ast.Load())
    for part in rest.split(".") if rest else ():
        node = ast.Attribute(value=node, attr=part, ctx=ast.Load())
    return node


class ToArrayAPI(ast.NodeTransformer):
    """Rewrites ``np.*`` in generated code; ``where(path)`` gives a location prefix for the
    error a function outside the standard raises on a library without it. ``outside`` collects
    those functions' paths."""

    def __init__(self, where: Callable[[str], str]):
        self.where = where
        self.outside: list[str] = []

    def visit_Call(self, node: ast.Call):
        path = dotted(node.func)
        if path in HELPED:
            helper, takes_namespace = HELPED[path]
            node = copy.copy(node)
            node.args = [self.visit(a) for a in node.args]
            node.keywords = [self.visit(k) for k in node.keywords]
            node.func = ast.Name(helper, ast.Load())
            if takes_namespace:
                node.args = [ast.Name("xp", ast.Load()), *node.args]
            return node
        return self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute):
        path = dotted(node)
        if path is None:
            return self.generic_visit(node)
        if path == "newaxis":
            return ast.Constant(None)
        if is_standard(path):
            return _xp(path)
        if path not in self.outside:
            self.outside.append(path)
        return ast.Call(func=ast.Name("library_function", ast.Load()),
                        args=[ast.Name("xp", ast.Load()), ast.Constant(path), ast.Constant(self.where(path))],
                        keywords=[])


def in_array_api(function: ast.FunctionDef, where: Callable[[str], str], free_values: bool) -> tuple[ast.FunctionDef, list[str]]:
    """``function`` (a copy) written against the array API: its first statement finds the
    namespace of its positional arguments (``xp``); keyword-only arguments (free values, with
    ``free_values``) are made arrays of it. Also: the NumPy functions outside the standard it
    calls."""
    rewriter = ToArrayAPI(where)
    function = copy.deepcopy(function)
    body = [rewriter.visit(stmt) for stmt in function.body]
    docstring = body[:1] if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str) else []
    params = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    if function.args.vararg:
        params.append(function.args.vararg.arg)
    setup = [_assign("xp", ast.Call(ast.Name("namespace_of", ast.Load()), [ast.Name(p, ast.Load()) for p in params], []))]
    if free_values:
        setup += [_assign(a.arg, ast.Call(ast.Name("in_namespace", ast.Load()),
                                          [ast.Name("xp", ast.Load()), ast.Name(a.arg, ast.Load())], []))
                  for a in function.args.kwonlyargs]
    function.body = [*docstring, *setup, *body[len(docstring):]]
    ast.fix_missing_locations(function)
    return function, rewriter.outside


def _assign(name: str, value: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[ast.Name(name, ast.Store())], value=value, lineno=0)
