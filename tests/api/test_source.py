"""What ``source`` prints is what a call runs (transpiler/api/gradient.py ``Gradient.source``,
transpiler/api/sources.py, transpiler/api/stages.py): with ``args`` the very text compiled for a
call with those arguments, and with ``print_after`` the IR or code after any stage of the pipeline."""
import ast
import dataclasses
import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler
from transpiler.api import GradientSpec, UnknownStageError, hessian_source, tangent_source
from transpiler.ad.forward import TangentSpec
from transpiler.backends import backend, emit
from transpiler.driver import pipeline
from transpiler.opt.passes import IR_FORWARD, IR_REVERSE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
from seed_functions import lecture_f, max_example, sigmoid_loss  # noqa: E402


@pytest.fixture
def compiled_texts(monkeypatch):
    """Every module text the pipeline compiles during the test, in order."""
    texts = []
    real = emit.compile_function
    monkeypatch.setattr(emit, "compile_function", lambda text, *a, **k: texts.append(text) or real(text, *a, **k))
    return texts


def run_text(text: str, generated: pipeline.Generated, args: tuple):
    """The gradient the module ``text`` computes when called as ``generated`` is: with the unit
    tangent after the arguments for forward-mode code, the free names' values as keywords."""
    namespace = {}
    exec(text, namespace)
    tangent = (1.0,) if generated.tangent else ()
    result = namespace[generated.function.__name__](*args, *tangent, **generated.free_values())
    return result[1] if generated.returns_value else result


@pytest.fixture
def fresh(tmp_path):
    """``fresh(source, name)``: a new function from a module file of its own (a compile cache of
    its own, so what is compiled for it is compiled during the test)."""
    def load(source: str, name: str):
        path = tmp_path / f"fresh_{len(list(tmp_path.iterdir()))}.py"
        path.write_text(f"import math\n\nimport numpy as np\n\nSHIFT = 0.25\n\n{source}")
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return getattr(module, name)
    return load


LAYER = """
def layer(W, x, scale):
    h = np.tanh(W @ x) * scale
    return np.sum(h * h) + SHIFT * x.sum()
"""

# (function source, name, wrt, arguments): reverse mode, forward mode for one number, arrays,
# float32, a free global, a loop
SEEDS = (Path(__file__).resolve().parents[2] / "examples" / "seed_functions.py").read_text()
CALLS = {
    "two-numbers": (SEEDS, "sigmoid_loss", (0, 1), (0.5, 2.0)),
    "one-number-forward-mode": (SEEDS, "sigmoid_loss", 1, (0.5, 2.0)),
    "arrays-and-a-global": (LAYER, "layer", (0, 1),
                            (np.arange(6.0).reshape(2, 3) / 7, np.array([0.3, -0.2, 0.5]), 2.0)),
    "float32": (LAYER, "layer", 1, (np.ones((2, 3), np.float32), np.array([0.3, -0.2, 0.5], np.float32), 1.5)),
    "a-loop": ("def power(x, n):\n    y = x\n    for _ in range(n):\n        y = y * np.sin(y)\n    return np.sum(y)\n",
               "power", 0, (np.array([0.7, -0.2]), 3)),
}


def gradient_for(fresh, case, value=False):
    source, name, wrt, args = CALLS[case]
    f = fresh(source, name)
    make = transpiler.value_and_grad if value else transpiler.grad
    return f, make(f, wrt=wrt), args


@pytest.mark.parametrize("case", sorted(CALLS))
def test_source_with_args_is_the_text_a_call_with_them_compiled_and_runs(case, compiled_texts, fresh):
    f, g, args = gradient_for(fresh, case)
    expected = g(*args)
    text = g.source(args=args)
    assert text == compiled_texts[-1] == g.compiled(args).source
    assert ("(forward mode)" in text) == (case == "one-number-forward-mode")
    got = run_text(text, g.compiled(args), args)
    as_tuple = (lambda v: v if isinstance(v, tuple) else (v,))
    for e, r in zip(as_tuple(expected), as_tuple(got)):
        np.testing.assert_allclose(r, e, rtol=1e-6 if np.asarray(e).dtype == np.float32 else 1e-12)
    assert transpiler.check_grad(f, *[a.astype(float) if isinstance(a, np.ndarray) else a for a in args],
                                 wrt=CALLS[case][2]).ok


