"""``try`` / ``except`` (scikit-learn's ``try: L = cholesky(K) except LinAlgError: return
-np.inf``): rewritten, before the jumps are (jumps.py), into branches on a flag recorded in the
forward sweep.

Each statement of the ``try`` block is a call of a NumPy or SciPy function with a derivative rule
on names and constants (``L = cholesky(K, lower=True)``, ``return np.linalg.solve(A, b)``,
``np.linalg.cholesky(A)`` alone). Before it runs, ``raised(...)`` (primitives/tries.py) asks
whether that call raises and which ``except`` clause catches it::

    try:                                     caught = <raised: cholesky(K, lower=True)>
        L = cholesky(K, lower=True)          if caught:
    except np.linalg.LinAlgError:     ==>        return -np.inf
        return -np.inf                       else:
    else:                                        L = cholesky(K, lower=True)
        s = np.sum(L)                            s = np.sum(L)

With several statements, each gets its own question, in order, and the handler runs after the
statements before the one that raised, which stay bound, exactly as in Python. The reverse sweep
follows the branch taken, like an ``if``'s. This is exact because the call asked about is the
very call that runs next, on the same values, and a NumPy or SciPy function gives the same
outcome on the same values. Where it does not raise, the statement keeps the value the question
computed (``L = again(np.linalg.cholesky, K)``: run once). What cannot be
proved this way is refused, located: any other statement in the ``try`` block (arithmetic, a call
of your own function, which could have effects or draw random numbers twice), arguments computed
in the call, ``finally:``. A bare ``except:`` catches what ``except BaseException:`` catches, as
Python defines it.

A handler's ``except E as e`` binds ``e`` first thing in the handler to the exception the question
caught (``e = caught_error()``, primitives/tries.py), so ``raise ValueError(msg) from e``,
``str(e)`` in a message and a bare ``raise`` (printed ``raise e``: the same exception object, its
traceback kept) run as in Python. The exception is a constant of the derivative code: a NumPy or
SciPy function's exception holds no value of the differentiated parameters."""
from __future__ import annotations

import ast
import builtins

import numpy as np

from ..errors import UnsupportedSyntaxError
from ..ir import Assign, Atom, walk
from ..ir.code import dotted
from .. import primitives as rules
from ..primitives import effects, opaque
from ..primitives.opaque import opaque_call
from ..primitives.tries import asked_again, attempt, called_name
from .jumps import copy_tree
from .matches import without_matches
from .source import MISSING, ParsedFunction
from .values import walk_scope

