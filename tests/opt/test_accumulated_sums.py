"""An adjoint's contributions merged into one sum (opt/accumulations.py, part of merge_copies):
the sum so far is the tree its statements were lowered from, not its line printed again for each
term taken in (a sum of n terms printed n times over was a quadratic walk up to MAX_DEPTH)."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
from hand_built import ADD, function, mul, x  # noqa: E402

import transpiler  # noqa: E402
from transpiler.backends import python_code  # noqa: E402
from transpiler.check import check_grad  # noqa: E402
from transpiler.ir import Assign, Var, verify  # noqa: E402
from transpiler.opt import lines  # noqa: E402
from transpiler.opt.copies import merge_copies  # noqa: E402

d, g = Var("d"), Var("g")


def contributions(n: int):
    """``d = g * x``, then n times ``z{k} = x * g; d = d + z{k}``."""
    body = [mul(d, g, x)]
    for k in range(n):
        z = Var(f"z{k}")
        body += [mul(z, x, g), Assign(d, ADD, (d, z), rebinds=True)]
    return function(body, d, params=(x, g))


def printed(fn) -> str:
    verify(fn)
    text = ast.unparse(ast.fix_missing_locations(python_code.function_def(fn, fold=False)))
    return text.split("\n", 1)[1]


def printed_nodes(n: int, monkeypatch) -> int:
    """How many AST nodes merge_copies printed from lines of ``contributions(n)``."""
    count = 0
    expression = lines.Lines.expression

    def counted(line):
        nonlocal count
        tree = expression(line)
        count += sum(1 for _ in ast.walk(tree))
        return tree
    monkeypatch.setattr(lines.Lines, "expression", staticmethod(counted))
    merge_copies(contributions(n))
    monkeypatch.setattr(lines.Lines, "expression", staticmethod(expression))
    return count


def test_every_contribution_is_taken_into_one_sum():
    merged = merge_copies(contributions(4))
    assert printed(merged).splitlines()[-1] == "    return g * x + z0 + z1 + z2 + z3"


def test_the_sum_so_far_is_not_printed_again_for_each_term(monkeypatch):
    # 8 and 16 terms (a sum of 16 is within MAX_DEPTH): each term's line printed once is linear;
    # the sum so far printed again for each term took 3.2 times more nodes for twice the terms
    assert printed_nodes(16, monkeypatch) <= 2.2 * printed_nodes(8, monkeypatch)


def f(w):
    s = np.sin(w) * w                   # (w's adjoint takes in 16 contributions: two a line)
    s = s + np.sin(w * 2.0) * w
    s = s + np.sin(w * 3.0) * w
    s = s + np.sin(w * 4.0) * w
    s = s + np.sin(w * 5.0) * w
    s = s + np.sin(w * 6.0) * w
    s = s + np.sin(w * 7.0) * w
    s = s + np.sin(w * 8.0) * w
    return np.sum(s)


def test_a_gradient_with_many_contributions_to_one_adjoint_matches_finite_differences():
    w = np.linspace(0.1, 0.9, 5)
    assert check_grad(f, w).ok
    source = transpiler.grad(f).compiled((w,)).source
    assert source.count("d_w = ") == 1              # (one sum)
