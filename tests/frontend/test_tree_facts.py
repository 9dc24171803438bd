"""frontend/tree_facts.py: what a function's tree holds, found once per tree, and helpers inlined
at many calls (each asking the same tree again) differentiated as the first call was."""
import ast
import textwrap

import numpy as np

import transpiler
from transpiler.check import check_grad
from transpiler.frontend.tree_facts import name_ids, rebound_names, scope_kinds


def _tree(source: str) -> ast.FunctionDef:
    return ast.parse(textwrap.dedent(source)).body[0]


def test_scope_kinds_leave_out_a_nested_functions_body():
    tree = _tree("""
        def f(x):
            def g(y):
                try:
                    return y
                except ValueError:
                    return 0.0
            return g(x)
        """)
    assert ast.FunctionDef in scope_kinds(tree) and ast.Try not in scope_kinds(tree)


def test_rebound_names_leave_out_augmented_and_item_assignments():
    tree = _tree("""
        def f(x, out, s):
            y = x * 2
            out[0] = y
            s += y
            del y
            return s
        """)
    assert rebound_names(tree) == {"y"}


def test_name_ids_include_a_nested_functions_names():
    tree = _tree("""
        def f(x):
            g = lambda y: y * scale
            return g(x)
        """)
    assert {"x", "g", "y", "scale"} <= name_ids(tree)


def test_the_answers_are_kept_per_tree():
    tree = _tree("def f(x):\n    return x\n")
    assert scope_kinds(tree) is scope_kinds(tree)
    assert scope_kinds(_tree("def f(x):\n    return x\n")) is not scope_kinds(tree)


def _guarded_log(v):
    try:
        return np.log(v)
    except FloatingPointError:
        return v


def _clipped_sum(v, limit):
    total = 0.0
    for item in v:
        if item > limit:
            break
        total = total + item
    return total


def _early(v):
    if np.sum(v) > 100.0:
        return v
    return v * v


def _scaled_into(out, v):
    out *= v
    return out


def _helpers_at_many_calls(x):
    s = 0.0
    for k in range(4):
        s = s + np.sum(_guarded_log(x + k)) + _clipped_sum(x * k, 3.0) + np.sum(_early(x) * k)
        buffer = x.copy()
        s = s + np.sum(_scaled_into(buffer, x))
    return s


def test_helpers_inlined_at_many_calls_differentiate_as_written():
    x = np.array([0.4, 0.9, 1.3])
    value, _ = transpiler.value_and_grad(_helpers_at_many_calls)(x)
    assert np.isclose(value, _helpers_at_many_calls(x))
    check_grad(_helpers_at_many_calls, x)
