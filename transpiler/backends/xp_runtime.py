"""Runtime helpers of the array-API backend: what the generated code calls, written against the
array API standard (https://data-apis.org/array-api/). Their source is printed into the
generated module like primitives/runtime.py's, so the module runs with ``array-api-compat`` and
the caller's array library alone.

Two kinds: the namespace helpers (``namespace_of``, ``shape_of``, ...) every module may call, and
array-API versions of the NumPy runtime helpers whose NumPy form uses functions or rules outside
the standard (``np.add.at``, ``np.expand_dims`` with several axes, bool times float). The other
NumPy helpers are translated mechanically (xp_code.py). Each helper finds the namespace of its
own arguments: the generated call sites are the NumPy backend's, unchanged."""
from __future__ import annotations

import math

# These functions are templates: they run only printed into a generated module, whose header
# imports ``array_api_compat`` (never imported here: importing transpiler must not import it).

XP_HELPERS: dict = {}   # name -> function (printed into modules that call it)
XP_DEPENDS: dict = {}   # name -> helpers it calls


def xp_helper(*depends: str):
    def register(fn):
        XP_HELPERS[fn.__name__] = fn
        XP_DEPENDS[fn.__name__] = list(depends)
        return fn
    return register


@xp_helper("OnDevice")
def namespace_of(*values, free=()):
    """The array namespace of the arrays among ``values`` (Python numbers, None and containers
    are looked through), its creation functions making arrays on their device; of the ``free``
    values (globals, closures) where the arguments hold no array; NumPy's when there is no array
    at all. (Every helper calls it: one per array types and device is made.)"""
    arrays = []
    pending = list(values)
    while pending or (not arrays and free):
        if not pending:
            pending, free = list(free), ()
            continue
        value = pending.pop()
        if value is None or type(value) in (float, int, bool, complex, str):
            continue
        if isinstance(value, (list, tuple)):
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif hasattr(value, "shape") and hasattr(value, "dtype"):
            arrays.append(value)
    if not arrays:
        import numpy
        arrays = [numpy.zeros(0)]
    device = array_api_compat.device(arrays[0])
    key = (frozenset(map(type, arrays)), device)
    try:
        return OnDevice.made[key]
    except KeyError:
        made = OnDevice.made[key] = OnDevice(array_api_compat.array_namespace(*arrays), device)
        return made
    except TypeError:                   # a device that is not hashable
        return OnDevice(array_api_compat.array_namespace(*arrays), device)


@xp_helper()
class OnDevice:
    """An array namespace whose creation functions default to one device (the arguments'): a
    constant, ``zeros`` or ``ones`` in generated code lives where the arguments do."""

    CREATION = ("asarray", "zeros", "ones", "full", "empty", "arange", "eye", "linspace")
    # Elementwise functions NumPy also runs on Python numbers (``np.exp(y)`` for a float y, a
    # derivative's copysign(1.0, y)); the standard's take an array, at most one number.
    ELEMENTWISE = ("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "exp",
                   "expm1", "floor", "log", "log10", "log1p", "log2", "negative", "reciprocal", "round", "sign",
                   "sin", "sinh", "sqrt", "square", "tan", "tanh", "trunc", "atan2", "copysign", "hypot",
                   "logaddexp", "maximum", "minimum", "pow")
    made = {}      # (array types, device) -> OnDevice

    def __init__(self, xp, device):
        self.namespace = xp
        self.device = device
        for name in self.CREATION:
            if hasattr(xp, name):
                setattr(self, name, self._on_device(getattr(xp, name)))
        for name in self.ELEMENTWISE:
            if hasattr(xp, name):
                setattr(self, name, self._of_numbers(getattr(xp, name)))

    def _on_device(self, create):
        def on_device(*args, **kwargs):
            kwargs.setdefault("device", self.device)
            return create(*args, **kwargs)
        return on_device

    def _of_numbers(self, function):
        def of_numbers(*args, **kwargs):
            if args and all(type(a) in (int, float, complex) for a in args):     # numbers only: an array first
                args = (self.asarray(args[0]), *args[1:])
            return function(*args, **kwargs)
        return of_numbers

    def __getattr__(self, name):
        return getattr(self.namespace, name)


@xp_helper()
def in_namespace(xp, value):
    """A free value (a global or closure array) as an array of ``xp`` on its device: a NumPy
    array read by a gradient of CuPy arrays is copied there once per call, never the other way."""
    if value is None or isinstance(value, (bool, int, float, complex, str)):
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(in_namespace(xp, v) for v in value) if not hasattr(value, "_fields") else value
    if not (hasattr(value, "shape") and hasattr(value, "dtype")):
        return value
    if array_api_compat.array_namespace(value) is xp.namespace:
        return value
    return xp.asarray(value)


