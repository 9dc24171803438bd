"""autograd's NumPy checks (tests/test_systematic.py, test_numpy.py, test_binary_ops.py,
test_truediv.py), written as entries for probe.py: the functions, argument shapes, domains and
keyword values its checks use, in autograd's spelling (a library function passed as itself, a
lambda where autograd writes one). Our own entries; no code of autograd's."""
from __future__ import annotations

import operator as op

import numpy as np

from probe import NAMESPACE, Entry

_rng = np.random.default_rng(1)


def R(*shape):
    return _rng.standard_normal(shape) if shape else float(_rng.standard_normal())


def U(lo, hi, *shape):
    return _rng.uniform(lo, hi, shape) if shape else float(_rng.uniform(lo, hi))


def _in(lims, x):
    return x * (lims[1] - lims[0]) + lims[0]


def _unary_values(lims, complex_too):
    """A number, a vector, a matrix, a row; complex ones too (autograd's unary_ufunc_check)."""
    values = [_in(lims, 0.4), _in(lims, _rng.random(2)), _in(lims, _rng.random((3, 2))), _in(lims, _rng.random((1, 2)))]
    if complex_too:
        values += [_in(lims, 0.4) + 0.1j * _in(lims, 0.3), _in(lims, _rng.random((3, 2))) + 0.1j * _rng.random((3, 2))]
    return values


def _binary_values(lims_a, lims_b, complex_too, same=True):
    a = [_in(lims_a, 0.6), _in(lims_a, _rng.random(2)), _in(lims_a, _rng.random((3, 2))), _in(lims_a, _rng.random((1, 2)))]
    b = [_in(lims_b, 0.6 if same else 0.7), _in(lims_b, _rng.random(2)), _in(lims_b, _rng.random((3, 2))),
         _in(lims_b, _rng.random((1, 2)))]
    if complex_too:
        a += [_in(lims_a, 0.6 + 0.3j), _in(lims_a, _rng.random((3, 2)) + 0.1j * _rng.random((3, 2)))]
        b += [_in(lims_b, 0.1 + 0.2j), _in(lims_b, _rng.random((3, 2)) + 0.1j * _rng.random((3, 2)))]
    return a, b


def _stat(file, name):
    """autograd's stat_check: numbers, then axis/keepdims over vectors and matrices, complex too."""
    x, A, B, C, D = 3.5, R(), R(3), R(2, 3), R(1, 3)
    c, E = R() + 0.1j * R(), R(2, 3) + 0.1j * R(2, 3)
    f = f"np.{name}(a, axis={{axis}}, keepdims={{keepdims}})"
    return [
        Entry(file, name, getattr(np, name), [[x, A, c]]),
        Entry(file, name + "_axis", f, [[B, C, D, E]], grid=dict(axis=[None, 0], keepdims=[True, False])),
        Entry(file, name + "_axis2", f, [[C, D]], grid=dict(axis=[None, 0, 1], keepdims=[True, False])),
    ]


def _unary(file, name, fun, lims=(-2, 2), complex_too=True):
    return Entry(file, name, fun, [_unary_values(lims, complex_too)])


def _binary(file, name, fun, lims_a=(-2, 2), lims_b=(-2, 2), complex_too=True, same=True):
    a, b = _binary_values(lims_a, lims_b, complex_too, same)
    return Entry(file, name, fun, [a, b], argnums=(0, 1))


