"""Lowering calls: NumPy and math functions (primitives), methods (``x.sum()``), array attributes
(``x.T``), user functions (inlined), recursive calls, runtime helpers, objects made and called."""
from __future__ import annotations

import ast
import copy
import functools
import inspect
import math
import types

import numpy as np

from .. import primitives as rules
from ..errors import NonDifferentiableError, TranspileError, UnknownFunctionError
from ..ir import Atom, Const, Var
from ..primitives import casts, fields, indexing, numpy_compositions, opaque
from ..primitives.registry import Primitive
from ..primitives.runtime import HELPERS
from ..primitives.spellings import ATTRIBUTES, METHODS, SHAPE_METHODS
from . import nested, solver_calls
from .function_dicts import dispatched_call
from .sparse_tests import as_sparse_test, sparse_test
from .try_statements import ASKED, CAUGHT, PROBE
from .call_arguments import (KEYWORDS_HINT, as_str_format, axis_by_keyword, by_position, with_method_defaults, rule_arguments, decided_from_values,
                             einsum_subscripts, formats_a_literal, is_literal, keywords_named)
from .buffer_attributes import buffer_getattr, metadata_base, read_buffer_attribute
from .passed_functions import passed_value
from .lifted_functions import lifted
from .array_like import computes_with_operands, inline_composition, operands_as_arrays
from .out_arguments import copied_into, into_out, lowered_ufunc_at, out_of
from .generators import refuse_generator_call, with_generator_items
from .jumps import rewrite_jumps
from .object_loops import object_sum
from .iterators import made_iterators, makes_an_iterator
from .static_records import zipped_records
from .operator_calls import as_operator, operator_function
from .source import MISSING, is_lru_cache, parse_function, undecorated
from .tree_facts import name_ids
from .written_arguments import with_arguments_written
from .parameter_classes import record_property
from .named_results import read_named_field, record_named_result
from .records import built_field
from .global_objects import subscripted_method, writing_method_refusal
from .helpers_again import LOWERED_AGAIN
from .discrete_draws import discrete_draw
from .pathwise_draws import pathwise_draw
from .ravel_order import as_ravel, flattened, is_ordered_ravel, lowered_ravel, ordered_method
from .item_method import lowered_item
from .method_frames import is_recursion
from .array_methods import method_with_out
from .operator_overloads import object_length
from .shallow_copies import copied_container, dict_call
from .strided_windows import STRIDES_HINT, as_strided_call
from .recursive_writes import refuse_parameter_writes
from .helper_results import returned_displays, with_final_return, written_back
from .reduction_keywords import REWRITTEN_KEYWORDS, initial_is_the_identity, lowered_without_reduction_keywords
from .values import (ABSENT, Frame, LocalObject, PythonFunction, SourceFunction, has_user_receiver, is_user_object,
                     static_test)

# (an object passed as an argument is a run-time value: its class and attributes are not known)
_OBJECT_HINT = ("; for an object's methods and attributes (a model's `self`), differentiate the bound method "
                "(`grad(model.loss)`) or call a global object's method: its attributes are then read at "
                "every call; to differentiate with respect to them, pass the arrays as parameters")