@xp_helper()
def library_function(xp, name, where):
    """``xp``'s own function ``name`` (a dotted path: "linalg.eig"), for a NumPy function
    outside the array API standard; an error naming it and the library where there is none."""
    found = xp.namespace
    for part in name.split("."):
        found = getattr(found, part, None)
        if found is None:
            raise NotImplementedError(
                f"{where}np.{name} is not in the array API standard and {xp.namespace.__name__} has no "
                f"{name}: the array-API backend cannot run it on these arrays (use NumPy arrays "
                "with backend='numpy', or an array library that has it)")
    return found


@xp_helper()
def shape_of(x):
    """``np.shape``: a number's is (); a list's or tuple's of n values of one shape is (n, *that
    shape), as NumPy would stack them (the adjoint of ``np.sum`` of a list is one per item)."""
    if isinstance(x, (list, tuple)) and not hasattr(type(x), "_fields"):
        return (len(x), *(shape_of(x[0]) if x else ()))
    return tuple(getattr(x, "shape", ()))


@xp_helper("shape_of")
def ndim_of(x):
    """``np.ndim``: a number's is 0."""
    return len(shape_of(x))


@xp_helper("shape_of")
def size_of(x):
    """``np.size``: a number's is 1."""
    return math.prod(shape_of(x))


@xp_helper()
def float_dtype(xp, *values):
    """The floating dtype of results computed from ``values`` (``np.result_type(x, 1.0)``):
    the arrays' if they are floating, else the library's default floating dtype."""
    dtypes = [v.dtype for v in values if hasattr(v, "dtype") and xp.isdtype(v.dtype, "real floating")]
    if dtypes:
        return xp.result_type(*dtypes)
    return xp.__array_namespace_info__().default_dtypes(device=xp.device)["real floating"]


@xp_helper()
def transposed(xp, x, axes=None):
    """``np.transpose(x, axes)``: ``permute_dims``, all axes reversed by default."""
    if axes is None:
        axes = tuple(reversed(range(len(x.shape))))
    return xp.permute_dims(x, tuple(axes))


@xp_helper()
def swapped(xp, x, a, b):
    """``np.swapaxes(x, a, b)``."""
    axes = list(range(len(x.shape)))
    axes[a], axes[b] = axes[b], axes[a]
    return xp.permute_dims(x, tuple(axes))


@xp_helper()
def selected(xp, condition, a, b):
    """``np.where(condition, a, b)``, also where the standard's ``where`` refuses: a Python bool
    condition (``k == 0`` for an integer ``k``) between two numbers picks one in Python, and two
    Python numbers (``where(mask, 1.0, 0.0)``, a derivative) are made arrays first."""
    numbers = not hasattr(a, "shape") and not hasattr(b, "shape")
    if not hasattr(condition, "shape"):
        if numbers:
            return a if condition else b
        condition = xp.asarray(bool(condition))
    if numbers:
        if float in (type(a), type(b)):         # where(mask, 1, 0.5): floating, as NumPy promotes
            a, b = float(a), float(b)
        a, b = xp.asarray(a), xp.asarray(b)
    return xp.where(condition, a, b)


@xp_helper()
def stacked(xp, values):
    """A list or tuple of arrays and numbers as one array, as NumPy reads ``np.sum([a, b])``
    (the standard's functions take arrays only); an array as itself."""
    if not isinstance(values, (list, tuple)):
        return values
    items = [stacked(xp, v) for v in values]
    if not any(hasattr(v, "shape") for v in items):
        return xp.asarray(items)
    return xp.stack([v if hasattr(v, "shape") else xp.asarray(v) for v in items])


@xp_helper("namespace_of", "shape_of", "ndim_of")
def unbroadcast(g, x):
    """Sum the adjoint ``g`` back to the shape of ``x``, undoing broadcasting."""
    shape = shape_of(x)
    if shape_of(g) == shape:
        return g
    xp = namespace_of(g)
    extra = ndim_of(g) - len(shape)
    if extra > 0:
        g = xp.sum(g, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and shape_of(g)[i] != 1)
    if stretched:
        g = xp.sum(g, axis=stretched, keepdims=True)
    return g


@xp_helper("namespace_of", "shape_of", "float_dtype")
def broadcast_like(t, y):
    """A tangent term of a broadcast argument, spread to the output's shape (a new array)."""
    if shape_of(t) == shape_of(y):
        return t
    xp = namespace_of(t, y)
    if not hasattr(t, "shape"):
        return xp.full(shape_of(y), t, dtype=float_dtype(xp, y))
    return xp.broadcast_to(t, shape_of(y)) * 1