S = "test_systematic.py"
SYSTEMATIC = [
    *[e for n in ["max", "min", "mean", "sum", "prod", "var", "std"] for e in _stat(S, n)],
    _unary(S, "sin", np.sin), _unary(S, "abs", np.abs, (0.1, 4.0)), _unary(S, "absolute", np.absolute, (0.1, 4.0)),
    _unary(S, "arccosh", np.arccosh, (1.1, 4.0)), _unary(S, "arcsinh", np.arcsinh, (-0.9, 0.9)),
    _unary(S, "arctanh", np.arctanh, (-0.9, 0.9)), _unary(S, "ceil", np.ceil, (-1.5, 1.5), False),
    _unary(S, "cos", np.cos), _unary(S, "cosh", np.cosh), _unary(S, "deg2rad", np.deg2rad, complex_too=False),
    Entry(S, "degrees", "np.degrees(a) / 50.0", [_unary_values((-2, 2), False)]),
    _unary(S, "exp", np.exp), _unary(S, "exp2", np.exp2), _unary(S, "expm1", np.expm1),
    _unary(S, "fabs", np.fabs, complex_too=False), _unary(S, "floor", np.floor, (-1.5, 1.5), False),
    _unary(S, "log", np.log, (0.2, 2.0)), _unary(S, "log10", np.log10, (0.2, 2.0)),
    _unary(S, "log1p", np.log1p, (0.2, 2.0)), _unary(S, "log2", np.log2, (0.2, 2.0)),
    Entry(S, "rad2deg", "np.rad2deg(a) / 50.0", [_unary_values((-2, 2), False)]),
    _unary(S, "radians", np.radians, complex_too=False), _unary(S, "sign", np.sign),
    _unary(S, "sinh", np.sinh), _unary(S, "sqrt", np.sqrt, (1.0, 3.0)),
    _unary(S, "square", np.square, complex_too=False), _unary(S, "tan", np.tan, (-1.1, 1.1)),
    _unary(S, "tanh", np.tanh), _unary(S, "real", np.real), _unary(S, "real_if_close", np.real_if_close),
    _unary(S, "imag", np.imag), _unary(S, "conj", np.conj), _unary(S, "angle", np.angle),
    _binary(S, "add", np.add), _binary(S, "logaddexp", np.logaddexp, complex_too=False),
    _binary(S, "logaddexp2", np.logaddexp2, complex_too=False),
    _binary(S, "remainder", np.remainder, (-0.9, 0.9), (0.7, 1.9), False, same=False),
    _binary(S, "true_divide", np.true_divide, lims_b=(0.8, 1.2), complex_too=False),
    _binary(S, "mod", np.mod, lims_b=(0.8, 2.1), complex_too=False, same=False),
    _binary(S, "true_divide_neg", np.true_divide, lims_b=(-0.3, -2.0), complex_too=False),
    _binary(S, "mod_neg", np.mod, lims_b=(-0.3, -2.0), complex_too=False, same=False),
    _binary(S, "op.mul", op.mul), _binary(S, "op.add", op.add), _binary(S, "op.sub", op.sub),
    _binary(S, "op.mod", op.mod, lims_b=(0.3, 2.0), complex_too=False, same=False),
    _binary(S, "op.mod_neg", op.mod, lims_b=(-0.3, -2.0), complex_too=False, same=False),
    _binary(S, "op.truediv", op.truediv, lims_b=(0.5, 2.0)), _binary(S, "op.pow", op.pow, lims_a=(0.7, 2.0)),
    Entry(S, "transpose", "np.transpose(a, axes={axes})", [[R(2, 3, 4)]],
          grid=dict(axes=[None, [0, 1, 2], [0, 2, 1], [2, 0, 1], [2, 1, 0], [1, 0, 2], [1, 2, 0]])),
    Entry(S, "repeat", "np.repeat(a, repeats={repeats}, axis={axis})", [[R(2, 3, 4), R(3, 1)]],
          grid=dict(repeats=[0, 1, 2], axis=[None, 0, 1])),
    Entry(S, "diff", "np.diff(a, n={n}, axis={axis})", [[R(5, 5), R(5, 5, 5)]], grid=dict(n=[1, 2], axis=[0, 1])),
    Entry(S, "diff_1", "np.diff(a, axis=0)", [[R(1), R(1, 1)]]),
    Entry(S, "diff_2", "np.diff(a, axis=1)", [[R(1, 1), R(3, 1)]]),
    Entry(S, "tile", "np.tile(a, reps={reps})", [[R(2, 1, 3, 1)]], grid=dict(reps=[(1, 4, 1, 2)])),
    Entry(S, "tile_2", "np.tile(a, reps={reps})", [[R(1, 2)]], grid=dict(reps=[(1, 2), (2, 3), (3, 2, 1)])),
    Entry(S, "tile_3", "np.tile(a, reps={reps})", [[R(1)]], grid=dict(reps=[(2,), 2])),
    Entry(S, "kron", np.kron, [[R(5, 5), R(4, 4)], [R(3, 3), R(2, 2)]], argnums=(0, 1)),
    Entry(S, "inner", np.inner, [[1.5, R(3), R(2, 3)], [0.3, R(3), R(4, 3)]], argnums=(0, 1)),
    Entry(S, "dot", np.dot, [[1.5, R(3), R(2, 3), R(2, 2, 3)], [0.3, R(3), R(3, 4), R(2, 3, 4)]], argnums=(0, 1)),
    Entry(S, "matmul", np.matmul, [[R(3), R(2, 3), R(2, 2, 3)], [R(3), R(3, 4), R(2, 3, 4)]], argnums=(0, 1)),
    Entry(S, "tensordot_1", "np.tensordot(a, b, axes={axes})", [[R(1, 3), R(2, 3, 2)], [R(3), R(3, 1), R(3, 4, 2)]],
          argnums=(0, 1), grid=dict(axes=[[(1,), (0,)]])),
    Entry(S, "tensordot_2", "np.tensordot(a, b, axes={axes})", [[R(3), R(3, 1), R(3, 4, 2)], [R(1, 3), R(2, 3, 2)]],
          argnums=(0, 1), grid=dict(axes=[[(0,), (1,)]])),
    Entry(S, "tensordot_3", "np.tensordot(a, b, axes={axes})", [[R(2, 3), R(2, 3, 4)], [R(1, 2, 3), R(2, 2, 3, 4)]],
          argnums=(0, 1), grid=dict(axes=[[(0, 1), (1, 2)], [(1, 0), (2, 1)]])),
    Entry(S, "tensordot_4", "np.tensordot(a, b, axes={axes})", [[R(2, 2), R(4, 2, 2)], [R(2, 2), R(2, 2, 4)]],
          argnums=(0, 1), grid=dict(axes=[1, 2])),
    Entry(S, "tensordot_5", "np.tensordot(a, b, axes=0)", [[R(4)], [R()]], argnums=(0, 1)),
    Entry(S, "tensordot_6", "np.tensordot(a, b, axes=[[-1], [0]])", [[R(2, 6)], [R(6, 3)]], argnums=(0, 1)),
    *[Entry(S, n, getattr(np, n), [[R(1), R(1, 4), R(3, 4)], [R(1), R(1, 4), R(3, 4)]], argnums=(0, 1))
      for n in ["maximum", "fmax", "minimum", "fmin"]],
    Entry(S, "sort", np.sort, [[R(1), R(7)]]),
    Entry(S, "partition", "np.partition(a, kth={kth})", [[R(7), R(14)]], grid=dict(kth=[0, 3, 6])),
    *[Entry(S, n, getattr(np, n), [[1.2, R(1), R(7), R(1, 4), R(2, 4), R(2, 4, 5)]])
      for n in ["atleast_1d", "atleast_2d", "atleast_3d"]],
    Entry(S, "einsum_transpose", "np.einsum('ij->ji', a)", [[R(1, 1), R(4, 4), R(3, 4)]]),
    Entry(S, "einsum_matmult", "np.einsum('ij,jk->ik', a, b)", [[R(2, 3)], [R(3, 4)]], argnums=(0, 1)),
    Entry(S, "einsum_matmult_broadcast", "np.einsum('...ij,...jk->...ik', a, b)", [[R(2, 3), R(2, 2, 3)], [R(3, 4), R(2, 3, 4)]],
          argnums=(0, 1)),
    Entry(S, "einsum_covsum", "np.einsum('ijk,lji->lki', a, b)", [[R(3, 4, 4)], [R(4, 4, 3)]], argnums=(0, 1)),
    Entry(S, "einsum_ellipses", "np.einsum({s}, a, b)", [[R(4, 4), R(3, 4, 4)], [R(4, 4), R(3, 4, 4)]], argnums=(0, 1),
          grid=dict(s=["...jk,...lj->...lk", "...,...->..."])),
    Entry(S, "einsum_ellipses_tail", "np.einsum('jk...,lj...->lk...', a, b)", [[R(3, 2), R(3, 2, 4)], [R(2, 3), R(2, 3, 4)]],
          argnums=(0, 1)),
    Entry(S, "einsum_ellipses_center", "np.einsum('j...k,lj...->lk...', a, b)", [[R(2, 2), R(2, 2, 2)], [R(2, 2), R(2, 2, 2)]],
          argnums=(0, 1)),
    Entry(S, "einsum_three_args", "np.einsum('ijk,lji,lli->lki', a, b, c)", [[R(3, 4, 4)], [R(4, 4, 3)], [R(4, 4, 3)]],
          argnums=(0, 1)),
    Entry(S, "einsum2_transpose", "np.einsum(a, (0, 1), (1, 0))", [[R(1, 1), R(4, 4), R(3, 4)]]),
    Entry(S, "einsum2_matmult", "np.einsum(a, (0, 1), b, (1, 2), (0, 2))", [[R(2, 3)], [R(3, 4)]], argnums=(0, 1)),
    Entry(S, "einsum2_matmult_broadcast", "np.einsum(a, (Ellipsis, 0, 1), b, (Ellipsis, 1, 2), (Ellipsis, 0, 2))",
          [[R(2, 3), R(2, 2, 3)], [R(3, 4), R(2, 3, 4)]], argnums=(0, 1)),
    Entry(S, "einsum2_covsum", "np.einsum(a, (0, 1, 2), b, (3, 1, 0), (3, 2, 0))", [[R(3, 4, 4)], [R(4, 4, 3)]],
          argnums=(0, 1)),
    Entry(S, "einsum2_three_args", "np.einsum(a, (0, 1, 2), b, (3, 1, 0), c, (3, 3, 0), (3, 2, 0))",
          [[R(3, 4, 4)], [R(4, 4, 3)], [R(4, 4, 3)]], argnums=(0, 1)),
    Entry(S, "trace", "np.trace(a, offset={offset})", [[R(5, 5), R(4, 5), R(5, 4), R(3, 4, 5)]], grid=dict(offset=[-1, 0, 1])),
    Entry(S, "diag", "np.diag(a, k={k})", [[R(5, 5), R(5)]], grid=dict(k=[-1, 0, 1])),
    Entry(S, "tril", "np.tril(a, k={k})", [[R(5, 5), R(5, 5, 4)]], grid=dict(k=[-1, 0, 1])),
    Entry(S, "triu", "np.triu(a, k={k})", [[R(5, 5), R(5, 5, 4)]], grid=dict(k=[-1, 0, 1])),
    Entry(S, "swapaxes", "np.swapaxes(a, axis1={axis1}, axis2={axis2})", [[R(3, 4, 5)]],
          grid=dict(axis1=[0, 1, 2], axis2=[0, 1, 2])),
    Entry(S, "rollaxis", "np.rollaxis(a, axis={axis}, start={start})", [[R(2, 3, 4)]],
          grid=dict(axis=[0, 1, 2], start=[0, 1, 2, 3])),
    Entry(S, "cross", "np.cross(a, b, axisa={axisa}, axisb={axisb}, axisc={axisc}, axis={axis})", [[R(3, 3)], [R(3, 3)]],
          argnums=(0, 1), grid=dict(axisa=[-1, 0, 1], axisb=[-1, 0, 1], axisc=[-1, 0, 1], axis=[None, -1, 0, 1])),
    *[Entry(S, n, f"np.{n}(a, {{k}})", [shapes], grid=dict(k=[k0, [1, 2]]))
      for n, shapes, k0 in [("vsplit", [R(4, 8), R(4, 4, 4)], 2), ("hsplit", [R(4, 8), R(4, 4, 4)], 2),
                            ("dsplit", [R(4, 4, 4)], 2)]],
    Entry(S, "split_1d", "np.split(a, 1, axis=0)", [[R(1), R(7)]]),
    Entry(S, "split_2d", "np.split(a, {k}, axis={axis})", [[R(4, 8)]], grid=dict(k=[4, [1, 2]], axis=[0, 1])),
    Entry(S, "split_3d", "np.split(a, {k}, axis={axis})", [[R(4, 4, 4)]], grid=dict(k=[2, [1, 2]], axis=[0, 1, 2])),
    Entry(S, "array_split_1d", "np.array_split(a, {k}, axis=0)", [[R(1), R(7)]], grid=dict(k=[1, 3])),
    Entry(S, "array_split_2d", "np.array_split(a, {k}, axis={axis})", [[R(7, 7)]], grid=dict(k=[4, [3, 5]], axis=[0, 1])),
    Entry(S, "array_split_3d", "np.array_split(a, {k}, axis={axis})", [[R(7, 7, 7)]],
          grid=dict(k=[4, [3, 5]], axis=[0, 1, 2])),
    Entry(S, "concatenate_list", "np.concatenate(a, axis=0)", [[[R(1), R(3)], (R(1), R(3))]]),
    Entry(S, "concatenate_2d", "np.concatenate(a, axis={axis})", [[(R(2, 2), R(2, 2))]], grid=dict(axis=[0, 1])),
    Entry(S, "concatenate_3d", "np.concatenate(a, axis={axis})", [[(R(2, 2, 2), R(2, 2, 2))]], grid=dict(axis=[0, 1, 2])),
    *[Entry(S, n, getattr(np, n), [[R(2), (R(2), R(2)), R(2, 3), (R(2, 4), R(1, 4))]]) for n in ["vstack"]],
    Entry(S, "hstack", np.hstack, [[R(2), (R(2), R(2)), R(3, 2), (R(3, 4), R(3, 5)), R(2, 3, 4), (R(2, 1, 4), R(2, 5, 4))]]),
    Entry(S, "vstack_3d", np.vstack, [[R(2, 3, 4), (R(2, 3, 4), R(5, 3, 4))]]),
    Entry(S, "stack", "np.stack(a, axis={axis})", [[(R(2),), (R(2), R(2))]], grid=dict(axis=[0, 1])),
    Entry(S, "column_stack", np.column_stack, [[R(2), (R(2), R(2)), R(2, 2), (R(2, 2), R(2, 2))]]),
    Entry(S, "select", "np.select([c > 0 for c in C3], a, default={default})", [[[R(3, 4, 5), R(3, 4, 5), R(3, 4, 5)]]],
          grid=dict(default=[0.0, 1.1])),
]

