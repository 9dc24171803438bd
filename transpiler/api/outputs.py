"""Outputs with no derivative: a function returning a bool or an integer (``np.sum(x) > 0``,
``int(...)``, ``np.argmax(x)``, a count), or None (``return`` without a value) is refused by every transform (``grad``,
``value_and_grad``, ``jvp``, ``vjp``, ``jacobian``, ``hessian``, ``hvp``) with an
:class:`OutputTypeError`, as JAX refuses it (autograd too, for a bool): its derivative is not
zero, it does not exist. A float output that does not depend on the differentiated arguments
(``3.0``, ``np.sum(np.floor(x))``) has derivative zero, which every transform returns.

The compiler knows the dtype of many outputs (a comparison's bool, a literal); where it does not,
the value is looked at when it is computed, and refused where no derivative path leads from the
arguments to the output (``int(np.sum(x > 0))``). Where one does, an integer that comes out is a
constant piece of the function (``max(3, x)`` below 3), whose derivative there is zero."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import functools

import numpy as np

from .. import ir
from ..analysis.facts import analyse_for
from ..analysis.kinds import known_kinds
from ..driver import pipeline
from ..errors import OutputShapeError, OutputTypeError
from ..frontend.parameter_classes import classes_of
from ..opt.sequences import resolve_iteration
from ..opt.specialize import specialize
from ..trees import leaves
from .numbers import kinds_of, shape_of

_INTEGER_KINDS = "biu"     # NumPy's dtype kinds of bools, signed and unsigned integers


def integer_kind(value: Any) -> str | None:
    """``value``'s type, named with its article, if it is a bool or an integer (a number or an
    array of them) or a string, or "None" for None (a path ending in ``return None``: its gradient
    was zeros); None for anything else."""
    if value is None:
        return "None"
    if isinstance(value, (str, bytes)):       # (its gradient was zeros)
        return _article(type(value).__name__)
    if type(value) in (bool, int):
        return _article(type(value).__name__)
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in _INTEGER_KINDS:
        return _article(f"{value.dtype} array" if isinstance(value, np.ndarray) else f"NumPy {value.dtype}")
    return None


def _article(text: str) -> str:
    return f"{'an' if text[0] in 'aeiou' else 'a'} {text}"


def refuse_integer_value(value: Any, original: Callable[..., Any], transform: str,
                         constant: Callable[..., bool]) -> None:
    """Refuse ``value``, ``original``'s output, if it is a bool or an integer where no derivative
    reaches the output (``constant()``, asked only then), and so for each bool or integer inside a
    tuple, list or dict output (``constant(position)``: no derivative reaches that element). An
    integer that comes out of one path of a function whose other paths are differentiable
    (``max(3, x)`` below 3) is a constant piece of it, with derivative zero there, as ``np.floor``'s."""
    if type(value) is complex and transform not in _OF_COMPLEX_VALUES:
        raise _complex_error(original, value, transform)
    described = integer_kind(value) if type(value) is not float else None
    if described is not None and (value is None or isinstance(value, (str, bytes)) or constant()):
        # (None and a string are no piece of anything)
        raise _error(original, described, transform)
    for position, key, element in _elements(value):
        for leaf in leaves(element):
            described = integer_kind(leaf) if type(leaf) is not float else None
            if described is not None and constant(position):
                raise _error(original, f"{described} as its {key}", transform)


