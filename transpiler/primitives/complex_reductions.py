"""``np.var``, ``np.std`` and ``np.vdot`` of complex values (docs/syntax.md, "Complex numbers"), in both
modes and to second order (Hessian-vector products).

NumPy's variance of complex values is ``mean(|x - mean(x)|²)``, a real number: not holomorphic.
Under the project's convention (the adjoint of ``z`` is ``dL/dRe z - 1j dL/dIm z``) the adjoint of
``|c|²`` is ``2 conj(c)``, so each adjoint is the real rule's with the centred values conjugated,
``conj(var_adjoint(Re(g), y, x))``, and the tangent ``Re(sum(adjoint of 1 * t))``. The adjoint is
linear in ``g`` and in ``x`` (``y`` gives the count, or ``std``'s scale): its forward rules below
are those two linear maps, and ``std``'s its term through ``y`` as the real rule's.

``np.vdot(a, b)`` is ``sum(conj(a) * b)``: holomorphic in ``b``, antiholomorphic in ``a``, so
``a``'s adjoint is the conjugate of the real rule's (``conj(d_y * b)``), as ``np.conj``'s is.
"""
import numpy as np

from .complex_rules import COMPLEX_READY, complex_rule
from .reductions import std_adjoint, var_adjoint
from .runtime import helper


def var_vjp(d_y, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return complex_var_adjoint(d_y, y, x, axis, keepdims, ddof),


def var_jvp(t, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return np.real(np.sum(complex_var_adjoint(np.ones(np.shape(y)), y, x, axis, keepdims, ddof) * t,
                          axis=axis, keepdims=keepdims)),


def std_vjp(d_y, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return complex_std_adjoint(d_y, y, x, axis, keepdims, ddof),


def std_jvp(t, y, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return np.real(np.sum(complex_std_adjoint(np.ones(np.shape(y)), y, x, axis, keepdims, ddof) * t,
                          axis=axis, keepdims=keepdims)),


def complex_var_adjoint_tangent(t, out, g, y, x, axis=None, keepdims=False, ddof=0):
    # linear in g and in x; y gives the count only
    return (complex_var_adjoint(t, y, x, axis, keepdims, ddof), None,
            complex_var_adjoint(g, y, t, axis, keepdims, ddof), None, None, None)


@helper("var_adjoint", jvp=complex_var_adjoint_tangent)
def complex_var_adjoint(g, y, x, axis=None, keepdims=False, ddof=0):
    """Adjoint of ``np.var`` of a complex ``x``: ``2 conj(x - mean) / (n - ddof)`` times ``Re(g)``."""
    return np.conj(var_adjoint(np.real(g), y, x, axis, keepdims, ddof))


def complex_std_adjoint_tangent(t, out, g, y, x, axis=None, keepdims=False, ddof=0):
    # std's adjoint is var's of g / (2 y): linear in g and x, and -g t / (2 y²) through y
    return (complex_std_adjoint(t, y, x, axis, keepdims, ddof),
            complex_var_adjoint(np.where(np.equal(y, 0), 0.0, -np.real(g) * t / (2.0 * np.where(np.equal(y, 0), 1.0, y) ** 2)),
                                y, x, axis, keepdims, ddof),
            complex_std_adjoint(g, y, t, axis, keepdims, ddof), None, None, None)


@helper("std_adjoint", "complex_var_adjoint", jvp=complex_std_adjoint_tangent)
def complex_std_adjoint(g, y, x, axis=None, keepdims=False, ddof=0):
    """Adjoint of ``np.std`` of a complex ``x``: ``conj(std_adjoint(Re(g), ...))``."""
    return np.conj(std_adjoint(np.real(g), y, x, axis, keepdims, ddof))


complex_rule("np.var", var_vjp, var_jvp)
complex_rule("np.std", std_vjp, std_jvp)
COMPLEX_READY.update(("complex_var_adjoint", "complex_std_adjoint"))   # (their forward rules are for complex x)


def vdot_vjp(d_y, y, a, b):
    return np.reshape(np.conj(d_y * b), np.shape(a)), np.reshape(d_y * np.conj(a), np.shape(b))


def vdot_jvp(t, y, a, b):
    return np.vdot(t, b), np.vdot(a, t)


complex_rule("np.vdot", vdot_vjp, vdot_jvp)
