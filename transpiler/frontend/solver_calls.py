"""SciPy's solvers and integrators of a Python function whose result a differentiated value
reaches: ``brentq(lambda v: price(v, S, K) - target, 1e-6, 5)``, ``quad(lambda t: np.exp(-k * t),
0, T)``, ``minimize_scalar(lambda a: loss(a, w)).x``.

The function passed is made one the derivative transforms compile on their own: a module-level
``def`` as it is, a lambda or nested ``def`` lifted (lifted_functions.py: the names it reads from
the enclosing function become parameters after its own). The call is lowered as a call of a
function made for that solver and that function (solver_rules.py, in the layer above, registers
a *form* per solver here): ``made(*lead, *args, *captured)``, ``lead`` the values the solver
starts from (a bracket ``a, b``, ``x0``), which runs the solver and carries derivative rules (the
implicit function theorem's, Leibniz's rule). A result read by field (``.x``, ``.fun``,
``.root``) is lowered as a tuple those fields index (named_results.py); ``.fun`` of a minimiser
is the function passed called again at ``.x``, differentiated as usual (its derivative is the
envelope theorem's), and so are least_squares' ``.cost`` and ``.fun`` (``½‖r‖²`` and ``r``) and
solve_ivp's ``.t`` (of ``t_eval`` and ``t_span``, solver_odes.py). curve_fit's ``(popt, pcov)``
is lowered as a pair, ``pcov`` a call whose derivative is refused. Any other field
(``.success``, ``.nit``) is read from SciPy's whole result, got by a second run of the solver
where one is read, with no derivative; so is ``quad``'s error estimate, the second item of
``(value, error)``.

Only the common forms: positional or keyword arguments, ``args=`` a tuple display, every other
option a constant of those the form lists (tolerances, ``method=``, ``bounds=``). Anything else
(``full_output=True``, a Jacobian passed as a function, a function with defaults, one reading a
function or object of the enclosing function) keeps the refusal of passed_functions.py."""
from __future__ import annotations

import ast
import inspect
import types
from dataclasses import dataclass
from typing import Any, Callable

from ..ir import Atom, Const
from ..primitives.registry import from_a_library
from ..primitives.runtime import stop_gradient
from .lifted_functions import lifted_at
from .named_results import remember_fields
from .passed_functions import refuse_stale_outer_names
from .values import PythonFunction, SourceFunction


@dataclass(frozen=True)
class SolverForm:
    """How a call of a solver is lowered. ``make(solver, h, lead, options)`` returns the function
    the generated code calls (its rules registered), ``h`` the function passed, taking the
    solution (or the variable of integration) first and then its extra arguments."""
    function: str                      # the parameter taking the function passed (``f``, ``fun``)
    lead: tuple[str, ...]              # parameters passed on as values ahead of its arguments
    options: frozenset[str]            # parameters taken as constants; any other: not this form
    make: Callable[..., Callable]
    whole: Callable[..., Callable]     # makes the function giving SciPy's whole result, no derivative
    fields: tuple[str, ...] = ()       # a result read by field: ("x", "fun"), ("root",); any other: SciPy's
    with_error: bool = False           # quad: (value, error estimate)
    extra: tuple[str, ...] = ()        # parameters passed on to the function ahead of ``args=`` (curve_fit's data)
    # (solver, h, lead, options, count) -> the functions giving fields[1:], called at the solution
    # with its ``count`` extra arguments (least_squares' ``.cost``, ``.fun``); None: ``h`` itself for ``.fun``
    recomputed: Callable[..., tuple[Callable, ...]] | None = None
    lead_too: bool = False             # those functions take the lead arguments too (solve_ivp's ``.t``)
    # curve_fit: makes pcov's function (given also the call's location), the result (popt, pcov)
    paired: Callable[..., Callable] | None = None
    optional: frozenset[str] = frozenset()    # lead parameters that may be left out: None passed (solve_ivp's t_eval)


_FORMS: dict[int, tuple[Any, SolverForm]] = {}
_LOADERS: list[Callable[[], None]] = []     # register the forms: run at the first solver call lowered


def register(solver: Any, form: SolverForm) -> None:
    _FORMS[id(solver)] = (solver, form)


def loads_with(loader: Callable[[], None]) -> None:
    """``loader()`` registers forms (importing SciPy): run when the first solver call is lowered."""
    _LOADERS.append(loader)


def form_of(callee: Any) -> SolverForm | None:
    while _LOADERS:
        _LOADERS.pop()()
    entry = _FORMS.get(id(callee))
    return entry[1] if entry is not None and entry[0] is callee else None


