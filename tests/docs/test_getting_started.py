"""docs/getting-started.md keeps what a first session needs: a Python block that runs, the
`transpiler grad` command, and files the guide writes (every page, this one included, is replayed
by test_pages_run.py)."""
from __future__ import annotations

from docs_replay import ROOT, blocks

GUIDE = ROOT / "docs" / "getting-started.md"


def test_guide_has_runnable_content():
    found = blocks(GUIDE.read_text(encoding="utf-8"))
    assert any(b.lang == "python" and b.file is None and b.fragment is None for b in found)
    assert any(b.lang == "bash" and "transpiler grad" in b.text for b in found)
    assert any(b.file for b in found)
