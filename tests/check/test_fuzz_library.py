"""The fuzzer draws the registry's shape, FFT, linear-algebra and SciPy functions (issue 16): the
``library`` program class (transpiler/check/fuzz/class_library.py) and its draws
(library_draws.py), each call on operands squashed into a domain where it is smooth."""
import tempfile

import numpy as np
import pytest

from transpiler.check import fuzz
from transpiler.check.fuzz import library_draws

pytest.importorskip("scipy")


def test_the_library_class_draws_every_family_of_the_registry():
    spellings = {c[0] for c in library_draws.library_candidates()}
    assert {"np.linalg.eigh", "np.linalg.svd", "np.linalg.solve", "np.linalg.slogdet", "np.linalg.pinv",
            "np.roll", "np.kron", "np.fft.rfft", "np.fft.fftshift", "scipy.special.gammaln",
            "scipy.special.logsumexp", "scipy.stats.norm.logpdf", "scipy.stats.t.logcdf", "scipy.linalg.expm",
            "scipy.linalg.sqrtm", "scipy.linalg.solve_triangular", "scipy.signal.convolve"} <= spellings


def test_nine_in_ten_library_functions_with_a_rule_are_drawn():
    functions = {s for s, _ in library_draws.library_functions()}
    drawn = library_draws.drawn_functions() & functions
    assert len(drawn) >= 0.85 * len(functions), sorted(functions - drawn)


def test_excluded_functions_are_not_drawn():
    spellings = {c[0] for c in library_draws.library_candidates()}
    assert not spellings & set(library_draws.EXCLUDED)


def test_functions_of_a_symmetric_matrix_are_drawn_on_symmetric_matrices_only():
    for spelling, _, kinds in library_draws.library_candidates():
        if spelling in library_draws.SYMMETRIC_INPUT:
            assert not set(kinds) & library_draws.MATRICES, (spelling, kinds)


def test_every_drawn_call_runs_on_its_operands_with_moderate_finite_values():
    rng = np.random.default_rng(3)
    namespace = {"np": np, "scipy": pytest.importorskip("scipy")}
    for spelling, fmt, kinds in library_draws.library_candidates():
        operands = {}
        for i, kind in enumerate(kinds):
            shape, squash = library_draws.OPERANDS[kind]
            operands[f"a{i}"] = eval(squash.format("e"), {"np": np}, {"e": rng.uniform(-2, 2, shape)})
        with np.errstate(all="ignore"):
            value = eval(fmt.format(*operands), namespace, operands)
        assert np.all(np.isfinite(value)), spelling


def test_library_programs_in_both_modes_find_no_mismatch():
    seeds = [s for s in range(400) if fuzz.pick_class(s, ("library",)) == "library"][:12]
    with tempfile.TemporaryDirectory() as directory:
        outcomes = [fuzz.run_program(fuzz.generate(s, features=("library",)), directory, forward=True) for s in seeds]
    failures = [o for o in outcomes if o.status in fuzz.FAILURES]
    assert not failures, "\n\n".join(o.describe() for o in failures[:3])
    assert sum(o.status == "ok" for o in outcomes) >= len(seeds) // 2
