"""The adjoint of a reduction along an axis, broadcast back without the ``unreduce`` helper
where the code a call runs knows the shapes (backends/known_broadcasts.py): a view that the
arithmetic reading it broadcasts, or ``np.broadcast_to`` with the shape written out."""
import numpy as np
import pytest
import scipy.special

import transpiler

RNG = np.random.default_rng(5)
A = RNG.standard_normal((6, 4))
T = RNG.standard_normal((3, 4, 2))


def logsumexp_rows(a):
    m = np.max(a, axis=1, keepdims=True)
    return np.sum(m[:, 0] + np.log(np.sum(np.exp(a - m), axis=1)))


def logsumexp_scipy(a):
    return np.sum(scipy.special.logsumexp(a, axis=1))


def column_means_squared(a):
    return np.sum(a.mean(axis=0) ** 2)


def row_sums_returned_shape(a):
    s = a.sum(-1)
    return np.sum(s * s)


def middle_axis(t):
    return np.sum(np.log(np.sum(np.exp(t), axis=1)))


def sums_multiplied_together(a):
    r = a.sum(axis=1)
    c = a.sum(axis=1)
    return np.sum(r * c)


def in_a_loop(a):
    total = 0.0
    for k in range(3):
        total = total + np.sum(np.log(np.sum(np.exp(a * k), axis=0)))
    return total


def mean_in_a_sum(a):
    # the mean's adjoint is printed folded into the sum with the square's (a part of one expression)
    return np.mean(a) ** 2 + np.sum(np.sin(a) ** 2)


def centred_columns(a):
    return np.sum(np.tanh(a - a.mean(axis=0)) * a)


CASES = [(logsumexp_rows, A), (logsumexp_scipy, A), (column_means_squared, A), (row_sums_returned_shape, A),
         (middle_axis, T), (mean_in_a_sum, A), (centred_columns, A),
         (sums_multiplied_together, A), (in_a_loop, A)]


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_written_out_broadcast_gives_the_gradient(f, x):
    got = transpiler.grad(f)(x)
    assert got.shape == x.shape
    assert transpiler.check_grad(f, x).ok
    want = transpiler.grad(f, rewrites=False)(x)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("f, x", CASES[:7], ids=[f.__name__ for f, _ in CASES[:7]])
def test_code_a_call_runs_calls_no_unreduce_helper_where_shapes_are_known(f, x):
    # (also where the adjoint is a part printed folded into the expression reading it)
    source = transpiler.grad(f).compiled((x,)).source
    assert "unreduce" not in source


def test_a_broadcast_read_only_by_arithmetic_is_a_view():
    source = transpiler.grad(logsumexp_rows).compiled((A,)).source
    assert "[:, None]" in source and "np.broadcast_to" not in source


def test_the_gradient_as_returned_has_the_arguments_shape_and_is_writable():
    g = transpiler.grad(column_means_squared)(A)
    assert g.shape == A.shape
    g += 1.0                        # the caller owns it: not a read-only broadcast view


def test_forward_mode_and_hessian_agree_with_the_reverse_gradient():
    v = RNG.standard_normal(A.shape)
    _, tangent = transpiler.jvp(logsumexp_rows, (A,), (v,))
    assert tangent == pytest.approx(np.sum(transpiler.grad(logsumexp_rows)(A) * v), rel=1e-10)
    hv = transpiler.hvp(logsumexp_rows, A, v)
    step = 1e-5
    fd = (transpiler.grad(logsumexp_rows)(A + step * v) - transpiler.grad(logsumexp_rows)(A - step * v)) / (2 * step)
    np.testing.assert_allclose(hv, fd, rtol=1e-5, atol=1e-7)


def test_float32_keeps_its_dtype():
    a = A.astype(np.float32)
    got = transpiler.grad(logsumexp_rows)(a)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, transpiler.grad(logsumexp_rows)(A), rtol=1e-5)


def seed_copied_in_a_branch(x0, x1):
    if np.sum(x1) > 100.0:                       # not taken: d_x0 is the seed itself, copied
        x0 = x0 * np.sin(x1)
    return x0.sum()


