"""NumPy functions added for coverage (issue 16): rearranging (roll, triu, rot90, pad, diff ...),
products (cross, kron, tensordot), selection (sort, partition, select, nan_to_num), parts of
real numbers (real, imag, conj, angle, real_if_close), functions returning several arrays
(split family, meshgrid, gradient), and NumPy's keyword spellings of positional parameters.

Every case is checked three ways against central finite differences: the reverse-mode
gradient, the forward-mode JVP along a random direction, and the Hessian (forward mode over the
generated gradient, so through the rules' runtime helpers) against differences of the gradient.
"""
import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient, rng

import transpiler

# np.cross of 2-vectors is deprecated in NumPy 2 but still computed; its rule is checked too
pytestmark = pytest.mark.filterwarnings("ignore:Arrays of 2-dimensional vectors:DeprecationWarning")

X = rng(1).normal(size=(3, 4))
X2 = rng(2).normal(size=(3, 4))
X3 = rng(3).normal(size=(2, 3, 4))
Q = rng(4).normal(size=(4, 4))
V = rng(5).normal(size=5)
V3 = rng(6).normal(size=3)
U3 = rng(7).normal(size=3)
V2 = rng(8).normal(size=2)
U2 = rng(9).normal(size=2)
B43 = rng(10).normal(size=(4, 3))
A34 = rng(11).normal(size=(3, 4))
K22 = rng(12).normal(size=(2, 2))
T423 = rng(13).normal(size=(4, 2, 3))
W34 = rng(20).normal(size=(3, 4))
W44 = rng(21).normal(size=(4, 4))
W5 = rng(22).normal(size=5)
W43 = rng(23).normal(size=(4, 3))
DISTINCT = np.array([[0.3, -1.2, 2.5, 0.9], [1.4, -0.2, -2.1, 0.6], [-0.7, 1.9, 0.1, -1.6]])


# --------------------------------------------------------------------------- rearranging
def roll_positional(x):
    return np.sum(np.sin(np.roll(x, 1)) * W34)


def roll_keywords_tuple_shift(x):
    return np.sum(np.roll(x, shift=(1, -2), axis=(0, 1)) ** 3 * W34)


def roll_axis_positional(x):
    return np.sum(np.cos(np.roll(x, -1, 0)) * W34)


def rollaxis_to_front(x):
    return np.sum(np.rollaxis(x, 2) ** 3)


def rollaxis_keywords(x):
    return np.sum(np.sin(np.rollaxis(x, axis=0, start=3)) * np.arange(24.0).reshape(3, 4, 2))


def flipud_weighted(x):
    return np.sum(np.flipud(x) ** 3 * W34)


def fliplr_weighted(x):
    return np.sum(np.sin(np.fliplr(x)) * W34)


def rot90_default(x):
    return np.sum(np.rot90(x) ** 3 * W43)


def rot90_k_keyword(x):
    return np.sum(np.sin(np.rot90(x, k=2)) * W34)


def rot90_axes(x):
    return np.sum(np.rot90(x, 3, axes=(1, 2)) ** 2 * np.arange(24.0).reshape(2, 4, 3))


def atleast_1d_of_number(s):
    return np.sum(np.atleast_1d(s) ** 3)


def atleast_2d_of_vector(v):
    return np.sum(np.atleast_2d(v) @ np.atleast_2d(v).T) ** 2


def atleast_3d_of_matrix(x):
    return np.sum(np.sin(np.atleast_3d(x)))


def triu_default(x):
    return np.sum(np.triu(x) ** 3 * W44)


def triu_k_keyword(x):
    return np.sum(np.sin(np.triu(x, k=1)) * W34)


def tril_negative_k(x):
    return np.sum(np.tril(x, -1) ** 3 * W34)


def tril_of_product(x):
    return np.sum(np.tril(x @ x.T) ** 2)


def column_stack_vectors(a, b):
    return np.sum(np.column_stack([a, b]) ** 3 * W34[:, :2])


def column_stack_mixed(v, x):
    return np.sum(np.sin(np.column_stack((v, x))) * W44[:3, :])


def append_flat(a, b):
    return np.sum(np.append(a, b) ** 3 * np.arange(17.0))


