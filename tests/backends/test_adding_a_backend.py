"""A backend is one module of transpiler/backends/ defining ``BACKEND``: dropping one in is all it
takes for ``grad(f, backend=name)`` to use it, and the rules follow its ``Target``."""
import importlib
import sys
import textwrap

import numpy as np
import pytest

import transpiler
from transpiler import backends

TOY = textwrap.dedent('''
    """A backend whose code may not call np.heaviside and that frees no arrays early."""
    from transpiler.backends import Backend
    from transpiler.primitives.target import Target

    BACKEND = Backend("toy", Target(unavailable=frozenset({"np.heaviside"})))  # for the test
''')


def relu_sum(x):
    return np.sum(np.maximum(x, 0.0))


@pytest.fixture
def toy_backend(tmp_path, monkeypatch):
    (tmp_path / "toy.py").write_text(TOY)
    monkeypatch.setattr(backends, "__path__", [*backends.__path__, str(tmp_path)])
    monkeypatch.setattr(backends, "BACKENDS", backends.discover())
    yield
    sys.modules.pop("transpiler.backends.toy", None)


def test_a_module_in_the_backends_package_is_a_backend(toy_backend):
    assert set(backends.BACKENDS) == {"numpy", "numba", "array_api", "toy"}
    x = np.array([-1.0, 0.5, 2.0, -0.25] * 1000)
    gradient = transpiler.grad(relu_sum, backend="toy")
    np.testing.assert_array_equal(gradient(x), transpiler.grad(relu_sum)(x))
    assert "np.heaviside" in transpiler.grad(relu_sum).source(args=(x,))
    assert "np.heaviside" not in gradient.source(args=(x,))     # the rule asked the target


def test_an_unknown_backend_names_the_modules_there_are():
    with pytest.raises(ValueError, match="backend must be one of 'array_api', 'numba', 'numpy', not 'cuda'"):
        transpiler.grad(relu_sum, backend="cuda")
    assert importlib.import_module("transpiler.backends.numpy").BACKEND is backends.BACKENDS["numpy"]


def test_the_printed_code_for_any_shapes_is_the_chosen_backends():
    numpy_code = transpiler.grad(relu_sum).source()
    numba_code = transpiler.grad(relu_sum, backend="numba").source()
    assert "np.heaviside" in numpy_code and "np.heaviside" not in numba_code


# ----------------------------------------------------------------------------- the API's features
PLAIN = textwrap.dedent('''
    """NumPy code as the IR passes leave it (none of the numpy backend's own passes), claiming
    every feature of the API that NumPy code supports."""
    from transpiler.backends import Backend
    from transpiler.primitives.target import NUMPY

    BACKEND = Backend("plain", NUMPY, strong_zeros=True, checkpoints=True, containers=True, records=True)
''')


@pytest.fixture
def plain_backend(tmp_path, monkeypatch):
    (tmp_path / "plain.py").write_text(PLAIN)
    monkeypatch.setattr(backends, "__path__", [*backends.__path__, str(tmp_path)])
    monkeypatch.setattr(backends, "BACKENDS", backends.discover())
    yield
    sys.modules.pop("transpiler.backends.plain", None)


def masked_distances(p):
    d = p[:, None] - p[None, :]
    return np.sum(np.triu(np.sqrt(d * d), 1))       # sqrt's partial is infinite on the diagonal


def list_of_layers(params, x):
    w, b = params
    return np.sum(np.tanh(x @ w + b) ** 2)


def running_product(x):
    total = 1.0
    for i in range(x.shape[0]):
        total = total * np.cos(x[i]) + x[i]
    return total


def test_a_backend_claiming_the_apis_features_gets_them_from_its_module_alone(plain_backend):
    p = np.array([0.0, 1.0, 3.0])
    with np.errstate(divide="ignore", invalid="ignore"):    # (the first try's 0 * inf, then strong zeros)
        np.testing.assert_array_equal(transpiler.grad(masked_distances, backend="plain")(p), [-2.0, 0.0, 2.0])
    w, b, x = np.full((3, 2), 0.3), np.array([0.1, -0.2]), np.arange(12.0).reshape(4, 3) / 10
    params = [w, b]
    got = transpiler.grad(list_of_layers, backend="plain")(params, x)
    want = transpiler.grad(list_of_layers)(params, x)
    for g, h in zip(got, want):
        np.testing.assert_allclose(g, h, rtol=1e-12)
    assert "plain" in transpiler.grad(list_of_layers, backend="plain").compiled((params, x)).built
    v = np.linspace(0.1, 0.9, 40)
    reference = transpiler.grad(running_product)(v)
    np.testing.assert_allclose(transpiler.grad(running_product, backend="plain", memory=4000)(v), reference, rtol=1e-12)
    direction = np.cos(np.arange(40.0))
    _, tangent = transpiler.jvp(running_product, (v,), (direction,), backend="plain")
    np.testing.assert_allclose(tangent, reference @ direction, rtol=1e-12)
    with pytest.raises(ValueError, match="mode='forward' runs NumPy code"):     # (jacobian's, no backend=)
        transpiler.differentiate(running_product, mode="forward", backend="plain")
    single = transpiler.grad(running_product, backend="plain")(v.astype(np.float32))
    assert single.dtype == np.float32
    np.testing.assert_allclose(single, reference, rtol=1e-4)


def test_a_backend_claiming_nothing_is_refused_those_features_by_name(toy_backend):
    with pytest.raises(ValueError, match="memory= .* not 'toy'"):
        transpiler.grad(running_product, backend="toy", memory=4000)
    p = np.array([0.0, 1.0, 3.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        assert np.isnan(transpiler.grad(masked_distances, backend="toy")(p)).all()    # (no strong-zero retry)


def test_only_backend_modules_name_a_backend():
    """Rules, passes and the API ask a backend's fields (Backend, Target), never its name: a
    comparison of something called ``backend`` with a backend's name outside backends/ (and the
    fuzzer, which picks backends to check) is a new backend's missing edit."""
    import ast
    import pathlib

    root = pathlib.Path(transpiler.__file__).parent
    names = set(backends.BACKENDS)
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("backends/", "check/fuzz/")):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                constants = {c.value for s in sides for c in ast.walk(s) if isinstance(c, ast.Constant)}
                if constants & names and any("backend" in ast.unparse(s) for s in sides):
                    found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    assert not found, found
