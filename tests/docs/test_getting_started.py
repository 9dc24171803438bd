"""docs/getting-started.md, run: the guide cannot rot. docs/how-it-works.md, docs/errors.md and
docs/porting.md, which paste real output too, are replayed the same way.

A guide is read as a sequence of fenced blocks, and replayed in a fresh temporary directory
that holds a copy of the repository's ``examples/`` (the guide's commands run from the root of a
clone):

* a ```` ```python ```` block preceded by ``<!-- file: NAME -->`` is written to ``NAME``;
* a block preceded by ``<!-- excerpt: PATH -->`` must appear verbatim in the repository's PATH;
* any other ```` ```python ```` block is saved as a script and run with this interpreter;
* in a ```` ```bash ```` block, each ``transpiler ...`` line runs as ``python -m transpiler ...``
  (a trailing ``> FILE`` redirects its output) and each ``python FILE`` line runs that file;
  other lines (``pip install``, ``cd``) are set-up a test cannot repeat and are skipped;
* a ```` ```text ```` block right after a block that ran is that block's expected output
  (stdout, then stderr, with the temporary directory's path removed so that paths read as they
  would in the reader's own directory): text must match exactly, numbers to a relative 1e-9.
  A command shown with a ``transpiler: error:`` output must exit with status 2, every other
  one with status 0.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "getting-started.md"
GUIDES = [GUIDE, ROOT / "docs" / "how-it-works.md", ROOT / "docs" / "errors.md", ROOT / "docs" / "porting.md"]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
FILE_MARKER = re.compile(r"<!--\s*(file|excerpt):\s*(\S+)\s*-->\s*$")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


@dataclass
class Block:
    lang: str
    text: str
    line: int            # 1-based line of the opening fence in the guide
    file: str | None     # from a preceding <!-- file: NAME --> marker
    excerpt: str | None  # from a preceding <!-- excerpt: PATH --> marker


def blocks(markdown: str) -> list[Block]:
    found = []
    for match in FENCE.finditer(markdown):
        before = markdown[:match.start()].rstrip("\n").splitlines()
        marker = FILE_MARKER.search(before[-1]) if before else None
        kind, name = marker.groups() if marker else (None, None)
        found.append(Block(match.group(1), match.group(2), markdown.count("\n", 0, match.start()) + 1,
                           name if kind == "file" else None, name if kind == "excerpt" else None))
    return found


NUMPY_SCALAR = re.compile(r"np\.float64\(([^()]*)\)")


def same_output(got: str, expected: str) -> bool:
    """Exact text, numbers compared to a relative 1e-9 (last-digit noise across platforms);
    ``np.float64(x)`` (NumPy 2's repr of a scalar) is read as ``x``, as NumPy 1 prints it."""
    got, expected = NUMPY_SCALAR.sub(r"\1", got), NUMPY_SCALAR.sub(r"\1", expected)
    if NUMBER.sub("#", got).rstrip() != NUMBER.sub("#", expected).rstrip():
        return False
    pairs = zip(NUMBER.findall(got), NUMBER.findall(expected))
    return all(a == b or float(a) == pytest.approx(float(b), rel=1e-9, abs=1e-12) for a, b in pairs)


def relative(output: str, workdir: Path) -> str:
    for root in {str(workdir.resolve()), str(workdir)}:
        output = output.replace(root + os.sep, "")
    return output


@dataclass
class Ran:
    what: str
    status: int
    output: str


def run_python_block(block: Block, workdir: Path, index: int) -> Ran:
    script = workdir / f"_guide_block_{index}.py"
    script.write_text(block.text)
    proc = subprocess.run([sys.executable, script.name], cwd=workdir, capture_output=True,
                          text=True, timeout=300)
    return Ran(f"python block at line {block.line}", proc.returncode,
               relative(proc.stdout + proc.stderr, workdir))


def run_shell_block(block: Block, workdir: Path) -> list[Ran]:
    ran = []
    for line in block.text.splitlines():
        words = shlex.split(line, comments=True)
        if not words or words[0] not in ("transpiler", "python"):
            continue
        target = None
        if ">" in words:
            at = words.index(">")
            words, target = words[:at], words[at + 1]
        argv = [sys.executable, "-m", "transpiler", *words[1:]] if words[0] == "transpiler" \
            else [sys.executable, *words[1:]]
        proc = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=300)
        if target is not None:
            (workdir / target).write_text(proc.stdout)
            output = proc.stderr
        else:
            output = proc.stdout + proc.stderr
        ran.append(Ran(f"`{line.strip()}` (line {block.line})", proc.returncode, relative(output, workdir)))
    return ran


def test_guide_has_runnable_content():
    found = blocks(GUIDE.read_text(encoding="utf-8"))
    assert any(b.lang == "python" and b.file is None for b in found)
    assert any(b.lang == "bash" and "transpiler grad" in b.text for b in found)
    assert any(b.file for b in found)


def refresh(guide: Path, block, output: str) -> None:
    """Replace a pasted output block with what the code prints now
    (``TRANSPILER_UPDATE_DOCS=1 python -m pytest tests/docs``)."""
    text = guide.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[:max(block.line - 2, 0)])
    where = text.index(block.text, start)
    guide.write_text(text[:where] + output + text[where + len(block.text):], encoding="utf-8")


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_runs_as_written(guide: Path, tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    name = f"docs/{guide.name}"
    found = blocks(guide.read_text(encoding="utf-8"))
    last: list[Ran] = []
    for index, block in enumerate(found):
        if block.excerpt:
            assert block.text in (ROOT / block.excerpt).read_text(encoding="utf-8"), (
                f"{name} line {block.line}: this excerpt no longer appears in {block.excerpt}")
            last = []
        elif block.lang == "python" and block.file:
            (tmp_path / block.file).write_text(block.text)
            last = []
        elif block.lang == "python":
            last = [run_python_block(block, tmp_path, index)]
        elif block.lang in ("bash", "sh", "shell", "console"):
            last = run_shell_block(block, tmp_path)
        elif block.lang == "text" and last:
            got = "".join(r.output for r in last)
            if os.environ.get("TRANSPILER_UPDATE_DOCS") and not same_output(got, block.text):
                refresh(guide, block, got)     # regenerate pasted output on purpose
                continue
            assert same_output(got, block.text), (
                f"{name} line {block.line}: the output shown differs from what "
                f"{', '.join(r.what for r in last)} prints (if the change is intended, paste the "
                f"actual output into the doc):\n--- shown\n{block.text}--- actual\n{got}")
            expected_status = 2 if "transpiler: error:" in block.text else 0
            for r in last:
                assert r.status == expected_status, f"{r.what} exited with {r.status}:\n{r.output}"
            last = []
            continue
        else:
            last = []
        for r in last:
            if r.status != 0 and not _followed_by_error_output(found, index):
                raise AssertionError(f"{name}: {r.what} failed "
                                     f"(exit status {r.status}):\n{r.output}")


def _followed_by_error_output(found: list[Block], index: int) -> bool:
    following = found[index + 1] if index + 1 < len(found) else None
    return following is not None and following.lang == "text" and "transpiler: error:" in following.text
