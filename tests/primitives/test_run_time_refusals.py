"""Derivatives a linear-algebra rule cannot give at the values of a call are refused when the code
runs (a RunTimeRefusal, a NotImplementedError too), pointed at the user's line and saying what
to write instead: in every transform (grad, jvp, vjp, jacobian, hessian in both modes, hvp), in a
helper of the user's, and for a function composed of others (eigvals, circulant)."""
import functools
import os

import numpy as np
import pytest

import transpiler
from transpiler.errors import RunTimeRefusal

sl = pytest.importorskip("scipy.linalg")

HERE = os.path.basename(__file__)
TALL = np.array([[3.0, 0.1], [0.2, 1.5], [-0.1, 0.15]])
ROTATION = np.array([[0.1, -1.0, 0.2], [1.0, 0.1, 0.1], [0.3, 0.2, 2.0]])      # eigenvalues 0.1 ± i, 2
NEGATIVE = np.array([[-1.0, 0.2], [0.1, 2.0]])


def complete_qr(a):
    q, r = np.linalg.qr(a, mode="complete")
    return np.sum(q[:, 0] * 2.0) + np.sum(r)


def qr_r_only(a):                       # mode='r': refused (forward mode crashed: its rule read R as (Q, R))
    return np.sum(np.linalg.qr(a, mode="r") ** 2)


def eig_read_through_real(a):
    w, v = np.linalg.eig(a)
    return np.sum(np.real(w) ** 2)


def eig_second_call_refused(a):
    w1, v1 = np.linalg.eig(a @ a.T)       # symmetric: real eigenvalues, differentiated
    w2, v2 = np.linalg.eig(a)             # complex eigenvalues: refused here, not at the first call
    return np.sum(np.real(w1)) + np.sum(np.real(w2) ** 2)


def eigenvalues_of(a):
    return np.sum(np.linalg.eigvals(a) ** 2)


def square_root(a):
    return np.sum(scipy_sqrtm(a) ** 2)


scipy_sqrtm = sl.sqrtm


def logarithm(a):
    return np.sum(sl.logm(a))


def _circulant_of(rows):
    return sl.circulant(rows) * 2.0


def circulant_in_a_helper(rows):
    return np.sum(_circulant_of(rows) ** 2)


def _moduli_of_upper_eigenvalues(a):
    lam, vecs = sl.eig(a)              # (composed of np.linalg.eig: the library's statements, no line of the user's)
    lam = lam[lam.imag > 0]
    return np.abs(lam)


def scipy_eig_in_a_helper(a):         # (was pointed at this `def`: only its own source was searched)
    return np.sum(_moduli_of_upper_eigenvalues(a) ** 2)


def full_svd(a):
    u, s, vh = np.linalg.svd(a)
    return np.sum(u[:, 2] ** 2 * np.arange(3.0)) + np.sum(s)     # (u[:, 2]: an extra singular vector)


def full_svd_first_vectors(a):
    u, s, vh = np.linalg.svd(a)          # (full_matrices=True, as a PCA start writes it)
    return np.sum(u[:, 0] ** 2 * np.arange(3.0)) + np.sum(s) + np.sum(vh[0] * s[0])


# function, argument, the function holding the call refused, the places (line from the
# function's first, 0-based column) it may be pointed at, what the message and hint say. Through
# np.real: the eig call (forward mode meets eig's rule first) or the np.real call (reverse
# mode's sweep meets np.real's adjoint first, and its refusal names eig as a cause).
CASES = [
    (complete_qr, TALL, complete_qr, {(1, 11)}, "mode='reduced'"),
    (qr_r_only, TALL, qr_r_only, {(1, 18)}, r"np.linalg.qr\(a\)\[1\]"),
    (eig_read_through_real, ROTATION, eig_read_through_real, {(1, 11), (2, 18)}, "`eigh`"),
    (eig_second_call_refused, ROTATION, eig_second_call_refused, {(2, 13), (3, 40)}, "`eigh`"),
    (eigenvalues_of, ROTATION, eigenvalues_of, {(1, 18)}, "complex eigenvalues"),
    (square_root, NEGATIVE, square_root, {(1, 18)}, "complex square root"),
    (logarithm, NEGATIVE, logarithm, {(1, 18)}, "complex logarithm"),
    (circulant_in_a_helper, np.arange(6.0).reshape(2, 3) + 1.0, _circulant_of, {(1, 11)}, "one matrix per row"),
    (full_svd, TALL, full_svd, {(1, 15)}, "full_matrices=False"),
]
IDS = [case[0].__name__ for case in CASES]


def _transforms(f, x):
    v = np.linspace(0.5, 1.5, x.size).reshape(x.shape)
    return {
        "grad": lambda: transpiler.grad(f)(x),
        "jvp": lambda: transpiler.jvp(f, (x,), (v,)),
        "vjp": lambda: transpiler.vjp(f, x)[1](1.0),
        "jacobian": lambda: transpiler.jacobian(f, mode="forward")(x),
        "hessian": lambda: transpiler.hessian(f)(x),
        "hessian forward": lambda: transpiler.hessian(f, mode="forward")(x),
        "hvp": lambda: transpiler.hvp(f, x, v),
    }


@pytest.mark.parametrize("transform", list(_transforms(None, TALL)))
@pytest.mark.parametrize("f, x, where, places, says", CASES, ids=IDS)
def test_a_run_time_refusal_points_at_the_users_call(f, x, where, places, says, transform):
    with pytest.raises(RunTimeRefusal, match=says) as refusal:
        _transforms(f, x)[transform]()
    error = refusal.value
    assert isinstance(error, NotImplementedError)
    assert os.path.basename(error.location.filename) == HERE
    place = (error.location.line - where.__code__.co_firstlineno, error.location.col)
    assert place in places, str(error)
    assert "hint:" in str(error)


