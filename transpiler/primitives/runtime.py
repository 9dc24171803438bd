"""Runtime helpers that generated code may call.

Kept small and NumPy-only: the printed module of a gradient includes the source of every helper
it uses, so it runs with NumPy alone. Rule modules register their own helpers with ``@helper``.
"""
import numpy as np

HELPERS: dict = {}
DEPENDS: dict = {}   # helper -> helpers it calls (the printed module must include those too)
LINEAR: dict = {}    # helper -> ("joint" | "multi", positions it is linear in)
VIEWS: set = set()   # helpers whose result is a view of their first argument
SHAPE_READS: dict = {}   # helper -> positions of the arguments it reads for their shape alone
WRITES: dict = {}        # helper -> positions of the arguments it writes into in place (Primitive.writes)
EXTERNAL: dict = {}  # name -> object generated code calls but cannot print (custom rules)
MAKER_PREFIX = "_make_"   # EXTERNAL's makers of lambdas passed to calls that simply run (frontend/passed_functions.py)
TANGENTS: dict = {}  # helper -> its forward rule (a JVP template, as vjp_rule's ``jvp=``)
TANGENT_BUILDERS: dict = {}  # helper -> its forward rule written in Python: (site, tangents) -> AST


def helper(*depends: str, linear: str | None = None, args: tuple = (0,), jvp=None, jvp_builder=None,
           views: bool = False, reads_shape: tuple = (), writes: tuple = ()):
    """Register a runtime helper (its source is copied into generated modules that use it).

    ``linear`` says how the helper is linear in the arguments at ``args`` ("joint": in all of
    them together; "multi": in each separately); a helper that is not linear gives its forward
    rule as ``jvp`` instead: parameters ``(t, y, *args)``, one tangent term per argument. Either
    way generated code that calls it can itself be differentiated in forward mode (Hessians).
    A helper returning a list gives ``jvp_builder`` instead (its terms could not be added).
    ``views``: its result is a view of its first argument (``np.broadcast_to``, ``np.transpose``).
    ``reads_shape``: the positions of the arguments it reads only for their shape or structure
    (Primitive.reads_shape). ``writes``: the positions of the arguments it writes into in place
    (Primitive.writes: ``add_into``'s buffer).
    """
    def register(fn):
        HELPERS[fn.__name__] = fn
        DEPENDS[fn.__name__] = list(depends)
        if linear:
            LINEAR[fn.__name__] = (linear, tuple(args))
        if views:
            VIEWS.add(fn.__name__)
        if reads_shape:
            SHAPE_READS[fn.__name__] = tuple(reads_shape)
        if writes:
            WRITES[fn.__name__] = tuple(writes)
        if jvp is not None:
            TANGENTS[fn.__name__] = jvp
        if jvp_builder is not None:
            TANGENT_BUILDERS[fn.__name__] = jvp_builder
        return fn
    return register



@helper(linear="joint", reads_shape=(1,))
def unbroadcast(g, x):
    """Sum the adjoint ``g`` back to the shape of ``x``, undoing NumPy broadcasting."""
    if type(g) in (float, np.float64) and type(x) in (float, int, np.float64):
        return g        # two numbers (per item of a grid of lists: not np.shape twice)
    if type(x) is list and type(g) is list and len(g) == len(x) \
            and {list, tuple, dict, np.ndarray}.isdisjoint(map(type, x)) \
            and {list, tuple, dict, np.ndarray}.isdisjoint(map(type, g)):
        return g        # two flat lists of one length: one shape, without making arrays of them
    shape = np.shape(x)
    if np.shape(g) == shape:
        return g
    extra = np.ndim(g) - len(shape)
    if extra > 0:
        g = np.sum(g, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(g)[i] != 1)
    if stretched:
        g = np.sum(g, axis=stretched, keepdims=True)
    return g


def _strong_zero_times_tangent(t, y, a, b):
    # the product rule, a zero factor still winning (forward mode over the strong-zero gradient: Hessians)
    return strong_zero_times(t, b), strong_zero_times(a, t)


