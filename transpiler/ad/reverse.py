"""Reverse mode: SSA function -> Python AST of a forward sweep followed by a reverse sweep.

Straight-line code: the forward sweep is the live part of the primal; the reverse sweep walks the
statements backwards and gives every active argument of an active statement its rule's
contribution. The first contribution to an adjoint is assigned (or, when it is just another
adjoint, aliased without a statement); later ones are added. An adjoint is complete by the time
the statement defining its value is reached, so aliasing it is safe.

Branches: the reverse sweep takes the same branch (the test value is still there); an adjoint
that the two branches leave in different places is assigned to one name at the end of both.

Loops: the forward loop pushes, at the start of each iteration, the loop-carried values the
reverse needs (only those: for ``v = 4*v*(1-v)`` one float per iteration) on a tape. The reverse
loop runs the iterations backwards: it pops the carried values, recomputes the iteration's
temporaries from them, and runs the body's reverse sweep. Adjoints of values defined outside the
loop are given a name before it and accumulate across iterations.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..analysis.complex_values import analyse_with_complex
from ..analysis.number_items import with_number_items
from ..analysis.facts import Analysis
from ..errors import OutputShapeError
from ..frontend import source as frontend
from ..ir import to_expr
from ..ir.code import load, read_names, store
from ..ir.liveness import flat, splice_list
from ..ir.names import NameAllocator
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, always_raises, walk
from ..primitives.cost import worth_keeping
from ..primitives.opaque import is_opaque
from ..primitives.target import NUMPY, Target
from ..primitives.written import written_in_place
from . import built
from .adjoints import StatementAdjoints
from .checkpoints import Checkpoints, LoopCode
from .control import ControlFlowAdjoints, Tape
from .derivative import Derivative
from .journal import JournaledDict, JournaledSet
from .draws import OpaqueValues
from .expressions import ExpressionLowering
from .reverse_ir import PART, lifted
from .syntax import (arguments, as_float, call_statement, call_to, concrete, if_statement, item, range_of,
                     stored_names, while_statement)


@dataclass
class GradientSpec:
    """What to differentiate and what the generated function returns."""

    wrt: tuple[int, ...]                    # parameter indices
    tuple_output: bool                      # a tuple of gradients rather than one
    returns_value: bool = False             # return (value, gradient) rather than gradient
    arg_shapes: tuple = ()                  # per parameter: shape tuple, or None if unknown
    arg_kinds: tuple = ()                   # per parameter: dtype kind ("f", "i", "b"...) or None
    free: tuple = ()                        # (name, shape, kind) of free names read, sorted by name:
    #                                         closure cells and globals specialised like parameters
    unit_seed: bool = False                 # the output's adjoint is the constant 1.0 (a gradient,
    #                                         not a vector-Jacobian product): no seed parameter
    #                                         (the numpy backend then frees arrays early: free_early)
    backend: str = "numpy"                  # the backends/ module that compiles it
    specialize: bool = False                # the code a call runs (printed by source(args=...),
    #                                         never transformed again): shapes folded to constants
    #                                         (opt/specialize.py), plain expressions for ufuncs on numbers
    pullback: bool = False                  # a generator, for the calls of a recursive function
    #                                         (primitives/recursive.py: RecursiveCall): it takes a list after the
    #                                         arguments, yields the value after the forward sweep,
    #                                         reads the output's adjoint from the list when resumed
    #                                         and returns the gradients (a tuple) after the reverse
    rewrites_off: frozenset = frozenset()   # names of the rewrites switched off (transpiler.rewrites)
    aux: bool = False                       # the function returns (loss, aux): only the loss is
    #                                         differentiated, the pair returned as the value
    one_element: bool = False               # the function returns a tuple or list of one number
    #                                         (`return loss,`): that number is differentiated, the
    #                                         container returned as the value
    memory: int | None = None               # the reverse sweep's memory budget in bytes: loops whose
    #                                         tape would exceed it are checkpointed (ad/checkpoints.py)
    containers: tuple = ()                  # (parameter index, structure, its elements' shapes, kinds)
    #                                         of list and tuple parameters taken apart into their
    #                                         elements (opt/containers.py; specialised code only)
    arg_classes: tuple = ()                 # (parameter index, class) of arguments whose methods are
    #                                         inlined (frontend/parameter_classes.py)
    strong_zeros: bool = False              # a zero adjoint times an elementwise partial is 0 even where
    #                                         the partial is infinite (api/strong_zeros.py: the code a
    #                                         call falls back on when the plain product gave NaN)


def reverse(fn: Function, spec: GradientSpec, target: Target = NUMPY) -> Derivative:
    """The gradient code of ``fn`` (specialised by the driver first where ``spec.specialize``),
    before the passes."""
    fn, wrt, info = analyse_with_complex(fn, spec, real_output=spec.unit_seed)
    with_number_items(fn, info)      # (no unbroadcast of two numbers: items of lists of numbers)
    return _ReverseBuilder(fn, spec, target, wrt, info, fn.names.fork()).build()


@dataclass
class _ReverseBuilder(StatementAdjoints, ControlFlowAdjoints, OpaqueValues, Checkpoints):
    fn: Function
    spec: GradientSpec
    target: Target
    wrt: list[Var]
    info: Analysis
    names: NameAllocator
    adjoint: JournaledDict = field(default_factory=JournaledDict)   # Var -> current adjoint expression
    owned: dict[Var, str] = field(default_factory=dict)          # adjoints with their own name
    tapes: dict[int, Tape] = field(default_factory=dict)
    buffers: JournaledSet = field(default_factory=JournaledSet)   # adjoints held in arrays this code made
    recomputing: bool = False     # a reverse loop's recomputation of an iteration: no print() again
    keeping_raises: bool = False  # ... but its raise, in a branch whose other path binds values (_branch)
    # adjoint name -> s: that adjoint is s broadcast to its value's shape (the adjoint of a
    # reduction's input: a number, or keepdims-shaped), so an elementwise rule may multiply its
    # partial by s instead, and a scatter may add s
    uniform: dict[str, ast.expr] = field(default_factory=dict)
    _scalars: set[str] | None = None      # names of values known to be numbers (built on demand)
    _definitions: dict[str, Assign] | None = None   # value name -> the statement binding it
    negated: dict[str, Var] = field(default_factory=dict)   # name of -d_v -> v
    pullbacks: dict[Var, tuple[str, str]] = field(default_factory=dict)   # a recursive call's
    #                                         value -> its generator and the list for its adjoint
    # calls that simply run (draws.py): state while emitting forward code (recomputing, above,
    # too), and their tapes
    loop_depth: int = 0
    nested_tapes: list = field(default_factory=list)    # tapes of nested loops, made at the start
    restores: dict = field(default_factory=dict)        # placeholder id -> (placeholder, tape, value)
    draw_slots: dict = field(default_factory=dict)
    draw_tapes: dict = field(default_factory=dict)
    draw_markers: dict = field(default_factory=dict)
    draw_segments: dict = field(default_factory=dict)
    draw_read_from_start: set = field(default_factory=set)
    draw_read_within: dict = field(default_factory=dict)
    restored: dict = field(default_factory=dict)        # a kept value's tape -> its statement
    printed: list = field(default_factory=list)     # statements run once (print), for checkpoints.py
    # the reverse sweep's expressions (a rule's adjoint, an accumulation) made IR as they are made
    # (built.lowered); its ``folded``: the temporaries of their parts, printed folded back
    lowering: ExpressionLowering = field(init=False)

    def __post_init__(self) -> None:
        outside = {v.name for v in self.fn.params} | {v.name for v in self.fn.free.values()}
        def is_variable(name: str) -> bool:    # a value of the code, not a module, helper or builtin
            return (name in self.names.used or name in outside) and name not in self.names.reserved
        self.lowering = ExpressionLowering(self.names, is_variable, lambda: self.names.fresh(PART),
                                           written_in_place)

    # Whole function --------------------------------------------------------------------------
    def build(self) -> ast.FunctionDef:
        fn = self.fn
        # the output's adjoint has one documented name whatever the result is called (``d_out``;
        # ``d_out_1`` only where the user's own code uses ``d_out``)
        seed = None if self.spec.unit_seed else self.names.fresh("d_out")
        forward = self.forward(fn.body, taped=True)
        # a pullback generator's last parameter: the list its caller puts the output's adjoint in
        adjoint_in = self.names.fresh("d_output") if self.spec.pullback else None
        seeding: list[ast.stmt] = []
        if self.spec.aux or self.spec.one_element:   # (loss, aux) or (loss,): the loss alone is
            self._check_loss_container(2 if self.spec.aux else 1)        # differentiated
            self.adjoint[self._component(fn.result, 0)] = load(seed) if seed is not None else ast.Constant(1.0)
        elif isinstance(fn.result, Var) and fn.result in self.info.tuples:   # several outputs
            for i in range(self.info.tuples[fn.result]):
                part = ast.Subscript(value=load(seed), slice=ast.Constant(i), ctx=ast.Load())
                self.adjoint[self._component(fn.result, i)] = part
        elif isinstance(fn.result, Var) and fn.result in self.info.active:
            self.adjoint[fn.result] = load(seed) if seed is not None else self._unit_seed(seeding)
        backward = seeding + self.backward(fn.body)
        forward[:0] = self._opaque_tape_setup() + [built.new_list(tape) for tape in self.nested_tapes]
        grads = [self._real_if_real(v, as_float(self.adjoint.get(v))) or self._zeros(v) for v in self.wrt]
        result = ast.Tuple(elts=grads, ctx=ast.Load()) if self.spec.tuple_output else grads[0]
        if self.spec.pullback:       # one adjoint per parameter: None for those not differentiated
            by_param = dict(zip(self.spec.wrt, grads))
            result = ast.Tuple(elts=[by_param.get(i, ast.Constant(None)) for i in range(len(fn.params))],
                               ctx=ast.Load())
        if self.spec.returns_value or self.spec.pullback:
            value = to_expr(fn.result)
            if isinstance(fn.result, Var) and self.tapes and fn.result.name in stored_names(backward):
                # a reverse loop restores this loop-carried value: keep the final one aside
                value = load(self.names.fresh("value"))
                forward.append(self._assigned(value.id, to_expr(fn.result)))
            if self.spec.pullback:       # the value out, then the output's adjoint in
                forward += [built.statement(ast.Expr(value=ast.Yield(value=value)), self.lowering),
                            self._assigned(seed, item(load(adjoint_in), 0))]
            else:
                result = ast.Tuple(elts=[value, result], ctx=ast.Load())
        returned = ast.Return(value=result)
        body = [built.comment("forward sweep"), *forward, built.comment("reverse sweep"), *backward, returned]
        if self.tapes or self.draw_slots:     # (statement slots left for pushes: filled or empty)
            splice_list(body)
        params = [p.name for p in fn.params] + ([adjoint_in] if adjoint_in else [])
        seed_param = None if self.spec.pullback else seed
        seed_default = self.spec.aux or self.spec.one_element or not (isinstance(fn.result, Var)
                                                                      and fn.result in self.info.tuples)
        float64 = {v.name for v, kind in self.info.kinds.items() if kind == "f8"}
        float32 = {v.name for v, kind in self.info.kinds.items() if kind == "f4"}
        shapes = self._name_shapes()
        integers = {v.name for v, kind in self.info.kinds.items()
                    if kind and kind[0] == "i" and shapes.get(v.name) == ()}
        derivative = Derivative(
            name=self._name(), body=body, returned=returned, fresh_name=self.names.fresh,
            arguments=arguments(params, seed_param, sorted(v.name for v in fn.free.values()), seed_default),
            gradients=grads, shapes=shapes, arrays=self._array_names(), float64=float64, float32=float32,
            integers=integers,
            params=[p.name for p in fn.params],
            param_shapes=dict(zip([p.name for p in fn.params], self.spec.arg_shapes)),
            input_kinds={**dict(zip([p.name for p in fn.params], self.spec.arg_kinds)),
                         **{name: kind for name, _, kind, *_ in self.spec.free}},
            reads_free_names=bool(fn.free), tapes=self.tape_sizes())
        all_params = params + ([seed_param] if seed_param else [])
        defaults = [1.0] if seed_param and seed_default else []
        derivative.ir = lifted(fn, self._name(), all_params, defaults, body[:-1], result, self.names,
                                self.lowering.folded, self.restored)
        if derivative.ir is not None:
            derivative.gradients_of = self._gradients_of
        return derivative

    def _gradients_of(self, returned: ast.expr) -> list[ast.expr]:
        """The gradients in the expression returned (``build``'s ``result``), once printed."""
        if self.spec.returns_value and not self.spec.pullback:
            returned = returned.elts[1]
        if self.spec.pullback:
            return [returned.elts[i] for i in self.spec.wrt]
        return list(returned.elts) if self.spec.tuple_output else [returned]

    def _check_loss_container(self, length: int) -> None:
        """The result is the tuple the spec says: ``(loss, aux)`` with has_aux, else ``(loss,)``."""
        fn = self.fn
        if isinstance(fn.result, Var) and self.info.tuples.get(fn.result) == length:
            return
        made = [s.location for s in walk(fn.body) if isinstance(s, Assign) and s.target == fn.result]
        if length == 2:
            raise OutputShapeError(f"with has_aux=True, {fn.name} must return a pair (loss, aux)",
                                   made[-1] if made else None,
                                   hint="return loss, aux  (aux may itself be a tuple of values)")
        raise OutputShapeError(f"{fn.name} returns a list or tuple whose length is not known to be one; "
                               "grad needs a single scalar output", made[-1] if made else None,
                               hint="return the number itself (or a tuple of exactly one: `return loss,`)")

    def _unit_seed(self, seeding: list) -> ast.expr:
        """grad's seed: 1.0, or ones shaped like an array output (grad accepts one of a single
        element, shape (1,) or (1, 1): its gradient is that element's; the code that follows
        relies on the seed having the output's shape), found at run time if not known now (where
        the target can call that helper). An array seed is made once, by a statement
        appended to ``seeding``."""
        shape = self.info.shape(self.fn.result)
        if shape == () or (not concrete(shape) and not self.target.has("unit_seed")):
            return ast.Constant(1.0)
        made = call_to("np.ones", ast.Constant(shape)) if concrete(shape) else call_to("unit_seed", to_expr(self.fn.result))
        name = self.names.derived("d", self.fn.result.name)
        seeding.append(self._assigned(name, made))
        return load(name)

    def _name_shapes(self) -> dict[str, tuple | None]:
        """Known shapes by name in the generated code: values and their adjoints."""
        shapes = {v.name: s for v, s in self.info.shapes.items() if isinstance(s, tuple)}
        shapes.update({name: self.info.shape(v) for v, name in self.owned.items()
                       if isinstance(self.info.shape(v), tuple)})
        shapes.update({name: self.info.shape(v) for name, v in self.negated.items()
                       if isinstance(self.info.shape(v), tuple)})
        return shapes

    def _array_names(self) -> set[str]:
        """Names of values (and their adjoints) known to be arrays, not scalars: worth freeing."""
        arrays = {v for v in self.info.shapes if isinstance(self.info.shape(v), tuple) and self.info.shape(v)}
        return {v.name for v in arrays} | {self.owned[v] for v in arrays if v in self.owned}

    def _kept(self, stmt: Assign) -> bool:
        """Store versus recompute (primitives/cost.py: worth_keeping): a value a reverse loop
        would compute again is kept on a tape where that costs less; so is a sigmoid's output
        whose derivative is taken from it (rewrites/sigmoid_adjoint.py: the reverse needs it
        alone, not the exponential it is computed from). (Recomputed where the recomputation
        replays a nested loop: that loop's own reverse pops what it keeps.)"""
        shape = self.info.shape(stmt.target)
        operands = tuple(self.info.shape(a) for a in stmt.args if isinstance(a, Var))
        return ((worth_keeping(stmt.prim, shape, operands) or id(stmt) in (self.info.sigmoid or {}) and shape != ())
                and not (self.recomputing and self.loop_depth > 0))

    def _name(self) -> str:
        suffix = "pullback" if self.spec.pullback else "value_and_grad" if self.spec.returns_value else "grad"
        return f"{self.fn.name}_{suffix}"

    # Forward sweep ----------------------------------------------------------------------------
    def forward(self, stmts: list, taped: bool, skip_carry: bool = False) -> list[ast.stmt]:
        """Primal code for ``stmts``. ``taped``: loops here record what their reverse needs."""
        out: list[ast.stmt] = []
        for stmt in stmts:
            if isinstance(stmt, Assign) and stmt.prim.recursive is not None and self._differentiated(stmt):
                out += self._start_pullback(stmt)
            elif isinstance(stmt, Assign) and stmt.target in self.info.live:
                out += self._primal(stmt)
            elif isinstance(stmt, Copy) and stmt.target in self.info.live:
                if not (skip_carry and stmt.carry):
                    out.append(built.copied(stmt.target.name, stmt.source))
            elif isinstance(stmt, If):
                body, orelse = self._branch(stmt.body, stmt.orelse, taped), self._branch(stmt.orelse, stmt.body, taped)
                out += if_statement(stmt.test, body, orelse)
            elif isinstance(stmt, Loop) and self.info.needs(stmt.body):
                if self.recomputing and self.loop_depth == 0 and getattr(self.tapes.get(id(stmt)), "nested", False):
                    out += self._restored(stmt)     # its values read from its tape (control.py)
                else:
                    out += self._forward_loop(stmt, taped)
            elif isinstance(stmt, Effect) and stmt.observable:
                # print: once, where the primal runs it (a raise kept where _branch says)
                once = getattr(stmt.prim, "once", True) and not (stmt.raises and self.keeping_raises)
                if not (self.recomputing and once):
                    out.append(built.effect(stmt.prim, stmt.args))
                    if once:
                        self.printed.append(out[-1])    # (not run again from a checkpoint either)
            elif isinstance(stmt, Effect) and stmt.args[0] in self.info.live:
                out.append(built.effect(stmt.prim, stmt.args))
        return out

    def _branch(self, block: list, other: list, taped: bool) -> list[ast.stmt]:
        """The forward code of one block of a branch. Recomputed, a block ending in a raise keeps
        it (it never fires there) where the other block binds values the code after the branch
        reads: they are bound on every path that reaches it only with the raise in place."""
        keep = self.keeping_raises or self.recomputing and always_raises(block) and any(
            isinstance(s, (Assign, Copy)) and s.target in self.info.live for s in walk(other))
        self.keeping_raises, before = keep, self.keeping_raises
        try:
            return self.forward(block, taped)
        finally:
            self.keeping_raises = before

    def _primal(self, stmt: Assign) -> list[ast.stmt]:
        """The forward sweep's statement of a primitive: the statement itself (ad/built.py), but
        where a value is kept on a tape, or the code, specialised to shapes, spells the call
        otherwise (``x.sum(axis=0)``, ``a * b`` on two numbers): that spelling, as Python."""
        shapes = self._known_shapes(stmt)
        args, kwargs = [to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs]
        specialised = None if shapes is None else stmt.prim.specialised(
            args, kwargs, shapes, shapes and [self.info.kind(a) for a in stmt.args])
        if is_opaque(stmt.prim) or self._kept(stmt):
            return self._opaque_forward(stmt, specialised or stmt.prim.primal(args, kwargs))
        if specialised is not None:
            return [self._assigned(stmt.target.name, specialised)]
        return [built.assignment(stmt.target.name, stmt.prim, stmt.args, stmt.kwargs)]

    def _differentiated(self, stmt: Assign) -> bool:
        """Does the reverse sweep send an adjoint back through this call's arguments?"""
        return stmt.target in self.info.active and any(
            self._active(a) and self.info.carries(stmt, i) for i, a in enumerate(stmt.args))

    def _start_pullback(self, stmt: Assign) -> list[ast.stmt]:
        """A recursive call: its generator runs the callee's forward sweep now (giving the value)
        and its reverse sweep when resumed, so no level is computed twice. Inside the callee's own
        generator the call is to the generator itself. Only ``next`` drives the generators (not
        ``send``, a method call, which costs Python's recursion limit two levels, not one): the
        adjoint goes into a list the caller made."""
        call = stmt.prim.recursive
        if stmt.target not in self.pullbacks:    # (a reverse loop recomputes it under the same name)
            self.pullbacks[stmt.target] = (self.names.derived("pullback", stmt.target.name),
                                           self.names.derived("adjoint", stmt.target.name))
        pullback, adjoint = self.pullbacks[stmt.target]
        args = [to_expr(a) for a in stmt.args] + [load(adjoint)]
        if self.spec.pullback and frontend.unwrap(call.function) is self.fn.parsed.func:
            free = [ast.keyword(arg=v.name, value=load(v.name)) for v in self.fn.free.values()]
            generator = ast.Call(func=load(self._name()), args=args, keywords=free)
        else:
            generator = call_to(call.pullback, *args)
        return [built.new_list(adjoint),
                self._assigned(pullback, generator),
                self._assigned(stmt.target.name, call_to("next", load(pullback)))]

    def _finish_pullback(self, stmt: Assign, d_target: ast.expr) -> list[ast.stmt]:
        """The reverse of a recursive call: its generator, given the adjoint, runs to its end and
        returns the arguments' adjoints (in its StopIteration; ending also frees its frame)."""
        pullback, adjoint = self.pullbacks[stmt.target]
        adjoints = self.names.derived("d_args", stmt.target.name)
        stop = self.names.fresh("_done")
        done = ast.Assign(targets=[store(adjoints)], value=ast.Attribute(value=load(stop), attr="value",
                                                                        ctx=ast.Load()))
        out: list[ast.stmt] = [
            built.lowered_push(adjoint, d_target, self.lowering),
            built.statement(ast.Try(body=[call_statement("next", load(pullback))],
                                    handlers=[ast.ExceptHandler(type=load("StopIteration"), name=stop, body=[done])],
                                    orelse=[], finalbody=[]), self.lowering)]
        for index, arg in enumerate(stmt.args):
            if self._active(arg) and self.info.carries(stmt, index):
                out += self._accumulate(arg, item(load(adjoints), index))
        return out

    def _known_shapes(self, stmt: Assign) -> list | None:
        """The argument shapes a primal's spelling may depend on (code specialised to them)."""
        if self.spec.specialize and self.target.primals_for_shapes:
            return [self.info.shape(a) for a in stmt.args]
        return None

    def _forward_loop(self, loop: Loop, taped: bool) -> list[ast.stmt]:
        tape, checkpointed = None, False
        nested = self.loop_depth > 0
        if taped and self._loop_is_active(loop):
            checkpointed = self._checkpointed(loop)       # under a memory budget (checkpoints.py)
            counted = loop.kind == "while" or loop.exit_flag is not None or checkpointed
            tape = Tape(self.names.fresh("_tape"), self.names.fresh("_n") if counted else None,
                        primal=not self.recomputing, loop=None if self.recomputing or nested else loop,
                        nested=nested)
            self.tapes[id(loop)] = tape
        before, prefix, count = [], [], None
        if tape is not None:
            if nested:      # one tape for all the enclosing loop's iterations (control.py)
                self.nested_tapes.append(tape.tape)
            else:
                before.append(built.new_list(tape.tape))
            if tape.counter:
                before.append(built.copied(tape.counter, Const(0)))
                count = built.statement(ast.AugAssign(target=store(tape.counter), op=ast.Add(), value=ast.Constant(1)),
                                        self.lowering)
            # the pushes: a slot, spliced in (ir.liveness.splice_list) once known
            prefix = [tape.pushes, count] if checkpointed else [count, tape.pushes] if count else [tape.pushes]
        self.loop_depth += 1
        printed = len(self.printed)
        # loops nested in a taped loop push their own tapes as they run, so that the reverse
        # pops them rather than running them again; not under a memory budget, where the
        # reverse replays each segment (checkpoints.py)
        body = prefix + self.forward(loop.body, taped=tape is not None and not checkpointed)
        test = self.forward(loop.cond_body, taped=False) if loop.kind == "while" else []
        self.loop_depth -= 1
        exit_ = None
        if loop.exit_flag is not None:
            exit_ = ast.If(test=to_expr(loop.exit_flag), body=[ast.Break()], orelse=[])
            exit_.ir_exit = loop.exit_flag      # (the IR loop's exit flag: ad/reverse_ir.py)
            body.append(exit_)
        if tape is not None and tape.loop is not None:
            tape.iteration = test + body
        if checkpointed:
            before = [before]                 # a slot: checkpoints.py puts the checkpoints' set-up there
            tape.code = LoopCode(before[0], test + body, count, exit_, self.printed[printed:])
        if loop.kind == "for":
            head = ast.For(target=store(loop.target.name), iter=range_of(loop.range_args), body=body,
                           orelse=[])
            head.ir_loop = ("forwards", loop.range_args)        # (the IR's loop: ad/reverse_ir.py)
        else:
            head = while_statement(test, to_expr(loop.cond), body,
                          inline=not isinstance(loop.cond, Var) or loop.cond.name not in read_names(flat(body)))
            # (what the IR's loop is, reverse_ir.py: an attribute, kept where prune copies the loop)
            head.ir_loop = ("while", loop.cond, "top" if head.body is not body else "test" if test else "cond")
            if head.ir_loop[2] == "test":     # its test's one statement, printed inlined into the head
                head.ir_tested = test[0]
        if tape is not None and nested:     # its count and the values read after it (control.py)
            return before + [head, tape.count_push, tape.restore_pushes]
        return before + [head]

    def _loop_is_active(self, loop: Loop) -> bool:
        return any(isinstance(s, (Assign, Copy)) and s.target in self.info.active for s in walk(loop.body))

    # Reverse sweep ----------------------------------------------------------------------------
