"""Replays a Markdown page of the docs (README.md and docs/*.md) as a reader would follow it.

A page is read as a sequence of fenced blocks (indented ones, inside list items, included) and
replayed in a fresh temporary directory that holds a copy of the repository's ``examples/``
(the docs' commands run from the root of a clone):

* a block preceded by ``<!-- fragment: WHY -->`` is not run (a fragment, code of another
  library, a command that takes minutes); WHY is required;
* a ```` ```python ```` block preceded by ``<!-- file: NAME -->`` is written to ``NAME``;
* a block preceded by ``<!-- excerpt: PATH -->`` must appear verbatim in the repository's PATH;
* every other ```` ```python ```` block runs, in order, in one Python process and one namespace
  per page (a later block uses what an earlier one defined, as in a notebook or a pasted
  session; each block is compiled from its own file so that its functions have a source);
* in a ```` ```bash ```` block, each ``transpiler ...`` command runs as ``python -m transpiler
  ...`` (a trailing ``> FILE`` redirects its output) and each ``python ...`` command runs with
  this interpreter; commands may be chained with ``&&``; other commands (``pip install``,
  ``cd``) are set-up a test cannot repeat and are skipped;
* a ```` ```text ```` block right after a block that ran is that block's expected output
  (stdout, then stderr, with the temporary directory's path removed so that paths read as they
  would in the reader's own directory): text must match exactly, numbers to a relative 1e-9.
  A command shown with a ``transpiler: error:`` output must exit with status 2, every other
  one (and every block without a shown output) with status 0.

``TRANSPILER_UPDATE_DOCS=1 python -m pytest tests/docs`` pastes the actual output into a page
whose shown output differs (for a change of output made on purpose).
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("docs_block_runner.py")
# every page whose code a reader may run: README.md and docs/*.md (primitives.md is generated
# and holds no code blocks)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^([ \t]*)```(\w*)[^\n]*\n(.*?)^\1```[ \t]*$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!--\s*(file|excerpt|fragment):\s*(\S.*?)\s*-->\s*$")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
SHELLS = ("bash", "sh", "shell", "console")
LANGUAGES = ("python", "py", "text", *SHELLS)


@dataclass
class Block:
    lang: str
    text: str
    line: int               # 1-based line of the opening fence in the page
    file: str | None        # from a preceding <!-- file: NAME --> marker
    excerpt: str | None     # from a preceding <!-- excerpt: PATH --> marker
    fragment: str | None    # from a preceding <!-- fragment: WHY --> marker
    indent: str = ""        # of the fence (a block inside a list item): ``text`` is dedented


def blocks(markdown: str) -> list[Block]:
    found = []
    for match in FENCE.finditer(markdown):
        before = markdown[:match.start()].rstrip("\n").splitlines()
        marker = MARKER.search(before[-1]) if before else None
        kind, value = marker.groups() if marker else (None, None)
        indent, lang, body = match.groups()
        text = textwrap.dedent(body) if indent else body
        found.append(Block(lang, text, markdown.count("\n", 0, match.start()) + 1,
                           value if kind == "file" else None, value if kind == "excerpt" else None,
                           value if kind == "fragment" else None, indent))
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


class Session:
    """One Python process per page, running its blocks in one namespace (docs_block_runner.py)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.process = subprocess.Popen([sys.executable, str(RUNNER)], cwd=workdir, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)

    def run(self, block: Block, index: int) -> Ran:
        script = self.workdir / f"_docs_block_{index}.py"
        script.write_text(block.text, encoding="utf-8")
        self.process.stdin.write(script.name + "\n")
        self.process.stdin.flush()
        reply = self.process.stdout.readline()
        if not reply:
            raise AssertionError(f"the Python session died running the block at line {block.line}")
        result = json.loads(reply)
        return Ran(f"python block at line {block.line}", result["status"],
                   relative(result["output"], self.workdir))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def run_shell_block(block: Block, workdir: Path) -> list[Ran]:
    ran = []
    for line in block.text.splitlines():
        for command in _commands(line):
            ran.extend(_run_command(command, line, block, workdir))
    return ran


def _commands(line: str) -> list[list[str]]:
    words = shlex.split(line, comments=True)
    commands, current = [], []
    for word in words:
        if word == "&&":
            commands.append(current)
            current = []
        else:
            current.append(word)
    return [c for c in commands + [current] if c and c[0] in ("transpiler", "python")]


def _run_command(words: list[str], line: str, block: Block, workdir: Path) -> list[Ran]:
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
    return [Ran(f"`{line.strip()}` (line {block.line})", proc.returncode, relative(output, workdir))]


def refresh(page: Path, block: Block, output: str) -> None:
    """Replace a pasted output block with what the code prints now."""
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[:max(block.line - 2, 0)])
    shown, output = (textwrap.indent(t, block.indent) for t in (block.text, output))
    where = text.index(shown, start)
    page.write_text(text[:where] + output + text[where + len(shown):], encoding="utf-8")


def replay(page: Path, workdir: Path) -> None:
    """Run every block of ``page`` in ``workdir`` as the module docstring says; raise an
    AssertionError naming the page and line of the first block that does not run as written."""
    shutil.copytree(ROOT / "examples", workdir / "examples")
    name = str(page.relative_to(ROOT)) if page.is_relative_to(ROOT) else page.name
    found = blocks(page.read_text(encoding="utf-8"))
    session = None
    last: list[Ran] = []
    try:
        for index, block in enumerate(found):
            assert block.lang in LANGUAGES or block.fragment, (
                f"{name} line {block.line}: a code block needs a language ({', '.join(LANGUAGES)}) "
                "or a <!-- fragment: WHY --> marker")
            if block.fragment:
                last = []
                continue
            if block.excerpt:
                assert block.text in (ROOT / block.excerpt).read_text(encoding="utf-8"), (
                    f"{name} line {block.line}: this excerpt no longer appears in {block.excerpt}")
                last = []
            elif block.lang in ("python", "py") and block.file:
                (workdir / block.file).write_text(block.text, encoding="utf-8")
                last = []
            elif block.lang in ("python", "py"):
                session = session or Session(workdir)
                last = [session.run(block, index)]
            elif block.lang in SHELLS:
                last = run_shell_block(block, workdir)
            elif block.lang == "text" and last:
                _compare(page, name, block, last)
                last = []
                continue
            else:
                last = []
            for r in last:
                if r.status != 0 and not _followed_by_error_output(found, index):
                    raise AssertionError(f"{name}: {r.what} failed (exit status {r.status}):\n{r.output}")
    finally:
        if session is not None:
            session.close()


def _compare(page: Path, name: str, block: Block, last: list[Ran]) -> None:
    got = "".join(r.output for r in last)
    if os.environ.get("TRANSPILER_UPDATE_DOCS") and not same_output(got, block.text):
        refresh(page, block, got)     # regenerate pasted output on purpose
        return
    assert same_output(got, block.text), (
        f"{name} line {block.line}: the output shown differs from what "
        f"{', '.join(r.what for r in last)} prints (if the change is intended, paste the "
        f"actual output into the doc):\n--- shown\n{block.text}--- actual\n{got}")
    expected_status = 2 if "transpiler: error:" in block.text else 0
    for r in last:
        assert r.status == expected_status, f"{r.what} exited with {r.status}:\n{r.output}"


def _followed_by_error_output(found: list[Block], index: int) -> bool:
    following = found[index + 1] if index + 1 < len(found) else None
    return following is not None and following.lang == "text" and "transpiler: error:" in following.text
