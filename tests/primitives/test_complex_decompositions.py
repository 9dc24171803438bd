"""The decompositions and norms of complex matrices (primitives/complex_decompositions.py):
``np.linalg.norm``, ``slogdet``, ``cholesky``, ``eigh``/``eigvalsh``, ``svd``, ``qr``, ``pinv``,
``lstsq``, ``eig`` and ``scipy.linalg.sqrtm``, and the SciPy functions written with them.

Gradients against central differences in both real directions (perturbing Re and Im of each
entry: docs/syntax.md, "Complex numbers") at several random points, tangents against differences
along a complex direction, Hessian-vector products against differences of the gradient. The
Hermitian factorizations read one triangle: their losses build a Hermitian matrix from the
argument, as users do. Eigen- and singular vectors are defined up to a phase each: the losses
are invariant to it (``abs(v) ** 2``, projectors ``v v^H``); a loss that is not is refused in
reverse mode, and in forward mode differentiated as NumPy's vectors change (LAPACK keeps one
component of each real)."""
import numpy as np
import pytest
import scipy.linalg
from array_check import both_directions, rng

import transpiler

WEIGHTS = np.array([0.3 - 0.2j, 1.1 + 0.4j, -0.5 + 0.9j, 0.8 - 0.6j])
ROWS = np.array([0.4, 1.3, -0.7, 0.9])


def complex_matrix(seed, shape=(3, 3)):
    r = rng(seed)
    return r.normal(size=shape) + 1j * r.normal(size=shape)


def hermitian(a):
    return a @ np.conj(a.T) + 3 * np.eye(a.shape[0])


def real_loss(out):
    return np.real(np.sum(out * WEIGHTS[: out.shape[-1]]))


# --------------------------------------------------------------------------- the losses
def frobenius(a):
    return np.linalg.norm(a) + np.linalg.norm(a, "fro") ** 2


def vector_norms(a):
    return np.linalg.norm(a[0]) + np.linalg.norm(a[1], 3) + np.linalg.norm(a[2], 1)


def spectral_and_nuclear(a):
    return np.linalg.norm(a, 2) + 0.5 * np.linalg.norm(a, "nuc")


def log_abs_det_and_phase(a):
    sign, logdet = np.linalg.slogdet(a)
    return logdet + np.real(sign * WEIGHTS[0])


def cholesky_factor(a):
    return real_loss(np.linalg.cholesky(hermitian(a)))


def upper_cholesky_through_scipy(a):
    return real_loss(scipy.linalg.cholesky(hermitian(a))) + real_loss(np.linalg.cholesky(hermitian(a), upper=True))


def eigenvalues_and_projector(a):
    w, v = np.linalg.eigh(hermitian(a))
    top = v[:, -1:]
    return np.sum(w * ROWS[:3]) + real_loss(top @ np.conj(top.T))


def eigenvector_moduli(a):
    v = np.linalg.eigh(hermitian(a), UPLO="U")[1]
    return np.sum(np.abs(v) ** 2 * ROWS[:3, None])


def eigenvalues_only(a):
    return np.sum(np.linalg.eigvalsh(hermitian(a)) ** 2)


def singular_values(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) * ROWS[: min(a.shape)])


