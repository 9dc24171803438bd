"""Calls that simply run: a function or method with no derivative rule and no source to inline,
applied to values that do not depend on the differentiated parameters (``isinstance``,
``rs.randn(3)``, ``np.meshgrid`` of constants, ``parser.get("sizes")``).

Each such call is one :class:`OpaqueCall` statement of the IR, made for its call site: its result
is a constant of the derivative code, computed once, in the forward sweep, exactly where the
primal computes it. The call may have effects (a random draw advances its generator's stream), so
it is never folded, shared with an equal call, removed when its value is unused, moved past
another call, vectorised across iterations or recomputed: a reverse loop that needs its value
reads it from a tape the forward sweep filled (ad/reverse.py). The analysis refuses it where an
argument depends on the differentiated parameters and its result reaches the output
(analysis/facts.py): there it would need a derivative rule.

Its callee is spelled in the generated code as the user's program reaches it: a library function
by its path (``np.random.randn``), a method on the value it is called on (``rs.randn(...)``, the
object being an argument, a local value or a free value read at call time), or any other callable
as a free value read at call time (the first argument of the statement).
"""
from __future__ import annotations

import ast
import builtins
import math
from dataclasses import dataclass

import numpy as np

from .registry import Primitive, Spelling, nondifferentiable
from . import runtime
from .runtime import helper

FAMILY = "calls that simply run"


@dataclass(eq=False)
class OpaqueCall(Primitive):
    """``path(*args)``, ``args[0].method(*args[1:])`` or ``args[0](*args[1:])``."""

    path: str | None = None           # a library function's dotted path ("np.random.randn")
    method: str | None = None         # called as a method of the first argument
    label: str = ""                   # the callee's qualified name, for error messages
    arg_sources: tuple = ()           # each argument as the user wrote it, for error messages
    chain: str = ""                   # where the call is, in the helpers inlined (for messages)
    starred: tuple = ()               # positions of the call's arguments spread with `*` (rs.randn(*x.shape))
    hint: str = ""                    # what to write instead, where the lowering knows better than in general
    reads_only = False                # known never to change its arguments in place (primitives/tries.py)
    refusal: tuple | None = None      # (why, what instead) where a differentiated value reaches it: a solver's
    function_for: str | None = None   # it makes a lambda or nested def passed to this call (passed_functions.py)
    zero_derivative_at: tuple = ()    # positions of arguments the result has derivative 0 in (a draw's `p`:
                                      # primitives/discrete_draws.py), so a differentiated value there is not refused

    def primal(self, args, kwargs=(), shapes=None, kinds=None) -> ast.expr:
        if self.path is not None:
            func, args = _dotted(self.path), list(args)
        elif self.method is not None:
            func, args = ast.Attribute(value=args[0], attr=self.method, ctx=ast.Load()), list(args[1:])
        else:
            func, args = args[0], list(args[1:])
        args = [ast.Starred(value=a, ctx=ast.Load()) if i in self.starred else a for i, a in enumerate(args)]
        call = ast.Call(func=func, args=args, keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs])
        call.simply_runs = True   # the passes on generated code keep it where it is (ir/liveness.py)
        return call


def opaque_call(callee: str, label: str, arg_sources: tuple, chain: str, path: str | None = None,
                method: str | None = None, starred: tuple = (), hint: str = "", refusal: tuple | None = None,
                function_for: str | None = None) -> OpaqueCall:
    """The primitive of one call site: ``callee`` is the user's spelling of what is called."""
    return OpaqueCall(name=callee, spelling=Spelling(path=path or ""), family=FAMILY, differentiable=False,
                      shape_rule=None, effect=True, path=path, method=method, label=label,
                      arg_sources=arg_sources, chain=chain, starred=starred, hint=hint, refusal=refusal,
                      function_for=function_for)


def is_opaque(prim) -> bool:
    return isinstance(prim, OpaqueCall)