@helper(jvp=_strong_zero_times_tangent)
def strong_zero_times(a, b):
    """``a * b``, but 0 wherever either factor is 0, even where the other is infinite or NaN: in
    the chain rule a zero adjoint, tangent or partial wins (a "strong zero"). Only the code a
    derivative falls back on when its plain products gave NaN calls this (api/strong_zeros.py):
    ``sqrt`` at a masked-out zero separation, the tangent of an untaken ``np.where`` branch."""
    with np.errstate(invalid="ignore"):
        product = a * b
    if np.ndim(product) or isinstance(product, np.ndarray):
        return np.where(np.equal(a, 0) | np.equal(b, 0), np.zeros((), np.result_type(product)), product)
    return product if a != 0 and b != 0 else np.zeros_like(product)[()]


@helper()
def stop_gradient(x):
    """``x`` itself, but no derivative flows through it."""
    return x


@helper(linear="joint")
def broadcast_like(t, y):
    """A tangent term of a broadcast argument, spread to the output's shape (a new array)."""
    if np.shape(t) == np.shape(y):
        return t
    return np.array(np.broadcast_to(t, np.shape(y)))


@helper("zeros_like_adjoint", linear="joint")
def zero_if_none(g, x):
    """A custom rule's ``None`` (no derivative) as zeros shaped like ``x``."""
    return zeros_like_adjoint(x) if g is None else g


@helper()
def unit_seed(y):
    """grad's seed for an output whose shape the compiler does not know: 1.0 for a number,
    ones for an array (grad accepts one of a single element, and refuses others after the call).
    A list (one grown by appends, whose length the compiler did not know) is refused here."""
    if isinstance(y, (list, tuple)):
        message = f"the function returned a {type(y).__name__} of {len(y)} values; grad needs a single scalar output"
        hint = "return one value, or use transpiler.jacobian / transpiler.vjp for several outputs"
        try:                  # (imported on this path only: a standalone module runs with NumPy alone)
            from ..errors import OutputShapeError
        except ImportError:
            raise TypeError(f"{message}; {hint}") from None
        raise OutputShapeError(message, hint=hint)
    return 1.0 if np.ndim(y) == 0 else np.ones(np.shape(y), dtype=np.result_type(y, 1.0))


@helper()
def refuse_at_run_time(calls, message, hint):
    """Stop a derivative that its rule cannot give at these values (a complex eigenvalue, the
    complete QR of a tall matrix): a ``RunTimeRefusal`` the api locates at the user's first call
    of one of ``calls`` (a tuple of module paths, ``"numpy.linalg.eig"``); a NotImplementedError
    in a standalone module."""
    try:                  # (imported on this path only: a standalone module runs with NumPy alone)
        from ..errors import RunTimeRefusal
    except ImportError:
        raise NotImplementedError(f"{message}; {hint}") from None
    raise RunTimeRefusal(message, calls, hint)


