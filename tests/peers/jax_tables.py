"""JAX's gradient checks of the NumPy/SciPy functions it mirrors (tests/lax_numpy_operators_test.py
GRAD_TEST_RECORDS and GRAD_SPECIAL_VALUE_TEST_RECORDS, lax_autodiff_test.py LAX_GRAD_OPS and its
reduction, cumulative, indexing and structural checks, linalg_test.py's ``check_grads`` calls,
lax_scipy_special_functions_test.py's differentiable records, scipy_stats_test.py's log-densities),
as entries for probe.py, in NumPy's spelling of each ``jnp``/``lax``/``jax.scipy`` function (a
``lax`` primitive by the NumPy function that computes it: ``lax.rem`` is ``np.fmod``,
``lax.logistic`` is ``special.expit``, ``lax.cummax`` is ``np.maximum.accumulate``).

JAX's ``check_grads(f, args, order, modes=("fwd", "rev"))`` checks JVPs and VJPs to ``order``;
each entry keeps the order JAX's record gives. The shapes are those the records draw
(``compatible_shapes``: a number, ``(3, 4)``, ``(3, 1)``, ``(2, 1, 4)``...), the domains their
``rng_factory`` (``rand_positive``, ``rand_uniform(low, high)``). JAX's stats tests compare values
only; their log-densities are differentiated here to first order in every parameter, both modes.
Our own entries from the records; no code of JAX's."""
from __future__ import annotations

import numpy as np

from probe import NAMESPACE, Entry, raw

_rng = np.random.default_rng(4)


def R(*shape):
    return _rng.standard_normal(shape) if shape else float(_rng.standard_normal())


def U(lo, hi, *shape):
    return _rng.uniform(lo, hi, shape) if shape else float(_rng.uniform(lo, hi))


def P(*shape):
    """jtu.rand_positive: uniform on (0, 1], scaled up a little, as its domain."""
    return U(0.2, 2.0, *shape)


def _psd(n, batch=()):
    m = R(*batch, n, n)
    return m @ np.swapaxes(m, -1, -2) + n * np.eye(n)


def sym(name="a"):
    """A matrix argument symmetrized in the function (JAX's eigh/cholesky grad tests symmetrize)."""
    return f"({name} + np.swapaxes({name}, -1, -2)) / 2"


def _shapes(draw, complex_too=False):
    """A number and the arrays of JAX's compatible_shapes, each drawn by ``draw``."""
    values = [draw(), draw(3, 4), draw(3, 1), draw(2, 1, 4)]
    if complex_too:
        values.append(draw(3, 4) + 0.2j * draw(3, 4))
    return values


def _unary(file, name, expr, draw, order=2, complex_too=False):
    return Entry(file, name, expr, [_shapes(draw, complex_too)], order=order)


def _binary(file, name, expr, draw_a, draw_b, order=2):
    return Entry(file, name, expr, [[draw_a(), draw_a(3, 4), draw_a(2, 1, 4)], [draw_b(), draw_b(3, 4), draw_b(2, 3, 4)]],
                 argnums=(0, 1), order=order)


def _near_half(*shape):
    return U(0.1, 0.4, *shape)


O = "lax_numpy_operators_test.py"
OPERATORS = [
    _unary(O, "arcsinh", np.arcsinh, P, complex_too=True),
    _unary(O, "arccosh", np.arccosh, lambda *s: 1.0 + P(*s), order=1, complex_too=True),
    _unary(O, "arctanh", np.arctanh, lambda *s: U(-0.9, 0.9, *s), complex_too=True),
    _binary(O, "logaddexp", np.logaddexp, lambda *s: U(-0.9, 0.9, *s), lambda *s: U(-0.9, 0.9, *s), order=1),
    _binary(O, "logaddexp2", np.logaddexp2, lambda *s: U(-0.9, 0.9, *s), lambda *s: U(-0.9, 0.9, *s)),
    Entry(O, "arcsinh_special", np.arcsinh, [[0.0, 1000.0]]),
    Entry(O, "arccosh_special", np.arccosh, [[1000.0]]),
    Entry(O, "arctanh_special", np.arctanh, [[0.0]]),
    Entry(O, "sinc_special", np.sinc, [[0.0]], order=1),
]

