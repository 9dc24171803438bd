"""scipy.special's distribution functions under their Cephes names (primitives/scipy_special_cdfs.py):
each composition's value against SciPy's on a grid that leaves the domain (NaN where SciPy's is),
its gradient against central finite differences of SciPy's function in every argument with a
rule, forward mode against reverse, Hessian-vector products against differences of the
gradient; the floored count has derivative 0; a parameter with no rule refused where written."""
import itertools

import composition_checks
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.special as sps  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

UNIT = np.array([0.05, 0.3, 0.7, 0.96])
POSITIVE = np.array([0.2, 1.1, 3.5])


def chdtr(v, x): return np.sum(sps.chdtr(v, x))
def chdtrc(v, x): return np.sum(sps.chdtrc(v, x))
def chdtri(p): return np.sum(sps.chdtri(3.0, p))
def gdtr(a, b, x): return np.sum(sps.gdtr(a, b, x))
def gdtrc(a, b, x): return np.sum(sps.gdtrc(a, b, x))
def pdtr(m): return np.sum(sps.pdtr(np.array([0.0, 2.0, 4.5]), m))
def pdtrc(m): return np.sum(sps.pdtrc(np.array([0.0, 2.0, 4.5]), m))
def pdtri(y): return np.sum(sps.pdtri(2.0, y))
def bdtr(p): return np.sum(sps.bdtr(np.array([0.0, 2.0, 4.5, 6.0]), 6, p))
def bdtrc(p): return np.sum(sps.bdtrc(np.array([0.0, 2.0, 4.5, 5.0]), 6.0, p))
def bdtri(y): return np.sum(sps.bdtri(2.0, 7, y))
def nbdtr(p): return np.sum(sps.nbdtr(np.array([0.0, 2.0, 4.5, 7.0]), 3, p))
def nbdtrc(p): return np.sum(sps.nbdtrc(np.array([0.0, 2.0, 4.5, 7.0]), 2.0, p))
def fdtr(x): return np.sum(sps.fdtr(3.0, 4.5, x))
def fdtrc(x): return np.sum(sps.fdtrc(2.5, 6.0, x))
def fdtri(p): return np.sum(sps.fdtri(3.0, 5.0, p))


CASES = [(chdtr, (2.5, POSITIVE)), (chdtrc, (3.5, POSITIVE)), (chdtri, (UNIT,)), (gdtr, (1.5, 2.5, POSITIVE)),
         (gdtrc, (0.8, 1.5, POSITIVE)), (pdtr, (2.2,)), (pdtrc, (3.1,)), (pdtri, (UNIT,)), (bdtr, (UNIT,)),
         (bdtrc, (UNIT,)), (bdtri, (UNIT,)), (nbdtr, (UNIT,)), (nbdtrc, (UNIT,)), (fdtr, (POSITIVE,)),
         (fdtrc, (POSITIVE,)), (fdtri, (UNIT,))]


(test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
 test_hvp_matches_differences_of_the_gradient) = composition_checks.checks_of(CASES, 0.005)


# --------------------------------------------------------------------------- values, in and out of the domain
SIGNED = [-1.0, 0.0, 0.5, 2.0, 7.5]
BOUNDS = [-1.0, 0.0, 0.5, 3.0, np.inf]
COUNTS = [-1.0, 0.0, 1.0, 2.5, 5.0, 6.0, 7.0]
TRIALS = [-1.0, 0.0, 3.0, 5.0, 5.5, 6.0]
PROBABILITIES = [-0.1, 0.0, 0.2, 0.7, 1.0]


def grid(*axes):
    return [np.array(column) for column in zip(*itertools.product(*axes))]


def every_function(d1, d2, x, k, m, p, c1, c2, q, b1, b2, r):
    return (sps.chdtr(d1, x), sps.chdtrc(d1, x), sps.chdtri(d1, q), sps.gdtr(d1, d2, x), sps.gdtrc(d1, d2, x),
            sps.pdtr(k, m), sps.pdtrc(k, m), sps.pdtri(k, p), sps.fdtr(d1, d2, x), sps.fdtrc(d1, d2, x),
            sps.fdtri(c1, c2, q), sps.bdtr(b1, b2, r), sps.bdtrc(b1, b2, r), sps.bdtri(b1, b2, r), sps.nbdtr(b1, b2, r),
            sps.nbdtrc(b1, b2, r))


def test_every_value_is_scipys_nan_included():
    d1, d2, x = grid(SIGNED, SIGNED, BOUNDS)
    k, m = grid(COUNTS, BOUNDS)
    _, p = grid(COUNTS, PROBABILITIES)
    c1, c2, q = grid(SIGNED, SIGNED, PROBABILITIES)
    b1, b2, r = grid(COUNTS, TRIALS, PROBABILITIES + [1.2])
    args = (d1, d2, x, k, m, p, c1, c2, q, b1, b2, r)
    with np.errstate(all="ignore"):
        # (through the compiled code; the parameters held constant: None as their tangents)
        tangents = tuple(None if i in (0, 1, 3, 6, 7, 9, 10) else np.zeros_like(a) for i, a in enumerate(args))
        got = transpiler.jvp(every_function, args, tangents)[0]
        for mine, scipys in zip(got, every_function(*args)):
            np.testing.assert_allclose(mine, scipys, rtol=1e-12)


def poisson_in_its_count(k):
    return sps.pdtr(k, 2.5)


def test_the_floored_count_has_derivative_zero():
    # (SciPy floors k: pdtr is constant between whole counts)
    assert transpiler.grad(poisson_in_its_count)(2.4) == 0.0


def f_in_its_degrees_of_freedom(dfn):
    return sps.fdtr(dfn, 4.0, 1.3)


def chi_square_quantile_in_its_degrees_of_freedom(v):
    return sps.chdtri(v, 0.3)


@pytest.mark.parametrize("fn", [f_in_its_degrees_of_freedom, chi_square_quantile_in_its_degrees_of_freedom],
                         ids=lambda f: f.__name__)
def test_a_parameter_with_no_rule_is_refused_where_written(fn):
    with pytest.raises(TranspileError, match="no derivative") as refusal:
        transpiler.grad(fn)(3.0)
    assert f"test_scipy_special_cdfs.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)


def chi_square_in_float32(x):
    return np.sum(sps.chdtr(np.float32(3.0), x) + sps.fdtrc(np.float32(2.0), np.float32(5.0), x))


def test_float32_is_kept():
    x = np.array([0.4, 1.7], dtype=np.float32)
    gradient = transpiler.grad(chi_square_in_float32)(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(chi_square_in_float32)(x.astype(np.float64)), rtol=1e-4)
