"""The array-API backend on array-api-strict arrays: a namespace with only the standard's
functions, so a gradient that runs there uses nothing else. Each gradient equals the NumPy
backend's (itself checked against finite differences across the suite) and is an array of the
arguments' library, in their dtype."""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import transpiler
from transpiler.errors import TranspileError

xs = pytest.importorskip("array_api_strict")
pytest.importorskip("array_api_compat")

RNG = np.random.default_rng(18)
W_GLOBAL = RNG.normal(size=(3, 2))


def chain(x):
    return np.sum(np.sin(x) * np.exp(x) + x ** 2 - np.sqrt(x * x + 1.0) / (1.0 + np.exp(-x)))


def logistic_regression(w, X, y):
    z = X @ w
    return np.mean(np.log1p(np.exp(-y * z)))


def tanh_layer(W, b, x):
    return np.sum(np.tanh(x @ W + b) ** 2)


def reduction_over_an_axis(x):
    return np.sum(np.max(x, axis=1) + np.sum(x * x, axis=0).mean())


def softmax_cross_entropy(z, y):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.mean(np.sum(y * np.log(p), axis=1))


def logsumexp(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def loop(x):
    s = x
    for _ in range(3):
        s = np.sin(s) * x
    return np.sum(s)


def branch(x):
    if np.sum(x) > 0:
        return np.sum(x ** 2)
    return np.sum(np.abs(x))


def method_spellings(x, scale=2.0):
    return (x * scale).sum() + np.arctan(x).mean()


def reads_a_global(x):
    return np.sum(np.tanh(x @ W_GLOBAL))


def through_a_helper(x):
    square = lambda v: v * v    # noqa: E731
    return np.sum(square(np.cos(x)))


CASES = {
    "chain": (chain, [(5,)]),
    "logistic_regression": (logistic_regression, [(3,), (6, 3), (6,)]),
    "tanh_layer": (tanh_layer, [(3, 2), (2,), (4, 3)]),
    "reduction_over_an_axis": (reduction_over_an_axis, [(3, 4)]),
    "softmax_cross_entropy": (softmax_cross_entropy, [(4, 3), (4, 3)]),
    "logsumexp": (logsumexp, [(5,)]),
    "loop": (loop, [(4,)]),
    "branch": (branch, [(4,)]),
    "method_spellings": (method_spellings, [(4,)]),
    "reads_a_global": (reads_a_global, [(5, 3)]),
    "through_a_helper": (through_a_helper, [(4,)]),
}


def _arguments(shapes, dtype=np.float64):
    return [RNG.normal(size=shape).astype(dtype) for shape in shapes]


def _pairs(result):
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_on_strict_arrays_equal_the_numpy_backends(name):
    f, shapes = CASES[name]
    args = _arguments(shapes)
    wrt = tuple(range(len(args))) if len(args) > 1 else 0
    expected = transpiler.grad(f, wrt=wrt)(*args)
    got = transpiler.grad(f, wrt=wrt, backend="array_api")(*[xs.asarray(a) for a in args])
    for g, e in zip(_pairs(got), _pairs(expected)):
        assert type(g) is type(xs.asarray(1.0))       # an array of the arguments' library
        np.testing.assert_allclose(np.asarray(g), e, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["chain", "tanh_layer", "softmax_cross_entropy", "loop"])
def test_float32_stays_float32(name):
    f, shapes = CASES[name]
    args = _arguments(shapes, np.float32)
    wrt = tuple(range(len(args))) if len(args) > 1 else 0
    got = transpiler.grad(f, wrt=wrt, backend="array_api")(*[xs.asarray(a) for a in args])
    expected = transpiler.grad(f, wrt=wrt)(*args)
    for g, e in zip(_pairs(got), _pairs(expected)):
        assert g.dtype == xs.float32
        np.testing.assert_allclose(np.asarray(g), e, rtol=2e-4, atol=2e-5)


def test_value_and_grad_gives_the_value_in_the_library_too():
    w, X, y = _arguments([(3,), (6, 3), (6,)])
    value, gradient = transpiler.value_and_grad(logistic_regression, backend="array_api")(
        xs.asarray(w), xs.asarray(X), xs.asarray(y))
    expected_value, expected_gradient = transpiler.value_and_grad(logistic_regression)(w, X, y)
    np.testing.assert_allclose(float(value), expected_value, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(gradient), expected_gradient, rtol=1e-10)


@pytest.mark.parametrize("name", ["chain", "tanh_layer", "reduction_over_an_axis", "logsumexp", "loop"])
def test_forward_mode_jvp_on_strict_arrays_equals_numpy(name):
    f, shapes = CASES[name]
    args = _arguments(shapes)
    tangents = _arguments(shapes)
    value, tangent = transpiler.jvp(f, [xs.asarray(a) for a in args], [xs.asarray(t) for t in tangents],
                                    backend="array_api")
    expected_value, expected_tangent = transpiler.jvp(f, args, tangents)
    assert type(tangent) is type(xs.asarray(1.0))
    np.testing.assert_allclose(float(value), expected_value, rtol=1e-10)
    np.testing.assert_allclose(float(tangent), expected_tangent, rtol=1e-10)


def scaled_sine(t, x):
    return np.sum(np.sin(t * x))


def test_a_gradient_with_respect_to_a_number_runs_forward_mode_on_the_library():
    x = RNG.normal(size=4)
    value, derivative = transpiler.value_and_grad(scaled_sine, backend="array_api")(0.3, xs.asarray(x))
    expected = transpiler.value_and_grad(scaled_sine)(0.3, x)
    np.testing.assert_allclose([float(value), float(derivative)], expected, rtol=1e-12)


def test_the_printed_code_calls_the_namespace_not_numpy():
    source = transpiler.grad(tanh_layer, wrt=(0, 1), backend="array_api").source()
    assert "xp = namespace_of(W, b, x, d_out)" in source
    assert "xp.tanh(" in source and not re.search(r"(?<![`\w])np\.", source)   # (docstrings quote ``np.``)
    assert source.startswith("import array_api_compat\n")
    assert "np.tanh(" in transpiler.grad(tanh_layer, wrt=(0, 1)).source()


def test_the_printed_module_runs_on_its_own(tmp_path):
    W, b, x = _arguments([(3, 2), (2,), (4, 3)])
    source = transpiler.grad(tanh_layer, wrt=(0, 1, 2), backend="array_api").source()
    namespace = {}
    exec(compile(source, str(tmp_path / "printed.py"), "exec"), namespace)
    got = namespace["tanh_layer_grad"](xs.asarray(W), xs.asarray(b), xs.asarray(x))
    for g, e in zip(got, transpiler.grad(tanh_layer, wrt=(0, 1, 2))(W, b, x)):
        np.testing.assert_allclose(np.asarray(g), e, rtol=1e-10)


def test_numpy_arrays_through_the_array_api_backend_stay_numpy():
    w, X, y = _arguments([(3,), (6, 3), (6,)])
    got = transpiler.grad(logistic_regression, backend="array_api")(w, X, y)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, transpiler.grad(logistic_regression)(w, X, y), rtol=1e-12)


