"""``np.cumprod`` (and ``x.cumprod``): running products, differentiated exactly (zeros included,
no division) by two first-order recurrences along the axis:

* reverse mode: ``d_x[i] = (x[0] ... x[i-1]) * s[i]`` with ``s[i] = d_y[i] + x[i+1] * s[i+1]``
  (``running_sum_backward``), and ``x[0] ... x[i-1]`` is ``y[i-1]`` (``exclusive_products``);
* forward mode: ``t_y[j] = u[j]`` with ``u[j] = v[j] + x[j] * u[j-1]`` and
  ``v = t * exclusive_products(y)`` (``running_sum_forward``).

Each recurrence is a loop of whole-slice NumPy operations over the axis (linear in its length),
and declares its own forward rule (the same recurrence on shifted products), so Hessians run
through them. ``axis=None`` works on the flattened array, as NumPy does.
"""
import numpy as np

from .registry import ON_OBJECT_ARRAYS, shape_by_evaluation, vjp_rule
from .runtime import helper

FAMILY = "reductions"


def cumprod_tangent(t, y, x, axis=None):
    return running_sum_forward(np.reshape(t, np.shape(y)) * exclusive_products(y, axis), x, axis),


@vjp_rule(np.cumprod, family=FAMILY, shape_rule=shape_by_evaluation(np.cumprod), jvp=cumprod_tangent,
          method="cumprod", sympy=ON_OBJECT_ARRAYS)
def cumprod(d_y, y, x, axis=None):
    return np.reshape(exclusive_products(y, axis) * running_sum_backward(d_y, x, axis), np.shape(x)),


@helper(linear="joint")
def shifted_before(v, axis=None):
    """``v[i-1]`` along ``axis`` (the flattened ``v`` where None), 0 at the first position."""
    v = np.ravel(v) if axis is None else np.moveaxis(v, axis, 0)
    out = np.zeros_like(v)
    out[1:] = v[:-1]
    return out if axis is None else np.moveaxis(out, 0, axis)


@helper(linear="joint")
def shifted_after(v, axis=None):
    """``v[i+1]`` along ``axis`` (the flattened ``v`` where None), 0 at the last position."""
    v = np.ravel(v) if axis is None else np.moveaxis(v, axis, 0)
    out = np.zeros_like(v)
    out[:-1] = v[1:]
    return out if axis is None else np.moveaxis(out, 0, axis)


def exclusive_products_tangent(t, out, y, axis=None):
    return shifted_before(t, axis), None


@helper("shifted_before", jvp=exclusive_products_tangent)
def exclusive_products(y, axis=None):
    """The products of the elements before each position, from ``y = cumprod(x, axis)``:
    ``y[i-1]``, and 1 at the first position."""
    y = np.ravel(y) if axis is None else np.moveaxis(y, axis, 0)
    out = np.ones_like(y)
    out[1:] = y[:-1]
    return out if axis is None else np.moveaxis(out, 0, axis)


def running_sum_forward_tangent(t, out, v, x, axis=None):
    # du[j] = x[j] du[j-1] + dx[j] u[j-1]: the same recurrence, driven by dx * u shifted
    return running_sum_forward(t, x, axis), running_sum_forward(np.reshape(t, np.shape(out)) * shifted_before(out, axis), x, axis), None


@helper("shifted_before", jvp=running_sum_forward_tangent)
def running_sum_forward(v, x, axis=None):
    """``u[j] = v[j] + x[j] * u[j-1]`` along ``axis`` (``v`` shaped like the output, ``x`` the
    flattened ``x`` where None)."""
    x = np.ravel(x) if axis is None else np.moveaxis(x, axis, 0)
    u = np.array(np.ravel(v) if axis is None else np.moveaxis(v, axis, 0), dtype=np.result_type(v, x))
    for j in range(1, np.shape(u)[0]):
        u[j] += x[j] * u[j - 1]
    return u if axis is None else np.moveaxis(u, 0, axis)


def running_sum_backward_tangent(t, out, g, x, axis=None):
    # ds[i] = x[i+1] ds[i+1] + dx[i+1] s[i+1]: the same recurrence, driven by (dx * s) shifted
    return running_sum_backward(t, x, axis), running_sum_backward(shifted_after(np.reshape(t, np.shape(out)) * out, axis), x, axis), None


@helper("shifted_after", jvp=running_sum_backward_tangent)
def running_sum_backward(g, x, axis=None):
    """``s[i] = g[i] + x[i+1] * s[i+1]`` along ``axis`` (the flattened arrays where None)."""
    x = np.ravel(x) if axis is None else np.moveaxis(x, axis, 0)
    s = np.array(np.ravel(g) if axis is None else np.moveaxis(g, axis, 0), dtype=np.result_type(g, x))
    for i in range(np.shape(s)[0] - 2, -1, -1):
        s[i] += x[i + 1] * s[i + 1]
    return s if axis is None else np.moveaxis(s, 0, axis)