N = "test_numpy.py"
NUMPY = [
    Entry(N, "dot", np.dot, [[R(10, 11)], [R(11)]], argnums=(0, 1)),
    Entry(N, "dot_floats", np.dot, [[R(10, 11), R(10), R()], [R()]], argnums=(0, 1)),
    Entry(N, "outer", np.outer, [[R(11)], [R(11)]], argnums=(0, 1)),
    Entry(N, "max", "np.max(a)", [[R(10, 11)]]), Entry(N, "max_axis", "np.max(a, axis=1)", [[R(3, 4, 5)]]),
    Entry(N, "max_keepdims", "np.max(a, axis=1, keepdims=True)", [[R(3, 4, 5)]]),
    Entry(N, "min_keepdims", "np.min(a, axis=1, keepdims=True)", [[R(3, 4, 5)]]),
    Entry(N, "sum_axis_tuple", "np.sum(a, axis=(1, 2))", [[R(10, 11, 7)]]),
    Entry(N, "flipud", "np.flipud(a)", [[R(10, 11)]]), Entry(N, "fliplr", "np.fliplr(a)", [[R(10, 11)]]),
    Entry(N, "rot90", "np.rot90(a)", [[R(10, 11)]]),
    Entry(N, "cumsum", "np.cumsum(a, axis={axis})", [[R(10, 11)]], grid=dict(axis=[0, 1, None])),
    Entry(N, "non_numpy_sum", "sum([a, b])", [[R(10, 11)], [R(10, 11)]], argnums=(0, 1)),
    Entry(N, "mean", "np.mean(a, axis=0, keepdims=True)", [[R(10, 11)]]),
    Entry(N, "index_ints", "a[3, 0, 1]", [[R(5, 6, 4)]]),
    Entry(N, "index_slice", "a[::-1, 2:4, :]", [[R(5, 6, 4)]]),
    Entry(N, "index_lists", "a[[0, 1, 2], :, :]", [[R(5, 6, 4)]]),
    Entry(N, "index_mixed", "a[3, 2:, [1, 3]]", [[R(5, 6, 4)]]),
    Entry(N, "reshape_method", "a.reshape((5 * 4, 6))", [[R(5, 6, 4)]]),
    Entry(N, "reshape_nolist", "a.reshape(5 * 4, 6)", [[R(5, 6, 4)]]),
    Entry(N, "ravel", "a.ravel()", [[R(5, 6, 4)]]), Entry(N, "flatten", "a.flatten()", [[R(5, 6, 4)]]),
    Entry(N, "append_list", np.append, [[[1.0, 2.0, 3.0], np.array([1.0, 2.0, 3.0])], [4.0]], argnums=(0, 1)),
    Entry(N, "concatenate_unnamed", "np.concatenate((B3, a, B3), 1)", [[R(5, 6, 4)]]),
    Entry(N, "trace_offset", "np.trace(a, offset=3)", [[R(10, 11), R(11, 10)]]),
    Entry(N, "split_first", "np.split(a, 2)[0]", [[R(10)]]),
    Entry(N, "transpose_T", "a.T", [[R(8, 8)]]),
    Entry(N, "roll", "np.roll(a, 2, axis=1)", [[R(4, 5)]]), Entry(N, "roll_no_axis", "np.roll(a, 2)", [[R(4, 5)]]),
    Entry(N, "clip", "np.clip(a, a_min=0.1, a_max=1.1)", [[R(5, 5)]]),
    Entry(N, "prod", "np.prod(a, axis=0, keepdims=True)", [[R(2, 3) ** 2 + 0.1]]),
    Entry(N, "array_1d", "np.array([a, a * 1.0, a + 2.5])", [[3.0]]),
    Entry(N, "array_2d", "np.array([[a, a * 1.0, a + 2.5], [a ** 2, a, a / 2.0]])", [[3.0]]),
    Entry(N, "array_of_arrays", "np.array([[2 * a, a + 1], [a, a]])", [[R(3, 2)]]),
    Entry(N, "r_", "np.r_[a, C32, a]", [[R(3, 2)]]), Entry(N, "c_", "np.c_[a, C32, a]", [[R(3, 2)]]),
    Entry(N, "r_slicing", "np.r_[a, C10, 1:10]", [[R(10)]]),
    Entry(N, "var_ddof", "np.var(a, axis={axis}, keepdims={keepdims}, ddof={ddof})", [[R(3, 4), R(1, 3)]],
          grid=dict(axis=[None, 1], keepdims=[True, False], ddof=[0, 1])),
    Entry(N, "std_ddof", "np.std(a, axis={axis}, keepdims={keepdims}, ddof={ddof})", [[R(3, 4), R(1, 3)]],
          grid=dict(axis=[None, 1], keepdims=[True, False], ddof=[0, 1])),
    Entry(N, "where", "np.where(MASK45, a, b)", [[R(4, 5)], [R(4, 5)]], argnums=(0, 1)),
    Entry(N, "squeeze", "np.squeeze(a)", [[R(5, 1, 4)]]), Entry(N, "squeeze_method", "a.squeeze()", [[R(5, 1, 4)]]),
    Entry(N, "expand_dims", "np.expand_dims(a, 2)", [[R(5, 1, 4)]]),
    Entry(N, "tensordot_by_position", "np.tensordot(a * np.ones((2, 2)), a * np.ones((2, 2)), 2)", [[1.0]]),
    Entry(N, "multi_index", "np.sum(a[[0, 1, 0]])", [[R(3)]]),
    Entry(N, "index_dot_slices", "np.dot(a[:2], a[2:])", [[R(4)]]),
    Entry(N, "cast_to_int", "a[:, :-1][np.int64(a[:, -1] * 0.0)].sum()", [[R(5, 10)]]),
    Entry(N, "diagonal", "np.diagonal(a, axis1=-1, axis2=-2)", [[R(4, 4), R(3, 4, 4)]]),
    Entry(N, "nan_to_num", "np.sum(np.sin(np.nan_to_num(a + NANS)))", [[R(4)]]),
    Entry(N, "max_equal_values", "np.max(np.array([a, a]))", [[1.0]]),
    Entry(N, "linspace", "np.linspace(a, b, 5)", [[R()], [R()]], argnums=(0, 1)),
    Entry(N, "gradient", "np.gradient(a, axis={axis})", [[R(4, 5)]], grid=dict(axis=[0, 1])),
    Entry(N, "pad", "np.pad(a, {w})", [[R(3, 4)]], grid=dict(w=[1, ((1, 2), (0, 1))])),
    Entry(N, "meshgrid", "np.meshgrid(a, b)[0] * np.meshgrid(a, b)[1]", [[R(3)], [R(4)]], argnums=(0, 1)),
    Entry(N, "sinc", np.sinc, [[R(3)]]),
    Entry(N, "hypot", np.hypot, [[R(3)], [R(3)]], argnums=(0, 1)),
    Entry(N, "moveaxis", "np.moveaxis(a, source=0, destination=-1)", [[R(2, 3, 4)]]),
]

