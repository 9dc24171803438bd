"""Lowering ``*args`` and ``**kwargs``: in a helper's signature (``def helper(*xs)``,
``def helper(x, **opts)``), in calls (``f(*pairs)``, ``f(**opts)``), and in the differentiated
function's own signature (a ``*args`` parameter is one parameter holding a tuple, a ``**kwargs``
one holding a dict: api/arguments.py packs the call's arguments so).

A helper's ``*xs`` is the tuple of the values passed (a display: ``xs[0]`` is the value itself); its
``**opts`` holds the keyword values by name, known while lowering (``opts["scale"]``, ``g(x, **opts)``;
used whole, a dict of them). A ``*t`` in a call needs a length known while lowering or checked at run time."""
from __future__ import annotations

import ast
import inspect
import math
import os
import types

import numpy as np

from .. import primitives as rules
from ..ir import Atom, Const, Effect, Var
from ..primitives import effects, indexing
from .expressions import ATOM_TYPES
from .functions import static_default
from .keyword_spread import WHOLE_DICT, keywords_from_dict, whole_dict
from .shallow_copies import call_as_display, new_dict
from .values import LocalObject, ObjectValue, PythonFunction, SourceFunction, Static, StaticSequence
from .source import DEFAULT_OF
from .object_lists import known_length
from .function_dicts import DispatchedFunction, call_dispatched
from .dict_attribute_updates import is_dict_update


_RECEIVER = object()     # stands for a method's object while its call's arguments are bound


