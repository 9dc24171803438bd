"""Constructs the compiler does not differentiate: each is refused with the right error class, a
message naming the construct, the ``file:line:col`` of the offending code (the line computed with
``inspect`` relative to the function), the source line with a caret under the construct, and a
hint saying what to write instead.

Some overlap with tests/test_errors.py; this file covers the full list from the issue (C functions
without a rule, ``*args`` forwarding, generators, mutation of closed-over and global objects,
methods of unknown objects, ...).
"""
import inspect
import math
import os
import threading

import numpy as np
import pytest

import transpiler
from transpiler import TranspileError, UnknownFunctionError, UnsupportedSyntaxError
from transpiler.errors import Location

GLOBAL_BUFFER = np.zeros(3)
OPTIONS = {"out": None}


# =============================================================================== the constructs
def _swapped_and_scaled(t, x):
    return (t[1] * 0.5, t[0] * x)


# (a tuple begun as a display or constant is carried as its items, frontend/carried_tuples.py;
# a parameter's items are not known while lowering)
def carries_a_tuple(x, start=(1.0, 2.0)):
    t = start
    for i in range(3):
        t = _swapped_and_scaled(t, x)
    return np.sum(t[0] + t[1])


def c_function_fft(x):
    y = np.packbits(x)
    return y


def c_function_gamma(x):
    return math.gamma(x)


def star_args_forwarding(x):
    return np.sum(np.ones(*x.shape) * x)


def double_star_forwarding(x):
    return np.sin(x, **OPTIONS)


def generator_function(x):
    yield x
    return x


def yield_value(x):
    y = yield x
    return y


def make_values(x):
    yield x
    yield 2.0 * x


def keeps_a_generator(x):
    values = make_values(x)
    return next(values)


def uses_try(x):
    try:
        y = np.log(x)
    finally:
        y = x
    return y


def uses_with(x):
    with threading.Lock():
        y = np.log(x)
    return y


def mutates_global_array(x):
    GLOBAL_BUFFER[0] = x
    return x


def mutates_global_array_augmented(x):
    GLOBAL_BUFFER[1] += x
    return x


def make_closure_mutators():
    buffer = np.zeros(2)

    def mutates_closed_over_array(x):
        buffer[0] = x
        return x

    return mutates_closed_over_array


mutates_closed_over_array = make_closure_mutators()


def uses_del(x):
    y = x * 2.0
    del y
    return y * x          # Python raises UnboundLocalError


def defines_a_class(x):
    class Local:
        pass
    return x


def defines_a_function(x):
    def inner(t):
        return t * x
    return inner


def uses_lambda(x):
    square = lambda t: t * t  # noqa: E731
    return x * square


def set_comprehension(x):
    return sum({v for v in x})


def dict_comprehension(x):
    ys = {k: x for k in range(3) if x > k}
    return x


def walrus(x):
    while (x := x * 0.5) > 1.0:
        pass
    return x


async def async_function(x):
    return x


async def awaits(x):
    y = await x
    return y


def recursive(x, n):
    if n > 0:
        x = recursive(x * 0.5, n - 1)
    return x


def recursive_entry(x):
    return recursive(x, 3)


class Scaler(dict):
    """A user object whose method has no Python source (its methods with source are inlined)."""


SCALER = Scaler()


def method_of_unknown_object(x):
    return SCALER.get(x)


def unknown_method_of_a_value(x):
    return x.ptp()


def attribute_of_a_value(x):
    return x.itemsize


def attribute_assignment(x):
    x.value = 1.0
    return x


def imports_a_missing_module(x):
    import no_such_module_for_transpiler as m
    return x


def from_imports_a_missing_name(x):
    from math import no_such_name_for_transpiler
    return x


def uses_assert(x):
    assert x > 0.0
    return x


def uses_raise(x):
    raise


def expression_statement(x):
    y = np.ones(3)
    np.multiply.at(y, [0, 0], x)
    return y


def bare_return(x):
    y = x * 2.0
    return


