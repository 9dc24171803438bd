"""Terms of derivatives that are 0 where either factor is (``CallSite.strong_zeros``): a zero
adjoint or tangent times an infinite partial gives 0, not NaN."""
from __future__ import annotations

import ast
import copy


def strong_zero_times(factor: ast.expr, partial: ast.expr) -> ast.expr:
    """``factor * partial`` that is 0 where either is (CallSite.strong_zeros); the partial's
    divisions and powers NumPy's, which give inf where Python's float arithmetic raises
    (``0.5 / r`` for ``r = math.sqrt(0.0)``)."""
    from ..ir.algebra import constant, simplify

    if constant(factor) not in (None, 0):
        return simplify(ast.BinOp(left=factor, op=ast.Mult(), right=partial))
    partial = _NumpyArithmetic().visit(simplify(copy.deepcopy(partial)))
    return ast.Call(func=ast.Name(id="strong_zero_times", ctx=ast.Load()), args=[factor, partial], keywords=[])


class _NumpyArithmetic(ast.NodeTransformer):
    _UFUNCS = {ast.Div: "np.divide", ast.Pow: "np.power"}

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        ufunc = self._UFUNCS.get(type(node.op))
        if ufunc is None:
            return node
        return ast.Call(func=ast.parse(ufunc, mode="eval").body, args=[node.left, node.right], keywords=[])