def append_axis0(x, y):
    return np.sum(np.sin(np.append(x, y, axis=0)) * np.arange(24.0).reshape(6, 4))


def pad_number(x):
    return np.sum(np.pad(x, 1) ** 3 * np.arange(30.0).reshape(5, 6))


def pad_pairs_mode(x):
    return np.sum(np.sin(np.pad(x, ((1, 2), (0, 1)), mode="constant")) * np.arange(30.0).reshape(6, 5))


def pad_constant_values(x):
    return np.sum(np.pad(x, (2, 1), constant_values=3.0) ** 2 * np.arange(42.0).reshape(6, 7))


def pad_vector(v):
    return np.sum(np.pad(v, [(1, 1)]) ** 3 * np.arange(7.0))


def pad_edge(x):
    return np.sum(np.pad(x, 1, mode="edge") ** 3 * np.arange(30.0).reshape(5, 6))


def pad_reflect_pairs(x):
    return np.sum(np.sin(np.pad(x, ((2, 1), (3, 0)), "reflect")) * np.arange(42.0).reshape(6, 7))


def pad_symmetric_wider_than_the_array(v):
    return np.sum(np.pad(v, (7, 2), mode="symmetric") ** 2 * np.arange(14.0))


def pad_wrap_keywords(x):
    return np.sum(np.pad(x, pad_width=(1, 2), mode="wrap") ** 3 * np.arange(42.0).reshape(6, 7))


def diff_default(v):
    return np.sum(np.diff(v) ** 3)


def diff_twice_axis0(x):
    return np.sum(np.sin(np.diff(x, n=2, axis=0)) * W34[:1])


def diff_positional(x):
    return np.sum(np.diff(x, 1, -1) ** 2 * W34[:, :3])


def diff_more_times_than_rows(x):           # an empty difference: its adjoint was shaped (4, 4), not (3, 4)
    return np.sum(np.diff(x, 4, axis=0)) + np.sum(np.diff(x, 3, axis=0) ** 2) + np.sum(x ** 2)


# --------------------------------------------------------------------------- products
def cross_vectors(a, b):
    return np.sum(np.cross(a, b) ** 2)


def cross_batch(a, b):
    return np.sum(np.sin(np.cross(a, b)) * W43)


def cross_2d_vectors(a, b):
    return np.cross(a, b) ** 3


def cross_2d_and_3d(a, b):
    return np.sum(np.cross(a, b) ** 3)


def cross_axis_keywords(a, b):
    return np.sum(np.cross(a, b, axisa=0, axisb=0) ** 2 * W43)


def cross_axis(a, b):
    return np.sum(np.cross(a, b, axis=0) ** 3 * W34[:3])


def kron_matrices(a, b):
    return np.sum(np.kron(a, b) ** 2 * np.arange(48.0).reshape(6, 8))


def kron_vector_matrix(v, b):
    return np.sum(np.sin(np.kron(v, b)))


def tensordot_default(a, b):
    return np.sum(np.tensordot(a, b) ** 2)


def tensordot_one_axis(a, b):
    return np.sum(np.sin(np.tensordot(a, b, axes=1)))


def tensordot_axis_lists(a, b):
    return np.sum(np.tensordot(a, b, axes=([1, 0], [0, 2])) ** 3)


def tensordot_single_pair(a, b):
    return np.sum(np.tensordot(a, b, axes=([0], [1])) ** 2)


# --------------------------------------------------------------------------- selection
def sort_last_axis(x):
    return np.sum(np.sort(x) ** 3 * W34)


def sort_axis0(x):
    return np.sum(np.sin(np.sort(x, axis=0)) * W34)


def sort_flattened(x):
    return np.sum(np.sort(x, axis=None) ** 2 * np.arange(12.0))


def sort_kind(v):
    return np.sum(np.sort(v, kind="stable") * W5) ** 2


def sort_list_display(v):
    return np.sum(np.sort([v[0] * 2.0, v[1], v[2] ** 2]) * np.array([1.0, 2.0, 3.0]))


def partition_vector(v):
    return np.sum(np.partition(v, 2)[:3] ** 3)


