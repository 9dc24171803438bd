"""Structural keys (ir/structure.py) equal exactly where ``ast.dump`` prints the same text: what
common-subexpression sharing and a branch's adjoint rely on to keep generated code unchanged."""
import ast
import itertools

from transpiler.ir.structure import same_structure, structural_key

EXPRESSIONS = [
    "x", "y", "x + y", "y + x", "x - y", "x + 1", "x + 1.0", "x + True", "x + 0.0", "x + -0.0",
    "x + float('nan')", "np.sum(x, axis=0)", "np.sum(x, axis=1)", "np.sum(x, axis=0, keepdims=True)",
    "np.sum(x)", "x.sum()", "x.T", "x[0]", "x[0, :]", "x[:, 0]", "x[1:]", "x[::2]", "-x", "+x", "not x",
    "(x, y)", "[x, y]", "f(*x)", "f(**x)", "lambda a: a", "lambda b: b", "x if y else 0",
    "'a'", "b'a'", "u'a'", "1j", "...", "x == y", "x < y", "x @ y", "x ** 2", "x ** 2.0",
]


def test_structural_keys_agree_with_ast_dump_on_every_pair():
    trees = [ast.parse(e, mode="eval").body for e in EXPRESSIONS] * 2     # (equal copies, not the same objects)
    for a, b in itertools.product(trees, repeat=2):
        assert (structural_key(a) == structural_key(b)) == (ast.dump(a) == ast.dump(b)), (ast.dump(a), ast.dump(b))


def test_a_name_loaded_and_a_name_stored_differ():
    assert structural_key(ast.Name("x", ast.Load())) != structural_key(ast.Name("x", ast.Store()))


def test_keys_ignore_locations():
    a, b = ast.parse("x + 1", mode="eval").body, ast.parse("\n\n(   x + 1)", mode="eval").body
    assert a.col_offset != b.col_offset and structural_key(a) == structural_key(b)


def test_same_structure_of_missing_values():
    x = ast.Name("x", ast.Load())
    assert same_structure(None, None) and same_structure(x, x) and not same_structure(x, None)
    assert not same_structure(None, x) and same_structure(x, ast.Name("x", ast.Load()))
