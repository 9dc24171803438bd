"""``scipy.linalg.solve_discrete_are(a, b, q, r)``: the discrete algebraic Riccati equation's
stabilising solution ``P`` (LQR's cost-to-go), differentiated implicitly.

With ``S = r + bᵀ P b``, the gain ``K = S⁻¹ bᵀ P a`` and the closed loop ``A_c = a - b K``, the
equation reads ``P = q + Kᵀ r K + A_cᵀ P A_c``, and ``K`` minimises its right-hand side (the
derivative in ``K`` is ``2 (S K - bᵀ P a) = 0``), so a change of the data moves ``P`` only through
the explicit terms (the envelope theorem):

    dP - A_cᵀ dP A_c = dq + Kᵀ dr K + dA_cᵀ P A_c + A_cᵀ P dA_c,   dA_c = da - db K,

a discrete Lyapunov equation in ``dP`` (``solve_discrete_lyapunov(A_cᵀ, C)``: the forward rule).
The reverse rule solves the adjoint one, ``Λ = A_c Λ A_cᵀ + d_P``, and reads the adjoints off:
``d_q = Λ``, ``d_r = K Λ Kᵀ``, ``d_a = M``, ``d_b = -M Kᵀ`` with ``M = P A_c Λᵀ + Pᵀ A_c Λ``,
``Λ`` symmetrised (``q`` and ``r`` symmetric, as SciPy requires: it raises for others, so their
adjoints are the symmetric ones; ``A_c``'s spectral radius below 1 for the
stabilising solution, so the Lyapunov equations have one solution.) The generalised forms
(``e=``, ``s=``) are refused. The helpers are NumPy and composed SciPy calls: differentiated
again (Hessians), they are lowered from their source."""
import numpy as np
import scipy.linalg

from .model import NOT_CONSTANT
from .registry import Spelling, vjp_rule
from .runtime import helper

FAMILY = "scipy.linalg"


@helper()
def dare_gain(y, a, b, r):
    """The optimal gain ``K = (r + bᵀ P b)⁻¹ bᵀ P a`` of the Riccati solution ``y = P``."""
    return np.linalg.solve(r + b.T @ y @ b, b.T @ y @ a)


@helper("dare_gain")
def dare_tangent(c, y, a, b, r):
    """``dP`` solving ``dP = A_cᵀ dP A_c + c``."""
    closed = a - b @ dare_gain(y, a, b, r)
    return scipy.linalg.solve_discrete_lyapunov(closed.T, c)


@helper("dare_gain")
def dare_closed_loop_term(t, y, a, b, r):
    """``tᵀ P A_c + A_cᵀ P t``: the right-hand side of a change ``t`` of the closed loop."""
    closed = a - b @ dare_gain(y, a, b, r)
    return t.T @ y @ closed + closed.T @ y @ t


@helper("dare_gain")
def dare_multiplier(d_y, y, a, b, r):
    """``Λ`` solving the adjoint Lyapunov equation ``Λ = A_c Λ A_cᵀ + d_y``, symmetrised: SciPy
    accepts only symmetric ``q`` and ``r`` (and returns a symmetric ``P``), so only the
    symmetric part of an adjoint is a direction the data can move in."""
    closed = a - b @ dare_gain(y, a, b, r)
    multiplier = scipy.linalg.solve_discrete_lyapunov(closed, d_y)
    return 0.5 * (multiplier + multiplier.T)


@helper("dare_gain", "dare_multiplier")
def dare_adjoint_a(d_y, y, a, b, r):
    closed = a - b @ dare_gain(y, a, b, r)
    multiplier = dare_multiplier(d_y, y, a, b, r)
    return y @ closed @ multiplier.T + y.T @ closed @ multiplier


@helper("dare_gain", "dare_adjoint_a")
def dare_adjoint_b(d_y, y, a, b, r):
    return -dare_adjoint_a(d_y, y, a, b, r) @ dare_gain(y, a, b, r).T


@helper("dare_gain", "dare_multiplier")
def dare_adjoint_r(d_y, y, a, b, r):
    gain = dare_gain(y, a, b, r)
    return gain @ dare_multiplier(d_y, y, a, b, r) @ gain.T


def _generalised_refused(values, keywords):
    e = values[4] if len(values) > 4 else keywords.get("e")
    s = values[5] if len(values) > 5 else keywords.get("s")
    if e is not None or s is not None:
        return ("with e= or s= (the generalised Riccati equation)" if e is not NOT_CONSTANT and s is not NOT_CONSTANT
                else "with computed e= or s=",
                "solve the standard equation: for e = I and s = 0 leave them out; otherwise write the Riccati "
                "recursion as a loop")
    return None


def solve_discrete_are_tangent(t, y, a, b, q, r, e=None, s=None, balanced=True):
    return (dare_tangent(dare_closed_loop_term(t, y, a, b, r), y, a, b, r),
            dare_tangent(-dare_closed_loop_term(t @ dare_gain(y, a, b, r), y, a, b, r), y, a, b, r),
            dare_tangent(t, y, a, b, r),
            dare_tangent(dare_gain(y, a, b, r).T @ t @ dare_gain(y, a, b, r), y, a, b, r))


@vjp_rule(scipy.linalg.solve_discrete_are, family=FAMILY, floating_result=True, shape_rule=None,
          spelling=Spelling(path="scipy.linalg.solve_discrete_are"), jvp=solve_discrete_are_tangent,
          refuses=_generalised_refused)
def solve_discrete_are(d_y, y, a, b, q, r, e=None, s=None, balanced=True):
    return (dare_adjoint_a(d_y, y, a, b, r), dare_adjoint_b(d_y, y, a, b, r), dare_multiplier(d_y, y, a, b, r),
            dare_adjoint_r(d_y, y, a, b, r))
