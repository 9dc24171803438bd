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
    "dot": ("dot_product", True), "squeeze": ("squeezed", True),
}

# Standard functions whose later arguments are keyword-only there (positional in NumPy): the
# standard name -> (how many stay positional, the keywords of the next ones, in NumPy's order).
KEYWORD_ONLY = {
    **{name: (1, ("axis",)) for name in ("sum", "prod", "mean", "max", "min", "std", "var", "all", "any",
                                         "argmax", "argmin", "cumulative_sum", "sort", "argsort", "flip",
                                         "expand_dims", "concat", "stack")},
    "roll": (2, ("axis",)), "take": (2, ("axis",)), "repeat": (2, ("axis",)), "tensordot": (2, ("axes",)),
    "triu": (1, ("k",)), "tril": (1, ("k",)), "diff": (1, ("n", "axis")),
}
ON_NUMBERS = frozenset({"log", "log2", "log10", "exp", "sqrt", "sin", "cos", "tan", "log1p", "expm1", "copysign"})
MASKS = frozenset({"less", "less_equal", "greater", "greater_equal", "equal", "not_equal", "isnan", "isinf",
                   "isfinite", "signbit", "logical_and", "logical_or", "logical_not", "logical_xor"})
# Standard functions NumPy also runs on a list of arrays (``np.sum([a, b])``, a list built in a
# loop); the standard's take one array: such a list is stacked first (``stacked``, xp_runtime.py).
OF_ONE_ARRAY = frozenset({"sum", "prod", "mean", "max", "min", "std", "var", "all", "any", "cumulative_sum",
                          "asarray"})