def test_source_with_args_of_value_and_grad_and_keywords_is_what_that_call_runs(compiled_texts, fresh):
    _, g, args = gradient_for(fresh, "arrays-and-a-global", value=True)
    W, x, scale = args
    value, gradient = g(W, x=x, scale=scale)
    text = g.source(args=args)
    assert text == compiled_texts[-1]
    for got, expected in zip(run_text(text, g.compiled(args), args), gradient):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_source_with_args_is_specialised_unlike_the_source_for_any_shapes(fresh):
    _, g, args = gradient_for(fresh, "arrays-and-a-global")
    signature = re.compile(r"^def layer_\w*grad\((.*)\):", re.M)
    assert signature.search(g.source()).group(1) == "W, x, scale, d_out=1.0, *, SHIFT"
    # the seed built in; the gradient alone: the free name is specialised like an argument, so the
    # compiler knows the output is a scalar
    assert signature.search(g.source(args=args)).group(1) == "W, x, scale, *, SHIFT"
    assert "def layer_grad(" in g.source(args=args)


class Model:
    def loss(self, x):
        return np.sum(np.sin(x) * x)


def test_source_of_a_bound_method_takes_the_arguments_after_self():
    g = transpiler.grad(Model().loss)
    x = np.linspace(0.0, 1.0, 4)
    np.testing.assert_allclose(g(x), np.cos(x) * x + np.sin(x), rtol=1e-12)
    assert g.source(args=(x,)) == g.compiled((g.bound[0], x)).source


def test_source_refuses_both_arg_shapes_and_args():
    with pytest.raises(ValueError, match="arg_shapes or args"):
        transpiler.grad(sigmoid_loss).source([(), ()], args=(0.5, 2.0))


def seed_derivatives():
    """(name, the seed function, printer, its stages): reverse and forward mode, for any shapes
    and for a call (one with respect to one number, which runs forward-mode code)."""
    g = transpiler.grad(sigmoid_loss, wrt=(0, 1))
    one = transpiler.grad(max_example, wrt=0)
    point, max_point = (0.5, 2.0), (5.0, -2.0, -5.0)
    any_shapes = GradientSpec(g.wrt, True, returns_value=False, arg_shapes=((), ()))
    return [
        ("reverse, any shapes", sigmoid_loss, g.source, pipeline.stages(any_shapes)),
        ("reverse, at a call", sigmoid_loss, lambda **k: g.source(args=point, **k),
         pipeline.stages(g.spec_for(point))),
        ("reverse, one number at a call", max_example, lambda **k: one.source(args=max_point, **k),
         pipeline.stages(one.spec_for(max_point))),
        ("forward, any shapes", sigmoid_loss, lambda **k: tangent_source(sigmoid_loss, (0, 1), **k),
         pipeline.stages(TangentSpec((0, 1), ((), ())))),
        ("forward, at a call", sigmoid_loss, lambda **k: tangent_source(sigmoid_loss, (0, 1), args=point, **k),
         pipeline.stages(TangentSpec((0, 1), ((), ())))),
    ]


@pytest.mark.parametrize("name, f, printer, stages", seed_derivatives(),
                         ids=[case[0] for case in seed_derivatives()])
def test_print_after_each_stage_prints_that_stage_for_the_seed_functions(name, f, printer, stages):
    assert stages[:1] == ["lower"] and "ad" in stages and len(stages) > 3
    assert ("specialize" in stages) == (name.startswith("reverse") and "at a call" in name)
    ir_passes = {p.name for p in IR_REVERSE + IR_FORWARD + backend("numpy").ir_passes}
    for stage in stages:
        text = printer(print_after=stage)
        ast.parse(text)
        if stage in ("lower", "specialize", "loop_invariants", "repeated_primal_values"):       # the function's own SSA
            assert text.startswith(f"def {f.__name__}("), stage
            assert not re.search(r"\b[dt]_\w", text), stage      # no adjoint, no tangent
        elif stage == "ad" or stage in ir_passes:       # the IR's listing, up to the backend's printing
            assert re.match(rf"def {f.__name__}_(grad|jvp)\(", text), stage
            assert "import" not in text, stage
            assert "_returned = " in text, stage        # (the listing binds the result; Python returns it)
        else:                                            # a backend's own pass: the module it printed
            assert text.startswith("import") and re.search(rf"^def {f.__name__}_(grad|jvp)\(", text, re.M), stage
    assert printer(print_after="lower") == pipeline.lowered(f).listing()
    # the last stage is what is printed (where it is a pass on the IR: that IR, as the backend prints it)
    last = stages[-1] + (":python" if stages[-1] in ir_passes else "")
    assert printer(print_after=last) == printer()


