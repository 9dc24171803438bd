"""``try`` / ``except`` in differentiated code (frontend/tries.py): before a statement of a ``try``
block runs, the generated code asks whether its call raises, and which ``except`` clause would
catch what it raises: ``caught = raised(((np.linalg.LinAlgError,),), np.linalg.cholesky, K)``. The
answer is a flag of the forward sweep, like an ``if``'s test: the statement runs only where it
does not raise, the handler where it does, and the reverse sweep follows the branch taken.

``raised`` is a call that simply runs (primitives/opaque.py): once, where the primal runs it,
never recomputed (a reverse loop reads its flag from a tape)."""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass

from .effects import hole
from .opaque import FAMILY, OpaqueCall
from .registry import Spelling
from .runtime import helper


@helper()
def raised(catching, function, *args, **kwargs):
    """Which ``except`` clause catches what ``function(*args, **kwargs)`` raises: its position
    in ``catching`` (a class or a tuple of classes per clause) from 1, or 0 if it raises nothing.
    What no clause catches propagates, as from the statement itself."""
    try:
        function(*args, **kwargs)
    except BaseException as error:
        for position, classes in enumerate(catching, start=1):
            if isinstance(error, classes):
                return position
        raise
    return 0


@dataclass(eq=False)
class Attempt(OpaqueCall):
    """``raised(catching, function, ...)`` for one statement of a ``try`` block: printed from
    ``template``, the call with a hole for each value (``effects.hole``)."""

    template: ast.expr | None = None
    reads_only = True      # a NumPy or SciPy function with a rule (no overwrite_a=...: frontend/tries.py)

    def primal(self, args, kwargs=(), shapes=None, kinds=None) -> ast.expr:
        values = {hole(i).id: a for i, a in enumerate(args)}
        call = _Fill(values).visit(copy.deepcopy(self.template))
        call.simply_runs = True     # (kept where it is by the passes on generated code: ir/liveness.py)
        return call


class _Fill(ast.NodeTransformer):
    def __init__(self, values: dict):
        self.values = values

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.values.get(node.id, node)


def attempt(template: ast.expr, written: str, arg_sources: tuple, chain: str) -> Attempt:
    """The primitive of one statement's ``raised(...)``: ``written`` the call as the user wrote it."""
    return Attempt(name=f"raised({written})", spelling=Spelling(path="raised"), family=FAMILY,
                   differentiable=False, shape_rule=None, effect=True, label=written,
                   arg_sources=arg_sources, chain=chain, template=template)
