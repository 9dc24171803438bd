"""PyTorch's gradient checks (test/test_ops_gradients.py: ``gradcheck``, forward-mode AD and
``gradgradcheck`` over every OpInfo's sample inputs; test/test_autograd.py's operator tests) of the
operators that have a NumPy or SciPy spelling, as entries for probe.py: ``torch.cumprod`` is
``np.cumprod``, ``torch.clamp`` ``np.clip``, ``torch.lerp`` ``a + w * (b - a)``, ``torch.cdist``
``scipy.spatial.distance.cdist`` or the broadcast difference a model writes, ``index_add_`` an
``np.add.at`` on a copy. The sample inputs keep what the OpInfos' ``sample_inputs_*`` functions
choose to exercise: zeros in ``prod``/``cumprod`` (one and two), tensor bounds of ``clamp``,
negative and tuple ``dims``, ``keepdim``, ``correction`` (``ddof``), every ``quantile``
interpolation, ``p`` of ``cdist``/``dist``/``norm``, ``UPLO``, ``hermitian=True``, negative matrix
powers. gradcheck and forward AD are first order, gradgradcheck and ``fwgrad_bwgrad`` second order
(``hvp``); forward over forward, which PyTorch does not check, is checked here too.
Our own entries from the OpInfos; no code of PyTorch's."""
from __future__ import annotations

import numpy as np
import scipy.integrate
import scipy.spatial.distance

from probe import NAMESPACE, Entry, raw

_rng = np.random.default_rng(5)


def R(*shape):
    return _rng.standard_normal(shape) if shape else float(_rng.standard_normal())


def U(lo, hi, *shape):
    return _rng.uniform(lo, hi, shape) if shape else float(_rng.uniform(lo, hi))


def P(*shape):
    return U(0.3, 2.0, *shape)


def _psd(n, batch=()):
    m = R(*batch, n, n)
    return m @ np.swapaxes(m, -1, -2) + n * np.eye(n)


def sym(name="a"):
    return f"({name} + np.swapaxes({name}, -1, -2)) / 2"


MASK34 = R(3, 4) > 0


def _with_zeros(shape, where):
    x = U(0.5, 1.5, *shape)
    for index in where:
        x[index] = 0.0
    return x


def index_add(a, b):
    out = a.copy()
    np.add.at(out, np.array([0, 2, 0]), b)
    return out


def index_copy(a, b):
    out = a.copy()
    out[[3, 1]] = b
    return out


def put(a, b):
    out = a.copy()
    np.put(out, [0, 5, 7], b)
    return out


def scatter(a, b):
    out = a.copy()
    np.put_along_axis(out, np.array([[1], [0], [2]]), b, axis=1)
    return out


def put_along_broadcast(a, b):
    out = a.copy()
    np.put_along_axis(out, np.array([[2], [0], [3]]), b, axis=1)
    return out


def masked_scatter(a, b):
    out = a.copy()
    out[MASK34] = b[:np.count_nonzero(MASK34)]
    return out


def cdist_broadcast(a, b):
    return np.sqrt(np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1))


def logit_eps(a):
    z = np.clip(a, 1e-2, 1 - 1e-2)
    return np.log(z / (1 - z))


def diag_embed(a):
    return a[..., :, None] * np.eye(a.shape[-1])


