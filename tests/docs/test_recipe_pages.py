"""docs/optimizers.md and docs/notebooks.md, run: each ```python block of these pages is a
complete script (its asserts pin what the page claims) and runs as written."""
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = {"optimizers.md": 5, "notebooks.md": 1}       # page: how many python blocks it has


def python_blocks(page):
    return re.findall(r"^```python\n(.*?)^```", (DOCS / page).read_text(), re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_its_examples(page):
    assert len(python_blocks(page)) == PAGES[page]


@pytest.mark.parametrize("page, index", [(page, i) for page, count in PAGES.items() for i in range(count)])
def test_each_python_block_runs_as_written(page, index, tmp_path, monkeypatch):
    pytest.importorskip("scipy")
    block = python_blocks(page)[index]
    script = tmp_path / f"{Path(page).stem}_{index}.py"
    script.write_text(block)           # (transpiler reads the functions' source from this file)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, str(script), "exec"), {"__name__": "__main__", "__file__": str(script)})
