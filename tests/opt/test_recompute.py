"""recompute_cheap (opt/recompute.py): a cheap value of the forward sweep that only the reverse
sweep reads is computed again in its readers rather than kept across the sweeps; a value whose
computation is costly, whose operands would die earlier, or that the forward sweep reads too
stays kept. Each gradient checked against finite differences; the peak memory of one call
(tracemalloc: NumPy reports its buffers) against the code with the pass left out."""
from __future__ import annotations

import importlib.util
import tracemalloc

import numpy as np

import transpiler
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.opt import lines as lines_module
from transpiler.opt import passes

RNG = np.random.default_rng(7)


def logistic_loss(w, X, y):
    p = 1.0 / (1.0 + np.exp(-X.dot(w)))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()


# (the log-loss's adjoint as written, two quotients times p * (1 - p): the rewrite
# cancelled_denominators makes it the hand's p - y, which reads no 1 - p to keep or recompute)
AS_WRITTEN = {"cancelled_denominators": False}


def logistic_args(n: int = 40, d: int = 3) -> tuple:
    X = RNG.standard_normal((n, d))
    return RNG.standard_normal(d), X, (RNG.uniform(size=n) < 0.5).astype(float)


def forward_sweep(source: str) -> str:
    return source.split("# forward sweep")[1].split("# reverse sweep")[0]


def reverse_sweep(source: str) -> str:
    return source.split("# reverse sweep")[1]


def test_one_minus_the_labels_and_the_probabilities_are_recomputed_in_the_reverse_sweep_not_kept():
    args = logistic_args()
    source = transpiler.grad(logistic_loss, rewrites=AS_WRITTEN).source(args=args)
    assert forward_sweep(source).strip() == "p = 1.0 / (1.0 + np.exp(-np.dot(X, w)))"
    assert "1 - y" in reverse_sweep(source) and reverse_sweep(source).count("1 - p") == 2
    assert check_grad(logistic_loss, *args).ok


def peak_bytes(call) -> int:
    call()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_recomputing_lowers_the_peak_from_four_arrays_of_the_batch_to_three(monkeypatch):
    args = logistic_args(n=20000)
    recomputing = transpiler.grad(logistic_loss, rewrites=AS_WRITTEN)
    recomputed = recomputing(*args)
    peak = peak_bytes(lambda: recomputing(*args))
    without = tuple(p for p in passes.IR_REVERSE if p.name != "recompute_cheap")
    monkeypatch.setattr(pipeline, "IR_REVERSE", without)

    def same_loss(w, X, y):         # (another function: the first one's code is cached)
        return logistic_loss(w, X, y)

    keeping = transpiler.grad(same_loss, rewrites=AS_WRITTEN)
    assert "_t8 = 1 - p" in forward_sweep(keeping.source(args=args))
    kept = keeping(*args)
    assert np.array_equal(recomputed, kept)        # the same operations on the same values
    batch = 8 * 20000
    assert peak < 3.1 * batch < 3.9 * batch < peak_bytes(lambda: keeping(*args))


def test_a_selection_of_several_operations_stays_kept():
    # (recomputing np.where(x > 0, x, 0.1 * x) and its mask would cost three operations per read:
    # only a value of one operation is computed again, and no chain is moved piece by piece)
    def leaky_square(x):
        return np.sum(np.where(x > 0, x, 0.1 * x) ** 2)

    x = RNG.standard_normal(8)
    source = transpiler.grad(leaky_square).source(args=(x,))
    assert "np.where(" in forward_sweep(source)
    assert reverse_sweep(source).count("np.where(") == 1
    assert check_grad(leaky_square, x).ok


def test_a_transcendental_value_is_kept():
    def weighted_tanh(x, y):
        return np.sum(np.tanh(x) * y)

    args = (RNG.standard_normal(8), RNG.standard_normal(8))
    source = transpiler.grad(weighted_tanh).source(args=args)
    assert "np.tanh(x)" in forward_sweep(source) and "tanh" not in reverse_sweep(source)
    assert check_grad(weighted_tanh, *args).ok


