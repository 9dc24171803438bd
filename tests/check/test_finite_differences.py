"""check_grad (transpiler.grad against central finite differences) and ``transpiler check``."""
import statistics
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import scipy.special

import transpiler
import transpiler.cli
from transpiler.check import check_grad, numeric_gradient
from transpiler.check import finite_differences
from transpiler.errors import TranspileError


def smooth(x, y):
    return np.exp(x * y) + np.sin(x) / (1 + y * y)


def on_arrays(w, b, x):
    return np.sum(np.tanh(w @ x + b) ** 2) + 0.5 * np.sum(w * w)


def absolute(x):
    return abs(x)


def big_value_small_slope(x):
    return 1e3 + 1e-3 * np.sin(x)


def updates_in_place(x):
    x += 1.0
    return np.sum(x * x)


def uses_try(x):
    try:
        y = x
    except ValueError:
        y = 0.0
    return y


def vector_output(x):
    return np.sin(x)


# --------------------------------------------------------------------------- verdicts
def test_scalar_gradient_agrees_with_finite_differences():
    report = check_grad(smooth, 0.7, -0.4, wrt=(0, 1))
    assert report.ok and bool(report)
    assert report.status == "ok"
    assert [a.name for a in report.arguments] == ["x", "y"]
    assert report["x"].analytic == pytest.approx(transpiler.grad(smooth)(0.7, -0.4))
    assert report.value == pytest.approx(smooth(0.7, -0.4))


def test_array_arguments_are_checked_element_by_element():
    rng = np.random.default_rng(0)
    w, b, x = rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=3)
    report = check_grad(on_arrays, w, b, x, wrt=("w", "b", "x"))
    assert report.ok
    assert [a.shape for a in report.arguments] == [(2, 3), (2,), (3,)]
    assert report["b"].numeric.shape == (2,)
    np.testing.assert_allclose(report["w"].numeric, report["w"].analytic, rtol=1e-6)


@pytest.mark.parametrize("wrt, names", [(0, ("w",)), ("x", ("x",)), (-1, ("x",)), ((2, "w"), ("x", "w"))])
def test_wrt_accepts_an_index_a_name_or_a_tuple(wrt, names):
    rng = np.random.default_rng(1)
    report = check_grad(on_arrays, rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=3), wrt=wrt)
    assert report.wrt == names and report.ok


def test_wrong_gradient_is_a_mismatch_naming_the_worst_element(monkeypatch):
    right = transpiler.grad

    def wrong_at_one_element(f, wrt=0):
        g = right(f, wrt)

        def call(*args):
            out = [np.array(v, dtype=float) for v in g(*args)]
            out[0][1, 2] += 0.5
            return tuple(out)
        return call

    monkeypatch.setattr(finite_differences.api, "grad", wrong_at_one_element)
    rng = np.random.default_rng(2)
    w, b, x = rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=3)
    report = check_grad(on_arrays, w, b, x, wrt=("w", "b"))     # raises nothing
    assert not report.ok and report.status == "mismatch"
    assert report["w"].mismatches == 1 and report["b"].ok
    worst = report.worst
    assert (worst.argument, worst.index) == ("w", (1, 2))
    assert worst.analytic - worst.numeric == pytest.approx(0.5, rel=1e-6)
    assert worst.rel_error == pytest.approx(abs(0.5) / max(abs(worst.analytic), abs(worst.numeric)))


def test_report_prints_a_readable_multi_line_verdict(monkeypatch):
    monkeypatch.setattr(finite_differences.api, "grad",
                        lambda f, wrt=0: lambda *a: (3.0, 0.0))
    text = str(check_grad(smooth, 0.7, -0.4, wrt=("x", "y")))
    lines = text.splitlines()
    assert lines[0] == "check_grad smooth with respect to x, y: MISMATCH"
    assert any(line.strip().startswith("x (scalar): 1 of 1 element(s) disagree") for line in lines)
    assert "worst element overall: x" in text or "worst element overall: y" in text
    assert "transpiler 3, finite differences" in text