T = "test_ops_gradients.py"
REDUCTIONS = [
    Entry(T, "prod_zeros", "np.prod(a, axis={axis})", [[_with_zeros((3, 4), [(1, 2)]), _with_zeros((3, 4), [(1, 2), (2, 2)]),
                                                        _with_zeros((3, 4), [(0, 0), (0, 3)])]], grid=dict(axis=[None, 0, 1])),
    Entry(T, "prod_keepdim", "np.prod(a, axis=-1, keepdims=True)", [[U(0.5, 1.5, 2, 3, 4)]]),
    Entry(T, "cumprod_zeros", "np.cumprod(a, axis={axis})", [[_with_zeros((3, 4), [(1, 2)]), _with_zeros((3, 4), [(1, 1), (1, 3)]),
                                                            _with_zeros((5,), [(0,)])]], grid=dict(axis=[0, -1])),
    Entry(T, "cumsum", "np.cumsum(a, axis={axis})", [[R(3, 4, 2)]], grid=dict(axis=[0, -1])),
    Entry(T, "logcumsumexp", "np.logaddexp.accumulate(a, axis={axis})", [[R(3, 4)]], grid=dict(axis=[0, 1])),
    Entry(T, "cummax", "np.maximum.accumulate(a, axis={axis})", [[R(3, 4)]], grid=dict(axis=[0, 1])),
    Entry(T, "cummin", "np.minimum.accumulate(a, axis={axis})", [[R(3, 4)]], grid=dict(axis=[0, 1])),
    Entry(T, "logsumexp", "special.logsumexp(a, axis={axis}, keepdims={keepdims})", [[R(3, 4, 2)]],
          grid=dict(axis=[(0, 1), -1], keepdims=[True, False])),
    Entry(T, "amax", "np.amax(a, axis={axis}, keepdims={keepdims})", [[R(3, 4, 2)]],
          grid=dict(axis=[(0, 2), -1], keepdims=[True, False])),
    Entry(T, "amin", "np.amin(a, axis={axis})", [[R(3, 4, 2)]], grid=dict(axis=[(0, 2), 1])),
    Entry(T, "var", "np.var(a, axis={axis}, ddof={ddof}, keepdims=True)", [[R(3, 4)]], grid=dict(axis=[None, 1], ddof=[0, 1, 2])),
    Entry(T, "std", "np.std(a, axis={axis}, ddof={ddof})", [[R(3, 4)]], grid=dict(axis=[(0, 1), 0], ddof=[0, 1])),
    Entry(T, "mean", "np.mean(a, axis={axis})", [[R(3, 4, 2)]], grid=dict(axis=[None, (1, 2), -2])),
    Entry(T, "nansum", "np.{f}(a + NANS34, axis={axis})", [[R(3, 4)]], grid=dict(f=raw("nansum", "nanmean"), axis=[None, 1])),
    Entry(T, "median", "np.median(a, axis={axis})", [[R(5), R(3, 5)]], grid=dict(axis=[None, -1])),
    Entry(T, "nanmedian", "np.nanmedian(a + NANS34, axis=1)", [[R(3, 4)]]),
    Entry(T, "quantile", "np.quantile(a, {q}, axis={axis}, method={method})", [[R(7), R(3, 7)]],
          grid=dict(q=[0.3, [0.25, 0.5]], axis=[-1], method=["linear", "lower", "higher", "midpoint", "nearest"])),
    Entry(T, "kthvalue", "np.partition(a, 2, axis=-1)[..., 2]", [[R(6), R(3, 6)]]),
    Entry(T, "sort", "np.sort(a, axis={axis})", [[R(3, 5)]], grid=dict(axis=[0, -1])),
    Entry(T, "sort_descending", "-np.sort(-a, axis=-1)", [[R(3, 5)]]),
    Entry(T, "msort", "np.sort(a, axis=0)", [[R(4, 3)]]),
    Entry(T, "topk", "np.sort(a, axis=-1)[..., ::-1][..., :{k}]", [[R(6), R(3, 6)]], grid=dict(k=[1, 3])),
]

