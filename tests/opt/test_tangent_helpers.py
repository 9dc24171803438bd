"""The Hessian of a function filling an array item by item: forward mode over its gradient's
code, specialised to the call's shapes, with the helpers known shapes make nothing written as
their values (opt/tangent_helpers.py) and both sweeps' item writes made in place
(opt/tangent_arrays.py). Each Hessian checked against central differences of the gradient and
against forward over forward mode, the argument left as it was."""
import numpy as np
import pytest

import transpiler as tp
from transpiler.api.sources import hessian_source
from transpiler.check import check_grad

from item_write_programs import filled, kernel, recurrence, running_sum


def products(x):
    n = len(x)
    y = np.empty(n)
    for i in range(n):
        y[i] = x[i] ** 2 * x[i - 1]
    return np.sum(np.sin(y))


def counted_down(x):
    out = np.zeros(len(x))
    for i in reversed(range(1, len(x))):
        out[i] = x[i] * x[i - 1] + out[i - 1]
    return np.sum(out ** 2)


FUNCTIONS = [products, filled, running_sum, recurrence, kernel, counted_down]


def gradient_differences(f, x, h=1e-6):
    g = tp.grad(f)
    columns = []
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        columns.append((g(x + e) - g(x - e)) / (2 * h))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_hessian_matches_differences_of_the_gradient_and_forward_over_forward(f):
    x = np.linspace(0.2, 1.1, 7)
    before = x.copy()
    assert check_grad(f, x).ok
    H = tp.hessian(f)(x)
    assert np.array_equal(x, before)
    np.testing.assert_allclose(H, gradient_differences(f, x), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(H, tp.hessian(f, mode="forward")(x), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("f", [products, filled, kernel], ids=lambda f: f.__name__)
def test_both_sweeps_write_their_items_in_place(f):
    # (not yet where the gradient's code tapes a value, running_sum's ``s``: an item popped from a
    # tape has no known shape, so its adjoint's ``unbroadcast`` stays, and the writes of it copy)
    code = hessian_source(f, args=(np.linspace(0.2, 1.1, 7),))
    body = code[code.index(f"def {f.__name__}_grad_jvp"):]
    assert "assign_at(" not in body        # (no copy per item: written in place, ``stored_at`` where dtypes are unknown)
    assert "unbroadcast(" not in body and "zeros_like_adjoint(0.0)" not in body
    assert "iterated(" not in body              # (the reverse loop counts down: no range object indexed)


def test_the_hessian_at_another_shape_is_compiled_for_it():
    h = tp.hessian(products)
    for n in (3, 5):
        x = np.linspace(0.3, 0.9, n)
        np.testing.assert_allclose(h(x), gradient_differences(products, x), rtol=1e-5, atol=1e-6)
