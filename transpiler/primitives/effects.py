"""Statements run for what they do outside the function, not for a value: a call whose value is
discarded (``print(x)``, ``logging.info(...)``, ``warnings.warn(...)``), ``assert``, ``raise``, and entering
and leaving a context manager (``with np.errstate(...):``).

Each is an ``Effect`` of the IR whose primitive has ``effect=True``: the transforms run it in the
forward sweep only, exactly where the primal runs it (once per iteration inside a loop), never
when a reverse loop recomputes an iteration; it carries no derivative. Its values are the
primal's (printing an active value prints the value)."""
from __future__ import annotations

import ast
import collections
import contextvars
import copy
import weakref
from dataclasses import dataclass

import numpy as np

from ..errors import Location, RunTimeRefusal
from .model import Primitive, Spelling
from . import runtime
from .runtime import helper

FAMILY = "effects"
_HOLE = "__effect{}"


def hole(i: int) -> ast.Name:
    """A value's place in an effect's template (filled with the value's name when printed)."""
    return ast.Name(id=_HOLE.format(i), ctx=ast.Load())


class _Filled(Spelling):
    """A spelling given by an expression with holes: the user's call with its values replaced."""

    def __init__(self, template: ast.expr, label: str):
        object.__setattr__(self, "path", label)
        object.__setattr__(self, "_template", template)

    def build(self, args, kwargs=()):
        return _Fill(list(args)).visit(copy.deepcopy(self._template))


class _Fill(ast.NodeTransformer):
    def __init__(self, values: list):
        self.values = {_HOLE.format(i): v for i, v in enumerate(values)}

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.values.get(node.id, node)


@dataclass(eq=False)
class EffectPrimitive(Primitive):
    """An effect: ``once`` (print: where the primal runs it, not again in a reverse loop's
    recomputation) or a context's entry or exit, run wherever the code inside the context runs;
    ``mirror``: what the reverse sweep runs where the forward sweep ran this (leaving a context
    where it was entered), on the same values."""

    once: bool = True
    mirror: Primitive | None = None

    def statement(self, args) -> ast.stmt:
        """The statement generated code runs, ``args`` the values' expressions."""
        return ast.Expr(value=self.primal(args))


def effect_primitive(template: ast.expr, label: str) -> Primitive:
    """The primitive evaluating ``template`` (holes numbered in argument order) for its effect."""
    return EffectPrimitive(name=label, spelling=_Filled(template, label), family=FAMILY, differentiable=False,
                           shape_rule=None, effect=True)


def context_primitives(manager: ast.expr, label: str) -> tuple[Primitive, Primitive]:
    """Entering and leaving ``with manager:`` (``manager`` a call with holes): the code inside runs
    in the context in the forward sweep, in a reverse loop's recomputation and, for the reverse
    sweep of the block, in a context made again from the same values (the emitter prints each
    pair as a ``with`` block: backends/contexts.py)."""
    enter = EffectPrimitive(name=f"with {label}", spelling=_Filled(_call("enter_context", manager), label),
                            family=FAMILY, differentiable=False, shape_rule=None, effect=True, once=False)
    leave = EffectPrimitive(name=f"end of with {label}", spelling=_Filled(_call("exit_context"), label),
                            family=FAMILY, differentiable=False, shape_rule=None, effect=True, once=False,
                            mirror=enter)
    enter.mirror = leave
    return enter, leave


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


def assertion(message: ast.expr | None) -> Primitive:
    """``assert test, message`` (``message`` with holes; the test is hole 0), printed as such:
    the message is formatted only where the test fails, as in Python."""
    return AssertPrimitive(name="assert", spelling=_Filled(_call("__assert__", hole(0), *filter(None, [message])),
                                                           "assert"),
                           family=FAMILY, differentiable=False, shape_rule=None, effect=True)


@dataclass(eq=False)
class AssertPrimitive(EffectPrimitive):
    """``assert``: a statement, not a call."""

    def statement(self, args) -> ast.stmt:
        call = self.primal(args)
        return ast.Assert(test=call.args[0], msg=call.args[1] if len(call.args) > 1 else None)


def raising(exception: ast.expr, cause: ast.expr | None = None) -> Primitive:
    """``raise exception`` or ``raise exception from cause`` (each with holes: the class, or its
    call with the values; the exception caught), printed as such, run where the primal runs it."""
    template = _call("__raise__", exception, *filter(None, [cause]))
    return RaisePrimitive(name="raise", spelling=_Filled(template, "raise"),
                          family=FAMILY, differentiable=False, shape_rule=None, effect=True)


@dataclass(eq=False)
class RaisePrimitive(EffectPrimitive):
    """``raise``: a statement, not a call; nothing after it in its block runs."""

    raises = True

    def statement(self, args) -> ast.stmt:
        call = self.primal(args)
        return ast.Raise(exc=call.args[0], cause=call.args[1] if len(call.args) > 1 else None)


@helper("exit_context")
def enter_context(manager):
    """``with manager:`` where the emitter could not print a ``with`` block: entered here, left
    by the next ``exit_context()``."""
    manager.__enter__()
    exit_context.entered = [*getattr(exit_context, "entered", []), manager]


