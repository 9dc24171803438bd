"""Each primitive is declared once: its rules, its forward mode, its sympy counterpart and the
facts other passes read (allocates, views) are arguments of the declaring call, never attributes
assigned to a registered primitive afterwards."""
import ast
import dataclasses
import pathlib

import numpy as np
import pytest

import transpiler
from transpiler.primitives import REGISTRY, Primitive
from transpiler.primitives.fields import dtype_of

PRIMITIVES = pathlib.Path(transpiler.__file__).parent / "primitives"
FIELDS = {f.name for f in dataclasses.fields(Primitive)}


def assigned_fields(path: pathlib.Path) -> list[tuple[int, str]]:
    """(line, field) of every ``something.<Primitive field> = ...`` in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr in FIELDS and isinstance(part.ctx, ast.Store):
                    found.append((node.lineno, part.attr))
    return found


@pytest.mark.parametrize("path", sorted(PRIMITIVES.glob("*.py")), ids=lambda p: p.name)
def test_no_primitive_field_is_assigned_after_its_declaration(path):
    late = assigned_fields(path)
    assert late == [], f"pass these to the declaring call instead: {late}"


def test_every_differentiable_elementwise_primitive_declares_its_sympy_counterpart():
    missing = [p.name for p in REGISTRY.values() if p.partials is not None and not callable(p.sympy)]
    assert missing == []


# Reverse mode only ("not yet" in docs/primitives.md; forward mode refuses them): none. A new
# entry here needs a reason the forward rule cannot be written.
REVERSE_ONLY: set = set()


def test_every_differentiable_primitive_declares_its_forward_mode():
    # (users' rules, family "custom", may come without a jvp: a peers' table registers one at import)
    missing = {p.name for p in REGISTRY.values() if p.differentiable and not p.has_jvp() and p.family != "custom"}
    assert missing == REVERSE_ONLY


# np.shape, np.ndim and np.size make tuples and numbers: immutable, neither new arrays nor views.
SHAPE_QUERIES = (np.shape, np.ndim, np.size, dtype_of)


def test_every_shape_primitive_says_whether_it_allocates_or_views():
    undeclared = [p.name for k, p in REGISTRY.items()
                  if p.family == "shape" and k not in SHAPE_QUERIES and p.allocates == p.views]
    assert undeclared == []


def copied(x):
    return np.copy(x)


def copied_by_method(x):
    return x.copy()


def as_array(x):
    return np.array(x)


def tiled(x):
    return np.tile(x, 1)


def joined(x):
    return np.concatenate([x])


@pytest.mark.parametrize("make", [copied, copied_by_method, as_array, tiled, joined], ids=lambda f: f.__name__)
def test_two_equal_calls_of_an_allocating_primitive_stay_two_arrays(make):
    def f(x):
        a = make(x)
        b = make(x)          # the same expression: a second array all the same
        a[0] = 0.0
        return np.sum(b * x) + np.sum(a)

    x = np.array([0.5, -1.5, 2.0])
    assert f(x) == pytest.approx(np.sum(x * x) + np.sum(x[1:]))
    transpiler.check_grad(f, x)


def test_every_elementwise_math_function_names_the_numpy_ufunc_computing_the_same():
    import math

    from transpiler.primitives import REGISTRY

    for key, prim in REGISTRY.items():
        if getattr(key, "__module__", None) == "math" and prim.partials is not None:
            if prim.ufunc is None:          # NumPy has no error function (primitives/python_math.py)
                assert key in (math.erf, math.erfc), key
                continue
            ufunc = getattr(np, prim.ufunc.removeprefix("np."))
            assert isinstance(ufunc, np.ufunc), key
            for args in ([(0.3,), (1.3,)] if prim.arity == 1 else [(0.3, 3) if key is math.ldexp else (0.3, 0.7)]):
                try:
                    expected = key(*args)
                except ValueError:          # outside math's domain (acosh(0.3), atanh(1.3))
                    continue
                assert ufunc(*args) == pytest.approx(expected, rel=1e-15), key
    assert REGISTRY[math.asin].ufunc == "np.arcsin" and REGISTRY[abs].ufunc == "np.absolute"
