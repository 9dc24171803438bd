"""Which rules are right for complex values, and the rules of the functions that are not
holomorphic (docs/syntax.md, "Complex numbers").

The convention (autograd's and JAX's): the adjoint of a complex value ``z = x + 1j y`` is
``dL/dx - 1j dL/dy``. Under it a holomorphic function's VJP is the real one unchanged
(``d_z = d_w * f'(z)``, no conjugate) and a linear map's VJP is its transpose, so the rules
listed in :data:`HOLOMORPHIC` (and the linear shape, indexing and container primitives) hold for
complex values as written. ``np.real``, ``np.imag``, ``np.conj``, ``np.abs``, ``np.angle`` and
``np.sign`` (``z / |z|``) are not holomorphic: on a complex argument a call of them takes the
rule of :func:`complex_variant`. Every other primitive refuses an active complex value (analysis/complex_values.py).
"""
from __future__ import annotations

import dataclasses
import inspect

import numpy as np

from .model import Primitive
from .registry import composed
from .runtime import helper
from .templates import Template

# Rules whose real form is the complex derivative (d_y * f'(z)): the arithmetic, the
# holomorphic elementwise functions, the linear reductions and matrix products.
HOLOMORPHIC = frozenset({
    "+", "-", "*", "/", "**", "pow", "np.add", "np.subtract", "np.multiply", "np.divide", "np.negative",
    "np.positive", "np.power", "np.reciprocal", "np.square",
    "np.exp", "np.log", "np.sin", "np.cos", "np.tan", "np.sinh", "np.cosh", "np.tanh", "np.sqrt",
    "np.expm1", "np.log1p", "np.where",
    # (their real partials are the complex derivatives off the branch cuts, checked against finite
    # differences in the complex plane; arccosh's is not: it has a rule of its own below; a ** b's
    # partial in b, a ** b log(a), holds for complex a and b alike)
    "np.arcsin", "np.arccos", "np.arctan", "np.arcsinh", "np.arctanh", "np.log2", "np.log10", "np.exp2",
    "np.sinc", "np.float_power",
    "np.sum", "sum", "np.mean", "np.cumsum", "np.trace", "np.prod", "prod_adjoint", "others_product_tangent",
    # (a selection by NumPy's order of complex numbers, real parts first: d_y to the picked element)
    "np.max", "np.amax", "np.min", "np.amin", "extremum_adjoint",
    "@", "np.matmul", "np.dot", "np.einsum", "np.inner", "np.outer", "np.tensordot", "np.kron",
    "np.diag", "np.diagonal", "scipy.signal.convolve",
    # (running products, their recurrences written with transposes; padding, which copies elements
    # or adds constants and statistics with real weights: np.cumprod and np.pad of complex input)
    "np.cumprod", "exclusive_products", "running_sum_forward", "running_sum_backward", "np.pad",
    # (rational in the entries, so holomorphic: their rules are written with transposes, never
    # conjugates; checked against finite differences in both real directions)
    "np.linalg.solve", "np.linalg.inv", "np.linalg.det", "np.linalg.matrix_power", "np.linalg.multi_dot",
    "scipy.special.wofz", "lambertw_branch",
    "scipy.special.erf", "scipy.special.erfc",      # (entire: 2/√π exp(-z²) holds for complex z)
    # runtime helpers rational in the entries, their rules written with transposes (Hessian-vector
    # products differentiate them): a solve's adjoint, det's cofactors, multi_dot's adjoint and
    # scipy.linalg.sqrtm's Sylvester solve
    "solve_adjoint", "solve_like", "cofactors", "multi_dot_adjoint", "complex_sqrtm_tangent",
    # a cast to a complex dtype (or to one known at run time) passes the derivative on
    "x.astype(dtype)",
})

