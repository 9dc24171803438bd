"""SSA specialised to the argument shapes (and dtypes) of a call.

The code a gradient call runs is compiled per family of arguments (``grad`` caches it by each
array's shape and dtype), so within it every shape the analysis can work out is a constant: ``np.shape(x)``, ``x.shape[0]``,
``len(x)``, ``x.ndim`` and ``x.size`` of such values become numbers, integer arithmetic on them
folds, a branch on a folded test keeps only the branch taken, and the statements that computed
them disappear. What read them gets a known shape in turn (``np.arange(n)``, ``np.eye(N)``,
``np.zeros(x.shape)``), which lets the transforms drop more shape work; values that were only
computed for their shape (``np.size(y) / np.size(x)`` in a mean's adjoint) become dead code.
With shapes known, a negation moves from an array onto a number it scales (or the smaller factor
of a matrix product), which is the same value bit for bit and one pass over the array fewer.

A free name's integer (or bool) may come with its value (``free`` entries of four items: name,
shape, kind, value; api/fast_path.py puts it there where :func:`values_read_as_sizes` says it
pays), and so may a parameter with an integer default (``def f(W, K=16)``, an entry by its
name): its reads then fold to that constant like a literal, so ``np.zeros(K)`` of a global
``K`` has a known shape.

Printed gradients (``grad(f).source()``) are not specialised: they work for any shapes.
"""
from __future__ import annotations

import ast
import math
from dataclasses import replace

import numpy as np

from ..analysis.facts import SymbolicShape, shapes_of
from ..analysis.kinds import known_kinds
from ..ir.defuse import defines
from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..ir.renaming import with_reads_renamed
from ..frontend.expressions import fold
from ..frontend.sparse_tests import has_sparse_tests, known_answer
from .isinstance_tests import copies_of_inputs, known_isinstance, known_none_test
from .in_place_results import passes
from ..primitives.output_shapes import Pieces
from ..primitives.pieces import returns_sequence
from ..primitives.registry import lookup, spelled_as, spelled_in
from ..primitives.in_place import CHECKED_RESULTS
from ..primitives.effects import EXPECT_AT_LEAST, EXPECT_KEYWORDS, EXPECT_SHAPE, REFUSED_WRITE_BACK, RUN_TIME_CHECKS, WRITE_BACK

_MINUS = lookup(ast.USub)
_CACHE_SIZE = 64       # specialisations kept per lowered function, the oldest dropped (as pipeline.CACHE_SIZE)


def specialize(fn: Function, arg_shapes: tuple, arg_kinds: tuple = (), free: tuple = ()) -> Function:
    """``fn`` with the shape queries its argument shapes (and dtype kinds, and the ``free``
    names' (name, shape, kind)) answer folded to constants, and signs moved from arrays onto the
    numbers they scale (cached on ``fn``)."""
    key = (tuple(arg_shapes), tuple(arg_kinds), tuple(free))
    cache = fn.specialized
    if key not in cache:
        if len(cache) >= _CACHE_SIZE:          # bounded like the compiled code (pipeline.py)
            del cache[next(iter(cache))]
        result = _specialized(fn, *key)
        cache[key] = None if result is fn else result     # (no cycle: freed without the collector)
    return cache[key] or fn


def fold_known_branches(fn: Function, arg_shapes: tuple = (), arg_kinds: tuple = (), free: tuple = ()) -> Function:
    """``fn`` with the branches whose test the source itself decides (``if xs2 is None:`` of a
    helper called without ``xs2``) reduced to the path taken, for code made for any shapes: the
    other path never runs, and printed it may not even compile (``None[i]``). Given the argument
    shapes the code is compiled for (a vjp's call), ``sp.issparse`` (frontend/sparse_tests.py) and
    ``isinstance(v, np.ndarray)`` of a value of known shape fold too (a vjp's ``x[:4]`` given to a
    helper dispatching on arrays); no other shape query does. Given the argument kinds,
    ``isinstance(xs, list)`` of a list argument folds (opt/isinstance_tests.py)."""
    while True:       # (a folded branch may decide the next: `return` inside `if xs2 is None:`)
        kinds = known_kinds(fn, arg_kinds, free) if arg_kinds and tests_classes(fn) else {}
        dense = shapes_of(fn, arg_shapes, arg_kinds, free) if arg_shapes and (kinds or has_sparse_tests(fn)) else {}
        body, result, changed = _Folder({}, _bindings(fn), dense, kinds=kinds).run(fn.body, fn.result)
        if not changed:
            return fn
        fn = replace(fn, body=body, result=result, specialized={})


