"""Long code: expressions of thousands of terms and functions of thousands of statements, as
sympy prints them and unrolled code looks. The compiler's own walks must not recurse once per
term (RecursionError under Python's default limit of 1000 frames)."""
import ast
import importlib.util

import numpy as np
import pytest

import transpiler
from transpiler import primitives
from transpiler.backends import python_code
from transpiler.ir import Assign, Copy, Function, Var
from transpiler.ir.names import NameAllocator
from transpiler.opt import cleanup, copies, temporaries
from transpiler.frontend.jumps import EXIT_FLAG, copy_tree

ADD = primitives.lookup(ast.Add)


def load_module(tmp_path, name: str, source: str):
    """Import ``source`` as a module from a file (the compiler reads functions' source)."""
    path = tmp_path / f"{name}.py"
    path.write_text("import numpy as np\n" + source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sum_of_sines(n: int) -> str:
    """One expression: ``np.sin(x*0) + np.sin(x*1) + ... + np.sin(x*(n-1))``."""
    return " + ".join(f"np.sin(x*{k})" for k in range(n))


def d_sum_of_sines(x, n: int):
    k = np.arange(n)
    return np.sum(k * np.cos(np.multiply.outer(x, k)), axis=-1)


def d2_sum_of_sines(x, n: int):
    k = np.arange(n)
    return -np.sum(k * k * np.sin(k * x))


def chain_of_statements(n: int) -> str:
    """``s{k+1} = s{k} + np.sin(x*k)``, ``n`` statements."""
    lines = "".join(f"    s{k + 1} = s{k} + np.sin(x*{k})\n" for k in range(n))
    return f"def f(x):\n    s0 = x\n{lines}    return np.sum(s{n})\n"


@pytest.mark.usefixtures("default_recursion_limit")
def test_grad_of_one_expression_of_2000_terms(tmp_path):
    f = load_module(tmp_path, "terms_2000", f"def f(x):\n    return {sum_of_sines(2000)}\n").f
    assert transpiler.grad(f)(0.3) == pytest.approx(d_sum_of_sines(0.3, 2000), rel=1e-10)


@pytest.mark.usefixtures("default_recursion_limit")
def test_jvp_of_one_expression_of_1000_terms(tmp_path):
    f = load_module(tmp_path, "terms_1000", f"def f(x):\n    return {sum_of_sines(1000)}\n").f
    value, slope = transpiler.jvp(f, (0.3,), (1.0,))
    assert value == pytest.approx(f(0.3), rel=1e-12)
    assert slope == pytest.approx(d_sum_of_sines(0.3, 1000), rel=1e-10)


@pytest.mark.usefixtures("default_recursion_limit")
def test_gradient_of_a_long_expression_over_an_array_and_inside_an_early_return(tmp_path):
    source = ("def f(x):\n    if np.sum(x) > 100:\n        return np.sum(x)\n"
              f"    return np.sum({sum_of_sines(1000)})\n")
    f = load_module(tmp_path, "terms_early", source).f
    x = np.linspace(0.1, 0.5, 3)
    value, gradient = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-12)
    np.testing.assert_allclose(gradient, d_sum_of_sines(x, 1000), rtol=1e-10)


@pytest.mark.usefixtures("default_recursion_limit")
def test_mixed_operators_in_a_long_chain_keep_python_evaluation_order(tmp_path):
    ops = ["+", "-", "*"]
    source = "def f(x):\n    return x" + "".join(f" {ops[k % 3]} np.cos(x*{k % 5})" for k in range(900)) + "\n"
    f = load_module(tmp_path, "mixed_chain", source).f
    value, gradient = transpiler.value_and_grad(f)(0.7)
    assert value == f(0.7)                    # the same operations in the same order, bit for bit
    transpiler.check_grad(f, 0.7)


@pytest.mark.usefixtures("default_recursion_limit")
def test_horner_form_nested_to_the_right_as_deep_as_python_parses(tmp_path):
    # Python's tokenizer allows 200 nested parentheses: a + x*(b + x*(c + ...)) 190 deep
    coefficients = [(k % 7) / 10 for k in range(190)]
    expression = "0.3"
    for c in coefficients[1:]:
        expression = f"{c} + x*({expression})"
    f = load_module(tmp_path, "horner", f"def f(x):\n    return {expression}\n").f
    polynomial = np.polynomial.Polynomial([0.3, *coefficients[1:]][::-1])
    assert transpiler.grad(f)(0.9) == pytest.approx(polynomial.deriv()(0.9), rel=1e-10)
    assert transpiler.jvp(f, (0.9,), (1.0,))[1] == pytest.approx(polynomial.deriv()(0.9), rel=1e-10)


@pytest.mark.usefixtures("default_recursion_limit")
def test_second_derivatives_of_a_400_term_expression(tmp_path):
    f = load_module(tmp_path, "terms_400", f"def f(x):\n    return {sum_of_sines(400)}\n").f
    expected = d2_sum_of_sines(0.3, 400)
    assert transpiler.hessian(f)(0.3) == pytest.approx(expected, rel=1e-9)
    assert transpiler.grad(transpiler.grad(f))(0.3) == pytest.approx(expected, rel=1e-9)


