"""A primitive declaring ``finite_partials`` (primitives/model.py) skips the per-call NaN check of
the strong-zero fallback (api/strong_zeros.py): its partials must be finite at every finite
argument (the extremes, zero, the smallest normal numbers; complex ones where it takes them),
and every primitive its partials call must declare it too, or have no derivative (its own
derivatives: Hessians, jets)."""
import ast
import inspect
import itertools

import numpy as np
import pytest

from transpiler.primitives import registry
from transpiler.primitives.registry import REGISTRY

FINITE = [-1.7e308, -1e3, -1.0, -2.3e-308, -0.0, 0.0, 2.3e-308, 0.5, 1.0, 1e3, 1.7e308]

registry.load_optional_rules()        # (SciPy's rules are declared on first use)
DECLARED = sorted({id(p): p for p in REGISTRY.values() if p.finite_partials}.values(), key=lambda p: p.name)


def test_some_primitives_declare_finite_partials():
    assert {p.name for p in DECLARED} >= {"np.clip", "scipy.special.expit", "expit_slope"}


def grid(arity, values):
    columns = zip(*itertools.product(values, repeat=arity))
    return [np.array(c) for c in columns]


def partials_at(prim, args):
    with np.errstate(all="ignore"):
        if "y" in inspect.signature(prim.partials.function).parameters:     # (a partial reading the value)
            args = (*args, registry.declared_function(prim)(*args))
        result = prim.partials.function(*args)
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("prim", DECLARED, ids=lambda p: p.name)
def test_declared_finite_partials_are_finite_at_every_finite_argument(prim):
    for partial in partials_at(prim, grid(prim.arity, FINITE)):
        assert np.all(np.isfinite(partial)), prim.name


@pytest.mark.parametrize("prim", DECLARED, ids=lambda p: p.name)
def test_declared_finite_partials_are_finite_at_complex_arguments_taken(prim):
    parts = [-1.7e308, -1.0, 0.0, 2.3e-308, 1.0, 1e3]
    values = [complex(a, b) for a in parts for b in parts]
    try:
        found = partials_at(prim, grid(prim.arity, values))
    except TypeError:           # (SciPy's expit takes no complex)
        pytest.skip(f"{prim.name} takes no complex arguments")
    for partial in found:
        assert np.all(np.isfinite(partial)), prim.name


# calls in such partials of primitives not declaring it, each checked by hand: their values,
# and their own partials, are finite wherever the arguments they are given here are
REVIEWED = {"clip_partial": "0, 1/2 or 1: piecewise constant",
            "np.tanh": "its slope 1 - y*y is finite at every real argument (expit_slope takes no complex)"}


@pytest.mark.parametrize("prim", DECLARED, ids=lambda p: p.name)
def test_the_calls_in_finite_partials_are_of_finite_partials_or_reviewed(prim):
    namespace = prim.partials.function.__globals__
    for expr in prim.partials.exprs():
        for node in ast.walk(expr):
            if isinstance(node, ast.Call):
                spelled = ast.unparse(node.func)
                called = registry.lookup(eval(spelled, namespace))
                assert spelled in REVIEWED or called is not None and called.finite_partials, (prim.name, spelled)
