"""The keywords of the iterables a ``for`` loop (or comprehension) walks by index:
``zip(xs, ys, strict=True)`` and ``enumerate(xs, start=1)`` / ``enumerate(xs, 1)``.

``strict=True`` (ruff's B905 asks for it) makes the loop the plain zip's, and the forward sweep
checks, as Python does, that the sequences have one length: an ``assert`` that fails where
Python's ``zip`` raises ``ValueError``. ``start`` offsets the count: the index each iteration
reads is still the position, the counter bound to the loop's name is position + start."""
from __future__ import annotations

import ast

from ..ir import Atom, Const, Effect
from ..primitives import effects


def sequence_arguments(lowering, call: ast.Call, callee) -> list[ast.expr]:
    """The sequences ``zip(...)`` / ``enumerate(...)`` iterate over (other forms refused)."""
    if callee is zip:
        keywords, seqs = [k for k in call.keywords if k.arg != "strict"], call.args
    else:
        keywords, seqs = [k for k in call.keywords if k.arg != "start"], call.args[:1]
        if len(call.args) > 2 or len(call.args) == 2 and len(call.keywords) > len(keywords):
            keywords = call.keywords                                  # (start given twice, or more)
    if keywords or not seqs:
        lowering._unsupported(call, f"this form of `{callee.__name__}(...)`", "pass the sequences positionally")
    return list(seqs)


def enumerate_start(lowering, call: ast.Call) -> Atom:
    """``start`` of ``enumerate(xs, start)``: 0 unless given."""
    given = call.args[1] if len(call.args) == 2 else next((k.value for k in call.keywords if k.arg == "start"), None)
    return Const(0) if given is None else lowering._expr(given)


def counted(lowering, node: ast.AST, index: Atom, start: Atom) -> Atom:
    """The counter ``enumerate`` binds at position ``index``."""
    if isinstance(start, Const) and start.value == 0:
        return index
    return lowering._apply_prim(node, ast.Add, (index, start))


def check_strict_lengths(lowering, call: ast.Call, seqs: list) -> None:
    """For ``zip(..., strict=True)``: check in the forward sweep that ``seqs`` have one length."""
    strict = next((k.value for k in call.keywords if k.arg == "strict"), None)
    if strict is None:
        return
    flag = lowering._expr(strict)
    if not isinstance(flag, Const):
        lowering._unsupported(strict, "`zip(..., strict=...)` with a flag known only at run time",
                              "write strict=True or strict=False")
    if not flag.value or len(seqs) < 2:
        return
    lengths = tuple(lowering._apply_prim(call, len, (seq,)) for seq in seqs)
    same = lowering._apply_prim(call, ast.Eq, (lowering._apply_prim(call, min, lengths),
                                               lowering._apply_prim(call, max, lengths)))
    message = ast.Constant("zip() arguments have different lengths (strict=True)")
    lowering.body.append(Effect(effects.assertion(message), (same,), lowering.parsed.location(call)))
