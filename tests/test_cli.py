"""The ``transpiler`` command line (transpiler/cli.py), run in a subprocess and in-process."""
import math
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import transpiler
import transpiler.cli

USER_MODULE = textwrap.dedent('''\
    import math

    import numpy as np


    def f(a, b):
        return a * math.sin(b) + a * a


    def three(x, y, z):
        u = x * y
        return np.exp(u) + z * z


    def uses_try(x):
        try:
            for _ in range(2):
                x = x * 2.0
        except ZeroDivisionError:
            x = x + 1.0
        return x


    NOT_A_FUNCTION = 3
''')
TRY_LINE = USER_MODULE.splitlines().index("        for _ in range(2):") + 1     # (a loop in a `try` block)


@pytest.fixture(params=["subprocess", "in-process"])
def cli(request, capsys, tmp_path, monkeypatch):
    """``cli(*argv) -> (exit status, stdout, stderr)``, with the working directory ``tmp_path``."""
    monkeypatch.chdir(tmp_path)

    def run(*argv):
        if request.param == "subprocess":
            proc = subprocess.run([sys.executable, "-m", "transpiler", *argv], cwd=tmp_path,
                                  capture_output=True, text=True, timeout=120)
            return proc.returncode, proc.stdout, proc.stderr
        capsys.readouterr()
        try:
            status = transpiler.cli.main(list(argv))
        except SystemExit as exc:  # argparse: --help and usage errors
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "user_funcs.py"
    path.write_text(USER_MODULE)
    return path


def exec_generated(source: str, name: str):
    namespace = {}
    exec(source, namespace)
    return namespace[name]


# --------------------------------------------------------------------------- success
def test_grad_prints_code_that_computes_the_gradient(cli, user_file):
    status, out, err = cli("grad", f"{user_file.name}:f")
    assert (status, err) == (0, "")
    f_grad = exec_generated(out, "f_grad")
    a, b = 1.5, 0.4
    assert f_grad(a, b) == pytest.approx(math.sin(b) + 2 * a)


def test_grad_accepts_an_absolute_path(cli, user_file):
    status, out, err = cli("grad", f"{user_file}:f")
    assert status == 0 and "def f_grad(" in out


def test_wrt_names_give_a_tuple_of_gradients_in_that_order(cli, user_file):
    a, b = 1.5, 0.4
    status, out, _ = cli("grad", f"{user_file.name}:f", "--wrt", "a,b")
    assert status == 0
    assert exec_generated(out, "f_grad")(a, b) == pytest.approx((math.sin(b) + 2 * a, a * math.cos(b)))
    status, out, _ = cli("grad", f"{user_file.name}:f", "--wrt", "b,a")
    assert status == 0
    assert exec_generated(out, "f_grad")(a, b) == pytest.approx((a * math.cos(b), math.sin(b) + 2 * a))


def test_wrt_single_name_or_index_gives_one_gradient(cli, user_file):
    x, y, z = 0.3, 0.5, 2.0
    for wrt in ("z", "2", "-1"):
        status, out, err = cli("grad", f"{user_file.name}:three", "--wrt", wrt)
        assert (status, err) == (0, ""), wrt
        assert exec_generated(out, "three_grad")(x, y, z) == pytest.approx(2 * z), wrt


def test_wrt_mixed_names_and_indices(cli, user_file):
    x, y, z = 0.3, 0.5, 2.0
    status, out, _ = cli("grad", f"{user_file.name}:three", "--wrt", "y,0")
    assert status == 0
    assert exec_generated(out, "three_grad")(x, y, z) == pytest.approx(
        (x * math.exp(x * y), y * math.exp(x * y)))


def test_printed_source_matches_the_api_source(cli, user_file):
    status, out, _ = cli("grad", f"{user_file.name}:f", "--wrt", "a,b")
    assert status == 0
    function = transpiler.cli.load_function(f"{user_file}:f")
    assert out == transpiler.grad(function, wrt=("a", "b")).source()


SSA_ASSIGN = re.compile(r"^    ([A-Za-z_]\w*) = (.+)$")
PREFIX_FORM = re.compile(r"\S+\([^()]*\)")   # `*(a, b)`: an operator listed as a call


