"""A zero adjoint times an infinite partial derivative: zero, not NaN.

The chain rule multiplies each adjoint by a partial derivative. Where a value is masked out
downstream (the diagonal of a pairwise-distance matrix dropped by ``np.triu``, a masked update
``r[r > 0] = 1 / r[r > 0]``, an untaken ``np.where`` branch, ``np.nansum`` skipping a NaN) its
adjoint is exactly 0, and where its partial is infinite there (``sqrt`` at 0, ``x ** -1.5`` at 0,
``1 / x`` at 0) the product 0 * inf is NaN, which the reverse sweep then spreads to every input.
The function is differentiable there and its derivative is finite: that value contributes
nothing to the output.

So a call whose gradient (or tangent) comes out NaN is run once more with code in which every
elementwise rule's product is ``strong_zero_times(adjoint, partial)``: 0 where either factor is 0
(a "strong zero"; TensorFlow's ``multiply_no_nan`` for one side). In forward mode the zero is the
partial's (an untaken branch's ``np.where(mask, 0.0, 1.0)``) and the infinite factor the tangent.
Elsewhere that code computes the same numbers; it is slower, so it only runs after the plain code
gave NaN, and only for functions with a partial that can be infinite at all (``+``, ``-``,
``*``, powers by constant whole numbers, ``x ** 2``, and primitives declaring ``finite_partials``,
``np.clip`` and ``expit``, alone never make one at finite arguments; before ``np.nan_to_num`` an argument may be
infinite where the function is flat: ``np.nan_to_num(a * b)`` with ``b`` infinite). A NaN the function's own values make (``np.log(-1.0)`` read by the
output, a NaN argument) stays NaN.
docs/modes.md says when this differs from JAX and PyTorch.
"""
from __future__ import annotations

import ast
import functools
import inspect
import weakref
from typing import Any, Callable, Sequence

import numpy as np

from .. import backends
from ..analysis.draw_shapes import seeded_generators
from ..driver import pipeline
from ..frontend.parameter_classes import classes_of
from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, walk
from ..primitives import registry
from ..primitives.opaque import is_opaque, is_random_draw
from .arguments import call_on_copies
from .numbers import PYTHON_FLOAT_ERRORS
from .streams import rewinder

# the parts of a rule's partial that can be infinite at finite arguments (a division, a power,
# a function call such as np.log), or where the output is infinite (a partial reading ``y``)
_SINGULAR_NODES = (ast.Div, ast.Pow, ast.FloorDiv, ast.Call)


def may_meet_infinite_partials(func: Callable[..., Any]) -> bool:
    """Does ``func`` apply an elementwise primitive whose partial can be infinite, and nothing
    that could not run again (a call with effects: ``print``, an append to the caller's list;
    random draws can, from the streams' states before the first run)?"""
    return _facts(func)[0]


def draws(func: Callable[..., Any]) -> bool:
    """Does ``func`` draw random numbers from a stream that outlives the call (so that running it
    again needs its streams rewound)? Draws from a generator it makes from a constant seed
    (``np.random.default_rng(0).normal(...)``) are the same on every run: not counted."""
    return _facts(func)[1]


def moves_random_streams(func: Callable[..., Any], args: Sequence[Any]) -> bool:
    """Can a call of ``func`` with ``args`` (a function or an object among them: its code
    inlined) move a random stream: does it draw, or make a call the compiler does not see
    into (opaque)? Where it cannot, the passes of a derivative need no rewinding of NumPy's
    global stream (api/streams.py: reading and setting its state costs more than a small
    derivative's pass)."""
    _, drawing, effects = _facts(func, classes_of(args))
    return drawing or effects


def _facts(func: Callable[..., Any], classes: tuple[Any, ...] = ()) -> tuple[bool, bool, bool]:
    """(may it meet an infinite partial and run again, does it draw, does it make a call with
    effects): one walk of its lowering (for arguments of ``classes``), kept with it (jvp and
    vjp ask on every call)."""
    fn = pipeline.lowered(func, classes)
    facts: tuple[bool, bool, bool] = remembered(fn, "strong zeros", lambda: _walked(fn))
    return facts


