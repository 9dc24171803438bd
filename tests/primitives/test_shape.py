"""Shape rules: gradients against finite differences, including 0-d, negative axes and
non-contiguous inputs; list arguments (concatenate, stack, array); and constructors, whose
outputs carry no derivative but must leave the gradient of the surrounding code right."""
import inspect

import numpy as np
import pytest
from array_check import check_gradient, rng

import transpiler
from transpiler.primitives.output_shapes import NOT_CONSTANT, Pieces
from transpiler.primitives import REGISTRY
from transpiler.primitives import shape as shape_rules


def weights(*shape, seed):
    return rng(100 + seed).normal(size=shape)


X = rng(4).normal(size=(2, 3))
X_F = np.asfortranarray(rng(40).normal(size=(2, 3)))          # column-major
X_T = rng(41).normal(size=(3, 2)).T                           # transposed view
X_STEP = rng(42).normal(size=(2, 6))[:, ::2]                  # strided view
X234 = rng(43).normal(size=(2, 3, 4))
X234_T = rng(44).normal(size=(4, 3, 2)).T
X131 = rng(45).normal(size=(1, 3, 1))
X131_STEP = rng(46).normal(size=(1, 6, 1))[:, ::2]
X21 = rng(47).normal(size=(2, 1))
X13 = rng(48).normal(size=(1, 3))
X22 = rng(50).normal(size=(2, 2))
V2 = rng(51).normal(size=(2,))
V3 = rng(52).normal(size=(3,))
V3B = rng(53).normal(size=(3,))
V4 = rng(54).normal(size=(4,))
V6_STEP = rng(55).normal(size=(12,))[::2]
S = 0.7
T = -1.3
U = 2.1

W6 = rng(5).normal(size=(6,))
W32 = rng(6).normal(size=(3, 2))
W2 = weights(2, seed=0)
W3 = weights(3, seed=1)
W5 = weights(5, seed=2)
W10 = weights(10, seed=3)
W12 = weights(12, seed=4)
W23 = weights(2, 3, seed=5)
W33 = weights(3, 3, seed=6)
W21 = weights(2, 1, seed=7)
W13 = weights(1, 3, seed=8)
W31 = weights(3, 1, seed=9)
W123 = weights(1, 2, 3, seed=10)
W231 = weights(2, 3, 1, seed=11)
W1213 = weights(1, 2, 1, 3, seed=12)
W26 = weights(2, 6, seed=13)
W43 = weights(4, 3, seed=14)
W24 = weights(2, 4, seed=15)
W223 = weights(2, 2, 3, seed=18)
W432 = weights(4, 3, 2, seed=20)
W342 = weights(3, 4, 2, seed=21)
W423 = weights(4, 2, 3, seed=22)
W1 = weights(1, seed=24)
W22 = weights(2, 2, seed=26)
W226 = weights(2, 2, 6, seed=27)
W4 = weights(4, seed=30)
W216 = weights(2, 1, 6, seed=31)
W25 = weights(2, 5, seed=32)
W53 = weights(5, 3, seed=33)
W232 = weights(2, 3, 2, seed=34)
W9 = weights(9, seed=39)
W35 = weights(3, 5, seed=42)
W1_ = weights(1, seed=43)
W19 = weights(19, seed=44)


# --------------------------------------------------------------------------- transpose, reshape, ravel
def transpose_weighted(x):
    return np.sum(np.transpose(x) * W32)


def transpose_attribute(x):
    return np.sum(x.T * W32)


def reshape_flat(x):
    return np.sum(np.reshape(x, (6,)) * W6)


def reshape_method_varargs(x):
    return np.sum(x.reshape(3, 2) * W32)


def ravel_weighted(x):
    return np.sum(np.ravel(x) * W6)


def ravel_fortran_weighted(x):
    return np.sum(np.ravel(x, order="F") ** 2 * W6)


def ravel_memory_order_of_rows(x):
    return np.sum(x[0].ravel("K") * x[1].flatten(order="A"))


# --------------------------------------------------------------------------- expand_dims, squeeze
def expand_dims_front(x):
    return np.sum(np.expand_dims(x, 0) * W123)


def expand_dims_keyword_negative(x):
    return np.sum(np.expand_dims(x, axis=-1) * W231)


def expand_dims_tuple(x):
    return np.sum(np.expand_dims(x, (0, -2)) * W1213)


def expand_dims_scalar(s):
    return np.sum(np.expand_dims(s, 0) * W1)


def expand_dims_nonlinear(x):
    return np.sum(np.sin(np.expand_dims(x, axis=1)) * np.expand_dims(W23, 1))


def squeeze_all(x):
    return np.sum(np.squeeze(x) * W3)


def squeeze_axis0(x):
    return np.sum(np.squeeze(x, axis=0) * W31)


def squeeze_negative_positional(x):
    return np.sum(np.squeeze(x, -1) * W13)


def squeeze_tuple(x):
    return np.sum(np.squeeze(x, axis=(0, 2)) * W3)


def squeeze_method(x):
    return np.sum(x.squeeze() * W3)


def squeeze_scalar(s):
    return np.squeeze(s) * 1.7


def squeeze_to_scalar(x):
    return np.squeeze(x) * np.squeeze(x)


# --------------------------------------------------------------------------- swapaxes, moveaxis, flip
def swapaxes_outer(x):
    return np.sum(np.swapaxes(x, 0, 2) * W432)


