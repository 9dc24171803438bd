"""Errors raised while reading, lowering or differentiating a user function.

Every error points at the user's source: construct, ``file:line:col``, the line with a caret, and
what to do instead.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A position in the user's source file (1-based line, 0-based column as in ``ast``)."""

    filename: str
    line: int
    col: int
    source_line: str = ""

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}:{self.col + 1}"

    def excerpt(self) -> str:
        if not self.source_line:
            return ""
        text = self.source_line.rstrip("\n")
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        caret = " " * max(self.col - indent, 0) + "^"
        return f"    {stripped}\n    {caret}"


class TranspileError(Exception):
    """Base class: the function cannot be differentiated as written.

    ``message`` names the construct, ``location`` (a ``Location``: ``filename``, ``line``,
    ``col``, ``source_line``; None where there is no place in the source to point at) says where
    it is, and ``hint`` what to write instead. ``str(error)`` is :meth:`format`.
    """

    def __init__(self, message: str, location: Location | None = None, hint: str = ""):
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        """``file:line:col: message``, the source line with a caret under the column, the hint."""
        parts = []
        head = f"{self.location}: {self.message}" if self.location else self.message
        parts.append(head)
        if self.location and self.location.excerpt():
            parts.append(self.location.excerpt())
        if self.hint:
            parts.append(f"  hint: {self.hint}")
        return "\n".join(parts)

    def one_line(self) -> str:
        """The message on one line: ``file:line:col: message (hint)``."""
        head = f"{self.location}: {self.message}" if self.location else self.message
        return f"{head} ({self.hint})" if self.hint else head


class SourceUnavailableError(TranspileError):
    """The function's Python source cannot be found (builtin, lambda in a REPL, exec'd code)."""


class SourceChangedError(SourceUnavailableError):
    """A function's source file changed since it was imported: the lines it was compiled from are
    gone, and what stands there now is not the function that runs."""


class UnsupportedSyntaxError(TranspileError):
    """The function uses a Python construct the compiler does not handle."""


class UnknownFunctionError(TranspileError):
    """A call to a function with neither a derivative rule nor transformable source."""


class NonDifferentiableError(TranspileError):
    """A derivative was requested through an operation that has none."""


class OutputTypeError(NonDifferentiableError, TypeError):
    """A derivative of a function whose output is a bool or an integer (``x > 0``,
    ``int(...)``, ``np.argmax(x)``): it has none (as in JAX and autograd, a TypeError too)."""


class RunTimeRefusal(NonDifferentiableError, NotImplementedError):
    """A derivative a rule cannot give at the values of this call (complex eigenvalues, the
    complete QR of a tall matrix ...), found when the generated code runs. ``calls``: the
    functions it concerns, as module paths (``"numpy.linalg.eig"``, ``"numpy.linalg.eigvals"``);
    the api points the error at the user's first call of one
    (api/located.py). A NotImplementedError too, as such refusals were before."""

    def __init__(self, message: str, calls: tuple[str, ...] = (), hint: str = "",
                 location: Location | None = None):
        self.calls = tuple(calls)
        super().__init__(message, location, hint)


class UnpackingError(TranspileError, ValueError):
    """``a, b = t`` where ``t`` is known while compiling to hold another number of values (the
    ValueError Python raises, located)."""


class OutputShapeError(TranspileError, ValueError):
    """``grad`` was asked for the gradient of a non-scalar output."""
