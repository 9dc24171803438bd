"""Adjoints are floats: ``1.0 * mask`` kept as the conversion it is, and what tells whether an
adjoint expression may be an integer or boolean value (primitives/model.py: ``Primitive.vjp``
keeps the seed ``1.0`` as a factor there). A float64 argument's adjoint is float64, also where it
reads a float32 argument (:func:`read_as_float64`)."""
from __future__ import annotations

import ast
import copy


def may_be_integral(node: ast.expr, integral: set) -> bool:
    """May ``node`` be an integer or boolean value, its names in ``integral`` being such values
    and the others floats (CallSite.reads_integers)?"""
    if isinstance(node, ast.Name):
        return node.id in integral
    if isinstance(node, ast.Constant):
        return type(node.value) in (bool, int)
    if isinstance(node, ast.UnaryOp):
        return may_be_integral(node.operand, integral)
    if isinstance(node, ast.BinOp):
        return not isinstance(node.op, ast.Div) and all(may_be_integral(s, integral) for s in (node.left, node.right))
    if isinstance(node, (ast.Subscript, ast.Attribute)):
        return may_be_integral(node.value, integral)
    if isinstance(node, ast.Call):      # NumPy's functions and the adjoint helpers that keep a dtype
        name = ast.unparse(node.func)
        if not (name.startswith("np.") or name in _FIRST_ARGUMENT or name in _ALL_ARGUMENTS) or name in _FLOAT_RESULTS:
            return False                 # (a container's adjoint helper: add_into, accumulate ... never scaled)
        values = node.args[1:] if name == "np.where" else node.args[:1] if name in _FIRST_ARGUMENT else node.args
        return any(may_be_integral(a, integral) for a in values) and not any(
            isinstance(a, ast.Constant) and type(a.value) is float for a in values)
    return False


# NumPy's functions whose result is floating whatever the dtype of their arguments
_FLOAT_RESULTS = frozenset(f"np.{name}" for name in (
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "sin", "cos", "tan", "arcsin",
    "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "hypot", "sinc",
    "divide", "true_divide", "mean", "average", "deg2rad", "rad2deg", "float64", "logaddexp", "logaddexp2"))


# helpers of generated code whose result has the dtype of their first argument (the adjoint given
# them), or of all their arguments (the matrix products' adjoints)
_FIRST_ARGUMENT = ("unbroadcast", "unreduce")
_ALL_ARGUMENTS = ("matmul_adjoint", "matmul_adjoint_a", "matmul_adjoint_b")


def as_float(number: ast.Constant, mask: ast.expr) -> ast.BinOp:
    """``number * mask`` for a boolean ``mask``, marked so the simplifier keeps it even when the
    number is 1.0: the product is the float adjoint (``mask + mask`` would be a logical or)."""
    product = ast.BinOp(left=number, op=ast.Mult(), right=mask)
    product.keeps_float = True
    return product


def float_factor(product: ast.expr) -> ast.BinOp | None:
    """``2.0 * x`` for ``2 * x`` (a power's partial; ``x * 2`` too): the same product made float by
    its own factor, not by a further ``1.0 *``. None where ``product`` is not an integer times a value."""
    if not (isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult)):
        return None
    for side, other in (("left", product.right), ("right", product.left)):
        factor = getattr(product, side)
        if isinstance(factor, ast.Constant) and type(factor.value) is int:
            floated = ast.BinOp(left=ast.Constant(float(factor.value)), op=ast.Mult(), right=other)
            floated.keeps_float = True
            return floated
    return None


def read_as_float64(node: ast.expr, args: list, arg_kinds: list, arg_shapes: list, index: int) -> ast.expr:
    """``node``, argument ``index``'s adjoint contribution, with the float32 (float16) arguments it
    reads read as float64 where argument ``index`` is float64. NumPy promoted them in the primal
    (``x * c``, ``c`` float32, is float64), and an adjoint has its argument's dtype (JAX's too), but
    the seed ``1.0`` is a Python float, which NumPy casts to the array's float32: ``d_x = c`` (the
    seed folded away) or ``1.0 * c[1] * 1.23`` would be float32, rounded. An array is read as
    ``np.array(c, dtype=np.float64)``, a new array (so the passes write into it in place, and still
    into ``c`` before: opt/array_writes.py), a number (shape ``()``) as ``np.float64(c)``."""
    if index >= len(arg_kinds) or arg_kinds[index] != "f8":
        return node
    narrow = {a.id: (arg_shapes[i] if i < len(arg_shapes) else None) for i, (a, k) in enumerate(zip(args, arg_kinds))
              if isinstance(a, ast.Name) and k in ("f4", "f2")}
    if not narrow or not any(isinstance(n, ast.Name) and n.id in narrow for n in ast.walk(node)):
        return node
    return _Widened(narrow).visit(copy.deepcopy(node))


class _Widened(ast.NodeTransformer):
    def __init__(self, shapes: dict):
        self.shapes = shapes

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id not in self.shapes:
            return node
        float64 = ast.Attribute(value=ast.Name(id="np", ctx=ast.Load()), attr="float64", ctx=ast.Load())
        if self.shapes[node.id] == ():
            return ast.Call(func=float64, args=[node], keywords=[])
        return ast.Call(func=ast.Attribute(value=ast.Name(id="np", ctx=ast.Load()), attr="array", ctx=ast.Load()),
                        args=[node], keywords=[ast.keyword(arg="dtype", value=float64)])