@pytest.mark.parametrize("transform", ["grad", "jvp", "vjp", "jacobian", "hessian", "hvp"])
def test_a_refusal_of_a_composed_call_in_a_helper_points_at_the_helpers_line(transform):
    # (forward over forward refuses `np.abs` of a complex value while compiling, located there)
    with pytest.raises(RunTimeRefusal, match="`eigh`") as refusal:
        _transforms(scipy_eig_in_a_helper, ROTATION)[transform]()
    error = refusal.value
    assert os.path.basename(error.location.filename) == HERE
    assert error.location.line == _moduli_of_upper_eigenvalues.__code__.co_firstlineno + 1, str(error)
    assert error.location.col == 16


def test_the_complete_qr_of_a_square_matrix_is_the_reduced_one_and_differentiated():
    square = np.array([[3.0, 0.1, 0.4], [0.2, 1.5, -0.3], [-0.1, 0.15, 2.0]])
    assert transpiler.check_grad(complete_qr, square).ok
    np.testing.assert_allclose(transpiler.hessian(complete_qr, mode="forward")(square),
                               transpiler.hessian(complete_qr)(square), rtol=1e-7, atol=1e-9)


def test_where_the_eigenvalues_are_real_the_same_functions_are_differentiated():
    real = np.diag([1.0, 2.5, 4.0]) + 0.2 * ROTATION
    for f in (eig_read_through_real, eigenvalues_of):
        assert transpiler.check_grad(f, real).ok
        np.testing.assert_allclose(transpiler.hessian(f, mode="forward")(real), transpiler.hessian(f)(real),
                                   rtol=1e-6, atol=1e-8)


def test_a_refusal_is_located_on_grads_fast_path_too():
    # (the second call of a gradient for arguments of the same shapes skips the general path)
    gradient = transpiler.grad(square_root)
    for _ in range(2):
        with pytest.raises(RunTimeRefusal, match="complex square root") as refusal:
            gradient(NEGATIVE)
        assert refusal.value.location.line == square_root.__code__.co_firstlineno + 1
    assert type(gradient).__name__ == "Gradient1"      # (the class whose __call__ is the fast path)


def full_svd_of_a_wide_matrix(a):
    u, s, vh = np.linalg.svd(a)          # (vh is 3 x 3: its last row is an extra vector)
    return np.sum(vh[:2, :] ** 3) + np.sum(u * s)


@pytest.mark.parametrize("f, x", [(full_svd_first_vectors, TALL), (full_svd_of_a_wide_matrix, TALL.T.copy())],
                         ids=["tall", "wide"])
def test_the_full_svd_read_only_through_the_reduced_vectors_is_differentiated_in_both_modes(f, x):
    # (reverse mode: the extra singular vectors' adjoints are zero, the reduced rule applies;
    # forward mode: their tangents are unknown, and only the reduced vectors' are read)
    assert transpiler.check_grad(f, x).ok
    direction = np.linspace(-1.0, 1.0, x.size).reshape(x.shape)
    value, tangent = transpiler.jvp(f, (x,), (direction,))
    h = 1e-6
    assert value == f(x)
    assert tangent == pytest.approx((f(x + h * direction) - f(x - h * direction)) / (2 * h), rel=1e-6)
    np.testing.assert_allclose(transpiler.jacobian(f, mode="forward")(x), transpiler.grad(f)(x), rtol=1e-10)


def full_svd_read_past_the_reduced_vectors(a, k):
    u, s, vh = np.linalg.svd(a)
    return np.sum(u[:, :k] ** 3)


def test_forward_mode_refuses_a_slice_that_reaches_an_extra_singular_vector_and_takes_one_that_does_not():
    direction = np.ones_like(TALL)
    with pytest.raises(RunTimeRefusal, match="reads the extra singular vectors") as refusal:
        transpiler.jvp(full_svd_read_past_the_reduced_vectors, (TALL, 3), (direction, None))
    assert refusal.value.location.line == full_svd_read_past_the_reduced_vectors.__code__.co_firstlineno + 1
    f = functools.partial(full_svd_read_past_the_reduced_vectors, k=2)
    h, (value, tangent) = 1e-6, transpiler.jvp(full_svd_read_past_the_reduced_vectors, (TALL, 2), (direction, None))
    assert tangent == pytest.approx((f(TALL + h * direction) - f(TALL - h * direction)) / (2 * h), rel=1e-6)


def test_a_printed_module_refuses_with_numpy_alone(tmp_path):
    # the standalone module has no transpiler to import: the refusal is a plain NotImplementedError
    source = transpiler.grad(square_root).source([np.shape(NEGATIVE)])
    namespace = {"__name__": "standalone"}      # (as a file run on its own: no package around it)
    exec(compile(str(source), str(tmp_path / "standalone.py"), "exec"), namespace)
    with pytest.raises(NotImplementedError, match="complex square root") as refusal:
        namespace["square_root_grad"](NEGATIVE)
    assert not isinstance(refusal.value, transpiler.TranspileError)


def test_a_refusal_naming_no_call_of_the_function_points_at_the_function():
    # (a function composed of the refused one under a name the refusal does not list)
    from transpiler.api.located import located
    error = located(RunTimeRefusal("the derivative of np.linalg.eig ...", ("np.linalg.nowhere",), "hint"), square_root)
    assert (error.location.line, error.location.col) == (square_root.__code__.co_firstlineno, 0)
    assert error.location.source_line.startswith("def square_root(")
