"""The forward rules of the decompositions' tangent helpers (primitives/decomposition_tangents.py),
each against central differences of the helper itself, along random tangents of all its
arguments at once, at several random points: the helpers are smooth functions of their
arguments whether or not these come from one factorization, so any point with distinct
eigen-/singular values and invertible factors checks the product rule written out by hand.
(tests/primitives/test_linalg_hessians.py checks them where they serve: hessian(mode="forward").)"""
import numpy as np
import pytest

from transpiler.primitives import decomposition_tangents as second
from transpiler.primitives import decompositions, matrix_functions, reductions

scipy_linalg_functions = pytest.importorskip("transpiler.primitives.scipy_linalg_functions")


def _spd(rng, n):
    m = rng.normal(size=(n, n))
    return m @ m.T + n * np.eye(n)


def _symmetric(rng, n):
    m = rng.normal(size=(n, n))
    return m + m.T


def _along(args, directions, h):
    def moved(a, d):
        if isinstance(a, (tuple, list)):
            return type(a)(x + h * dx for x, dx in zip(a, d))
        return a + h * d
    return [a if d is None else moved(a, d) for a, d in zip(args, directions)]


def _flat(value):
    if isinstance(value, (tuple, list)):
        return np.concatenate([np.ravel(v) for v in value])
    return np.ravel(value)


def _check(first, tangent_of, args, directions, h=1e-6, rtol=1e-6, atol=1e-8):
    exact = _flat(tangent_of(*args, *directions))
    ahead, behind = _flat(first(*_along(args, directions, h))), _flat(first(*_along(args, directions, -h)))
    by_differences = (ahead - behind) / (2 * h)
    np.testing.assert_allclose(exact, by_differences, rtol=rtol, atol=atol)


