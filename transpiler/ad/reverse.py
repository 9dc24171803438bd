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

from ..frontend import source as frontend
from ..analysis.facts import Analysis, analyse_for
from ..ir import to_expr
from ..ir.code import comment, is_comment, load, names, store
from ..errors import NonDifferentiableError
from ..ir.names import NameAllocator
from ..backends.fusion import fuse_elementwise, numpy_vectorised
from ..opt.cleanup import (_flat, free_early, inline_temporaries, merge_copies, propagate_constants, prune, splice_list)
from ..ir.algebra import constant, negate, simplify
from ..rewrites.outer_products import contract_outer_products
from ..backends.reuse import fresh_results, reuse_buffers
from ..opt.vectorize import vectorize_loops
from ..primitives.registry import CallSite
from ..opt.specialize import specialize
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk


@dataclass
class GradientSpec:
    """What to differentiate and what the generated function returns."""

    wrt: tuple[int, ...]                    # parameter indices
    tuple_output: bool                      # a tuple of gradients rather than one
    returns_value: bool = False             # return (value, gradient) rather than gradient
    arg_shapes: tuple = ()                  # per parameter: shape tuple, or None if unknown
    arg_kinds: tuple = ()                   # per parameter: dtype kind ("f", "i", "b"...) or None
    unit_seed: bool = False                 # the output's adjoint is the constant 1.0 (a gradient,
    #                                         not a vector-Jacobian product): no seed parameter;
    #                                         arrays are also deleted after their last use
    backend: str = "numpy"                  # "numba": code numba's nopython mode compiles
    specialize: bool = False                # the code a call runs (never printed or transformed
    #                                         again): shapes folded to constants (specialize.py),
    #                                         plain expressions for ufuncs on numbers
    pullback: bool = False                  # a generator, for the calls of a recursive function
    #                                         (custom.RecursiveCall): it takes a list after the
    #                                         arguments, yields the value after the forward sweep,
    #                                         reads the output's adjoint from the list when resumed
    #                                         and returns the gradients (a tuple) after the reverse
    rewrites_off: frozenset = frozenset()   # names of the rewrites switched off (transpiler.rewrites)


def reverse(fn: Function, spec: GradientSpec) -> ast.FunctionDef:
    if spec.specialize:
        fn = specialize(fn, spec.arg_shapes, spec.arg_kinds)
    wrt, info = analyse_for(fn, spec.wrt, spec.arg_shapes, spec.arg_kinds, spec.rewrites_off)
    return _ReverseBuilder(fn, spec, wrt, info, fn.names.fork()).build()


@dataclass
class _Tape:
    """Book-keeping of one loop: its tape, iteration counter and the slots filled later."""

    tape: str
    counter: str | None
    pushes: list = field(default_factory=list)    # filled once the reverse knows what it needs
    saved: list = field(default_factory=list)     # carried Vars pushed each iteration


