"""Elementwise functions and reductions drawn from the primitive registry itself
(:data:`~transpiler.primitives.REGISTRY` and the compositions), not from a fixed list, so that a
primitive added to the compiler is fuzzed from the day it lands: the ``registry`` program class
(:mod:`.class_registry`) and the DAG programs' idiom statements (:mod:`.idioms`) draw from here.

Each elementwise primitive's arguments are squashed into its domain (:data:`DOMAIN_FORMATS`,
chosen per primitive in :data:`DOMAINS`, real numbers by default) and every candidate is
validated by running it under NumPy on sample points of that domain: one that raises, or gives
what is not a finite float of the broadcast shape, is not drawn (:func:`elementwise_candidates`).
Reductions are called on a vector or a matrix, whole or along an axis, with NumPy's function
spelling or the method one; the same validation keeps the calls that NumPy runs
(:func:`reduction_candidates`). Candidates are sorted by spelling, so a seed's program is the
same whatever rules were registered lazily (SciPy's) — only ``np.*``, ``math.*``, builtins and
operators are drawn.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ...primitives import REGISTRY
from ...primitives.registry import COMPOSED


# Maps an expression of any (moderate) value into a domain.
DOMAIN_FORMATS = {
    "real": "(1.5 * np.tanh({0}))",            # (-1.5, 1.5)
    "positive": "(1.2 + np.sin({0}))",         # [0.2, 2.2]
    "nonzero": "(1.5 + np.sin({0}))",          # [0.5, 2.5]: divisors
    "unit": "(0.8 * np.sin({0}))",             # [-0.8, 0.8]
    "above_one": "(2.2 + np.sin({0}))",        # [1.2, 3.2]
    "above_minus_one": "(0.1 + np.sin({0}))",  # [-0.9, 1.1]
}
_INTERVALS = {"real": (-1.5, 1.5), "positive": (0.2, 2.2), "nonzero": (0.5, 2.5), "unit": (-0.8, 0.8),
              "above_one": (1.2, 3.2), "above_minus_one": (-0.9, 1.1)}
_SAMPLES = {"real": [-1.3, -0.4, 0.7, 1.2], "positive": [0.3, 0.9, 1.6, 2.1], "nonzero": [0.6, 1.1, 1.9, 2.4],
            "unit": [-0.7, -0.2, 0.3, 0.75], "above_one": [1.3, 1.8, 2.5, 3.1],
            "above_minus_one": [-0.8, -0.3, 0.4, 1.0]}

# Per primitive (its spelling), the domain of each argument where it is not all real.
DOMAINS = {
    "np.log": ("positive",), "math.log": ("positive",), "np.log2": ("positive",), "math.log2": ("positive",),
    "np.log10": ("positive",), "math.log10": ("positive",), "np.sqrt": ("positive",),
    "math.sqrt": ("positive",), "np.cbrt": ("positive",), "np.log1p": ("above_minus_one",),
    "math.log1p": ("above_minus_one",), "np.arcsin": ("unit",), "math.asin": ("unit",),
    "np.arccos": ("unit",), "math.acos": ("unit",), "np.arctanh": ("unit",), "math.atanh": ("unit",),
    "np.arccosh": ("above_one",), "math.acosh": ("above_one",), "np.reciprocal": ("nonzero",),
    "/": ("real", "nonzero"), "np.divide": ("real", "nonzero"), "np.arctan2": ("real", "nonzero"),
    "math.atan2": ("real", "nonzero"), "np.hypot": ("real", "nonzero"), "math.hypot": ("real", "nonzero"),
    "**": ("positive", "real"), "pow": ("positive", "real"), "np.power": ("positive", "real"),
    "np.float_power": ("positive", "real"), "%": ("real", "nonzero"), "np.remainder": ("real", "nonzero"),
    "np.fmod": ("real", "nonzero"), "np.copysign": ("real", "nonzero"), "np.i0": ("real",),
    "math.pow": ("positive", "real"), "math.fmod": ("real", "nonzero"), "math.copysign": ("real", "nonzero"),
    "math.cbrt": ("positive",),
}

# Primitives whose call is not the plain one on real arguments.
SPECIAL = {
    "np.where": "np.where({0} > 0, {1}, {2})",
    "np.clip": "np.clip({0}, {1} - 1.0, {1} + 1.0)",
    "np.ldexp": "np.ldexp({0}, np.floor({1}).astype(int))",
    "math.ldexp": "math.ldexp({0}, math.floor({1}))",
    "np.heaviside": "np.heaviside({0}, 0.5)",
}

# Not drawn, and why (a test pins that every other elementwise primitive is drawn).
EXCLUDED = {
    "len": "a sequence's length, not elementwise on numbers",
    "bool": "a truth value, not a number",
    "np.spacing": "the gap to the next float: its finite differences are noise",
    "np.nextafter": "a step of one ulp: its finite differences are noise",
    "np.unwrap": "along an axis, not elementwise",
    "np.divmod": "returns a pair", "np.modf": "returns a pair", "np.frexp": "returns a pair",
}

ELEMENTWISE_FAMILIES = ("arithmetic", "elementwise math", "elementwise", "piecewise constant")
# Arguments a reduction needs besides the array.
REDUCTION_EXTRA = {"np.quantile": ", 0.3", "np.nanquantile": ", 0.3", "np.percentile": ", 30.0",
                   "np.nanpercentile": ", 30.0"}


def _spelling_of(key) -> str | None:
    """``np.name`` / ``np.linalg.name`` / ``math.name`` / ``np.ufunc.method`` of a library function."""
    owner = getattr(key, "__self__", None)
    if isinstance(owner, np.ufunc):
        return f"np.{owner.__name__}.{key.__name__}"
    name = getattr(key, "__name__", None)
    for prefix, module in (("np", np), ("np.linalg", np.linalg), ("math", math)):
        if name and getattr(module, name, None) is key:
            return f"{prefix}.{name}"
    return None


def _format(spelling: str, arity: int, operator: bool, unary_operator: bool) -> str:
    if spelling in SPECIAL:
        return SPECIAL[spelling]
    if unary_operator:
        return f"({spelling}{{0}})"
    if operator:
        return f"({{0}} {spelling} {{1}})"
    return f"{spelling}({', '.join(f'{{{i}}}' for i in range(arity))})"


def _valid(fmt: str, domains: tuple, scalar: bool) -> bool:
    """Does NumPy run ``fmt`` on sample points of ``domains`` (numbers, and arrays unless
    ``scalar``), giving finite floats?"""
    trials = [[s[i] for s in (_SAMPLES[d] for d in domains)] for i in range(4)]
    if not scalar:
        trials.append([np.array(_SAMPLES[d]) for d in domains])
    for values in trials:
        names = {f"a{i}": v for i, v in enumerate(values)}
        try:
            with np.errstate(all="ignore"):
                out = eval(fmt.format(*names), {"np": np, "math": math}, names)   # noqa: S307 (our own text)
            out = np.asarray(out)
        except Exception:
            return False
        if out.dtype.kind not in "fiub" or out.shape != np.shape(values[0]) or not np.all(np.isfinite(out)):
            return False
    return True


@lru_cache(maxsize=1)
def elementwise_candidates() -> tuple:
    """(spelling, format, argument domains, scalar only, bound on the magnitude) of every
    elementwise primitive drawn."""
    found = {}
    entries = [(str(p.spelling), p.arity, p.spelling.binop is not None or p.spelling.compare is not None,
                p.spelling.unaryop is not None, p.shape_rule, p.differentiable or p.family == "piecewise constant")
               for p in REGISTRY.values() if p.family in ELEMENTWISE_FAMILIES and p.shape_rule in ("elementwise", "scalar")]
    entries += [(_spelling_of(k), None, False, False, "elementwise", True)
                for k, c in COMPOSED.items() if c.family in ELEMENTWISE_FAMILIES]
    for spelling, arity, operator, unary_operator, shape_rule, wanted in entries:
        if not spelling or not wanted or spelling in EXCLUDED or spelling.startswith("scipy"):
            continue
        if arity is None:
            arity = 1
        domains = DOMAINS.get(spelling, ("real",) * arity)
        fmt = _format(spelling, arity, operator, unary_operator)
        scalar = shape_rule == "scalar"
        if len(domains) == arity and _valid(fmt, domains, scalar):
            found[spelling] = (spelling, fmt, domains, scalar, _magnitude(fmt, domains))
    return tuple(found[s] for s in sorted(found))


def _magnitude(fmt: str, domains: tuple) -> float:
    """A bound on ``|fmt|`` over its domains: the largest value on a grid of them, with margin."""
    grids = np.meshgrid(*[np.linspace(*_INTERVALS[d], 9) for d in domains], indexing="ij")
    code = compile(fmt.format(*[f"a{i}" for i in range(len(domains))]), "<primitive>", "eval")
    largest = 0.0
    with np.errstate(all="ignore"):
        for point in zip(*[g.ravel() for g in grids]):
            names = {f"a{i}": float(v) for i, v in enumerate(point)}
            largest = max(largest, abs(float(eval(code, {"np": np, "math": math}, names))))   # noqa: S307
    return 1.5 * largest + 0.1


@lru_cache(maxsize=1)
def reduction_candidates() -> tuple:
    """(spelling, format) of every reduction drawn: whole, along an axis, as a method."""
    spellings = {str(p.spelling): p.method for p in REGISTRY.values() if p.family == "reductions"}
    spellings.update({_spelling_of(k): None for k, c in COMPOSED.items() if c.family == "reductions"})
    found = set()
    for spelling, method in spellings.items():
        if not spelling or not spelling.startswith("np."):
            continue
        extra = REDUCTION_EXTRA.get(spelling, "")
        forms = [f"{spelling}({{0}}{extra})", f"{spelling}({{0}}{extra}, axis=0)", f"{spelling}({{0}}{extra}, axis=-1)"]
        if method:
            forms += [f"{{0}}.{method}()", f"{{0}}.{method}(axis=1)"]
        for fmt in forms:
            if _reduction_valid(fmt):
                found.add((spelling, fmt))
    return tuple(sorted(found))


def _reduction_valid(fmt: str) -> bool:
    sample = np.array([[0.3, -1.1, 0.8], [1.4, 0.2, -0.6]])
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(eval(fmt.format("a"), {"np": np}, {"a": sample}))   # noqa: S307 (our own text)
    except Exception:
        return False
    return out.dtype.kind == "f" and bool(np.all(np.isfinite(out)))
