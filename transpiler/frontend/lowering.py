"""Lowering: a parsed function (frontend/source.py) to the SSA IR (ir/nodes.py).

Names never collide with the user's identifiers, with free names the function reads, or with
names generated code relies on. Unsupported syntax is refused here, located at the user's line.

``_Lowering`` holds the state (names, environment, statement list, what may share memory) and
lowers statements and branches; each family of constructs is a mixin of its own module:
loops.py (``for``, ``while``), assignments.py (assignments and the writes they make),
expressions.py (expressions, and ``_apply``, which emits every primitive), calls.py (calls,
inlining, methods, attributes), functions.py (lambdas, nested functions, functions and objects
as values: values.py).
"""
from __future__ import annotations

import ast
import builtins
import copy
import weakref
from typing import Any, Callable

import numpy as np

from ..errors import UnsupportedSyntaxError
from ..ir import Assign, Atom, Const, Copy, Effect, Function, If, Var, always_raises, walk
from ..ir.code import all_nodes
from ..ir.names import NameAllocator
from ..primitives import in_place, indexing, registry
from ..primitives.runtime import HELPERS
from . import aliasing
from .aliasing import Stale
from .assignments import AssignmentLowering
from .attribute_queries import merge_presence
from .callable_objects import callable_binding
from .carried_tuples import with_carried_tuples_apart
from .current_positions import keys_written
from .calls import CallLowering
from .comprehensions import ComprehensionLowering
from .containers import ContainerLowering
from .deletions import lower_delete
from .environments import Environment, Scoped, bound_since, log_mark, names_to_merge
from .dependencies import Dependencies
from .dict_loops import lowered_with_entries_apart
from .tuple_loops import lowered_with_items_apart
from .list_defaultdicts import inserted_before_update, lowered_list_defaultdict
from .dicts import DictLowering
from .expressions import ExpressionLowering
from .functions import FunctionLowering
from .helper_results import branch_merges
from .imports import imported, raising_if_unimportable
from .jumps import rewrite_jumps
from .loops import LoopLowering
from .recomputed_values import lowered_apart
from .returned_sequences import hoisted_iterable
from .object_lists import append_object
from .out_arguments import checked
from .object_merges import merge_objects
from .operator_overloads import inplace_operator
from .objects import ObjectLowering, is_attribute_key
from .outer_names import OuterNameLowering
from .parameter_writes import ParameterWriteLowering
from .parameter_classes import bind_parameter_classes
from .partials import PartialLowering
from .rows import RowLowering
from .signatures import SignatureLowering
from .statements import StatementLowering
from .source import ParsedFunction
from .static_values import StaticValueLowering
from .tries import TryLowering
from .unbound_reads import check_unbound_reads, placeholder
from .vectorized import VectorizedLowering
from .values import Frame, LocalObject
from .dict_attribute_updates import attribute_assignments
from .dict_updates import entry_assignments

# functions' trees found without a loop's `else` (source trees are never changed in place)
_WITHOUT_LOOP_ELSE: "weakref.WeakSet[ast.AST]" = weakref.WeakSet()
# Names generated code binds itself (module aliases and runtime helpers).
RESERVED = frozenset({"np", "math", "float", "range", "reversed", "len", *HELPERS})
# Python's builtins: a primitive spelled `sum` or `max` is printed as that name, so an inlined
# helper's local `sum = 0.0` must not keep its name (it would shadow the builtin for the rest of
# the code); a builtin read as a value (`print`) keeps it.
BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))


def lower(parsed: ParsedFunction, recursive: Callable[[Callable], None], classes: tuple = ()) -> Function:
    """``parsed`` as SSA. A recursive call is lowered to a call of the primitive that
    ``recursive(function)`` declares (driver/recursion.py). ``classes``: (parameter index, class)
    of arguments whose methods are inlined (parameter_classes.py)."""
    def lowering(apart: frozenset):
        made = _Lowering(parsed, recursive, classes, apart)
        return made, made.run
    return lowered_apart(lowering)      # (again, where a write reaches a shared new array)


