"""The optional numba backend: the same generated gradient, compiled by numba's nopython mode."""
import importlib.util
import math
import sys

import numpy as np
import pytest

import transpiler
from transpiler.errors import TranspileError

numba = pytest.importorskip("numba")


def logistic_map(x):
    v = x
    for _ in range(50):
        v = 3.7 * v * (1 - v)
    return v


def rosenbrock_loop(x):
    s = 0.0
    for i in range(len(x) - 1):
        s = s + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


def elementwise_sum(x):
    return np.sum(np.sqrt(x ** 2 + np.exp(x ** 2)) + np.cos(x ** 2 + np.exp(x ** 2)))


def relu_sum(x, y):
    return np.sum(np.maximum(x, y) * x)


def search_with_break(x, n):
    s = x
    for i in range(n):
        if s > 10.0:
            break
        s = s * s + 1.0
    return s


def with_a_dict(d):
    return d["a"] * d["b"]


def scalar_loop_then_sum(x, n):
    s = 0.0
    for i in range(n):
        s = s + x * i
    return np.sum(s)


def dot_product(x):
    return np.dot(x, x)


MATRIX = np.arange(12.0).reshape(4, 3)


def matrix_vector(x):
    return np.sum(np.dot(MATRIX, x) ** 2)


CASES = [
    (logistic_map, (0.3,), 0),
    (rosenbrock_loop, (np.linspace(-1.2, 1.3, 9),), 0),
    (elementwise_sum, (np.linspace(-1.0, 1.0, 11),), 0),
    (relu_sum, (np.array([0.5, -1.0, 2.0, 1.0]), np.array([0.1, 0.3, 2.5, 1.0])), (0, 1)),
    (search_with_break, (1.1, 6), 0),
    (scalar_loop_then_sum, (1.5, 4), 0),
    (dot_product, (np.linspace(-1.0, 2.0, 5),), 0),
    (matrix_vector, (np.linspace(-1.0, 2.0, 3),), 0),
]


def skip_without_blas(f):
    """numba compiles np.dot with SciPy's BLAS only, and SciPy is not a test extra."""
    if f is matrix_vector and importlib.util.find_spec("scipy") is None:
        pytest.skip("numba's np.dot needs SciPy")


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
def test_numba_gradient_equals_the_numpy_gradient(f, args, wrt):
    skip_without_blas(f)
    want = transpiler.grad(f, wrt=wrt)(*args)
    got = transpiler.grad(f, wrt=wrt, backend="numba")(*args)
    flat = lambda g: np.hstack(g) if isinstance(g, tuple) else np.atleast_1d(g)  # noqa: E731
    np.testing.assert_allclose(flat(got), flat(want), rtol=1e-12, atol=1e-14)


# Points where central differences are reliable: no tie in the maximum, no chaotic orbit
# (50 logistic-map iterations amplify a step by ~1e10).
FD_CASES = [c for c in CASES if c[0] not in (logistic_map, relu_sum)] + [
    (relu_sum, (np.array([0.5, -1.0, 2.0, 1.0]), np.array([0.1, 0.3, 2.5, 1.5])), (0, 1))]


@pytest.mark.parametrize("f, args, wrt", FD_CASES, ids=[c[0].__name__ for c in FD_CASES])
def test_numba_gradient_matches_finite_differences(f, args, wrt):
    """Checked against the function itself, not only against the NumPy backend's code."""
    skip_without_blas(f)
    got = transpiler.grad(f, wrt=wrt, backend="numba")(*args)
    report = transpiler.check_grad(f, *args, wrt=wrt)
    flat = lambda g: np.hstack(g) if isinstance(g, tuple) else np.atleast_1d(g)  # noqa: E731
    assert report.ok, report
    np.testing.assert_allclose(flat(got), flat(transpiler.grad(f, wrt=wrt)(*args)), rtol=1e-12, atol=1e-14)


def test_numba_linear_algebra_without_scipy_is_a_transpile_error_saying_so():
    """numba's np.dot needs SciPy's BLAS; without SciPy its ImportError must not leak raw."""
    script = (
        "import sys; sys.modules['scipy'] = None\n"
        "import numpy as np, transpiler, test_numba as t\n"
        "try:\n"
        "    transpiler.grad(t.matrix_vector, backend='numba')(np.ones(3))\n"
        "except transpiler.TranspileError as e:\n"
        "    print('TranspileError:', e)\n")
    import os
    import subprocess
    here = os.path.dirname(__file__)
    out = subprocess.run([sys.executable, "-c", script], cwd=here, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join([here, os.path.dirname(here)])})
    assert "TranspileError: numba cannot compile the generated gradient of matrix_vector" in out.stdout, out.stderr
    assert "pip install scipy" in out.stdout


def test_numba_backend_compiles_the_generated_function_with_numba():
    gradient = transpiler.grad(logistic_map, backend="numba")
    assert gradient(0.3) == pytest.approx(transpiler.grad(logistic_map)(0.3), rel=1e-12)
    function = gradient.compiled((0.3,)).function
    assert isinstance(function, numba.core.registry.CPUDispatcher) and function.signatures