@helper()
def exit_context():
    """The end of the context ``enter_context`` entered last."""
    *exit_context.entered, manager = exit_context.entered
    manager.__exit__(None, None, None)


# `f(*args)` with `args` of a length known only at run time (`nll = lambda *args: -f(*args)`) is
# inlined as the callee's number of positional arguments, `args[0], ..., args[n - 1]`; the
# generated code first checks that `args` has that many, as Python's call would.
@helper()
def expect_length(xs, length, where, defaults=False):
    """Check that ``xs``, spread into a call that takes ``length`` positional arguments from it,
    has that many elements (else the TypeError Python's call raises). ``defaults``: some of them
    have defaults, which Python would use for a shorter spread; the compiler gives all of them
    from it (``Soil(*p)``), so a shorter one is refused here, saying what to write instead."""
    if len(xs) != length and defaults:
        message = (f"{where} spreads {len(xs)} elements into a call taking {length} positional parameters, some "
                   "with defaults; the compiler follows such a spread, of a length known only when it runs, "
                   "into all of them")
        hint = (f"slice the spread to the parameters it gives (`Cls(*p[:{len(xs)}])`: the rest take their "
                "defaults) or write the arguments out (`Cls(p[0], p[1])`)")
        try:                  # (imported on this path only: a standalone module runs with NumPy alone)
            from ..errors import UnsupportedSyntaxError
        except ImportError:
            raise TypeError(f"{message}; {hint}") from None
        raise UnsupportedSyntaxError(message, hint=hint)
    if len(xs) != length:
        raise TypeError(f"{where} takes {length} positional arguments from the spread, but {len(xs)} were given")


EXPECT_LENGTH = EffectPrimitive(name="expect_length", spelling=Spelling(path="expect_length"), family=FAMILY,
                                differentiable=False, shape_rule=None, effect=True)


# `f(x, **params)` with `params` a dict whose keys are known only at run time (a parameter, a
# dict from a list) is inlined with the callee's parameters not given otherwise read as
# `params["name"]`; the generated code first checks that `params` holds exactly those keys, as
# Python's call would need (an optional parameter in it is refused there: its default was used).
@helper()
def expect_keywords(keys, names, where):
    """Check that the keys of a dict spread into a call with ``**`` are ``names`` (else the
    TypeError Python's call raises, or one saying the compiler read the parameter's default)."""
    if set(keys) != set(names):
        missing, extra = sorted(set(names) - set(keys)), sorted(set(keys) - set(names))
        raise TypeError(f"{where} takes the keywords {sorted(names)} from the `**` spread, but "
                        + (f"{missing} are missing" if missing else f"{extra} are given too (an optional parameter "
                           "read from the dict is not supported: pass it explicitly)"))


EXPECT_KEYWORDS = EffectPrimitive(name="expect_keywords", spelling=Spelling(path="expect_keywords"), family=FAMILY,
                                  differentiable=False, shape_rule=None, effect=True)


# `a, b = t` with `t` of a length known only at run time (a parameter, a list grown in a loop,
# the rows of an array of any shape) is lowered as `t[0], t[1]`; the generated code first checks
# that `t` has exactly that many values, as Python's unpacking would (never the first ones of more).
@helper()
def expect_unpacked(xs, length, where):
    """Check that ``xs``, unpacked into ``length`` names, has that many values (else the
    ValueError Python's unpacking raises)."""
    if len(xs) > length:
        raise ValueError(f"{where}: too many values to unpack (expected {length})")
    if len(xs) < length:
        raise ValueError(f"{where}: not enough values to unpack (expected {length}, got {len(xs)})")


@helper()
def expect_at_least(xs, length, where):
    """Check that ``xs``, unpacked into ``length`` names and a starred one, has at least that many
    values (else the ValueError Python's unpacking raises)."""
    if len(xs) < length:
        raise ValueError(f"{where}: not enough values to unpack (expected at least {length}, got {len(xs)})")


EXPECT_AT_LEAST = EffectPrimitive(name="expect_at_least", spelling=Spelling(path="expect_at_least"), family=FAMILY,
                                  differentiable=False, shape_rule=None, effect=True)
EXPECT_UNPACKED = EffectPrimitive(name="expect_unpacked", spelling=Spelling(path="expect_unpacked"), family=FAMILY,
                                  differentiable=False, shape_rule=None, effect=True)

# `unravel(x)` of `transpiler.ravel` (plain Python the compiler inlines) checks that it is given
# a flat array of the raveled size before reading its pieces.
@helper()
def expect_shape(xs, shape, where):
    """Check that ``xs`` has the shape ``shape`` (else a ValueError saying which it has)."""
    if np.shape(xs) != shape:
        raise ValueError(f"{where}: expected a flat array of shape {shape}, got shape {np.shape(xs)}")


EXPECT_SHAPE = EffectPrimitive(name="expect_shape", spelling=Spelling(path="expect_shape"), family=FAMILY,
                               differentiable=False, shape_rule=None, effect=True)