def tests_classes(fn: Function) -> bool:
    """Does ``fn`` call ``isinstance`` (asked once per function)?"""
    return remembered(fn, ("tests_classes",),
                      lambda: any(isinstance(s, Assign) and spelled_as(s.prim, isinstance) for s in walk(fn.body)))


def _specialized(fn: Function, arg_shapes: tuple, arg_kinds: tuple, free: tuple) -> Function:
    values = {entry[0]: Const(entry[3]) for entry in free if len(entry) == 4}     # (a parameter's too)
    known = {var: values[var.name] for var in [*fn.free.values(), *fn.params] if var.name in values}
    while True:
        shapes = shapes_of(fn, arg_shapes, arg_kinds, free)
        kinds = known_kinds(fn, arg_kinds, free)
        inputs = copies_of_inputs(fn)
        body, result, changed = _Folder(shapes, _bindings(fn), known=known, kinds=kinds, inputs=inputs).run(
            fn.body, fn.result)
        if not changed:
            return _move_signs(fn, shapes)
        fn = replace(fn, body=body, result=result, specialized={})


def values_read_as_sizes(fn: Function, names: frozenset[str]) -> frozenset[str]:
    """Those of ``names`` (free names and parameters holding integers) whose value, directly or through
    integer arithmetic and tuples of it, is read as a size or a count: an argument of a call or an
    index (``np.zeros(K)``, ``x.reshape(4 * K, -1)``, ``W[:K]``), a ``range`` bound, a branch's test. Knowing such a
    value folds shapes and loop counts; knowing one that only scales numbers (``x * c``) folds
    nothing, so its value is not worth compiling for."""
    if not names:
        return frozenset()
    derived: dict[Var, set[str]] = {var: {var.name} for var in [*fn.free.values(), *fn.params] if var.name in names}
    read: set[str] = set()
    changed = True
    while changed:            # (to a fixed point: a loop's body may read what a later statement derives)
        changed = False
        for stmt in walk(fn.body):
            sources = set().union(*(derived.get(a, set()) for a in _reads(stmt)))
            if not sources:
                continue
            if _scales(stmt, derived):
                continue
            target = _deriving(stmt, derived)
            if target is None:
                read |= sources
            elif not sources <= derived.setdefault(target, set()):
                derived[target] |= sources
                changed = True
    return frozenset(read)


def _reads(stmt) -> list:
    """The values ``stmt`` reads as an argument, an index, a loop bound or a test."""
    if isinstance(stmt, Assign):
        return [*stmt.args, *(v for _, v in stmt.kwargs)]
    if isinstance(stmt, Copy):
        return [stmt.source]
    if isinstance(stmt, Loop):
        return list(stmt.range_args)
    if isinstance(stmt, If):
        return [stmt.test]
    return []


def _arithmetic(stmt) -> bool:
    if not isinstance(stmt, Assign) or stmt.kwargs:
        return False
    spelling = stmt.prim.spelling
    return bool(spelling.binop or spelling.unaryop or spelling.compare or spelling.display is ast.Tuple)


def _scales(stmt, derived: dict) -> bool:
    """Arithmetic of a free name's value with another value (``x * c``): no size. A tuple is
    none: ``(-1, k, H.shape[1])`` holds ``k`` as it is, beside a shape read at run time."""
    return _arithmetic(stmt) and stmt.prim.spelling.display is not ast.Tuple and not all(
        isinstance(a, Const) or a in derived for a in stmt.args)


def _deriving(stmt, derived: dict) -> Var | None:
    """The value ``stmt`` binds if it is arithmetic, a comparison or a tuple of free names'
    values and constants only (what a size is computed by); None if it reads them otherwise."""
    if isinstance(stmt, Copy) or _arithmetic(stmt):
        return stmt.target
    return None


