"""One gradient object called with a new shape, a new dtype, then after a free name it reads is
rebound: each call gives the right gradient of a function with branches and a loop (the branch
adjoints join what each path changed, ad/journal.py; analyses kept per IR function, ir/memo.py)."""
import numpy as np

import transpiler
from transpiler import check_grad

WEIGHT = 2.0


def _scaled(v):
    return v * WEIGHT


def branches_and_a_loop(x):
    s = np.sum(x)
    t = np.sin(x)
    if s > 1.0:
        t = _scaled(t)
    for i in range(2):
        if t[0] > 0.1:
            t = t * np.cos(x)
        else:
            t = t + x
    return np.sum(t * x)


def _expected(x):
    """The gradient, by central differences (float64)."""
    x = np.asarray(x, dtype=float)
    h, out = 1e-6, np.zeros_like(x)
    for k in range(x.size):
        e = np.zeros_like(x)
        e.flat[k] = h
        out.flat[k] = (branches_and_a_loop(x + e) - branches_and_a_loop(x - e)) / (2 * h)
    return out


def test_a_second_shape_a_dtype_and_a_rebound_free_name_each_give_the_right_gradient():
    global WEIGHT
    gradient = transpiler.grad(branches_and_a_loop)
    first, longer = np.array([0.3, 0.7, 0.2]), np.array([0.05, 0.2, 0.1, 0.3, 0.25])    # s > 1, then s < 1
    assert np.allclose(gradient(first), _expected(first), rtol=1e-6, atol=1e-8)
    assert np.allclose(gradient(longer), _expected(longer), rtol=1e-6, atol=1e-8)
    narrow = gradient(first.astype(np.float32))
    assert narrow.dtype == np.float32 and np.allclose(narrow, _expected(first), rtol=1e-4, atol=1e-5)
    try:
        WEIGHT = -0.5
        assert np.allclose(gradient(first), _expected(first), rtol=1e-6, atol=1e-8)
        assert check_grad(branches_and_a_loop, longer * 4.0).ok
    finally:
        WEIGHT = 2.0
    assert np.allclose(gradient(first), _expected(first), rtol=1e-6, atol=1e-8)
