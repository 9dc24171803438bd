"""The array-API backend on real array libraries other than NumPy, each tested where it is
installed (skipped with the reason otherwise): JAX (CPU), PyTorch (CPU; its wheel is a 555 MB
download, so it is not in the test extra) and CuPy (with a GPU). Gradients equal the NumPy
backend's and are arrays of the arguments' library, in their dtype and on their device."""
import importlib

import numpy as np
import pytest

import transpiler

from test_array_api import (CASES, gathers_with_repeats, masked_by_sign,  # (pytest puts this folder on sys.path)
                            reads_elements_in_a_loop, shifted_slices)

pytest.importorskip("array_api_compat")

LIBRARIES = ["jax.numpy", "torch", "cupy"]


def _jax():
    jax = pytest.importorskip("jax", reason="JAX is not installed (pip install jax)")
    return jax


@pytest.fixture(params=LIBRARIES)
def library(request):
    """(name, array from a NumPy array, array to NumPy)."""
    name = request.param
    if name == "jax.numpy":
        jax = _jax()
        x64 = jax.config.jax_enable_x64
        jax.config.update("jax_enable_x64", True)          # float64 as in NumPy
        jnp = importlib.import_module("jax.numpy")
        yield name, jnp.asarray, np.asarray
        jax.config.update("jax_enable_x64", x64)
    elif name == "torch":
        torch = pytest.importorskip("torch", reason="PyTorch is not installed (a 555 MB CPU wheel)")
        yield name, torch.asarray, lambda t: t.detach().cpu().numpy()
    else:
        cupy = pytest.importorskip("cupy", reason="CuPy is not installed (needs a GPU)")
        if cupy.cuda.runtime.getDeviceCount() == 0:
            pytest.skip("no GPU")
        yield name, cupy.asarray, cupy.asnumpy


def _as_tuple(result):
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("case", sorted(CASES))
def test_gradients_equal_the_numpy_backends_and_stay_in_the_library(library, case):
    name, to_library, to_numpy = library
    f, shapes = CASES[case]
    args = [np.random.default_rng(3).normal(size=shape) for shape in shapes]
    wrt = tuple(range(len(args))) if len(args) > 1 else 0
    got = _as_tuple(transpiler.grad(f, wrt=wrt, backend="array_api")(*[to_library(a) for a in args]))
    for g, e in zip(got, _as_tuple(transpiler.grad(f, wrt=wrt)(*args))):
        assert type(g).__module__.partition(".")[0].startswith(name.partition(".")[0])   # (jax: jaxlib)
        np.testing.assert_allclose(to_numpy(g), e, rtol=1e-9, atol=1e-12)


def test_float32_stays_float32_and_jvp_runs(library):
    name, to_library, to_numpy = library
    f, shapes = CASES["tanh_layer"]
    args = [np.random.default_rng(4).normal(size=shape).astype(np.float32) for shape in shapes]
    got = transpiler.grad(f, wrt=(0, 1, 2), backend="array_api")(*[to_library(a) for a in args])
    for g, e in zip(got, transpiler.grad(f, wrt=(0, 1, 2))(*args)):
        assert str(g.dtype).endswith("float32")
        np.testing.assert_allclose(to_numpy(g), e, rtol=2e-4, atol=2e-5)
    tangents = [np.ones(shape) for shape in shapes]
    f64 = [a.astype(np.float64) for a in args]
    value, tangent = transpiler.jvp(f, [to_library(a) for a in f64], [to_library(t) for t in tangents],
                                    backend="array_api")
    expected = transpiler.jvp(f, f64, tangents)
    np.testing.assert_allclose([float(value), float(tangent)], expected, rtol=1e-9)


@pytest.mark.parametrize("f", [shifted_slices, masked_by_sign, reads_elements_in_a_loop, gathers_with_repeats])
def test_indexing_adjoints_add_up_repeated_indices_or_stop(library, f):
    name, to_library, to_numpy = library
    x = np.array([1.0, -2.0, 3.0, 0.5])
    gradient = transpiler.grad(f, backend="array_api")
    if f is gathers_with_repeats and name == "torch":        # no add.at: an error, not an overwrite
        with pytest.raises(NotImplementedError, match="add.at"):
            gradient(to_library(x))
        return
    np.testing.assert_allclose(to_numpy(gradient(to_library(x))), transpiler.grad(f)(x), rtol=1e-12)
