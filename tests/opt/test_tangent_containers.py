"""Forward mode's containers without a tangent (opt/tangent_containers.py): a dataclass, dict,
list or NamedTuple argument of settings taken apart for the transform, so that the code
``grad`` (forward mode for a number) and ``jvp`` run knows its elements' shapes, then read once
at the top of that code; each derivative checked against central differences."""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import transpiler as tp
from transpiler.api.sources import tangent_source


@dataclass
class Model:
    A: np.ndarray
    b: np.ndarray


class Pair(NamedTuple):
    A: np.ndarray
    c: float


MODEL = Model(np.array([[1.0, 0.5], [0.0, 1.0]]), np.array([0.3, -0.2]))


def dynamics(q, m=MODEL):
    x = np.ones(2)
    for _ in range(4):
        x = m.A @ x + q * m.b
    return np.sum(x ** 2)


def from_dict(q, d):
    return np.sum(np.sin(d["w"] * q + d["b"]))


def from_list(q, layers):
    h = np.ones(2) * q
    for W in layers:
        h = np.tanh(W @ h)
    return np.sum(h)


def from_named_tuple(q, p):
    return np.sum((p.A * q) ** 2) + p.c * q


def nested(q, cfg):
    return np.sum(cfg[0].A @ (q * cfg[1]["v"]))


def passed_whole(q, m):
    return helper(m) * q


def helper(m):
    return np.sum(m.A)


def central_difference(f, q, *rest, h=1e-6):
    return (f(q + h, *rest) - f(q - h, *rest)) / (2 * h)


CASES = [
    (dynamics, ()),
    (from_dict, ({"w": np.array([1.0, 2.0, 3.0]), "b": np.array([0.1, 0.2, 0.3])},)),
    (from_list, ([np.eye(2) * 0.5, np.array([[0.3, 0.1], [0.2, 0.4]])],)),
    (from_named_tuple, (Pair(np.array([[1.0, 2.0], [3.0, 4.0]]), 0.7),)),
    (nested, ([Model(np.array([[1.0, 2.0], [0.5, 1.0]]), np.zeros(2)), {"v": np.array([0.4, -1.0])}],)),
    (passed_whole, (Model(np.array([[1.0, 2.0], [0.5, 1.0]]), np.zeros(2)),)),
]


@pytest.mark.parametrize("f, rest", CASES, ids=[f.__name__ for f, _ in CASES])
def test_grad_and_jvp_of_a_number_match_central_differences(f, rest):
    expected = central_difference(f, 0.7, *rest)
    assert tp.grad(f)(0.7, *rest) == pytest.approx(expected, rel=1e-6)
    value, tangent = tp.jvp(f, (0.7, *rest), (1.0, *(None for _ in rest)))
    assert value == pytest.approx(f(0.7, *rest), rel=1e-12)
    assert tangent == pytest.approx(expected, rel=1e-6)


def test_a_dataclass_of_settings_is_read_once_and_its_shapes_known():
    source = tp.grad(dynamics).source(args=(0.7,))
    code = source[source.index("def dynamics_jvp"):]
    assert "m_A = m.A" in code and "m_b = m.b" in code
    assert code.index("m_A = m.A") < code.index("for ")
    assert "broadcast_like(" not in code          # (the products' shapes known: no run-time spreading)
    assert "m.A" not in code[code.index("for "):]


def test_jvp_runs_the_code_tangent_source_prints():
    rest = CASES[1][1]
    code = tangent_source(from_dict, args=(0.7, *rest))
    assert 'd_w = d["w"]' in code.replace("'", '"')


def test_another_shape_of_an_element_compiles_again():
    small = Model(np.eye(2), np.ones(2))
    large = Model(np.eye(3) * 0.5, np.ones(3))

    def run(m):
        return tp.grad(dynamics_any)(0.3, m)

    assert run(small) == pytest.approx(central_difference(dynamics_any, 0.3, small), rel=1e-6)
    assert run(large) == pytest.approx(central_difference(dynamics_any, 0.3, large), rel=1e-6)


def dynamics_any(q, m):
    x = np.ones(len(m.b))
    for _ in range(3):
        x = m.A @ x + q * m.b
    return np.sum(x ** 2)


def returned_whole(q, m):
    return m if q > 5 else np.sum(m.A) * q


def test_a_container_needed_whole_is_passed_as_it_is():
    m = CASES[-1][1][0]
    code = tp.grad(returned_whole).source(args=(0.7, m))
    assert tp.grad(returned_whole)(0.7, m) == pytest.approx(np.sum(m.A))
    assert "out = m\n" in code and "_t2 = m.A" in code       # (read where the function reads it)


def test_elements_nothing_reads_are_not_read():
    code = tp.grad(passed_whole).source(args=(0.7, *CASES[-1][1]))
    assert "m_A = m.A" in code and "m.b" not in code
