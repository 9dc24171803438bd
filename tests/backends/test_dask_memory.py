"""Peak memory of a gradient's Dask task graph (issue 18): computing it holds a constant number
of chunk-sized results, however many chunks the data has. Measured, not estimated: the
synchronous scheduler runs the graph in Dask's own order, and after each task a callback sums
the bytes of every result the scheduler still holds. The data are generated chunk by chunk
(``dask.array.random``), so no full-size array exists before the gradient runs."""
import numpy as np
import pytest

import transpiler

da = pytest.importorskip("dask.array")
pytest.importorskip("array_api_compat")
dask = pytest.importorskip("dask")
from dask.callbacks import Callback  # noqa: E402

ROWS, COLUMNS = 4000, 25             # one chunk of X: 4000 x 25 float64 = 800 kB


class PeakHeldBytes(Callback):
    """The most bytes of intermediate task results the scheduler held at once during a compute
    (the blocks of the answers themselves are not counted: a gradient may be full-size)."""

    def __init__(self):
        super().__init__()
        self.peak, self.answers = 0, set()

    def _start_state(self, dsk, state):
        # the results, and the blocks only the final gathering of a result needs
        final = {k for k, after in state["dependents"].items() if not after}
        self.answers = final | {k for k, after in state["dependents"].items() if after <= final}

    def _posttask(self, key, result, dsk, state, id):
        held = sum(getattr(value, "nbytes", 0) for k, value in state["cache"].items() if k not in self.answers)
        self.peak = max(self.peak, held)


def peak_held_bytes(*lazy):
    with PeakHeldBytes() as measure:
        dask.compute(*lazy, scheduler="sync")
    return measure.peak


def logistic_loss(w, X, y):
    return np.mean(np.log1p(np.exp(-y * (X @ w))))


def lecture_sum(x):
    return np.sum(np.sqrt(x ** 2 + np.exp(x ** 2)) + np.cos(x ** 2 + np.exp(x ** 2)))


def logistic_peak_in_chunks(n_chunks):
    """Peak held bytes of value_and_grad of the logistic loss, in units of one chunk of X."""
    rng = da.random.default_rng(0)
    X = rng.normal(size=(ROWS * n_chunks, COLUMNS), chunks=(ROWS, COLUMNS))
    y = da.sign(rng.normal(size=(ROWS * n_chunks,), chunks=(ROWS,)))
    w = da.from_array(np.full(COLUMNS, 0.01))
    value, d_w = transpiler.value_and_grad(logistic_loss, backend="array_api")(w, X, y)
    return peak_held_bytes(value, d_w) / (ROWS * COLUMNS * 8)


def elementwise_peak_in_chunks(n_chunks, mode):
    """Peak held bytes of W5's gradient (reverse) or a tangent (forward), in chunks of x."""
    x = da.random.default_rng(1).normal(size=(ROWS * COLUMNS * n_chunks,), chunks=ROWS * COLUMNS)
    if mode == "reverse":
        lazy = [transpiler.grad(lecture_sum, backend="array_api")(x)]
    else:
        lazy = list(transpiler.jvp(lecture_sum, (x,), (da.ones_like(x),), backend="array_api"))
    return peak_held_bytes(*lazy) / (ROWS * COLUMNS * 8)


@pytest.mark.parametrize("n_chunks", [4, 32])
def test_logistic_regression_gradient_holds_about_one_chunk_of_X_at_a_time(n_chunks):
    # the chunk of X being used, plus vectors of its rows and d-sized partial sums
    assert logistic_peak_in_chunks(n_chunks) < 1.5


def test_logistic_regression_peak_does_not_grow_with_the_number_of_chunks():
    # a full-size intermediate (e.g. mean's adjoint made as one block, then split into the
    # data's chunks) shows up as a peak that grows with the data: it did, 1.1 -> 2.5 chunks
    assert logistic_peak_in_chunks(48) <= logistic_peak_in_chunks(6) + 0.1


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_elementwise_derivative_holds_a_constant_number_of_chunks(mode):
    few, many = elementwise_peak_in_chunks(4, mode), elementwise_peak_in_chunks(32, mode)
    assert many < 8                  # the sweep's per-chunk temporaries, never the whole vector
    assert many <= few + 0.5