def contracts(a, b):
    return np.sum(np.einsum("ij,jk->ik", a, b))


def test_a_function_outside_the_standard_is_a_located_error_naming_it_and_the_library():
    a, b = _arguments([(2, 3), (3, 2)])
    with pytest.raises(TranspileError) as error:
        transpiler.grad(contracts, backend="array_api")(xs.asarray(a), xs.asarray(b))
    message = str(error.value)
    assert "np.einsum" in message and "array_api_strict has no einsum" in message
    assert f"{__file__}:" in message and "np.einsum(" in message       # points at the user's line
    assert "backend='numpy'" in message


def test_a_function_outside_the_standard_runs_as_the_librarys_own_where_it_has_one():
    a, b = _arguments([(2, 3), (3, 2)])
    got = transpiler.grad(contracts, backend="array_api")(a, b)      # NumPy has einsum
    np.testing.assert_allclose(got, transpiler.grad(contracts)(a, b), rtol=1e-12)


def contracts_four(a, b, c, d):
    return np.sum(np.einsum("ij,jk,kl,lm->im", a, b, c, d) ** 2)


def test_an_einsum_of_four_operands_runs_as_the_librarys_own_with_its_adjoints():
    args = _arguments([(2, 3), (3, 2), (2, 4), (4, 3)])
    got = transpiler.grad(contracts_four, wrt=(0, 1, 2, 3), backend="array_api")(*args)     # NumPy has einsum
    for g, w in zip(got, transpiler.grad(contracts_four, wrt=(0, 1, 2, 3))(*args)):
        np.testing.assert_allclose(g, w, rtol=1e-12)


def test_the_numpy_backend_refuses_other_libraries_arrays_pointing_at_the_array_api_backend():
    with pytest.raises(TranspileError, match="array of array_api_strict") as error:
        transpiler.grad(chain)(xs.asarray(np.ones(3)))
    assert "backend='array_api'" in str(error.value)


def vector_of_sines(x):
    return np.sin(x)


def one_element(x):
    return np.sum(np.sin(x), keepdims=True)


