"""Lowering expressions: constants, names (local, free, library constants), operators, boolean
operators, conditional expressions, subscripts, list and tuple displays.

Every primitive the lowering emits goes through ``_apply``: it folds constants (``fold``) and
reuses a value computed already in scope (``expression_key``)."""
from __future__ import annotations

import ast
import contextlib
import difflib
import types
import warnings
from typing import Any

import numpy as np

from .. import primitives as rules
from ..errors import UnsupportedSyntaxError
from ..ir import Assign, Atom, Const, Unbound, Var
from ..primitives import fields, indexing, lists
from ..primitives.pieces import returns_sequence
from ..primitives.registry import Primitive, Spelling
from . import aliasing, index_tricks
from .f_strings import format_template
from .aliasing import Stale
from .source import MISSING, ParsedFunction
from .flat_index import is_flat_index, unflattened
from .free_arrays import free_container
from .function_dicts import chosen_function
from .jitted import python_function_of
from .entry_writes import record_entry_read
from .element_reads import element_reads, is_element_index
from .object_lists import record_list_display
from .constant_lists import constant_item, record_constant_items
from .operator_overloads import binary_operator, involves_object, lower_unary, subscript_method
from .parameter_classes import read_from_known_elements
from .values import ABSENT, Ambiguous, ObjectValue, PythonFunction, Static, is_user_object
from .display_items import items_apart
from .dict_views import compared_dicts
from .list_defaultdicts import inserted_read
from .recomputed_values import remembered, reused_value, told_apart

# What a constant of the IR may hold (``Const``); other objects are free values read at call time.
ATOM_TYPES = (bool, int, float, complex, str, bytes, type(None), type(Ellipsis))   # (... in index tuples)