def _walked(fn: Any) -> tuple[bool, bool, bool]:
    singular = drawing = effects = inner = False
    seeded = seeded_generators(fn)
    for stmt in walk(fn.body):
        prim = getattr(stmt, "prim", None)
        if prim is None:
            continue
        if is_opaque(prim):
            random = is_random_draw(prim)
            drawing = drawing or random and not _replayed(stmt, seeded)
            effects = effects or not random
        singular = singular or _singular_at(stmt) or _masks_non_finite(prim)
        inner = inner or prim.inner_singularity
    # (a partial infinite inside its domain, np.cbrt's at 0: its infinite tangent or adjoint meets
    # a zero further along the chain, 3 * cbrt(x) ** 2 of cbrt(x) ** 3, whose product is not 0, so
    # a function applying one keeps its plain NaN)
    return singular and not effects and not inner, drawing, effects


def _replayed(stmt: Any, seeded: set[Any]) -> bool:
    """Is ``stmt`` the making of a generator from a constant seed, or a draw from one (the same
    numbers on every run; not a call for its effect, ``rng.shuffle(x)``)?"""
    if not isinstance(stmt, Assign):
        return False
    return stmt.target in seeded if stmt.prim.method is None else bool(stmt.args) and stmt.args[0] in seeded


def with_fallback(func: Callable[..., Any], run: Callable[..., Any], strong: Callable[[], Callable[..., Any]],
                  derivative_of: Callable[[Any], Any] | None, rewind: Callable[[], Any] | None = None,
                  backend: str = "numpy", numbers: tuple[int, int | None] | None = None,
                  value_of: Callable[[tuple[Any, ...]], Any] | None = None) -> Callable[..., Any]:
    """``run`` (a call of ``func``'s derivative code), falling back on ``strong()``'s where
    ``func`` may meet an infinite partial (:func:`falling_back`). A function drawing random
    numbers is rewound first: by ``rewind()`` (a pass's own), else to the states before the call.
    Only a backend claiming it falls back (``Backend.strong_zeros``: NumPy's code; numba's and the
    array-API backend's NaN stands). ``numbers``: (arguments taken, gradients returned) where
    ``run`` returns the gradients alone, of numbers: a tuple of that many (a number where 1 and
    not a tuple), checked without a loop (:func:`number_gradients_falling_back`). ``value_of(args)``:
    ``func``'s value (by default ``func`` called on copies of the leading arguments ``run`` is
    given, before its seed or tangents): a value that is not a finite number keeps ``run``'s NaN
    (:func:`where_the_value_is_a_number`)."""
    if not backends.backend(backend).strong_zeros or not may_meet_infinite_partials(func):
        return run
    rewinding = None
    if draws(func):
        rewinding = (lambda args: rewind) if rewind is not None else (
            lambda args: rewinder(args, pipeline.free_values(func).values()))
    elif value_of is not None or (value_of := _value_from_leading_arguments(func)) is not None:
        strong = where_the_value_is_a_number(strong, run, value_of)     # (a drawing function is not asked)
    if numbers is not None and rewinding is None and derivative_of is None:
        return number_gradients_falling_back(run, strong, *numbers)
    return falling_back(run, strong, derivative_of, rewinding)


def refuse_unless_rerun(func: Callable[..., Any], backend: str) -> None:
    """Printing the strong-zero code (``source(strong_zeros=True)``) of a function whose calls
    never run it would show code that never runs: a ValueError saying why none does."""
    if not backends.backend(backend).strong_zeros:
        raise ValueError(f"the {backend} backend's calls keep a NaN derivative: no strong-zero code runs "
                         "(docs/modes.md, 'Zero times infinity')")
    if not may_meet_infinite_partials(func):
        raise ValueError(f"calls of {getattr(func, '__name__', func)}'s derivatives never run strong-zero code: "
                         "it has no partial that can be infinite, or it has a call with effects that a second "
                         "run would repeat (docs/modes.md, 'Zero times infinity')")


def _masks_non_finite(prim: Any) -> bool:
    """``np.nan_to_num``: its argument may be infinite where the function is finite and flat
    (``np.nan_to_num(a * b)`` with ``b`` infinite), so the partials of ``*`` and ``-`` before it,
    finite at finite arguments, may be infinite there; its adjoint there is 0."""
    return registry.spelled_as(prim, np.nan_to_num)


