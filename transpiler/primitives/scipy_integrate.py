"""``scipy.integrate``'s rules on samples: ``trapezoid``, ``cumulative_trapezoid`` and
``simpson``, as compositions of NumPy primitives (linear in ``y``; differentiable in the sample
points ``x`` too), inlined where one is called. ``simpson`` is SciPy's: the composite rule on
the pairs of intervals, and for an even number of samples the last interval by Cartwright's
correction. Registered the first time a lookup misses while ``scipy.integrate`` is imported
(registry.py).
"""
import numpy as np
import scipy.integrate

from .registry import composed, refused

FAMILY = "scipy.integrate"
integrate = scipy.integrate


@composed(integrate.trapezoid, family=FAMILY)
def trapezoid(y, x=None, dx=1.0, axis=-1):
    return np.trapezoid(y, x, dx, axis)


def cumulative_trapezoid_with_initial():
    """Stands for ``cumulative_trapezoid(..., initial=v)`` with ``v`` not 0: refused."""


refused(cumulative_trapezoid_with_initial, reason="SciPy accepts only initial=0 or None",
        hint="pass initial=0 and add your value to the result")


def _spacings(x, dx, axis, ndim):
    """The sample spacings along axis 0 of the moved ``y`` (``dx`` where ``x`` is None)."""
    if x is None:
        return dx
    if np.ndim(x) == 1:
        return np.reshape(np.diff(x), (-1,) + (1,) * (ndim - 1))
    return np.diff(np.moveaxis(x, axis, 0), axis=0)


@composed(integrate.cumulative_trapezoid, family=FAMILY)
def cumulative_trapezoid(y, x=None, dx=1.0, axis=-1, initial=None):
    """The running trapezoidal integral along ``axis``; ``initial=0`` puts a zero in front."""
    moved = np.moveaxis(y, axis, 0)
    running = np.cumsum(_spacings(x, dx, axis, np.ndim(y)) * (moved[1:] + moved[:-1]) / 2.0, axis=0)
    if initial is not None:
        if initial != 0:
            return cumulative_trapezoid_with_initial()
        running = np.concatenate([np.zeros_like(moved[:1]), running], axis=0)
    return np.moveaxis(running, 0, axis)


@composed(integrate.simpson, family=FAMILY)
def simpson(y, x=None, *, dx=1.0, axis=-1):
    """Simpson's rule along ``axis`` as SciPy computes it."""
    moved = np.moveaxis(y, axis, 0)
    n = np.shape(moved)[0]
    h = _spacings(x, dx, axis, np.ndim(y))
    if n % 2 == 1:
        return _basic_simpson(moved, n - 2, x, h, dx)
    if n == 2:
        last = h[-1] if x is not None else dx
        return 0.5 * last * (moved[-1] + moved[-2])
    h0, h1 = (h[-2], h[-1]) if x is not None else (dx, dx)
    alpha = (2 * h1 ** 2 + 3 * h0 * h1) / (6 * (h1 + h0))
    beta = (h1 ** 2 + 3.0 * h0 * h1) / (6 * h0)
    eta = h1 ** 3 / (6 * h0 * (h0 + h1))
    return _basic_simpson(moved, n - 3, x, h, dx) + alpha * moved[-1] + beta * moved[-2] - eta * moved[-3]


def _basic_simpson(y, stop, x, h, dx):
    """The composite rule over the samples ``0 .. stop + 1`` of axis 0, two intervals at a time."""
    if x is None:
        return np.sum(y[0:stop:2] + 4.0 * y[1:stop + 1:2] + y[2:stop + 2:2], axis=0) * (dx / 3.0)
    h0, h1 = h[0:stop:2], h[1:stop + 1:2]
    total, ratio = h0 + h1, h0 / h1
    return np.sum(total / 6.0 * (y[0:stop:2] * (2.0 - 1.0 / ratio) + y[1:stop + 1:2] * (total * total / (h0 * h1))
                                 + y[2:stop + 2:2] * (2.0 - ratio)), axis=0)


# The integrators of a Python function: their derivative is another integration (forward
# sensitivities, Leibniz's rule), of the function passed. Where no differentiated value reaches
# one (quad(np.sin, 0, 1)) it simply runs, its result a constant (frontend/passed_functions.py);
# quad, odeint and solve_ivp in their common form are differentiated (frontend/solver_calls.py,
# solver_rules.py); any other call a differentiated value reaches is refused.
_COMMON_FORM = ("the function passed a module-level `def`, or a lambda or nested `def` without defaults reading numbers "
                "and arrays of the enclosing function; `args=` a tuple display; the other options constants")
refused(integrate.solve_ivp, reason="scipy.integrate.solve_ivp integrates a Python function: its derivative (forward "
        f"sensitivities, another integration) is written only in its common form: {_COMMON_FORM} (`method`, `rtol`, "
        "`atol`, `max_step`, `first_step`), `t_eval=` given (the times the derivative is of) or, without it, only "
        "the first and last columns read (`sol.y[:, -1]`); no `events`, "
        "`dense_output`, `vectorized`; only `.y` differentiated",
        hint="write the call in that form (docs/syntax.md), or write the integration as a loop of steps (an explicit "
             "Runge-Kutta or Euler loop over np.arange(n)), which is differentiated step by step",
        runs_when_inactive=True)
refused(integrate.odeint, reason="scipy.integrate.odeint integrates a Python function: its derivative (forward "
        f"sensitivities, another integration) is written only in its common form: {_COMMON_FORM} (`rtol`, `atol`, "
        "`mxstep`, `h0`, `hmax`, `hmin`, `mxordn`, `mxords`; no `Dfun`, `tfirst`, `full_output`)",
        hint="write the call in that form (docs/syntax.md), or write the integration as a loop of steps (an explicit "
             "Runge-Kutta or Euler loop over np.arange(n)), which is differentiated step by step",
        runs_when_inactive=True)
refused(integrate.quad, reason="scipy.integrate.quad integrates a Python function: its derivative (Leibniz's rule, "
        f"another integration) is written only in its common form: {_COMMON_FORM} (`epsabs`, `epsrel`, `limit`, "
        "`points`; no `weight`, `full_output`)",
        hint="write the call in that form (docs/syntax.md), or write the integration as a loop of steps (a "
             "trapezoid or Gauss-Legendre sum over np.linspace(a, b, n)), which is differentiated step by step",
        runs_when_inactive=True)