DTYPES = frozenset({"float64", "float32", "int64", "int32", "int16", "int8", "bool"})


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
        self.masks: set[str] = set()      # names assigned a comparison's outcome (booleans)
        self.lists: set[str] = set()      # names assigned a list or tuple display
        self.item_arrays: set[str] = set()     # adjoints of lists, arrays of their items (item_arrays)

    def visit_Assign(self, node: ast.Assign):
        node = self.generic_visit(node)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and self._is_mask(node.value):
            self.masks.add(node.targets[0].id)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and self._is_list(node.value):
            self.lists.add(node.targets[0].id)
        return node

    def _is_list(self, node: ast.expr) -> bool:
        """A list or tuple of values not all numbers (``[xp.sum(x), 1.0]``, ``_items`` built by
        ``append``), which NumPy reads as one array."""
        if isinstance(node, (ast.List, ast.Tuple)):
            return not node.elts or not all(map(_is_number_literal, node.elts))
        return isinstance(node, ast.ListComp) or isinstance(node, ast.Name) and node.id in self.lists

    def _is_mask(self, node: ast.expr) -> bool:
        return (isinstance(node, ast.Compare) or _is_mask_call(node)
                or isinstance(node, ast.Name) and node.id in self.masks)

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
        if path in ON_NUMBERS and node.args and all(map(_is_number_literal, node.args)):
            return ast.Call(func=ast.Attribute(ast.Name("math", ast.Load()), path, ast.Load()),
                            args=node.args, keywords=[])        # np.log(2): a number, not an array
        node = self.generic_visit(node)
        name = RENAMED.get(path, path) if path is not None else None
        if name == "where" and len(node.args) == 3 and not node.keywords:
            # where(k == 0, 1, k - 1) with an integer k, where(mask, 1.0, 0.0): forms the
            # standard's where refuses (a Python bool condition; two Python numbers)
            return ast.Call(func=ast.Name("selected", ast.Load()), args=[ast.Name("xp", ast.Load()), *node.args],
                            keywords=[])
        if name == "linspace" and len(node.args) == 2 and not any(k.arg == "num" for k in node.keywords):
            node.keywords = [ast.keyword("num", ast.Constant(50)), *node.keywords]   # NumPy's default
        if name in DTYPES:                          # np.float64(v): a conversion
            return ast.Call(func=_xp("asarray"), args=node.args, keywords=[ast.keyword("dtype", _xp(name))])
        if name in OF_ONE_ARRAY and node.args and self._is_list(node.args[0]):
            node.args = [ast.Call(ast.Name("stacked", ast.Load()), [ast.Name("xp", ast.Load()), node.args[0]], []),
                         *node.args[1:]]
        if name in KEYWORD_ONLY and len(node.args) > KEYWORD_ONLY[name][0]:
            kept, keywords = KEYWORD_ONLY[name]
            moved = [ast.keyword(k, v) for k, v in zip(keywords, node.args[kept:])]
            node.args, node.keywords = node.args[:kept], [*moved, *node.keywords]
        return node

    def visit_BinOp(self, node: ast.BinOp):
        """Arithmetic on a comparison (``(a > b) * g``, a partial of ``maximum``, or the user's
        ``np.less(x, y) * x``): its outcome as numbers first (the standard has no bool * float),
        in the dtype of a name it compares."""
        node = self.generic_visit(node)
        if isinstance(node.op, ast.Mult) and isinstance(node.left, ast.Constant) and type(node.left.value) is float \
                and node.left.value == 1.0:       # an adjoint's 1.0 * k (primitives/model.py): no int * float here
            return ast.Call(func=ast.Name("as_float", ast.Load()), args=[node.right], keywords=[])
        for side in ("left", "right"):
            operand = getattr(node, side)
            if self._is_mask(operand):
                compared = ([operand.left, *operand.comparators] if isinstance(operand, ast.Compare)
                            else getattr(operand, "args", [getattr(node, "right" if side == "left" else "left")]))
                like = [c for c in compared if isinstance(c, ast.Name)][:1]
                setattr(node, side, ast.Call(func=ast.Name("as_float", ast.Load()), args=[operand, *like], keywords=[]))
        return node

    def visit_Subscript(self, node: ast.Subscript):
        """``d[i]`` on an adjoint that is an array of a list's items, each of one or more dimensions:
        ``d[i, ...]`` (the standard leaves an index of fewer axes than the array has to the library;
        array-api-strict refuses it)."""
        node = self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id in self.item_arrays \
                and not isinstance(node.slice, ast.Tuple):
            node.slice = ast.Tuple([node.slice, ast.Constant(Ellipsis)], ast.Load())
        return node

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
    namespace of its positional arguments (``xp``; of the free values where those hold no
    array); keyword-only arguments (free values, with ``free_values``) are made arrays of it. Also: the NumPy functions outside the standard it
    calls."""
    rewriter = ToArrayAPI(where)
    rewriter.item_arrays = item_arrays(function)
    function = copy.deepcopy(function)
    body = [rewriter.visit(stmt) for stmt in function.body]
    docstring = body[:1] if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str) else []
    params = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    if function.args.vararg:
        params.append(function.args.vararg.arg)
    free = [ast.Name(a.arg, ast.Load()) for a in function.args.kwonlyargs] if free_values else []
    keywords = [ast.keyword("free", ast.Tuple(free, ast.Load()))] if free else []
    setup = [_assign("xp", ast.Call(ast.Name("namespace_of", ast.Load()), [ast.Name(p, ast.Load()) for p in params],
                                    keywords))]
    if free_values:
        setup += [_assign(a.arg, ast.Call(ast.Name("in_namespace", ast.Load()),
                                          [ast.Name("xp", ast.Load()), ast.Name(a.arg, ast.Load())], []))
                  for a in function.args.kwonlyargs]
    function.body = [*docstring, *setup, *body[len(docstring):]]
    ast.fix_missing_locations(function)
    return function, rewriter.outside


def item_arrays(function: ast.FunctionDef) -> set[str]:
    """The names whose every value is an adjoint made by ``unreduce`` or ``np.moveaxis`` (of a list
    reduced or stacked: one row per item), or a row range or copy of such a name."""
    values: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                values.setdefault(target.id if isinstance(target, ast.Name) else "", []).append(node.value)
    values.pop("", None)
    found = {name for name, assigned in values.items() if all(map(_makes_item_array, assigned))}
    while True:                 # drop a name any of whose values is not one (a fixed point)
        kept = {name for name in found if all(_of_item_array(v, found) for v in values[name])}
        if kept == found:
            return found
        found = kept


def _makes_item_array(node: ast.expr) -> bool:
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id == "unreduce" or dotted(node.func) == "moveaxis"
    return isinstance(node, ast.Name) or isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice) \
        and isinstance(node.value, ast.Name)


def _of_item_array(node: ast.expr, found: set[str]) -> bool:
    if isinstance(node, ast.Call):
        return True
    source = node.value if isinstance(node, ast.Subscript) else node
    return isinstance(source, ast.Name) and source.id in found


def _is_number_literal(node: ast.expr) -> bool:
    """``2.0`` or ``-1.0``: a Python number in the generated code."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _is_mask_call(node: ast.expr) -> bool:
    """A call of a standard function returning booleans (``xp.less(x, y)``, ``xp.isnan(x)``)."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "xp" and node.func.attr in MASKS)


def _assign(name: str, value: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[ast.Name(name, ast.Store())], value=value, lineno=0)