def is_iterator_step(prim: OpaqueCall) -> bool:
    """Is it the builtin ``iter`` or ``next`` (an iterator bound to a name and read with ``next``,
    which the lowering does not follow: frontend/first_items.py reads ``next(iter(xs))``)? For
    hints only."""
    return prim.path in ("iter", "next")


def is_random_draw(prim: OpaqueCall) -> bool:
    """Does it look like a draw from NumPy's random generators (``np.random.randn``, or the method
    of a generator, ``rng.normal``, whose type the lowering may not know) or a scipy.stats
    distribution's ``rvs`` (``norm(mu, s).rvs()``)? For hints only."""
    return (prim.label.split(".")[0] in ("RandomState", "Generator") or prim.label.endswith(".rvs")
            or (prim.path or "").startswith("np.random.")
            or prim.method is not None and any(hasattr(t, prim.method) for t in _GENERATOR_TYPES))


_GENERATOR_TYPES = (np.random.RandomState, np.random.Generator)


def legacy_draw_name(prim: OpaqueCall) -> str | None:
    """The function's name (``"randn"``) where ``prim`` calls a legacy ``np.random`` function
    (one of NumPy's global stream), else None."""
    path = prim.path or ""
    return path[len("np.random."):] if path.startswith("np.random.") and path.count(".") == 2 else None


def library_path(obj) -> str | None:
    """How generated code spells ``obj`` if it is a function of NumPy (``np.random.randn``, also
    reached as ``npr.randn``), of ``math``, a builtin or a maker of a function passed
    (frontend/passed_functions.py: generated code differentiated again calls it too); else None."""
    name = getattr(obj, "__name__", None)
    if not isinstance(name, str) or not name.isidentifier():
        return None
    if is_maker(obj):
        return name
    if getattr(builtins, name, None) is obj:
        return name
    if getattr(math, name, None) is obj:
        return f"math.{name}"
    for path, module in _NUMPY_MODULES:
        if getattr(module, name, None) is obj:
            return f"{path}.{name}"
    return None


def is_maker(obj) -> bool:
    """Is ``obj`` the maker of a lambda or nested def passed to a call that simply runs?"""
    name = getattr(obj, "__name__", None)
    return isinstance(name, str) and name.startswith(runtime.MAKER_PREFIX) and runtime.EXTERNAL.get(name) is obj


_NUMPY_MODULES = (("np", np), ("np.random", np.random), ("np.linalg", np.linalg), ("np.fft", np.fft))


def _dotted(path: str) -> ast.expr:
    head, *rest = path.split(".")
    node: ast.expr = ast.Name(id=head, ctx=ast.Load())
    for attr in rest:
        node = ast.Attribute(value=node, attr=attr, ctx=ast.Load())
    return node


# Questions about a value's type, never its numbers: they accept differentiated values too.
nondifferentiable(isinstance, issubclass, callable, hasattr, family=FAMILY, shape_rule="scalar")
nondifferentiable(type, family=FAMILY, shape_rule=None)
nondifferentiable(id, family=FAMILY, shape_rule=None, observes_identity=True)     # (two equal arrays: two ids)
# Text made from values (`str(loss)`, `format(x, ".3f")`, `"{:.2f}".format(x)`, f-strings, which the
# frontend lowers to `str.format`): a string, which carries no derivative; they never change what
# they are given, so differentiated values may be formatted.
nondifferentiable(str, repr, format, family=FAMILY, shape_rule=None)
nondifferentiable(str.format, family=FAMILY, shape_rule=None, spelling=Spelling(path="str.format"))


@helper()
def shuffled(shuffle, x):
    """What ``shuffle(x)`` (``random.shuffle``, ``np.random.shuffle``) makes of ``x``, done to a
    copy: the same draws from the same stream, the shuffled sequence returned."""
    y = list(x) if isinstance(x, list) else np.array(x)
    shuffle(y)
    return y