PROBE = " raised"       # the marker call's name: not an identifier, so no user name is taken for it
CAUGHT = " caught"      # the marker of the handler's `e = caught_error()`
ASKED = "__transpiler_asked__"   # set on a `try` statement's call: printed `again(...)`, run once
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class TryLowering:
    """``try`` rewritten into branches, and its questions lowered; a mixin of ``_Lowering``
    (frontend/lowering.py)."""

    def _without_tries(self, tree: ast.FunctionDef, parsed: ParsedFunction, called_at=None) -> ast.FunctionDef:
        """``tree`` (of ``parsed``) with each ``try`` statement rewritten as branches, and each
        ``match`` statement before (matches.py), as a copy where it has one. ``called_at``: the
        call inlining it, not yet in the chain of calls."""
        def refuse(node: ast.AST, construct: str, hint: str):
            chain = (f" (in `{parsed.name}`, called at {called_at})" if called_at else "") + self._chain()
            raise UnsupportedSyntaxError(f"{construct} is not supported{chain}", parsed.location(node), hint)

        tree = without_matches(tree, parsed, self.names, refuse)
        if not any(isinstance(n, ast.Try) for n in walk_scope(tree.body)):
            return tree
        tree = copy_tree(tree)
        tree.body = _Rewriter(self.names, refuse, parsed).block(tree.body)
        return ast.fix_missing_locations(tree)

    def _probe(self, node: ast.Call, name: str | None) -> Atom:
        """``caught = raised(...)`` for the marker ``PROBE(call, (classes of each clause, ...))``."""
        call, clauses = node.args
        callee = self._resolve(call.func)
        if callee is MISSING or (rules.lookup(callee) is None and rules.composition(callee) is None):
            self._unsupported(call, f"a `try` around `{ast.unparse(call.func)}`, which is not a NumPy or SciPy "
                              "function with a derivative rule (asking whether it raises runs it twice)",
                              "call your own function before the `try` and keep only the NumPy or SciPy call "
                              "that may raise inside it")
        values: list[Atom] = []

        def value(atom: Atom) -> ast.Name:
            values.append(atom)
            return effects.hole(len(values) - 1)

        catching = ast.Tuple(elts=[self._exception_classes(c, value) for c in clauses.elts], ctx=ast.Load())
        path = opaque.library_path(callee)
        function = dotted(path) if path is not None else value(self._free(call.func))
        template = ast.Call(func=ast.Name(id="raised", ctx=ast.Load()),
                            args=[catching, function, *(value(self._arg(a)) for a in call.args)],
                            keywords=[ast.keyword(arg=k.arg, value=value(self._arg(k.value))) for k in call.keywords])
        written = self._readable(ast.unparse(call))
        prim = attempt(template, written, (written,) * len(values), self._chain())
        return self._apply(node, prim, tuple(values), (), name or "caught")

    def _caught(self, node: ast.Call, name: str | None) -> Atom:
        """``e = caught_error()`` for the marker ``CAUGHT()`` (or the helper's call in generated
        code differentiated again): the exception of ``except ... as e``, a call that simply runs."""
        prim = opaque_call("caught_error", "the exception caught", (), self._chain(), path="caught_error")
        return self._apply(node, prim, (), (), name or "error")

    def _asked_again(self, node: ast.Call, name: str | None) -> Atom:
        """``raised(...)`` in generated code differentiated again (a Hessian): the same question,
        its values (the generated code's names) lowered, the rest (classes, NumPy's functions
        spelled by path) kept as written."""
        values: list[Atom] = []

        class Holes(ast.NodeTransformer):
            def visit_Name(inner, leaf: ast.Name) -> ast.expr:
                if leaf.id not in self.env:
                    return leaf
                values.append(self._load(leaf))
                return effects.hole(len(values) - 1)

        template = Holes().visit(copy_tree(node))
        written = self._readable(ast.unparse(node))
        prim = attempt(template, written, (written,) * len(values), self._chain())
        return self._apply(node, prim, tuple(values), (), name or "caught")

    def _asked_call(self, node: ast.Call, name: str | None) -> Atom:
        """The call a ``raised(...)`` question was asked about, lowered as written; the primitive
        whose value is the call's (not a step of a composition's: scipy's ``cholesky(K)`` is the
        transpose of NumPy's) printed ``again(...)``: the value the question computed
        (primitives/tries.py), so the call runs once."""
        callee = getattr(self._resolve(node.func), "__name__", None)
        start = len(self.body)
        setattr(node, ASKED, False)
        try:
            result = self._expr(node, name=name)
        finally:
            setattr(node, ASKED, True)
        for stmt in walk(self.body[start:]):
            if isinstance(stmt, Assign) and stmt.target == result and not stmt.prim.effect \
                    and called_name(stmt.prim, stmt.args) == callee:
                stmt.prim = asked_again(stmt.prim)
        return result

    def _run_again(self, node: ast.Call, name: str | None) -> Atom:
        """``again(f, *args)`` in generated code differentiated again (a Hessian): ``f(*args)``,
        printed ``again(...)`` again after the ``raised(...)`` asked again."""
        call = ast.copy_location(ast.Call(func=node.args[0], args=node.args[1:], keywords=node.keywords), node)
        setattr(call, ASKED, True)
        return self._asked_call(call, name)

    def _exception_classes(self, node: ast.expr, value) -> ast.expr:
        """An ``except`` clause's class (or tuple of classes) as generated code spells it: a
        builtin by its name, NumPy's by its path, any other read at call time."""
        if isinstance(node, ast.Tuple):
            return ast.Tuple(elts=[self._exception_classes(e, value) for e in node.elts], ctx=ast.Load())
        cls = self._resolve(node)
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            self._unsupported(node, f"`except {ast.unparse(node)}`, which is not an exception class named "
                              "outside the function", "name the exception class: `except np.linalg.LinAlgError:`")
        if getattr(builtins, cls.__name__, None) is cls:
            return ast.Name(id=cls.__name__, ctx=ast.Load())
        path = opaque.library_path(cls)
        return dotted(path) if path is not None else value(self._free(node))


