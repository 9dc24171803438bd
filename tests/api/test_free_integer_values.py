"""A Python int (or bool) a free name holds (a global, a closure's cell) that the function reads
as a size, a count or a branch's test is compiled for its value (api/fast_path.py: free_family,
opt/specialize.py: values_read_as_sizes): the shape analysis folds ``np.zeros(K)`` as it folds
``np.zeros(16)``; a changed value compiles anew, and a value that changes on every call is
compiled for a few times, then read at call time by code generic in it."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.api.fast_path import VALUES_COMPILED_FOR, free_family
from transpiler.backends import emit

rng = np.random.default_rng(17)
K = 16
N = 3
STEP = 0


def lstm(Wall, xs):
    h = np.zeros(K)
    c = np.zeros(K)
    for x in xs:
        zz = Wall @ np.concatenate([x, h])
        i, f, o, g = np.split(zz, 4)
        i = 1 / (1 + np.exp(-i))
        f = 1 / (1 + np.exp(-f))
        o = 1 / (1 + np.exp(-o))
        c = f * c + i * np.tanh(g)
        h = o * np.tanh(c)
    return np.sum(h ** 2)


def head_energy(x):
    return np.sum(np.tanh(x[:N]) ** 2) + np.sum(np.ones(N) / N * x[-1])


def scaled_by_step(x):
    return np.sum(np.zeros(STEP + 1)) + np.sum(np.sin(x) * x[:STEP + 1].sum())


def agrees(f, *args):
    report = transpiler.check_grad(f, *args)
    assert report.ok, report


def test_a_global_size_folds_as_a_literal_does():
    """The LSTM with its width a module constant: the code has the shapes of the literal's,
    with no helper for unknown shapes."""
    W, xs = rng.normal(size=(4 * K, 8 + K)) * 0.1, rng.normal(size=(5, 8))
    g = transpiler.grad(lstm)
    g(W, xs)
    code = g.source(args=(W, xs))
    for helper in ("unbroadcast(", "matmul_adjoint", "zeros_like_adjoint("):
        assert helper not in code
    agrees(lstm, W, xs)


def test_a_changed_global_recompiles_and_gives_its_gradient():
    global N
    g = transpiler.grad(head_energy)
    x = rng.normal(size=6)
    try:
        for n in (3, 5, 3, 2):
            N = n
            expected = np.zeros(6)
            expected[:n] = 2 * np.tanh(x[:n]) / np.cosh(x[:n]) ** 2
            expected[-1] += 1.0
            np.testing.assert_allclose(g(x), expected, rtol=1e-12)
            assert f"x[:{n}]" in g.source(args=(x,))
            agrees(head_energy, x)
    finally:
        N = 3


def reverse_sweep(f, *args):
    """The reverse sweep of the code a call runs, its temporaries' numbers left out."""
    return re.sub(r"_t\d+", "_t", transpiler.grad(f).source(args=args).split("# reverse sweep")[-1])


def test_a_closure_size_is_compiled_for_its_value():
    """A closure's int folds as the literal it holds would: the same reverse sweep."""
    def make(n):
        def f(x):
            return np.sum((x.reshape(n, -1) - np.ones(n)[:, None] / n) ** 2 * np.eye(n)[:, :2])
        return f

    def literal(x):
        return np.sum((x.reshape(3, -1) - np.ones(3)[:, None] / 3) ** 2 * np.eye(3)[:, :2])

    x = rng.normal(size=6)
    assert reverse_sweep(make(3), x) == reverse_sweep(literal, x)
    agrees(make(3), x)
    agrees(make(2), x[:4])


def test_a_global_changing_on_every_call_compiles_a_few_times(monkeypatch):
    global STEP
    compiled = []
    real = emit.compile_function
    monkeypatch.setattr(emit, "compile_function", lambda text, *a, **k: compiled.append(text) or real(text, *a, **k))
    g = transpiler.grad(scaled_by_step)
    x = rng.normal(size=12)
    try:
        for step in range(10):
            STEP = step
            expected = np.cos(x) * x[:step + 1].sum()
            expected[:step + 1] += np.sum(np.sin(x))
            np.testing.assert_allclose(g(x), expected, rtol=1e-12)
    finally:
        STEP = 0
    assert len(compiled) == VALUES_COMPILED_FOR + 1     # three values, then code generic in it, for good
    assert "STEP + 1" in compiled[-1] and "STEP + 1" not in compiled[0]


def test_a_float_global_is_not_compiled_for_its_value():
    """A number that only scales is no size: code generic in it, whatever it holds."""
    def scaled(x):
        return np.sum(x * K) + np.sum(np.zeros(N))
    entries = {entry[0]: entry for entry in free_family(scaled, {})}
    assert len(entries["K"]) == 3 and entries["N"] == ("N", (), "i8", N)


