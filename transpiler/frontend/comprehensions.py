"""Lowering comprehensions and the builtins that consume or make sequences: list and dict
comprehensions, generator expressions, ``map``, ``filter``, ``zip``/``enumerate``/``reversed`` as
values, ``max(xs)``/``min(xs)`` and ``functools.reduce``; and set displays of constants.

Each is lowered to the loop it stands for, written as Python syntax and lowered as the user's
own ``for`` would be (frontend/loops.py)::

    [f(v) for v in xs if c]   ->   _items = []
                                   for v in xs:
                                       if c:
                                           _items.append(f(v))

``_items`` is a name the compiler invents; ``append`` on it rebinds it to a new list
(frontend/containers.py), so both modes differentiate the loop. A generator expression is its
list (``sum(x * x for x in xs)`` sums the list: the same numbers). The comprehension's targets
are its own, as in Python 3: the names they shadow keep their values after it.
``functools.reduce(f, xs, init)`` is ``acc = init; for v in xs: acc = f(acc, v)``, with ``f``
called as the user's code would call it (a primitive, a NumPy function, a function of the
user's), so any callable the lowering can call can be reduced with.
"""
from __future__ import annotations

import ast
import contextlib
import functools

from ..ir import Atom, Const
from ..primitives import indexing, lists, lookup
from .carried_inner_lists import begin_list_of_lists
from .array_like import is_sequence
from .expressions import ATOM_TYPES
from .function_comprehensions import function_comprehension
from .object_lists import comprehension_of_records
from .object_loops import object_comprehension
from .accumulations import accumulated
from .display_items import item_apart
from .operator_calls import getter_applied
from .spread_extremes import extreme_of_spread
from .first_items import first_item

_UNSET = object()