ELEMENTWISE = [
    Entry(T, "clamp_tensor", "np.clip(a, b, c)", [[R(3, 4)], [R(3, 4) - 1.0], [R(3, 4) + 1.0]], argnums=(0, 1, 2)),
    Entry(T, "clamp_scalar", "np.clip(a, {lo}, {hi})", [[R(3, 4)]], grid=dict(lo=[-0.5, None], hi=[0.5])),
    Entry(T, "clamp_min", "np.maximum(a, {lo})", [[R(3, 4)]], grid=dict(lo=[0.3])),
    Entry(T, "lerp", "a + {w} * (b - a)", [[R(3, 4)], [R(3, 4)]], argnums=(0, 1), grid=dict(w=[0.3, *raw("W34")])),
    Entry(T, "lerp_tensor_weight", "a + c * (b - a)", [[R(3, 4)], [R(3, 4)], [U(0, 1, 3, 4)]], argnums=(0, 1, 2)),
    Entry(T, "addcmul", "a + {v} * b * c", [[R(3, 4)], [R(3, 4)], [R(1, 4)]], argnums=(0, 1, 2), grid=dict(v=[1, 0.5])),
    Entry(T, "addcdiv", "a + {v} * b / c", [[R(3, 4)], [R(3, 4)], [P(3, 4)]], argnums=(0, 1, 2), grid=dict(v=[1, 0.5])),
    Entry(T, "addmm", "0.5 * a + 2.0 * (b @ c)", [[R(3, 5)], [R(3, 4)], [R(4, 5)]], argnums=(0, 1, 2)),
    Entry(T, "baddbmm", "a + np.matmul(b, c)", [[R(2, 3, 5), R(3, 5)], [R(2, 3, 4)], [R(2, 4, 5)]], argnums=(0, 1, 2)),
    Entry(T, "bilinear", "np.einsum('bi,oij,bj->bo', a, b, c)", [[R(2, 3)], [R(4, 3, 5)], [R(2, 5)]], argnums=(0, 1, 2)),
    Entry(T, "copysign", "np.copysign(a, b)", [[R(3, 4)], [R(3, 4)]]),
    Entry(T, "fmod", "np.fmod(a, b)", [[U(-3, 3, 3, 4)], [U(0.7, 1.3, 3, 4)]], argnums=(0, 1)),
    Entry(T, "remainder", "np.remainder(a, b)", [[U(-3, 3, 3, 4)], [U(0.7, 1.3, 3, 4)]], argnums=(0, 1)),
    Entry(T, "frac", "a - np.trunc(a)", [[U(-3, 3, 3, 4)]]),
    Entry(T, "float_power", "np.float_power(a, b)", [[P(3, 4)], [R(3, 4)]], argnums=(0, 1)),
    Entry(T, "pow_negative_base", "a ** {k}", [[R(3, 4)]], grid=dict(k=[2, 3, -2])),
    Entry(T, "ldexp", "np.ldexp(a, K34)", [[R(3, 4)]]),
    Entry(T, "xlogy", "special.{f}(a, b)", [[R(3, 4)], [P(3, 4)]], argnums=(0, 1), grid=dict(f=raw("xlogy", "xlog1py"))),
    Entry(T, "logit", logit_eps, [[U(0.05, 0.95, 3, 4), U(-0.5, 1.5, 3, 4)]]),
    Entry(T, "special_unary", "special.{f}(a)", [[P(3, 4)]],
          grid=dict(f=raw("erfcx", "entr", "i0e", "i1", "i1e", "ndtr", "log_ndtr", "digamma", "gammaln"))),
    Entry(T, "polygamma", "special.polygamma({n}, a)", [[P(3, 4)]], grid=dict(n=[1, 2, 3])),
    Entry(T, "mvlgamma", "special.multigammaln(a, {p})", [[U(3.0, 5.0), U(3.0, 5.0, 2, 3)]], grid=dict(p=[1, 3, 5])),
    Entry(T, "zeta", "special.zeta(a, b)", [[U(2.0, 4.0, 3, 4)], [P(3, 4)]], argnums=(1,)),
    Entry(T, "sinc", "np.sinc(a)", [[R(3, 4), np.array([0.0, 0.5, -1.0])]]),
    Entry(T, "sgn_complex", "a / np.abs(a)", [[R(3, 4) + 1j * R(3, 4)]]),
    Entry(T, "nan_to_num", "np.nan_to_num(a * INFS34, posinf=5.0, neginf=-5.0)", [[R(3, 4)]]),
    Entry(T, "softmax", "special.{f}(a, axis={axis})", [[R(3, 4)]], grid=dict(f=raw("softmax", "log_softmax"), axis=[0, -1])),
    Entry(T, "polyval", "np.polyval(a, b)", [[R(4)], [R(5), R(2, 3)]], argnums=(0, 1)),
    Entry(T, "polynomial_horner", "((a[0] * b + a[1]) * b + a[2]) * b + a[3]", [[R(4)], [R(5)]], argnums=(0, 1)),
    Entry(T, "where_broadcast", "np.where(MASK34, a, b)", [[R(3, 4)], [R(1, 4), 0.5]], argnums=(0, 1)),
    Entry(T, "masked_fill", "np.where(MASK34, 0.7, a)", [[R(3, 4)]]),
]

