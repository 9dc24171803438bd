"""Run-time refusals pointed at the user's line.

A rule that cannot give a derivative at the values of a call (``np.linalg.eig`` with complex
eigenvalues, the complete QR of a tall matrix, ``scipy.linalg.sqrtm`` with a complex root)
finds out only when the generated code runs: its helper raises a ``RunTimeRefusal`` naming the
functions concerned (primitives/runtime.py ``refuse_at_run_time``). The api calls of generated
code hand it here, and it is located at the user's call whose derivative refused: the traceback
names the generated statement that raised, whose reads lead back to the generated call of one
of them (``_t11 = np.linalg.eig(B)``), the lowered function's statement binding that name
(helpers of the user's inlined too): the IR keeps each statement's place in the user's source.
Where that trail is lost, the user's first call of one of them. A function composed of others (``np.linalg.eigvals`` of ``eig``,
``scipy.linalg.circulant``) is inlined from the library's own source, so where its statements
are not the user's the error points at the user's statement that spells the call, or failing
that at the line of the user's function spelling it (``y.tolist()``, all of it library code)
or of a helper of the user's inlined into it (``lam, vecs = scipy.linalg.eig(A)``), or failing that (composed under a name the refusal does not know) at the user's function.
"""
from __future__ import annotations

import ast
import inspect
import linecache
import os
import re
from typing import Any, Callable

from .. import ir
from ..driver import pipeline
from ..errors import Location, RunTimeRefusal

_LIBRARY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))     # transpiler/


def located(refusal: RunTimeRefusal, original: Callable[..., Any]) -> RunTimeRefusal:
    """``refusal`` pointed at the user's call in ``original`` of a function it names whose
    derivative raised it, or else the first such call (unchanged where it has a place already,
    or no call is found)."""
    if refusal.location is not None:
        return refusal
    where = _refused_call(refusal, original) or _first_call(original, refusal.calls)
    if where is None:
        return refusal
    return RunTimeRefusal(refusal.message, refusal.calls, refusal.hint, where).with_traceback(refusal.__traceback__)


