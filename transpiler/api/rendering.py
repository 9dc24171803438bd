"""Generated code and IR as notebooks show them: :class:`Source`, the text ``Gradient.source()``
and the other source functions return, renders as highlighted code in Jupyter
(``_repr_html_``, ``_repr_markdown_``) and is a plain ``str`` everywhere else.

Highlighting uses pygments when it is installed (imported on first display, never at import
time: it is not a dependency); without it the HTML is the escaped text in a ``<pre>`` block."""
from __future__ import annotations

import html
from typing import Any

_STYLE = "margin: 0; padding: 0.5em; font-size: 12px; line-height: 1.35; overflow-x: auto"


class Source(str):
    """Generated Python code (or an IR listing): a ``str`` in every respect, which a notebook
    displays highlighted instead of as a quoted string."""

    language = "python"

    def _repr_html_(self) -> str:
        return code_html(self, self.language)

    def _repr_markdown_(self) -> str:
        return f"```{self.language}\n{self.rstrip()}\n```\n"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's terminal shows the code as printed, not as a quoted one-line string."""
        printer.text(str(self).rstrip("\n"))


def code_html(text: str, language: str = "python") -> str:
    """``text`` as a highlighted HTML ``<pre>`` block with inline styles (no stylesheet needed):
    pygments' colours when it is installed, else the escaped text."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
    except ImportError:
        return f'<pre style="{_STYLE}"><code>{html.escape(text)}</code></pre>'
    formatter = HtmlFormatter(noclasses=True, nowrap=True, style="default")
    body = highlight(text, get_lexer_by_name(language), formatter)
    return f'<pre style="{_STYLE}"><code>{body}</code></pre>'


def titled_html(title: str, body: str) -> str:
    """A block of output under a one-line title (the derivative it shows)."""
    return f'<div><div style="font-family: monospace; font-weight: bold">{html.escape(title)}</div>{body}</div>'