@dataclass
class _ReverseBuilder:
    fn: Function
    spec: GradientSpec
    wrt: list[Var]
    info: Analysis
    names: NameAllocator
    adjoint: dict[Var, ast.expr] = field(default_factory=dict)   # current adjoint expression
    owned: dict[Var, str] = field(default_factory=dict)          # adjoints with their own name
    tapes: dict[int, _Tape] = field(default_factory=dict)
    buffers: set[Var] = field(default_factory=set)   # adjoints held in arrays this code created
    # adjoint name -> s: that adjoint is s broadcast to its value's shape (the adjoint of a
    # reduction's input: a number, or keepdims-shaped), so an elementwise rule may multiply its
    # partial by s instead, and a scatter may add s
    uniform: dict[str, ast.expr] = field(default_factory=dict)
    _scalars: set[str] | None = None      # names of values known to be numbers (built on demand)
    _definitions: dict[str, Assign] | None = None   # value name -> the statement binding it
    negated: dict[str, Var] = field(default_factory=dict)   # name of -d_v -> v
    pullbacks: dict[Var, tuple[str, str]] = field(default_factory=dict)   # a recursive call's
    #                                         value -> its generator and the list for its adjoint

    # Whole function --------------------------------------------------------------------------
    def build(self) -> ast.FunctionDef:
        fn = self.fn
        seed = None if self.spec.unit_seed else self.names.derived(
            "d", fn.result.name if isinstance(fn.result, Var) else "out")
        forward = self.forward(fn.body, taped=True)
        # a pullback generator's last parameter: the list its caller puts the output's adjoint in
        adjoint_in = self.names.fresh("d_output") if self.spec.pullback else None
        seeding: list[ast.stmt] = []
        if isinstance(fn.result, Var) and fn.result in self.info.tuples:   # several outputs
            for i in range(self.info.tuples[fn.result]):
                part = ast.Subscript(value=load(seed), slice=ast.Constant(i), ctx=ast.Load())
                self.adjoint[self._component(fn.result, i)] = part
        elif isinstance(fn.result, Var) and fn.result in self.info.active:
            self.adjoint[fn.result] = load(seed) if seed is not None else self._unit_seed(seeding)
        backward = seeding + self.backward(fn.body)
        grads = [_float(self.adjoint.get(v)) or self._zeros(v) for v in self.wrt]
        result = ast.Tuple(elts=grads, ctx=ast.Load()) if self.spec.tuple_output else grads[0]
        if self.spec.returns_value or self.spec.pullback:
            value = to_expr(fn.result)
            if isinstance(fn.result, Var) and self.tapes and fn.result.name in _stored_names(backward):
                # a reverse loop restores this loop-carried value: keep the final one aside
                value = load(self.names.fresh("value"))
                forward.append(ast.Assign(targets=[store(value.id)], value=to_expr(fn.result)))
            if self.spec.pullback:       # the value out, then the output's adjoint in
                forward += [ast.Expr(value=ast.Yield(value=value)),
                            ast.Assign(targets=[store(seed)], value=_item(load(adjoint_in), 0))]
            else:
                result = ast.Tuple(elts=[value, result], ctx=ast.Load())
        returned = ast.Return(value=result)
        body = [comment("forward sweep"), *forward, comment("reverse sweep"), *backward, returned]
        if self.tapes:
            splice_list(body)
        body = inline_temporaries(merge_copies(prune(body, _loaded_names([returned]))))
        fresh = ()
        if self.spec.specialize:
            body, fresh = self._for_calls(body, returned, grads)
        if self.spec.unit_seed and self.spec.backend == "numpy":
            # the code grad runs (the printed and transformable form keeps them; numba frees itself)
            body = free_early(body, self._array_names())
        kernel = None
        if self.spec.backend == "numba":
            body, kernel = self._fused(body) or (body, None)
        params = [p.name for p in fn.params] + ([adjoint_in] if adjoint_in else [])
        function = _function_def(self._name(), params, None if self.spec.pullback else seed,
                                 sorted(v.name for v in fn.free.values()), body)
        function.companions = [kernel] if kernel is not None else []   # emitted (and jitted) too
        function.python_only = kernel is not None                      # this one is not jitted
        function.fresh_results = fresh        # per gradient: an array of the caller's own already
        return function

    def _unit_seed(self, seeding: list) -> ast.expr:
        """grad's seed: 1.0, or ones shaped like an array output (grad accepts one of a single
        element, shape (1,) or (1, 1): its gradient is that element's; the code that follows
        relies on the seed having the output's shape), found at run time if not known now (not
        with numba, which cannot type that helper). An array seed is made once, by a statement
        appended to ``seeding``."""
        shape = self.info.shape(self.fn.result)
        if shape == () or (not _concrete(shape) and self.spec.backend == "numba"):
            return ast.Constant(1.0)
        made = _call("np.ones", ast.Constant(shape)) if _concrete(shape) else _call("unit_seed", to_expr(self.fn.result))
        name = self.names.derived("d", self.fn.result.name)
        seeding.append(ast.Assign(targets=[store(name)], value=made))
        return load(name)

    def _for_calls(self, body: list, returned: ast.Return, gradients: list) -> tuple[list, tuple]:
        """The passes only the code calls run gets (it is never printed or transformed again):
        reverse loops as array code, rank-one contractions, in-place operations. Also says which
        gradients are arrays of the caller's own already (reuse.fresh_results)."""
        needed = _loaded_names([returned])
        numpy = self.spec.backend == "numpy"
        if self.tapes and numpy:
            vectorized = vectorize_loops(body, self._name_shapes())
            if vectorized != body:
                body = prune(merge_copies(propagate_constants(vectorized)), needed)
                body = inline_temporaries(body, negations=True)
        if "outer_products" not in self.spec.rewrites_off:
            body = prune(contract_outer_products(body, self._name_shapes()), needed)
        if not (numpy and self.spec.unit_seed):
            return body, ()
        float64 = {v.name for v, kind in self.info.kinds.items() if kind == "f8"}
        fresh = fresh_results(body, gradients, float64)
        return reuse_buffers(body, self._name_shapes(), float64, lambda: self.names.fresh("_b")), fresh

    def _fused(self, body: list) -> tuple[list, ast.FunctionDef | None] | None:
        """The elementwise body as one loop over the elements, when every parameter it reads is
        a number or an array of the one shape (numba backend); with the loop in a function of
        its own when NumPy computes the exponentials and logarithms first (fuse.py)."""
        params = [p.name for p in self.fn.params]
        shapes = dict(zip(params, self.spec.arg_shapes))
        read = _loaded_names(body)
        if self.fn.free or any(shapes.get(name, ()) is None for name in read if name in shapes):
            return None
        arrays = {name: shape for name, shape in shapes.items()
                  if name in read and isinstance(shape, tuple) and shape}
        fused = fuse_elementwise(self._name(), params, [s for s in body if not is_comment(s)], arrays,
                                 numpy_vectorised("exp", "log"))
        if fused is None:
            return None
        body, kernel = fused
        note = ("exp and log by NumPy, the rest of both sweeps in one loop" if kernel is not None
                else "both sweeps fused into one loop over the elements")
        return [comment(note), *body], kernel

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
                shapes = self._known_shapes(stmt)
                expr = stmt.prim.primal([to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs],
                                        shapes, shapes and [self.info.kind(a) for a in stmt.args])
                out.append(ast.Assign(targets=[store(stmt.target.name)], value=expr))
            elif isinstance(stmt, Copy) and stmt.target in self.info.live:
                if not (skip_carry and stmt.carry):
                    out.append(ast.Assign(targets=[store(stmt.target.name)], value=to_expr(stmt.source)))
            elif isinstance(stmt, If):
                body, orelse = self.forward(stmt.body, taped), self.forward(stmt.orelse, taped)
                out += _if(to_expr(stmt.test), body, orelse)
            elif isinstance(stmt, Loop) and self._loop_is_live(stmt):
                out += self._forward_loop(stmt, taped)
            elif isinstance(stmt, Effect) and stmt.args[0] in self.info.live:
                out.append(ast.Expr(value=stmt.prim.primal([to_expr(a) for a in stmt.args])))
        return out

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
            generator = _call(call.pullback, *args)
        return [ast.Assign(targets=[store(adjoint)], value=ast.List(elts=[], ctx=ast.Load())),
                ast.Assign(targets=[store(pullback)], value=generator),
                ast.Assign(targets=[store(stmt.target.name)], value=_call("next", load(pullback)))]

    def _finish_pullback(self, stmt: Assign, d_target: ast.expr) -> list[ast.stmt]:
        """The reverse of a recursive call: its generator, given the adjoint, runs to its end and
        returns the arguments' adjoints (in its StopIteration; ending also frees its frame)."""
        pullback, adjoint = self.pullbacks[stmt.target]
        adjoints = self.names.derived("d_args", stmt.target.name)
        stop = self.names.fresh("_done")
        done = ast.Assign(targets=[store(adjoints)], value=ast.Attribute(value=load(stop), attr="value",
                                                                        ctx=ast.Load()))
        out: list[ast.stmt] = [
            _call_stmt(f"{adjoint}.append", d_target),
            ast.Try(body=[_call_stmt("next", load(pullback))],
                    handlers=[ast.ExceptHandler(type=load("StopIteration"), name=stop, body=[done])],
                    orelse=[], finalbody=[])]
        for index, arg in enumerate(stmt.args):
            if self._active(arg) and self.info.carries(stmt, index):
                out += self._accumulate(arg, _item(load(adjoints), index))
        return out

    def _known_shapes(self, stmt: Assign) -> list | None:
        """The argument shapes a primal's spelling may depend on (code specialised to them)."""
        if self.spec.specialize and self.spec.backend == "numpy":
            return [self.info.shape(a) for a in stmt.args]
        return None

    def _loop_is_live(self, loop: Loop) -> bool:
        return any(isinstance(s, (Assign, Copy)) and s.target in self.info.live for s in walk(loop.body))

    def _forward_loop(self, loop: Loop, taped: bool) -> list[ast.stmt]:
        tape = None
        if taped and self._loop_is_active(loop):
            counted = loop.kind == "while" or loop.exit_flag is not None
            tape = _Tape(self.names.fresh("_tape"), self.names.fresh("_n") if counted else None)
            self.tapes[id(loop)] = tape
        before, prefix = [], []
        if tape is not None:
            before.append(ast.Assign(targets=[store(tape.tape)], value=ast.List(elts=[], ctx=ast.Load())))
            if tape.counter:
                before.append(ast.Assign(targets=[store(tape.counter)], value=ast.Constant(0)))
                prefix.append(ast.AugAssign(target=store(tape.counter), op=ast.Add(), value=ast.Constant(1)))
            prefix.append(tape.pushes)   # a slot: spliced in by _splice once known
        body = prefix + self.forward(loop.body, taped=False)
        if loop.exit_flag is not None:
            body.append(ast.If(test=to_expr(loop.exit_flag), body=[ast.Break()], orelse=[]))
        if loop.kind == "for":
            head = ast.For(target=store(loop.target.name), iter=_range(loop.range_args), body=body,
                           orelse=[])
        else:
            head = _while(self.forward(loop.cond_body, taped=False), to_expr(loop.cond), body,
                          inline=not isinstance(loop.cond, Var) or loop.cond.name not in _loaded_names(_flat(body)))
        return before + [head]

    def _loop_is_active(self, loop: Loop) -> bool:
        return any(isinstance(s, (Assign, Copy)) and s.target in self.info.active for s in walk(loop.body))

    # Reverse sweep ----------------------------------------------------------------------------
    def backward(self, stmts: list) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in reversed(stmts):
            if isinstance(stmt, Assign) and stmt.target in self.info.active and self._has_adjoint(stmt.target):
                out += self._assign_adjoint(stmt)
            elif isinstance(stmt, Copy) and stmt.target in self.info.tuples and self._has_adjoint(stmt.target):
                if isinstance(stmt.source, Var) and stmt.source in self.info.active:
                    out += self._tuple_copy_adjoint(stmt)
            elif isinstance(stmt, Copy) and stmt.target in self.info.active and stmt.target in self.adjoint:
                if isinstance(stmt.source, Var) and stmt.source in self.info.active:
                    out += self._accumulate(stmt.source, self.adjoint[stmt.target])
            elif isinstance(stmt, If) or (isinstance(stmt, Loop) and id(stmt) in self.tapes):
                self.uniform.clear()      # broadcast seeds are tracked in straight-line code only
                out += self._if_adjoint(stmt) if isinstance(stmt, If) else self._loop_adjoint(stmt)
                self.uniform.clear()
            elif isinstance(stmt, Effect) and any(self._active(a) for a in stmt.args):
                raise NonDifferentiableError(
                    "reverse mode through `list.append` (a list grown in place) is not supported",
                    stmt.location, hint="build the list as a display [a, b] or with np.stack, or use "
                                        "forward mode (transpiler.jvp, jacobian(mode='forward'))")
        return out

    def _active(self, atom) -> bool:
        return isinstance(atom, Var) and atom in self.info.active

    def _has_adjoint(self, var: Var) -> bool:
        if var in self.info.tuples:
            return any(self._component(var, i) in self.adjoint for i in range(self.info.tuples[var]))
        return var in self.adjoint

    def _component(self, var: Var, index: int) -> "Component":
        return Component(f"{var.name}_{index}", var, index)

    def _tuple_adjoint(self, stmt: Assign) -> list[ast.stmt] | ast.expr:
        """Tuples keep one adjoint per element: an element read ``x[k]`` adds to element k; a
        display ``(a, b)`` hands each element's adjoint straight to its argument; any other
        tuple-valued primitive gets its adjoint as a tuple (zeros where an element has none)."""
        if stmt.prim.item is not None and stmt.args[0] in self.info.tuples:
            return self._accumulate(self._component(stmt.args[0], stmt.prim.item), self.adjoint[stmt.target])
        n = self.info.tuples[stmt.target]
        parts = [self.adjoint.get(self._component(stmt.target, i)) for i in range(n)]
        if stmt.prim.display:
            out = []
            for arg, part in zip(stmt.args, parts):
                if part is not None and isinstance(arg, Var) and arg in self.info.active:
                    out += self._accumulate(arg, part)
            return out
        return ast.Tuple(elts=[p or self._zeros(self._component(stmt.target, i)) for i, p in enumerate(parts)],
                         ctx=ast.Load())

    def _tuple_copy_adjoint(self, stmt: Copy) -> list[ast.stmt]:
        """A copy of a tuple (a branch's result merged, ``return a, b`` in an ``if``): its
        elements' adjoints go to the source's elements."""
        parts = [self.adjoint.get(self._component(stmt.target, i)) for i in range(self.info.tuples[stmt.target])]
        if stmt.source not in self.info.tuples:          # a tuple the analysis does not see: whole
            whole = ast.Tuple(elts=[p or self._zeros(self._component(stmt.target, i)) for i, p in enumerate(parts)],
                              ctx=ast.Load())
            return self._accumulate(stmt.source, whole)
        out = []
        for i, part in enumerate(parts):
            if part is not None:
                out += self._accumulate(self._component(stmt.source, i), part)
        return out

    def _assign_adjoint(self, stmt: Assign) -> list[ast.stmt]:
        if stmt.target in self.info.tuples or (stmt.prim.item is not None and stmt.args[0] in self.info.tuples):
            handled = self._tuple_adjoint(stmt)
            if isinstance(handled, list):
                return handled
            d_target = handled
        else:
            d_target = self.adjoint[stmt.target]
        if stmt.prim.recursive is not None:
            return self._finish_pullback(stmt, d_target)
        site = CallSite(args=[to_expr(a) for a in stmt.args], out=to_expr(stmt.target),
                        arg_shapes=[self.info.shape(a) for a in stmt.args],
                        out_shape=self.info.shape(stmt.target),
                        kwargs=[(k, to_expr(v)) for k, v in stmt.kwargs], backend=self.spec.backend,
                        specialize=self.spec.specialize, arg_kinds=[self._kind(a) for a in stmt.args],
                        arg_symmetric=[a in self.info.symmetric for a in stmt.args])
        out = []
        for index, arg in enumerate(stmt.args):
            if isinstance(arg, Var) and arg in self.info.active and self.info.carries(stmt, index):
                if not stmt.prim.has_vjp(index):
                    raise NonDifferentiableError(
                        f"`{stmt.prim.name}` has no derivative with respect to argument {index + 1}",
                        stmt.location, hint="make that argument a constant, or wrap it in a custom rule")
                contribution = stmt.prim.vjp(site, index, self._seed_for(site, index, d_target, stmt.prim))
                if contribution is None and stmt.prim.vjp_builder is not None:
                    raise NonDifferentiableError(
                        f"`{stmt.prim.name}` has no reverse-mode rule", stmt.location,
                        hint="differentiate this code in forward mode (jvp, hvp, hessian)")
                if contribution is not None and _is_scatter(contribution):
                    out += self._scatter(arg, contribution)
                elif contribution is not None:
                    out += self._accumulate(arg, contribution)
        return out

    def _seed_for(self, site: CallSite, index: int, d_target: ast.expr, prim) -> ast.expr:
        """``d_target``, or the scalar it broadcasts when the partial already has the output's
        shape: ``np.sum(f(x))`` then needs ``f'(x)``, not ``ones * f'(x)``."""
        if not (isinstance(d_target, ast.Name) and d_target.id in self.uniform):
            return d_target
        if prim.spelling.subscript is not None:
            return self.uniform[d_target.id]     # a scatter broadcasts a number to the positions
        if not prim.partials:
            return d_target
        special = prim.specialized
        if special is not None and not getattr(special, "elementwise", False) and special(site, index, d_target):
            return d_target      # a specialised rule that needs d_target's full shape (np.vdot)
        shape = site.out_shape
        if shape is None or site.arg_shapes[index] != shape:
            return d_target
        full = {a.id for a, s in zip(site.args, site.arg_shapes) if isinstance(a, ast.Name) and s == shape}
        if isinstance(site.out, ast.Name):
            full.add(site.out.id)
        if not full & _loaded_names([prim.partial(site, index)]):
            return d_target
        return self.uniform[d_target.id]

    def _scatter(self, var: Var, contribution: ast.Call) -> list[ast.stmt]:
        """The adjoint of ``x[index]``: added in place into an adjoint buffer this code owns
        (O(1) per element read in a loop), or a fresh one for the first contribution."""
        d_y, x, index = contribution.args
        if var in self.info.tuples:   # a tuple read at a run-time position: split per element
            return self._accumulate(var, _call("add_into", _call("zeros_like_adjoint", x), index, d_y))
        name = self._own_name(var)
        self.uniform.pop(name, None)
        current = self.adjoint.get(var)
        distinct = self._distinct_positions(index)
        if self._is_array(var) and (distinct or self.spec.specialize):
            return self._add_in_place(var, name, current, index, d_y, distinct)
        if current is None and isinstance(self.info.shape(var), tuple):
            value = contribution                                  # add_at(d_y, x, index)
        else:
            if current is None:
                target = _call("zeros_like_adjoint", x)
            elif var not in self.buffers:     # not ours to write into: a fresh copy first
                target = _call("accumulate", current, _call("zeros_like_adjoint", x))
            else:
                target = current
            value = _call("add_into", target, index, d_y)
        self.adjoint[var] = load(name)
        self.buffers.add(var)
        return [ast.Assign(targets=[store(name)], value=value)]

    def _add_in_place(self, var: Var, name: str, current, index, d_y, distinct: bool) -> list[ast.stmt]:
        """``d_x[index] += g`` for an array of known shape, in place into a buffer this code
        owns (made first if there is none); ``np.add.at`` where positions may repeat (only in
        the code calls run: a statement the transform could not differentiate again)."""
        out = []
        if current is None:
            out.append(ast.Assign(targets=[store(name)], value=self._zeros(var)))
        elif var not in self.buffers:     # not ours to write into
            out.append(ast.Assign(targets=[store(name)], value=_call("np.copy", current)))
        if distinct:
            target = ast.Subscript(value=load(name), slice=_as_subscript(index), ctx=ast.Store())
            out.append(_add_to(target, d_y))
        else:
            out.append(_call_stmt("np.add.at", load(name), index, d_y))
        self.adjoint[var] = load(name)
        self.buffers.add(var)
        return out

    def _distinct_positions(self, index: ast.expr) -> bool:
        """Does ``x[index]`` read every element at most once? Yes for basic indexing (numbers,
        slices, None, ...), and for integer arrays of one shape ``(n,)`` of which one is
        ``np.arange(n)`` (``logp[np.arange(n), labels]``: one element per row)."""
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        if all(self._basic(p) for p in parts):
            return True
        rows = [p for p in parts if isinstance(p, ast.Name) and self._counts_up(p.id)]
        if not rows or any(_is_slice(p) or isinstance(p, ast.Constant) and type(p.value) is not int for p in parts):
            return False
        shape = self.info.shape(Var(rows[0].id))
        return all(self._is_scalar(p) or isinstance(p, ast.Name) and self.info.shape(Var(p.id)) == shape
                   for p in parts)

    def _basic(self, part: ast.expr) -> bool:
        return (self._is_scalar(part) or _is_slice(part)
                or isinstance(part, ast.Constant) and (part.value is None or part.value is Ellipsis))

    def _counts_up(self, name: str) -> bool:
        """Is ``name`` ``np.arange(n)`` (or ``np.arange(start, stop[, step])`` from a non-negative
        start with a positive step): distinct, non-negative positions of a known 1-D shape?"""
        made = self._definition(name)
        if made is None or made.prim.spelling.path != "np.arange" or made.kwargs:
            return False
        shape = self.info.shape(made.target)
        if not (isinstance(shape, tuple) and len(shape) == 1):
            return False
        start, step = (made.args[0] if len(made.args) > 1 else Const(0)), (made.args[2] if len(made.args) > 2 else Const(1))
        return (isinstance(start, Const) and type(start.value) is int and start.value >= 0
                and isinstance(step, Const) and type(step.value) is int and step.value > 0)

    def _definition(self, name: str) -> Assign | None:
        if self._definitions is None:
            self._definitions = {s.target.name: s for s in walk(self.fn.body) if isinstance(s, Assign)}
        return self._definitions.get(name)

    def _kind(self, atom) -> str | None:
        if isinstance(atom, Const):
            return "b1" if type(atom.value) is bool else None
        return self.info.kinds.get(atom)

    def _is_array(self, var: Var) -> bool:
        shape = self.info.shape(var)
        return isinstance(shape, tuple) and len(shape) > 0 and var not in self.info.tuples

    def _is_scalar(self, index: ast.expr) -> bool:
        """An integer index: a constant, or a name of a value known to be a number."""
        if isinstance(index, ast.Constant):
            return type(index.value) is int
        if not isinstance(index, ast.Name):
            return False
        if self._scalars is None:
            self._scalars = {v.name for v, shape in self.info.shapes.items() if shape == ()}
        return index.id in self._scalars

    def _accumulate(self, var: Var, contribution: ast.expr) -> list[ast.stmt]:
        if var in self.info.tuples and not isinstance(var, Component):
            return self._accumulate_elements(var, contribution)
        current = self.adjoint.get(var)
        if current is None and isinstance(contribution, (ast.Name, ast.Subscript)) and isinstance(var, Component):
            self.adjoint[var] = contribution           # d_whole[i]: read where it is used
            self.buffers.discard(var)
            return []
        if current is None and (isinstance(contribution, ast.Name) or constant(contribution) is not None):
            self.adjoint[var] = contribution           # alias: d_v is just another adjoint (or a number)
            self.buffers.discard(var)
            return []
        name = self._own_name(var)
        self.uniform.pop(name, None)
        if current is None and _is_negation(contribution) and self.info.shape(var) != ():
            # keep an array's sign aside (a pass saved): the rules that read d_v fold it in
            if isinstance(contribution.operand, ast.Name):
                self.adjoint[var] = contribution
                self.buffers.discard(var)
                return []
            negated = self.names.derived("neg_d", var.name)      # holds -d_v
            self.negated[negated] = var
            self.adjoint[var] = negate(load(negated))
            self.buffers.discard(var)
            return [ast.Assign(targets=[store(negated)], value=contribution.operand)]
        value = contribution if current is None else simplify(ast.BinOp(left=current, op=ast.Add(), right=contribution))
        if current is None:      # a rule's result may be a view of another adjoint: not ours
            self.buffers.discard(var)
        else:                    # a sum is a new array
            self.buffers.add(var)
        scalar = _broadcast_seed(value)
        if scalar is not None:
            self.uniform[name] = scalar
        self.adjoint[var] = load(name)
        return [ast.Assign(targets=[store(name)], value=value)]

    def _accumulate_elements(self, var: Var, contribution: ast.expr) -> list[ast.stmt]:
        """A whole adjoint for a tuple or list (a rule's result for its list argument, e.g.
        ``np.concatenate``): element i gets ``d[i]``, added to what it already has."""
        out = []
        if not isinstance(contribution, ast.Name):
            name = self.names.derived("d", var.name)
            out.append(ast.Assign(targets=[store(name)], value=contribution))
            contribution = load(name)
        for i in range(self.info.tuples[var]):
            item = ast.Subscript(value=contribution, slice=ast.Constant(i), ctx=ast.Load())
            out += self._accumulate(self._component(var, i), item)
        return out

    def _own_name(self, var: Var) -> str:
        if var not in self.owned:
            self.owned[var] = self.names.derived("d", var.name)
        return self.owned[var]

    def _materialize(self, var: Var) -> list[ast.stmt]:
        """Give ``var``'s adjoint its own name now (zeros if it has none yet)."""
        if var in self.info.tuples:
            return [s for i in range(self.info.tuples[var]) for s in self._materialize(self._component(var, i))]
        current = self.adjoint.get(var)
        name = self._own_name(var)
        self.uniform.pop(name, None)
        if isinstance(current, ast.Name) and current.id == name:
            return []
        self.adjoint[var] = load(name)
        if current is None:
            self.buffers.add(var)
        else:
            self.buffers.discard(var)
        return [ast.Assign(targets=[store(name)], value=current or self._zeros(var))]

    def _zeros(self, var: Var) -> ast.expr:
        if self.info.shape(var) == ():
            return ast.Constant(0.0)
        value = var.expr() if isinstance(var, Component) else load(var.name)
        if isinstance(var, Component):
            # `t and t[i]`: a tuple merged from a branch is None on the paths that do not bind
            # it (zeros_like_adjoint(None) is 0.0); a bound tuple is never empty here, so true
            value = ast.BoolOp(op=ast.And(), values=[load(var.of.name), value])
        if self._is_array(var) and not isinstance(var, Component):
            shape = self.info.shape(var)
            if self.spec.specialize and all(type(n) is int for n in shape):
                return _call("np.zeros", to_expr(Const(shape if len(shape) > 1 else shape[0])))
            return _call("np.zeros", _call("np.shape", value))
        return ast.Call(func=load("zeros_like_adjoint"), args=[value], keywords=[])

    # Branches -------------------------------------------------------------------------------
    def _if_adjoint(self, stmt: If) -> list[ast.stmt]:
        before, owned_before = dict(self.adjoint), set(self.buffers)
        body = self.backward(stmt.body)
        after_body, self.adjoint = self.adjoint, dict(before)
        owned_body, self.buffers = self.buffers, set(owned_before)
        orelse = self.backward(stmt.orelse)
        after_else = self.adjoint
        self.buffers &= owned_body           # ours only if ours on both paths
        local = {s.target for s in walk(stmt.body + stmt.orelse) if isinstance(s, (Assign, Copy))}
        for var in dict.fromkeys([*after_body, *after_else]):
            if var in local:      # defined inside the branch: its adjoint is not needed after it
                after_else.pop(var, None)
                continue
            a, b = after_body.get(var), after_else.get(var)
            if _same(a, b):
                continue
            name = self._own_name(var)
            self.buffers.discard(var)
            for branch, value in ((body, a), (orelse, b)):
                value = value if value is not None else self._zeros(var)
                if not (isinstance(value, ast.Name) and value.id == name):
                    branch.append(ast.Assign(targets=[store(name)], value=value))
            after_else[var] = load(name)
        self.adjoint = after_else
        return _if(to_expr(stmt.test), body, orelse)

    # Loops ----------------------------------------------------------------------------------
    def _loop_adjoint(self, loop: Loop) -> list[ast.stmt]:
        tape = self.tapes[id(loop)]
        carried = [v for v in loop.carried if v in self.info.active]
        if any(v in self.info.tuples for v in carried):     # its adjoint is kept per element
            raise NonDifferentiableError(
                "reverse mode through a tuple carried from one iteration to the next is not supported",
                loop.location, hint="carry its elements as separate names: a, b = b * 0.5, a * x")
        inner = {s.target for s in walk(loop.body) if isinstance(s, (Assign, Copy))} - set(loop.carried)
        outer = [v for v in dict.fromkeys(u for s in walk(loop.body) for u in _differentiated_uses(s, self.info))
                 if v not in inner and v not in loop.carried]
        setup = []
        for var in carried + outer:
            setup += self._materialize(var)
        # recompute first: it registers the tapes of nested loops that the body's reverse pops
        recompute = self.forward(loop.cond_body + loop.body, taped=True, skip_carry=True)
        owned_before = set(self.buffers)
        body = self._iteration_adjoint(loop, carried, inner)
        self.buffers &= owned_before     # the loop may run zero times: ours only if ours before
        if not body:
            return setup
        needed = _loaded_names(body)
        recompute = prune(recompute, needed)
        needed |= _loaded_names(recompute)
        tape.saved = [v for v in loop.carried if v.name in needed]
        tape.pushes[:] = [_call_stmt(f"{tape.tape}.append", load(v.name)) for v in tape.saved]
        pops = [ast.Assign(targets=[store(v.name)], value=_call(f"{tape.tape}.pop"))
                for v in reversed(tape.saved)]
        iterations = self._reverse_iterations(loop, tape)
        unused = self.names.fresh("_")
        target = store(loop.target.name if loop.target is not None and loop.target.name in needed else unused)
        return setup + [ast.For(target=target, iter=iterations, body=pops + recompute + body, orelse=[])]

    def _iteration_adjoint(self, loop: Loop, carried: list[Var], inner: set[Var]) -> list[ast.stmt]:
        """One iteration's reverse sweep; leaves each carried adjoint under its loop name."""
        loop_names = {v: load(self._own_name(v)) for v in carried}
        for var in inner:
            self.adjoint.pop(var, None)
        out = []
        updates = [s for s in loop.body if isinstance(s, Copy) and s.carry]
        for copy_ in reversed(updates):      # the end-of-iteration copies, undone first
            if copy_.target in loop_names and isinstance(copy_.source, Var) and copy_.source in self.info.active:
                out += self._accumulate(copy_.source, loop_names[copy_.target])
        updated = {c.target for c in updates}
        for var in carried:                  # adjoints w.r.t. the values at iteration start
            if var in updated:
                self.adjoint.pop(var, None)
                self.owned[var] = self.names.derived("d", var.name)
            # a value the iteration leaves unchanged keeps accumulating under its loop name
        body = [s for s in loop.body if not (isinstance(s, Copy) and s.carry)]
        out += self.backward(body)
        ends = []
        for var in carried:
            self.buffers.discard(var)
            value = self.adjoint.get(var) or self._zeros(var)
            if not (isinstance(value, ast.Name) and value.id == loop_names[var].id):
                ends.append((loop_names[var].id, value))
            self.adjoint[var], self.owned[var] = loop_names[var], loop_names[var].id
        if len(ends) == 1:
            out.append(ast.Assign(targets=[store(ends[0][0])], value=ends[0][1]))
        elif ends:   # all at once: one may read another's old value (a swap)
            out.append(ast.Assign(targets=[ast.Tuple(elts=[store(n) for n, _ in ends], ctx=ast.Store())],
                                  value=ast.Tuple(elts=[v for _, v in ends], ctx=ast.Load())))
        return out

    def _reverse_iterations(self, loop: Loop, tape: _Tape) -> ast.expr:
        if loop.kind == "while":
            return _call("range", load(tape.counter))
        if self.spec.backend == "numba" and len(loop.range_args) <= 2:
            return _countdown(loop.range_args, load(tape.counter) if tape.counter else None)
        iterations = _range(loop.range_args)
        if tape.counter:
            iterations = ast.Subscript(value=iterations, slice=ast.Slice(upper=load(tape.counter)),
                                       ctx=ast.Load())
        return _call("reversed", iterations)


