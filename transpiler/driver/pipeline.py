"""The pipeline end to end, with caches: function -> SSA -> transformed AST -> source -> code.

Lowering is cached per function; generated code per (function, what to differentiate, argument
shapes). Shapes are part of the key because they let the transform drop ``unbroadcast`` where
shapes provably agree; scalars and arrays of one shape share one compiled function.

Generated code is lowered again for second derivatives (forward mode over a gradient): from the
module text compiled here, which this driver hands to the frontend (``hold_generated``), not read
back through ``inspect`` or ``linecache``.

A cached entry is used only while what lowering assumed still holds (the helpers it inlined, what
their names mean: dependencies.py); otherwise the function is lowered and compiled again. The
caches are keyed weakly by the function and their entries do not refer to it strongly, so a
function, its globals and its closure are freed once the user drops it (and its gradients). Per
function, at most ``CACHE_SIZE`` compiled versions are kept, the least recently used dropped first.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import inspect
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable

from ..ad.derivative import Derivative
from ..ad.forward import TangentSpec, forward_with_facts
from ..ad.reverse import GradientSpec, reverse
from ..analysis.complex_values import complex_kind
from ..analysis.weak_numbers import WEAK_FLOAT, narrow_kinds, strong
from ..backends import backend, emit, python_code
from ..frontend import source as frontend
from ..frontend.argument_lengths import LENGTH, ONE_EACH, OPTIONAL_UNKNOWN, LengthNeeded, is_length_entry
from ..frontend.lowering import lower
from ..frontend.parameter_classes import without_lengths
from ..frontend.parameter_writes import without_hand_backs
from ..ir import Function, checked
from ..ir.nodes import Loop, walk
from ..ir.memo import remembered
from ..opt.passes import IR_FORWARD, IR_REVERSE, IRPass, Pass
from ..opt.repeated import share_repeated_values
from ..opt.containers import take_apart
from ..opt.tangent_containers import take_apart_constants
from ..opt.sequences import refuse_writes_into_list_items, resolve_iteration, resolve_sequence_operators
from ..opt.specialize import fold_known_branches, specialize, tests_classes
from ..opt.loop_invariants import hoist_loop_invariants
from ..analysis.facts import shapes_of
from . import recursion

# Compiled versions kept per function (and runners per Gradient object; specialize.py keeps as many
# specialisations): each argument family (shapes, dtypes) gets its own; beyond this many, the least
# recently used is compiled again when next needed.
CACHE_SIZE = 64
LOOP_INVARIANTS = "loop_invariants"     # the stage between specialisation and the transform (opt/loop_invariants.py)
# then: a value the function computes twice on the same values read from the first (opt/repeated.py),
# before the transform, so each value has one derivative (a helper called twice solves and is
# differentiated once)
PRIMAL_REPEATS = "repeated_primal_values"

FORWARD_HEADING = "primal and tangents, statement by statement"     # (a comment atop the JVP code)

_lowered: "weakref.WeakKeyDictionary[Callable, Function]" = weakref.WeakKeyDictionary()
_lowered_for_classes: "weakref.WeakKeyDictionary[Callable, dict]" = weakref.WeakKeyDictionary()
_asked: "weakref.WeakKeyDictionary[Callable, dict]" = weakref.WeakKeyDictionary()   # classes -> (index, dependencies)
_compiled: "weakref.WeakKeyDictionary[Callable, OrderedDict]" = weakref.WeakKeyDictionary()
# a generated function -> the free names it takes as keywords, read where its source function reads
# them (Generated.free): what a transform of the generated code itself reads them as
_free_of_generated: "weakref.WeakKeyDictionary[Callable, tuple]" = weakref.WeakKeyDictionary()


def lowered(func: Callable, classes: tuple = (), compiling: bool = False) -> Function:
    """``func`` in SSA form: cached while the names and helpers it relied on are unchanged.
    ``classes``: (parameter index, class) of the call's arguments whose methods the function may
    call (frontend/parameter_classes.py): lowered once per such tuple; and the lengths of its list
    arguments, of which only those the lowering asks for count (:func:`lowering_key`)."""
    return lowering_key(func, classes, compiling)[0]


def lowering_key(func: Callable, classes: tuple = (), compiling: bool = False) -> tuple[Function, tuple]:
    """(``func`` lowered, the classes it was lowered for): ``classes`` without the lengths of list
    arguments, but for those the lowering asked for (frontend/argument_lengths.py: a loop making
    objects over a list argument is unrolled), so that a function that asks for none is lowered
    and compiled once for lists of any length. Where a length is asked for and ``classes`` gives
    none: the lowering for one item (and one in each item) if no length at all is given and the
    code is not being ``compiling`` (what the function reads, returns and calls, for the
    transforms to look at), else the lowering without it (which refuses the loop, located)."""
    func = frontend.unwrap(func)
    base = without_lengths(classes)
    given = {entry[0]: entry for entry in classes if is_length_entry(entry)}
    asked: dict[int, tuple] = {}
    while True:
        key = base + tuple(asked[i] for i in sorted(asked))
        index, optional = _asked_before(func, key)
        if index is None:
            try:
                return _lowered_once(func, key), key
            except LengthNeeded as asking:     # (kept without the exception: its frames hold `func`)
                _asked.setdefault(func, {})[key] = (asking.index, asking.dependencies, asking.optional)
                index, optional = asking.index, asking.optional
        if index in asked and (optional or asked[index][2] != OPTIONAL_UNKNOWN):
            raise AssertionError(f"lowering asked again for the length of argument {index}")
        one_item = not given and not compiling     # (an optional ask: a loop that may stay one)
        asked[index] = given.get(index, (index, LENGTH, OPTIONAL_UNKNOWN if optional else ONE_EACH if one_item else None))


def _asked_before(func: Callable, key: tuple) -> tuple[int | None, bool]:
    """The argument whose length a lowering of ``func`` for ``key`` asked for, and whether
    optionally, while what that lowering relied on holds; None if it asked for none (or no
    longer holds)."""
    index, dependencies, optional = _asked.get(func, {}).get(key, (None, None, False))
    if index is not None and not dependencies.current():
        del _asked[func][key]
        return None, False
    return index, optional


def _lowered_once(func: Callable, classes: tuple) -> Function:
    if classes:
        return _lowered_with_classes(func, classes)
    fn = _lowered.get(func)
    if fn is None or not fn.dependencies.current():
        _compiled.pop(func, None)        # compiled from the stale lowering
        with collector_paused():
            fn = _lowered[func] = checked(lower(frontend.parse_function(func), _register_recursive))
    return fn


def _lowered_with_classes(func: Callable, classes: tuple) -> Function:
    per_classes = _lowered_for_classes.setdefault(func, {})
    fn = per_classes.get(classes)
    if fn is None or not fn.dependencies.current():
        if fn is not None:
            _compiled.pop(func, None)    # (a method it inlined changed)
        with collector_paused():
            fn = per_classes[classes] = checked(lower(frontend.parse_function(func), _register_recursive, classes))
    return fn


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off while compiling (and back on after, if it was on): the
    compiler makes many objects that live on (ASTs, IR), which set off collections that scan them
    and find nothing, about 15 % of a 1,000-statement function's compile time. Their garbage is
    collected afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@dataclass
class Generated:
    """A compiled derivative and what it needs at call time."""

    function: Callable
    source: str
    free: tuple[tuple[str, Any, str], ...]   # (parameter in generated code, function, its name)
    returns_value: bool = True               # (value, gradient) rather than the gradient alone
    tangent: bool = False                    # forward-mode code: takes the tangent after the args
    fresh: tuple = ()                        # per gradient: a float64 or float32 array this call made, no copy needed
    tapes: tuple = ()                        # reverse mode: each loop's tape (ad/checkpoints.py: TapeSize)
    built: tuple = ()                        # (backend, functions run as Python, not jitted)

    def free_values(self) -> dict[str, Any]:
        """Current values of the free names: never baked in, so rebinding a global is seen."""
        return {param: parsed.lookup(name) for param, parsed, name in self.free}


def free_values(func: Callable) -> dict[str, Any]:
    """The current values of the free names ``func`` reads (closure cells, globals, module
    attributes), by the parameter name the generated code takes them as. Of generated code (a
    gradient differentiated again), the values of the names its keywords stand for: its own
    module has none of them."""
    if (free := _free_of_generated.get(func)) is not None:
        return {param: parsed.lookup(name) for param, parsed, name in free}
    fn = lowered(func)
    return {v.name: fn.readers[v.name][0].lookup(fn.readers[v.name][1]) for v in fn.free.values()}


def source(func: Callable, spec, print_after: str | None = None) -> str:
    """Generated module text for ``spec`` (a GradientSpec: reverse mode; TangentSpec: forward):
    the code the spec's calls run. ``print_after``: the SSA (``"lower"``, ``"specialize"``) or the
    code after the transform (``"ad"``) or after any pass of :func:`passes` instead."""
    return _generate(func, spec, print_after)[1]


def passes(spec) -> list[Pass]:
    """The passes the backend runs on the code it printed for ``spec`` (reverse mode), in order."""
    if isinstance(spec, TangentSpec):
        return []
    return [p for p in backend(spec.backend).passes if p.applies(spec)]


def ir_passes(spec) -> list[IRPass]:
    """The passes run on the transform's IR for ``spec``, in order, before a backend prints it:
    the general ones (opt/passes.py; those the backend skips left out: numba's loops compile, not
    vectorized), then the backend's own on the IR (the NumPy backend's known_broadcasts)."""
    chosen = backend(spec.backend)
    general = [p for p in (IR_FORWARD if isinstance(spec, TangentSpec) else IR_REVERSE) if p.name not in chosen.skips]
    own = chosen.ir_passes if not isinstance(spec, TangentSpec) else ()
    return [p for p in (*general, *own) if p.applies(spec)]


def stages(spec) -> list[str]:
    """Every name ``print_after`` takes for ``spec``, in pipeline order."""
    return [*ir_stages(spec), *(p.name for p in passes(spec))]


def ir_stages(spec) -> list[str]:
    """The stages after which the program is IR (printed as its listing, or as Python with
    ``STAGE:python``): lowering, specialisation, the transform and the passes on its IR."""
    return ["lower", *(["specialize"] if spec.specialize else []), LOOP_INVARIANTS, PRIMAL_REPEATS, "ad",
            *(p.name for p in ir_passes(spec))]


def is_stage(spec, print_after: str) -> bool:
    """Does ``print_after`` name a stage of ``spec``'s pipeline, or an IR stage's ``:python``
    view (the IR printed as the Python it computes, backends/python_code.py)?"""
    stage, colon, view = print_after.partition(":")
    if colon:
        return view == "python" and stage in ir_stages(spec)
    return stage in stages(spec)


def compiled(func: Callable, spec) -> Generated:
    """The compiled derivative for ``spec``, generated once per (function, spec)."""
    func = frontend.unwrap(func)
    lowered(func)                        # (drops what was compiled from a stale lowering)
    spec = _as_compiled(func, spec)
    per_function = _compiled.setdefault(func, OrderedDict())
    key = (type(spec).__name__, *vars(spec).values())
    if key in per_function:
        per_function.move_to_end(key)
    else:
        with collector_paused():
            generated = _generated(func, spec, per_function)
        if inspect.isfunction(generated.function):        # (a jitted one is not lowered again)
            frontend.hold_generated(generated.function, generated.source)
        if inspect.isfunction(generated.function) and generated.free:
            _free_of_generated[generated.function] = generated.free
        per_function[key] = generated
        if len(per_function) > CACHE_SIZE:
            per_function.popitem(last=False)
    return per_function[key]


def _generated(func: Callable, spec, per_function: OrderedDict) -> Generated:
    """The compiled derivative for ``spec``, made. (A function of its own, so that the trees of
    the generated code, which nothing keeps, are freed when it returns: before the cycle collector
    is back on, which would otherwise scan them all once, a twentieth of a long function's compile.)"""
    fn, text, derivative = _generate(func, spec)
    chosen = backend(spec.backend)
    name = derivative.name
    python = chosen.python + ((name,) if derivative.python_only else ())   # run as Python, not jitted
    built = (spec.backend, python)
    function = (_compiled_before(per_function, text, built)
                or emit.compile_function(text, name, label=name, jit=chosen.jit(), python=python))
    free = tuple((v.name, *fn.readers[v.name]) for v in fn.free.values())
    tangent = isinstance(spec, TangentSpec)
    return Generated(function, text, free, returns_value=tangent or spec.returns_value, tangent=tangent,
                     fresh=derivative.fresh_results, tapes=tuple(derivative.tapes), built=built)


def _as_compiled(func: Callable, spec):
    """``spec`` as :func:`compiled` keys and generates it: the lengths of list arguments only
    where the lowering asked for them, the free values known complex."""
    if spec.arg_classes:
        spec = dataclasses.replace(spec, arg_classes=lowering_key(func, spec.arg_classes, compiling=True)[1])
    return with_complex_free_values(func, _weak_beside_narrow_values(spec))


def _weak_beside_narrow_values(spec):
    """``spec`` with its Python floats' kind ``"f8"``, an np.float64's, where no argument, element
    or free value is of a narrow float dtype (float32, float16, complex64): a Python float's
    weakness (analysis/weak_numbers.py) changes nothing then, so the two spellings share one code,
    compiled once, as before; beside one, each its own."""
    kinds = (*spec.arg_kinds, *(kind for _, _, kind, *_ in spec.free),
             *(kind for *_, element_kinds in getattr(spec, "containers", ()) for kind in element_kinds))
    if WEAK_FLOAT not in kinds or narrow_kinds(kinds):
        return spec
    return dataclasses.replace(spec, arg_kinds=tuple(map(strong, spec.arg_kinds)),
                               free=tuple((name, shape, strong(kind), *rest) for name, shape, kind, *rest in spec.free))


def specialised(func: Callable, spec: GradientSpec) -> tuple[Function, GradientSpec]:
    """(the program the reverse transform of ``spec`` starts from: lowered, its containers taken
    apart, specialised to the shapes; ``spec`` as that program takes its arguments). What the
    compile of ``spec`` works on, the very objects (whatever ``spec.returns_value``): questions
    asked of it before compiling (the output's shape, api/gradient.py) share what the compile
    works out (the specialisation, the shapes and kinds kept with the program)."""
    func = frontend.unwrap(func)
    lowered(func)                        # (drops what was compiled from a stale lowering)
    spec = _as_compiled(func, spec)
    program, spec, _ = _front(lowered(func, spec.arg_classes, compiling=True), spec)
    return program, spec


def _compiled_before(per_function: OrderedDict, text: str, built: tuple) -> Callable | None:
    """The function compiled from this very text (for another argument shape whose code came
    out the same, as it often does), or None: compiling it again would make the same code."""
    return next((g.function for g in per_function.values() if g.source == text and g.built == built), None)


def with_complex_free_values(func: Callable, spec):
    """``spec`` knowing which free values are now complex (every transform, not only ``grad``,
    which knows all their kinds): the rules for real values must never meet one unawares. The
    kinds are part of the cache key, so a global that changes dtype compiles anew."""
    known = {name for name, _, kind, *_ in spec.free if kind is not None}
    found = {name: complex_kind(value) for name, value in free_values(func).items() if name not in known}
    found = {name: kind for name, kind in found.items() if kind is not None}
    if not found:
        return spec
    free = tuple(sorted([entry for entry in spec.free if entry[0] not in found]
                        + [(name, None, kind) for name, kind in found.items()]))
    return dataclasses.replace(spec, free=free)


def _register_recursive(f: Callable) -> None:
    recursion.register(f, compiled, lowered)


def _generate(func: Callable, spec, print_after: str | None = None):
    """(lowered function, module text, the Derivative after the passes): lowering,
    specialisation, the transform, then the passes in order; with ``print_after``, the text is
    the IR or code after that stage (and no Derivative)."""
    if print_after is not None and not is_stage(spec, print_after):
        raise ValueError(f"print_after must be one of {', '.join(stages(spec))}, not {print_after!r}")
    fn = lowered(func, spec.arg_classes, compiling=True)
    doc = _docstring(fn, spec)
    if print_after in ("lower", "lower:python"):
        return fn, _ir_text(fn, print_after), None
    program, spec, put_back = _front(fn, spec)
    if print_after in ("specialize", "specialize:python"):
        return fn, _ir_text(program, print_after), None
    program = _checked_if_changed(_invariants_hoisted(program, spec), program)
    if print_after in (LOOP_INVARIANTS, LOOP_INVARIANTS + ":python"):
        return fn, _ir_text(program, print_after), None
    program = _checked_if_changed(share_repeated_values(program), program)
    if print_after in (PRIMAL_REPEATS, PRIMAL_REPEATS + ":python"):
        return fn, _ir_text(program, print_after), None
    facts = None         # (forward mode's shapes and kinds, for its shaped passes)
    if isinstance(spec, TangentSpec):
        (ir, facts), derivative = forward_with_facts(program, spec), None
        ir = checked(ir)
    else:
        derivative = reverse(program, spec, backend(spec.backend).target)
        ir = checked(derivative.ir) if derivative.ir is not None else None
    stop = print_after.partition(":")[0] if print_after is not None else None
    if stop == "ad" and ir is not None and not print_after.endswith(":python"):
        return fn, ir.listing(), None
    ran: list[IRPass] = []
    for ir_pass in ([] if stop == "ad" else ir_passes(spec)):
        ran.append(ir_pass)
        if ir is not None:
            ir = _checked_if_changed(ir_pass.apply(ir, derivative or facts), ir)
        if stop == ir_pass.name:
            if ir is not None and not print_after.endswith(":python"):
                return fn, ir.listing(), None
            break
    if put_back is not None and ir is not None:
        ir = put_back(ir)
    derivative = _printed(ir, derivative, spec)
    for step in ([] if stop == "ad" or stop in {p.name for p in ran} else passes(spec)):
        step.run(derivative)
        if stop == step.name:
            break
    return fn, _module_text(derivative, spec, doc, program, func), (None if print_after is not None else derivative)


def _front(fn: Function, spec):
    """(the program the transform starts from, ``spec`` as it takes its arguments, forward mode's
    ``put_back`` or None) for ``fn`` as lowered: iteration resolved, containers taken apart,
    shapes folded. Kept with ``fn`` for a reverse-mode spec, keyed on every field of the spec but
    ``returns_value``, which none of this reads (api/gradient.py asks before choosing it)."""
    if isinstance(spec, TangentSpec):
        return _front_worked_out(fn, spec)
    key = ("front", *(value for name, value in vars(spec).items() if name != "returns_value"))
    program, taken = remembered(fn, key, lambda: _kept(fn, _front_worked_out(fn, spec)))
    return program or fn, dataclasses.replace(taken, returns_value=spec.returns_value), None


def _kept(fn: Function, front: tuple) -> tuple:
    """(program, spec) to keep with ``fn``: the program None where it is ``fn`` itself (no cycle:
    ``fn`` is freed without the collector)."""
    program, spec, _ = front
    return (None if program is fn else program), spec


def _front_worked_out(fn: Function, spec):
    program = fold_known_branches(fn, (), spec.arg_kinds, spec.free) if tests_classes(fn) else fn  # (isinstance(xs, list))
    program = resolve_iteration(program, spec.arg_kinds, spec.free)     # (before containers are taken apart)
    refuse_writes_into_list_items(program, spec.arg_kinds, spec.free)
    if getattr(spec, "pullback", False) or getattr(spec, "recursive", False):
        program = without_hand_backs(program)      # (a caller's list passed down is refused at the call)
    put_back = None          # (forward mode's containers without a tangent, taken apart: opt/tangent_containers.py)
    if spec.specialize:
        if isinstance(spec, TangentSpec):
            taken_apart, spec, put_back = take_apart_constants(program, spec)
        else:
            taken_apart, spec = take_apart(program, spec)
        program = checked(specialize(taken_apart, spec.arg_shapes, spec.arg_kinds, spec.free))
    else:
        program = checked(fold_known_branches(program, spec.arg_shapes, spec.arg_kinds, spec.free))
    program = resolve_sequence_operators(program, spec.arg_kinds, spec.free)
    program = resolve_iteration(program, spec.arg_kinds, spec.free)    # (a dict taken apart: its keys)
    return program, spec, put_back


def _invariants_hoisted(program: Function, spec) -> Function:
    """The ``loop_invariants`` stage: the program's loop-invariant pure statements computed
    before their loops (opt/loop_invariants.py), the shapes known for a call's code weighed."""
    shapes = {}
    if spec.specialize and any(isinstance(stmt, Loop) for stmt in walk(program.body)):
        shapes = {v.name: shape for v, shape in shapes_of(program, spec.arg_shapes, spec.arg_kinds, spec.free).items()}
    return hoist_loop_invariants(program, shapes)


def _checked_if_changed(new: Function, old: Function) -> Function:
    """A pass's output, verified (TRANSPILER_VERIFY=1) where the pass changed its input."""
    return new if new is old else checked(new)


def _printed(ir: Function | None, derivative: Derivative | None, spec) -> Derivative:
    """The transform's output, its IR after the IR passes, printed by a backend into the code
    the later passes take."""
    if derivative is None:
        return python_code.derivative(ir, FORWARD_HEADING)
    return python_code.printed(dataclasses.replace(derivative, ir=ir))


def _module_text(derivative: Derivative, spec, doc: str, program: Function, func: Callable) -> str:
    function, doc = emit.with_user_defaults(derivative.function_def(), doc, func)
    to_source = backend(spec.backend).emit
    if to_source is None:
        return emit.to_source(function, docstring=doc, companions=derivative.companions)
    return to_source(function, doc, derivative.companions, program)


def _ir_text(fn: Function, print_after: str) -> str:
    """The IR as its listing (one primitive per line) or, for ``STAGE:python``, as Python."""
    return python_code.module_source(fn) if print_after.endswith(":python") else fn.listing()


def _docstring(fn: Function, spec) -> str:
    params = ", ".join(fn.param_names)
    wrt = ", ".join(fn.param_names[i] for i in spec.wrt)
    if isinstance(spec, TangentSpec) and spec.order == 2:
        doc = (f"Return (({fn.name}({params}), its directional derivative along the first tangents of "
               f"{wrt}), their directional derivatives along the second) (forward over forward mode).")
    elif isinstance(spec, TangentSpec):
        doc = (f"Return ({fn.name}({params}), its directional derivative along the tangents of "
               f"{wrt}) (forward mode).")
    elif spec.returns_value:
        doc = f"Return ({fn.name}({params}), its gradient with respect to {wrt})."
    else:
        doc = f"Gradient of {fn.name} with respect to {wrt} (reverse mode)."
    if _for_any_shapes_at_a_call(spec):
        doc += ("\n\n    Code for any shapes: a call at a new argument shape runs it; the next call at\n"
                "    that shape compiles code specialised to it (api/tiers.py).")
    if fn.free:
        doc += "\n\n    Keyword-only arguments are the values of free names read at call time."
    return doc


def _for_any_shapes_at_a_call(spec) -> bool:
    """Is ``spec`` api/tiers.py's: code a call runs (the seed fixed at 1.0) not specialised, for
    arrays of any shapes (as arguments or free values)?"""
    return (isinstance(spec, GradientSpec) and spec.unit_seed and not spec.specialize
            and (None in spec.arg_shapes or any(shape is None for _, shape, *_ in spec.free)))