def is_one_primitive(rhs: str) -> bool:
    """``rhs`` applies exactly one operator or call to names and constants."""
    import ast

    try:
        tree = ast.parse(rhs, mode="eval").body
    except SyntaxError:
        return bool(PREFIX_FORM.fullmatch(rhs))
    ops = [n for n in ast.walk(tree) if isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Call,
                                                       ast.BoolOp, ast.Subscript, ast.IfExp))
           and not (isinstance(n, ast.UnaryOp) and isinstance(n.operand, ast.Constant))]
    return len(ops) == 1 or (not ops and isinstance(tree, ast.UnaryOp))


def test_ssa_prints_one_primitive_per_line(cli, user_file):
    status, out, err = cli("grad", f"{user_file.name}:three", "--ssa")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "def three(x, y, z):"
    assert re.fullmatch(r"    return \w+", lines[-1])
    body = [line for line in lines[1:-1] if not line.lstrip().startswith("#")]
    assert all(SSA_ASSIGN.match(line) and is_one_primitive(SSA_ASSIGN.match(line).group(2))
               for line in body), out
    # u = x * y; np.exp(u); z * z; the sum: four primitives
    assert len(body) == 4
    assert sum("np.exp(" in line for line in body) == 1


def test_ssa_prints_no_gradient_code(cli, user_file):
    status, out, _ = cli("grad", f"{user_file.name}:f", "--ssa")
    assert status == 0
    assert "reverse sweep" not in out and "d_" not in out
    assert "math.sin(b)" in out


def test_grad_help_shows_an_example(cli):
    status, out, _ = cli("grad", "--help")
    assert status == 0
    assert "example" in out.lower()
    assert re.search(r"transpiler grad \S+\.py:\w+", out)


def test_top_level_help_shows_an_example(cli):
    status, out, _ = cli("--help")
    assert status == 0
    assert re.search(r"transpiler grad \S+\.py:\w+", out)


# --------------------------------------------------------------------------- errors
def assert_one_line_error(status, out, err):
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("transpiler: error: ")


def test_missing_file_is_a_one_line_error(cli):
    result = cli("grad", "no_such_file.py:f")
    assert_one_line_error(*result)
    assert "no_such_file.py" in result[2]


def test_missing_function_is_a_one_line_error(cli, user_file):
    result = cli("grad", f"{user_file.name}:nope")
    assert_one_line_error(*result)
    assert "nope" in result[2]


def test_target_that_is_not_a_function_is_a_one_line_error(cli, user_file):
    result = cli("grad", f"{user_file.name}:NOT_A_FUNCTION")
    assert_one_line_error(*result)
    assert "NOT_A_FUNCTION" in result[2]


@pytest.mark.parametrize("target", ["user_funcs.py", "user_funcs.py:", ":f"])
def test_bad_target_format_is_a_one_line_error(cli, user_file, target):
    result = cli("grad", target)
    assert_one_line_error(*result)
    assert "FILE.py:FUNC" in result[2]


def test_unsupported_syntax_is_a_one_line_error_with_location(cli, user_file):
    result = cli("grad", f"{user_file.name}:uses_try")
    assert_one_line_error(*result)
    assert f"user_funcs.py:{TRY_LINE}:" in result[2]
    assert "try" in result[2]


def test_unsupported_syntax_with_ssa_is_a_one_line_error(cli, user_file):
    assert_one_line_error(*cli("grad", f"{user_file.name}:uses_try", "--ssa"))


def test_syntax_error_in_user_file_is_a_one_line_error(cli, tmp_path):
    (tmp_path / "broken.py").write_text("def f(x):\n    return x +\n")
    result = cli("grad", "broken.py:f")
    assert_one_line_error(*result)
    assert "SyntaxError" in result[2] and "broken.py:2:" in result[2]


def test_syntax_error_names_line_and_column(cli, tmp_path):
    (tmp_path / "broken.py").write_text("def f(x):\n    return x +* 2\n")
    result = cli("grad", "broken.py:f")
    assert_one_line_error(*result)
    assert "broken.py:2:15: SyntaxError: invalid syntax" in result[2]


@pytest.mark.parametrize("wrt", ["a,a", "a,0", "0,a,b"])
def test_a_parameter_named_twice_in_wrt_is_a_one_line_error(cli, user_file, wrt):
    result = cli("grad", f"{user_file.name}:f", "--wrt", wrt)
    assert_one_line_error(*result)
    assert "wrt names 'a' more than once" in result[2]


