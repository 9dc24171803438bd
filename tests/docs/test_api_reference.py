"""The API reference (mkdocs.yml, docs/api.md) builds in strict mode, so a docstring or a guide
page that makes mkdocs warn fails CI, and it has an entry for every name ``transpiler`` exports.
mkdocs and mkdocstrings come with the ``test`` extra (``pip install -e .[test]``)."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

import transpiler

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings_handlers") is None,
    reason="mkdocs and mkdocstrings[python] are not installed (pip install -e .[test] installs them)")


@pytest.fixture(scope="module")
def api_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The API reference's HTML, from a strict build of the whole site."""
    site = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.stdout}\n{build.stderr}"
    return (site / "api" / "index.html").read_text(encoding="utf-8")


def test_the_site_builds_in_strict_mode_with_no_warning(api_page: str) -> None:
    assert "API reference" in api_page


def test_every_exported_name_has_an_entry_in_the_api_reference(api_page: str) -> None:
    entries = {anchor.rsplit(".", 1)[-1] for anchor in re.findall(r'<h3 id="([\w.]+)"', api_page)}
    missing = [name for name in transpiler.__all__ if name not in entries]
    assert not missing, f"docs/api.md: add a `::: transpiler.NAME` entry for each of {missing}"


def test_sphinx_roles_in_docstrings_render_as_code_not_as_text(api_page: str) -> None:
    assert not re.search(r":(func|class|meth|attr):", api_page)
    assert 'href="#transpiler.grad"' in api_page       # (:func:`grad` links to grad's entry)
