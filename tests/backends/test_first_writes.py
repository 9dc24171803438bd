"""backends/first_writes.py: an adjoint buffer of zeros filled region by region gets each first
write into an untouched region stored (``d[s] = v``, not ``d[s] += v``), and ``np.empty`` where
those stores cover it before anything else reads it. Overlapping regions, ``-=``, a read in
between and a region left unwritten keep the zeros and the additions."""
import ast

import numpy as np

import transpiler
from transpiler.ad.derivative import Derivative
from transpiler.backends.first_writes import store_first_writes
from transpiler.check import check_grad

RNG = np.random.default_rng(4)
A = RNG.standard_normal((5, 6))
B = RNG.standard_normal((6, 9))


def gates(a, b):
    p = a @ b
    z = 1 / (1 + np.exp(-p[:, :3]))
    r = np.tanh(p[:, 3:6])
    n = np.sin(p[:, 6:])
    return np.sum(z * r + n * n)


def two_of_three_gates(a, b):
    p = a @ b
    return np.sum(np.tanh(p[:, :3]) * np.exp(p[:, 6:]))


def overlapping_windows(a, b):
    p = a @ b
    return np.sum(np.sin(p[:, :5]) * np.cos(p[:, 4:]))


def rewritten(code: str) -> str:
    d = Derivative.__new__(Derivative)
    d.body = ast.parse(code).body
    store_first_writes(d)
    return ast.unparse(ast.Module(body=d.body, type_ignores=[]))


def test_disjoint_regions_covering_the_buffer_are_stored_into_empty_memory():
    code = transpiler.grad(gates).compiled((A, B)).source.split("# reverse sweep")[1]
    assert "np.empty((5, 9))" in code and "] += " not in code
    assert check_grad(gates, A, B) and check_grad(gates, A, B, wrt=1)


def test_a_region_left_unwritten_keeps_the_zeros():
    code = transpiler.grad(two_of_three_gates).compiled((A, B)).source.split("# reverse sweep")[1]
    assert "np.zeros((5, 9))" in code and "np.empty" not in code and "] += " not in code
    assert check_grad(two_of_three_gates, A, B)


def test_overlapping_regions_add_the_second_write():
    code = transpiler.grad(overlapping_windows).compiled((A, B)).source.split("# reverse sweep")[1]
    assert "np.zeros((5, 9))" in code and "] += " in code
    assert check_grad(overlapping_windows, A, B)


def test_the_rewrite_itself():
    assert rewritten("d = np.zeros((2, 4))\nd[:, 2:] += u\nd[:, :2] += v\n") == \
        "d = np.empty((2, 4))\nd[:, 2:] = u\nd[:, :2] = v"
    assert rewritten("d = np.zeros(4, dtype=np.float32)\nd[::-2] += u\nd[-2::-2] += v") == \
        "d = np.empty(4, dtype=np.float32)\nd[::-2] = u\nd[-2::-2] = v"
    # `-=`: its region added to as before, so the zeros stay
    assert rewritten("d = np.zeros(4)\nd[:2] += u\nd[2:] -= v") == "d = np.zeros(4)\nd[:2] = u\nd[2:] -= v"
    # a read of the buffer ends what this pass follows
    assert rewritten("d = np.zeros(4)\nd[:2] += u\nw = d * 2\nd[2:] += v") == \
        "d = np.zeros(4)\nd[:2] = u\nw = d * 2\nd[2:] += v"
    # a value reading the buffer, a non-constant index, and another buffer's write
    assert rewritten("d = np.zeros(4)\nd[:2] += d[2:]\nd[i] += v") == "d = np.zeros(4)\nd[:2] += d[2:]\nd[i] += v"
    assert rewritten("d = np.zeros(3)\nx[:1] += u\nd[1] += v") == "d = np.zeros(3)\nx[:1] += u\nd[1] = v"
    # inside a loop's body, each iteration's buffer its own
    assert rewritten("for i in range(3):\n    d = np.zeros(2)\n    d[0] += u\n    d[1] += v") == \
        "for i in range(3):\n    d = np.empty(2)\n    d[0] = u\n    d[1] = v"


def test_float32_stays_float32():
    a32, b32 = A.astype(np.float32), B.astype(np.float32)
    g = transpiler.grad(gates)(a32, b32)
    assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(gates)(A, B), rtol=1e-3, atol=1e-4)


def test_forward_mode_agrees():
    direction = RNG.standard_normal(A.shape)
    _, tangent = transpiler.jvp(gates, (A, B), (direction, np.zeros_like(B)))
    assert np.isclose(tangent, np.vdot(transpiler.grad(gates)(A, B), direction))
