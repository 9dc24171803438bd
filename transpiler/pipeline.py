"""The pipeline end to end, with caches: function -> SSA -> transformed AST -> source -> code.

Lowering is cached per function; generated code per (function, what to differentiate, argument
shapes). Shapes are part of the key because they let the transform drop ``unbroadcast`` where
shapes provably agree; scalars and arrays of one shape share one compiled function.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, Callable

from . import emit, frontend, ssa
from .errors import TranspileError
from .forward import TangentSpec, forward
from .reverse import reverse

_lowered: "weakref.WeakKeyDictionary[Callable, ssa.Function]" = weakref.WeakKeyDictionary()
_compiled: "weakref.WeakKeyDictionary[Callable, dict]" = weakref.WeakKeyDictionary()


def lowered(func: Callable) -> ssa.Function:
    func = frontend.unwrap(func)
    if func not in _lowered:
        _lowered[func] = ssa.lower(frontend.parse_function(func))
    return _lowered[func]


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
    per_function = _compiled.setdefault(func, {})
    key = (type(spec).__name__, *vars(spec).values())
    if key not in per_function:
        fn, text, tree = _generate(func, spec)
        jit = numba_jit() if getattr(spec, "backend", "numpy") == "numba" else None
        python = (tree.name,) if getattr(tree, "python_only", False) else ()    # runs as Python, not jitted
        python += ("unshared",)      # a check numba cannot type: code calling it is refused cleanly
        function = emit.compile_function(text, tree.name, label=tree.name, jit=jit, python=python)
        free = tuple((v.name, *fn.readers[v.name]) for v in fn.free.values())
        per_function[key] = Generated(function, text, free, fresh=getattr(tree, "fresh_results", ()))
    return per_function[key]


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
