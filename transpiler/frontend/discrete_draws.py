"""``rng.choice(n, p=probs)`` with probabilities computed in the function (a policy's action in
REINFORCE): lowered as ``choice_draw(rng.choice, n, p=probs)``, a call that simply runs and draws
what NumPy draws, whose derivative in ``p`` is 0 (primitives/discrete_draws.py says why that is
the derivative of the sample drawn). ``np.random.choice``, a global generator's ``choice`` and a
local value's (an argument ``rng``, or ``np.random.default_rng(0)`` made here: checked to be
NumPy's when it runs) are recognised; a draw whose ``p`` is absent or written as a constant stays
the call it is."""
from __future__ import annotations

import ast

import numpy as np

from ..primitives.discrete_draws import choice_call
from .source import MISSING

_PARAMETERS = ("a", "size", "replace", "p", "axis", "shuffle")     # (RandomState's are the first four)


def discrete_draw(lowering, node: ast.Call, callee, name: str | None):
    """The draw ``choice_draw(draw, a, ..., p=p)``, or None: not a ``choice`` of a NumPy
    generator, or one with no computed ``p``."""
    if not _is_choice(lowering, node, callee):
        return None
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return None
    if len(node.args) > len(_PARAMETERS) or any(k.arg not in _PARAMETERS for k in node.keywords):
        return None                     # (the library's own error, from the call as written)
    given = [*zip(_PARAMETERS, node.args), *((k.arg, k.value) for k in node.keywords)]
    probabilities = dict(given).get("p")
    if probabilities is None or isinstance(probabilities, ast.Constant) or not given or given[0][0] != "a":
        return None
    draw = lowering._free(node.func) if callee is not MISSING else lowering._expr(node.func.value)
    lowered = [(parameter, lowering._arg(value)) for parameter, value in given]     # (in the order Python evaluates them)
    sources = (lowering._readable(ast.unparse(node.func)),
               *(lowering._readable(ast.unparse(value)) for _, value in given))
    at = 1 + [parameter for parameter, _ in lowered[1:]].index("p") + 1    # (after draw and a)
    prim = choice_call(sources[0], sources, lowering._chain(), at)
    return lowering._apply(node, prim, (draw, lowered[0][1]), tuple(lowered[1:]), name)


def _is_choice(lowering, node: ast.Call, callee) -> bool:
    """``choice`` of NumPy's global stream or of a generator known outside the function, or the
    method ``choice`` of a local value (checked when it runs)."""
    if callee is MISSING:
        func = node.func
        return isinstance(func, ast.Attribute) and func.attr == "choice" and not lowering._callable_outside(func.value)
    return getattr(callee, "__name__", None) == "choice" and isinstance(
        getattr(callee, "__self__", None), (np.random.RandomState, np.random.Generator))


def choice_again(lowering, node: ast.Call, name: str | None):
    """``choice_draw(draw, a, ..., p=p)`` in generated code differentiated again (a Hessian):
    the same draw, derivative 0 in ``p`` again."""
    keywords = [k.arg for k in node.keywords]
    sources = tuple(lowering._readable(ast.unparse(a)) for a in [*node.args, *(k.value for k in node.keywords)])
    prim = choice_call("choice_draw", sources, lowering._chain(), len(node.args) + keywords.index("p"))
    atoms = tuple(lowering._arg(a) for a in node.args)
    return lowering._apply(node, prim, atoms, tuple((k.arg, lowering._arg(k.value)) for k in node.keywords), name)
