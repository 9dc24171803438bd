"""Calls that simply run (primitives/opaque.py) where a derivative would have to pass through
them: refused, naming the argument and saying what to write instead (the analysis asks)."""
from __future__ import annotations

from ..errors import UnknownFunctionError
from ..ir.nodes import Assign, Copy, Function, Var, walk
from ..primitives.opaque import is_iterator_step, is_opaque, is_random_draw
from ..primitives.predicates import refused_when_active


def refuse_differentiated_opaque_calls(fn: Function, varied: set[Var], useful: set[Var],
                                       shapes: dict) -> None:
    """A call that simply runs (primitives/opaque.py) has no derivative: where an argument depends
    on the differentiated parameters and its result reaches the output, the gradient would
    silently miss that path, so it is refused, naming the argument. So is a differentiated
    argument that is not known to be a number, whatever the result: the call might change
    that array or list in place, unseen by the derivative; and any differentiated argument of a
    method, whatever the result: the method may keep it in its object (``rows[i].append(x)``,
    ``d.update(k=x)``, ``s.add(x)``), where a later read would see it without its derivative."""
    made_from = _made_from_varied(fn, varied)
    for stmt in walk(fn.body):
        if not (isinstance(stmt, Assign) and is_opaque(stmt.prim)) or stmt.prim.reads_only:
            continue          # (a try block's question: its flag decides a branch, it reaches no output)
        atoms = [*stmt.args, *(v for _, v in stmt.kwargs)]
        for position, (atom, source) in enumerate(zip(atoms, stmt.prim.arg_sources)):
            if atom in made_from and atom not in varied and stmt.target in useful:
                raise UnknownFunctionError(     # (`N(p).f(3.0)` of a class built by its __new__)
                    f"no derivative rule for `{stmt.prim.name}`{_label(stmt.prim)}, and its argument `{source}` "
                    f"was made from the differentiated parameters by calls without one{stmt.prim.chain}",
                    stmt.location, hint=_hint_for(stmt.prim))
            if atom not in varied or position in stmt.prim.zero_derivative_at:
                continue      # (rng.choice(n, p=probs): a discrete draw, derivative 0 in p)
            if stmt.prim.function_for is not None:
                _refuse_passed_function(stmt, source)
            if stmt.prim.refusal is not None and (stmt.target in useful or shapes.get(atom) != ()):
                reason, hint = stmt.prim.refusal
                raise UnknownFunctionError(
                    f"`{stmt.prim.name}` is not differentiable here: its argument `{source}` depends on the "
                    f"differentiated parameters, and {reason}{stmt.prim.chain}", stmt.location, hint=hint)
            if stmt.prim.method is not None and position > 0 and stmt.target not in useful:
                raise UnknownFunctionError(
                    f"`{stmt.prim.name}` may keep its argument `{source}`, which depends on the "
                    f"differentiated parameters, in `{stmt.prim.arg_sources[0]}` (a method the compiler "
                    f"does not follow){stmt.prim.chain}", stmt.location, hint=_STORED_HINT)
            if stmt.target in useful or shapes.get(atom) != ():
                raise UnknownFunctionError(
                    f"no derivative rule for `{stmt.prim.name}`{_label(stmt.prim)}, and its argument "
                    f"`{source}` depends on the differentiated parameters{stmt.prim.chain}", stmt.location,
                    hint=_hint_for(stmt.prim))


def _made_from_varied(fn: Function, varied: set[Var]) -> set[Var]:
    """The results of calls that simply run whose arguments depend on the differentiated
    parameters, and of such calls of those results: values that carry the parameters where no
    derivative follows (the object ``N(p)`` makes, then read by its method ``.f(3.0)``). The
    analysis's own dependence stops at such a call, so a second one would pass unseen."""
    made: set[Var] = set()
    grew = True
    while grew:
        grew = False
        for stmt in walk(fn.body):
            if isinstance(stmt, Assign) and is_opaque(stmt.prim) and stmt.target not in made \
                    and any(a in varied or a in made for a in stmt.uses()):
                made.add(stmt.target)
                grew = True
            elif isinstance(stmt, Copy) and stmt.source in made and stmt.target not in made:
                made.add(stmt.target)
                grew = True
    return made


def _refuse_passed_function(stmt, name: str) -> None:
    """A lambda or nested def passed to a call that simply runs (frontend/passed_functions.py)
    reads ``name``, a differentiated value: the call's result would depend on it through the
    function, where no rule follows it. Refused whatever the result: it is a value the call keeps."""
    callee, prim = stmt.prim.function_for, stmt.prim
    why = (f"{prim.refusal[0]}" if prim.refusal is not None
           else f"`{callee}` has no derivative rule, and the compiler does not follow the functions it calls")
    hint = prim.refusal[1] if prim.refusal is not None else (
        "pass the function only values that do not depend on the differentiated parameters, or compute the "
        "result with functions that have a rule (docs/primitives.md)")
    raise UnknownFunctionError(
        f"`{callee}` is not differentiable here: the function passed to it, `{prim.label}`, reads "
        f"`{name.rstrip('=')}`, which depends on the differentiated parameters, and {why}{prim.chain}",
        stmt.location, hint=hint)


_HINT = ("compute it with functions that have a rule (docs/primitives.md), give `{name}` one "
         "(transpiler.register_rule(..., vjp=...)), or pass it values that do not depend on the "
         "differentiated parameters")
_DRAW_HINT = ("draw standard variates with constant parameters and transform them (reparameterisation: "
              "scale * rng.standard_gamma(k, size) for rng.gamma(k, scale) is differentiable in scale only); "
              "the parameters of NumPy's normal, uniform, exponential and lognormal draws may be differentiated "
              "(rng.normal(mean, std) is mean + std * z)")


_STORED_HINT = ("bind a new value instead of changing one in place: `rows[i] = rows[i] + [v]` for a list in a "
                "container, `d[k] = v` for a dict's entry, a list or dict display; a local list's own name "
                "may grow in place (`xs.append(v)`), and so may a list held by a list or dict the function "
                "made (`groups[k].append(v)`), not one of an argument's")
_METHOD_HINT = ("; for a method of an object passed as an argument (a model's `self`), differentiate "
                "the bound method (`grad(model.loss)`) or call a global object's method: its attributes "
                "are then read at every call; to differentiate with respect to them, pass the arrays "
                "as parameters")


_ITERATOR_HINT = ("read the items by index (`xs[0]`, `xs[1]`) or loop over the sequence; `next(iter(xs))`, "
                  "`next(iter(xs), default)` and `next((v for v in xs if ...), default)` written as one "
                  "expression read the first item (docs/syntax.md)")


def _hint_for(prim) -> str:
    if (decided := refused_when_active(prim.path)) is not None:     # np.unique(x): why, and instead
        return f"{decided[0]}; {decided[1]}"
    if is_iterator_step(prim):        # it = iter(xs); next(it): frontend/first_items.py
        return _ITERATOR_HINT
    if is_random_draw(prim):
        return _DRAW_HINT
    if prim.hint:
        return prim.hint
    return _HINT.format(name=prim.name) + (_METHOD_HINT if prim.method is not None else "")


def _label(prim) -> str:
    return f" ({prim.label})" if prim.label != prim.name else ""