def partition_axis0(x):
    return np.sum(np.sin(np.partition(x, 1, axis=0)[1]) * W34[0])


def partition_several(x):
    return np.sum(np.partition(x, [0, 2])[:, 2] ** 3)


def select_two_conditions(x):
    return np.sum(np.select([x > 0.5, x < -0.5], [x ** 2, np.sin(x)], 0.3) * W34)


def select_default_keyword(x):
    return np.sum(np.select([x > 0], [x ** 3], default=np.cos(x)) * W34)


def nan_to_num_plain(x):
    return np.sum(np.nan_to_num(x) ** 3 * W34)


def nan_to_num_keywords(x):
    return np.sum(np.sin(np.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-2.0)) * W34)


def float32_of_array(x):
    return np.sum(np.float32(x) ** 2 * W34)


# --------------------------------------------------------------------------- parts of real numbers
def real_function(x):
    return np.sum(np.real(x) ** 3 * W34)


def real_attribute(x):
    return np.sum(np.sin(x.real) * W34)


def conj_function(x):
    return np.sum(np.conj(x) ** 3 * W34)


def conjugate_method(x):
    return np.sum(x.conjugate() * x.conj() * W34)


def real_if_close_function(x):
    return np.sum(np.real_if_close(x) ** 3)


def imag_plus(x):
    return np.sum(np.imag(x) + x.imag + x ** 3)


def angle_plus(x):
    return np.sum(np.angle(x) * x ** 2)


# --------------------------------------------------------------------------- several arrays
def split_unpacked(x):
    a, b = np.split(x, 2, axis=1)
    return np.sum(a ** 3 * b)


def split_indices_one_piece(x):
    parts = np.split(x, [1, 3], axis=1)
    return np.sum(np.sin(parts[1]))


def array_split_uneven(v):
    first, second, third = np.array_split(v, 3)
    return np.sum(first ** 2) * np.sum(third ** 3) + np.sum(second)


def hsplit_halves(x):
    left, right = np.hsplit(x, 2)
    return np.sum(left * right ** 2)


def vsplit_rows(x):
    top, bottom = np.vsplit(x, [1])
    return np.sum(top ** 3) + np.sum(np.sin(bottom))


def dsplit_depth(x):
    front, back = np.dsplit(x, 2)
    return np.sum(front ** 2 * back)


def meshgrid_xy(a, b):
    gx, gy = np.meshgrid(a, b)
    return np.sum(np.sin(gx * gy))


def meshgrid_ij_three(a, b, c):
    ga, gb, gc = np.meshgrid(a, b, c, indexing="ij")
    return np.sum(ga ** 2 * gb * gc)


def gradient_vector(v):
    return np.sum(np.gradient(v) ** 3)


def gradient_spacing(v):
    return np.sum(np.sin(np.gradient(v, 0.5)))


def gradient_axis(x):
    return np.sum(np.gradient(x, axis=1) ** 2 * W34)


def gradient_second_order_edges(v):
    return np.sum(np.gradient(v, edge_order=2) ** 3)


def gradient_both_axes(x):
    d0, d1 = np.gradient(x)
    return np.sum(d0 ** 2 * d1)