class _Lowering(LoopLowering, AssignmentLowering, CallLowering, ContainerLowering, ComprehensionLowering,
                FunctionLowering, PartialLowering, ObjectLowering, DictLowering, ExpressionLowering, StatementLowering,
                SignatureLowering, RowLowering, StaticValueLowering, TryLowering, VectorizedLowering,
                OuterNameLowering, ParameterWriteLowering):
    """One function's lowering: its state, statements and branches (the mixins lower the rest)."""

    def __init__(self, parsed: ParsedFunction, recursive: Callable[[Callable], None], classes: tuple = (),
                 apart: frozenset = frozenset()):
        self.recursive = recursive
        self.parameter_classes = classes       # (index, class) of parameters whose methods are inlined
        self.parsed = self.root = parsed
        taken = {n.id if type(n) is ast.Name else n.arg for n in all_nodes(parsed.tree)
                 if type(n) is ast.Name or type(n) is ast.arg}
        self.names = NameAllocator(taken, RESERVED, BUILTIN_NAMES)
        self.user_names = taken
        self.env: dict[str, Atom] = Environment()     # user name -> current SSA atom
        self.held_text: dict[str, str] = {}   # a held name (expressions.py _holding) -> its source
        self.free: dict[tuple, Var] = {}      # (function, name) -> value read at call time
        self.readers: dict[str, tuple] = {}  # its variable -> (ParsedFunction, name) to read it
        self.calls: list[tuple[ParsedFunction, Any]] = []   # inlined user functions, innermost last
        self.method_frames: list[tuple] = []   # (function, receiver) of _inline's calls: method_frames.py
        self.displays: dict[Var, tuple] = {}   # container value -> its elements (for x[k] reads)
        self.lists: dict[Var, frozenset] = {}  # values known to be lists -> the list objects they may be
        self.available: dict[tuple, Var] = {}  # common subexpressions in scope
        # new arrays shared (recomputed_values.py): value -> its sites; the sites whose value a
        # write in place may reach; the sites computing their value anew in this lowering
        self.shared_at: dict[Var, set] = {}
        self.written_shares: set = set()
        self.computed_apart, self.made_apart = apart, False
        self.enclosing_bodies: list[list] = []  # the statement lists a region's is nested in, outermost first
        self.never_none: set[Var] = set()      # values a NumPy function or an operator made
        self.body: list[Assign] = []
        self.dependencies = Dependencies()     # what the code assumes about names outside it
        self.dependencies.inlined(parsed)
        # Which values may share memory (see aliasing.py): a write makes other names for it stale.
        self.storage: dict[Var, frozenset] = aliasing.Storages()
        self.external: set[Var] = set()        # globals' and closures' values: never written
        self.booleans: set[Var] = set()        # comparisons' results: as an index, a mask (a copy)
        self.stale_free: dict[tuple, Stale] = {}
        self.folded: set[Var] = set()          # free values compiled in as constants (static_values.py)
        self.callers: list[dict] = []          # environments of the functions being inlined into
        self.parameters: frozenset = frozenset()   # the function's own parameters (their values)
        self.parameters_in_order: list[Var] = []   # (the same, in the signature's order)
        self.writes_parameters = False         # memory one of them may be was written
        self.frames = [Frame()]                # activations: the root's, then each inlined call's
        self.unreachable = 0                   # > 0 while lowering a branch whose test is known false
        self.iterated: list[set] = []          # storage of the sequences enclosing loops iterate over
        self.iteration_ends: dict[Var, frozenset] = {}   # loop variable -> storage of its new value
        # `x += v` whose in-place effect on an array another name would see: key -> where to put
        # the run-time check that x is a number (inserted once such a name is read: `activated`)
        self.pending_checks: dict[tuple, list] = {}
        self.activated: set[tuple] = set()
        self.check_others: dict[tuple, frozenset | None] = {}   # the values those reads compare with

    # Entry ---------------------------------------------------------------------------------
    def run(self) -> Function:
        tree = rewrite_jumps(self._without_tries(self.parsed.tree, self.parsed), self.names)
        self._reject_loop_else(tree)      # (what the rewrite left: jumps.py spells out a loop's else)
        params = []
        # one parameter each, in the signature's order (*xs: a tuple; keyword-only parameters are
        # positional in the generated code: the transforms bind the user's keywords to them)
        generated = self.parsed.filename.startswith("<transpiler")
        args = tree.args
        positional = [*args.posonlyargs, *args.args, *filter(None, [args.vararg]),
                      *([] if generated else args.kwonlyargs), *filter(None, [args.kwarg])]
        for arg in positional:
            var = Var(self.names.fresh(arg.arg, own=True))
            self.env[arg.arg] = var
            params.append(var)
        self.parameters = frozenset(params)
        self.parameters_in_order = params
        packed_by_python = {id(a) for a in (args.vararg, args.kwarg) if a is not None}   # (new for each call)
        self._follow_parameters(params, ["packed" if id(a) in packed_by_python else "plain" for a in positional])
        bind_parameter_classes(self, params, self.parameter_classes)
        self._bind_method_object(tree.args)
        for arg in tree.args.kwonlyargs if generated else ():   # the generated code's free values
            var = Var(self.names.fresh(arg.arg, own=True, outer=True))
            self.env[arg.arg] = self.free[(None, arg.arg)] = var
            self.readers[var.name] = (self.parsed, arg.arg)
            self.external.add(var)
        body = self._statements_of(tree)
        result = None
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.Return):
                if i != len(body) - 1:
                    self._unsupported(body[i + 1], "code after `return`", "delete the unreachable code")
                result = self._static_result(self._return(stmt), stmt)
            else:
                self._statement(stmt)
        if result is None:
            self._unsupported(tree, "a function without a final `return`",
                              "end the function with `return <value>`")
        self._hand_back_parameters(params, [a.arg for a in positional])
        self._write_back_outer_names()
        if self.folded:
            self._unused_folded({v for s in walk(self.body) for v in s.uses()} | {result})
        self.body, result = with_carried_tuples_apart(self.body, result, self.parameters, self.names)
        if not self._generated:     # (generated code checks its user's reads itself: `bound(y)`)
            result = check_unbound_reads(self.body, result, self.names)
        return Function(name=tree.name, params=params,
                        param_names=[a.arg for a in positional], free=self.free,
                        body=self.body, result=result, names=self.names, parsed=self.parsed,
                        readers=self.readers, dependencies=self.dependencies,
                        writes_parameters=self.writes_parameters, keys_written=frozenset(keys_written(self)))

    def _reject_loop_else(self, tree: ast.AST) -> None:
        if tree in _WITHOUT_LOOP_ELSE:       # (a helper inlined again: its tree checked before)
            return
        if not any(type(node) in (ast.For, ast.While) and node.orelse for node in all_nodes(tree)):
            _WITHOUT_LOOP_ELSE.add(tree)
            return
        for node in ast.walk(tree):          # (the one ast.walk meets first reported)
            if isinstance(node, (ast.For, ast.While)) and node.orelse:
                kind = "for" if isinstance(node, ast.For) else "while"
                self._unsupported(node.orelse[0], f"`{kind} ... else`",
                                  "set a flag before `break` and test it after the loop")
        _WITHOUT_LOOP_ELSE.add(tree)

    @staticmethod
    def _statements_of(tree: ast.FunctionDef) -> list[ast.stmt]:
        """A function's statements, its docstring left out (the function lowered, or one inlined)."""
        return [s for s in tree.body if not _is_docstring(s)]

    # Statements ----------------------------------------------------------------------------
    def _statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.If):
            self._if(self._expr(stmt.test), lambda: self._block(stmt.body),
                     lambda: self._block(stmt.orelse), stmt)
        elif isinstance(stmt, (ast.For, ast.While)) and lowered_with_entries_apart(self, stmt):
            pass                        # a dict carried, its entries apart: dict_loops.py
        elif isinstance(stmt, (ast.For, ast.While)) and lowered_with_items_apart(self, stmt):
            pass                        # a tuple carried, its items apart: tuple_loops.py
        elif isinstance(stmt, ast.For):
            with self._holding() as hold:       # for f in make_fns(): as `fs = make_fns()` (returned_sequences.py)
                self._for(hoisted_iterable(self, stmt, hold) or stmt)
        elif isinstance(stmt, ast.While):
            self._while(stmt)
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) > 1:
            self._chained(stmt)
        elif isinstance(stmt, ast.Assign) and lowered_list_defaultdict(self, stmt):
            pass                                        # groups = defaultdict(list): list_defaultdicts.py
        elif isinstance(stmt, ast.Assign):
            self._assign(stmt.targets[0], stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._assign(stmt.target, stmt.value)
        elif isinstance(stmt, ast.AugAssign) and inplace_operator(self, stmt):
            pass                                        # `a += b` of an object with __iadd__: operator_overloads.py
        elif isinstance(stmt, ast.AugAssign):
            stmt = inserted_before_update(self, stmt)     # groups[k] += [v] of a defaultdict(list)
            if isinstance(stmt.target, ast.Attribute) and self._local_object(stmt.target.value) is None:
                self._refuse_outside_write(stmt.target)
            read = copy.deepcopy(stmt.target)
            read.ctx = ast.Load()
            value = ast.copy_location(ast.BinOp(left=read, op=stmt.op, right=stmt.value), stmt)
            if isinstance(stmt.target, (ast.Name, ast.Attribute)):     # (a local object's `self.n += 1`)
                self._augmented_name(self._env_key(stmt.target), value, stmt)
            elif not self._augmented_item(stmt, value):      # (c[k] += v: in the item where it is an array)
                if isinstance(stmt.target, ast.Subscript) and isinstance(stmt.target.value, ast.Subscript):
                    # g[0][0] += w: the array (or list) g[0][0] changes in place, wherever else g holds it
                    self._check_alone(stmt.target, self._expr(stmt.target.value))
                with self._holding() as hold:      # (x[1:] += v: NumPy's rules for a view's in-place result)
                    checked_value = checked(hold, in_place.in_place_result, value, read, stmt)
                    self._into_item(lambda: self._assign(stmt.target, checked_value))
        elif isinstance(stmt, ast.Pass):
            if getattr(stmt, "refusal", None) is not None and not self.unreachable:
                raise stmt.refusal        # a `try` refused where it runs (try_statements.py)
        elif isinstance(stmt, (ast.Global, ast.Nonlocal)):
            self._declare_outer(stmt)                   # outer_names.py
        elif isinstance(stmt, ast.FunctionDef):
            self._nested_def(stmt)
        elif (assignments := attribute_assignments(self, stmt)) is not None:
            self._block(assignments)                # self.__dict__.update(kwds): dict_attribute_updates.py
        elif (assignments := entry_assignments(self, stmt)) is not None:
            self._block(assignments)                # d.update({"a": v}): d["a"] = v (dict_updates.py)
        elif isinstance(stmt, ast.Expr) and append_object(self, stmt.value):
            pass                                    # layers.append(Dense(3, 1)): object_lists.py
        elif self._is_list_statement(stmt):
            self._list_statement(stmt)
        elif isinstance(stmt, ast.Expr) and _is_append(stmt.value, self.env) and not self._on_outer_list(stmt.value):
            call = stmt.value
            container, item = self._load(call.func.value), self._expr(call.args[0])
            container, item = self._as_atom(container, call.func.value), self._as_atom(item, call.args[0])
            self.storage[container] = self._storage(container) | self._storage(item)   # holds item now
            self.inner_lists.pop(container, None)     # (in place: what else it held is not known now)
            self.body.append(Effect(indexing.APPEND, (container, item), self.parsed.location(stmt)))
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, (ast.Yield, ast.YieldFrom)):
            self._unsupported(stmt, "`yield` (generators)", "return a value instead")
        elif isinstance(stmt, ast.Expr):
            self._discarded(stmt)                   # print(x): run for its effect (statements.py)
        elif isinstance(stmt, ast.Assert):
            self._assert(stmt)
        elif isinstance(stmt, ast.Raise):
            self._raise(stmt)
        elif isinstance(stmt, ast.With):
            self._with(stmt)
        elif isinstance(stmt, ast.Delete):
            lower_delete(self, stmt)                # deletions.py
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.parsed.imports.update(imported(stmt, self.parsed))
        else:
            construct, hint = _UNSUPPORTED_STATEMENTS.get(
                type(stmt), (f"the `{type(stmt).__name__}` statement", "rewrite it as assignments"))
            self._unsupported(stmt, construct, hint)

    def _block(self, stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            if isinstance(stmt, ast.Return):
                self._unsupported(stmt, "`return` here", "return at the end of the function")
            stmt = raising_if_unimportable(stmt, self.parsed)     # (fails where it runs: imports.py)
            self._statement(stmt)
            if isinstance(stmt, ast.Raise):
                break           # what follows never runs

    # Regions and branches ------------------------------------------------------------------
    def _region(self, lower_it) -> tuple[list, dict, Any]:
        """Lower into a fresh statement list; returns (statements, environment after, value)."""
        saved_body, saved_env, saved_available = self.body, self.env.copy(), self.available
        self.body, self.available = [], Scoped(saved_available)
        self.enclosing_bodies.append(saved_body)
        try:
            value = lower_it()
        finally:
            self.enclosing_bodies.pop()
        stmts, env = self.body, self.env
        self.body, self.env, self.available = saved_body, saved_env, saved_available
        return stmts, env, value

    def _if(self, test: Atom, lower_then, lower_else, node: ast.AST, name: str | None = None):
        """Lower a two-way branch; user names bound differently by the branches are merged."""
        test = self._static_test(test, node)
        if (isinstance(test, Const) and type(test.value) in (bool, np.bool_, int, type(None))
                and registry.is_composition(self.parsed.func)):
            # a library function's composition (scipy.special.logsumexp's `b is None`): only the
            # branch Python takes, so each keyword spelling lowers to its own straight-line code
            return (lower_then if test.value else lower_else)()
        if isinstance(test, Const):    # known now (`act is not None`): the other path never runs
            lower_then, lower_else = self._never_run(lower_then, not test.value), self._never_run(lower_else, test.value)
        start = log_mark(self.env)         # (the names the paths bind: environments.py)
        then_stmts, then_env, then_value = self._region(lower_then)
        else_stmts, else_env, else_value = self._region(lower_else)
        if always_raises(then_stmts):          # the code after the branch runs only after the other path
            then_env, then_value = else_env, else_value if then_value is None else then_value
        elif always_raises(else_stmts):
            else_env, else_value = then_env, then_value if else_value is None else else_value
        if not isinstance(test, Const):       # hasattr of an attribute set on one path: a flag
            merge_presence(self, self._attributes_bound(start, then_env, else_env), then_env, else_env,
                           then_stmts, else_stmts, node)
            # `b = a * a` / `b = -a` of objects: one object after (object_merges.py)
            merge_objects(self, then_env, else_env, names_to_merge(start, self.env, then_env, else_env))
        containers_merged: dict[tuple, Var] = {}    # (then's, else's) list or dict -> its merged value
        for user_name in names_to_merge(start, self.env, then_env, else_env):
            a, b = then_env.get(user_name), else_env.get(user_name)
            if a is b and a is not None and self.env.get(user_name) is a and not aliasing.soft(a):
                continue          # bound before, neither path rebinds it (the common case, kept cheap)
            if aliasing.hard(a) or aliasing.hard(b):       # stale after one branch: after both
                self.env[user_name] = a if aliasing.hard(a) else b
                continue
            if user_name in self.held_text and (a is None or b is None):
                continue     # a name held for one expression (expressions.py), not a variable
            if is_attribute_key(user_name) and isinstance(test, Const) and (a if test.value else b) is None:
                continue      # an object's attribute assigned only on the path that never runs
            marks = [m for m in (a, b) if aliasing.soft(m)]
            a, b = aliasing.value_of(a), aliasing.value_of(b)
            if a != b:       # (an object on one path only is merged as the value read at call time)
                a, b = self._object_atom(a, node), self._object_atom(b, node)
            if a == b:
                if a is not None:
                    self.env[user_name] = self._marked(a, marks)
                continue
            if isinstance(test, Const) and isinstance(taken := (a if test.value else b), Const):
                self.env[user_name] = taken     # a constant the path that runs binds (a dict's key: function_dicts.py)
                continue
            if (a is None) != (b is None) and isinstance(one := a if b is None else b, LocalObject):
                self.env[user_name] = one   # `return ray` under a branch (jumps.py's `_result`): the object made
                continue                    # here; the other path reading it would raise UnboundLocalError
            if self._merge_static(user_name, a, b, node, bool(test.value) if isinstance(test, Const) else None, test):
                continue
            if (a, b) in containers_merged and not marks:
                # another name for the same list or dict on both paths (`C = self.cache`): the
                # same object after the branch, so one value (frontend/assignments.py `_update`)
                self.env[user_name] = containers_merged[(a, b)]
                continue
            merged = Var(self.names.fresh(user_name, own=user_name in self.user_names))
            if a in self.lists and b in self.lists:
                containers_merged[(a, b)] = merged
            if a is None or b is None:
                # bound on one path only: None on the other, so later merges can always copy it
                self.body.append(Copy(merged, placeholder(user_name, self.names), self.parsed.location(node)))
            if a is not None:
                then_stmts.append(Copy(merged, a, self.parsed.location(node)))
            if b is not None:
                else_stmts.append(Copy(merged, b, self.parsed.location(node)))
            self.storage[merged] = self._storage(a) | self._storage(b)
            if isinstance(a, Var) and isinstance(b, Var):
                branch_merges(self)[merged] = (a, b)       # (a helper's `if c: q += v`: helper_results.py)
            self._merged_list(merged, [v for v in (a, b) if v is not None], on_every_path=a is not None and b is not None)
            self._merged_item(user_name, merged, a, b)      # (a loop's row or item on both paths: rows.py)
            self.env[user_name] = self._marked(merged, marks)
        result = None
        if then_value is not None:   # a conditional expression: its value is merged too
            then_value, else_value = self._as_atom(then_value, node), self._as_atom(else_value, node)
            result = Var(self.names.fresh(name, own=name in self.user_names) if name else self.names.temp())
            then_stmts.append(Copy(result, then_value, self.parsed.location(node)))
            else_stmts.append(Copy(result, else_value, self.parsed.location(node)))
            self.storage[result] = self._storage(then_value) | self._storage(else_value)
        self.body.append(If(test, then_stmts, else_stmts, self.parsed.location(node)))
        return result

    @staticmethod
    def _attributes_bound(start: tuple | None, then_env: dict, else_env: dict) -> set:
        """The local objects' attributes whose presence a branch's paths may disagree on: all
        those either binds, or where the log tells, those either path bound (or flagged)."""
        bound = bound_since(start, then_env, else_env)
        if bound is None:
            return {k for k in (*then_env, *else_env) if is_attribute_key(k)}
        flagged = {k.removesuffix(".__has__") for k in bound}
        return {k for k in flagged if is_attribute_key(k) and (k in then_env or k in else_env)}

    def _return(self, stmt: ast.Return, name: str | None = "out") -> Atom:
        if stmt.value is None:
            self._unsupported(stmt, "`return` without a value", "return the value to differentiate")
        if name is None and (made := callable_binding(self, stmt.value)) is not None:
            return made           # a helper's `return np.poly1d(c)`: the object, called where it is (callable_objects.py)
        return self._expr(stmt.value, name=name)

    def _unsupported(self, node: ast.AST, construct: str, hint: str):
        raise UnsupportedSyntaxError(f"{self._readable(construct)} is not supported{self._chain()}",
                                     self.parsed.location(node), self._readable(hint))

    def _chain(self) -> str:
        """Where an error inside an inlined function was called from."""
        return "".join(f" (in `{p.name}`, called at {where})" for p, where in reversed(self.calls))


def _is_append(node: ast.expr, env: dict) -> bool:
    """``name.append(value)`` on a list local to the function."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
            and isinstance(node.func.value, ast.Name) and node.func.value.id in env
            and len(node.args) == 1 and not node.keywords)


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
        stmt.value.value, str)


_UNSUPPORTED_STATEMENTS = {
    ast.Try: ("a `try` block", "move error handling outside the differentiated function"),
    ast.TryStar: ("a `try ... except*` block", "move error handling outside the differentiated function"),
    ast.AnnAssign: ("an annotation without a value", "give it a value (`x: float = 0.0`) or delete the line"),
    ast.Match: ("a `match` statement", "test the cases with `if` / `elif`"),
    ast.AsyncFor: ("`async for`", "differentiate synchronous code with a plain `for`"),
    ast.AsyncWith: ("`async with`", "differentiate synchronous code"),
    ast.ClassDef: ("a class definition", "define the class at module level"),
    ast.Break: ("`break` here", "break only inside a loop"),
    ast.Continue: ("`continue` here", "continue only inside a loop"),
}
