"""``grad(np.tanh)``, ``jacobian(np.linalg.det)``, ``hessian(math.sin)``, ``grad(operator.mul)``: a
library function with a rule (or a function of the ``operator`` module, the operator it spells)
differentiated itself, as JAX's quickstart writes ``grad(jnp.tanh)`` and autograd's tests pass
``operator.mul``. It has no Python source to read (or, as ``scipy.special.logsumexp``, source the
rule stands for), so the transforms read a function made for it: ``def tanh(x): return F(x)``
with ``F`` the library function, taking its required positional parameters (its keywords are
left at their defaults; to pass one, write the ``def`` yourself).

A user's function with a rule of its own (``register_rule``) differentiated itself, ``vjp(f, x)``,
is read the same way, so that its rule is what is differentiated, not its body (as where another
function calls it): the function made for it takes ``f``'s whole signature, defaults included,
and passes every argument on."""
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
    try:
        if f in _MADE:
            return _MADE[f]
    except TypeError:                       # unhashable: no library function
        return None
    if _has_custom_rule(f):
        return _made(f, _forwarding(f))
    if ((getattr(f, "__module__", None) or "").partition(".")[0] not in _LIBRARIES and not isinstance(f, np.ufunc)
            and not operator):
        return None                         # (a user's function without a rule: its own source)
    if lookup(f) is None and composition(f) is None and not operator:
        return None
    parameters = _required_positional(f)
    if not parameters:
        return None
    listed = ", ".join(parameters)
    return _made(f, (listed, listed, {}))


def _made(f: Any, forwarding: tuple[str, str, dict[str, Any]]) -> Callable[..., Any]:
    """``def name(<parameters>): return F(<arguments>)``, its source held for the frontend."""
    parameters, arguments, defaults = forwarding
    name = getattr(f, "__name__", "library_function")
    text = f"def {name}({parameters}):\n    return F({arguments})\n"
    namespace: dict[str, Any] = {"F": f, **defaults}
    exec(compile(text, f"<transpiler: {name}>", "exec"), namespace)
    made: Callable[..., Any] = namespace[name]
    hold_generated(made, text)
    _MADE[f] = made
    return made


def _has_custom_rule(f: Any) -> bool:
    """Has the user registered rules for ``f`` (not a recursive function's own calls, which the
    transforms differentiate as the function itself)?"""
    prim = lookup(f) if inspect.isfunction(f) else None
    return prim is not None and prim.family == "custom" and prim.recursive is None


def _forwarding(f: Callable[..., Any]) -> tuple[str, str, dict[str, Any]]:
    """(``f``'s parameters as a ``def`` lists them, the call passing each on, the defaults by the
    names the parameters give them): ``x, a, b=_default_2`` and ``x, a, b``; keyword-only
    parameters passed by keyword, ``*args`` and ``**kwargs`` spread."""
    kinds = inspect.Parameter
    listed = list(inspect.signature(f).parameters.values())
    # (a keyword-only parameter is listed as an ordinary one, last, where Python allows it: the
    # transforms pass every argument of the function they read positionally)
    ordinary = not any(p.kind is kinds.VAR_POSITIONAL for p in listed) and not any(
        p.kind is kinds.KEYWORD_ONLY and p.default is p.empty and q.default is not q.empty
        for k, p in enumerate(listed) for q in listed[:k])
    parameters: list[str] = []
    arguments: list[str] = []
    defaults: dict[str, Any] = {}
    for k, p in enumerate(listed):
        if p.kind is kinds.KEYWORD_ONLY and not ordinary and not any(w.startswith("*") for w in parameters):
            parameters.append("*")
        spread = f"*{p.name}" if p.kind is kinds.VAR_POSITIONAL else f"**{p.name}" if p.kind is kinds.VAR_KEYWORD else None
        written = spread or p.name
        if p.default is not p.empty:
            defaults[f"_default_{k}"] = p.default
            written += f"=_default_{k}"
        parameters.append(written)
        if p.kind is kinds.POSITIONAL_ONLY and (k + 1 == len(listed) or listed[k + 1].kind is not kinds.POSITIONAL_ONLY):
            parameters.append("/")
        arguments.append(f"{p.name}={p.name}" if p.kind is kinds.KEYWORD_ONLY else spread or p.name)
    return ", ".join(parameters), ", ".join(arguments), defaults


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