def swapaxes_negative(x):
    return np.sum(np.swapaxes(x, -1, 0) * W32)


def moveaxis_to_end(x):
    return np.sum(np.moveaxis(x, 0, -1) * W342)


def moveaxis_tuple(x):
    return np.sum(np.moveaxis(x, (0, 1), (-1, -2)) * W432)


def moveaxis_square(x):
    return np.sum(np.moveaxis(x, -1, 0) ** 2 * W423)


def flip_all(x):
    return np.sum(np.flip(x) * W23)


def flip_axis0(x):
    return np.sum(np.flip(x, 0) * W23)


def flip_keyword_negative(x):
    return np.sum(np.flip(x, axis=-1) * W23)


def flip_tuple(x):
    return np.sum(np.flip(x, axis=(0, 2)) * X234_WEIGHT)


X234_WEIGHT = weights(2, 3, 4, seed=50)


def flip_scalar(s):
    return np.flip(s) * 2.5


def flip_vector_nonlinear(v):
    return np.sum(np.flip(v) * v * W3)


# --------------------------------------------------------------------------- copy
def copy_function(x):
    return np.sum(np.copy(x) * W23)


def copy_method(x):
    return np.sum(x.copy() * x * W23)


def copy_scalar(s):
    return np.copy(s) * s


def copy_used_twice(x):
    y = np.copy(x)
    return np.sum(y * W23) + np.sum(np.sin(y))


# --------------------------------------------------------------------------- broadcast_to, tile, repeat
def broadcast_row(v):
    return np.sum(np.broadcast_to(v, (2, 3)) * W23)


def broadcast_column(x):
    return np.sum(np.broadcast_to(x, (2, 3)) * W23)


def broadcast_scalar(s):
    return np.sum(np.broadcast_to(s, (2, 3)) * W23)


def broadcast_keyword_new_axes(x):
    return np.sum(np.broadcast_to(x, shape=(2, 2, 3)) * W223)


def broadcast_then_square(v):
    return np.sum(np.broadcast_to(v, (4, 3)) ** 2 * W43)


def tile_int(x):
    return np.sum(np.tile(x, 2) * W26)


def tile_tuple(x):
    return np.sum(np.tile(x, (2, 1)) * W43)


def tile_promotes_input(x):
    return np.sum(np.tile(x, (2, 1, 2)) * W226)


def tile_short_reps(x):
    return np.sum(np.tile(x, (2,)) * W216)


def tile_scalar(s):
    return np.sum(np.tile(s, 3) * W3)


def tile_vector_2d(v):
    return np.sum(np.tile(v, (4, 2)) * W426_VEC)


W426_VEC = weights(4, 6, seed=51)


def repeat_flat(x):
    return np.sum(np.repeat(x, 2) * W12)


def repeat_axis0(x):
    return np.sum(np.repeat(x, 2, axis=0) * W43)


def repeat_negative_axis(x):
    return np.sum(np.repeat(x, 2, axis=-1) * W26)


def repeat_method(x):
    return np.sum(x.repeat(3, axis=1) * X29_WEIGHT)


X29_WEIGHT = weights(2, 9, seed=52)


def repeat_scalar(s):
    return np.sum(np.repeat(s, 3) * W3)


def repeat_counts(x):
    return np.sum(np.repeat(x, [1, 0, 2], axis=1) * W23)


def repeat_counts_flat(v):
    return np.sum(np.repeat(v, [2, 1, 3]) * W6)


# --------------------------------------------------------------------------- concatenate
def concatenate_rows(a, b):
    return np.sum(np.concatenate([a, b]) * W33)


def concatenate_three_columns(a, b, c):
    return np.sum(np.concatenate([a, b, c], axis=1) * W26)


def concatenate_last_axis_tuple(a, b):
    return np.sum(np.concatenate((a, b), -1) * W25)


def concatenate_flattened(a, b):
    return np.sum(np.concatenate([a, b], axis=None) * W10)


def concatenate_vectors_nonlinear(a, b, c):
    return np.sum(np.concatenate([a, b, c]) ** 2 * W9_)


W9_ = weights(3 + 2 + 4, seed=53)


def concatenate_same_twice(a):
    return np.sum(np.concatenate([a, a, a], axis=0) * W9)


def concatenate_with_constant(a):
    return np.sum(np.concatenate([a, np.zeros(2), a], axis=0) * W6)


def concatenate_list_variable(a, b):
    pieces = [a, b]
    joined = np.concatenate(pieces, axis=0)
    return np.sum(joined * W33)


def list_shared_by_two_rules(a, b):
    pieces = [a, b]
    return np.sum(np.concatenate(pieces) * W6) + np.sum(np.stack(pieces) ** 2 * W23)


def list_shared_by_two_concatenates(a, b):
    pieces = [a, b]
    return np.sum(np.concatenate(pieces) * W5) + np.sum(np.concatenate(pieces) ** 2 * W5)


def concatenate_array_argument(x):
    return np.sum(np.concatenate(x) * W6)


# --------------------------------------------------------------------------- stack, hstack, vstack
def stack_scalars(a, b, c):
    return np.sum(np.stack([a, b, c]) * W3)


def stack_rows(a, b):
    return np.sum(np.stack([a, b]) * W223)


