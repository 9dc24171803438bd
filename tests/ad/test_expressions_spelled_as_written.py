"""The transform's expression lowering (ad/expressions.py) takes a part without printing it
where the primitive's plain spelling reproduces the part's head (an operator, a comparison, a
display, a call of its dotted path); the others are printed and compared. Either way the
statements print back as the expression written: pinned here on parts of each kind, among them
spellings that print otherwise (``abs`` is np.abs's primitive, printed ``np.abs``)."""
from __future__ import annotations

import ast

import pytest

from transpiler.ad.expressions import ExpressionLowering
from transpiler.ir.names import NameAllocator
from transpiler.opt.lines import Line, Lines

EXPRESSIONS = [
    "x * y + np.sin(x)", "-x ** 2", "x < y", "(x, y, 1.0)", "[x, np.cos(y)]",
    "np.sum(x * y, axis=0)", "np.linalg.norm(x - y)", "x.sum(axis=0) * 2.0", "x.T @ y",
    "np.abs(x) + abs(y)", "np.absolute(x) * 2.0", "s.pop() * x", "x[0, 1:] + y[s]",
    "(x if s else y) * 2.0", "-1 * x", "np.exp(-x) / (1.0 + np.exp(-x))", "np.maximum(x, 0.0) >= y",
]


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_a_lowered_expression_prints_as_written(text):
    names = NameAllocator({"x", "y", "s"})
    for name in ("x", "y", "s"):
        names.fresh(name, own=True)
    lowering = ExpressionLowering(names, names.used.__contains__, lambda: names.fresh("_part"))
    *parts, head = lowering.assign("out", ast.parse(text, mode="eval").body)
    assert {p.target.name for p in parts} <= lowering.folded
    assert ast.unparse(Lines.expression(Line(parts, head))) == ast.unparse(ast.parse(text, mode="eval").body)
