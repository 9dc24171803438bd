"""Discrete draws whose probabilities are differentiated: the policy-gradient idiom
``a = rng.choice(n_actions, p=probs)`` (REINFORCE, actor-critic, Sutton & Barto's examples), then
``np.log(probs[a])``.

The draw is an integer (or an element of the population ``a``), fixed by the stream: moving ``p``
by a small amount leaves it where it is, except where a uniform variate falls exactly on a
boundary of the cumulative probabilities (a set of measure zero). So its derivative with respect
to ``p`` is 0, the derivative of the program's value for the sample it draws (what central
differences with the same seed measure); the score ``d log probs[a]`` comes from the read of
``probs`` at the drawn index, which is differentiated as any read. The population ``a`` is not
covered: an ``a`` that depends on the differentiated parameters (values to choose among) is
refused by the analysis as any call that simply runs.

The frontend (frontend/discrete_draws.py) lowers the draw as ``choice_draw(draw, a, ..., p=p)``,
a call that simply runs, and marks ``p``'s position as one whose derivative is 0
(``OpaqueCall.zero_derivative_at``). The helper draws exactly what the library draws, from the
same stream, after checking that the generator is NumPy's (a local value's ``choice`` method is
known only when it runs)."""
from __future__ import annotations

import numpy as np

from .opaque import OpaqueCall, opaque_call
from .runtime import helper


@helper()
def choice_draw(draw, a, size=None, replace=True, p=None, **rest):
    """NumPy's ``choice(a, size, replace, p, ...)`` of the ``RandomState`` or ``Generator`` whose
    method ``draw`` is (or of ``draw`` itself): the same draw from the same stream."""
    owner = getattr(draw, "__self__", draw)
    if not isinstance(owner, (np.random.RandomState, np.random.Generator)):
        raise TypeError(f"`choice` of {type(owner).__name__}, which is not NumPy's RandomState or Generator, "
                        "called with probabilities computed in the function: the compiler reads `v.choice(a, "
                        "p=probs)` of a value as NumPy's draw, whose derivative in `p` is 0; call the method "
                        "by another name or pass a NumPy generator")
    return owner.choice(a, size, replace, p, **rest)


def choice_call(written: str, arg_sources: tuple, chain: str, probabilities_at: int) -> OpaqueCall:
    """The primitive of one draw ``choice_draw(draw, a, ...)``; ``probabilities_at``: the position
    of ``p`` among its arguments (keywords counted after the positional ones)."""
    prim = opaque_call(written, written, arg_sources, chain, path="choice_draw")
    prim.zero_derivative_at = (probabilities_at,)
    return prim
