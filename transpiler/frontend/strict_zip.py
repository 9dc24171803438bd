"""``zip(xs, ys, strict=True)`` (ruff's B905 asks for it): the loop it drives is the plain zip's,
and the forward sweep checks, as Python does, that the sequences have one length: an
``assert`` that fails where Python's ``zip`` raises ``ValueError``."""
from __future__ import annotations

import ast

from .. import primitives as rules
from ..ir import Const, Effect
from ..primitives import effects


def zip_keywords(call: ast.Call) -> list[ast.keyword]:
    """The keywords of ``zip(...)`` other than ``strict=`` (none is supported)."""
    return [k for k in call.keywords if k.arg != "strict"]


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
