"""Short lists and tuples of Python numbers read from a module global or a closure (``GLIST =
[1.0, 2.0]``, a factory's ``[scale, 2 * scale]``), taken apart as free lists of arrays are
(frontend/free_arrays.py): a loop over one is unrolled, and ``isinstance`` of an item is answered
while compiling from its class, a fact the cached derivative checks on every call. Each number's
value is read at call time (changing it compiles nothing); its class changed, or the list grown,
compiles anew. Before, the loop was a run-time loop through ``iterated`` and each ``isinstance``
a run-time test. Gradients against central finite differences in both modes, and Hessians."""
import numpy as np
import pytest

import transpiler

X0 = np.array([0.3, 0.7, 1.1])
GLIST = [1.0, 2.0]
GPAIR = (0.5, -1.5)


def weighted_by_a_global_list(x):
    s = 0.0
    for g in GLIST:
        if isinstance(g, float):
            s = s + g * np.sin(x[0] * x[1])
        else:
            s = s + 10.0 * g * x[2] ** 2
    return s


def weighted_by_a_global_tuple(x):
    return sum(w * np.exp(x[i] * x[2]) for i, w in enumerate(GPAIR))


def make_weighted(scale):
    ws = [scale, 2 * scale]

    def weighted_by_a_closure_list(x):
        total = 0.0
        for i, w in enumerate(ws):
            total = total + w * x[i] ** 3
        return total * x[2]
    return weighted_by_a_closure_list


weighted_by_a_closure_list = make_weighted(0.5)
SPELLINGS = [weighted_by_a_global_list, weighted_by_a_global_tuple, weighted_by_a_closure_list]


def _central(f, x, eps=1e-6):
    return np.array([(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", SPELLINGS, ids=lambda f: f.__name__)
def test_a_free_list_of_numbers_differentiates_in_both_modes(f):
    gradient = transpiler.grad(f)(X0.copy())
    np.testing.assert_allclose(gradient, _central(f, X0), rtol=1e-6, atol=1e-8)
    direction = np.array([1.0, -0.5, 2.0])
    _, tangent = transpiler.jvp(f, (X0.copy(),), (direction,))
    assert tangent == pytest.approx(gradient @ direction, rel=1e-10)
    hessian = transpiler.hessian(f)(X0.copy())
    np.testing.assert_allclose(hessian, _central(transpiler.grad(f), X0, 1e-5), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f", SPELLINGS, ids=lambda f: f.__name__)
def test_the_code_for_a_free_list_of_numbers_has_no_loop_and_no_isinstance(f):
    text = transpiler.grad(f).source(args=(X0.copy(),))
    body = text[text.index(f"def {f.__name__}_grad("):]
    assert "for " not in body and "iterated" not in body and "isinstance" not in body


def test_a_numbers_value_changed_is_read_at_call_time_and_its_class_changed_compiles_anew():
    grad = transpiler.grad(weighted_by_a_global_list)
    try:
        for items in ([1.0, 2.0], [5.0, 2.0], [5, 2.0], [5, 2.0, 1.5], [1.0, 2.0]):
            GLIST[:] = items
            np.testing.assert_allclose(grad(X0.copy()), _central(weighted_by_a_global_list, X0),
                                       rtol=1e-6, atol=1e-8)
    finally:
        GLIST[:] = [1.0, 2.0]
