"""Lowering calls: NumPy and math functions (primitives), methods (``x.sum()``) and array
attributes (``x.T``), user functions (inlined), recursive calls, runtime helpers of generated code."""
from __future__ import annotations

import ast
import inspect
import types

import numpy as np

from .. import primitives as rules
from ..errors import NonDifferentiableError, TranspileError, UnknownFunctionError
from ..ir import Atom, Const
from ..primitives import indexing
from ..primitives.registry import Primitive
from ..primitives.runtime import HELPERS
from ..primitives.spellings import ATTRIBUTES, METHODS, SHAPE_METHODS
from .expressions import ATOM_TYPES
from .jumps import rewrite_jumps
from .source import MISSING, parse_function


class CallLowering:
    """Calls, methods and attributes; a mixin of ``_Lowering`` (frontend/lowering.py), whose
    state (environment, the chain of inlined functions) it works on."""

    def _call(self, node: ast.Call, name: str | None) -> Atom:
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            self._unsupported(node, "`*args`/`**kwargs` in a call", "pass arguments explicitly")
        callee = self._resolve(node.func)
        if isinstance(node.func, ast.Attribute) and (callee is MISSING or (
                node.func.attr in METHODS and isinstance(self._resolve(node.func.value), np.ndarray))):
            return self._method(node, name)     # x.sum(), also on a global array W.sum()
        if callee is MISSING:
            self._unsupported(node.func, f"calling `{ast.unparse(node.func)}` (a local value)",
                              "call a function by its module path, e.g. `np.sum(x)`")
        prim = rules.lookup(callee)
        if prim is None and _is_runtime_helper(callee):
            try:         # a helper of generated code written in plain NumPy is transformed too
                return self._inline(node, callee)
            except TranspileError:
                raise NonDifferentiableError(
                    f"`{callee.__name__}` (part of a reverse rule) cannot be differentiated "
                    f"again{self._chain()}", self.parsed.location(node),
                    hint="second derivatives through this primitive are not supported yet; use "
                         "finite differences of transpiler.grad") from None
        if prim is None and rules.registry.refusal(callee) is not None:
            reason, hint = rules.registry.refusal(callee)
            raise UnknownFunctionError(f"`{ast.unparse(node.func)}` is not differentiable here: {reason}{self._chain()}",
                                       self.parsed.location(node), hint=hint)
        if prim is None and rules.composition(callee) is not None:
            return self._inline(node, rules.composition(callee))   # scipy.stats.norm.logpdf ...
        if (prim is None and isinstance(getattr(callee, "__transpiler_original__", callee), types.FunctionType)
                and not rules.registry.from_optional_library(callee)):     # (SciPy's own source is not ours to inline)
            return self._inline(node, callee)       # (a helper decorated with @differentiate too)
        if prim is None:
            label = getattr(callee, "__qualname__", None) or repr(callee)
            raise UnknownFunctionError(
                f"no derivative rule for `{ast.unparse(node.func)}` ({label}){self._chain()}",
                self.parsed.location(node),
                hint="use a supported NumPy/math function (see docs/primitives.md)")
        args = list(node.args)
        if prim.partials is not None:
            if len(args) < prim.arity or node.keywords:
                self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} positional "
                                  f"argument(s){' and keywords' if node.keywords else ''}",
                                  f"call it with {prim.arity} positional argument(s)")
            if len(args) > prim.arity:
                if callee not in (max, min):
                    self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} arguments",
                                      f"call it with {prim.arity}")
                # max(a, b, c) == max(max(a, b), c)
                inner = ast.copy_location(ast.Call(func=node.func, args=args[:-1], keywords=[]), node)
                args = [inner, args[-1]]
        elif prim.vjp_rule is not None:
            self._check_rule_arguments(node, prim, len(args), [k.arg for k in node.keywords])
        atoms = tuple(self._arg(a) for a in args)
        kwargs = tuple((k.arg, self._arg(k.value)) for k in node.keywords)
        return self._apply(node, prim, atoms, kwargs, name)

    def _inline(self, node: ast.Call, callee) -> Atom:
        """A call to a user function with source: its body is lowered here, its parameters bound
        to the call's arguments (the derivative code then has no call overhead at all)."""
        parsed = parse_function(callee)
        self.dependencies.inlined(parsed)
        if any(p.func is parsed.func for p, _ in self.calls) or parsed.func is self.root.func:
            return self._recursive_call(node, callee)
        signature = inspect.signature(parsed.func)
        try:
            bound = signature.bind(*node.args, **{k.arg: k.value for k in node.keywords})
        except TypeError as exc:
            self._unsupported(node, f"this call to `{parsed.name}` ({exc})", "match the function's parameters")
        arguments = {name: self._arg(value) for name, value in bound.arguments.items()}
        for name, param in signature.parameters.items():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                self._unsupported(node, f"calling `{parsed.name}`, which takes `*args`/`**kwargs`",
                                  "give the function explicit parameters")
            if name not in arguments:
                if not isinstance(param.default, ATOM_TYPES):
                    self._unsupported(node, f"the default value of `{name}` in `{parsed.name}`",
                                      "pass the argument explicitly")
                arguments[name] = Const(param.default)
                self.dependencies.used_defaults(parsed)
        tree = rewrite_jumps(parsed.tree, self.names)
        self.names.user |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        saved = self.parsed, self.env, self.displays
        self.calls.append((parsed, self.parsed.location(node)))
        self.callers.append(self.env)        # a write into a parameter reaches the caller's names
        self.parsed, self.env, self.displays = parsed, dict(arguments), {}
        try:
            self._reject_loop_else(tree)
            body = self._statements_of(tree)
            for stmt in body[:-1]:
                self._statement(stmt)
            if not body or not isinstance(body[-1], ast.Return):
                self._unsupported(tree, f"`{parsed.name}` without a final `return`",
                                  "end the function with `return <value>`")
            return self._return(body[-1], name=None)
        finally:
            self.calls.pop()
            self.callers.pop()
            self.parsed, self.env, self.displays = saved

    def _recursive_call(self, node: ast.Call, callee) -> Atom:
        """A recursive call: not inlined (it would never end) but called, with the callee's own
        generated gradient as its derivative rule."""
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self._unsupported(node, "a recursive call with keyword arguments", "pass them positionally")
        if len(node.args) != len(inspect.signature(callee).parameters):
            self._unsupported(node, "a recursive call relying on default arguments",
                              "pass every argument")
        self.recursive(callee)
        atoms = tuple(self._arg(a) for a in node.args)
        return self._apply(node, rules.lookup(callee), atoms, (), None)

    def _check_rule_arguments(self, node: ast.Call, prim: Primitive, n_args: int, keywords: list[str]):
        params = prim.vjp_rule.params[2:]
        allowed = set(params[n_args:])
        bad = [k for k in keywords if k not in allowed]
        if n_args < prim.arity or n_args > len(params) or bad:
            self._unsupported(node, f"`{ast.unparse(node.func)}` called this way",
                              f"call it as {prim.name}({', '.join(params)})")

    def _method(self, node: ast.Call, name: str | None) -> Atom:
        """``x.sum(axis=1)`` is ``np.sum(x, axis=1)``; ``x.reshape(2, 3)`` is ``np.reshape(x, (2, 3))``."""
        method = node.func.attr
        if method == "pop" and not node.args and not node.keywords:
            return self._apply(node, indexing.POP, (self._expr(node.func.value),), (), name)
        if method not in METHODS:
            self._unsupported(node.func, f"the method `.{method}()`",
                              f"use a NumPy function instead (supported methods: {', '.join(sorted(METHODS))})")
        args = list(node.args)
        if method in SHAPE_METHODS and len(args) > 1:
            args = [ast.copy_location(ast.Tuple(elts=args, ctx=ast.Load()), node)]
        call = ast.copy_location(ast.Call(func=ast.Name(id="__method__", ctx=ast.Load()),
                                          args=[node.func.value, *args], keywords=node.keywords), node)
        prim = rules.lookup(METHODS[method])
        self._check_rule_arguments(call, prim, len(call.args), [k.arg for k in node.keywords]) \
            if prim.vjp_rule is not None else None
        atoms = tuple(self._arg(a) for a in call.args)
        kwargs = tuple((k.arg, self._arg(k.value)) for k in node.keywords)
        return self._apply(node, prim, atoms, kwargs, name)

    def _attribute(self, node: ast.Attribute, name: str | None) -> Atom:
        """Array attributes of local values: ``x.T``, ``x.shape``, ``x.ndim``, ``x.size``."""
        if node.attr not in ATTRIBUTES:
            self._unsupported(node, f"the attribute `.{node.attr}`",
                              f"supported array attributes: {', '.join(sorted(ATTRIBUTES))}")
        return self._apply(node, rules.lookup(ATTRIBUTES[node.attr]), (self._expr(node.value),), (), name)


def _is_runtime_helper(obj) -> bool:
    """A helper of generated code (its copy inside a generated module, or the original)."""
    return ((getattr(obj, "__module__", None) or "").startswith("transpiler.")
            and HELPERS.get(getattr(obj, "__name__", None)) is not None)