class ComprehensionLowering:
    """Comprehensions and sequence builtins; a mixin of ``_Lowering`` (frontend/lowering.py),
    whose state (environment, statement list) it works on."""

    def _comprehension(self, node: ast.expr) -> Atom:
        if isinstance(node, ast.SetComp):       # {(i, k) for i, _, k in ANGLES}: set([...]) of its items
            call = ast.Call(func=ast.Name(id="set", ctx=ast.Load()), args=[ast.ListComp(node.elt, node.generators)],
                            keywords=[])
            if self._resolve(call.func) is not set:
                self._unsupported(node, "a set comprehension where `set` is another name", "use a list comprehension")
            return self._expr(_located(call, node))
        if isinstance(node, ast.DictComp) and not self._iterates_known_values(node):
            return self._dict_built_in_a_loop(node)      # over a run-time sequence (dicts.py)
        if isinstance(node, ast.DictComp):
            return self._dict_comprehension(node)
        if any(g.is_async for g in node.generators):
            self._unsupported(node, "an async comprehension", "use a plain comprehension")
        if (objects := object_comprehension(self, node)) is not None:
            return objects                  # [Value(0) for _ in range(3)]: unrolled (object_loops.py)
        if (functions := function_comprehension(self, node)) is not None:
            return functions                # [lambda t, k=k: t ** k for k in range(n)]: function_comprehensions.py
        items = self.names.invent("_items")
        self.hidden_lists.add(items)
        self.env[items] = self._new_list(self._apply(node, indexing.LIST, (), (), None))
        begin_list_of_lists(self, node, self.env[items])     # [[] for _ in range(K)]: carried_inner_lists.py
        body: ast.stmt = _located(ast.Expr(value=ast.Call(
            func=ast.Attribute(value=ast.Name(id=items, ctx=ast.Load()), attr="append", ctx=ast.Load()),
            args=[node.elt], keywords=[])), node.elt)
        made = self._as_loops(node, body, items)
        comprehension_of_records(self, node, made)        # [Well(...) for w in wells]: object_lists.py
        return made

    def _as_loops(self, node, body: ast.stmt, made: str) -> Atom:
        """Run ``body`` (which adds to the container named ``made``) in the loops and tests the
        comprehension ``node`` stands for, its targets scoped to it; the container's value."""
        for generator in reversed(node.generators):
            for test in reversed(generator.ifs):
                body = _located(ast.If(test=test, body=[body], orelse=[]), test)
            body = _located(ast.For(target=generator.target, iter=generator.iter, body=[body], orelse=[]), node)
        targets = [n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)]
        with self._scoped(targets):
            self._statement(body)
        return self.env.pop(made)

    @contextlib.contextmanager
    def _scoped(self, names: list[str]):
        """Names bound inside a comprehension or a synthesised loop: afterwards they are what they
        were before it (Python 3 comprehensions have their own scope)."""
        saved = {n: self.env.get(n, _UNSET) for n in names}
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is _UNSET:
                    self.env.pop(name, None)
                else:
                    self.env[name] = value

    # Dict comprehensions -------------------------------------------------------------------
    @property
    def dict_entries(self) -> dict:
        """Dicts made by comprehensions -> their entries (key -> value), read at transform time."""
        return self.__dict__.setdefault("_dict_entries", {})

    def _dict_comprehension(self, node: ast.DictComp) -> Atom:
        """``{k: f(k) for k in ks}`` over values known to the compiler (``range`` of constants, a
        tuple or list of constants, a string): unrolled, one entry per key, made by
        ``dict_of(keys, *values)``; ``d[k]`` with a constant key is then the entry itself."""
        entries: dict = {}
        targets = [n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)]

        def expand(generators: list) -> None:
            if not generators:
                key = self._expr(node.key)
                if not isinstance(key, Const):
                    self._unsupported(node, "a dict comprehension whose keys are known only at run time",
                                      "use constant keys, or a list comprehension indexed by position")
                entries.pop(key.value, None)
                entries[key.value] = item_apart(self, node.value, list(entries.values()))  # (an array each)
                return
            generator = generators[0]
            for value in self._static_items(generator.iter, node):
                self._bind(generator.target, Const(value))
                if all(self._dict_filter(test, node) for test in generator.ifs):
                    expand(generators[1:])

        with self._scoped(targets):
            expand(list(node.generators))
        if any(g.is_async for g in node.generators):
            self._unsupported(node, "an async comprehension", "use a plain comprehension")
        if (objects := object_comprehension(self, node)) is not None:
            return objects                  # [Value(0) for _ in range(3)]: unrolled (object_loops.py)
        keys = tuple(entries)
        made = self._apply(node, lists.DICT_OF, (Const(keys), *entries.values()), (), None)
        self.dict_entries[made] = dict(entries)
        self._new_list(made)      # a new container, as a display's (dicts.py): writes through its items seen
        return made

    def _static_items(self, iterable: ast.expr, node: ast.AST) -> list:
        """The values ``iterable`` yields, when the compiler knows them."""
        callee = self._resolve(iterable.func) if isinstance(iterable, ast.Call) else None
        if (callee is enumerate and len(iterable.args) == 1 or callee is zip) and not iterable.keywords and not any(
                isinstance(a, ast.Starred) for a in iterable.args):
            parts = [self._static_items(a, node) for a in iterable.args]
            return list(enumerate(parts[0])) if callee is enumerate else list(zip(*parts))
        if isinstance(iterable, (ast.List, ast.Tuple)):
            atoms = [self._expr(e) for e in iterable.elts]
        elif callee is range and not iterable.keywords:
            bounds = [self._expr(a) for a in iterable.args]
            if all(isinstance(b, Const) and type(b.value) is int for b in bounds):
                return _capped(list(range(*(b.value for b in bounds))), iterable, self)
            atoms = [None]
        else:
            atom = self._expr(iterable)
            atoms = [Const(v) for v in atom.value] if isinstance(atom, Const) and isinstance(
                atom.value, (tuple, str)) else [None]
        if not all(isinstance(a, Const) for a in atoms):
            self._unsupported(node, "a dict comprehension over values known only at run time",
                              "iterate over range(n) with a constant n or a tuple of constants, or use a "
                              "list comprehension indexed by position")
        return _capped([a.value for a in atoms], iterable, self)

    def _dict_filter(self, test: ast.expr, node: ast.AST) -> bool:
        value = self._expr(test)
        if not isinstance(value, Const):
            self._unsupported(node, "a dict comprehension filtered by a condition known only at run time",
                              "filter with constants, or use a list comprehension")
        return bool(value.value)

    def _dict_entry(self, container: Atom, pattern: ast.expr, holes: list) -> Atom | None:
        """``d[key]`` of a comprehension's dict at a constant key (an index ``pattern`` of
        ``holes``, frontend/expressions.py): the entry itself (None if it cannot be read at
        transform time)."""
        entries = self.dict_entries.get(container)
        if isinstance(pattern, ast.Constant):
            key = Const(pattern.value)
        elif isinstance(pattern, ast.Name) and pattern.id == indexing.hole(0).id and len(holes) == 1:
            key = holes[0]
        else:
            return None
        if entries is None or not isinstance(key, Const):
            return None
        try:
            return entries.get(key.value)
        except TypeError:       # an unhashable key: read at run time (where Python raises)
            return None

    def _constant_set(self, node: ast.Set) -> Const:
        """``{"tanh", "relu"}`` (what ``if kind in {...}:`` tests against): a set of constants is a
        constant, a ``frozenset``. A set of computed values is refused: its order and its items'
        identity would be Python's, not a derivative's."""
        items = [None if isinstance(e, ast.Starred) else self._expr(e) for e in node.elts]
        if not all(isinstance(item, Const) and isinstance(item.value, ATOM_TYPES) for item in items):
            self._unsupported(node, "a set display with a computed item",
                              "use a list, a tuple or an array (a set of constants, `{'a', 'b'}`, works)")
        return Const(frozenset(item.value for item in items))

    # Builtins ----------------------------------------------------------------------------
    def _sequence_call(self, node: ast.Call, callee) -> Atom | None:
        """``max(xs)``, ``min(xs)``, ``sorted(xs)``, ``functools.reduce(f, xs[, init])``, ``map(f, xs)``,
        ``filter(f, xs)``, and
        ``zip``/``enumerate``/``reversed`` used as values (not iterated by a ``for``): lowered
        to loops. None for any other call."""
        args, keywords = node.args, node.keywords
        if callee is sum and (joined := _joined_sequences(node)) is not None:
            return self._expr(joined)           # sum(rows, []): a concatenation, not an addition
        if callee is sum and len(args) == 1 and [k.arg for k in keywords] == ["start"]:
            # sum(xs, start=v) is sum(xs, v): rules differentiate positional arguments only
            return self._apply(node, lookup(sum), (self._arg(args[0]), self._arg(keywords[0].value)), (), None)
        if _is(callee, list, tuple):
            return self._converted(node, callee)
        if callee is sorted and len(args) == 1 and not isinstance(args[0], ast.Starred):
            if any(k.arg not in ("reverse", "key") for k in keywords):
                self._unsupported(node, "this call of `sorted`", "call it as sorted(xs, key=f, reverse=r)")
            items = self._iterable(self._arg(args[0]), args[0])       # (a dict's keys)
            key = next((k.value for k in keywords if k.arg == "key"), None)
            reverse = tuple(("reverse", self._arg(k.value)) for k in keywords if k.arg == "reverse")
            if key is not None and not (isinstance(key, ast.Constant) and key.value is None):
                return self._sorted_by_key(node, items, key, reverse)
            return self._new_list(self._apply(node, lookup(sorted), (items,), reverse, None))
        if callee is next and (first := first_item(self, node)) is not None:
            return first                # next(iter(xs)), next((v for v in xs if c), d): first_items.py
        if _is(callee, max, min) and any(isinstance(a, ast.Starred) for a in args) and not keywords:
            return extreme_of_spread(self, node)      # max(*xs): spread_extremes.py
        if _is(callee, max, min) and len(args) > 1 and not keywords \
                and any(is_sequence(self, a) for a in args if not isinstance(a, ast.Starred)):
            return self._expr(_compared_in_order(node, callee is max))     # max(a, b) of two lists
        if _is(callee, max, min) and len(args) == 1:
            if [k.arg for k in keywords] == ["key"]:
                return self._extreme_by_key(node, callee is max, self._iterable(self._arg(args[0]), args[0]),
                                            keywords[0].value)
            if keywords:
                self._unsupported(node, f"`{callee.__name__}(...)` with `default=`",
                                  f"write the loop, or use np.{'max' if callee is max else 'min'} on an array")
            if _of_tuple_displays(args[0]):     # min((d, i) for ...): compared as Python compares tuples
                items = self._iterable(self._arg(args[0]), args[0])
                position = self._apply(node, lists.EXTREME_POSITION, (items, Const(callee is max)), (), None)
                return self._item_at(node, items, position)
            return self._reduce(node, node.func, args[0], None)
        if (running := accumulated(self, node, callee)) is not None:
            return running          # itertools.accumulate(xs, f): the loop it is (accumulations.py)
        if callee is functools.reduce:
            if keywords or not 2 <= len(args) <= 3:
                self._unsupported(node, "this call of `functools.reduce`", "call it as reduce(f, xs) or reduce(f, xs, initial)")
            return self._reduce(node, args[0], args[1], args[2] if len(args) == 3 else None)
        if callee is map:       # map(f, xs, ys): [f(a, b) for a, b in zip(xs, ys)]
            if keywords or len(args) < 2 or any(isinstance(a, ast.Starred) for a in args):
                self._unsupported(node, "this call of `map`", "write a comprehension: [f(a, b) for a, b in zip(xs, ys)]")
            items = [self.names.invent("_item") for _ in args[1:]]
            target = ast.Tuple(elts=[ast.Name(id=n, ctx=ast.Store()) for n in items], ctx=ast.Store()) \
                if len(items) > 1 else ast.Name(id=items[0], ctx=ast.Store())
            iterable = args[1] if len(items) == 1 else \
                _located(ast.Call(func=ast.Name(id="zip", ctx=ast.Load()), args=args[1:], keywords=[]), node)
            call = ast.Call(func=args[0], args=[ast.Name(id=n, ctx=ast.Load()) for n in items], keywords=[])
            comprehension = ast.ListComp(elt=_located(call, node), generators=[
                ast.comprehension(target=target, iter=iterable, ifs=[], is_async=0)])
            return self._comprehension(_located(comprehension, node))
        if callee is filter:    # filter(f, xs): [v for v in xs if f(v)]; filter(None, xs): [v for v in xs if v]
            if keywords or len(args) != 2 or any(isinstance(a, ast.Starred) for a in args):
                self._unsupported(node, "this call of `filter`", "call it as filter(f, xs), or write a comprehension")
            item = self.names.invent("_item")
            kept = ast.Name(id=item, ctx=ast.Load())
            test = kept if isinstance(args[0], ast.Constant) and args[0].value is None else \
                _located(ast.Call(func=args[0], args=[kept], keywords=[]), node)
            comprehension = ast.ListComp(elt=kept, generators=[ast.comprehension(
                target=ast.Name(id=item, ctx=ast.Store()), iter=args[1], ifs=[test], is_async=0)])
            return self._comprehension(_located(comprehension, node))
        if callee is zip and any(isinstance(a, ast.Starred) for a in args):
            if keywords or len(args) != 1:
                self._unsupported(node, "this call of `zip(*...)`", "pass one starred sequence: zip(*pairs)")
            transposed = self._apply(node, lookup(lists.transposed), (self._expr(args[0].value),), (), None)
            return self._new_list(transposed)
        if _is(callee, zip, enumerate, reversed):
            # the items a `for` over the call would see: [(a, b) for a, b in zip(xs, ys)]
            width = 2 if callee is enumerate else len(args) if callee is zip else 1
            names = [self.names.invent("_item") for _ in range(width)]
            loads = [ast.Name(id=n, ctx=ast.Load()) for n in names]
            stores = [ast.Name(id=n, ctx=ast.Store()) for n in names]
            elt = loads[0] if width == 1 and callee is reversed else ast.Tuple(elts=loads, ctx=ast.Load())
            target = stores[0] if width == 1 and callee is reversed else ast.Tuple(elts=stores, ctx=ast.Store())
            comprehension = ast.ListComp(elt=elt, generators=[ast.comprehension(target=target, iter=node, ifs=[],
                                                                                is_async=0)])
            return self._comprehension(_located(comprehension, node))
        return None

    def _keys_of(self, node: ast.Call, items: Atom, key: ast.expr) -> tuple[str, Atom]:
        """``[key(x) for x in items]`` (their order decides, their derivative does not matter),
        and the name ``items`` is bound to while the caller builds the result."""
        items_name, item = self.names.invent("_items"), self.names.invent("_item")
        self.env[items_name] = items
        applied = getter_applied(self, key, ast.Name(id=item, ctx=ast.Load()))     # key=operator.itemgetter(0)
        keys = ast.ListComp(elt=applied or ast.Call(func=key, args=[ast.Name(id=item, ctx=ast.Load())], keywords=[]),
                            generators=[ast.comprehension(target=ast.Name(id=item, ctx=ast.Store()),
                                                          iter=ast.Name(id=items_name, ctx=ast.Load()), ifs=[],
                                                          is_async=0)])
        with self._scoped([item]):
            return items_name, self._comprehension(_located(keys, node))

    def _sorted_by_key(self, node: ast.Call, items: Atom, key: ast.expr, reverse: tuple) -> Atom:
        """``sorted(xs, key=f, reverse=r)``: the items in the order Python's stable sort of the keys
        gives, ``[xs[i] for i in sorting_order(keys, r)]``."""
        with self._scoped([]):
            items_name, keys = self._keys_of(node, items, key)
            with self._scoped([items_name]):
                order = self._apply(node, lists.SORTING_ORDER, (keys, reverse[0][1] if reverse else Const(False)),
                                    (), None)
                order_name, i = self.names.invent("_order"), self.names.invent("_i")
                self.env[order_name] = order
                picked = ast.ListComp(elt=ast.Subscript(value=ast.Name(id=items_name, ctx=ast.Load()),
                                                        slice=ast.Name(id=i, ctx=ast.Load()), ctx=ast.Load()),
                                      generators=[ast.comprehension(target=ast.Name(id=i, ctx=ast.Store()),
                                                                    iter=ast.Name(id=order_name, ctx=ast.Load()),
                                                                    ifs=[], is_async=0)])
                with self._scoped([order_name, i]):
                    return self._comprehension(_located(picked, node))

    def _extreme_by_key(self, node: ast.Call, largest: bool, items: Atom, key: ast.expr) -> Atom:
        """``max(xs, key=f)``, ``min(xs, key=f)``: the first item whose key is the largest (smallest)."""
        items_name, keys = self._keys_of(node, items, key)
        self.env.pop(items_name, None)
        position = self._apply(node, lists.EXTREME_POSITION, (keys, Const(largest)), (), None)
        return self._item_at(node, items, position)

    def _reduce(self, node: ast.Call, function: ast.expr, sequence: ast.expr, initial: ast.expr | None) -> Atom:
        """``acc = initial`` (or the first item), then ``acc = function(acc, item)`` for the rest."""
        if isinstance(function, ast.Starred) or isinstance(sequence, ast.Starred):
            self._unsupported(node, "`*args` in a call", "pass arguments explicitly")
        seq_name, acc, item = self.names.invent("_items"), self.names.invent("_acc"), self.names.invent("_item")
        seq = self._arg(sequence)
        self.env[seq_name] = seq
        if initial is None:
            self.env[acc] = self._item_at(node, seq, Const(0))
            rest = _located(ast.Subscript(value=ast.Name(id=seq_name, ctx=ast.Load()),
                                          slice=ast.Slice(lower=ast.Constant(1)), ctx=ast.Load()), node)
        else:
            self.env[acc] = self._expr(initial)
            rest = _located(ast.Name(id=seq_name, ctx=ast.Load()), node)
        step = ast.Assign(targets=[ast.Name(id=acc, ctx=ast.Store())],
                          value=ast.Call(func=function, args=[ast.Name(id=acc, ctx=ast.Load()),
                                                              ast.Name(id=item, ctx=ast.Load())], keywords=[]))
        loop = _located(ast.For(target=ast.Name(id=item, ctx=ast.Store()), iter=rest,
                                body=[_located(step, node)], orelse=[]), node)
        with self._scoped([seq_name, acc, item]):
            self._statement(loop)
            result = self.env[acc]
        return result


