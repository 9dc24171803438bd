"""``y.ndim`` / ``y.shape`` / ``y.size`` / ``y.dtype`` of a name another name updated in place
(numpy's polyfit: ``rhs = y``, ``rhs *= w``, then ``if y.ndim == 1``): an in-place update keeps
an array's shape and dtype, so reading them needs no run-time check (frontend/calls.py); the
values are the updated ones (``rhs`` is ``y``: frontend/assignments.py)."""
import numpy as np

from sequence_checks import assert_both_modes


def weighted(w, y):
    y = np.asarray(y) + 0.0
    rhs = y
    rhs *= w
    if y.ndim == 1 and y.shape[0] == y.size and y.dtype == np.float64:
        return np.sum(rhs ** 2)
    return np.sum(rhs)


def values_read(w, y):
    y = np.asarray(y) + 0.0
    rhs = y
    rhs *= w
    return np.sum(y * rhs)


def test_shape_of_a_name_updated_through_another_matches_finite_differences():
    assert_both_modes(weighted, np.array([0.5, 2.0, -1.0]), np.array([1.0, 2.0, 3.0]))


def test_values_of_a_name_updated_through_another_see_the_update():
    # rhs = y: one object, so y sees `rhs *= w` (frontend/assignments.py _same_object_updated)
    assert_both_modes(values_read, np.array([0.5, 2.0, -1.0]), np.array([1.0, 2.0, 3.0]))