def _singular_at(stmt: Any) -> bool:
    """Can the partials of ``stmt``'s primitive be infinite at finite arguments? A power by a
    constant non-negative integer (``d ** 2``, ``x ** 3``) cannot: its partial with respect to
    the base, ``b * a ** (b - 1)`` (``a ** 0`` where ``b`` is 0), is a polynomial, and so is
    each of its own derivatives (Hessians, jets); the exponent's partial (``y * log(a)``) is
    never taken of a constant. Nor can a primitive's declared ``finite_partials`` (np.clip's 0,
    1/2 or 1; expit's slope), though its template calls a helper."""
    partials = stmt.prim.partials
    if partials is None or stmt.prim.finite_partials:
        return False
    power = stmt.prim.spelling.binop is ast.Pow or registry.spelled_as(stmt.prim, np.power)
    if power and _non_negative_integer(stmt.args[1]):
        return False
    return _singular(partials)


def _non_negative_integer(atom: Any) -> bool:
    """Is ``atom`` a constant whole number, 0 or more (``2``, ``3.0``; not ``True``, not ``0.5``)?"""
    value = atom.value if isinstance(atom, Const) else None
    return (type(value) is int or type(value) is float and value.is_integer()) and value >= 0


def _singular(partials: Any) -> bool:
    return any(isinstance(node, _SINGULAR_NODES) or isinstance(node, ast.Name) and node.id == "y"
               for expr in partials.exprs() if expr is not None for node in ast.walk(expr))


def has_nan(result: Any) -> bool:
    """Is there a NaN anywhere in ``result`` (numbers, arrays, and containers of them)? Python
    floats, tuples, dicts and lists first, by exact type: a gradient of a few numbers costs a few
    hundred nanoseconds, and this runs on every call."""
    kind = type(result)
    if kind is float:
        return bool(result != result)
    if kind is tuple:
        for item in result:
            if type(item) is np.ndarray and item.dtype.kind in "fc":     # (a gradient's array: in line)
                flat = item if item.ndim == 1 else item.ravel()
                square = flat.dot(flat)
                if square != square:
                    return True
            elif (item != item) if isinstance(item, (float, np.generic)) else has_nan(item):   # (a sum's np.float32)
                return True
        return False
    if kind is dict or kind is list:          # (a container's gradients: api/flat.py)
        for item in (result.values() if kind is dict else result):
            if (item != item) if type(item) is float else has_nan(item):
                return True
        return False
    if isinstance(result, np.ndarray):
        if result.dtype.kind not in "fc":
            return False
        flat = result if result.ndim == 1 else result.ravel()
        square = flat.dot(flat)     # NaN exactly where an element is (the fastest reduction for small arrays)
        return bool(square != square)
    if isinstance(result, float):
        return result != result
    if isinstance(result, (tuple, list)):
        return any(has_nan(r) for r in result)
    if isinstance(result, dict):
        return any(has_nan(r) for r in result.values())
    if isinstance(result, (complex, np.generic)):      # (a sum's np.float32 gradient: `!=`, not np.isnan's
        return bool(result != result)                  # ufunc call, ~1 µs; NaN in either part of a complex)
    fields = getattr(result, "__dataclass_fields__", None)
    return fields is not None and any(has_nan(getattr(result, name)) for name in fields)


def where_the_value_is_a_number(strong: Callable[[], Callable[..., Any]], plain: Callable[..., Any],
                                value_of: Callable[[tuple[Any, ...]], Any]) -> Callable[[], Callable[..., Any]]:
    """``strong`` whose runner gives the strong-zero derivative only where the function's value
    (``value_of(args)``, asked on this path alone) is finite, and ``plain``'s otherwise: a NaN the
    function's own values make (``x * np.log(x)`` at 0: ``0 * -inf``) keeps the plain chain rule's
    NaN (JAX's too), and so does an infinite value (``np.log(np.sum(np.exp(x)))`` overflowing:
    NumPy's own differences of it are ``inf - inf``, NaN), in every mode (docs/modes.md)."""
    def make() -> Callable[..., Any]:
        made = strong()

        def run(*args: Any) -> Any:
            try:
                number = not has_non_finite(value_of(args))
            except PYTHON_FLOAT_ERRORS:       # (Python's float arithmetic: NumPy's gives inf, not NaN)
                number = True
            return made(*args) if number else plain(*args)
        return run
    return make


