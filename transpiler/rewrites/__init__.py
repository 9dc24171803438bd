"""Algebraic idioms as named rewrites, each on by default and switchable.

``transpiler.grad(f, rewrites=False)`` switches all of them off, ``rewrites={"name": False}``
one. Each is exact in exact arithmetic (the gradient agrees to rounding with the rewrite off) and
only changes how the gradient is computed:

==========================  ==================================================================
``shift_invariance``        no derivative into the max subtracted in a softmax, log-softmax or logsumexp
``symmetric_solve``         a solve with a matrix symmetric by construction: no transposed solve
``outer_products``          ``np.vdot(np.outer(u, v) * S, Q)`` as ``u @ (S * Q) @ v``
``softmax_adjoint``         a softmax's derivative in one step, ``y * (g - (g * y).sum(axis, keepdims=True))``
``sigmoid_adjoint``         a sigmoid ``1 / (1 + np.exp(u))``'s derivative from its output, ``-(g * (y * (1 - y)))``
``log_softmax_adjoint``     the log of a softmax differentiated in one step, ``g - y * g.sum(axis, keepdims=True)``
``solve_reuse``             a solve of a number times an earlier solve's right-hand side: that solve's output scaled
``like_terms``              ``0.5 * r.T + (0.5 * r).T`` as ``r.T``: two multiples of one value summed as one
``weighted_sums``           ``(w[:, :, None] * d).sum(axis=1)`` for a 3-d ``d`` as ``(w[:, None, :] @ d)[:, 0, :]``
``weighted_rows``           ``np.sum(w[:, None] * M, axis=0)`` for a 2-d ``M`` as ``w @ M`` (``axis=1`` of ``w[None, :] * M`` as ``M @ w``)
``scaled_products``         ``s = 0.5 * a; s @ a.T`` as ``0.5 * (a @ a.T)`` where the product is the smaller (also through ``* y``)
``split_views``             ``p = np.split(a, 3, axis=1); p[2]`` as ``a[:, 64:96]`` (the same view; no ``np.split``)
``selected_sums``           ``np.where(c, g, 0) * u + np.where(c, 0, g) * v`` as ``np.where(c, g * u, g * v)``
``identity_traces``         ``np.vdot(g, np.eye(n))`` as ``np.trace(g)``: the identity dies after the forward sweep
``clipped_selections``      ``np.where(np.abs(x) <= d, s * x, s * d * np.sign(x))`` as ``s * np.clip(x, -d, d)``
``one_hot_sums``            ``np.sum(c * np.eye(k)[y], axis=-1)`` as ``np.full(shape, c)``: each one-hot row sums to one (also zeros written ``c`` once per row)
``cancelled_factors``       ``m = c * g; m / c`` and ``d_m = d / c; d_m * c`` as ``g`` and ``d``: one number scaling and scaling back
``cancelled_denominators``  ``(a / x - b / y) * (x * y)`` as ``a * y - b * x``: a log-loss's adjoint through a sigmoid, no division
``cholesky_terms``          a Cholesky factor's adjoint from ``log(diag(L))`` and ``cho_solve`` in closed form: no ``Lᵀ @ d_L``
``nan_masks``               ``np.where(np.isnan(e ** 2), 0.0, g) * (2 * e)`` as ``g * (2 * e)``: the product is NaN there already
``nonzero_denominators``    ``x / np.where(x == 0, 1.0, z)`` as ``x / z`` where ``z`` is clipped away from zero (``xlogy``'s partial)
``reselected_branches``     ``np.where(c, k * np.where(c, a, np.nan), 0.0)`` as ``np.where(c, k * a, 0.0)``
``folded_scalings``         ``s * (2 * e)`` for numbers ``s`` and ``2`` as ``(s * 2) * e``: one pass over ``e``
==========================  ==================================================================

``softmax_adjoint``, ``sigmoid_adjoint`` and ``log_softmax_adjoint`` find facts the analysis uses (they register finders in
``analysis.facts.FACT_FINDERS``: the analysis, a layer below, cannot import them);
the others rewrite the reverse sweep's IR (``selected_sums`` too; ``outer_products``, ``weighted_sums``, ``weighted_rows``,
``scaled_products``, ``split_views``, ``identity_traces``, ``clipped_selections``, ``one_hot_sums``, ``cancelled_factors``, ``cancelled_denominators``, ``cholesky_terms``, ``nan_masks``, ``nonzero_denominators``, ``reselected_branches`` and ``folded_scalings`` for calls, whose shapes they weigh: ``shapes.py``). The setting is part of
the compiled code's cache key (``GradientSpec.rewrites_off``, ``TangentSpec.rewrites_off``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis import facts
from . import (cancelled_denominators, cancelled_factors, cholesky_terms, clipped_selections, folded_scalings, identity_traces, like_terms, log_softmax_adjoint, nan_masks, nonzero_denominators, one_hot_sums, outer_products, reselected_branches, scaled_products, selected_sums,
               shift_invariance, sigmoid_adjoint, softmax_adjoint, solve_reuse, split_views, symmetric, weighted_rows, weighted_sums)


@dataclass(frozen=True)
class Rewrite:
    name: str
    description: str


REWRITES: dict[str, Rewrite] = {module.NAME: Rewrite(module.NAME, module.DESCRIPTION)
                                for module in (shift_invariance, symmetric, outer_products, softmax_adjoint, sigmoid_adjoint,
                                               log_softmax_adjoint, solve_reuse,
                                               like_terms, weighted_sums, weighted_rows, scaled_products, split_views,
                                               selected_sums, identity_traces, clipped_selections, one_hot_sums,
                                               cancelled_factors, cancelled_denominators, cholesky_terms, nan_masks, nonzero_denominators, reselected_branches, folded_scalings)}
facts.FACT_FINDERS[shift_invariance.NAME] = shift_invariance.find
facts.FACT_FINDERS[symmetric.NAME] = symmetric.find
facts.FACT_FINDERS[softmax_adjoint.NAME] = softmax_adjoint.find
facts.FACT_FINDERS[sigmoid_adjoint.NAME] = sigmoid_adjoint.find
facts.FACT_FINDERS[log_softmax_adjoint.NAME] = log_softmax_adjoint.find


def switched_off(setting: bool | dict = True) -> frozenset[str]:
    """The names of the rewrites ``setting`` switches off: ``True`` (all on), ``False`` (all
    off) or ``{name: on}`` (those named False off, the others on)."""
    if setting is True:
        return frozenset()
    if setting is False:
        return frozenset(REWRITES)
    if not isinstance(setting, dict):
        raise TypeError(f"rewrites must be True, False or a dict of rewrite names to booleans, not {setting!r}")
    unknown = sorted(set(setting) - set(REWRITES))
    if unknown:
        raise ValueError(f"unknown rewrite {', '.join(map(repr, unknown))}: the rewrites are "
                         f"{', '.join(map(repr, REWRITES))}")
    if not all(isinstance(on, bool) for on in setting.values()):
        raise TypeError(f"rewrites={setting!r}: each rewrite is switched on with True or off with False")
    return frozenset(name for name, on in setting.items() if not on)
