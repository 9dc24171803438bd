"""Notebook display of derivatives (transpiler/api/rendering.py): ``.source`` and the other
source functions return a ``str`` that Jupyter shows highlighted; gradient objects show what they
are and their code."""
import sys
import xml.dom.minidom

import numpy as np
import pytest

import transpiler
from transpiler.api import hessian_source, tangent_source
from transpiler.api.rendering import Source, code_html


def loss(w, x):
    return -np.log(1 / (1 + np.exp(-w * x ** 2)))


def norm2(v):
    return np.sum(v * v)


class Model:
    def __init__(self, scale):
        self.scale = scale

    def energy(self, x):
        return self.scale * np.sum(x ** 2)


def every_spelling_of_source():
    g = transpiler.grad(loss, wrt=("w", "x"))
    decorated = transpiler.differentiate(loss, wrt=0)
    return {
        "grad().source()": g.source(),
        "source(args=...)": g.source(args=(0.5, 2.0)),
        "source(print_after='lower')": g.source(print_after="lower"),
        "value_and_grad().source()": transpiler.value_and_grad(norm2).source(args=(np.ones(3),)),
        "@differentiate .source": decorated.source,
        "@differentiate .source_at": decorated.source_at(0.5, 2.0),
        "tangent_source": tangent_source(loss, 0),
        "hessian_source": hessian_source(loss, 0, args=(0.5, 2.0)),
        "bound method": transpiler.grad(Model(2.0).energy).source(args=(np.ones(2),)),
    }


@pytest.mark.parametrize("spelling", list(every_spelling_of_source()))
def test_every_source_is_a_str_that_a_notebook_shows_highlighted(spelling):
    text = every_spelling_of_source()[spelling]
    assert isinstance(text, Source) and isinstance(text, str)
    assert text == str(text) and str(text).startswith(("import numpy", "def "))
    shown = text._repr_html_()
    assert shown.startswith("<pre") and "<span" in shown          # pygments is installed here
    assert text._repr_markdown_() == f"```python\n{str(text).rstrip()}\n```\n"


def test_without_pygments_the_html_is_the_escaped_code(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygments", None)           # import pygments raises ImportError
    shown = code_html("def f(x):\n    return x < 1 and x > 0\n")
    assert "<span" not in shown and "return x &lt; 1 and x &gt; 0" in shown
    assert shown.startswith("<pre") and shown.endswith("</code></pre>")


def test_the_highlighted_html_holds_the_code_text_exactly():
    source = transpiler.grad(loss).source()
    shown = source._repr_html_()
    text = xml.dom.minidom.parseString(f"<root>{shown}</root>").documentElement
    assert "".join(node.data for node in _texts(text)).rstrip() == source.rstrip()


def _texts(node):
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child
        else:
            yield from _texts(child)


def test_a_gradient_says_what_it_is_and_shows_its_code():
    g = transpiler.value_and_grad(loss, wrt=("w", "x"))
    assert repr(g) == "<loss_value_and_grad: value and gradient of loss with respect to w, x>"
    shown = g._repr_html_()
    assert "value and gradient of loss with respect to w, x" in shown and "loss_value_and_grad" in shown
    assert "d_x" in shown and "<span" in shown
    method = transpiler.grad(Model(3.0).energy)
    assert repr(method) == "<energy_grad: gradient of Model.energy with respect to x>"


def test_a_gradient_with_aux_and_a_closure_display():
    scale = 2.0

    def with_aux(x):
        return scale * np.sum(x ** 2), x.sum()

    g = transpiler.grad(with_aux, has_aux=True)
    assert "gradient of test_a_gradient_with_aux_and_a_closure_display.&lt;locals&gt;.with_aux" in g._repr_html_()
    assert g(np.ones(2))[0].tolist() == [4.0, 4.0]          # displaying compiles nothing the call needs


def test_a_gradient_without_code_for_any_shapes_shows_why_instead_of_raising():
    namespace = {"np": np}
    exec("def typed_at_a_prompt(x):\n    return np.sum(x)\n", namespace)
    shown = transpiler.grad(namespace["typed_at_a_prompt"])._repr_html_()
    assert "no code for any shapes" in shown and "cannot read the source" in shown


def test_a_decorated_function_shows_its_mode_and_code():
    forward = transpiler.differentiate(loss, wrt=0, mode="forward")
    assert "@differentiate(forward mode) loss" in forward._repr_html_()
    reverse = transpiler.differentiate(wrt=("w", "x"))(loss)
    assert "@differentiate(reverse mode) loss" in reverse._repr_html_() and "d_x" in reverse._repr_html_()


def test_ipython_prints_a_source_as_code_not_as_a_quoted_string():
    IPython = pytest.importorskip("IPython.lib.pretty")
    source = transpiler.grad(loss).source()
    assert IPython.pretty(source) == str(source).rstrip("\n")
