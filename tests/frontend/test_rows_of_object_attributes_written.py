"""Writes into the rows a loop gives from an attribute of an object made in the function (the
Python Playground boids' ``applyBC``: ``for coord in self.pos: if coord[0] > w: coord[0] = -d``).
NumPy iterates an array by views of its rows, so the write changes ``self.pos``; the lowering
writes each row back (frontend/rows.py), as it did for a plain name's rows. It was refused
("writing into `coord`, which may share memory with the sequence an enclosing loop iterates
over"). Checked against central differences in both modes, and the Hessian against differences
of the gradient."""
import numpy as np
import pytest

import transpiler
from sequence_checks import assert_both_modes

WEIGHTS = np.arange(9.0).reshape(3, 3)
X = np.array([1.3, -1.2, 0.8])


class Flock:
    def __init__(self, x):
        self.pos = np.outer(x, x) + 1.0
        self.vel = np.sin(np.outer(x, x[::-1]))

    def wrap(self):
        for coord in self.pos:
            if coord[0] > 1.5:
                coord[0] = -2.0
            if coord[1] < 0.0:
                coord[1] = coord[1] + 3.0

    def scale_rows(self):
        for coord in self.pos:
            coord[0] = coord[1] * coord[2]
            coord *= 0.5

    def limit_vec(self, vec, top):
        mag = np.linalg.norm(vec)
        if mag > top:
            vec[0], vec[1] = vec[0] * top / mag, vec[1] * top / mag

    def limit(self, rows, top):
        for vec in rows:
            self.limit_vec(vec, top)

    def tick(self):
        self.pos += self.vel
        self.limit(self.vel, 0.8)
        self.wrap()


def wrapped(x):
    flock = Flock(x)
    flock.wrap()
    return np.sum(flock.pos * WEIGHTS)


def scaled(x):
    flock = Flock(x)
    flock.scale_rows()
    return np.sum(flock.pos * WEIGHTS)


def ticked(x):
    flock = Flock(x)
    for _ in range(3):
        flock.tick()
    return np.sum(flock.pos * WEIGHTS) + np.sum(flock.vel ** 2)


CASES = [wrapped, scaled, ticked]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_writes_into_rows_of_an_attribute_are_differentiated_in_both_modes(f):
    assert_both_modes(f, X)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_writes_into_rows_of_an_attribute_change_the_attribute_as_numpy_does(f):
    value, _ = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-12)


def test_writes_into_rows_of_an_attribute_have_the_hessian_of_differences():
    h = 1e-5
    gradient = transpiler.grad(scaled)
    expected = np.array([(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(scaled)(X), expected, rtol=1e-6, atol=1e-6)


SHARED = np.ones((3, 3))


class Borrowed:
    def __init__(self, x):
        self.pos = SHARED          # (a global array: its rows are not the function's to write)
        self.x = x

    def wrap(self):
        for coord in self.pos:
            coord[0] = self.x[0]


def borrowed(x):
    flock = Borrowed(x)
    flock.wrap()
    return np.sum(flock.pos)


def test_writes_into_rows_of_a_global_held_by_an_attribute_stay_refused():
    with pytest.raises(transpiler.TranspileError, match="coord"):
        transpiler.grad(borrowed)(X)
