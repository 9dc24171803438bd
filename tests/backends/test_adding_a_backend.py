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
