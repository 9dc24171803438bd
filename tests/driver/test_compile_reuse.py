"""A new argument shape reuses what does not depend on shapes (driver/pipeline.py, ir/memo.py):
the folded lowering, the analyses of a specialisation, and the compiled function where the new
shape's code comes out the same text. Whatever changes the code still compiles anew. (Each new
shape specialised at its first call here: the tier that runs code for any shapes first is
api/tiers.py's, tests/api/test_tiers.py.)"""
import numpy as np
import pytest

import transpiler
from transpiler.backends import emit
from transpiler.api import tiers
from transpiler.driver import pipeline


@pytest.fixture(autouse=True)
def specialised_at_once(monkeypatch):
    monkeypatch.setattr(tiers, "SPECIALISE_ON_CALL", 1)


@pytest.fixture
def compiles(monkeypatch):
    made = []
    real = emit.compile_function
    monkeypatch.setattr(emit, "compile_function", lambda *a, **k: made.append(a[0]) or real(*a, **k))
    return made


def sine_sum(x):
    return np.sum(np.sin(x) * 2.0)


def mean_square(x):
    return np.sum(x * x) / x.shape[0]


def test_a_new_shape_whose_code_is_the_same_text_runs_the_function_compiled_before(compiles):
    gradient = transpiler.grad(sine_sum)
    small, large = np.linspace(0, 1, 3), np.linspace(0, 1, 7)
    assert gradient(small) == pytest.approx(2 * np.cos(small))
    assert gradient(large) == pytest.approx(2 * np.cos(large))
    assert len(compiles) == 1
    assert gradient.compiled((small,)).function is gradient.compiled((large,)).function


def test_a_new_shape_whose_code_differs_is_compiled_on_its_own(compiles):
    gradient = transpiler.grad(mean_square)
    for n in (2, 5):
        x = np.arange(1.0, n + 1)
        assert gradient(x) == pytest.approx(2 * x / n)
    assert len(compiles) == 2 and compiles[0] != compiles[1]


def test_another_dtype_or_argument_type_gets_its_own_code():
    gradient = transpiler.grad(mean_square)
    x64 = np.arange(1.0, 4.0)
    x32 = x64.astype(np.float32)
    assert gradient(x64).dtype == np.float64 and gradient(x32).dtype == np.float32
    assert gradient(x32) == pytest.approx(2 * x64 / 3)
    assert transpiler.grad(lambda x: x * x * 3.0)(2.0) == pytest.approx(12.0)
    assert transpiler.grad(lambda x: np.sum(x * x * 3.0))(np.array([2.0])) == pytest.approx([12.0])


def scale_by_global(x):
    return np.sum(WEIGHTS * x)


WEIGHTS = np.ones(3)


def test_a_global_rebound_to_another_shape_is_seen_with_code_reused_or_not(monkeypatch):
    gradient = transpiler.grad(scale_by_global)
    assert gradient(np.ones(3)) == pytest.approx(np.ones(3))
    monkeypatch.setitem(globals(), "WEIGHTS", np.full((2, 3), 2.0))
    assert gradient(np.ones(3)) == pytest.approx(np.full(3, 4.0))
    monkeypatch.setitem(globals(), "WEIGHTS", 5.0)
    assert gradient(np.ones(3)) == pytest.approx(np.full(3, 5.0))


def test_code_of_the_same_text_for_another_backend_is_compiled_for_it():
    pytest.importorskip("numba")

    def cube(x):
        return x * x * x

    plain = transpiler.grad(cube).compiled((2.0,))
    jitted = transpiler.grad(cube, backend="numba").compiled((2.0,))
    assert jitted.built != plain.built and jitted.function is not plain.function
    assert transpiler.grad(cube, backend="numba")(2.0) == pytest.approx(12.0)


def test_jvp_and_value_and_grad_at_two_shapes_give_each_shape_its_answer():
    for n in (2, 4):
        x = np.linspace(0.5, 1.0, n)
        value, g = transpiler.value_and_grad(sine_sum)(x)
        assert value == pytest.approx(np.sum(np.sin(x) * 2.0)) and g == pytest.approx(2 * np.cos(x))
        _, tangent = transpiler.jvp(sine_sum, (x,), (np.ones(n),))
        assert tangent == pytest.approx(np.sum(2 * np.cos(x)))
    assert len(pipeline._compiled[sine_sum]) >= 2


def product_of_first_two(xs):
    return np.sum(xs[0] * xs[1])


def test_an_argument_of_another_class_gets_its_own_code():
    gradient = transpiler.grad(product_of_first_two)
    a, b = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    as_tuple = gradient((a, b))
    assert as_tuple[0] == pytest.approx(b) and as_tuple[1] == pytest.approx(a)
    as_list = gradient([a, b])
    assert isinstance(as_list, list) and as_list[0] == pytest.approx(b)
    as_array = gradient(np.stack([a, b]))
    assert as_array == pytest.approx(np.stack([b, a]))


def test_hessian_and_hvp_at_two_shapes_give_each_shape_its_answer():
    for n in (2, 3):
        x = np.linspace(0.5, 1.0, n)
        assert transpiler.hessian(sine_sum)(x) == pytest.approx(np.diag(-2 * np.sin(x)))
        assert transpiler.hvp(sine_sum, x, np.ones(n)) == pytest.approx(-2 * np.sin(x))


SCALE = 0.5


def _closure_reading_size_and_a_global(c):
    def f(x):
        return np.sum(np.tanh(x * SCALE) * c) / x.shape[-1]
    return f


def _central_differences(f, x, h=1e-6):
    out = np.zeros_like(x, dtype=float)
    for k in range(x.size):
        e = np.zeros_like(x, dtype=float)
        e.flat[k] = h
        out.flat[k] = (f(x + e) - f(x - e)) / (2 * h)
    return out


def test_each_reuse_of_one_gradient_gives_the_value_and_gradient_of_its_own_call(monkeypatch):
    """One value_and_grad object and one jvp, called in turn with a new shape, a new rank, a new
    dtype, after the closure's value changed and after a global was rebound (to an array): each
    call's value and gradient are those of the function as it is now, at that argument."""
    cell = np.array(1.5)
    f = _closure_reading_size_and_a_global(cell)
    both = transpiler.value_and_grad(f)
    rng = np.random.default_rng(3)
    calls = [rng.normal(size=3), rng.normal(size=5), rng.normal(size=(2, 4)), rng.normal(size=3).astype(np.float32)]

    def check(x):
        value, gradient = both(x)
        exact = np.asarray(x, dtype=float)
        tolerance = 1e-4 if np.asarray(x).dtype == np.float32 else 1e-7
        assert value == pytest.approx(f(exact), rel=tolerance, abs=tolerance)
        assert np.allclose(gradient, _central_differences(f, exact), rtol=tolerance * 10, atol=tolerance)
        direction = np.ones_like(exact)
        _, tangent = transpiler.jvp(f, (exact,), (direction,))
        assert tangent == pytest.approx(np.sum(_central_differences(f, exact)), rel=1e-6, abs=1e-8)

    for x in calls:
        check(x)
    cell[...] = -0.75                           # (the closure's array changed in place)
    for x in calls:
        check(x)
    monkeypatch.setitem(globals(), "SCALE", np.array([[0.1], [2.0]]))     # a global: number -> array
    for x in calls:
        check(x)
