"""Names read before Python would have bound them. A name first assigned inside a loop (which may
run zero times) or on one path of a branch holds ``unbound('y')`` until then: the error Python
raises on reading it, as a value. Every read of a value that may be it goes through ``bound(y)``
(frontend/unbound_reads.py), which raises that error: ``UnboundLocalError`` for a name,
``AttributeError`` for an attribute of an object made in the function (``self.h``)."""
from __future__ import annotations

from .registry import REGISTRY, Primitive, Spelling
from .runtime import helper


@helper()
def unbound(name):
    """What ``name`` holds before its first assignment: the error reading it raises."""
    if "." in name:
        owner, _, attribute = name.rpartition(".")
        return AttributeError(f"'{owner}' has no attribute '{attribute}' (it is assigned only inside a loop that "
                              "ran zero times, or on a branch not taken)")
    return UnboundLocalError(f"cannot access local variable '{name}' where it is not associated with a value")


@helper(linear="joint")
def bound(x):
    """``x`` itself, once it holds a value: raises the error Python raises where it does not yet."""
    if isinstance(x, (UnboundLocalError, AttributeError)):
        raise x
    return x


def _passed_through(site, i, d_y):
    """The adjoint of ``bound(x)`` is ``x``'s."""
    return True if site is None else d_y


BOUND = Primitive(name="bound", spelling=Spelling(path="bound"), family="runtime helpers",
                  vjp_builder=_passed_through, shape_rule=lambda shapes, kwargs: shapes[0],
                  linear="joint", effect=True)      # kept even where its value is unused: it may raise
REGISTRY[bound] = BOUND
