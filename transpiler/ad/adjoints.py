"""Reverse mode, statement by statement: the adjoint of each primitive application, copy and
tuple, and how contributions accumulate into an adjoint (a mixin of the reverse builder)."""
from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

from ..analysis.complex_values import is_complex_kind
from ..analysis.kinds import SEQUENCES
from ..errors import NonDifferentiableError
from ..ir import to_expr
from ..ir.algebra import constant, is_negation, negate, simplify
from ..ir.code import dotted, load, read_names
from ..ir.nodes import Assign, Const, Copy, Effect, If, Loop, Var, walk
from ..primitives.complex_rules import REAL_RESULT
from ..primitives.registry import CallSite, spelled_as
from ..primitives.structure import taken_along_positions
from . import built
from .scatter_forms import counted, summed_by_last_read
from .shared_calls import share_expensive_calls
from .syntax import (add_to, as_subscript, broadcast_seed, call_statement, call_to, in_dtype_of, is_scatter, is_slice, no_derivative,
                     log_softmax_derivative, no_keyword_derivative, operands, relabelling_inverse, sigmoid_derivative,
                     softmax_derivative)

_CONTAINER_KINDS = (*SEQUENCES, "dict")     # values whose adjoints add element by element
_DTYPE_KINDS = ("f8", "f4")                 # arrays (or numbers) known: never a list written in a loop


@dataclass(frozen=True)
class Component(Var):
    """Element ``index`` of the tuple ``of``: a key for that element's adjoint."""

    of: Var = None
    index: int = 0

    def expr(self) -> ast.expr:
        return ast.Subscript(value=load(self.of.name), slice=ast.Constant(self.index), ctx=ast.Load())


