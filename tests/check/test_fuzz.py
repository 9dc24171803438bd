"""The fuzzer (random programs, reverse gradient against finite differences) and the compiler bugs
it found, each reduced to a minimal program and pinned as a strict xfail regression test."""
import collections
import hashlib
import tempfile

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad, fuzz, numeric_gradient
from transpiler.check import finite_differences
from transpiler.check.fuzz import run as fuzz_run
from transpiler.check.fuzz.timing import TimeLimitExceeded, time_limit

SWEEP_SEEDS = range(500)


@pytest.fixture(scope="module")
def sweep():
    """The fixed sweep: 500 random DAG programs (no program classes: those have their own sweep
    below), run once for the tests below, each also checking forward mode against the gradient."""
    with tempfile.TemporaryDirectory() as directory:
        return [fuzz.run_program(fuzz.generate(seed, features=()), directory, forward=True)
                for seed in SWEEP_SEEDS]


# --------------------------------------------------------------------------- the fuzzer
def test_programs_are_deterministic_from_the_seed():
    assert fuzz.generate(123).source == fuzz.generate(123).source
    assert fuzz.generate(27).source == fuzz.generate(27).source     # a program of a class
    assert repr(fuzz.generate(123).inputs(1)) == repr(fuzz.generate(123).inputs(1))
    assert repr(fuzz.generate(123).inputs(0)) != repr(fuzz.generate(123).inputs(1))
    assert len({fuzz.generate(s).source for s in range(20)}) == 20


# A seed names its program for good: seeds in bug reports, in KNOWN_BUGS and in the tests below
# must keep reproducing theirs through any refactoring of the fuzzer. A deliberate change to what
# is generated updates this digest, and says so in its commit. (No numba class: which class a seed
# gets by default depends on whether numba imports, so each class is asked for by name. No program
# that draws from the primitive registry, the registry and library classes or a DAG program's idiom_registry
# statement: which primitives they draw changes whenever a primitive is added to the compiler.)
PROGRAMS_DIGEST = "b0c02df98b121632503a66c19ef19a16246cc604ef07cf753d8313b786e57b9e"


def _independent_of_the_registry(program):
    return program.cls not in ("registry", "library") and "idiom_registry" not in program.features


def test_seeds_keep_generating_the_same_programs():
    programs = [fuzz.generate(seed, features=()) for seed in range(60)]
    for cls in sorted(c for c in fuzz.CLASSES if c != "numba"):
        seeds = [s for s in range(200) if fuzz.pick_class(s, (cls,)) == cls][:2]
        programs += [fuzz.generate(s, features=(cls,)) for s in seeds]
    assert len(programs) == 60 + 2 * (len(fuzz.CLASSES) - 1)
    sources = [p.source for p in programs if _independent_of_the_registry(p)]
    assert len(sources) >= 60
    digest = hashlib.sha256("\n".join(sources).encode()).hexdigest()
    assert digest == PROGRAMS_DIGEST, "the fuzzer generates other programs for the same seeds"


def test_sweep_of_500_programs_finds_no_new_mismatch(sweep):
    failures = [o for o in sweep if o.status in fuzz.FAILURES]
    assert not failures, "\n\n".join(o.describe() for o in failures[:5])
    ok = sum(o.status == "ok" for o in sweep)
    assert ok >= 0.9 * len(sweep), fuzz.summary(sweep).splitlines()[0]


def test_sweep_exercises_every_kind_of_program(sweep):
    features = collections.Counter(f for o in sweep for f in o.program.features)
    expected = {"unary", "math", "broadcast", "reduction", "matmul", "index", "transpose", "reshape",
                "if", "elif", "ifexp", "condition", "for", "while", "break", "continue",
                "nested_loop", "iterate", "enumerate", "zip", "range_len", "constant_sequence",
                "augassign", "tuple_assign", "swap", "global", "shape_query", "early_return",
                "idiom_lambda", "idiom_function_value", "idiom_nested_def", "idiom_comprehension",
                "idiom_sorted", "idiom_starred", "idiom_dict", "idiom_record", "idiom_random",
                "idiom_registry", "idiom_raise", "idiom_assert", "idiom_list", "idiom_add_at",
                "idiom_keywords", "idiom_with"}
    assert expected <= set(features), expected - set(features)
    shapes = collections.Counter(s for o in sweep for s in o.program.shapes)
    assert shapes[()] and shapes[(3,)] and shapes[(2, 3)]


