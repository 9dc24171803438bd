"""In-place operations on arrays nothing reads again (transpiler/backends/reuse.py)."""
import ast
import textwrap

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.backends.reuse import float64_names, reuse_buffers

RNG = np.random.default_rng(4)


def rewritten(code: str, shapes: dict, float64: set, float32: frozenset = frozenset()) -> str:
    names = iter(f"_b{i}" for i in range(1, 100))
    body = ast.parse(textwrap.dedent(code)).body
    body = reuse_buffers(body, shapes, float64_names(body, float64), lambda: next(names), float32)
    return ast.unparse(ast.fix_missing_locations(ast.Module(body=body, type_ignores=[])))


def run(code: str, **values) -> dict:
    namespace = {"np": np, **values}
    exec(code, namespace)
    return namespace


SHAPES = {n: (4, 3) for n in ("x", "h", "d", "e", "y", "z")}


def test_a_dead_array_made_here_takes_the_result_and_the_values_are_unchanged():
    code = """
    h = np.tanh(x)
    d = np.exp(x)
    y = d * (1 - h * h)
    """
    out = rewritten(code, SHAPES, {"x"})
    assert "np.multiply(h, h, out=h)" in out and "np.subtract(1, h, out=h)" in out
    x = RNG.standard_normal((4, 3))
    assert np.array_equal(run(out, x=x)["y"], run(textwrap.dedent(code), x=x)["y"])
    assert np.array_equal(x, run(out, x=x)["x"])          # an argument is never written


def test_a_temporary_of_the_statement_takes_the_following_operations():
    out = rewritten("y = np.tanh(x @ W + b)", {"x": (4, 2), "W": (2, 3), "b": (3,), "y": (4, 3)}, {"x", "W", "b"})
    assert out.splitlines()[0] == "_b1 = x @ W" and "np.tanh(_b1, out=_b1)" in out


def test_an_array_read_later_or_aliased_is_not_written():
    read_later = rewritten("h = np.tanh(x)\ny = h * 2.0\nz = h + 1.0", SHAPES, {"x"})
    assert "y = h * 2.0" in read_later and "np.add(h, 1.0, out=h)" in read_later   # at its last read
    aliased = rewritten("h = np.tanh(x)\ne = h\ny = h * 2.0", SHAPES, {"x"})
    assert "out=h" not in aliased
    viewed = rewritten("h = np.tanh(x)\ne = h[0]\ny = h * 2.0", SHAPES, {"x"})
    assert "out=h" not in viewed
    in_a_loop = rewritten("h = np.tanh(x)\nfor i in range(2):\n    e = h * i\ny = h * 2.0", SHAPES, {"x"})
    assert "out=h" not in in_a_loop


def test_arrays_of_other_dtypes_and_booleans_are_left_alone():
    assert "out=" not in rewritten("h = x * 2\ny = h * 3", SHAPES, set())          # x: not float64
    masked = rewritten("h = np.tanh(x)\ny = h * (x > 0)", SHAPES, {"x"})
    assert "np.greater" not in masked
    x = RNG.standard_normal((4, 3))
    assert np.array_equal(run(masked, x=x)["y"], np.tanh(x) * (x > 0))


def test_a_slice_of_a_float64_array_is_float64_and_its_results_are_written_in_place_but_not_it():
    code = """
    a = x[:-1]
    h = 1 - a
    y = 2 * h
    e = a * 3.0
    """
    out = rewritten(code, {"x": (5, 3), "a": (4, 3), "h": (4, 3), "y": (4, 3), "e": (4, 3)}, {"x"})
    assert "np.multiply(2, h, out=h)" in out and "out=a" not in out and "out=x" not in out, out
    x = RNG.standard_normal((5, 3))
    copy = x.copy()
    assert np.array_equal(run(out, x=x)["y"], 2 * (1 - copy[:-1])) and np.array_equal(x, copy)


def rosenbrock(x):
    """tests/benchmarks/natural.py's N10: every value read from slices of ``x``."""
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def test_a_gradient_of_slices_writes_in_place_and_leaves_its_argument_alone():
    x = RNG.standard_normal(50)
    copy = x.copy()
    gradient = transpiler.grad(rosenbrock)
    assert "out=" in gradient.compiled((x,)).source
    expected = np.zeros_like(x)
    t = x[1:] - x[:-1] ** 2
    expected[:-1] = -400.0 * t * x[:-1] - 2 * (1 - x[:-1])
    expected[1:] += 200.0 * t
    np.testing.assert_allclose(gradient(x), expected, rtol=1e-12)
    assert np.array_equal(x, copy) and check_grad(rosenbrock, x)


def tanh_layers(W1, b1, W2, X, t):
    h = np.tanh(X @ W1 + b1)
    return np.mean((h @ W2 - t) ** 2)


