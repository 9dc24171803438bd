"""``print_after="lower:python"`` / ``"specialize:python"`` (and ``--print-after`` on the command
line): the IR of that stage printed as the Python it computes (backends/python_code.py), the
user's function as the compiler understood it; ``lower`` keeps printing the SSA listing."""
from __future__ import annotations

import numpy as np
import pytest

import transpiler
from transpiler.cli import main


def h(x1, x2):
    v1 = x1 * x2
    return np.sin(v1) + v1 + np.log(x2)


def norm_rows(a):
    return np.sum(a / a.shape[1])


H_AS_PYTHON = "def h(x1, x2):\n    v1 = x1 * x2\n    return np.sin(v1) + v1 + np.log(x2)\n"


def test_lower_python_prints_the_lowered_function_as_python_in_both_modes():
    g = transpiler.grad(h, wrt=(0, 1))
    assert g.source(print_after="lower:python").endswith(H_AS_PYTHON)
    assert transpiler.api.tangent_source(h, args=(1.5, 2.0), print_after="lower:python").endswith(H_AS_PYTHON)
    assert "_t1 = x1 * x2" not in g.source(print_after="lower") and "_t1 = np.sin(v1)" in g.source(print_after="lower")


def test_specialize_python_prints_the_ir_specialised_to_the_call():
    g = transpiler.grad(norm_rows)
    a = np.ones((2, 3))
    text = g.source(args=(a,), print_after="specialize:python")
    assert "return np.sum(a / 3)" in text
    namespace: dict = {}
    exec(text, namespace)
    assert namespace["norm_rows"](a) == norm_rows(a)


@pytest.mark.parametrize("stage", ["reuse_buffers:python", "lower:numba", "specialize:python"])
def test_a_python_view_of_a_stage_without_ir_is_an_unknown_stage(stage):
    with pytest.raises(transpiler.api.UnknownStageError, match="the stages are lower, loop_invariants, repeated_primal_values, ad"):
        transpiler.grad(h).source(print_after=stage)       # (no `specialize` without args)


def test_ad_prints_the_transforms_ir_and_ad_python_that_ir_as_python():
    g = transpiler.grad(h, wrt=(0, 1))
    listing, python = g.source(print_after="ad"), g.source(print_after="ad:python")
    assert listing.startswith("def h_grad(") and "_returned = " in listing and "_part" in listing
    assert python.startswith("import numpy as np") and "_part" not in python
    namespace: dict = {}
    exec(python, namespace)
    expected = (np.cos(3.0) * 2.0 + 2.0, np.cos(3.0) * 1.5 + 1.5 + 0.5)
    assert namespace["h_grad"](1.5, 2.0) == pytest.approx(expected, rel=1e-14)


def test_the_command_line_prints_the_python_view(tmp_path, capsys):
    program = tmp_path / "program.py"
    program.write_text("import numpy as np\n\n\ndef h(x1, x2):\n    v1 = x1 * x2\n"
                       "    return np.sin(v1) + v1 + np.log(x2)\n")
    assert main(["grad", f"{program}:h", "--print-after", "lower:python"]) == 0
    assert capsys.readouterr().out.endswith(H_AS_PYTHON)