A = "lax_autodiff_test.py"
_DEFAULT = R
_UNARY_LAX = [
    ("neg", "np.negative(a)", _DEFAULT), ("floor", "np.floor(a)", _near_half), ("ceil", "np.ceil(a)", _near_half),
    ("round", "np.round(a)", _near_half), ("exp", "np.exp(a)", _DEFAULT), ("expm1", "np.expm1(a)", _DEFAULT),
    ("log", "np.log(a)", P), ("log1p", "np.log1p(a)", P), ("sinh", "np.sinh(a)", _DEFAULT),
    ("cosh", "np.cosh(a)", _DEFAULT), ("tanh", "np.tanh(a)", _DEFAULT), ("sin", "np.sin(a)", _DEFAULT),
    ("cos", "np.cos(a)", _DEFAULT), ("tan", "np.tan(a)", lambda *s: U(-1.3, 1.3, *s)),
    ("asin", "np.arcsin(a)", lambda *s: U(-0.9, 0.9, *s)), ("acos", "np.arccos(a)", lambda *s: U(-0.9, 0.9, *s)),
    ("atan", "np.arctan(a)", lambda *s: U(-0.9, 0.9, *s)), ("asinh", "np.arcsinh(a)", _DEFAULT),
    ("acosh", "np.arccosh(a)", lambda *s: 1.1 + P(*s)), ("atanh", "np.arctanh(a)", lambda *s: U(-0.9, 0.9, *s)),
    ("lgamma", "special.gammaln(a)", P), ("digamma", "special.digamma(a)", P),
    ("erf", "special.erf(a)", _DEFAULT), ("erfc", "special.erfc(a)", _DEFAULT),
    ("erf_inv", "special.erfinv(a)", lambda *s: U(-0.9, 0.9, *s)),
    ("sqrt", "np.sqrt(a)", P), ("rsqrt", "1 / np.sqrt(a)", P), ("cbrt", "np.cbrt(a)", lambda *s: U(0.3, 2.0, *s)),
    ("logistic", "special.expit(a)", _DEFAULT), ("abs", "np.abs(a)", P), ("integer_pow", "a ** 3", _DEFAULT),
    ("square", "np.square(a)", _DEFAULT), ("reciprocal", "np.reciprocal(a)", P),
]
_COMPLEX_LAX = [("real", "np.real(a)"), ("imag", "np.imag(a)"), ("conj", "np.conj(a)"), ("abs_complex", "np.abs(a)"),
                ("exp_complex", "np.exp(a)"), ("log_complex", "np.log(a)"), ("sin_complex", "np.sin(a)"),
                ("sqrt_complex", "np.sqrt(a)")]
_BINARY_LAX = [
    ("add", "np.add(a, b)", _DEFAULT, _DEFAULT), ("sub", "np.subtract(a, b)", _DEFAULT, _DEFAULT),
    ("mul", "np.multiply(a, b)", _DEFAULT, _DEFAULT), ("div", "np.divide(a, b)", _DEFAULT, lambda *s: 1.0 + P(*s)),
    ("pow", "np.power(a, b)", P, _DEFAULT), ("max", "np.maximum(a, b)", _DEFAULT, _DEFAULT),
    ("min", "np.minimum(a, b)", _DEFAULT, _DEFAULT), ("rem", "np.fmod(a, b)", lambda *s: U(0.1, 0.9, *s),
                                                        lambda *s: U(1.1, 2.0, *s)),
    ("atan2", "np.arctan2(a, b)", _DEFAULT, _DEFAULT), ("hypot", "np.hypot(a, b)", P, P),
]


def cumulative_max(a):
    return np.maximum.accumulate(a, axis=0)


def cumulative_min(a):
    return np.minimum.accumulate(a, axis=1)


