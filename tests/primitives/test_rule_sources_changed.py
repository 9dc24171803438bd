"""A rule's source is read when a transform first needs it (primitives/templates.py), not at
import: a package file edited in between has other lines where the function was, and a
derivative made from them would be another function's. Reading it checks that the lines are
the function that runs, and says so where they are not."""
import importlib.util
import os
import sys

import pytest

from transpiler.errors import SourceChangedError
from transpiler.primitives.templates import Template, current_source

ORIGINAL = '''import numpy as np


def rule(d_y, y, x):
    return d_y * np.cos(x)
'''


def _imported(tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(ORIGINAL)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module
    return module, path


def _edited(path, text):
    path.write_text(text)
    stat = os.stat(path)
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))     # (a new mtime, even within the clock's tick)


@pytest.mark.parametrize("edit", [
    "import numpy as np\n\n\ndef helper(z):\n    return z\n\n\ndef rule(d_y, y, x):\n    return d_y * np.cos(x)\n",
    "import numpy as np\n\n\ndef rule(d_y, y, x):\n    return d_y * np.sin(x)\n",
    "import numpy as np\n\n\ndef rule(g, y, x):\n    return g * np.cos(x)\n",
], ids=["moved down", "body changed", "parameters renamed"])
def test_a_rule_whose_file_changed_after_import_is_an_error_saying_so(tmp_path, edit):
    module, path = _imported(tmp_path, f"edited_rules_{abs(hash(edit)) % 10_000}")
    template = Template(module.rule, ("d_y", "y", "x"))
    _edited(path, edit)
    with pytest.raises(SourceChangedError, match=r"the source of rule .* changed since it was imported") as error:
        template.exprs()
    assert "restart Python" in str(error.value)


def test_a_rule_read_before_its_file_changed_keeps_what_it_read(tmp_path):
    module, path = _imported(tmp_path, "rules_read_first")
    template = Template(module.rule, ("d_y", "y", "x"))
    before = template.exprs()
    _edited(path, ORIGINAL.replace("np.cos", "np.sin"))
    assert template.exprs() is before


def test_a_file_changed_elsewhere_still_gives_the_rule(tmp_path):
    module, path = _imported(tmp_path, "rules_appended_to")
    _edited(path, ORIGINAL + "\n\ndef later(x):\n    return x\n")
    assert current_source(module.rule) == ORIGINAL.split("\n\n\n")[1]
