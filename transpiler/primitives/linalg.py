"""Linear algebra: matrix products, traces, diagonals, solves, inverses, determinants
(factorizations: decompositions.py; pseudo-inverse, least squares, powers: matrix_functions.py).

For ``y = a @ b`` the adjoints are ``d_a = d_y @ b.T`` and ``d_b = a.T @ d_y`` when both are
matrices; ``matmul_adjoint`` handles vectors and stacks of matrices, summing over broadcast
batch dimensions.  The other rules, written for matrices (stacks of matrices work too):

* ``y = np.linalg.solve(a, b)``:  ``d_b = solve(a.T, d_y)``,  ``d_a = -d_b @ y.T``; for a
  symmetric ``a`` and ``d_y == b`` (the quadratic form ``b @ solve(a, b)``) ``d_b`` is ``y`` itself
  and the second solve is skipped.  Tangent: ``solve(a, t_b - t_a @ y)``.
* ``y = np.linalg.inv(a)``:       ``d_a = -y.T @ d_y @ y.T``
* ``y = np.linalg.det(a)``:       ``d_a = d_y * cofactors(a)`` (``y * inv(a).T``, also where ``a`` is singular)

(``np.einsum``, of any number of operands: einsum.py.)

Second derivatives differentiate the generated gradient again, and so its helpers: each is
linear in the adjoint and in the operands it multiplies by (one helper per operand, as
``inner_adjoint_a``), or has a forward rule of its own (``solve_adjoint``: ``jvp=``).
"""
import ast
import math

import numpy as np

from .cofactors import cofactors
from .runtime import helper, unbroadcast
from .registry import ON_OBJECT_ARRAYS, dotted, vjp_rule

FAMILY = "linear algebra"