def test_a_broadcast_also_read_by_a_copy_keeps_the_arguments_shape(tmp_path):
    """Fuzz seed 51: the seed of ``x0.sum()`` was read by products with (3,)-arrays in one branch
    and copied as ``d_x0`` in the other; the copy must get the broadcast array, not the number
    (a generated Name node shared between both places hid the copy)."""
    x0, x1 = RNG.standard_normal(3), RNG.standard_normal(3)
    got = transpiler.grad(seed_copied_in_a_branch, wrt=(0, 1))(x0, x1)
    assert got[0].shape == (3,) and np.all(got[0] == 1.0)
    from transpiler.check import fuzz
    outcome = fuzz.run_program(fuzz.generate(51), tmp_path)
    assert outcome.status == "ok", outcome.describe()


def vector_summed_along_its_axis(x):
    return np.sum(x, axis=0) * 2.0 + np.mean(x * x, axis=0)


def test_a_vector_reduced_along_its_axis_broadcasts_a_number(tmp_path):
    """Fuzz seed 385: the adjoint of a vector's sum along axis 0 is a Python float there, which
    takes no index (``g[None]``): it is broadcast as it is."""
    x = RNG.standard_normal(5)
    np.testing.assert_allclose(transpiler.grad(vector_summed_along_its_axis)(x), 2.0 + 2 * x / 5, rtol=1e-12)
    from transpiler.check import fuzz
    outcome = fuzz.run_program(fuzz.generate(385), tmp_path)
    assert outcome.status == "ok", outcome.describe()


def half_square_mean(params, x, y):
    """optax's README loss: the mean's adjoint is a number once its broadcast is known."""
    errors = (x.dot(params["w"]) - y) if (y is not None) else x.dot(params["w"])
    return np.mean(0.5 * errors ** 2)


def test_a_known_broadcast_of_a_number_is_never_a_buffer_written_in_place():
    rng = np.random.RandomState(0)
    x, y = rng.normal(size=(16, 4)), rng.normal(size=16)
    params = {"w": np.ones(4)}
    gradient = transpiler.grad(half_square_mean)
    expected = x.T @ (x @ params["w"] - y) / 16
    np.testing.assert_allclose(gradient(params, x, y)["w"], expected, rtol=1e-12)
    assert "out=d_" not in gradient.source(args=(params, x, y))


def horner_sum(x, c0, c1, c2):
    y = 0.0 * x
    for c in (c0, c1, c2):
        y = y * x + c
    return np.sum(y)


def test_a_sum_operand_read_only_for_its_shape_is_not_computed_once_its_broadcast_is_written_out():
    # (unreduce(1.0, y, ...) read y for its shape; written out, nothing reads y: the last
    # iterate is not computed, nor kept alive to the end of the call)
    args = (RNG.standard_normal(7), 0.5, -1.0, 2.0)
    source = transpiler.grad(horner_sum, wrt=(0, 1, 2, 3)).source(args=args)
    assert "np.broadcast_to(1.0, (7,))" in source
    assert "c2" not in source.split("# forward sweep")[1].split("# reverse sweep")[0]
    assert transpiler.check.check_grad(horner_sum, *args, wrt=(0, 1, 2, 3)).ok


def gaussian_kl(lv):
    """A VAE's KL term (N34): the sum's adjoint, a number broadcast, is added to a part printed
    folded (``0.5 * e``), whose shape the transform's names do not hold: its shape rule's."""
    return -0.5 * np.sum(1 + lv - np.exp(lv))


def test_a_number_broadcast_onto_a_folded_part_is_read_as_the_number():
    source = transpiler.grad(gaussian_kl).compiled((A,)).source
    reverse = source.split("# reverse sweep")[1]
    assert "np.broadcast_to" not in reverse and "unreduce" not in reverse and "_part" not in reverse, reverse
    np.testing.assert_allclose(transpiler.grad(gaussian_kl)(A), 0.5 * (np.exp(A) - 1), rtol=1e-12)
    assert transpiler.check_grad(gaussian_kl, A).ok