def test_generated_values_stay_moderate(sweep):
    values = [abs(o.report.value) for o in sweep if o.report is not None]
    assert max(values) <= fuzz.LIMIT * 10


def test_wrong_gradient_is_caught_and_reported_with_its_seed(monkeypatch, tmp_path):
    right = transpiler.grad

    def wrong(f, wrt=0):
        g = right(f, wrt)
        return lambda *args: tuple(np.asarray(v) * 1.01 + 0.01 for v in g(*args))

    monkeypatch.setattr(finite_differences.api, "grad", wrong)
    outcomes = [fuzz.run_program(fuzz.generate(seed, features=()), tmp_path) for seed in range(3)]
    assert [o.status for o in outcomes] == ["mismatch"] * 3
    text = fuzz.summary(outcomes)
    assert text.splitlines()[0].startswith("3 programs, 3 mismatches")
    assert "--- seed 1: MISMATCH (reproduce: python -m transpiler.check.fuzz --show 1)" in text
    assert fuzz.generate(1, features=()).source.rstrip() in text
    assert "inputs: x0=" in text


def test_crash_in_the_compiler_is_reported_as_a_crash(monkeypatch, tmp_path):
    def crash(f, wrt=0):
        raise RuntimeError("boom")

    monkeypatch.setattr(finite_differences.api, "grad", crash)
    outcome = fuzz.run_program(fuzz.generate(4, features=()), tmp_path)
    assert outcome.status == "crash"
    assert outcome.error.startswith("RuntimeError: boom")


def test_a_compiler_that_never_returns_is_reported_as_a_crash_with_its_seed(monkeypatch, tmp_path):
    # (fuzz seed 158 once hung the compiler, and with it the whole sweep and CI)
    def endless(f, wrt=0):
        while True:
            pass

    monkeypatch.setattr(fuzz_run, "TIME_LIMIT", 0.3)
    monkeypatch.setattr(finite_differences.api, "grad", endless)
    outcome = fuzz.run_program(fuzz.generate(4, features=()), tmp_path)
    assert (outcome.status, outcome.seed) == ("crash", 4)
    assert outcome.error.startswith("Timeout")


def test_an_outer_time_limit_still_fires_after_an_inner_one_ends():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.3):
            with time_limit(5.0):
                pass
            while True:
                pass


def test_known_crash_is_recognised_by_its_message(monkeypatch, tmp_path):
    def crash(f, wrt=0):
        raise ValueError("assignment destination is read-only")

    monkeypatch.setattr(finite_differences.api, "grad", crash)
    monkeypatch.setitem(fuzz.KNOWN_BUGS, "read_only_adjoint", fuzz.KnownBug(
        "an example known crash", "test_element_read_before_an_if_that_reduces_the_array_does_not_crash",
        pattern=r"is read-only"))
    outcome = fuzz.run_program(fuzz.generate(4, features=()), tmp_path)
    assert (outcome.status, outcome.known) == ("known", "read_only_adjoint")


def test_unknown_crash_is_reported_as_a_crash(monkeypatch, tmp_path):
    def crash(f, wrt=0):
        raise ValueError("something new went wrong")

    monkeypatch.setattr(finite_differences.api, "grad", crash)
    assert fuzz.run_program(fuzz.generate(4, features=()), tmp_path).status == "crash"