def has_non_finite(value: Any) -> bool:
    """Is there an inf or a NaN in ``value`` (numbers, arrays, containers of them)?"""
    if type(value) is float:
        return bool(value - value != 0)
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype.kind in "fc" and not bool(np.isfinite(value).all())
    if isinstance(value, complex):
        return not np.isfinite(value)
    if isinstance(value, (tuple, list)):
        return any(map(has_non_finite, value))
    if isinstance(value, dict):
        return any(map(has_non_finite, value.values()))
    fields = getattr(value, "__dataclass_fields__", None)
    return fields is not None and any(has_non_finite(getattr(value, name)) for name in fields)


def _value_from_leading_arguments(func: Callable[..., Any]) -> Callable[[tuple[Any, ...]], Any] | None:
    """``func``'s value at the arguments a derivative's code is given first (its parameters, each
    given: the defaults are filled in), before a seed or tangents; None where the count of its
    parameters does not say where they end (``*args``, ``**kwargs``)."""
    try:
        parameters = inspect.signature(func).parameters.values()
        function = weakref.ref(func)        # (a warm runner must not keep the function alive)
    except (TypeError, ValueError):
        return None
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.KEYWORD_ONLY) for p in parameters):
        return None
    count = len(parameters)

    def value(args: tuple[Any, ...]) -> Any:
        alive = function()
        return np.nan if alive is None else call_on_copies(alive, args[:count])    # (never asked once it is gone)
    return value


def value_unless_returned(gradient: Any) -> Callable[[tuple[Any, ...]], Any] | None:
    """``with_fallback``'s ``value_of`` for a ``grad`` (api/gradient.py): the function called on
    copies of the arguments (none is written); None where the call returns the value itself
    (``value_and_grad``) or with ``has_aux``."""
    if gradient.returns_value or gradient.has_aux:
        return None
    return functools.partial(call_on_copies, gradient.original)


def falling_back(run: Callable[..., Any], strong: Callable[[], Callable[..., Any]],
                 derivative_of: Callable[[Any], Any] | None,
                 rewinding: Callable[[tuple[Any, ...]], Callable[[], None]] | None = None) -> Callable[..., Any]:
    """``run``, or where its derivative (``derivative_of(result)``, or the result itself where
    ``derivative_of`` is None) has a NaN or its Python float
    arithmetic divided by zero, the runner ``strong()`` makes (once, on the first such call) on
    the same arguments. Where that one divides by zero too, ``run``'s error stands.
    ``rewinding(args)``: for a function drawing random numbers, a function putting its streams
    back to where they stand before ``run`` (api/streams.py), so the second run draws the same."""
    run_strong = _strong_runner(strong)

    def falling_back_on_nan(*args: Any) -> Any:
        rewind = None if rewinding is None else rewinding(args)
        try:
            result = run(*args)
        except PYTHON_FLOAT_ERRORS as error:
            return _after_error(error, args, run_strong, rewind)
        if has_nan(result if derivative_of is None else derivative_of(result)) and not has_nan(args):
            return run_strong(args, rewind)     # (a NaN argument's NaN derivative is the function's own)
        return result

    def falling_back_on_a_nan_gradient(*args: Any) -> Any:     # (the common case, kept lean)
        try:
            result = run(*args)
        except PYTHON_FLOAT_ERRORS as error:
            return _after_error(error, args, run_strong, None)
        if not has_nan(result):
            return result
        return result if has_nan(args) else run_strong(args, None)
    return falling_back_on_a_nan_gradient if rewinding is None and derivative_of is None else falling_back_on_nan


def _strong_runner(strong: Callable[[], Callable[..., Any]]) -> Callable[..., Any]:
    """A function of (arguments, rewind or None) running the code ``strong()`` makes (once, on
    its first call), NumPy's warnings off (0 * inf is what it is there for)."""
    made: list[Callable[..., Any]] = []

    def run_strong(args: tuple[Any, ...], rewind: Callable[[], None] | None = None) -> Any:
        if not made:
            made.append(strong())
        if rewind is not None:
            rewind()
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return made[0](*args)
    return run_strong


