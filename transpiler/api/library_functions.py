"""``grad(np.tanh)``, ``jacobian(np.linalg.det)``, ``hessian(math.sin)``, ``grad(operator.mul)``: a
library function with a rule (or a function of the ``operator`` module, the operator it spells)
differentiated itself, as JAX's quickstart writes ``grad(jnp.tanh)`` and autograd's tests pass
``operator.mul``. It has no Python source to read (or, as ``scipy.special.logsumexp``, source the
rule stands for), so the transforms read a function made for it: ``def tanh(x): return F(x)``
with ``F`` the library function, taking its required positional parameters (its keywords are
left at their defaults; to pass one, write the ``def`` yourself)."""
from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np

from ..frontend.operator_calls import operator_function
from ..frontend.source import hold_generated
from ..primitives import lookup
from ..primitives.registry import composition

_LIBRARIES = {"numpy", "scipy", "math", "cmath", "builtins", "statistics"}
_MADE: dict[Any, Callable[..., Any]] = {}     # library function -> the function made for it (kept:
                                               # library functions live as long as their modules)


def library_function(f: Any) -> Callable[..., Any] | None:
    """The function standing for ``f``, or None where ``f`` has no rule, or no fixed positional
    parameters to take (``np.einsum(*operands)``)."""
    operator = operator_function(f) is not None      # operator.mul, autograd's tests' spelling
    if ((getattr(f, "__module__", None) or "").partition(".")[0] not in _LIBRARIES and not isinstance(f, np.ufunc)
            and not operator):
        return None                         # (a user's function with a custom rule: its own source)
    try:
        if f in _MADE:
            return _MADE[f]
    except TypeError:                       # unhashable: no library function
        return None
    if lookup(f) is None and composition(f) is None and not operator:
        return None
    parameters = _required_positional(f)
    if not parameters:
        return None
    name = getattr(f, "__name__", "library_function")
    listed = ", ".join(parameters)
    text = f"def {name}({listed}):\n    return F({listed})\n"
    namespace: dict[str, Any] = {"F": f}
    exec(compile(text, f"<transpiler: {name}>", "exec"), namespace)
    made: Callable[..., Any] = namespace[name]
    hold_generated(made, text)
    _MADE[f] = made
    return made


def _required_positional(f: Any) -> list[str]:
    """The leading parameters of ``f`` with no default (a ufunc's inputs, where its signature
    lists only ``x``/``x1, x2``; one ``x`` where all it takes is ``*arys``)."""
    try:
        signature = inspect.signature(f)
    except (TypeError, ValueError):
        count = getattr(f, "nin", 0)
        return ["x"] if count == 1 else [f"x{i + 1}" for i in range(count)]
    parameters = list(signature.parameters.values())
    if [p.kind for p in parameters] == [inspect.Parameter.VAR_POSITIONAL]:
        return ["x"]            # np.atleast_1d(*arys) and nothing else: the function of one array
    names: list[str] = []
    for p in parameters:
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or p.default is not p.empty:
            break
        names.append(p.name)
    return names
