"""Verification you can trust: transpiler's gradients checked against finite differences
(:func:`check_grad`), against sympy on the function's own SSA (:func:`check_symbolic`), and on
random programs (:mod:`transpiler.check.fuzz`). sympy is only ever used to verify, never to
compute a derivative the compiler returns."""
from .finite_differences import ArgumentResult, Element, GradCheckReport, check_grad, numeric_gradient
from .symbolic import (NoSympyCounterpartError, SymbolicCheckError, SymbolicPoint, SymbolicReport, check_symbolic)

__all__ = [
    "check_grad", "check_symbolic", "numeric_gradient",
    "GradCheckReport", "ArgumentResult", "Element",
    "SymbolicReport", "SymbolicPoint", "SymbolicCheckError", "NoSympyCounterpartError",
]
