"""``a, b = traj[i]`` of a matrix written later in the loop (``traj[i + 1, 0] = a + b``): the
row's items are numbers of their own, as ``traj[i][0]`` is, so reading ``b`` after the write is
no alias. Which they are (numbers or rows) is known at run time: the generated code checks there
that the array written and the values read share no memory (frontend/element_reads.py). Both
modes against finite differences; rows of a 3-D array unpacked and read after a write raise."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


def trajectory(p):
    traj = np.zeros((3, 2))
    traj[0] = p
    for i in range(2):
        a, b = traj[i]
        traj[i + 1, 0] = a + b
        traj[i + 1, 1] = b * p[0]
    return np.sum(traj ** 2)


def rows_of_a_cube(p):
    cube = np.zeros((2, 2, 2))
    cube[0, 0] = p
    a, b = cube[0]                 # rows: views of cube
    cube[0, 0, 0] = 5.0            # changes a in NumPy
    return np.sum(a * p)


def test_items_of_a_row_read_after_a_write_into_the_matrix():
    assert_both_modes(trajectory, np.array([0.7, 1.3]))


def test_rows_unpacked_from_a_cube_and_read_after_a_write_raise():
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        transpiler.grad(rows_of_a_cube)(np.array([0.7, 1.3]))