_MAX_UNROLLED = 1000     # entries of a dict comprehension unrolled at transform time


def _capped(values: list, node: ast.AST, lowering) -> list:
    if len(values) > _MAX_UNROLLED:
        lowering._unsupported(node, f"a dict comprehension of more than {_MAX_UNROLLED} entries",
                              "use a list comprehension indexed by position, or an array")
    return values


def _located(new: ast.AST, like: ast.AST) -> ast.AST:
    """``new`` (built by the compiler) located at ``like`` wherever it has no location yet."""
    for sub in ast.walk(new):
        if "lineno" in sub._attributes and not hasattr(sub, "lineno"):
            ast.copy_location(sub, like)
    return new


def _is(callee, *options) -> bool:
    """``callee`` is one of ``options`` (by identity: a global array compares elementwise)."""
    return any(callee is option for option in options)


def _compared_in_order(node: ast.Call, largest: bool) -> ast.expr:
    """``max(a, b, c)`` of sequences as Python picks: compared as Python compares lists and tuples
    (item by item), the first of equal ones kept: ``b if b > a else a``, then ``c`` against that.
    (As numbers, ``max`` would be elementwise: not what Python does with two lists.)"""
    chosen = node.args[0]
    for other in node.args[1:]:
        test = ast.Compare(left=other, ops=[ast.Gt() if largest else ast.Lt()], comparators=[chosen])
        chosen = _located(ast.IfExp(test=_located(test, node), body=other, orelse=chosen), node)
    return chosen