def cumulative_logsumexp(a):
    return np.logaddexp.accumulate(a, axis=-1)


def scatter_add(a, b):
    out = a.copy()
    np.add.at(out, [0, 2, 0], b)
    return out


def dynamic_update_slice(a, b):
    out = a.copy()
    out[1:3, 1:] = b
    return out


def top_k(a):
    return np.sort(a, axis=-1)[..., ::-1][..., :2]


def reduce_window_max(a):
    return np.lib.stride_tricks.sliding_window_view(a, (2, 2)).max(axis=(-2, -1))


def reduce_window_sum(a):
    return np.lib.stride_tricks.sliding_window_view(a, 3, axis=1)[:, ::2].sum(axis=-1)


AUTODIFF = [
    *[_unary(A, n, e, d) for n, e, d in _UNARY_LAX],
    *[Entry(A, n, e, [[R(3, 4) + 0.3j * R(3, 4) + 2.0]]) for n, e in _COMPLEX_LAX],
    Entry(A, "complex", "a + 1j * b", [[R(3, 4)], [R(3, 4)]], argnums=(0, 1)),
    *[_binary(A, n, e, da, db) for n, e, da, db in _BINARY_LAX],
    Entry(A, "reduce_sum", "np.sum(a, axis={axis})", [[R(3, 4, 5)]], grid=dict(axis=[0, 1, (0, 2), None])),
    Entry(A, "reduce_prod", "np.prod(a, axis={axis})", [[U(0.5, 1.5, 3, 4, 5)]], grid=dict(axis=[0, (0, 2), None])),
    Entry(A, "reduce_max", "np.max(a, axis={axis})", [[R(3, 4, 5)]], grid=dict(axis=[0, (1, 2)])),
    Entry(A, "reduce_min", "np.min(a, axis={axis})", [[R(3, 4, 5)]], grid=dict(axis=[1, (0, 2)])),
    Entry(A, "reduce_logsumexp", "special.logsumexp(a, axis={axis})", [[R(3, 4, 5)]], grid=dict(axis=[0, (1, 2)])),
    Entry(A, "cumsum", "np.cumsum(a, axis={axis})", [[R(5), R(3, 4, 5)]], grid=dict(axis=[0, -1])),
    Entry(A, "cumprod", "np.cumprod(a, axis={axis})", [[U(0.5, 1.5, 5), U(0.5, 1.5, 3, 4, 5)]], grid=dict(axis=[0, -1])),
    Entry(A, "cummax", cumulative_max, [[R(5), R(4, 3)]]),
    Entry(A, "cummin", cumulative_min, [[R(4, 3)]]),
    Entry(A, "cumlogsumexp", cumulative_logsumexp, [[R(5), R(4, 3)]]),
    Entry(A, "sort", "np.sort(a, axis={axis})", [[R(5), R(3, 4)]], grid=dict(axis=[0, -1])),
    Entry(A, "sort_key_val", "b[np.argsort(a)]", [[R(6)], [R(6)]], argnums=(1,)),
    Entry(A, "top_k", top_k, [[R(6), R(3, 5)]]),
    Entry(A, "dot_general", "np.einsum('bij,bjk->bik', a, b)", [[R(2, 3, 4)], [R(2, 4, 5)]], argnums=(0, 1)),
    Entry(A, "dot_general_contract2", "np.tensordot(a, b, axes=([1, 2], [0, 1]))", [[R(2, 3, 4)], [R(3, 4, 5)]],
          argnums=(0, 1)),
    Entry(A, "pad", "np.pad(a, {w})", [[R(3, 4)]], grid=dict(w=[((1, 2), (0, 1)), ((0, 0), (2, 2))])),
    Entry(A, "reshape", "np.reshape(a, {s})", [[R(2, 3, 4)]], grid=dict(s=[(6, 4), (4, -1), (24,)])),
    Entry(A, "rev", "np.flip(a, axis={axis})", [[R(3, 4)]], grid=dict(axis=[0, 1, (0, 1)])),
    Entry(A, "select", "np.where(a > 0, b, c)", [[R(3, 4)], [R(3, 4)], [R(3, 4)]], argnums=(1, 2)),
    Entry(A, "slice", "a[1:3, ::2]", [[R(4, 5)]]),
    Entry(A, "dynamic_slice", "a[1:3, 2:4]", [[R(4, 5)]]),
    Entry(A, "dynamic_update_slice", dynamic_update_slice, [[R(4, 5)], [R(2, 4)]], argnums=(0, 1)),
    Entry(A, "gather", "a[np.array([[0, 2], [1, 1]]), 1:]", [[R(3, 4)]]),
    Entry(A, "take_along_axis", "np.take_along_axis(a, IDX34, axis=1)", [[R(3, 4)]]),
    Entry(A, "scatter_add", scatter_add, [[R(4, 3)], [R(3, 3)]], argnums=(0, 1)),
    Entry(A, "transpose", "np.transpose(a, {perm})", [[R(2, 3, 4)]], grid=dict(perm=[(2, 0, 1), (1, 0, 2)])),
    Entry(A, "reduce_window_max", reduce_window_max, [[R(4, 5)]]),
    Entry(A, "reduce_window_sum", reduce_window_sum, [[R(3, 7)]]),
    Entry(A, "clamp", "np.clip(a, -0.5, 0.5)", [[U(-1, 1, 3, 4)]]),
    Entry(A, "conv_1d", "np.convolve(a, b, mode={mode})", [[R(7)], [R(3)]], argnums=(0, 1),
          grid=dict(mode=["full", "valid", "same"])),
    Entry(A, "conv_2d", "signal.correlate2d(a, b, mode='valid')", [[R(5, 6)], [R(2, 3)]], argnums=(0, 1)),
]