def test_the_gradient_a_call_runs_writes_in_place_and_equals_the_printed_gradient():
    W1, b1, W2 = RNG.standard_normal((5, 6)), RNG.standard_normal(6), RNG.standard_normal((6, 1))
    X, t = RNG.standard_normal((8, 5)), RNG.standard_normal((8, 1))
    g = transpiler.grad(tanh_layers, wrt=(0, 1, 2))
    assert "out=" in g.compiled((W1, b1, W2, X, t)).source
    printed = {}
    exec(g.source([(5, 6), (6,), (6, 1), (8, 5), (8, 1)]), printed)
    want = printed["tanh_layers_grad"](W1, b1, W2, X, t)
    for got, expected in zip(g(W1, b1, W2, X, t), want):
        assert np.allclose(got, expected, rtol=1e-14, atol=0)
    copies = [a.copy() for a in (W1, b1, W2, X, t)]
    g(W1, b1, W2, X, t)
    assert all(np.array_equal(a, c) for a, c in zip((W1, b1, W2, X, t), copies))
    assert check_grad(tanh_layers, W1, b1, W2, X, t, wrt=(0, 1, 2))


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_arguments_of_other_dtypes_get_no_in_place_code(dtype):
    def scaled(x, w):
        return np.sum(np.tanh(x * w) * w)

    x, w = np.arange(6).reshape(2, 3).astype(dtype), np.linspace(0.1, 0.6, 6).reshape(2, 3)
    g = transpiler.grad(scaled, wrt=1)
    assert np.allclose(g(x, w), np.tanh(x * w) + x * w * (1 - np.tanh(x * w) ** 2))


def test_fresh_gradients_are_handed_over_without_a_copy_and_aliases_are_copied():
    def weighted(w, x):
        return np.sum(w * x)

    w, x = RNG.standard_normal(3), RNG.standard_normal(3)
    g = transpiler.grad(weighted)
    assert g.compiled((w, x)).fresh == (False,)          # d_w is x itself
    d_w = g(w, x)
    assert d_w is not x and np.array_equal(d_w, x)
    g2 = transpiler.grad(tanh_layers, wrt=(0, 1, 2))
    args = (RNG.standard_normal((5, 6)), RNG.standard_normal(6), RNG.standard_normal((6, 1)),
            RNG.standard_normal((8, 5)), RNG.standard_normal((8, 1)))
    assert all(g2.compiled(args).fresh)
    first, second = g2(*args), g2(*args)
    assert all(a is not b and np.array_equal(a, b) for a, b in zip(first, second))


def _merged_int_array(x1):
    x1 = np.log2(1 + x1 * x1)
    if x1[0, 0] >= -0.71:
        x1 = (x1 > 2) * 2                  # an int array on this path: the merge is not float64
    return np.sum(1 / (1 + np.exp(-x1))) + np.mean(x1)


def test_a_value_merged_from_a_float_and_an_int_array_is_not_written_in_place_as_float64(tmp_path):
    # fuzz seed 179260: the merge took the first branch's kind (float64), so np.exp(-x1) was
    # written into the int array's memory (UFuncTypeError)
    x1 = np.array([[-1.70616174, -0.69227795, -0.66003182]])
    np.testing.assert_allclose(transpiler.grad(_merged_int_array)(x1), np.zeros_like(x1))
    from transpiler.check import fuzz
    outcome = fuzz.run_program(fuzz.generate(179260), tmp_path)
    assert outcome.status == "ok", outcome.describe()


def test_a_complex_literal_makes_a_complex_result_that_is_not_written_into_a_float64_array():
    # `x + 1j * x ** 2` wrote the complex product into the float64 square (a UFuncTypeError at run time)
    out = rewritten("t = x ** 2\nz = x + 1.0j * t", SHAPES | {"t": (4, 3)}, {"x"})
    assert "out=t" not in out

    def f(x):
        z = x + 1j * x ** 2
        return np.sum(np.abs(z) ** 2)

    x = RNG.standard_normal(5)
    assert np.allclose(transpiler.grad(f)(x), 2 * x + 4 * x ** 3)
    assert np.allclose(transpiler.value_and_grad(f)(x)[1], 2 * x + 4 * x ** 3)


def test_float32_arrays_are_written_in_place_and_keep_their_dtype_and_values():
    code = """
    h = np.tanh(x)
    d = np.exp(x)
    y = 0.5 * d * (1 - h * h)
    """
    out = rewritten(code, SHAPES, set(), frozenset({"x"}))
    assert "np.multiply(h, h, out=h)" in out and "out=d" in out
    x = RNG.standard_normal((4, 3)).astype(np.float32)
    got, want = run(out, x=x)["y"], run(textwrap.dedent(code), x=x)["y"]
    assert got.dtype == np.float32 and np.array_equal(got, want)


