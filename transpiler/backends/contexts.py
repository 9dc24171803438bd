"""``with`` blocks in generated code. The transforms mark a context's entry and exit with
``enter_context(manager)`` and ``exit_context()`` statements (primitives/effects.py) around the
code that runs inside it: the forward sweep's, a reverse loop's recomputation's, the reverse
sweep's of the block. Here each pair in one statement list becomes the ``with`` block the user
wrote (so the context is left even if the code inside raises); a pair with nothing between is
dropped, and two blocks in a row in the same context are one. A pair split by the passes would
stay as calls of the two runtime helpers."""
from __future__ import annotations

import ast
import copy


def with_blocks(stmts: list) -> list:
    """``stmts`` with each ``enter_context(m) ... exit_context()`` pair a ``with m:`` block."""
    out, i = [], 0
    while i < len(stmts):
        stmt = stmts[i]
        end = _matching_exit(stmts, i) if _marks(stmt, "enter_context") else None
        if end is not None:
            body = with_blocks(stmts[i + 1:end])
            manager = stmt.value.args[0]
            again = out and isinstance(out[-1], ast.With) and _same(out[-1].items[0].context_expr, manager)
            if body and again:
                out[-1] = ast.With(items=out[-1].items, body=[*out[-1].body, *body])   # the same context again
            elif body:
                out.append(ast.With(items=[ast.withitem(context_expr=manager, optional_vars=None)], body=body))
            i = end + 1
            continue
        if any(isinstance(getattr(stmt, attr, None), list) for attr in ("body", "orelse")):
            stmt = copy.copy(stmt)
            for attr in ("body", "orelse"):
                if isinstance(getattr(stmt, attr, None), list) and getattr(stmt, attr):
                    setattr(stmt, attr, with_blocks(getattr(stmt, attr)) or [ast.Pass()])
        out.append(stmt)
        i += 1
    return out


def _same(a: ast.expr, b: ast.expr) -> bool:
    return ast.dump(a) == ast.dump(b)


def _matching_exit(stmts: list, start: int) -> int | None:
    depth = 0
    for j in range(start, len(stmts)):
        if _marks(stmts[j], "enter_context"):
            depth += 1
        elif _marks(stmts[j], "exit_context"):
            depth -= 1
            if depth == 0:
                return j
    return None


def _marks(stmt, name: str) -> bool:
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == name)
