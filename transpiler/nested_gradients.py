"""``grad(f, k)(*args)`` inside a function being differentiated (autograd's tests write their
second-derivative checks so: ``lambda x: np.sum(grad(f)(x))``). The lowering calls the function
made here, ``g(*args) = grad(f, k)(*args)``, whose rules are second derivatives of ``f`` by
forward over reverse mode (api/second.py ``gradient_jvp``), registered as a custom rule (custom.py): with ``H_jk`` the block of
d²f/dx_j dx_k, the VJP for argument ``j`` is ``H_jk @ d_y``, the derivative of ``grad_j f`` along
``d_y`` in argument ``k`` (the mixed partials are symmetric), and the JVP is the sum over ``j``
of ``H_kj @ t_j``, the derivative of ``grad_k f`` along ``t_j`` in argument ``j``. The rules
themselves are not differentiated again: a third derivative is refused."""
from __future__ import annotations

import inspect
import itertools
import weakref
from collections.abc import Sequence
from typing import Any, Callable, overload

import numpy as np

from .api.arguments import bind_call, function_of
from .api.numbers import kind_of
from .api.second import gradient_jvp
from .api.transforms import grad, value_and_grad
from .custom import register_rule
from .primitives import REGISTRY, runtime
from .primitives.registry import REFUSED, refused
from .primitives.complex_rules import COMPLEX_READY
from .frontend import nested

_MADE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()    # f -> {k: g}


def gradient_function(f: Callable[..., Any], wrt: int) -> Callable[..., Any]:
    """``g(*args) = grad(f, wrt)(*args)``, with rules registered (made once per ``f`` and ``wrt``)."""
    made = _MADE.setdefault(f, {})
    if wrt not in made or made[wrt] not in REGISTRY:     # (its rules taken out of the registry since)
        made[wrt] = _make(f, wrt)
    return made[wrt]


def _make(f: Callable[..., Any], wrt: int) -> Callable[..., Any]:
    # The function made and its rules live in global tables (the registry, the names generated
    # code calls, the refusals): they reach ``f`` weakly, and are taken out when ``f`` is freed,
    # so a closure differentiated this way (one per model built in a loop) is not kept alive.
    target = _weak(f)

    def gradient(*args: Any) -> Any:
        return grad(_alive(target), wrt)(*args)

    def along(args: tuple[Any, ...], of: int, moved: int, direction: Any) -> Any:
        """d/dε grad_of f(args with args[moved] + ε direction), ``of`` and ``moved`` counted
        from the first argument passed."""
        original, bound = function_of(_alive(target))
        full = bind_call(original, bound, args)
        return gradient_jvp(original, full, len(bound) + of, len(bound) + moved)(direction)

    def vjp(d_y: Any, y: Any, *args: Any) -> _Adjoints:
        return _Adjoints(lambda j: along(args, j, wrt, d_y) if _differentiable(args[j]) else None, len(args))

    def jvp(tangents: tuple[Any, ...], y: Any, *args: Any) -> Any:
        terms = [along(args, wrt, j, t) for j, t in enumerate(tangents) if t is not None and _differentiable(args[j])]
        return sum(terms[1:], terms[0]) if terms else np.zeros_like(y, dtype=float)

    gradient.__name__ = _unused_name(f"grad_{getattr(f, '__name__', 'f')}_{wrt}".replace("<", "").replace(">", ""))
    register_rule(gradient, vjp, jvp)
    name = getattr(f, "__name__", "f")
    refused(vjp, jvp, reason=f"it is the derivative rule of `grad({name})` called inside the function "
                             f"differentiated, and a second derivative through it would be a third derivative of "
                             f"`{name}`, which is not supported",
            hint="differentiate the function that calls grad once (transpiler.grad, transpiler.jvp), and take "
                 "central differences of that gradient for its second derivatives")
    COMPLEX_READY.add(REGISTRY[gradient].spelling.path)      # (the rules above hold for complex arguments)
    _forget_when_freed(f, gradient, vjp, jvp)
    return gradient


def _weak(f: Callable[..., Any]) -> Callable[[], Any]:
    """A reference to ``f`` that does not keep it alive (a bound method's: to its object and
    function); ``f`` itself where it cannot be referred to weakly."""
    try:
        return weakref.WeakMethod(f) if inspect.ismethod(f) else weakref.ref(f)
    except TypeError:
        return lambda: f


def _alive(target: Callable[[], Any]) -> Callable[..., Any]:
    f = target()
    if f is None:
        raise ReferenceError("the function whose gradient was taken inside a differentiated function no longer "
                             "exists: take the derivative again")
    return f


def _forget_when_freed(f: Callable[..., Any], gradient: Callable[..., Any], *rules: Callable[..., Any]) -> None:
    """Take ``gradient`` and its rules out of the global tables once ``f`` (a bound method: its
    object) is freed."""
    owner = f.__self__ if inspect.ismethod(f) else f
    path = REGISTRY[gradient].spelling.path
    try:
        weakref.finalize(owner, _forget, gradient, path, rules)
    except TypeError:
        pass          # (not referred to weakly: kept, as it keeps itself)


def _forget(gradient: Callable[..., Any], path: str, rules: tuple) -> None:
    if REGISTRY.get(gradient) is not None and REGISTRY[gradient].spelling.path == path:
        del REGISTRY[gradient]
    for name in (path, f"{path}_vjp", f"{path}_jvp"):
        runtime.EXTERNAL.pop(name, None)
    for rule in rules:
        REFUSED.pop(rule, None)
    COMPLEX_READY.discard(path)


def _unused_name(name: str) -> str:
    """``name``, or ``name_2``, ``name_3``...: the first no registered rule has (two lambdas'
    gradients are both ``grad_lambda_0``; rules' names name them in messages and docs)."""
    taken = {prim.name for prim in REGISTRY.values()}
    candidates = (name if k == 1 else f"{name}_{k}" for k in itertools.count(1))
    return next(c for c in candidates if c not in taken)


class _Adjoints(Sequence[Any]):
    """The adjoints of ``vjp``, each computed when indexed: the generated code takes only those of
    the arguments it differentiates, so an argument held constant is never differentiated (a
    second derivative with respect to ``betainc``'s ``a``, which has none, is not asked for)."""

    def __init__(self, adjoint: Callable[[int], Any], count: int) -> None:
        self._adjoint, self._count = adjoint, count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, j: int) -> Any: ...

    @overload
    def __getitem__(self, j: slice) -> Sequence[Any]: ...

    def __getitem__(self, j: int | slice) -> Any:
        if isinstance(j, slice):
            return tuple(self[k] for k in range(self._count)[j])
        if not -self._count <= j < self._count:
            raise IndexError(j)
        return self._adjoint(j % self._count)


def _differentiable(value: Any) -> bool:
    """Floats, float arrays and containers: integers and booleans carry no derivative."""
    kind = kind_of(value)
    return kind is None or kind[0] not in "iub"


nested.register(grad, gradient_function)
nested.register(value_and_grad, gradient_function, with_value=True)