@dataclass(frozen=True)
class Component(Var):
    """Element ``index`` of the tuple ``of``: a key for that element's adjoint."""

    of: Var = None
    index: int = 0

    def expr(self) -> ast.expr:
        return ast.Subscript(value=load(self.of.name), slice=ast.Constant(self.index), ctx=ast.Load())


# --------------------------------------------------------------------------- helpers
def _differentiated_uses(stmt, info: Analysis) -> list[Var]:
    if isinstance(stmt, (Assign, Copy)) and stmt.target in info.active:
        return [u for u in stmt.uses() if u in info.active]
    return []


def _float(node: ast.expr | None) -> ast.expr | None:
    """A gradient that is a whole-number constant (``d_x = 2`` for ``2 * x``) is returned as a float."""
    value = constant(node) if node is not None else None
    return ast.Constant(float(value)) if type(value) is int else node


def _is_negation(node: ast.expr) -> bool:
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)


def _broadcast_seed(node: ast.expr) -> ast.expr | None:
    """``s`` if ``node`` is ``unreduce(s, x, None, False)`` (a number broadcast to x's shape) or
    ``unreduce(s, x, axis, True)`` (the adjoint of a reduction that kept its axes: NumPy's
    broadcasting of ``s`` against anything shaped like ``x`` does what ``unreduce`` does)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "unreduce"
            and len(node.args) == 4 and isinstance(node.args[3], ast.Constant)):
        return None
    axis, keepdims = node.args[2], node.args[3].value
    if keepdims is True or (keepdims is False and isinstance(axis, ast.Constant) and axis.value is None):
        return node.args[0]
    return None


def _add_to(target: ast.expr, value: ast.expr) -> ast.AugAssign:
    """``target += value``, or ``target -= v`` for a negated ``value`` (``-v``, a negative number)."""
    if _is_negation(value):
        return ast.AugAssign(target=target, op=ast.Sub(), value=value.operand)
    return ast.AugAssign(target=target, op=ast.Add(), value=value)


def _is_slice(node: ast.expr) -> bool:
    """``slice(...)``: how an index's ``a:b`` reaches a rule as a value."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "slice"