CASES = {
    np.roll: [(roll_positional, (X,), (0,)), (roll_keywords_tuple_shift, (X2,), (0,)),
              (roll_axis_positional, (X,), (0,))],
    np.rollaxis: [(rollaxis_to_front, (X3,), (0,)), (rollaxis_keywords, (X3,), (0,))],
    np.flipud: [(flipud_weighted, (X,), (0,)), (flipud_weighted, (X2,), (0,))],
    np.fliplr: [(fliplr_weighted, (X,), (0,)), (fliplr_weighted, (X2.T.copy().T,), (0,))],
    np.rot90: [(rot90_default, (X,), (0,)), (rot90_k_keyword, (X2,), (0,)), (rot90_axes, (X3,), (0,))],
    np.atleast_1d: [(atleast_1d_of_number, (0.7,), (0,)), (atleast_1d_of_number, (V,), (0,))],
    np.atleast_2d: [(atleast_2d_of_vector, (V,), (0,)), (atleast_2d_of_vector, (V3,), (0,))],
    np.atleast_3d: [(atleast_3d_of_matrix, (X,), (0,))],
    np.triu: [(triu_default, (Q,), (0,)), (triu_k_keyword, (X,), (0,))],
    np.tril: [(tril_negative_k, (X,), (0,)), (tril_of_product, (X2,), (0,))],
    np.column_stack: [(column_stack_vectors, (V3, U3), (0, 1)), (column_stack_mixed, (V3, X[:, :3]), (0, 1))],
    np.append: [(append_flat, (V, X), (0, 1)), (append_axis0, (X, X2), (0, 1))],
    np.pad: [(pad_number, (X,), (0,)), (pad_pairs_mode, (X2,), (0,)), (pad_constant_values, (X,), (0,)),
             (pad_vector, (V,), (0,)), (pad_edge, (X,), (0,)), (pad_reflect_pairs, (X,), (0,)),
             (pad_symmetric_wider_than_the_array, (V,), (0,)), (pad_wrap_keywords, (X,), (0,))],
    np.diff: [(diff_default, (V,), (0,)), (diff_twice_axis0, (X,), (0,)), (diff_positional, (X2,), (0,)),
              (diff_more_times_than_rows, (X,), (0,))],
    np.cross: [(cross_vectors, (V3, U3), (0, 1)), (cross_batch, (B43, U3), (0, 1)),
               (cross_2d_vectors, (V2, U2), (0, 1)), (cross_2d_and_3d, (V2, U3), (0, 1)),
               (cross_axis_keywords, (A34, rng(30).normal(size=(3, 4))), (0, 1)),
               (cross_axis, (A34, X2), (0, 1))],
    np.kron: [(kron_matrices, (X[:2, :2].copy(), A34[:, :]), (0, 1)), (kron_vector_matrix, (V3, K22), (0, 1))],
    np.tensordot: [(tensordot_default, (X3, A34), (0, 1)), (tensordot_one_axis, (X, B43), (0, 1)),
                   (tensordot_axis_lists, (X, rng(31).normal(size=(4, 2, 3))), (0, 1)),
                   (tensordot_single_pair, (X, rng(33).normal(size=(2, 3))), (0, 1))],
    np.sort: [(sort_last_axis, (X,), (0,)), (sort_axis0, (DISTINCT,), (0,)), (sort_flattened, (X2,), (0,)),
              (sort_kind, (V,), (0,)), (sort_list_display, (V3,), (0,))],
    np.partition: [(partition_vector, (V,), (0,)), (partition_axis0, (DISTINCT,), (0,)),
                   (partition_several, (X,), (0,))],
    np.select: [(select_two_conditions, (X,), (0,)), (select_default_keyword, (X2,), (0,))],
    np.nan_to_num: [(nan_to_num_plain, (X,), (0,)), (nan_to_num_keywords, (X2,), (0,))],
    np.real: [(real_function, (X,), (0,)), (real_attribute, (X2,), (0,))],
    np.conj: [(conj_function, (X,), (0,)), (conjugate_method, (X2,), (0,))],
    np.real_if_close: [(real_if_close_function, (X,), (0,))],
    np.imag: [(imag_plus, (X,), (0,))],
    np.angle: [(angle_plus, (X,), (0,))],
    np.split: [(split_unpacked, (X,), (0,)), (split_indices_one_piece, (X2,), (0,))],
    np.array_split: [(array_split_uneven, (rng(32).normal(size=7),), (0,))],
    np.hsplit: [(hsplit_halves, (X,), (0,))],
    np.vsplit: [(vsplit_rows, (X2,), (0,))],
    np.dsplit: [(dsplit_depth, (X3,), (0,))],
    np.meshgrid: [(meshgrid_xy, (V3, V), (0, 1)), (meshgrid_ij_three, (V2, V3, U2), (0, 1, 2))],
    np.gradient: [(gradient_vector, (V,), (0,)), (gradient_spacing, (V,), (0,)), (gradient_axis, (X,), (0,)),
                  (gradient_second_order_edges, (V,), (0,)), (gradient_both_axes, (X2,), (0,))],
}

