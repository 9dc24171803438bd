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

from ..ir import Atom, Var
from ..primitives import indexing
from . import aliasing
from .entry_writes import record_entry_read
from .shallow_copies import is_dict


@dataclass
class Row:
    """Loop variable bound to row ``index`` of the array named ``array`` (its value ``value``)."""

    array: str
    index: Var
    value: Atom


@dataclass
class Item:
    """Loop variable bound to the item a loop has just read from a list: the values it has held
    as that item (``values``: read, then written in place, on each path of a branch), and the
    loop's set of the memory it iterates over (``lowering.iterated``)."""

    values: set
    loop: set


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
        self.list_items.pop(target.id, None)
        storage = self._storage(seq)
        if isinstance(seq_node, ast.Name) and len(storage) == 1 and storage <= self.allocated:
            self.rows[target.id] = Row(seq_node.id, index, element)
            return
        live = aliasing.value_of(self.env.get(seq_node.id)) if isinstance(seq_node, ast.Name) else None
        if isinstance(live, Var) and live in self.lists and not is_dict(self, live) and isinstance(element, Var) \
                and self.iterated:
            record_entry_read(self, live, element, indexing.hole(0), [index])     # for p in params
            self.list_items[target.id] = Item({element}, self.iterated[-1])

    @property
    def list_items(self) -> dict[str, Item]:
        """Loop variables bound to the items of lists made here, by name (the module's docstring)."""
        return self.__dict__.setdefault("_list_items", {})

    def _item_loop(self, name: str) -> set | None:
        """The memory the loop that read ``name``'s item iterates over, where ``name`` still holds
        that item (a write through it is then at the position just read), else None."""
        item = self.list_items.get(name)
        return item.loop if item is not None and aliasing.value_of(self.env.get(name)) in item.values else None

    def _item_written(self, name: str, new: Atom) -> None:
        """``name``, holding a loop's item, was written in place: it holds that item still."""
        if self._item_loop(name) is not None:
            self.list_items[name].values.add(new)

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
