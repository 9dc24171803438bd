"""examples/dask_logistic_regression.py: fits on a LocalCluster of two worker processes with
--small, and its lazy Dask gradient equals the NumPy backend's on the computed data."""
import numpy as np
import pytest

from test_examples import load

pytest.importorskip("dask.array")
pytest.importorskip("array_api_compat")


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit="1GiB") as cluster, distributed.Client(cluster) as client:
        yield client


def test_fits_on_a_local_cluster_of_two_worker_processes(client, tmp_path):
    example = load("dask_logistic_regression")
    out = tmp_path / "loss.png"
    results = example.main(["--small", "--out", str(out)])
    losses = results["losses"]
    assert losses[0] == pytest.approx(np.log(2))             # w = 0
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < 0.7 * losses[0]
    assert results["cosine"] > 0.95                          # the direction of the true weights
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert results["plot"] is None
    else:
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_lazy_gradient_equals_numpys_on_the_generated_data():
    import dask
    import dask.array as da

    import transpiler

    example = load("dask_logistic_regression")
    X, y, _ = example.make_data(3000, 6, 500, seed=3)
    w = np.linspace(-0.5, 0.5, 6)
    value, d_w = example.loss_and_grad(da.from_array(w), X, y)
    assert isinstance(value, da.Array) and isinstance(d_w, da.Array)
    value, d_w, X_, y_ = dask.compute(value, d_w, X, y, scheduler="threads")
    expected_value, expected = transpiler.value_and_grad(example.loss)(w, X_, y_)
    assert value == pytest.approx(expected_value, rel=1e-12)
    np.testing.assert_allclose(d_w, expected, rtol=1e-10)
    assert transpiler.check_grad(example.loss, w, X_, y_)