def _elements(value: Any) -> list[tuple[int, str, Any]]:
    """A tuple's, list's or dict's elements: (position, how to name it, element)."""
    if isinstance(value, (tuple, list)):
        return [(i, f"element {i}", v) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return [(i, f"entry {k!r}", v) for i, (k, v) in enumerate(value.items())]
    return []


def refuse_integer_output(original: Callable[..., Any], shapes: tuple[Any, ...], kinds: tuple[Any, ...],
                          free: tuple[Any, ...], transform: str, classes: tuple[Any, ...] = ()) -> None:
    """Refuse, before running anything, an output the compiler knows to be a bool or an integer
    (a comparison, a literal ``0``). ``classes``: as for ``pipeline.lowered`` (methods of
    arguments' classes, frontend/parameter_classes.py)."""
    refuse_integer_result(specialize(pipeline.lowered(original, classes), shapes, kinds, free), kinds, free,
                          original, transform)


def refuse_integer_result(fn: ir.Function, kinds: tuple[Any, ...], free: tuple[Any, ...],
                          original: Callable[..., Any], transform: str) -> None:
    """:func:`refuse_integer_output` of ``fn``, ``original`` lowered and specialised to argument
    dtypes ``kinds`` (the program a compile works on: driver/pipeline.py ``specialised``)."""
    if isinstance(fn.result, ir.Const):
        described = integer_kind(fn.result.value)
    else:
        kind = known_kinds(fn, kinds, free).get(fn.result)
        integer = isinstance(kind, str) and kind[:1] in _INTEGER_KINDS
        described = _article(f"{np.dtype(kind)} value") if integer else None
    if described is not None:
        raise _error(original, described, transform)


def without_derivative(original: Callable[..., Any], wrt: Sequence[int], shapes: tuple[Any, ...],
                       kinds: tuple[Any, ...], free: tuple[Any, ...], classes: tuple[Any, ...] = (),
                       position: int | None = None) -> bool:
    """No derivative reaches the output from the parameters ``wrt``: the output is a constant
    of the derivative (a float: its gradient is zero; an integer: refused once it is seen).
    ``position``: of the output's element there, where the output is a tuple, list or dict
    display (``return loss, np.argmax(x)``); False where it is not one (nothing is known of it)."""
    # (iteration resolved as the pipeline resolves it: `for k in params` over a dict argument
    # reads its keys, which carry no derivative, never `iterated(params)`'s items, which follow it)
    fn = resolve_iteration(pipeline.lowered(original, classes), kinds, free)
    fn = resolve_iteration(specialize(fn, shapes, kinds, free), kinds, free)
    return result_without_derivative(fn, wrt, shapes, kinds, free, position)


def result_without_derivative(fn: ir.Function, wrt: Sequence[int], shapes: tuple[Any, ...], kinds: tuple[Any, ...],
                              free: tuple[Any, ...], position: int | None = None) -> bool:
    """:func:`without_derivative` of ``fn``, specialised to arguments of ``shapes`` and ``kinds``
    with its iteration resolved (the program a compile works on: driver/pipeline.py ``specialised``)."""
    result = fn.result if position is None else _element_atom(fn, position)
    if result is None:
        return False     # (an element of a primitive's tuple: np.frexp's exponent is its own business)
    if not isinstance(result, ir.Var):
        return True
    _, analysis = analyse_for(fn, wrt, shapes, kinds, free=free)
    return result not in analysis.active


def may_return_none(fn: ir.Function) -> bool:
    """Some path of ``fn`` returns None (``return``, ``return None``): a None reaches its result
    through the copies that join its paths."""
    sources: dict[ir.Var, list[Any]] = {}
    for stmt in ir.walk(fn.body):
        if isinstance(stmt, ir.Copy):
            sources.setdefault(stmt.target, []).append(stmt.source)
    seen, todo = set(), [fn.result]
    while todo:
        atom = todo.pop()
        if isinstance(atom, ir.Const):
            if atom.value is None:
                return True
        elif isinstance(atom, ir.Var) and atom not in seen:
            seen.add(atom)
            todo += sources.get(atom, [])
    return False


def _element_atom(fn: ir.Function, position: int) -> Any:
    """The atom of element ``position`` of ``fn``'s output where a display makes it (``(a, b)``,
    ``[a, b]``, ``{"k": a}``); None otherwise (a primitive's tuple, a value read at run time)."""
    made = next((s for s in ir.walk(fn.body) if isinstance(s, ir.Assign) and s.target == fn.result), None)
    if made is not None and made.prim.display and position < len(made.args):
        return made.args[position]
    if made is not None and made.prim.spelling.path == "dict_of" and position + 1 < len(made.args):
        return made.args[position + 1]
    return None


def constant_output(original: Callable[..., Any], wrt: Sequence[int], args: Sequence[Any]) -> Callable[..., bool]:
    """``(position=None) -> without_derivative(...)`` for a call with ``args``, decided the first
    time it is asked."""
    shapes, kinds = tuple(shape_of(a) for a in args), kinds_of(args)     # (not the arrays: not kept alive)
    classes = classes_of(args)

    @functools.lru_cache(maxsize=None)
    def constant(position: int | None = None) -> bool:
        return without_derivative(original, wrt, shapes, kinds, (), classes, position)
    return constant


# Transforms defined for a complex value (tangents and cotangents of a holomorphic function).
_OF_COMPLEX_VALUES = frozenset({"jvp", "vjp", "jacobian"})


def _complex_error(original: Callable[..., Any], value: complex, transform: str) -> OutputTypeError:
    """A Python complex number came out where the compiler knew of no complex value: Python's
    ``a ** b`` of a negative float and a fractional power (NumPy's float64 power gives nan
    instead, and so did the derivative code's rules, with respect to ``a``; with respect to
    ``b`` a complex gradient): one error either way, whichever argument is differentiated."""
    return OutputTypeError(
        f"{transform} of {original.__name__}: it returns the complex number {value!r}; a gradient is of a "
        "real-valued function (Python's `a ** b` of a negative float `a` and a fractional power `b` is "
        "complex, where NumPy's float64 power gives nan)",
        hint="make the base non-negative (`abs(a) ** b`; for a real odd root `np.sign(a) * abs(a) ** b`, "
             "`np.cbrt(a)`), or return a real number (np.real(...), abs(...) ** 2); transpiler.jvp and vjp "
             "differentiate complex values")


def _error(original: Callable[..., Any], described: str, transform: str) -> OutputTypeError:
    return OutputTypeError(
        f"{transform} of {original.__name__}: it returns {described}, which has no derivative",
        hint="return the value to differentiate on every path (`return` alone, or reaching the end, returns None)"
        if described == "None" else "return a float (float(...), x.astype(float)) for a zero derivative, or differentiate the "
             "float value the result is computed from")


def is_pair(value: Any) -> bool:
    """Is ``value`` what a function with ``has_aux=True`` returns: a tuple or list of two?"""
    return type(value) in (tuple, list) and len(value) == 2


def of_out(constant: Callable[..., bool]) -> Callable[..., bool]:
    """``constant`` (:func:`constant_output`) of a function returning ``(out, aux)`` asked of
    ``out``, its first element, whatever position inside ``out`` is asked about."""
    return lambda position=None: constant(0)


def out_and_aux(original: Callable[..., Any], value: Any) -> tuple[Any, Any]:
    """``(out, aux)`` of a function's value with ``has_aux=True`` (jvp, vjp, jacobian, hessian,
    hvp): a pair, or an OutputShapeError (as grad's with ``has_aux``)."""
    if not is_pair(value):
        raise OutputShapeError(f"with has_aux=True, {original.__name__} must return a pair (out, aux), "
                               f"not {_described(value)}", hint="return out, aux  (aux may itself be a tuple of values)")
    return value[0], value[1]


def _described(value: Any) -> str:
    return f"a {type(value).__name__} of {len(value)}" if type(value) in (tuple, list) else f"a value of type {type(value).__name__}"