# (id, function, error class, function the line offset is relative to, offset, text at the caret,
#  words the message must contain, a word the hint must contain)
CASES = [
    ("c-function-np.packbits", c_function_fft, UnknownFunctionError, None, 1, "np.packbits(x)",
     ["np.packbits", "no derivative rule"], "give `np.packbits` one"),
    ("c-function-math.gamma", c_function_gamma, UnknownFunctionError, None, 1, "math.gamma(x)",
     ["math.gamma", "no derivative rule"], "give `math.gamma` one"),
    ("star-args-of-unknown-length", star_args_forwarding, UnsupportedSyntaxError, None, 1, "x.shape)",
     ["`*x.shape`", "in a call"], "explicitly"),
    ("double-star-forwarding", double_star_forwarding, UnsupportedSyntaxError, None, 1, "OPTIONS)",
     ["`**OPTIONS`", "in a call"], "explicitly"),
    ("generator-function", generator_function, UnsupportedSyntaxError, None, 1, "yield x",
     ["`yield`", "generators"], "return"),
    ("yield-value", yield_value, UnsupportedSyntaxError, None, 1, "yield x",
     ["`yield`"], "return"),
    ("keeping-a-generator", keeps_a_generator, UnsupportedSyntaxError, None, 1, "make_values(x)",
     ["calling the generator `make_values` other than as the iterable"], "loop over it"),
    ("try-finally", uses_try, UnsupportedSyntaxError, None, 1, "try:", ["`try`", "`finally:`"], "after"),
    ("with-a-lock", uses_with, UnsupportedSyntaxError, None, 1, "threading.Lock()",
     ["context manager `threading.Lock()`"], "outside"),
    ("mutate-global-array", mutates_global_array, UnsupportedSyntaxError, None, 1, "GLOBAL_BUFFER[0] = x",
     ["assignment to the element"], "local"),
    ("mutate-global-array-augmented", mutates_global_array_augmented, UnsupportedSyntaxError, None, 1,
     "GLOBAL_BUFFER[1] += x", ["assignment to the element"], "local"),
    ("mutate-closed-over-array", mutates_closed_over_array, UnsupportedSyntaxError, None, 1,
     "buffer[0] = x", ["assignment to the element"], "closed-over"),
    ("read-after-del", uses_del, UnsupportedSyntaxError, None, 3, "y * x", ["`y`", "unbound", "UnboundLocalError"],
     "drop the `del`"),
    ("class-inside", defines_a_class, UnsupportedSyntaxError, None, 1, "class Local", ["class definition"],
     "module level"),
    ("def-inside", defines_a_function, UnsupportedSyntaxError, None, 3, "return inner",
     ["returning the nested function `inner`"], "helpers"),
    ("lambda", uses_lambda, UnsupportedSyntaxError, None, 2, "x * square", ["a lambda used as a value"], "call"),
    ("set-comprehension-of-differentiated-items", set_comprehension, UnknownFunctionError, None, 1, "{v for v",
     ["`set`", "no derivative rule", "differentiated"], "give `set` one"),
    ("dict-comprehension", dict_comprehension, UnsupportedSyntaxError, None, 1, "{k: x for",
     ["dict comprehension", "condition known only at run time"], "list comprehension"),
    ("walrus-in-while-test", walrus, UnsupportedSyntaxError, None, 1, "x := x", ["walrus", "`:=`", "`while` test"],
     "before the loop"),
    ("async", async_function, UnsupportedSyntaxError, None, 0, "async def", ["async"], "plain `def`"),
    ("await", awaits, UnsupportedSyntaxError, None, 0, "async def", ["async"], "plain `def`"),
    ("method-of-unknown-object", method_of_unknown_object, UnknownFunctionError, None, 1,
     "SCALER.get(x)", ["SCALER.get", "no derivative rule"], "give `SCALER.get` one"),
    ("unknown-method-of-a-value", unknown_method_of_a_value, UnknownFunctionError, None, 1,
     "x.ptp()", ["`x.ptp`", "no derivative rule", "argument `x`"], "give `x.ptp` one"),
    ("attribute-of-a-value", attribute_of_a_value, UnsupportedSyntaxError, None, 1, "x.itemsize",
     ["the attribute `.itemsize`"], "supported array attributes"),
    ("attribute-assignment", attribute_assignment, UnsupportedSyntaxError, None, 1, "x.value = 1.0",
     ["assigning to the attribute `x.value`", "the caller's object would change"], "construct the object"),
    ("import-missing-module", imports_a_missing_module, UnsupportedSyntaxError, None, 1, "import no_such",
     ["`import no_such_module_for_transpiler as m` failed", "No module named"], "installed"),
    ("from-import-missing-name", from_imports_a_missing_name, UnsupportedSyntaxError, None, 1, "from math import",
     ["`from math import no_such_name_for_transpiler` failed", "cannot import name"], "installed"),
    ("bare-raise", uses_raise, UnsupportedSyntaxError, None, 1, "raise", ["a bare `raise`"], "raise an exception"),
    ("effect-on-a-local-array", expression_statement, UnsupportedSyntaxError, None, 2, "np.multiply.at",
     ["`np.multiply.at`", "for its effect"], "assign"),
    ("tuple-carried-by-a-loop", carries_a_tuple, transpiler.NonDifferentiableError, None, 2,
     "for i in range(3):", ["tuple carried from one iteration"], "separate names"),
    ("bare-return", bare_return, UnsupportedSyntaxError, None, 2, "return", ["`return` without a value"],
     "return the value"),
]

