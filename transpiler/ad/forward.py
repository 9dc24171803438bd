"""Forward mode: SSA function -> Python AST computing the primal and its tangent together.

Each active statement is followed by its tangent statement, ``t_v = Σ ∂v/∂arg * t_arg`` from the
same rule registry as reverse mode. Control flow needs nothing special: a branch computes the
tangents of the values it merges, a loop carries tangents alongside its carried values, so the
loop's iterations are never stored. One pass gives one Jacobian column (a directional derivative).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..frontend import source as frontend
from ..analysis.complex_values import analyse_with_complex
from ..analysis.facts import Analysis
from ..ir import to_expr
from ..ir.code import comment, load, store
from ..errors import NonDifferentiableError
from ..ir.names import NameAllocator
from ..primitives.indexing import POP
from ..primitives.registry import CallSite
from ..ir.nodes import Assign, Copy, Effect, Function, If, Loop, Var, walk
from .derivative import Derivative
from .syntax import arguments, call_to, no_derivative, operands, softmax_derivative


@dataclass
class TangentSpec:
    """Which parameters carry a tangent, and the argument shapes to specialise on."""

    wrt: tuple[int, ...]
    arg_shapes: tuple = ()
    arg_kinds: tuple = ()        # per parameter: dtype kind ("f", "i", "b"...) or None
    free: tuple = ()             # (name, shape, kind) of free names read, as GradientSpec.free
    specialize: bool = False     # the code a call runs: shapes folded to constants, plain
    #                              expressions for ufuncs on numbers
    recursive: bool = False      # the code a recursive function's calls use (primitives/recursive.py):
    #                              for any shapes; its own recursive calls call it directly
    rewrites_off: frozenset = frozenset()   # names of the rewrites switched off (transpiler.rewrites)
    backend: str = "numpy"       # the backends/ module that compiles it (one with forward_mode)


def forward(fn: Function, spec: TangentSpec) -> Derivative:
    """The tangent code of ``fn`` (specialised by the driver first where ``spec.specialize``),
    before the passes."""
    fn, wrt, info = analyse_with_complex(fn, spec)
    return _ForwardBuilder(fn, spec, wrt, info, fn.names.fork()).build()


@dataclass
class _ForwardBuilder:
    fn: Function
    spec: TangentSpec
    wrt: list[Var]
    info: Analysis
    names: NameAllocator
    tangent: dict[Var, ast.expr] = field(default_factory=dict)
    named: dict[Var, str] = field(default_factory=dict)
    _copied: set | None = None        # merge and loop variables (their tangents are reassigned)

    def build(self) -> Derivative:
        fn = self.fn
        inputs = [self._name(v) for v in self.wrt]
        for var, name in zip(self.wrt, inputs):
            self.tangent[var] = load(name)
        body = self.block(fn.body)
        result = fn.result
        out_tangent = self.tangent.get(result) if isinstance(result, Var) else None
        if out_tangent is None:
            out_tangent = self._zeros(result)
        returned = ast.Return(value=ast.Tuple(elts=[to_expr(result), out_tangent], ctx=ast.Load()))
        body = [comment("primal and tangents, statement by statement"), *body, returned]
        args = arguments([p.name for p in fn.params] + inputs, None, sorted(v.name for v in fn.free.values()))
        return Derivative(name=self._function_name(), arguments=args, body=body, returned=returned,
                          fresh_name=self.names.fresh)

    # Names --------------------------------------------------------------------------------------
    def _name(self, var: Var) -> str:
        if var not in self.named:
            self.named[var] = self.names.derived("t", var.name)
        return self.named[var]

    def _reassigned(self, name: str) -> bool:
        """Is ``name`` the tangent of a merge or loop variable, which later copies overwrite (an
        alias of it would change with it: ``x0, x1 = x1, x0`` in a loop)?"""
        if self._copied is None:
            self._copied = {s.target for s in walk(self.fn.body) if isinstance(s, Copy)}
        return any(self.named.get(v) == name for v in self._copied)

    def _zeros(self, atom) -> ast.expr:
        if self.info.shape(atom) == ():
            return ast.Constant(0.0)
        return ast.Call(func=load("zeros_like_adjoint"), args=[to_expr(atom)], keywords=[])

    def _active(self, var) -> bool:
        return isinstance(var, Var) and var in self.info.active

    # Statements ---------------------------------------------------------------------------------
    def block(self, stmts: list) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in stmts:
            if isinstance(stmt, Assign) and stmt.prim.recursive is not None and self._differentiated(stmt):
                out.append(self._recursive_call(stmt))
            elif isinstance(stmt, Assign) and stmt.target in self.info.live:
                shapes = [self.info.shape(a) for a in stmt.args] if self.spec.specialize else None
                kinds = [self.info.kind(a) for a in stmt.args] if self.spec.specialize else None
                out.append(ast.Assign(targets=[store(stmt.target.name)], value=stmt.prim.primal(
                    [to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs], shapes, kinds)))
                if self._active(stmt.target):
                    out += self._tangent_of(stmt)
                elif stmt.prim is POP and self._active(stmt.args[0]):
                    # an unused value popped from an active stack: its tangent stack pops too
                    out.append(ast.Expr(value=POP.primal([self.tangent.get(stmt.args[0])])))
            elif isinstance(stmt, Copy) and stmt.target in self.info.live:
                out.append(ast.Assign(targets=[store(stmt.target.name)], value=to_expr(stmt.source)))
                if self._active(stmt.target):
                    # a merge or loop variable: its tangent always lives under its own name
                    value = self.tangent.get(stmt.source) if isinstance(stmt.source, Var) else None
                    name = self._name(stmt.target)
                    out.append(ast.Assign(targets=[store(name)], value=value or self._zeros(stmt.source)))
                    self.tangent[stmt.target] = load(name)
            elif isinstance(stmt, If):
                body, orelse = self.block(stmt.body), self.block(stmt.orelse)
                # (a branch with only a `with` block's entry and exit computes nothing: its test,
                # not live, is not computed either)
                if (body or orelse) and self.info.needs(stmt.body + stmt.orelse):
                    out.append(ast.If(test=to_expr(stmt.test), body=body or [ast.Pass()], orelse=orelse))
            elif isinstance(stmt, Loop) and self.info.needs(stmt.body):
                out += self._loop(stmt)           # (a loop computing nothing the result needs: none)
            elif isinstance(stmt, Effect) and stmt.observable:     # print(x): once, the primal's values
                out.append(stmt.prim.statement([to_expr(a) for a in stmt.args]))
            elif isinstance(stmt, Effect) and stmt.args[0] in self.info.live:
                out.append(ast.Expr(value=stmt.prim.primal([to_expr(a) for a in stmt.args])))
                if self._active(stmt.args[0]):      # the tangent stack gets the value's tangent
                    tangents = [self.tangent.get(a) or self._zeros(a) for a in stmt.args]
                    out.append(ast.Expr(value=stmt.prim.primal(tangents)))
        return out

    def _differentiated(self, stmt: Assign) -> bool:
        return self._active(stmt.target) and any(
            self._active(a) and self.info.carries(stmt, i) for i, a in enumerate(stmt.args))

    def _recursive_call(self, stmt: Assign) -> ast.stmt:
        """``v, t_v = f_jvp(args, tangents)``: a recursive call computes its value and tangent
        in one call of the callee's own tangent code (inside that code: a call of itself, one
        frame per level), so no level is computed twice."""
        call = stmt.prim.recursive
        args = [to_expr(a) for a in stmt.args]
        tangents = [self.tangent.get(a) if self._active(a) and self.info.carries(stmt, i) else None
                    for i, a in enumerate(stmt.args)]
        tangents = [t if t is not None else self._zeros(a) for t, a in zip(tangents, stmt.args)]
        if self.spec.recursive and frontend.unwrap(call.function) is self.fn.parsed.func:
            free = [ast.keyword(arg=v.name, value=load(v.name)) for v in self.fn.free.values()]
            value = ast.Call(func=load(self._function_name()), args=args + tangents, keywords=free)
        else:
            value = ast.Call(func=load(call.tangent), args=args + tangents, keywords=[])
        name = self._name(stmt.target)
        self.tangent[stmt.target] = load(name)
        pair = ast.Tuple(elts=[store(stmt.target.name), store(name)], ctx=ast.Store())
        return ast.Assign(targets=[pair], value=value)

    def _function_name(self) -> str:
        return f"{self.fn.name}_jvp"

    def _tangent_of(self, stmt: Assign) -> list[ast.stmt]:
        tangents = [self.tangent.get(a) if self._active(a) and self.info.carries(stmt, i) else None
                    for i, a in enumerate(stmt.args)]
        if stmt.prim.display:    # an active container's tangent holds every element's tangent
            tangents = [t if t is not None else self._zeros(a) for t, a in zip(tangents, stmt.args)]
            name = self._name(stmt.target)
            self.tangent[stmt.target] = load(name)
            return [ast.Assign(targets=[store(name)], value=stmt.prim.primal(tangents))]
        softmax = (self.info.softmax or {}).get(id(stmt))
        if softmax is not None and self.tangent.get(softmax[0]) is not None:   # y = exp(z) / sum: from z
            name = self._name(stmt.target)
            self.tangent[stmt.target] = load(name)
            derivative = softmax_derivative(to_expr(stmt.target), self.tangent[softmax[0]], softmax[1], False)
            return [ast.Assign(targets=[store(name)], value=derivative)]
        for keyword, value in stmt.kwargs:    # rules differentiate positional arguments only
            if self._active(value) and stmt.prim.family != "runtime helpers":
                raise NonDifferentiableError(
                    f"`{stmt.prim.name}` has no derivative with respect to its keyword argument `{keyword}=`",
                    stmt.location, hint=f"pass `{keyword}` as a positional argument")
        if all(t is None for t in tangents):
            return []
        if not stmt.prim.has_jvp():
            raise NonDifferentiableError(f"`{stmt.prim.name}` has no forward-mode (JVP) rule yet",
                                         stmt.location, hint="use reverse mode (grad) for this function")
        for index, t in enumerate(tangents):
            # (runtime helpers read some arguments for their shape only: nothing is lost there)
            if t is not None and not stmt.prim.has_tangent_term(index) and stmt.prim.family != "runtime helpers":
                raise no_derivative(stmt, index)
        if stmt.prim.partials:   # a list display as an array operand (np.radians([a, b])): so is its tangent
            tangents = [call_to("np.asarray", t) if t is not None and a in self.info.tuples else t
                        for t, a in zip(tangents, stmt.args)]
        site = CallSite(args=operands(stmt, self.info.tuples), out=to_expr(stmt.target),
                        arg_shapes=[self.info.shape(a) for a in stmt.args],
                        out_shape=self.info.shape(stmt.target),
                        kwargs=[(k, to_expr(v)) for k, v in stmt.kwargs])
        value = stmt.prim.jvp(site, tangents)
        if value is None:
            return []
        if isinstance(value, ast.Name) and not self._reassigned(value.id):
            self.tangent[stmt.target] = value     # the tangent is another tangent: no statement
            return []
        name = self._name(stmt.target)
        self.tangent[stmt.target] = load(name)
        return [ast.Assign(targets=[store(name)], value=value)]

    def _loop(self, loop: Loop) -> list[ast.stmt]:
        # Carried values' tangents are set before the loop (by the initialising copies) and at the
        # end of each iteration; everything else inside is recomputed per iteration.
        for var in loop.carried:
            if self._active(var):
                self.tangent[var] = load(self._name(var))
        body = self.block(loop.body)
        if loop.exit_flag is not None:
            body.append(ast.If(test=to_expr(loop.exit_flag), body=[ast.Break()], orelse=[]))
        if loop.kind == "for":
            iterations = ast.Call(func=load("range"), args=[to_expr(a) for a in loop.range_args], keywords=[])
            return [ast.For(target=store(loop.target.name), iter=iterations, body=body, orelse=[])]
        test = self.block(loop.cond_body)
        exit_ = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=to_expr(loop.cond)), body=[ast.Break()], orelse=[])
        return [ast.While(test=ast.Constant(True), body=test + [exit_] + body, orelse=[])]
