"""Second derivatives lower the generated gradient from the module text the driver compiled it
from (driver/pipeline.py, frontend/source.py ``parse_generated``), never by reading it back with
``inspect.getsource`` or ``linecache``: the registration there is for the user's tracebacks only.

Every test here runs with reading generated code back forbidden (the ``no_read_back`` fixture), so
a second derivative that still depended on it fails; the numbers are checked against central
differences of ``transpiler.grad`` (itself checked elsewhere against finite differences of ``f``).
"""
import inspect
import linecache

import numpy as np
import pytest

import transpiler
from transpiler import NonDifferentiableError
from transpiler.driver import pipeline
from transpiler.primitives import runtime
from transpiler.primitives.registry import REGISTRY


def _generated(filename) -> bool:
    return isinstance(filename, str) and filename.startswith("<transpiler")


@pytest.fixture
def no_read_back(monkeypatch):
    """``inspect.getsource``/``getsourcelines``/``findsource`` of generated code and
    ``linecache.getlines``/``getline`` of its pseudo-file raise: the compiler must not need them."""
    reads = []

    def refusing(real, filename_of):
        def read(obj, *args, **kwargs):
            if _generated(filename_of(obj)):
                reads.append(filename_of(obj))
                raise AssertionError(f"generated code read back through {real.__module__}.{real.__name__}")
            return real(obj, *args, **kwargs)
        return read

    code_file = lambda obj: getattr(getattr(obj, "__code__", None), "co_filename", None)   # noqa: E731
    for name in ("getsource", "getsourcelines", "findsource"):
        monkeypatch.setattr(inspect, name, refusing(getattr(inspect, name), code_file))
    for name in ("getlines", "getline"):
        monkeypatch.setattr(linecache, name, refusing(getattr(linecache, name), lambda filename: filename))
    yield reads
    assert not reads


def fd_hessian(f, args, i=0, h=1e-5):
    """Central differences of ``transpiler.grad(f, wrt=i)``, shape ``x.shape * 2``."""
    g = transpiler.grad(f, wrt=i)
    x = np.asarray(args[i], dtype=float)
    columns = []
    for e in np.eye(x.size):
        hi, lo = list(args), list(args)
        hi[i], lo[i] = x + h * e.reshape(x.shape), x - h * e.reshape(x.shape)
        columns.append(np.ravel((np.asarray(g(*hi)) - np.asarray(g(*lo))) / (2 * h)))
    return np.stack(columns, axis=-1).reshape(x.shape + x.shape)


# --------------------------------------------------------------------------- the programs
def rosenbrock_loop(x):
    s = 0.0
    for i in range(x.shape[0] - 1):
        s = s + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


def branches_in_a_loop(x):
    s = 0.0
    for i in range(x.shape[0]):
        if x[i] > 0:
            s = s + np.sin(x[i]) * x[i]
        else:
            s = s + np.exp(x[i]) * x[0]
    return s


def _squashed(z):
    return np.tanh(z) ** 2


def through_a_helper(x):
    return np.sum(_squashed(x) * x) + _squashed(x[0])


SCALE = np.array([1.0, 2.0, 0.5])


def reads_a_global(x):
    return np.sum(SCALE * x ** 3) + np.prod(x)


def make_closure_loss(data):
    def loss(w):
        return np.sum(np.log1p(np.exp(data @ w)))
    return loss


def dict_parameter(p):
    return np.sum(p["w"] ** 2 * p["b"]) + p["b"] ** 3


def power(x, n):
    if n == 0:
        return 1.0
    return x * power(x, n - 1)


X = np.array([0.3, -0.7, 1.2])
DATA = np.random.default_rng(3).normal(size=(5, 3))


@pytest.mark.parametrize("f", [rosenbrock_loop, branches_in_a_loop, through_a_helper, reads_a_global,
                               make_closure_loss(DATA)],
                         ids=["loop", "branches", "helper", "global", "closure"])
def test_hessian_of_generated_code_lowered_without_reading_it_back(f, no_read_back):
    H = transpiler.hessian(f)(X)
    np.testing.assert_allclose(H, fd_hessian(f, (X,)), rtol=1e-6, atol=1e-6)


