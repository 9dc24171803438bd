"""Reverse loops with independent iterations run as array code (transpiler/opt/vectorize.py)."""
import ast

import numpy as np
import pytest

import transpiler
from transpiler.driver import pipeline
from transpiler.check import check_grad
from transpiler.ad.reverse import GradientSpec

RNG = np.random.default_rng(8)


def compiled_source(f, args, wrt=0) -> str:
    return transpiler.grad(f, wrt).compiled(args).source


def loops_in(source: str, name: str) -> int:
    fn = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name)
    return sum(isinstance(n, (ast.For, ast.While)) for n in ast.walk(fn))


def scalar_loop_gradient(f, args, wrt=0):
    """The same gradient from code that keeps the loop (not specialised to the shapes)."""
    shapes = tuple(np.shape(a) for a in args)
    spec = GradientSpec((wrt,), tuple_output=False, arg_shapes=shapes, unit_seed=True)
    return pipeline.compiled(f, spec).function(*args)


def rosenbrock(x):
    s = 0.0
    for i in range(len(x) - 1):
        s = s + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


def weighted_sum(a, x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + a * np.sin(x[i])
    return s


def wrapping(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i - 1] * x[i]
    return s


def cycling(x):
    s = 0.0
    for i in range(2 * x.shape[0]):
        s = s + x[i % 3] ** 2
    return s


def columns(A):
    s = 0.0
    for i in range(A.shape[0]):
        s = s + A[i, 0] * A[i, 1] + np.exp(A[i, 2])
    return s


def counted(x, n):
    s = 0.0
    for i in range(n):
        s = s + x[i] * x[i + 1]
    return s


def product(x):
    p = 1.0
    for i in range(x.shape[0]):
        p = p * x[i]
    return p


def branching(x):
    s = 0.0
    for i in range(x.shape[0]):
        if x[i] > 0:
            s = s + x[i]
    return s


def test_the_rosenbrock_loop_becomes_slices():
    x = RNG.uniform(-1.5, 1.5, 20)
    source = compiled_source(rosenbrock, (x,))
    assert loops_in(source, "rosenbrock_grad") == 0
    assert "x[1:]" in source and "d_x[:19]" in source
    assert np.allclose(transpiler.grad(rosenbrock)(x), scalar_loop_gradient(rosenbrock, (x,)), rtol=1e-13)
    assert check_grad(rosenbrock, x)


def test_an_accumulated_scalar_adjoint_becomes_a_sum():
    a, x = 0.7, RNG.standard_normal(6)
    source = compiled_source(weighted_sum, (a, x), wrt=(0, 1))
    assert loops_in(source, "weighted_sum_grad") == 0 and "np.sum(" in source
    assert check_grad(weighted_sum, a, x, wrt=(0, 1))


@pytest.mark.parametrize("f", [wrapping, cycling])
def test_positions_that_wrap_or_repeat_accumulate_with_add_at(f):
    x = RNG.standard_normal(3)
    source = compiled_source(f, (x,))
    assert loops_in(source, f"{f.__name__}_grad") == 0 and "np.add.at" in source
    assert np.allclose(transpiler.grad(f)(x), scalar_loop_gradient(f, (x,)), rtol=1e-13)
    assert check_grad(f, x)


def test_several_columns_of_a_matrix_are_read_as_slices():
    A = RNG.standard_normal((5, 3))
    source = compiled_source(columns, (A,))
    assert loops_in(source, "columns_grad") == 0 and "A[:, 0]" in source
    assert check_grad(columns, A)


def test_bounds_known_only_at_run_time_use_integer_arrays():
    x = RNG.standard_normal(6)
    source = compiled_source(counted, (x, 4))
    assert loops_in(source, "counted_grad") == 0 and "np.arange(n)" in source
    assert check_grad(counted, x, 4)
    assert np.array_equal(transpiler.grad(counted)(x, 0), np.zeros(6))


def test_a_loop_of_no_iterations_contributes_nothing():
    assert np.array_equal(transpiler.grad(rosenbrock)(np.ones(1)), np.zeros(1))


@pytest.mark.parametrize("f", [product, branching])
def test_loops_with_linked_iterations_or_branches_stay_loops(f):
    x = RNG.uniform(0.5, 1.5, 5)
    kept = GradientSpec((0,), tuple_output=False, arg_shapes=((5,),), unit_seed=True)
    loops = loops_in(pipeline.compiled(f, kept).source, f"{f.__name__}_grad")
    assert loops >= 1 and loops_in(compiled_source(f, (x,)), f"{f.__name__}_grad") == loops
    assert check_grad(f, x)


def counter_flags(x):
    s = 0.0
    for i in range(x.shape[0]):
        c = i > 2
        s = s + (c + c) * x[i]
    return s


def element_flags(x):
    s = 0.0
    for i in range(x.shape[0]):
        c = x[i] > 0.5
        s = s + (c + c) * x[i]
    return s


def test_arithmetic_on_comparisons_of_the_counter_stays_a_loop():
    """``c = i > 2`` is a Python bool in the loop, where ``c + c`` is 2; over an array of the
    counter's values it is NumPy's bool, and ``c + c`` is True. (The decision read on the
    printed code missed a comparison bound to a name: the gradient was 1 where it is 2.)"""
    x = np.linspace(0.0, 1.0, 8)
    assert loops_in(compiled_source(counter_flags, (x,)), "counter_flags_grad") == 1
    assert np.array_equal(transpiler.grad(counter_flags)(x), np.where(np.arange(8) > 2, 2.0, 0.0))
    assert check_grad(counter_flags, x)


def test_arithmetic_on_comparisons_of_elements_is_numpy_arithmetic_either_way():
    """``x[i] > 0.5`` of a NumPy array is NumPy's bool in the loop too: ``c + c`` is True there
    as over arrays, so the loop runs as array code."""
    x = np.linspace(0.0, 1.0, 8)         # (none at the step, 0.5)
    assert loops_in(compiled_source(element_flags, (x,)), "element_flags_grad") == 0
    assert np.array_equal(transpiler.grad(element_flags)(x), np.where(x > 0.5, 1.0, 0.0))
    assert check_grad(element_flags, x)


def test_the_rewrite_is_a_pass_on_the_ir(monkeypatch):
    """The loop becomes IR statements (here the reads slices: the range is known), which the
    verifier accepts: ``print_after="vectorize"`` lists IR with no loop in the reverse sweep."""
    monkeypatch.setenv("TRANSPILER_VERIFY", "1")
    x = RNG.uniform(-1.5, 1.5, 20)
    listing = transpiler.grad(rosenbrock).source(args=(x,), print_after="vectorize")
    reverse_sweep = listing.split("reverse sweep")[1]
    assert "for " not in reverse_sweep and " = x[1:]\n" in reverse_sweep
    before = transpiler.grad(rosenbrock).source(args=(x,), print_after="inline_temporaries")
    assert "for i in reversed(range(19)):" in before.split("reverse sweep")[1]


SCALE = 100.0


def rosenbrock_term(a, b):
    return SCALE * (b - a ** 2) ** 2 + (1 - a) ** 2


def through_a_helper(x):
    s = 0.0
    for i in range(len(x) - 1):
        s = s + rosenbrock_term(x[i], x[i + 1])
    return s


square = lambda v: v * v  # noqa: E731


def through_a_lambda(x):
    s = 0.0
    for i in range(len(x) - 1):
        s = s + SCALE * square(x[i + 1] - square(x[i])) + square(1 - x[i])
    return s


@pytest.mark.parametrize("f", [through_a_helper, through_a_lambda])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_loop_spelled_through_helpers_lambdas_and_globals_becomes_slices(f, dtype):
    x = RNG.uniform(-1.5, 1.5, 12).astype(dtype)
    assert loops_in(compiled_source(f, (x,)), f"{f.__name__}_grad") == 0
    assert transpiler.grad(f)(x).dtype == dtype
    assert check_grad(f, x)
    x64 = x.astype(np.float64)
    H = transpiler.hessian(f)(x64)
    assert np.allclose(H, transpiler.hessian(rosenbrock)(x64))
    assert np.allclose(transpiler.hvp(f, x64, np.ones(12)), H @ np.ones(12))


def scaled_pairs(a, x):
    s = 0.0
    for i in range(x.shape[0] - 1):
        s = s + a * np.sin(x[i]) * x[i + 1]
    return s


def test_the_ir_analysis_finds_offsets_accumulators_and_what_is_read_after_the_loop(monkeypatch):
    """opt/independence.py on the IR the vectorize pass takes: ``_t7 = i + 1`` is the
    counter plus 1, ``d_a = d_a + ...`` a sum over the iterations, and ``d_a`` (returned) is the
    one value bound in the loop that is read after it."""
    from transpiler.opt import passes
    from transpiler.opt.independence import for_loops, independence, read_after
    seen = []
    real = passes.vectorize_loops
    monkeypatch.setattr(passes, "vectorize_loops",
                        lambda ir, shapes: seen.append((shapes, ir)) or real(ir, shapes))
    a, x = 0.7, RNG.standard_normal(6)
    source = compiled_source(scaled_pairs, (a, x), wrt=(0, 1))
    # (``d_x[1:] = ...``: the first write into the adjoint's zeros stored, backends/first_writes.py)
    assert loops_in(source, "scaled_pairs_grad") == 0 and "d_x[1:] = " in source and "d_x[:5] += " in source
    shapes, ir = seen[-1]
    loop, = for_loops(ir.body)
    facts = independence(loop.body, (loop.target.name,), shapes)
    offsets = {name: c for name, c in facts.offsets.items() if name != loop.target.name}
    assert list(offsets.values()) == [1] and facts.accumulators == {"d_a"}
    assert {"d_a", *offsets} <= facts.bound and set(offsets) <= facts.varying
    assert [name for name in facts.bound | {loop.target.name} if read_after(ir, loop, {name})] == ["d_a"]
    assert check_grad(scaled_pairs, a, x, wrt=(0, 1))
