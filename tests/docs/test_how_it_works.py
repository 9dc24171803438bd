"""docs/how-it-works.md names every stage the driver runs and every package of the layout, so
that a pass or a package added later cannot go undocumented (its listings are replayed by
test_getting_started.py)."""
from __future__ import annotations

import re
from pathlib import Path

from transpiler.backends import BACKENDS
from transpiler.opt.passes import IR_FORWARD, IR_REVERSE

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "how-it-works.md").read_text(encoding="utf-8")


def table_rows(heading: str, column: int = 0) -> list[str]:
    """The cell in ``column`` of each row of the table under ``heading``."""
    section = DOC.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [line.split("|")[column + 1].strip() for line in section.splitlines()
            if line.startswith("|") and not set(line) <= set("|- ")][1:]


def test_the_pipeline_table_has_a_row_for_every_stage_and_pass():
    rows = table_rows("The pipeline")
    stages = ["lower", "specialize", "loop_invariants", "repeated_primal_values", "ad", *(p.name for p in IR_REVERSE + IR_FORWARD),
              *(p.name for b in BACKENDS.values() for p in b.passes)]
    missing = [s for s in dict.fromkeys(stages) if f"`{s}`" not in rows]
    assert not missing, f"docs/how-it-works.md, The pipeline: no row for {missing}"


def test_the_layout_table_names_every_package():
    named = set(re.findall(r"`(\w+)/?`", " ".join(table_rows("The layout", column=1))))
    packages = {p.name for p in (ROOT / "transpiler").iterdir()
                if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in (ROOT / "transpiler").glob("*.py") if not p.stem.startswith("_")}
    missing = sorted((packages | modules) - named)
    assert not missing, f"docs/how-it-works.md, The layout: no row names {missing}"
