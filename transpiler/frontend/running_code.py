"""Is the source a function's file holds now the code that runs? A module edited after it was
imported (a notebook's usual state: the file saved, the module not reloaded) has other lines
where the function was; differentiated from them, the derivative would be another function's
while the value stays the running one's: a silent wrong answer. ``inspect`` reads the file as it
is now, so the text is compiled here and compared with the running code object: the names it
reads and its constants (an exponent, a coefficient, a function called), not its instructions."""
from __future__ import annotations

import __future__
import functools
import inspect
import operator
import re
import types

from ..errors import SourceChangedError

_FUTURE_FLAGS = functools.reduce(operator.or_, (getattr(__future__, name).compiler_flag
                                                for name in __future__.all_feature_names))
_MANGLED = re.compile(r"^_[A-Za-z0-9]\w*__\w")       # (self.__x in a class body: compiled alone, not mangled)


def refuse_changed_source(raw: str, func: types.FunctionType) -> None:
    """A ``SourceChangedError`` where ``raw`` (the function's lines as its file has them now,
    indented as there: a docstring's constant keeps its indentation) does not compile to
    ``func``'s code. Not asked of a closure or a method using ``super()`` (their free variables
    compile otherwise on their own), of code with names mangled in a class, or of code pytest
    rewrote (its asserts)."""
    code = func.__code__
    if code.co_freevars or any(_MANGLED.match(name) or name.startswith("@py") for name in
                               (*code.co_names, *code.co_varnames)):
        return
    text = raw if not raw[:1].isspace() else "if 1:\n" + raw        # (a method's lines, as indented)
    try:
        module = compile(text, code.co_filename, "exec", flags=code.co_flags & _FUTURE_FLAGS, dont_inherit=True)
    except (SyntaxError, RecursionError, MemoryError):
        return                  # (the lines do not stand alone: nothing to compare)
    compiled = next((c for c in module.co_consts if inspect.iscode(c) and c.co_name == code.co_name), None)
    _refuse_other(compiled, func)


def refuse_changed_lambda(text: str, func: types.FunctionType) -> None:
    """As :func:`refuse_changed_source`, for a lambda whose text in its file now is ``text``
    (frontend/lambdas.py found it where the running lambda was: its line, its parameters)."""
    code = func.__code__
    if code.co_freevars or any(name.startswith("@py") for name in code.co_names):
        return                  # (a closure's lambda reads its names otherwise compiled alone)
    try:
        module = compile(f"(\n{text}\n)", code.co_filename, "eval", flags=code.co_flags & _FUTURE_FLAGS,
                         dont_inherit=True)
    except (SyntaxError, RecursionError, MemoryError):
        return
    _refuse_other(next((c for c in module.co_consts if inspect.iscode(c)), None), func)


def _refuse_other(compiled: types.CodeType | None, func: types.FunctionType) -> None:
    code = func.__code__
    if compiled is None or not _same(compiled, code):
        raise SourceChangedError(
            f"the source of {func.__qualname__} ({code.co_filename}, line {code.co_firstlineno}) changed since "
            f"it was defined: the file's text there is not the code that runs",
            hint="reload the module (importlib.reload) or run its cell again, then take the derivative of the "
                 "function as it is now")


def _same(compiled: types.CodeType, running: types.CodeType) -> bool:
    """The same names read and constants (nested functions' code compared the same way). Not the
    instructions: code imported from a ``.pyc`` another 3.11.x wrote may spell the same text with
    others (``LOAD_ATTR`` for ``LOAD_METHOD``), so an edit that changes only an operator passes."""
    if (compiled.co_names, compiled.co_varnames) != (running.co_names, running.co_varnames):
        return False
    if len(compiled.co_consts) != len(running.co_consts):
        return False
    for a, b in zip(compiled.co_consts, running.co_consts):
        if inspect.iscode(a) and inspect.iscode(b):
            if not _same(a, b):
                return False
        elif type(a) is not type(b) or repr(a) != repr(b):      # (repr: -0.0 is not 0.0, nan is nan)
            return False
    return True
