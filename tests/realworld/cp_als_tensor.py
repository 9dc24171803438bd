# Written for this corpus (p2) in the style of tensor-decomposition code (Kolda & Bader's CP model; TensorLy's `cp_to_tensor`, `khatri_rao` and `unfold` as NumPy functions): a rank-R CP reconstruction via `np.einsum("ir,jr,kr->ijk", ...)`, the same via a Khatri-Rao product and a mode-0 unfolding with `np.moveaxis(...).reshape`, factors in a list, one ALS update by `np.linalg.pinv`, a relative error.
import numpy as np


def khatri_rao(matrices):
    n_columns = matrices[0].shape[1]
    result = matrices[0]
    for m in matrices[1:]:
        result = (result[:, None, :] * m[None, :, :]).reshape(-1, n_columns)
    return result


def unfold(tensor, mode):
    return np.reshape(np.moveaxis(tensor, mode, 0), (tensor.shape[mode], -1))


def cp_to_tensor(factors):
    A, B, C = factors
    return np.einsum("ir,jr,kr->ijk", A, B, C)


def reconstruction_error(factors, tensor):
    return np.linalg.norm(tensor - cp_to_tensor(factors)) / np.linalg.norm(tensor)


def unfolded_error(flat, tensor, rank=2):
    I, J, K = tensor.shape
    A = flat[:I * rank].reshape(I, rank)
    B = flat[I * rank:(I + J) * rank].reshape(J, rank)
    C = flat[(I + J) * rank:].reshape(K, rank)
    approx = A @ khatri_rao([B, C]).T
    return np.sum((unfold(tensor, 0) - approx) ** 2)


def als_step_error(factors, tensor):
    A, B, C = factors
    V = (B.T @ B) * (C.T @ C)
    A = unfold(tensor, 0) @ khatri_rao([B, C]) @ np.linalg.pinv(V)
    return reconstruction_error([A, B, C], tensor)


rng = np.random.RandomState(0)
TENSOR = np.einsum("ir,jr,kr->ijk", rng.rand(4, 2), rng.rand(3, 2), rng.rand(5, 2)) + 0.05 * rng.randn(4, 3, 5)


def init():
    r = np.random.RandomState(1)
    return [r.rand(4, 2), r.rand(3, 2), r.rand(5, 2)]


CASES = [
    dict(name="reconstruction_error", function=reconstruction_error, args=lambda: (init(), TENSOR.copy())),
    dict(name="unfolded_error", function=unfolded_error, args=lambda: (np.concatenate([f.ravel() for f in init()]), TENSOR.copy()), wrt=(0, 1)),
    dict(name="als_step_error", function=als_step_error, args=lambda: (init(), TENSOR.copy())),
]
