"""Short lists and tuples of float arrays (and of Python numbers) read from outside the function (a closure's ``layers``,
a module's ``XS = [...]``, a global model's ``self.layers``), taken apart as list arguments are.

A list argument is taken apart per call (api/flat.py, opt/containers.py): the code takes its
arrays one by one, each of a known shape, so a loop over it (``for W, b in params``,
``zip(xs, ts)``, ``sum(... for ...)``) is unrolled and each matrix product's adjoint is written
directly. The same list read from a closure cell or a global was one free value, a list of
unknown length and items, its loops run-time loops through generic helpers: the same model
spelled with a closure ran about 2.5 times slower (issue 17: free names are arguments too).

Here such a list becomes a display of its items, each a free value read at call time through
its path (``XS.0``, ``PARAMS.1.0``: frontend/source.py ``path_step``): the call key then holds
each item's shape and dtype as it does a free array's (api/fast_path.py ``free_family``), and
opt/containers.py reads through the display as through a list argument's. The code relies on
the list's class and length (and each nested list's: one ``#sized`` fact each) which the cached
derivative checks on every call (dependencies.py), so a list grown, shortened or rebound to one of
another length lowers the function anew, never runs code unrolled for another length; an item of
another shape, dtype or kind changes the call key, and compiles anew. A Python number's class is
such a fact too (``GLIST.0.#type``): ``isinstance(g, float)`` of an item is then known while
compiling; its value is read at call time (a weight updated between calls does not recompile).

Only short lists of float arrays qualify (at most :data:`~.zipped_loops.UNROLL_LIMIT` items
at each level: a longer list is data, kept one free value), and only where the function only
reads the list (iterates it, reads items, gives it to ``zip``, ``len`` or NumPy): one it writes
into (``XS.append``, ``XS[0] = ...``), binds to another name or gives to a helper stays the
list itself, whose changes the caller sees."""
from __future__ import annotations

import ast

import numpy as np

from ..primitives import indexing
from . import aliasing
from .free_sequences import free_dict, free_sequence
from .object_lists import record_list_display
from .source import SIZED, TYPE
from .values import item_classes, number_classes
from .zipped_loops import UNROLL_LIMIT

MAX_ITEMS = 64      # (api/flat.py's MAX_ELEMENTS: the arrays a call key holds one by one)


def free_container(lowering, node: ast.expr, obj):
    """``obj``, read at ``node`` from a global, closure or object attribute, as what the lowering
    holds it as where it is a container known while compiling: a list of objects or functions
    (``model.layers``) or a dict of functions (``ACTIVATIONS``): free_sequences.py; a short list
    of arrays (:func:`free_array_display`). None for anything else (read at call time whole)."""
    for made in (free_sequence, free_dict, free_array_display):
        if (found := made(lowering, node, obj)) is not None:
            return found
    return None


def free_array_display(lowering, node: ast.expr, obj):
    """``obj`` (read at ``node`` from a global, closure or object attribute) as a display of
    free values, one per array, where it is a short list or tuple of float arrays (nested);
    None for anything else, or where the function writes into the name (:func:`_written`)."""
    if not _arrays_only(obj) or _count(obj) > MAX_ITEMS or _written(lowering, node):
        return None
    parsed, path = lowering._origin(node)
    return _display(lowering, node, parsed, path, obj)