class StatementAdjoints:
    """The adjoint sweep's statements (reverse.py's builder holds the state)."""

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
            elif isinstance(stmt, Effect) and getattr(stmt.prim, "mirror", None) is not None:
                # leaving a `with` block's context backwards enters it again (and entering leaves)
                out.append(built.effect(stmt.prim.mirror, stmt.args))
            elif isinstance(stmt, Effect) and not stmt.observable and any(self._active(a) for a in stmt.args):
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
            position = stmt.prim.item % self.info.tuples[stmt.args[0]]     # x[-1] is x[n - 1]
            return self._accumulate(self._component(stmt.args[0], position), self.adjoint[stmt.target])
        n = self.info.tuples[stmt.target]
        parts = [self.adjoint.get(self._component(stmt.target, i)) for i in range(n)]
        if stmt.prim.display:
            out = []
            complex_display = stmt.target in self.info.complex_values
            for arg, part in zip(stmt.args, parts):
                if part is not None and isinstance(arg, Var) and arg in self.info.active:
                    if complex_display and arg not in self.info.complex_values:
                        part = real_part(part)      # a real item of a complex display: [[x, 1j * y]]
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
        log_softmax = (self.info.log_softmax or {}).get(id(stmt))
        if log_softmax is not None and self._active(log_softmax[0]):     # log(y) of y = softmax(z): straight to z
            z, axis, y = log_softmax
            return self._accumulate(z, log_softmax_derivative(to_expr(y), d_target, axis, True))
        softmax = (self.info.softmax or {}).get(id(stmt))
        if softmax is not None and self._active(softmax[0]):     # y = exp(z) / sum: straight to z
            z, axis = softmax
            shape = self.info.shape(stmt.target)
            method = self.spec.specialize and self.target.primals_for_shapes and isinstance(shape, tuple) and shape != ()
            return self._accumulate(z, softmax_derivative(to_expr(stmt.target), d_target, axis, bool(method)))
        sigmoid = (self.info.sigmoid or {}).get(id(stmt))
        if sigmoid is not None and self._active(sigmoid):     # y = 1 / (1 + exp(u)): straight to u
            if isinstance(d_target, ast.Name) and d_target.id in self.uniform:
                d_target = self.uniform[d_target.id]      # (a number broadcast: y has u's shape)
            return self._accumulate(sigmoid, sigmoid_derivative(to_expr(stmt.target), d_target))
        site = CallSite(args=operands(stmt, self.info.tuples), out=to_expr(stmt.target),
                        arg_shapes=[self.info.shape(a) for a in stmt.args],
                        out_shape=self.info.shape(stmt.target),
                        kwargs=[(k, to_expr(v)) for k, v in stmt.kwargs], target=self.target,
                        specialize=self.spec.specialize, arg_kinds=[self._kind(a) for a in stmt.args],
                        arg_symmetric=[a in self.info.symmetric for a in stmt.args],
                        strong_zeros=self.spec.strong_zeros)
        out = []
        for keyword, value in stmt.kwargs:    # rules differentiate positional arguments only
            if isinstance(value, Var) and value in self.info.active:
                raise no_keyword_derivative(stmt, keyword)
        contributions = []
        for index, arg in enumerate(stmt.args):
            if isinstance(arg, Var) and arg in self.info.active and self.info.carries(stmt, index):
                if not stmt.prim.has_vjp(index):
                    raise no_derivative(stmt, index)
                seed = self._seed_for(site, index, d_target, stmt.prim)
                if seed is not d_target and stmt.prim.partials:      # (a number in the array's place)
                    seed = in_dtype_of(seed, self._kind(stmt.target), site, stmt.prim.partial_reads(site, index))
                contribution = (self._uniform_contribution(site, index, d_target, stmt.prim)
                                or stmt.prim.vjp(site, index, seed))
                if contribution is None and stmt.prim.vjp_builder is not None:
                    raise NonDifferentiableError(
                        f"`{stmt.prim.name}` has no reverse-mode rule", stmt.location,
                        hint="differentiate this code in forward mode (jvp, hvp, hessian)")
                if contribution is not None and arg not in self.info.complex_values and (
                        stmt.target in self.info.complex_values or self._complex_argument(stmt)):
                    contribution = real_part(contribution)   # a real argument of a complex computation
                if contribution is not None:
                    contributions.append((arg, contribution))
        shared, parts = share_expensive_calls([c for _, c in contributions], self.names.fresh)
        out += [self._assigned(s.targets[0].id, s.value) for s in shared]
        for (arg, _), contribution in zip(contributions, parts):
            if is_scatter(contribution):
                out += self._scatter(arg, contribution)
            else:
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
        if not full & prim.partial_reads(site, index):
            return d_target
        return self.uniform[d_target.id]

    def _uniform_contribution(self, site: CallSite, index: int, d_target: ast.expr, prim) -> ast.expr | None:
        """For an adjoint that is a number broadcast (``unreduce(1.0, y, None, False)``, the
        seed of ``np.sum(y)``) and an elementwise partial that is a number too (``100.0`` in
        ``100.0 * t``, with ``t`` shaped like ``y``): the contribution is that product of numbers,
        broadcast to ``t``'s shape — itself uniform, so the arrays of ones are never made.
        None where this does not apply."""
        if not (isinstance(d_target, ast.Name) and d_target.id in self.uniform and prim.partials):
            return None
        seed, shape = self.uniform[d_target.id], site.out_shape
        if constant(seed) is None or not isinstance(shape, tuple) or site.arg_shapes[index] != shape:
            return None
        special = prim.specialized
        if special is not None and not getattr(special, "elementwise", False) \
                and special(site, index, d_target) is not None:
            return None          # (a specialised rule applies here: np.vdot(d_y, a) for s * a)
        scalars = {a.id for a, s in zip(site.args, site.arg_shapes) if isinstance(a, ast.Name) and s == ()}
        if not prim.partial_reads(site, index) <= scalars:
            return None
        contribution = prim.vjp(site, index, seed)
        if contribution is None or not read_names([contribution]) <= scalars:
            return None
        return call_to("unreduce", contribution, site.args[index], ast.Constant(None), ast.Constant(False))

    def _scatter(self, var: Var, contribution: ast.Call) -> list[ast.stmt]:
        """The adjoint of ``x[index]``: added in place into an adjoint buffer this code owns
        (O(1) per element read in a loop), or a fresh one for the first contribution."""
        d_y, x, index = contribution.args
        if var in self.info.tuples:   # a tuple read at a run-time position: split per element
            return self._accumulate(var, call_to("add_into", call_to("zeros_like_adjoint", x), index, d_y))
        total_of = summed_by_last_read(var, index, self._definition, self.info)
        if total_of is not None:      # np.cumsum(x)[-1]: np.sum(x)'s adjoint, into x itself
            return self._accumulate(total_of, call_to("unreduce", d_y, to_expr(total_of), ast.Constant(None),
                                                      ast.Constant(False)))
        inverse = relabelling_inverse(index)
        if inverse is not None and self._is_array(var) and not any(d_y is u for u in self.uniform.values()):
            # x[None, :], x[:, None]: every element once, in order; its adjoint is d_y[0, :], a view
            return self._accumulate(var, ast.Subscript(value=d_y, slice=inverse, ctx=ast.Load()))
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
                target = call_to("zeros_like_adjoint", x)
            elif var not in self.buffers:     # not ours to write into: a copy of our own first
                target = call_to("owned", current)
            else:
                target = current
            value = call_to("add_into", target, index, d_y)
        self.adjoint[var] = load(name)
        self.buffers.add(var)
        return [self._assigned(name, value)]

    def _add_in_place(self, var: Var, name: str, current, index, d_y, distinct: bool) -> list[ast.stmt]:
        """``d_x[index] += g`` for an array of known shape, in place into a buffer this code
        owns (made first if there is none); ``np.add.at`` where positions may repeat (only in
        the code calls run: a statement the transform could not differentiate again)."""
        out = []
        if current is None:
            out.append(self._assigned(name, self._zeros(var)))
        elif var not in self.buffers:     # not ours to write into
            out.append(self._assigned(name, call_to("np.copy", current)))
        if distinct:
            target = ast.Subscript(value=load(name), slice=as_subscript(index), ctx=ast.Store())
            out.append(built.statement(add_to(target, d_y), self.lowering))
        else:
            scatter = "counted_at" if counted(var, index, self.info) else "np.add.at"
            out.append(built.statement(call_statement(scatter, load(name), index, d_y), self.lowering))
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
        if isinstance(index, ast.Name) and self._taken_once_per_row(index.id):
            return True
        rows = [p for p in parts if isinstance(p, ast.Name) and self._counts_up(p.id)]
        if not rows or any(is_slice(p) or isinstance(p, ast.Constant) and type(p.value) is not int for p in parts):
            return False
        shape = self.info.shape(Var(rows[0].id))
        return all(self._is_scalar(p) or isinstance(p, ast.Name) and self.info.shape(Var(p.id)) == shape
                   for p in parts)

    def _taken_once_per_row(self, name: str) -> bool:
        """Is ``name`` ``taken_along_positions(np.shape(a), indices, axis)`` (np.take_along_axis,
        primitives/structure.py) with one index per row along ``axis`` (``y[:, None]``) and the
        other axes ``a``'s own (no broadcast): every position in a row of its own, so distinct?"""
        made = self._definition(name)
        if made is None or not spelled_as(made.prim, taken_along_positions) or made.kwargs or len(made.args) != 3:
            return False
        shape_of, indices, axis = made.args
        shape = shape_of.value if isinstance(shape_of, Const) else None
        asked = self._definition(shape_of.name) if isinstance(shape_of, Var) else None
        if shape is None and asked is not None and spelled_as(asked.prim, np.shape):
            shape = self.info.shape(asked.args[0]) if isinstance(asked.args[0], Var) else None
        index_shape = self.info.shape(indices) if isinstance(indices, Var) else np.shape(indices.value)
        if not (isinstance(shape, tuple) and isinstance(index_shape, tuple) and len(shape) == len(index_shape)
                and isinstance(axis, Const) and type(axis.value) is int and -len(shape) <= axis.value < len(shape)):
            return False
        along = axis.value % len(shape)
        return all(n == 1 if d == along else n in (1, shape[d]) for d, n in enumerate(index_shape))

    def _basic(self, part: ast.expr) -> bool:
        return (self._is_scalar(part) or is_slice(part)
                or isinstance(part, ast.Constant) and (part.value is None or part.value is Ellipsis))

    def _counts_up(self, name: str) -> bool:
        """Is ``name`` ``np.arange(n)`` (or ``np.arange(start, stop[, step])`` from a non-negative
        start with a positive step): distinct, non-negative positions of a known 1-D shape?"""
        made = self._definition(name)
        if made is None or not spelled_as(made.prim, np.arange) or made.kwargs:
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
        if current is None and is_negation(contribution) and self.info.shape(var) != ():
            # keep an array's sign aside (a pass saved): the rules that read d_v fold it in
            if isinstance(contribution.operand, ast.Name):
                self.adjoint[var] = contribution
                self.buffers.discard(var)
                return []
            negated = self.names.derived("neg_d", var.name)      # holds -d_v
            self.negated[negated] = var
            self.adjoint[var] = negate(load(negated))
            self.buffers.discard(var)
            return [self._assigned(negated, contribution.operand)]
        if current is None:
            value = contribution
        elif var in self.info.sequences and self.info.kinds.get(var) not in _DTYPE_KINDS \
                or self.info.kinds.get(var) in _CONTAINER_KINDS or (
                isinstance(var, Component) and (var.of, var.index) in self.info.containers):
            # lists add element by element (`+` concatenates): a list's, or a list element's; a
            # list known by its kind only (`a = lst` then `a[k] = v` in a loop: the written copy
            # reaches both names, and its adjoint is their two adjoints' sum)
            value = call_to("accumulate", current, contribution)
        else:
            value = simplify(ast.BinOp(left=current, op=ast.Add(), right=contribution))
        if current is None and not (self.spec.specialize and _fresh_copy(contribution)):
            self.buffers.discard(var)       # a rule's result may be a view of another adjoint: not ours
        else:      # a sum, or (in the code a call runs, never lowered again) a copy with positions cleared
            self.buffers.add(var)
        scalar = broadcast_seed(value)
        if scalar is not None:
            self.uniform[name] = scalar
        self.adjoint[var] = load(name)
        return [self._assigned(name, value)]

    def _accumulate_elements(self, var: Var, contribution: ast.expr) -> list[ast.stmt]:
        """A whole adjoint for a tuple or list (a rule's result for its list argument, e.g.
        ``np.concatenate``): element i gets ``d[i]``, added to what it already has."""
        out = []
        if not isinstance(contribution, ast.Name):
            name = self.names.derived("d", var.name)
            out.append(self._assigned(name, contribution))
            contribution = load(name)
        for i in range(self.info.tuples[var]):
            item = ast.Subscript(value=contribution, slice=ast.Constant(i), ctx=ast.Load())
            out += self._accumulate(self._component(var, i), item)
        return out

    def _assigned(self, name: str, value: ast.expr) -> ast.Assign:
        """``name = value``: an expression made here (a rule's adjoint, a sum, zeros) as the IR
        statements it is (ad/built.py: lowered), not Python lifted later."""
        return built.lowered(name, value, self.lowering)

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
        return [self._assigned(name, current or self._zeros(var))]

    def _complex_argument(self, stmt: Assign) -> bool:
        return any(isinstance(a, Var) and a in self.info.complex_values for a in stmt.args)

    def _real_if_real(self, var: Var, adjoint: ast.expr | None) -> ast.expr | None:
        """The adjoint of a parameter of real dtype that shares a name with complex values (a
        branch merge, a loop-carried value): the real part of what it was given."""
        if adjoint is None or var not in self.info.complex_values or is_complex_kind(self.info.kinds.get(var)):
            return adjoint
        return real_part(adjoint)

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
            zeros = call_to("np.zeros", call_to("np.shape", value))
            if self.spec.specialize and all(type(n) is int for n in shape):
                zeros = call_to("np.zeros", to_expr(Const(shape if len(shape) > 1 else shape[0])))
            if var in self.info.complex_values:     # complex adjoints are added in place
                zeros.keywords.append(ast.keyword(arg="dtype", value=ast.Name(id="complex", ctx=ast.Load())))
            elif self._kind(var) in _WIDER_FLOATS:   # (a longdouble's items added into float64 were rounded)
                zeros.keywords.append(ast.keyword(arg="dtype", value=dotted("np.longdouble")))
            return zeros
        return ast.Call(func=load("zeros_like_adjoint"), args=[value], keywords=[])


