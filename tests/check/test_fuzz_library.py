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
    # the newest: scipy.linalg's, scipy.signal's filters, scipy.spatial.distance, scipy.ndimage
    assert {"scipy.linalg.norm", "scipy.linalg.eigvalsh", "scipy.linalg.pinvh", "scipy.linalg.lstsq",
            "scipy.linalg.orth", "scipy.linalg.solve_toeplitz", "scipy.linalg.solve_circulant", "scipy.linalg.sinhm",
            "scipy.signal.lfilter", "scipy.signal.sosfilt", "scipy.signal.detrend", "scipy.signal.hilbert",
            "scipy.spatial.distance.minkowski", "scipy.spatial.distance.jensenshannon",
            "scipy.spatial.distance.mahalanobis", "scipy.ndimage.sobel", "scipy.ndimage.prewitt",
            "scipy.ndimage.laplace"} <= spellings


def test_a_complex_result_is_drawn_through_its_imaginary_part_too():
    # (hilbert's real part is its input: only the imaginary part checks the transform's rule)
    formats = {fmt for spelling, fmt, _ in library_draws.library_candidates() if spelling == "scipy.signal.hilbert"}
    assert "np.imag(scipy.signal.hilbert({0}))" in formats


def test_the_filters_drawn_are_stable():
    rng = np.random.default_rng(5)
    for _ in range(200):
        e = rng.uniform(-50, 50, (3,))
        a = eval(library_draws.squash("filter_a", "e"), {"np": np}, {"e": e})
        assert a[0] == 1.0 and np.all(np.abs(np.roots(a)) < 1)
        e = rng.uniform(-50, 50, (2, 3))
        sections = eval(library_draws.squash("sections", "e"), {"np": np}, {"e": e})
        assert sections.shape == (2, 6) and np.all(sections[:, 3] == 1.0)
        assert all(np.all(np.abs(np.roots(row[3:])) < 1) for row in sections)


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


# Library functions with a rule that no form of library_draws.FORMS can call (issue 16: "the
# fuzzer draws from the new primitives"), each with why; their rules are checked by their own
# tests (tests/primitives). A function newly drawn must leave this table, one newly undrawn
# must join it with its reason.
_FUNCTION_ARGUMENT = "its first operand is a Python function, not an array"
_NOT_AN_ARRAY_OF_FLOATS = "its operands are a shape, a dtype or integers, which the forms do not draw"
_A_LIST = "returns a list of arrays: the forms draw arrays and tuples' items"
_A_COUNT = "its first operand is a count (an integer): float operands give -inf or nan"
_LARGE_QUANTILES = "its quantiles grow past the forms' bound (50) or are nan on the drawn operands"
_COUNT_N_P = ("(k, n, p): a probability last after two positives, which no form draws (the binomial's n also whole, "
              "at least k)")