def stack_axis1(a, b, c):
    return np.sum(np.stack([a, b, c], axis=1) * W23)


def stack_negative_axis(a, b):
    return np.sum(np.stack((a, b), axis=-1) * W232)


def stack_array_argument(x):
    return np.sum(np.stack(x, axis=1) * W32)


def stack_same_twice(v):
    return np.sum(np.stack([v, v * v]) * W23)


def hstack_vectors(a, b):
    return np.sum(np.hstack([a, b]) * W5)


def hstack_matrices(a, b):
    return np.sum(np.hstack([a, b]) * W24)


def hstack_scalars(a, b, c):
    return np.sum(np.hstack([a, b, c]) * W3)


def hstack_mixed_scalar_vector(a, v):
    return np.sum(np.hstack([a, v]) * W4)


def hstack_3d(a, b):
    return np.sum(np.hstack((a, b)) * W262)


W262 = weights(2, 6, 4, seed=54)


def hstack_array_argument(x):
    return np.sum(np.hstack(x) * W6)


def vstack_vectors(a, b):
    return np.sum(np.vstack([a, b]) * W23)


def vstack_matrices(a, b):
    return np.sum(np.vstack([a, b]) * W33)


def vstack_vector_and_matrix(v, m):
    return np.sum(np.vstack([v, m]) * W33)


def vstack_scalars(a, b):
    return np.sum(np.vstack([a, b]) * W21)


def vstack_array_argument(x):
    return np.sum(np.vstack(x) * W23)


# --------------------------------------------------------------------------- array, asarray
def array_of_scalars(a, b, c):
    return np.sum(np.array([a, b, c]) * W3)


def array_of_scalars_nonlinear(a, b):
    return np.sum(np.array([a * b, b, a]) ** 2 * W3)


def array_of_vectors(a, b):
    return np.sum(np.array([a, b]) * W23)


def array_nested(a, b, c):
    return np.sum(np.array([[a, b], [c, a]]) * W22)


def array_of_array(x):
    return np.sum(np.array(x) * W23)


def array_dtype_keyword(a, b):
    return np.sum(np.array([a, b], dtype="float64") * W2)


def asarray_array(x):
    return np.sum(np.asarray(x) * x * W23)


def asarray_list(a, b):
    return np.sum(np.asarray([a, b]) * W2)


def asarray_scalar(s):
    return np.asarray(s) * 3.0


# --------------------------------------------------------------------------- full, linspace
def full_scalar_fill(s):
    return np.sum(np.full(3, s) * W3)


def full_broadcast_fill(v):
    return np.sum(np.full((2, 3), v) * W23)


def full_fill_square(s):
    return np.sum(np.full((2, 2), s * s) * W22)


def arange_from_active_start_and_step(start, step):
    return np.sum(np.arange(start, 5.0, step) ** 2)


def arange_whose_stop_moves_with_start(start):
    return np.sum(np.sin(np.arange(start, start + 3.0)))


def arange_of_an_active_stop(stop):
    return np.sum(np.arange(stop) * 1.5)


def linspace_endpoints(a, b):
    return np.sum(np.linspace(a, b, 5) * W5)


def linspace_no_endpoint(a, b):
    return np.sum(np.linspace(a, b, num=5, endpoint=False) * W5)


def linspace_single(a, b):
    return np.sum(np.linspace(a, b, 1) * W1_)


def linspace_constant_start(b):
    return np.sum(np.sin(np.linspace(0.0, b, 19)) * W19)


def linspace_arrays(a, b):
    return np.sum(np.linspace(a, b, 5) * W53)


def linspace_arrays_last_axis(a, b):
    return np.sum(np.linspace(a, b, 5, axis=-1) * W35)


def linspace_broadcast_ends(a, b):
    return np.sum(np.linspace(a, b, 5, axis=1) * W35_1)


W35_1 = weights(3, 5, seed=55)


def full_like_active_fill_weighted(x, s):
    return np.sum(np.full_like(x, s) * W23 + x)


