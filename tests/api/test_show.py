"""``transpiler.show(f)``: SSA, derivative code and dataflow graph side by side in a notebook,
titled sections in a terminal."""
import xml.dom.minidom

import numpy as np
import pytest

import transpiler
from transpiler.api import tangent_source
from transpiler.driver import pipeline


def predict(w, x):
    z = np.tanh(x @ w)
    if z.sum() > 0:
        z = z * 2.0
    for _ in range(2):
        z = z * z
    return np.mean(z)


class Scaled:
    def __init__(self, k):
        self.k = k

    def value(self, x):
        return self.k * np.sin(x)


W, X = np.array([0.3, -0.2]), np.array([[1.0, 2.0], [0.5, -1.0]])


def test_show_prints_the_ssa_then_the_gradient_code():
    shown = transpiler.show(predict)
    text = str(shown)
    assert text.startswith("== SSA of predict ==\ndef predict(w, x):\n")
    assert "== reverse-mode gradient of predict ==\n" in text
    assert shown.ssa == pipeline.lowered(predict).listing()
    assert shown.code == transpiler.grad(predict).source()
    assert repr(shown) == text and shown.dot is None and "dataflow" not in text


def test_show_for_a_call_gives_the_code_that_call_runs_in_either_mode():
    reverse = transpiler.show(predict, wrt="w", args=(W, X))
    assert reverse.code == transpiler.grad(predict, wrt="w").source(args=(W, X))
    assert "gradient of predict for these arguments" in str(reverse)
    forward = transpiler.show(predict, wrt=0, args=(W, X), mode="forward")
    assert forward.code == tangent_source(predict, 0, args=(W, X))
    assert "== forward-mode (JVP) code of predict for these arguments ==" in str(forward)


def test_show_takes_closures_lambdas_and_bound_methods():
    k = 3.0
    assert "k" in transpiler.show(lambda x: k * np.sum(x ** 2)).ssa
    shown = transpiler.show(Scaled(2.0).value, args=(0.5,))
    assert "def value(" in shown.ssa and "value" in shown.code
    decorated = transpiler.differentiate(wrt="x")(predict)
    assert transpiler.show(decorated, wrt="x").code == transpiler.grad(predict, wrt="x").source()


def test_show_with_the_graph_adds_dot_text_and_an_svg_in_the_notebook():
    shown = transpiler.show(predict, graph=True)
    assert shown.dot.startswith('digraph "predict" {') and "== dataflow graph of predict (Graphviz DOT) ==" in str(shown)
    page = shown._repr_html_()
    assert page.count("flex: 1 1 0") == 3 and "<svg" in page
    svg = xml.dom.minidom.parseString(shown.svg).documentElement
    boxes = svg.getElementsByTagName("rect")
    names = {p for p in ("w", "x")} | {str(s.target) for s in pipeline.lowered(predict).body if hasattr(s, "target")}
    assert len(boxes) >= len(names)
    tooltips = [t.firstChild.data for t in svg.getElementsByTagName("title")]
    assert "w" in tooltips and any(t.startswith("_t1 = x @ w") for t in tooltips)
    assert len(svg.getElementsByTagName("line")) >= len(boxes) - 2      # every value but the inputs has an input


def test_the_notebook_html_puts_the_panels_side_by_side_and_highlights_both():
    page = transpiler.show(predict)._repr_html_()
    assert page.startswith('<div style="display: flex; flex-wrap: wrap')
    assert page.count("<pre") == 2 and "SSA of predict" in page and "<span" in page


def test_show_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="mode must be 'reverse' or 'forward'"):
        transpiler.show(predict, mode="sideways")
