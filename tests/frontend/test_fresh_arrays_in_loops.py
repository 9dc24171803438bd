"""An array made afresh in each iteration of a loop is another object than the one an earlier
iteration made (frontend/containers.py ``_older_than``): time-stepping that rotates buffers
(``un = np.empty_like(u); un[1:-1] = ...; up, u = u, un``) was refused ("`u` is read after a
write through `un`"), because the new ``un`` and the ``u`` carried from the previous iteration
looked like one memory. Writes into the older object (``prev[i] = ...`` after ``prev = cur``) still
reach it; a list holding the array written in the same iteration stays refused. Both modes and
second order against central differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

P = np.array([0.8, 1.3, -0.4])


def leapfrog_wave(p):
    u = np.sin(np.linspace(0, np.pi, 8)) * p[0]
    up = u.copy()
    for _ in range(10):
        un = np.empty_like(u)
        un[1:-1] = 2 * u[1:-1] - up[1:-1] + p[1] * (u[2:] - 2 * u[1:-1] + u[:-2])
        un[0] = un[-1] = 0.0
        up, u = u, un
    return np.sum(u ** 2)


def three_buffers(p):
    a = np.ones(4) * p[0]
    b = np.ones(4) * p[1]
    for k in range(4):
        c = np.zeros(4)
        c[:] = 0.5 * (a + b) + p[2] * k
        c[k] = c[k] * a[k]
        a, b = b, c
    return np.sum(a * b)


def writes_into_the_previous_array(p):
    prev = np.zeros(3)
    total = 0.0
    for i in range(3):
        cur = np.ones(3) * p[i]
        prev[i] = 5.0               # the array the previous iteration made: not `cur`
        total = total + np.sum(cur * prev)
        prev = cur
    return total


def writes_through_an_older_name(p):
    u = np.ones(3) * p[0]
    old = u
    for i in range(3):
        un = u * 2.0
        old = u
        un[i] = p[1]
        u = un
        old[0] = p[2]
    return np.sum(u) + np.sum(old)


@pytest.mark.parametrize("f", [leapfrog_wave, three_buffers, writes_into_the_previous_array,
                               writes_through_an_older_name])
def test_buffers_made_in_each_iteration_are_their_own_arrays(f):
    assert_both_modes(f, P)
    h = transpiler.hessian(f)(P)
    np.testing.assert_allclose(h, h.T, rtol=1e-7, atol=1e-9)


def list_holds_the_written_array(p):
    history = []
    for i in range(3):
        v = np.zeros(2) + p[i]
        history.append(v)
        v[0] = p[i] ** 2            # changes the array `history` holds: refused
    return sum(np.sum(h) for h in history)


def test_an_array_written_after_a_list_took_it_stays_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match="`history` is read after a write through `v`") as caught:
        transpiler.grad(list_holds_the_written_array)(P)
    assert "test_fresh_arrays_in_loops.py" in str(caught.value)


def heat_stencil(p):
    u = np.zeros(10)
    u[4:6] = p
    for _ in range(15):
        u[1:-1] = u[1:-1] + 0.2 * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u ** 2)


def test_the_hessian_of_a_stencil_loop_lowers_its_own_gradient():
    # the gradient's reverse loop copies the carried adjoint (`d_u_1 = np.copy(d_u_1)`) before
    # writing into it: lowering that code for `hessian` refused it as a write through an alias
    p = np.array([0.8, 1.3])
    gradient = transpiler.grad(heat_stencil)
    h = 1e-6
    columns = [(gradient(p + h * e) - gradient(p - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(transpiler.hessian(heat_stencil)(p), np.array(columns).T, rtol=1e-6)