CASES = {
    np.transpose: [(transpose_weighted, (X,), (0,)), (transpose_attribute, (X,), (0,)),
                   (transpose_weighted, (X_F,), (0,))],
    np.reshape: [(reshape_flat, (X,), (0,)), (reshape_method_varargs, (X,), (0,)),
                 (reshape_flat, (X_T,), (0,))],
    np.ravel: [(ravel_weighted, (X,), (0,)), (ravel_weighted, (X_STEP,), (0,))],
    shape_rules.ravel_in_order: [(ravel_fortran_weighted, (X,), (0,)), (ravel_fortran_weighted, (X_STEP,), (0,)),
                                 (ravel_memory_order_of_rows, (X_STEP,), (0,))],
    np.expand_dims: [(expand_dims_front, (X,), (0,)), (expand_dims_keyword_negative, (X,), (0,)),
                     (expand_dims_tuple, (X,), (0,)), (expand_dims_tuple, (X_T,), (0,)),
                     (expand_dims_scalar, (S,), (0,)), (expand_dims_nonlinear, (X_STEP,), (0,))],
    np.squeeze: [(squeeze_all, (X131,), (0,)), (squeeze_axis0, (X131,), (0,)),
                 (squeeze_negative_positional, (X131,), (0,)), (squeeze_tuple, (X131,), (0,)),
                 (squeeze_method, (X131_STEP,), (0,)), (squeeze_all, (V3,), (0,)),
                 (squeeze_scalar, (S,), (0,)), (squeeze_to_scalar, (np.array([[S]]),), (0,))],
    np.swapaxes: [(swapaxes_outer, (X234,), (0,)), (swapaxes_outer, (X234_T,), (0,)),
                  (swapaxes_negative, (X,), (0,)), (swapaxes_negative, (X_F,), (0,))],
    np.moveaxis: [(moveaxis_to_end, (X234,), (0,)), (moveaxis_tuple, (X234,), (0,)),
                  (moveaxis_square, (X234_T,), (0,))],
    np.flip: [(flip_all, (X,), (0,)), (flip_axis0, (X_T,), (0,)), (flip_keyword_negative, (X_STEP,), (0,)),
              (flip_tuple, (X234,), (0,)), (flip_scalar, (S,), (0,)), (flip_vector_nonlinear, (V3,), (0,))],
    np.copy: [(copy_function, (X,), (0,)), (copy_method, (X_T,), (0,)), (copy_scalar, (S,), (0,)),
              (copy_used_twice, (X_STEP,), (0,))],
    np.broadcast_to: [(broadcast_row, (V3,), (0,)), (broadcast_column, (X21,), (0,)),
                      (broadcast_column, (X13,), (0,)), (broadcast_scalar, (S,), (0,)),
                      (broadcast_keyword_new_axes, (X13,), (0,)), (broadcast_keyword_new_axes, (X,), (0,)),
                      (broadcast_then_square, (V6_STEP[:3],), (0,))],
    np.tile: [(tile_int, (X,), (0,)), (tile_tuple, (X_T,), (0,)), (tile_promotes_input, (X,), (0,)),
              (tile_short_reps, (X21[:, :, None] * V6_STEP[:3],), (0,)), (tile_scalar, (S,), (0,)),
              (tile_vector_2d, (V3,), (0,))],
    np.repeat: [(repeat_flat, (X,), (0,)), (repeat_axis0, (X_F,), (0,)), (repeat_negative_axis, (X_STEP,), (0,)),
                (repeat_method, (X,), (0,)), (repeat_scalar, (S,), (0,)), (repeat_counts, (X_T,), (0,)),
                (repeat_counts_flat, (V3,), (0,))],
    np.concatenate: [(concatenate_rows, (X, X13), (0, 1)),
                     (concatenate_rows, (X_T, X13), (0, 1)),
                     (concatenate_three_columns, (X, X21, X22), (0, 1, 2)),
                     (concatenate_three_columns, (X_STEP, X21, X22), (0, 2)),
                     (concatenate_last_axis_tuple, (X_F, X22), (0, 1)),
                     (concatenate_flattened, (X, V4), (0, 1)),
                     (concatenate_vectors_nonlinear, (V3, V2, V4), (0, 1, 2)),
                     (concatenate_same_twice, (V3,), (0,)),
                     (concatenate_with_constant, (V2.copy()[::-1],), (0,)),
                     (concatenate_list_variable, (X, X13), (0, 1)),
                     (list_shared_by_two_rules, (V3, V3B), (0, 1)),
                     (list_shared_by_two_concatenates, (V3, V2), (0, 1)),
                     (concatenate_array_argument, (X,), (0,))],
    np.stack: [(stack_scalars, (S, T, U), (0, 1, 2)), (stack_rows, (X, X_T), (0, 1)),
               (stack_axis1, (V2, V2[::-1], V2 * 2), (0, 1, 2)), (stack_negative_axis, (X, X_STEP), (0, 1)),
               (stack_array_argument, (X,), (0,)), (stack_same_twice, (V3,), (0,))],
    np.hstack: [(hstack_vectors, (V3, V2), (0, 1)), (hstack_matrices, (X, X21), (0, 1)),
                (hstack_matrices, (X_T, X21), (0,)), (hstack_scalars, (S, T, U), (0, 1, 2)),
                (hstack_mixed_scalar_vector, (S, V3), (0, 1)),
                (hstack_3d, (X234, rng(60).normal(size=(2, 3, 4))), (0, 1)),
                (hstack_array_argument, (X,), (0,))],
    np.vstack: [(vstack_vectors, (V3, V3B), (0, 1)), (vstack_matrices, (X, X13), (0, 1)),
                (vstack_matrices, (X_STEP, X13), (0, 1)), (vstack_vector_and_matrix, (V3, X), (0, 1)),
                (vstack_scalars, (S, T), (0, 1)), (vstack_array_argument, (X,), (0,))],
    np.array: [(array_of_scalars, (S, T, U), (0, 1, 2)), (array_of_scalars_nonlinear, (S, T), (0, 1)),
               (array_of_vectors, (V3, V3B[::-1]), (0, 1)), (array_nested, (S, T, U), (0, 1, 2)),
               (array_of_array, (X_T,), (0,)), (array_dtype_keyword, (S, T), (0, 1))],
    np.asarray: [(asarray_array, (X,), (0,)), (asarray_array, (X_STEP,), (0,)), (asarray_list, (S, T), (0, 1)),
                 (asarray_scalar, (S,), (0,))],
    np.full_like: [(full_like_active_fill_weighted, (X, S), (0, 1))],
    np.full: [(full_scalar_fill, (S,), (0,)), (full_broadcast_fill, (V3,), (0,)),
              (full_broadcast_fill, (X21,), (0,)), (full_fill_square, (T,), (0,))],
    # regression: np.arange was non-differentiable, silently zeroing a float start's gradient
    np.arange: [(arange_from_active_start_and_step, (0.3, 0.7), (0, 1)),
                (arange_whose_stop_moves_with_start, (0.3,), (0,)), (arange_of_an_active_stop, (3.5,), (0,))],
    np.linspace: [(linspace_endpoints, (S, U), (0, 1)), (linspace_no_endpoint, (S, U), (0, 1)),
                  (linspace_single, (S, U), (0, 1)), (linspace_constant_start, (U,), (0,)),
                  (linspace_arrays, (V3, V3B), (0, 1)), (linspace_arrays_last_axis, (V3, V3B), (0, 1)),
                  (linspace_broadcast_ends, (S, V3), (0, 1))],
}