# --------------------------------------------------------------------------- shape rules
def _matmul_shape(shapes, kwargs):
    a, b = shapes
    if len(a) == 0 or len(b) == 0:
        return None
    a2, b2 = (a if len(a) > 1 else (1,) + a), (b if len(b) > 1 else b + (1,))
    if a2[-1] != b2[-2]:
        return None
    # (no batch axes, the common case, asked of every product by the shape analysis at each
    # compile: np.broadcast_shapes makes arrays to find that it is (), several microseconds)
    batch = np.broadcast_shapes(a2[:-2], b2[:-2]) if len(a2) > 2 or len(b2) > 2 else ()
    out = batch + (a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return tuple(out)


def _dot_shape(shapes, kwargs):
    """``np.dot``: a product with a number, the matrix product for 1-D and 2-D operands, and
    the sum over a's last and b's second-to-last axis for more dimensions."""
    a, b = shapes
    if a == () or b == ():
        return tuple(np.broadcast_shapes(a, b))
    if len(a) <= 2 and len(b) <= 2:
        return _matmul_shape(shapes, kwargs)
    contracted = b[0] if len(b) == 1 else b[-2]
    if a[-1] != contracted:
        return None
    return a[:-1] + b[:-2] + b[-1:] if len(b) > 1 else a[:-1]


def _square(shape) -> bool:
    return len(shape) >= 2 and shape[-1] == shape[-2]


def _inner_shape(shapes, kwargs):
    a, b = shapes
    if a == () or b == ():
        return tuple(np.broadcast_shapes(a, b))
    return a[:-1] + b[:-1] if a[-1] == b[-1] else None


def _outer_shape(shapes, kwargs):
    a, b = shapes
    return (int(np.prod(a)), int(np.prod(b)))


def _trace_shape(shapes, kwargs):
    if len(shapes) != 1 or len(shapes[0]) < 2:   # offset/axes passed positionally: unknown
        return None
    x = shapes[0]
    try:
        axis1, axis2 = (int(kwargs.get("axis1", 0)) % len(x), int(kwargs.get("axis2", 1)) % len(x))
    except (TypeError, ValueError):
        return None
    return tuple(n for i, n in enumerate(x) if i not in (axis1, axis2))


def _diag_shape(shapes, kwargs):
    if len(shapes) != 1:                          # k passed positionally: unknown
        return None
    k = kwargs.get("k", 0)
    if not isinstance(k, int):
        return None
    x = shapes[0]
    if len(x) == 1:
        return (x[0] + abs(k),) * 2
    if len(x) == 2:
        rows, cols = (x[0], x[1] - k) if k >= 0 else (x[0] + k, x[1])
        return (max(0, min(rows, cols)),)
    return None


def _solve_shape(shapes, kwargs):
    a, b = shapes
    if not _square(a) or len(b) == 0:
        return None
    if len(b) == 1:                               # a vector right-hand side (NumPy >= 2)
        return a[:-1] if b[0] == a[-1] else None
    if len(b) == len(a) - 1 and int(np.__version__.split(".")[0]) < 2:
        return None                               # NumPy 1.x may read b as a stack of vectors
    if b[-2] != a[-1]:
        return None
    try:
        return tuple(np.broadcast_shapes(a[:-2], b[:-2])) + b[-2:]
    except ValueError:
        return None


def _same_square_shape(shapes, kwargs):
    return shapes[0] if _square(shapes[0]) else None


def _det_shape(shapes, kwargs):
    return shapes[0][:-2] if _square(shapes[0]) else None


# --------------------------------------------------------------------------- products
# Products are linear in each factor separately ("multi"): the tangent is f(t_a, b) + f(a, t_b).
def _matrix_products(site, index, d_y):
    """Operands of known dimensions (matrices and vectors): ``d_a = d_y @ b.T`` and
    ``d_b = a.T @ d_y``, with ``np.outer`` or a product where an operand is a vector; a stack of
    matrices of known shape times a matrix or a stack of its batch shape: ``_batched_product``."""
    from ..ir.algebra import simplify

    dims = tuple(len(s) if isinstance(s, tuple) else None for s in site.arg_shapes)
    if None not in dims and dims[0] >= 3 and dims[1] >= 2:
        return _batched_product(site, index, d_y)
    if dims not in ((2, 2), (2, 1), (1, 2), (1, 1)):
        return None
    a, b = site.args

    def call(path, *args):
        return ast.Call(func=dotted(path), args=list(args), keywords=[])

    def matmul(x, y):
        return ast.BinOp(left=x, op=ast.MatMult(), right=y)

    def transposed(x):
        return ast.Attribute(value=x, attr="T", ctx=ast.Load())

    if dims == (1, 1):        # a scalar product
        return simplify(ast.BinOp(left=d_y, op=ast.Mult(), right=b if index == 0 else a))
    if dims == (2, 2) and site.specialize and _contracts_one(site, index):
        # a product over an axis of length 1 is an outer product: a broadcast product is twice
        # as fast as the matrix product, with the same values
        return ast.BinOp(left=d_y, op=ast.Mult(), right=transposed(b)) if index == 0 else \
            ast.BinOp(left=transposed(a), op=ast.Mult(), right=d_y)
    if index == 0:
        return outer_product(d_y, b, site.arg_shapes[0], site) if dims == (2, 1) else \
            matmul(d_y, transposed(b)) if dims == (2, 2) else matmul(b, d_y)
    return outer_product(a, d_y, site.arg_shapes[1], site) if dims == (1, 2) else matmul(transposed(a), d_y)


def _batched_product(site, index, d_y):
    """A stack of matrices times a matrix, ``X @ W`` with ``X`` of shape ``(B, T, D)``: ``d_X =
    d_y @ W.T`` and ``d_W`` one product of the stack's rows, ``X.reshape(-1, D).T @
    d_y.reshape(-1, K)`` (``matmul_adjoint`` makes ``B`` products and sums them); two stacks of
    the same batch shape: ``d_a = d_y @ swapaxes(b)``, ``d_b = swapaxes(a) @ d_y``. None where a
    stack is broadcast, where a length is not known, or for ``np.dot`` (another contraction)."""
    (a_shape, b_shape), out = site.arg_shapes, site.out_shape
    a, b = site.args
    if not isinstance(out, tuple) or len(out) != len(a_shape) or not all(
            type(n) is int for n in (*a_shape, *b_shape)):
        return None

    def matmul(x, y):
        return ast.BinOp(left=x, op=ast.MatMult(), right=y)

    def swapped(x):
        return ast.Call(func=dotted("np.swapaxes"), args=[x, ast.Constant(-1), ast.Constant(-2)], keywords=[])

    def rows(x, width):
        return ast.Call(func=ast.Attribute(value=x, attr="reshape", ctx=ast.Load()),
                        args=[ast.Constant(-1), ast.Constant(width)], keywords=[])
    if len(b_shape) == 2:
        if index == 0:
            return matmul(d_y, ast.Attribute(value=b, attr="T", ctx=ast.Load()))
        return matmul(ast.Attribute(value=rows(a, a_shape[-1]), attr="T", ctx=ast.Load()), rows(d_y, b_shape[-1]))
    if a_shape[:-2] != b_shape[:-2]:
        return None
    return matmul(d_y, swapped(b)) if index == 0 else matmul(swapped(a), d_y)


@vjp_rule(ast.MatMult, np.matmul, family=FAMILY, shape_rule=_matmul_shape, linear="multi",
          specialized=_matrix_products, sympy=ON_OBJECT_ARRAYS)
def matmul(d_y, y, a, b):
    return matmul_adjoint_a(d_y, a, b), matmul_adjoint_b(d_y, a, b)


def _contracts_one(site, index: int) -> bool:
    """For ``y = a @ b`` (matrices), does the adjoint's product run over an axis of length 1:
    ``d_y @ b.T`` over ``y``'s columns, ``a.T @ d_y`` over its rows?"""
    out = site.out_shape
    return isinstance(out, tuple) and len(out) == 2 and out[1 if index == 0 else 0] == 1


def outer_product(u: ast.expr, v: ast.expr, shape, site) -> ast.expr:
    """``u`` times ``v`` transposed: ``np.outer`` in printed code; in the code calls run, for
    the known shape of the result, ``np.einsum`` on large matrices (which NumPy computes faster
    than ``np.outer``, with the same values), a broadcast product on small ones (fewer calls)."""
    if not site.specialize:
        return ast.Call(func=dotted("np.outer"), args=[u, v], keywords=[])
    if isinstance(shape, tuple) and all(type(n) is int for n in shape) and math.prod(shape) > 4096:
        return ast.Call(func=dotted("np.einsum"), args=[ast.Constant("i,j->ij"), u, v], keywords=[])
    column = ast.Subscript(value=u, slice=ast.Tuple(elts=[ast.Slice(), ast.Constant(None)], ctx=ast.Load()),
                           ctx=ast.Load())
    return ast.BinOp(left=column, op=ast.Mult(), right=v)


@vjp_rule(np.dot, family=FAMILY, shape_rule=_dot_shape, linear="multi", specialized=_matrix_products,
          sympy=ON_OBJECT_ARRAYS)
def dot(d_y, y, a, b):
    return dot_adjoint_a(d_y, a, b), dot_adjoint_b(d_y, a, b)


@vjp_rule(np.vdot, family=FAMILY, shape_rule="scalar", linear="multi")
def vdot(d_y, y, a, b):
    # the sum of the flattened product (real arrays): each factor's adjoint is the other's
    # values in its own shape; also what the gradient of an array divided by a number calls
    return np.reshape(d_y * b, np.shape(a)), np.reshape(d_y * a, np.shape(b))


@vjp_rule(np.inner, family=FAMILY, shape_rule=_inner_shape, linear="multi")
def inner(d_y, y, a, b):
    return inner_adjoint_a(d_y, a, b), inner_adjoint_b(d_y, a, b)


@vjp_rule(np.outer, family=FAMILY, cost="cheap", shape_rule=_outer_shape, linear="multi")
def outer(d_y, y, a, b):
    return np.reshape(d_y @ np.ravel(b), np.shape(a)), np.reshape(np.ravel(a) @ d_y, np.shape(b))


@helper("unbroadcast")
def inner_adjoint(g, a, b, which):
    """Adjoint of ``np.inner(a, b)`` (a sum over the last axes of both) for ``a`` (which=0) or
    ``b`` (which=1); a 0-d argument scales the other."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * (b if which == 0 else a), a if which == 0 else b)
    na, nb = np.ndim(a) - 1, np.ndim(b) - 1
    if which == 0:
        return np.tensordot(g, b, axes=(list(range(na, na + nb)), list(range(nb))))
    return np.tensordot(g, a, axes=(list(range(na)), list(range(na))))


# One helper per factor, linear in the output's adjoint and in the OTHER factor (the factor
# itself only gives a shape), as for matmul: forward mode over generated code (Hessians).
@helper("inner_adjoint", linear="multi", args=(0, 2))
def inner_adjoint_a(g, a, b):
    """Adjoint of ``np.inner(a, b)`` with respect to ``a``."""
    return inner_adjoint(g, a, b, 0)


@helper("inner_adjoint", linear="multi", args=(0, 1))
def inner_adjoint_b(g, a, b):
    """Adjoint of ``np.inner(a, b)`` with respect to ``b``."""
    return inner_adjoint(g, a, b, 1)


# --------------------------------------------------------------------------- traces and diagonals
@vjp_rule(np.trace, family=FAMILY, cost="cheap", shape_rule=_trace_shape, linear="joint", sympy=ON_OBJECT_ARRAYS)
def trace(d_y, y, x, offset=0, axis1=0, axis2=1):
    return trace_adjoint(d_y, x, offset, axis1, axis2),


@vjp_rule(np.diag, family=FAMILY, cost="cheap", shape_rule=_diag_shape, linear="joint", views=True)
def diag(d_y, y, v, k=0):
    return diag_adjoint(d_y, v, k),


@helper()
def trace_adjoint(g, x, offset=0, axis1=0, axis2=1):
    """Adjoint of ``np.trace(x, offset, axis1, axis2)``: ``g`` on that diagonal, zeros elsewhere."""
    shape = np.shape(x)
    eye = np.eye(shape[axis1], shape[axis2], k=offset)
    full = np.expand_dims(g, (-2, -1)) * eye
    return np.moveaxis(full, (-2, -1), (axis1 % len(shape), axis2 % len(shape)))


@helper(linear="joint")
def diag_adjoint(g, v, k=0):
    """Adjoint of ``np.diag(v, k)``: read the diagonal back (vector ``v``) or scatter ``g`` onto
    the k-th diagonal of zeros shaped like ``v`` (matrix ``v``, which may be rectangular)."""
    if np.ndim(v) == 1:
        return np.diag(g, k)
    full = np.zeros(np.shape(v), dtype=np.result_type(g, 1.0))
    i = np.arange(np.shape(g)[0])
    full[i + max(-k, 0), i + max(k, 0)] = g
    return full


# --------------------------------------------------------------------------- solves and inverses
# Forward mode differentiates the defining identity (A y = b, A A^-1 = I, ...).
def solve_tangent(t, y, a, b):
    return -solve_like(a, matvec_like(t, y, y), y), solve_like(a, t, y)


def _known_solve(site, index, d_y):
    """A matrix and a vector or matrix right-hand side of known dimensions: ``d_b = solve(a.T,
    d_y)`` (``solve(a, d_y)`` for a matrix symmetric by construction; ``y`` itself for the
    quadratic form ``b @ solve(a, b)``) and ``d_a = -d_b yᵀ``, one solve shared by both.

    Both adjoints read the same solve, which the reverse sweep computes once (ad/shared_calls.py);
    the symmetric cases need no transposed solve, the quadratic form no second solve, and no
    run-time check of symmetry."""
    shape_a, shape_b = site.arg_shapes
    if not (isinstance(shape_a, tuple) and len(shape_a) == 2 and isinstance(shape_b, tuple)
            and len(shape_b) in (1, 2) and site.out_shape == shape_b):
        return None
    a, b = site.args
    symmetric = bool(site.arg_symmetric and site.arg_symmetric[0])
    if symmetric and len(shape_b) == 1 and isinstance(d_y, ast.Name) and isinstance(b, ast.Name) and d_y.id == b.id:
        d_b = site.out
    else:
        matrix = a if symmetric else ast.Attribute(value=a, attr="T", ctx=ast.Load())
        d_b = ast.Call(func=dotted("np.linalg.solve"), args=[matrix, d_y], keywords=[])
    if index == 1:
        return d_b
    if len(shape_b) == 1:
        return ast.UnaryOp(op=ast.USub(), operand=outer_product(d_b, site.out, shape_a, site))
    y_t = ast.Attribute(value=site.out, attr="T", ctx=ast.Load())
    return ast.UnaryOp(op=ast.USub(), operand=ast.BinOp(left=d_b, op=ast.MatMult(), right=y_t))


@vjp_rule(np.linalg.solve, family=FAMILY, floating_result=True, shape_rule=_solve_shape, jvp=solve_tangent,
          specialized=_known_solve)
def solve(d_y, y, a, b):
    return (unbroadcast(solve_matrix_adjoint(solve_adjoint(d_y, a, b, y), y, a), a),
            unbroadcast(solve_adjoint(d_y, a, b, y), b))


def inv_tangent(t, y, a):
    return -y @ t @ y,


@vjp_rule(np.linalg.inv, family=FAMILY, floating_result=True, shape_rule=_same_square_shape, jvp=inv_tangent)
def inv(d_y, y, a):
    return -np.swapaxes(y, -1, -2) @ d_y @ np.swapaxes(y, -1, -2),


def det_tangent(t, y, a):
    return np.sum(cofactors(a) * t, axis=(-2, -1)),


@vjp_rule(np.linalg.det, family=FAMILY, floating_result=True, shape_rule=_det_shape, jvp=det_tangent)
def det(d_y, y, a):
    # the cofactor matrix, det(a) inv(a).T where a is invertible, and right where it is singular
    return np.expand_dims(d_y, (-2, -1)) * cofactors(a),


# A solve's right-hand sides are (stacks of) vectors where its output has fewer dimensions than
# the matrix: these helpers take that output (``x``) to lay their operands out the same way.
@helper(linear="multi", args=(0, 1))
def matvec_like(m, z, x):
    """``m @ z``, with ``z`` a (stack of) vector(s) where ``x`` is (a solve's output)."""
    if np.ndim(x) < np.ndim(m):
        return (m @ np.expand_dims(z, -1))[..., 0]
    return m @ z


def solve_like_tangent(t, y, a, r, x):
    return -solve_like(a, matvec_like(t, y, x), x), solve_like(a, t, x), None


@helper(jvp=solve_like_tangent)
def solve_like(a, r, x):
    """``np.linalg.solve(a, r)``, with ``r`` a (stack of) vector(s) where ``x`` is."""
    if np.ndim(x) < np.ndim(a):
        return np.linalg.solve(a, np.expand_dims(r, -1))[..., 0]
    return np.linalg.solve(a, r)


def solve_adjoint_tangent(t, y, g, a, b, x):
    # d(A^-T g) = A^-T (dg - dA^T A^-T g); b and x only choose the layout (and the shortcut)
    return solve_adjoint(t, a, b, x), -solve_adjoint(matvec_like(np.swapaxes(t, -1, -2), y, x), a, b, x), None, None


@helper("solve_like", jvp=solve_adjoint_tangent)
def solve_adjoint(g, a, b, x):
    """The adjoint of the right-hand side of ``x = np.linalg.solve(a, b)`` before it is summed
    over broadcast dimensions: ``solve(a.T, g)``, laid out like ``x``."""
    if np.ndim(a) == 2 and np.ndim(x) == 1 and np.array_equal(g, b) and np.array_equal(a, a.T):
        return x    # a quadratic form b^T a^-1 b with a symmetric: solve(a.T, g) is x again
    return solve_like(np.swapaxes(a, -1, -2), g, x)


@helper(linear="multi", args=(0, 1))
def solve_matrix_adjoint(d_b, x, a):
    """The adjoint of the matrix of ``x = np.linalg.solve(a, b)`` before it is summed over
    broadcast dimensions: ``-d_b x.T``, for vector or matrix right-hand sides (``d_b`` is the
    right-hand side's adjoint, laid out like ``x``)."""
    if np.ndim(x) < np.ndim(a):
        return np.expand_dims(-d_b, -1) * np.expand_dims(x, -2)
    return -d_b @ np.swapaxes(x, -1, -2)
