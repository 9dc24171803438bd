"""Run-time refusals pointed at the user's line.

A rule that cannot give a derivative at the values of a call (``np.linalg.eig`` with complex
eigenvalues, the complete QR of a tall matrix, ``scipy.linalg.sqrtm`` with a complex root)
finds out only when the generated code runs: its helper raises a ``RunTimeRefusal`` naming the
functions concerned (primitives/runtime.py ``refuse_at_run_time``). The api calls of generated
code hand it here, and it is located at the user's first call of one of them in the lowered
function (helpers of the user's inlined too): the IR keeps each statement's place in the user's
source. A function composed of others (``np.linalg.eigvals`` of ``eig``,
``scipy.linalg.circulant``) is inlined from the library's own source, so where its statements
are not the user's the error points at the user's statement that spells the call, or failing
that (composed under a name the refusal does not know) at the user's function.
"""
from __future__ import annotations

import linecache
import os
import re
from typing import Any, Callable

from .. import ir
from ..driver import pipeline
from ..errors import Location, RunTimeRefusal

_LIBRARY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))     # transpiler/


def located(refusal: RunTimeRefusal, original: Callable[..., Any]) -> RunTimeRefusal:
    """``refusal`` pointed at the user's first call in ``original`` of a function it names
    (unchanged where it has a place already, or no call is found)."""
    if refusal.location is not None:
        return refusal
    where = _first_call(original, refusal.calls)
    if where is None:
        return refusal
    return RunTimeRefusal(refusal.message, refusal.calls, refusal.hint, where).with_traceback(refusal.__traceback__)


def _first_call(original: Callable[..., Any], calls: tuple[str, ...]) -> Location | None:
    """The user's first call of one of ``calls``; failing that (a function composed of them under
    another name), the user's function itself: its ``def`` line."""
    try:
        fn = pipeline.lowered(original)
    except Exception:           # (lowered before the code ran; a failure now has nothing to add)
        return None
    statements = [s for s in ir.walk(fn.body) if isinstance(s, ir.Assign) and s.location is not None
                  and not os.path.abspath(s.location.filename).startswith(_LIBRARY + os.sep)]
    spellings = {"np." + c[len("numpy."):] if c.startswith("numpy.") else c for c in calls}   # (as the IR prints)
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
    line = linecache.getline(code.co_filename, code.co_firstlineno)
    return Location(code.co_filename, code.co_firstlineno, len(line) - len(line.lstrip()), line)