L = "linalg_test.py"
LINALG = [
    Entry(L, "det", "np.linalg.det(a)", [[R(3, 3), R(2, 4, 4)]]),
    Entry(L, "det_singular_corank1", "np.linalg.det(a)", [[np.outer(R(3), R(3)) + np.outer(R(3), R(3))]]),
    Entry(L, "det_singular_corank2", "np.linalg.det(a)", [[np.outer(R(3), R(3))]]),
    Entry(L, "slogdet", "np.linalg.slogdet(a)[1]", [[R(4, 4), R(2, 3, 3)]]),
    Entry(L, "slogdet_complex", "np.linalg.slogdet(a)[1]", [[R(3, 3) + 1j * R(3, 3)]]),
    Entry(L, "eigh", "np.linalg.eigh(" + sym() + ")", [[_psd(4), _psd(3, (2,))]], order=1),
    Entry(L, "eigh_values", "np.linalg.eigh(" + sym() + ")[0]", [[_psd(4)]]),
    Entry(L, "eigvalsh", "np.linalg.eigvalsh(" + sym() + ")", [[_psd(4), _psd(3, (2,))]]),
    Entry(L, "eigvals", "np.linalg.eigvals(a)", [[_psd(4) + 0.2 * R(4, 4)]], order=1),
    Entry(L, "inv", "np.linalg.inv(a)", [[R(4, 4) + 4 * np.eye(4), R(2, 3, 3) + 3 * np.eye(3)]]),
    Entry(L, "solve", "np.linalg.solve(a, b)", [[R(4, 4) + 4 * np.eye(4)], [R(4, 2), R(4)]], argnums=(0, 1)),
    Entry(L, "solve_batched", "np.linalg.solve(a, b)", [[R(2, 3, 3) + 3 * np.eye(3)], [R(2, 3, 1)]], argnums=(0, 1)),
    Entry(L, "cholesky", "np.linalg.cholesky(" + sym() + ")", [[_psd(4), _psd(3, (2,))]]),
    Entry(L, "qr", "np.linalg.qr(a)", [[R(4, 3), R(3, 3)]]),
    Entry(L, "qr_wide", "np.linalg.qr(a)", [[R(3, 4)]]),
    Entry(L, "svd_values", "np.linalg.svd(a, compute_uv=False)", [[R(4, 3), R(2, 3, 4)]]),
    Entry(L, "svd", "np.linalg.svd(a, full_matrices=False)", [[R(4, 3), R(3, 3)]], order=1),
    Entry(L, "pinv", "np.linalg.pinv(a)", [[R(4, 3), R(3, 5)]]),
    Entry(L, "matrix_power", "np.linalg.matrix_power(a, {n})", [[R(3, 3) / 2]], grid=dict(n=[-2, 0, 2, 5])),
    Entry(L, "norm_vector", "np.linalg.norm(a, ord={ord}, keepdims={keepdims})", [[R(5)]],
          grid=dict(ord=[None, 1, 2, 3, np.inf, -np.inf], keepdims=[False, True])),
    Entry(L, "norm_matrix", "np.linalg.norm(a, ord={ord}, axis=(0, 1))", [[R(4, 3)]],
          grid=dict(ord=[None, "fro", 1, -1, 2, -2, np.inf, -np.inf, "nuc"])),
    Entry(L, "norm_axis", "np.linalg.norm(a, axis={axis})", [[R(3, 4, 5)]], grid=dict(axis=[0, -1, (1, 2)])),
    Entry(L, "vector_norm", "np.linalg.vector_norm(a, ord={ord}, axis={axis})", [[R(3, 4)]],
          grid=dict(ord=[2, 1.5, np.inf], axis=[None, 0, (0, 1)])),
    Entry(L, "matrix_norm", "np.linalg.matrix_norm(a, ord={ord})", [[R(2, 3, 3)]], grid=dict(ord=["fro", "nuc", 2])),
    Entry(L, "lstsq", "np.linalg.lstsq(a, b, rcond=None)[0]", [[R(5, 3)], [R(5), R(5, 2)]], argnums=(0, 1)),
    Entry(L, "tensorsolve", "np.linalg.tensorsolve(a, b)", [[R(2, 3, 6) + np.eye(6).reshape(6, 6)[:6].reshape(2, 3, 6)],
                                                            [R(2, 3)]], argnums=(0, 1)),
    Entry(L, "tensorinv", "np.linalg.tensorinv(a, ind=2)", [[(R(6, 6) + 4 * np.eye(6)).reshape(2, 3, 6)]]),
    Entry(L, "multi_dot", "np.linalg.multi_dot([a, b, c])", [[R(2, 3)], [R(3, 4)], [R(4, 2)]], argnums=(0, 1, 2)),
    Entry(L, "cond", "np.linalg.cond(a)", [[R(3, 3) + 3 * np.eye(3)]]),
    Entry(L, "expm", "spla.expm(a)", [[R(3, 3) / 2, R(2, 3, 3) / 2]]),
    Entry(L, "expm_frechet", "spla.expm_frechet(a, b, compute_expm=False)", [[R(3, 3) / 2], [R(3, 3)]], argnums=(0, 1)),
    Entry(L, "lu", "spla.lu(a{kw})", [[R(4, 4), R(4, 3), R(3, 4)]], order=1, grid=dict(kw=raw("", ", permute_l=True"))),
    Entry(L, "scipy_solve", "spla.solve(" + sym() + ", b, assume_a={assume})", [[_psd(3)], [R(3), R(3, 2)]], argnums=(0, 1),
          grid=dict(assume=["gen", "sym", "pos"])),
    Entry(L, "scipy_cholesky", "spla.cholesky(" + sym() + ", lower={lower})", [[_psd(3)]], grid=dict(lower=[True, False])),
    Entry(L, "svd_full_square", "np.linalg.svd(a, full_matrices=True)", [[R(3, 3)]], order=1),
    Entry(L, "lu_factor_solve", "spla.lu_solve(spla.lu_factor(a), b)", [[R(3, 3) + 3 * np.eye(3)], [R(3)]],
          argnums=(0, 1)),
    Entry(L, "solve_triangular", "spla.solve_triangular(a, b, lower={lower}, trans={trans})",
          [[np.tril(R(3, 3)) + 3 * np.eye(3)], [R(3, 2), R(3)]], argnums=(0, 1), grid=dict(lower=[True], trans=[0, 1])),
    Entry(L, "solve_triangular_unit", "spla.solve_triangular(a, b, lower={lower}, unit_diagonal=True)",
          [[np.triu(R(3, 3)) + 3 * np.eye(3)], [R(3, 2)]], argnums=(0, 1), grid=dict(lower=[False])),
    Entry(L, "cho_solve", "spla.cho_solve(spla.cho_factor(" + sym() + ", lower=True), b)", [[_psd(3)], [R(3, 2)]],
          argnums=(0, 1)),
    Entry(L, "sqrtm", "spla.sqrtm(" + sym() + ")", [[_psd(3)]], order=1),
    Entry(L, "polar", "spla.polar(a)[0]", [[R(3, 3) + 3 * np.eye(3)]], order=1),
    Entry(L, "eigh_scipy", "spla.eigh(" + sym() + ", eigvals_only=True)", [[_psd(4)]]),
]

