"""transpiler: source-transformation automatic differentiation for Python and NumPy.

It reads a function's source, lowers it to SSA primitive statements, differentiates that list and
emits an ordinary Python function you can read, save and run with NumPy alone.
"""
from .api import (Differentiable, Gradient, differentiate, grad, hessian, hvp, jacobian, jvp, value_and_grad, vjp)
from .check import check_grad, check_symbolic
from .custom import RuleCheckError, check_rule, register_rule, stop_gradient
from .errors import (NonDifferentiableError, OutputShapeError, SourceUnavailableError, TranspileError, UnknownFunctionError, UnsupportedSyntaxError)
from .trees import ravel
from . import nested_gradients  # noqa: F401,E402  (grad(f, k)(*args) inside a differentiated function)
from . import solver_rules  # noqa: F401,E402  (brentq, quad, minimize of a function of differentiated values)
from .api.show import show

__version__ = "0.1.0"

__all__ = [
    "grad", "value_and_grad", "differentiate", "Differentiable", "Gradient",
    "jvp", "vjp", "jacobian", "hessian", "hvp", "register_rule", "check_rule", "stop_gradient",
    "RuleCheckError", "check_grad", "check_symbolic", "ravel", "show",
    "TranspileError", "UnsupportedSyntaxError", "UnknownFunctionError", "SourceUnavailableError",
    "NonDifferentiableError", "OutputShapeError",
]
