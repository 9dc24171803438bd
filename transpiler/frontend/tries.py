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
computed (``L = again(np.linalg.cholesky, K)``: run once). A NumPy array method on a value
(``A.dot(B)``) is asked as the method itself (``lambda a, b: a.dot(b)``), an ``if`` test with its
truth (``lambda a, b: not a >= b``), and the statements of a branch or loop of the block in turn
(try_statements.py); ``x += v`` on a name is asked as ``x + v``, its value first; a ``raise`` a
clause of the same ``try`` catches sets the flag to that clause, as a question would
(try_raises.py). What cannot be proved this way is refused, located: a call of your own
function (which could have effects or draw random numbers twice), arguments that are neither
calls, operations nor names, other statements, ``finally:``. A bare ``except:`` catches what ``except BaseException:`` catches, as
Python defines it.

A handler's ``except E as e`` binds ``e`` first thing in the handler to the exception the question
caught (``e = caught_error()``, primitives/tries.py), so ``raise ValueError(msg) from e``,
``str(e)`` in a message and a bare ``raise`` (printed ``raise e``: the same exception object, its
traceback kept) run as in Python. The exception is a constant of the derivative code: a NumPy or
SciPy function's exception holds no value of the differentiated parameters."""
from __future__ import annotations

import ast
import builtins
import string

import numpy as np

from ..errors import UnsupportedSyntaxError
from ..ir import Assign, Atom, Const, Var, walk
from ..ir.code import dotted
from .. import primitives as rules
from ..primitives import effects, opaque
from ..primitives.opaque import opaque_call
from ..primitives.spellings import METHODS
from ..primitives.tries import asked_again, attempt, called_name
from .jumps import copy_tree
from .matches import without_matches
from .source import MISSING, ParsedFunction
from .try_expressions import operands_of, rebuilt
from .try_statements import ASKED, TRUTH, Rewriter, name_node
from .tree_facts import scope_kinds



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
        if ast.Try not in scope_kinds(tree):
            return tree
        tree = copy_tree(tree)
        tree.body = Rewriter(self.names, refuse, parsed).block(tree.body)
        return ast.fix_missing_locations(tree)

    def _probe(self, node: ast.Call, name: str | None) -> Atom:
        """``caught = raised(...)`` for the marker ``PROBE(call, (classes of each clause, ...))``."""
        call, clauses = node.args
        if not isinstance(call, ast.Call):
            return self._probe_expression(node, call, clauses, name)
        if isinstance(call.func, ast.Attribute) and call.func.attr in METHODS and self._holds_a_value(call.func.value):
            return self._probe_method(node, call, clauses, name)
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

    def _holds_a_value(self, receiver: ast.expr) -> bool:
        """Whether a method's receiver is a value (an array, a number: ``L.diagonal()``), not an
        object of the user's whose own method of that name could do anything."""
        if isinstance(receiver, ast.Name) and receiver.id in self.env:
            return isinstance(self.env[receiver.id], (Var, Const))
        return isinstance(self._resolve(receiver), np.ndarray)

    def _probe_method(self, node: ast.Call, call: ast.Call, clauses: ast.Tuple, name: str | None) -> Atom:
        """``caught = raised(..., lambda a, b: a.dot(b), A, B)`` for a NumPy array method called
        in a ``try`` block (``A.dot(B)``, ``x.reshape(n, 2)``, ``L.diagonal()``): the method
        itself asked, as the user's Python calls it, on the receiver and the arguments (names
        and constants by now). The statement after it computes the call again (NumPy's
        function: ``np.dot(A, B)``, the method's meaning for an array)."""
        values: list[Atom] = []

        def value(atom: Atom) -> ast.Name:
            values.append(atom)
            return effects.hole(len(values) - 1)

        operands = [call.func.value, *call.args, *(k.value for k in call.keywords)]
        parameters = [name_node(p) for p in string.ascii_lowercase[:len(operands)]]   # (the lambda's own)
        n_args = 1 + len(call.args)
        body = ast.Call(func=ast.Attribute(value=parameters[0], attr=call.func.attr, ctx=ast.Load()),
                        args=parameters[1:n_args], keywords=[ast.keyword(arg=k.arg, value=p) for k, p
                                                             in zip(call.keywords, parameters[n_args:])])
        function = ast.Lambda(args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=p.id) for p in parameters],
                                                 kwonlyargs=[], kw_defaults=[], defaults=[]), body=body)
        catching = ast.Tuple(elts=[self._exception_classes(c, value) for c in clauses.elts], ctx=ast.Load())
        template = ast.Call(func=ast.Name(id="raised", ctx=ast.Load()),
                            args=[catching, function, *(value(self._arg(o)) for o in operands)], keywords=[])
        written = self._readable(ast.unparse(call))
        prim = attempt(template, written, (written,) * len(values), self._chain())
        return self._apply(node, prim, tuple(values), (), name or "caught")

    def _probe_expression(self, node: ast.Call, expr: ast.expr, clauses: ast.Tuple, name: str | None) -> Atom:
        """``caught = raised(..., lambda a, b: a - b, eye, KH)`` for an operation of a ``try``
        block whose clause catches what arithmetic raises (``except:``): the operation on its
        operands, each a name or constant (``Rewriter._argument``), asked as a call is. The
        statement after it computes the operation again (it has no ``again``)."""
        values: list[Atom] = []

        def value(atom: Atom) -> ast.Name:
            values.append(atom)
            return effects.hole(len(values) - 1)

        operands = operands_of(expr)
        parameters = ["a", "b"][:len(operands)]      # (the lambda's own names: nothing of the user's)
        body = rebuilt(expr, [name_node(p) for p in parameters])
        if getattr(node, TRUTH, False):     # an `if` test: its truth too (`bool` of an array raises)
            body = ast.UnaryOp(op=ast.Not(), operand=body)
        function = ast.Lambda(args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in parameters],
                                                 kwonlyargs=[], kw_defaults=[], defaults=[]), body=body)
        catching = ast.Tuple(elts=[self._exception_classes(c, value) for c in clauses.elts], ctx=ast.Load())
        template = ast.Call(func=ast.Name(id="raised", ctx=ast.Load()),
                            args=[catching, function, *(value(self._arg(o)) for o in operands)], keywords=[])
        written = self._readable(ast.unparse(expr))
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
            def visit_Lambda(inner, leaf: ast.Lambda) -> ast.expr:
                return leaf         # (an operation asked about: its parameters are its own)

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
        callee = getattr(self._resolve(node.func), "__name__", None)      # (None: a method, computed again)
        start = len(self.body)
        setattr(node, ASKED, False)
        try:
            result = self._expr(node, name=name)
        finally:
            setattr(node, ASKED, True)
        for stmt in walk(self.body[start:]):
            if callee is not None and isinstance(stmt, Assign) and stmt.target == result and not stmt.prim.effect \
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