def test_gradient_of_the_wrong_shape_is_a_mismatch(monkeypatch):
    monkeypatch.setattr(finite_differences.api, "grad",
                        lambda f, wrt=0: lambda *a: (np.zeros(4),))
    report = check_grad(vector_sum, np.ones(3))
    assert report.status == "mismatch"
    assert "shape (4,)" in str(report)


def vector_sum(x):
    return np.sum(x * x)


def test_kink_within_a_step_is_inconclusive_not_a_mismatch():
    report = check_grad(absolute, 1e-7)
    assert report.status == "inconclusive" and not report.ok
    assert "try another point" in str(report)


def test_kink_exactly_at_the_point_agrees_with_the_zero_subgradient():
    assert check_grad(absolute, 0.0).ok


def test_rounding_noise_of_a_large_value_does_not_fail_a_tiny_slope():
    assert check_grad(big_value_small_slope, 0.3, rtol=1e-5).status != "mismatch"


def test_five_point_stencil_is_more_accurate():
    rough = check_grad(smooth, 0.7, -0.4, wrt=(0, 1), stencil=2)
    fine = check_grad(smooth, 0.7, -0.4, wrt=(0, 1), stencil=4)
    assert fine.ok and rough.ok
    assert fine.worst.abs_error < rough.worst.abs_error


def test_unknown_stencil_is_rejected():
    with pytest.raises(ValueError, match="stencil"):
        check_grad(smooth, 0.7, -0.4, stencil=3)


def test_compiler_errors_propagate_unchanged():
    with pytest.raises(TranspileError, match="a `try` block"):
        check_grad(uses_try, 1.0)


def test_callers_arrays_are_left_alone_even_if_the_function_updates_them():
    x = np.array([0.5, -1.0, 2.0])
    before = x.copy()
    check_grad(updates_in_place, x)
    np.testing.assert_array_equal(x, before)


def from_a_list(xs, y):
    return xs[0] * y + xs[1] ** 2


def test_list_arguments_are_perturbed_as_lists():
    report = check_grad(from_a_list, [0.5, 1.5], 2.0, wrt=(0, 1))
    assert report.ok
    assert report["xs"].shape == (2,)
    np.testing.assert_allclose(report["xs"].numeric, [2.0, 3.0], rtol=1e-8)


def test_numeric_gradient_matches_a_known_derivative():
    x = np.array([[0.1, -0.7], [1.3, 2.0]])
    np.testing.assert_allclose(numeric_gradient(vector_sum, [x], 0), 2 * x, rtol=1e-8)
    np.testing.assert_allclose(numeric_gradient(vector_sum, [x], 0, stencil=4), 2 * x, rtol=1e-10)


# --------------------------------------------------------------------------- transpiler check
USER_MODULE = textwrap.dedent('''\
    import numpy as np


    def loss(w, b, x):
        return np.sum(np.tanh(w * x + b) ** 2)


    def scalar(x, y=2.0):
        return x * x * y + np.sin(y)


    def broken(x):
        return np.log(x)


    def uses_try(x):
        try:
            y = x
        except ValueError:
            y = 0.0
        return y
''')


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    (tmp_path / "model.py").write_text(USER_MODULE)
    monkeypatch.chdir(tmp_path)

    def run(*argv):
        capsys.readouterr()
        try:
            status = transpiler.cli.main(list(argv))
        except SystemExit as exc:
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err
    return run


def test_cli_check_prints_both_gradients_and_the_verdict(cli):
    status, out, err = cli("check", "model.py:scalar", "--at", "x=1.5, y=2")
    assert status == 0, err
    assert "gradient with respect to x:" in out and "gradient with respect to y:" in out
    assert "  transpiler          6" in out
    assert "  finite differences  " in out
    assert "check_grad scalar with respect to x, y: OK" in out


