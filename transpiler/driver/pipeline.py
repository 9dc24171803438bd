"""The pipeline end to end, with caches: function -> SSA -> transformed AST -> source -> code.

Lowering is cached per function; generated code per (function, what to differentiate, argument
shapes). Shapes are part of the key because they let the transform drop ``unbroadcast`` where
shapes provably agree; scalars and arrays of one shape share one compiled function.

A cached entry is used only while what lowering assumed still holds (the helpers it inlined, what
their names mean: dependencies.py); otherwise the function is lowered and compiled again. The
caches are keyed weakly by the function and their entries do not refer to it strongly, so a
function, its globals and its closure are freed once the user drops it (and its gradients). Per
function, at most ``CACHE_SIZE`` compiled versions are kept, the least recently used dropped first.
"""
from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from . import recursion
from ..backends import emit
from ..frontend.lowering import lower
from ..ir import Function
from ..frontend import source as frontend
from ..errors import TranspileError
from ..ad.forward import TangentSpec, forward
from ..ad.reverse import reverse

# Compiled versions kept per function (and runners per Gradient object; specialize.py keeps as many
# specialisations): each argument family (shapes, dtypes) gets its own; beyond this many, the least
# recently used is compiled again when next needed.
CACHE_SIZE = 64

_lowered: "weakref.WeakKeyDictionary[Callable, Function]" = weakref.WeakKeyDictionary()
_compiled: "weakref.WeakKeyDictionary[Callable, OrderedDict]" = weakref.WeakKeyDictionary()


def lowered(func: Callable) -> Function:
    """``func`` in SSA form: cached while the names and helpers it relied on are unchanged."""
    func = frontend.unwrap(func)
    fn = _lowered.get(func)
    if fn is None or not fn.dependencies.current():
        _compiled.pop(func, None)        # compiled from the stale lowering
        fn = _lowered[func] = lower(frontend.parse_function(func), _register_recursive)
    return fn


@dataclass
class Generated:
    """A compiled derivative and what it needs at call time."""

    function: Callable
    source: str
    free: tuple[tuple[str, Any, str], ...]   # (parameter in generated code, function, its name)
    returns_value: bool = True               # (value, gradient) rather than the gradient alone
    tangent: bool = False                    # forward-mode code: takes the tangent after the args
    fresh: tuple = ()                        # per gradient: a float64 array this call made, no copy needed

    def free_values(self) -> dict[str, Any]:
        """Current values of the free names: never baked in, so rebinding a global is seen."""
        return {param: parsed.lookup(name) for param, parsed, name in self.free}


def source(func: Callable, spec) -> str:
    """Generated module text for ``spec`` (a GradientSpec: reverse mode; TangentSpec: forward)."""
    return _generate(func, spec)[1]


def compiled(func: Callable, spec) -> Generated:
    """The compiled derivative for ``spec``, generated once per (function, spec)."""
    func = frontend.unwrap(func)
    lowered(func)                        # (drops what was compiled from a stale lowering)
    per_function = _compiled.setdefault(func, OrderedDict())
    key = (type(spec).__name__, *vars(spec).values())
    if key in per_function:
        per_function.move_to_end(key)
    else:
        fn, text, tree = _generate(func, spec)
        jit = numba_jit() if getattr(spec, "backend", "numpy") == "numba" else None
        python = (tree.name,) if getattr(tree, "python_only", False) else ()    # runs as Python, not jitted
        python += ("unshared",)      # a check numba cannot type: code calling it is refused cleanly
        function = emit.compile_function(text, tree.name, label=tree.name, jit=jit, python=python)
        free = tuple((v.name, *fn.readers[v.name]) for v in fn.free.values())
        per_function[key] = Generated(function, text, free, fresh=getattr(tree, "fresh_results", ()))
        if len(per_function) > CACHE_SIZE:
            per_function.popitem(last=False)
    return per_function[key]


def _register_recursive(f: Callable) -> None:
    recursion.register(f, compiled)


def numba_jit() -> Callable:
    """``numba.njit``, or a clear error if the optional backend is not installed."""
    try:
        import numba
    except ImportError as exc:
        raise TranspileError(
            "backend='numba' needs numba, which is not installed",
            hint="pip install 'transpiler[numba]' (or pip install numba), or use backend='numpy'") from exc
    return numba.njit


def _generate(func: Callable, spec):
    fn = lowered(func)
    params = ", ".join(fn.param_names)
    wrt = ", ".join(fn.param_names[i] for i in spec.wrt)
    if isinstance(spec, TangentSpec):
        tree = forward(fn, spec)
        doc = (f"Return ({fn.name}({params}), its directional derivative along the tangents of "
               f"{wrt}) (forward mode).")
    else:
        tree = reverse(fn, spec)
        if spec.returns_value:
            doc = f"Return ({fn.name}({params}), its gradient with respect to {wrt})."
        else:
            doc = f"Gradient of {fn.name} with respect to {wrt} (reverse mode)."
    if fn.free:
        doc += "\n\n    Keyword-only arguments are the values of free names read at call time."
    return fn, emit.to_source(tree, docstring=doc), tree
