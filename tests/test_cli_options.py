"""Every subcommand's options, and each option given wrong input: a one-line message saying what
it accepts (exit status 2), never a traceback or a bare conversion error (transpiler/cli.py)."""
import contextlib
import io
import textwrap

import pytest

import transpiler
import transpiler.cli

USER_MODULE = textwrap.dedent('''\
    import numpy as np


    def f(x, y=2.0):
        return np.sum(x ** 2) * y


    def of_dict(p, s=1.0):
        return p["a"] ** 2 * p["b"] * s
''')


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "user_options.py"
    path.write_text(USER_MODULE)
    return path


def run(*argv):
    """``(exit status, stdout, stderr)`` of ``transpiler *argv`` run in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = transpiler.cli.main(list(argv))
        except SystemExit as exc:  # argparse: usage errors
            status = exc.code
    return status, out.getvalue(), err.getvalue()


def test_hessian_writes_its_module_to_a_file_with_o(user_file, tmp_path):
    target = tmp_path / "hessian_code.py"
    status, out, err = run("hessian", f"{user_file}:f", "-o", str(target))
    assert (status, out, err) == (0, "", "")
    function = transpiler.cli.load_function(f"{user_file}:f")
    assert target.read_text() == transpiler.api.hessian_source(function)


def test_hessian_takes_standalone_as_grad_does(user_file):
    status, out, _ = run("hessian", f"{user_file}:f", "--standalone")
    assert status == 0 and out == run("hessian", f"{user_file}:f")[1]


def test_the_module_printing_subcommands_take_the_same_output_options():
    parser = transpiler.cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices
    options = {name: {o for action in command._actions for o in action.option_strings}
               for name, command in commands.items()}
    for shared in ("-o", "--output", "--at", "--wrt", "--mode", "--print-after", "--strong-zeros", "--standalone"):
        assert shared in options["grad"] and shared in options["hessian"], shared


@pytest.mark.parametrize("at, message", [
    ("x='s'", "--at: x is differentiated, so its value must be a number, a list of numbers (a float array), "
              "or a dict of those; got 's'"),
    ("x=None", "--at: x is differentiated, so its value must be a number, a list of numbers (a float array), "
               "or a dict of those; got None"),
    ("x=[[1, 2], [3]]", "--at: x=[[1, 2], [3]] is not a float array: a list must be of numbers, or of lists of "
                        "one length"),
    ("x={[1]: 2}", "--at: the value of x must be a Python literal: a number, a list of numbers (a float array), "
                   "or a dict of those; got '{[1]: 2}'"),
    ("x=np.ones(2)", "--at: the value of x must be a Python literal: a number, a list of numbers (a float array), "
                     "or a dict of those; got 'np.ones(2)'"),
    ("x=1, x=2", "--at gives x more than once"),
])
def test_wrong_at_values_say_what_at_accepts(user_file, at, message):
    status, out, err = run("grad", f"{user_file}:f", "--at", at)
    assert (status, out, err) == (2, "", f"transpiler: error: {message}\n")


def test_a_dict_of_numbers_at_a_differentiated_parameter_is_a_point(user_file):
    status, out, err = run("grad", f"{user_file}:of_dict", "--at", "p={'a': 1.5, 'b': 2}")
    assert (status, err) == (0, "")
    function = transpiler.cli.load_function(f"{user_file}:of_dict")
    assert out == transpiler.grad(function).source(args=({"a": 1.5, "b": 2.0}, 1.0))


def test_check_differentiates_a_dict_of_numbers_by_default(user_file):
    status, out, err = run("check", f"{user_file}:of_dict", "--at", "p={'a': 1.5, 'b': 2.0}, s=0.5")
    assert (status, err) == (0, ""), err
    for leaf, value in (("p['a']", 2 * 1.5 * 2.0 * 0.5), ("p['b']", 1.5 ** 2 * 0.5), ("s", 1.5 ** 2 * 2.0)):
        assert f"gradient with respect to {leaf}:\n  transpiler          {value:.12g}\n" in out


@pytest.mark.parametrize("option", ["--rtol", "--atol"])
@pytest.mark.parametrize("value", ["-1", "nan", "abc"])
def test_a_negative_or_non_numeric_tolerance_is_a_usage_error(user_file, option, value):
    status, out, err = run("check", f"{user_file}:f", "--at", "x=[1.0, 2.0]", option, value)
    assert status == 2 and out == ""
    assert f"argument {option}: invalid tolerance value: '{value}'" in err


@pytest.mark.parametrize("command", ["grad", "hessian", "graph"])
def test_an_output_file_that_cannot_be_written_is_a_one_line_error(user_file, tmp_path, command):
    target = tmp_path / "no_such_directory" / "out.py"
    status, out, err = run(command, f"{user_file}:f", "-o", str(target))
    assert (status, out) == (2, "")
    assert err == f"transpiler: error: cannot write {target}: No such file or directory\n"