def _move_signs(fn: Function, shapes: dict) -> Function:
    """``-a / s`` as ``a / -s`` (and ``-a * s``, ``s / -a``) for an array ``a`` and a number ``s``,
    and ``-(A @ b)`` as ``A @ -b`` when ``b`` is the smaller: equal bit for bit (IEEE arithmetic
    is symmetric in sign), one pass over the larger array fewer."""
    uses: dict[Var, list] = {}
    for stmt in walk(fn.body):
        for atom in (stmt.uses() if hasattr(stmt, "uses") else ()):
            uses.setdefault(atom, []).append(stmt)
    if isinstance(fn.result, Var):
        uses.setdefault(fn.result, []).append(None)
    negations = {s.target: s for s in walk(fn.body) if isinstance(s, Assign) and _negates(s)
                 and isinstance(s.args[0], Var) and _is_array(shapes.get(s.args[0]))}
    moved: dict[int, tuple] = {}       # id(product) -> (negation, position of the negated array)
    for var, negation in negations.items():
        users = uses.get(var, [])
        scaled = [(user, _scaled_position(user, var, shapes)) for user in users]
        if users and all(position is not None for _, position in scaled):    # every use
            moved.update({id(user): (negation, position) for user, position in scaled})
    definitions = {s.target: s for s in walk(fn.body) if isinstance(s, Assign)}
    products: dict[int, tuple] = {}    # id(matrix product) -> (negation, position to negate)
    for var, negation in negations.items():
        made = definitions.get(negation.args[0])
        if id(negation) in {id(n) for n, _ in moved.values()} or made is None or len(uses.get(made.target, [])) != 1:
            continue
        if (made.prim.spelling.binop is ast.MatMult or spelled_as(made.prim, np.matmul)) and not made.kwargs:
            sizes = [_size(shapes.get(a)) for a in made.args]
            smaller = min(range(2), key=lambda i: sizes[i] if sizes[i] is not None else math.inf)
            if sizes[smaller] is not None and sizes[smaller] < (_size(shapes.get(made.target)) or 0):
                products[id(made)] = (negation, smaller)
    if not moved and not products:
        return fn
    names = fn.names.fork()
    dropped = {id(negation) for negation, _ in [*moved.values(), *products.values()]}

    def block(stmts):
        out = []
        for stmt in stmts:
            if id(stmt) in dropped:
                continue
            if id(stmt) in products:         # -(A @ b): A @ -b, bound to the negation's name
                negation, position = products[id(stmt)]
                flipped = Var(names.temp())
                out.append(Assign(flipped, negation.prim, (stmt.args[position],), (), stmt.location))
                args = list(stmt.args)
                args[position] = flipped
                stmt = replace(stmt, target=negation.target, args=tuple(args))
            elif id(stmt) in moved:
                negation, position = moved[id(stmt)]
                args = list(stmt.args)
                other = args[1 - position]
                if isinstance(other, Const):
                    args[1 - position] = Const(-other.value)
                else:       # `-s`, never np.negative(s): a Python float stays one (NumPy scalars
                    flipped = Var(names.temp())     # do not mix weakly: float32 * np.float64 is float64)
                    out.append(Assign(flipped, _MINUS, (other,), (), stmt.location))
                    args[1 - position] = flipped
                args[position] = negation.args[0]
                stmt = replace(stmt, args=tuple(args))
            elif isinstance(stmt, (If, Loop)):
                stmt = replace(stmt, **{k: block(getattr(stmt, k)) for k in _blocks(stmt)})
            out.append(stmt)
        return out

    return replace(fn, body=block(fn.body), names=names, specialized={})


def _blocks(stmt) -> tuple[str, ...]:
    return ("body", "orelse") if isinstance(stmt, If) else ("cond_body", "body")


def _negates(stmt: Assign) -> bool:
    return stmt.prim.spelling.unaryop is ast.USub or spelled_as(stmt.prim, np.negative)


def _scaled_position(user, var: Var, shapes: dict) -> int | None:
    """Where ``user`` reads ``var`` if it is ``var * s``, ``s * var``, ``var / s`` or ``s / var``
    for a number ``s``; else None."""
    if not (isinstance(user, Assign) and not user.kwargs and len(user.args) == 2
            and (user.prim.spelling.binop in (ast.Mult, ast.Div)
                 or spelled_as(user.prim, np.multiply, np.divide))):
        return None
    position = user.args.index(var)
    other = user.args[1 - position]
    number = type(other.value) in (int, float) if isinstance(other, Const) else shapes.get(other) == ()
    return position if number and other != var else None


def _size(shape) -> int | None:
    return math.prod(shape) if isinstance(shape, tuple) and all(type(n) is int for n in shape) else None


def _is_array(shape) -> bool:
    return isinstance(shape, tuple) and len(shape) > 0