@pytest.mark.parametrize("flag", [True, False])
def test_a_bool_global_decides_its_branch(flag):
    def f(x):
        return np.sum(x ** 2) if FLAGS[0] else np.sum(np.sin(x))
    FLAGS[0] = flag
    x = rng.normal(size=4)
    agrees(f, x)


FLAGS = [True]


def width_default(W, x, K=4):
    h = np.zeros(K)
    for row in x:
        h = np.tanh(W @ np.concatenate([row, h]))
    return np.sum(h ** 2)


def test_an_integer_default_is_compiled_for_its_value():
    """``K=4``: the code of a call that leaves it out folds it as the literal, and a call
    passing another value compiles for that one (a width of 3 needs a W of another shape)."""
    g = transpiler.grad(width_default)
    W, x = rng.normal(size=(4, 6)) * 0.5, rng.normal(size=(3, 2))
    code = g.source(args=(W, x))
    assert "unbroadcast(" not in code and "matmul_adjoint" not in code
    got = g(W, x)
    agrees(width_default, W, x)
    W3 = rng.normal(size=(3, 5)) * 0.5
    np.testing.assert_allclose(g(W3, x, 3), transpiler.grad(width_default)(W3, x, K=3), rtol=1e-12)
    np.testing.assert_allclose(g(W, x), got, rtol=1e-12)
    report = transpiler.check_grad(width_default, W3, x, 3)
    assert report.ok, report


def test_a_positional_integer_without_default_is_compiled_for_its_type(monkeypatch):
    """A loop count passed by position may change on every call: one compile for all counts."""
    def power_sum(x, n):
        total = 0.0
        for k in range(n):
            total = total + np.sum(x ** 2) * k
        return total
    compiled = []
    real = emit.compile_function
    monkeypatch.setattr(emit, "compile_function", lambda text, *a, **k: compiled.append(text) or real(text, *a, **k))
    g = transpiler.grad(power_sum)
    x = rng.normal(size=3)
    for n in range(2, 9):
        np.testing.assert_allclose(g(x, n), 2 * x * n * (n - 1) / 2, rtol=1e-12)
    assert len(compiled) == 1


class Head:
    K = 2

    def loss(self, x):
        return np.sum((x[:self.K] - np.ones(self.K) / self.K) ** 2)


def test_a_class_attribute_read_through_self_is_compiled_for_its_value():
    head, x = Head(), rng.normal(size=5)
    g = transpiler.grad(head.loss)
    code = g.source(args=(x,))
    assert "x[:2]" in code and "np.ones(2)" in code and "unbroadcast(" not in code
    for k in (2, 4, 3):
        head.K = k
        expected = np.zeros(5)
        expected[:k] = 2 * (x[:k] - 1 / k)
        np.testing.assert_allclose(g(x), expected, rtol=1e-12)
    agrees(head.loss, x)


def global_and_default(x, n=2):
    return np.sum(np.sin(x[:N])) + np.sum(x[:n] ** 2)


def test_a_global_and_a_default_both_compiled_for_their_values():
    """Both kinds of value in one spec: the free names' guard reads the free names only."""
    x = rng.normal(size=5)
    g = transpiler.grad(global_and_default)
    for n in (2, 2, 4):
        expected = np.zeros(5)
        expected[:N] += np.cos(x[:N])
        expected[:n] += 2 * x[:n]
        np.testing.assert_allclose(g(x, n), expected, rtol=1e-12)
    agrees(global_and_default, x)


def pooled_by_default_width(W, X, k=4):
    H = np.tanh(X @ W)
    return np.sum(H.reshape(-1, k, H.shape[1]).mean(axis=1) ** 2)


def test_a_default_in_a_tuple_beside_a_shape_read_is_compiled_for_its_value():
    """rp1's probe P11, ``H.reshape(-1, k, H.shape[1])``: the tuple holds ``k`` beside a shape
    read at run time; it was taken for arithmetic scaling ``k`` (no size), so the reshape's
    shape, and every shape after it, was unknown (``unreduce``, ``unbroadcast`` helpers)."""
    W, X = rng.normal(size=(3, 5)), rng.normal(size=(8, 3))
    g = transpiler.grad(pooled_by_default_width)
    code = g.source(args=(W, X))
    assert "np.reshape(H, (-1, 4, 5))" in code and "unreduce(" not in code and "unbroadcast(" not in code
    agrees(pooled_by_default_width, W, X)
    np.testing.assert_allclose(g(W, X, 2), transpiler.grad(pooled_by_default_width)(W, X, k=2), rtol=1e-12)
    report = transpiler.check_grad(pooled_by_default_width, W, X, 2)
    assert report.ok, report
