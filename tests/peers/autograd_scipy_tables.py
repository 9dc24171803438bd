"""autograd's SciPy, linear-algebra, FFT and complex checks (tests/test_scipy.py, test_linalg.py,
test_fft.py, test_complex.py), as entries for probe.py. autograd checks SciPy, linalg and FFT in
reverse mode only ("fwd mode not yet implemented"); we check both modes, since we have both, and
count them apart. Our own entries from the functions, shapes and keywords; no code of autograd's."""
from __future__ import annotations

import numpy as np

from probe import NAMESPACE, Entry, raw

_rng = np.random.default_rng(2)
BOTH = ("fwd", "rev")


def R(*shape):
    return _rng.standard_normal(shape) if shape else float(_rng.standard_normal())


def U(lo, hi, *shape):
    return _rng.uniform(lo, hi, shape) if shape else float(_rng.uniform(lo, hi))


def _pos(*shape):
    return R(*shape) ** 2 + 1.1


def _unary(file, name, expr, lims):
    values = [lims[0] + 0.4 * (lims[1] - lims[0]), lims[0] + _rng.random(2) * (lims[1] - lims[0]),
              lims[0] + _rng.random((3, 2)) * (lims[1] - lims[0]), lims[0] + _rng.random((1, 2)) * (lims[1] - lims[0])]
    return Entry(file, name, expr, [values])


def _psd(n):
    m = R(n, n)
    return m.T @ m + np.eye(n)


def sym(name="a"):
    """A matrix argument symmetrized in the function, as autograd checks symmetric-matrix rules."""
    return f"({name} + np.swapaxes({name}, -1, -2)) / 2"