# Rules whose argument is a list display: the rule's adjoint for the list is split per element.
LIST_ARGUMENT = {
    concatenate_rows, concatenate_three_columns, concatenate_last_axis_tuple, concatenate_flattened,
    concatenate_vectors_nonlinear, concatenate_same_twice, concatenate_with_constant,
    concatenate_list_variable, list_shared_by_two_rules, list_shared_by_two_concatenates, stack_scalars, stack_rows, stack_axis1,
    stack_negative_axis, stack_same_twice, hstack_vectors, hstack_matrices, hstack_scalars,
    hstack_mixed_scalar_vector, hstack_3d, vstack_vectors, vstack_matrices, vstack_vector_and_matrix,
    vstack_scalars, array_of_scalars, array_of_scalars_nonlinear, array_of_vectors, array_nested,
    array_dtype_keyword, asarray_list,
}


def _case_id(value):
    if isinstance(value, tuple) and value and callable(value[0]):
        return value[0].__name__
    return getattr(value, "__name__", None)


ALL_CASES = [(k, c) for k, cs in CASES.items() for c in cs]
GRADIENT_CASES = [pytest.param(k, c, id=f"{_case_id(k)}-{_case_id(c)}",
                               marks=[])
                  for k, c in ALL_CASES]


@pytest.mark.parametrize("key, case", GRADIENT_CASES)
def test_shape_rule_gradient_matches_finite_differences(key, case):
    fn, args, wrt = case
    check_gradient(fn, args, wrt)


@pytest.mark.parametrize("key, case", ALL_CASES, ids=[f"{_case_id(k)}-{_case_id(c)}" for k, c in ALL_CASES])
def test_gradient_leaves_arguments_unchanged(key, case):
    fn, args, wrt = case
    before = [np.array(a, copy=True) for a in args]
    transpiler.grad(fn, wrt=wrt)(*args)
    for old, new in zip(before, args):
        np.testing.assert_array_equal(old, new)


# --------------------------------------------------------------------------- constructors
def zeros_added(x):
    return np.sum((x + np.zeros((2, 3))) ** 2 * W23)


def zeros_keyword_shape(x):
    return np.sum((x + np.zeros(shape=(2, 3))) * W23)


def ones_product(x):
    return np.sum(x * np.ones(3) * W23)


def empty_shape_only(x):
    e = np.empty((2, 3))
    return np.sum(x * x * W23) + np.size(e)


def eye_matmul(x):
    return np.sum((x @ np.eye(3)) * W23)


def eye_offset(x):
    return np.sum((x @ np.eye(3, 3, 1)) * W23)


def identity_matmul(x):
    return np.sum((np.identity(2) @ x) * W23)


def arange_weights(x):
    return np.sum(x * np.arange(3.0))


def arange_range(x):
    return np.sum(np.sin(x) * np.arange(1, 7, 2))


def linspace_constant(x):
    return np.sum(x * np.linspace(0.0, 1.0, 3))


def full_constant(x):
    return np.sum(x * np.full((2, 3), 0.5) * W23)


def ones_like_product(x):
    return np.sum(x * np.ones_like(x))


def zeros_like_added(x):
    return np.sum((np.zeros_like(x) + x) ** 2 * W23)


def empty_like_shape_only(x):
    e = np.empty_like(x)
    return np.sum(np.sin(x)) * np.size(e)


def full_like_product(x):
    return np.sum(np.full_like(x, 2.0) * x * W23)


def like_of_intermediate(x):
    y = np.sin(x)
    return np.sum(y * np.ones_like(y) + np.zeros_like(y) * y + np.full_like(y, 3.0) * x)


def constructor_only(x):
    return np.sum(np.ones_like(x)) + np.sum(np.zeros(3))


CONSTRUCTOR_CASES = [
    (np.zeros, zeros_added, X), (np.zeros, zeros_keyword_shape, X_T), (np.ones, ones_product, X),
    (np.empty, empty_shape_only, X), (np.eye, eye_matmul, X), (np.eye, eye_offset, X_STEP),
    (np.identity, identity_matmul, X), (np.arange, arange_weights, X), (np.arange, arange_range, X_F),
    (np.linspace, linspace_constant, X), (np.full, full_constant, X),
    (np.ones_like, ones_like_product, X), (np.ones_like, ones_like_product, X_T),
    (np.zeros_like, zeros_like_added, X), (np.empty_like, empty_like_shape_only, X_STEP),
    (np.full_like, full_like_product, X), (np.full_like, like_of_intermediate, X_T),
    (np.zeros, constructor_only, X),
]


