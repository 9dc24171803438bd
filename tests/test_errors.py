"""Errors point at the user's source: class, file:line:col, caret, construct and hint
(transpiler/errors.py, raised by the frontend and the lowering)."""
import inspect
import math
import os

import numpy as np
import pytest

import transpiler
from transpiler import SourceUnavailableError, TranspileError, UnknownFunctionError, UnsupportedSyntaxError
from transpiler.errors import Location

KEYWORDS = {"dtype": float}


# --------------------------------------------------------------------------- unsupported functions
# Each is followed, in CASES, by the offset of the offending line from its `def` line.
def uses_try(x):
    try:
        for _ in range(2):         # (a loop in a `try` block: refused)
            x = x * 2.0
    except ZeroDivisionError:
        x = x + 1.0
    return x


def uses_with(x):
    with open(os.devnull) as handle:
        y = x * 2.0
    return y


def uses_lambda(x):
    fact = lambda n: n * fact(n - 1) if n > 1 else x  # noqa: E731
    return fact(3.0)


def uses_yield_value(x):
    y = yield x
    return y


def uses_yield_statement(x):
    yield x
    return x


def uses_starred_call(x):
    return np.sin(*x)


def uses_double_starred_call(x):
    return np.sin(x, **KEYWORDS)


GLOBAL_BUFFER = np.zeros(3)


def uses_subscript_assignment(x):
    GLOBAL_BUFFER[0] = x     # mutating a global array (local arrays may be updated: x[0] = v)
    return x


def uses_attribute_assignment(x):
    x.value = 1.0
    return x


def uses_fft(x):
    y = np.packbits(x)
    return y


def uses_undefined_name(x):
    return x * undefined_name  # noqa: F821


def calls_undefined_function(x):
    return undefined_function(x)  # noqa: F821


def uses_no_return(x):
    y = x * 2.0


def uses_bare_return(x):
    y = x * 2.0
    return


def uses_walrus(x):
    while (z := x * 2.0) > 1.0:
        x = z
    return x


async def uses_async(x):
    return x


def uses_del(x):
    y = x
    del y[0]              # (an array's elements cannot be deleted: Python raises ValueError)
    return x


def uses_raise(x):
    raise


def uses_import(x):
    import no_such_module_for_transpiler as _m     # (an import that works is supported)
    return x


def uses_tuple_return(x):
    return x, x


def uses_dict_comprehension(x):
    d = {k: x for k in range(3) if x > k}
    return x


def uses_function_as_value(x):
    f = np.sin
    return x * f


def uses_nested_def(x):
    def helper(t):
        return t * x
    return helper


# (function, exception class, line offset from `def`, text at the caret, words naming the construct)
CASES = [
    (uses_try, UnsupportedSyntaxError, 2, "for _ in", "`for` loop in a `try` block"),
    (uses_with, UnsupportedSyntaxError, 1, "with ", "`with`"),
    (uses_lambda, UnsupportedSyntaxError, 1, "fact(n - 1)", "recursive call of a lambda"),
    (uses_yield_value, UnsupportedSyntaxError, 1, "yield x", "`yield`"),
    (uses_yield_statement, UnsupportedSyntaxError, 1, "yield x", "`yield`"),
    (uses_starred_call, UnsupportedSyntaxError, 1, "x)", "`*x` in a call"),
    (uses_double_starred_call, UnsupportedSyntaxError, 1, "KEYWORDS)", "`**KEYWORDS` in a call"),
    (uses_subscript_assignment, UnsupportedSyntaxError, 1, "GLOBAL_BUFFER[0] = x", "`GLOBAL_BUFFER[0]`"),
    (uses_attribute_assignment, UnsupportedSyntaxError, 1, "x.value", "attribute"),
    (uses_fft, UnknownFunctionError, 1, "np.packbits(x)", "np.packbits"),
    (uses_undefined_name, UnsupportedSyntaxError, 1, "undefined_name", "`undefined_name`"),
    (calls_undefined_function, UnsupportedSyntaxError, 1, "undefined_function", "`undefined_function`"),
    (uses_no_return, UnsupportedSyntaxError, 0, "def uses_no_return", "`return`"),
    (uses_bare_return, UnsupportedSyntaxError, 2, "return", "`return` without a value"),
    (uses_walrus, UnsupportedSyntaxError, 1, "z := ", "walrus"),
    (uses_async, UnsupportedSyntaxError, 0, "async def", "async"),
    (uses_del, UnsupportedSyntaxError, 2, "y[0]", "`del y[0]`"),
    (uses_raise, UnsupportedSyntaxError, 1, "raise", "a bare `raise`"),
    (uses_import, UnsupportedSyntaxError, 1, "import no_such", "`import no_such_module_for_transpiler as _m` failed"),
    (uses_tuple_return, transpiler.OutputShapeError, 1, "x, x", "tuple"),
    (uses_dict_comprehension, UnsupportedSyntaxError, 1, "{k: x", "dict comprehension"),
    (uses_function_as_value, UnsupportedSyntaxError, 2, "x * f", "the function `np.sin` used as a value"),
    (uses_nested_def, UnsupportedSyntaxError, 3, "return helper", "returning the nested function `helper`"),
]


def _case_id(case):
    return case.id if hasattr(case, "id") else case[0].__name__


def raise_for(fn):
    with pytest.raises(TranspileError) as info:
        transpiler.grad(fn)(1.0)
    return info.value


