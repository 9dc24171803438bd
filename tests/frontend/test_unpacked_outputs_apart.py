"""The outputs of a primitive returning several new arrays, unpacked where it is called
(``V, S, W = np.linalg.svd(C)``, ``Q, R = np.linalg.qr(A)``, ``w, v = np.linalg.eigh(A)``), are
each their own memory: a write through one (the Kabsch algorithm's reflection fix, ``S[-1] =
-S[-1]; V[:, -1] = -V[:, -1]``) leaves the others as they are, so the others are read, not
refused. Where the tuple has a name, its items keep sharing its memory: a read of the tuple after
a write through an item is refused, as before. Values against Python's, gradients against
central differences in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

C = np.random.RandomState(0).randn(3, 3)


def kabsch_rotation(P):
    V, S, W = np.linalg.svd(P.T @ C)
    d = (np.linalg.det(V) * np.linalg.det(W)) < 0.0
    if d:
        S[-1] = -S[-1]
        V[:, -1] = -V[:, -1]
    return np.sum((P @ (V @ W) - C) ** 2) + np.sum(S)


def qr_then_write(A):
    Q, R = np.linalg.qr(A)
    R[0, 0] = R[0, 0] ** 2
    return np.sum(Q * A) + np.sum(R)


def eigh_then_write(A):
    w, v = np.linalg.eigh(A @ A.T)
    w[0] = 0.0
    return np.sum(v ** 2 * w) + np.sum(v[:, 0])


def named_tuple_then_write(A):
    t = np.linalg.svd(A)
    U, S, Vt = t
    S[0] = 2 * S[0]
    return np.sum(t[1]) + np.sum(U[:, 0] ** 2)     # t[1] is S: Python's sees the write


@pytest.mark.parametrize("fn, x", [(kabsch_rotation, np.random.RandomState(0).randn(3, 3)),
                                   (kabsch_rotation, np.random.RandomState(1).randn(3, 3)),
                                   (qr_then_write, C), (eigh_then_write, C)])
def test_a_write_through_one_output_leaves_the_others(fn, x):
    value, _ = transpiler.value_and_grad(fn)(x)
    assert value == pytest.approx(fn(x.copy()), rel=1e-12)
    report = check_grad(fn, x)
    assert report.ok, str(report)
    direction = np.linspace(-1, 1, x.size).reshape(x.shape)
    _, tangent = transpiler.jvp(fn, (x,), (direction,))
    assert tangent == pytest.approx(np.sum(transpiler.grad(fn)(x) * direction), rel=1e-8)


def test_the_reflection_branch_is_taken_by_one_of_the_kabsch_inputs():
    # (so the test above covers both paths of the author's `if d:`)
    taken = []
    for seed in (0, 1):
        P = np.random.RandomState(seed).randn(3, 3)
        V, _, W = np.linalg.svd(P.T @ C)
        taken.append(np.linalg.det(V) * np.linalg.det(W) < 0)
    assert any(taken) and not all(taken)


def test_a_named_tuple_read_after_a_write_through_its_item_is_still_refused():
    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match="`t` is read after a write through `S`"):
        transpiler.grad(named_tuple_then_write)(C)