@helper(reads_shape=(0,))
def zeros_like_adjoint(x):
    """The adjoint of a value the output does not depend on: zeros shaped like ``x``. Lists and
    tuples get lists (adjoints of containers are accumulated in place), dicts get dicts, and so
    do dataclasses and NamedTuples (one entry per field, in order), except NumPy's results
    (``EighResult``, ``SVDResult``...): their adjoints are read by position, as a tuple
    primitive's (``for k in range(2): r[k]`` of ``r = np.linalg.eigh(a)``)."""
    if type(x) is float or type(x) is np.float64:
        return 0.0      # (the common item of a list: not the tests below, per item)
    if type(x) is np.ndarray and x.ndim and x.dtype.kind in "fc":
        return np.zeros(x.shape, dtype=x.dtype)     # (an array item of a list: as below, without the tests)
    if isinstance(x, tuple) and hasattr(type(x), "_fields") and not type(x).__module__.startswith("numpy"):
        return {name: zeros_like_adjoint(v) for name, v in zip(x._fields, x)}
    if hasattr(x, "__dataclass_fields__") and not isinstance(x, type):
        # (dataclasses.fields(x) without importing dataclasses: an import inside a helper is
        # something numba cannot compile, and the generated module imports NumPy only)
        return {name: zeros_like_adjoint(getattr(x, name)) for name, spec in x.__dataclass_fields__.items()
                if repr(getattr(spec, "_field_type", "_FIELD")) == "_FIELD"}
    if isinstance(x, (list, tuple)) or type(x).__name__ == "deque" and type(x).__module__ == "collections":
        if set(map(type, x)) <= {float, int, np.float64}:
            return [0.0] * len(x)       # (a row of numbers: each one's zero, without a call per item)
        return [zeros_like_adjoint(v) for v in x]     # (a deque's too: read as a list, frontend/deques.py)
    if isinstance(x, dict):
        zeros = {k: zeros_like_adjoint(v) for k, v in x.items()}
        factory = getattr(x, "default_factory", None)
        if factory is not None:     # a defaultdict: a key read before it is written has a zero tangent too
            return type(x)(lambda: zeros_like_adjoint(factory()), zeros)
        return zeros
    if np.ndim(x) == 0:
        if hasattr(x, "__dict__") and type(x).__module__.partition(".")[0] not in ("builtins", "numpy") \
                and not callable(x) and not hasattr(type(x), "__array_namespace__"):
            # (an object of a plain class: its fields' adjoints must never be summed into one number)
            raise TypeError(f"no gradient for a {type(x).__name__} object: make its class a dataclass or NamedTuple")
        return 0.0
    return np.zeros(np.shape(x), dtype=np.result_type(x, 1.0))


@helper(linear="joint")
def add_at(g, x, index):
    """The adjoint of ``x[index]``: zeros shaped like ``x`` with ``g`` added at ``index``
    (repeated indices accumulate)."""
    out = np.zeros(np.shape(x), dtype=np.result_type(x, g, 1.0))
    np.add.at(out, index, g)
    return out


@helper(linear="joint", args=(0, 2), writes=(0,))
def counted_at(d, index, g):
    """``np.add.at(d, index, g)`` on a 1-d float64 buffer ``d``, by ``np.bincount`` where ``index``
    is an array of integers: a count of each position (times ``g``, a number) or the sum of ``g``
    at each, added in one pass (several times quicker than ``np.add.at`` for many positions).
    ``np.add.at`` itself for any other index (a mask, a tuple), a negative position (``x[-1]``
    read through an index array: bincount counts from 0) or one past the end (its error)."""
    if type(index) is np.ndarray and index.dtype.kind in "iu":
        number = type(g) is float or np.ndim(g) == 0
        try:
            counts = np.bincount(index.ravel(), minlength=len(d)) if number else \
                np.bincount(index.ravel(), weights=np.broadcast_to(g, index.shape).ravel(), minlength=len(d))
        except (ValueError, TypeError):      # (a negative position; uint64 positions, which bincount refuses)
            counts = None
        if counts is not None and len(counts) == len(d):
            if not number:
                d += counts
            elif g == -1.0:
                d -= counts         # (the adjoint of a read subtracted: the counts themselves, no product)
            else:
                d += counts * g
            return
    np.add.at(d, index, g)


