"""Every code block of README.md and docs/*.md runs as written (or is marked a fragment), and
every link between the pages lands on a page and a heading or anchor that exists."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from docs_replay import PAGES, ROOT, replay


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_runs_as_written(page: Path, tmp_path):
    replay(page, tmp_path)


def test_every_fragment_marker_says_why():
    for page in PAGES:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if "<!-- fragment" in line:
                assert re.search(r"<!-- fragment: \S.*-->", line), (
                    f"{page.name}:{number}: write why the block is not run: <!-- fragment: WHY -->")


LINK = re.compile(r"\]\(([^()\s]+)\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*]|<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)      # a link keeps its text
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)   # no headings in code
    found, seen = set(ANCHOR.findall(text)), {}
    for heading in HEADING.findall(text):
        base = slug(heading)
        found.add(base if base not in seen else f"{base}-{seen[base]}")
        seen[base] = seen.get(base, 0) + 1
    return found


def test_every_link_between_pages_resolves():
    broken = []
    for page in PAGES:
        text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
        text = re.sub(r"(`+).*?\1", "", text)        # code spans: `fs[1](x)` is no link
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):       # http:, https:, mailto:
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.relative_to(ROOT)}: ({target}): no file {path}")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{page.relative_to(ROOT)}: ({target}): no heading or anchor "
                              f"#{anchor} in {linked.relative_to(ROOT)}")
    assert not broken, "\n".join(broken)


def test_slug_is_githubs():
    assert slug("7. `break`, `continue` and early `return`: flags") == "7-break-continue-and-early-return-flags"
    assert slug("Functions as values, closures and methods") == "functions-as-values-closures-and-methods"


def test_a_pages_blocks_share_one_namespace_and_a_failing_block_is_named(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\nimport numpy as np\nx = np.ones(2)\n```\n\n"
                    "```python\nprint(x.sum())\n```\n\n```text\n2.0\n```\n\n"
                    "```python\nprint(undefined_name)\n```\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(AssertionError, match=r"python block at line 14 failed(.|\n)*NameError"):
        replay(page, work)


def test_an_indented_block_is_run_and_its_shown_output_refreshed_in_place(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("* a list item:\n\n  ```python\n  print(1 + 1)\n  ```\n\n  ```text\n  3\n  ```\n",
                    encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(AssertionError, match="the output shown differs"):
        replay(page, work)
    monkeypatch.setenv("TRANSPILER_UPDATE_DOCS", "1")
    replay(page, tmp_path / "again")
    assert page.read_text(encoding="utf-8").endswith("  ```text\n  2\n  ```\n")