@pytest.mark.parametrize("key, fn, x", CONSTRUCTOR_CASES,
                         ids=[f"{k.__name__}-{f.__name__}" for k, f, _ in CONSTRUCTOR_CASES])
def test_constructors_on_active_values_give_the_surrounding_gradient(key, fn, x):
    check_gradient(fn, (x,))


@pytest.mark.parametrize("key", [np.zeros, np.ones, np.empty, np.eye, np.identity,
                                 np.zeros_like, np.ones_like, np.empty_like])
def test_constructors_carry_no_derivative(key):
    assert not REGISTRY[key].differentiable


def test_constructor_output_needs_no_adjoint():
    source = transpiler.grad(ones_like_product).source()
    assert "np.ones_like(x)" in source
    assert "d_t1" not in source          # no adjoint is made for the constructor's output
    assert "zeros_like_adjoint" not in source


def full_like_active_fill(x, s):
    return np.sum(np.full_like(x, s) * W23)


@pytest.mark.parametrize("fn, args, wrt", [
    (arange_from_active_start_and_step, (0.3, 0.7), (0, 1)),
    (arange_whose_stop_moves_with_start, (0.3,), (0,)),
    (arange_of_an_active_stop, (3.5,), (0,))])
def test_arange_tangent_matches_its_gradient(fn, args, wrt):
    direction = tuple(1.0 if i in wrt else 0.0 for i in range(len(args)))
    _, tangent = transpiler.jvp(fn, args, direction)
    want = transpiler.grad(fn, wrt=wrt)(*args)
    assert tangent == pytest.approx(sum(want))


def test_arange_second_derivative():
    got = transpiler.hessian(arange_whose_stop_moves_with_start)(0.3)
    assert got == pytest.approx(-np.sum(np.sin(np.arange(0.3, 3.3))))


def test_full_like_with_an_active_fill_value():
    # regression: np.full_like used to be non-differentiable, silently zeroing the fill's gradient
    check_gradient(full_like_active_fill, (X, S), (1,))


# --------------------------------------------------------------------------- generated code
def test_concatenate_adjoint_splits_and_indexes_pieces():
    source = transpiler.grad(concatenate_three_columns, wrt=(0, 1, 2)).source()
    assert "def unconcatenate(" in source and "def split_like(" in source
    assert "unconcatenate(d_t2, _t1, 1)" in source
    for i, name in enumerate("abc"):
        assert f"d_{name} = d_t1[{i}]" in source


def test_stack_adjoint_moves_the_new_axis_to_the_front():
    source = transpiler.grad(stack_axis1, wrt=(0, 1, 2)).source()
    assert "np.moveaxis(d_t2, 1, 0)" in source
    assert "d_c = d_t1[2]" in source


def test_array_of_scalars_passes_the_adjoint_through():
    source = transpiler.grad(array_of_scalars, wrt=(0, 1, 2)).source()
    assert "np.array([a, b, c])" in source or "np.array(_t1)" in source
    assert "d_a = d_t2[0]" in source or "d_a = d_t1[0]" in source


def test_reshaping_rules_read_as_one_numpy_call():
    assert "np.reshape(d_t1, np.shape(x))" in transpiler.grad(expand_dims_front).source()
    assert "np.reshape(d_t1, np.shape(x))" in transpiler.grad(squeeze_all).source()
    assert "np.swapaxes(d_t1, 0, 2)" in transpiler.grad(swapaxes_outer).source()
    assert "np.moveaxis(d_t1, -1, 0)" in transpiler.grad(moveaxis_to_end).source()
    assert "np.flip(d_t1, 0)" in transpiler.grad(flip_axis0).source()
    assert "untile(d_t1, x, (2, 1))" in transpiler.grad(tile_tuple).source()
    assert "unrepeat(d_t1, x, 2, 0)" in transpiler.grad(repeat_axis0).source()
    assert "unbroadcast(d_t1, v)" in transpiler.grad(broadcast_row).source()


def test_copy_adjoint_is_an_alias():
    source = transpiler.grad(copy_function).source()
    assert "d_x = d_t1" in source or "return d_t1" in source


def every_helper(x, v, a, b):
    joined = np.concatenate([x, x], axis=0)
    h = np.hstack([v, v])
    w = np.vstack([v, v])
    t = np.tile(x, (2, 2))
    r = np.repeat(x, [1, 2, 1], axis=1)
    ls = np.linspace(a, b, 4)
    return (np.sum(joined * joined) + np.sum(h * W6) + np.sum(w * W23) + np.sum(t * W426_VEC)
            + np.sum(r * W24) + np.sum(ls * W4))


def test_generated_module_with_every_helper_runs_on_its_own():
    args = (X, V3, S, U)
    grad = transpiler.grad(every_helper, wrt=(0, 1, 2, 3))
    source = grad.source()
    for name in ("unconcatenate", "unhstack", "unvstack", "split_like", "untile", "unrepeat",
                 "linspace_adjoint", "unbroadcast"):
        assert f"def {name}(" in source
    namespace = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    generated = namespace["every_helper_grad"]
    free = {name: globals()[name] for name, p in inspect.signature(generated).parameters.items()
            if p.kind is p.KEYWORD_ONLY}
    standalone = generated(*args, **free)
    for got, expected in zip(standalone, check_gradient(every_helper, args, (0, 1, 2, 3))):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def expand_for_shapes(x, w):
    return np.sum(np.expand_dims(x, axis=0) * w)