# the kind of np.longdouble where it is wider than float64 (its size is the platform's): an adjoint
# buffer of its dtype
_WIDER_FLOATS = frozenset([f"f{np.dtype(np.longdouble).itemsize}"]) - {"f8"}


def real_part(adjoint: ast.expr) -> ast.expr:
    """``np.real(adjoint)``: what a real value's adjoint is of a complex one (the convention of
    docs/syntax.md, 'Complex numbers')."""
    if isinstance(adjoint, ast.Call) and ast.unparse(adjoint.func) in REAL_RESULT:   # real already
        return adjoint
    return call_to("np.real", adjoint)


def _fresh_copy(contribution: ast.expr) -> bool:
    """Is ``contribution`` a new array this code owns, which the next contributions may be added
    into in place without copying it again: ``assign_at(d_y, index, 0.0)``, the adjoint before a
    write into an array (indexing.py), or ``undiff(g, shape, n)`` of a constant ``n >= 1``
    (rearranging.py: an array made per difference; ``n=0`` hands back ``g``)?"""
    if not (isinstance(contribution, ast.Call) and isinstance(contribution.func, ast.Name)):
        return False
    n = contribution.args[2] if len(contribution.args) > 2 else None
    return contribution.func.id == "assign_at" or contribution.func.id == "undiff" and not contribution.keywords \
        and n is not None and type(constant(n)) is int and constant(n) >= 1