def solver_call(lowering, node: ast.Call, callee: Any, name: str | None) -> Atom | None:
    """``node``, a call of a registered solver, lowered as a call of its made function; None where
    it is not one of the forms supported (it is then lowered as a call that simply runs)."""
    form = form_of(callee)
    bound = _bound(callee, node) if form is not None else None
    if (form is None or bound is None or form.function not in bound
            or not {*form.lead, *form.extra} <= {*bound, *form.optional}):
        return None
    extra = _passed_on(form, bound, node)
    options = _constant_options(lowering, {k: v for k, v in bound.items() if k not in (form.function, *form.lead)},
                                form.options)
    passed = _function_passed(lowering, bound[form.function], node)
    if extra is None or options is None or passed is None:
        return None
    function, captured = passed
    refuse_stale_outer_names(lowering, f"`{ast.unparse(bound[form.function])}`", node, ast.unparse(node.func))
    made = form.make(callee, function, len(form.lead), options)
    label = ast.unparse(node.func)
    with lowering._holding() as hold:
        # each argument lowered once (the solver's call, its whole result and `.fun` read it)
        values = [hold(lowering._expr(v), v) for v in [*_lead(form, bound, node), *extra]]
        values += [hold(v, node) for v in captured]
        call = ast.copy_location(ast.Call(func=hold(PythonFunction(made, label), node), args=values, keywords=[]), node)
        if form.paired is not None:                          # curve_fit: (popt, pcov)
            paired = form.paired(callee, function, len(form.lead), options, lowering.parsed.location(node))
            return _paired(lowering, node, call, values, paired, hold, name)
        if not form.fields and not form.with_error:          # brentq: the root
            return lowering._expr(ast.fix_missing_locations(call), name)
        # SciPy's whole result, with no derivative (its inputs cut): its other fields, quad's error
        whole = form.whole(callee, function, len(form.lead), options)
        stopped = hold(PythonFunction(stop_gradient, "stop_gradient"), node)
        cut = [ast.Call(func=stopped, args=[v], keywords=[]) for v in values]
        result = ast.Call(func=hold(PythonFunction(whole, label), node), args=cut, keywords=[])
        if form.with_error:                                   # quad: (value, error estimate)
            pair = ast.Tuple(elts=[call, ast.Subscript(value=result, slice=ast.Constant(1), ctx=ast.Load())],
                             ctx=ast.Load())
            return lowering._expr(ast.fix_missing_locations(ast.copy_location(pair, node)), name)
        solution = hold(lowering._expr(ast.fix_missing_locations(call)), node)
        items = [solution]
        for again in _at_solution(form, callee, function, options, len(values) - len(form.lead)):  # `.fun`, `.cost`
            own = hold(PythonFunction(again, getattr(again, "__name__", "f")), node)
            items.append(ast.Call(func=own, args=[solution, *values[0 if form.lead_too else len(form.lead):]],
                                  keywords=[]))
        lowered = lowering._expr(ast.fix_missing_locations(ast.copy_location(
            ast.Tuple(elts=[*items, result], ctx=ast.Load()), node)), name)
    return remember_fields(lowering, lowered, form.fields)


def refusal_naming_the_cause(lowering, node: ast.Call, callee: Any, refusal: tuple[str, str]) -> tuple[str, str]:
    """``refusal`` (the solver's reason and hint, where a differentiated value reaches a call that
    is not one of its forms) saying first which part of the call is not of the form and what to
    write instead: an option the form does not take (``bounds=`` of ``minimize_scalar``), one not
    a constant (``quad(..., points=[a])``), a value the form needs left out (``solve_ivp`` without
    ``t_eval=``). Otherwise the analysis names the first differentiated argument, which the form
    may well allow (``args=(a,)``), as the cause. ``refusal`` as it is where none of these is."""
    form = form_of(callee)
    bound = _bound(callee, node) if form is not None else None
    if form is None or bound is None or form.function not in bound:
        return refusal
    cause = _cause(lowering, form, bound)
    if cause is None:
        return refusal
    what, instead = cause
    reason, hint = refusal
    return f"the call {what}, which is not the form its derivative is written for: {reason}", f"{instead}; or {hint}"


def _cause(lowering, form: SolverForm, bound: dict[str, ast.expr]) -> tuple[str, str] | None:
    """(what in the call is not of ``form``, what to write instead), or None where nothing is."""
    for name in form.lead:
        if name not in bound and name not in form.optional:
            return f"leaves out `{name}=`", f"give `{name}=` (the values the derivative is taken at)"
    if _extra_arguments(bound.get("args")) is None:
        return f"passes `args={ast.unparse(bound['args'])}`", "pass `args=` as a tuple display (`args=(a, b)`)"
    for key, node in bound.items():
        if key in (form.function, *form.lead, "args"):
            continue
        written = f"`{key}={ast.unparse(node)}`"
        if key not in form.options:
            return f"passes {written}", (f"leave `{key}=` out, and a `method=` needing it (the options it "
                                         f"takes: {', '.join(sorted(form.options))})")
        if _constant_options(lowering, {key: node}, form.options) is None:
            instead = ("split the integral at the moving points instead (`quad(f, a, c) + quad(f, c, b)`)"
                       if key == "points" else f"pass a constant `{key}=`")
            return f"passes {written}, not a constant", instead
    return None