S = "test_scipy.py"
SCIPY = [
    Entry(S, "chi2", "stats.chi2.{f}(a, {df})", [[_pos(4)]], grid=dict(f=raw("pdf", "cdf", "logpdf"), df=[1, 2, 3])),
    Entry(S, "beta_cdf", "stats.beta.cdf(a, b, c)", [[U(0, 1, 4)], [_pos(4)], [_pos(4)]]),
    Entry(S, "beta", "stats.beta.{f}(a, b, c)", [[U(0, 1, 4)], [_pos(4)], [_pos(4)]], argnums=(0, 1, 2),
          grid=dict(f=raw("pdf", "logpdf"))),
    Entry(S, "gamma_cdf", "stats.gamma.cdf(a, b)", [[_pos(4)], [_pos(4)]]),
    Entry(S, "gamma", "stats.gamma.{f}(a, b)", [[_pos(4)], [_pos(4)]], argnums=(0, 1), grid=dict(f=raw("pdf", "logpdf"))),
    Entry(S, "norm", "stats.norm.{f}(a, b, c)", [[R(4)], [R(4)], [_pos(4)]], argnums=(0, 1, 2),
          grid=dict(f=raw("pdf", "cdf", "sf", "logpdf", "logcdf", "logsf"))),
    Entry(S, "norm_quantiles", "stats.norm.{f}(a, b, c)", [[U(0.05, 0.95, 4)], [R(4)], [_pos(4)]], argnums=(0, 1, 2),
          grid=dict(f=raw("ppf", "isf"))),
    Entry(S, "norm_broadcast", "stats.norm.{f}(a, b, c)", [[R(4, 3)], [R(1, 3)], [_pos(4, 1)]], argnums=(0, 1, 2),
          grid=dict(f=raw("pdf", "cdf", "logpdf", "logcdf"))),
    Entry(S, "norm_quantiles_broadcast", "stats.norm.{f}(a, b, c)", [[U(0.05, 0.95, 4, 3)], [R(1, 3)], [_pos(4, 1)]],
          argnums=(0, 1, 2), grid=dict(f=raw("ppf", "isf"))),
    Entry(S, "poisson", "stats.poisson.{f}(a, b)", [[np.round(R(4) ** 2)], [_pos(4)]],
          argnums=(1,), grid=dict(f=raw("cdf", "logpmf", "pmf"))),
    Entry(S, "poisson_broadcast", "stats.poisson.{f}(a, b)", [[np.round(R(4, 3) ** 2)], [_pos(4, 1)]],
          argnums=(1,), grid=dict(f=raw("cdf", "logpmf", "pmf"))),
    Entry(S, "t", "stats.t.{f}(a, b, c, d)", [[R(4)], [R(4) ** 2 + 2.1], [R(4)], [R(4) ** 2 + 2.1]], argnums=(0, 1, 2, 3),
          grid=dict(f=raw("pdf", "logpdf"))),
    Entry(S, "t_cdf", "stats.t.{f}(a, b, c, d)", [[R(4)], [R(4) ** 2 + 2.1], [R(4)], [R(4) ** 2 + 2.1]], argnums=(0, 2),
          grid=dict(f=raw("cdf", "logcdf"))),
    Entry(S, "t_broadcast", "stats.t.{f}(a, b, c, d)", [[R(4, 3)], [R(1, 3) ** 2 + 2.1], [R(4, 3)], [R(4, 1) ** 2 + 2.1]],
          argnums=(0, 1, 2, 3), grid=dict(f=raw("pdf", "logpdf"))),
    Entry(S, "mvn", "mvn.{f}(a, b, " + sym("c") + ")", [[R(4), R(5, 4)], [R(4)], [_psd(4)]],
          argnums=(0, 1, 2), grid=dict(f=raw("pdf", "logpdf"))),
    Entry(S, "mvn_entropy", "mvn.entropy(a, " + sym("b") + ")", [[10 * R(4)], [_psd(4)]], argnums=(0, 1)),
    Entry(S, "dirichlet_x", "stats.dirichlet.{f}(a / sum(a), b)", [[np.array([0.2, 0.3, 0.1, 0.4])], [_pos(4) + 0.1]],
          grid=dict(f=raw("pdf", "logpdf"))),
    Entry(S, "dirichlet_alpha", "stats.dirichlet.{f}(a, b)", [[np.array([0.2, 0.3, 0.1, 0.4])], [_pos(4) + 0.1]],
          argnums=(1,), grid=dict(f=raw("pdf", "logpdf"))),
    Entry(S, "logsumexp", "special.logsumexp(a, axis={axis}, keepdims={keepdims})",
          [[np.array([1.1]), R(4), R(3, 4)]], grid=dict(axis=[None, 0], keepdims=[True, False])),
    Entry(S, "logsumexp2", "special.logsumexp(a, axis={axis}, keepdims={keepdims})", [[R(3, 4), R(4, 5, 6), R(1, 5)]],
          grid=dict(axis=[None, 0, 1], keepdims=[True, False])),
    Entry(S, "logsumexp_b", "special.logsumexp(a, b=B4, axis={axis}, keepdims={keepdims})", [[R(4)]],
          grid=dict(axis=[None, 0], keepdims=[True, False])),
    Entry(S, "logsumexp_b2", "special.logsumexp(a, b=B34, axis={axis}, keepdims={keepdims})", [[R(3, 4)]],
          grid=dict(axis=[None, 0, 1], keepdims=[True, False])),
    Entry(S, "convolve", "signal.convolve(a, b, mode={mode})", [[R(4), R(5), R(6)], [R(2), R(3), R(4)]], argnums=(0, 1),
          grid=dict(mode=["full", "valid", "same"])),
    Entry(S, "convolve_2d", "signal.convolve(a, b, mode={mode})", [[R(4, 3), R(5, 4), R(6, 7)], [R(2, 2), R(3, 2), R(4, 1)]],
          argnums=(0, 1), grid=dict(mode=["full", "valid", "same"])),
    Entry(S, "beta", "special.{f}(a, b)", [[_pos(4)], [_pos(4)]], argnums=(0, 1), grid=dict(f=raw("beta", "betaln"))),
    Entry(S, "betainc", "special.betainc(a, b, c)", [[_pos(4)], [_pos(4)], [U(0, 1, 4)]], argnums=(2,)),
    Entry(S, "gammainc", "special.{f}(1, a)", [[R(4) ** 2 + 1.3]], grid=dict(f=raw("gammainc", "gammaincc"))),
    Entry(S, "polygamma", "special.polygamma(0, a)", [[R(4) ** 2 + 1.3]]),
    Entry(S, "jn_yn", "special.{f}(2, a)", [[R(4) ** 2 + 1.3]], grid=dict(f=raw("jn", "yn"))),
    *[_unary(S, n, f"special.{n}(a)", (0.3, 2.0)) for n in ["psi", "digamma", "gamma", "gammaln", "gammasgn", "rgamma"]],
    Entry(S, "multigammaln", "special.multigammaln(a, {d})", [[U(4.0, 5.0), U(4.0, 5.0, 2, 3)]], grid=dict(d=[1, 2, 3])),
    *[_unary(S, n, f"special.{n}(a)", (0.2, 20.0)) for n in ["j0", "j1", "y0", "y1", "i0", "i1"]],
    Entry(S, "iv_ive", "special.{f}(V4, a)", [[R(4) ** 2 + 1.3]], grid=dict(f=raw("iv", "ive"))),
    _unary(S, "erf", "special.erf(a)", (-3.0, 3.0)), _unary(S, "erfc", "special.erfc(a)", (-3.0, 3.0)),
    _unary(S, "erfinv", "special.erfinv(a)", (-0.95, 0.95)), _unary(S, "erfcinv", "special.erfcinv(a)", (0.05, 1.95)),
    _unary(S, "logit", "special.logit(a)", (0.1, 0.9)), _unary(S, "expit", "special.expit(a)", (-4.05, 4.95)),
    Entry(S, "sqrtm", "spla.sqrtm(" + sym() + ")", [[_psd(3)]]),
    Entry(S, "solve_sylvester", "spla.solve_sylvester(a, b, c)", [[R(3, 3)], [R(3, 3)], [R(3, 3)]], argnums=(0, 1, 2)),
    Entry(S, "solve_triangular", "spla.solve_triangular(a, b, lower={lower})",
          [[np.tril(R(3, 3)) + 3 * np.eye(3)], [R(3), R(3, 2)]], argnums=(0, 1), grid=dict(lower=[True])),
    Entry(S, "cho_solve", "spla.cho_solve((np.linalg.cholesky(" + sym() + "), True), b)", [[_psd(3)], [R(3)]],
          argnums=(0, 1)),
    Entry(S, "expm", "spla.expm(a)", [[R(3, 3) / 2]]),
    Entry(S, "softmax", "special.softmax(a, axis={axis})", [[R(3, 4)]], grid=dict(axis=[None, 0, 1])),
    Entry(S, "log_softmax", "special.log_softmax(a, axis={axis})", [[R(3, 4)]], grid=dict(axis=[None, 0, 1])),
    Entry(S, "xlogy", "special.xlogy(a, b)", [[R(3)], [_pos(3)]], argnums=(0, 1)),
    Entry(S, "ndtr", "special.{f}(a)", [[R(3)]], grid=dict(f=raw("ndtr", "log_ndtr"))),
    Entry(S, "ndtri", "special.ndtri(a)", [[U(0.05, 0.95, 3)]]),
]