def _refused_call(refusal: RunTimeRefusal, original: Callable[..., Any]) -> Location | None:
    """The user's call of one of ``refusal.calls`` whose derivative raised it: the generated call of
    that function nearest (in reads) to the generated statement that raised, matched by the name
    it binds to the lowered function's statement (None where no such trail is found)."""
    found = _generated_statement(refusal.__traceback__)
    if found is None or not refusal.calls:
        return None
    function, statement = found
    spellings = _spellings(refusal.calls)
    definitions: dict[str, list[ast.stmt]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        definitions.setdefault(name.id, []).append(node)
    seen, pending = set(), [statement]
    while pending:          # breadth first: the call nearest the failing statement
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ast.Assign) and any(isinstance(n, ast.Call) and _dotted(n.func) in spellings
                                                   for n in ast.walk(current.value)):
            return _lowered_binding(original, spellings, current)
        reads = [n.id for n in ast.walk(current.value if isinstance(current, ast.Assign) else current)
                 if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
        pending += [d for name in dict.fromkeys(reads) for d in definitions.get(name, [])]
    return None


def _generated_statement(traceback: Any) -> tuple[ast.FunctionDef, ast.stmt] | None:
    """The generated function and its simple statement the traceback passes through (the
    outermost frame in transpiler-generated code: the helpers it calls are deeper)."""
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_filename.startswith("<transpiler ") and "fast call" not in code.co_filename:
            break
        traceback = traceback.tb_next
    if traceback is None:
        return None
    try:
        module = ast.parse("".join(linecache.getlines(code.co_filename)))
    except SyntaxError:
        return None
    line = traceback.tb_lineno
    for function in ast.walk(module):
        if isinstance(function, ast.FunctionDef) and function.name == code.co_name:
            inside = [s for s in ast.walk(function) if isinstance(s, ast.stmt) and not hasattr(s, "body")
                      and s.lineno <= line <= (s.end_lineno or s.lineno)]
            return (function, inside[-1]) if inside else None
    return None


def _lowered_binding(original: Callable[..., Any], spellings: set[str], generated: ast.Assign) -> Location | None:
    """The place of the lowered function's call of ``spellings`` binding a name ``generated`` binds."""
    names = {n.id for t in generated.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    try:
        fn = pipeline.lowered(original)
    except Exception:           # (lowered before the code ran; a failure now has nothing to add)
        return None
    for stmt in ir.walk(fn.body):
        if isinstance(stmt, ir.Assign) and stmt.prim.name in spellings and stmt.target.name in names \
                and stmt.location is not None:     # (a library's composition inlined: its caller's line, below)
            return None if _in_library(stmt.location) else stmt.location
    return None


def _in_library(location: Location) -> bool:
    return os.path.abspath(location.filename).startswith(_LIBRARY + os.sep)


def _dotted(node: ast.expr) -> str:
    """``np.linalg.eig`` for that attribute chain ("" for another expression)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else ""


def _spellings(calls: tuple[str, ...]) -> set[str]:
    """How the IR (and the generated code) spells each module path: ``np.linalg.eig``."""
    return {"np." + c[len("numpy."):] if c.startswith("numpy.") else c for c in calls}


def _first_call(original: Callable[..., Any], calls: tuple[str, ...]) -> Location | None:
    """The user's first call of one of ``calls``; failing that (a function composed of them under
    another name), the user's function itself: its ``def`` line."""
    try:
        fn = pipeline.lowered(original)
    except Exception:           # (lowered before the code ran; a failure now has nothing to add)
        return None
    statements = [s for s in ir.walk(fn.body) if isinstance(s, ir.Assign) and s.location is not None
                  and not _in_library(s.location)]
    spellings = _spellings(calls)
    for stmt in statements:                          # the call itself, lowered as the user wrote it
        if stmt.prim.name in spellings:
            found: Location = stmt.location
            return found
    if not calls:
        return None
    names = [re.escape(c.rsplit(".", 1)[-1]) for c in calls]
    spelled = re.compile(rf"\b(?:\w+\.)*(?:{'|'.join(names)})\s*\(")
    for stmt in statements:                          # a composition's: the user's line spelling it
        line = stmt.location.source_line or ""
        match = spelled.search(line)
        if match is not None:
            return Location(stmt.location.filename, stmt.location.line, match.start(), line)
    code = getattr(original, "__code__", None)
    if code is None:
        return None
    in_source = _spelled_in_source(code, spelled) or _spelled_in_helpers(statements, spelled)
    if in_source is not None:
        return in_source
    line = linecache.getline(code.co_filename, code.co_firstlineno)
    return Location(code.co_filename, code.co_firstlineno, len(line) - len(line.lstrip()), line)


def _spelled_in_source(code: Any, spelled: re.Pattern[str]) -> Location | None:
    """The first line of the function ``code`` is that spells the call (``rows = y.tolist()``,
    where the composition inlined for it left no statement of the user's line: ``tolist`` is
    all library code, bound to ``rows`` with no statement of its own), at the call's name."""
    try:
        lines, first = inspect.getsourcelines(code)
    except (OSError, TypeError):
        return None
    return _first_spelling(code.co_filename, range(first, first + len(lines)), spelled)


def _spelled_in_helpers(statements: list[ir.Assign], spelled: re.Pattern[str]) -> Location | None:
    """The first line spelling the call in a user's helper inlined into the function (``lam, vecs =
    scipy.linalg.eig(A)`` in ``modal_properties``, called by the function differentiated): the
    functions enclosing the user's statements, searched in the order their statements come."""
    searched: set[tuple[str, int]] = set()
    for stmt in statements:
        enclosing = _enclosing_function(stmt.location)
        if enclosing is None or (stmt.location.filename, enclosing.lineno) in searched:
            continue
        searched.add((stmt.location.filename, enclosing.lineno))
        found = _first_spelling(stmt.location.filename,
                                range(enclosing.lineno, (enclosing.end_lineno or enclosing.lineno) + 1), spelled)
        if found is not None:
            return found
    return None


def _first_spelling(filename: str, numbers: range, spelled: re.Pattern[str]) -> Location | None:
    """The first of the lines ``numbers`` of ``filename`` that spells the call (not a comment), at
    the call's name."""
    for number in numbers:
        line = linecache.getline(filename, number)
        match = spelled.search(line)
        if match is not None and not line.lstrip().startswith("#"):
            return Location(filename, number, match.start(), line)
    return None


def _enclosing_function(location: Location) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The innermost function definition of the user's file holding ``location``'s line."""
    try:
        module = ast.parse("".join(linecache.getlines(location.filename)))
    except (SyntaxError, ValueError):
        return None
    around = [node for node in ast.walk(module) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
              and node.lineno <= location.line <= (node.end_lineno or node.lineno)]
    return max(around, key=lambda node: node.lineno, default=None)