def _as_subscript(index: ast.expr) -> ast.expr:
    """An index value as subscript syntax: ``slice(1, None)`` back to ``1:``."""
    def part(p):
        if not _is_slice(p):
            return p
        bounds = [None if isinstance(a, ast.Constant) and a.value is None else a for a in p.args]
        bounds += [None] * (3 - len(bounds))
        return ast.Slice(lower=bounds[0], upper=bounds[1], step=bounds[2])
    if isinstance(index, ast.Tuple):
        return ast.Tuple(elts=[part(p) for p in index.elts], ctx=ast.Load())
    return part(index)


def _is_scatter(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "add_at"


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return ast.dump(a) == ast.dump(b)


def _self_assignment(stmt: ast.stmt) -> bool:
    return (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Name)
            and stmt.targets[0].id == stmt.value.id)


def _stored_names(stmts: list) -> set[str]:
    return names(_flat(stmts), ast.Store)


def _loaded_names(stmts: list) -> set[str]:
    return names(stmts, ast.Load)


def _concrete(shape) -> bool:
    """Is ``shape`` known, as numbers (not None, nor the symbolic shape of an input)?"""
    return isinstance(shape, tuple) and all(type(n) is int for n in shape)


def _call(path: str, *args: ast.expr) -> ast.Call:
    head, *rest = path.split(".")
    func: ast.expr = load(head)
    for attr in rest:
        func = ast.Attribute(value=func, attr=attr, ctx=ast.Load())
    return ast.Call(func=func, args=list(args), keywords=[])