CALL_ARGS = {
    carries_a_tuple: (np.array([1.0, 2.0]),),
    c_function_fft: (np.array([1.0, 2.0]),),
    set_comprehension: (np.array([1.0, 2.0]),),
    unknown_method_of_a_value: (np.array([1.0, 2.0]),),
    attribute_of_a_value: (np.array([1.0, 2.0]),),
}


def _anchor_source(case_fn, where):
    """(source lines, first line number) the case's offset is relative to."""
    return inspect.getsourcelines(where or case_fn)


def raise_for(fn):
    args = CALL_ARGS.get(fn, (1.5,))
    with pytest.raises(TranspileError) as info:
        transpiler.grad(fn)(*args)
    return info.value


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_construct_is_refused_with_type_message_location_caret_and_hint(case):
    _, fn, error, where, offset, anchor, words, hint_word = case
    exc = raise_for(fn)
    text = str(exc)

    # the error TYPE
    assert type(exc) is error, f"{type(exc).__name__}: {text}"

    # the message names the construct
    for word in words:
        assert word in exc.message, text

    # file:line:col, the line computed relative to the function's `def`
    lines, first = _anchor_source(fn, where)
    line = first + offset
    source_line = lines[offset]
    assert isinstance(exc.location, Location), text
    assert os.path.samefile(exc.location.filename, __file__)
    assert exc.location.line == line, (exc.location, line, text)
    assert source_line[exc.location.col:].startswith(anchor), (source_line, exc.location.col)
    assert text.splitlines()[0].startswith(f"{__file__}:{line}:{exc.location.col + 1}: ")

    # the source line, then a caret under the construct
    rendered = text.splitlines()
    carets = [i for i, row in enumerate(rendered) if row.strip() == "^"]
    assert len(carets) == 1, text
    code_row, caret_row = rendered[carets[0] - 1], rendered[carets[0]]
    assert code_row.strip() == source_line.strip()
    assert code_row[caret_row.index("^"):].startswith(anchor), text

    # a hint with the fix, printed last
    assert exc.hint and hint_word in exc.hint, exc.hint
    assert rendered[-1] == f"  hint: {exc.hint}"


def test_at_least_25_constructs_are_covered():
    assert len({c[0] for c in CASES}) == len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_one_line_form(case):
    _, fn, error, where, offset, anchor, words, hint_word = case
    exc = raise_for(fn)
    one = exc.one_line()
    lines, first = _anchor_source(fn, where)
    assert "\n" not in one
    assert one.startswith(f"{__file__}:{first + offset}:")
    assert exc.hint in one and all(word in one for word in words)


def test_recursion_is_differentiated_not_refused():
    # recursion used to be refused; a recursive call now uses the function's own gradient
    assert transpiler.grad(recursive_entry)(1.5) == pytest.approx(0.125)
    assert transpiler.grad(recursive)(1.5, 2) == pytest.approx(0.25)


def test_errors_are_raised_again_on_every_call():
    g = transpiler.grad(uses_try)
    for _ in range(2):
        with pytest.raises(UnsupportedSyntaxError):
            g(1.0)


def test_refused_function_did_not_run():
    """Refusal happens at transform time: the global array the function would write is untouched."""
    GLOBAL_BUFFER[:] = 0.0
    raise_for(mutates_global_array)
    assert not GLOBAL_BUFFER.any()