def _after_error(error: BaseException, args: tuple[Any, ...], run_strong: Callable[..., Any],
                 rewind: Callable[[], None] | None) -> Any:
    """The strong-zero code's result where the plain code's Python floats divided by zero; where
    it divides by zero too, the plain code's error."""
    try:
        return run_strong(args, rewind)
    except PYTHON_FLOAT_ERRORS:
        raise error from None


def number_gradients(args: tuple[Any, ...], wrt: tuple[int, ...], many: bool) -> tuple[int, int | None] | None:
    """:func:`with_fallback`'s ``numbers`` for a gradient with respect to ``wrt`` (a tuple of
    its gradients where ``many``) called with ``args``: where every argument differentiated is a
    float, its gradient is a number; None otherwise."""
    if not all(isinstance(args[i], (float, np.floating)) for i in wrt):
        return None
    return len(args), (len(wrt) if many else None)


_NUMBER_CHECKS: dict[tuple[int, int | None], Callable[..., Any]] = {}


def number_gradients_falling_back(run: Callable[..., Any], strong: Callable[[], Callable[..., Any]],
                                  arity: int, gradients: int | None) -> Callable[..., Any]:
    """:func:`falling_back`'s lean wrapper for ``run`` taking ``arity`` arguments and returning
    number gradients: a tuple of ``gradients`` numbers (one number, no tuple, where None). It takes
    the arguments by name and checks the numbers in line, ``g != g`` being NaN's test (a gradient
    of three floats, the common small case, costs 0.07 us more than its code alone, against 0.25
    us for ``*args`` and :func:`has_nan`'s loop). Anything else (an array where a number was
    expected) goes to :func:`has_nan`, so no NaN passes unseen."""
    key = (arity, gradients)
    if key not in _NUMBER_CHECKS:
        _NUMBER_CHECKS[key] = _number_check_maker(arity, gradients)
    run_strong = _strong_runner(strong)

    def after_nan(result: Any, args: tuple[Any, ...]) -> Any:
        if not has_nan(result) or has_nan(args):      # (a NaN argument's NaN derivative is the function's own)
            return result
        return run_strong(args, None)

    def after_error(error: BaseException, args: tuple[Any, ...]) -> Any:
        return _after_error(error, args, run_strong, None)
    wrapper: Callable[..., Any] = _NUMBER_CHECKS[key](run, after_nan, after_error)
    return wrapper


def _number_check_maker(arity: int, gradients: int | None) -> Callable[..., Any]:
    """The maker of :func:`number_gradients_falling_back`'s wrapper, its text written for the
    numbers of arguments and gradients (as api/fast_path.py's calls are)."""
    params = ", ".join(f"a{i}" for i in range(arity))
    args = f"({params}{',' if arity == 1 else ''})"
    if gradients is None:
        unpack, test = "", "type(result) is not tuple and result == result"
    else:
        names = [f"g{i}" for i in range(gradients)]
        unpack = f"            {', '.join(names)}{',' if gradients == 1 else ''} = result\n"
        test = " and ".join(f"{g} == {g}" for g in names)
    text = (f"def make(run, after_nan, after_error):\n"
            f"    def falling_back_on_nan_numbers({params}):\n"
            f"        try:\n"
            f"            result = run({params})\n"
            f"        except _ERRORS as error:\n"
            f"            return after_error(error, {args})\n"
            f"        try:\n"
            f"{unpack}"
            f"            if {test}:\n"
            f"                return result\n"
            f"        except (TypeError, ValueError):\n"
            f"            pass\n"
            f"        return after_nan(result, {args})\n"
            f"    return falling_back_on_nan_numbers\n")
    namespace: dict[str, Any] = {"_ERRORS": PYTHON_FLOAT_ERRORS}
    exec(compile(text, f"<transpiler strong-zero check, {arity} arguments>", "exec"), namespace)
    maker: Callable[..., Any] = namespace["make"]
    return maker