# np.float32 rounds to about 7 digits: finite differences over float64-sized steps see the
# rounding (a few per cent), so its cases carry their own tolerance.
FLOAT32_POINTS = np.array([[0.5, -1.25, 2.0, 0.75], [1.5, -0.25, 0.125, -2.0], [3.0, 0.375, -0.5, 1.0]])
CASES[np.float32] = [(float32_of_array, (FLOAT32_POINTS,), (0,), 0.1)]


# --------------------------------------------------------------------------- keyword spellings
def repeat_keywords(x):
    return np.sum(np.repeat(x, repeats=2, axis=0) ** 3)


def repeat_method_keywords(x):
    return np.sum(np.sin(x.repeat(repeats=3, axis=1)))


def moveaxis_keywords(x):
    return np.sum(np.moveaxis(x, source=0, destination=2) ** 3 * np.arange(24.0).reshape(3, 4, 2))


def swapaxes_keywords(x):
    return np.sum(np.sin(np.swapaxes(x, axis1=0, axis2=1)) * W43)


def clip_keywords(x):
    return np.sum(np.clip(x, a_min=-0.5, a_max=0.5) ** 3 * W34)


def clip_upper_keyword_only(x):
    return np.sum(np.sin(np.clip(x, a_min=None, a_max=0.4)) * W34)


def clip_method_keywords(x):
    return np.sum(x.clip(min=-0.3) ** 3 * W34)


def clip_numpy2_keywords(x):
    return np.sum(np.clip(x, min=-0.2, max=0.6) ** 3 * W34)


def partition_kth_keyword(x):
    return np.sum(np.partition(x, kth=2, axis=1)[:, :2] ** 3)


def split_sections_keyword(x):
    left, right = np.split(x, indices_or_sections=2, axis=1)
    return np.sum(left ** 2 * right)


def select_all_keywords(x):
    return np.sum(np.select(condlist=[x > 0.2], choicelist=[np.sin(x)], default=x ** 2))


def tensordot_axes_keyword(a, b):
    return np.sum(np.tensordot(a, b, axes=([1], [0])) ** 3)


def pad_width_keyword(x):
    return np.sum(np.pad(x, pad_width=((1, 1),), mode="constant") ** 3)


def einsum_interleaved(a, b):
    return np.sum(np.einsum(a, [0, 1], b, [1, 2]) ** 2)


def einsum_interleaved_output(a, b):
    return np.sum(np.sin(np.einsum(a, [0, 1], b, [1, 2], [2, 0])))


KEYWORD_CASES = [
    (repeat_keywords, (X,), (0,)), (repeat_method_keywords, (X2,), (0,)), (moveaxis_keywords, (X3,), (0,)),
    (swapaxes_keywords, (X,), (0,)), (clip_keywords, (X,), (0,)), (clip_upper_keyword_only, (X2,), (0,)),
    (clip_method_keywords, (X,), (0,)), (clip_numpy2_keywords, (X2,), (0,)),
    (partition_kth_keyword, (X,), (0,)), (split_sections_keyword, (X2,), (0,)),
    (select_all_keywords, (X,), (0,)), (tensordot_axes_keyword, (X, B43), (0, 1)),
    (pad_width_keyword, (X2,), (0,)),
    (einsum_interleaved, (X, B43), (0, 1)),
    (einsum_interleaved_output, (X2, B43), (0, 1)),
]
ALL = [(key, case) for key, cases in CASES.items() for case in cases] + [(None, c) for c in KEYWORD_CASES]
# Hessians through einsum stop at its adjoint helper (np.linalg and einsum are another item).
NO_HESSIAN = {einsum_interleaved, einsum_interleaved_output}


def _id(value):
    return value.__name__ if callable(value) else None


@pytest.mark.parametrize("key, case", ALL, ids=lambda v: _id(v[0]) if isinstance(v, tuple) else _id(v))
def test_gradient_matches_finite_differences(key, case):
    fn, args, wrt, *tolerance = case
    before = [np.copy(a) for a in args]
    check_gradient(fn, args, wrt, rtol=max([1e-5, *tolerance]), atol=1e-7)
    for old, new in zip(before, args):
        np.testing.assert_array_equal(old, new)      # the caller's arrays are not mutated


