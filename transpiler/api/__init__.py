"""User-facing API: ``grad``, ``value_and_grad``, ``jvp``, ``vjp``, ``jacobian``, ``hessian``,
``hvp`` and the ``@differentiate`` decorator, and the code each runs (``Gradient.source``,
``tangent_source``, ``hessian_source``).

Modules, lowest first: ``numbers`` (shapes, dtypes, NumPy's float semantics), ``arguments`` (the
function, its arguments, ``wrt``), ``results`` (what is handed back), ``gradient`` (the
``Gradient`` callable; ``stages``: its text after any stage), ``second`` (second derivatives),
``transforms`` (the first-derivative transforms), ``sources`` (generated code as text),
``decorator``.
"""
from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from .arguments import Derivative, Wrt, bound_arguments, call_packed, function_of, normalize_wrt, output_shape
from .decorator import Differentiable, differentiate
from .gradient import Gradient
from .library_functions import library_function
from .numbers import (PYTHON_FLOAT_ERRORS, annotated_shapes, call_with_numpy_floats, kind_of, numpy_floats,
                      shape_of)
from .second import SecondDerivative, hessian, hvp
from .sources import hessian_source, tangent_source
from .stages import UnknownStageError
from .transforms import grad, jacobian, jvp, value_and_grad, vjp

__all__ = [
    "grad", "value_and_grad", "Gradient", "jvp", "vjp", "jacobian", "hessian", "hvp", "SecondDerivative",
    "Differentiable", "differentiate", "tangent_source", "hessian_source", "UnknownStageError",
    "Derivative", "Wrt", "bound_arguments", "call_packed", "function_of", "library_function", "normalize_wrt",
    "output_shape",
    "PYTHON_FLOAT_ERRORS", "annotated_shapes", "call_with_numpy_floats", "kind_of", "numpy_floats", "shape_of",
    "GradientSpec", "TangentSpec",
]
