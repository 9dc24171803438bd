"""Dead code is dropped on the IR (opt/dead_code.py) before a backend prints it: on every
realworld program, in both modes, the same clean-up on the printed code (ir/liveness.py's
``prune``, the pass it replaced) finds nothing left to do. (Forward mode's copies are merged on
the IR too, opt/copies.py, but the pass on code, opt/cleanup.py's ``merge_copies``, does more:
a loop-carried value's new version bound under its own name, so forward mode still runs it as
``merge_loop_copies``.)"""
from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path

import pytest

import transpiler
from transpiler.backends import python_code
from transpiler.errors import TranspileError
from transpiler.ir.liveness import prune

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "realworld"))
from test_realworld import CASES, wrt_of  # noqa: E402


@pytest.fixture
def printed_code(monkeypatch):
    """Every transform output the driver has a backend print: see :func:`_kept`."""
    printed = []
    derivative, reverse = python_code.derivative, python_code.printed
    monkeypatch.setattr(python_code, "derivative",
                        lambda fn, heading=None: _kept(derivative(fn, heading), printed))
    monkeypatch.setattr(python_code, "printed", lambda d: _kept(reverse(d), printed) if d.ir is not None else reverse(d))
    return printed


def _kept(derivative, printed: list):
    """(as printed: the later passes rewrite it in place) its name, what ``prune`` leaves of its
    body, and the body"""
    cleaned = prune(copy.deepcopy(derivative.body), derivative.needed())
    printed.append((derivative.name, _dump(cleaned), _dump(derivative.body)))
    return derivative


def _dump(stmts: list) -> str:
    return ast.dump(ast.Module(body=stmts, type_ignores=[]))


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_printed_code_of_each_realworld_derivative_has_no_dead_statement_left(case_id, printed_code):
    case = CASES[case_id]
    f, wrt = case["function"], wrt_of(case)
    wrt = wrt if len(wrt) > 1 else wrt[0]
    for source in (lambda: transpiler.grad(f, wrt=wrt).source(args=case["args"]()),
                   lambda: transpiler.api.tangent_source(f, wrt, args=case["args"]())):
        try:
            source()
        except TranspileError:          # refused (realworld_status.py records it)
            continue
    if not printed_code:
        pytest.skip("refused in both modes")
    for name, cleaned, body in printed_code:
        assert cleaned == body, name