@pytest.mark.parametrize("key, case", ALL, ids=lambda v: _id(v[0]) if isinstance(v, tuple) else _id(v))
def test_jvp_matches_finite_differences(key, case):
    fn, args, wrt, *tolerance = case
    directions = [rng(60 + i).normal(size=np.shape(args[i])) if i in wrt else None for i in range(len(args))]
    value, tangent = transpiler.jvp(fn, args, [d if d is None or np.ndim(d) else float(d) for d in directions])
    expected = sum(np.sum(numeric_gradient(fn, list(args), i) * directions[i]) for i in wrt)
    np.testing.assert_allclose(value, fn(*args), rtol=1e-12)
    np.testing.assert_allclose(tangent, expected, rtol=max([1e-5, *tolerance]), atol=1e-7)


@pytest.mark.parametrize("key, case", [kc for kc in ALL if kc[1][0] not in NO_HESSIAN],
                         ids=lambda v: _id(v[0]) if isinstance(v, tuple) else _id(v))
def test_hessian_matches_differences_of_the_gradient(key, case):
    fn, args, wrt, *tolerance = case
    i = wrt[0]
    hessian = np.asarray(transpiler.hessian(fn, wrt=i)(*args))
    x = np.array(args[i], dtype=float)
    grad = transpiler.grad(fn, wrt=i)
    expected = np.zeros(np.shape(x) * 2)
    for idx in np.ndindex(np.shape(x)):
        step = 1e-5 * max(1.0, abs(x[idx]))
        up, down = x.copy(), x.copy()
        up[idx] += step
        down[idx] -= step
        at = lambda v: grad(*[v if j == i else a for j, a in enumerate(args)])   # noqa: E731
        expected[(Ellipsis,) + idx] = (np.asarray(at(up)) - np.asarray(at(down))) / (2 * step)
    np.testing.assert_allclose(hessian, expected, rtol=max([1e-4, *tolerance]), atol=1e-6)


def test_float32_has_derivative_one_in_both_modes():
    x = np.array([0.5, -1.25, 2.0])       # exact in float32

    def f(x):
        return np.sum(np.float32(x) * x)

    np.testing.assert_allclose(transpiler.grad(f)(x), 2 * x, rtol=1e-6)
    np.testing.assert_allclose(transpiler.jvp(f, (x,), (np.ones(3),))[1], np.sum(2 * x), rtol=1e-6)


def test_int64_carries_no_derivative():
    def f(x):
        return np.sum(x * np.int64(3) + np.int64(x))

    np.testing.assert_allclose(transpiler.grad(f)(np.array([0.3, 1.7])), [3.0, 3.0])


# --------------------------------------------------------------------------- refusals
def pad_empty(x):
    return np.sum(np.pad(x, 1, mode="empty"))


def pad_odd_reflection(x):
    return np.sum(np.pad(x, 1, mode="reflect", reflect_type="odd"))


def pad_computed_constant(x):
    return np.sum(np.pad(x, 1, constant_values=np.sum(x)))


def meshgrid_five(x):
    grids = np.meshgrid(x[0], x[1], x[2], x[0], x[1])
    return np.sum(grids[0])


@pytest.mark.parametrize("fn, phrase", [(pad_empty, "mode='empty'"), (pad_odd_reflection, "reflect_type='odd'"),
                                        (pad_computed_constant, "constant_values"),
                                        (meshgrid_five, "more than 4 arrays")])
def test_calls_without_a_rule_are_refused_where_written(fn, phrase):
    with pytest.raises(transpiler.UnsupportedSyntaxError) as raised:
        transpiler.grad(fn)(np.array(X))
    assert phrase in str(raised.value)
    assert "test_numpy_coverage.py" in str(raised.value)


def real_of_complex(z):
    return np.sum(np.real(z) ** 2)


def test_real_of_complex_input_follows_the_complex_convention():
    z = np.array([1.0 + 2.0j, -0.5 + 0.3j])     # d/dx - 1j d/dy of Re(z)²: 2 Re(z)
    np.testing.assert_allclose(transpiler.grad(real_of_complex)(z), 2 * np.real(z) + 0j)