def _display(lowering, node: ast.expr, parsed, path: str, obj):
    """The display of ``obj`` at ``path``: its class and length facts checked on every call, each
    array a free value (a call key holds its shape and dtype: another kind of value put in its
    place compiles anew, and is read as it is, as the list's own item would be)."""
    lowering.dependencies.folded(parsed, f"{path}.{SIZED}", (type(obj), len(obj)))
    items = []
    for k, item in enumerate(obj):
        if type(item) in (list, tuple):
            items.append(_display(lowering, node, parsed, f"{path}.{k}", item))
            if type(item) is list:      # (the caller's list: a write into it is refused)
                aliasing.callers_lists(lowering).add(items[-1])
            continue
        items.append(lowering._free_value(parsed, f"{path}.{k}", node))
        if type(item) in (float, int):       # (its class checked on every call: isinstance answered now)
            lowering.dependencies.folded(parsed, f"{path}.{k}.{TYPE}", type(item))
            number_classes(lowering)[items[-1]] = type(item)
    prim = indexing.LIST if type(obj) is list else indexing.TUPLE
    container = lowering._apply(node, prim, tuple(items), (), None)
    if len({type(item) for item in obj}) == 1 and type(obj[0]) in (float, int):
        item_classes(lowering)[container] = type(obj[0])      # (`for g in GLIST`: each `g` a float)
    if prim is indexing.LIST:
        lowering._new_list(container)
        record_list_display(lowering, container, tuple(items))
    else:
        lowering.displays[container] = tuple(items)
    return container


def _arrays_only(obj) -> bool:
    """A non-empty list or tuple of at most UNROLL_LIMIT items, each a float array, a Python
    float or int (``GLIST = [1.0, 2.0]``, a closure's ``[scale, 2 * scale]``: a call key holds
    each one's type, as a free number's) or such a list or tuple (subclasses, NamedTuples
    included, are not: their methods may differ; nor is ``bool``, an ``int`` whose arithmetic
    differs from an array's)."""
    if type(obj) not in (list, tuple) or not 0 < len(obj) <= UNROLL_LIMIT:
        return False
    return all(type(item) is np.ndarray and item.dtype.kind == "f" or type(item) in (float, int)
               or _arrays_only(item) for item in obj)


def _count(obj) -> int:
    return sum(_count(item) if type(item) in (list, tuple) else 1 for item in obj)


# Calls that only read a list given them (a new list, a number or an array made of its items).
_READING_CALLS = frozenset({"zip", "enumerate", "len", "reversed", "sum", "list", "tuple", "min", "max", "sorted"})
# Methods that change a list in place: called on an item (an inner list), it must stay the caller's.
_CHANGING_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"})


def _written(lowering, node: ast.expr) -> bool:
    """May the function being lowered write into what ``node`` names, or hand it to code that
    may (a helper given it, another name bound to it, ``XS.append``, ``XS[0] = W``, ``global``)?
    Then it must stay the list the caller holds, which such a write changes. Only reads keep the
    display: iterating it, ``len``/``zip``/``enumerate`` of it, an item or a slice read, a NumPy
    call given it (``np.stack(XS)``)."""
    text = ast.unparse(node)
    parents = {child: parent for parent in ast.walk(lowering.parsed.tree) for child in ast.iter_child_nodes(parent)}
    for sub in ast.walk(lowering.parsed.tree):
        if isinstance(sub, (ast.Global, ast.Nonlocal)) and isinstance(node, ast.Name) and node.id in sub.names:
            return True
        if isinstance(sub, (ast.Name, ast.Attribute)) and ast.unparse(sub) == text and not _only_read(sub, parents):
            return True
    return False


def _only_read(node: ast.expr, parents: dict) -> bool:
    """Is this spelling of the list in a context that only reads it (:func:`_written`)?"""
    if not isinstance(node.ctx, ast.Load):
        return False
    parent = parents.get(node)
    while isinstance(parent, ast.Subscript) and parent.value is node:      # XS[0], XS[0][1], XS[1:]
        if not isinstance(parent.ctx, ast.Load):
            return False
        node, parent = parent, parents.get(parent)
    if isinstance(node, ast.Subscript):     # an item or a slice read, then used as any value
        return not (isinstance(parent, ast.Attribute) and parent.attr in _CHANGING_METHODS)
    if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node:
        return True
    if isinstance(parent, ast.Call) and node in parent.args:
        func = ast.unparse(parent.func)
        return func in _READING_CALLS or func.startswith("np.") and not func.startswith("np.random.")
    return False