L = "test_linalg.py"
LINALG = [
    Entry(L, "inv", "np.linalg.inv(a)", [[R(8, 8) @ R(8, 8) * 0.1 + 3 * np.eye(8), R(4, 4, 4) + 5 * np.eye(4)]]),
    Entry(L, "solve_arg1", "np.linalg.solve(a, {b})", [[R(8, 8) + 10 * np.eye(8)]], grid=dict(b=raw("B87", "B8"))),
    Entry(L, "solve_arg2", "np.linalg.solve(A66, a)", [[R(6, 5)]]),
    Entry(L, "solve_3d", "np.linalg.solve(a, {b})", [[R(5, 4, 4) + 5 * np.eye(4)]], grid=dict(b=raw("B546"))),
    Entry(L, "det", "np.linalg.det(a)", [[R(6, 6), R(3, 3, 3)]]),
    Entry(L, "slogdet", "np.linalg.slogdet(a)[1]", [[R(6, 6), -R(6, 6)]]),
    Entry(L, "slogdet_3d", "np.sum(np.linalg.slogdet(a)[1])", [[np.stack([_psd(5) + 5 * np.eye(5) for _ in range(3)])]]),
    Entry(L, "norm", "np.linalg.norm(a)", [[R(6), R(6, 5)]]),
    Entry(L, "norm_axis01", "np.linalg.norm(a, axis=(0, 1))", [[R(6, 5, 4)]]),
    Entry(L, "norm_ord", "np.linalg.norm(a, ord={ord})", [[R(6)]], grid=dict(ord=[2, 3, 4])),
    Entry(L, "norm_axis", "np.linalg.norm(a, axis={axis})", [[R(6, 5, 4)]], grid=dict(axis=[0, 1, 2])),
    Entry(L, "norm_nuclear", "np.linalg.norm(a, ord='nuc')", [[R(6, 5)]]),
    Entry(L, "norm_nuclear_axis", "np.linalg.norm(a, ord='nuc', axis=(0, 1))", [[R(6, 5, 4)]]),
    Entry(L, "eigh", "np.linalg.eigh(" + sym() + "{uplo})", [[_psd(6), np.stack([_psd(4) + 10 * np.eye(4) for _ in range(2)])]],
          grid=dict(uplo=raw("", ", 'U'"))),
    Entry(L, "cholesky", "np.linalg.cholesky(" + sym() + ")", [[_psd(6), np.stack([_psd(4) for _ in range(3)])]]),
    Entry(L, "cholesky_reparameterization", "np.linalg.norm(np.dot(np.linalg.cholesky(" + sym() + "), Z6))", [[_psd(6)]]),
    Entry(L, "svd", "np.linalg.svd(a, full_matrices=False)", [[R(3, 5), R(4, 3, 5), R(4, 4), R(3, 4, 4), R(5, 3), R(4, 5, 3)]]),
    Entry(L, "svd_only_s", "np.linalg.svd(a, full_matrices=False, compute_uv=False)", [[R(5, 3), R(4, 5, 3)]]),
    Entry(L, "pinv", "np.linalg.pinv(a)", [[R(3, 4), R(4, 3)]]),
    Entry(L, "eig", "np.linalg.eig(a)[0]", [[_psd(4) + 0.2 * R(4, 4)]]),     # (real, distinct eigenvalues)
    Entry(L, "qr", "np.linalg.qr(a)", [[R(4, 3)]]),
    Entry(L, "lstsq", "np.linalg.lstsq(a, B4_, rcond=None)[0]", [[R(4, 3)]]),
    Entry(L, "matrix_power", "np.linalg.matrix_power(a, {n})", [[R(3, 3)]], grid=dict(n=[0, 1, 3])),
]