def _item(value: ast.expr, index: int) -> ast.expr:
    """``value[index]``"""
    return ast.Subscript(value=value, slice=ast.Constant(index), ctx=ast.Load())


def _call_stmt(path: str, *args: ast.expr) -> ast.stmt:
    return ast.Expr(value=_call(path, *args))


def _range(args) -> ast.expr:
    return _call("range", *[to_expr(a) for a in args])


def _countdown(args, done: ast.expr | None) -> ast.expr:
    """``range(start, stop)`` (its first ``done`` values, if given) backwards, as a ``range``
    with step -1: numba compiles that, not ``reversed(...)``."""
    start = to_expr(args[0]) if len(args) == 2 else ast.Constant(0)
    stop = to_expr(args[-1])
    if done is not None:        # a loop left early ran only its first `done` iterations
        stop = ast.BinOp(left=start, op=ast.Add(), right=done)
    minus_one = lambda e: simplify(ast.BinOp(left=e, op=ast.Sub(), right=ast.Constant(1)))  # noqa: E731
    return _call("range", minus_one(stop), minus_one(start), ast.Constant(-1))


def _if(test: ast.expr, body: list, orelse: list) -> list[ast.stmt]:
    if not body and not orelse:
        return []
    if not body:
        return [ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test), body=orelse, orelse=[])]
    return [ast.If(test=test, body=body, orelse=orelse)]


def _while(cond_body: list, cond: ast.expr, body: list, inline: bool) -> ast.stmt:
    """``while <test>:`` when the test is one expression, else test-and-break at the top."""
    if inline and not cond_body:
        return ast.While(test=cond, body=body, orelse=[])
    if inline and len(cond_body) == 1 and isinstance(cond, ast.Name) and cond_body[0].targets[0].id == cond.id:
        return ast.While(test=cond_body[0].value, body=body, orelse=[])
    exit_ = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=cond), body=[ast.Break()], orelse=[])
    return ast.While(test=ast.Constant(True), body=cond_body + [exit_] + body, orelse=[])


def _function_def(name: str, params: list[str], seed: str | None, free: list[str], body) -> ast.FunctionDef:
    """``def name(*params, seed=1.0, *, *free)``; no seed parameter when ``seed`` is None."""
    seeds = [] if seed is None else [seed]
    args = ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=p) for p in params + seeds],
        vararg=None, kwonlyargs=[ast.arg(arg=f) for f in free], kw_defaults=[None] * len(free),
        kwarg=None, defaults=[ast.Constant(1.0) for _ in seeds])
    return ast.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None,
                           type_comment=None)