@pytest.mark.usefixtures("default_recursion_limit")
def test_a_400_statement_function_in_reverse_forward_and_second_order(tmp_path):
    f = load_module(tmp_path, "statements_400", chain_of_statements(400)).f
    expected = 1 + d_sum_of_sines(0.3, 400)
    assert transpiler.grad(f)(0.3) == pytest.approx(expected, rel=1e-10)
    assert transpiler.jvp(f, (0.3,), (1.0,))[1] == pytest.approx(expected, rel=1e-10)
    assert transpiler.hessian(f)(0.3) == pytest.approx(d2_sum_of_sines(0.3, 400), rel=1e-9)


@pytest.mark.usefixtures("default_recursion_limit")
def test_a_1000_statement_function_over_an_array(tmp_path):
    f = load_module(tmp_path, "statements_1000", chain_of_statements(1000)).f
    x = np.linspace(0.1, 0.5, 3)
    np.testing.assert_allclose(transpiler.grad(f)(x), 1 + d_sum_of_sines(x, 1000), rtol=1e-10)
    np.testing.assert_allclose(transpiler.jvp(f, (x,), (np.ones(3),))[1], np.sum(1 + d_sum_of_sines(x, 1000)),
                               rtol=1e-10)


@pytest.mark.usefixtures("default_recursion_limit")
@pytest.mark.parametrize("op, value", [("and", 0.3), ("or", -0.3)])
def test_a_test_of_1000_and_or_operands_lowers_to_flat_branches(tmp_path, op, value):
    chain = f" {op} ".join(f"x > {-k / 10 if op == 'and' else k / 10}" for k in range(1000))
    source = f"def f(x):\n    if {chain}:\n        return x * x\n    return x * 3.0\n"
    f = load_module(tmp_path, f"chain_{op}", source).f
    expected = 2 * value if op == "and" else 3.0
    assert transpiler.grad(f)(value) == pytest.approx(expected)
    assert transpiler.jvp(f, (value,), (1.0,))[1] == pytest.approx(expected)


def test_short_circuit_chains_keep_python_semantics(tmp_path):
    source = ("def f(x, a, b, c):\n"
              "    return x * (a and b and c) + x * (a or b or c) + x * (a and b or c)\n")
    f = load_module(tmp_path, "short_circuit", source).f
    for a, b, c in [(0.0, 2.0, 3.0), (1.0, 0.0, 3.0), (1.0, 2.0, 0.0), (1.0, 2.0, 3.0), (0.0, 0.0, 0.0)]:
        assert transpiler.grad(f)(0.5, a, b, c) == f(1.0, a, b, c)


def test_printed_gradient_of_a_long_chain_has_no_deep_expression(tmp_path):
    f = load_module(tmp_path, "statements_300", chain_of_statements(300)).f
    source = transpiler.grad(f).source()
    tree = ast.parse(source)
    assert max(cleanup.depth(s) for s in ast.walk(tree) if isinstance(s, ast.stmt)
               and not isinstance(s, (ast.FunctionDef, ast.If, ast.For, ast.While))) <= cleanup.MAX_DEPTH


def _printed_depths(fn) -> list[int]:
    """The depth of each statement the backend prints ``fn``'s body as (the parts the passes
    split out folded back)."""
    body = python_code.function_def(fn, fold=False).body
    return [cleanup.depth(s) for s in body]


def test_inlining_temporaries_stops_at_the_depth_limit():
    t = [Var(f"_t{k}") for k in range(501)]
    c = [Var(f"c{k}") for k in range(500)]
    body = [Assign(t[k + 1], ADD, (t[k], c[k])) for k in range(500)] + [Copy(Var("out"), t[500])]
    fn = Function("f", [t[0], *c], [v.name for v in (t[0], *c)], {}, body, Var("out"),
                  NameAllocator({v.name for v in (t[0], *c)}))
    depths = _printed_depths(temporaries.inline_temporaries(fn))
    assert 1 < len(depths) < 500                            # merged, but not into one expression
    assert max(depths) <= cleanup.MAX_DEPTH


def test_merging_accumulations_stops_at_the_depth_limit():
    a = [Var(f"a{k}") for k in range(500)]
    d_x = Var("d_x")
    body = [Copy(d_x, a[0])] + [Assign(d_x, ADD, (d_x, a[k]), rebinds=True) for k in range(1, 500)]
    fn = Function("f", a, [v.name for v in a], {}, body, d_x, NameAllocator({v.name for v in a}))
    depths = _printed_depths(copies.merge_copies(fn))
    assert 1 < len(depths) < 500
    assert max(depths) <= cleanup.MAX_DEPTH


def test_copy_tree_copies_a_deep_tree_without_recursion_and_keeps_marks():
    tree = ast.parse("y = " + " + ".join(f"x{k}" for k in range(2500)))
    tree.body[0].value.left.__dict__[EXIT_FLAG] = "_stop"
    copied = copy_tree(tree)
    assert copied is not tree and copied.body[0] is not tree.body[0]
    assert copied.body[0].value.left is not tree.body[0].value.left
    assert getattr(copied.body[0].value.left, EXIT_FLAG) == "_stop"
    assert copied.body[0].lineno == 1
    spine_length, node = 0, copied.body[0].value
    while isinstance(node, ast.BinOp):
        spine_length, node = spine_length + 1, node.left
    assert spine_length == 2499 and node.id == "x0"