@helper("accumulate", linear="joint", args=(0, 2), writes=(0,))
def add_into(d, index, g):
    """``d[index] += g`` in place on an adjoint buffer the generated code owns; returns ``d``.
    Containers (lists, dicts) accumulate element by element."""
    if type(index) is int and type(d) is np.ndarray and d.flags.writeable:     # the common case, kept fast
        d[index] += g
        return d
    if type(d) is list and type(index) is int:       # (a list's item, as below: without the tests)
        d[index] = accumulate(d[index], g)
        return d
    if isinstance(d, np.ndarray) and not d.flags.writeable:
        d = d.copy()        # a broadcast view: the tangent of an adjoint in forward over reverse mode
    if isinstance(d, np.ndarray) and d.dtype.kind != "c" and np.iscomplexobj(g):
        d = d.astype(np.result_type(d, g))    # a complex value's adjoint that came real (np.real's): its own copy
    if type(d) is tuple:
        d = list(d)         # a list's adjoint rebuilt whole as a tuple where a branch's path ended (cleared_at)
    if isinstance(d, dict) and type(index) is int and index not in d:
        index = list(d)[index]          # a NamedTuple's adjoint (a dict by field) read by position
    if isinstance(d, (list, dict)):
        d[index] = accumulate(d[index], g)
    elif np.ndim(d) == 0:
        d = d + g
    elif any(isinstance(i, (list, np.ndarray)) for i in (index if isinstance(index, tuple) else (index,))):
        np.add.at(d, index, g)       # integer arrays may repeat an element: add each occurrence
    else:
        d[index] += g
    return d


@helper(linear="joint")
def owned(d):
    """A copy of the adjoint ``d`` that generated code may then change with ``add_into``: an
    array's data; a list's or dict's outer object only (``add_into`` replaces their entries with
    new values, never changes one in place), so making one is linear in the entries, not in
    everything they hold (``d_G = add_into(owned(d_G), i, g)`` in a loop over a grid of lists)."""
    if isinstance(d, (list, dict)):
        return d.copy()
    return np.copy(d) if isinstance(d, np.ndarray) else d


@helper(linear="joint", args=(0, 1))
def accumulate(a, b):
    """``a + b`` for adjoints, element by element for containers. A key one dict adjoint lacks
    (the dict before ``d[k] = v`` added it) is a zero there. A list's adjoint may come as a tuple
    (rebuilt whole where a branch's path ends: indexing.py's ``cleared_at``): added item by item
    too, never concatenated."""
    if isinstance(a, (list, tuple)):
        if isinstance(b, (int, float, complex)) or getattr(b, "ndim", None) == 0:
            return [accumulate(x, b) for x in a]  # one number for every element's adjoint (a sum's)
        if set(map(type, a)) <= {float, int, np.float64}:
            return [x + y for x, y in zip(a, b)]  # (a row of numbers: each pair's sum, one pass, no call per item)
        return [accumulate(x, y) for x, y in zip(a, b)]
    if isinstance(a, dict):
        return {k: accumulate(a[k], b[k]) if k in a and k in b else a[k] if k in a else b[k]
                for k in {**a, **b}}
    return a + b


@helper(linear="joint", views=True, reads_shape=(1,))
def unreduce(g, x, axis=None, keepdims=False):
    """Broadcast the adjoint of a reduction of ``x`` back to ``x``'s shape."""
    shape = np.shape(x)
    if axis is not None and not keepdims:
        axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
        g = np.expand_dims(g, tuple(a % len(shape) for a in axes))
    if type(g) is float and isinstance(x, np.ndarray) and x.dtype.kind == "f":
        g = x.dtype.type(g)   # (a Python number's adjoint has the primal's dtype: float32 stays float32)
    return np.broadcast_to(g, shape)


@helper(linear="joint", views=True)
def untranspose(g, axes=None):
    """The adjoint of ``np.transpose(x, axes)``: transpose back."""
    if axes is None:
        return np.transpose(g)
    # NumPy accepts negative axes; argsort needs them counted from the front.
    return np.transpose(g, np.argsort([a % np.ndim(g) for a in axes]))