def test_code_after_the_transform_and_after_every_pass_computes_the_same_gradient():
    g = transpiler.grad(sigmoid_loss, wrt=(0, 1))
    point = (0.5, 2.0)
    generated = g.compiled(point)
    expected = g(*point)
    spec = g.spec_for(point)
    stages = pipeline.stages(spec)
    for stage in stages[stages.index("ad"):]:
        stage += ":python" if stage in pipeline.ir_stages(spec) else ""     # (the IR as the module it prints)
        assert run_text(g.source(args=point, print_after=stage), generated, point) == pytest.approx(expected,
                                                                                                   rel=1e-14)


def test_an_unknown_stage_is_an_error_naming_the_valid_ones():
    g = transpiler.grad(sigmoid_loss, wrt=(0, 1))
    with pytest.raises(UnknownStageError) as error:
        g.source(print_after="vectorise")
    stages = pipeline.stages(GradientSpec(g.wrt, True, returns_value=False, arg_shapes=((), ())))
    assert isinstance(error.value, ValueError) and error.value.stages == stages
    assert all(stage in str(error.value) for stage in stages) and "'vectorise'" in str(error.value)
    with pytest.raises(UnknownStageError, match="the stages are lower, loop_invariants, repeated_primal_values, ad, one_sided_clips, tuple_items, write_checks, selected_sums, dead_code"):
        tangent_source(sigmoid_loss, print_after="reuse_buffers")


def test_tangent_source_with_args_is_what_jvp_compiled_for_that_call(compiled_texts, fresh):
    f = fresh("def f(x, y):\n    return np.sum(np.exp(x) * y)\n", "f")
    x, y = np.array([0.1, 0.2]), np.array([1.0, -1.0])
    value, tangent = transpiler.jvp(f, (x, y), (np.ones(2), None))
    assert tangent == pytest.approx(np.sum(np.exp(x) * y))
    assert tangent_source(f, 0, args=(x, y)) == compiled_texts[-1]


def test_hessian_source_with_args_is_the_code_hessian_ran(compiled_texts, fresh):
    f = fresh("def f(x):\n    return np.sum(np.sin(x) * x)\n", "f")
    x = np.array([0.3, 0.8])
    H = transpiler.hessian(f)(x)
    np.testing.assert_allclose(H, np.diag(2 * np.cos(x) - x * np.sin(x)), rtol=1e-12)
    assert hessian_source(f, args=(x,)) == compiled_texts[-1]
    assert "lecture_f_grad" in hessian_source(lecture_f, print_after="lower")
    assert hessian_source(lecture_f, print_after="ad").startswith("def lecture_f_grad_jvp(")      # the IR
    assert hessian_source(lecture_f, print_after="ad:python").startswith("import")              # printed


