"""What checking one fuzz program found (:class:`Outcome`), the statuses that count as a
failure, and the tolerances a program's derivatives are held to."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..finite_differences import GradCheckReport
from .program import Program

RTOL, ATOL = 1e-5, 1e-7
FAILURES = ("mismatch", "crash", "forward", "cross", "roundtrip", "invalid")


@dataclass
class Outcome:
    """What checking one program found; :meth:`describe` prints it with how to reproduce it."""

    seed: int
    status: str    # "ok", "refused", "mismatch", "crash", "forward", "cross", "roundtrip",
    #                "known", "inconclusive" or "invalid"
    program: Program
    inputs: list | None = None
    report: GradCheckReport | None = None
    error: str = ""
    known: str = ""               # the KNOWN_BUGS entry a "known" outcome belongs to

    def describe(self) -> str:
        label = f"KNOWN BUG {self.known}" if self.known else self.status.upper()
        flag = {"forward": " --forward", "roundtrip": " --roundtrip"}.get(self.status, "")
        if self.program.cls:
            label += f" [class {self.program.cls}]"
            flag += f" --features {self.program.cls}"
        lines = [f"--- seed {self.seed}: {label} "
                 f"(reproduce: python -m transpiler.check.fuzz --show {self.seed}{flag})",
                 self.program.source.rstrip()]
        if self.inputs is not None:
            shown = ", ".join(f"{p}={_fmt(v)}" for p, v in zip(self.program.params, self.inputs))
            lines.append(f"inputs: {shown}")
        if self.report is not None:
            lines.append(str(self.report))
        if self.error:
            lines.append(self.error.rstrip())
        return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, np.ndarray):
        return "np." + repr(value).replace("\n", "").replace("       ", " ")
    return repr(value)

