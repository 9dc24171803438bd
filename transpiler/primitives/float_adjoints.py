"""Adjoints are floats: ``1.0 * mask`` kept as the conversion it is, and what tells whether an
adjoint expression may be an integer or boolean value (primitives/model.py: ``Primitive.vjp``
keeps the seed ``1.0`` as a factor there)."""
from __future__ import annotations

import ast


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
        if not (name.startswith("np.") or name in _FIRST_ARGUMENT or name in _ALL_ARGUMENTS):
            return False                 # (a container's adjoint helper: add_into, accumulate ... never scaled)
        values = node.args[1:] if name == "np.where" else node.args[:1] if name in _FIRST_ARGUMENT else node.args
        return any(may_be_integral(a, integral) for a in values) and not any(
            isinstance(a, ast.Constant) and type(a.value) is float for a in values)
    return False


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