class ExpressionLowering:
    """Expressions, and ``_apply``, which emits every primitive; a mixin of ``_Lowering`` (lowering.py)."""

    def _expr(self, node: ast.expr, name: str | None = None) -> Atom:
        """Lower ``node``; the outermost primitive binds ``name`` (a fresh temporary if None)."""
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, ATOM_TYPES):
                self._unsupported(node, f"the constant {node.value!r}", "use a number")
            return Const(node.value)
        if isinstance(node, ast.Name):
            return self._load(node)
        if isinstance(node, ast.Attribute):
            if self._resolve(node) is MISSING:
                return self._attribute(node, name)
            return self._constant_or_free(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node, name)
        if isinstance(node, (ast.Tuple, ast.List)):
            return self._arg(node)
        if isinstance(node, ast.BinOp):
            return self._binop_tree(node, name)
        if isinstance(node, ast.UnaryOp):
            return lower_unary(self, node, name)      # (`-a` of an object: its __neg__, operator_overloads.py)
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                return self._chained_comparison(node, name)
            return self._keyword_membership(node) or compared_dicts(self, node, name) \
                or self._operator(node, type(node.ops[0]), [node.left, *node.comparators], name)
        if isinstance(node, ast.Call):
            return self._call(node, name)
        if isinstance(node, ast.IfExp):
            test = self._expr(node.test)
            if isinstance(test, Const) and type(test.value) in (bool, np.bool_, int, type(None)):
                return self._expr(node.body if test.value else node.orelse, name)    # one side, as Python
            return chosen_function(self, test, node) or self._if(     # F = expit if c else norm.cdf
                test, lambda: self._expr(node.body), lambda: self._expr(node.orelse), node, name)
        if isinstance(node, ast.BoolOp):
            return self._boolop(node, name)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.DictComp, ast.SetComp)):
            return self._comprehension(node)
        if isinstance(node, ast.Lambda):
            return self._lambda(node)
        if isinstance(node, ast.Set):
            return self._constant_set(node)
        if isinstance(node, ast.Dict) and (functions := self._static_display(node)) is not None:
            return functions
        if isinstance(node, ast.Dict):
            return self._dict_display(node, name)         # {}, {"a": x} (dicts.py)
        if isinstance(node, ast.NamedExpr):         # `(n := expr)`: bound as `n = expr` is, then read
            self._assign(node.target, node.value)
            return self._load(ast.copy_location(ast.Name(id=node.target.id, ctx=ast.Load()), node))
        if isinstance(node, ast.JoinedStr):          # f"..." as the str.format call it equals
            template, values = format_template(node)
            return self._apply(node, rules.lookup(str.format), (Const(template), *map(self._arg, values)), (), name)
        construct, hint = _UNSUPPORTED_EXPRESSIONS.get(
            type(node), (f"the expression `{ast.unparse(node)}`",
                         "compute the value with the constructs docs/syntax.md lists, or outside the function"))
        self._unsupported(node, construct, hint)

    def _chained_comparison(self, node: ast.Compare, name: str | None) -> Atom:
        """``a < b < c`` as Python runs it: ``a < b and b < c``, ``b`` once, ``c`` if ``a < b`` holds."""
        def compare(left: ast.Name, k: int) -> Atom:
            right = hold(self._expr(node.comparators[k]), node.comparators[k])
            pair = ast.copy_location(ast.Compare(left=left, ops=[node.ops[k]], comparators=[right]), node)
            if k == len(node.ops) - 1:
                return self._expr(pair, name)
            test = self._expr(pair)
            return self._if(test, lambda: compare(right, k + 1), lambda: test, node, name)

        with self._holding() as hold:
            return compare(hold(self._expr(node.left), node.left), 0)

    @contextlib.contextmanager
    def _holding(self):
        """``hold(atom, where)``: a name standing for an atom lowered already, so that an AST built
        around it (``b < c`` of ``a < b < c``, ``f(t0, t1)`` of ``f(*t)``) is lowered as usual;
        the names are gone afterwards (none is a user's: they contain a space)."""
        held: list[str] = []

        def hold(atom: Atom, where: ast.AST) -> ast.Name:
            key = f" held {id(held)} {len(held)}"
            self.env[key] = atom
            self.held_text[key] = self._readable(ast.unparse(where))
            held.append(key)
            return ast.copy_location(ast.Name(id=key, ctx=ast.Load()), where)

        try:
            yield hold
        finally:
            for key in held:
                self.env.pop(key, None)
                self.held_text.pop(key, None)

    @staticmethod
    def _numpy_function(hold, where: ast.AST):
        """``function(f)``: a name for NumPy's ``f`` in an AST the lowering builds, whatever was imported."""
        def function(f) -> ast.Name:
            return hold(PythonFunction(f, f"np.{f.__name__}"), where)
        return function

    def _readable(self, text: str) -> str:
        """``text`` (unparsed from an AST built around held names) with each held name written
        as the source it stands for: what messages show (``x.sum().item``)."""
        for key, source in self.held_text.items():
            text = text.replace(key, source)
        return text

    def _boolop(self, node: ast.BoolOp, name: str | None) -> Atom:
        """``a and b`` / ``a or b`` keep Python's short-circuit: the right side runs only if needed.
        ``a and b and c`` is ``v = a; if v: v = b; if v: v = c``: one branch after another, not
        nested, so a long chain lowers to flat code."""
        value = self._expr(node.values[0])
        for position, operand in enumerate(node.values[1:], start=2):
            named = name if position == len(node.values) else None
            if isinstance(value, Const) and isinstance(value.value, _FLAGS):
                if bool(value.value) is isinstance(node.op, ast.Or):
                    return value                  # known now (`w is None and ...`): short-circuits here
                value = self._expr(operand, name=named)
                continue
            if isinstance(node.op, ast.And):
                value = self._if(value, lambda: self._expr(operand), lambda: value, node, named)
            else:
                value = self._if(value, lambda: value, lambda: self._expr(operand), node, named)
        return value

    def _load(self, node: ast.Name) -> Atom:
        if node.id in self.env:
            atom = self.env[node.id]
            name = self.held_text.get(node.id, node.id)      # (a held value by its source)
            if aliasing.soft(atom):
                self._record_check(atom, name, self.parsed.location(node),
                                   atom.value if isinstance(atom.value, Var) else None)
                return atom.value
            if isinstance(atom, Stale):
                raise atom.error(name, self.parsed.location(node), self._chain())
            if isinstance(atom, Ambiguous):
                self._ambiguous(atom, node)
            if isinstance(atom, Const) and isinstance(atom.value, Unbound) and not self._generated:
                # (after `del name`; generated code copies the marker of a name unbound on a path
                # through its branches, a `try` block's: its own `bound(y)` checks each real read)
                self._unsupported(node, f"reading `{node.id}`, which is unbound here (Python raises "
                                  "UnboundLocalError)", f"assign `{node.id}` before reading it, or drop the `del`")
            return atom
        return self._global_of_the_entry(node) or self._constant_or_free(node)     # (outer_names.py)

    def _constant_or_free(self, node: ast.expr) -> Atom:
        """A non-local name or attribute chain: a module constant (``np.pi``) or a free value."""
        obj = self._resolve(node)
        if obj is ABSENT:
            return Const(None)           # (never read: its path never runs)
        if isinstance(obj, ATOM_TYPES) and not isinstance(node, ast.Name) and _from_library(node, self.parsed):
            return Const(obj)            # np.pi, math.e: library constants never change
        if isinstance(obj, type) and (obj in (float, int, bool, complex) or issubclass(obj, np.generic)):
            return Const(obj)            # a dtype such as float or np.float64 (dtype=float)
        if isinstance(obj, types.ModuleType):
            self._unsupported(node, f"`{ast.unparse(node)}` used as a value",
                              "call it, or pass the value as an argument")
        if (container := free_container(self, node, obj)) is not None:
            return container         # model.layers, ACTIVATIONS, LAYERS = [(W1, b1), (W2, b2)]: free_arrays.py
        if callable(obj) or is_user_object(obj):
            return self._static_of(node, obj)      # a function, or an object whose methods are called
        return self._free(node)

    def _free(self, node: ast.expr) -> Var:
        """A value from the user's globals, closure or modules (a function too, where a call
        simply runs it: calls.py): read afresh on every call."""
        parsed, path = self._origin(node)
        return self._free_value(parsed, path, node)

    def _free_value(self, parsed: ParsedFunction, path: str, node: ast.AST) -> Var:
        """A value from the user's globals, closure or modules (``path`` in ``parsed``): read
        afresh on every call."""
        key = (id(parsed.func), path)   # (not the function: the cached result must not hold it)
        if aliasing.soft(self.stale_free.get(key)):
            self._record_check(self.stale_free[key], path, self.parsed.location(node))
        elif key in self.stale_free:
            raise self.stale_free[key].error(path, self.parsed.location(node), self._chain())
        if key not in self.free:
            self.free[key] = var = Var(self.names.fresh(path.replace(".", "_"), own="." not in path, outer=True))
            self.readers[var.name] = (parsed, path)
            self.external.add(var)
        return self.free[key]

    def _resolve(self, node: ast.expr) -> Any:
        """Statically resolve a dotted name rooted at a global, closure or builtin name."""
        if isinstance(node, ast.Name):
            if node.id in self.env:
                value = self.env[node.id]
                if isinstance(value, PythonFunction) and isinstance(value.obj, type) and value.receiver is None:
                    return value.obj        # a class passed as a value: `gen(rate, alpha)` makes a `gen`
                return value.obj if isinstance(value, ObjectValue) else MISSING
            obj = self.parsed.lookup(node.id)
            if obj is MISSING:
                raise UnsupportedSyntaxError(
                    f"name `{node.id}` is not defined{self._chain()}", self.parsed.location(node),
                    hint="define it before calling the function, or pass it as an argument")
            self.dependencies.resolved(self.parsed, node.id, obj)
            return python_function_of(obj)            # a numba @jit function: its py_func (jitted.py)
        if isinstance(node, ast.Attribute):
            base = self._resolve(node.value)
            if base is MISSING or base is ABSENT:
                return base
            try:
                obj = getattr(base, node.attr)
            except AttributeError:
                if self.unreachable:
                    return ABSENT     # on a path that never runs (`if self.fixed is not None: self.fixed.copy()`)
                raise UnsupportedSyntaxError(
                    f"`{ast.unparse(node)}` does not exist{self._chain()}", self.parsed.location(node),
                    hint=_spelling_hint(node, base)) from None
            self.dependencies.resolved(*self._origin(node), obj)
            return python_function_of(obj)
        return MISSING

    def _subscript(self, node: ast.Subscript, name: str | None) -> Atom:
        if is_flat_index(node):                 # A.flat[k] (flat_index.py)
            with self._holding() as hold:
                return self._expr(unflattened(node, self._numpy_function(hold, node)), name)
        if (trick := index_tricks.index_trick(self._resolve(node.value))) is not None:
            return self._index_trick(node, trick, name)                 # np.r_[a, b], np.c_[a, b]
        value = self._expr(node.value)
        if (inserted := inserted_read(self, node, value, name)) is not None:
            return inserted     # groups[k] of a defaultdict(list): [] stored at k first (list_defaultdicts.py)
        if (stored := self._stored_item(node, value)) is not None:
            return stored       # count[0] after count[0] += 1 on a global's list: the value stored (statements.py)
        if isinstance(self.displays.get(value), dict):      # a helper's **opts (signatures.py)
            return self._keyword_value(node, value)
        if (item := subscript_method(self, node, value, name)) is not None:
            return item                     # obj[k] of an object made here: its __getitem__ (operator_overloads.py)
        if isinstance(value, Static) and not isinstance(value, ObjectValue):
            return self._static_subscript(value, node)
        pattern, holes = self._index_pattern(node.slice)
        if isinstance(pattern, ast.Constant) and value in self.displays:   # (a, b)[1] is b
            return self.displays[value][pattern.value]
        if (item := constant_item(self, value, pattern)) is not None:
            return item                             # sz[1] of sz = [3] + [4, 4, 1] (constant_lists.py)
        if isinstance(pattern, ast.Slice) and isinstance(self.displays.get(value), tuple):
            return self._tuple_slice(node, value, pattern, holes, name)   # (a, b, c)[:2] is (a, b)
        entry = self._dict_entry(value, pattern, holes)
        if entry is not None:                                              # {k: v ...}[k] is v
            return entry
        read = self._apply(node, indexing.subscript_primitive(pattern), (value, *holes), (), name)
        if is_element_index(pattern):
            element_reads(self).add(read)          # v = w[s]: a number or a view (element_reads.py)
        record_entry_read(self, value, read, pattern, holes)      # w = params[p] (entry_writes.py)
        read_from_known_elements(self, value, read, sliced=isinstance(node.slice, ast.Slice))    # ps[0].energy(x)
        return self._read_from_list(value, read, sliced=isinstance(node.slice, ast.Slice))

    def _index_trick(self, node: ast.Subscript, trick: str, name: str | None) -> Atom:
        """``np.r_[...]`` / ``np.c_[...]`` lowered as the concatenation it means (index_tricks.py);
        each item lowered once, in order."""
        items = index_tricks.pieces(node.slice)
        if (refused := index_tricks.refusal(items)) is not None:
            self._unsupported(node, f"`np.{trick}[...]` with {refused[0]}", refused[1])
        with self._holding() as hold:
            def held(part):
                return None if part is None else hold(self._arg(part), part)
            items = [ast.Slice(lower=held(i.lower), upper=held(i.upper), step=held(i.step))
                     if isinstance(i, ast.Slice) else held(i) for i in items]
            call = index_tricks.rewritten(trick, items, lambda f: hold(PythonFunction(f, f"np.{f.__name__}"), node))
            return self._expr(ast.fix_missing_locations(ast.copy_location(call, node)), name)

    def _index_pattern(self, index: ast.expr) -> tuple[ast.expr, list]:
        """The index with constants inlined and every other value replaced by a hole."""
        holes: list[Atom] = []

        def pattern(part: ast.expr | None):
            if part is None:
                return None
            if isinstance(part, ast.Slice):
                return ast.Slice(lower=pattern(part.lower), upper=pattern(part.upper), step=pattern(part.step))
            if isinstance(part, ast.Tuple):
                return ast.Tuple(elts=[pattern(e) for e in part.elts], ctx=ast.Load())
            if isinstance(part, ast.Constant) and part.value is Ellipsis:     # x[..., 0]
                return ast.Constant(Ellipsis)
            atom = self._expr(part)
            if isinstance(atom, Const) and (atom.value is None or atom.value is Ellipsis or (
                    isinstance(atom.value, int) and not isinstance(atom.value, bool))):
                return ast.Constant(atom.value)
            holes.append(atom)
            return indexing.hole(len(holes) - 1)

        return pattern(index), holes

    def _arg(self, node: ast.expr) -> Atom:
        """A call argument: list and tuple displays become containers (constant ones constants)."""
        if isinstance(node, (ast.List, ast.Tuple)):
            if (functions := self._static_display(node)) is not None:
                return functions
            if any(isinstance(e, ast.Starred) for e in node.elts):
                return self._starred_display(node)          # [*xs, v]
            elts = items_apart(self, node.elts)           # ([x * 1.0, x * 1.0]: two arrays)
            if isinstance(node, ast.Tuple) and all(isinstance(e, Const) for e in elts):
                return Const(tuple(e.value for e in elts))
            if any(isinstance(e, Static) for e in elts) and (held := self._held_items(elts)) is not None:
                return held         # [make_layer(0.5), make_layer(2.0)]: closures a helper made
            prim = indexing.LIST if isinstance(node, ast.List) else indexing.TUPLE
            container = self._apply(node, prim, elts, (), None)
            if prim is indexing.LIST:
                self._new_list(container)
                record_list_display(self, container, elts)     # its length, `[]`, `[[a, b], [c, d]]`: object_lists.py
            if prim is indexing.TUPLE:      # (lists may grow: their items are not fixed)
                self.displays[container] = elts
            return container
        return self._expr(node)

    def _apply(self, node: ast.AST, prim: Primitive, args: tuple, kwargs: tuple, name: str | None) -> Atom:
        if (identity := self._static_identity(prim, args, node)) is not None:
            return identity                 # `act is not None`, `act` a function; `w is None`, w an array
        args = self._static_compared(prim, args)     # `self.loss == "log_loss"`, a free string (static_values.py)
        if any(isinstance(a, Static) for a in args) or any(isinstance(v, Static) for _, v in kwargs):
            args = tuple(self._as_atom(a, node) for a in args)
            kwargs = tuple((k, self._as_atom(v, node)) for k, v in kwargs)
        if (all(isinstance(a, Const) for a in args) and not kwargs and not prim.spelling.path.startswith("np.")
                and not prim.effect):
            folded = fold(prim, args)
            if folded is not MISSING:
                return Const(folded)
        told_apart(self, prim, args, kwargs)     # (`a is b`: two arrays computed alike are two objects)
        if (reused := reused_value(self, node, prim, key := expression_key(prim, args, kwargs))) is not None:
            return reused    # the same primitive on the same values: computed already (recomputed_values.py)
        target = Var(self.names.fresh(name, own=name in self.user_names) if name else self.names.temp())
        self.body.append(Assign(target, prim, args, kwargs, self.parsed.location(node)))
        record_constant_items(self, prim, args, target)     # [4, 4, 1], [nin] + nouts (constant_lists.py)
        self.storage[target] = aliasing.result_storage(prim, target, args, kwargs, self._storage, self._python_sequence)
        if target in self.storage[target]:
            self._older_than(target)    # a new array each iteration: what holds an earlier one is not it
        if prim.family == "comparison":
            self.booleans.add(target)
        elif prim.pattern is not None and any(a in self.booleans for a in args[1:]) \
                and prim is indexing.subscript_primitive(prim.pattern):
            self.storage[target] = frozenset({target})     # x[x > 0]: a boolean index copies (NumPy's rule)
        if aliasing.allocates(prim):
            self.allocated.add(target)         # (its rows share no memory: rows.py)
        if prim.family in NEVER_NONE:
            self.never_none.add(target)
        if returns_sequence(prim, args, kwargs):
            self.lists[target] = frozenset({target})   # a new tuple (list): `np.split(x, 2) * 2` repeats it
        return remembered(self, key, target)

    def _operator(self, node: ast.AST, key: type, arg_nodes: list, name: str | None) -> Atom:
        prim = rules.lookup(key)
        if prim is None:
            self._unsupported(node, *_refused_operator(key))
        return self._apply(node, prim, tuple(self._expr(a) for a in arg_nodes), (), name)

    def _binop_tree(self, node: ast.BinOp, name: str | None) -> Atom:
        """A tree of binary operators, lowered with a stack of its own rather than a Python frame
        per level: sympy output and unrolled code nest thousands deep, to the left (``a + b - c
        + ...``) or to the right (Horner form ``a + x*(b + x*(c + ...))``). Left operand, right
        operand, then the operator, as Python evaluates them."""
        values: list[Atom] = []
        pending = [(node, False)]
        while pending:
            current, operands_done = pending.pop()
            if not isinstance(current, ast.BinOp):
                values.append(self._expr(current))
            elif operands_done:
                key = type(current.op)
                prim = rules.lookup(key)
                if prim is None:
                    self._unsupported(current, *_refused_operator(key))
                right, left = values.pop(), values.pop()
                named = name if current is node else None
                if involves_object(left, right):         # micrograd's `a + b`: operator_overloads.py
                    values.append(binary_operator(self, current, left, right, named))
                    continue
                joined = self._list_sum(current, left, right, named)     # lst + [v]
                values.append(joined if joined is not None else self._apply(current, prim, (left, right), (), named))
            else:
                pending += [(current, True), (current.right, False), (current.left, False)]
        return values.pop()

    def _apply_prim(self, node: ast.AST, key: Any, args: tuple) -> Atom:
        """Apply a primitive to atoms the lowering made itself (loop lengths, indexing)."""
        return self._apply(node, rules.lookup(key), args, (), None)