def test_a_float32_statement_beside_a_float64_name_or_a_float64_ufunc_is_not_written_in_place():
    # a np.float64 number (or array) beside a float32 array makes a float64 result, and
    # np.float_power computes in float64: neither may land in a float32 buffer
    beside = rewritten("h = np.tanh(x)\ny = h * s", SHAPES, {"s"}, frozenset({"x"}))
    assert "out=" not in beside
    power = rewritten("h = np.tanh(x)\ny = np.float_power(h, 2)", SHAPES, set(), frozenset({"x"}))
    assert "out=h" not in power
    x = RNG.standard_normal((4, 3)).astype(np.float32)
    assert run(power, x=x)["y"].dtype == np.float64


def test_a_name_without_a_known_shape_gets_its_values_shape():
    # a rule template's temporary (``_part_2 = np.exp(...)``) has no shape from the transform
    code = """
    p = np.exp(np.minimum(x @ w, 709.0))
    y = 0.5 * (p / (1 + p))
    """
    shapes = {"x": (5, 3), "w": (3,), "y": (5,)}
    out = rewritten(code, shapes, {"x", "w"})
    assert "np.exp(_b1, out=_b1)" in out and "np.divide(p, _b2, out=_b2)" in out
    x, w = RNG.standard_normal((5, 3)), RNG.standard_normal(3)
    assert np.array_equal(run(out, x=x, w=w)["y"], run(textwrap.dedent(code), x=x, w=w)["y"])


def logistic_float32(w, X, y, lam):
    margins = y * (X @ w)
    return np.mean(np.logaddexp(0, -margins)) + lam * np.dot(w, w)


def test_the_gradient_of_a_float32_function_writes_in_place_and_stays_float32():
    X = RNG.standard_normal((40, 3)).astype(np.float32)
    w = (0.3 * RNG.standard_normal(3)).astype(np.float32)
    y = np.sign(RNG.standard_normal(40)).astype(np.float32)
    g = transpiler.grad(logistic_float32)
    source = g.compiled((w, X, y, 1e-3)).source
    assert "out=" in source
    got = g(w, X, y, 1e-3)
    assert got.dtype == np.float32
    w64, X64, y64 = (a.astype(np.float64) for a in (w, X, y))
    assert np.allclose(got, transpiler.grad(logistic_float32)(w64, X64, y64, 1e-3), rtol=1e-5, atol=1e-6)
    assert check_grad(logistic_float32, w64, X64, y64, 1e-3)


def test_a_buffer_made_for_a_result_is_deleted_after_its_last_read():
    # (``_b = h - target; ...; d_t7 = _b``: once ``d_t7`` is freed, a buffer name still bound
    # held the array to the end of the call)
    def tanh_regression(w, X, target):
        h = np.tanh(X @ w)
        return np.mean((h - target) ** 2)

    args = (RNG.standard_normal(3), RNG.standard_normal((20, 3)), RNG.standard_normal(20))
    body = ast.parse(transpiler.grad(tanh_regression).source(args=args)).body[-1].body
    buffers = {s.targets[0].id for s in body if isinstance(s, ast.Assign) and s.targets[0].id.startswith("_b")}
    deleted = {t.id for s in body if isinstance(s, ast.Delete) for t in s.targets}
    returned = {n.id for s in body[-2:] for n in ast.walk(s) if isinstance(n, ast.Name)}   # (freed by returning)
    assert buffers and buffers <= deleted | returned
    assert check_grad(tanh_regression, *args).ok


def test_a_name_bound_float64_then_rebound_in_a_loop_is_not_known_float64():
    """``y = x`` (float64) then ``y = (y > 0.5) * 2`` in a loop: an integer array after the loop,
    whose ``np.abs(-y)`` cannot take ``np.sqrt``'s float result in place (fuzz seed 13468)."""
    code = """
        y = x
        for i in range(2):
            y = (y > 0.5) * 2
        a = -y
        z = np.sqrt(np.absolute(a)) * 1.5
    """
    out = rewritten(code, {"y": (2,), "a": (2,), "z": (2,)}, {"x"})
    np.testing.assert_allclose(run(out, x=np.array([1.9, -1.9]))["z"], [1.5 * np.sqrt(2.0), 0.0])


def integer_after_the_loop(x):
    for _ in range(2):
        x = (x > 0.5) * np.size(x)
    return np.sum(np.abs(-x) ** 1.5)


