"""Quality of the generated source (transpiler/backends/emit.py and what feeds it)."""
import ast
import json
import math
import os
import subprocess
import sys
import textwrap
import traceback

import numpy as np
import pytest

import transpiler
from transpiler.driver import pipeline
from transpiler.ad.reverse import GradientSpec


def generated_def(source: str, name: str) -> ast.FunctionDef:
    """The generated function ``name`` (not the inlined runtime helpers) in a printed module."""
    defs = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name]
    assert len(defs) == 1, f"no single `def {name}` in:\n{source}"
    return defs[0]


def run_source(source: str, name: str):
    namespace = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    return namespace[name]


def numeric_grad(f, args, i, h=1e-6):
    lo, hi = list(args), list(args)
    lo[i] -= h
    hi[i] += h
    return (f(*hi) - f(*lo)) / (2 * h)


# --------------------------------------------------------------------------- sample functions
def sigmoid_loss(w, x):
    a = x ** 2
    b = w * a
    c = 1 / (1 + math.exp(-b))
    g = math.log(c)
    return -g


def lecture_f(x: float) -> float:
    return np.sqrt(x ** 2 + np.exp(x ** 2)) + np.cos(x ** 2 + np.exp(x ** 2))


def reused(x, y):
    a = x * y
    b = np.sin(a) * a
    c = b / (1.0 + a * a)
    return c + np.tanh(b) - y


def partly_unused(x, y, z):
    return x * math.sin(y) + x * x


SAMPLES = [
    (sigmoid_loss, (0, 1), (0.7, 1.3)),
    (lecture_f, 0, (0.4,)),
    (reused, (0, 1), (0.3, -1.1)),
    (partly_unused, (0, 1, 2), (0.5, 0.8, 2.0)),
]
SAMPLE_IDS = [s[0].__name__ for s in SAMPLES]


# --------------------------------------------------------------------------- determinism
@pytest.mark.parametrize("fn, wrt, args", SAMPLES, ids=SAMPLE_IDS)
def test_source_is_identical_when_generated_twice(fn, wrt, args):
    first = transpiler.grad(fn, wrt).source()
    second = transpiler.grad(fn, wrt).source()
    assert first == second


def test_source_is_unchanged_after_generating_other_gradients():
    before = transpiler.grad(reused, (0, 1)).source()
    for fn, wrt, args in SAMPLES:
        transpiler.grad(fn, wrt).source()
        transpiler.value_and_grad(fn, wrt).source()
        transpiler.grad(fn, wrt)(*args)
        transpiler.grad(fn, 0).source()
    transpiler.grad(reused, 1)(0.3, 0.4)
    assert transpiler.grad(reused, (0, 1)).source() == before