def _bindings(stmts: list | Function) -> dict[Var, int]:
    """How many statements bind each value (merge and loop variables are bound by several; a value
    bound once is what the folder may replace by a constant). A loop counter counts twice: it
    changes every iteration."""
    count: dict[Var, int] = {}
    for stmt in walk(stmts.body if isinstance(stmts, Function) else stmts):
        if isinstance(stmt, (Assign, Copy)):
            count[stmt.target] = count.get(stmt.target, 0) + 1
        elif isinstance(stmt, Loop) and stmt.target is not None:
            count[stmt.target] = count.get(stmt.target, 0) + 2
    return count


class _Folder:
    def __init__(self, shapes: dict, bindings: dict[Var, int], dense: dict | None = None, known: dict | None = None,
                 kinds: dict | None = None, inputs: frozenset = frozenset()):
        self.shapes, self.bindings, self.kinds = shapes, bindings, kinds or {}
        self.inputs = inputs        # parameters, free names and copies: a number among them may be a 0-d array
        self.renamed: dict[Var, Var] = {}       # a value bound once to another number unchanged -> that number
        self.dense = shapes if dense is None else dense     # shapes that answer sparse and class tests
        self.known: dict[Var, Const] = dict(known or {})      # (free names' values given)
        self.changed = False
        self.spliced = False        # a branch was inlined into its block

    def run(self, body: list, result):
        # (what np.split, np.meshgrid... return: a "tuple" kind, its class NumPy's: a list for np.split)
        self.library_sequences = {s.target for s in walk(body) if isinstance(s, Assign)
                                   and returns_sequence(s.prim, s.args, s.kwargs)}
        body = self.block(body)
        if self.spliced:
            body = _drop_overwritten(body)
        if self.renamed:        # (reads the walk does not rewrite: a loop's first value and count)
            body = with_reads_renamed(body, self.renamed)
        return body, self.atom(result), self.changed

    def atom(self, atom):
        if isinstance(atom, Var) and atom in self.known:
            self.changed = True
            return self.known[atom]
        return self.renamed.get(atom, atom) if isinstance(atom, Var) else atom

    def block(self, stmts: list) -> list:
        out = []
        for stmt in stmts:
            out += self.statement(stmt)
        return out

    def statement(self, stmt) -> list:
        if isinstance(stmt, Assign):
            stmt = replace(stmt, args=tuple(self.atom(a) for a in stmt.args),
                           kwargs=tuple((k, self.atom(v)) for k, v in stmt.kwargs))
            if stmt.prim in CHECKED_RESULTS and passes(stmt, self._shape, self.kinds):
                self.changed = True     # `y += v` of a float64 `y` and a `v` of its shape: no check
                return [Copy(stmt.target, stmt.args[0], stmt.location)]
            kept = self._kept_number(stmt)
            if kept is not None:        # `d1 - 0.0` of an inlined default `loc=0.0`: `d1` itself
                self.changed = True
                if self.bindings.get(stmt.target) != 1:
                    return [Copy(stmt.target, kept, stmt.location)]
                self.renamed[stmt.target] = kept        # (read as `d1` where it is read: no copy)
                return []
            value = self.value_of(stmt)
            if value is not None and self.bindings.get(stmt.target) == 1:
                self.known[stmt.target] = value
                self.changed = True
                return []
            return [stmt]
        if isinstance(stmt, Copy):
            stmt = replace(stmt, source=self.atom(stmt.source))
            if isinstance(stmt.source, Const) and self.bindings.get(stmt.target) == 1 and _is_flag(stmt.source.value):
                self.known[stmt.target] = stmt.source      # (a flag of a folded branch: `return`)
                self.changed = True
                return []
            return [stmt]
        if isinstance(stmt, Effect):
            if stmt.prim in RUN_TIME_CHECKS and self._holds(stmt.prim, stmt.args[0], stmt.args[1].value):
                self.changed = True
                return []           # `a, b = x` with x of shape (2, 3): the length check holds
            if stmt.prim in (WRITE_BACK, REFUSED_WRITE_BACK) and self._shape(stmt.args[1]) is not None:
                self.changed = True
                return []           # an array (or number) parameter: nothing to hand back (parameter_writes.py)
            return [replace(stmt, args=tuple(self.atom(a) for a in stmt.args))]
        if isinstance(stmt, If):
            test = self.atom(stmt.test)
            if isinstance(test, Const):          # the branch taken is known: keep only it
                self.changed = True
                self.spliced = True
                self._dropped(stmt.orelse if test.value else stmt.body)
                return self.block(stmt.body if test.value else stmt.orelse)
            return [replace(stmt, test=test, body=self.block(stmt.body), orelse=self.block(stmt.orelse))]
        if isinstance(stmt, Loop):       # (a carried value no iteration rebinds may be folded: not carried then)
            return [replace(stmt, range_args=tuple(self.atom(a) for a in stmt.range_args),
                            carried=[v for v in stmt.carried if v not in self.known],
                            cond_body=self.block(stmt.cond_body), cond=self.atom(stmt.cond),
                            body=self.block(stmt.body), exit_flag=self.atom(stmt.exit_flag))]
        return [stmt]

    def _dropped(self, stmts: list) -> None:
        """The bindings of a branch never taken gone (the counts are those of the function the
        round makes): a value bound in both branches is bound once in the one kept (a jump's flag,
        ``_returned = True``), folded there in this round, not the next (each round works out the
        whole function's shapes again)."""
        for var, n in _bindings(stmts).items():
            self.bindings[var] -= n

    def value_of(self, stmt: Assign) -> Const | None:
        """The statement's value if it is known now: a shape query of a known shape, or integer
        arithmetic (and tuple indexing) on constants, a tuple of integers."""
        if spelled_as(stmt.prim, len) and len(stmt.args) == 1 and isinstance(items := self.shapes.get(stmt.args[0]), Pieces):
            return Const(len(items.shapes))     # a list of known length (a display, appends to one)
        if stmt.prim.shape_query is not None and len(stmt.args) == 1 and not stmt.kwargs:
            shape = self._shape(stmt.args[0])
            answer = None if shape is None else stmt.prim.shape_query(shape)
            return None if answer is None else Const(answer)  # (len of a number raises at run time: left there)
        if (answer := known_answer(stmt.prim, stmt.args, lambda a: self._shape(a, self.dense))) is not None:
            return Const(answer)     # sp.issparse(X) of an array: its sparse branch never runs
        if (answer := self._container_test(stmt)) is not None:
            return Const(answer)     # isinstance(obs, dict) of a list argument: its dict branch never runs
        if not stmt.args or not all(isinstance(a, Const) for a in stmt.args) or stmt.kwargs or stmt.prim.effect:
            return None      # (a call that simply runs is never evaluated here: primitives/opaque.py)
        values = [a.value for a in stmt.args]
        if stmt.prim.spelling.display is ast.Tuple and (all(type(v) is int for v in values)
                                                        or all(isinstance(v, type) for v in values)):
            return Const(tuple(values))       # a shape (H - 2, W - 2) of folded numbers; (list, tuple)
        if stmt.prim.item is not None and isinstance(values[0], tuple):
            items = values[0]
            return Const(items[stmt.prim.item]) if -len(items) <= stmt.prim.item < len(items) else None
        if stmt.prim.pattern is not None and len(values) == 1 and isinstance(values[0], tuple) \
                and all(type(v) is int for v in values[0]) and (cut := _literal_slice(stmt.prim.pattern)) is not None:
            return Const(values[0][cut])       # K.shape[:2]: a window's shape from a kernel's
        if getattr(stmt.prim.spelling, "compare", None) in (ast.Is, ast.IsNot) \
                and any(v is None for v in values):      # `N is None` of a folded `len(c)`, `rho is None` of a 2150.0
            return Const((values[0] is values[1]) == (stmt.prim.spelling.compare is ast.Is))
        if all(_is_flag(v) for v in values) and not spelled_in(stmt.prim, np):
            folded = fold(stmt.prim, stmt.args)
            return Const(folded) if _is_flag(folded) else None
        return None

    def _container_test(self, stmt: Assign) -> bool | None:
        """``isinstance(v, cls)`` or ``v is None`` where ``v``'s kind and shape decide it
        (opt/isinstance_tests.py). None otherwise."""
        if not stmt.kwargs and (answer := known_none_test(stmt.prim, stmt.args, self.kinds, self.inputs)) is not None:
            return answer
        if not spelled_as(stmt.prim, isinstance) or len(stmt.args) != 2 or stmt.kwargs \
                or not isinstance(stmt.args[1], Const) or not isinstance(stmt.args[0], Var):
            return None
        classes = stmt.args[1].value if isinstance(stmt.args[1].value, tuple) else (stmt.args[1].value,)
        if stmt.args[0] in self.library_sequences:
            return None             # (tested where it runs, on NumPy's own result)
        return known_isinstance(self.kinds.get(stmt.args[0]), self._shape(stmt.args[0], self.dense), classes)

    def _kept_number(self, stmt: Assign) -> Var | None:
        """``x`` where ``stmt`` is ``x - 0.0``, ``x * 1.0``, ``1.0 * x`` or ``x / 1.0`` (or ``0``,
        ``1``) of a float64 number ``x`` the function computed: the same number, bit for bit, and
        immutable (a parameter or free name of shape () may be a 0-d array, which a copy would
        alias). Not ``x + 0.0``: ``-0.0 + 0.0`` is ``0.0``."""
        op = stmt.prim.spelling.binop
        if op not in _IDENTITIES or len(stmt.args) != 2 or stmt.kwargs:
            return None
        orders = [stmt.args, stmt.args[::-1]] if op is ast.Mult else [stmt.args]
        for value, other in orders:
            if isinstance(other, Const) and type(other.value) in (int, float) and other.value == _IDENTITIES[op] \
                    and isinstance(value, Var) and value not in self.inputs and self.kinds.get(value) == "f8" \
                    and self._shape(value) == ():
                return value
        return None

    def _holds(self, check, atom, length) -> bool:
        """The run-time ``check`` is known to pass: ``len(atom) == length`` from its shape, or from
        the tuple it is (``expect_shape``: the shape ``length`` itself)."""
        if check is EXPECT_KEYWORDS:            # (the keys of a dict taken apart are known)
            keys = self.atom(atom)
            return isinstance(keys, Const) and isinstance(keys.value, (tuple, list)) and set(keys.value) == set(length)
        shape = self._shape(atom)
        if check is EXPECT_SHAPE:
            return shape is not None and shape == length
        holds = (lambda n: n >= length) if check is EXPECT_AT_LEAST else (lambda n: n == length)  # noqa: E731
        if shape:
            return holds(shape[0])
        value = self.atom(atom)
        return isinstance(value, Const) and isinstance(value.value, tuple) and holds(len(value.value))

    def _shape(self, atom, shapes: dict | None = None) -> tuple | None:
        if isinstance(atom, Const):
            return np.shape(atom.value) if _is_int(atom.value) or isinstance(atom.value, float) else None
        shape = (self.shapes if shapes is None else shapes).get(atom)
        if isinstance(shape, SymbolicShape) or not isinstance(shape, tuple):
            return None
        return shape if all(_is_int(n) for n in shape) else None


