"""The array-API backend on chunked Dask arrays: gradients are Dask arrays, lazy until computed,
equal to the NumPy backend's; on a ``dask.distributed`` LocalCluster of two worker processes too."""
import numpy as np
import pytest

import transpiler

da = pytest.importorskip("dask.array")
pytest.importorskip("array_api_compat")

RNG = np.random.default_rng(7)


def elementwise_chain(x):
    return np.sum(np.sin(x) * np.exp(-x * x) + np.tanh(x) / (1.0 + x * x))


def logistic_regression(w, X, y):
    z = X @ w
    return np.mean(np.log1p(np.exp(-y * z)))


def tanh_layer(W, b, x):
    return np.sum(np.tanh(x @ W + b) ** 2)


def reduction_over_a_chunked_axis(x):
    return np.sum(np.log(np.sum(np.exp(x), axis=0)))


CASES = {
    "elementwise_chain": (elementwise_chain, [(1000,)], [(250,)]),
    "logistic_regression": (logistic_regression, [(8,), (400, 8), (400,)], [(8,), (100, 8), (100,)]),
    "tanh_layer": (tanh_layer, [(8, 4), (4,), (300, 8)], [(8, 4), (4,), (100, 8)]),
    "reduction_over_a_chunked_axis": (reduction_over_a_chunked_axis, [(300, 6)], [(100, 3)]),
}


def _case(name):
    f, shapes, chunks = CASES[name]
    args = [RNG.normal(size=shape) for shape in shapes]
    if name == "logistic_regression":
        args[2] = np.sign(args[2])
    wrt = tuple(range(len(args))) if len(args) > 1 else 0
    return f, args, [da.from_array(a, chunks=c) for a, c in zip(args, chunks)], wrt


def _as_tuple(result):
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_of_chunked_arrays_are_lazy_dask_arrays_equal_to_numpys(name):
    f, args, chunked, wrt = _case(name)
    got = _as_tuple(transpiler.grad(f, wrt=wrt, backend="array_api")(*chunked))
    assert all(isinstance(g, da.Array) for g in got)            # nothing computed yet
    computed = da.compute(*got, scheduler="threads")
    for g, e in zip(computed, _as_tuple(transpiler.grad(f, wrt=wrt)(*args))):
        np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)


def test_a_gradient_keeps_the_arguments_chunks():
    f, args, chunked, wrt = _case("tanh_layer")
    d_W, d_b, d_x = transpiler.grad(f, wrt=wrt, backend="array_api")(*chunked)
    assert d_x.chunks == chunked[2].chunks


@pytest.fixture(scope="module")
def cluster_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit="1GiB") as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.mark.parametrize("name", ["logistic_regression", "elementwise_chain"])
def test_gradients_computed_on_a_local_cluster_of_two_worker_processes(cluster_client, name):
    f, args, chunked, wrt = _case(name)
    got = _as_tuple(transpiler.grad(f, wrt=wrt, backend="array_api")(*chunked))
    computed = cluster_client.compute(list(got), sync=True)
    for g, e in zip(computed, _as_tuple(transpiler.grad(f, wrt=wrt)(*args))):
        np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)