def test_cli_check_arrays_and_wrt(cli):
    status, out, err = cli("check", "model.py:loss", "--at", "w=[0.1, -0.3], b=0.5, x=[1, 2]",
                           "--wrt", "w,b", "--stencil", "4")
    assert status == 0, err
    assert "with respect to w, b: OK" in out
    assert "gradient with respect to x" not in out


def test_cli_check_default_arguments_fill_in(cli):
    status, out, _ = cli("check", "model.py:scalar", "--at", "x=1.5", "--wrt", "x")
    assert status == 0 and "y=2" in out


def test_cli_check_with_symbolic_comparison(cli):
    status, out, err = cli("check", "model.py:scalar", "--at", "x=1.5, y=2", "--symbolic")
    assert status == 0, err
    assert "check_symbolic scalar with respect to x, y: OK" in out


def test_cli_check_exits_1_on_a_mismatch(cli, monkeypatch):
    monkeypatch.setattr(finite_differences.api, "grad", lambda f, wrt=0: lambda *a: (0.0, 0.0))
    status, out, _ = cli("check", "model.py:scalar", "--at", "x=1.5, y=2")
    assert status == 1
    assert "MISMATCH" in out


@pytest.mark.parametrize("argv, message", [
    (("check", "model.py:uses_try", "--at", "x=1.0"), "a `try` block"),
    (("check", "model.py:broken", "--at", "x=-1.0, z=2"), "z is not a parameter of broken"),
    (("check", "model.py:scalar", "--at", "1.5"), "name every value"),
    (("check", "model.py:scalar", "--at", "x=foo"), "must be a Python literal: a number, a list of numbers"),
    (("check", "model.py:nothing", "--at", "x=1"), "has no function 'nothing'"),
    (("check", "model.py:scalar", "--at", "y=1.0"), "missing a required argument: 'x'"),
])
def test_cli_check_errors_are_one_line_with_exit_2(cli, argv, message):
    status, out, err = cli(*argv)
    assert status == 2
    assert message in err
    assert err.count("\n") == 1 and err.startswith("transpiler: error: ")


def test_cli_check_help_shows_an_example():
    proc = subprocess.run([sys.executable, "-m", "transpiler", "check", "--help"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert 'transpiler check examples/seed_functions.py:sigmoid_loss --at "w=0.5, x=2.0"' in proc.stdout
    assert "--wrt" in proc.stdout and "--at" in proc.stdout


def huge_value_small_slope(x):
    return np.sum(1e15 * np.cosh(x * 1e-9) + 1e-3 * x * x)


def test_a_slope_below_the_values_rounding_is_inconclusive_not_a_mismatch():
    # regression (fuzz seed 2007252, class helpers): a value of 2e14 made every central
    # difference of a slope of -131 exactly 0, and a right gradient was reported as a mismatch
    report = check_grad(huge_value_small_slope, np.array([0.5, -2.0]))
    assert report.status == "inconclusive", report
    assert np.all(report.arguments[0].spread > 1e3)


def sawtooth_of_a_cube(x):
    return np.sum(np.mod(x ** 3 * 1e6, 1.3) * 1e-6 + np.exp(np.mod(x ** 3, 1.5)))


def test_a_function_changing_faster_than_the_step_is_inconclusive_not_a_mismatch():
    # regression (fuzz seed 6006111): jumps of np.mod every ~1e-8 made the estimates at h and 2h
    # agree with each other and not with the right gradient; smaller steps show they are unreliable
    x = np.array([1.9983457, 0.4171898])
    report = check_grad(sawtooth_of_a_cube, x)
    assert report.status in ("ok", "inconclusive"), report


@pytest.mark.parametrize("library_function", [scipy.special.logsumexp, np.linalg.norm, statistics.pvariance],
                         ids=lambda f: f.__name__)
def test_a_library_function_is_checked_by_the_parameters_of_the_def_standing_for_it(library_function):
    # it was a TypeError ("too many positional arguments"): the arguments were packed by the library's
    # own signature (np.linalg.norm's ord=, axis=, keepdims=), the gradient took the standing def's
    assert check_grad(library_function, np.array([0.3, 1.0, 2.0])).ok
