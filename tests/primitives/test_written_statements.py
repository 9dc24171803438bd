"""A statement a transform wrote (primitives/written.py ``written_statement``): the class of
statement it prints is known without building it, and is the class it builds, whatever names
fill it in (opt/lines.py and opt/copies.py ask it of every effect)."""
import ast

import pytest

from transpiler.ir.code import load
from transpiler.primitives.written import written_statement

STATEMENTS = [
    ("a, b = a_1, b_1", ("a_1", "b_1"), ast.Assign),
    ("d_x[i] += g", ("d_x", "i", "g"), ast.AugAssign),
    ("n += 1", ("n",), ast.AugAssign),
    ("yield v", ("v",), ast.Expr),
    ("try:\n    next(pullback)\nexcept StopIteration:\n    pass", ("pullback",), ast.Try),
]


@pytest.mark.parametrize("code, variables, cls", STATEMENTS)
def test_the_class_asked_is_the_class_built(code, variables, cls):
    prim, reads = written_statement(ast.parse(code).body[0], lambda name: name in variables)
    assert prim.statement_class() is cls
    filled = prim.statement([load(f"{name}_2") for name in reads])
    assert type(filled) is cls
    assert {n.id for n in ast.walk(filled) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} >= {
        f"{name}_2" for name in reads}