# Linear primitives of these families move, select or add values with real coefficients: their
# transposes are their VJPs for complex values too (runtime helpers included: the adjoints of
# the primitives above, which generated gradients call and Hessians differentiate again) ...
LINEAR_FAMILIES = frozenset({"shape", "containers", "runtime helpers", "fft"})
# ... except these, which are declared for real values only.
REAL_ONLY = frozenset({"real_input", "real_eigenvalues", "reduced_qr", "reduced_svd", "x.astype(float dtype)",
                       "np.vdot"})

# Transforms whose argument must be real (NumPy drops an imaginary part with a warning).
REAL_ARGUMENT = frozenset({"np.fft.rfft", "np.fft.rfft2", "np.fft.rfftn"})

# Primitives whose result is real whatever their arguments (the parts of a complex number, the
# inverse real transforms, the adjoint of a real transform).
REAL_RESULT = frozenset({"np.real", "np.imag", "abs", "np.abs", "np.absolute", "np.angle",
                         "np.linalg.norm", "np.linalg.eigvalsh", "np.var", "np.std",
                         "np.fft.irfft", "np.fft.irfft2", "np.fft.irfftn", "rfft_adjoint"})

# Tuple results whose items at these positions are real whatever the arguments: eigenvalues of
# a Hermitian matrix, log|det|, singular values, least squares' residuals, rank and singular values.
REAL_ITEMS = {"np.linalg.eigh": (0,), "np.linalg.slogdet": (1,), "np.linalg.svd": (1,),
              "np.linalg.lstsq": (1, 2, 3)}

# Primitives without a derivative whose result may be complex (the others' results are counts,
# shapes, booleans, integers or positions).
COMPLEX_CONSTANTS = frozenset({"np.sign", "np.round", "np.rint", "round", "np.empty_like", "np.ones_like",
                               "np.zeros_like", "zeros_like_adjoint", "stop_gradient"})

# Transforms whose result is complex whatever their arguments (``irfft_adjoint`` is not one: it
# is complex where the half spectrum it is the adjoint of is, as any primitive's result).
COMPLEX_RESULT = frozenset({"np.fft.fft", "np.fft.ifft", "np.fft.rfft", "np.fft.fft2", "np.fft.ifft2",
                            "np.fft.fftn", "np.fft.ifftn", "np.fft.rfft2", "np.fft.rfftn",
                            "fft_adjoint", "scipy.special.wofz", "lambertw_branch"})


# --------------------------------------------------------------------------- non-holomorphic rules
# x + 1j y -> x: dL/dx is the adjoint of the real part; tangent Re(t)
def real_vjp(d_y, y, val):
    return d_y,


def real_jvp(t, y, val):
    return np.real(t),


# x + 1j y -> y: dL/dy = d_y, so the adjoint is -1j d_y; tangent Im(t)
def imag_vjp(d_y, y, val):
    return -1j * d_y,


def imag_jvp(t, y, val):
    return np.imag(t),


# conj(x + 1j y) = x - 1j y: the adjoint conjugated; tangent conj(t)
def conj_vjp(d_y, y, x):
    return np.conj(d_y),


def conj_jvp(t, y, x):
    return np.conj(t),


# np.real_if_close(z): z itself, or its real part where every imaginary part is within tol of 0;
# the adjoint is d_y either way (a real cotangent of Re(z) is the adjoint d_y, imaginary part 0),
# the tangent t or Re(t), as the result
def real_if_close_vjp(d_y, y, val, tol=100):
    return d_y, None


def real_if_close_jvp(t, y, val, tol=100):
    return real_part_where_real(t, y), None


@helper()
def real_part_where_real(t, y):
    """``t``, or its real part where ``y`` (np.real_if_close's result) came out real."""
    return np.real(t) if np.isrealobj(y) else t


# |z| = sqrt(x² + y²): d|z|/dx = x/|z|, d|z|/dy = y/|z|, so the adjoint is d_y conj(z)/|z|
# (zero at z = 0, as np.sign's subgradient is for real input); tangent Re(conj(z) t)/|z|
def abs_vjp(d_y, y, x):
    return d_y * np.conj(x) / np.where(y == 0, 1.0, y),


