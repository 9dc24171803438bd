"""Reverse mode: SSA function -> Python AST of a forward sweep followed by a reverse sweep.

The forward sweep is the live part of the primal. The reverse sweep walks the statements
backwards; for every active statement each active argument receives the rule's contribution.
The first contribution to an adjoint is assigned (or, when it is just another adjoint, aliased
without a statement); later ones are added. Because an adjoint is complete by the time the
statement defining its value is reached, aliasing it is safe.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .analysis import Analysis, analyse
from .emit import comment, load, store, to_expr
from .errors import NonDifferentiableError
from .names import NameAllocator
from .rules.registry import CallSite
from .ssa import Assign, Const, Function, Var


@dataclass
class GradientSpec:
    """What to differentiate and what the generated function returns."""

    wrt: tuple[int, ...]                    # parameter indices
    tuple_output: bool                      # a tuple of gradients rather than one
    returns_value: bool = False             # return (value, gradient) rather than gradient
    arg_shapes: tuple = ()                  # per parameter: shape tuple, or None if unknown


def reverse(fn: Function, spec: GradientSpec) -> ast.FunctionDef:
    wrt = [fn.params[i] for i in spec.wrt]
    shapes = {p: (spec.arg_shapes[i] if i < len(spec.arg_shapes) else None)
              for i, p in enumerate(fn.params)}
    info = analyse(fn, wrt, shapes)
    return _ReverseBuilder(fn, spec, wrt, info, fn.names.fork()).build()


@dataclass
class _ReverseBuilder:
    fn: Function
    spec: GradientSpec
    wrt: list[Var]
    info: Analysis
    names: NameAllocator
    adjoint: dict[Var, ast.expr] = field(default_factory=dict)   # current adjoint expression
    owned: set[Var] = field(default_factory=set)                 # adjoints with their own name
    sweep: list[ast.stmt] = field(default_factory=list)

    def build(self) -> ast.FunctionDef:
        fn = self.fn
        seed_name = self.names.derived("d", fn.result.name if isinstance(fn.result, Var) else "out")
        forward = [self._primal(s) for s in fn.body if s.target in self.info.live]
        if isinstance(fn.result, Var) and fn.result in self.info.active:
            self.adjoint[fn.result] = load(seed_name)
        for stmt in reversed(fn.body):
            if stmt.target in self.info.active and stmt.target in self.adjoint:
                self._backpropagate(stmt)
        grads = [self._gradient(v) for v in self.wrt]
        result = ast.Tuple(elts=grads, ctx=ast.Load()) if self.spec.tuple_output else grads[0]
        if self.spec.returns_value:
            result = ast.Tuple(elts=[to_expr(fn.result), result], ctx=ast.Load())
        body = [comment("forward sweep"), *forward, comment("reverse sweep"), *self.sweep,
                ast.Return(value=result)]
        return _function_def(self._name(), [p.name for p in fn.params], seed_name,
                             sorted(v.name for v in fn.free.values()), body)

    def _name(self) -> str:
        suffix = "value_and_grad" if self.spec.returns_value else "grad"
        return f"{self.fn.name}_{suffix}"

    def _primal(self, stmt: Assign) -> ast.stmt:
        expr = stmt.prim.primal([to_expr(a) for a in stmt.args],
                                [(k, to_expr(v)) for k, v in stmt.kwargs])
        return ast.Assign(targets=[store(stmt.target.name)], value=expr)

    def _backpropagate(self, stmt: Assign) -> None:
        d_target = self.adjoint[stmt.target]
        site = CallSite(args=[to_expr(a) for a in stmt.args], out=to_expr(stmt.target),
                        arg_shapes=[self.info.shape(a) for a in stmt.args],
                        out_shape=self.info.shape(stmt.target),
                        kwargs=[(k, to_expr(v)) for k, v in stmt.kwargs])
        for index, arg in enumerate(stmt.args):
            if isinstance(arg, Var) and arg in self.info.active:
                if stmt.prim.partials is None:
                    raise NonDifferentiableError(f"no reverse rule for {stmt.prim.name}", stmt.location)
                self._accumulate(arg, stmt.prim.vjp(site, index, d_target))

    def _accumulate(self, var: Var, contribution: ast.expr) -> None:
        current = self.adjoint.get(var)
        if current is None and isinstance(contribution, ast.Name):
            self.adjoint[var] = contribution           # alias: d_v is just another adjoint
            return
        if var in self.owned:
            name = self.adjoint[var].id
        else:
            name = self.names.derived("d", var.name)
            self.owned.add(var)
        value = contribution if current is None else ast.BinOp(left=current, op=ast.Add(), right=contribution)
        self.sweep.append(ast.Assign(targets=[store(name)], value=value))
        self.adjoint[var] = load(name)

    def _gradient(self, param: Var) -> ast.expr:
        if param in self.adjoint:
            return self.adjoint[param]
        return ast.Call(func=load("zeros_like_adjoint"), args=[load(param.name)], keywords=[])


def _function_def(name: str, params: list[str], seed: str, free: list[str], body) -> ast.FunctionDef:
    args = ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=p) for p in params] + [ast.arg(arg=seed)],
        vararg=None, kwonlyargs=[ast.arg(arg=f) for f in free], kw_defaults=[None] * len(free),
        kwarg=None, defaults=[ast.Constant(1.0)])
    return ast.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None,
                           type_comment=None)