F = "test_fft.py"
_FFT = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "rfft2", "rfftn"]
_IRFFT = ["irfft", "irfft2", "irfftn"]
FFT = [
    *[Entry(F, n, f"np.fft.{n}(a)", [[R(4, 4) / 10]]) for n in _FFT],
    *[Entry(F, n, f"np.fft.{n}(a)", [[np.fft.rfftn(R(4, 4) / 10, axes=(-1,) if n == "irfft" else None)]])
      for n in _IRFFT],
    Entry(F, "fft_kw", "np.fft.{f}(a, {kw})", [[R(4, 4) / 10]], grid=dict(f=raw("fft", "rfft"), kw=raw("norm='ortho'", "axis=0"))),
    Entry(F, "irfft_ortho", "np.fft.irfft(a, norm='ortho')", [[np.fft.rfft(R(4, 4) / 10)]]),
    Entry(F, "fft_n", "np.fft.{f}(a, {n})", [[R(5, 5)]], grid=dict(f=raw("fft", "ifft"), n=[3, 7])),
    Entry(F, "rfft_n", "np.fft.rfft(a, {n})", [[R(4, 4)]], grid=dict(n=[2, 6])),
    Entry(F, "irfft_n", "np.fft.irfft(a, {n})", [[np.fft.rfft(R(4, 4))]], grid=dict(n=[2, 6])),
    Entry(F, "fft_s", "np.fft.{f}(a, s=[7, 3], axes=[0, 2])", [[R(5, 5, 5) / 10]],
          grid=dict(f=raw("fft2", "ifft2", "fftn", "ifftn"))),
    Entry(F, "rfft_s", "np.fft.{f}(a, s=[6, 2], axes=[0, 2])", [[R(4, 4, 4) / 10]], grid=dict(f=raw("rfft2", "rfftn"))),
    Entry(F, "irfft_s", "np.fft.{f}(a, s=[6, 2], axes=[0, 2])", [[np.fft.rfftn(R(4, 4, 4) / 10, axes=(0, 2))]],
          grid=dict(f=raw("irfft2", "irfftn"))),
    Entry(F, "rfftn_subset", "np.fft.rfftn(a)[(0, 1, 0), (3, 3, 2)]", [[R(4, 4, 4) / 10]]),
    Entry(F, "rfftn_axes", "np.fft.rfftn(a, axes=(0, 2))", [[R(4, 4, 4) / 10]]),
    Entry(F, "irfftn_subset", "np.fft.irfftn(a)[(0, 1, 0), (3, 3, 2)]", [[np.fft.rfftn(R(4, 4, 4) / 10)]]),
    Entry(F, "fftshift", "np.fft.{f}(a{axes})", [[R(5, 5), R(4, 4)]],
          grid=dict(f=raw("fftshift", "ifftshift"), axes=raw("", ", axes=1"))),
]