@helper("unbroadcast")
def matmul_adjoint(g, a, b, which):
    """Adjoint of ``a @ b`` with respect to ``a`` (which=0) or ``b`` (which=1), for vectors,
    matrices and broadcast stacks of matrices."""
    if np.ndim(a) == 1 and np.ndim(b) == 1:
        return g * (b if which == 0 else a)
    a2 = a[np.newaxis, :] if np.ndim(a) == 1 else a
    b2 = b[:, np.newaxis] if np.ndim(b) == 1 else b
    g2 = g
    if np.ndim(a) == 1:
        g2 = np.expand_dims(g2, -2)
    if np.ndim(b) == 1:
        g2 = np.expand_dims(g2, -1)
    if which == 0:
        d = g2 @ np.swapaxes(b2, -1, -2)
        d = d[..., 0, :] if np.ndim(a) == 1 else d
        return unbroadcast(d, a)
    d = np.swapaxes(a2, -1, -2) @ g2
    d = d[..., :, 0] if np.ndim(b) == 1 else d
    return unbroadcast(d, b)


@helper("matmul_adjoint", "unbroadcast")
def dot_adjoint(g, a, b, which):
    """Adjoint of ``np.dot(a, b)``: scalars multiply, otherwise as matmul for 1-D and 2-D."""
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(g * (b if which == 0 else a), a if which == 0 else b)
    if np.ndim(a) <= 2 and np.ndim(b) <= 2:
        return matmul_adjoint(g, a, b, which)
    # More dimensions: y[A, B, m] = sum_k a[A, k] b[B, k, m] (b's second-to-last axis, or its
    # only one, is summed with a's last); each adjoint contracts g with the other factor.
    na, nb = np.ndim(a) - 1, np.ndim(b)
    if which == 0:
        if nb == 1:
            return np.tensordot(g, b, axes=0)
        kept = [i for i in range(nb) if i != nb - 2]
        return np.tensordot(g, b, axes=(list(range(na, np.ndim(g))), kept))
    d = np.tensordot(a, g, axes=(list(range(na)), list(range(na))))
    return d if nb == 1 else np.moveaxis(d, 0, -2)


# The adjoint of a product w.r.t. one factor is linear in the output's adjoint and in the OTHER
# factor (the factor itself only gives a shape): one helper per factor says exactly that, so
# forward mode over generated code (Hessians) gets the right terms.
@helper("matmul_adjoint", linear="multi", args=(0, 2))
def matmul_adjoint_a(g, a, b):
    """Adjoint of ``a @ b`` with respect to ``a``."""
    return matmul_adjoint(g, a, b, 0)


@helper("matmul_adjoint", linear="multi", args=(0, 1))
def matmul_adjoint_b(g, a, b):
    """Adjoint of ``a @ b`` with respect to ``b``."""
    return matmul_adjoint(g, a, b, 1)


@helper("dot_adjoint", linear="multi", args=(0, 2))
def dot_adjoint_a(g, a, b):
    """Adjoint of ``np.dot(a, b)`` with respect to ``a``."""
    return dot_adjoint(g, a, b, 0)


@helper("dot_adjoint", linear="multi", args=(0, 1))
def dot_adjoint_b(g, a, b):
    """Adjoint of ``np.dot(a, b)`` with respect to ``b``."""
    return dot_adjoint(g, a, b, 1)


@helper()
def nested_ranges(outer, start, stop, _known={}):
    """The counters of ``for i in outer: for j in range(a * i + b, c * i + d)`` over all their
    pairs, as two integer arrays (``start = (a, b)``, ``stop = (c, d)``): a nest of loops
    vectorized as one (opt/nests.py). Kept per set of bounds: the arrays are read-only."""
    key = (outer.start, outer.stop, outer.step) + tuple(range(b).stop for b in start + stop)  # (ints, as range's)
    if key not in _known:
        i = np.arange(outer.start, outer.stop, outer.step)
        first, last = start[0] * i + start[1], stop[0] * i + stop[1]
        counts = np.maximum(last - first, 0)
        ends = np.cumsum(counts)
        rows = np.repeat(i, counts)
        columns = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(first - (ends - counts), counts)
        rows.flags.writeable = columns.flags.writeable = False
        if len(_known) >= 16:
            _known.clear()
        _known[key] = rows, columns
    return _known[key]