def test_hvp_and_jvp_of_grad_without_reading_generated_code_back(no_read_back):
    v = np.array([1.0, -2.0, 0.5])
    expected = fd_hessian(branches_in_a_loop, (X,)) @ v
    np.testing.assert_allclose(transpiler.hvp(branches_in_a_loop, X, v), expected, rtol=1e-6, atol=1e-6)
    g, hv = transpiler.jvp(transpiler.grad(through_a_helper), (X,), (v,))
    np.testing.assert_allclose(hv, fd_hessian(through_a_helper, (X,)) @ v, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(g, transpiler.grad(through_a_helper)(X), rtol=1e-12)


def scalar_loop_with_a_branch(x, a):
    y = x
    for i in range(4):
        if y > a:
            y = y * np.sin(y) + x
        else:
            y = np.exp(-y) * a
    return y


@pytest.mark.parametrize("outer", [0, 1])
def test_grad_of_grad_without_reading_generated_code_back(outer, no_read_back):
    x, a, h = 0.3, 0.1, 1e-5
    second = transpiler.grad(transpiler.grad(scalar_loop_with_a_branch, wrt=0), wrt=outer)
    g = transpiler.grad(scalar_loop_with_a_branch, wrt=0)
    step = [h if k == outer else 0.0 for k in range(2)]
    expected = (g(x + step[0], a + step[1]) - g(x - step[0], a - step[1])) / (2 * h)
    assert second(x, a) == pytest.approx(expected, rel=1e-6)


def test_hessian_of_a_dict_parameter_without_reading_generated_code_back(no_read_back):
    p = {"w": np.array([0.5, -1.5]), "b": 0.7}
    H = transpiler.hessian(dict_parameter)(p)
    assert H["b"]["b"] == pytest.approx(2 * 0 + 6 * 0.7)
    np.testing.assert_allclose(H["w"]["w"], 2 * 0.7 * np.eye(2), rtol=1e-12)
    np.testing.assert_allclose(H["w"]["b"], 2 * p["w"], rtol=1e-12)


def test_float32_hessian_without_reading_generated_code_back(no_read_back):
    x = X.astype(np.float32)
    H = transpiler.hessian(reads_a_global)(x)
    np.testing.assert_allclose(H, fd_hessian(reads_a_global, (X,)), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("second", [
    lambda: transpiler.hessian(power)(1.5, 3),
    lambda: transpiler.grad(transpiler.grad(power))(1.5, 3),
    lambda: transpiler.jvp(transpiler.grad(power), (1.5, 3), (1.0, None)),
], ids=["hessian", "grad_grad", "jvp_of_grad"])
def test_second_derivatives_of_a_recursive_function_are_refused_at_its_call(second, no_read_back):
    """(jvp of grad used to lower the gradient's call of the recursive generator, inlining the
    compiler's own code into a nonsense error.) First derivatives keep working."""
    with pytest.raises(NonDifferentiableError, match="second derivatives through the recursive call of `power`") as info:
        second()
    assert info.value.location.filename == __file__
    assert info.value.location.line == power.__code__.co_firstlineno + 3
    assert transpiler.jvp(power, (1.5, 3), (1.0, None)) == pytest.approx((3.375, 6.75))


def cube(x):
    return x ** 3


def sum_of_cubes(x):
    return np.sum(cube(x))


@pytest.fixture
def cube_without_jvp():
    transpiler.register_rule(cube, lambda d_y, y, x: (3 * x ** 2 * d_y,))
    yield
    REGISTRY.pop(cube, None)
    for suffix in ("", "_vjp", "_jvp"):
        runtime.EXTERNAL.pop(f"_custom_cube{suffix}", None)


def test_an_error_in_generated_code_points_at_its_line_in_the_registered_module(cube_without_jvp, no_read_back):
    """Located errors in generated code keep pointing where the user's traceback would: the
    generated module's pseudo-file, its line and the text of that line."""
    with pytest.raises(NonDifferentiableError, match="`cube` has no forward-mode") as info:
        transpiler.hessian(sum_of_cubes)(X)
    where = info.value.location
    gradient = next(g for g in pipeline._compiled[sum_of_cubes].values())
    assert where.filename == gradient.function.__code__.co_filename
    assert where.filename.startswith("<transpiler sum_of_cubes_grad ")
    assert where.source_line == gradient.source.splitlines(True)[where.line - 1]
    assert where.source_line.strip() == "_t1 = _custom_cube(x)"
    assert where.source_line[where.col:].startswith("_custom_cube(x)")


def test_generated_code_stays_registered_for_tracebacks():
    """The user feature stays: inspect.getsource and linecache show a generated gradient."""
    gradient = transpiler.grad(rosenbrock_loop)
    gradient(X)
    function = gradient.compiled((X,)).function
    assert inspect.getsource(function) in gradient.compiled((X,)).source
    assert linecache.getlines(function.__code__.co_filename) == gradient.compiled((X,)).source.splitlines(True)


def test_a_hessian_after_linecache_was_cleared(monkeypatch):
    """A gradient compiled before ``linecache.clearcache()`` (IPython and test runners call it)
    is still differentiated again: its text is held, not looked up there."""
    expected = transpiler.hessian(through_a_helper)(X)
    for gradient in pipeline._compiled[through_a_helper].values():    # lowered again below
        pipeline._lowered.pop(gradient.function, None)
        pipeline._compiled.pop(gradient.function, None)
    monkeypatch.setattr(linecache, "cache", {})
    np.testing.assert_allclose(transpiler.hessian(through_a_helper)(X), expected, rtol=1e-15)
    np.testing.assert_allclose(expected, fd_hessian(through_a_helper, (X,)), rtol=1e-6, atol=1e-6)


def test_unravel_is_inlined_without_reading_it_back(no_read_back):
    """``unravel`` of ``transpiler.ravel`` is generated code the lowering inlines (trees.py)."""
    tree = {"w": np.array([0.5, -1.5]), "b": 0.7}
    flat, unravel = transpiler.ravel(tree)
    objective = lambda v: dict_parameter(unravel(v))   # noqa: E731   (as written for scipy.optimize)
    np.testing.assert_allclose(transpiler.grad(objective)(flat), [1.4 * 0.5, -1.4 * 1.5, 0.25 + 2.25 + 3 * 0.49])
    np.testing.assert_allclose(transpiler.hessian(objective)(flat), fd_hessian(objective, (flat,)),
                               rtol=1e-6, atol=1e-6)