def test_numba_backend_fuses_an_elementwise_gradient_into_one_loop():
    x = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
    gradient = transpiler.grad(elementwise_sum, backend="numba")
    got = gradient(x)
    assert got.shape == (3, 4)
    np.testing.assert_allclose(got, transpiler.grad(elementwise_sum)(x), rtol=1e-12)
    source = gradient.compiled((x,)).source
    assert "for _k in range(x_flat.size):" in source


@pytest.mark.parametrize("vectorised", [frozenset(), frozenset({"exp", "log"})])
def test_numpy_computes_exp_and_log_before_the_loop_where_its_simd_versions_are_faster(monkeypatch, vectorised):
    import transpiler.backends.numba

    monkeypatch.setattr(transpiler.backends.numba, "numpy_vectorised", lambda *functions: vectorised)
    monkeypatch.setattr(transpiler.driver.pipeline, "_compiled", type(transpiler.driver.pipeline._compiled)())
    x = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
    gradient = transpiler.grad(elementwise_sum, backend="numba")
    np.testing.assert_allclose(gradient(x), transpiler.grad(elementwise_sum)(x), rtol=1e-12)
    source = gradient.compiled((x,)).source
    if vectorised:
        assert "# exp and log by NumPy, the rest of both sweeps in one loop" in source
        assert "_t2_all = np.exp(_t1_all)" in source and "def elementwise_sum_grad_loop(" in source
        assert isinstance(gradient.compiled((x,)).function, type(elementwise_sum))      # Python, not jitted
    else:
        assert "# both sweeps fused into one loop over the elements" in source and "_all = np.exp" not in source


def test_numba_backend_reports_what_it_cannot_compile():
    """A dict holding a string is passed whole (not taken apart into its numbers): numba cannot
    type it."""
    with pytest.raises(TranspileError, match="numba cannot compile the generated gradient of with_a_dict") as info:
        transpiler.grad(with_a_dict, backend="numba")({"a": 2.0, "b": 3.0, "label": "x"})
    assert "backend='numpy'" in str(info.value)


def grid_of_lists(x, n=4):
    grid = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = np.sin(x[0] * i) * x[1] + j
    return sum(sum(row) for row in grid)


def test_a_typing_error_numba_raises_as_a_plain_type_error_is_reported_as_the_others():
    """numba types the list helpers' ``isinstance(n, np.integer)`` with a TypeError, not one of its
    own errors: it was let through raw."""
    with pytest.raises(TranspileError, match="numba cannot compile the generated gradient of grid_of_lists") as info:
        transpiler.grad(grid_of_lists, backend="numba")(np.array([0.3, 1.2]))
    assert "backend='numpy'" in str(info.value)


def test_numba_backend_without_numba_installed_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)      # `import numba` now raises ImportError
    with pytest.raises(TranspileError, match=r"pip install 'transpiler\[numba\]'"):
        transpiler.grad(lambda_free_square, backend="numba")(2.0)


def lambda_free_square(x):
    return x * x


def test_unknown_backend_is_rejected():
    with pytest.raises(ValueError, match="backend must be one of 'array_api', 'numba', 'numpy'"):
        transpiler.grad(lambda_free_square, backend="cuda")


decorated_loop = transpiler.differentiate(backend="numba")(logistic_map)


def test_differentiate_decorator_takes_the_numba_backend():
    assert decorated_loop.grad(0.3) == pytest.approx(transpiler.grad(decorated_loop.__wrapped__)(0.3), rel=1e-12)
    assert decorated_loop._grad.backend == "numba"
    with pytest.raises(ValueError, match="numba backend compiles reverse-mode"):
        transpiler.differentiate(logistic_map, mode="forward", backend="numba")


def loop_breaking_out_of_a_branch(x0):
    """The fuzzer's seed 424370 (class numba): numba's own compiler raised an AttributeError
    ("'UndefinedType' object has no attribute 'name'") on its gradient."""
    if math.fabs(x0) <= -0.54:
        x0 = x0 % 1.3
    elif x0 ** 3 <= -1.47:
        x0 *= np.fmax(np.multiply(x0, x0) if math.tanh(x0) > -0.39 else x0,
                      pow(1 + np.arctanh(0.9 * np.tanh(x0)) * np.arctanh(0.9 * np.tanh(x0)), 0.5))
    v1 = math.tanh(x0)
    v2 = x0
    if v2 <= -0.9:
        v1 = -0.7 / (1 + x0 * x0)
        v2 -= np.square(np.fmax(x0, v1))
    k1 = 0
    while k1 < 4 and v1 < 0.44:
        v4 = abs(v1)
        v4 += np.divide(v2, 1 + np.abs(x0 + x0 / (2 + np.cos(x0))))
        if math.fabs(v1) > 0.29:
            break
        v1 = v1 * 0.5 + v2
        k1 = k1 + 1
    return v2 + v1 + x0


def test_an_attribute_error_of_numbas_compiler_is_a_refusal_or_the_gradient():
    try:
        got = transpiler.grad(loop_breaking_out_of_a_branch, backend="numba")(-1.2808435290716749)
    except TranspileError as exc:
        assert "numba cannot compile the generated gradient of loop_breaking_out_of_a_branch" in str(exc)
    else:
        assert got == pytest.approx(transpiler.grad(loop_breaking_out_of_a_branch)(-1.2808435290716749), rel=1e-12)
