"""The statements of a ``try`` block rewritten for asking (frontend/tries.py lowers the
questions): each ``try`` becomes branches on a flag, each statement of its block asked before it
runs whether it raises. Calls in arguments are statements of their own, asked in the order Python
evaluates them; a one-line helper of the same module is inlined; arithmetic runs unasked where no
clause catches what arithmetic raises, and is asked operation by operation where one does."""
from __future__ import annotations

import ast
import builtins
import inspect
import textwrap

import numpy as np

from ..errors import UnsupportedSyntaxError
from ..primitives import opaque
from ..primitives.spellings import METHODS
from .jumps import copy_tree
from .source import MISSING, ParsedFunction
from .try_raises import CAUGHT_BY, flag_set, raise_caught
from .try_expressions import (arithmetic, askable, value_name, calls_in, is_operation, names_only,
                              operands_of, rebuilt, simple)
from .values import walk_scope

PROBE = " raised"       # the marker call's name: not an identifier, so no user name is taken for it
CAUGHT = " caught"      # the marker of the handler's `e = caught_error()`
ASKED = "__transpiler_asked__"   # set on a `try` statement's call: printed `again(...)`, run once
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class Rewriter:
    """The statement lists of one function with their ``try`` statements rewritten (nested
    functions are left to their own lowering)."""

    def __init__(self, names, refuse, parsed: ParsedFunction):
        self.names, self._refuse = names, refuse      # (refuse(node, construct, hint) raises, located)
        self.parsed = parsed

    def _fresh(self, base: str) -> str:
        """A new name that is neither the user's nor one of the module's or builtins (a value
        named after its call, ``dot``, must not hide the function ``dot``)."""
        name = self.names.invent(base)
        while self.parsed.lookup(name) is not MISSING or hasattr(builtins, name):
            name = self.names.invent(base)
        return name

    def block(self, stmts: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in stmts:
            if isinstance(stmt, ast.Try):
                try:
                    out.extend(self._try(stmt))
                except UnsupportedSyntaxError as error:
                    out.append(_refused(stmt, error))
                continue
            if not isinstance(stmt, _SCOPES):
                for field in ("body", "orelse"):
                    if isinstance(getattr(stmt, field, None), list):
                        setattr(stmt, field, self.block(getattr(stmt, field)))
            out.append(stmt)
        return out

    def _try(self, node: ast.Try) -> list[ast.stmt]:
        if node.finalbody:
            self._refuse(node, "a `try` statement with a `finally:` clause",
                         "put the clean-up after the `try` statement, and before a `return` in a handler")
        arithmetic_runs = not self._catches_arithmetic(node.handlers)
        body = self._prepared(node.body, arithmetic_runs, node)
        flag = self._fresh("caught")
        catching = ast.Tuple(elts=[h.type or _EVERY_EXCEPTION for h in node.handlers], ctx=ast.Load())
        asked = self._asked(body, flag, catching, bound=False) or [   # (`try: pass`)
            ast.copy_location(ast.Assign(targets=[name_node(flag, ast.Store())], value=ast.Constant(0)), node)]
        branches = self.block(node.orelse)            # the handler of the clause that caught, or else:
        for number in range(len(node.handlers), 0, -1):
            handler = node.handlers[number - 1]
            test = name_node(flag) if len(node.handlers) == 1 else ast.Compare(
                left=name_node(flag), ops=[ast.Eq()], comparators=[ast.Constant(number)])
            branches = [ast.copy_location(ast.If(test=test, body=self._handler(handler) or [ast.Pass()],
                                                 orelse=branches), handler)]
        return [ast.fix_missing_locations(s) for s in [*asked, *branches]]

    def _prepared(self, stmts: list[ast.stmt], arithmetic_runs: bool, node: ast.Try) -> list[ast.stmt]:
        """A ``try`` block's statements flattened for asking (``_flattened``), each checked; an
        ``if`` or a loop keeps its place, its own blocks prepared the same way."""
        out: list[ast.stmt] = []
        for stmt in stmts:
            if isinstance(stmt, ast.Pass):
                continue
            if isinstance(stmt, ast.Raise):
                if raise_caught(self, stmt, node) is None:
                    setattr(stmt, UNASKED, True)        # caught by no clause here: it leaves the function
                flat = [stmt]
            elif isinstance(stmt, ast.If):
                flat = self._prepared_if(stmt, arithmetic_runs, node)
            elif isinstance(stmt, (ast.For, ast.While)):
                flat = [self._prepared_loop(stmt, arithmetic_runs, node)]
            else:
                flat = self._checked(self._flattened(stmt, arithmetic_runs), node)
            out.extend(flat)
        return out

    def _checked(self, flat: list[ast.stmt], node: ast.Try) -> list[ast.stmt]:
        for stmt in flat:
            if getattr(stmt, OPERATION, False):
                self._check_operands(stmt.value)
            elif not getattr(stmt, UNASKED, False):
                self._check_statement(stmt, node)
        return flat

    def _prepared_if(self, stmt: ast.If, arithmetic_runs: bool, node: ast.Try) -> list[ast.stmt]:
        """An ``if`` in a ``try`` block (radvel's ``try: if ecc >= 1: return tc except
        ValueError: pass``). Its test, the comparison and the truth of its value (``bool`` of an
        array raises ValueError), is asked about as one operation on names (``lambda a, b: not a
        >= b``) where a clause catches what arithmetic raises, its calls first, each a question
        of its own; elsewhere it runs as arithmetic does, its calls hoisted and asked. Then the
        branch taken runs, its statements asked in turn."""
        before: list[ast.stmt] = []
        test = stmt.test
        if arithmetic_runs:
            if not arithmetic(test):
                self._refuse_test(test)
            stmt.test = self._calls_out_of(test, before, arithmetic_runs)
            setattr(stmt, UNASKED, True)
        else:
            if askable(test):
                test = self._argument(test, before, arithmetic_runs)
            elif is_operation(test):
                test = rebuilt(test, [self._argument(o, before, arithmetic_runs) for o in operands_of(test)])
            elif not isinstance(test, (ast.Name, ast.Constant)):
                self._refuse_test(test)
            self._check_operands(test)
            stmt.test = test
            setattr(stmt, UNASKED, isinstance(test, ast.Constant))     # `if True:` raises nothing
        stmt.body = self._prepared(stmt.body, arithmetic_runs, node) or [ast.Pass()]
        stmt.orelse = self._prepared(stmt.orelse, arithmetic_runs, node)
        return [*self._checked(before, node), stmt]

    def _refuse_test(self, test: ast.expr):
        self._refuse(test, f"the test `{ast.unparse(test)}` of an `if` in a `try` block (only a call, a "
                     "comparison or one operation on names and constants is asked whether it raises, and "
                     "`and`/`or` only of names and constants where no clause catches what arithmetic raises)",
                     "compute the test before the `try` and write `if name:`")

    def _prepared_loop(self, stmt: ast.For | ast.While, arithmetic_runs: bool, node: ast.Try) -> ast.stmt:
        """A loop in a ``try`` block whose clauses catch nothing arithmetic raises: its iterable
        or test runs as arithmetic does (a ``range`` or a name; a test of names, constants and
        operators, evaluated anew each time round), its body's statements are asked in turn and
        the loop stops where one raised (``_asked``)."""
        kind = "for" if isinstance(stmt, ast.For) else "while"
        if not arithmetic_runs:
            self._refuse(stmt, f"a `{kind}` loop in a `try` block whose `except` clause catches what arithmetic "
                         "raises (iterating or testing would have to be asked about each time round)",
                         "put the loop before or after the `try` statement, or catch only the library's own "
                         "error (`except np.linalg.LinAlgError:`)")
        if stmt.orelse:
            self._refuse(stmt, f"a `{kind}` loop's `else:` clause in a `try` block", "set a flag in the loop instead")
        if isinstance(stmt, ast.For) and not (names_only(stmt.target) and self._plain_iterable(stmt.iter)) or \
                isinstance(stmt, ast.While) and not (arithmetic(stmt.test) and not calls_in(stmt.test)):
            what = ast.unparse(stmt.iter if isinstance(stmt, ast.For) else stmt.test)
            self._refuse(stmt, f"the loop over `{what}` in a `try` block (only `range`, `enumerate` and `zip` "
                         "of names, or a name, and a `while` test of names, constants and operators, run "
                         "unasked there)", "compute the sequence or the test before the `try` and loop over its name")
        setattr(stmt, UNASKED, True)
        stmt.body = self._prepared(stmt.body, arithmetic_runs, node) or [ast.Pass()]
        return stmt

    def _plain_iterable(self, node: ast.expr) -> bool:
        """A ``for`` loop's sequence that runs as arithmetic does (what it raises, a TypeError, is
        arithmetic's kin): a name, or ``range``/``enumerate``/``zip`` of names and such calls."""
        if isinstance(node, ast.Call):
            return isinstance(node.func, ast.Name) and self.parsed.lookup(node.func.id) in _ITERATORS \
                and not node.keywords and all(self._plain_iterable(a) for a in node.args)
        return simple(node)

    def _asked(self, stmts: list[ast.stmt], flag: str, catching: ast.Tuple, bound: bool) -> list[ast.stmt]:
        """Each prepared statement asked whether it raises (``flag = raised(...)``) and run only
        where nothing before it raised (``if not flag:``). ``bound``: whether the flag is set
        before these statements (inside a branch or loop of the block it is, and false there:
        a statement before which nothing was asked runs unguarded)."""
        asked: list[ast.stmt] = []
        may_have_raised = not bound
        for stmt in stmts:
            if getattr(stmt, CAUGHT_BY, None) is not None:     # a `raise` a clause catches: the flag set
                setting = flag_set(stmt, flag)
                asked.append(ast.copy_location(_unless(flag, [setting]), stmt) if asked and may_have_raised
                             else setting)
                may_have_raised = True
                continue
            if getattr(stmt, UNASKED, False):
                if not asked and not bound:
                    asked.append(ast.copy_location(ast.Assign(targets=[name_node(flag, ast.Store())],
                                                              value=ast.Constant(0)), stmt))
            else:
                asked_about = stmt.test if isinstance(stmt, ast.If) else _call_of(stmt) or stmt.value
                if isinstance(stmt, ast.AugAssign):      # `x += v`: asked as `x + v`
                    asked_about = ast.copy_location(ast.BinOp(left=name_node(stmt.target.id), op=stmt.op,
                                                              right=stmt.value), stmt)
                marker = ast.Call(func=ast.Name(id=PROBE, ctx=ast.Load()), args=[asked_about, catching], keywords=[])
                if isinstance(stmt, ast.If):
                    setattr(marker, TRUTH, True)       # the test's value is taken as true or false
                ask = ast.copy_location(ast.Assign(targets=[name_node(flag, ast.Store())], value=marker), stmt)
                if isinstance(asked_about, ast.Call):
                    setattr(asked_about, ASKED, True)
                asked.append(ast.copy_location(_unless(flag, [ask]), stmt) if asked and may_have_raised else ask)
                may_have_raised = True
            if isinstance(stmt, ast.If):
                stmt.body = self._asked(stmt.body, flag, catching, bound=True) or [ast.Pass()]
                stmt.orelse = self._asked(stmt.orelse, flag, catching, bound=True)
            elif isinstance(stmt, (ast.For, ast.While)):         # stop where a statement raised
                stop = ast.If(test=name_node(flag), body=[ast.Break()], orelse=[])
                stmt.body = [*self._asked(stmt.body, flag, catching, bound=True), ast.copy_location(stop, stmt)]
            asked.append(ast.copy_location(_unless(flag, [stmt]), stmt) if may_have_raised else stmt)
            may_have_raised = may_have_raised or _asks(stmt)
        return asked

    def _flattened(self, stmt: ast.stmt, arithmetic_runs: bool, depth: int = 0) -> list[ast.stmt]:
        """``stmt`` preceded by the calls its own call's arguments make, each a statement of its
        own, asked in turn, in the order Python evaluates them (``L = cholesky(np.outer(x, x))``:
        ``outer = np.outer(x, x)`` asked first), so a call the argument makes that raises is
        caught as in Python. Where no clause can catch what arithmetic raises (``arithmetic_runs``:
        ``except np.linalg.LinAlgError``), arithmetic (``K + 1e-6 * np.eye(n)``, or a statement
        ``y = a * b`` of its own) runs without a question, its calls hoisted and asked: the
        exceptions it can raise then propagate from either code alike."""
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            return self._augmented(stmt, arithmetic_runs, depth)
        call = _call_of(stmt)
        before: list[ast.stmt] = []
        if call is not None:
            if isinstance(call.func, ast.Attribute) and call.func.attr in METHODS and not simple(call.func.value):
                receiver = self._argument(call.func.value, before, arithmetic_runs)    # (evaluated first)
                call.func = ast.copy_location(ast.Attribute(value=receiver, attr=call.func.attr, ctx=ast.Load()),
                                              call.func)
            call.args = [self._argument(a, before, arithmetic_runs) for a in call.args]
            for keyword in call.keywords:
                keyword.value = self._argument(keyword.value, before, arithmetic_runs)
            inlined = self._inlined(call)
            if inlined is not None and depth < _INLINED_DEPTH:
                stmt.value = inlined
                return [*before, *self._flattened(stmt, arithmetic_runs, depth + 1)]
            return [*before, stmt]
        value = getattr(stmt, "value", None)
        if isinstance(stmt, (ast.Break, ast.Continue)) or isinstance(stmt, ast.Return) and (
                value is None or isinstance(value, (ast.Name, ast.Constant))):
            setattr(stmt, UNASKED, True)        # `return tc`, `break`: nothing there raises
            return [stmt]
        target_ok = not isinstance(stmt, ast.Assign) or len(stmt.targets) == 1 and names_only(stmt.targets[0])
        if not (isinstance(stmt, (ast.Assign, ast.Return)) and target_ok and value is not None):
            return [stmt]
        if arithmetic_runs and arithmetic(value):
            stmt.value = self._calls_out_of(value, before, arithmetic_runs)
            setattr(stmt, UNASKED, True)
        elif not arithmetic_runs and is_operation(value):
            stmt.value = rebuilt(value, [self._argument(o, before, arithmetic_runs) for o in operands_of(value)])
            setattr(stmt, OPERATION, True)
        return [*before, stmt]

    def _augmented(self, stmt: ast.AugAssign, arithmetic_runs: bool, depth: int) -> list[ast.stmt]:
        """``misfit += math.log10(ra / ra_obs) ** 2`` on a name: its value first, a statement of
        its own asked as any (Python evaluates it before the update), then the update itself, one
        operation on names asked about as ``lambda a, b: a + b``, or run unasked where no clause
        catches what arithmetic raises."""
        before: list[ast.stmt] = []
        if not simple(stmt.value):
            held = self._fresh("increment")
            before = self._flattened(ast.copy_location(ast.Assign(targets=[name_node(held, ast.Store())],
                                                                  value=stmt.value), stmt), arithmetic_runs, depth)
            stmt.value = name_node(held)
        setattr(stmt, UNASKED if arithmetic_runs else OPERATION, True)
        return [*before, stmt]

    def _inlined(self, call: ast.Call) -> ast.expr | None:
        """The expression a call of the user's own one-line function (filterpy's ``def dot3(A,
        B, C): return dot(A, dot(B, C))``) computes, its parameters replaced by the call's
        arguments (names and constants by now): its calls are then asked one by one. Only a
        function of the same module (its names mean the same here), without a closure,
        defaults, ``*args`` or keywords in the call."""
        try:
            func = self.parsed.lookup(ast.unparse(call.func))
        except Exception:     # noqa: BLE001 -- not a dotted name
            return None
        if not inspect.isfunction(func) or func.__closure__ or func.__globals__ is not self.parsed.func.__globals__ \
                or call.keywords or func.__code__.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
            return None
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(func))).body[0]
        except (OSError, TypeError, SyntaxError, IndexError):
            return None
        if func.__name__ == "<lambda>":       # `sq = lambda v: v * v`: its one expression
            lambdas = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)]
            if len(lambdas) != 1:
                return None
            tree, result = lambdas[0], lambdas[0].body
        elif isinstance(tree, ast.FunctionDef) and not tree.decorator_list:
            body = [s for s in tree.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
                return None
            result = body[0].value
        else:
            return None
        params = [a.arg for a in (*tree.args.posonlyargs, *tree.args.args)]
        if len(params) != len(call.args) or tree.args.kwonlyargs \
                or any(isinstance(n, _SCOPES + _COMPREHENSIONS) for n in ast.walk(result)):
            return None
        arguments = dict(zip(params, call.args))
        return ast.copy_location(_Substitute(arguments).visit(result), call)

    def _argument(self, arg: ast.expr, before: list[ast.stmt], arithmetic_runs: bool) -> ast.expr:
        """``arg`` as a name or constant, what it computes appended to ``before`` as statements
        of their own; unchanged where it cannot be (refused after, by ``_check_statement``)."""
        if simple(arg):
            return arg
        if askable(arg) and not (arithmetic_runs and self._numpy_ufunc(arg) and arithmetic(arg)):
            name = self._fresh(value_name(arg))
            before.extend(self._flattened(_assign(name, arg), arithmetic_runs))
            return name_node(name)
        if arithmetic_runs and arithmetic(arg):
            name = self._fresh("argument")
            computed = _assign(name, self._calls_out_of(arg, before, arithmetic_runs))
            setattr(computed, UNASKED, True)
            before.append(computed)
            return name_node(name)
        if not arithmetic_runs and is_operation(arg):
            operands = [self._argument(o, before, arithmetic_runs) for o in operands_of(arg)]
            name = self._fresh("argument")
            computed = _assign(name, rebuilt(arg, operands))
            setattr(computed, OPERATION, True)
            before.append(computed)
            return name_node(name)
        return arg

    def _calls_out_of(self, node: ast.expr, before: list[ast.stmt], arithmetic_runs: bool) -> ast.expr:
        """The arithmetic ``node`` with each call in it hoisted into ``before`` (asked)."""
        if isinstance(node, ast.BinOp):
            node.left = self._calls_out_of(node.left, before, arithmetic_runs)
            node.right = self._calls_out_of(node.right, before, arithmetic_runs)
        elif isinstance(node, ast.UnaryOp):
            node.operand = self._calls_out_of(node.operand, before, arithmetic_runs)
        elif isinstance(node, ast.Compare):
            node.left = self._calls_out_of(node.left, before, arithmetic_runs)
            node.comparators = [self._calls_out_of(c, before, arithmetic_runs) for c in node.comparators]
        elif isinstance(node, ast.Subscript):
            node.value = self._calls_out_of(node.value, before, arithmetic_runs)
            node.slice = self._calls_out_of(node.slice, before, arithmetic_runs)
        elif isinstance(node, ast.Call) and self._numpy_ufunc(node):
            node.args = [self._calls_out_of(a, before, arithmetic_runs) for a in node.args]
        elif isinstance(node, ast.Call):
            return self._argument(node, before, arithmetic_runs)
        return node

    def _numpy_ufunc(self, call: ast.Call) -> bool:
        """A NumPy ufunc (``np.log``, ``np.exp``): it raises only what arithmetic raises, so it
        runs as arithmetic does. (SciPy's ufuncs may raise their own SpecialFunctionError.)"""
        try:
            func = self.parsed.lookup(ast.unparse(call.func))
        except Exception:     # noqa: BLE001 -- not a dotted name
            return False
        return isinstance(func, np.ufunc) and opaque.library_path(func) is not None \
            and all(not isinstance(k, ast.keyword) or k.arg for k in call.keywords) and not call.keywords

    def _catches_arithmetic(self, handlers: list[ast.ExceptHandler]) -> bool:
        """Whether a clause may catch what arithmetic raises (a shape mismatch's ValueError, a
        division by zero...): a clause whose class is not known while compiling counts as one."""
        for handler in handlers:
            for cls in self._classes(handler.type):
                if not isinstance(cls, type) or any(issubclass(error, cls) for error in _ARITHMETIC_ERRORS):
                    return True
        return False

    def _classes(self, node: ast.expr | None) -> list[object]:
        if node is None:
            return [BaseException]
        if isinstance(node, ast.Tuple):
            return [cls for e in node.elts for cls in self._classes(e)]
        try:
            return [self.parsed.lookup(ast.unparse(node))]
        except Exception:     # noqa: BLE001 -- not a dotted name: unknown, so it may catch anything
            return [None]

    def _handler(self, handler: ast.ExceptHandler) -> list[ast.stmt]:
        """The handler's statements, ``try`` statements inside rewritten; where it reads the
        exception (``as e``, or a bare ``raise``, which re-raises it) ``e = caught_error()``
        first and each bare ``raise`` of this handler as ``raise e``."""
        body = self.block(handler.body)     # (a nested handler's bare `raise` is its own: done there)
        reraises = [n for n in walk_scope(body) if isinstance(n, ast.Raise) and n.exc is None]
        name = handler.name
        if name is None or not any(isinstance(n, ast.Name) and n.id == name for n in walk_scope(body)):
            if not reraises:
                return body
            name = name or self._fresh("error")
        for stmt in reraises:
            stmt.exc = name_node(name)
        bind = ast.Assign(targets=[name_node(name, ast.Store())],
                          value=ast.Call(func=ast.Name(id=CAUGHT, ctx=ast.Load()), args=[], keywords=[]))
        return [ast.copy_location(bind, handler), *body]

    def _check_operands(self, operation: ast.expr) -> None:
        for operand in operands_of(operation):
            if not simple(operand):
                self._refuse(operand, f"the operand `{ast.unparse(operand)}` computed in a `try` block",
                             "compute it before the `try` and use its name")

    def _check_statement(self, stmt: ast.stmt, node: ast.Try) -> None:
        call = _call_of(stmt)
        if call is None:
            self._refuse(node, f"a `try` block with the statement `{ast.unparse(stmt).splitlines()[0]}` (only "
                         "calls of NumPy or SciPy functions and operations, assigned to names, returned or alone, "
                         "are asked before they run whether they raise)",
                         "keep only the call that may raise in the `try` block (`L = cholesky(K)`), the rest "
                         "before it or in an `else:` clause")
        for keyword in call.keywords:
            if (keyword.arg or "").startswith("overwrite") and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                self._refuse(keyword, f"`{keyword.arg}=` in a call inside a `try` block (asking whether "
                             "the call raises would overwrite its input before the call)",
                             f"drop `{keyword.arg}=`")
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            if not simple(arg) or any(k.arg is None for k in call.keywords):
                self._refuse(arg, f"the argument `{ast.unparse(arg)}` computed in a call inside a `try` block",
                             "compute it before the `try` and pass its name; where it is the call that may "
                             f"raise, keep it alone in the `try` block (`value = {ast.unparse(arg)}`) and call "
                             "your own functions after the `try` statement")


# What arithmetic on numbers and arrays can raise (broadcasting, a division by zero, an overflow,
# NumPy's errstate(all="raise"), a type that does not add, a subscript's missing key or index): a
# clause catching none of these lets arithmetic in a `try` block run without a question. (The
# classes raised, not their bases: `except KeyError` catches a subscript's error, `except
# LinAlgError`, a kind of ValueError, none of these.)
_ARITHMETIC_ERRORS = (ValueError, TypeError, ZeroDivisionError, OverflowError, FloatingPointError, MemoryError,
                      KeyError, IndexError)
UNASKED = "__transpiler_unasked__"      # a statement of a `try` block that runs without a question
OPERATION = "__transpiler_operation__"  # one asked about as `lambda a, b: a - b`
TRUTH = "__transpiler_truth__"          # a question about an `if` test: `lambda a, b: not a >= b`
_INLINED_DEPTH = 8                      # one-line helpers inlined into a `try` block, one in another


class _Substitute(ast.NodeTransformer):
    """A one-line helper's return expression with its parameters replaced by the arguments."""

    def __init__(self, arguments: dict[str, ast.expr]):
        self.arguments = arguments

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return copy_tree(self.arguments[node.id]) if node.id in self.arguments else node


def _asks(stmt: ast.stmt) -> bool:
    """Whether a statement asked (``_asked``) holds a question: a branch or loop of the block."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == PROBE
               or getattr(n, CAUGHT_BY, None) is not None for n in ast.walk(stmt))


_ITERATORS = (range, enumerate, zip, reversed, len)


def _refused(node: ast.Try, error: UnsupportedSyntaxError) -> ast.Pass:
    """A ``try`` statement that cannot be rewritten: a ``pass`` carrying the refusal, raised
    where the lowering reaches it (lowering.py). On a path that never runs (PyPortfolioOpt's
    ``if absolute_views is not None:`` with no views given) it is never raised."""
    marker = ast.copy_location(ast.Pass(), node)
    marker.refusal = error     # type: ignore[attr-defined]
    return marker


def _assign(name: str, value: ast.expr) -> ast.Assign:
    return ast.copy_location(ast.Assign(targets=[name_node(name, ast.Store())], value=value), value)


# A bare `except:` catches what `except BaseException:` does (Python's own definition).
_EVERY_EXCEPTION = ast.Name(id="BaseException", ctx=ast.Load())


def _unless(flag: str, body: list[ast.stmt]) -> ast.If:
    """``if not flag: body``."""
    return ast.If(test=ast.UnaryOp(op=ast.Not(), operand=name_node(flag)), body=body, orelse=[])


def name_node(name: str, ctx: ast.expr_context | None = None) -> ast.Name:
    return ast.Name(id=name, ctx=ctx or ast.Load())


def _call_of(stmt: ast.stmt) -> ast.Call | None:
    """The call a ``try`` block's statement makes, if it is one that can be asked about:
    ``names = f(...)``, ``return f(...)`` or ``f(...)`` alone."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and names_only(stmt.targets[0]):
        value = stmt.value
    elif isinstance(stmt, (ast.Return, ast.Expr)):
        value = stmt.value
    else:
        return None
    return value if isinstance(value, ast.Call) and not isinstance(value.func, ast.Call) else None