def _passed_on(form: SolverForm, bound: dict[str, ast.expr], node: ast.Call) -> list[ast.expr] | None:
    """The expressions of the function's extra arguments: the form's ``extra`` parameters (curve_fit's
    ``xdata, ydata, sigma``: ``None`` for an optional one left out), then ``args=``'s; None where
    ``args=`` is not a tuple display."""
    extra = _extra_arguments(bound.pop("args", None))
    return None if extra is None else [*(bound.pop(p) if p in bound else ast.copy_location(ast.Constant(None), node)
                                         for p in form.extra), *extra]


def _lead(form: SolverForm, bound: dict[str, ast.expr], node: ast.Call) -> list[ast.expr]:
    """The lead arguments' expressions, ``None`` for an optional one left out."""
    return [bound[p] if p in bound else ast.copy_location(ast.Constant(None), node) for p in form.lead]


def _at_solution(form: SolverForm, callee: Any, function: Any, options: dict[str, Any],
                 count: int) -> tuple[Callable, ...]:
    """The functions whose values at the solution are the result's fields after the first."""
    if form.recomputed is not None:
        return form.recomputed(callee, function, len(form.lead), options, count)
    return (function,) if "fun" in form.fields else ()       # a minimiser's `.fun`: the function passed


def _paired(lowering, node: ast.Call, call: ast.Call, values: list, other: Callable, hold,
            name: str | None) -> Atom:
    """``(solution, other(*values))``: curve_fit's ``(popt, pcov)``, ``other`` a function of the same
    arguments whose derivative is refused, naming the call, where one is taken."""
    second = ast.Call(func=hold(PythonFunction(other, ast.unparse(node.func)), node), args=list(values), keywords=[])
    pair = ast.copy_location(ast.Tuple(elts=[call, second], ctx=ast.Load()), node)
    return lowering._expr(ast.fix_missing_locations(pair), name)


def _bound(callee: Any, node: ast.Call) -> dict[str, ast.expr] | None:
    """The call's argument expressions by parameter name; None where one is spread (``*a``, ``**k``)."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return None
    try:
        signature = inspect.signature(callee)
        bound = signature.bind(*node.args, **{k.arg: k.value for k in node.keywords})
    except (TypeError, ValueError):
        return None
    arguments = dict(bound.arguments)
    for name, param in signature.parameters.items():
        if param.kind is inspect.Parameter.VAR_KEYWORD:      # solve_ivp(..., rtol=1e-8): its **options
            arguments.update(arguments.pop(name, {}))
        elif param.kind is inspect.Parameter.VAR_POSITIONAL and arguments.pop(name, ()):
            return None
    return arguments


def _extra_arguments(node: ast.expr | None) -> list[ast.expr] | None:
    """The expressions of ``args=(a, b)``; None for any other spelling than a tuple display."""
    if node is None:
        return []
    if isinstance(node, ast.Tuple) and not any(isinstance(e, ast.Starred) for e in node.elts):
        return list(node.elts)
    return None


def _constant_options(lowering, given: dict[str, ast.expr], allowed: frozenset[str]) -> dict[str, Any] | None:
    """The options' values, each a constant known while lowering; None where one is not, or is
    not among those ``allowed`` (the solver then keeps the refusal)."""
    options = {}
    for key, node in given.items():
        if key not in allowed:
            return None
        try:
            options[key] = ast.literal_eval(node)
            continue
        except ValueError:
            pass
        if not isinstance(node, (ast.Name, ast.Attribute)):
            return None
        value = lowering._arg(node)
        if not isinstance(value, Const):
            return None
        options[key] = value.value
    return options


def _function_passed(lowering, node: ast.expr, call: ast.Call) -> tuple[types.FunctionType, list[Atom]] | None:
    """The function passed as one the transforms compile, and the values it captures; None where
    it is not a module-level function of the user's, or a lambda or nested ``def`` that lifts."""
    if isinstance(node, ast.Lambda) or isinstance(node, ast.Name) and _local(lowering, node):
        value = lowering._expr(node)
        return lifted_at(lowering, value, call) if isinstance(value, SourceFunction) else None
    if isinstance(node, (ast.Name, ast.Attribute)) and not _local(lowering, node):
        obj = lowering._resolve(node)
        if isinstance(obj, types.FunctionType) and not from_a_library(obj):
            return obj, []
    return None


def _local(lowering, node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in lowering.env
