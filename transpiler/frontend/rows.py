"""Writes into the rows a loop iterates over: ``for coef, target in zip(coefs, Xy.T):
coef[:] = solve(A, target)`` (scikit-learn's ``_solve_cholesky``). NumPy iterates an array by
views of its rows, so such a write fills ``coefs``; the lowering writes the row back,
``coefs[i] = coef``, after each write through the loop variable.

Only for an array the function allocated itself (``np.empty``, ``np.zeros``...: its rows never
share memory with one another, nor with anything else), iterated by a plain name, and written
through the loop variable while it still holds that row (not rebound since).

The items of a list the function made, iterated by a plain name, are followed as its entries
instead: ``for p, g in zip(params, grads): p -= lr * g`` (an SGD step) changes the arrays the
list holds, so ``params[i]`` read later sees them. The item is recorded as the entry ``params[i]``
(entry_writes.py), whose write-back rebinds ``params`` after a write through ``p`` (the index
the loop counts with: no length is needed), with the run-time check that no other item shares
the written array's memory (``[a, a]`` would see the write twice). The later items the loop
reads are the ones it began with: a write at the position just read changes none of them."""
from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

from ..ir import Atom, Var
from ..primitives import indexing
from . import aliasing
from .entry_writes import record_entry_read
from .shallow_copies import is_dict
from .values import PythonFunction, loop_depth


@dataclass
class Row:
    """Loop variable bound to row ``index`` of the array named ``array`` (the values it has held
    as that row: read, written on each path of a branch, merged), in the function inlined at
    depth ``depth`` (a helper's name for another value is not it)."""

    array: str
    index: Var
    values: set
    depth: int


