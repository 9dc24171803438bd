"""The numba backend (an optional extra): the generated module compiled with ``numba.njit``.
Numba runs scalar loops fast, so reverse loops stay loops (no vectorisation pass); an
elementwise gradient becomes one loop over the elements (fusion.py)."""
from __future__ import annotations

import re
from typing import Callable

from ..ad.derivative import Derivative
from ..errors import TranspileError
from ..ir.code import comment, is_comment, read_names
from ..opt.passes import IRPass, Pass
from ..primitives import runtime
from ..primitives.target import Target
from . import Backend, numba_overloads
from .fusion import fuse_elementwise, numpy_vectorised
from .numba_calls import spell_calls
from .numba_einsum import spell_einsums
from .numba_float32 import narrow_numbers
from .numba_padding import spell_pads
from .numba_tensordot import spell_tensordots
from .numba_reductions import spell_reductions
from .numba_runtime import to_source


def _fuse(d: Derivative) -> None:
    """The elementwise body as one loop over the elements, when every parameter it reads is a
    number or an array of the one shape; with the loop in a function of its own when NumPy
    computes the exponentials and logarithms first (fusion.py)."""
    read = read_names(d.body)
    shapes = d.param_shapes
    if d.reads_free_names or any(shapes.get(name, ()) is None for name in read if name in shapes):
        return
    arrays = {name: shape for name, shape in shapes.items() if name in read and isinstance(shape, tuple) and shape}
    fused = fuse_elementwise(d.name, d.params, [s for s in d.body if not is_comment(s)], arrays,
                             numpy_vectorised("exp", "log"))
    if fused is None:
        return
    body, kernel = fused
    note = ("exp and log by NumPy, the rest of both sweeps in one loop" if kernel is not None
            else "both sweeps fused into one loop over the elements")
    d.body = [comment(note), *body]
    if kernel is not None:
        d.companions, d.python_only = [*d.companions, kernel], True   # the kernel is jitted, this runs as Python


def _refuse_calls_that_run(d: Derivative) -> None:
    """A call that simply runs (primitives/opaque.py: ``rs.randn(3)``) is a Python object's
    method or an arbitrary function: numba cannot compile it, and its compiling first call
    would run it once more (a second draw)."""
    import ast

    call = next((n for n in ast.walk(d.function_def()) if getattr(n, "simply_runs", False)), None)
    if call is not None:
        raise TranspileError(f"backend='numba' cannot compile `{ast.unparse(call)}` (in "
                             f"{d.name}): a call without a derivative rule runs as Python",
                             hint="use backend='numpy' (the default)")


def jit() -> Callable:
    """``numba.njit``, or a clear error if the optional backend is not installed."""
    try:
        import numba
    except ImportError as exc:
        raise TranspileError(
            "backend='numba' needs numba, which is not installed",
            hint="pip install 'transpiler[numba]' (or pip install numba), or use backend='numpy'") from exc
    numba_overloads.register()
    return numba.njit


def first_call(function, args: tuple, free: dict, name: str) -> None:
    """Run numba's compiler now (a first call), turning its typing errors into ours."""
    import numba

    try:
        function(*args, **free)
    except ImportError as exc:     # numba's linear algebra (np.dot, np.linalg) needs SciPy's BLAS
        raise TranspileError(
            f"numba cannot compile the generated gradient of {name}: {exc}",
            hint="numba compiles np.dot, @ and np.linalg only with SciPy installed: pip install scipy, "
                 "or use backend='numpy' (the default)") from exc
    except (numba.core.errors.NumbaError, TypeError, NotImplementedError, AssertionError, AttributeError,
            getattr(numba.core.errors, "UnsupportedBytecodeError", TypeError)) as exc:   # (not a NumbaError)
        # (numba's typing of some NumPy names raises a plain TypeError, np.integer; its lowering a
        # NotImplementedError, "Don't know how to allocate array with layout 'A'"; its typing of
        # keywords to some functions a bare AssertionError, "Not supported yet"; its SSA pass of a
        # loop whose `break` leaves a name unbound an AttributeError, "'UndefinedType' object has
        # no attribute 'name'")
        if isinstance(exc, (NotImplementedError, AssertionError, AttributeError)) and not _raised_in_numba(exc):
            raise
        lines = [_plain(line) for line in str(exc).splitlines()]
        first = next((line for line in lines if line and not line.startswith(("Failed in", "During"))), "")
        helpers = [m for line in lines for m in re.findall(r"^def (\w+)\(", line) if m in runtime.HELPERS]
        where = f" (in the runtime helper `{helpers[0]}` the gradient calls)" if helpers else ""
        raise TranspileError(
            f"numba cannot compile the generated gradient of {name}: {first}{where}",
            hint="use backend='numpy' (the default); the numba backend takes numbers, NumPy arrays "
                 "and the elementwise and indexing code numba's nopython mode supports") from exc


def _raised_in_numba(exc: BaseException) -> bool:
    """Was ``exc`` raised by numba's own code (its compiler), not by the function it compiled?"""
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and "numba" in frame.tb_frame.f_code.co_filename.replace("\\", "/").split("/")


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text).strip()


# an elementwise gradient as one loop over the elements
FUSE = Pass("fuse", _fuse)
# reductions along an axis in the spellings numba has (numba_reductions.py)
REDUCTIONS = Pass("numba_reductions", spell_reductions)
# vdot, roll, expand_dims and concatenate in the forms numba has (numba_calls.py)
CALLS = Pass("numba_calls", spell_calls)
# np.pad and its adjoint as gathering and adding loops (numba_padding.py)
PADS = Pass("numba_padding", spell_pads)
# np.tensordot and its adjoints as np.dot of reshaped operands (numba_tensordot.py)
TENSORDOTS = Pass("numba_tensordot", spell_tensordots)
# np.einsum and its adjoints as loops written for their subscripts (numba_einsum.py)
EINSUMS = Pass("numba_einsum", spell_einsums)
# Python numbers next to float32 values as np.float32(c), NumPy's conversion (numba_float32.py)
FLOAT32_NUMBERS = IRPass("numba_float32", narrow_numbers, kinded=True)
# calls that simply run stay Python: refused before numba would run them in its first call
REFUSE_CALLS_THAT_RUN = Pass("refuse_calls_that_run", _refuse_calls_that_run)

# numba cannot type np.heaviside, reversed(range) or the run-time shape helper unit_seed, and
# the shape-specialised primal spellings (plain arithmetic on numbers) gain nothing there.
TARGET = Target(unavailable=frozenset({"np.heaviside", "reversed", "unit_seed"}), primals_for_shapes=False)
# It skips vectorize (numba runs scalar loops fast), weighted_sums (its `@` takes 2-d arrays only)
# and weighted_rows (its vector-matrix `w @ M` is checked on NumPy only).
BACKEND = Backend("numba", TARGET, ir_passes=(FLOAT32_NUMBERS,), passes=(REFUSE_CALLS_THAT_RUN, REDUCTIONS, CALLS, PADS, TENSORDOTS, EINSUMS, FUSE),
                  skips=frozenset({"vectorize", "weighted_sums", "weighted_rows"}), jit=jit,
                  python=("unshared", "expect_length", "expect_unpacked", "expect_at_least", "expect_shape"),
                  forward_mode=False, first_call=first_call, containers=True, emit=to_source)