def test_source_is_identical_across_processes_with_different_hash_seeds():
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        import test_emit as t, transpiler
        for fn, wrt, args in t.SAMPLES:
            sys.stdout.write(transpiler.grad(fn, wrt).source())
    """)
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1


# --------------------------------------------------------------------------- layout
@pytest.mark.parametrize("fn, wrt, args", SAMPLES, ids=SAMPLE_IDS)
def test_source_has_forward_then_reverse_sweep_comments(fn, wrt, args):
    source = transpiler.grad(fn, wrt).source()
    assert "# forward sweep" in source and "# reverse sweep" in source
    assert source.index("# forward sweep") < source.index("# reverse sweep")


def test_source_is_a_module_importing_numpy_and_math_only_as_needed():
    with_math = transpiler.grad(sigmoid_loss).source()
    without_math = transpiler.grad(lecture_f).source()
    assert "import numpy as np" in with_math and "import math" in with_math
    assert "import numpy as np" in without_math and "import math" not in without_math


@pytest.mark.parametrize("fn, wrt, args", SAMPLES, ids=SAMPLE_IDS)
def test_exec_of_source_gives_the_api_gradient(fn, wrt, args):
    generated = run_source(transpiler.grad(fn, wrt).source(), f"{fn.__name__}_grad")
    assert generated(*args) == pytest.approx(transpiler.grad(fn, wrt)(*args))


def test_generated_function_keeps_the_users_parameter_names():
    node = generated_def(transpiler.grad(sigmoid_loss, (0, 1)).source(), "sigmoid_loss_grad")
    assert [a.arg for a in node.args.args][:2] == ["w", "x"]


# --------------------------------------------------------------------------- collisions
def collide_adjoint_names(x, d_x):
    _t1 = x * d_x
    out = np.sin(_t1) * x
    d_out = out * out + _t1
    return d_out


def collide_module_names(x, y):
    np = x * y
    unbroadcast = np * x
    zeros_like_adjoint = unbroadcast * 2.0
    math = zeros_like_adjoint + y
    return math * x


def collide_parameters(d_out, out, _t1):
    _t2 = d_out * out
    d_d_out = _t2 * _t2 + _t1
    return d_d_out * _t1


def collide_annotated(x: float, d_x: float, out: float) -> float:
    _t1 = x * d_x
    d_out = np.exp(_t1) * out
    return d_out + x


def collide_suffixes(x, x_1, d_x_1):
    x = x * x_1
    x = x + d_x_1
    t1 = x * x
    return t1 * x_1


COLLISIONS = [
    (collide_adjoint_names, (0.3, 0.7)),
    (collide_module_names, (0.3, 0.7)),
    (collide_parameters, (0.3, 0.7, 1.1)),
    (collide_annotated, (0.3, 0.7, 1.1)),
    (collide_suffixes, (0.3, 0.7, 1.1)),
]
COLLISION_IDS = [c[0].__name__ for c in COLLISIONS]


@pytest.mark.parametrize("fn, args", COLLISIONS, ids=COLLISION_IDS)
def test_user_names_like_generated_ones_still_give_correct_gradients(fn, args):
    wrt = tuple(range(len(args)))
    grads = transpiler.grad(fn, wrt)(*args)
    for i, g in enumerate(grads):
        assert g == pytest.approx(numeric_grad(fn, args, i), rel=1e-6), f"argument {i}"


@pytest.mark.parametrize("fn, args", COLLISIONS, ids=COLLISION_IDS)
def test_user_names_like_generated_ones_in_exec_of_source(fn, args):
    wrt = tuple(range(len(args)))
    generated = run_source(transpiler.grad(fn, wrt).source(), f"{fn.__name__}_grad")
    assert generated(*args) == pytest.approx(transpiler.grad(fn, wrt)(*args))
    by_keyword = generated(**dict(zip(list(fn.__code__.co_varnames)[:len(args)], args)))
    assert by_keyword == pytest.approx(transpiler.grad(fn, wrt)(*args))


@pytest.mark.parametrize("fn, args", COLLISIONS, ids=COLLISION_IDS)
def test_generated_code_never_assigns_a_parameter_or_a_module_name(fn, args):
    wrt = tuple(range(len(args)))
    for make, suffix in ((transpiler.grad, "grad"), (transpiler.value_and_grad, "value_and_grad")):
        source = make(fn, wrt).source()
        node = generated_def(source, f"{fn.__name__}_{suffix}")
        params = {a.arg for a in node.args.args + node.args.kwonlyargs}
        protected = params | {"np", "math", "unbroadcast", "zeros_like_adjoint"}
        stores = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        assert not stores & protected, source


def test_user_variable_named_np_does_not_shadow_numpy_in_generated_code():
    source = transpiler.grad(collide_module_names, (0, 1)).source()
    assert "unbroadcast(" in source and "np.shape" in source  # the helpers really are used
    x, y = 0.3, 0.7
    # collide_module_names(x, y) == 2 x^3 y + x y
    assert run_source(source, "collide_module_names_grad")(x, y) == pytest.approx(
        (6 * x * x * y + y, 2 * x ** 3 + x))


# --------------------------------------------------------------------------- standalone
STANDALONE_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.modules["transpiler"] = None   # make sure the generated module cannot lean on us
    sys.modules["astor"] = None
    try:
        import transpiler
    except ImportError:
        pass
    else:
        raise SystemExit("transpiler is importable")
    sys.path.insert(0, sys.argv[1])
    import generated_gradient as g
    result = getattr(g, sys.argv[2])(*json.loads(sys.argv[3]))
    result = result if isinstance(result, tuple) else (result,)
    print(json.dumps([float(v) for v in result]))
""")


