"""The NumPy backend (the default): the generated module runs as Python on NumPy arrays. Its own
passes, for the code calls run: in-place operations where an array's memory is free (reuse.py),
and ``del`` of arrays after their last use."""
from __future__ import annotations

from ..ad.derivative import Derivative
from ..opt.cleanup import free_early
from ..opt.dead_code import eliminate_dead_code
from ..opt.passes import IRPass, Pass
from ..primitives.target import NUMPY
from . import Backend
from .items import python_floats, python_floats_and_value
from .first_writes import store_first_writes
from .known_broadcasts import write_out_unreduce
from .reuse import float32_names, float64_names, fresh_results, reuse_buffers


def _reuse_buffers(d: Derivative) -> None:
    float64, float32 = float64_names(d.body, d.float64), float32_names(d.body, d.float32)
    d.fresh_results = fresh_results(d.body, d.gradients, float64 | float32)

    def buffer() -> str:
        # (an array: free_early deletes it after its last read, as it does the transform's; else
        # ``_b = h - target; ...; d = _b`` held the buffer to the end of the call once ``d`` was freed)
        name = d.fresh_name("_b")
        d.arrays.add(name)
        return name

    d.body = reuse_buffers(d.body, d.shapes, float64, buffer, d.float32, worked_out=float32)


def _free_early(d: Derivative) -> None:
    d.body = free_early(d.body, d.arrays)


# the first write into each region of a buffer of zeros stored, not added; np.empty where they
# cover it (calls only)
FIRST_WRITES = Pass("first_writes", store_first_writes, applies=lambda spec: spec.specialize)
# Both only for grad's code (unit seed): what a call runs, never transformed again.
# in-place operations (out=, +=) where an array's memory is free (calls only)
REUSE_BUFFERS = Pass("reuse_buffers", _reuse_buffers, applies=lambda spec: spec.specialize and spec.unit_seed)
# del arrays after their last use
FREE_EARLY = Pass("free_early", _free_early, applies=lambda spec: spec.unit_seed)

def _known_broadcasts(fn, shapes: dict):
    """The broadcasts written out, then what only the helper read for its shape dropped (a sum's
    operand, ``y`` of ``np.sum(y)``: kept to the end of the call else, an array nothing reads)."""
    written = write_out_unreduce(fn, shapes)
    return fn if written is fn else eliminate_dead_code(written)


# a reduction's adjoint broadcast back with the shapes written out, no runtime helper (calls only;
# on the IR, the last pass before the backend prints it)
KNOWN_BROADCASTS = IRPass("known_broadcasts", _known_broadcasts, shaped=True, applies=lambda spec: spec.specialize)

# element-by-element loops on Python floats, NumPy's code kept for what those raise on (the code
# of calls; where it returns the value too, the value as np.float64, not a Python float: not for
# has_aux's pair or a recursive function's pullback)
PYTHON_FLOATS = Pass("python_floats", python_floats, applies=lambda spec: spec.specialize and not spec.returns_value)
PYTHON_FLOATS_AND_VALUE = Pass("python_floats", python_floats_and_value,
                               applies=lambda spec: spec.specialize and spec.returns_value
                               and not (spec.pullback or spec.aux))

BACKEND = Backend("numpy", NUMPY, ir_passes=(KNOWN_BROADCASTS,), passes=(FIRST_WRITES, REUSE_BUFFERS, FREE_EARLY, PYTHON_FLOATS, PYTHON_FLOATS_AND_VALUE),
                  strong_zeros=True, checkpoints=True, containers=True, records=True)
