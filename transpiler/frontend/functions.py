"""Lowering functions as values: lambdas, nested ``def`` and closures, functions passed as
arguments or defaults and stored in names, lists, tuples and dicts, and methods of user objects.

What such a value is, is known while lowering (values.py); a call of it is inlined like a call of
a module-level function (calls.py ``_inline``). A nested function's body sees its enclosing
function's names as they are when it is *called* (Python's late binding), read from the
enclosing activation (``Frame``), which may have ended when a helper returned the closure.
"""
from __future__ import annotations

import ast
import functools
import inspect
import types

from ..ir import Atom, Const, Var
from .free_sequences import reads_free_sequence
from .generators import is_generator_function
from .helper_results import captured_writes, with_final_return, written_back
from .function_arguments import string_constants
from .function_dicts import (DispatchedFunction, call_dispatched, dict_view_iterations, dispatched_function,
                             function_chosen_by)
from .jumps import EXIT_FLAG, rewrite_jumps
from .callable_objects import callable_binding
from .free_library_objects import free_callable_object
from .argument_lengths import (argument_iterations, item_of, length_of_parameter, parameter_length, zipped_count,
                               zipped_lengths)
from .object_lists import known_length, makes_object, sliced_objects
from .object_loops import constant_range, keeps_objects, kept_object_iterations
from .never_run import never_run_path
from .passed_functions import compiled_alone
from .source import MISSING, SELF_ATTRIBUTE
from .record_values import is_dataclass_record
from .records import plain_dataclass
from .values import (Ambiguous, Frame, LocalObject, MadeInLoop, ObjectValue, PartialFunction, PythonFunction,
                     SourceFunction, Static, StaticDict, StaticSequence, VectorizedFunction, has_user_receiver,
                     declared_outer, is_user_class, is_user_object, local_names, walk_scope)


