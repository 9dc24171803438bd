"""Helpers of generated code that stand for a construct of the user's: where generated code is
differentiated again (a Hessian: forward mode over the generated gradient), each is lowered as
that construct, not as the helper's body."""
from __future__ import annotations

from ..ir import Const, Unbound
from .discrete_draws import choice_again
from ..primitives.pathwise_draws import VARIATES
from .pathwise_draws import variates_again
from .records import rebuilt_record
from .shuffles import shuffled_again

LOWERED_AGAIN = {
    "raised": lambda lowering, node, name: lowering._asked_again(node, name),   # a `try`'s question (tries.py)
    "again": lambda lowering, node, name: lowering._run_again(node, name),      # the call it asked about
    "caught_error": lambda lowering, node, name: lowering._caught(node, name),  # what it caught (`as e`)
    "record": rebuilt_record,                                                     # a NamedTuple (records.py)
    "shuffled": shuffled_again,                                                   # random.shuffle (shuffles.py)
    **dict.fromkeys(VARIATES, variates_again),     # rng.normal(mu, s), norm(mu, s).rvs() ... (pathwise_draws.py)
    "choice_draw": choice_again,                                                 # rng.choice(n, p=probs) (discrete_draws.py)
    "unbound": lambda lowering, node, name: Const(Unbound(node.args[0].value)),  # a name not bound yet
}
