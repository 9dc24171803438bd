"""Derivative rules, one module per family; importing this package fills the registry."""
from . import arithmetic, elementwise, indexing, linalg, reductions, shape  # noqa: F401  (registration side effects)
from . import helper_rules  # noqa: F401,E402  (after the families: declares their runtime helpers)
from .registry import REGISTRY, CallSite, Primitive, composition, lookup

__all__ = ["REGISTRY", "CallSite", "Primitive", "composition", "lookup"]
