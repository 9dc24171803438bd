"""analysis/kinds.py's float32: through views and element reads, through a tape's pops, and not
through a name a transform's code binds again to another kind (the numba backend's pass writes
``np.float32(c)`` from these kinds: a value wrongly called float32 there would be computed in
float32 where NumPy computes float64)."""
import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

from transpiler.analysis import kinds
from transpiler.driver import pipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
import hand_built as h  # noqa: E402

sys.path.pop(0)


def views(W, x, i, n):
    wt = W.T
    row = x[i]
    tail = x[1:]
    column = x[:, np.newaxis]
    grid = x.reshape(2, n)
    flat = np.ravel(W)
    spread = np.broadcast_to(x, (3, 4))
    widened = np.asarray(x, np.float64)
    cast = x.astype(np.float64)
    return wt, row, tail, column, grid, flat, spread, widened, cast


def _kinds_by_name(f, arg_kinds):
    fn = pipeline.lowered(f)
    found = kinds.known_kinds(fn, arg_kinds)
    return {v.name: kind for v, kind in found.items()}


def test_views_and_element_reads_of_float32_arrays_are_float32():
    found = _kinds_by_name(views, ("f4", "f4", "i8", "i8"))
    for name in ("wt", "row", "tail", "column", "grid", "flat", "spread"):
        assert found.get(name) == "f4", name
    assert found.get("widened") != "f4" and found.get("cast") != "f4"


def test_views_of_float64_arrays_are_not_called_float32():
    found = _kinds_by_name(views, ("f8", "f8", "i8", "i8"))
    assert "f4" not in found.values()


@pytest.mark.parametrize("second", ["f8", None], ids=["float64", "unknown"])
def test_a_name_bound_again_to_another_kind_has_none(second):
    """``t = x * 2.0`` (float32), then ``t = t * y`` marked ``rebinds`` (reverse code's accumulations):
    float32 after the first binding, something else after the second, so no one kind."""
    first = h.mul(h.t, h.x, h.Const(2.0))
    again = dataclasses.replace(h.mul(h.t, h.t, h.y), rebinds=True)
    fn = h.function([first, again, h.mul(h.z, h.t, h.Const(0.5))], h.z, params=(h.x, h.y))
    found = kinds._value_kinds(fn, {h.x: "f4", **({h.y: second} if second else {})})
    assert h.t not in found and h.z not in found
    same = kinds._value_kinds(fn, {h.x: "f4", h.y: "f4"})      # both bindings float32: float32
    assert same[h.t] == same[h.z] == "f4"
