"""backends/statement_text.py prints a generated function exactly as astor does: the statements
it prints itself (assignments, returns, calls, ``del``) with astor's parentheses and spacing, and
everything else, a long line included, left to astor."""
import ast
import random

import astor
import pytest

from transpiler.backends import statement_text


def same_as_astor(source: str) -> str:
    tree = ast.parse(source).body[0]
    printed = statement_text.to_source(tree)
    assert printed == astor.to_source(ast.parse(source).body[0])
    return printed


@pytest.mark.parametrize("expression", [
    "a - (b - c)", "(a - b) - c", "(a + b) * c", "a * (b / c)", "a / (b * c)", "a // b % c",
    "-a ** 2", "(-a) ** 2", "a ** -b", "a ** b ** c", "(a ** b) ** c", "-(a + b)", "~a + b",
    "not a == b", "(not a) == b", "a < b < c", "(a < b) == c", "a < (b < c)", "a is not b",
    "a in b", "a @ b.T", "a | b & c", "(a | b) & c", "a << 2 >> b",
    "np.sum(a)", "np.sum(a + b, axis=0)", "f(a, b * 2, key=c - d)", "np.linalg.solve(a, b)",
    "f(g(h(a)), -b)", "f()", "f(x=1)", "np.where(a > 0, a, 0.1 * a)", "1e-05 * a + 1e+20 + 3",
    "a.T", "a.real.imag", "0.5 * (a + b)", "a - -b", "a + +b", "a * (-1.0)",
])
def test_an_expression_prints_as_astor_prints_it(expression):
    same_as_astor(f"def f(a, b):\n    x = {expression}\n    {expression}\n    return {expression}\n")


@pytest.mark.parametrize("statement", [
    "x = 'a string'", "x = a[0]", "x = a[1:2]", "x = (a, b)", "x = [a for a in b]",
    "x = y = a", "x, y = a", "x[0] = a", "x = f(*a)", "x = f(**a)", "x = lambda: a", "x = a if b else c",
    "x = (a + b).sum()", "return", "del a, b", "del a[0]", "f(a).g(b)", "'''doc'''",
])
def test_a_statement_of_another_form_is_astor_s_own(statement):
    same_as_astor(f"def f(a, b):\n    {statement}\n")


def test_a_negative_or_special_constant_is_astor_s_own():
    for value in (-1, -0.5, -0.0, float("inf"), float("nan"), True, None, 1j, 10 ** 30):
        tree = ast.parse("def f(a):\n    x = a * C\n    return C ** a\n").body[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "C":
                node.__class__, node.value = ast.Constant, value
        assert statement_text.to_source(tree) == astor.to_source(tree), value


@pytest.mark.parametrize("indent", [0, 1, 2, 3])
def test_a_line_astor_would_split_is_astor_s_own(indent):
    # lines of 75 to 84 characters, at each depth of indentation: the split, where astor makes
    # one, is astor's
    for width in range(60, 85):
        terms = " + ".join(["a"] * ((width - 8) // 4))
        body = "".join("    " * (k + 1) + "if a:\n" for k in range(indent))
        inner = "    " * (indent + 1)
        source = (f"def f(a):\n{body}{inner}x = np.sum({terms})\n{inner}np.add({terms}, out=a)\n"
                  f"{inner}return np.sum({terms})\n")
        same_as_astor(source)


OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "@", "<", "==", "is", "and", "|", "&", "<<"]


def random_expression(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.2:
        return rng.choice(["a", "b", "c", "2", "0.5", "1e-08"])
    kind = rng.random()
    if kind < 0.5:
        op = rng.choice(OPERATORS)
        return f"({random_expression(rng, depth - 1)} {op} {random_expression(rng, depth - 1)})"
    if kind < 0.65:
        return f"({rng.choice(['-', '+', '~', 'not '])}{random_expression(rng, depth - 1)})"
    if kind < 0.9:
        args = ", ".join(random_expression(rng, depth - 1) for _ in range(rng.randint(0, 3)))
        return f"np.{rng.choice(['sin', 'where', 'linalg.norm'])}({args})"
    return f"f({random_expression(rng, depth - 1)}, axis={random_expression(rng, depth - 1)})"


def test_random_expressions_print_as_astor_prints_them():
    # (every operator at every depth, the source's own parentheses kept only where they matter)
    rng = random.Random(17)
    for _ in range(400):
        expression = random_expression(rng, 4)
        same_as_astor(f"def f(a, b, c):\n    x = {expression}\n    {expression}\n")
