"""Results computed from a :class:`~transpiler.ir.nodes.Function` and hashable inputs, kept on
the function so a compile asks each question once: the kinds and shapes of its values are
wanted by the output's shape analysis, by specialisation, and by the transform, for the same
argument shapes, and a new argument shape reuses what depends on the function alone.

A lowered function is never changed once built (every pass makes a new one with
``dataclasses.replace``, which gives it an empty memo), so what is kept stays true of it."""
from __future__ import annotations

from typing import Any, Callable, Hashable

# entries kept per function (the oldest dropped): a few per argument family, and a function is
# compiled for at most 64 families at once (driver/pipeline.py: CACHE_SIZE)
MEMO_SIZE = 256


def remembered(fn: Any, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it returned when asked with ``key`` of ``fn`` before. A key that
    cannot be hashed (a shape holding a list) is computed every time."""
    memo = fn.memo
    try:
        return memo[key]
    except KeyError:
        pass
    except TypeError:
        return compute()
    value = memo[key] = compute()
    if len(memo) > MEMO_SIZE:
        del memo[next(iter(memo))]
    return value