@pytest.mark.parametrize("fn, wrt, args", SAMPLES, ids=SAMPLE_IDS)
def test_saved_source_runs_in_a_process_without_transpiler(fn, wrt, args, tmp_path):
    source = transpiler.grad(fn, wrt).source()
    (tmp_path / "generated_gradient.py").write_text(source)
    proc = subprocess.run(
        [sys.executable, "-I", "-c", STANDALONE_SCRIPT, str(tmp_path), f"{fn.__name__}_grad",
         json.dumps(list(args))],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    expected = transpiler.grad(fn, wrt)(*args)
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert json.loads(proc.stdout) == pytest.approx([float(v) for v in expected], rel=1e-12)


def test_saved_source_inlines_the_runtime_helpers_it_uses():
    source = transpiler.grad(partly_unused, (0, 1, 2)).source()
    module = ast.parse(source)
    defined = {n.name for n in module.body if isinstance(n, ast.FunctionDef)}
    called = {n.func.id for n in ast.walk(module)
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert "zeros_like_adjoint" in called and "zeros_like_adjoint" in defined
    assert not any(isinstance(n, (ast.Import, ast.ImportFrom)) and any(
        a.name.split(".")[0] not in {"numpy", "math"} for a in n.names) for n in module.body)


OFFSET = 0.25


def reads_global(x):
    return OFFSET * x * x


def test_saved_source_takes_free_names_as_keyword_only_arguments():
    source = transpiler.grad(reads_global).source()
    node = generated_def(source, "reads_global_grad")
    assert [a.arg for a in node.args.kwonlyargs] == ["OFFSET"]
    generated = run_source(source, "reads_global_grad")
    assert generated(2.0, OFFSET=3.0) == pytest.approx(12.0)


# --------------------------------------------------------------------------- dead code
def _dead_assignments(node: ast.FunctionDef) -> list[str]:
    """Top-level assignments whose value is never read (before being re-bound), found
    repeatedly: an assignment only read by dead ones is dead too."""
    body = list(node.body)
    dead = []
    while True:
        found = [stmt for i, stmt in enumerate(body)
                 if isinstance(stmt, ast.Assign) and not _is_read_later(stmt, body[i + 1:])]
        if not found:
            return [f"line {s.lineno}: {ast.unparse(s)}" for s in sorted(dead, key=lambda s: s.lineno)]
        dead += found
        body = [stmt for stmt in body if stmt not in found]


def _is_read_later(stmt: ast.Assign, later: list) -> bool:
    for target in (t for t in stmt.targets if isinstance(t, ast.Name)):
        for other in later:
            names = [n for n in ast.walk(other) if isinstance(n, ast.Name) and n.id == target.id]
            if any(isinstance(n.ctx, ast.Load) for n in names):
                return True
            if any(isinstance(n.ctx, ast.Store) for n in names):
                break
    return False


def value_only_work(x, y):
    return x * x + np.exp(y)


DEAD_CODE_SAMPLES = SAMPLES + [(value_only_work, 0, (0.5, 0.2))]
DEAD_CODE_IDS = [s[0].__name__ for s in DEAD_CODE_SAMPLES]


@pytest.mark.parametrize("fn, wrt, args", DEAD_CODE_SAMPLES, ids=DEAD_CODE_IDS)
def test_grad_source_has_no_dead_assignments(fn, wrt, args):
    source = transpiler.grad(fn, wrt).source()
    dead = _dead_assignments(generated_def(source, f"{fn.__name__}_grad"))
    assert not dead, "\n".join(dead) + "\n\n" + source


@pytest.mark.parametrize("fn, wrt, args", DEAD_CODE_SAMPLES, ids=DEAD_CODE_IDS)
def test_value_and_grad_source_has_no_dead_assignments(fn, wrt, args):
    source = transpiler.value_and_grad(fn, wrt).source()
    dead = _dead_assignments(generated_def(source, f"{fn.__name__}_value_and_grad"))
    assert not dead, "\n".join(dead) + "\n\n" + source


def test_dead_assignment_checker_detects_dead_code():
    node = ast.parse("def f(x):\n    a = x\n    b = x\n    a = b\n    return x\n").body[0]
    assert _dead_assignments(node) == ["line 2: a = x", "line 3: b = x", "line 4: a = b"]
    node = ast.parse("def f(x):\n    a = x\n    a = a + x\n    return a\n").body[0]
    assert _dead_assignments(node) == []


def unused_intermediate(x):
    a = np.exp(x)
    b = x * x
    return b


def test_user_dead_code_is_not_emitted():
    source = transpiler.value_and_grad(unused_intermediate).source()
    assert "np.exp" not in source


# --------------------------------------------------------------------------- tracebacks
def log_squared(x):
    y = math.log(x)
    return y * y


def test_error_in_generated_code_shows_the_generated_line_in_the_traceback():
    with pytest.raises(ValueError) as info:
        try:
            transpiler.grad(log_squared)(-1.0)
        except ValueError:
            text = traceback.format_exc()
            raise
    frames = [f for f in traceback.extract_tb(info.value.__traceback__)
              if f.filename.startswith("<transpiler")]
    assert frames, text
    assert "math.log" in frames[-1].line
    assert "math.log" in text and "<transpiler" in text


def test_generated_function_source_is_retrievable_with_inspect():
    import inspect

    generated = transpiler.grad(log_squared).compiled((2.0,))
    assert inspect.getsource(generated.function) in generated.source
    assert "math.log" in inspect.getsource(generated.function)


def test_compiled_code_is_the_printed_source_with_the_seed_fixed_at_one():
    # grad of a scalar output compiles the gradient-only code; value_and_grad the (value, grad)
    # code; both print with a seed parameter d_out=1.0 and run with the seed folded in
    for make, spec_value in ((transpiler.grad, False), (transpiler.value_and_grad, True)):
        generated = make(reused, (0, 1)).compiled((0.3, -1.1))
        unit = GradientSpec((0, 1), True, returns_value=spec_value, arg_shapes=((), ()), unit_seed=True)
        assert generated.source == pipeline.source(reused, unit)
        printed = make(reused, (0, 1)).source(((), ()))
        assert printed != generated.source and "d_out=1.0" in printed
        namespace = {}
        exec(printed, namespace)
        with_seed = namespace[generated.function.__name__]
        assert np.allclose(np.hstack(with_seed(0.3, -1.1)), np.hstack(generated.function(0.3, -1.1)))

def three_arrays(x):
    u = x ** 2
    e = np.exp(u)
    return np.sum(np.sqrt(u + e) + np.cos(u + e))


def test_compiled_gradient_frees_arrays_after_their_last_use():
    x = np.linspace(-1.0, 1.0, 7)
    generated = transpiler.grad(three_arrays).compiled((x,))
    assert "del " in generated.source and "d_out" not in generated.source
    assert "del " not in transpiler.grad(three_arrays).source([(7,)])
    tree = ast.parse(generated.source)
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "three_arrays_grad")
    deleted = {t.id for s in function.body if isinstance(s, ast.Delete) for t in s.targets}
    returned = {n.id for n in ast.walk(function.body[-1]) if isinstance(n, ast.Name)}
    assert deleted and returned and not deleted & returned
    assert np.allclose(transpiler.grad(three_arrays)(x),
                       (0.5 / np.sqrt(x**2 + np.exp(x**2)) - np.sin(x**2 + np.exp(x**2))) * (1 + np.exp(x**2)) * 2 * x)