B = "test_binary_ops.py"
BINARY = [
    Entry(B, "mul", "a * b", [[R(4, 3) + 0.5], [R(4, 3)]], argnums=(0, 1)),
    Entry(B, "add", "a + b", [[R(4, 3)], [R(4, 3)]], argnums=(0, 1)),
    Entry(B, "sub", "a - b", [[R(4, 3)], [R(4, 3)]], argnums=(0, 1)),
    Entry(B, "div", "a / b", [[R(4, 3)], [R(4, 3) ** 2 + 0.5]], argnums=(0, 1)),
    Entry(B, "mod", "a % b", [[U(0.1, 0.9, 4, 3)], [U(1.1, 2.0, 4, 3)]], argnums=(0, 1)),
    Entry(B, "pow", "a ** b", [[R(4, 3) ** 2 + 0.5], [R(4, 3)]], argnums=(0, 1)),
    Entry(B, "arctan2", np.arctan2, [[R(4, 3)], [R(4, 3)]], argnums=(0, 1)),
    Entry(B, "comparison_grads", "np.sum(a * (a > b))", [[R(4, 3)], [R(4, 3)]], argnums=(0, 1)),
    Entry(B, "radd", "2.0 + a", [[R(3)]]), Entry(B, "rsub", "2.0 - a", [[R(3)]]),
    Entry(B, "rmul", "2.0 * a", [[R(3)]]), Entry(B, "rdiv", "2.0 / a", [[R(3) ** 2 + 0.5]]),
    Entry(B, "rpow", "2.0 ** a", [[R(3)]]),
]