class FunctionLowering:
    """Functions and objects as values; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    # Making function values ----------------------------------------------------------------
    def _lambda(self, node: ast.Lambda) -> SourceFunction:
        return SourceFunction(node, self.parsed, self.frames[-1], self._defaults_of(node.args), "lambda")

    def _nested_def(self, stmt: ast.FunctionDef) -> None:
        if stmt.decorator_list:
            self._unsupported(stmt.decorator_list[0], "a decorator on a nested function",
                              "define the decorated function at module level")
        self.env[stmt.name] = SourceFunction(stmt, self.parsed, self.frames[-1],
                                             self._defaults_of(stmt.args), stmt.name)

    def _defaults_of(self, args: ast.arguments) -> dict:
        """Default values, evaluated where the function is defined (once), as Python does."""
        positional = [*args.posonlyargs, *args.args]
        defaults = {a.arg: self._arg(d) for a, d in zip(positional[len(positional) - len(args.defaults):],
                                                       args.defaults)}
        defaults.update({a.arg: self._arg(d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
        return defaults

    def _static_of(self, node: ast.expr, obj) -> Static:
        """A global's, closure's or attribute's value that is a function or a user object."""
        if isinstance(obj, functools.partial):
            return self._partial_object(node, obj)
        if is_user_object(obj) and not inspect.ismethod(obj):
            parsed, path = self._origin(node)
            # the object may be rebound; the code inlined its class's methods: that must still hold
            self.dependencies.resolved(parsed, f"{path}.__class__", type(obj))
            return ObjectValue(obj, parsed, path)
        receiver = None
        if has_user_receiver(obj) and isinstance(node, ast.Attribute):
            if isinstance(obj.__self__, type):          # a classmethod: `cls` is the class
                receiver = ObjectValue(obj.__self__, *self._origin(node.value))
            else:
                receiver = self._expr(node.value)
        return PythonFunction(obj, ast.unparse(node), receiver if isinstance(receiver, ObjectValue) else None)

    def _origin(self, node: ast.expr) -> tuple:
        """Where the dotted name ``node`` is read at call time: (ParsedFunction, path). A chain
        rooted at a user object bound to a local name (a method's ``self``) is read through the
        global or closure path the object was found at."""
        root, attrs = node, []
        while isinstance(root, ast.Attribute):
            attrs.append(root.attr)
            root = root.value
        value = self.env.get(root.id) if isinstance(root, ast.Name) else None
        if isinstance(value, ObjectValue):
            return value.parsed, ".".join([value.path, *reversed(attrs)])
        if isinstance(root, ast.Name):      # (what ast.unparse prints, spelled directly: every call asks)
            return self.parsed, ".".join([root.id, *reversed(attrs)])
        return self.parsed, ast.unparse(node)

    def _bind_method_object(self, args: ast.arguments) -> None:
        """A method differentiated for one object (``grad(model.loss)``, source.method_of): its
        ``self`` is that object, whose attributes are read at call time."""
        if hasattr(self.parsed.func, SELF_ATTRIBUTE) and args.args:
            name = args.args[0].arg
            obj = self.parsed.lookup(name)
            self.dependencies.resolved(self.parsed, f"{name}.__class__", type(obj))
            self.env[name] = ObjectValue(obj, self.parsed, name)

    # Calling them --------------------------------------------------------------------------
    def _callee_value(self, func: ast.expr) -> Static | None:
        """What a call's function expression is, when it is a value of the function being
        lowered (a local name, ``fs[0]``, ``make()(x)``): a static value; None otherwise."""
        if (library_object := free_callable_object(self, func)) is not None:
            return library_object      # DRAG_RISE(mach) of a global interp1d (free_library_objects.py)
        if isinstance(func, ast.Name):
            if func.id not in self.env or self.free.get((None, func.id)) is self.env[func.id]:
                return None      # (generated code's free value: a call that simply ran, and runs again)
            value = self._load(func)
        elif isinstance(func, ast.Attribute):
            return None
        elif isinstance(func, ast.Call) and (made := callable_binding(self, func)) is not None:
            return made          # np.poly1d(c)(x): the object called where it is made
        else:
            value = self._expr(func)
        if not isinstance(value, Static) and self.unreachable:
            return _NEVER_CALLED
        if isinstance(value, Var) and (value in self.parameters or self._storage(value) & self.parameters):
            return None     # a parameter (or its item) the call did not tell: it simply runs (function_arguments.py)
        if not isinstance(value, Static):
            what = f"`{ast.unparse(func)}`" if isinstance(func, ast.Name) else "this value"
            self._unsupported(func, f"calling {what} (a value computed by the function, not a function "
                              "known when it is compiled)",
                              "call a function by its name or module path, e.g. `np.sum(x)`, or pass a "
                              "function defined in the source")
        return value

    def _call_value(self, node: ast.Call, value: Static, name: str | None):
        if value is _NEVER_CALLED:
            return Const(None)
        if isinstance(value, PartialFunction):
            return self._call_partial(node, value, name)
        if isinstance(value, VectorizedFunction):
            return self._call_vectorized(node, value, name)
        if isinstance(value, SourceFunction):
            return self._inline_source(node, value)
        if isinstance(value, DispatchedFunction):
            return call_dispatched(self, node, value, name)
        if isinstance(value, PythonFunction):
            if value.receiver is not None:     # (a local object's method may end without `return`)
                return self._inline(node, value.obj, receiver=value.receiver,
                                    procedure=isinstance(value.receiver, LocalObject))
            if isinstance(value.obj, type) and (made := self._construct_any(node, value.obj, name)) is not None:
                return made             # net_class(...): a user class held by a name (objects.py)
            return self._call_object(node, value.obj, name)
        if isinstance(value, ObjectValue) and isinstance(getattr(type(value.obj), "__call__", None),
                                                         types.FunctionType):
            return self._inline(node, type(value.obj).__call__, receiver=value)
        if isinstance(value, LocalObject) and isinstance(getattr(value.cls, "__call__", None), types.FunctionType):
            return self._inline(node, value.cls.__call__, receiver=value, procedure=True)   # layer(x)
        if isinstance(value, ObjectValue) and isinstance(value.obj, type) \
                and (made := self._construct_any(node, value.obj, name)) is not None:
            return made                 # cls(...) in a classmethod: the class it was called on
        self._unsupported(node.func, f"calling {value.describe()}", "call a function")

    def _inline_source(self, node: ast.Call, fn: SourceFunction, procedure: bool = False):
        """A call of a lambda or nested function: its body lowered here, its parameters bound to
        the call's arguments, its free names read from its enclosing function. ``procedure``:
        called for its effects, as ``_inline``'s (dispatched_procedures.py)."""
        if any(entry is fn for entry, _ in self.calls):
            return self._recursive_call(node, compiled_alone(self, fn, node))    # as a module-level def's
        if is_generator_function(fn.node):        # (a loop over it, or list(gen()), is generators.py's)
            self._unsupported(node, f"calling the generator `{fn.name}` other than as the iterable of a `for` loop "
                              "or comprehension (its state would escape: its body runs as its items are asked for)",
                              f"loop over it where you call it (`for v in {fn.name}(...):`), or collect its items: "
                              f"`[v for v in {fn.name}(...)]`")
        arguments, displays = self._bind_source_arguments(node, fn)     # (signatures.py)
        local = local_names(fn.node)
        written = captured_writes(self, fn, local, defined_here=fn.frame is self.frames[-1])   # total[0] += v
        enclosing = self._frame_env(fn.frame)
        env = {k: v for k, v in enclosing.items() if k not in local}
        env.update(self._objects_in(self.env))       # local objects' attributes as they are now
        env.update(arguments)
        saved, at_call = (self.parsed, self.env, self.displays), dict(self.env)
        self.calls.append((fn, self.parsed.location(node)))
        self.callers.append(self.env)
        self.frames.append(Frame())
        self.parsed, self.env, self.displays = fn.parsed, env, {**self.displays, **displays}
        rebound = declared_outer(fn.node, ast.Nonlocal)        # inc(): `nonlocal n; n += 1`
        try:
            if isinstance(fn.node, ast.Lambda):
                return self._expr(fn.node.body)
            counter = rebound and not any(isinstance(s, ast.Return) for s in walk_scope(fn.node.body))
            tree = rewrite_jumps(self._without_tries(fn.node, fn.parsed), self.names)
            self._reject_loop_else(tree)
            body = with_final_return(self._statements_of(tree), tree, procedure or counter)   # (inc(): None)
            for stmt in body[:-1]:
                self._statement(stmt)
            if not body or not isinstance(body[-1], ast.Return):
                self._unsupported(tree, f"`{fn.name}` without a final `return`",
                                  "end the function with `return <value>`")
            result = self._return(body[-1], name=None)
            written_back(self, arguments, at_call, self.callers[-1], tree, node)
            return result
        finally:
            callee_env = self.frames.pop().final = self.env
            self.calls.pop()
            self.callers.pop()
            self.parsed, self.env, self.displays = saved
            self._objects_back(callee_env)
            for name in rebound | written:      # (declared where the caller's names are its own: outer_names.py)
                if name in callee_env and name in self.env:
                    self.env[name] = callee_env[name]

    def _frame_env(self, frame: Frame) -> dict:
        """The environment of activation ``frame``, now."""
        if frame is self.frames[-1]:
            return self.env
        for k, active in enumerate(self.frames[:-1]):
            if active is frame:
                return self.callers[k]
        return frame.final

    # Containers of functions ---------------------------------------------------------------
    def _names_function(self, node: ast.expr) -> bool:
        """Does ``node`` (an element of a display) evaluate to a function or a container of
        them? Decided from the source, before lowering it."""
        if isinstance(node, ast.Lambda):
            return True
        if isinstance(node, (ast.Tuple, ast.List)):
            return any(self._names_function(e) for e in node.elts)
        if makes_object(self, node):
            return True                   # [Dense(2, 3), layer]: a list of objects (object_lists.py)
        if isinstance(node, ast.Name) and node.id in self.env:
            return isinstance(self.env[node.id], (PythonFunction, SourceFunction, StaticSequence, StaticDict))
        if isinstance(node, (ast.Name, ast.Attribute)):
            obj = self._resolve(node)
            return obj is not MISSING and callable(obj) and not isinstance(obj, type)
        return False

    def _static_display(self, node: ast.expr) -> Static | None:
        """A list, tuple or dict display holding functions, or None for any other display."""
        if isinstance(node, ast.Dict):
            if not all(isinstance(k, ast.Constant) for k in node.keys) or \
                    not any(self._names_function(v) for v in node.values):
                return None
            return StaticDict({k.value: self._arg(v) for k, v in zip(node.keys, node.values)})
        if not any(self._names_function(e) for e in node.elts):
            return None
        if any(isinstance(e, ast.Starred) for e in node.elts):
            self._unsupported(node, "a starred element here", "list the elements explicitly")
        items = tuple(self._arg(e) for e in node.elts)
        return StaticSequence(items, of_objects=any(isinstance(i, LocalObject) for i in items))

    def _held_items(self, items: tuple) -> StaticSequence | None:
        """A display holding a function known only while compiling (a closure a helper returned), held
        as a display naming functions is; None where every item has a value (``list``, a record)."""
        if not any(isinstance(i, (SourceFunction, PartialFunction, VectorizedFunction))
                   or isinstance(i, PythonFunction) and not _library_class(i.obj) for i in items):
            return None
        return StaticSequence(items, of_objects=any(isinstance(i, LocalObject) for i in items))

    def _static_subscript(self, value: Static, node: ast.Subscript):
        index = node.slice
        key = self._static(self._expr(index)) if isinstance(index, (ast.Name, ast.Constant, ast.UnaryOp, ast.Attribute,
                                                                   ast.BinOp)) else None       # (nodes[idx - 1])       # (a free string folded: `ACTIVATIONS[self.activation]`, the name a closure's)
        key = key.value if isinstance(key, Const) else MISSING      # (a constant, or an unrolled loop's counter)
        if isinstance(value, StaticDict) and key in value.items:
            return value.items[key]
        if isinstance(value, StaticSequence) and isinstance(key, int) and -len(value.items) <= key < len(value.items):
            return value.items[key]
        if isinstance(value, StaticSequence) and isinstance(index, ast.Slice) \
                and (bounds := self._constant_slice(index)) is not None:
            return StaticSequence(value.items[slice(*bounds)], value.of_objects)    # layers[:-1]
        if (chosen := dispatched_function(self, value, node)) is not None:
            return chosen                   # f = ACTIVATIONS[name], name known at run time
        self._unsupported(node, f"indexing {value.describe()} with `{ast.unparse(index)}`",
                          "index it with a constant, or loop over it (`for f in fs:`)")

    def _constant_slice(self, index: ast.Slice) -> tuple | None:
        """(start, stop, step) of a slice written with constants (or None parts), else None."""
        parts = [None if p is None else self._expr(p) for p in (index.lower, index.upper, index.step)]
        if all(p is None or isinstance(p, Const) and isinstance(p.value, int) for p in parts):
            return tuple(None if p is None else p.value for p in parts)
        return None

    def _static_for(self, node: ast.For) -> bool:
        """A loop over a list or tuple of functions (``for f in fs``, ``enumerate(fs)``,
        ``zip(weights, activations)``), or over ``range(...)`` with constant bounds whose body
        indexes one by the counter (``acts[i]``): unrolled, one copy of the body per function
        (each call inlined). False if the loop is none of these."""
        unrolled = self._unrolled_iterations(node)
        if unrolled is None:
            return False
        count, bind = unrolled
        flag = getattr(node, EXIT_FLAG, None)
        for k in range(count):
            def iteration(k=k):
                bind(k)
                self._block(node.body)
            if k and flag is not None and flag in self.env:   # after a `break`, nothing more
                self._if(self._load(ast.copy_location(ast.Name(id=flag, ctx=ast.Load()), node)),
                         lambda: None, iteration, node)
            else:
                iteration()
        return True

    def _unrolled_iterations(self, node: ast.For):
        """(number of iterations, bind(k) binding the targets of iteration k), or None."""
        it, target = node.iter, node.target
        if self._static_sequence(it) is not None:
            items = self._static_sequence(it, lower=True).items
            return len(items), lambda k: self._bind(target, items[k])
        if (argument := argument_iterations(self, node)) is not None:
            return argument                           # for x in xs, reversed(xs): argument_lengths.py
        if (view := dict_view_iterations(self, it, target)) is not None:
            return view                                          # for name, f in ACTIVATIONS.items()
        callee = self._resolve(it.func) if isinstance(it, ast.Call) and isinstance(
            it.func, (ast.Name, ast.Attribute)) else MISSING
        if callee is reversed and len(it.args) == 1 and not it.keywords \
                and self._static_sequence(it.args[0]) is not None:        # for f in reversed(fs)
            items = self._static_sequence(it.args[0], lower=True).items[::-1]
            return len(items), lambda k: self._bind(target, items[k])
        if callee in (enumerate, zip) and not it.keywords and it.args \
                and any(self._static_sequence(a) is not None or parameter_length(self, a) for a in it.args):
            targets = target.elts if isinstance(target, ast.Tuple) else None
            if targets is None or len(targets) != (2 if callee is enumerate else len(it.args)) \
                    or (callee is enumerate and len(it.args) != 1):
                self._unsupported(target, f"this target for `{callee.__name__}`", "unpack into one name per item")
            lengths = zipped_lengths(self, it.args)             # (before the arguments are lowered)
            seqs = [self._static_sequence(a, lower=True) or self._expr(a) for a in it.args]
            count = zipped_count(self, it, seqs, lengths)     # (checked where an array is zipped with them)
            if callee is enumerate:
                return count, lambda k: (self._bind(targets[0], Const(k)),
                                         self._bind(targets[1], item_of(self, seqs[0], k, node)))
            return count, lambda k: [self._bind(t, item_of(self, s, k, node)) for t, s in zip(targets, seqs)]
        if (kept := kept_object_iterations(self, node)) is not None:
            return kept                           # for W in (W1, W2): layers.append(Layer(W))
        if callee is range and isinstance(target, ast.Name) and self._indexes_static(node):
            values = constant_range(self, it)      # (range(len(y_list)) of a global list: object_loops.py)
            if values is None:
                self._unsupported(it, f"indexing a list of functions with `{target.id}`, counting over a range "
                                  "not known when the code is compiled,", "loop over the list itself (`for f in fs:`)")
            return len(values), lambda k: self._bind(target, Const(values[k]))
        if callee is range and isinstance(target, ast.Name) and (keeps_objects(self, node.body) or any(
                length_of_parameter(self, a) is not None for a in it.args)) \
                and (values := constant_range(self, it)) is not None:
            return len(values), lambda k: self._bind(target, Const(values[k]))      # object_loops.py
        return None

    def _static_sequence(self, node: ast.expr, lower: bool = False) -> StaticSequence | None:
        """``node`` if it is a list or tuple of functions (a name bound to one, or a display):
        lowered if ``lower``, else only recognised (then any non-None value)."""
        key = self._env_key(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if key is not None and isinstance(self.env.get(key), StaticSequence):
            return self.env[key]               # (a name, or a local object's attribute `self.layers`)
        if reads_free_sequence(self, node):
            return self._expr(node)            # model.layers, model.layers[1:]: a global's list
        if isinstance(node, (ast.List, ast.Tuple)) and self._names_function(node):
            return self._static_display(node) if lower else StaticSequence(())
        if (names := string_constants(node, self.env)) is not None:
            return StaticSequence(tuple(Const(name) for name in names))    # for name in ("sin", "tanh")
        return sliced_objects(self, node)          # points[1:], layers[:-1]: object_lists.py

    def _indexes_static(self, node: ast.For) -> bool:
        """Does the loop body index a list or dict of functions by the loop's counter?"""
        return any(isinstance(sub, ast.Subscript) and isinstance(sub.value, (ast.Name, ast.Attribute))
                   and isinstance(self.env.get(self._env_key(sub.value)), (StaticSequence, StaticDict))
                   and isinstance(sub.slice, ast.Name) and sub.slice.id == node.target.id
                   for sub in walk_scope(node.body))

    def _static_len(self, node: ast.Call) -> Const | None:
        """``len(fs)`` of a list, tuple or dict of functions, or of a list whose length is known: a constant."""
        arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
        key = self._env_key(arg) if isinstance(arg, (ast.Name, ast.Attribute)) else None
        if key is not None and isinstance(self.env.get(key), (StaticSequence, StaticDict)):
            return Const(len(self.env[key].items))
        if key is not None and (length := known_length(self, self.env.get(key))) is not None:
            return Const(length)                         # a list display grown by appends (object_lists.py)
        if arg is not None and reads_free_sequence(self, arg):
            return Const(len(self._expr(arg).items))          # len(model.layers)
        return None

    # Where an SSA value is needed ----------------------------------------------------------
    def _as_atom(self, value, node: ast.AST) -> Atom:
        """``value`` as an SSA atom: an object is read at call time like any free value; a
        function has no such value here."""
        if not isinstance(value, Static):
            return value
        if isinstance(value, ObjectValue):
            return self._free_value(value.parsed, value.path, node)
        if isinstance(value, (LocalObject, MadeInLoop)):
            return self._object_as_value(value, node)     # (a dataclass: its record; anything else refused)
        if isinstance(value, Ambiguous):
            self._ambiguous(value, node)
        if isinstance(value, PythonFunction) and _library_class(value.obj):
            return Const(value.obj)       # isinstance(p, (list, tuple)), isinstance(x, np.ndarray)
        if isinstance(value, StaticSequence) and value.of_objects:
            self._unsupported(node, f"{value.describe()} used as a value here (it is known only while compiling: "
                              "another name for it, or a function that is not inlined, would not see it change)",
                              "keep the list under one name (`self.layers`), and append to it, index it or loop "
                              "over it there")
        self._unsupported(node, f"{value.describe()} used as a value here (only calls of it, and "
                          "passing it to a function that calls it, are compiled)",
                          "call the function, or pass it to a helper that calls it")

    def _static_test(self, test, node: ast.AST):
        """A branch's test: a function is true (``if act:``); an object is tested at run time."""
        if isinstance(test, (PythonFunction, SourceFunction, StaticSequence, StaticDict)):
            truth = not isinstance(test, (StaticSequence, StaticDict)) or bool(test.items)
            return Const(truth)
        return self._object_atom(test, node)

    def _never_run(self, lower_it, never: bool):
        """``lower_it``, marked as lowering a path that never runs if ``never`` (its test is known):
        a call of a value that is not a function there (``if act is not None: h = act(h)`` with
        ``act`` None) is lowered as None instead of refused. The path is kept, as any branch."""
        return never_run_path(self, lower_it) if never else lower_it    # (refused code there: a `raise`)

    def _static_identity(self, prim, args: tuple, node: ast.AST):
        """``act is None`` / ``act is not None`` with ``act`` a function, or a value a NumPy
        function or an operator made (never None): a constant (None if the primitive is not
        such a test). Objects made in the function: ``p is q`` is known (the same object or
        not), and a dataclass object is never None; one that may be built at run time as a record
        is not compared otherwise (each use as a value builds it anew: record_values.py)."""
        test = getattr(prim.spelling, "compare", None)
        if test not in (ast.Is, ast.IsNot) or len(args) != 2:
            return None
        if any(isinstance(v, Const) and v.value is None for v in args):
            args = tuple(self._static(v) for v in args)  # `self.fixed_params is not None` of a free None
        a, b = args
        if isinstance(a, LocalObject) and isinstance(b, LocalObject):
            return Const((a is b) == (test is ast.Is))
        if any(isinstance(v, Const) and v.value is None for v in args) and any(
                isinstance(v, LocalObject) or is_dataclass_record(self, v) for v in args):
            return Const(test is ast.IsNot)
        if any(isinstance(v, LocalObject) and plain_dataclass(v.cls) or is_dataclass_record(self, v) for v in args):
            self._unsupported(node, "comparing a dataclass object made in the function with `is` or `is not` "
                              "to a value other than None", "compare its fields, or `==`")
        if isinstance(a, Const) and isinstance(b, Const) and (a.value is None or b.value is None):
            return Const((a.value is b.value) == (test is ast.Is))      # `offset is not None` of offset=0.25
        if isinstance(a, Const) and a.value is None:
            a, b = b, a
        known = _function_like(a) or isinstance(a, Var) and a in self.never_none
        if not (known and isinstance(b, Const) and b.value is None):
            return None
        return Const(test is ast.IsNot)

    def _object_atom(self, value, node: ast.AST):
        """An object as the SSA value read at call time; anything else as it is."""
        return self._as_atom(value, node) if isinstance(value, ObjectValue) else value

    def _ambiguous(self, value: Ambiguous, node: ast.AST):
        self._unsupported(node, *value.refusal())

    def _merge_static(self, user_name: str, a, b, node: ast.AST, taken: bool | None = None, test=None) -> bool:
        """After a branch: a name bound to a function on one path only, or to two different
        ones, is ambiguous (an error if used), unless the branch taken is known (``taken``:
        ``self.f = self._ll_nb2`` under ``if method == 'nb2'``): then it is the value of that
        path; two functions chosen by a ``test`` known at run time are the branches calling
        each (function_dicts.py). True if ``a`` or ``b`` is such a value."""
        if not (_function_like(a) or _function_like(b)):
            return False
        chosen = function_chosen_by(self, test, a, b, node) if taken is None and test is not None else None
        one = a if _function_like(a) else b
        live = chosen or ((a if taken else b) if taken is not None
                          else Ambiguous(user_name, self.parsed.location(node), one))
        if live is None:
            self.env.pop(user_name, None)          # bound only on the path that never runs
        else:
            self.env[user_name] = live
        return True

    def _static_result(self, value, node: ast.AST) -> Atom:
        """The value of a function the user differentiates: an SSA atom, never a function."""
        if isinstance(value, Static) and not isinstance(value, ObjectValue):
            self._unsupported(node, f"returning {value.describe()} from the differentiated function",
                              "return the value to differentiate (a closure may be returned by helpers)")
        return self._as_atom(value, node)


_NEVER_CALLED = Static()    # the callee of a call on a path that never runs (`_never_run`)


def _function_like(value) -> bool:
    """A static value that has no SSA atom (an object has one: it is read at call time)."""
    return isinstance(value, Static) and not isinstance(value, ObjectValue)


def static_default(value) -> Const | Static | None:
    """A parameter's default value as the lowering binds it: a constant, a function, a tuple or
    list of functions (``acts=(np.tanh, np.sin)``), or None if it is none of these (an array)."""
    if callable(value) and (not isinstance(value, type) or is_user_class(value)):    # (net_class=MLP too)
        return PythonFunction(value, getattr(value, "__qualname__", None) or repr(value))
    if type(value) in (tuple, list) and value and None not in (items := [static_default(v) for v in value]):
        return StaticSequence(tuple(items))
    return None


def _library_class(obj) -> bool:
    """A builtin's or NumPy's class (``tuple``, ``np.ndarray``): a constant generated code spells by
    its name, as a dtype (``float``) is. The one way a class becomes a value of the code, whatever
    receives it: ``isinstance(x, str)``, ``issubclass(c, (int, float))``, ``isinstance(p, (list,
    tuple))`` (the test then runs at run time). A user's class cannot be named by generated code."""
    return isinstance(obj, type) and (obj.__module__ == "builtins" or obj.__module__.partition(".")[0] == "numpy")
