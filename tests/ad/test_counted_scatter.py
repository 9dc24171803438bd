"""The adjoint of ``x[idx]`` for a 1-d float64 ``x`` and an index array that may repeat positions
is added by ``counted_at`` (primitives/runtime.py): ``np.bincount`` of the positions (times the
adjoint where it is a number, weighted by it otherwise), several times quicker than
``np.add.at`` for many positions; ``np.add.at`` where bincount cannot (negative positions, a
mask, a tuple). A float32 or 2-d ``x`` keeps ``np.add.at``."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.primitives.runtime import counted_at

RNG = np.random.default_rng(8)
X = RNG.standard_normal(6)
EDGES = np.linspace(0.0, 1.0, 7)
TIMES = np.sort(RNG.uniform(0.0, 1.0, 40))
IDX = RNG.integers(0, 6, 25)
W = RNG.standard_normal(25)


def summed_at_bins(x, edges, times):
    bins = np.searchsorted(edges, times, side="right") - 1
    return np.sum(x[bins]) - np.sum(np.exp(x))


def weighted_reads(x, idx, w):
    return np.sum(np.sin(x[idx]) * w)


def rows_of_a_table(x, idx, w):
    return np.sum(x.reshape(3, 2)[idx % 3] ** 2)


def reverse_sweep(f, *args):
    return transpiler.grad(f).compiled(args).source.split("# reverse sweep")[1]


def test_reads_through_an_index_array_are_added_by_counts():
    for f, args in ((summed_at_bins, (X, EDGES, TIMES)), (weighted_reads, (X, IDX, W))):
        code = reverse_sweep(f, *args)
        assert "counted_at(" in code and "np.add.at" not in code, f.__name__
        assert check_grad(f, *args), f.__name__


def test_negative_positions_take_np_add_at_and_agree():
    negative = IDX - 6              # the same positions, counted from the end
    assert check_grad(weighted_reads, X, negative, W)
    assert np.allclose(transpiler.grad(weighted_reads)(X, negative, W), transpiler.grad(weighted_reads)(X, IDX, W))


def test_float32_and_2d_arrays_keep_np_add_at():
    code = reverse_sweep(weighted_reads, X.astype(np.float32), IDX, W.astype(np.float32))
    assert "np.add.at" in code and "counted_at" not in code
    g = transpiler.grad(weighted_reads)(X.astype(np.float32), IDX, W.astype(np.float32))
    assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(weighted_reads)(X, IDX, W), rtol=1e-4, atol=1e-5)
    assert "counted_at" not in reverse_sweep(rows_of_a_table, X, IDX, W)
    assert check_grad(rows_of_a_table, X, IDX, W)


def test_forward_mode_and_hessians_agree():
    direction = RNG.standard_normal(6)
    for f, args in ((summed_at_bins, (X, EDGES, TIMES)), (weighted_reads, (X, IDX, W))):
        _, tangent = transpiler.jvp(f, args, (direction,) + tuple(np.zeros_like(a, dtype=float) for a in args[1:]))
        assert np.isclose(tangent, transpiler.grad(f)(*args) @ direction), f.__name__
    h = transpiler.hessian(weighted_reads)(X, IDX, W)
    assert np.allclose(h, h.T) and h.shape == (6, 6)


@pytest.mark.parametrize("index, g", [
    (np.array([0, 2, 2, 1]), 1.5),
    (np.array([0, 2, 2, -1]), 1.5),                         # a negative position: np.add.at
    (np.array([[0, 2], [2, 1]]), np.arange(4.0).reshape(2, 2)),
    (np.array([0, 2, 2, 1], dtype=np.uint64), np.arange(4.0)),    # bincount refuses uint64
    (np.array([0, 2, 2, 1], dtype=np.uint8), np.arange(4.0)),
    (np.array([], dtype=np.int64), 2.0),
    (np.array([True, False, True]), 1.0),                  # a mask
    ((np.array([0, 2]),), np.array([1.0, 2.0])),            # a tuple
])
def test_counted_at_adds_as_np_add_at(index, g):
    counted, added = np.full(3, 0.5), np.full(3, 0.5)
    counted_at(counted, index, g)
    np.add.at(added, index, g)
    assert np.allclose(counted, added)


def test_a_position_past_the_end_is_np_add_at_s_error():
    with pytest.raises(IndexError):
        counted_at(np.zeros(3), np.array([0, 3]), 1.0)


def smoothed_reads(x, idx, w):
    return np.sum(np.diff(x) ** 2) + np.sum(x[idx] * w)


def twice_differenced_reads(x, idx, w):
    return np.sum(np.diff(x, 2) ** 2) + np.sum(x[idx] * w)


def test_the_adjoint_of_a_difference_is_added_into_without_a_copy():
    """``undiff(g, shape, n)`` of a constant ``n >= 1`` makes its array (ad/adjoints.py's
    ``_fresh_copy``): the scatter after it adds into it in place, no ``np.copy`` first."""
    for f in (smoothed_reads, twice_differenced_reads):
        code = reverse_sweep(f, X, IDX, W)
        assert "undiff(" in code and "counted_at(" in code and "np.copy" not in code, f.__name__
        assert check_grad(f, X, IDX, W), f.__name__