# The run-time checks of a length or shape, which code specialised to its arguments' shapes
# drops where they hold (generated code differentiated again keeps them: frontend/statements.py).
RUN_TIME_CHECKS = (EXPECT_LENGTH, EXPECT_UNPACKED, EXPECT_AT_LEAST, EXPECT_SHAPE, EXPECT_KEYWORDS)


class OuterNameWriter:
    """Generated code's way to assign a name the user's function declares ``global`` or
    ``nonlocal`` (a call counter, the last loss kept for a report): called with the new value,
    it sets the function's global or closure cell. It holds the function weakly (generated code
    must not keep a user's function alive)."""

    def __init__(self, func, name: str):
        self._func = weakref.ref(func)
        self.target = name

    def __call__(self, value) -> None:
        func = self._func()
        if func is None:
            return
        if self.target in func.__code__.co_freevars:
            func.__closure__[func.__code__.co_freevars.index(self.target)].cell_contents = value
        else:
            func.__globals__[self.target] = value


_writers: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def outer_name_writer(func, name: str) -> str:
    """The name generated code calls to assign ``name`` in ``func``'s globals or closure (one
    writer per function and name, kept while the function lives)."""
    per_function = _writers.setdefault(func, {})
    if name not in per_function:
        key = f"_set_{name}"
        while key in runtime.EXTERNAL:          # (another function's name, or this one's again)
            key += "_"
        runtime.EXTERNAL[key] = OuterNameWriter(func, name)
        per_function[name] = key
    return per_function[name]


# A list or dict the caller passed, changed by the function (`log.append(loss)` on a parameter,
# a mutable default): generated code hands its final value back, once per call where the primal
# reaches the return (frontend/parameter_writes.py); the transform that runs the code applies it
# to the caller's object after the call (api/written_back.py). Outside such a transform (code run
# by hand) nothing collects it.
_handed_back: contextvars.ContextVar = contextvars.ContextVar("transpiler_handed_back", default=None)


class HandBack:
    """What generated code calls to hand back a changed argument (one object, not printable:
    the transforms collect what it is given). A class, so that code lowered again (a Hessian's)
    keeps it as a call rather than reading its source."""

    def __call__(self, index: int, parameter, final, in_place, where: str = "") -> None:
        """Record ``final`` as the new contents of the caller's object for parameter ``index``
        (only a list's or a dict's: an array parameter keeps its value semantics). ``in_place``:
        the function wrote into items (``params[0][0] = v``) rather than adding, removing or
        replacing them (api/written_back.py). ``where``: the first change, for the error where
        ``final`` is no longer a list (``lst += x`` of an array: NumPy's sum, where Python's
        list extends itself)."""
        collected = _handed_back.get()
        if isinstance(parameter, collections.deque):
            raise RunTimeRefusal(
                f"{where}: the `deque` the caller passed is changed by the function, whose changes are "
                "followed as a list's (a deque's `maxlen` drops items as it grows) and handed back into "
                "lists and dicts only", hint="pass a list (`list(window)`), and cut it yourself where a "
                "`maxlen` did (`window = window[-n:]`)")
        if not isinstance(parameter, (list, dict)):
            return
        if not isinstance(final, type(parameter)):
            raise RunTimeRefusal(
                f"{where}: the {type(parameter).__name__} the caller passed became a {type(final).__name__} "
                "(`lst += x` of an array or tuple is NumPy's sum here, where Python extends the list)",
                hint="write `lst.extend(x)` or `lst = lst + list(x)`, or pass an array")
        if collected is not None:
            collected[index] = (final, in_place)


def collecting() -> tuple[dict, contextvars.Token]:
    """A new collection of handed-back values, current until ``_handed_back.reset(token)``."""
    collected: dict = {}
    return collected, _handed_back.set(collected)


def done_collecting(token: contextvars.Token) -> None:
    """The collection current before :func:`collecting`'s is current again."""
    _handed_back.reset(token)


class RefusedHandBack(HandBack):
    """What generated code calls where the compiler could not tell which value is a changed
    parameter's object at the return: harmless for an array or a number (never handed back),
    refused for a list or dict, whose change the caller would not see."""

    def __call__(self, index: int, parameter, message: str, hint: str, filename: str, line: int, col: int) -> None:
        if isinstance(parameter, (list, dict)):
            raise RunTimeRefusal(message, hint=hint, location=Location(filename, line, col))


runtime.EXTERNAL["_hand_back_argument"] = HandBack()
runtime.EXTERNAL["_refuse_hand_back"] = RefusedHandBack()
REFUSED_WRITE_BACK = effect_primitive(ast.Call(func=ast.Name(id="_refuse_hand_back", ctx=ast.Load()),
                                               args=[hole(i) for i in range(7)], keywords=[]),
                                      "_refuse_hand_back (a changed list or dict argument not followed)")
WRITE_BACK = effect_primitive(ast.Call(func=ast.Name(id="_hand_back_argument", ctx=ast.Load()),
                                       args=[hole(i) for i in range(5)], keywords=[]),
                              "_hand_back_argument (a changed argument's final value)")