def assert_points_at(exc: TranspileError, fn, offset: int, anchor: str):
    """``exc`` names this file and the line ``offset`` lines below ``fn``'s ``def``, and its
    caret stands under ``anchor`` in that line."""
    lines, first = inspect.getsourcelines(fn)
    line = first + offset
    source_line = lines[offset]
    text = str(exc)

    assert isinstance(exc.location, Location)
    assert os.path.samefile(exc.location.filename, __file__)
    assert exc.location.line == line
    assert source_line[exc.location.col:].startswith(anchor), (source_line, exc.location.col)
    assert f"{os.path.basename(__file__)}:{line}:{exc.location.col + 1}:" in text

    rendered = text.splitlines()
    carets = [i for i, row in enumerate(rendered) if row.strip() == "^"]
    assert len(carets) == 1, text
    code_row, caret_row = rendered[carets[0] - 1], rendered[carets[0]]
    assert code_row.strip() == source_line.strip()
    assert code_row[caret_row.index("^"):].startswith(anchor), text


@pytest.mark.parametrize("fn, error, offset, anchor, construct", CASES,
                         ids=[_case_id(c) for c in CASES])
def test_unsupported_construct_is_reported_at_its_line(fn, error, offset, anchor, construct):
    exc = raise_for(fn)
    assert type(exc) is error, f"{type(exc).__name__}: {exc}"
    assert isinstance(exc, TranspileError)
    text = str(exc)
    assert construct in text, text
    assert exc.hint and f"hint: {exc.hint}" in text
    assert_points_at(exc, fn, offset, anchor)


@pytest.mark.parametrize("fn, error, offset, anchor, construct", CASES,
                         ids=[_case_id(c) for c in CASES])
def test_one_line_form_keeps_location_construct_and_hint(fn, error, offset, anchor, construct):
    exc = raise_for(fn)
    one = exc.one_line()
    assert "\n" not in one
    assert f"{os.path.basename(__file__)}:{inspect.getsourcelines(fn)[1] + offset}:" in one
    assert construct in one and exc.hint in one


def test_error_classes_derive_from_transpile_error():
    for cls in (UnsupportedSyntaxError, UnknownFunctionError, SourceUnavailableError,
                transpiler.NonDifferentiableError, transpiler.OutputShapeError):
        assert issubclass(cls, TranspileError)
    assert issubclass(TranspileError, Exception)


def test_error_in_indented_nested_function_points_at_the_real_column():
    def inner(x):
        y = {x for _ in (1, 2)}
        return x

    exc = raise_for(inner)
    assert type(exc) is UnknownFunctionError        # (a set of differentiated values: no rule for `set`)
    assert_points_at(exc, inner, 1, "{x for _")


def test_error_carries_structured_location_and_hint():
    exc = raise_for(uses_try)
    first = inspect.getsourcelines(uses_try)[1]
    assert exc.location.filename == inspect.getsourcefile(uses_try)
    assert (exc.location.line, exc.location.col) == (first + 2, 8)     # (the loop in the `try` block)
    assert exc.hint == exc.hint.strip() and exc.hint
    assert str(exc.location) == f"{exc.location.filename}:{first + 2}:9"


def test_error_is_raised_when_gradient_is_first_called_and_again_on_retry():
    g = transpiler.grad(uses_with)
    for _ in range(2):
        with pytest.raises(UnsupportedSyntaxError):
            g(1.0)


def uses_code_after_return(x):
    return x * 3.0
    x = x * x  # unreachable on purpose


def test_code_after_return_is_rejected_at_its_line_or_ignored():
    """Unreachable code after ``return`` is either reported where it is, or has no effect;
    it must never change the gradient."""
    try:
        value, gradient = transpiler.value_and_grad(uses_code_after_return)(2.0)
    except TranspileError as exc:
        assert type(exc) is UnsupportedSyntaxError
        assert "after `return`" in str(exc)
        assert_points_at(exc, uses_code_after_return, 2, "x = x * x")
    else:
        assert (value, gradient) == (6.0, 3.0)


# --------------------------------------------------------------------------- no source
def test_lambda_made_by_exec_raises_source_unavailable_error_at_its_line():
    namespace = {"np": np}
    exec("made_by_exec = lambda x: x * 2.0\n", namespace)
    with pytest.raises(SourceUnavailableError) as info:
        transpiler.grad(namespace["made_by_exec"])(1.0)
    assert "lambda" in str(info.value)
    assert info.value.hint and "def" in info.value.hint
    assert info.value.location is not None and info.value.location.line == 1


def test_exec_defined_function_raises_source_unavailable_error():
    namespace = {}
    exec("def made_by_exec(x):\n    return x * x\n", namespace)
    with pytest.raises(SourceUnavailableError) as info:
        transpiler.grad(namespace["made_by_exec"])(1.0)
    assert "made_by_exec" in str(info.value) and info.value.hint


def test_builtin_function_without_a_rule_raises_source_unavailable_error():
    # (one with a rule, math.exp, is differentiated through it: tests/api/test_library_functions.py)
    with pytest.raises(SourceUnavailableError) as info:
        transpiler.grad(math.factorial)(1.0)
    assert info.value.hint


def test_numpy_ufunc_without_a_rule_raises_source_unavailable_error():
    with pytest.raises(SourceUnavailableError):
        transpiler.grad(np.isnat)(1.0)
