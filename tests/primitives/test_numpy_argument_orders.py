"""Rules bind a call's arguments in the library's own positional order (a positional ``dtype`` or
``out=None`` of ``np.sum(a, axis, dtype, out, keepdims)`` was read as ``keepdims``: wrong
gradients), and the argument variants pr10's probe found giving wrong answers: negative axes of a
transpose, ``np.correlate(..., 'same')`` with the shorter input first, ``gaussian_filter`` with a
zero sigma on an axis or a radius per axis. Derivatives against central finite differences."""
import inspect

import numpy as np
import pytest
from array_check import check_gradient, rng

import transpiler
from transpiler.primitives import REGISTRY
from transpiler.primitives.registry import COMPOSED, load_optional_rules

load_optional_rules()

X = rng(7).normal(size=(3, 4))
X_SQUARE = rng(8).normal(size=(3, 3))
ROWS = rng(9).normal(size=(3, 1))
COLUMNS = rng(10).normal(size=(4,))


def _positional_names(function) -> list[str] | None:
    """The names of ``function``'s positional parameters; None where it has no signature or
    takes ``*args`` (``np.einsum``, whose operands have no names)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return None
    return [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _rule_parameters():
    for key, prim in REGISTRY.items():
        if prim.vjp_rule is not None:
            yield key, prim.name, prim.vjp_rule.params[2:]
        elif prim.partials is not None:
            yield key, prim.name, prim.partials.params
    for key, composition in COMPOSED.items():
        yield key, composition.function.__name__, tuple(_positional_names(composition.function) or ())


def test_every_rule_takes_a_parameter_it_shares_with_the_library_at_the_librarys_position():
    misplaced = []
    for key, name, params in _rule_parameters():
        theirs = _positional_names(key)
        if theirs is None:
            continue
        misplaced += [f"{name}: `{p}` is argument {i} here, {theirs.index(p)} in {theirs}"
                      for i, p in enumerate(params) if i > 0 and p in theirs and theirs.index(p) != i]
    assert misplaced == []


# --------------------------------------------------------------------------- reductions
@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.sum(x, 1, None, None, True) * ROWS),
    lambda x: np.sum(x.sum(1, None, None, True) * ROWS),
    lambda x: np.sum(np.mean(x, 1, None, None, True) * ROWS),
    lambda x: np.sum(np.prod(x, 1, None, None, True) * ROWS),
    lambda x: np.sum(np.var(x, 1, None, None, 1, True) * ROWS),
    lambda x: np.sum(x.std(1, None, None, 0, True) * ROWS),
    lambda x: np.sum(np.max(x, 1, None, True) * ROWS),
    lambda x: np.sum(x.min(1, None, True) * ROWS),
    lambda x: np.sum(np.amax(x, 0, None, False) * COLUMNS),
    lambda x: np.sum(np.max(x, axis=1, out=None) * ROWS[:, 0]),
    lambda x: np.sum(np.add.reduce(x, 1, None, None, True) * ROWS),
    lambda x: np.sum(np.maximum.reduce(x, 0, None) * COLUMNS),
    lambda x: np.sum(np.logaddexp.reduce(x, 1, np.float64) * ROWS[:, 0]),
    lambda x: np.sum(np.multiply.reduce(x, 1, np.float64) * ROWS[:, 0]),
])
def test_a_reduction_binds_positional_arguments_as_numpy_does(f):
    value, _ = transpiler.value_and_grad(f)(X)
    assert np.isclose(value, f(X))
    check_gradient(f, (X,))
    tangent = rng(11).normal(size=X.shape)
    _, along = transpiler.jvp(f, (X,), (tangent,))
    assert np.isclose(along, np.sum(check_gradient(f, (X,))[0] * tangent))


@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.sum(x, 1, np.float64)),
    lambda x: np.sum(x.var(0, np.float64)),
    lambda x: np.sum(np.max(x, 1, np.empty(3))),
    lambda x: np.sum(np.max(x, 1, out=np.empty(3))),
])
def test_a_positional_dtype_or_an_out_array_is_refused_naming_the_way_to_write_it(f):
    with pytest.raises(transpiler.TranspileError, match="dtype|out="):
        transpiler.grad(f)(X_SQUARE)


# --------------------------------------------------------------------------- constructors, decompositions
def test_linspace_takes_retstep_at_numpys_position():
    def f(a):
        return np.sum(np.linspace(a, 2.0 * a, 5, False, False, np.float64) * np.arange(5.0))
    check_gradient(f, (np.array(1.5),))

    def with_step(a):
        return np.linspace(a, 2.0 * a, 5, False, True)[1]
    with pytest.raises(transpiler.TranspileError, match="retstep"):
        transpiler.grad(with_step)(1.5)


@pytest.mark.parametrize("f", [
    lambda a: np.sum(np.linalg.svd(a, False, False) ** 3),
    lambda a: np.sum(np.linalg.svd(a, False, False, False) ** 3),
    lambda a: np.sum(np.linalg.svd(a, compute_uv=False, hermitian=False) ** 3),
])
def test_svd_takes_compute_uv_and_hermitian_at_numpys_positions(f):
    a = rng(12).normal(size=(5, 2))     # (min(n, m) == 3 read the singular values as (u, s, vh))
    check_gradient(f, (a,))


# --------------------------------------------------------------------------- transposes
CUBE = rng(22).normal(size=(3, 3, 3))


@pytest.mark.parametrize("f, shape", [
    (lambda x: np.sum(np.transpose(x, (-1, 0)) * X_SQUARE), (3, 3)),
    (lambda x: np.sum(x.transpose(0, -1, -2) * CUBE), (3, 3, 3)),
    (lambda x: np.sum(np.permute_dims(x, (-2, 0, -1)) * CUBE ** 2), (3, 3, 3)),
])
def test_a_transpose_with_negative_axes_has_the_gradient_of_its_permutation(f, shape):
    check_gradient(f, (rng(13).normal(size=shape),))


def test_a_transpose_with_negative_axes_has_the_hessian_of_its_permutation():
    weights = np.arange(1.0, 25.0).reshape(2, 3, 4)

    def f(v):
        return np.sum(np.transpose(np.reshape(v, (3, 4, 2)), (-1, 0, -2)) ** 2 * weights)
    v = rng(14).normal(size=24)
    expected = np.diag(2 * np.transpose(weights, (1, 2, 0)).ravel())
    np.testing.assert_allclose(transpiler.hessian(f)(v), expected, atol=1e-12)


# --------------------------------------------------------------------------- correlate
@pytest.mark.parametrize("n_a, n_v", [(n_a, n_v) for n_a in range(1, 6) for n_v in range(1, 6)])
def test_correlate_same_has_numpys_window_whichever_input_is_shorter(n_a, n_v):
    v = rng(15).normal(size=n_v)
    weights = rng(16).normal(size=max(n_a, n_v))

    def f(a):
        return np.sum(np.correlate(a, v, "same") * weights)
    a = rng(17).normal(size=n_a)
    value, _ = transpiler.value_and_grad(f)(a)
    assert np.isclose(value, f(a))
    check_gradient(f, (a,))


# --------------------------------------------------------------------------- gaussian_filter
scipy_ndimage = pytest.importorskip("scipy.ndimage")


@pytest.mark.parametrize("smooth", [
    lambda x: scipy_ndimage.gaussian_filter(x, (0.0, 1.0)),
    lambda x: scipy_ndimage.gaussian_filter(x, 0.0),
    lambda x: scipy_ndimage.gaussian_filter(x, (0.8, 0.0), mode="nearest"),
    lambda x: scipy_ndimage.gaussian_filter(x, 1.0, radius=(1, 2)),
    lambda x: scipy_ndimage.gaussian_filter(x, (0.7, 1.2), radius=2),
])
def test_gaussian_filter_passes_an_axis_of_zero_sigma_through_and_takes_a_radius_per_axis(smooth):
    weights = rng(18).normal(size=(4, 5))

    def f(x):
        return np.sum(smooth(x) * weights)
    x = rng(19).normal(size=(4, 5))
    value, _ = transpiler.value_and_grad(f)(x)
    assert np.isclose(value, f(x))
    check_gradient(f, (x,))

# --------------------------------------------------------------------------- scipy.linalg.qr_multiply
def test_qr_multiply_takes_pivoting_at_scipys_position():
    import scipy.linalg
    a, c = rng(20).normal(size=(4, 3)), rng(21).normal(size=(3, 4))

    def f(a):
        return np.sum(scipy.linalg.qr_multiply(a, c, "right", False, True)[0] ** 2)     # conjugate=True
    check_gradient(f, (a,))

    def pivoted(a):
        return np.sum(scipy.linalg.qr_multiply(a, c, "right", True)[0])
    with pytest.raises(transpiler.TranspileError, match="pivoting"):
        transpiler.grad(pivoted)(a)


# --------------------------------------------------------------------------- NumPy's defaults spelled out
@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.max(x, axis=1, initial=None) * ROWS[:, 0]),
    lambda x: np.sum(np.min(x, initial=None)),
    lambda x: np.sum(np.sum(x, axis=1, initial=None) * ROWS[:, 0]),
    lambda x: np.sum(np.prod(x, axis=1, initial=None) * ROWS[:, 0]),
    lambda x: np.sum(x.max(0, initial=None) * COLUMNS),
])
def test_initial_none_is_numpys_default(f):
    value, _ = transpiler.value_and_grad(f)(X)
    assert np.isclose(value, f(X))
    gradient = check_gradient(f, (X,))[0]
    tangent = rng(23).normal(size=X.shape)
    assert np.isclose(transpiler.jvp(f, (X,), (tangent,))[1], np.sum(gradient * tangent))


Y_SQUARE = rng(24).normal(size=(3, 3))


@pytest.mark.parametrize("f", [
    lambda x: np.sum(np.matmul(x, Y_SQUARE, out=None)),
    lambda x: np.sum(np.dot(x, Y_SQUARE, out=None)),
    lambda x: np.sum(np.concatenate([x, Y_SQUARE], out=None) ** 2),
    lambda x: np.sum(np.einsum("ij,jk->ik", x, Y_SQUARE, out=None)),
    lambda x: np.sum(np.abs(np.fft.fft(x, out=None))),
    lambda x: np.sum(np.exp(x, out=None)),
    lambda x: np.sum(np.clip(x, -0.5, 0.5, out=None)),
    lambda x: np.sum(np.sort(x, order=None) * Y_SQUARE),
    lambda x: np.trace(x, dtype=None),
    lambda x: np.sum(np.exp(x, where=True)),
    lambda x: np.sum(np.add(x, Y_SQUARE, dtype=None) ** 2),
    lambda x: np.sum(np.linalg.svd(x, compute_uv=False, hermitian=False)),
])
def test_a_keyword_spelling_numpys_own_default_means_the_call_without_it(f):
    value, _ = transpiler.value_and_grad(f)(X_SQUARE)
    assert np.isclose(value, f(X_SQUARE))
    check_gradient(f, (X_SQUARE,), rtol=1e-5)
