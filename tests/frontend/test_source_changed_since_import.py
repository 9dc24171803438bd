"""A module whose file was edited after it was imported (saved, not reloaded): the text in the
file is not the code that runs, so a derivative made from it would be another function's while
the value stays the running one's. ``value_and_grad(f)(3.0)`` gave (243.0, 405.0) for a running
``x ** 2`` whose file now says ``x ** 5``. Refused, saying to reload; after a reload, right."""
import importlib
import os
import sys

import pytest

import transpiler
from transpiler.errors import SourceChangedError

ORIGINAL = "def f(x):\n    return x ** 2\n\n\ndef g(x):\n    return f(x) + 1.0\n"
EDITED = "def f(x):\n    return x ** 5\n\n\ndef g(x):\n    return f(x) + 1.0\n"


@pytest.fixture
def edited_module(tmp_path):
    path = tmp_path / "edited_after_import.py"
    path.write_text(ORIGINAL)
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("edited_after_import")
        path.write_text(EDITED)
        stat = os.stat(path)
        os.utime(path, (stat.st_atime, stat.st_mtime + 5))    # (linecache sees a new file)
        yield module
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("edited_after_import", None)


def test_a_function_whose_file_changed_is_refused(edited_module):
    assert edited_module.f(3.0) == 9.0
    with pytest.raises(SourceChangedError, match="changed since it was defined"):
        transpiler.value_and_grad(edited_module.f)(3.0)


def test_a_helper_whose_file_changed_is_refused(edited_module):
    with pytest.raises(SourceChangedError, match="the source of f"):
        transpiler.grad(edited_module.g)(3.0)


def test_after_a_reload_the_new_code_is_differentiated(edited_module):
    reloaded = importlib.reload(edited_module)
    value, gradient = transpiler.value_and_grad(reloaded.f)(2.0)
    assert (value, gradient) == pytest.approx((32.0, 80.0))


def test_functions_of_a_file_unchanged_are_differentiated():
    def local(x):
        return x ** 3 - 2.0 * x
    assert transpiler.grad(local)(2.0) == pytest.approx(10.0)
