"""Selecting: functions whose output elements are input elements chosen by the values
(``sort``, ``partition``, ``select``, ``nan_to_num``), ``sinc``, and the parts of a real number
(``real``, ``imag``, ``conj``, ``angle``, ``real_if_close``).

* ``np.sort`` and ``np.partition`` permute: ``y = take_along_axis(x, p, axis)`` for a
  permutation ``p`` found by matching ``y``'s values to ``x``'s (so whatever order NumPy's
  partition leaves the other elements in). The gradient flows back through ``p``; tied values
  are equal, so any matching gives the same function value and a valid (sub)gradient.
* ``np.select`` passes each element of the choice its condition picks first (else ``default``).
* ``np.nan_to_num`` replaces NaN and infinities by constants: derivative 1 where ``x`` is
  finite, 0 elsewhere (as JAX's, a ``where``). Its argument is then often a product with an
  infinite factor (``np.nan_to_num(a * b)``, ``b`` infinite), whose adjoint is 0 * inf there:
  NaN in plain code (JAX's ``grad`` gives NaN), 0 in the strong-zero run a NaN derivative falls
  back on (api/strong_zeros.py), the derivative of the function, flat there.
* On real input ``real``, ``conj`` and ``real_if_close`` are the identity, ``imag`` and
  ``angle`` piecewise constant. A call on a value known to be complex takes the complex rules of
  complex_rules.py instead; these check at run time that their input is real (a complex value
  the compiler did not know of stops there rather than get a derivative that would be wrong).
"""
import numpy as np

from ..ir.code import dotted
from .cast_adjoints import adjoint_in_operand_dtype
from .registry import ON_OBJECT_ARRAYS, elementwise, nondifferentiable, vjp_rule
from .rearranging import same_as_first
from .runtime import helper, refuse_at_run_time, unbroadcast  # noqa: F401  (the helpers call them)

FAMILY = "selection"


# --------------------------------------------------------------------------- permutations
@helper()
def permutation_of(y, x, axis=-1):
    """Positions ``p`` with ``y == np.take_along_axis(x, p, axis)`` (``x`` flattened for
    ``axis=None``), for ``y`` a permutation of ``x`` along ``axis``: the element of rank r in
    ``y`` comes from the element of rank r in ``x`` (stable ranks: ties matched in order)."""
    if axis is None:
        x, axis = np.ravel(x), 0
    ranks = np.argsort(np.argsort(y, axis=axis, kind="stable"), axis=axis, kind="stable")
    return np.take_along_axis(np.argsort(x, axis=axis, kind="stable"), ranks, axis=axis)


@helper(linear="joint")
def unpermute(g, x, p, axis=-1):
    """The adjoint of ``np.take_along_axis(x, p, axis)`` for a permutation ``p``: ``g`` put back
    where its elements came from."""
    shape = np.shape(x)
    if axis is None:
        out = np.zeros(np.size(x), dtype=np.result_type(g, 1.0))
        out[p] = g
        return np.reshape(out, shape)
    out = np.zeros(shape, dtype=np.result_type(g, 1.0))
    np.put_along_axis(out, p, g, axis=axis)
    return out


@helper(linear="joint")
def take_permuted(t, x, p, axis=-1):
    """A tangent permuted like ``x`` was: ``np.take_along_axis(t, p, axis)`` (``t`` may be a
    list, the tangent of a list display)."""
    if axis is None:
        return np.ravel(t)[p]
    return np.take_along_axis(np.asarray(t), p, axis=axis)


nondifferentiable(permutation_of, family="runtime helpers", shape_rule=None)


def _sorted_shape(shapes, kwargs):
    if "axis" in kwargs and kwargs["axis"] is None:
        return (int(np.prod(shapes[0])),) if shapes and isinstance(shapes[0], tuple) else None
    return shapes[0] if len(shapes) == 1 else None


def sort_tangent(t, y, a, axis=-1, kind=None):
    return take_permuted(t, a, permutation_of(y, a, axis), axis),


@vjp_rule(np.sort, family=FAMILY, jvp=sort_tangent, shape_rule=_sorted_shape, allocates=True)
def sort(d_y, y, a, axis=-1, kind=None):
    return unpermute(d_y, a, permutation_of(y, a, axis), axis),


def partition_tangent(t, y, a, kth, axis=-1, kind="introselect"):
    return take_permuted(t, a, permutation_of(y, a, axis), axis), None


def _partitioned_shape(shapes, kwargs):
    return _sorted_shape(shapes[:1], kwargs)


@vjp_rule(np.partition, family=FAMILY, jvp=partition_tangent, shape_rule=_partitioned_shape, allocates=True)
def partition(d_y, y, a, kth, axis=-1, kind="introselect"):
    return unpermute(d_y, a, permutation_of(y, a, axis), axis), None


