"""Products linear in each factor separately: ``np.cross``, ``np.kron``, ``np.tensordot``.

Forward mode: ``f(t_a, b) + f(a, t_b)`` (``linear="multi"``). Reverse mode, for ``y = f(a, b)``
and the output's adjoint ``g``:

* ``np.cross``: ``<g, a × b> = <a, b × g> = <b, g × a>``, so ``d_a = b × g`` and
  ``d_b = g × a``; 2-vectors are 3-vectors with a zero third component (a cross product of two
  2-vectors is that third component alone), and the axis keywords move the vectors' axes.
* ``np.kron``: ``y[i·nb + j] = a[i] b[j]`` along every axis; ``g`` reshaped to interleaved
  (a-axis, b-axis) pairs and summed against the other factor.
* ``np.tensordot``: ``g`` contracted with the other factor over its free axes, then the
  result's axes put back in the factor's order.

Each adjoint helper is linear in ``g`` and in the other factor separately (the factor itself
gives only a shape), so gradients can be differentiated again (Hessians).
"""
import numpy as np

from .registry import ON_OBJECT_ARRAYS, vjp_rule
from .runtime import helper, unbroadcast  # noqa: F401  (the helpers below call unbroadcast)

FAMILY = "linear algebra"


# --------------------------------------------------------------------------- cross
@helper("unbroadcast")
def cross_adjoint(g, a, b, which, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The adjoint of ``np.cross(a, b, ...)`` w.r.t. ``a`` (which=0) or ``b`` (which=1)."""
    if axis is not None:
        axisa, axisb, axisc = axis, axis, axis
    a3, b3 = np.moveaxis(a, axisa, -1), np.moveaxis(b, axisb, -1)
    if np.shape(a3)[-1] == 2 and np.shape(b3)[-1] == 2:        # y was the third component alone
        g3 = np.stack([np.zeros(np.shape(g)), np.zeros(np.shape(g)), g], axis=-1)
    else:
        g3 = np.moveaxis(g, axisc, -1)
    widths = [(0, 0)] * (np.ndim(a3) - 1)
    a3 = np.pad(a3, widths + [(0, 3 - np.shape(a3)[-1])]) if np.shape(a3)[-1] == 2 else a3
    widths = [(0, 0)] * (np.ndim(b3) - 1)
    b3 = np.pad(b3, widths + [(0, 3 - np.shape(b3)[-1])]) if np.shape(b3)[-1] == 2 else b3
    x, x_axis = (a, axisa) if which == 0 else (b, axisb)
    x3 = np.moveaxis(x, x_axis, -1)
    d = np.cross(b3, g3) if which == 0 else np.cross(g3, a3)
    d = unbroadcast(d[..., :np.shape(x3)[-1]], x3)       # (summed over broadcast axes with the
    return np.moveaxis(d, -1, x_axis)                     # vector's last, as np.cross sees them)


@helper("cross_adjoint", linear="multi", args=(0, 2))
def cross_adjoint_a(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The adjoint of ``np.cross(a, b)`` w.r.t. ``a``."""
    return cross_adjoint(g, a, b, 0, axisa, axisb, axisc, axis)


@helper("cross_adjoint", linear="multi", args=(0, 1))
def cross_adjoint_b(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The adjoint of ``np.cross(a, b)`` w.r.t. ``b``."""
    return cross_adjoint(g, a, b, 1, axisa, axisb, axisc, axis)


@vjp_rule(np.cross, family=FAMILY, cost="cheap", linear="multi", shape_rule=None, sympy=ON_OBJECT_ARRAYS, allocates=True)
def cross(d_y, y, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    return (cross_adjoint_a(d_y, a, b, axisa, axisb, axisc, axis),
            cross_adjoint_b(d_y, a, b, axisa, axisb, axisc, axis), None, None, None, None)


# --------------------------------------------------------------------------- kron
@helper()
def kron_adjoint(g, a, b, which):
    """The adjoint of ``np.kron(a, b)`` w.r.t. ``a`` (which=0) or ``b`` (which=1)."""
    n = max(np.ndim(a), np.ndim(b))
    sa = (1,) * (n - np.ndim(a)) + np.shape(a)
    sb = (1,) * (n - np.ndim(b)) + np.shape(b)
    g = np.reshape(g, [k for pair in zip(sa, sb) for k in pair])    # (a0, b0, a1, b1, ...)
    if which == 0:
        other = np.reshape(b, [k for m in sb for k in (1, m)])
        return np.reshape(np.sum(g * other, axis=tuple(range(1, 2 * n, 2))), np.shape(a))
    other = np.reshape(a, [k for m in sa for k in (m, 1)])
    return np.reshape(np.sum(g * other, axis=tuple(range(0, 2 * n, 2))), np.shape(b))


@helper("kron_adjoint", linear="multi", args=(0, 2))
def kron_adjoint_a(g, a, b):
    """The adjoint of ``np.kron(a, b)`` w.r.t. ``a``."""
    return kron_adjoint(g, a, b, 0)


@helper("kron_adjoint", linear="multi", args=(0, 1))
def kron_adjoint_b(g, a, b):
    """The adjoint of ``np.kron(a, b)`` w.r.t. ``b``."""
    return kron_adjoint(g, a, b, 1)


def _kron_shape(shapes, kwargs):
    if len(shapes) != 2:
        return None
    sa, sb = shapes
    n = max(len(sa), len(sb))
    sa, sb = (1,) * (n - len(sa)) + tuple(sa), (1,) * (n - len(sb)) + tuple(sb)
    return tuple(p * q for p, q in zip(sa, sb))


@vjp_rule(np.kron, family=FAMILY, cost="cheap", linear="multi", shape_rule=_kron_shape, sympy=ON_OBJECT_ARRAYS, allocates=True)
def kron(d_y, y, a, b):
    return kron_adjoint_a(d_y, a, b), kron_adjoint_b(d_y, a, b)


# --------------------------------------------------------------------------- tensordot
@helper()
def tensordot_adjoint(g, a, b, axes, which):
    """The adjoint of ``np.tensordot(a, b, axes)`` w.r.t. ``a`` (which=0) or ``b`` (which=1):
    the output's axes are ``a``'s free axes then ``b``'s."""
    na, nb = np.ndim(a), np.ndim(b)
    if np.ndim(axes) == 0:
        axes_a, axes_b = list(range(na - axes, na)), list(range(axes))
    else:
        axes_a, axes_b = [[k] if np.ndim(k) == 0 else list(k) for k in axes]
    axes_a, axes_b = [k % na for k in axes_a], [k % nb for k in axes_b]
    free_a = [k for k in range(na) if k not in axes_a]
    free_b = [k for k in range(nb) if k not in axes_b]
    if which == 0:
        d = np.tensordot(g, b, axes=(list(range(len(free_a), np.ndim(g))), free_b))
        order = free_a + [axes_a[k] for k in np.argsort(axes_b)]
    else:
        d = np.tensordot(a, g, axes=(free_a, list(range(len(free_a)))))
        order = [axes_b[k] for k in np.argsort(axes_a)] + free_b
    return np.transpose(d, np.argsort(order))


@helper("tensordot_adjoint", linear="multi", args=(0, 2))
def tensordot_adjoint_a(g, a, b, axes=2):
    """The adjoint of ``np.tensordot(a, b, axes)`` w.r.t. ``a``."""
    return tensordot_adjoint(g, a, b, axes, 0)


@helper("tensordot_adjoint", linear="multi", args=(0, 1))
def tensordot_adjoint_b(g, a, b, axes=2):
    """The adjoint of ``np.tensordot(a, b, axes)`` w.r.t. ``b``."""
    return tensordot_adjoint(g, a, b, axes, 1)


@vjp_rule(np.tensordot, family=FAMILY, linear="multi", shape_rule=None, sympy=ON_OBJECT_ARRAYS, allocates=True)
def tensordot(d_y, y, a, b, axes=2):
    return tensordot_adjoint_a(d_y, a, b, axes), tensordot_adjoint_b(d_y, a, b, axes), None