def test_known_shapes_drop_unbroadcast():
    source = transpiler.grad(expand_for_shapes).source(arg_shapes=((2, 3), (1, 2, 3)))
    assert "unbroadcast" not in source
    # np.ones_like(x) has x's shape, so x * np.ones_like(x) needs no unbroadcast either
    assert "unbroadcast" not in transpiler.grad(ones_like_product).source(arg_shapes=((2, 3),))
    assert "unbroadcast" not in transpiler.grad(copy_scalar).source(arg_shapes=((),))


# --------------------------------------------------------------------------- shape rules
def shape_of(key, shapes, **kwargs):
    return REGISTRY[key].shape_rule(list(shapes), kwargs)


@pytest.mark.parametrize("key, shapes, kwargs, expected", [
    (np.expand_dims, [(2, 3)], {"axis": 0}, (1, 2, 3)),
    (np.expand_dims, [(2, 3)], {"axis": (0, -1)}, (1, 2, 3, 1)),
    (np.expand_dims, [(2, 3), ()], {}, None),        # a positional axis's value is not visible
    (np.squeeze, [(1, 3, 1)], {}, (3,)),
    (np.squeeze, [(1, 3, 1)], {"axis": -1}, (1, 3)),
    (np.squeeze, [()], {}, ()),
    (np.broadcast_to, [(3,)], {"shape": (2, 3)}, (2, 3)),
    (np.broadcast_to, [(3,), ()], {}, None),
    (np.tile, [(2, 3)], {"reps": (2, 1)}, (4, 3)),
    (np.concatenate, [(3, 4)], {}, (12,)),
    (np.stack, [(3, 4)], {"axis": -1}, (4, 3)),
    (np.hstack, [(3, 4)], {}, (12,)),
    (np.vstack, [(3, 4)], {}, (3, 4)),
    (np.linspace, [(), ()], {}, (50,)),
    (np.linspace, [(), ()], {"num": 7}, (7,)),
    (np.linspace, [(3,), ()], {"num": 5, "axis": -1}, (3, 5)),
    (np.linspace, [(3,), (2, 1)], {"num": 5, "axis": 1}, (2, 5, 3)),
    (np.linspace, [(), (), ()], {}, None),
    (np.zeros, [], {"shape": (2, 3)}, (2, 3)),
    (np.ones, [], {"shape": 4}, (4,)),
    (np.zeros, [None], {}, None),      # a constructor reads values: this one is not a constant
    (np.zeros_like, [(2, 3)], {}, (2, 3)),
    (np.full_like, [(2, 3), ()], {}, (2, 3)),
    (np.ones_like, [(2, 3)], {"shape": (4,)}, (4,)),
])
def test_shape_rules(key, shapes, kwargs, expected):
    assert shape_of(key, shapes, **kwargs) == expected


@pytest.mark.parametrize("shape, repeats, axis", [
    ((300, 1), 5, 1), ((300, 1), 5, None), ((3, 4), [1, 2, 3], 0), ((3, 4), [2], 1), ((3, 4), 2, -1), ((), 3, None),
    ((2, 3, 4), np.array([1, 0, 2]), 1), ((3,), 0, 0)])
def test_repeat_shape_is_numpys_from_constant_repeats_and_axis(shape, repeats, axis):
    rule, expected = REGISTRY[np.repeat].shape_rule, np.repeat(np.zeros(shape), repeats, axis=axis).shape
    assert rule([shape, np.shape(repeats)], {"axis": axis}, [NOT_CONSTANT, repeats]) == expected
    assert rule([shape, np.shape(repeats), ()], {}, [NOT_CONSTANT, repeats, axis]) == expected


def test_repeat_shape_is_unknown_for_repeats_known_only_at_run_time():
    rule = REGISTRY[np.repeat].shape_rule
    assert rule([(3, 4), ()], {"axis": 0}, [NOT_CONSTANT, NOT_CONSTANT]) is None
    assert rule([(3, 4), (2,)], {"axis": 0}, [NOT_CONSTANT, [1, 2]]) is None       # (NumPy: a ValueError)


@pytest.mark.parametrize("key, values, kwargs, expected", [
    (np.zeros, [(2, 3)], {}, (2, 3)),
    (np.ones, [4], {}, (4,)),
    (np.empty, [None], {}, None),
    (np.full, [(2, 2), None], {}, (2, 2)),
    (np.eye, [3], {}, (3, 3)),
    (np.eye, [3, 5], {}, (3, 5)),
    (np.eye, [3], {"M": 2}, (3, 2)),
    (np.eye, [None], {}, None),
    (np.identity, [4], {}, (4, 4)),
    (np.arange, [5], {}, (5,)),
    (np.arange, [2, 7], {}, (5,)),
    (np.arange, [7, 2], {}, (0,)),
    (np.arange, [0, 10, 3], {}, (4,)),
    (np.arange, [0.0, 1.0, 0.1], {}, (10,)),
    (np.arange, [0, 5, 0], {}, None),
    (np.arange, [None], {}, None),
    (np.zeros, [2.5], {}, None),
])
def test_constructor_shape_rules_read_constant_values(key, values, kwargs, expected):
    assert REGISTRY[key].shape_rule(list(values), kwargs) == expected
    if expected is not None:
        assert np.shape(key(*values, **kwargs)) == expected