def test_a_value_the_forward_sweep_reads_too_is_kept():
    def sine_weighted(x, y):
        a = x - y
        return np.sum(np.sin(a) * a)

    args = (RNG.standard_normal(8), RNG.standard_normal(8))
    source = transpiler.grad(sine_weighted, wrt=(0, 1)).source(args=args)
    assert "a = x - y" in forward_sweep(source) and "x - y" not in reverse_sweep(source)
    assert check_grad(sine_weighted, *args, wrt=(0, 1)).ok


def test_a_value_whose_operand_the_reverse_sweep_no_longer_reads_is_kept():
    # v = u * u + 1.0 reads u, which the reverse sweep reads after v's reader: v is moved
    # nowhere it would keep u alive longer; a reduction's result is never recomputed
    def root_of_squares(x):
        u = np.exp(x)
        return np.sum(np.sqrt(u * u + 1.0)) + np.sum(u) * np.sum(x)

    x = RNG.standard_normal(8)
    source = transpiler.grad(root_of_squares).source(args=(x,))
    assert "np.exp(x)" in forward_sweep(source)
    assert "np.sum(" in forward_sweep(source) or ".sum()" in forward_sweep(source)
    assert check_grad(root_of_squares, x).ok


def test_a_value_read_more_than_three_times_stays_kept():
    # (each read would compute the mask once more: eight comparisons for one array)
    def four_masks(x):
        m = x > 0
        return np.sum(np.where(m, x, 0.0) * np.where(m, 2 * x, 1.0)
                      + np.where(m, x * x, 0.5) * np.where(m, 3 * x, 2.0))

    x = RNG.standard_normal(8)
    source = transpiler.grad(four_masks).source(args=(x,))
    assert "m = x > 0" in forward_sweep(source) and "x > 0" not in reverse_sweep(source)
    assert check_grad(four_masks, x).ok


def _line_reads_asked(tmp_path, monkeypatch, n: int) -> int:
    """How often the compile of a chain of ``n`` statements asks a line which names it reads."""
    path = tmp_path / f"chain_{n}.py"
    lines = "".join(f"    s{k + 1} = s{k} + np.sin(x*{k})\n" for k in range(n))
    path.write_text(f"import numpy as np\n\ndef f(x):\n    s0 = x\n{lines}    return np.sum(s{n})\n")
    spec = importlib.util.spec_from_file_location(f"chain_{n}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    asked = 0
    reads = lines_module.Line.reads

    def counted(line):
        nonlocal asked
        asked += 1
        return reads(line)

    monkeypatch.setattr(lines_module.Line, "reads", counted)
    transpiler.grad(module.f).source(args=(np.linspace(0.1, 0.5, 4),))
    monkeypatch.setattr(lines_module.Line, "reads", reads)
    return asked


def test_the_pass_asks_each_line_what_it_reads_a_number_of_times_linear_in_the_length(tmp_path, monkeypatch):
    # (it asked every line of the reverse sweep once per candidate, quadratic: 17 of 23 s of a
    # chain of 1,000 statements' compile under cProfile; twice the statements must cost about
    # twice the questions)
    shorter, longer = (_line_reads_asked(tmp_path, monkeypatch, n) for n in (60, 120))
    assert longer < 2.5 * shorter, (shorter, longer)


def rebound_in_a_loop_after_it(x):
    v = np.abs(x)                      # one cheap operation, read by no line of the forward sweep
    for _ in range(2):
        v = np.arctan2(1.0, 1.0 + x * x)       # bound again, not read: the reverse reads this one
    return np.sum(np.sin(v))


def test_a_value_bound_again_in_a_loop_is_not_recomputed_from_its_first_binding():
    # (the fuzz sweep's seed 111: cos(|x|) in the reverse sweep where the loop's arctan2 is the value)
    x = np.array([0.3, -1.2, 0.8])
    report = transpiler.check_grad(rebound_in_a_loop_after_it, x)
    assert report.ok, str(report)
