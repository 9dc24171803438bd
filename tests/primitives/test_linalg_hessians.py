"""``hessian`` through every linear-algebra primitive (issue 16): each ``np.linalg`` and
``scipy.linalg`` function with a rule, on a matrix where it is smooth (eigenvalues and singular
values apart, symmetric positive definite where the function reads one triangle), checked in
both modes — ``hessian`` (forward over reverse) and ``hessian(mode="forward")`` (forward over
forward: the decompositions' tangent helpers have forward rules of their own,
primitives/decomposition_tangents.py) — against central differences of
the gradient, itself checked against finite differences of the function. A sweep over the
registry pins that no function is left out."""
import importlib.util

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.check.fuzz.library_draws import library_functions

pytest.importorskip("scipy.linalg")

SQUARE = np.array([[1.1, 0.2, -0.1], [0.15, 2.05, 0.1], [-0.05, 0.12, 2.9]])
VECTOR = np.array([0.4, -0.3, 0.8])
TALL = np.array([[3.0, 0.1], [0.2, 1.5], [-0.1, 0.15]])
SYMMETRIC = "(0.5 * (X + X.T))"

# spelling -> (the expression of X differentiated, X); several entries for a function with several outputs
CASES = {
    "np.linalg.cholesky": (f"np.linalg.cholesky({SYMMETRIC})", SQUARE),
    "np.linalg.cond": ("np.linalg.cond(X)", TALL),
    "np.linalg.cross": ("np.linalg.cross(X, np.array([0.3, 1.0, -0.5]))", VECTOR),
    "np.linalg.det": ("np.linalg.det(X)", SQUARE),
    "np.linalg.diagonal": ("np.linalg.diagonal(X) ** 2", SQUARE),
    "np.linalg.eig": ("np.linalg.eig(X)[0]", SQUARE),
    "np.linalg.eig vectors": ("np.linalg.eig(X)[1] * np.array([1.0, 2.0, 3.0])", SQUARE),
    "np.linalg.eigh": (f"np.linalg.eigh({SYMMETRIC})[0]", SQUARE),
    "np.linalg.eigh vectors": (f"np.linalg.eigh({SYMMETRIC})[1] * np.array([1.0, 2.0, 3.0])", SQUARE),
    "np.linalg.eigvals": ("np.linalg.eigvals(X)", SQUARE),
    "np.linalg.eigvalsh": (f"np.linalg.eigvalsh({SYMMETRIC})", SQUARE),
    "np.linalg.inv": ("np.linalg.inv(X)", SQUARE),
    "np.linalg.lstsq": ("np.linalg.lstsq(X, np.array([0.3, 1.0, -0.5]))[0]", TALL),
    "np.linalg.matmul": ("np.linalg.matmul(X, X)", SQUARE),
    "np.linalg.matrix_norm": ("np.linalg.matrix_norm(X)", SQUARE),
    "np.linalg.matrix_power": ("np.linalg.matrix_power(X, 3)", SQUARE),
    "np.linalg.matrix_transpose": ("np.linalg.matrix_transpose(X) * X", SQUARE),
    "np.linalg.multi_dot": ("np.linalg.multi_dot([X, X.T, X])", SQUARE),
    "np.linalg.norm": ("np.linalg.norm(X)", SQUARE),
    "np.linalg.norm 2": ("np.linalg.norm(X, 2)", SQUARE),
    "np.linalg.outer": ("np.linalg.outer(X, X)", VECTOR),
    "np.linalg.pinv": ("np.linalg.pinv(X)", TALL),
    "np.linalg.qr": ("np.linalg.qr(X)[0]", TALL),
    "np.linalg.qr r": ("np.linalg.qr(X)[1]", TALL),
    "np.linalg.slogdet": ("np.linalg.slogdet(X)[1]", SQUARE),
    "np.linalg.solve": ("np.linalg.solve(X, np.array([0.3, 1.0, -0.5]))", SQUARE),
    "np.linalg.svd": ("np.linalg.svd(X, full_matrices=False)[0] * np.array([1.0, 2.0])", TALL),
    "np.linalg.svd values": ("np.linalg.svd(X, full_matrices=False)[1]", TALL),
    "np.linalg.svdvals": ("np.linalg.svdvals(X)", TALL),
    "np.linalg.tensordot": ("np.linalg.tensordot(X, X)", SQUARE),
    "np.linalg.tensorinv": ("np.linalg.tensorinv(X, ind=1)", SQUARE),
    "np.linalg.tensorsolve": ("np.linalg.tensorsolve(X, np.array([0.3, 1.0, -0.5]))", SQUARE),
    "np.linalg.trace": ("np.linalg.trace(X @ X)", SQUARE),
    "np.linalg.vecdot": ("np.linalg.vecdot(X, X * X)", VECTOR),
    "np.linalg.vector_norm": ("np.linalg.vector_norm(X)", VECTOR),
    "scipy.linalg.block_diag": ("scipy.linalg.block_diag(X, X[:2, :2]) ** 2", SQUARE),
    # (the other triangle of cho_factor's c is "random data" to SciPy: only the factor's is read)
    "scipy.linalg.cho_factor": (f"np.triu(scipy.linalg.cho_factor({SYMMETRIC})[0])", SQUARE),
    "scipy.linalg.cho_solve": (f"scipy.linalg.cho_solve(scipy.linalg.cho_factor({SYMMETRIC}), np.array([0.3, 1.0, -0.5]))",
                               SQUARE),
    "scipy.linalg.cholesky": (f"scipy.linalg.cholesky({SYMMETRIC})", SQUARE),
    "scipy.linalg.circulant": ("scipy.linalg.circulant(X) * np.array([1.0, 2.0, 3.0])", VECTOR),
    "scipy.linalg.companion": ("scipy.linalg.companion(X + np.array([3.0, 0.0, 0.0]))", VECTOR),
    "scipy.linalg.convolution_matrix": ("scipy.linalg.convolution_matrix(X, 2) ** 2", VECTOR),
    "scipy.linalg.det": ("scipy.linalg.det(X)", SQUARE),
    "scipy.linalg.eigh": (f"scipy.linalg.eigh({SYMMETRIC})[0]", SQUARE),
    "scipy.linalg.eigh vectors": (f"scipy.linalg.eigh({SYMMETRIC})[1] * np.array([1.0, 2.0, 3.0])", SQUARE),
    "scipy.linalg.eigh_tridiagonal": ("scipy.linalg.eigh_tridiagonal(X + np.array([0.0, 2.0, 4.0]), X[:2] * 0.3)[0]",
                                      VECTOR),
    "scipy.linalg.coshm": ("scipy.linalg.coshm(0.5 * X)", SQUARE),
    "scipy.linalg.eig": ("scipy.linalg.eig(X)[0].real", SQUARE),
    "scipy.linalg.eig vectors": ("scipy.linalg.eig(X)[1] * np.array([1.0, 2.0, 3.0])", SQUARE),
    "scipy.linalg.eigvals": ("scipy.linalg.eigvals(X).real", SQUARE),
    "scipy.linalg.eigvalsh": (f"scipy.linalg.eigvalsh({SYMMETRIC})", SQUARE),
    "scipy.linalg.expm": ("scipy.linalg.expm(X)", SQUARE),
    "scipy.linalg.expm_frechet": ("scipy.linalg.expm_frechet(X, X * X)[1]", SQUARE),
    "scipy.linalg.fiedler": ("scipy.linalg.fiedler(X) * X", VECTOR),
    "scipy.linalg.fiedler_companion": ("scipy.linalg.fiedler_companion(np.concatenate([X + np.array([3.0, 0.0, 0.0]), "
                                       "X ** 2]))", VECTOR),
    # (a 4 x 4 matrix of X: two reflections, the second of the first one's output)
    "scipy.linalg.hessenberg": ("scipy.linalg.hessenberg(np.kron(X[:2, :2], X[1:, 1:]).T)", SQUARE),
    "scipy.linalg.hessenberg q": ("scipy.linalg.hessenberg(np.kron(X[:2, :2], X[1:, 1:]).T, calc_q=True)[1] * 3.0",
                                  SQUARE),
    "scipy.linalg.schur": ("scipy.linalg.schur(X)[0]", SQUARE),
    "scipy.linalg.schur vectors": ("scipy.linalg.schur(X)[1] * np.array([1.0, 2.0, 3.0])", SQUARE),
    "scipy.linalg.hankel": ("scipy.linalg.hankel(X) ** 2", VECTOR),
    "scipy.linalg.inv": ("scipy.linalg.inv(X)", SQUARE),
    "scipy.linalg.khatri_rao": ("scipy.linalg.khatri_rao(X, X * X)", TALL),
    "scipy.linalg.leslie": ("scipy.linalg.leslie(X, X[1:] * 0.5) ** 2", VECTOR),
    "scipy.linalg.logm": ("scipy.linalg.logm(X)", SQUARE),
    "scipy.linalg.lu": ("scipy.linalg.lu(X)[2]", SQUARE),
    "scipy.linalg.lu_factor": ("scipy.linalg.lu_factor(X)[0]", SQUARE),
    "scipy.linalg.lu_solve": ("scipy.linalg.lu_solve(scipy.linalg.lu_factor(X), np.array([0.3, 1.0, -0.5]))", SQUARE),
    "scipy.linalg.lstsq": ("scipy.linalg.lstsq(X, np.array([0.3, 1.0, -0.5]))[0]", TALL),
    "scipy.linalg.norm": ("scipy.linalg.norm(X, axis=0) + scipy.linalg.norm(X)", TALL),
    "scipy.linalg.orth": ("np.abs(scipy.linalg.orth(X)) * np.array([1.0, 2.0])", TALL),
    "scipy.linalg.pinv": ("scipy.linalg.pinv(X)", TALL),
    "scipy.linalg.pinvh": (f"scipy.linalg.pinvh({SYMMETRIC})", SQUARE),
    "scipy.linalg.polar": ("scipy.linalg.polar(X)[1]", SQUARE),
    "scipy.linalg.qr": ("scipy.linalg.qr(X)[1]", SQUARE),
    "scipy.linalg.qr_multiply": ("scipy.linalg.qr_multiply(X, np.array([0.3, 1.0, -0.5]))[0]", SQUARE),
    "tridiagonal_solve": ("tridiagonal_solve(X[1:, 0], X[:, 1] + 4.0, X[:-1, 2], np.array([0.3, 1.0, -0.5]))", SQUARE),
    "scipy.linalg.solve": ("scipy.linalg.solve(X, np.array([0.3, 1.0, -0.5]))", SQUARE),
    "scipy.linalg.solve_banded": ("scipy.linalg.solve_banded((1, 1), X + np.array([[0.0], [3.0], [0.0]]), "
                                  "np.array([0.3, 1.0, -0.5]))", SQUARE),
    "scipy.linalg.orthogonal_procrustes": ("scipy.linalg.orthogonal_procrustes(X, X.T + np.eye(3))[0]", SQUARE),
    "scipy.linalg.solve_continuous_lyapunov": ("scipy.linalg.solve_continuous_lyapunov(X, X @ X.T + np.eye(3))",
                                                SQUARE),
    "scipy.linalg.solve_discrete_are": ("scipy.linalg.solve_discrete_are(0.5 * X, np.eye(3), np.eye(3), np.eye(3))",
                                         SQUARE),
    "scipy.linalg.solve_discrete_lyapunov": ("scipy.linalg.solve_discrete_lyapunov(0.3 * X, np.eye(3) + X * X)",
                                              SQUARE),
    "scipy.linalg.sinhm": ("scipy.linalg.sinhm(0.5 * X)", SQUARE),
    "scipy.linalg.solve_circulant": ("scipy.linalg.solve_circulant(X + np.array([3.0, 0.0, 0.0]), X ** 2)", VECTOR),
    "scipy.linalg.solve_sylvester": ("scipy.linalg.solve_sylvester(X, X.T + 2.0 * np.eye(3), X * X)", SQUARE),
    "scipy.linalg.solve_triangular": ("scipy.linalg.solve_triangular(X, np.array([0.3, 1.0, -0.5]))", SQUARE),
    "scipy.linalg.solve_toeplitz": ("scipy.linalg.solve_toeplitz((X + np.array([3.0, 0.0, 0.0]), X * 0.5), X ** 2)",
                                     VECTOR),
    "scipy.linalg.sqrtm": ("scipy.linalg.sqrtm(X)", SQUARE),
    # the primitives scipy.linalg's triangular solves are written with (primitives/triangular.py)
    "triangular_solve": ("scipy.linalg.solve_triangular(X, np.array([0.3, 1.0, -0.5]), lower=True, "
                         "unit_diagonal=True)", SQUARE),
    "conjugated": ("scipy.linalg.solve_triangular(X, np.array([0.3, 1.0, -0.5]), trans='C')", SQUARE),
    "scipy.linalg.svd": ("scipy.linalg.svd(X, full_matrices=False)[1]", TALL),
    "scipy.linalg.svdvals": ("scipy.linalg.svdvals(X)", TALL),
    "scipy.linalg.tanhm": ("scipy.linalg.tanhm(0.5 * X)", SQUARE),
    "scipy.linalg.toeplitz": ("scipy.linalg.toeplitz(X, X * 2.0) ** 2", VECTOR),
    # the products of the "linear algebra" family: bilinear, their Hessians are their own
    "@": ("X @ X.T @ X", SQUARE),
    "np.cross": ("np.cross(X, X ** 2)", VECTOR),
    "np.diag": ("np.diag(X) @ X + np.diag(X * X[0])", SQUARE),
    "np.diag (of a vector)": ("np.diag(X * X)", VECTOR),
    "np.diagonal": ("np.diagonal(X @ X) * X", SQUARE),
    "np.dot": ("np.dot(X, X.T)", TALL),
    "np.einsum": ("np.einsum('ij,jk,kl->il', X, X, X)", SQUARE),
    "np.inner": ("np.inner(X, X ** 2)", SQUARE),
    "np.kron": ("np.kron(X, X)", TALL),
    "np.matmul": ("np.matmul(X.T, X)", TALL),
    "np.outer": ("np.outer(X, X ** 2)", VECTOR),
    "np.tensordot": ("np.tensordot(X, X, axes=([1], [0])) * X", SQUARE),
    "np.trace": ("np.trace(X @ X) * X", SQUARE),
    "np.vdot": ("np.vdot(X, X ** 2) * X", VECTOR),
}
# Functions of the registry without a Hessian here, and why.
NOT_SWEPT = {
    "np.linalg.matrix_rank": "an integer: no derivative",
}
# forward over forward mode refused, located, pointing at hessian's forward over reverse mode: the
# tangent helper the first derivative's code calls has no forward rule of its own
NO_FORWARD_OVER_FORWARD = {"scipy.linalg.solve_discrete_are"}
def _module(tmp_path, name, expression):
    path = tmp_path / f"hessian_{abs(hash(name))}.py"
    path.write_text("import numpy as np\nimport scipy.linalg\nfrom transpiler.primitives.tridiagonal import tridiagonal_solve\n"
                    f"\n\ndef f(X):\n    return np.sum(np.sin({expression}))\n")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def _hessian_by_differences(f, x, h=1e-5):
    gradient = transpiler.grad(f)
    columns = []
    for i in range(x.size):
        step = np.zeros(x.size)
        step[i] = h
        step = step.reshape(x.shape)
        columns.append(np.ravel(gradient(x + step) - gradient(x - step)) / (2 * h))
    return np.array(columns).T.reshape(x.shape * 2)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hessian_matches_differences_of_the_gradient(name, tmp_path):
    expression, x = CASES[name]
    f = _module(tmp_path, name, expression)
    assert check_grad(f, x, rtol=1e-5, atol=1e-7).ok
    np.testing.assert_allclose(transpiler.hessian(f)(x), _hessian_by_differences(f, x), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_over_forward_hessian_matches_differences_of_the_gradient(name, tmp_path):
    expression, x = CASES[name]
    f = _module(tmp_path, name, expression)
    if name in NO_FORWARD_OVER_FORWARD:
        with pytest.raises(transpiler.errors.NonDifferentiableError, match="has no rule") as caught:
            transpiler.hessian(f, mode="forward")(x)
        assert "forward over reverse" in caught.value.hint
        return
    forward = transpiler.hessian(f, mode="forward")(x)
    np.testing.assert_allclose(forward, _hessian_by_differences(f, x), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_over_forward_hessian_matches_forward_over_reverse_at_another_point(name, tmp_path):
    # (the two share no second-order code: the reverse rules' adjoint helpers against the forward
    # rules' tangent helpers and their own forward rules)
    if name in NO_FORWARD_OVER_FORWARD:
        pytest.skip("forward over forward mode refused (the test above checks the refusal)")
    expression, x = CASES[name]
    f = _module(tmp_path, name, expression)
    moved = x + 0.04 * np.cos(np.arange(x.size) + 1.0).reshape(x.shape)
    np.testing.assert_allclose(transpiler.hessian(f, mode="forward")(moved), transpiler.hessian(f)(moved),
                               rtol=1e-7, atol=1e-9)


def test_every_linear_algebra_function_with_a_rule_is_swept():
    functions = {s for s, _ in library_functions() if s.startswith(("np.linalg.", "scipy.linalg."))}
    swept = {name.split(" ")[0] for name in CASES} | set(NOT_SWEPT)
    assert functions <= swept, sorted(functions - swept)


# scipy.linalg's circulant, toeplitz, hankel ... share one primitive, spelled by its rule's name
SPELLED_AS = {"one_dimensional": "scipy.linalg.toeplitz"}


def test_every_primitive_of_the_linear_algebra_families_is_swept():
    from transpiler.primitives import REGISTRY
    from transpiler.primitives.registry import load_optional_rules

    load_optional_rules()
    spellings = {SPELLED_AS.get(str(p.spelling), str(p.spelling)) for p in REGISTRY.values()
                 if p.family in ("linear algebra", "scipy.linalg") and p.differentiable}
    swept = {name.split(" ")[0] for name in CASES}
    assert sorted(spellings - swept) == []


# The way users write it: a helper of their own, a global constant, a lambda, a loop, a branch,
# several decompositions in one function; checked at several points and in float32.
WEIGHTS = np.array([1.0, 2.0, 3.0])
largest_singular_value = lambda m: np.linalg.norm(m, 2)     # noqa: E731


def _spread(a):
    w, v = np.linalg.eigh(a + a.T)
    return w @ WEIGHTS + np.sum(v[:, 0] ** 2 * WEIGHTS)      # (a column's square: sign-free)


def _several_decompositions(X):
    total = 0.0
    for k in range(2):
        total = total + _spread(X * (k + 1.0))
    _, s, _ = np.linalg.svd(X, full_matrices=False)
    factor = np.linalg.cholesky(X @ X.T + 3.0 * np.eye(3))
    q, r = np.linalg.qr(X)
    if np.trace(X) > 0:
        total = total + np.sum(np.linalg.eig(X)[0] ** 2)
    else:
        total = total - np.sum(np.linalg.pinv(X))
    return (total + np.sum(s ** 3) + np.sum(np.sin(factor)) + np.sum(np.outer(q[:, 0], r[0]))
            + largest_singular_value(X))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_hessian_through_the_users_spellings_at_several_points(seed):
    rng = np.random.default_rng(seed)
    x = np.diag([1.0, 2.5, 4.0]) * (1 if seed != 2 else -1) + 0.3 * rng.normal(size=(3, 3))
    forward = transpiler.hessian(_several_decompositions, mode="forward")(x)
    np.testing.assert_allclose(forward, transpiler.hessian(_several_decompositions)(x), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(forward, _hessian_by_differences(_several_decompositions, x), rtol=1e-4, atol=1e-5)


def test_forward_hessian_in_float32():
    x = np.diag([1.0, 2.5, 4.0]) + 0.2 * np.arange(9.0).reshape(3, 3) / 9.0
    single = transpiler.hessian(_several_decompositions, mode="forward")(x.astype(np.float32))
    np.testing.assert_allclose(single, transpiler.hessian(_several_decompositions, mode="forward")(x),
                               rtol=1e-4, atol=1e-4)      # (measured: 3e-6 apart, of entries up to 28)