@xp_helper("namespace_of", "shape_of", "ndim_of", "float_dtype")
def unit_seed(y):
    """grad's seed for an output whose shape the compiler does not know: 1.0 for a number,
    ones for an array."""
    if ndim_of(y) == 0:
        return 1.0
    xp = namespace_of(y)
    return xp.ones(shape_of(y), dtype=float_dtype(xp, y))


@xp_helper("namespace_of", "shape_of", "ndim_of", "float_dtype")
def zeros_like_adjoint(x):
    """The adjoint of a value the output does not depend on: zeros shaped like ``x`` (lists for
    lists and tuples, dicts for dicts and records)."""
    if isinstance(x, tuple) and hasattr(type(x), "_fields"):
        return {name: zeros_like_adjoint(v) for name, v in zip(x._fields, x)}
    if hasattr(x, "__dataclass_fields__") and not isinstance(x, type):
        return {name: zeros_like_adjoint(getattr(x, name)) for name, spec in x.__dataclass_fields__.items()
                if repr(getattr(spec, "_field_type", "_FIELD")) == "_FIELD"}
    if isinstance(x, (list, tuple)):
        return [zeros_like_adjoint(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like_adjoint(v) for k, v in x.items()}
    if ndim_of(x) == 0:
        return 0.0
    xp = namespace_of(x)
    return xp.zeros(shape_of(x), dtype=float_dtype(xp, x))


@xp_helper()
def scatter_add(xp, d, index, g):
    """``d[index] += g`` (in place, or a new array for JAX's immutable ones: use the result), each
    occurrence of a repeated integer index adding once more (NumPy's and CuPy's ``add.at``, JAX's
    ``.at[].add``); an error on a library without one, never a silent overwrite."""
    at = getattr(d, "at", None)
    if at is not None and hasattr(at, "__getitem__"):   # immutable arrays (JAX): a new array, repeats added
        return at[index].add(g)
    parts = index if isinstance(index, tuple) else (index,)
    if not any(isinstance(i, list) or (hasattr(i, "shape") and not xp.isdtype(i.dtype, "bool")) for i in parts):
        d[index] = d[index] + g                   # a basic index or a mask: no element twice
        return d
    add = getattr(xp.namespace, "add", None)
    if not hasattr(add, "at"):
        raise NotImplementedError(
            f"the adjoint of indexing with an integer array needs add.at (repeated indices add up), "
            f"which {xp.namespace.__name__} does not have: index with slices or a mask, or use NumPy arrays")
    add.at(d, index, g)
    return d


@xp_helper("namespace_of", "shape_of", "float_dtype", "scatter_add")
def add_at(g, x, index):
    """The adjoint of ``x[index]``: zeros shaped like ``x`` with ``g`` added at ``index``
    (repeated indices accumulate)."""
    xp = namespace_of(g, x)
    return scatter_add(xp, xp.zeros(shape_of(x), dtype=float_dtype(xp, x, g)), index, g)


@xp_helper("accumulate", "ndim_of", "namespace_of", "scatter_add")
def add_into(d, index, g):
    """``d[index] += g`` on an adjoint buffer the generated code owns; returns ``d``.
    Containers (lists, dicts) accumulate element by element."""
    if isinstance(d, dict) and type(index) is int and index not in d:
        index = list(d)[index]
    if isinstance(d, (list, dict)):
        d[index] = accumulate(d[index], g)
    elif ndim_of(d) == 0:
        d = d + g
    else:
        d = scatter_add(namespace_of(d, g), d, index, g)
    return d


@xp_helper("namespace_of", "shape_of", "float_dtype")
def unreduce(g, x, axis=None, keepdims=False):
    """Broadcast the adjoint of a reduction of ``x`` back to ``x``'s shape."""
    shape = shape_of(x)
    xp = namespace_of(g, x)
    if not hasattr(g, "shape"):              # a Python number: in x's floating dtype (float32 stays)
        if hasattr(x, "shape"):              # full_like keeps x's chunks (Dask): no one-block array
            return xp.full_like(x, g, dtype=float_dtype(xp, x))
        return xp.full(shape, g, dtype=float_dtype(xp, x))
    if axis is not None and not keepdims:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = sorted(a % len(shape) for a in axes)
        kept = list(shape_of(g))
        for a in axes:
            kept.insert(a, 1)
        g = xp.reshape(g, tuple(kept))
    return xp.broadcast_to(g, shape)


@xp_helper("namespace_of", "transposed")
def untranspose(g, axes=None):
    """The adjoint of ``np.transpose(x, axes)``: transpose back."""
    xp = namespace_of(g)
    if axes is None:
        return transposed(xp, g)
    back = [0] * len(axes)
    for i, a in enumerate(axes):
        back[a] = i
    return xp.permute_dims(g, tuple(back))


@xp_helper("namespace_of", "ndim_of", "unbroadcast")
def matmul_adjoint(g, a, b, which):
    """Adjoint of ``a @ b`` with respect to ``a`` (which=0) or ``b`` (which=1), for vectors,
    matrices and broadcast stacks of matrices."""
    if ndim_of(a) == 1 and ndim_of(b) == 1:
        return g * (b if which == 0 else a)
    xp = namespace_of(g, a, b)
    a2 = a[None, :] if ndim_of(a) == 1 else a
    b2 = b[:, None] if ndim_of(b) == 1 else b
    g2 = g
    if ndim_of(a) == 1:
        g2 = xp.expand_dims(g2, axis=-2)
    if ndim_of(b) == 1:
        g2 = xp.expand_dims(g2, axis=-1)
    if which == 0:
        d = xp.matmul(g2, xp.matrix_transpose(b2))
        d = d[..., 0, :] if ndim_of(a) == 1 else d
        return unbroadcast(d, a)
    d = xp.matmul(xp.matrix_transpose(a2), g2)
    d = d[..., :, 0] if ndim_of(b) == 1 else d
    return unbroadcast(d, b)


@xp_helper("namespace_of", "unreduce", "stacked")
def extremum_adjoint(g, y, x, axis=None, keepdims=False):
    """Adjoint of ``max``/``min(x, axis)``: ``g`` goes to the elements equal to the extremum
    ``y``, split evenly between ties."""
    x = stacked(namespace_of(x), x)          # max of a list of arrays: of them stacked
    if axis is not None and not keepdims:
        y, g = unreduce(y, x, axis, keepdims), unreduce(g, x, axis, keepdims)
    xp = namespace_of(g, y, x)
    hit = xp.astype(x == y, x.dtype)
    return hit * (g / xp.sum(hit, axis=axis, keepdims=True))


@xp_helper()
def dot_product(xp, a, b):
    """``np.dot(a, b)`` for numbers, vectors and matrices (``matmul``, or a product with a number)."""
    if not hasattr(a, "shape") or not hasattr(b, "shape") or a.ndim == 0 or b.ndim == 0:
        return a * b
    if a.ndim > 2 or b.ndim > 2:
        raise NotImplementedError("np.dot of arrays of more than 2 dimensions on the array API: use matmul")
    return xp.matmul(a, b)


@xp_helper("namespace_of", "float_dtype")
def as_float(mask, like=None):
    """A comparison's outcome as numbers for arithmetic (the standard has no bool * float): in
    ``like``'s floating dtype, so float32 stays float32. Also an adjoint's ``1.0 * k`` (k an integer
    array, or of a kind not known while compiling: a floating or complex one is itself)."""
    if not hasattr(mask, "shape"):
        return mask if isinstance(mask, complex) else float(mask)
    xp = namespace_of(mask, like)
    if xp.isdtype(mask.dtype, ("real floating", "complex floating")):
        return mask
    return xp.astype(mask, float_dtype(xp, like, mask))


@xp_helper()
def squeezed(xp, x, axis=None):
    """``np.squeeze(x, axis)``: every axis of length 1 by default."""
    if axis is None:
        axis = tuple(i for i, n in enumerate(x.shape) if n == 1)
    return xp.squeeze(x, axis=axis)


@xp_helper("namespace_of", "unreduce", "stacked")
def prod_adjoint(g, x, axis=None, keepdims=False):
    """Adjoint of ``prod(x, axis)``: each element gets the product of the other elements of its
    slice, computed without dividing by zero (with two or more zeros in a slice, all are 0)."""
    xp = namespace_of(g, x)
    x = stacked(xp, x)
    zero = x == 0
    nonzero = xp.where(zero, xp.ones_like(x), x)
    rest = xp.prod(nonzero, axis=axis, keepdims=True)        # product of the non-zero elements
    zeros = xp.sum(xp.astype(zero, xp.int64), axis=axis, keepdims=True)
    others = xp.where(zeros == 0, rest / nonzero, xp.where(zero & (zeros == 1), rest, xp.zeros_like(rest)))
    return unreduce(g, x, axis, keepdims) * others
