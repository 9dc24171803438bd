"""A helper's ``**options`` kept whole: ``self.options = options`` in ``__init__`` and spread later
(``eff(ntu, **self.options)``), as the heat-exchanger program's ``HeatExchanger`` does, or read
back by key from the object. Refused before ("calling `__init__`, which uses `**options` other
than as `options['key']`..."): the keywords were known only while compiling. They are a dict of
the keywords passed now, as Python makes it (frontend/signatures.py ``_star_parameter``)."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError


def _effectiveness(ntu, kind="counterflow", n=1, scale=1.0):
    return (1.0 - np.exp(-ntu * n)) * scale


class _Exchanger:
    def __init__(self, ua, **options):
        self.ua = ua
        self.options = options

    def __call__(self, c):
        return _effectiveness(self.ua / c, **self.options)


def spread_from_an_attribute(ua):
    return _Exchanger(ua, n=2, scale=3.0)(2.0) + _Exchanger(ua)(1.0)


def read_back_by_key(ua):
    h = _Exchanger(ua, n=2)
    return h.options["n"] * ua ** 2 + h.options.get("scale", 5.0) * ua + len(h.options)


def _central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("f", [spread_from_an_attribute, read_back_by_key])
def test_keywords_kept_on_an_object_are_differentiated_in_both_modes(f):
    value, g = transpiler.value_and_grad(f)(0.7)
    assert value == pytest.approx(f(0.7))
    assert g == pytest.approx(_central(f, 0.7), rel=1e-7)
    _, tangent = transpiler.jvp(f, (0.7,), (1.0,))
    assert tangent == pytest.approx(_central(f, 0.7), rel=1e-7)


def test_the_keywords_dict_holds_exactly_those_passed():
    assert transpiler.grad(read_back_by_key)(0.5) == pytest.approx(2 * 2 * 0.5 + 5.0)


class _Layer:
    def __init__(self, w, **options):
        self.w = w
        self.options = options

    def __call__(self, x):
        return self.options.get("activation", np.tanh)(self.w * x)


def keeps_a_function_keyword(w):
    return _Layer(w, activation=np.sin)(2.0)


def test_a_function_passed_as_a_kept_keyword_is_refused_at_the_call():
    # (a dict of the generated code cannot hold a function known only while compiling)
    with pytest.raises(UnsupportedSyntaxError, match=r"uses `\*\*options` other than") as info:
        transpiler.grad(keeps_a_function_keyword)(0.7)
    assert "test_keywords_kept_as_attributes.py:62" in str(info.value)
