"""A call giving one positional value per parameter binds them in order, without
inspect.Signature.bind (api/arguments.py: binds_in_order); any other call binds as before."""
import inspect

import numpy as np
import pytest

import transpiler
from transpiler.api.arguments import binds_in_order


def plain(a, b): return a
def positional_only(a, /, b): return a
def star_args(a, *rest): return a
def keyword_only(a, *, b=1.0): return a
def star_keywords(a, **rest): return a


@pytest.mark.parametrize("f, expected", [(plain, True), (positional_only, True), (star_args, False),
                                         (keyword_only, False), (star_keywords, False)])
def test_binds_in_order_only_where_each_parameter_takes_a_positional_value(f, expected):
    assert binds_in_order(inspect.signature(f)) is expected


def scaled(x, c=2.0):
    return np.sum(c * x * x)


def test_jvp_with_every_argument_positional_matches_the_call_leaving_a_default_out():
    x, v = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])
    both = transpiler.jvp(scaled, (x, 2.0), (v, None))
    one = transpiler.jvp(scaled, (x,), (v,))
    assert both[0] == one[0] == scaled(x)
    eps = 1e-6
    finite = (scaled(x + eps * v) - scaled(x - eps * v)) / (2 * eps)
    assert np.isclose(both[1], finite) and np.isclose(one[1], finite)


def test_jvp_with_a_tangent_for_a_default_given_positionally_differentiates_it():
    x = np.array([1.0, 2.0, 3.0])
    _, tangent = transpiler.jvp(scaled, (x, 2.0), (None, 1.0))
    assert np.isclose(tangent, np.sum(x * x))
