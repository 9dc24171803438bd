"""The package is typed: ``mypy --strict`` is clean on the public API modules (configured in
pyproject.toml's [tool.mypy]), ``py.typed`` ships with it, and a user's own code is checked
against the annotations: the transforms' results have their real types (``grad(f).source``),
and a wrong argument is a type error. mypy comes with the ``test`` extra."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                                reason="mypy is not installed (pip install -e .[test] installs it)")


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``mypy *args`` run in ``cwd``, finding ``transpiler`` in this checkout; its cache (NumPy's
    stubs, the package) kept in the checkout's .mypy_cache, so later runs take seconds."""
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache" / "user"), *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_public_api_modules_are_mypy_strict_clean() -> None:
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    # (which files, how strict: pyproject.toml [tool.mypy])
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_package_ships_its_py_typed_marker() -> None:
    assert (ROOT / "transpiler" / "py.typed").is_file()
    assert 'transpiler = ["py.typed"]' in (ROOT / "pyproject.toml").read_text()


USER_CODE = '''
    import numpy as np
    import transpiler

    def loss(w: np.ndarray, x: np.ndarray) -> float:
        return float(np.sum(np.tanh(x @ w) ** 2))

    @transpiler.differentiate(wrt="w")
    def decorated(w: np.ndarray) -> float:
        return float(np.sum(w ** 2))

    gradient = transpiler.grad(loss, wrt="w")
    listing: str = gradient.source(args=(np.ones(3), np.ones((2, 3))))
    second = transpiler.grad(transpiler.grad(lambda x: x ** 3))
    value, derivative = transpiler.jvp(loss, (np.ones(3), np.ones((2, 3))), (np.ones(3), None))
    out, pullback = transpiler.vjp(loss, np.ones(3), np.ones((2, 3)))
    adjoints: tuple[object, ...] = pullback(1.0)
    text: str = decorated.source
    constant = transpiler.stop_gradient(np.ones(3))
    report = transpiler.check_grad(loss, np.ones(3), np.ones((2, 3)))
    try:
        transpiler.grad(loss)(np.ones(3), np.ones((2, 3)))
    except transpiler.TranspileError as error:
        where = error.location
        hint: str = error.hint
'''


def test_user_code_type_checks_against_the_annotations(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(textwrap.dedent(USER_CODE))
    run = mypy("--strict", "--follow-imports=silent", "user.py", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_wrong_argument_in_user_code_is_a_type_error(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(textwrap.dedent('''
        import transpiler

        def f(x: float) -> float:
            return x * x

        transpiler.grad(f, wrt=1.5)
        transpiler.jacobian(f, rewrites="off")
        listing: int = transpiler.grad(f).source()
    '''))
    run = mypy("--strict", "--follow-imports=silent", "user.py", cwd=tmp_path)
    assert run.returncode == 1
    assert [line.split(": error: ")[0] for line in run.stdout.splitlines() if ": error: " in line] == [
        "user.py:7", "user.py:8", "user.py:9"], run.stdout
