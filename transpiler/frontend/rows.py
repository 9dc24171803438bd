"""Writes into the rows a loop iterates over: ``for coef, target in zip(coefs, Xy.T):
coef[:] = solve(A, target)`` (scikit-learn's ``_solve_cholesky``). NumPy iterates an array by
views of its rows, so such a write fills ``coefs``; the lowering writes the row back,
``coefs[i] = coef``, after each write through the loop variable.

Only for an array the function allocated itself (``np.empty``, ``np.zeros``...: its rows never
share memory with one another, nor with anything else), iterated by a plain name, and written
through the loop variable while it still holds that row (not rebound since). Any other write
into a loop's element stays refused (assignments.py): a list may hold one array twice."""
from __future__ import annotations

import ast
from dataclasses import dataclass

from ..ir import Atom, Var


@dataclass
class Row:
    """Loop variable bound to row ``index`` of the array named ``array`` (its value ``value``)."""

    array: str
    index: Var
    value: Atom


class RowLowering:
    """A mixin of ``_Lowering`` (frontend/lowering.py)."""

    @property
    def rows(self) -> dict[str, Row]:
        """Loop variables bound to rows of arrays allocated here, by name."""
        return self.__dict__.setdefault("_rows", {})

    @property
    def allocated(self) -> set:
        """Values made by an allocating primitive (``np.empty``, ``np.zeros``, ``np.copy``)."""
        return self.__dict__.setdefault("_allocated", set())

    def _bind_row(self, target: ast.expr, seq_node: ast.expr, seq: Atom, index: Var, element: Atom) -> None:
        """Record ``target`` as row ``index`` of ``seq`` where ``seq``, named by ``seq_node``, is
        (a view of) one array the function allocated."""
        if not isinstance(target, ast.Name):
            return
        self.rows.pop(target.id, None)
        storage = self._storage(seq)
        if isinstance(seq_node, ast.Name) and len(storage) == 1 and storage <= self.allocated:
            self.rows[target.id] = Row(seq_node.id, index, element)

    def _row_written(self, name: str, array: Atom, updated: Var, node: ast.AST) -> bool:
        """``name[...] = v`` just made ``updated`` from ``array``: where ``name`` holds a row of an
        array allocated here, write the row back into that array and rebind ``name``; False
        where it holds none (the write then goes on as any other)."""
        row = self.rows.get(name)
        if row is None or row.value is not array or row.array not in self.env:
            return False
        whole = self.env[row.array]
        iterated, self.iterated = self.iterated, [seen - self._storage(whole) for seen in self.iterated]
        try:
            with self._holding() as hold:
                into = ast.copy_location(ast.Subscript(value=ast.Name(id=row.array, ctx=ast.Load()),
                                                       slice=hold(row.index, node), ctx=ast.Store()), node)
                self._update(into, updated)
        finally:
            self.iterated = iterated
        self.env[name] = updated               # (stale after the write into the whole: it is that row)
        self.rows[name] = Row(row.array, row.index, updated)
        return True
