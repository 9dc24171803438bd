"""A griffe extension for the API reference (mkdocs.yml): the docstrings keep the Sphinx roles
the code base writes (:func:`grad`, :class:`GradCheckReport`, :meth:`Gradient.source`), and the
reference shows each as code, linked to its entry when docs/api.md renders exactly one object of
that name (an unresolved link would fail the strict build; a role left as text would show its
colons)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import griffe

ROLE = re.compile(r":(?:func|class|meth|attr|mod|data|exc):`~?\.?([^`]+)`")
API_PAGE = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def rendered_identifiers(page: Path = API_PAGE) -> list[str]:
    """The objects docs/api.md renders: each ``::: identifier`` and its listed ``members``."""
    identifiers: list[str] = []
    for line in page.read_text().splitlines():
        if line.startswith("::: "):
            identifiers.append(line[4:].strip())
        elif line.strip().startswith("members:") and identifiers:
            owner = identifiers[-1]
            members = line.split(":", 1)[1].strip(" []")
            identifiers += [f"{owner}.{m.strip()}" for m in members.split(",") if m.strip()]
    return identifiers


class SphinxRoles(griffe.Extension):
    """Rewrites ``:role:`target``` in every docstring into Markdown (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.identifiers = rendered_identifiers()

    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(self._markdown, obj.docstring.value)

    def _markdown(self, match: re.Match[str]) -> str:
        target = match.group(1)
        found = [i for i in self.identifiers if i in (target, f"transpiler.{target}")]   # (grad: transpiler.grad)
        found = found or [i for i in self.identifiers if i.endswith("." + target)]
        return f"[`{target}`][{found[0]}]" if len(found) == 1 else f"`{target}`"
