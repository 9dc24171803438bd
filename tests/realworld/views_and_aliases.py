# Written for this corpus (i5) in the style of hand-written NumPy stencil code that updates arrays through views, aliases and in-place operators.
import numpy as np


def smooth_in_place(x, passes=3):
    u = x.copy()
    inner = u[1:-1]                  # a view: writing it writes u
    for _ in range(passes):
        inner += 0.25 * (u[:-2] - 2 * u[1:-1] + u[2:])
    return np.sum(u ** 3)


def alias_two_names(x):
    a = b = np.zeros(3)
    a[0] = x[0] * 2.0                 # b sees it too
    b[1] = x[1] ** 2
    row = np.stack([a, b])            # both rows equal
    return row.sum() * x[2]


def column_view(M):
    A = M.copy()
    col = A[:, 1]
    col *= 3.0
    A[0] = np.sin(A[0])
    diag = np.diagonal(A)             # read-only view, read after the writes
    return np.sum(A) + np.prod(diag)


def transpose_view(M):
    A = M.copy()
    At = A.T
    At[0, :] += 1.0                  # writes column 0 of A
    A[:, 0] *= A[:, 1]
    return np.sum(At ** 2)


def reshaped_view(v):
    w = v.copy()
    grid = w.reshape(2, 3)
    grid[:, 0] = grid[:, 1] * grid[:, 2]
    return np.dot(w, np.arange(6.0))


def fill_and_copyto(x):
    out = np.empty(4)
    out.fill(0.5)
    np.copyto(out[1:3], x[:2] ** 2)
    out[:] = out * x
    return out.sum()


CASES = [
    dict(name="smooth", function=smooth_in_place, args=lambda: (np.array([0.1, 0.5, -0.3, 0.8, 0.2, 1.0]),)),
    dict(name="alias", function=alias_two_names, args=lambda: (np.array([0.3, -0.8, 1.5]),)),
    dict(name="column_view", function=column_view,
         args=lambda: (np.array([[0.5, 1.0, -0.2], [0.3, 0.7, 1.1], [-0.4, 0.2, 0.9]]),)),
    dict(name="transpose_view", function=transpose_view,
         args=lambda: (np.array([[0.5, 1.0, -0.2], [0.3, 0.7, 1.1], [-0.4, 0.2, 0.9]]),)),
    dict(name="reshaped_view", function=reshaped_view, args=lambda: (np.array([0.5, 1.0, -0.2, 0.3, 0.7, 1.1]),)),
    dict(name="fill_copyto", function=fill_and_copyto, args=lambda: (np.array([0.5, 1.0, -0.2, 0.3]),)),
]
