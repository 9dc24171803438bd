"""Values read as elements of an array: ``v = self.weights[state]``, ``row = X[i]``.

Writing into the array afterwards (``self.weights[s] -= dv``) changes ``v`` only where ``v`` is a
view, a row of a matrix; an element of a vector is a NumPy scalar of its own. Which one the index
gives is known only at run time, so a name holding such a value is not refused after the write:
it is soft-stale (aliasing.py), and reading it makes the generated code check that the array and
the value share no memory (the ``unshared`` helper), as for ``x += v``. Reads through a slice,
``None`` or ``...`` are views whatever the values: they stay refused when read after a write."""
from __future__ import annotations

import ast


def element_reads(lowering) -> set:
    """The values read as ``x[i]`` (integers or index arrays only) in this lowering."""
    return lowering.__dict__.setdefault("_element_reads", set())


def is_element_index(pattern: ast.expr) -> bool:
    """``x[i]``, ``x[i, j]``, ``x[idx]``: no slice, ``None`` or ``...`` (which always view)."""
    return not any(isinstance(n, ast.Slice) or isinstance(n, ast.Constant) and (n.value is None or n.value is Ellipsis)
                   for n in ast.walk(pattern))