SP = "lax_scipy_special_functions_test.py"
SPECIAL = [
    Entry(SP, "betaln", "special.betaln(a, b)", [[P(3), P(2, 3)], [P(3), P(2, 3)]], argnums=(0, 1), order=1),
    Entry(SP, "betainc", "special.betainc(a, b, c)", [[P(3)], [P(3)], [U(0.1, 0.9, 3)]], argnums=(2,), order=1),
    Entry(SP, "gammainc", "special.{f}(a, b)", [[P(3)], [P(3)]], argnums=(0, 1), order=1,
          grid=dict(f=raw("gammainc", "gammaincc"))),
    Entry(SP, "digamma", "special.digamma(a)", [[P(3)]], order=1),
    Entry(SP, "gammaln", "special.gammaln(a)", [[P(3), R(2, 3) ** 2 + 0.5]], order=1),
    Entry(SP, "erf", "special.{f}(a)", [[R(3)]], order=1, grid=dict(f=raw("erf", "erfc", "ndtr", "log_ndtr", "expit"))),
    Entry(SP, "erfinv", "special.erfinv(a)", [[U(-0.9, 0.9, 3)]], order=1),
    Entry(SP, "ndtri", "special.ndtri(a)", [[U(0.05, 0.95, 3)]], order=1),
    Entry(SP, "logit", "special.logit(a)", [[U(0.05, 0.95, 3)]], order=1),
    Entry(SP, "bessel_scaled", "special.{f}(a)", [[R(3)]], order=1, grid=dict(f=raw("i0e", "i1e", "i0", "i1"))),
    Entry(SP, "xlogy", "special.{f}(a, b)", [[R(3)], [P(3)]], argnums=(0, 1), order=1,
          grid=dict(f=raw("xlogy", "xlog1py"))),
    Entry(SP, "entr", "special.entr(a)", [[P(3)]], order=1),
    Entry(SP, "rel_entr", "special.{f}(a, b)", [[P(3)], [P(3)]], argnums=(0, 1), order=1,
          grid=dict(f=raw("rel_entr", "kl_div"))),
    Entry(SP, "multigammaln", "special.multigammaln(a, {d})", [[U(3.0, 5.0)]], order=1, grid=dict(d=[1, 2, 3])),
    Entry(SP, "polygamma", "special.polygamma({n}, a)", [[P(3)]], order=1, grid=dict(n=[0, 1, 2])),
    Entry(SP, "zeta", "special.zeta(a, b)", [[U(2.0, 4.0, 3)], [P(3)]], argnums=(1,), order=1),
    Entry(SP, "spence", "special.spence(a)", [[P(3)]], order=1),
    Entry(SP, "expi", "special.{f}(a)", [[P(3)]], order=1, grid=dict(f=raw("expi", "exp1"))),
    Entry(SP, "expn", "special.expn(2, a)", [[P(3)]], order=1),
    Entry(SP, "gamma", "special.gamma(a)", [[P(3)]], order=1),
    Entry(SP, "poch", "special.poch(a, b)", [[P(3)], [P(3)]], argnums=(0, 1), order=1),
    Entry(SP, "hyp1f1", "special.hyp1f1(HYP_A3, HYP_B3, a)", [[R(3)]], order=1),
    Entry(SP, "eval_legendre", "special.eval_legendre(3, a)", [[U(-1, 1, 3)]], order=1),
    Entry(SP, "logsumexp", "special.logsumexp(a, axis={axis}, b={b}, return_sign=False)", [[R(3, 4)]], order=1,
          grid=dict(axis=[None, 0, 1], b=raw("None", "B34"))),
    Entry(SP, "softmax", "special.{f}(a, axis=-1)", [[R(3, 4)]], order=1, grid=dict(f=raw("softmax", "log_softmax"))),
]

