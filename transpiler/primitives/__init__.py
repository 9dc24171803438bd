"""Derivative rules, one module per family; importing this package fills the registry."""
from . import arithmetic, builtin_sums, einsum, elementwise, indexing, linalg, lists, reductions, shape  # noqa: F401  (registration side effects)
from . import repetition_tangents  # noqa: F401,E402  (forward mode of `xs * n` on lists: an integer count has no tangent)
from . import decompositions, matrix_functions  # noqa: F401,E402  (np.linalg beyond solves)
from . import pieces, products, rearranging, selecting, windows  # noqa: F401,E402
from . import casts, order_statistics  # noqa: F401,E402
from . import accumulations, cumulative, diagonals, numpy_compositions, roots_and_powers, ufunc_methods  # noqa: F401,E402  (issue 16's gaps)
from . import composing, predicates, structure, writes  # noqa: F401,E402  (issue 16: queries, gathers, writes)
from . import fft  # noqa: F401,E402  (np.fft: complex results)
from . import effects, fields  # noqa: F401,E402  (print(x), assert, with: effects; records' fields; their helpers)
from . import numerical, python_cmath, python_math, python_statistics  # noqa: F401,E402  (copysign, fmod, modf, i0, unwrap ...; math.erf ...; statistics.mean ...)
from . import linalg_compositions, nan_order_statistics, polynomials, polynomial_series  # noqa: F401,E402  (issue 16)
from . import unbound  # noqa: F401,E402  (names read before their first assignment: `bound`)
from . import chained_writes  # noqa: F401,E402  (`c[i][j] = v` through a view only: `through_view`)
from . import in_place  # noqa: F401,E402  (`y += v`, `out=`, `np.copyto`: NumPy's shape and casting rules)
from . import adjoint_writes  # noqa: F401,E402  (a list's adjoint written in place: opt/adjoint_writes.py)
from . import decomposition_tangents  # noqa: F401,E402  (forward rules of the decompositions' tangent helpers)
from . import complex_decompositions, complex_norms, complex_reductions  # noqa: F401,E402  (rules for complex values)
from . import tridiagonal  # noqa: F401,E402  (the splines' O(n) solves: scipy_splines.py)
from . import helper_rules  # noqa: F401,E402  (after the families: declares their runtime helpers)
from . import opaque  # noqa: F401,E402  (calls that simply run)
from . import tries  # noqa: F401,E402  (try/except: the `raised` helper)
from . import checkpointing  # noqa: F401,E402  (runtime helpers of loops under a memory budget)
from .registry import REGISTRY, CallSite, Primitive, composition, lookup

__all__ = ["REGISTRY", "CallSite", "Primitive", "composition", "lookup"]