def test_a_decorated_function_prints_what_its_grad_runs_at_a_call(compiled_texts, fresh):
    loss = transpiler.differentiate(fresh(LAYER, "layer"), wrt=("W", "x"))
    args = CALLS["arrays-and-a-global"][3]
    gradient = loss.grad(*args)
    assert loss.source_at(*args) == compiled_texts[-1]
    assert loss.source_at() == loss.source == transpiler.grad(loss, wrt=("W", "x")).source()
    assert loss.source_at(*args, print_after="lower") == pipeline.lowered(loss).listing()
    same_call = transpiler.grad(loss, wrt=("W", "x")).compiled(args)
    for got, expected in zip(run_text(loss.source_at(*args), same_call, args), gradient):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_a_forward_mode_decorated_function_prints_what_its_grad_runs_at_a_call(compiled_texts, fresh):
    f = fresh("def f(x, y):\n    return np.sum(np.exp(x) * y)\n", "f")
    x, y = np.array([0.1, 0.2]), np.array([1.0, -1.0])
    one = transpiler.differentiate(f, wrt="x", mode="forward")
    np.testing.assert_allclose(one.grad(x, y), np.exp(x) * y, rtol=1e-12)
    assert one.source_at(x, y) == compiled_texts[-1]
    assert one.source_at(print_after="ad").startswith("def f_jvp(")
    assert one.source_at(print_after="ad:python").startswith("import")
    with pytest.raises(ValueError, match="one module per parameter"):
        transpiler.differentiate(f, wrt=("x", "y"), mode="forward").source_at(x, y)


# --------------------------------------------------------------- the strong-zero code, printed
# (function source, name, wrt, arguments at which the plain code's derivative comes out NaN and
# the call runs the strong-zero code: api/strong_zeros.py): arrays, forward mode for one number,
# two numbers and a global, float32, a helper and a loop, a lambda
MASKED = {
    "masked-root": ("def masked_root(x):\n    return np.sum(np.where(x > 0, np.sqrt(x), 0.0))\n",
                    "masked_root", 0, (np.array([-1.0, 4.0]),)),
    "one-number-forward-mode": ("def root_times(a, b):\n    return np.where(a > 1.0, np.sqrt(a), 0.0) * b + b\n",
                                "root_times", 0, (0.0, 2.0)),
    "two-numbers-and-a-global": ("def shifted(a, b):\n    return np.where(a > SHIFT, np.sqrt(a), 0.0) * b + b\n",
                                 "shifted", (0, 1), (0.0, 2.0)),
    "float32": ("def masked_root(x):\n    return np.sum(np.where(x > 0, np.sqrt(x), 0.0))\n",
                "masked_root", 0, (np.array([-1.0, 4.0], np.float32),)),
    "helper-and-loop": ("def distance(a, b):\n    return np.sqrt((a - b) ** 2)\n\n\n"
                        "def pairs(x):\n    s = 0.0\n    for i in range(len(x)):\n        for j in range(len(x)):\n"
                        "            if i < j:\n                s = s + distance(x[i], x[j]) ** 3\n    return s\n",
                        "pairs", 0, (np.array([0.3, 0.3, 2.0]),)),
    "lambda": ("inverse_root = lambda x: np.sum(np.where(x > 0, x ** -0.5, 0.0))\n",
               "inverse_root", 0, (np.array([0.0, 4.0]),)),
}


@pytest.mark.parametrize("case", sorted(MASKED))
def test_strong_zero_source_is_the_text_a_call_falling_back_compiled_and_runs(case, compiled_texts, fresh):
    source, name, wrt, args = MASKED[case]
    f = fresh(source, name)
    g = transpiler.grad(f, wrt=wrt)
    plain = g.source(args=args)
    with np.errstate(all="ignore"):
        expected = g(*args)                       # the plain code's NaN, then the strong-zero code's
        assert np.isnan(np.sum(run_text(plain, g.compiled(args), args)))
    text = g.source(args=args, strong_zeros=True)
    assert text == compiled_texts[-1] != plain    # compiled by the call falling back, and no other
    assert "strong_zero_times(" in text
    strong = pipeline.compiled(f, dataclasses.replace(g.spec_for(args), strong_zeros=True))
    got = run_text(text, strong, args)
    as_tuple = (lambda v: v if isinstance(v, tuple) else (v,))
    for e, r in zip(as_tuple(expected), as_tuple(got)):
        assert not np.isnan(np.sum(e))
        np.testing.assert_array_equal(r, e)