ST = "scipy_stats_test.py"
STATS = [
    Entry(ST, "norm", "stats.norm.{f}(a, b, c)", [[R(4)], [R(4)], [P(4)]], argnums=(0, 1, 2), order=1,
          grid=dict(f=raw("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"))),
    Entry(ST, "t", "stats.t.logpdf(a, b, c, d)", [[R(4)], [P(4) + 1.0], [R(4)], [P(4)]], argnums=(0, 1, 2, 3), order=1),
    Entry(ST, "cauchy", "stats.cauchy.{f}(a, b, c)", [[R(4)], [R(4)], [P(4)]], argnums=(0, 1, 2), order=1,
          grid=dict(f=raw("logpdf", "cdf"))),
    Entry(ST, "laplace", "stats.laplace.{f}(a, b, c)", [[R(4)], [R(4) + 3.0], [P(4)]], argnums=(0, 1, 2), order=1,
          grid=dict(f=raw("logpdf", "cdf"))),
    Entry(ST, "logistic", "stats.logistic.{f}(a, b, c)", [[R(4)], [R(4)], [P(4)]], argnums=(0, 1, 2), order=1,
          grid=dict(f=raw("logpdf", "cdf"))),
    Entry(ST, "logistic_ppf", "stats.logistic.ppf(a, b, c)", [[U(0.05, 0.95, 4)], [R(4)], [P(4)]], argnums=(0, 1, 2),
          order=1),
    Entry(ST, "beta", "stats.beta.logpdf(a, b, c, d, e)", [[U(0.3, 0.7, 4)], [P(4) + 0.5], [P(4) + 0.5], [U(-0.2, 0.0, 4)],
                                                          [U(1.0, 1.2, 4)]], argnums=(0, 1, 2, 3, 4), order=1),
    Entry(ST, "gamma", "stats.gamma.logpdf(a, b, c, d)", [[P(4) + 1.0], [P(4)], [U(-0.2, 0.0, 4)], [P(4)]],
          argnums=(0, 1, 2, 3), order=1),
    Entry(ST, "expon", "stats.expon.logpdf(a, b, c)", [[P(4) + 1.0], [U(-0.2, 0.0, 4)], [P(4)]], argnums=(0, 1, 2), order=1),
    Entry(ST, "pareto", "stats.pareto.logpdf(a, b, c, d)", [[P(4) + 2.0], [P(4)], [U(-0.2, 0.0, 4)], [P(4)]],
          argnums=(0, 1, 2, 3), order=1),
    Entry(ST, "chi2", "stats.chi2.logpdf(a, b, c, d)", [[P(4) + 1.0], [P(4) + 1.0], [U(-0.2, 0.0, 4)], [P(4)]],
          argnums=(0, 1, 2, 3), order=1),
    Entry(ST, "lognorm", "stats.lognorm.logpdf(a, b, c, d)", [[P(4) + 1.0], [P(4)], [U(-0.2, 0.0, 4)], [P(4)]],
          argnums=(0, 1, 2, 3), order=1),
    Entry(ST, "vonmises", "stats.vonmises.logpdf(a, b)", [[U(-3, 3, 4)], [P(4)]], argnums=(0, 1), order=1),
    Entry(ST, "gennorm", "stats.gennorm.logpdf(a, b)", [[R(4)], [P(4) + 1.0]], argnums=(0, 1), order=1),
    Entry(ST, "truncnorm", "stats.truncnorm.logpdf(a, -1.5, 2.0, b, c)", [[U(-0.5, 0.5, 4)], [U(-0.1, 0.1, 4)], [P(4)]],
          argnums=(0, 1, 2), order=1),
    Entry(ST, "uniform", "stats.uniform.logpdf(a, b, c)", [[U(0.4, 0.6, 4)], [U(-0.1, 0.1, 4)], [P(4) + 1.0]],
          argnums=(1, 2), order=1),
    Entry(ST, "multivariate_normal", "mvn.logpdf(a, b, " + sym("c") + ")", [[R(4), R(5, 4)], [R(4)], [_psd(4)]],
          argnums=(0, 1, 2), order=1),
    Entry(ST, "dirichlet", "stats.dirichlet.logpdf(X4, a)", [[P(4)]], order=1),
    Entry(ST, "poisson", "stats.poisson.logpmf(K4, a)", [[P(4)]], order=1),
    Entry(ST, "bernoulli", "stats.bernoulli.logpmf(K01, a)", [[U(0.1, 0.9, 4)]], order=1),
    Entry(ST, "geom", "stats.geom.logpmf(K4 + 1, a)", [[U(0.1, 0.9, 4)]], order=1),
    Entry(ST, "nbinom", "stats.nbinom.logpmf(K4, a, b)", [[P(4) + 1.0], [U(0.1, 0.9, 4)]], argnums=(0, 1), order=1),
    Entry(ST, "betabinom", "stats.betabinom.logpmf(K4, 6, a, b)", [[P(4)], [P(4)]], argnums=(0, 1), order=1),
    Entry(ST, "multinomial", "stats.multinomial.logpmf(N3, 6, a / np.sum(a))", [[P(3)]], order=1),
]