class SignatureLowering:
    """``*args`` and ``**kwargs``; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    # Calls -----------------------------------------------------------------------------------
    def _spread_call(self, node: ast.Call, name: str | None) -> Atom:
        """``f(a, *t, **opts)``: the call with the elements of ``t`` and ``opts`` spelled out;
        ``dict(**d, k=v)``: the display ``{**d, "k": v}`` (dict_spreads.py)."""
        if self._resolve(node.func) is dict and (display := call_as_display(node)) is not None:
            return self._expr(display, name)
        if isinstance(node.func, ast.Name) and isinstance(chosen := self.env.get(node.func.id), DispatchedFunction):
            return call_dispatched(self, node, chosen, name)    # f = MODELS[model]; f(S, *p): each its own spread
        if any(isinstance(a, ast.Starred) for a in node.args) and not any(k.arg is None for k in node.keywords) \
                and self._simply_runs(node):
            return self._opaque(node, name, self._resolve(node.func))   # rs.randn(*x.shape): spread at run time
        if self._spreads_into_varargs(node):
            return self._inline(node, self._resolve(node.func))
        if (hypotenuse := self._hypot_of_a_sequence(node, name)) is not None:
            return hypotenuse
        return self._spelled_out_call(node, name)

    def _hypot_of_a_sequence(self, node: ast.Call, name: str | None) -> Atom | None:
        """``math.hypot(*x)`` of an array or list whose length is known only when it runs: the
        Euclidean norm of its elements, ``np.linalg.norm(np.asarray(x))``, what Python computes
        for numbers (a 2-D array, Python's TypeError, gives its Frobenius norm). None for any other call, or
        where the elements are known here (``math.hypot(*(a, b))``: spelled out, exact)."""
        if not (len(node.args) == 1 and isinstance(node.args[0], ast.Starred) and not node.keywords
                and self._resolve(node.func) is math.hypot):
            return None
        spread = node.args[0].value
        if isinstance(spread, (ast.List, ast.Tuple)) or _slice_length(spread) is not None:
            return None
        atom = self._expr(spread)
        if isinstance(atom, Const) or isinstance(self.displays.get(atom), (tuple, list)):
            return None
        with self._holding() as hold:
            function = self._numpy_function(hold, node)
            norm = hold(PythonFunction(np.linalg.norm, "np.linalg.norm"), node)
            as_array = ast.Call(func=function(np.asarray), args=[hold(atom, spread)], keywords=[])
            return self._expr(ast.copy_location(ast.Call(func=norm, args=[as_array], keywords=[]), node), name)

    def _spelled_out_call(self, node: ast.Call, name: str | None) -> Atom:
        """``f(a, *t, **opts)`` called with the elements of ``t`` and ``opts`` as arguments of their own."""
        with self._holding() as hold:
            args, keywords = [], []
            for arg in node.args:
                if isinstance(arg, ast.Starred):
                    args += [hold(atom, arg) for atom in self._elements(arg.value, node)]
                else:
                    args.append(arg)
            for keyword in node.keywords:
                if keyword.arg is None:
                    keywords += [ast.keyword(arg=k, value=hold(atom, keyword.value))
                                 for k, atom in self._keyword_elements(keyword.value, node).items()]
                else:
                    keywords.append(keyword)
            return self._call(ast.copy_location(ast.Call(func=node.func, args=args, keywords=keywords), node), name)

    def _spreads_into_varargs(self, node: ast.Call) -> bool:
        """``total(*rest)``, ``f(a, *rest)``: one ``*`` argument, the last, given to a helper of the
        user's whose ``*args`` parameter receives all of it and nothing else (the arguments before
        it fill the named parameters): that parameter is the spread sequence, whatever its length."""
        starred = [i for i, a in enumerate(node.args) if isinstance(a, ast.Starred)]
        if starred != [len(node.args) - 1] or node.keywords or self._callee_value(node.func) is not None:
            return False
        function = self._resolve(node.func)
        if not isinstance(function, types.FunctionType) or inspect.isgeneratorfunction(function) \
                or rules.lookup(function) is not None or rules.registry.from_a_library(function):
            return False
        params = inspect.signature(function).parameters.values()
        named = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        return any(p.kind is p.VAR_POSITIONAL for p in params) and len(node.args) - 1 == len(named)

    def _passed_on(self, node: ast.Call, spread: ast.expr, name: str) -> Atom:
        """The ``*args`` parameter given a whole sequence with ``*``: a tuple of its elements."""
        value = self._expr(spread)
        if value not in self.lists and isinstance(self.displays.get(value), tuple) \
                or isinstance(value, Const) and isinstance(value.value, tuple):
            return value
        return self._apply(node, rules.lookup(tuple), (value,), (), name)

    def _elements(self, node: ast.expr, call: ast.Call) -> list[Atom]:
        """The elements of the tuple or list ``node`` spread into ``call``: known while
        lowering, or as many as the function called takes (checked at run time)."""
        if isinstance(node, ast.List) and not any(isinstance(e, ast.Starred) for e in node.elts):
            return [self._arg(e) for e in node.elts]      # `f(*[a, b])`: a display's, as `f(*(a, b))`
        if (items := self._comprehension_of_known_length(node)) is not None:
            return items                        # `f(*[r[k] for r in rest])`, `rest` a helper's `*rest`
        atom = self._expr(node)
        if isinstance(atom, Const) and isinstance(atom.value, (tuple, list)):
            return [Const(v) for v in atom.value]
        if isinstance(self.displays.get(atom), (tuple, list)):
            return list(self.displays[atom])
        count = self._spread_count(call)
        if count is None:     # np.hypot(*x[2:4]): two; f(*p, *q), q = [x[2]]: its display's length; checked at run time
            count = next((n for n in (_slice_length(node), known_length(self, atom)) if n is not None), None)
        if count is None and isinstance(node, ast.Call) and all(k.arg for k in node.keywords):
            count = rules.registry.result_length(   # lfilter(*butter(4, 0.2), x): (b, a), checked at run time
                self._resolve(node.func), [_constant(a) for a in node.args],
                {k.arg: _constant(k.value) for k in node.keywords})
        count, every = (count, None) if count is not None else (self._spread_count(call, defaults=True),) * 2
        if count is None or not isinstance(atom, Var):
            sliced = isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice)
            self._unsupported(node, f"`*{ast.unparse(node)}` in a call, whose number of elements is not "
                              "known until the function runs,",
                              "give the slice both ends as numbers (`*x[2:4]`: two elements, checked when it "
                              "runs), or pass the elements explicitly (`f(x[2], x[3])`)" if sliced else
                              "pass the elements explicitly (`f(t[0], t[1])`), or the tuple itself "
                              "(`np.zeros(shape)`); a user function or class taking a fixed number of positional "
                              "arguments (no defaults, no `*args`) may be called with it")
        where = self.parsed.location(call)
        label = f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: `{ast.unparse(call)}`"
        self.body.append(Effect(effects.EXPECT_LENGTH, (atom, Const(count), Const(label))
                                + ((Const(True),) if every is not None else ()), where))   # (defaults: all given)
        return [self._item(atom, k, node) for k in range(count)]

    def _comprehension_of_known_length(self, node: ast.expr) -> list | None:
        """The elements of ``[r[k] for r in rest]`` (one ``for``, no ``if``) over a name holding a
        tuple whose items are known while lowering (a helper's ``*rest``, a display): one element
        per item, each lowered with the target bound to it; None for any other expression."""
        if not (isinstance(node, (ast.ListComp, ast.GeneratorExp)) and len(node.generators) == 1
                and not node.generators[0].ifs and not node.generators[0].is_async
                and isinstance(node.generators[0].iter, ast.Name)):
            return None
        generator = node.generators[0]
        whole = self._expr(generator.iter)        # (a name: nothing emitted)
        if isinstance(whole, StaticSequence):
            items = list(whole.items)
        elif whole not in self.lists and isinstance(self.displays.get(whole), tuple):
            items = list(self.displays[whole])
        elif isinstance(whole, Const) and isinstance(whole.value, tuple):
            items = [Const(v) for v in whole.value]
        else:
            return None
        targets = [n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)]
        elements = []
        with self._scoped(targets):
            for item in items:
                self._bind(generator.target, item)
                elements.append(self._arg(node.elt))
        return elements

    def _spread_count(self, call: ast.Call, defaults: bool = False) -> int | None:
        """How many elements the one ``*t`` in ``call`` must have: what the user function called
        takes positionally, less the other arguments (``defaults``: those with defaults too); None where
        that is not one number (a default, a ``*args`` parameter, a function without source, a method)."""
        if sum(isinstance(a, ast.Starred) for a in call.args) != 1 or any(k.arg is None for k in call.keywords):
            return None
        value = self._callee_value(call.func)
        if isinstance(value, SourceFunction):                       # a lambda or nested def
            args = value.node.args
            positional = [a.arg for a in (*args.posonlyargs, *args.args)]
            fixed = args.vararg is None and (defaults or not args.defaults)
        else:
            function = value.obj if isinstance(value, PythonFunction) and value.receiver is None else (
                None if value is not None else self._resolve(call.func))
            function = getattr(function, "__transpiler_original__", function)
            if _named_tuple_without_defaults(function):          # GloveParams(*[... for p in params])
                function = function.__new__
            constructor = _user_constructor(function)           # Lin(*p): what its __init__ takes
            if constructor is not None:
                function = constructor
            if not isinstance(function, types.FunctionType) or defaults and rules.registry.from_a_library(function):
                return None         # (a library's defaults: its own rules say how many a spread gives)
            params = [p for p in inspect.signature(function).parameters.values() if p.name != "_cls"]
            if constructor is not None:
                params = params[1:]                             # (`self`)
            positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            fixed = all(p.kind is not p.VAR_POSITIONAL and (defaults or p.name not in positional
                                                             or p.default is p.empty) for p in params)
        named = {k.arg for k in call.keywords}
        count = len([p for p in positional if p not in named]) - (len(call.args) - 1)
        return count if fixed and count >= 0 else None

    def _keyword_elements(self, node: ast.expr, call: ast.Call) -> dict[str, Atom]:
        """The keyword values of ``**opts``: a helper's ``**kwargs`` parameter, a dict display
        with constant keys (``**{"axis": 0}``), a dict built with constant keys, or a dict known
        only at run time spread into a user function (keyword_spread.py)."""
        if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                              for k in node.keys):
            return {k.value: self._arg(v) for k, v in zip(node.keys, node.values)}
        atom = self._expr(node)
        if isinstance(self.displays.get(atom), dict):
            return dict(self.displays[atom])
        entries = self.dict_entries.get(atom) if isinstance(atom, Var) else None
        if entries is not None and all(isinstance(k, str) for k in entries):
            return dict(entries)
        if (from_dict := keywords_from_dict(self, atom, node, call)) is not None:
            return from_dict
        if (whole := whole_dict(self, atom, node, call)) is not None:
            return whole                # into the callee's own **kw (keyword_spread.py)
        self._unsupported(node, f"`**{ast.unparse(node)}` in a call (only a helper's own `**kwargs` is "
                          "known while lowering)", "pass the keywords explicitly")

    def _keyword_membership(self, node: ast.Compare) -> Const | None:
        """``"market_caps" not in kwargs`` of a helper's ``**kwargs`` (PyPortfolioOpt's
        ``_set_pi``): known while lowering, from the keywords passed; None for another comparison."""
        op, container = node.ops[0], node.comparators[0]
        if not (isinstance(op, (ast.In, ast.NotIn)) and isinstance(node.left, ast.Constant)
                and isinstance(container, ast.Name)):
            return None
        keywords = self.displays.get(self.env.get(container.id))
        if not isinstance(keywords, dict):
            return None
        return Const((node.left.value in keywords) == isinstance(op, ast.In))

    def _keyword_value(self, node: ast.Subscript, opts: Var) -> Atom:
        """``opts["key"]`` of a helper's ``**opts``."""
        values = self.displays[opts]
        if node.slice.value not in values:
            self._unsupported(node, f"`{ast.unparse(node)}`: no keyword {node.slice.value!r} was passed "
                              f"(the keywords are {sorted(values)}),", "pass it, or read only the keywords passed")
        return values[node.slice.value]

    def _is_keyword_get(self, node: ast.Call) -> bool:
        return self._known_entries(node) is not None

    def _known_entries(self, node: ast.Call) -> dict | None:
        """The entries of ``d`` in ``d.get(...)``, where the compiler knows them all: a helper's
        ``**opts``, or a dict the function built with constant keys (dicts.py)."""
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "get"):
            return None
        return self._dict_entries_of(func.value)

    def _dict_entries_of(self, node: ast.expr) -> dict | None:
        """The entries of the dict the name ``node`` holds, where the compiler knows them all."""
        if not isinstance(node, ast.Name):
            return None
        current = self.env.get(node.id)
        if isinstance(self.displays.get(current), dict):
            return self.displays[current]
        return self.dict_entries.get(current) if isinstance(current, (Var, Const)) else None

    def _keyword_get(self, node: ast.Call) -> Atom:
        """``opts.get("key", default)`` of a helper's ``**opts`` or of a dict built here."""
        values = self._known_entries(node)
        if not node.keywords and 1 <= len(node.args) <= 2 and not any(isinstance(a, ast.Starred) for a in node.args) \
                and not isinstance(node.args[0], ast.Constant):
            return self._get_at_a_run_time_key(node, values)     # grads.get(k, 0.0) in `for k in params`
        if node.keywords or not 1 <= len(node.args) <= 2 or not (
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            self._unsupported(node, f"`{ast.unparse(node)}`",
                              "read a keyword by a constant name: `opts.get(\"scale\", 1.0)`")
        self._load(node.func.value)                          # (a stale name is refused here)
        key = node.args[0].value
        if key in values:
            return values[key]
        return self._arg(node.args[1]) if len(node.args) == 2 else Const(None)

    def _get_at_a_run_time_key(self, node: ast.Call, values: dict) -> Atom:
        """``d.get(k, default)`` of a dict whose entries the compiler knows, at a key ``k`` known
        only at run time: the entry whose key equals ``k``, tested in the dict's order, else the
        default (``v1 if k == "a" else v2 if k == "b" else default``)."""
        self._load(node.func.value)                          # (a stale name is refused here)
        with self._holding() as hold:
            key = hold(self._arg(node.args[0]), node.args[0])
            chosen = hold(self._arg(node.args[1]), node.args[1]) if len(node.args) == 2 \
                else ast.Constant(None)
            for entry_key, value in reversed(list(values.items())):
                test = ast.Compare(left=key, ops=[ast.Eq()], comparators=[ast.Constant(entry_key)])
                chosen = ast.IfExp(test=test, body=hold(value, node), orelse=chosen)
            return self._expr(ast.fix_missing_locations(ast.copy_location(chosen, node)))

    # A helper's parameters -------------------------------------------------------------------
    def _binds(self, node: ast.Call, parsed, receiver=None) -> bool:
        """Do this call's arguments match the helper's parameters (else Python raises TypeError)?"""
        try:
            inspect.signature(parsed.func).bind(*([_RECEIVER] if receiver is not None else []), *node.args,
                                                **{k.arg: k.value for k in node.keywords})
        except TypeError:
            return False
        return True

    def _bind_call(self, node: ast.Call, parsed, receiver=None) -> tuple[dict, dict]:
        """The values of the parameters of the helper ``parsed`` for this call (defaults
        filled in), and the displays of its ``*args`` and ``**kwargs`` parameters. ``receiver``:
        a method's object, bound to its first parameter (``self``)."""
        signature = inspect.signature(parsed.func)
        bound = self._bound(node, signature, f"`{parsed.name}`", receiver)
        arguments, displays = {}, {}
        for name, param in signature.parameters.items():
            given = bound.arguments.get(name)
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                arguments[name] = self._star_parameter(node, param, given, parsed.tree, parsed.name, displays)
            elif name in bound.arguments:
                arguments[name] = receiver if given is _RECEIVER else self._arg(given)
            elif isinstance(param.default, ATOM_TYPES) or _constant_tuple(param.default):
                arguments[name] = Const(param.default)       # (a tuple of constants: as `(1, 2)` written)
                self.dependencies.used_defaults(parsed)
            elif (function := static_default(param.default)) is not None:
                arguments[name] = function                  # nonlinearity=np.tanh, acts=(np.tanh, np.sin)
                self.dependencies.used_defaults(parsed)
            elif isinstance(param.default, (np.ndarray, np.generic, list, tuple, dict)):
                arguments[name] = self._default_value(parsed, name)     # read at call time
            else:
                self._unsupported(node, f"the default value of `{name}` in `{parsed.name}`",
                                  "pass the argument explicitly")
        return arguments, {k: v for k, v in displays.items() if isinstance(k, Var)}

    def _bind_source_arguments(self, node: ast.Call, fn: SourceFunction) -> tuple[dict, dict]:
        """Python's binding of a call's arguments to a lambda's or nested function's parameters
        (``*args`` and ``**kwargs`` too), its defaults the values ``fn`` was defined with."""
        signature = _source_signature(fn.node.args)
        bound = self._bound(node, signature, fn.describe())
        arguments, displays = {}, {}
        for name, param in signature.parameters.items():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                arguments[name] = self._star_parameter(node, param, bound.arguments.get(name), fn.node, fn.name,
                                                       displays)
            else:
                arguments[name] = self._arg(bound.arguments[name]) if name in bound.arguments else fn.defaults[name]
        return arguments, {k: v for k, v in displays.items() if isinstance(k, Var)}

    def _bound(self, node: ast.Call, signature: inspect.Signature, callee: str, receiver=None):
        """Python's binding of ``node``'s arguments (expressions) to ``signature``."""
        try:
            return signature.bind(*([_RECEIVER] if receiver is not None else []), *node.args,
                                  **{k.arg: k.value for k in node.keywords})
        except TypeError as exc:
            self._unsupported(node, f"this call to {callee} ({exc})",
                              "match the function's parameters (a call on a path that never runs is skipped only "
                              "where the branch's test is known when compiling, as `w is None` for an array "
                              "the function made; pass such a value rather than testing a parameter)")

    def _star_parameter(self, node: ast.Call, param: inspect.Parameter, given, tree: ast.AST, callee: str,
                        displays: dict) -> Atom:
        """The value of a ``*args`` parameter (a tuple of the values passed) or a ``**kwargs`` one
        (read by key only), its elements recorded in ``displays``."""
        name = param.name
        if param.kind is param.VAR_POSITIONAL and given and len(given) == 1 and isinstance(given[0], ast.Starred):
            return self._passed_on(node, given[0].value, name)      # total(*rest): the tuple itself
        if param.kind is param.VAR_POSITIONAL and given and not any(isinstance(v, ast.Starred) for v in given) \
                and any(self._names_function(v) for v in given):
            items = tuple(self._arg(v) for v in given)   # Sequential(Linear(2, 50), Tanh()): as a display
            return StaticSequence(items, of_objects=any(isinstance(i, LocalObject) for i in items))
        if param.kind is param.VAR_POSITIONAL:
            elements = tuple(self._arg(v) for v in given or ())
            if any(isinstance(e, Static) and not isinstance(e, ObjectValue) for e in elements):
                # chain(scale_by_adam(), scale(-lr)): helpers' results known only while compiling
                return StaticSequence(elements, of_objects=any(isinstance(e, LocalObject) for e in elements))
            if all(isinstance(e, Const) for e in elements):
                value = Const(tuple(e.value for e in elements))
            else:
                value = self._apply(node, indexing.TUPLE, elements, (), name)
            displays[value] = elements
            return value
        whole = self._keywords_used_whole(tree, name)
        if given and set(given) == {WHOLE_DICT}:
            return self._arg(given[WHOLE_DICT])    # a run-time dict spread whole (keyword_spread.py): a copy of it
        if whole is not None and WHOLE_DICT not in (given or {}):    # used whole: `self.options = options`
            values = {k: self._arg(v) for k, v in (given or {}).items()}
            if not any(isinstance(v, Static) for v in values.values()):    # (no dict holds a function or object)
                return new_dict(self, node, values, name)       # the keywords passed, as Python's dict
        if whole is not None:
            self._refuse_keywords_use(node, callee, name, whole)
        value = Var(self.names.fresh(name))     # never in the code: read by key only
        displays[value] = {k: self._arg(v) for k, v in (given or {}).items()}
        return value

    def _default_value(self, parsed, name: str) -> Var:
        """An array (or container) default of a helper's parameter: a free value, read at call
        time like a global (never written: the generated code updates copies)."""
        key = (id(parsed.func), DEFAULT_OF + name)
        if key not in self.free:
            self.free[key] = var = Var(self.names.fresh(f"{parsed.name}_{name}_default"))
            self.readers[var.name] = (parsed, DEFAULT_OF + name)
            self.external.add(var)
        return self.free[key]

    def _keywords_used_whole(self, tree: ast.AST, name: str) -> ast.Name | None:
        """Where a helper's ``**name`` is used other than read by constant key, passed on with
        ``**`` or spread into a dict display (those need no dict at run time); None if nowhere."""
        allowed = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                allowed.add(id(node.value))
            elif isinstance(node, ast.Attribute) and node.attr in ("get", "pop"):
                allowed.add(id(node.value))
            elif isinstance(node, ast.keyword) and node.arg is None:
                allowed.add(id(node.value))
            elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
                allowed.add(id(node.comparators[0]))      # "market_caps" not in kwargs
            elif isinstance(node, ast.Dict):              # {**defaults, **kwargs}: dict_spreads.py
                allowed.update(id(v) for k, v in zip(node.keys, node.values) if k is None)
            elif is_dict_update(node) or _updates_with_one_dict(node):   # self.__dict__.update(kwds): attributes,
                allowed.add(id(node.args[0]))            # self.param.update(kwargs): one entry per keyword
        return next((node for node in ast.walk(tree)
                     if isinstance(node, ast.Name) and node.id == name and id(node) not in allowed), None)

    def _refuse_keywords_use(self, call: ast.Call, callee: str, name: str, node: ast.Name) -> None:
        """Refused at ``call`` (the helper's own lines may be another file's): ``**name`` used whole where
        a run-time dict was spread into it or a keyword passed a function or object (no dict holds one)."""
        self._unsupported(call, f"calling `{callee}`, which uses `**{name}` other than as `{name}['key']`, "
                          f"`{name}.get('key', default)`, `{name}.pop('key', default)`, `'key' in {name}`, `f(**{name})`, `d.update({name})` or `{{**{name}}}` (`{ast.unparse(node)}` in its body), given a dict spread whole or a function or object,",
                          f"read its values by constant key (`{name}['scale']`) or name the "
                          "parameters explicitly")


def _updates_with_one_dict(node: ast.AST) -> bool:
    """``d.update(kwargs)``: a dict updated from the keywords (dict_updates.py; refused there
    where ``d`` is not a dict the function made)."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
            and len(node.args) == 1 and not node.keywords)


_DEFAULT = object()      # stands for a nested function's default value (evaluated where it was defined)


def _source_signature(args: ast.arguments) -> inspect.Signature:
    """The signature of a lambda or nested ``def``, from its source."""
    kind = inspect.Parameter
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    params = [kind(a.arg, kind.POSITIONAL_ONLY if a in args.posonlyargs else kind.POSITIONAL_OR_KEYWORD,
                   default=_DEFAULT if i >= first_default else kind.empty) for i, a in enumerate(positional)]
    if args.vararg is not None:
        params.append(kind(args.vararg.arg, kind.VAR_POSITIONAL))
    params += [kind(a.arg, kind.KEYWORD_ONLY, default=kind.empty if d is None else _DEFAULT)
               for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if args.kwarg is not None:
        params.append(kind(args.kwarg.arg, kind.VAR_KEYWORD))
    return inspect.Signature(params)


def _constant_tuple(value) -> bool:
    """A tuple of numbers, strings or None (micrograd's ``_children=()``, ``axis=(0, 1)``):
    immutable, so the default is a constant of the code, like the same tuple written in it."""
    return type(value) is tuple and all(isinstance(v, ATOM_TYPES) and not isinstance(v, tuple) for v in value)


def _constant(node: ast.expr):
    return node.value if isinstance(node, ast.Constant) else rules.registry.NOT_A_CONSTANT


def _slice_length(node: ast.expr) -> int | None:
    """How many elements ``x[a:b]`` or ``x[a:b:s]`` has where ``x`` holds at least ``b`` (``a``,
    ``b`` and ``s`` non-negative integer constants, ``b`` given): ``*x[2:4]`` spreads two, after a
    run-time check that there are (the call takes fewer where ``x`` is shorter: Python's TypeError
    from the callee, or a wrong call). None for any other expression."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice)):
        return None
    parts = [node.slice.lower, node.slice.upper, node.slice.step]
    if parts[1] is None or not all(p is None or isinstance(p, ast.Constant) and type(p.value) is int and p.value >= 0
                                   for p in parts):
        return None
    lower, upper, step = (None if p is None else p.value for p in parts)
    if step == 0:
        return None
    return len(range(lower or 0, upper, step or 1))


def _named_tuple_without_defaults(cls) -> bool:
    """A NamedTuple class whose fields all have to be given: ``Cls(*t)`` takes exactly that many."""
    return isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields") \
        and not getattr(cls, "_field_defaults", None)


def _user_constructor(cls):
    """The ``__init__`` a class of the user's defines (``Lin(*p)`` takes what it takes after
    ``self``), or None: not a class, or one whose construction is not a plain ``__init__`` (a
    ``__new__`` of its own, a builtin's, a metaclass's ``__call__``)."""
    if not isinstance(cls, type) or cls.__new__ is not object.__new__ or type(cls).__call__ is not type.__call__:
        return None                             # (a metaclass's __call__ may build it otherwise)
    init = cls.__init__
    return init if isinstance(init, types.FunctionType) else None
