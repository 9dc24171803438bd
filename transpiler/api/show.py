"""``transpiler.show(f)``: a function's SSA, its generated derivative code and (with
``graph=True``) its dataflow graph, side by side in a notebook, one after another in a terminal.

``show`` returns a :class:`Shown`. Jupyter displays its ``_repr_html_``: the panels side by side
(they wrap on a narrow page), code highlighted, the graph drawn as an inline SVG (no Graphviz
needed). Anywhere else it is text: ``print(transpiler.show(f))`` in a script, or the value echoed
at a Python prompt, gives titled sections, the graph as Graphviz DOT (what ``transpiler graph``
prints; render it with ``dot -Tsvg``)."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..driver import pipeline
from ..ir.nodes import Assign, Copy, Function, Var, walk
from .arguments import Wrt, function_of
from .gradient import Gradient
from .rendering import Source, code_html
from .sources import tangent_source

MODES = ("reverse", "forward")


@dataclass(frozen=True)
class Shown:
    """What :func:`show` shows: ``ssa`` (the function's SSA, as ``transpiler grad --ssa`` prints
    it), ``code`` (the derivative's generated module) and ``dot`` (its dataflow graph, Graphviz
    DOT, or None), each titled."""

    name: str
    ssa: str
    code_title: str
    code: str
    dot: str | None
    svg: str | None

    def panels(self) -> list[tuple[str, str]]:
        """(title, text) of each panel, in order."""
        shown = [(f"SSA of {self.name}", self.ssa), (self.code_title, self.code)]
        if self.dot is not None:
            shown.append((f"dataflow graph of {self.name} (Graphviz DOT)", self.dot))
        return shown

    def __str__(self) -> str:
        return "\n".join(f"== {title} ==\n{text.rstrip()}\n" for title, text in self.panels())

    __repr__ = __str__

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self).rstrip("\n"))

    def _repr_html_(self) -> str:
        cells = [(f"SSA of {self.name}", code_html(self.ssa)), (self.code_title, code_html(self.code))]
        if self.svg is not None:
            cells.append((f"dataflow graph of {self.name}", self.svg))
        panels = "".join(
            f'<div style="flex: 1 1 0; min-width: 24em; overflow-x: auto">'
            f'<div style="font-family: monospace; font-weight: bold">{html.escape(title)}</div>{body}</div>'
            for title, body in cells)
        return f'<div style="display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start">{panels}</div>'


def show(f: Callable[..., Any], wrt: Wrt = 0, *, args: Sequence[Any] | None = None, mode: str = "reverse",
         graph: bool = False) -> Shown:
    """``f``'s SSA next to the code of its derivative with respect to ``wrt``: reverse mode's
    gradient (``grad(f, wrt).source()``) or, with ``mode="forward"``, the JVP code
    (``tangent_source``); with ``args`` (example arguments, a tuple), the code a call with them
    runs, specialised to their shapes. ``graph=True`` adds the SSA's dataflow graph. Displays
    as HTML in a notebook and as text elsewhere (``print(show(f))``)."""
    if mode not in MODES:
        raise ValueError(f"mode must be 'reverse' or 'forward', not {mode!r}")
    original, _ = function_of(f)
    lowered = pipeline.lowered(original)
    at = "" if args is None else " for these arguments"
    if mode == "reverse":
        gradient = Gradient(f, wrt, returns_value=False)
        code = gradient.source(args=args)
        title = f"reverse-mode gradient of {original.__name__}{at}"
    else:
        code = tangent_source(f, wrt, args=args)
        title = f"forward-mode (JVP) code of {original.__name__}{at}"
    dot = svg = None
    if graph:
        from ..cli import graph_dot      # (the DOT `transpiler graph` prints)
        dot, svg = graph_dot(lowered), dataflow_svg(lowered)
    return Shown(original.__name__, Source(lowered.listing()), title, code, dot, svg)


# --------------------------------------------------------------------------- the graph as SVG
_CHAR, _HEIGHT, _ROW, _GAP, _LABEL = 7, 22, 34, 40, 36


def dataflow_svg(fn: Function) -> str:
    """The SSA's dataflow graph, drawn left to right: inputs in the first column, each statement
    in the column one past its deepest input, an arrow from each value to each statement that
    reads it; the result has a double border. Labels longer than a box are cut (the full
    statement is the node's tooltip)."""
    nodes, edges = _dataflow(fn)
    depth: dict[str, int] = {}
    for name, _, sources in nodes:
        depth[name] = 1 + max((depth.get(s, 0) for s in sources), default=-1)
    columns: dict[int, list[str]] = {}
    for name, _, _ in nodes:
        columns.setdefault(depth[name], []).append(name)
    labels = {name: label for name, label, _ in nodes}
    width = {d: _CHAR * max(len(_short(labels[n])) for n in names) + 12 for d, names in columns.items()}
    x, left = {}, 4
    for d in sorted(columns):
        x[d], left = left, left + width[d] + _GAP
    place = {n: (x[d], 4 + k * _ROW, width[d]) for d, names in columns.items() for k, n in enumerate(names)}
    parts = ['<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" markerHeight="6" '
             'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#666"/></marker></defs>']
    for source, target in edges:
        (x0, y0, w0), (x1, y1, _) = place[source], place[target]
        parts.append(f'<line x1="{x0 + w0}" y1="{y0 + _HEIGHT / 2}" x2="{x1}" y2="{y1 + _HEIGHT / 2}" '
                     'stroke="#999" marker-end="url(#arrow)"/>')
    for name, label, _ in nodes:
        bx, by, bw = place[name]
        border = 3 if name == str(fn.result) else 1
        parts.append(f'<g><title>{html.escape(label)}</title><rect x="{bx}" y="{by}" width="{bw}" height="{_HEIGHT}" '
                     f'rx="4" fill="#f4f6fb" stroke="#4a6fa5" stroke-width="{border}"/>'
                     f'<text x="{bx + 6}" y="{by + 15}" font-family="monospace" font-size="12">'
                     f'{html.escape(_short(label))}</text></g>')
    total_width = left - _GAP + 8
    total_height = 8 + _ROW * max(len(names) for names in columns.values())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_width}" height="{total_height}">'
            + "".join(parts) + "</svg>")


def _short(label: str) -> str:
    return label if len(label) <= _LABEL else label[:_LABEL - 1] + "…"


def _dataflow(fn: Function) -> tuple[list[tuple[str, str, list[str]]], list[tuple[str, str]]]:
    """(name, label, names read) per node in SSA order (parameters and free names first), and
    the (source, target) edges between them."""
    inputs = [str(p) for p in fn.params] + [str(v) for v in fn.free.values()]
    nodes: list[tuple[str, str, list[str]]] = [(name, name, []) for name in inputs]
    for stmt in walk(fn.body):
        if isinstance(stmt, Assign):
            nodes.append((str(stmt.target), str(stmt), [str(a) for a in stmt.uses()]))
        elif isinstance(stmt, Copy):
            nodes.append((str(stmt.target), str(stmt), [str(a) for a in [stmt.source] if isinstance(a, Var)]))
    merged: dict[str, tuple[str, list[str]]] = {}
    for name, label, sources in nodes:       # a value an `if` merges is copied in each branch
        if name in merged:
            sources = merged[name][1] + sources
            label = f"{name} = one of {', '.join(dict.fromkeys(sources))}"
        merged[name] = (label, sources)
    nodes = [(name, label, list(dict.fromkeys(s for s in sources if s in merged)))
             for name, (label, sources) in merged.items()]
    return nodes, [(s, name) for name, _, sources in nodes for s in sources]