def _from_library(node: ast.expr, parsed: ParsedFunction) -> bool:
    """Is this attribute chain rooted at numpy or math (whose constants are constants)?"""
    while isinstance(node, ast.Attribute):
        node = node.value
    root = parsed.lookup(node.id) if isinstance(node, ast.Name) else None
    return isinstance(root, types.ModuleType) and root.__name__.split(".")[0] in ("numpy", "math")


# Families of primitives (NumPy's functions, operators) whose result is never None: `x is None`
# on such a value is False while lowering, so the branch it guards is never lowered (krasser's
# `expand(x, bf, bf_args=np.linspace(...))` tests `if bf_args is None:` before calling `bf(x)`
# with fewer arguments than the basis function takes).
NEVER_NONE = {"arithmetic", "comparison", "logic", "elementwise math", "reductions", "linear algebra", "shape"}


def stored_key(container: Var, key) -> tuple:
    """The ``available`` entry of the value last stored at the constant ``key`` of a global's or
    closure's container read at call time (``container``), within the region it was stored in."""
    return ("stored", (container,), type(key), key)


def expression_key(prim: Primitive, args: tuple, kwargs: tuple):
    """A key for common-subexpression elimination, or None for what must not be shared:
    lists and dicts (mutable), stack pops (effects)."""
    if (prim is indexing.POP or prim is indexing.LIST or prim is lists.DICT_OF or aliasing.allocates(prim) or getattr(prim, "updates", False)
            or prim.effect or fields.is_record(prim)):
        return None     # effects (two rs.randn(3) are two draws), and new arrays (two np.zeros(3)
        #                 are two arrays: one may be written)
    typed = lambda a: a.key() if isinstance(a, Const) else a  # noqa: E731  (1 and 1.0, 0.0 and -0.0: two values)
    key = (id(prim), tuple(map(typed, args)), tuple((name, typed(a)) for name, a in kwargs))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def fold(prim: Primitive, args: tuple[Const, ...]) -> Any:
    """Evaluate a primitive on literal constants at transform time (``2 ** 0.5``)."""
    code = ast.Expression(prim.primal([ast.Constant(a.value) for a in args]))
    try:
        with warnings.catch_warnings():     # `1 is None`, `1.0 is not None` (folded constants): no warning
            warnings.simplefilter("ignore", SyntaxWarning)
            value = eval(compile(ast.fix_missing_locations(code), "<fold>", "eval"), {"math": __import__("math")})
    except Exception:
        return MISSING
    return value if isinstance(value, ATOM_TYPES) else MISSING


