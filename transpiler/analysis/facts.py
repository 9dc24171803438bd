"""Analyses on SSA: which values are active, which are live, and what shapes are known.

* varied: depends on a variable we differentiate with respect to;
* useful: reaches the function's result through differentiable primitives;
* active = varied and useful: only these get adjoints (reverse) or tangents (forward).
* live: needed to compute the result at all (everything else is dead code).
* shapes: propagated from the call's arguments where the primitive allows it. A shape is a
  tuple, a :class:`SymbolicShape` ("whatever shape parameter x has") or ``None`` (unknown); they
  let the transforms skip ``unbroadcast`` when shapes provably match, even for unknown inputs.

Loops make values flow backwards (a carried value feeds the next iteration), so each analysis
repeats its pass until nothing changes.

Algebraic facts (where a derivative is exactly zero, which matrices are symmetric by construction)
are found by the named rewrites of ``transpiler.rewrites``, a layer above: they register their
finders in :data:`FACT_FINDERS`, and :func:`analyse` consults those the caller has not switched off.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..ir.defuse import defines
from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Unbound, Var, walk
from ..primitives import lists
from ..primitives.fields import is_record
from ..primitives.model import NOT_CONSTANT
from ..primitives.output_shapes import Pieces
from ..primitives.written import WrittenPrimitive
from .checks import structural_cuts
from .counted_slices import counted_slice_shape, counted_values
from .draw_shapes import draw_shape, generators_made
from .kinds import input_kinds, kind_of_constant, value_kinds
from .list_items import item_shape, joined, without_item_shapes
from .opaque_calls import refuse_differentiated_opaque_calls
from .scalar_calls import refuse_scalar_calls_on_arrays
from .varied import varied_values
from .output_shape import output_shape


@dataclass(frozen=True)
class SymbolicShape:
    """The (unknown) shape of an input value; equal symbols mean equal shapes."""

    of: str

    def __str__(self) -> str:
        return f"shape({self.of})"


@dataclass
class Analysis:
    active: set[Var]
    live: set[Var]
    shapes: dict[Var, tuple | None]
    tuples: dict[Var, int] = None    # tuple-valued values -> their length
    kinds: dict = None               # dtype kinds known of values ("b" for comparisons' results)
    cut: frozenset = frozenset()     # (id(statement), argument position): no derivative flows
    #                                  there, exactly (see Facts)
    symmetric: frozenset = frozenset()   # square matrices symmetric by construction
    sequences: frozenset = frozenset()   # lists of a run-time length, and their items (see _sequences)
    containers: frozenset = frozenset()  # (display, position) whose element is a list or tuple itself
    softmax: dict = None             # id(y = e / sum(e)) -> (z, axis) where e = exp(z) (see Facts)
    sigmoid: dict = None             # id(y = 1 / (1 + e)) -> u where e = exp(u) (see Facts; never changed)
    log_softmax: dict = None         # id(l = log(y)) -> (z, axis, y) for a softmax y of z (see Facts; never changed)
    complex_values: frozenset = frozenset()   # values that may be complex (complex_values.py)

    def needs(self, block: list) -> bool:
        """Does ``block`` compute something the result needs: a live value, or an effect on a
        live list (a tape's push, which its pops later rely on)?"""
        return any(isinstance(s, (Assign, Copy)) and s.target in self.live
                   or isinstance(s, Effect) and (runs_once(s) or s.args[0] in self.live) for s in walk(block))

    def carries(self, stmt, index: int) -> bool:
        """Does argument ``index`` of ``stmt`` pass a derivative on?"""
        return (id(stmt), index) not in self.cut

    def shape(self, atom) -> tuple | None:
        if isinstance(atom, Const):
            return () if isinstance(atom.value, (bool, int, float, complex)) else None
        return self.shapes.get(atom)

    def kind(self, atom) -> str | None:
        """The dtype code known of ``atom`` ("f8", "i8", "b1"), or None."""
        if isinstance(atom, Const):
            return kind_of_constant(atom.value)
        return (self.kinds or {}).get(atom)


@dataclass(frozen=True)
class Facts:
    """What a fact finder knows of a function, exactly (in exact arithmetic):

    * cut: ``(id(statement), argument position)`` pairs where no derivative flows (the value
      there is subtracted only to be added back: its adjoint is exactly zero);
    * symmetric: square matrices symmetric by construction (rules may use ``a.T == a``);
    * softmax, sigmoid: ``(id(y = e / sum(e, axis)), z, axis)``, ``(id(y = 1 / (1 + e)), z)``, ``e = exp(z)``
      used only there: the derivative goes from ``y`` to ``z`` in one step (rewrites/);
    * log_softmax: ``(id(l = log(y)), z, axis, y)``, ``y`` such a softmax read by the log alone."""

    cut: frozenset = frozenset()
    symmetric: frozenset = frozenset()
    softmax: frozenset = frozenset()
    sigmoid: frozenset = frozenset()
    log_softmax: frozenset = frozenset()


# Fact finders by rewrite name, ``finder(fn, shapes) -> Facts``: registered by transpiler.rewrites
# (which sits above the analysis), consulted unless switched off (``grad(f, rewrites=False)``).
FACT_FINDERS: dict[str, Callable[[Function, dict], Facts]] = {}


def analyse_for(fn: Function, wrt_indices, arg_shapes: tuple, arg_kinds: tuple = (),
                switched_off: frozenset = frozenset(), free: tuple = ()) -> tuple[list[Var], Analysis]:
    """The parameters to differentiate, and the analysis for them and the argument shapes (and
    dtypes, as kind and size: ``"f8"``, ``"i8"``, ``"b1"`` ..., or None), with the facts of the
    rewrites not ``switched_off``. ``free``: (name, shape, kind) of free names read, known like
    parameters' (the compiled code is guarded by them)."""
    wrt = [fn.params[i] for i in wrt_indices]
    return wrt, analyse(fn, wrt, _input_shapes(fn, arg_shapes, free), input_kinds(fn, arg_kinds, free), switched_off)


def _input_shapes(fn: Function, arg_shapes: tuple, free: tuple) -> dict:
    """Shapes of the parameters (None: unknown) and of the free names whose shape is known."""
    shapes = {p: (arg_shapes[i] if i < len(arg_shapes) else None) for i, p in enumerate(fn.params)}
    by_name = {name: shape for name, shape, *_ in free if shape is not None}
    shapes.update({v: by_name[v.name] for v in fn.free.values() if v.name in by_name})
    return shapes


def analyse(fn: Function, wrt: list[Var], arg_shapes: dict[Var, tuple | None], arg_kinds: dict | None = None,
            switched_off: frozenset = frozenset()) -> Analysis:
    """The analysis of ``fn`` for these inputs: worked out once per function and inputs (the
    output's shape check and the transform both ask, ir/memo.py); each caller gets its own copy
    of what it might change."""
    finders = tuple((name, find) for name, find in FACT_FINDERS.items() if name not in switched_off)
    arg_kinds = arg_kinds or {}
    key = ("analysis", tuple(wrt), tuple(arg_shapes.items()), tuple(arg_kinds.items()), finders)
    return _copied(remembered(fn, key, lambda: _analysed(fn, wrt, arg_shapes, arg_kinds, finders)))


def _copied(analysis: Analysis) -> Analysis:
    return replace(analysis, active=set(analysis.active), live=set(analysis.live), shapes=dict(analysis.shapes),
                   tuples=dict(analysis.tuples), kinds=dict(analysis.kinds), softmax=dict(analysis.softmax))


def _analysed(fn: Function, wrt: list[Var], arg_shapes: dict[Var, tuple | None], arg_kinds: dict,
              finders: tuple) -> Analysis:
    kinds = value_kinds(fn, arg_kinds)
    shapes = _shapes(fn, arg_shapes, kinds)
    facts = [find(fn, shapes) for _, find in finders]
    cut = frozenset().union(*(f.cut for f in facts), structural_cuts(fn, kinds, varied := varied_values(fn, wrt)))
    useful = _useful(fn, cut)
    refuse_differentiated_opaque_calls(fn, varied, useful, shapes)
    refuse_scalar_calls_on_arrays(fn, shapes, kinds)
    tuples, sequences = _tuples(fn), _sequences(fn)
    return Analysis(active=varied & useful, live=_live(fn), shapes=shapes, tuples=tuples, kinds=kinds, cut=cut,
                    symmetric=frozenset().union(*(f.symmetric for f in facts)), sequences=sequences,
                    containers=_nested_containers(fn, tuples, sequences),
                    softmax={site: (z, axis) for f in facts for site, z, axis in f.softmax},
                    sigmoid={site: u for f in facts for site, u in f.sigmoid},
                    log_softmax={site: rest for f in facts for site, *rest in f.log_softmax})


def _tuples(fn: Function) -> dict[Var, int]:
    """Values known to be tuples (displays, multi-output primitives, and copies of those):
    their adjoints are kept per element."""
    tuples: dict[Var, int] = {}
    constant: dict[Var, list] = {}       # displays of constants: np.split(x, [1, 3])'s indices
    grown = {s.args[0] for s in walk(fn.body) if isinstance(s, Effect) and not s.observable}   # lists appended to
    copies = _copies(fn)
    resized = _sequences(fn, items=False)

    def value(atom):
        return atom.value if isinstance(atom, Const) else constant.get(atom, NOT_CONSTANT)

    for stmt in walk(fn.body):
        if isinstance(stmt, Assign) and stmt.target in grown:
            continue
        if isinstance(stmt, Assign) and stmt.prim.display:
            tuples[stmt.target] = len(stmt.args)
            if all(isinstance(a, Const) for a in stmt.args):
                constant[stmt.target] = [a.value for a in stmt.args]
        elif isinstance(stmt, Assign) and stmt.prim.outputs:
            count = stmt.prim.output_count([value(a) for a in stmt.args], {k: value(v) for k, v in stmt.kwargs})
            if count is not None:
                tuples[stmt.target] = count

    def step() -> bool:
        # a copy is a tuple of n elements only if every value copied into it is (a list grown
        # in a loop starts as the display `[]` and is then a longer list)
        grew = False
        for target, sources in copies.items():
            if target in tuples or target in resized:
                continue
            lengths = {tuples[s] for s in sources if s in tuples}
            if len(lengths) == 1:
                tuples[target] = lengths.pop()
                grew = True
        return grew

    _fixpoint(step)
    return tuples


def _written_in_loops(fn: Function) -> frozenset:
    """Lists a loop carries with an item written (``layers[i] = f(layers[i])`` in a loop over a
    display ``[a, b, c]``): their adjoints are lists, not kept item by item (a loop carries no
    tuple in reverse mode); and what is copied from them."""
    written = {s.target for s in walk(fn.body) if isinstance(s, Assign) and s.prim.updates}
    copies = _copies(fn)
    found = set()
    for loop in (s for s in walk(fn.body) if isinstance(s, Loop)):
        found |= {v for v in loop.carried if _reaches(v, written, copies)}
    return frozenset(found)


def _reaches(var: Var, written: set, copies: dict) -> bool:
    """Is ``var`` (through copies) one of ``written``?"""
    seen, todo = set(), [var]
    while todo:
        v = todo.pop()
        if v in written:
            return True
        if v not in seen:
            seen.add(v)
            todo += [s for s in copies.get(v, []) if isinstance(s, Var)]
    return False


def result_length(fn: Function) -> int | None:
    """The length of the tuple or list ``fn`` returns, where it is known (through branches and
    copies too); None for any other result."""
    return _tuples(fn).get(fn.result) if isinstance(fn.result, Var) else None


def _nested_containers(fn: Function, tuples: dict, sequences: frozenset) -> frozenset:
    """(display, i) where element i is itself a list or tuple (``[("w", x), ("b", y)]``), a
    record (a NamedTuple or dataclass parameter rebuilt from its fields, opt/containers.py) or a
    custom rule's result (a nested gradient of a dict: ``[grad(energy)(params)]``), also
    through copies of the display: that element's adjoint is a list (a record's: a dict by
    field), which adds up with ``accumulate`` (``+`` would concatenate, or fail)."""
    records = {s.target for s in walk(fn.body) if isinstance(s, Assign) and is_record(s.prim)}
    # (a custom rule's result of no known shape may be a container: grad(energy)(params), a dict;
    # `accumulate` adds arrays with `+` too)
    structured = records | {s.target for s in walk(fn.body) if isinstance(s, Assign)
                            and s.prim.family == "custom" and s.prim.shape_rule is None}
    found = {(stmt.target, i) for stmt in walk(fn.body) if isinstance(stmt, Assign) and stmt.prim.display
             for i, a in enumerate(stmt.args)
             if isinstance(a, Var) and (a in tuples or a in sequences or a in structured)
             or isinstance(a, Const) and isinstance(a.value, (tuple, list))}
    copies = _copies(fn)

    def spread() -> bool:
        new = {(target, i) for target, sources in copies.items() for s, i in found if s in sources} - found
        found.update(new)
        return bool(new)

    _fixpoint(spread)
    return frozenset(found)


def _copies(fn: Function) -> dict[Var, list]:
    """Each value bound by copies (loop variables, branch merges) -> the values copied into it."""
    copies: dict[Var, list] = {}
    for stmt in walk(fn.body):
        if isinstance(stmt, Copy):
            copies.setdefault(stmt.target, []).append(stmt.source)
    return copies


# Names rules give their parameters that take a list or tuple of values (rules: primitives/).
_SEQUENCE_PARAMETERS = frozenset({"xs", "ys", "items", "seqs"})


def _sequences(fn: Function, items: bool = True) -> frozenset:
    """Lists whose length is known at run time only (``appended(lst, v)``, ``transposed(xs)``
    and the other list primitives, and copies of them; not the tapes' pops) and, with
    ``items``, what is read from them (which may be lists or tuples too) and what rules take as
    a sequence (a list parameter passed to ``np.stack``). Their adjoints add up with
    ``accumulate``, element by element: ``+`` would concatenate two lists."""
    found = {s.target for s in walk(fn.body) if isinstance(s, Assign) and id(s.prim) in lists.MAKERS}
    found |= _written_in_loops(fn)
    if items:     # what rules take as a sequence (np.stack(xs), sum(xs), appended(xs, v) ...)
        found |= {a for s in walk(fn.body) if isinstance(s, Assign) and s.prim.vjp_rule is not None
                  for a, param in zip(s.args, s.prim.vjp_rule.params[2:])
                  if isinstance(a, Var) and param in _SEQUENCE_PARAMETERS}

    def spread() -> bool:
        grew = False
        for stmt in walk(fn.body):
            new = None
            if isinstance(stmt, Copy) and stmt.source in found:
                new = stmt.target
            elif items and isinstance(stmt, Assign) and stmt.prim.pattern is not None and stmt.args[0] in found:
                new = stmt.target
            if new is not None and new not in found:
                found.add(new)
                grew = True
        return grew

    _fixpoint(spread)
    return frozenset(found)


def _fixpoint(step) -> None:
    while step():
        pass


def _useful(fn: Function, cut: frozenset = frozenset()) -> set[Var]:
    useful = {fn.result} if isinstance(fn.result, Var) else set()

    def step() -> bool:
        size = len(useful)
        for stmt in reversed(list(walk(fn.body))):
            if isinstance(stmt, Assign) and stmt.target in useful and stmt.prim.differentiable:
                useful.update(a for i, a in enumerate(stmt.args)
                              if isinstance(a, Var) and (id(stmt), i) not in cut)
                useful.update(v for _, v in stmt.kwargs if isinstance(v, Var))
            elif isinstance(stmt, Copy) and stmt.target in useful:
                useful.update(stmt.uses())
            elif isinstance(stmt, Effect) and stmt.args and stmt.args[0] in useful:
                # (an append onto a useful list: what it appends is useful; `raise SystemExit` has no argument)
                useful.update(stmt.uses())
        return len(useful) != size

    _fixpoint(step)
    return useful


def _live(fn: Function) -> set[Var]:
    """Values the result needs, including what decides control flow around needed values, and
    run-time checks (which may refuse: they run even if nothing reads their value)."""
    live = {fn.result} if isinstance(fn.result, Var) else set()
    live |= {s.target for s in walk(fn.body) if isinstance(s, Assign) and getattr(s.prim, "effect", False)}
    live |= {u for s in walk(fn.body) if isinstance(s, Effect) and s.observable for u in s.uses()}

    def needed(block: list) -> bool:
        return any(defines(s) & live or (isinstance(s, Effect) and (runs_once(s) or bool(s.args) and s.args[0] in live))
                   for s in walk(block))

    def step() -> bool:
        size = len(live)
        for stmt in reversed(list(walk(fn.body))):
            if isinstance(stmt, (Assign, Copy)) and stmt.target in live:
                live.update(stmt.uses())
            elif isinstance(stmt, Assign) and stmt.prim.pops and stmt.args[0] in live:
                live.add(stmt.target)           # (an unused item popped: the stack stays in step)
                live.update(stmt.uses())
            elif isinstance(stmt, Effect) and stmt.args and stmt.args[0] in live:
                live.update(stmt.uses())
            elif isinstance(stmt, (If, Loop)) and needed(sum(stmt.blocks(), [])):
                live.update(stmt.uses())
                if isinstance(stmt, Loop) and isinstance(stmt.cond, Var):
                    live.update(s.target for s in walk(stmt.cond_body) if isinstance(s, (Assign, Copy)))
        return len(live) != size

    _fixpoint(step)
    return live


def runs_once(effect: Effect) -> bool:
    """``print(x)``, ``assert``: an effect a block is run for. (A ``with`` block's entry and exit
    are not: they surround what runs, and a block with nothing else in it need not run.)"""
    return effect.observable and getattr(effect.prim, "once", True)


def shapes_of(fn: Function, arg_shapes: tuple, arg_kinds: tuple = (), free: tuple = ()) -> dict[Var, tuple | None]:
    """Known shapes of ``fn``'s values for these argument shapes (one per parameter) and
    ``free`` names' (as :func:`analyse_for`)."""
    return _shapes(fn, _input_shapes(fn, arg_shapes, free), value_kinds(fn, input_kinds(fn, arg_kinds, free)))


def _shapes(fn: Function, arg_shapes: dict[Var, tuple | None], kinds: dict) -> dict[Var, tuple | None]:
    """Known shapes of ``fn``'s values: worked out once per function, input shapes and kinds
    (ir/memo.py); each caller gets its own dict."""
    key = ("shapes", tuple(arg_shapes.items()), tuple(kinds.items()))
    return dict(remembered(fn, key, lambda: _propagated_shapes(fn, arg_shapes, kinds)))


def _propagated_shapes(fn: Function, arg_shapes: dict[Var, tuple | None], kinds: dict,
                       stop_when_settled: bool = True) -> dict[Var, tuple | None]:
    """Passes over the statements until no shape changes; one where the first settles it (no
    loop, each value bound once, by a statement after every binding it reads: a second pass
    would read the same shapes and find the same). ``stop_when_settled=False``: passes until
    no shape changes, always (what the tests compare with)."""
    shapes = {v: (SymbolicShape(v.name) if s is None else s) for v, s in arg_shapes.items()}
    shapes.update({v: SymbolicShape(v.name) for v in fn.free.values() if v not in shapes})
    lookup = Analysis(set(), set(), shapes).shape
    kind = lambda atom: kinds.get(atom) if isinstance(atom, Var) else kind_of_constant(atom.value)  # noqa: E731
    unknown = object()

    def assign(var: Var, shape) -> bool:
        old = shapes.get(var, unknown)
        new = shape if old is unknown or old == shape else joined(old, shape)   # joins disagree: unknown
        shapes[var] = new
        return old != new

    counted = counted_values(fn)
    read_only = _read_only_displays(fn)
    generators = generators_made(fn)
    bound: set | None = set(shapes)      # (in the first pass: the values bound so far)

    def step() -> bool:
        nonlocal bound
        changed = False
        for stmt in walk(fn.body):
            if bound is not None and not _bound_after_its_reads(stmt, bound):
                bound = None
            if isinstance(stmt, Assign) and stmt.target in read_only and stmt.args:
                changed |= assign(stmt.target, _display_pieces([lookup(a) for a in stmt.args]))
            elif isinstance(stmt, Assign):
                shape = output_shape(stmt, [lookup(a) for a in stmt.args], [kind(a) for a in stmt.args])
                if shape is None and stmt.prim.pattern is not None:
                    shape = counted_slice_shape(stmt, lookup(stmt.args[0]), counted)
                if shape is None:
                    shape = draw_shape(stmt, generators)    # (a random draw of a known size: draw_shapes.py)
                if shape is None:
                    shape = item_shape(stmt, lookup)        # (a list's items of one shape: list_items.py)
                changed |= assign(stmt.target, shape)
            elif isinstance(stmt, Copy) and not _unbound(stmt.source):
                changed |= assign(stmt.target, lookup(stmt.source))   # (never read while unbound: no shape)
            elif isinstance(stmt, Loop) and stmt.target is not None:
                changed |= assign(stmt.target, ())
        return changed

    if step() and not (stop_when_settled and bound is not None):
        _fixpoint(step)
    return without_item_shapes(shapes)


def _unbound(atom) -> bool:
    """The placeholder of a name not bound yet (``Z_new = unbound('Z_new')`` before a loop that
    binds it): reading it raises, so its shape is the one the name is bound to."""
    return isinstance(atom, Const) and isinstance(atom.value, Unbound)


def _bound_after_its_reads(stmt, bound: set) -> bool:
    """Does ``stmt`` (in program order) bind a value not bound before, from values bound before
    (adding it to ``bound``)? False for a loop (what its body reads, a later iteration binds) and
    for a statement binding names otherwise (an effect's targets)."""
    if isinstance(stmt, (Assign, Copy)):
        if stmt.target in bound or not all(v in bound for v in stmt.uses()):
            return False
        bound.add(stmt.target)
        return True
    return not isinstance(stmt, Loop) and not getattr(getattr(stmt, "prim", None), "targets", ())


def _read_only_displays(fn: Function) -> set[Var]:
    """The values of ``[a, b]`` and ``(a, b)`` displays that nothing may write into or alias:
    each reader an ``Assign`` that neither updates its argument (``assign_at``), pops from it,
    nor is code a transform wrote (``written``); no ``Effect`` (an append in place) and no
    write into any name a ``Copy`` gives it (a merge or loop-carried alias: which another path may
    bind to something else, so the alias's shape is the join of its bindings', but the display's
    own is its items')."""
    displays = {stmt.target for stmt in walk(fn.body) if isinstance(stmt, Assign) and stmt.prim.display}
    written: set = set()
    aliases: dict = {}
    for stmt in walk(fn.body):
        if isinstance(stmt, Copy):
            aliases.setdefault(stmt.source, set()).add(stmt.target)
        elif isinstance(stmt, Effect) or isinstance(stmt, Assign) and (
                stmt.prim.updates or stmt.prim.pops or isinstance(stmt.prim, WrittenPrimitive)):
            written |= set(stmt.uses())
    return {d for d in displays if not _aliases_of(d, aliases) & written}


def _aliases_of(var, aliases: dict) -> set:
    """``var`` and every name copies give it, transitively."""
    seen, todo = {var}, [var]
    while todo:
        for target in aliases.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _display_pieces(item_shapes: list) -> Pieces | None:
    """The shape of a display of arrays of known shapes: its items' shapes, as ``Pieces``
    (``np.concatenate([h, x], axis=1)`` then has a shape, and ``xs[0]`` its item's)."""
    return Pieces(item_shapes) if item_shapes and all(isinstance(s, tuple) for s in item_shapes) else None
