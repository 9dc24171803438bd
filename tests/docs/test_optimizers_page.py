"""docs/optimizers.md, run: each ```python block of the page is a complete script (its asserts
pin the optimum it claims) and runs as written."""
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "optimizers.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", PAGE.read_text(), re.MULTILINE | re.DOTALL)


def test_the_page_has_its_examples():
    assert len(BLOCKS) == 4


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_each_python_block_runs_as_written(index, tmp_path, monkeypatch):
    pytest.importorskip("scipy")
    script = tmp_path / f"block{index}.py"
    script.write_text(BLOCKS[index])
    monkeypatch.chdir(tmp_path)
    code = compile(BLOCKS[index], str(script), "exec")
    exec(code, {"__name__": "__main__", "__file__": str(script)})