def _cases(seed):
    rng = np.random.default_rng(seed)
    n = 3

    def r(*shape):
        return rng.normal(size=shape)

    spd, sym = _spd(rng, n), _symmetric(rng, n)
    lower = np.linalg.cholesky(spd)
    w, v = np.linalg.eigh(sym)
    general = 0.3 * r(n, n) + np.diag([1.0, 4.0, 7.0])      # (real, distinct eigenvalues)
    gw, gv = np.linalg.eig(general)
    tall, wide = r(4, 2), r(2, 4)
    q, rr = np.linalg.qr(tall)
    x = r(4, 3)
    lstsq = np.linalg.lstsq(tall, r(4), rcond=None)
    return [
        ("cholesky", decompositions.cholesky_tangent, second.cholesky_tangent_tangent,
         [r(n, n), lower, False], [r(n, n), np.tril(r(n, n)), None]),
        ("cholesky upper", decompositions.cholesky_tangent, second.cholesky_tangent_tangent,
         [r(n, n), lower.T, True], [r(n, n), np.triu(r(n, n)), None]),
        ("eigh", decompositions.eigh_tangent, second.eigh_tangent_tangent, [r(n, n), w, v], [r(n, n), r(n), r(n, n)]),
        ("eigh (t only)", decompositions.eigh_tangent, second.eigh_tangent_tangent, [r(n, n), w, v],
         [r(n, n), None, None]),
        ("eigvalsh", decompositions.eigvalsh_tangent_of, second.eigvalsh_tangent_of_tangent,
         [r(n, n), sym, "L"], [r(n, n), _symmetric(rng, n), None]),
        ("eig", decompositions.eig_tangent, second.eig_tangent_tangent, [r(n, n), gw, gv], [r(n, n), r(n), r(n, n)]),
        ("svd tall", decompositions.svd_tangents, second.svd_tangents_tangent,
         [*np.linalg.svd(tall, full_matrices=False), r(4, 2)], [r(4, 2), r(2), r(2, 2), r(4, 2)]),
        ("svd wide", decompositions.svd_tangents, second.svd_tangents_tangent,
         [*np.linalg.svd(wide, full_matrices=False), r(2, 4)], [r(2, 2), r(2), r(2, 4), r(2, 4)]),
        ("svd values only", decompositions.svd_tangent, second.svd_tangent_tangent,
         [r(4, 2), None, tall, False, False], [r(4, 2), None, r(4, 2), None, None]),
        ("qr", decompositions.qr_tangent, second.qr_tangent_tangent,
         [r(4, 2), q, rr, "reduced"], [r(4, 2), r(4, 2), np.triu(r(2, 2)), None]),
        ("norm", reductions.norm_tangent, second.norm_tangent_tangent,
         [r(4, 3), np.linalg.norm(x), x, None, None, False], [r(4, 3), r(), r(4, 3), None, None, None]),
        ("norm nuc", reductions.norm_tangent, second.norm_tangent_tangent,
         [r(4, 3), np.linalg.norm(x, "nuc"), x, "nuc", None, False], [r(4, 3), r(), r(4, 3), None, None, None]),
        ("norm 2", reductions.norm_tangent, second.norm_tangent_tangent,
         [r(4, 3), np.linalg.norm(x, 2), x, 2, None, False], [r(4, 3), r(), r(4, 3), None, None, None]),
        ("vector norm 3 by row", reductions.norm_tangent, second.norm_tangent_tangent,
         [r(4, 3), np.linalg.norm(x, 3, axis=1), x, 3, 1, False], [r(4, 3), r(4), r(4, 3), None, None, None]),
        ("pinv", matrix_functions.pinv_tangent, second.pinv_tangent_tangent,
         [r(4, 2), tall, np.linalg.pinv(tall), False], [r(4, 2), r(4, 2), r(2, 4), None]),
        ("pinv hermitian", matrix_functions.pinv_tangent, second.pinv_tangent_tangent,
         [r(n, n), spd, np.linalg.pinv(spd), True], [r(n, n), _symmetric(rng, n), r(n, n), None]),
        ("lstsq", matrix_functions.lstsq_tangent, second.lstsq_tangent_tangent,
         [tall, r(4), lstsq, r(4, 2), r(4)], [r(4, 2), r(4), (r(2), r(1), 0, r(2)), r(4, 2), r(4)]),
        ("lstsq (a only)", matrix_functions.lstsq_tangent, second.lstsq_tangent_tangent,
         [tall, r(4), lstsq, r(4, 2), None], [r(4, 2), None, (r(2), r(1), 0, r(2)), r(4, 2), None]),
        ("matrix_power", matrix_functions.matrix_power_tangent, second.matrix_power_tangent_tangent,
         [r(n, n), general, 3], [r(n, n), r(n, n), None]),
        ("matrix_power negative", matrix_functions.matrix_power_tangent, second.matrix_power_tangent_tangent,
         [r(n, n), general, -2], [r(n, n), r(n, n), None]),
        ("multi_dot", matrix_functions.multi_dot_tangent, second.multi_dot_tangent_tangent,
         [[r(2, 3), r(3, 3), r(3)], [r(2, 3), r(3, 3), r(3)]], [[r(2, 3), r(3, 3), r(3)], [r(2, 3), r(3, 3), r(3)]]),
        ("logm", scipy_linalg_functions.logm_frechet, _logm_frechet_tangent,
         [spd, r(n, n)], [r(n, n), r(n, n)]),
    ]


def _logm_frechet_tangent(a, e, d_a, d_e):
    """logm_frechet's forward rule (its template's two terms)."""
    return scipy_linalg_functions.logm_second_frechet(a, e, d_a) + scipy_linalg_functions.logm_frechet(a, d_e)


NAMES = [case[0] for case in _cases(0)]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", NAMES)
def test_tangent_helpers_forward_rule_matches_central_differences(name, seed):
    (_, first, tangent_of, args, directions), = [c for c in _cases(seed) if c[0] == name]
    _check(first, tangent_of, args, directions)