def rank_one_part(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return real_loss(s[0] * u[:, :1] @ vh[:1, :]) + np.sum(np.abs(u) ** 2 * ROWS[: u.shape[0], None])


def reduced_qr(a):
    q, r = np.linalg.qr(a)
    return real_loss(q) + real_loss(r) ** 2


def pseudo_inverse(a):
    return real_loss(np.linalg.pinv(a))


def least_squares(a):
    b = np.array([[1.0, 0.5j], [-0.3, 2.0], [0.7j, 0.1], [0.2, -1.0]])
    x, residuals, rank, s = np.linalg.lstsq(a, b, rcond=None)
    return real_loss(x.T) + np.sum(residuals) + np.sum(s * ROWS[: s.shape[0]])


def general_eigenvalues(a):
    w, v = np.linalg.eig(a)
    return real_loss(w) + np.sum(np.abs(v) ** 2 * ROWS[:3, None])


def square_root(a):
    return real_loss(scipy.linalg.sqrtm(a + 4 * np.eye(3)))


def generalized_hermitian(a):
    w, v = scipy.linalg.eigh(hermitian(a), hermitian(np.eye(3) + 0.2 * a.T))
    return np.sum(w * ROWS[:3]) + np.sum(np.abs(v) ** 2 * ROWS[:3])


def polar_factors(a):
    u, p = scipy.linalg.polar(a)
    return real_loss(u) + real_loss(p)


def matrix_one_and_inf_norms(a):
    return np.linalg.norm(a, 1) + np.linalg.norm(a, -np.inf) + np.linalg.norm(a[0], np.inf) + np.linalg.norm(a, -2)


def norms_along_an_axis(a):
    return np.sum(np.linalg.norm(a, axis=0) * ROWS[:3]) + np.sum(np.linalg.norm(a, 2.5, axis=1, keepdims=True))


def spellings_written_with_them(a):
    values = scipy.linalg.eigh(hermitian(a), eigvals_only=True, subset_by_index=(1, 2))
    return (np.sum(values * ROWS[:2]) + np.linalg.cond(a) + np.sum(np.linalg.svdvals(a) ** 3)
            + np.linalg.matrix_norm(a, ord="nuc") + np.sum(np.linalg.vector_norm(a, axis=0))
            + np.sum(scipy.linalg.svd(a)[1]))


def in_a_branch_and_a_dict(a):
    parts = {"chol": np.linalg.cholesky(hermitian(a)), "size": np.linalg.norm(a)}
    if parts["size"] > 1.0:
        spread = np.linalg.slogdet(parts["chol"])[1]
    else:
        spread = np.linalg.norm(parts["chol"], 1)
    return spread * 2.0 + real_loss(parts["chol"][0])


SQUARE, TALL, WIDE = (3, 3), (4, 3), (3, 4)
CASES = [(frobenius, SQUARE), (vector_norms, SQUARE), (spectral_and_nuclear, TALL), (matrix_one_and_inf_norms, SQUARE),
         (norms_along_an_axis, SQUARE),
         (log_abs_det_and_phase, SQUARE), (cholesky_factor, SQUARE), (upper_cholesky_through_scipy, SQUARE),
         (eigenvalues_and_projector, SQUARE), (eigenvector_moduli, SQUARE), (eigenvalues_only, SQUARE),
         (singular_values, WIDE), (rank_one_part, TALL), (rank_one_part, WIDE), (rank_one_part, SQUARE),
         (reduced_qr, TALL), (reduced_qr, SQUARE), (pseudo_inverse, TALL), (pseudo_inverse, WIDE),
         (least_squares, TALL), (general_eigenvalues, SQUARE), (square_root, SQUARE),
         (generalized_hermitian, SQUARE), (polar_factors, SQUARE), (spellings_written_with_them, SQUARE),
         (in_a_branch_and_a_dict, SQUARE)]
IDS = [f"{f.__name__}-{'x'.join(map(str, shape))}" for f, shape in CASES]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("f, shape", CASES, ids=IDS)
def test_gradient_matches_differences_in_both_real_directions(f, shape, seed):
    a = complex_matrix(seed, shape)
    np.testing.assert_allclose(transpiler.grad(f)(a), both_directions(f, a), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f, shape", CASES, ids=IDS)
def test_tangent_matches_differences_along_a_complex_direction(f, shape):
    a, t = complex_matrix(4, shape), complex_matrix(5, shape)
    value, tangent = transpiler.jvp(f, (a,), (t,))
    h = 1e-6
    assert value == pytest.approx(f(a), rel=1e-10)
    assert tangent == pytest.approx((f(a + h * t) - f(a - h * t)) / (2 * h), rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("f, shape", CASES, ids=IDS)
def test_hessian_vector_product_matches_differences_of_the_gradient(f, shape):
    a, v = complex_matrix(6, shape), complex_matrix(7, shape)
    gradient = transpiler.grad(f)
    h = 1e-5
    expected = (gradient(a + h * v) - gradient(a - h * v)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(f, a, v), expected, rtol=1e-4, atol=1e-5)



# --------------------------------------------------------------------------- as users write them
def projector(v, k):
    top = v[:, k:k + 1]
    return top @ np.conj(top.T)


def projectors_in_a_loop(a):
    v = np.linalg.eigh(hermitian(a))[1]
    total = 0.0
    for k in range(2):
        total = total + real_loss(projector(v, k)) * (k + 1)
    return total


MIXING = complex_matrix(8)


def whitened_by_a_global(a):
    factor = np.linalg.cholesky(hermitian(a) + hermitian(MIXING))
    return np.linalg.norm(np.linalg.solve(factor, MIXING[:, 0]))


def stacked(a):
    s = np.linalg.svd(a, compute_uv=False)
    w = np.linalg.eigvalsh(a @ np.conj(np.swapaxes(a, -1, -2)) + 3 * np.eye(3))
    return np.sum(s * ROWS[:3]) + np.sum(np.sqrt(w)) + np.sum(np.linalg.slogdet(a)[1])


@pytest.mark.parametrize("f, shape", [(projectors_in_a_loop, SQUARE), (whitened_by_a_global, SQUARE),
                                      (lambda a: np.linalg.norm(np.linalg.qr(a)[1] @ MIXING), TALL),
                                      (stacked, (2, 3, 3))], ids=["loop_helper", "global", "lambda", "stack"])
def test_helpers_loops_globals_lambdas_and_stacks(f, shape):
    a = complex_matrix(9, shape)
    np.testing.assert_allclose(transpiler.grad(f)(a), both_directions(f, a), rtol=1e-5, atol=1e-6)
    t = complex_matrix(10, shape)
    h = 1e-6
    assert transpiler.jvp(f, (a,), (t,))[1] == pytest.approx((f(a + h * t) - f(a - h * t)) / (2 * h), rel=1e-5)


@pytest.mark.parametrize("f", [rank_one_part, eigenvalues_and_projector, reduced_qr, pseudo_inverse])
def test_complex64_gradients_have_their_dtype_and_the_derivative(f):
    a = complex_matrix(11, TALL if f in (rank_one_part, reduced_qr, pseudo_inverse) else SQUARE)
    got = transpiler.grad(f)(a.astype(np.complex64))
    assert got.dtype == np.complex64
    np.testing.assert_allclose(got, both_directions(f, a), rtol=2e-3, atol=2e-3)


# --------------------------------------------------------------------------- phases
def eigenvector_entries(a):
    return real_loss(np.linalg.eigh(hermitian(a))[1])


def singular_vector_entries(a):
    return real_loss(np.linalg.svd(a)[0])


def general_eigenvector_entries(a):
    return real_loss(np.linalg.eig(a)[1])


@pytest.mark.parametrize("f", [eigenvector_entries, singular_vector_entries, general_eigenvector_entries])
def test_a_loss_that_depends_on_the_vectors_phases_is_refused_in_reverse_mode_at_the_users_line(f):
    """The entries of an eigenvector change with its arbitrary phase (LAPACK's choice): reverse
    mode cannot tell how, so the gradient raises, at the call, and says what to write instead."""
    with pytest.raises(NotImplementedError, match="(?s)phases of the .* of a complex matrix.*np.abs") as refusal:
        transpiler.grad(f)(complex_matrix(12))
    assert refusal.value.location.filename == __file__
    assert "np.linalg." in refusal.value.location.source_line


def eigenvectors_of_a_parameter(x):
    a = np.array([[x, 1.0 + 0.5j, 0.2], [0.3j, 2.0 * x, -1.0], [0.5, 1j * x, -0.4]])
    h = a + np.conj(a.T)
    return (real_loss(np.linalg.eig(a)[1]) + real_loss(np.linalg.eigh(h)[1]) + real_loss(np.linalg.eigh(h, "U")[1])
            + real_loss(np.linalg.svd(a)[0]) + real_loss(np.linalg.svd(a[:, :2], full_matrices=False)[2]) + real_loss(np.linalg.svd(a[:2, :2])[2]))


@pytest.mark.parametrize("f", [eigenvector_entries, singular_vector_entries, general_eigenvector_entries])
def test_a_loss_that_depends_on_the_vectors_phases_follows_numpys_phases_in_forward_mode(f):
    """A wrong number before: the tangents fixed each phase's derivative to zero (JAX's choice),
    where NumPy's vectors keep a component real instead."""
    a, t = complex_matrix(20), complex_matrix(21)
    h = 1e-6
    expected = (f(a + h * t) - f(a - h * t)) / (2 * h)
    assert transpiler.jvp(f, (a,), (t,))[1] == pytest.approx(expected, rel=1e-6)


def test_grad_of_one_real_parameter_through_eigen_and_singular_vectors_follows_numpys_phases():
    # grad of a function of one number runs in forward mode
    h = 1e-6
    expected = (eigenvectors_of_a_parameter(0.7 + h) - eigenvectors_of_a_parameter(0.7 - h)) / (2 * h)
    assert transpiler.grad(eigenvectors_of_a_parameter)(0.7) == pytest.approx(expected, rel=1e-6)


def test_singular_vectors_of_a_much_wider_matrix_are_refused_in_forward_mode():
    # LAPACK factors it as L Q first: no component of its singular vectors is kept real
    f = singular_vector_entries
    with pytest.raises(NotImplementedError, match="phases NumPy's LAPACK fixes") as refusal:
        transpiler.jvp(lambda a: real_loss(np.linalg.svd(a, full_matrices=False)[0]), (complex_matrix(22, (3, 6)),),
                       (complex_matrix(23, (3, 6)),))
    assert refusal.value.location.filename == __file__


def test_the_phase_of_a_singular_vector_pair_cancels_in_u_vh():
    def outer_of_the_pair(a):
        u, s, vh = np.linalg.svd(a)
        return real_loss(u[:, 1:2] @ vh[1:2, :])
    a = complex_matrix(13)
    np.testing.assert_allclose(transpiler.grad(outer_of_the_pair)(a), both_directions(outer_of_the_pair, a),
                               rtol=1e-5, atol=1e-6)


def test_least_squares_in_both_arguments_with_a_vector_right_hand_side():
    def fit(a, b):
        x, residuals, rank, s = np.linalg.lstsq(a, b, rcond=None)
        return real_loss(x) + 0.5 * np.sum(residuals)
    a, b = complex_matrix(14, TALL), complex_matrix(15, (4,))
    got_a, got_b = transpiler.grad(fit, wrt=(0, 1))(a, b)
    np.testing.assert_allclose(got_a, both_directions(lambda m: fit(m, b), a), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_b, both_directions(lambda v: fit(a, v), b), rtol=1e-5, atol=1e-6)
    t_a, t_b = complex_matrix(16, TALL), complex_matrix(17, (4,))
    h = 1e-6
    expected = (fit(a + h * t_a, b + h * t_b) - fit(a - h * t_a, b - h * t_b)) / (2 * h)
    assert transpiler.jvp(fit, (a, b), (t_a, t_b))[1] == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("f, shape", [(lambda a: np.sum(np.abs(np.linalg.svd(a)[0]) ** 2 * ROWS[:, None]), TALL),
                                      (lambda a: real_loss(np.linalg.qr(a)[1]), WIDE)], ids=["full_svd", "wide_qr"])
def test_the_decompositions_the_rules_do_not_cover_are_refused_for_complex_matrices_too(f, shape):
    with pytest.raises(NotImplementedError, match="full_matrices=False|at least as many rows"):
        transpiler.grad(f)(complex_matrix(18, shape))


ROTATION = np.array([[0.0, -1.0, 0.3], [1.0, 0.2, 0.1], [0.4, 0.0, 1.5]])     # eigenvalues 0.08 ± 0.96j, 1.54


def complex_eigenvalues_of_a_real_matrix(a):
    w = np.linalg.eig(a + 0j)[0]
    return np.sum(np.real(w) ** 2 + np.imag(w) * ROWS[:3])


def test_a_real_matrix_with_complex_eigenvalues_through_a_complex_eig():
    f = complex_eigenvalues_of_a_real_matrix
    gradient = transpiler.grad(f)(ROTATION)
    assert gradient.dtype == np.float64
    np.testing.assert_allclose(gradient, both_directions(f, ROTATION), rtol=1e-5, atol=1e-6)
    t = rng(19).normal(size=(3, 3))
    h = 1e-5
    expected = (transpiler.grad(f)(ROTATION + h * t) - transpiler.grad(f)(ROTATION - h * t)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(f, ROTATION, t), expected, rtol=1e-4, atol=1e-5)
    with pytest.raises(NotImplementedError, match=r"eig\(a \+ 0j\)"):
        transpiler.grad(lambda a: np.sum(np.abs(np.linalg.eig(a)[0])))(ROTATION)


def stacks_of_matrices(s, q):
    def hermitian_stack(m):
        return m @ np.conj(np.swapaxes(m, -1, -2)) + 3 * np.eye(3)
    total = real_loss(np.linalg.cholesky(hermitian_stack(q)))
    total = total + np.sum(np.abs(np.linalg.eigh(hermitian_stack(q))[1]) ** 2 * ROWS[:3])
    total = total + real_loss(np.linalg.qr(s)[0]) + real_loss(np.linalg.pinv(s))
    w, e = np.linalg.eig(q)
    total = total + real_loss(w) + np.sum(np.abs(e) ** 2 * ROWS[:3])
    return total + real_loss(np.linalg.pinv(hermitian_stack(q), hermitian=True))


def test_stacks_of_matrices_in_both_arguments_and_modes():
    s, q = complex_matrix(20, (2, 4, 3)), complex_matrix(21, (2, 3, 3))
    got_s, got_q = transpiler.grad(stacks_of_matrices, wrt=(0, 1))(s, q)
    np.testing.assert_allclose(got_s, both_directions(lambda m: stacks_of_matrices(m, q), s), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_q, both_directions(lambda m: stacks_of_matrices(s, m), q), rtol=1e-5, atol=1e-6)
    t_s, t_q = complex_matrix(22, s.shape), complex_matrix(23, q.shape)
    h = 1e-6
    expected = (stacks_of_matrices(s + h * t_s, q + h * t_q) - stacks_of_matrices(s - h * t_s, q - h * t_q)) / (2 * h)
    assert transpiler.jvp(stacks_of_matrices, (s, q), (t_s, t_q))[1] == pytest.approx(expected, rel=1e-5)


def test_a_zero_singular_value_leaves_a_smooth_loss_finite():
    """sum(s ** 2) is |a|² summed, smooth at a singular matrix: the phase term's 1 / s is 0 there
    (it was 0 * inf = nan)."""
    def squared_values(a):
        u, s, vh = np.linalg.svd(a)
        return np.sum(s ** 2) + real_loss(u[:, :1] @ vh[:1, :])
    a = np.diag([2.0 + 1.0j, 1.0 - 1.0j, 0.0])
    assert np.linalg.svd(a, compute_uv=False)[-1] == 0.0
    gradient = transpiler.grad(squared_values)(a)
    assert np.all(np.isfinite(gradient))
    np.testing.assert_allclose(gradient, both_directions(squared_values, a), rtol=1e-5, atol=1e-6)


IMAGINARY_PART = rng(24).normal(size=(3, 3))


def real_parameter_through_complex_decompositions(x):
    a = x + 1j * IMAGINARY_PART
    h = a @ np.conj(a.T) + 3 * np.eye(3)
    w, v = np.linalg.eigh(h)
    return (np.sum(w ** 2) + np.linalg.slogdet(a)[1] + np.sum(np.linalg.svd(a, compute_uv=False))
            + np.sum(np.abs(v[:, 0]) ** 4) + np.linalg.norm(np.linalg.cholesky(h), 1))


def test_the_hessian_of_a_real_parameter_through_complex_decompositions():
    f = real_parameter_through_complex_decompositions
    x = rng(25).normal(size=(3, 3))
    gradient = transpiler.grad(f)
    np.testing.assert_allclose(gradient(x), both_directions(f, x), rtol=1e-5, atol=1e-6)
    h, unit = 1e-5, np.eye(9).reshape(9, 3, 3)
    expected = np.stack([(gradient(x + h * e) - gradient(x - h * e)) / (2 * h) for e in unit], axis=-1)
    np.testing.assert_allclose(transpiler.hessian(f)(x).reshape(9, 9), expected.reshape(9, 9), rtol=1e-4, atol=1e-5)