# --------------------------------------------------------------------------- select
@helper("unbroadcast", linear="joint")
def select_adjoint(g, condlist, choicelist, default, which):
    """The adjoint of ``np.select(condlist, choicelist, default)``: a list with one adjoint
    per choice (which=1), or the default's (which=2)."""
    taken = np.zeros(np.shape(g), dtype=bool)
    parts = []
    for cond, choice in zip(condlist, choicelist):
        parts.append(unbroadcast(np.where(np.logical_and(cond, np.logical_not(taken)), g, 0.0), choice))
        taken = np.logical_or(taken, cond)
    return parts if which == 1 else unbroadcast(np.where(taken, 0.0, g), default)


@helper(linear="joint")
def select_default_tangent(t, y, condlist):
    """The tangent of ``np.select``'s output along its default's tangent ``t``."""
    taken = np.zeros(np.shape(y), dtype=bool)
    for cond in condlist:
        taken = np.logical_or(taken, cond)
    return np.where(taken, 0.0, t)


def select_tangent(t, y, condlist, choicelist, default=0):
    return None, np.select(condlist, t, 0.0), select_default_tangent(t, y, condlist)


@vjp_rule(np.select, family=FAMILY, jvp=select_tangent, shape_rule=None, allocates=True)
def select(d_y, y, condlist, choicelist, default=0):
    return (None, select_adjoint(d_y, condlist, choicelist, default, 1),
            select_adjoint(d_y, condlist, choicelist, default, 2))


# --------------------------------------------------------------------------- NaN and infinities
def nan_to_num_tangent(t, y, x, copy=True, nan=0.0, posinf=None, neginf=None):
    return np.where(np.isfinite(x), t, 0.0),


@vjp_rule(np.nan_to_num, family=FAMILY, jvp=nan_to_num_tangent, shape_rule=same_as_first, allocates=True)
def nan_to_num(d_y, y, x, copy=True, nan=0.0, posinf=None, neginf=None):
    return np.where(np.isfinite(x), d_y, 0.0),


# --------------------------------------------------------------------------- sinc
# sinc(x) = sin(πx) / (πx): its derivative (cos(πx) - sinc(x)) / x. Near 0 that quotient cancels
# (at 0 it is 0 / 0; the guard only keeps the discarded branch finite), so there the derivative
# is its Taylor polynomial -π²x/3 + π⁴x³/30 - π⁶x⁵/840 (truncation error below 1e-21 for
# |x| < 1e-3), whose own derivatives at 0 are sinc's up to the sixth: the Hessian at 0 is -π²/3.
@elementwise(np.sinc, family="elementwise math", sympy=lambda sp, x: sp.sin(sp.pi * x) / (sp.pi * x))
def sinc(x, y):
    return np.where(np.abs(x) < 1e-3, x * (x * x * (3.246969701133414 - x * x * 1.144510944732505) - 3.289868133696453),
                    (np.cos(np.pi * x) - y) / np.where(x == 0, 1.0, x))


# --------------------------------------------------------------------------- parts of real numbers
@helper("refuse_at_run_time", linear="joint")
def real_input(g, x):
    """``g``, for a real ``x``: these rules of ``np.real``, ``np.imag``, ``np.conj``,
    ``np.angle`` and ``np.real_if_close`` are for real input only (a value known to be complex
    takes complex_rules.py's)."""
    if np.iscomplexobj(x):
        refuse_at_run_time(("numpy.real", "numpy.imag", "numpy.conj", "numpy.angle", "numpy.real_if_close"),
                           "np.real/np.imag/np.conj/np.angle/np.real_if_close met a complex value the compiler took "
                           "for real: a function whose result is complex for some values only (`eig` or `eigvals` "
                           "with complex eigenvalues, `scipy.linalg.sqrtm` of a matrix with negative eigenvalues, "
                           "`logm`); no derivative is computed",
                           "for a symmetric matrix use `eigh`; else differentiate where the values are real, or pass "
                           "the complex value as an argument of its own (docs/syntax.md, 'Complex numbers')")
    return g


@vjp_rule(np.real, np.conj, np.real_if_close, family=FAMILY, linear="joint", shape_rule=same_as_first,
          sympy=ON_OBJECT_ARRAYS, views=True)
def real(d_y, y, val, tol=100):
    return real_input(d_y, val), None


def zero_tangent(t, y, val, deg=False):
    return real_input(np.zeros_like(y), val), None


@vjp_rule(np.imag, np.angle, family=FAMILY, jvp=zero_tangent, shape_rule=same_as_first)
def imag(d_y, y, val, deg=False):
    return real_input(np.zeros_like(y), val), None


def _in_float32s_operand_dtype(site, index, d_y):
    """the adjoint in ``x``'s own dtype (a float64 ``x``'s gradient is float64)."""
    return adjoint_in_operand_dtype(site, d_y, dotted("np.float32")) if index == 0 else None


# np.float32(x) rounds to the nearest float32: derivative 1, as for float and np.float64.
@vjp_rule(np.float32, family="elementwise math", cost="cheap", linear="joint", shape_rule=same_as_first,
          specialized=_in_float32s_operand_dtype)
def float32(d_y, y, x):
    return d_y,