@pytest.mark.parametrize("transform", ["jvp", "vjp", "jacobian", "hessian", "hvp"])
def test_transforms_running_numpy_code_refuse_other_libraries_arrays(transform):
    x = xs.asarray(np.array([0.1, 0.2, 0.3]))
    calls = {"jvp": lambda: transpiler.jvp(chain, (x,), (x,)), "vjp": lambda: transpiler.vjp(vector_of_sines, x),
             "jacobian": lambda: transpiler.jacobian(vector_of_sines)(x),
             "hessian": lambda: transpiler.hessian(chain)(x), "hvp": lambda: transpiler.hvp(chain, x, x)}
    with pytest.raises(TranspileError, match="array of array_api_strict") as error:
        calls[transform]()
    assert "backend='array_api'" in str(error.value)


def test_an_output_of_one_element_is_differentiated_and_another_shape_refused():
    from transpiler.errors import OutputShapeError
    x = np.array([0.1, 0.2, 0.3])
    got = transpiler.grad(one_element, backend="array_api")(xs.asarray(x))
    np.testing.assert_allclose(np.asarray(got), np.cos(x), rtol=1e-12)
    with pytest.raises(OutputShapeError, match="shape \\(3,\\)"):
        transpiler.grad(vector_of_sines, backend="array_api")(xs.asarray(x))


def test_the_decorator_takes_the_backend_in_reverse_mode():
    model = transpiler.differentiate(logistic_regression, backend="array_api")
    w, X, y = _arguments([(3,), (6, 3), (6,)])
    got = model.grad(xs.asarray(w), xs.asarray(X), xs.asarray(y))
    np.testing.assert_allclose(np.asarray(got), transpiler.grad(logistic_regression)(w, X, y), rtol=1e-10)
    assert "xp = namespace_of(w, X, y, d_out)" in model.source
    with pytest.raises(ValueError, match="mode='forward' runs NumPy code"):
        transpiler.differentiate(logistic_regression, mode="forward", backend="array_api")


def test_importing_transpiler_or_using_numpy_does_not_import_array_api_compat(tmp_path):
    (tmp_path / "user.py").write_text("import numpy as np\n\ndef f(x):\n    return np.sum(np.sin(x))\n")
    code = ("import sys, numpy as np, transpiler, user\n"
            "transpiler.grad(user.f)(np.ones(3))\n"
            "transpiler.jvp(user.f, (np.ones(3),), (np.ones(3),))\n"
            "print(sorted(m for m in sys.modules if m.startswith('array_api')))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"


REPEATED = np.array([0, 2, 2, 1])


def gathers_with_repeats(x):
    return np.sum(x[REPEATED] ** 2)


def shifted_slices(x):
    return np.sum(x[1:] * x[:-1])


def masked_by_sign(x):
    return np.sum(x[x > 0] ** 2)


def reads_elements_in_a_loop(x):
    s = 0.0
    for i in range(3):
        s = s + x[i] * x[i + 1]
    return s


@pytest.mark.parametrize("f", [shifted_slices, masked_by_sign, reads_elements_in_a_loop])
def test_indexing_adjoints_on_strict_arrays(f):
    x = np.array([1.0, -2.0, 3.0, 0.5])
    got = transpiler.grad(f, backend="array_api")(xs.asarray(x))
    np.testing.assert_allclose(np.asarray(got), transpiler.grad(f)(x), rtol=1e-12)


def test_repeated_integer_indices_accumulate_where_the_library_has_add_at():
    x = np.array([1.0, -2.0, 3.0, 0.5])
    got = transpiler.grad(gathers_with_repeats, backend="array_api")(x)     # NumPy: add.at
    np.testing.assert_allclose(got, [2.0, -4.0, 12.0, 0.0])


def test_repeated_integer_indices_are_an_error_not_an_overwrite_without_add_at():
    with pytest.raises(NotImplementedError, match="add.at .*array_api_strict"):
        transpiler.grad(gathers_with_repeats, backend="array_api")(xs.asarray(np.ones(4)))


def test_an_argument_returned_as_its_own_gradient_is_copied():
    from transpiler.api.results import own
    x, y = xs.asarray(np.ones(3)), xs.asarray(np.arange(3.0))
    copied = own(y, (x, y))
    assert copied is not y and bool(xs.all(copied == y))


STRICT_WEIGHTS = xs.asarray(RNG.normal(size=3))


def scaled_by_global_weights(t):
    return np.sum(np.sin(t * STRICT_WEIGHTS))


def test_free_arrays_give_the_namespace_when_the_arguments_hold_none():
    value, derivative = transpiler.value_and_grad(scaled_by_global_weights, backend="array_api")(0.5)
    weights = np.asarray(STRICT_WEIGHTS)
    assert type(derivative) is type(STRICT_WEIGHTS)           # not converted to NumPy
    np.testing.assert_allclose(float(derivative), np.sum(weights * np.cos(0.5 * weights)), rtol=1e-12)