@pytest.mark.parametrize("key", [np.copy, np.flip])
def test_shape_preserving_rules_keep_the_argument_shape(key):
    assert REGISTRY[key].shape_rule == "elementwise"


@pytest.mark.parametrize("key", [np.array, np.asarray])
@pytest.mark.parametrize("arg, expected", [
    ((3, 2), (3, 2)), ((), ()), (None, None),
    (Pieces([(), ()]), (2,)), (Pieces([(3,), (3,), (3,)]), (3, 3)),
    (Pieces([(3,), (2,)]), None), (Pieces([(3,), None]), None)])
def test_an_array_of_a_display_of_alike_items_stacks_them(key, arg, expected):
    assert REGISTRY[key].shape_rule([arg], {}) == expected
    if isinstance(arg, Pieces) and expected is not None:
        assert np.shape(key([np.zeros(s) for s in arg.shapes])) == expected


@pytest.mark.parametrize("case", [(V3, 2, None), (X, 3, 0), (X_T, 2, -1), (np.array(S), 3, None),
                                  (X, np.array([2, 0, 1]), 1), (X234, np.array([1, 3]), 0)])
def test_unrepeat_matches_the_transpose_of_repeat(case):
    x, repeats, axis = case
    g = rng(70).normal(size=np.shape(np.repeat(x, repeats, axis=axis)))
    got = shape_rules.unrepeat(g, x, repeats, axis)
    # <g, repeat(e)> for each basis vector e of x
    expected = np.zeros(np.shape(x))
    for idx in np.ndindex(np.shape(x)):
        e = np.zeros(np.shape(x))
        e[idx] = 1.0
        expected[idx] = np.sum(g * np.repeat(e, repeats, axis=axis))
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize("shape, reps", [((2, 3), 2), ((2, 3), (2, 1)), ((2, 3), (3, 1, 2)),
                                         ((2, 1, 3), (2,)), ((), 4), ((), ()), ((3,), (2, 2))])
def test_untile_matches_the_transpose_of_tile(shape, reps):
    x = np.zeros(shape)
    g = rng(71).normal(size=np.shape(np.tile(x, reps)))
    expected = np.zeros(shape)
    for idx in np.ndindex(shape):
        e = np.zeros(shape)
        e[idx] = 1.0
        expected[idx] = np.sum(g * np.tile(e, reps))
    np.testing.assert_allclose(shape_rules.untile(g, x, reps), expected, rtol=1e-12)


# --------------------------------------------------------------------------- forward mode
def _tangent(value, seed):
    return rng(200 + seed).normal(size=np.shape(value)) if np.ndim(value) else float(rng(200 + seed).normal())


FORWARD_CASES = [pytest.param(k, c, id=f"{_case_id(k)}-{_case_id(c)}",
                              marks=[])
                 for k, c in ALL_CASES]


@pytest.mark.parametrize("key, case", FORWARD_CASES)
def test_forward_mode_agrees_with_reverse_mode(key, case):
    """Every rule is declared linear: its JVP is the same call on the tangents. <J t> must equal
    <grad, t> from reverse mode (which the finite-difference cases check)."""
    fn, args, wrt = case
    tangents = [_tangent(a, i) if i in wrt else None for i, a in enumerate(args)]
    value, directional = transpiler.jvp(fn, args, tangents)
    grads = transpiler.grad(fn, wrt=tuple(wrt))(*args)
    expected = sum(np.sum(g * tangents[i]) for g, i in zip(grads, wrt))
    np.testing.assert_allclose(value, fn(*args), rtol=1e-12)
    np.testing.assert_allclose(directional, expected, rtol=1e-9, atol=1e-12)


def hessian_through_helpers(x):
    t = np.tile(x, (2, 1))
    r = np.repeat(x, 2, axis=1)
    return np.sum(np.sin(t) * W43) + np.sum(r ** 3 * W26) + np.sum(np.flip(x, 0) ** 2 * x)


def hessian_through_lists(x):
    joined = np.concatenate([x, x * x], axis=0)
    stacked = np.vstack([x[0], x])
    return np.sum(np.sin(joined) * W43) + np.sum(stacked ** 3 * W33)


def _numeric_hessian(fn, x, h=1e-4):
    """Central second differences of ``fn`` itself (independent of the generated gradient)."""
    n = x.size
    hessian = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            def at(si, sj):
                y = x.astype(float).ravel()
                y[i] += si * h
                y[j] += sj * h
                return fn(y.reshape(x.shape))
            hessian[i, j] = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h)
    return hessian.reshape(x.shape + x.shape)


def test_hessian_through_the_runtime_helpers():
    """Forward mode over the generated gradient goes through untile, unrepeat and np.flip."""
    got = transpiler.hessian(hessian_through_helpers)(X)
    np.testing.assert_allclose(got, _numeric_hessian(hessian_through_helpers, X), rtol=1e-5, atol=1e-6)


def test_hessian_through_list_helpers():
    got = transpiler.hessian(hessian_through_lists)(X)
    np.testing.assert_allclose(got, _numeric_hessian(hessian_through_lists, X), rtol=1e-5, atol=1e-6)
