"""What frontend/jumps.py looks for before rewriting: a ``return`` before the end, a ``break``
or ``continue``, a loop's ``else:``, found at any depth of the statements' blocks (a ``match``'s
cases, a ``try``'s handlers, a ``with``'s body), not in a nested function's, and without walking
the expressions (no jump is one)."""
import ast
import textwrap

import numpy as np
import pytest

from transpiler import check_grad
from transpiler.frontend.jumps import _has_early_return, _walk_scope

X = np.array([0.3, -1.2, 0.8])


def _body(code: str) -> list[ast.stmt]:
    return ast.parse(textwrap.dedent(code)).body[0].body


@pytest.mark.parametrize("code", [
    """
    def f(x, k):
        match k:
            case 1:
                return x
        return -x
    """,
    """
    def f(x):
        try:
            y = x
        except ValueError:
            return x
        return y
    """,
    """
    def f(x):
        with np.errstate(all="ignore"):
            if x > 0:
                return x
        return -x
    """,
])
def test_a_return_in_any_block_is_an_early_return(code):
    assert _has_early_return(_body(code))


def test_a_nested_functions_return_is_its_own():
    body = _body("""
    def f(x):
        def g(y):
            if y > 0:
                return y
            return -y
        return g(x)
    """)
    assert not _has_early_return(body)
    assert not any(isinstance(n, ast.Return) for n in _walk_scope(body[0]))


def test_only_statements_are_walked():
    body = _body("""
    def f(x):
        for i in range(3):
            if x[i] > 0:
                continue
            x = x * np.sin(x[i])
        else:
            x = x + 1.0
        return x
    """)
    walked = [n for s in body for n in _walk_scope(s)]
    assert all(isinstance(n, ast.stmt) for n in walked)
    assert sum(isinstance(n, ast.Continue) for n in walked) == 1
    assert len(walked) == 6      # for, if, continue, assignment, else's assignment, return


def returned_in_a_case(x, k):
    match k:
        case 1:
            return np.sum(np.sin(x) * x)
        case _:
            y = x * 2.0
    return np.sum(np.cos(y))


def broken_out_of_in_a_with(x, k):
    for i in range(3):
        with np.errstate(all="ignore"):
            if i == k:
                break
        x = np.sin(x) * 2.0
    return np.sum(x)


@pytest.mark.parametrize("f", [returned_in_a_case, broken_out_of_in_a_with])
@pytest.mark.parametrize("k", [1, 2])
def test_gradients_through_the_jumps_agree_with_finite_differences(f, k):
    report = check_grad(f, X.copy(), k)
    assert report.ok, report