D = "test_truediv.py"
TRUEDIV = [
    Entry(D, "true_div", "a / b", [[R(3) * 2], [R(3) ** 2 + 1.0]], argnums=(0, 1)),
    Entry(D, "int_over_array", "2 / a", [[R(3) ** 2 + 1.0]]),
]

# Constants the expressions above read (as the peer's tests read module globals).
GLOBALS = {"B3": R(5, 6, 4), "C32": R(3, 2), "C10": R(10), "MASK45": R(4, 5) > 0,
           "NANS": np.array([0.0, np.nan, np.inf, -np.inf]), "C3": [R(3, 4, 5) for _ in range(3)]}

NAMESPACE.update(GLOBALS)


def _array_fanout_1d(x):
    A = np.array([x, x * 1.0, x + 2.5])
    return A + A


def _array_fanout_2d(x):
    A = np.array([[x, x * 1.0, x + 2.5], [x ** 2, x, x / 2.0]])
    return A + A


def _slice_of_a_slice(x):
    y = x[2:6]
    return y[1:3]


def _len_asserted(x):
    assert len(x) == 3
    return x


# Drawn after the entries above (their values stay as they were): test_numpy.py's checks the
# entries above do not make (its other call forms, shapes, ties)
NUMPY_MORE = [
    Entry(N, "dot_mat_mat", np.dot, [[R(10, 11)], [R(11, 10)]], argnums=(0, 1)),
    Entry(N, "dot_vec_mat", np.dot, [[R(10)], [R(10, 11)]], argnums=(0, 1)),
    Entry(N, "dot_vec_vec", np.dot, [[R(11)], [R(11)]], argnums=(0, 1)),
    Entry(N, "dot_float_first", np.dot, [[R()], [R(10, 11), R(10)]], argnums=(0, 1)),
    Entry(N, "min", "np.min(a)", [[R(10, 11)]]), Entry(N, "min_axis", "np.min(a, axis=1)", [[R(3, 4, 5)]]),
    Entry(N, "sum", "np.sum(a, axis={axis}, keepdims={keepdims})", [[R(10, 11)]],
          grid=dict(axis=[None, 0], keepdims=[False, True])),
    Entry(N, "cumsum_1d", "np.cumsum(a)", [[R(10)]]),
    Entry(N, "mean_axis", "np.mean(a, axis={axis})", [[R(10, 11)]], grid=dict(axis=[None, 0])),
    Entry(N, "vector_slice", "a[2:4]", [[R(5)]]),
    Entry(N, "index_slice_fanout", "a[::-1, 2:4, :] + a[::-1, 3:5, :]", [[R(5, 6, 4)]]),
    Entry(N, "index_multiple_slices", _slice_of_a_slice, [[R(7)]]),
    Entry(N, "reshape_call", "np.reshape(a, (5 * 4, 6))", [[R(5, 6, 4)]]),
    Entry(N, "ravel_call", "np.ravel(a)", [[R(5, 6, 4)]]),
    Entry(N, "simple_concatenate", "np.concatenate((B3, a))", [[R(4, 6, 4)]]),
    Entry(N, "concatenate_axis", "np.concatenate((B3, a, B3), axis={axis})", [[R(5, 6, 4)]], grid=dict(axis=[0, 1])),
    Entry(N, "trace_more_offsets", "np.trace(a, offset={offset})", [[R(10, 11), R(11, 10), R(5, 6, 4, 3)]],
          grid=dict(offset=[-4, 5])),
    Entry(N, "triu_tril_k2", "np.triu(a, k=2) + 2.0 * np.tril(a, k=2)", [[R(5, 5)]]),
    Entry(N, "prod_all", "np.prod(a)", [[R(2, 3) ** 2 / 10.0 + 0.1, R(7) ** 2 + 0.1]]),
    Entry(N, "prod_axis0", "np.prod(a, axis=0)", [[R(2, 3) ** 2 + 0.1]]),
    Entry(N, "array_1d_fanout", _array_fanout_1d, [[3.0]]), Entry(N, "array_2d_fanout", _array_fanout_2d, [[3.0]]),
    Entry(N, "array_from_scalar", "np.array(a)", [[3.0]]),
    Entry(N, "array_from_arrays", "np.array([a, a])", [[R(3, 2)]]),
    Entry(N, "len", _len_asserted, [[R(3, 2)]]),
    Entry(N, "r_basic", "np.r_[a]", [[R(3, 2)]]), Entry(N, "r_double", "np.r_[a, a]", [[R(3, 2)]]),
    Entry(N, "no_relation", "C32", [[R(3, 2)]]), Entry(N, "r_no_relation", "np.r_[C32]", [[R(3, 2)]]),
    Entry(N, "r_node_and_const", "np.r_[a, C32]", [[R(3, 2)]]),
    Entry(N, "var_ddof2", "np.var(a, axis={axis}, keepdims={keepdims}, ddof=2)", [[R(3, 4), R(1, 3)]],
          grid=dict(axis=[None, 1], keepdims=[True, False])),
    Entry(N, "std_ddof2", "np.std(a, axis={axis}, keepdims={keepdims}, ddof=2)", [[R(3, 4), R(1, 3)]],
          grid=dict(axis=[None, 1], keepdims=[True, False])),
    Entry(N, "repeat_1d_axis0", "np.repeat(a, 2, axis=0)", [[R(5)]]),
    Entry(N, "multi_index_repeated", "np.sum(a[[0, 0]])", [[R(3)]]),
    Entry(N, "max_equal_values_2d", "np.max(np.array([[a, a], [a, 0.5]]), axis=1)", [[1.0, -1.0]]),
    Entry(N, "min_3_way_equality", "np.min(np.array([[a, a, a], [a, 0.5, 0.5], [0.5, 0.5, 0.5], [a, a, 0.5]]), axis=0)",
          [[1.0, -1.0]]),
    Entry(N, "maximum_equal_values", "np.maximum(a, a)", [[1.0]]),
    Entry(N, "maximum_equal_values_2d", "np.maximum(np.array([a, a, 0.5]), np.array([[a, 0.5, a], [a, a, 0.5]]))",
          [[1.0, -1.0, 2.0]]),
    Entry(N, "linspace_num", "np.linspace(a, b, {num})", [[1.2], [3.4, -3.4, 1.2]], argnums=(0, 1),
          grid=dict(num=[0, 1, 5])),
]

# test_systematic.py's stat_check of np.all and np.any (a bool output), np.row_stack (np.msort is gone
# from NumPy 2)
SYSTEMATIC_MORE = [
    *[Entry(S, n, getattr(np, n), [[3.5, R(3)]], order=1) for n in ["all", "any"]],
    Entry(S, "row_stack", "np.row_stack(a)", [[R(2), (R(2), R(2)), R(2, 3), (R(2, 4), R(1, 4))]]),
]

TABLES = SYSTEMATIC + SYSTEMATIC_MORE + NUMPY + NUMPY_MORE + BINARY + TRUEDIV
