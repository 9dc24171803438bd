"""``grad(f, k)(*args)`` called inside a function being differentiated, and the other
derivative transforms, which are refused there (:func:`derivative_transform`). The transforms live in
the api layer above; it registers here, for ``transpiler.grad``, a maker ``(f, k) -> g``: ``g``
computes that gradient and carries its own derivative rules (forward over reverse mode of
``f``), so the lowering calls ``g`` like any function with a custom rule (nested_gradients.py)."""
from __future__ import annotations

import types
from typing import Any, Callable

_MAKERS: dict[int, tuple[Any, Callable[[Callable, int], Callable], bool]] = {}


def register(transform: Any, maker: Callable[[Callable, int], Callable], with_value: bool = False) -> None:
    """Calls ``transform(f, k)(*args)`` are lowered as ``maker(f, k)(*args)``; ``with_value``
    (``value_and_grad``): as ``(f(*args), maker(f, k)(*args))``, the arguments computed once."""
    _MAKERS[id(transform)] = (transform, maker, with_value)


def maker_for(obj: Any) -> tuple[Callable[[Callable, int], Callable], bool] | None:
    """The maker registered for ``obj``, and whether the call also gives ``f``'s value; or None."""
    entry = _MAKERS.get(id(obj))
    return entry[1:] if entry is not None and entry[0] is obj else None


# transpiler's own derivative transforms (by module name: the api layer sits above this one)
_TRANSFORM_MODULES = ("transpiler.api.transforms", "transpiler.api.second", "transpiler.api.gradient",
                      "transpiler.api.fast_path", "transpiler.api.forward_derivatives")


def derivative_transform(callee) -> str | None:
    """The name of the derivative transform ``callee`` is (``grad``, ``hessian``, a ``Gradient``
    that ``grad`` returned), or None. Lowering one would inline transpiler's own code."""
    if isinstance(callee, types.FunctionType):
        if callee.__module__ not in _TRANSFORM_MODULES:
            return None
        # (a function a transform returned, `jacobian(f)`'s: not named by its closure's name, `jac`)
        return "a derivative transpiler made" if "<locals>" in callee.__qualname__ else callee.__name__
    return "a derivative transpiler made" if type(callee).__module__ in _TRANSFORM_MODULES else None


def refused_inside(called: str, transform: str) -> tuple[str, str]:
    """What is not supported, and the hint, for the derivative transform ``called`` (its source
    text) inside a function being differentiated, in a form other than those supported."""
    return (f"`{called}` ({transform}) called inside a function being differentiated (a derivative taken inside "
            "the function) in this form",
            "inside, `grad(f)(x)`, `grad(f, k)(x, y)` and `value_and_grad(f, k)(x, y)` called at once are supported, "
            "with `f` a module-level "
            "function, or a lambda or nested `def` taking positional parameters only (no defaults) and reading only "
            "numbers and arrays of the function it is defined in (pass lists, objects and functions to it as "
            "arguments); or differentiate twice from outside: transpiler.grad(transpiler.grad(f)), "
            "transpiler.hessian(f), transpiler.hvp(f, x, v) or transpiler.jvp(transpiler.grad(f), ...); a third "
            "derivative inside is not supported: write transpiler.grad(transpiler.grad(transpiler.grad(f))) from "
            "outside, or take central differences of transpiler.hessian(f)")