_FACTORED = "takes the factors another function returns (a tuple with pivots or a flag), not a matrix"
NOT_DRAWN = {
    "np.apply_along_axis": _FUNCTION_ARGUMENT, "np.apply_over_axes": _FUNCTION_ARGUMENT,
    "np.fromfunction": _FUNCTION_ARGUMENT,
    "np.arange": _NOT_AN_ARRAY_OF_FLOATS, "np.astype": _NOT_AN_ARRAY_OF_FLOATS,
    "np.broadcast_to": _NOT_AN_ARRAY_OF_FLOATS, "np.full": _NOT_AN_ARRAY_OF_FLOATS,
    "np.ndarray": _NOT_AN_ARRAY_OF_FLOATS, "np.bincount": _NOT_AN_ARRAY_OF_FLOATS,
    "np.choose": _NOT_AN_ARRAY_OF_FLOATS, "np.take_along_axis": _NOT_AN_ARRAY_OF_FLOATS,
    "np.linalg.tensorinv": _NOT_AN_ARRAY_OF_FLOATS,
    "np.select": "takes a list of boolean conditions and a list of choices",
    "np.interp": "its sample points must increase, which random operands do not",
    "np.polyfit": "takes an integer degree and as many points as coefficients at least",
    "np.roots": "complex roots whose order changes with the coefficients",
    "np.split": _A_LIST, "np.array_split": _A_LIST, "np.vsplit": _A_LIST, "np.hsplit": _A_LIST,
    "np.dsplit": _A_LIST,
    "scipy.linalg.eigh_tridiagonal": "takes a diagonal and an off-diagonal one shorter, a pair no form draws",
    "scipy.linalg.lu_solve": _FACTORED,
    "scipy.linalg.solve_discrete_are": "needs a stabilisable pair (a, b) and positive definite q and r, which random "
                                       "operands are not",
    "scipy.linalg.solve_banded": "takes the band widths (l, u) and the band storage of a matrix",
    "scipy.signal.sosfilt_zi": "takes an (n, 6) array of second-order sections of a stable filter",
    "scipy.signal.sosfiltfilt": "takes an (n, 6) array of second-order sections of a stable filter, and a signal "
                                "longer than its padding (the signals class draws it, on 40 samples)",
    "scipy.signal.decimate": "filters forwards and backwards: the signal must be longer than 27 samples by default "
                             "(the signals class draws it, on 40 samples)",
    "scipy.signal.filtfilt": "takes coefficients (b, a) of a stable filter, and a signal longer than three times "
                             "the filter's length (the signals class draws it, on 40 samples)",
    "scipy.special.betainc": "(a, b, x) with x in [0, 1] last: no form draws two positives then a probability",
    "scipy.special.betaincinv": "as scipy.special.betainc", "scipy.special.betaincc": "as scipy.special.betainc",
    "scipy.special.betainccinv": "as scipy.special.betainc", "scipy.special.fdtri": "as scipy.special.betainc",
    "scipy.special.bdtr": _COUNT_N_P, "scipy.special.bdtri": _COUNT_N_P, "scipy.special.nbdtr": _COUNT_N_P,
    "scipy.special.nbdtrc": _COUNT_N_P,
    "scipy.special.eval_hermite": "its first operand is an integer degree",
    "scipy.special.eval_hermitenorm": "its first operand is an integer degree",
    "scipy.special.polygamma": "its first operand is an integer order",
    "scipy.special.multigammaln": "its second operand is an integer dimension d, with a > (d - 1) / 2",
    "scipy.special.hyp2f1": "four operands with |z| < 1 last: no form draws them",
    "scipy.special.ndtri_exp": "defined for y <= 0 only: no operand kind is negative",
    "scipy.stats.bernoulli.logpmf": _A_COUNT, "scipy.stats.binom.logpmf": _A_COUNT,
    "scipy.stats.geom.logpmf": _A_COUNT, "scipy.stats.poisson.logpmf": _A_COUNT,
    "scipy.stats.nbinom.logpmf": _A_COUNT, "scipy.stats.nbinom.pmf": _A_COUNT, "scipy.stats.nbinom.cdf": _A_COUNT,
    "scipy.stats.betabinom.logpmf": _A_COUNT, "scipy.stats.betabinom.pmf": _A_COUNT,
    "scipy.stats.multinomial.logpmf": _A_COUNT, "scipy.stats.multinomial.pmf": _A_COUNT,
    "scipy.stats.dirichlet.logpdf": "x must lie on the simplex (positive, summing to 1)",
    "scipy.stats.dirichlet.pdf": "x must lie on the simplex (positive, summing to 1)",
    "scipy.stats.pareto.ppf": _LARGE_QUANTILES, "scipy.stats.invgamma.ppf": _LARGE_QUANTILES,
    "scipy.stats.lomax.ppf": _LARGE_QUANTILES, "scipy.stats.f.ppf": _LARGE_QUANTILES, "scipy.stats.f.isf": _LARGE_QUANTILES,
    "scipy.stats.binom.logcdf": _COUNT_N_P, "scipy.stats.binom.logsf": _COUNT_N_P, "scipy.stats.nbinom.sf": _COUNT_N_P,
    "scipy.stats.nbinom.logsf": _COUNT_N_P, "scipy.stats.nbinom.logcdf": _COUNT_N_P,
    "scipy.stats.bernoulli.logsf": "-inf wherever the drawn count is 1 or more (a tail of probability 0)",
    "scipy.stats.geom.logcdf": "-inf wherever the drawn count is below 1 (a probability of 0)",
    "scipy.stats.truncnorm.logpdf": "its bounds must satisfy a < b, which no form draws",
    "scipy.stats.truncnorm.logcdf": "its bounds must satisfy a < b, which no form draws",
    "scipy.stats.truncnorm.logsf": "its bounds must satisfy a < b, which no form draws",
}


def test_every_library_function_with_a_rule_is_drawn_or_not_drawn_for_a_stated_reason():
    functions = {s for s, _ in library_draws.library_functions()}
    undrawn = functions - library_draws.drawn_functions() - set(library_draws.EXCLUDED)
    assert sorted(undrawn - set(NOT_DRAWN)) == [], "draw these, or say in NOT_DRAWN why not"
    assert sorted(set(NOT_DRAWN) - undrawn) == [], "drawn now (or gone): remove from NOT_DRAWN"


def test_functions_with_a_singular_or_batched_draw_are_drawn_on_their_own_forms_only():
    # library seeds 600001-600069: pinvh of a non-symmetric matrix (it reads one triangle: in
    # SYMMETRIC_INPUT now); orthogonal_procrustes of two 2 x 3 operands, A.T @ B of rank 2 and its
    # rotation not unique; solve_toeplitz/solve_circulant of a 2-D c, a batch, always refused
    for spelling, _, kinds in library_draws.library_candidates():
        if spelling == "scipy.linalg.orthogonal_procrustes":
            assert kinds in (("tall", "tall"), ("square", "square")), kinds
        if spelling in ("scipy.linalg.solve_toeplitz", "scipy.linalg.solve_circulant"):
            assert kinds[0] == "vec", (spelling, kinds)
    assert "scipy.linalg.pinvh" in library_draws.SYMMETRIC_INPUT