# the operators whose one constant operand leaves a float64 number as it is: x - 0, x * 1, x / 1
_IDENTITIES = {ast.Sub: 0, ast.Mult: 1, ast.Div: 1}


def _drop_overwritten(stmts: list) -> list:
    """Drop copies that the same block overwrites before anything reads them: a merge
    variable's ``v = None`` (bound on one path only) once the branch binding it is inlined."""
    out = []
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, Copy) and _overwritten(stmt.target, stmts[i + 1:]):
            continue
        if isinstance(stmt, (If, Loop)):
            for block in stmt.blocks():
                block[:] = _drop_overwritten(block)
        out.append(stmt)
    return out


def _overwritten(var: Var, later: list) -> bool:
    for stmt in later:
        if any(var in s.uses() for s in walk([stmt])):
            return False
        if isinstance(stmt, (Assign, Copy)) and stmt.target == var:
            return True
        if any(var in defines(s) for s in walk([stmt])):   # bound in a region: maybe not on every path
            return False
    return False


def _literal_slice(pattern: ast.expr) -> slice | None:
    """``pattern`` as a slice of integer literals (``[:2]``, ``[1:-1]``, ``[::-1]``); None else."""
    if not isinstance(pattern, ast.Slice):
        return None
    bounds = []
    for part in (pattern.lower, pattern.upper, pattern.step):
        try:
            value = None if part is None else ast.literal_eval(part)
        except ValueError:
            return None
        if value is not None and type(value) is not int:
            return None
        bounds.append(value)
    return slice(*bounds) if bounds[2] != 0 else None


def _is_int(value) -> bool:
    return type(value) is int


def _is_flag(value) -> bool:
    """An integer or a bool: what shape arithmetic and control-flow flags compute."""
    return type(value) in (bool, int)
