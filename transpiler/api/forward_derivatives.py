"""``@differentiate(mode="forward")``'s ``value_and_grad``: a function made here, in a module the
frontend knows as transpiler's own (frontend/nested.py), so that, called inside a function being
differentiated, it is refused as a derivative transpiler made, at the user's line, rather than
read as source."""
from __future__ import annotations

from typing import Any, Callable


def forward_value_and_grad(f: Callable[..., Any], jac: Callable[..., Any], has_aux: bool) -> Callable[..., Any]:
    """``(*args, **kwargs) -> (f(*args, **kwargs), gradient)``, the gradient from ``jac``
    (``jacobian(f, wrt, mode="forward")``; with ``has_aux``, its ``(J, aux)``: ``f``'s value holds
    the aux already)."""
    def value_and_grad(*args: Any, **kwargs: Any) -> Any:
        value = f(*args, **kwargs)
        return value, jac(*args, **kwargs)[0] if has_aux else jac(*args, **kwargs)
    return value_and_grad