def test_reducer_shrinks_a_failing_program_to_the_statement_that_fails(monkeypatch, tmp_path):
    source = ("import numpy as np\n\n\ndef f(x0, x1):\n    v1 = np.sin(x0)\n"
              "    for i in range(2):\n        v1 = v1 * x1\n"
              "    if x1 > 0:\n        v2 = np.exp(x0)\n    else:\n        v2 = x0\n"
              "    return v2\n")
    right = transpiler.grad

    def wrong_through_exp(f, wrt=0):   # a planted bug: every gradient through np.exp is off
        g = right(f, wrt)
        uses_exp = "np.exp" in __import__("inspect").getsource(f)
        return lambda *args: tuple(np.asarray(v) + (0.1 if uses_exp else 0.0) for v in g(*args))

    monkeypatch.setattr(finite_differences.api, "grad", wrong_through_exp)
    reduced = fuzz.reduce_source(source, ["x0", "x1"], [0.3, 0.7], tmp_path)
    assert "v2 = np.exp(x0)" in reduced
    assert "np.sin" not in reduced and "for " not in reduced and "if " not in reduced


def test_command_line_prints_the_count_and_the_mismatches(capsys):
    status = fuzz.main(["--count", "3", "--seed", "10"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("3 programs, 0 mismatches")


def test_command_line_show_prints_one_program(capsys):
    status = fuzz.main(["--show", "10"])
    out = capsys.readouterr().out
    assert status == 0
    assert fuzz.generate(10).source.rstrip() in out


def test_forward_mode_hook_compares_jvp_with_the_reverse_gradient(tmp_path):
    source = "import numpy as np\n\n\ndef f(x0, x1):\n    return np.sum(np.sin(x0) * x1) + x1 * x1\n"
    program = fuzz.Program(0, source, ["x0", "x1"], [(3,), ()], set())
    f = fuzz.load(program, tmp_path)
    args = [np.array([0.3, -1.2, 0.8]), 0.7]
    gradients = list(transpiler.grad(f, wrt=(0, 1))(*args))
    assert fuzz.check_forward_mode(f, args, gradients, 0) is None
    wrong = [gradients[0] + 1.0, gradients[1]]
    assert fuzz.check_forward_mode(f, args, wrong, 0).startswith("forward mode: jvp along")


def _fake_autograd(monkeypatch, offset: float):
    """An autograd stand-in: 5-point finite differences (the program it gets is exec'd source,
    which transpiler cannot read) plus ``offset``."""
    import sys
    import types

    fake = types.ModuleType("autograd")
    fake.numpy = np
    fake.grad = lambda f, i: lambda *args: numeric_gradient(f, args, i, stencil=4) + offset
    monkeypatch.setitem(sys.modules, "autograd", fake)
    monkeypatch.setitem(sys.modules, "autograd.numpy", np)


def test_cross_check_against_autograd_passes_when_they_agree(monkeypatch, tmp_path):
    _fake_autograd(monkeypatch, 0.0)
    assert fuzz.run_program(fuzz.generate(10, features=()), tmp_path, cross=True).status == "ok"


def test_cross_check_against_autograd_reports_a_disagreement(monkeypatch, tmp_path):
    _fake_autograd(monkeypatch, 1e-4)           # well inside the finite-difference tolerance
    outcome = fuzz.run_program(fuzz.generate(10, features=()), tmp_path, cross=True)
    assert outcome.status == "cross" and "autograd disagrees on d/dx0" in outcome.error
    assert "1 disagreements with autograd" in fuzz.summary([outcome])


def test_cross_check_is_skipped_where_autograd_cannot_run_the_program(monkeypatch, tmp_path):
    _fake_autograd(monkeypatch, 0.0)
    monkeypatch.setattr(sys_modules_autograd(), "grad", lambda f, i: 1 / 0)
    assert fuzz.run_program(fuzz.generate(10, features=()), tmp_path, cross=True).status == "ok"


def sys_modules_autograd():
    import sys
    return sys.modules["autograd"]


def test_every_known_bug_has_its_regression_test_here():
    names = set(globals())
    assert all(bug.test in names for bug in fuzz.KNOWN_BUGS.values()), [
        bug.test for bug in fuzz.KNOWN_BUGS.values() if bug.test not in names]


# --------------------------------------------------------------------------- bugs the fuzzer found
# Each is a minimal program reduced from a fuzz failure. Remove the xfail (and the KNOWN_BUGS entry
# in transpiler/check/fuzz/known_bugs.py) once the compiler is fixed.

def carried_unchanged(x, y):
    for i in range(1):
        x = x
        y = y * 2.0
    return x + y


def test_loop_iteration_that_leaves_a_carried_name_unchanged_keeps_its_gradient():
    # d/dx (x + 2y) = 1; the reverse loop sets d_x = zeros_like_adjoint(x) every iteration
    assert transpiler.grad(carried_unchanged, wrt=(0, 1))(0.5, 0.3) == pytest.approx((1.0, 2.0))


def swap_in_loop(x, y):
    for i in range(1):
        x, y = y, x
    return x + 2.0 * y


def test_swap_in_a_loop_swaps_the_adjoints():
    # f = y + 2x after the swap: (df/dx, df/dy) = (2, 1); got (2, 2)
    assert transpiler.grad(swap_in_loop, wrt=(0, 1))(0.5, 0.25) == pytest.approx((2.0, 1.0))


def early_return_of_element(x, y):
    if x < -1.0:
        return y[0]
    return x


def test_early_return_not_taken_does_not_crash():
    # found by the fuzzer (UnboundLocalError: _result_2 read by zeros_like_adjoint); fixed since
    dx, dy = transpiler.grad(early_return_of_element, wrt=(0, 1))(0.5, np.array([-0.5, 1.25]))
    assert dx == 1.0
    np.testing.assert_array_equal(dy, [0.0, 0.0])


def element_read_then_branch(x, c):
    y = x[0]
    if c > 0:
        y = y + np.sum(x)
    return np.sum(x) + y


def test_element_read_before_an_if_that_reduces_the_array_does_not_crash():
    g = transpiler.grad(element_read_then_branch)(np.array([1.0, 2.0, 3.0]), -1.0)
    np.testing.assert_allclose(g, [2.0, 1.0, 1.0])


W = np.array([1.0, 2.0])


def method_of_module_array(x):
    return x * W.sum()


def attribute_of_module_array(x):
    return x * W.T[1]


def test_method_of_a_module_level_array():
    assert transpiler.grad(method_of_module_array)(1.5) == pytest.approx(3.0)


def test_attribute_of_a_module_level_array():
    # found by the fuzzer together with the method case (W.T was "not supported"); fixed since
    assert transpiler.grad(attribute_of_module_array)(1.5) == pytest.approx(2.0)


def aliased_augmented_assignment(x):
    y = x
    y += 1.0          # updates the array x names too
    return np.sum(x * y)


def test_augmented_assignment_to_an_aliased_array_is_python_s_not_wrong():
    # Python computes sum((x + 1) ** 2): y += 1 updates the array x names too; so does the
    # generated code (frontend/assignments.py), for an array and for a number alike
    x = np.array([0.5, -1.0])
    np.testing.assert_allclose(transpiler.grad(aliased_augmented_assignment)(x.copy()), 2 * (x + 1))
    assert check_grad(aliased_augmented_assignment, x).ok
    assert check_grad(aliased_augmented_assignment, 0.5).ok


def empty_if(x):
    if x < -0.62:
        pass
    return x * 2.0


def test_forward_mode_through_an_empty_if():
    assert transpiler.jvp(empty_if, (1.5,), (1.0,)) == pytest.approx((3.0, 2.0))


def broadcast_then_sum(x):
    return np.sum(x + np.ones((3, 2)))


def test_forward_mode_tangent_of_a_broadcast_operand_is_broadcast():
    # each x[j] appears 3 times in the sum: J @ [1, 1] = 6, as grad @ [1, 1] = [3, 3] @ [1, 1]
    value, tangent = transpiler.jvp(broadcast_then_sum, (np.array([1.0, 2.0]),), (np.ones(2),))
    assert (value, tangent) == pytest.approx((15.0, 6.0))


def read_then_loop_that_may_not_run(x0, x1):
    v1 = np.arcsinh(x0[0])
    k1 = 0
    while k1 < 1 and x1 < -0.87:
        v1 = v1 * np.tanh(np.mean(x0))
        k1 = k1 + 1
    return np.sum(v1) + np.sum(x0)


def test_element_read_before_a_loop_that_runs_zero_times_does_not_crash():
    # fuzz seeds 1602 and 1708 (10,000-program run): an adjoint the loop body would have owned
    # was written in place after a loop that ran zero times (a read-only broadcast view)
    x0 = np.array([[1.9, -1.4], [1.2, -1.5], [-0.6, 1.3]])
    for x1 in (0.5, -1.0):
        got = transpiler.grad(read_then_loop_that_may_not_run)(x0, x1)
        assert check_grad(read_then_loop_that_may_not_run, x0, x1, wrt=0).ok, got


def array_over_a_scalar(x):
    s = np.sum(x)
    return np.sum(np.divide(x, 1 + s * s))


def test_hessian_of_an_array_divided_by_a_scalar():
    # regression, fuzz class hessian, seed 1427: the gradient's np.vdot had no derivative rule
    x = np.array([0.3, -0.5, 0.8])
    h = transpiler.hessian(array_over_a_scalar)(x)
    g = transpiler.grad(array_over_a_scalar)
    step = 1e-6
    columns = [(g(x + step * e) - g(x - step * e)) / (2 * step) for e in np.eye(3)]
    np.testing.assert_allclose(h, np.stack(columns, axis=-1), rtol=1e-6, atol=1e-8)


def test_hessian_of_fuzz_seed_10001156_agrees_with_differences_of_the_gradient():
    # the tape of a loop whose taped body was only pushes (the gradient's code for known shapes)
    # was dropped by forward mode: its reverse popped an empty list (tests/test_higher_order.py)
    program = fuzz.generate(10001156, features=("hessian",))
    with tempfile.TemporaryDirectory() as directory:
        f = fuzz.load(program, directory)
        x0, x1 = program.inputs(0)
        h = transpiler.hessian(f)(x0, x1)
        g = transpiler.grad(f)
        step = 1e-6
        columns = [(g(x0 + step * e, x1) - g(x0 - step * e, x1)) / (2 * step) for e in np.eye(x0.size)]
        np.testing.assert_allclose(h, np.stack(columns, axis=-1), rtol=1e-5, atol=1e-7)



def procrustes_of_a_wide_pair(A, B):
    import scipy.linalg
    return np.sum(np.sin(scipy.linalg.orthogonal_procrustes(A, B)[0]))


def test_orthogonal_procrustes_of_a_singular_product_has_the_gradient_of_its_smooth_branch():
    # fuzz seed 544 (class library): A and B of 2 rows and 3 columns make Bᵀ A singular (rank 2
    # of 3). The SVD's adjoint added the terms outside U's and V's span for a square matrix too:
    # rounding, divided by the zero singular value: d/dB[1, 1] was -3.94 where jvp and finite
    # differences give -1.47. (Differences of SciPy's own function jump where rounding flips the
    # sign of the zero singular value's vectors: the reference keeps them on one branch.)
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    u, _, vt = np.linalg.svd(A.T @ B)
    u_null, v_null = u[:, 2], vt[2]         # the zero singular value's vectors, as LAPACK picks them

    def on_one_branch(b):
        u, _, vt = np.linalg.svd(A.T @ b)
        u[:, 2] *= np.sign(u[:, 2] @ u_null)
        vt[2] *= np.sign(vt[2] @ v_null)
        return np.sum(np.sin(u @ vt))

    step = 1e-6
    expected = [(on_one_branch(B + step * e) - on_one_branch(B - step * e)) / (2 * step)
                for e in np.eye(6).reshape(6, 2, 3)]
    assert procrustes_of_a_wide_pair(A, B) == pytest.approx(on_one_branch(B), rel=1e-12)
    gradient = transpiler.grad(procrustes_of_a_wide_pair, wrt=1)(A, B)
    np.testing.assert_allclose(gradient.ravel(), expected, rtol=1e-6, atol=1e-8)