def test_strong_zero_source_of_jvp_and_hessian_is_what_they_fall_back_on(compiled_texts, fresh):
    f = fresh("def upper(x):\n    d = x[:, None] - x[None, :]\n    r = np.sqrt(d ** 2 + 0.0)\n"
              "    return np.sum(np.triu(r * r * r, 1))\n", "upper")
    x, t = np.array([0.3, 1.2, 2.0]), np.array([1.0, -0.5, 0.25])
    with np.errstate(all="ignore"):
        _, tangent = transpiler.jvp(f, (x,), (t,))
    text = tangent_source(f, args=(x,), strong_zeros=True)
    assert text == compiled_texts[-1] and "strong_zero_times(" in text
    namespace = {}
    exec(text, namespace)
    np.testing.assert_array_equal(namespace["upper_jvp"](x, t)[1], tangent)
    with np.errstate(all="ignore"):
        hessian = transpiler.hessian(f)(x)
    text = hessian_source(f, args=(x,), strong_zeros=True)
    assert text == compiled_texts[-1] and "strong_zero_times(" in text
    namespace = {}
    exec(text, namespace)
    function = next(v for k, v in namespace.items() if k.startswith("upper") and callable(v))
    columns = [function(x, 1.0, e)[1] for e in np.eye(3)]
    assert not np.isnan(hessian).any()
    np.testing.assert_allclose(np.array(columns).T, hessian, rtol=1e-12)


def test_strong_zero_source_is_refused_where_no_call_runs_it(fresh):
    product = fresh("def product(a, b):\n    return a * b + b\n", "product")
    with pytest.raises(ValueError, match="never run strong-zero code"):
        transpiler.grad(product).source(args=(1.0, 2.0), strong_zeros=True)
    masked = fresh(MASKED["masked-root"][0], "masked_root")
    with pytest.raises(ValueError, match="numba backend's calls keep a NaN"):
        transpiler.grad(masked, backend="numba").source(strong_zeros=True)
    assert "strong_zero_times(" in transpiler.grad(masked).source(strong_zeros=True)    # (any shapes)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_decorated_function_prints_the_strong_zero_code_its_grad_falls_back_on(mode, compiled_texts, fresh):
    source, name, _, args = MASKED["masked-root"]
    loss = transpiler.differentiate(fresh(source, name), mode=mode)
    with np.errstate(all="ignore"):
        gradient = loss.grad(*args)
    assert not np.isnan(gradient).any()
    text = loss.source_at(*args, strong_zeros=True)
    assert text in compiled_texts and "strong_zero_times(" in text


def test_hessian_source_in_forward_mode_is_the_code_forward_over_forward_runs(compiled_texts, fresh):
    source, name, _, _ = MASKED["masked-root"]
    f = fresh(source, name)
    x = np.array([0.5, 4.0])
    expected = transpiler.hessian(f, mode="forward")(x)
    text = hessian_source(f, args=(x,), mode="forward")
    assert text == compiled_texts[-1] and "strong_zero_times(" not in text
    namespace = {}
    exec(text, namespace)
    function = namespace[f"{name}_jvp"] if f"{name}_jvp" in namespace else next(
        v for k, v in namespace.items() if k.startswith(name) and callable(v))
    rebuilt = [[function(x, u, v)[1][1] for v in np.eye(2)] for u in np.eye(2)]
    np.testing.assert_allclose(rebuilt, expected, rtol=1e-12)
    assert hessian_source(f, mode="forward", print_after="lower") == pipeline.lowered(f).listing()
    with np.errstate(all="ignore"):           # x[0] < 0: the plain code's NaN, then the strong-zero code
        falling_back = transpiler.hessian(f, mode="forward")(np.array([-1.0, 4.0]))
    assert not np.isnan(falling_back).any()
    strong = hessian_source(f, args=(np.array([-1.0, 4.0]),), mode="forward", strong_zeros=True)
    assert strong == compiled_texts[-1] and "strong_zero_times(" in strong
    with pytest.raises(ValueError, match="mode must be"):
        hessian_source(f, mode="backward")


@pytest.mark.parametrize("given", [np.ones(3), (np.ones(3),), 3.0])
def test_an_example_argument_given_for_arg_shapes_is_a_type_error_saying_what_to_write(given):
    with pytest.raises(TypeError, match=r"source\(args=\(x, \.\.\.\)\)"):
        transpiler.grad(lambda x: np.sum(x ** 2)).source(given)
