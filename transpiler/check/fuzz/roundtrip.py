"""``--roundtrip``: a check of the frontend on fuzz programs. Each program is lowered, its IR
printed as Python (backends/python_code.py) and run; its value must be the program's own
(:mod:`transpiler.check.roundtrip`). No derivative is taken, so it is quick, and a difference is a
lowering (or printing) bug that could make a derivative silently wrong."""
from __future__ import annotations

import os
import traceback

from ...errors import TranspileError
from .. import roundtrip
from .outcome import Outcome
from .program import Program, load_module


def roundtrip_program(program: Program, directory: str | os.PathLike) -> Outcome:
    """"ok", "roundtrip" (the printed IR computes another value, or fails where the program
    runs), "refused" (lowering refuses the program with a located error), "crash" (lowering
    fails otherwise) or "invalid" (the program itself fails on its inputs)."""
    try:
        f = getattr(load_module(program.source, directory, f"fuzz_{program.seed}"), program.name)
    except Exception:
        return Outcome(program.seed, "invalid", program, error=traceback.format_exc(limit=2))
    args = program.inputs(0)
    kwargs = program.check.get("kwargs", {})
    try:
        roundtrip.printed(f, tuple(args))
    except TranspileError as exc:
        return Outcome(program.seed, "refused", program, args, error=exc.one_line())
    except Exception:
        return Outcome(program.seed, "crash", program, args, error=traceback.format_exc(limit=-4))
    try:
        found = roundtrip.mismatch(f, tuple(args), kwargs, rtol=1e-9, atol=1e-12)
    except TranspileError as exc:       # refused at call time (arguments that alias)
        return Outcome(program.seed, "refused", program, args, error=exc.one_line())
    except Exception:            # the program itself fails on these inputs
        return Outcome(program.seed, "invalid", program, args, error=traceback.format_exc(limit=3))
    if found:
        return Outcome(program.seed, "roundtrip", program, args, error=found)
    return Outcome(program.seed, "ok", program, args)