STRUCTURE = [
    Entry(T, "kron", np.kron, [[R(2, 3), R(3)], [R(3, 2), R(2)]], argnums=(0, 1)),
    Entry(T, "trace", "np.trace(a)", [[R(4, 4), R(3, 5)]]),
    Entry(T, "diagonal", "np.diagonal(a, offset={offset}, axis1={axis1}, axis2={axis2})", [[R(3, 4, 5)]],
          grid=dict(offset=[0, 1, -2], axis1=[0, -1], axis2=[1])),
    Entry(T, "diag_embed", diag_embed, [[R(4), R(2, 3)]]),
    Entry(T, "roll", "np.roll(a, {shift}, axis={axis})", [[R(3, 4)]], grid=dict(shift=[1, -2, (1, 2)], axis=[None, 0, (0, 1)])),
    Entry(T, "flip", "np.flip(a, axis={axis})", [[R(3, 4, 2)]], grid=dict(axis=[None, 0, (0, -1)])),
    Entry(T, "rot90", "np.rot90(a, k={k}, axes={axes})", [[R(3, 4, 2)]], grid=dict(k=[1, 2, -1, 3], axes=[(0, 1), (1, 2)])),
    Entry(T, "tril", "np.tril(a, k={k})", [[R(4, 4), R(3, 5), R(2, 3, 3)]], grid=dict(k=[0, 1, -2])),
    Entry(T, "triu", "np.triu(a, k={k})", [[R(4, 4), R(3, 5), R(2, 3, 3)]], grid=dict(k=[0, 2, -1])),
    Entry(T, "tril_indices", "a[np.tril_indices(4, -1)]", [[R(4, 4)]]),
    Entry(T, "repeat_interleave", "np.repeat(a, {r}, axis={axis})", [[R(3, 2)]], grid=dict(r=[2, *raw("REP3")], axis=[0])),
    Entry(T, "tile", "np.tile(a, {reps})", [[R(3, 2)]], grid=dict(reps=[(2, 1), (2, 1, 2)])),
    Entry(T, "broadcast_to", "np.broadcast_to(a, (2, 3, 4))", [[R(3, 1), R(4)]]),
    Entry(T, "movedim", "np.moveaxis(a, {move})", [[R(2, 3, 4)]], grid=dict(move=raw("0, -1", "(0, 1), (2, 0)"))),
    Entry(T, "narrow_chunk", "np.array_split(a, 3, axis=1)[{i}]", [[R(3, 7)]], grid=dict(i=[0, 2])),
    Entry(T, "split_with_sizes", "np.split(a, [1, 3], axis=0)", [[R(5, 2)]]),
    Entry(T, "dstack", "np.dstack((a, b))", [[R(3, 2)], [R(3, 2)]], argnums=(0, 1)),
    Entry(T, "block_diag", "spla.block_diag(a, b)", [[R(2, 3)], [R(2, 2)]], argnums=(0, 1)),
    Entry(T, "cartesian_prod", "np.stack(np.meshgrid(a, b, indexing='ij'), axis=-1).reshape(-1, 2)", [[R(3)], [R(2)]],
          argnums=(0, 1)),
    Entry(T, "take_along_dim", "np.take_along_axis(a, IDX34, axis=1)", [[R(3, 4)]]),
    Entry(T, "gather", "np.take_along_axis(a, IDX34[:, :2], axis=-1)", [[R(3, 4)]]),
    Entry(T, "index_select", "np.take(a, [2, 0, 2], axis={axis})", [[R(3, 4)]], grid=dict(axis=[0, 1])),
    Entry(T, "index_add", index_add, [[R(4, 3)], [R(3, 3)]], argnums=(0, 1)),
    Entry(T, "index_copy", index_copy, [[R(4, 3)], [R(2, 3)]], argnums=(0, 1)),
    Entry(T, "put", put, [[R(3, 4)], [R(3)]], argnums=(0, 1)),
    Entry(T, "scatter", scatter, [[R(3, 4)], [R(3, 1)]], argnums=(0, 1)),
    Entry(T, "masked_select", "a[MASK34]", [[R(3, 4)]]),
    Entry(T, "masked_scatter", masked_scatter, [[R(3, 4)], [R(12)]], argnums=(0, 1)),
    Entry(T, "unfold", "np.lib.stride_tricks.sliding_window_view(a, 3, axis=-1)[..., ::2, :]", [[R(2, 7)]]),
    Entry(T, "pad", "np.pad(a, ((1, 2), (2, 1)), mode={mode})", [[R(3, 4)]],
          grid=dict(mode=["constant", "reflect", "edge", "wrap", "symmetric"])),
    Entry(T, "diff", "np.diff(a, n={n}, axis={axis}, prepend=P34, append=P34)", [[R(3, 4)]], grid=dict(n=[1, 2], axis=[1])),
    Entry(T, "diff_plain", "np.diff(a, n={n}, axis=0)", [[R(4, 3)]], grid=dict(n=[1, 3])),
    Entry(T, "gradient", "np.gradient(a, {spacing}, axis=-1, edge_order={edge})", [[R(3, 5)]],
          grid=dict(spacing=[1.0, 0.5, *raw("X5")], edge=[1, 2])),
    Entry(T, "trapezoid", "np.trapezoid(a, {x}, axis=-1)", [[R(3, 5)]], grid=dict(x=raw("X5", "dx=0.3"))),
    Entry(T, "trapezoid_x", "np.trapezoid(b, a)", [[np.sort(R(5))], [R(5)]], argnums=(0, 1)),
    Entry(T, "cumulative_trapezoid", "integrate.cumulative_trapezoid(a, {x}, axis=-1)", [[R(3, 5)]],
          grid=dict(x=raw("X5", "dx=0.3"))),
]