SHAPED = textwrap.dedent('''\
    import numpy as np


    def doubled(x):
        return x * 2


    def spread(x: float):
        return np.ones(3) * x


    def first_doubled(x):
        return x[:1] * 2
''')


@pytest.fixture
def shaped_file(tmp_path):
    (tmp_path / "shaped.py").write_text(SHAPED)
    return "shaped.py"


def test_grad_at_a_point_where_the_output_is_an_array_says_it_needs_a_scalar(cli, shaped_file):
    result = cli("grad", f"{shaped_file}:doubled", "--at", "x=[1.0, 2.0, 3.0]")
    assert_one_line_error(*result)
    assert "shaped.py:5:12: doubled returns a value of shape (3,) at the point --at gives; grad needs a " \
           "scalar output" in result[2]
    assert "np.sum" in result[2] and "--mode forward" in result[2]


@pytest.mark.parametrize("command", ["grad", "hessian"])
def test_an_output_visibly_not_scalar_from_annotations_is_an_error(cli, shaped_file, command):
    result = cli(command, f"{shaped_file}:spread")
    assert_one_line_error(*result)
    assert f"shaped.py:9:12: spread returns a value of shape (3,); {command} needs a scalar output" in result[2]


def test_forward_mode_and_one_element_outputs_still_print(cli, shaped_file):
    assert cli("grad", f"{shaped_file}:spread", "--mode", "forward")[0] == 0
    status, out, _ = cli("grad", f"{shaped_file}:first_doubled", "--at", "x=[1.0, 2.0, 3.0]")
    assert status == 0 and "def first_doubled_" in out
    assert cli("grad", f"{shaped_file}:doubled", "--at", "x=1.0")[0] == 0


def test_an_output_whose_shape_the_source_does_not_tell_is_printed(cli, shaped_file):
    status, out, _ = cli("grad", f"{shaped_file}:doubled")     # x may be a number
    assert status == 0 and "def doubled_grad(x, d_out=1.0):" in out


def test_exception_while_importing_user_file_is_a_one_line_error(cli, tmp_path):
    (tmp_path / "explodes.py").write_text("raise RuntimeError('boom')\n")
    result = cli("grad", "explodes.py:f")
    assert_one_line_error(*result)
    assert "boom" in result[2]


def test_unknown_wrt_is_a_one_line_error_naming_the_parameters(cli, user_file):
    result = cli("grad", f"{user_file.name}:f", "--wrt", "a,zz")
    assert_one_line_error(*result)
    assert "zz" in result[2] and "'a'" in result[2] and "'b'" in result[2]


def test_missing_target_is_a_usage_error(cli):
    status, out, err = cli("grad")
    assert status == 2 and out == "" and "Traceback" not in err
    assert "usage:" in err


def test_missing_subcommand_is_a_usage_error(cli):
    status, out, err = cli()
    assert status == 2 and out == "" and "Traceback" not in err


# --------------------------------------------------------------------------- modes, export, graphs
SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seed_functions.py"


def run_cli(*argv):
    return subprocess.run([sys.executable, "-m", "transpiler", *argv], capture_output=True, text=True)


def test_forward_mode_prints_tangent_code():
    result = run_cli("grad", f"{SEEDS}:sigmoid_loss", "--mode", "forward", "--wrt", "w,x")
    assert result.returncode == 0, result.stderr
    # (the output's negation folded into the return: fold_negations)
    assert "def sigmoid_loss_jvp(w, x, t_w, t_x):" in result.stdout and "return -g, -t_g" in result.stdout


def test_hessian_command_prints_forward_over_reverse_code():
    result = run_cli("hessian", f"{SEEDS}:lecture_f")
    assert result.returncode == 0, result.stderr
    assert "def lecture_f_grad_jvp(" in result.stdout and "t_d_x" in result.stdout


def test_standalone_export_runs_without_transpiler(tmp_path):
    target = tmp_path / "grads.py"
    result = run_cli("grad", f"{SEEDS}:sigmoid_loss", "--wrt", "w,x", "--standalone", "-o", str(target))
    assert result.returncode == 0 and result.stdout == "", result.stderr
    probe = ("import sys; sys.modules['transpiler'] = None; sys.path.insert(0, sys.argv[1])\n"
             "import grads; print(*grads.sigmoid_loss_grad(0.5, 2.0))")
    ran = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True,
                         cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    got = [float(v) for v in ran.stdout.split()]
    expected = transpiler.grad(load_seed("sigmoid_loss"), wrt=(0, 1))(0.5, 2.0)
    assert got == pytest.approx(list(expected), rel=1e-12)