class _Rewriter:
    """The statement lists of one function with their ``try`` statements rewritten (nested
    functions are left to their own lowering)."""

    def __init__(self, names, refuse, parsed: ParsedFunction):
        self.names, self._refuse = names, refuse      # (refuse(node, construct, hint) raises, located)
        self.parsed = parsed

    def block(self, stmts: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in stmts:
            if isinstance(stmt, ast.Try):
                out.extend(self._try(stmt))
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
        body = [flat for s in node.body if not isinstance(s, ast.Pass) for flat in self._flattened(s, arithmetic_runs)]
        for stmt in body:
            if not getattr(stmt, UNASKED, False):
                self._check_statement(stmt, node)
        flag = self.names.invent("caught")
        catching = ast.Tuple(elts=[h.type or _EVERY_EXCEPTION for h in node.handlers], ctx=ast.Load())
        asked: list[ast.stmt] = []
        for stmt in reversed(body):     # ask, and run the statement only where it does not raise
            if getattr(stmt, UNASKED, False):
                asked = [stmt, *asked]
                continue
            marker = ast.Call(func=ast.Name(id=PROBE, ctx=ast.Load()), args=[_call_of(stmt), catching], keywords=[])
            ask = ast.copy_location(ast.Assign(targets=[_flag(flag, ast.Store())], value=marker), stmt)
            setattr(_call_of(stmt), ASKED, True)
            runs = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=_flag(flag)), body=[stmt, *asked], orelse=[])
            asked = [ask, ast.copy_location(runs, stmt)]
        branches = self.block(node.orelse)            # the handler of the clause that caught, or else:
        for number in range(len(node.handlers), 0, -1):
            handler = node.handlers[number - 1]
            test = _flag(flag) if len(node.handlers) == 1 else ast.Compare(
                left=_flag(flag), ops=[ast.Eq()], comparators=[ast.Constant(number)])
            branches = [ast.copy_location(ast.If(test=test, body=self._handler(handler) or [ast.Pass()],
                                                 orelse=branches), handler)]
        return [ast.fix_missing_locations(s) for s in [*asked, *branches]]

    def _flattened(self, stmt: ast.stmt, arithmetic_runs: bool) -> list[ast.stmt]:
        """``stmt`` preceded by the calls its own call's arguments make, each a statement of its
        own, asked in turn, in the order Python evaluates them (``L = cholesky(np.outer(x, x))``:
        ``outer = np.outer(x, x)`` asked first), so a call the argument makes that raises is
        caught as in Python. Where no clause can catch what arithmetic raises (``arithmetic_runs``:
        ``except np.linalg.LinAlgError``), arithmetic (``K + 1e-6 * np.eye(n)``, or a statement
        ``y = a * b`` of its own) runs without a question, its calls hoisted and asked: the
        exceptions it can raise then propagate from either code alike."""
        call = _call_of(stmt)
        before: list[ast.stmt] = []
        if call is not None:
            call.args = [self._argument(a, before, arithmetic_runs) for a in call.args]
            for keyword in call.keywords:
                keyword.value = self._argument(keyword.value, before, arithmetic_runs)
            return [*before, stmt]
        value = getattr(stmt, "value", None)
        target_ok = not isinstance(stmt, ast.Assign) or len(stmt.targets) == 1 and _names(stmt.targets[0])
        if arithmetic_runs and isinstance(stmt, (ast.Assign, ast.Return)) and target_ok and value is not None \
                and _arithmetic(value):
            stmt.value = self._calls_out_of(value, before, arithmetic_runs)
            setattr(stmt, UNASKED, True)
        return [*before, stmt]

    def _argument(self, arg: ast.expr, before: list[ast.stmt], arithmetic_runs: bool) -> ast.expr:
        """``arg`` as a name or constant, what it computes appended to ``before`` as statements
        of their own; unchanged where it cannot be (refused after, by ``_check_statement``)."""
        if _simple(arg):
            return arg
        if _askable(arg) and not (arithmetic_runs and self._numpy_ufunc(arg) and _arithmetic(arg)):
            name = self.names.invent(_called(arg))
            before.extend(self._flattened(_assign(name, arg), arithmetic_runs))
            return _flag(name)
        if arithmetic_runs and _arithmetic(arg):
            name = self.names.invent("argument")
            computed = _assign(name, self._calls_out_of(arg, before, arithmetic_runs))
            setattr(computed, UNASKED, True)
            before.append(computed)
            return _flag(name)
        return arg

    def _calls_out_of(self, node: ast.expr, before: list[ast.stmt], arithmetic_runs: bool) -> ast.expr:
        """The arithmetic ``node`` with each call in it hoisted into ``before`` (asked)."""
        if isinstance(node, ast.BinOp):
            node.left = self._calls_out_of(node.left, before, arithmetic_runs)
            node.right = self._calls_out_of(node.right, before, arithmetic_runs)
        elif isinstance(node, ast.UnaryOp):
            node.operand = self._calls_out_of(node.operand, before, arithmetic_runs)
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
            name = name or self.names.invent("error")
        for stmt in reraises:
            stmt.exc = _flag(name)
        bind = ast.Assign(targets=[_flag(name, ast.Store())],
                          value=ast.Call(func=ast.Name(id=CAUGHT, ctx=ast.Load()), args=[], keywords=[]))
        return [ast.copy_location(bind, handler), *body]

    def _check_statement(self, stmt: ast.stmt, node: ast.Try) -> None:
        call = _call_of(stmt)
        if call is None:
            self._refuse(node, f"a `try` block with the statement `{ast.unparse(stmt)}` (only a call of a NumPy "
                         "or SciPy function, assigned to names, returned or alone, is asked before it runs "
                         "whether it raises)",
                         "keep only the call that may raise in the `try` block (`L = cholesky(K)`), the rest "
                         "before it or in an `else:` clause")
        for keyword in call.keywords:
            if (keyword.arg or "").startswith("overwrite") and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                self._refuse(keyword, f"`{keyword.arg}=` in a call inside a `try` block (asking whether "
                             "the call raises would overwrite its input before the call)",
                             f"drop `{keyword.arg}=`")
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            if not _simple(arg) or any(k.arg is None for k in call.keywords):
                self._refuse(arg, f"the argument `{ast.unparse(arg)}` computed in a call inside a `try` block",
                             "compute it before the `try` and pass its name; where it is the call that may "
                             f"raise, keep it alone in the `try` block (`value = {ast.unparse(arg)}`) and call "
                             "your own functions after the `try` statement")


