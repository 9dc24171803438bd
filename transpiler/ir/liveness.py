"""Which generated statements are needed: dead-code removal on generated (Python AST) code, and
the statement slots the reverse transform fills late (a loop's tape pushes, known only once its
reverse is built). Shared by the transforms (a loop's recomputation keeps only what its reverse
reads) and the clean-up passes."""
from __future__ import annotations

import ast
import copy

from .code import read_names


def prune(stmts: list, needed: set[str]) -> list:
    """Drop assignments whose names nothing in ``needed`` (or a kept statement) reads.

    Works on generated AST blocks (loops' recomputation); calls such as tape pushes are kept.
    """
    kept, _ = _prune_block(stmts, set(needed))
    return kept


def _prune_block(stmts: list, needed: set[str]) -> tuple[list, set[str]]:
    kept = []
    for stmt in reversed(stmts):
        if isinstance(stmt, list):                      # an unfilled slot: keep it as it is
            kept.append(stmt)
            continue
        if isinstance(stmt, ast.If):
            body, n1 = _prune_block(stmt.body, set(needed))
            orelse, n2 = _prune_block(stmt.orelse, set(needed))
            if not does_something(body) and not does_something(orelse):
                continue
            stmt = copy.copy(stmt)      # pure: the loop fixpoint below may prune a block twice
            stmt.body, stmt.orelse = body or [ast.Pass()], orelse
            needed = n1 | n2 | read_names(stmt.test)
        elif isinstance(stmt, (ast.For, ast.While)):
            # values may flow from one iteration to the next (and into a while's test, which
            # runs before every iteration): iterate to a fixpoint
            inside = needed | (read_names(stmt.test) if isinstance(stmt, ast.While) else set())
            while True:
                body, used = _prune_block(stmt.body, set(inside))
                if used <= inside:
                    break
                inside |= used
            if not does_something([s for s in flat(body) if not isinstance(s, (ast.Break, ast.Continue))]):
                continue
            stmt = copy.copy(stmt)
            stmt.body = body
            needed = needed | inside | read_names(stmt.iter if isinstance(stmt, ast.For) else stmt.test)
        elif not keeps(stmt, needed):
            continue
        kept.append(stmt)
    kept.reverse()
    return kept, needed


def keeps(stmt: ast.stmt, needed: set[str]) -> bool:
    """Is the simple statement ``stmt`` (no block in it) needed, given the names read after it
    (``needed``, updated in place to those read before it where it is)? An assignment is where
    its name is read after it or its value must run (:func:`pops`); an update in place of an
    array (``d[i] += g``, ``np.add.at(d, i, g)``) where the array is; anything else always."""
    if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
        if stmt.targets[0].id not in needed and not pops(stmt.value):
            return False
        needed.discard(stmt.targets[0].id)
        needed |= read_names(stmt.value)
    elif isinstance(stmt, ast.AugAssign):
        if isinstance(stmt.target, ast.Subscript):      # d[i] += g: updates d in place
            base = stmt.target.value.id
            if base not in needed:
                return False
            needed |= read_names(stmt.value) | read_names(stmt.target.slice) | {base}
        else:
            if stmt.target.id not in needed:
                return False
            needed |= read_names(stmt.value)
    elif _adds_at(stmt):                                 # np.add.at(d, index, g): updates d
        if stmt.value.args[0].id not in needed:
            return False
        needed |= read_names(stmt.value)
    else:
        needed |= read_names(stmt)
    return True


def does_something(stmts: list) -> bool:
    """Anything but a ``with`` block's entry and exit (``enter_context(m)``, ``exit_context()``:
    primitives/effects.py), which have nothing to surround then."""
    return any(not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and isinstance(s.value.func, ast.Name)
                    and s.value.func.id in ("enter_context", "exit_context")) for s in stmts)


def _adds_at(stmt) -> bool:
    """``np.add.at(d, index, g)`` on a named buffer ``d``."""
    value = stmt.value if isinstance(stmt, ast.Expr) else None
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "at"
            and isinstance(value.func.value, ast.Attribute) and value.func.value.attr == "add"
            and isinstance(value.func.value.value, ast.Name) and value.func.value.value.id == "np"
            and value.args and isinstance(value.args[0], ast.Name))


def pops(value: ast.expr) -> bool:
    """``v = _tape.pop()`` must run even if ``v`` is unused: the tape has to stay in step. So must
    ``v = next(pullback)`` and ``d_y = yield v`` (a recursive call's generator: reverse.py), and
    ``v = unshared(x, ...)``, a check that may refuse (frontend/aliasing.py), as may
    ``in_place_result`` and ``same_kind_cast`` (primitives/in_place.py), ``strided_windows``,
    which refuses windows past the end of the array (primitives/windows.py), ``bound``, which
    raises Python's ``UnboundLocalError`` for a name read before it holds a value (primitives/
    unbound.py: its value unread where the adjoint needs only the shape), and a call that
    simply runs (``rs.randn(3)``, marked ``simply_runs``: primitives/opaque.py), which may advance a
    random stream: it runs once, where the primal runs it."""
    if isinstance(value, ast.Yield) or getattr(value, "simply_runs", False):
        return True
    return isinstance(value, ast.Call) and (
        isinstance(value.func, ast.Attribute) and value.func.attr == "pop"
        or isinstance(value.func, ast.Name) and value.func.id in _MUST_RUN)


_MUST_RUN = frozenset({"next", "unshared", "in_place_result", "same_kind_cast", "strided_windows", "bound"})


def flat(stmts: list) -> list:
    """``stmts`` with statement slots (lists inside the list, filled late) spliced in."""
    return [s for item in stmts for s in (item if isinstance(item, list) else [item])]


def splice_list(stmts: list) -> None:
    """``splice`` for a bare statement list (in place)."""
    holder = ast.Module(body=stmts, type_ignores=[])
    splice(holder)
    stmts[:] = holder.body


def splice(node: ast.AST) -> None:
    """Flatten statement slots (lists inside statement lists) in place, dropping empty ones.

    Walks statements only (the fields that hold them), not every expression as ``ast.walk``
    would: a statement's children are taken before its own slots are flattened, so a statement
    that was in a slot is not itself visited, as with ``ast.walk``."""
    stack = [node]
    while stack:
        child = stack.pop()
        blocks = [getattr(child, field, None) for field in _STATEMENT_FIELDS]
        for block in blocks:
            if type(block) is list:
                stack.extend(item for item in reversed(block) if isinstance(item, ast.AST))
        for attr in ("body", "orelse"):
            block = getattr(child, attr, None)
            if isinstance(block, list) and any(isinstance(s, list) for s in block):
                flat = []
                for item in block:
                    flat.extend(item if isinstance(item, list) else [item])
                setattr(child, attr, flat or [ast.Pass()])


_STATEMENT_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
