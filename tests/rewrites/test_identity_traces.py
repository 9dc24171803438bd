"""The ``identity_traces`` rewrite (transpiler/rewrites/identity_traces.py): ``np.vdot(g, np.eye(n))``,
the adjoint of the number scaling an identity added to a matrix, is ``np.trace(g)`` (on the reverse
sweep's IR, for calls). Pinned: the code in several spellings (a GP's noise, a ridge penalty inside a
solve, ``np.identity``, a helper, a lambda), finite differences, the same gradient as with the rewrite
off, float32, forward mode, second derivatives, and what is left alone."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(47)
X = RNG.uniform(-2, 2, size=(8, 2))
Y = RNG.standard_normal(8)
A = RNG.standard_normal((10, 4))
B = RNG.standard_normal(10)


def gp(log_theta, X, y):
    ell, sf, sn = np.exp(log_theta)
    sq = np.sum((X[:, None, :] - X[None, :, :]) ** 2, -1)
    K = sf ** 2 * np.exp(-0.5 * sq / ell ** 2) + (sn ** 2 + 1e-6) * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L)))


def ridge_term(lam, d):
    return lam * np.identity(d)


def ridge(lam, A, b):
    """The regularised normal equations, the identity from a helper."""
    w = np.linalg.solve(A.T @ A + ridge_term(lam, A.shape[1]), A.T @ b)
    return np.sum((A @ w - b) ** 2) + lam * w @ w


damped = lambda mu, A: np.sum(np.linalg.inv(A.T @ A + mu * np.eye(4)))   # noqa: E731


CASES = {"gp": (gp, (np.log(np.array([1.0, 1.1, 0.4])), X, Y), 0),
         "ridge": (ridge, (0.3, A, B), (0, 1)),          # (with a matrix: reverse mode, not forward)
         "damped": (damped, (0.7, A), (0, 1))}


def source(f, args, wrt, **options) -> str:
    return transpiler.grad(f, wrt=wrt, **options).compiled(args).source


def identity_read_in_reverse(code: str) -> bool:
    """Does the reverse sweep read the identity the forward sweep names (``_t5 = np.eye(4)``)?"""
    forward, reverse = code.split("# reverse sweep")
    names = re.findall(r"(\w+) = np\.(?:eye|identity)\(", forward)
    return any(re.search(rf"\b{name}\b", reverse) for name in names) or "np.eye(" in reverse


@pytest.mark.parametrize("name", CASES)
def test_the_identity_is_read_as_a_trace_and_the_gradient_matches_differences(name):
    f, args, wrt = CASES[name]
    code = source(f, args, wrt)
    # the trace, or where the adjoint is an outer product u vᵀ, outer_products' u @ v
    assert "np.trace(" in code or "np.vdot(" in code, code
    assert not identity_read_in_reverse(code), code
    assert identity_read_in_reverse(source(f, args, wrt, rewrites={"identity_traces": False}))
    assert check_grad(f, *args, wrt=wrt)


@pytest.mark.parametrize("name", CASES)
def test_switched_off_the_vdot_stays_and_the_gradient_agrees(name):
    f, args, wrt = CASES[name]
    off = transpiler.grad(f, wrt=wrt, rewrites={"identity_traces": False})
    for on_part, off_part in zip(*(g if isinstance(wrt, tuple) else (g,) for g in (transpiler.grad(f, wrt=wrt)(*args),
                                                                              off(*args)))):
        np.testing.assert_allclose(on_part, off_part, rtol=1e-12, atol=1e-14)


def test_float32_forward_mode_and_second_derivatives():
    f, args, wrt = CASES["ridge"]
    args32 = (np.float32(0.3), A.astype(np.float32), B.astype(np.float32))
    g32, g64 = transpiler.grad(f, wrt=wrt)(*args32), transpiler.grad(f, wrt=wrt)(*args)
    assert not identity_read_in_reverse(source(f, args32, wrt))
    assert np.asarray(g32[0]).dtype == np.float32 and g32[1].dtype == np.float32
    assert g32[0] == pytest.approx(g64[0], rel=1e-3)
    _, tangent = transpiler.jvp(f, args, (1.0, np.zeros_like(A), np.zeros_like(B)))
    assert tangent == pytest.approx(g64[0], rel=1e-9)
    # second derivatives: forward over the reverse gradient with respect to the matrix and the weight
    v = RNG.standard_normal(A.shape)
    h = 1e-6
    at = lambda lam, A: ridge(lam, A, B)     # noqa: E731
    fd = (transpiler.grad(at, wrt=(0, 1))(0.3, A + h * v)[0] - transpiler.grad(at, wrt=(0, 1))(0.3, A - h * v)[0]) / (2 * h)
    mixed = transpiler.jvp(transpiler.grad(at, wrt=(0, 1)), (0.3, A), (0.0, v))[1][0]
    assert mixed == pytest.approx(fd, rel=1e-5)


def written_identity(s, M):
    eye = np.eye(3)
    eye[0, 1] = 2.0                # (no longer an identity: left alone)
    return np.sum(np.sin(M + s * eye))


def rectangular(s, M):
    return np.sum(np.sin(M + s * np.eye(3, 4)))


def complex_matrix(s, M):
    return np.sum(np.real(np.exp(M + s * np.eye(3))))


@pytest.mark.parametrize("f, M", [(written_identity, RNG.standard_normal((3, 3))),
                                  (rectangular, RNG.standard_normal((3, 4))),
                                  (complex_matrix, RNG.standard_normal((3, 3)) + 0.5j * RNG.standard_normal((3, 3)))])
def test_left_alone_where_it_is_no_square_real_identity(f, M):
    assert "np.trace(" not in source(f, (0.4, M), (0, 1))     # (with the matrix: reverse mode)
    assert check_grad(f, 0.4, M, wrt=0)
