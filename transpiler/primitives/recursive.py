"""The primitive a recursive user function's calls become (a function cannot be inlined into
itself): declared here, compiled by the driver (driver/recursion.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import runtime
from .registry import REGISTRY, Primitive, Spelling


@dataclass(frozen=True)
class RecursiveCall:
    """How generated code calls a recursive function's own derivative code (``Primitive.recursive``).

    Reverse mode: ``pullback(*args, d_output)`` makes a generator (the generic gradient code of
    ``function``, GradientSpec.pullback): ``next`` runs its forward sweep and gives the value; put
    the output's adjoint in the list ``d_output`` and ``next`` runs its reverse sweep, which ends
    it, its StopIteration carrying one adjoint per argument. Forward mode: ``tangent(*args,
    *tangents)`` gives ``(value, tangent)``. Both are the entries used from other code; inside its
    own generated code the function calls itself directly, so each level of the recursion costs
    one Python frame and one pass, as the primal does."""

    function: Callable
    primal: str          # names of the three in generated code (runtime.EXTERNAL)
    pullback: str
    tangent: str
    # may the result be complex though every argument is real (``return v + 0j`` at the base)?
    # Asked of the function's own code (driver/recursion.py), as a call's arguments cannot tell
    complex_result: Callable[[], bool] = lambda: False


def declare(f: Callable, pullback: Callable, tangent: Callable, complex_result: Callable[[], bool]) -> None:
    """Register ``f``'s calls as a primitive differentiated by its own generated code:
    ``pullback(*args)`` makes the reverse-mode generator, ``tangent(*args, *tangents)`` the
    forward-mode pair (both compiled by the driver when first called); ``complex_result()`` says
    whether its result may be complex for real arguments."""
    name = getattr(f, "__name__", "recursive")
    base = f"_custom_{name}"
    while base in runtime.EXTERNAL and runtime.EXTERNAL[base] is not f:
        base += "_"                                      # another function with the same name
    call = RecursiveCall(f, primal=base, pullback=f"{base}_pullback", tangent=f"{base}_tangent",
                         complex_result=complex_result)
    runtime.EXTERNAL.update({call.primal: f, call.pullback: pullback, call.tangent: tangent})
    REGISTRY[f] = Primitive(name=name, spelling=Spelling(path=base), family="custom", shape_rule=None,
                            vjp_builder=_by_the_transforms, jvp_builder=_by_the_transforms, recursive=call)


def _by_the_transforms(site, *rest):
    """A recursive call's rules are written by reverse.py and forward.py themselves (they call the
    function's own generated code); this only says that every argument has a derivative."""
    if site is None:
        return True
    raise AssertionError("a recursive call is differentiated by the transforms, not by a rule")
