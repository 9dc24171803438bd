"""Tangent's test_reverse_over_reverse.py differentiates its gradient in reverse mode again
(``grad(grad(f))``); probe.py's second order in reverse mode is ``hvp`` (forward over reverse).
This runs Tangent's own composition on the entries of tangent_tables.py that it checks so (a
number out, first argument): ``grad(grad(f))`` against central differences of ``grad(f)``, at
every combination but where a step crosses ``while_big``'s loop exit (the jump at ±0.1)."""
from __future__ import annotations

import itertools
import os
import sys

import numpy as np
import pytest

import transpiler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tangent_tables import TABLES      # noqa: E402

SECOND_ORDER = [e for e in TABLES if e.order == 2 and e.name not in ("cart2polar", "fn_multiple_return")]
JUMPS = {("while_big", -0.1), ("while_big", 0.1)}


@pytest.mark.parametrize("entry", SECOND_ORDER, ids=[e.name for e in SECOND_ORDER])
def test_grad_of_grad_agrees_with_differences_of_the_gradient(entry):
    second, first = transpiler.grad(transpiler.grad(entry.expr)), transpiler.grad(entry.expr)
    for args in itertools.product(*entry.args):
        if (entry.name, args[0]) in JUMPS:
            continue
        a, rest = args[0], args[1:]
        h = 1e-5 * max(1.0, abs(a))
        numeric = (first(a + h, *rest) - first(a - h, *rest)) / (2 * h)
        assert second(*args) == pytest.approx(numeric, rel=1e-5, abs=1e-6), args
