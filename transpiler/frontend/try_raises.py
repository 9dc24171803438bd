"""A ``raise`` statement inside a ``try`` block (a queueing script's ``if np.any(rho >= 1.0):
raise ValueError("unstable node")`` caught by its own ``except ValueError: return penalty``).

Where a clause of the same ``try`` catches the class raised (the class and the clauses' known
while compiling), the ``raise`` is the question's answer already: the flag the rewritten block
tests (try_statements.py) is set to that clause's number, as ``raised(...)`` sets it, and the rest
of the block is skipped as after any statement that raised. The exception object is never made:
a clause reading it (``as e``) is refused. Where no clause catches it, the ``raise`` runs and
leaves the function, as in Python."""
from __future__ import annotations

import ast

CAUGHT_BY = "__transpiler_caught_by__"  # on a `raise` of the block: the number of the clause catching it


def raise_caught(rewriter, stmt: ast.Raise, node: ast.Try) -> int | None:
    """The number of the clause of ``node`` that catches ``stmt`` (marked on it: ``CAUGHT_BY``),
    None where none does; refused (located) where that is not known while compiling."""
    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    raised = rewriter._classes(exc) if exc is not None else [None]
    if len(raised) != 1 or not (isinstance(raised[0], type) and issubclass(raised[0], BaseException)):
        rewriter._refuse(stmt, f"`{ast.unparse(stmt)}` in a `try` block (which clause catches it is known only "
                         "where it raises a class of exception named here)", "raise after the `try` statement")
    for number, handler in enumerate(node.handlers, start=1):
        classes = rewriter._classes(handler.type)
        if not all(isinstance(c, type) for c in classes):
            rewriter._refuse(stmt, f"`{ast.unparse(stmt)}` in a `try` block with a clause whose classes are "
                             "known only at run time", "raise after the `try` statement")
        if any(issubclass(raised[0], c) for c in classes):
            if handler.name is not None:
                rewriter._refuse(stmt, f"`{ast.unparse(stmt)}` in a `try` block whose clause reads the exception "
                                 f"(`as {handler.name}`)", "set a flag and test it after the `try` statement")
            setattr(stmt, CAUGHT_BY, number)
            return number
    return None


def flag_set(stmt: ast.Raise, flag: str) -> ast.Assign:
    """``flag = number`` in place of a caught ``raise`` (marked, so a branch holding it counts as
    one that may have raised)."""
    number = getattr(stmt, CAUGHT_BY)
    setting = ast.copy_location(ast.Assign(targets=[ast.Name(id=flag, ctx=ast.Store())],
                                           value=ast.Constant(number)), stmt)
    setattr(setting, CAUGHT_BY, number)
    return setting