class CallLowering:
    """Calls, methods and attributes; a mixin of ``_Lowering`` (frontend/lowering.py), on its state."""

    def _call(self, node: ast.Call, name: str | None) -> Atom:
        if isinstance(node.func, ast.Name) and node.func.id == PROBE:
            return self._probe(node, name)      # does a `try` block's call raise? (tries.py)
        if isinstance(node.func, ast.Name) and node.func.id == CAUGHT:
            return self._caught(node, name)     # a handler's `except ... as e` (tries.py)
        if getattr(node, ASKED, False):
            return self._asked_call(node, name)  # the call it asked about, run once (tries.py)
        node = with_generator_items(self, node) or node          # list(gen(x)): generators.py
        if (local := self._local_call(node, name)) is not None:
            return local                # Cls(...), obj.method(...) of an object made here: objects.py
        if (dispatched := dispatched_call(self, node, name)) is not None:
            return dispatched           # ACTIVATIONS[name](x), name known at run time: function_dicts.py
        if isinstance(node.func, ast.Call) and (nested_call := self._nested_gradient(node, name)) is not None:
            return nested_call                  # grad(f, 1)(x, y) inside the function: nested.py
        if formats_a_literal(node):                    # "{:.2f}".format(x): a string, no derivative
            return self._call_object(as_str_format(node), str.format, name)
        callee = self._resolve(node.func)
        if callee is ABSENT:
            return Const(None)          # `self.fixed.copy()` of a None attribute, on a path that never runs
        if (sample := pathwise_draw(self, node, callee, name)) is not None:
            return sample               # rng.normal(mu, s), norm(mu, s).rvs(): loc + scale * z (pathwise_draws.py)
        if (drawn := discrete_draw(self, node, callee, name)) is not None:
            return drawn                # rng.choice(n, p=probs): derivative 0 in p (discrete_draws.py)
        if callee is zip and (columns := zipped_records(self, node)) is not None:
            return columns              # init_fns, update_fns = zip(*transforms): static_records.py
        if callee is sum and (total := object_sum(self, node, name)) is not None:
            return total                # sum((wi*xi for ...), self.b) of objects: object_loops.py
        lowered = self._sequence_call(node, callee)       # max(xs), reduce, map, zip(*xs) ...
        if lowered is not None:
            return lowered
        spelled = operator_function(callee)
        if spelled is abs:
            callee = abs                                    # operator.abs(x) is abs(x)
        elif spelled is not None:                           # operator.add(a, b) is a + b
            return self._expr(as_operator(self, node, spelled), name)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return self._spread_call(node, name)     # f(*pairs), f(**opts): signatures.py
        if self._is_keyword_get(node):
            return self._keyword_get(node)             # opts.get("scale", 1.0) of a helper's **opts
        value = self._callee_value(node.func)
        if value is not None:          # a lambda, nested function, or function held in a local name
            return self._call_value(node, value, name)
        if isinstance(node.func, ast.Attribute) and (callee is MISSING or (
                node.func.attr in METHODS and isinstance(self._resolve(node.func.value), np.ndarray))):
            return self._method(node, name)     # x.sum(), also on a global array W.sum()
        if callee is MISSING:
            return self._opaque(node, name, callee)     # a local value called: it simply runs
        return self._call_object(node, callee, name)

    def _call_object(self, node: ast.Call, callee, name: str | None) -> Atom:
        """A call of the Python object ``callee``: a primitive, or a user function inlined."""
        if callee is functools.partial:
            return self._make_partial(node)
        if (windows := as_strided_call(self, node, callee, name)) is not None:
            return windows          # as_strided(a, shape, strides=a.strides * 2): strided_windows.py
        if (read := buffer_getattr(self, node, callee, name)) is not None:
            return read             # getattr(x, 'flags') as generated code spells x.flags: buffer_attributes.py
        if callee is np.copyto and copied_into(self, node) or lowered_ufunc_at(self, node, callee):
            return Const(None)      # np.copyto(dst, src), np.add.at(a, i, b) in an expression: out_arguments.py
        if (made := dict_call(self, node, callee, name)) is not None:
            return made             # dict(W=W, b=b), dict(zip(ks, vs)), dict(d), G.copy(): shallow_copies.py
        if isinstance(callee, functools.partial):          # act(x), act a partial made outside
            return self._call_partial(node, self._partial_object(node.func, callee), name)
        if callee is np.vectorize or isinstance(callee, np.vectorize):
            return self._vectorized(node, callee, name)     # np.vectorize(f), @np.vectorize: vectorized.py
        if isinstance(node.func, ast.Attribute) and has_user_receiver(callee) \
                or isinstance(node.func, (ast.Name, ast.Attribute)) and is_user_object(callee):
            return self._call_value(node, self._static_of(node.func, callee), name)   # model.loss(x), model(x)
        if callee is len and (length := self._static_len(node) or object_length(self, node, name)) is not None:
            return length       # (an object's `__len__`: operator_overloads.py)
        if _is_runtime_helper(callee) and callee.__name__ in LOWERED_AGAIN:
            return LOWERED_AGAIN[callee.__name__](self, node, name)    # generated code, differentiated again
        if (known := static_test(self, node, callee)) is not None:
            return known
        if callee in (copy.copy, copy.deepcopy) and len(node.args) == 1 and not node.keywords:
            return self._copied(node, callee is copy.deepcopy, name)     # containers.py
        if (transform := nested.derivative_transform(callee)) is not None:
            self._unsupported(node, *nested.refused_inside(ast.unparse(node.func), transform))
        if callee is np.where and len(node.args) == 1 and not node.keywords:
            callee = np.nonzero                 # np.where(condition) is np.nonzero(condition)
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
            if rules.registry.runs_when_inactive(callee):     # brentq(lambda v: g(v, a), 0, 1): solver_calls.py
                return solver_calls.solver_call(self, node, callee, name) or self._opaque(node, name, callee, solver_calls.refusal_naming_the_cause(self, node, callee, (reason, hint)))
            raise UnknownFunctionError(f"`{ast.unparse(node.func)}` is not differentiable here: {reason}{self._chain()}",
                                       self.parsed.location(node), hint=hint)
        if callee is math.log and len(node.args) == 2 and not node.keywords:
            return self._inline(node, numpy_compositions.log_with_base, static=True)    # math.log(x, base)
        if callee is np.gradient and len(node.args) > 2 and not any(isinstance(a, ast.Starred) for a in node.args):
            return self._inline(node, numpy_compositions.gradient_per_axis, static=True)   # np.gradient(f, dx, dy)
        if callee is np.diff and {"prepend", "append"} & {k.arg for k in node.keywords}:
            return self._inline(node, numpy_compositions.diff_with_ends, static=True)
        if callee is np.reshape and "order" in {k.arg for k in node.keywords}:
            return self._inline(node, numpy_compositions.reshape_in_order, static=True)
        if prim is None and (composed := rules.registry.composition_of(callee)) is not None:
            return inline_composition(self, node, composed)     # scipy.stats.norm.logpdf(data, mu, s) ...
        if (prim is None and (isinstance(getattr(callee, "__transpiler_original__", callee), types.FunctionType)
                              or is_lru_cache(callee) and self._reads_locals(node))
                and not rules.registry.from_a_library(callee) and not opaque.is_maker(callee)):   # (NumPy's, SciPy's source is not ours to inline)
            return self._inline(node, callee)       # (a helper decorated with @differentiate or @functools.cache too)
        if prim is None:
            return self._opaque(node, name, callee)
        self._refuse_passed_down(node, callee, prim)      # (a recursive function compiled before: parameter_writes.py)
        if is_ordered_ravel(callee, node) and node.args:                # np.ravel(x, order="K")
            return lowered_ravel(self, node, node.args[0], node.args[1:], name)
        if REWRITTEN_KEYWORDS & {k.arg for k in node.keywords} \
                and not initial_is_the_identity(node, callee):                # np.sum(x, where=m)
            if (lowered := self._without_reduction_keywords(node, callee, name)) is not None:
                return lowered
        if prim.partials is not None and out_of(node, prim.arity, isinstance(callee, np.ufunc)) is not None:
            return into_out(self, node, prim.arity)       # np.sqrt(a, out=b), np.clip(g, -5, 5, out=g)
        if callee in (np.asarray, np.array) and node.args and not is_literal(node.args[0]) \
                and (cast := self._constant_cast(node, node.args[0], node.args[1:2], False, name)) is not None:
            return cast                                     # np.asarray(x, dtype=int)
        args, keywords = rule_arguments(prim, callee, node, lambda what, hint: self._unsupported(node, what, hint))
        args, keywords = axis_by_keyword(prim, args, keywords)
        if callee is np.einsum:
            args = einsum_subscripts(args)
        node = ast.copy_location(ast.Call(func=node.func, args=args, keywords=keywords), node)
        if prim.partials is not None:
            if len(args) < prim.arity or node.keywords:
                self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} positional argument(s)"
                                  + (f" and {keywords_named(node.keywords)}" if node.keywords else ""),
                                  f"call it with {prim.arity} positional argument(s){KEYWORDS_HINT * bool(node.keywords)}")
            if len(args) > prim.arity:
                if callee not in (max, min, math.hypot):
                    self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} arguments",
                                      f"call it with {prim.arity}")
                # max(a, b, c) == max(max(a, b), c), and the same for math.hypot
                inner = ast.copy_location(ast.Call(func=node.func, args=args[:-1], keywords=[]), node)
                args = [inner, args[-1]]
        elif prim.vjp_rule is not None:
            self._check_rule_arguments(node, prim, len(args), [k.arg for k in node.keywords])
        with self._holding() as hold:
            if computes_with_operands(prim, callee):
                args = operands_as_arrays(self, args, prim.arity, hold)     # np.dot(x, [1.0, 2.0])
            atoms = tuple(self._arg(a) for a in args)
        kwargs = tuple((k.arg, self._arg(k.value)) for k in node.keywords)
        prim, atoms, kwargs = decided_from_values(self, node, prim, atoms, kwargs)    # (a global MODE folded in)
        result = with_arguments_written(self, node, prim, atoms, self._apply(node, prim, atoms, kwargs, name))
        return record_named_result(self, callee, result)

    def _nested_gradient(self, node: ast.Call, name: str | None) -> Atom | None:
        """``grad(f)(x)`` / ``grad(f, k)(x, y)`` with ``f`` a function known when compiling and
        ``k`` a constant: a call of the function nested_gradients.py makes, whose rules are forward over
        reverse mode of ``f``. None for any other call (refused as a derivative taken inside)."""
        inner = node.func
        registered = nested.maker_for(self._resolve(inner.func))
        keywords = {k.arg for k in inner.keywords}
        if registered is None or not 1 <= len(inner.args) + len(keywords) <= 2 or not keywords <= {"wrt"} \
                or any(isinstance(a, ast.Starred) for a in inner.args):
            return None
        (maker, with_value), (function, captured) = registered, (undecorated(self._resolve(inner.args[0])), [])
        if not isinstance(function, types.FunctionType) and isinstance(inner.args[0], (ast.Name, ast.Lambda)) \
                and isinstance(local := self._expr(inner.args[0]), SourceFunction) \
                and (lifting := lifted(self, local, node)) is not None:
            function, captured = lifting        # grad(inner)(x), inner nested: lifted_functions.py
        wrt_node = inner.args[1] if len(inner.args) == 2 else next((k.value for k in inner.keywords), None)
        wrt = Const(0) if wrt_node is None else self._arg(wrt_node)
        if not isinstance(function, types.FunctionType) or not isinstance(wrt, Const) \
                or not isinstance(wrt.value, int) or isinstance(wrt.value, bool) \
                or with_value and (node.keywords or any(isinstance(a, ast.Starred) for a in node.args)):
            return None
        made = maker(function, wrt.value)
        with self._holding() as hold:
            args = [hold(self._expr(a), a) for a in node.args] if with_value else list(node.args)
            args += [hold(value, node) for value in captured]
            gradient = hold(PythonFunction(made, ast.unparse(inner)), node)
            call = ast.Call(func=gradient, args=args, keywords=node.keywords)
            if with_value:       # value_and_grad(f)(x): (f(x), grad(f)(x)), x computed once
                value = ast.Call(func=hold(PythonFunction(function, function.__name__), node), args=args, keywords=[])
                call = ast.Tuple(elts=[value, call], ctx=ast.Load())
            return self._expr(ast.fix_missing_locations(ast.copy_location(call, node)), name)

    def _inline(self, node: ast.Call, callee, receiver=None, procedure: bool = False, static: bool = False) -> Atom:
        """A call to a user function with source: its body is lowered here, its parameters bound
        to the call's arguments (the derivative code then has no call overhead at all).
        ``receiver``: a method's object, bound to its first parameter (``self``). ``procedure``:
        called for its effects (its value discarded): it may end without `return`. ``static``:
        a composition of the library, whose branches on an option (``method=``) are decided
        while lowering: free constants passed to it are folded in (static_values.py)."""
        if inspect.isgeneratorfunction(callee):
            refuse_generator_call(self, node, callee)
        parsed = parse_function(callee)
        self.dependencies.inlined(parsed)
        if parsed.func is self.root.func or is_recursion(self.method_frames, parsed.func, receiver):
            if receiver is not None:
                self._unsupported(node, f"a recursive call of the method `{parsed.name}`",
                                  "make the recursive function a module-level `def`")
            return self._recursive_call(node, callee)
        if self.unreachable and not self._binds(node, parsed, receiver):
            return Const(None)    # on a path that never runs (`if bf_args is None:`), Python's TypeError
        arguments, displays = self._bind_call(node, parsed, receiver)     # (signatures.py: *args, **kwargs)
        if static:
            arguments = {param: self._static(atom) for param, atom in arguments.items()}
        tree = rewrite_jumps(self._without_tries(parsed.tree, parsed, self.parsed.location(node)), self.names)
        self.names.user |= name_ids(tree)
        saved = self.parsed, self.env, self.displays
        at_call = dict(self.env)
        self.calls.append((parsed, self.parsed.location(node)))
        self.method_frames.append((parsed.func, receiver))
        self.callers.append(self.env)        # a write into a parameter reaches the caller's names
        self.frames.append(Frame())
        self.parsed, self.env, self.displays = parsed, {**self._objects_in(self.env), **arguments}, displays
        try:
            self._reject_loop_else(tree)
            body = with_final_return(self._statements_of(tree), tree, procedure)
            for stmt in body[:-1]:
                self._statement(stmt)
            if not body or not isinstance(body[-1], ast.Return):
                self._unsupported(tree, f"`{parsed.name}` without a final `return`",
                                  "end the function with `return <value>`")
            result = self._return(body[-1], name=None)
            written_back(self, arguments, at_call, self.callers[-1], tree, node)
            saved[2].update(returned_displays(result, self.displays))     # (the caller's displays)
            return result
        finally:
            callee_env = self.frames.pop().final = self.env      # (what a closure it returned reads)
            self.calls.pop()
            self.method_frames.pop()
            self.callers.pop()
            self.parsed, self.env, self.displays = saved
            self._objects_back(callee_env)

    def _reads_locals(self, node: ast.Call) -> bool:
        """Does the call read a name of the function's (a value that may have a derivative)? A
        cached helper (``@functools.cache``) called so is inlined; called on constants and free
        names only, it simply runs, and its cache keeps serving the value."""
        return any(isinstance(n, ast.Name) and n.id in self.env for a in (*node.args, *node.keywords)
                   for n in ast.walk(a))

    def _recursive_call(self, node: ast.Call, callee) -> Atom:
        """A recursive call: not inlined (it would never end) but called, its own gradient its rule."""
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            self._unsupported(node, "a recursive call with keyword arguments", "pass them positionally")
        if len(node.args) != len(inspect.signature(callee).parameters):
            self._unsupported(node, "a recursive call relying on default arguments",
                              "pass every argument")
        refuse_parameter_writes(self, callee)
        self.recursive(callee)
        atoms = self._refuse_passed_down(node, callee, atoms=tuple(self._arg(a) for a in node.args))
        return self._apply(node, rules.lookup(callee), atoms, (), None)

    def _check_rule_arguments(self, node: ast.Call, prim: Primitive, n_args: int, keywords: list[str]):
        params = prim.vjp_rule.params[2:]
        allowed = set(params[n_args:])
        bad = [k for k in keywords if k not in allowed]
        if n_args < prim.arity or n_args > len(params) or bad:
            self._unsupported(node, f"`{ast.unparse(node.func)}` called " + (f"with {keywords_named(bad)}" if bad else "this way"),
                              f"call it as {prim.name}({', '.join(params)}){KEYWORDS_HINT * bool(bad)}")

    def _method(self, node: ast.Call, name: str | None) -> Atom:
        """``x.sum(axis=1)`` is ``np.sum(x, axis=1)``; ``x.reshape(2, 3)`` is ``np.reshape(x, (2, 3))``."""
        method = node.func.attr
        if method == "pop" and not self._generated and self._env_key(node.func.value) in self.env:
            return self._pop(node)                 # a list of the user's: the item, and the rest
        if method == "pop" and not node.args and not node.keywords:
            return self._apply(node, indexing.POP, (self._expr(node.func.value),), (), name)
        if method == "astype" and (cast := self._constant_cast(node, node.func.value, node.args[:1], True, name)) \
                is not None:
            return cast
        if (copied := copied_container(self, node, name)) is not None:
            return copied                       # xs.copy() of a list or dict: shallow_copies.py
        if method not in METHODS:
            return self._opaque(node, name, MISSING)
        if (spelled := method_with_out(self, node, METHODS[method], name)) is not None:
            return spelled                      # y.clip(0, 1, out=y): np.clip's write (array_methods.py)
        if (composed := rules.composition(METHODS[method])) is not None:    # x.take(i, axis=1)
            return self._inline(ast.copy_location(ast.Call(func=node.func, args=[node.func.value, *node.args],
                                                           keywords=node.keywords), node), composed)
        if method == "item" and not node.keywords:
            return lowered_item(self, node, name)
        if method == "flatten":         # a new array, never a view: a write into it leaves `x` (ravel_order.py)
            return flattened(self, node, lambda: self._method(as_ravel(node), None), name)
        if (ordered := ordered_method(self, node, METHODS[method], name)) is not None:
            return ordered      # x.ravel("F"), x.reshape(2, -1, order="F"): ravel_order.py
        if REWRITTEN_KEYWORDS & {k.arg for k in node.keywords}:      # x.sum(where=m), x.sum(dtype=...)
            spelled = ast.copy_location(ast.Call(func=node.func, args=[node.func.value, *node.args],
                                                 keywords=node.keywords), node)
            if (lowered := self._without_reduction_keywords(spelled, METHODS[method], name)) is not None:
                return lowered
        args, keywords = by_position(rules.lookup(METHODS[method]), [node.func.value, *node.args], list(node.keywords))
        args, keywords = axis_by_keyword(rules.lookup(METHODS[method]), args, keywords)
        args = with_method_defaults(rules.lookup(METHODS[method]), args)[1:]      # x.clip(0)
        if method in SHAPE_METHODS and len(args) > 1:
            args = [ast.copy_location(ast.Tuple(elts=args, ctx=ast.Load()), node)]
        call = ast.copy_location(ast.Call(func=node.func,        # (as written, for messages)
                                          args=[node.func.value, *args], keywords=keywords), node)
        prim = rules.lookup(METHODS[method])
        if prim.vjp_rule is not None:
            self._check_rule_arguments(call, prim, len(call.args), [k.arg for k in keywords])
        elif prim.partials is not None and (len(call.args) != prim.arity or keywords):
            self._unsupported(call, f"`{ast.unparse(node.func)}` with {len(call.args) - 1} argument(s)"
                              + (f" and {keywords_named(keywords)}" if keywords else ""),
                              f"call it as `np.{prim.name.split('.')[-1]}` with {prim.arity} positional argument(s)")
        with self._holding() as hold:
            operands = operands_as_arrays(self, call.args, prim.arity, hold) \
                if computes_with_operands(prim, METHODS[method]) else call.args     # x.dot([1.0, 2.0])
            atoms = tuple(self._arg(a) for a in operands)
        kwargs = tuple((k.arg, self._arg(k.value)) for k in keywords)
        prim, atoms, kwargs = decided_from_values(self, call, prim, atoms, kwargs)     # x.var(0, None, o)
        return self._apply(node, prim, atoms, kwargs, name)

    def _without_reduction_keywords(self, node: ast.Call, callee, name: str | None) -> Atom | None:
        return lowered_without_reduction_keywords(self, node, callee, name)      # (reduction_keywords.py)

    def _constant_cast(self, node: ast.Call, x: ast.expr, dtype_given: list, floats_too: bool,
                       name: str | None) -> Atom | None:
        """``x.astype(D)`` / ``np.asarray(x, D)`` with ``D`` an integer or boolean dtype known
        when compiling: the cast with no derivative (casts.py); with a float ``D`` and
        ``floats_too`` (``x.astype``), the cast passing the derivative on, and with ``D`` known
        only at run time (``x.astype(y.dtype)``) the cast deciding there. None: any other call."""
        dtypes = [*dtype_given, *(k.value for k in node.keywords if k.arg == "dtype")]
        if len(dtypes) != 1 or any(k.arg not in ("dtype", "copy") for k in node.keywords):
            return None
        dtype = self._arg(dtypes[0])
        key = casts.cast_for(dtype.value) if isinstance(dtype, Const) else casts.to_dtype if floats_too else None
        if key is None or (key is casts.to_floats and not floats_too):
            return None
        array = self._arg(x)
        if not floats_too:      # np.asarray(x, D) of a list or tuple (`[pbc, pbc, pbc]`): its array is cast
            array = self._apply(node, rules.lookup(np.asarray), (array,), (), None)
        return self._apply(node, rules.lookup(key), (array, dtype), (), name)

    def _opaque(self, node: ast.Call, name: str | None, callee, refusal: tuple | None = None) -> Atom:
        """A call with no derivative rule and no source to inline: it simply runs, once, where the
        primal runs it (primitives/opaque.py); the analysis refuses it where a differentiated
        value flows through it into the result. ``callee``: the object called, if a name
        outside the function reaches it (else MISSING: a local value or its method). An argument
        spread with ``*`` is passed on spread (``rs.randn(*x.shape)``). ``refusal``: why it has no
        rule, where a differentiated value reaches it (a solver's: passed_functions.py)."""
        func = node.func
        written = self._readable(ast.unparse(func))           # (as the user wrote it: for messages)
        label = getattr(callee, "__qualname__", None) or written
        sources = tuple(self._readable(ast.unparse(a)) for a in node.args) + tuple(
            f"{k.arg}=" + self._readable(ast.unparse(k.value)) for k in node.keywords)
        starred = tuple(i for i, a in enumerate(node.args) if isinstance(a, ast.Starred))
        path = opaque.library_path(callee) if callee is not MISSING else None
        if path is not None:                                  # np.random.randn(3), sorted(v)
            prim = opaque.opaque_call(written, label, sources, self._chain(), path=path, starred=starred)
            receiver = ()
        elif isinstance(func, ast.Attribute) and not self._callable_outside(func.value):
            # a method of a value: rs.randn(3), the generator an argument, a local or a global
            label, hint = subscripted_method(self, func) or (label, "")     # G['b'][0].loss(x): global_objects.py
            prim = opaque.opaque_call(written, label, (self._readable(ast.unparse(func.value)), *sources),
                                      self._chain(), method=func.attr, starred=starred, hint=hint)
            receiver = (self._expr(func.value),)
        else:                                                 # any other callable: read at call time
            prim = opaque.opaque_call(written, label, (written, *sources), self._chain(), starred=starred)
            receiver = (self._free(func) if callee is not MISSING else self._expr(func),)
        if sparse_test(callee) and len(node.args) == 1 and not starred and not node.keywords:
            prim = as_sparse_test(prim)       # sp.issparse(X): False where X's shape is known (sparse_tests.py)
        prim.refusal = refusal if refusal is not None else writing_method_refusal(callee)
        passed = lambda a: passed_value(self, self._arg(a), a, written, refusal)   # noqa: E731 (a function passed)
        atoms = receiver + tuple(passed(a.value if isinstance(a, ast.Starred) else a) for a in node.args)
        kwargs = tuple((k.arg, passed(k.value)) for k in node.keywords)
        result = self._apply(node, prim, atoms, kwargs, name)
        if isinstance(callee, type) and receiver and isinstance(result, Var):
            # a class called makes a new object (`sp.coo_matrix((vals, (ii, jj)))`): it may hold
            # the arguments' memory, never the class's (a global's, which is never written)
            passed = [*atoms[1:], *(v for _, v in kwargs)]
            self.storage[result] = frozenset({result}).union(*(self._storage(a) for a in passed))
        if makes_an_iterator(callee, node) and isinstance(result, Var):
            made_iterators(self).add(result)        # read whole only by a call that simply runs: iterators.py
        return result

    def _simply_runs(self, node: ast.Call) -> bool:
        """Would this call be one that simply runs (no rule, no source, no function value)?"""
        if self._callee_value(node.func) is not None:
            return False
        callee = self._resolve(node.func)
        if callee is MISSING:
            return isinstance(node.func, ast.Attribute) and node.func.attr not in METHODS
        return (rules.lookup(callee) is None and not _is_runtime_helper(callee)
                and not isinstance(getattr(callee, "__transpiler_original__", callee), types.FunctionType)
                and not has_user_receiver(callee) and not is_user_object(callee))

    def _callable_outside(self, node: ast.expr) -> bool:
        """Is ``node`` a module, class or function reached by a name outside the function (its
        methods are called through a free value of the whole path instead)?"""
        obj = self._resolve(node)
        return obj is not MISSING and (isinstance(obj, types.ModuleType) or callable(obj))

    def _attribute(self, node: ast.Attribute, name: str | None) -> Atom:
        """Array attributes of local values: ``x.T``, ``x.shape``, ``x.ndim``, ``x.size``; any
        other name not an array's is a field of a dataclass or NamedTuple (``params.W``), and so is
        the name of an array *method* read without a call (``dist.mean``, ``p.var``)."""
        base = metadata_base(self, node)
        if base is None:
            base = self._expr(node.value)
        if isinstance(base, LocalObject):
            return self._read_attribute(base, node)          # layer.output (objects.py)
        if node.attr not in ATTRIBUTES and not _array_data_attribute(node.attr):
            if (named := read_named_field(self, node, base, name)) is not None:
                return named                                 # np.linalg.eigh(a).eigenvalues (named_results.py)
            if (built := built_field(self, base, node.attr)) is not None:
                return built                                 # s.x of a NamedTuple built here (records.py)
            if (getter := record_property(self, base, node.attr)) is not None:     # p.area of a known class
                return self._inline(ast.copy_location(ast.Call(func=node, args=[], keywords=[]), node),
                                    getter, receiver=base)
            return self._apply(node, fields.field_primitive(node.attr), (base,), (), name)
        if (read := read_buffer_attribute(self, node, base, name)) is not None:
            return read                 # X.data, x.flat (buffer_attributes.py)
        if node.attr not in ATTRIBUTES:
            self._unsupported(node, f"the attribute `.{node.attr}`", STRIDES_HINT if node.attr == "strides" else
                              f"supported array attributes: {', '.join(sorted(ATTRIBUTES))}" + _OBJECT_HINT)
        return self._apply(node, rules.lookup(ATTRIBUTES[node.attr]), (base,), (), name)


def _array_data_attribute(name: str) -> bool:
    """An ndarray attribute that is not a method (``x.dtype``, ``x.flat``)."""
    return hasattr(np.ndarray, name) and not callable(getattr(np.ndarray, name))


def _is_runtime_helper(obj) -> bool:
    """A helper of generated code (its copy inside a generated module, or the original)."""
    return ((getattr(obj, "__module__", None) or "").startswith("transpiler.")
            and HELPERS.get(getattr(obj, "__name__", None)) is not None)

