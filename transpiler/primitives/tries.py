"""``try`` / ``except`` in differentiated code (frontend/tries.py): before a statement of a ``try``
block runs, the generated code asks whether its call raises, and which ``except`` clause would
catch what it raises: ``caught = raised(((np.linalg.LinAlgError,),), np.linalg.cholesky, K)``. The
answer is a flag of the forward sweep, like an ``if``'s test: the statement runs only where it
does not raise, the handler where it does, and the reverse sweep follows the branch taken. The
statement's call is printed ``again(np.linalg.cholesky, K)``: the value the question computed,
so the call runs once (its derivative rules are the function's own: ``asked_again``).

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
    What no clause catches propagates, as from the statement itself. The value of a call that
    does not raise is kept for the statement that runs next (``again``): the call runs once."""
    raised.last = raised.error = None
    try:
        value = function(*args, **kwargs)
    except BaseException as error:
        for position, classes in enumerate(catching, start=1):
            if isinstance(error, classes):
                raised.error = error        # for the handler's `except ... as e` (caught_error)
                return position
        raise
    raised.last = (getattr(function, "__name__", None), args, value)
    return 0


@helper("raised")
def again(function, *args, **kwargs):
    """``function(*args, **kwargs)``, the statement a ``raised(...)`` question was asked about:
    the value that question computed, where it was a call of a function of the same name on the
    very same positional values; else the call runs."""
    last, raised.last = getattr(raised, "last", None), None
    if last is not None and last[0] == getattr(function, "__name__", None) and len(last[1]) == len(args) \
            and all(a is b for a, b in zip(last[1], args)):
        return last[2]
    return function(*args, **kwargs)


@helper("raised")
def caught_error():
    """The exception the last ``raised(...)`` question caught: ``e`` of the handler's ``except
    ... as e``, bound first thing in the handler (frontend/tries.py). Handed over once, so the
    exception (and the frames of its traceback) is not kept alive after the handler."""
    error, raised.error = getattr(raised, "error", None), None
    return error


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


def asked_again(prim):
    """``prim`` (the call a ``raised(...)`` question was asked about) printed as
    ``again(function, *args)``: the value the question computed. Its rules are ``prim``'s."""
    again_prim = copy.copy(prim)
    plain = prim.primal

    def primal(args, kwargs=(), shapes=None, kinds=None) -> ast.expr:
        call = plain(args, kwargs)       # (by its path: never a method or operator spelling)
        if not isinstance(call, ast.Call):
            return call
        return ast.Call(func=ast.Name(id="again", ctx=ast.Load()), args=[call.func, *call.args], keywords=call.keywords)
    again_prim.primal = primal
    # A linear call's tangent is the call of the tangents (np.outer(t_x, x)): a call of its own,
    # not the one asked about, so printed plainly (forward over forward has its rule then).
    again_prim.jvp, again_prim.jvp_term = prim.jvp, prim.jvp_term
    return again_prim



def called_name(prim, args) -> str | None:
    """The name of the function ``prim``'s primal calls (``cholesky`` for ``np.linalg.cholesky(K)``):
    ``again`` reuses a value only for a call of a function of the name the question called."""
    call = prim.primal([ast.Name(id=f"_a{i}", ctx=ast.Load()) for i in range(len(args))])
    if isinstance(call, ast.Call):
        return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
    return None