PRODUCTS = [
    Entry(T, "cdist", "cdist(a, b, {metric})", [[R(4, 3)], [R(5, 3)]], argnums=(0, 1),
          grid=dict(metric=raw("'euclidean'", "'cityblock'", "'minkowski', p=3", "'sqeuclidean'"))),
    Entry(T, "cdist_broadcast", cdist_broadcast, [[R(4, 3)], [R(5, 3)]], argnums=(0, 1)),
    Entry(T, "pdist", "pdist(a)", [[R(4, 3)]]),
    Entry(T, "dist", "np.linalg.norm(a - b, ord={p})", [[R(6)], [R(6)]], argnums=(0, 1), grid=dict(p=[None, 1, 3, np.inf])),
    Entry(T, "cross", "np.cross(a, b, axis={axis})", [[R(3, 3), R(2, 3, 3)], [R(3, 3)]], argnums=(0, 1), grid=dict(axis=[0, -1])),
    Entry(T, "cross_broadcast", "np.cross(a, b, axis=0)", [[R(3, 3, 3), R(3, 2, 3)], [R(3, 3)]], argnums=(0, 1)),
    Entry(T, "linalg_cross", "np.linalg.cross(a, b)", [[R(4, 3)], [R(4, 3)]], argnums=(0, 1)),
    Entry(T, "outer", "np.outer(a, b)", [[R(3)], [R(4)]], argnums=(0, 1)),
    Entry(T, "inner", "np.inner(a, b)", [[R(2, 3)], [R(4, 3)]], argnums=(0, 1)),
    Entry(T, "vdot_complex", "np.vdot(a, b)", [[R(3) + 1j * R(3)], [R(3) + 1j * R(3)]], argnums=(0, 1)),
    Entry(T, "tensordot", "np.tensordot(a, b, axes={axes})", [[R(2, 3, 4)], [R(3, 4, 2)]], argnums=(0, 1),
          grid=dict(axes=[2, ([1, 2], [0, 1]), ([0], [2])])),
    Entry(T, "einsum", "np.einsum({s}, a, b)", [[R(2, 3)], [R(3, 3)]], argnums=(0, 1),
          grid=dict(s=["ij,jk->ik", "ij,jj->i", "ij,kj", "ij,kl->ijkl"])),
    Entry(T, "mv", "a @ b", [[R(3, 4), R(2, 3, 4)], [R(4)]], argnums=(0, 1)),
    Entry(T, "cov", "np.cov(a{kw})", [[R(3, 6)]], grid=dict(kw=raw("", ", ddof=0", ", aweights=AW6", ", fweights=FW6"))),
    Entry(T, "corrcoef", "np.corrcoef(a)", [[R(3, 6)]]),
]