def _of_tuple_displays(sequence: ast.expr) -> bool:
    """``((d, i) for ...)``, ``[(a, 0), (b, 1)]``: a sequence whose items are tuples (``max`` of them
    picks one whole, the first where the first items tie, no number's rule)."""
    if isinstance(sequence, (ast.GeneratorExp, ast.ListComp)):
        return isinstance(sequence.elt, ast.Tuple)
    return isinstance(sequence, (ast.List, ast.Tuple)) and bool(sequence.elts) \
        and all(isinstance(e, ast.Tuple) for e in sequence.elts)


def _joined_sequences(node: ast.Call) -> ast.expr | None:
    """``sum(rows, [])`` (or a tuple, or ``start=``): Python joins the sequences, so it is lowered as
    ``[] + [v for row in rows for v in row]``, items and their derivatives kept where they are
    (``sum``'s rule adds). None where the start is not a list or tuple display."""
    start = node.args[1] if len(node.args) == 2 else next((k.value for k in node.keywords if k.arg == "start"), None)
    if not isinstance(start, (ast.List, ast.Tuple)) or len(node.args) + len(node.keywords) != 2 \
            or isinstance(node.args[0], ast.Starred):
        return None
    part, item = ast.Name("_joined_part", ast.Load()), ast.Name("_joined_item", ast.Load())
    loops = [ast.comprehension(target=ast.Name(part.id, ast.Store()), iter=node.args[0], ifs=[], is_async=0),
             ast.comprehension(target=ast.Name(item.id, ast.Store()), iter=part, ifs=[], is_async=0)]
    items: ast.expr = ast.ListComp(elt=item, generators=loops)
    if isinstance(start, ast.Tuple):
        items = ast.Call(func=ast.Name("tuple", ast.Load()), args=[ast.GeneratorExp(elt=item, generators=loops)], keywords=[])
    return ast.fix_missing_locations(ast.copy_location(ast.BinOp(left=start, op=ast.Add(), right=items), node))