# What arithmetic on numbers and arrays can raise (broadcasting, a division by zero, an overflow,
# NumPy's errstate(all="raise"), a type that does not add): a clause catching none of these lets
# arithmetic in a `try` block run without a question.
_ARITHMETIC_ERRORS = (ValueError, TypeError, ZeroDivisionError, OverflowError, FloatingPointError, MemoryError)
UNASKED = "__transpiler_unasked__"      # a statement of a `try` block that runs without a question


def _askable(node: ast.expr) -> bool:
    """A call that can be a statement of its own in a ``try`` block (asked about in turn)."""
    return isinstance(node, ast.Call) and not isinstance(node.func, ast.Call) \
        and not any(isinstance(a, ast.Starred) for a in node.args) and all(k.arg for k in node.keywords)


def _arithmetic(node: ast.expr) -> bool:
    """Operators on names, constants, attributes and calls (``K + 1e-6 * np.eye(n)``)."""
    if isinstance(node, ast.BinOp):
        return _arithmetic(node.left) and _arithmetic(node.right)
    if isinstance(node, ast.UnaryOp):
        return _arithmetic(node.operand)
    return _simple(node) or _askable(node)


def _called(call: ast.Call) -> str:
    """A name for a call's value: the function's (``eye`` for ``np.eye(n)``)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "value")
    return name if name.isidentifier() and not name.startswith("_") else "value"


def _assign(name: str, value: ast.expr) -> ast.Assign:
    return ast.copy_location(ast.Assign(targets=[_flag(name, ast.Store())], value=value), value)


# A bare `except:` catches what `except BaseException:` does (Python's own definition).
_EVERY_EXCEPTION = ast.Name(id="BaseException", ctx=ast.Load())


def _flag(name: str, ctx: ast.expr_context | None = None) -> ast.Name:
    return ast.Name(id=name, ctx=ctx or ast.Load())


def _call_of(stmt: ast.stmt) -> ast.Call | None:
    """The call a ``try`` block's statement makes, if it is one that can be asked about:
    ``names = f(...)``, ``return f(...)`` or ``f(...)`` alone."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and _names(stmt.targets[0]):
        value = stmt.value
    elif isinstance(stmt, (ast.Return, ast.Expr)):
        value = stmt.value
    else:
        return None
    return value if isinstance(value, ast.Call) and not isinstance(value.func, ast.Call) else None


def _names(target: ast.expr) -> bool:
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(_names(e) for e in target.elts)
    return isinstance(target, ast.Name)


def _simple(node: ast.expr) -> bool:
    """An argument whose evaluation computes nothing that could raise: a name, a constant, a
    module attribute (``np.pi``), a tuple of them."""
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Attribute):
        return _simple(node.value)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_simple(e) for e in node.elts)
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)