L = "test_ops_gradients.py, linalg"
LINALG = [
    Entry(L, "det", "np.linalg.det(a)", [[R(3, 3), R(2, 3, 3), np.outer(R(3), R(3))]]),
    Entry(L, "slogdet", "np.linalg.slogdet(a)[1]", [[R(3, 3), R(2, 4, 4)]]),
    Entry(L, "logdet", "np.log(np.linalg.det(a))", [[_psd(3)]]),
    Entry(L, "inv", "np.linalg.inv(a)", [[R(3, 3) + 3 * np.eye(3), R(2, 3, 3) + 3 * np.eye(3)]]),
    Entry(L, "pinv", "np.linalg.pinv(a{kw})", [[R(3, 5), R(5, 3)]], grid=dict(kw=raw("", ", rcond=1e-3"))),
    Entry(L, "pinv_hermitian", "np.linalg.pinv(" + sym() + ", hermitian=True)", [[_psd(3)]]),
    Entry(L, "solve", "np.linalg.solve(a, b)", [[R(3, 3) + 3 * np.eye(3)], [R(3, 2), R(3)]], argnums=(0, 1)),
    Entry(L, "lstsq", "np.linalg.lstsq(a, b, rcond=None)[0]", [[R(5, 3)], [R(5, 2)]], argnums=(0, 1)),
    Entry(L, "cholesky", "np.linalg.cholesky(" + sym() + "{upper})", [[_psd(3), _psd(3, (2,))]],
          grid=dict(upper=raw("", ", upper=True"))),
    Entry(L, "cholesky_inverse", "np.linalg.inv(a @ a.T)", [[np.tril(R(3, 3)) + 3 * np.eye(3)]]),
    Entry(L, "cholesky_solve", "spla.cho_solve((a, True), b)", [[np.tril(R(3, 3)) + 3 * np.eye(3)], [R(3, 2)]],
          argnums=(0, 1)),
    Entry(L, "eigh", "np.linalg.eigh(" + sym() + ", UPLO={uplo})", [[_psd(4)]], grid=dict(uplo=["L", "U"]), order=1),
    Entry(L, "eigvalsh", "np.linalg.eigvalsh(" + sym() + ", UPLO={uplo})", [[_psd(4), _psd(3, (2,))]], grid=dict(uplo=["L", "U"])),
    Entry(L, "eig", "np.linalg.eig(a)[0]", [[_psd(3) + 0.2 * R(3, 3)]], order=1),
    Entry(L, "svd", "np.linalg.svd(a, full_matrices=False)", [[R(3, 4), R(4, 3)]], order=1),
    Entry(L, "svdvals", "np.linalg.svdvals(a)", [[R(3, 4), R(2, 4, 3)]]),
    Entry(L, "qr", "np.linalg.qr(a, mode={mode})", [[R(4, 3), R(3, 3)]], grid=dict(mode=["reduced", "complete", "r"])),
    Entry(L, "matrix_power", "np.linalg.matrix_power(a, {n})", [[R(3, 3) + 3 * np.eye(3)]], grid=dict(n=[-3, -1, 0, 1, 4])),
    Entry(L, "matrix_exp", "spla.expm(a)", [[R(3, 3) / 2, R(2, 3, 3) / 2]]),
    Entry(L, "matrix_norm", "np.linalg.matrix_norm(a, ord={ord}, keepdims={keepdims})", [[R(3, 4)]],
          grid=dict(ord=["fro", "nuc", 1, -1, np.inf, 2, -2], keepdims=[False, True])),
    Entry(L, "vector_norm", "np.linalg.vector_norm(a, ord={ord}, axis={axis})", [[R(3, 4)]],
          grid=dict(ord=[2, 0.5, 1, 3.5, -np.inf, -1.5], axis=[None, 1])),
    Entry(L, "norm", "np.linalg.norm(a, ord={ord})", [[R(3, 4)]], grid=dict(ord=[None, "fro", "nuc"])),
    Entry(L, "cond", "np.linalg.cond(a, p={p})", [[R(3, 3) + 3 * np.eye(3)]], grid=dict(p=[None, "fro", 1, np.inf])),
    Entry(L, "multi_dot", "np.linalg.multi_dot([a, b, c])", [[R(2, 3)], [R(3, 4)], [R(4)]], argnums=(0, 1, 2)),
    Entry(L, "tensorinv", "np.linalg.tensorinv(a, ind=1)", [[R(6, 2, 3) + np.eye(6).reshape(6, 2, 3)]]),
    Entry(L, "tensorsolve", "np.linalg.tensorsolve(a, b)", [[R(2, 3, 6) + np.eye(6).reshape(2, 3, 6)], [R(2, 3)]],
          argnums=(0, 1)),
    Entry(L, "lu_factor_solve", "spla.lu_solve(spla.lu_factor(a), b)", [[R(3, 3) + 3 * np.eye(3)], [R(3, 2)]], argnums=(0, 1)),
    Entry(L, "lu", "spla.lu(a)", [[R(3, 3), R(4, 3)]], order=1),
    Entry(L, "triangular_solve", "spla.solve_triangular(a, b, lower={lower}, unit_diagonal={unit})",
          [[np.triu(R(3, 3)) + 3 * np.eye(3)], [R(3, 2)]], argnums=(0, 1), grid=dict(lower=[False], unit=[False, True])),
    Entry(L, "qr_q_product", "np.linalg.qr(a)[0] @ b", [[R(4, 3)], [R(3)]], argnums=(0, 1)),
    Entry(L, "fft_hermitian", "np.fft.{f}(a)", [[R(6)]], grid=dict(f=raw("hfft", "ihfft"))),
]