def test_the_gradient_of_a_parameter_turned_integer_in_a_loop_runs():
    x = np.array([1.96, -1.95])
    np.testing.assert_array_equal(transpiler.grad(integer_after_the_loop)(x), [0.0, 0.0])
    assert check_grad(lambda x, y: integer_after_the_loop(x) + np.sum(np.sin(y)), x, x, wrt=(0, 1)).ok


# float64 through runtime helpers and NumPy views (reuse.py _DTYPE_OF_OPERANDS): in place after them,
# and a gradient made by the call handed back as it is (fresh_results: no copy, no check)
def test_values_through_a_relu_adjoint_a_broadcast_and_a_where_are_float64_and_go_in_place():
    code = """
    d = step_adjoint(e, x)
    y = d * h
    z = np.broadcast_to(np.where(x > 0, h, 0.0), (4, 3)) * 2.0
    w = z * x
    """
    out = rewritten(code, SHAPES, {"e", "x", "h"})
    assert "np.multiply(d, h, out=d)" not in out      # a helper's value may be its argument: not written
    assert "np.multiply(z, x, out=z)" in out, out
    from transpiler.backends.reuse import float64_names, fresh_results
    body = ast.parse(textwrap.dedent("a = step_adjoint(e, x)\ng = x.T @ a\nb = np.where(x > 0, e, 0.0)")).body
    assert fresh_results(body, [ast.Name("g"), ast.Name("b")], float64_names(body, {"e", "x"})) == (True, True)


def test_a_helper_of_python_numbers_is_not_taken_for_float32():
    # step_adjoint(0.5, s) is 0.5 * (s > 0): float64 whatever s's dtype; np.where(c, a, b) of two numbers too
    out = rewritten("d = step_adjoint(g, s)\ny = d * s\nz = np.where(s > 0, g, g) * s", {"d": (4, 3), "y": (4, 3), "s": (4, 3), "z": (4, 3)},
                    set(), frozenset({"s", "g"}))
    assert "out=" not in out, out


def two_layers(W1, W2, X):
    return np.mean((np.clip(X @ W1, 0, None) @ W2) ** 2)


def two_layers_by_hand(W1, W2, X):
    a = X @ W1
    h = np.maximum(a, 0)
    g = 2 * (h @ W2) / (len(X) * W2.shape[1])
    return X.T @ ((g @ W2.T) * (a > 0)), h.T @ g


def test_gradients_through_a_relu_adjoint_are_handed_back_as_made():
    X, W1, W2 = RNG.standard_normal((300, 20)), RNG.standard_normal((20, 32)), RNG.standard_normal((32, 4))
    gradient = transpiler.grad(two_layers, wrt=(0, 1))
    gradient(W1, W2, X)
    generated = gradient.compiled((W1, W2, X))
    assert "step_adjoint(" in generated.source and generated.fresh == (True, True), generated.source
    first = gradient(W1, W2, X)
    for got, expected in zip(first, two_layers_by_hand(W1, W2, X)):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    assert check_grad(two_layers, W1[:, :3] / 5, W2[:3] / 5, X[:8] / 5, wrt=(0, 1)).ok
    again = gradient(W1, W2, X)
    assert all(a is not b and not np.shares_memory(a, b) for a, b in zip(first, again))
    assert not any(np.shares_memory(g, a) for g in first for a in (W1, W2, X))


def test_a_choice_or_relu_adjoint_of_integers_is_not_taken_for_float64():
    # np.where(c, 1, 0) and step_adjoint(k, s) of an int k are integer arrays: never written with floats
    out = rewritten("k = 2\nm = np.where(x > 0, 1, k)\ny = m * x\nd = step_adjoint(k, x)\nz = d * x",
                    {n: (4, 3) for n in "mxyzd"}, {"x"})
    assert "out=m" not in out and "out=d" not in out, out
    x = RNG.standard_normal((4, 3))
    assert np.array_equal(run(out, x=x, step_adjoint=lambda g, s: g * (s > 0))["y"], np.where(x > 0, 1, 2) * x)


def test_a_float_fill_and_a_reshape_are_float64_an_integer_fill_is_not():
    out = rewritten("e = np.exp(x)\nr = np.reshape(x, (4, 3))\nz = r * e\nt = np.tanh(h)\nf = np.full((4, 3), -0.5)\ny = f * t\n"
                    "k = 2\ni = np.full((4, 3), k)\nw = i * x", {n: (4, 3) for n in "erzthfyiwx"}, {"x", "h"})
    assert "np.multiply(r, e, out=e)" in out and "out=t" in out and "out=i" not in out, out
    x, h = RNG.standard_normal((4, 3)), RNG.standard_normal((4, 3))
    got = run(out, x=x, h=h)
    assert np.array_equal(got["z"], x * np.exp(x)) and np.array_equal(got["y"], -0.5 * np.tanh(h))
    assert np.array_equal(got["w"], 2 * x)
