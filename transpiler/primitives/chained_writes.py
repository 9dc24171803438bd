"""``c[i][j] = v`` on an array: NumPy writes through ``c[i]``, which is a view of ``c`` only where
``i`` is a basic index (an integer, a slice, ``None``, ``...``). An index array, a list or a mask
makes ``c[i]`` a *copy*: the write goes into that copy and ``c`` is unchanged. The lowering gives
the statement the meaning of the view (``c[i, j] = v``), so every index of ``c[i]`` goes through
``through_view(i, c, where)``, which raises where the write would go into a copy instead
(frontend/dicts.py). Lists and dicts hold their items: any index writes into the item."""
from __future__ import annotations

import numpy as np

from .registry import REGISTRY, Primitive, Spelling
from .runtime import helper


@helper()
def through_view(index, container, where):
    """``index`` itself, where ``container[index]`` is a view of an array container (or the
    container is not an array); raises where NumPy would write into a copy."""
    if isinstance(container, np.ndarray) and not (
            index is None or index is Ellipsis or isinstance(index, (int, np.integer, slice))
            or isinstance(index, np.ndarray) and index.ndim == 0 and index.dtype.kind in "iu"):
        raise TypeError(f"{where}: `c[i][j] = v` with the index `i` an array, a list or a mask writes into a copy "
                        "of `c[i]` (NumPy leaves `c` unchanged); write `c[i, j] = v` to change `c`")
    return index


THROUGH_VIEW = Primitive(name="through_view", spelling=Spelling(path="through_view"), family="runtime helpers",
                         differentiable=False, shape_rule=lambda shapes, kwargs: shapes[0],
                         effect=True)      # kept even where its value is unused: it may raise
REGISTRY[through_view] = THROUGH_VIEW
