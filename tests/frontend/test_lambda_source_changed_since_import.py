"""A lambda whose module was edited after import (saved, not reloaded): the text found on its
line is not the code that runs. frontend/lambdas.py matched it by line and parameters only, so
``grad(m.h)(3.0)`` of a running ``lambda x: x ** 2 * 3.0`` whose file now says ``x ** 2 * 7.0``
gave 42.0 (the edited text's derivative) where the running function's is 18.0. Refused now,
as a ``def``'s edited source is (frontend/running_code.py); after a reload, right."""
import importlib
import os
import sys

import numpy as np
import pytest

import transpiler
from transpiler.errors import SourceChangedError

ORIGINAL = ("import numpy as np\n\nh = lambda x: x ** 2 * 3.0\n\n\n"
            "def loss(x):\n    return h(x) + 1.0\n\n\n"
            "k = lambda x, y: np.sin(x) * (\n    y + 2.0)\n")
EDITED = ORIGINAL.replace("* 3.0", "* 7.0").replace("y + 2.0", "y + 5.0")


def rewrite(path, text):
    """The file edited: new text and a later modification time (so linecache sees a new file)."""
    path.write_text(text)
    stat = os.stat(path)
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))


@pytest.fixture
def edited_module(tmp_path):
    path = tmp_path / "lambda_edited_after_import.py"
    path.write_text(ORIGINAL)
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("lambda_edited_after_import")
        rewrite(path, EDITED)
        yield module
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("lambda_edited_after_import", None)


def test_a_lambda_whose_file_changed_is_refused(edited_module):
    with pytest.raises(SourceChangedError, match="changed since it was defined"):
        transpiler.grad(edited_module.h)(3.0)


def test_a_lambda_spanning_lines_whose_file_changed_is_refused(edited_module):
    with pytest.raises(SourceChangedError, match="changed since it was defined"):
        transpiler.grad(edited_module.k)(0.3, 1.0)


def test_a_lambda_called_by_a_function_whose_file_changed_is_refused(edited_module):
    with pytest.raises(SourceChangedError):
        transpiler.grad(edited_module.loss)(3.0)


def test_after_a_reload_the_new_lambda_is_differentiated(edited_module):
    reloaded = importlib.reload(edited_module)
    assert transpiler.grad(reloaded.h)(3.0) == pytest.approx(42.0)
    assert transpiler.grad(reloaded.k, wrt=(0, 1))(0.3, 1.0) == pytest.approx((np.cos(0.3) * 6.0, np.sin(0.3)))


def test_unchanged_lambdas_in_and_out_of_closures_are_differentiated():
    scale = 4.0
    inner = lambda x: scale * x ** 2          # noqa: E731  (a closure's lambda: not compared)
    top = lambda x: np.exp(x) * 2.0           # noqa: E731
    assert transpiler.grad(inner)(1.5) == pytest.approx(12.0)
    assert transpiler.grad(top)(0.5) == pytest.approx(2.0 * np.exp(0.5))


def test_a_lambda_differentiated_before_its_file_changed_is_differentiated_anew_after_a_reload(tmp_path):
    # found by fuzzing several classes in one process, one file per seed rewritten per class:
    # linecache kept the file's lines from the first derivative, so after the edit and reload
    # no lambda of the stale text matched the running code and the lambda was refused
    path = tmp_path / "lambda_differentiated_then_edited.py"
    path.write_text(ORIGINAL)
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("lambda_differentiated_then_edited")
        assert transpiler.grad(module.h)(3.0) == pytest.approx(18.0)
        rewrite(path, EDITED.replace("h = lambda x: x ** 2 * 7.0", "h = lambda x: x ** 3 * 7.00"))
        reloaded = importlib.reload(module)
        assert transpiler.grad(reloaded.h)(3.0) == pytest.approx(189.0)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("lambda_differentiated_then_edited", None)