# JAX's value tests of cov (testCov: rowvar, 1-D input, a second variable y) and of the NaN-ignoring
# reductions over complex dtypes (lax_numpy_reducers_test.py), differentiated here.
V = "lax_numpy_test.py, lax_numpy_reducers_test.py (values)"
VALUES = [
    Entry(V, "cov_rowvar", "np.cov(a, rowvar=False)", [[R(4, 3)]]),
    Entry(V, "cov_vector_rowvar", "np.cov(a, rowvar=False)", [[R(4)]]),
    Entry(V, "cov_y_rowvar", "np.cov(a, b, rowvar=False)", [[R(4)], [R(4)]], argnums=(0, 1)),
    Entry(V, "var_complex", "np.{f}(a, axis={axis})", [[R(5) + 1j * R(5), R(3, 4) + 1j * R(3, 4)]],
          grid=dict(f=raw("var", "std"), axis=[None, -1])),
    Entry(V, "nanvar_complex", "np.{f}(a, axis={axis})", [[R(5) + 1j * R(5), R(3, 4) + 1j * R(3, 4)]],
          grid=dict(f=raw("nanvar", "nanstd"), axis=[None, -1])),
]

# Constants the expressions read (module globals, as in the peer's tests).
NAMESPACE.update(IDX34=np.array([[0, 3], [1, 1], [2, 0]]), HYP_A3=U(0.5, 1.5, 3), HYP_B3=U(1.5, 2.5, 3),
                 X4=np.array([0.1, 0.2, 0.3, 0.4]), K4=np.array([0, 2, 3, 5]), K01=np.array([0, 1, 1, 0]),
                 N3=np.array([1, 2, 3]), inf=np.inf)
NAMESPACE.setdefault("B34", np.exp(R(3, 4)))

TABLES = OPERATORS + AUTODIFF + LINALG + SPECIAL + STATS + VALUES