def load_seed(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location("seed_functions_for_cli", SEEDS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def test_graph_prints_dot_with_a_node_per_primitive():
    result = run_cli("graph", f"{SEEDS}:sigmoid_loss")
    assert result.returncode == 0, result.stderr
    dot = result.stdout
    assert dot.startswith('digraph "sigmoid_loss"') and dot.rstrip().endswith("}")
    assert '"x" -> "a";' in dot and '"w" -> "b";' in dot and "x ** 2" in dot


def test_piped_output_is_plain_text():
    result = run_cli("grad", f"{SEEDS}:sigmoid_loss")
    assert "\x1b[" not in result.stdout


# --------------------------------------------------------------------------- --at, --print-after
def in_process(*argv):
    """``(exit status, stdout, stderr)`` of ``transpiler *argv`` run in this process."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = transpiler.cli.main(list(argv))
        except SystemExit as exc:  # argparse: usage errors
            status = exc.code
    return status, out.getvalue(), err.getvalue()


def test_grad_at_a_point_prints_what_a_call_with_those_values_runs(cli, user_file):
    status, out, err = cli("grad", f"{user_file.name}:f", "--wrt", "a,b", "--at", "a=1.5, b=0.4")
    assert (status, err) == (0, "")
    function = transpiler.cli.load_function(f"{user_file}:f")
    gradient = transpiler.grad(function, wrt=("a", "b"))
    assert out == gradient.compiled((1.5, 0.4)).source == gradient.source(args=(1.5, 0.4))
    assert "d_out" not in out      # specialised: the seed 1.0 built in
    assert exec_generated(out, "f_grad")(1.5, 0.4) == pytest.approx(gradient(1.5, 0.4), rel=1e-15)


def test_grad_at_a_point_makes_lists_float_arrays_and_the_differentiated_numbers_floats(user_file):
    # (an output of one element: grad accepts it; of more, the command refuses, tested above)
    status, out, _ = in_process("grad", f"{user_file}:three", "--wrt", "z", "--at", "x=[1], y=2, z=3")
    assert status == 0
    function = transpiler.cli.load_function(f"{user_file}:three")
    point = (np.array([1.0]), 2, 3.0)
    assert out == transpiler.grad(function, wrt="z").source(args=point)


def test_forward_mode_at_a_point_prints_what_jvp_runs_there(user_file):
    status, out, _ = in_process("grad", f"{user_file}:f", "--mode", "forward", "--at", "a=1.5, b=0.4")
    assert status == 0 and "def f_jvp(a, b, t_a):" in out
    function = transpiler.cli.load_function(f"{user_file}:f")
    assert out == transpiler.api.tangent_source(function, args=(1.5, 0.4))


def seed_stages(*argv):
    """The stages ``transpiler grad SEEDS:sigmoid_loss *argv`` takes, from its unknown-stage error."""
    status, out, err = in_process("grad", f"{SEEDS}:sigmoid_loss", *argv, "--print-after", "no-such-stage")
    assert status == 2 and out == "" and err.startswith("usage: transpiler grad"), err
    listed = re.search(r"invalid choice: 'no-such-stage' \(choose from (.*)\)", err).group(1)
    return re.findall(r"'(\w+)'", listed)


@pytest.mark.parametrize("argv", [(), ("--at", "w=0.5, x=2.0"), ("--mode", "forward"),
                                  ("--mode", "forward", "--at", "w=0.5, x=2.0")],
                         ids=["reverse", "reverse at a point", "forward", "forward at a point"])
def test_print_after_each_stage_prints_the_api_s_text_for_the_seed_function(argv):
    seed = load_seed("sigmoid_loss")
    point = (0.5, 2.0) if "--at" in argv else None
    stages = seed_stages("--wrt", "w,x", *argv)
    assert stages[0] == "lower" and "ad" in stages and ("specialize" in stages) == ("--at" in argv)
    for stage in stages:
        status, out, err = in_process("grad", f"{SEEDS}:sigmoid_loss", "--wrt", "w,x", *argv, "--print-after", stage)
        assert (status, err) == (0, ""), stage
        if "forward" in argv:
            assert out == transpiler.api.tangent_source(seed, (0, 1), args=point, print_after=stage)
        else:
            assert out == transpiler.grad(seed, wrt=(0, 1)).source(args=point, print_after=stage)


def test_an_unknown_stage_is_a_usage_error_listing_the_stages(cli):
    status, out, err = cli("grad", f"{SEEDS}:sigmoid_loss", "--print-after", "vectorise")
    assert status == 2 and out == ""
    assert ("transpiler grad: error: argument --print-after: invalid choice: 'vectorise' "
            "(choose from 'lower', 'loop_invariants', 'repeated_primal_values', 'ad', ") in err
    assert seed_stages("--at", "w=0.5, x=2.0")[:5] == ["lower", "specialize", "loop_invariants", "repeated_primal_values", "ad"]
    assert "'specialize' needs --at" in in_process("grad", f"{SEEDS}:sigmoid_loss", "--print-after", "specialize")[2]


def test_ssa_is_print_after_lower_and_not_both(user_file):
    ssa = in_process("grad", f"{user_file}:three", "--ssa")
    assert ssa[0] == 0 and ssa == in_process("grad", f"{user_file}:three", "--print-after", "lower")
    status, _, err = in_process("grad", f"{user_file}:three", "--ssa", "--print-after", "ad")
    assert status == 2 and "not allowed with argument --ssa" in err


def test_hessian_at_a_point_prints_the_code_hessian_runs_there():
    status, out, err = in_process("hessian", f"{SEEDS}:lecture_f", "--at", "x=0.7")
    assert (status, err) == (0, "")
    lecture_f = load_seed("lecture_f")
    assert out == transpiler.api.hessian_source(lecture_f, args=(0.7,))
    status, out, _ = in_process("hessian", f"{SEEDS}:lecture_f", "--print-after", "lower")
    assert status == 0 and out.startswith("def lecture_f_grad(")


MASKED_MODULE = ("import numpy as np\n\n\ndef masked_root(x):\n"
                 "    return np.sum(np.where(x > 0, np.sqrt(x), 0.0))\n\n\n"
                 "def product(a, b):\n    return a * b\n")


def test_strong_zeros_prints_the_code_a_call_falls_back_on(tmp_path):
    path = tmp_path / "masked_module.py"
    path.write_text(MASKED_MODULE)
    masked_root = transpiler.cli.load_function(f"{path}:masked_root")
    point = (np.array([-1.0, 4.0]),)
    for argv, expected in [((), transpiler.grad(masked_root).source(strong_zeros=True)),
                           (("--at", "x=[-1.0, 4.0]"), transpiler.grad(masked_root).source(args=point, strong_zeros=True)),
                           (("--mode", "forward", "--at", "x=[-1.0, 4.0]"),
                            transpiler.api.tangent_source(masked_root, args=point, strong_zeros=True))]:
        status, out, err = in_process("grad", f"{path}:masked_root", *argv, "--strong-zeros")
        assert (status, err) == (0, "") and out == expected and "strong_zero_times(" in out, argv
        with np.errstate(all="ignore"):       # the printed code's gradient at the point: finite, the call's
            if "--mode" not in argv:
                namespace = {}
                exec(out, namespace)
                np.testing.assert_array_equal(namespace["masked_root_grad"](*point), transpiler.grad(masked_root)(*point))
    status, out, _ = in_process("hessian", f"{path}:masked_root", "--at", "x=[-1.0, 4.0]", "--strong-zeros")
    assert status == 0 and out == transpiler.api.hessian_source(masked_root, args=point, strong_zeros=True)
    status, _, err = in_process("grad", f"{path}:masked_root", "--ssa", "--strong-zeros")
    assert status == 2 and "leave out --strong-zeros" in err
    status, _, err = in_process("grad", f"{path}:product", "--strong-zeros")
    assert status == 2 and "never run strong-zero code" in err



def test_hessian_in_forward_mode_prints_the_forward_over_forward_code():
    lecture_f = load_seed("lecture_f")
    status, out, err = in_process("hessian", f"{SEEDS}:lecture_f", "--at", "x=0.7", "--mode", "forward")
    assert (status, err) == (0, "")
    assert out == transpiler.api.hessian_source(lecture_f, args=(0.7,), mode="forward")
    assert out != transpiler.api.hessian_source(lecture_f, args=(0.7,))
