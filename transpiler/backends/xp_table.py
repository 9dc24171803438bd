"""Which NumPy primitives the array-API backend runs on any array-API library, and which need a
function outside the standard (run as the library's own function of that name where it has one:
NumPy, CuPy and Dask mirror NumPy's names; a located error on a library without it, such as
array-api-strict). Read from the registry: a row's NumPy spellings, the functions its derivative
rules call, and those the runtime helpers they call use (the array-API helpers where xp_runtime.py
has one).

    python -m transpiler.backends.xp_table      # the table docs/beyond-numpy.md includes

``tests/backends/test_xp_table.py`` fails when the table in docs/beyond-numpy.md differs."""
from __future__ import annotations

import inspect
import re
import sys

from ..primitives import runtime
from ..primitives.table import rows_by_family
from .xp_code import HELPED, is_standard
from .xp_runtime import XP_HELPERS

BEGIN = "<!-- begin: python -m transpiler.backends.xp_table -->"
END = "<!-- end: python -m transpiler.backends.xp_table -->"
def _numpy_names(text: str) -> set[str]:
    return {m.rstrip(".") for m in re.findall(r"(?<![\w`])np\.([\w.]+)", text)}


def _helper_names(text: str) -> set[str]:
    return {name for name in re.findall(r"\b(\w+)\(", text) if name in runtime.HELPERS}


def _outside(paths: set[str]) -> set[str]:
    return {p for p in paths if not is_standard(p) and p not in HELPED and p != "newaxis"}


def needs(texts: list[str]) -> set[str]:
    """The NumPy functions outside the standard that code with these ``texts`` calls, directly
    or through runtime helpers (all the way down; xp_runtime.py's array-API helpers use only the
    standard)."""
    found = set()
    seen, pending = set(), set().union(*map(_helper_names, texts)) if texts else set()
    for text in texts:
        found |= _outside(_numpy_names(text))
    while pending:
        name = pending.pop()
        seen.add(name)
        if name in XP_HELPERS:
            continue
        source = inspect.getsource(runtime.HELPERS[name])
        found |= _outside(_numpy_names(source))
        pending |= (_helper_names(source) | set(runtime.DEPENDS.get(name, []))) - seen
    return found


# Spellings whose code uses standard functions only, yet does not run on array-api-strict
# (tests/backends/test_xp_table.py keeps this list honest): spelling -> why.
KNOWN = {
    "np.full_like": "a fill value that is an array (the standard takes a Python number)",
    "np.stack": "one array as the sequence to stack (the standard does not iterate arrays)",
    "np.linalg.qr": "its derivative indexes with NumPy integer conventions",
    "np.linalg.matrix_rank": "an integer result mixed with floats in its code",
    "np.tensordot": "its adjoint passes axes as lists",
}


def rows() -> list[tuple[str, str, set[str]]]:
    """(family, a NumPy spelling, the functions outside the standard its code needs), per
    spelling, in the order of docs/primitives.md."""
    out = []
    for family, family_rows in rows_by_family().items():
        for row in family_rows:
            spellings = [p.name for p in row.prims if isinstance(p.name, str) and p.name.startswith("np.")]
            if not spellings:
                continue
            rules = needs([row.derivative(), row.forward()])
            out += [(family, spelling, _outside({spelling[3:]}) | rules) for spelling in spellings]
    return out


def runs_on_strict(spelling: str, outside: set[str]) -> bool:
    """Standard functions only, and not a known exception."""
    return not outside and spelling not in KNOWN


def render() -> str:
    lines = [BEGIN, "", "| family | NumPy spelling | standard only | needs (the library's own) |", "|---|---|---|---|"]
    table = rows()
    for family, spelling, outside in table:
        verdict = "yes" if runs_on_strict(spelling, outside) else ("no: " + KNOWN[spelling] if spelling in KNOWN else "no")
        names = ", ".join(f"`np.{n}`" for n in sorted(outside)) or "—"
        lines.append(f"| {family} | `{spelling}` | {verdict} | {names} |")
    standard = sum(1 for _, spelling, outside in table if runs_on_strict(spelling, outside))
    lines += ["", f"{standard} of {len(table)} NumPy spellings run on any array-API library.", "", END]
    return "\n".join(lines)


def main() -> int:
    print(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