def abs_jvp(t, y, x):
    return np.real(np.conj(x) * t) / np.where(y == 0, 1.0, y),


# angle(z) = atan2(y, x): d/dx = -y/|z|², d/dy = x/|z|², so the adjoint is -1j d_y conj(z)/|z|²;
# tangent Im(conj(z) t)/|z|² (zero at z = 0)
def angle_vjp(d_y, y, z, deg=False):
    return -1j * d_y * np.conj(z) / np.where(z == 0, 1.0, np.real(z * np.conj(z))), None


def angle_jvp(t, y, z, deg=False):
    return np.imag(np.conj(z) * t) / np.where(z == 0, 1.0, np.real(z * np.conj(z))), None


# sign(z) = z / |z| for complex z (NumPy 2), not a step: with w = sign(z), r = |z|, the tangent
# is (t - w Re(conj(w) t)) / r and the adjoint (d_y - Re(d_y w) conj(w)) / r; zero at z = 0,
# where NumPy's sign is 0 (for real z both are 0 away from 0, the real rule)
def sign_vjp(d_y, y, x):
    return np.where(y == 0, 0.0, (d_y - np.real(d_y * y) * np.conj(y)) / np.where(y == 0, 1.0, np.abs(x))),


def sign_jvp(t, y, x):
    return np.where(y == 0, 0.0, (t - y * np.real(np.conj(y) * t)) / np.where(y == 0, 1.0, np.abs(x))),


# arccosh'(z) = 1 / (sqrt(z - 1) sqrt(z + 1)); the real rule's 1 / sqrt(z² - 1) has the
# opposite sign where Re z < 0 (the two square roots' branches differ there)
def arccosh_vjp(d_y, y, x):
    return d_y / (np.sqrt(x - 1) * np.sqrt(x + 1)),


def arccosh_jvp(t, y, x):
    return t / (np.sqrt(x - 1) * np.sqrt(x + 1)),


# np.maximum / np.fmax of complex values picks one operand by NumPy's order (the real parts,
# then the imaginary parts): the derivative goes to the picked one with a real weight, ties split
# evenly, as the real rule. np.greater and np.equal order Python complex numbers too (> does not).
def complex_maximum_partials(a, b):
    return np.greater(a, b) + 0.5 * np.equal(a, b), np.greater(b, a) + 0.5 * np.equal(a, b)


def complex_minimum_partials(a, b):
    return np.less(a, b) + 0.5 * np.equal(a, b), np.less(b, a) + 0.5 * np.equal(a, b)


# (np.fmax / np.fmin pick the number where the other is NaN, as for real values)
def complex_fmax_partials(a, b):
    return (np.greater(a, b) + 0.5 * np.equal(a, b) + np.isnan(b) * np.logical_not(np.isnan(a)),
            np.greater(b, a) + 0.5 * np.equal(a, b) + np.isnan(a) * np.logical_not(np.isnan(b)))


def complex_fmin_partials(a, b):
    return (np.less(a, b) + 0.5 * np.equal(a, b) + np.isnan(b) * np.logical_not(np.isnan(a)),
            np.less(b, a) + 0.5 * np.equal(a, b) + np.isnan(a) * np.logical_not(np.isnan(b)))


_PARTIALS = {"np.maximum": complex_maximum_partials, "np.fmax": complex_fmax_partials,
             "np.minimum": complex_minimum_partials, "np.fmin": complex_fmin_partials}

_RULES = {
    "np.arccosh": (arccosh_vjp, arccosh_jvp),
    "np.sign": (sign_vjp, sign_jvp),
    "np.real": (real_vjp, real_jvp), "np.imag": (imag_vjp, imag_jvp),
    "np.conjugate": (conj_vjp, conj_jvp),
    "abs": (abs_vjp, abs_jvp), "np.absolute": (abs_vjp, abs_jvp),
    "np.angle": (angle_vjp, angle_jvp),
    "np.real_if_close": (real_if_close_vjp, real_if_close_jvp),
}
_VARIANTS: dict[int, Primitive] = {}


