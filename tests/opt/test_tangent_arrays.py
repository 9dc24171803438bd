"""Forward mode's arrays filled item by item, written in place (opt/tangent_arrays.py): the
primal's and the tangent's writes in the code ``jvp`` and ``jacobian(mode="forward")`` run, each
tangent checked against central differences along its direction, the arguments left as they were."""
import re

import numpy as np
import pytest

import transpiler as tp
from transpiler.api.sources import tangent_source

from item_write_programs import added, filled, kernel, recurrence, rows, running_sum, weighted_kernel, while_loop

N = 6


def argument_copied(x):
    x = x.copy()
    for i in range(1, len(x)):
        x[i] = x[i] * x[i - 1]
    return np.sum(x)


def argument_written(x):
    for i in range(len(x)):
        x[i] = np.sin(x[i])
    return np.sum(x ** 2)


def old_version_kept(x):
    out = np.zeros(len(x))
    total = 0.0
    for i in range(len(x)):
        prev = out.copy()
        old = out
        out[i] = x[i] ** 2
        total = total + np.sum(prev * x) + np.sum(old)
    return total


def merged(x, ones):
    if ones:            # (two allocations merged: the tangent's zeros stay zeros_like_adjoint's)
        out = np.ones(len(x))
    else:
        out = np.zeros(len(x))
    for i in range(len(x)):
        out[i] = out[i] * x[i] + x[i] ** 2
    return np.sum(out * x)


def half_filled(x):
    out = np.zeros(len(x))      # (items no input reaches: their tangent stays zero)
    for i in range(0, len(x), 2):
        out[i] = x[i] ** 3
    return np.sum(out * out)


SPELLINGS = [filled, running_sum, recurrence, kernel, weighted_kernel, added, rows, while_loop, argument_copied,
             argument_written, old_version_kept, half_filled]


def central_difference(f, x, v, h=1e-6):
    return (f(x + h * v) - f(x - h * v)) / (2 * h)


@pytest.mark.parametrize("f", SPELLINGS)
def test_jvp_matches_central_differences(f):
    rng = np.random.default_rng(1)
    x, v = rng.standard_normal(N), rng.standard_normal(N)
    value, tangent = tp.jvp(f, (x.copy(),), (v,))
    assert value == pytest.approx(f(x.copy()), rel=1e-12)
    assert tangent == pytest.approx(central_difference(f, x, v), rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("ones", [True, False])
def test_merged_allocations(ones):
    rng = np.random.default_rng(2)
    x, v = rng.standard_normal(N), rng.standard_normal(N)
    _, tangent = tp.jvp(merged, (x, ones), (v, None))
    assert tangent == pytest.approx(central_difference(lambda y: merged(y, ones), x, v), rel=1e-6, abs=1e-8)


def test_forward_jacobian_of_an_array_filled_item_by_item():
    def returned(x):
        out = np.zeros(len(x))
        for i in range(1, len(x)):
            out[i] = out[i - 1] * 0.5 + np.sin(x[i])
        return out

    x = np.random.default_rng(3).standard_normal(N)
    forward = tp.jacobian(returned, mode="forward")(x)
    assert np.allclose(forward, tp.jacobian(returned, mode="reverse")(x), rtol=1e-12, atol=1e-14)
    value, tangent = tp.jvp(returned, (x,), (np.ones(N),))
    again, tangent_again = tp.jvp(returned, (x,), (np.ones(N),))
    assert not np.shares_memory(value, again) and not np.shares_memory(tangent, tangent_again)


def test_arguments_and_tangents_are_left_as_they_were():
    rng = np.random.default_rng(5)
    x, v = rng.standard_normal(N), rng.standard_normal(N)
    kept, kept_v = x.copy(), v.copy()
    for f in (argument_copied, argument_written):
        tp.jvp(f, (x,), (v,))
        assert np.array_equal(x, kept) and np.array_equal(v, kept_v)


def test_float32_arguments():
    x = np.random.default_rng(6).standard_normal(N)
    v = np.ones(N)
    _, narrow = tp.jvp(kernel, (x.astype(np.float32),), (v.astype(np.float32),))
    _, wide = tp.jvp(kernel, (x,), (v,))
    assert narrow == pytest.approx(wide, rel=1e-4)


@pytest.mark.parametrize("f", [filled, running_sum, recurrence, kernel, while_loop])
def test_primal_and_tangent_written_in_place(f):
    x = np.random.default_rng(7).standard_normal(N)
    source = tangent_source(f, args=(x,))
    code = source[source.index(f"def {f.__name__}_jvp"):]
    assert "assign_at(" not in code and "zeros_like_adjoint(" not in code, code
    stores = [line for line in code.splitlines() if re.match(r"\s+\w+\[[^\]]*\] = ", line)]
    assert len(stores) >= 2 and any(line.strip().startswith("t_") for line in stores), code