C = "test_complex.py"
COMPLEX = [
    Entry(C, "real_type", "np.sum(np.real(a))", [[R(3), R(3) + 1j * R(3)]]),
    Entry(C, "real_if_close_type", "np.sum(np.real_if_close(a))", [[R(3)]]),
    Entry(C, "angle_real", "np.angle(a)", [[R(3) ** 2 + 0.5]]),
    Entry(C, "angle_complex", "np.angle(a)", [[R(3) + 1j * R(3)]]),
    Entry(C, "abs_real", "np.abs(a)", [[R(3) ** 2 + 0.5]]),
    Entry(C, "abs_complex", "np.abs(a)", [[R(3) + 1j * R(3)]]),
    Entry(C, "holomorphic", "np.real(a ** 2 * np.exp(a) + np.sin(a) / (1.0 + a * np.conj(a)))", [[R(3) + 1j * R(3)]]),
    Entry(C, "complex_of_reals", "np.abs(a + 1j * b) ** 2", [[R(3)], [R(3)]], argnums=(0, 1)),
]

# Constants the expressions read (module globals, as in the peer's tests).
NAMESPACE.update(B4=np.exp(R(4)), B34=np.exp(R(3, 4)), V4=U(1.0, 50.0, 4), B87=R(8, 7), B8=R(8),
                 A66=R(6, 6) + np.eye(6), B54=R(5, 4), B546=R(5, 4, 6), Z6=R(6), B4_=R(4))

# Drawn after the entries above (their values stay as they were): test_scipy's logsumexp of a 3-d array
# with b, convolve of a column kernel; test_linalg's inverse of a stack of stacks, solve_triangular's
# trans and lower options in each argument; test_fft's transforms of a 5 x 5 matrix.
SCIPY_MORE = [
    Entry(S, "logsumexp_b3", "special.logsumexp(a, b=B234, axis={axis}, keepdims={keepdims})", [[R(2, 3, 4)]],
          grid=dict(axis=[None, 0, 1], keepdims=[True, False])),
    Entry(S, "convolve_2d_column", "signal.convolve(a, b, mode={mode})", [[R(4, 3), R(5, 4), R(6, 7)], [R(4, 2)]],
          argnums=(0, 1), grid=dict(mode=["full", "valid"])),
]
LINALG_MORE = [
    Entry(L, "inv_4d", "np.linalg.inv(a)", [[R(4, 4, 4, 4) + 5 * np.eye(4)]]),
    Entry(L, "solve_triangular_arg1", "spla.solve_triangular(a, B6, trans={trans}, lower={lower})",
          [[R(6, 6) + 10 * np.eye(6)]], grid=dict(trans=["T", "N", "C", 0, 1, 2], lower=[True, False])),
    Entry(L, "solve_triangular_arg2", "spla.solve_triangular(A6T, a, trans={trans}, lower={lower})",
          [[R(6), R(6, 5)]], grid=dict(trans=["T", "N", "C", 0, 1, 2], lower=[True, False])),
]
FFT_MORE = [Entry(F, "fft_odd", "np.fft.{f}(a)", [[R(5, 5) / 10]], grid=dict(f=raw(*_FFT)))]   # test_fft's D = 5
NAMESPACE.update(B234=np.exp(R(2, 3, 4)), B6=R(6), A6T=R(6, 6) + 10 * np.eye(6))

TABLES = SCIPY + SCIPY_MORE + LINALG + LINALG_MORE + FFT + FFT_MORE + COMPLEX