_BUILDERS: dict = {}


def complex_rule(name: str, vjp, jvp=None, jvp_builder=None) -> None:
    """Declare the rules (a VJP and a JVP template, or a ``jvp_builder``, as vjp_rule's) a call
    of the primitive ``name`` takes on a complex argument, where its real rule does not hold
    there (the decompositions: primitives/complex_decompositions.py)."""
    _RULES[name] = (vjp, jvp)
    if jvp_builder is not None:
        _BUILDERS[name] = jvp_builder


def _template(function) -> Template:
    return Template(function, tuple(inspect.signature(function).parameters))


def complex_variant(prim: Primitive) -> Primitive | None:
    """The primitive to differentiate a call of ``prim`` on a complex argument with, where its
    real rule does not hold there (``np.abs``: ``sign(z)`` is not the derivative); else None."""
    if prim.name in _PARTIALS:
        return _partials_variant(prim)
    rules = _RULES.get(prim.name)
    if rules is None:
        return None
    if id(prim) not in _VARIANTS:
        vjp, jvp = rules
        _VARIANTS[id(prim)] = dataclasses.replace(
            prim, family="complex parts", differentiable=True, partials=None, vjp_rule=_template(vjp),
            jvp_rule=None if jvp is None else _template(jvp),
            linear=None, specialized=None, on_numbers=None, sympy=None, vjp_builder=None,
            jvp_builder=_BUILDERS.get(prim.name))
    return _VARIANTS[id(prim)]


def _partials_variant(prim: Primitive) -> Primitive:
    """``prim`` with the complex partials of :data:`_PARTIALS`, without its shortcuts for real
    numbers (``a > b`` on two numbers, ``np.heaviside(a - b, 0.5)`` on arrays)."""
    if id(prim) not in _VARIANTS:
        _VARIANTS[id(prim)] = dataclasses.replace(
            prim, family="complex parts", partials=_template(_PARTIALS[prim.name]), specialized=None,
            on_numbers=None, sympy=None)
    return _VARIANTS[id(prim)]


_GENERAL: dict[int, Primitive] = {}


def general_rule(prim: Primitive) -> Primitive:
    """``prim`` without its specialised rule, for a call with complex values: the shortcuts are
    written for real ones (``a / b``'s ``d_b = -np.vdot(d_y, y) / b`` conjugates ``d_y``)."""
    if prim.specialized is None:
        return prim
    if id(prim) not in _GENERAL:
        _GENERAL[id(prim)] = dataclasses.replace(prim, specialized=None)
    return _GENERAL[id(prim)]


def is_complex_variant(prim: Primitive) -> bool:
    return prim.family == "complex parts"


# Custom rules written for complex values: the rules of ``grad(f)`` called inside a function
# (nested_gradients.py), forward over reverse mode in the kinds of the arguments, which under the
# convention above are the derivatives of the gradient whatever the dtypes. Their generated-code
# names (``_custom_grad_f_0``, one per function), filled as they are made.
COMPLEX_READY: set[str] = set()


def holds_for_complex(prim: Primitive) -> bool:
    """Is ``prim``'s rule right for complex values (see the module docstring)?"""
    if is_complex_variant(prim) or prim.name in HOLOMORPHIC or prim.spelling.path in COMPLEX_READY:
        return True
    if prim.recursive is not None:
        return True     # a recursive call: differentiated by its own code, which checks its own calls
    if (prim.pattern is not None or prim.item is not None or prim.display or prim.spelling.subscript is not None
            or prim.updates):
        return True     # x[...], x[...] = v, tuple items and displays only move values
    return prim.linear is not None and prim.family in LINEAR_FAMILIES and prim.name not in REAL_ONLY



@composed(complex, family="elementwise math")
def complex_of(real=0.0, imag=0.0):
    """``complex(real, imag)``: ``real + imag * 1j``, Python's own definition, of numbers
    (``complex("1+2j")``, of a string, is a TypeError here: write the literal ``1 + 2j``)."""
    return real + imag * 1j
