"""``np.pad`` and its adjoint in the forms numba compiles (backends/numba_padding.py): the
positions each mode copies are np.pad's, the padded array and the adjoint are NumPy's, and the
gradients equal the NumPy backend's."""
import ast

import numpy as np
import pytest

import transpiler
from transpiler.backends import numba_overloads
from transpiler.backends.numba_padding import PAD_POSITIONS, PADDED, UNPADDED
from transpiler.primitives import runtime

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's @ and np.dot need SciPy's BLAS

RNG = np.random.default_rng(17)
MODES = ["constant", "edge", "wrap", "reflect", "symmetric"]


def compiled():
    """The three functions as the numba module has them, jitted."""
    numba_overloads.register()
    namespace = {"np": np}
    for template, name in ((PAD_POSITIONS, "pad_positions"), (PADDED, "padded"), (UNPADDED, "unpadded")):
        exec(template.format(name=name, positions="pad_positions"), namespace)
        namespace[name] = numba.njit(namespace[name])
    return namespace


@pytest.fixture(scope="module")
def spelled():
    return compiled()


@pytest.mark.parametrize("mode", MODES)
def test_numba_pad_positions_are_the_elements_np_pad_copies(spelled, mode):
    for n in range(1, 5):
        for before, after in [(0, 0), (1, 0), (0, 2), (3, 1), (7, 9)]:
            want = np.pad(np.arange(n), (before, after), mode=mode, **({"constant_values": -1} if mode == "constant" else {}))
            np.testing.assert_array_equal(spelled["pad_positions"](n, before, after, mode), want, err_msg=f"{n, before, after}")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape, pairs", [((4,), ((2, 3),)), ((3, 4), ((1, 0), (2, 5))), ((2, 3, 2), ((1, 1), (0, 2), (3, 0)))],
                         ids=str)
def test_numba_padded_and_unpadded_are_numpys(spelled, mode, shape, pairs):
    a = RNG.standard_normal(shape)
    extra = {"constant_values": 1.5} if mode == "constant" else {}
    want = np.pad(a, pairs, mode=mode, **extra)
    result = tuple(n + b + e for n, (b, e) in zip(shape, pairs))
    np.testing.assert_array_equal(spelled["padded"](a, pairs, result, mode, extra.get("constant_values", 0)), want)
    g = RNG.standard_normal(want.shape)
    np.testing.assert_allclose(spelled["unpadded"](g, a, pairs, mode), runtime.HELPERS["unpad"](g, a, pairs, mode),
                               rtol=1e-13, atol=1e-15)


def padded_edges(x):
    return np.sum(np.pad(x, (1, 3), mode='edge') * np.arange(10))


def padded_reflections(x):
    return np.sum(np.pad(x, 2, mode='reflect') * np.arange(10)) + np.sum(np.pad(x, 5, mode='symmetric') ** 2)


def padded_constant(x):
    return np.sum(np.pad(x, (2, 1), constant_values=1.5) ** 2 * np.arange(9))


def padded_matrix(x):
    return np.sum(np.pad(np.outer(x, x), ((1, 0), (0, 2)), mode='wrap') * np.arange(56).reshape(7, 8))


GRADIENTS = [padded_edges, padded_reflections, padded_constant, padded_matrix]


@pytest.mark.parametrize("f", GRADIENTS, ids=[f.__name__ for f in GRADIENTS])
def test_numba_compiles_gradients_of_np_pad(f):
    x = RNG.standard_normal(6)
    value, got = transpiler.value_and_grad(f, backend="numba")(x)
    want_value, want = transpiler.value_and_grad(f)(x)
    np.testing.assert_allclose(value, want_value, rtol=1e-12)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert transpiler.check_grad(f, x).ok


def test_numba_module_pads_with_its_own_functions():
    gradient = transpiler.grad(padded_edges, backend="numba")
    x = RNG.standard_normal(6)
    gradient(x)
    calls = {node.func.id for node in ast.walk(ast.parse(gradient.compiled((x,)).source))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"padded", "unpadded"} <= calls and "unpad" not in calls
