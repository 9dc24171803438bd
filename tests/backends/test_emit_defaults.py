"""Printed derivatives keep the user's defaults (backends/emit.py ``with_user_defaults``): the
module `transpiler grad` prints, run on its own in a fresh interpreter, is called as the user's
function is, and a default that has no literal is named in the docstring."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import transpiler
import transpiler.cli

USER_MODULE = textwrap.dedent('''\
    import numpy as np

    WEIGHTS = np.array([0.5, 2.0])


    def power_sum(x, k=3, scale=2.0, label="loss", shift=(0.0, 1.0)):
        return scale * np.sum((x + shift[1]) ** k)


    def weighted(x, w=WEIGHTS, k=2):
        return np.sum(w * x ** k)


    def keyword_only(x, *, k=2.0):
        return np.sum(x ** k)


    def without_defaults(x):
        return np.sum(x ** 3)
''')


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "user_defaults.py"
    path.write_text(USER_MODULE)
    return path


def printed(*argv) -> str:
    """What ``transpiler *argv`` prints (run in this process)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert transpiler.cli.main(list(argv)) == 0
    return out.getvalue()


def signature(source: str, name: str) -> str:
    """The printed function's parameters, as one line (astor wraps a long ``def`` line)."""
    import ast

    function = next(node for node in ast.parse(source).body if getattr(node, "name", None) == name)
    return ast.unparse(function.args)


def run_alone(tmp_path, source: str, call: str) -> np.ndarray:
    """``call`` evaluated in a fresh interpreter that has ``source`` as the module ``printed``
    and no transpiler to import."""
    (tmp_path / "printed.py").write_text(source)
    probe = ("import sys; sys.modules['transpiler'] = None; sys.path.insert(0, sys.argv[1])\n"
             "import numpy as np; import printed\n"
             f"print(repr(np.asarray(printed.{call}).tolist()))")
    ran = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    return np.array(eval(ran.stdout))


def test_printed_gradient_called_without_the_defaulted_arguments_is_grad_s(user_file, tmp_path):
    source = printed("grad", f"{user_file}:power_sum")
    assert signature(source, "power_sum_grad") == "x, k=3, scale=2.0, label='loss', shift=(0.0, 1.0), d_out=1.0"
    function = transpiler.cli.load_function(f"{user_file}:power_sum")
    x = np.array([0.3, -1.2, 2.0])
    got = run_alone(tmp_path, source, f"power_sum_grad(np.array({x.tolist()}))")
    np.testing.assert_allclose(got, transpiler.grad(function)(x), rtol=1e-14)
    got = run_alone(tmp_path, source, f"power_sum_grad(np.array({x.tolist()}), 2, scale=0.5)")
    np.testing.assert_allclose(got, transpiler.grad(function)(x, 2, scale=0.5), rtol=1e-14)


def test_code_specialised_at_a_point_keeps_the_defaults_too(user_file, tmp_path):
    source = printed("grad", f"{user_file}:power_sum", "--at", "x=[0.3, -1.2]")
    assert signature(source, "power_sum_grad") == "x, k=3, scale=2.0, label='loss', shift=(0.0, 1.0)"
    function = transpiler.cli.load_function(f"{user_file}:power_sum")
    got = run_alone(tmp_path, source, "power_sum_grad(np.array([0.5, 1.5]))")
    np.testing.assert_allclose(got, transpiler.grad(function)(np.array([0.5, 1.5])), rtol=1e-14)


def test_an_array_default_is_named_in_the_docstring_and_passed_by_the_caller(user_file, tmp_path):
    source = printed("grad", f"{user_file}:weighted")
    # (`k=2` follows the array's parameter, so it can keep its default)
    assert signature(source, "weighted_grad") == "x, w, k=2, d_out=1.0"
    assert "Defaults of weighted not declared here (pass these arguments): w (its default, of type\n" \
           "    ndarray, has no literal)." in source
    function = transpiler.cli.load_function(f"{user_file}:weighted")
    x = np.array([1.5, -0.5])
    got = run_alone(tmp_path, source, f"weighted_grad(np.array({x.tolist()}), np.array([0.5, 2.0]))")
    np.testing.assert_allclose(got, transpiler.grad(function)(x), rtol=1e-14)


def test_a_keyword_only_default_is_kept_as_the_printed_parameter_s(user_file, tmp_path):
    source = printed("grad", f"{user_file}:keyword_only")
    assert signature(source, "keyword_only_grad") == "x, k=2.0, d_out=1.0"
    function = transpiler.cli.load_function(f"{user_file}:keyword_only")
    got = run_alone(tmp_path, source, "keyword_only_grad(np.array([1.0, 3.0]))")
    np.testing.assert_allclose(got, transpiler.grad(function)(np.array([1.0, 3.0])), rtol=1e-14)


def test_forward_mode_s_tangents_follow_so_its_docstring_names_the_defaults(user_file):
    source = printed("grad", f"{user_file}:power_sum", "--mode", "forward")
    assert signature(source, "power_sum_jvp") == "x, k, scale, label, shift, t_x"
    assert ("Defaults of power_sum not declared here (pass these arguments): k=3, scale=2.0,\n"
            "    label='loss', shift=(0.0, 1.0).") in source


@pytest.mark.parametrize("value, literal", [(None, "None"), (True, "True"), (-2, "-2"), (1.5, "1.5"),
                                            (float("inf"), "1e1000"), (1 + 2j, "(1+2j)"), ("a", "'a'"),
                                            ((1, (2.0, "b")), "(1, (2.0, 'b'))")])
def test_defaults_with_a_literal_are_printed_as_it(value, literal):
    from transpiler.backends.emit import default_literal
    import ast

    printed_literal = default_literal(value)
    assert ast.unparse(printed_literal) == literal or (value == float("inf") and ast.literal_eval(
        ast.unparse(printed_literal)) == value)


@pytest.mark.parametrize("value", [float("nan"), np.float64(1.0), np.ones(2), [1.0], {"a": 1.0}, object(),
                                   (1.0, np.ones(1))])
def test_defaults_without_an_equal_literal_are_not_printed(value):
    from transpiler.backends.emit import default_literal

    assert default_literal(value) is None


def test_hessian_code_names_the_user_s_defaults_not_the_gradient_s_seed(user_file):
    source = printed("hessian", f"{user_file}:power_sum")
    assert signature(source, "power_sum_grad_jvp") == "x, k, scale, label, shift, d_out, t_x"
    assert ("Defaults of power_sum_grad not declared here (pass these arguments): k=3, scale=2.0,\n"
            "    label='loss', shift=(0.0, 1.0).\"\"\"") in source
    assert "Defaults of" not in printed("hessian", f"{user_file}:without_defaults")     # (not d_out=1.0)