class RowLowering:
    """A mixin of ``_Lowering`` (frontend/lowering.py)."""

    @property
    def rows(self) -> dict[str, Row]:
        """Loop variables bound to rows of arrays made here, by name."""
        return self.__dict__.setdefault("_rows", {})

    @property
    def allocated(self) -> set:
        """Values made by an allocating primitive (``np.empty``, ``np.zeros``, ``np.copy``)."""
        return self.__dict__.setdefault("_allocated", set())

    @property
    def current_items(self) -> dict[Var, tuple]:
        """Value -> (that value, the memory the loop iterates over: its set in
        ``lowering.iterated``), for the row or list item a loop has just read, and the values a
        write in place made of it: a write into one is at the position just read (in a helper
        given it too: ``fill(row)``). Kept with the value object itself: a loop's body lowered
        again reuses its names for other statements' values (:meth:`_loop_of`)."""
        return self.__dict__.setdefault("_current_items", {})

    def _loop_of(self, value) -> set | None:
        """The loop whose row or item ``value`` is (:attr:`current_items`), or None."""
        found = self.current_items.get(value) if isinstance(value, Var) else None
        return found[1] if found is not None and found[0] is value else None

    def _mark_current(self, value, loop: set | None) -> None:
        if loop is not None and isinstance(value, Var):
            self.current_items[value] = (value, loop)

    def _bind_row(self, target: ast.expr, seq_node: ast.expr, seq: Atom, index: Var, element: Atom) -> None:
        """Record ``target`` as row ``index`` of ``seq`` where ``seq``, named by ``seq_node``, is
        one array the function made (allocated, or a new array a NumPy function or operator
        made: its rows share no memory with one another nor with anything else); or the item
        ``index`` of a list the function made, as its entry (the module's docstring)."""
        key = self._env_key(seq_node)      # `rows`, or `self.pos` of an object made here (boids' applyBC)
        if not isinstance(target, ast.Name) or key is None:
            return
        self.rows.pop(target.id, None)
        live = aliasing.value_of(self.env.get(key))
        if self._own_rows(live) and (live == seq or self._storage(seq) - {seq} <= self._storage(live)
                                     and not _rebound(loop_depth(self)[-1], seq_node)):
            if live != seq:
                # the row of the array as it is now: the same array, a loop carrying it once a
                # row was written (its other rows are as they were), so a helper's write into
                # the row reaches the name (helper_results.py)
                element = self.env[target.id] = self._index(live, index, target)
            self.rows[target.id] = Row(key, index, {element}, len(self.callers))
            self._current_item(element)
        elif isinstance(live, Var) and live in self.lists and not is_dict(self, live) and isinstance(element, Var):
            record_entry_read(self, live, element, indexing.hole(0), [index])     # for p in params
            self._current_item(element)

    def _own_rows(self, value) -> bool:
        """Is ``value`` (a view of) one array the function made, allocated or new from a NumPy
        function or an operator, whose rows share memory with nothing else?"""
        storage = self._storage(value) if isinstance(value, Var) else frozenset()
        return len(storage) == 1 and (storage <= self.allocated or all(
            self._storage(made) == {made} and made in self.never_none for made in storage))

    def _current_item(self, element: Atom) -> None:
        self._mark_current(element, self.iterated[-1] if self.iterated else None)

    def _item_loop(self, name: str) -> set | None:
        """The memory the loop that read ``name``'s row or item iterates over, where ``name``
        still holds that item (a write through it is then at the position just read), else None."""
        return self._loop_of(aliasing.value_of(self.env.get(name)))

    def _item_written(self, name: str, new: Atom) -> None:
        """``name``, holding a loop's row or item, was written in place: it holds that item still."""
        self._mark_current(new, self._item_loop(name))

    def _item_changed(self, old: Atom, new: Atom) -> None:
        """A helper given the row or item ``old`` wrote into it, leaving ``new`` (helper_results.py):
        the caller's name for it holds that row or item still."""
        loop = self._loop_of(old)
        if loop is None or not isinstance(new, Var):
            return
        self._mark_current(new, loop)
        for row in self.rows.values():
            if old in row.values:
                row.values.add(new)

    def _merged_item(self, name: str, merged: Var, a, b) -> None:
        """``name`` is ``merged`` after a branch, ``a`` on one path and ``b`` on the other: where
        both are the row or item one loop has just read (written in place or not), so is it."""
        loop = self._loop_of(a)
        if loop is None or self._loop_of(b) is not loop:
            return
        self._mark_current(merged, loop)
        row = self.rows.get(name)
        if row is not None and a in row.values and b in row.values:
            row.values.add(merged)

    def _row_written(self, name: str, array: Atom, updated: Var, node: ast.AST, augmented: bool = False) -> bool:
        """``name[...] = v`` (or ``name op= v``, ``augmented``) just made ``updated`` from
        ``array``: where ``name`` holds a row of an array made here, write the row back into that
        array and rebind ``name``; False where it holds none (the write then goes on as any
        other). ``name op= v`` writes back only where the row is an array: an item of a 1-D
        array is a number, which ``op=`` rebinds alone (``if np.ndim(M) > 1:``, decided when the
        code is specialised to the shapes)."""
        row = self.rows.get(name)
        if row is None or array not in row.values or row.depth != len(self.callers) or row.array not in self.env:
            return False
        whole = self.env[row.array]
        iterated, self.iterated = self.iterated, [seen - self._storage(whole) for seen in self.iterated]
        try:
            with self._holding() as hold:
                into = ast.copy_location(ast.Subscript(value=ast.Name(id=row.array, ctx=ast.Load()),
                                                       slice=hold(row.index, node), ctx=ast.Store()), node)
                if not augmented:
                    self._update(into, updated)
                else:
                    ndim = ast.Call(func=hold(PythonFunction(np.ndim, "np.ndim"), node), args=[hold(whole, node)],
                                    keywords=[])
                    test = self._expr(ast.fix_missing_locations(ast.copy_location(
                        ast.Compare(left=ndim, ops=[ast.Gt()], comparators=[ast.Constant(1)]), node)))
                    self._if(test, lambda: self._update(into, updated), lambda: None, node)
        finally:
            self.iterated = iterated
        self.env[name] = updated               # (stale after the write into the whole: it is that row)
        row.values.add(updated)
        self._mark_current(updated, self._loop_of(array))
        return True


def _rebound(loop: ast.AST, seq_node: ast.expr) -> bool:
    """Does the loop's body bind the name or attribute ``seq_node`` (``M = M[::-1]``: then
    another array, or a view of the same memory whose rows are others)?"""
    spelled = ast.unparse(seq_node)
    return any(isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Store) and ast.unparse(n) == spelled
               for n in ast.walk(loop))