def _spelling_hint(node: ast.Attribute, base: Any) -> str:
    """"did you mean `np.exp`?" for ``np.exq``: the attributes spelled closest."""
    close = difflib.get_close_matches(node.attr, [n for n in dir(base) if not n.startswith("_")], n=3)
    owner = ast.unparse(node.value)
    if not close:
        return f"check the spelling (`{owner}` has no attribute `{node.attr}`)"
    return "did you mean " + " or ".join(f"`{owner}.{name}`" for name in close) + "?"


def _refused_operator(key: type) -> tuple[str, str]:
    """The construct and hint of an operator without a rule: its Python spelling (`@`, not
    `MatMult`) and what to write instead."""
    spelling = Spelling(binop=key) if issubclass(key, ast.operator) else key.__name__
    return f"the operator `{spelling}`", "write it with arithmetic, comparisons or a NumPy function (docs/primitives.md)"


_UNSUPPORTED_EXPRESSIONS = {
    ast.Yield: ("`yield` (generators)", "return a value instead"),
    ast.YieldFrom: ("`yield from` (generators)", "return a value instead"),
    ast.Await: ("`await`", "differentiate synchronous code"),
    ast.Dict: ("a dict value", "bind the values to names"),
    ast.Starred: ("a starred expression here", "pass the elements explicitly"),
    ast.Slice: ("a slice outside an index", "use the slice in an index (`x[a:b]`), or `slice(a, b)`"),
}


_FLAGS = (bool, np.bool_, int, float, str, type(None))    # constants whose truth `and` / `or` may test now