# OpInfos' broadcasting samples (``sample_inputs_*`` with ``broadcasts_input``; batched linear
# algebra whose batch dimensions broadcast, as torch.linalg's samples draw them).
BROADCASTING = [
    Entry(T, "where_three_way", "np.where(MASK31, a, b)", [[R(1, 4)], [R(3, 1), 0.7]], argnums=(0, 1)),
    Entry(T, "clamp_broadcast_bounds", "np.clip(a, b, c)", [[R(3, 4)], [R(4) - 1.0], [R(3, 1) + 1.0]], argnums=(0, 1, 2)),
    Entry(T, "lerp_broadcast", "a + c * (b - a)", [[R(3, 1)], [R(1, 4)], [U(0, 1, 4)]], argnums=(0, 1, 2)),
    Entry(T, "atan2_broadcast", "np.arctan2(a, b)", [[R(3, 1)], [R(1, 4)]], argnums=(0, 1)),
    Entry(T, "hypot_broadcast", "np.hypot(a, b)", [[R(3, 1)], [R(4)]], argnums=(0, 1)),
    Entry(T, "logaddexp_broadcast", "np.{f}(a, b)", [[R(2, 1, 3)], [R(4, 1)]], argnums=(0, 1),
          grid=dict(f=raw("logaddexp", "logaddexp2"))),
    Entry(T, "maximum_broadcast", "np.{f}(a, b)", [[R(3, 1)], [R(1, 4)]], argnums=(0, 1),
          grid=dict(f=raw("maximum", "minimum", "fmax", "fmin"))),
    Entry(T, "pow_broadcast", "a ** b", [[P(3, 1)], [R(4)]], argnums=(0, 1)),
    Entry(T, "matmul_broadcast", "np.matmul(a, b)", [[R(2, 1, 3, 4), R(4)], [R(5, 4, 2), R(2, 4, 3)]], argnums=(0, 1)),
    Entry(T, "solve_broadcast", "np.linalg.solve(a, b)", [[R(3, 3) + 3 * np.eye(3), R(2, 1, 3, 3) + 3 * np.eye(3)],
                                                          [R(2, 3, 4), R(4, 3, 1)]], argnums=(0, 1)),
    Entry(T, "det_batch", "np.linalg.det(a)", [[R(2, 2, 3, 3)]]),
    Entry(T, "inv_batch", "np.linalg.inv(a)", [[R(2, 2, 3, 3) + 3 * np.eye(3)]]),
    Entry(T, "pinv_batch", "np.linalg.pinv(a)", [[R(2, 3, 4)]]),
    Entry(T, "matrix_norm_axes", "np.linalg.norm(a, ord={ord}, axis={axis})", [[R(3, 4, 2)]],
          grid=dict(ord=[2, 1, "fro", "nuc", np.inf], axis=[(1, 0), (0, 2), (-1, -2)])),
    Entry(T, "vecdot_broadcast", "np.linalg.vecdot(a, b, axis={axis})", [[R(3, 4)], [R(4), R(1, 4)]], argnums=(0, 1),
          grid=dict(axis=[-1])),
    Entry(T, "vecdot_axis0_broadcast", "np.{f}(a, b, axis=0)", [[R(3, 1), R(3, 4)], [R(3)]], argnums=(0, 1),
          grid=dict(f=raw("vecdot", "linalg.vecdot"))),
    Entry(T, "cross_axes", "np.cross(a, b, axisa={axisa}, axisb={axisb}, axisc={axisc})", [[R(3, 4)], [R(4, 3)]],
          argnums=(0, 1), grid=dict(axisa=[0], axisb=[-1], axisc=[0, -1])),
    Entry(T, "cross_broadcast_last", "np.cross(a, b)", [[R(2, 4, 3)], [R(4, 3), R(3)]], argnums=(0, 1)),
    Entry(T, "take_along_broadcast", "np.take_along_axis(a, {idx}, axis=1)", [[R(3, 4)]], grid=dict(idx=raw("IDX31", "IDX12"))),
    Entry(T, "put_along_broadcast", put_along_broadcast, [[R(3, 4)], [R(1, 1), R(3, 1)]], argnums=(0, 1)),
    Entry(T, "logsumexp_b_broadcast", "special.logsumexp(a, axis={axis}, b=B14)", [[R(3, 4)]], grid=dict(axis=[None, 1, (0, 1)])),
    Entry(T, "var_where", "np.{f}(a, axis=1, where=ROWS3, ddof=1)", [[R(3, 4)]], grid=dict(f=raw("var", "std"))),
    Entry(T, "mean_where", "np.mean(a, axis={axis}, where=MASK34)", [[R(3, 4)]], grid=dict(axis=[None, 0])),
    Entry(T, "tensordot_negative", "np.tensordot(a, b, axes=([-1, 0], [0, -1]))", [[R(2, 3, 4)], [R(4, 5, 2)]],
          argnums=(0, 1)),
    Entry(T, "einsum_broadcast", "np.einsum({s}, a, b)", [[R(2, 1, 3)], [R(1, 4, 3)]], argnums=(0, 1),
          grid=dict(s=["...i,...i->...", "bij,bkj->bik", "...j,...j->..."])),
    Entry(T, "dot_nd", "np.dot(a, b)", [[R(2, 3, 4)], [R(4), R(5, 4, 2)]], argnums=(0, 1)),
    Entry(T, "outer_nd", "np.outer(a, b)", [[R(2, 3)], [R(2, 2)]], argnums=(0, 1)),
    Entry(T, "triangular_trans", "spla.solve_triangular(a, b, trans={trans}, lower=True)",
          [[np.tril(R(3, 3)) + 3 * np.eye(3)], [R(3)]], argnums=(0, 1), grid=dict(trans=[2, "T", "N"])),
    Entry(T, "cov_rowvar", "np.cov(a, rowvar=False, bias=True)", [[R(6, 3)]]),
    Entry(T, "repeat_flat", "np.repeat(a, REP6)", [[R(2, 3)]]),
    Entry(T, "sort_flat", "np.sort(a, axis=None)", [[R(3, 4)]]),
    Entry(T, "cumprod_flat", "np.cumprod(a)", [[U(0.5, 1.5, 3, 4)]]),
    Entry(T, "diff_prepend_scalar", "np.diff(a, prepend=0.5, axis={axis})", [[R(3, 4)]], grid=dict(axis=[0, -1])),
]

NAMESPACE.update(cdist=scipy.spatial.distance.cdist, pdist=scipy.spatial.distance.pdist, integrate=scipy.integrate,
                 W34=U(0, 1, 3, 4), MASK34=MASK34, inf=np.inf, K34=_rng.integers(-2, 3, (3, 4)),
                 NANS34=np.where(R(3, 4) > 0.8, np.nan, 0.0), INFS34=np.where(R(3, 4) > 1.0, np.inf, 1.0),
                 REP3=np.array([1, 0, 2]), IDX34=np.array([[0, 3], [1, 1], [2, 0]]), P34=R(3, 1), X5=np.cumsum(P(5)),
                 AW6=P(6), FW6=np.array([1, 2, 1, 3, 1, 2]), MASK31=R(3, 1) > 0, IDX31=np.array([[2], [0], [3]]),
                 IDX12=np.array([[0, 3]]), ROWS3=np.array([[1, 1, 0, 1], [1, 0, 1, 1], [0, 1, 1, 1]], dtype=bool),
                 B14=P(1, 4), REP6=np.array([1, 0, 2, 1, 3, 1]))

TABLES = REDUCTIONS + ELEMENTWISE + STRUCTURE + PRODUCTS + LINALG + BROADCASTING
