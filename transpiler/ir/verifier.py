"""The IR's own rules, checked: :func:`verify` raises :class:`IRError` where a stage broke them.

* Every value read is a parameter, a free name, or bound earlier on every path to the read: a
  value bound in one branch of an ``If`` is not visible after it, one bound in a loop's body not
  after the loop (it may run no iteration); a ``while`` loop's ``cond_body`` runs before its
  ``cond`` and before each iteration, so what it binds is visible in the body and after the loop.
  A ``for`` loop's counter is visible in its body and after it (as the user's name is in
  Python, bound if an iteration ran); its exit flag is read at the end of the body, its carried
  values are bound before it.
* Static single assignment: a value is bound once (by an ``Assign``, a loop counter, a
  parameter or a free name), except the phis, which ``Copy`` statements resolve:
  a merge variable of an ``If`` is bound by at most one copy at the top of each branch and, when
  a branch leaves it unbound, a copy (of ``None``) before the ``If`` in the same block; a
  loop-carried variable by its initial copy before the loop and its end-of-iteration copy
  (``carry=True``) at the top level of the body. Copy propagation (opt/copies.py) merges such
  a copy into the ``Assign`` computing the copied value: an ``Assign`` may stand in a copy's
  place (one binding a loop's carried value at the top of its body is its carry).
* The result is bound on every path to the return.
* Reverse mode's code (ad/reverse_ir.py) binds some names again: each such statement is marked
  ``rebinds`` and accepted. Its reverse loops recompute a value in a branch and read it in the
  adjoint's branch on the same test: a branch sees what an earlier branch on the same test
  value bound (in the same block or one around it, the test not bound again in between).

These are the compiler's own invariants, not the user's: a failure is a bug in the stage that
built the IR. ``TRANSPILER_VERIFY=1`` makes the driver check every IR it lowers or specialises.
"""
from __future__ import annotations

import os
from typing import NamedTuple

from .defuse import defines
from .nodes import Assign, Const, Copy, Function, If, Loop, Var, always_raises


class IRError(AssertionError):
    """The IR breaks one of its rules (an internal-consistency error, not a user error)."""


def verify(fn: Function) -> None:
    """Raise :class:`IRError`, naming the statement, if ``fn`` breaks a rule of the IR."""
    _Verifier(fn).run()


def checked(fn: Function) -> Function:
    """``fn``, verified first when the environment sets ``TRANSPILER_VERIFY=1`` (the test suite
    does: every IR the driver builds is checked; users pay nothing)."""
    if os.environ.get("TRANSPILER_VERIFY") == "1":
        verify(fn)
    return fn


class _Role(NamedTuple):
    """What one binding of a value is: bound ``once``, or one copy of a phi of ``region`` (an If
    or Loop): its ``initial`` value (before it), a ``merge`` at the end of a branch, or the
    ``carry`` at the end of a loop's body (``place``: "then", "else", "cond" or "body")."""

    kind: str
    region: object = None
    place: str | None = None


ONCE = _Role("once")
REBIND = _Role("rebind")     # a statement marked ``rebinds`` (reverse mode's accumulated adjoints)


class _Verifier:
    def __init__(self, fn: Function):
        self.fn = fn
        self.where: list[str] = []                  # the regions around the statement checked
        self.bindings: dict[Var, list] = {}         # value -> [(statement, _Role)]
        # (test, "then" / "else") -> (values a branch on that test bound, the same for the
        # branches nested in it, how many bindings the test had): seen by a later branch on the
        # same test value in the same block or one inside it
        self.same_test: dict[tuple, tuple] = {}
        self.inner_same_test: dict[tuple, tuple] = {}     # (at the end of the last block checked)

    def run(self) -> None:
        for var in self.fn.params:
            self.bind(var, "the parameter", ONCE)
        for var in self.fn.free.values():
            self.bind(var, "the free name", ONCE)
        visible = self.block(self.fn.body, set(self.fn.params) | set(self.fn.free.values()))
        if isinstance(self.fn.result, Var) and self.fn.result not in visible:
            raise IRError(f"IR of `{self.fn.name}`: the result `{self.fn.result}` is not bound "
                          f"on every path to the return\n{self.fn.listing()}")

    # Visibility --------------------------------------------------------------------------
    def block(self, stmts: list, visible: set, owner=None) -> set:
        """Check ``stmts`` (a region of ``owner``: an If or Loop, None for the function's body)
        given the values ``visible`` at its start; returns those visible at its end."""
        visible = set(visible)
        entry, self.same_test = self.same_test, dict(self.same_test)   # (what this block's branches bound stays here)
        for index, stmt in enumerate(stmts):
            if isinstance(stmt, If):
                visible |= self.branch(stmt, visible)
            elif isinstance(stmt, Loop):
                visible |= self.loop(stmt, visible)
            else:
                self.read(stmt, stmt.uses(), visible)
                if isinstance(stmt, (Assign, Copy)):
                    self.bind(stmt.target, stmt, self.role(stmt, stmts[index + 1:], owner))
                visible |= defines(stmt)
        self.inner_same_test, self.same_test = self.same_test, entry
        return visible

    def branch(self, stmt: If, visible: set) -> set:
        self.read(stmt, stmt.uses(), visible)
        ends = []
        for name, block in (("then", stmt.body), ("else", stmt.orelse)):
            self.where.append(f"in the {name} branch of `if {stmt.test}:`")
            key, count = (stmt.test, name), len(self.bindings.get(stmt.test, []))
            earlier, nested, then_count = self.same_test.get(key, (set(), {}, count))
            if then_count != count:          # the test was bound again since
                earlier, nested = set(), {}
            outer, self.same_test = self.same_test, {**self.same_test, **nested}
            ends.append(self.block(block, visible | earlier, owner=(stmt, name)))
            self.same_test = outer
            self.same_test[key] = (earlier | (ends[-1] - visible), self.inner_same_test, count)
            self.where.pop()
        raising = [always_raises(block) for block in stmt.blocks()]
        if raising == [True, False]:        # the code after the branch runs after the other path only
            after = ends[1]
        elif raising == [False, True]:
            after = ends[0]
        else:
            after = ends[0] & ends[1]
        if isinstance(stmt.test, Const) and type(stmt.test.value) is bool:
            # a test known while lowering (a helper's `if s > 0:` of a constant `s`, whose callable
            # result's arguments were lowered in both branches): what the branch taken binds too
            after = after | (ends[0] if stmt.test.value else ends[1])
        return after

    def loop(self, loop: Loop, visible: set) -> set:
        head = f"`for {loop.target} in range(...)`" if loop.kind == "for" else "`while`"
        self.read(loop, loop.range_args, visible)
        for var in loop.carried:
            if var not in visible:
                self.fail(loop, f"the carried value `{var}` has no initial value before the loop")
        if loop.kind == "for" and loop.target is not None:
            self.bind(loop.target, loop, REBIND if loop.rebinds else ONCE)
        self.where.append(f"in the condition of {head}")
        before_body = self.block(loop.cond_body, visible, owner=(loop, "cond"))
        self.where.pop()
        if loop.kind == "while":
            if loop.cond is None:
                self.fail(loop, "a `while` loop without a condition")
            self.read(loop, [loop.cond], before_body)
        self.where.append(f"in the body of {head}")
        counter = {loop.target} if loop.target is not None else set()
        end = self.block(loop.body, before_body | counter, owner=(loop, "body"))
        self.where.pop()
        if loop.exit_flag is not None:
            self.read(loop, [loop.exit_flag], end, "its exit flag")
        # The body may run no iteration; cond_body runs at least once. A `for` loop's counter
        # stays readable after the loop, as the user's name does in Python (bound if an
        # iteration ran): the lowering binds the name to it there.
        return before_body | counter

    def read(self, stmt, atoms, visible: set, what: str = "") -> None:
        for atom in atoms:
            if isinstance(atom, Var) and atom not in visible:
                prefix = f"{what} " if what else ""
                self.fail(stmt, f"{prefix}`{atom}` is read before it is bound on every path to it")

    # Single assignment ---------------------------------------------------------------------
    def role(self, stmt, later: list, owner) -> _Role:
        """What binding ``stmt.target`` is, given the statements ``later`` in its block and the
        block's ``owner`` ((If or Loop, place), None for the function's body)."""
        if getattr(stmt, "rebinds", False):
            return REBIND
        if isinstance(stmt, Copy) and stmt.carry or _carried_by(owner, stmt.target):
            return _Role("carry", *(owner or (None, None)))
        for after in later:
            if isinstance(after, Loop) and stmt.target in after.carried:
                return _Role("initial", after)
            if isinstance(after, If) and _merges(after, stmt.target):
                return _Role("initial", after)
        if owner is not None and isinstance(owner[0], If):
            return _Role("merge", *owner)
        return ONCE

    def bind(self, var: Var, stmt, role: _Role) -> None:
        if role.kind == "carry" and not (isinstance(role.region, Loop) and role.place == "body"
                                         and var in role.region.carried):
            self.fail(stmt, f"`{var}` is updated as a loop-carried value outside the body of a loop "
                            f"carrying it")
        earlier = self.bindings.setdefault(var, [])
        if earlier and role.kind != "rebind" and not _phi([r for _, r in earlier] + [role]):
            first = earlier[0][0]
            by = first if isinstance(first, str) else f"`{_text(first)}`"
            self.fail(stmt, f"`{var}` is bound twice: by {by} and here")
        earlier.append((stmt, role))

    def fail(self, stmt, problem: str):
        where = " ".join(reversed(self.where))
        location = getattr(stmt, "location", None)
        origin = f" (from {location})" if location is not None else ""
        raise IRError(f"IR of `{self.fn.name}`: {problem}, in `{_text(stmt)}`{origin}"
                      f"{' ' + where if where else ''}\n{self.fn.listing()}")


def _phi(roles: list[_Role]) -> bool:
    """Do these bindings of one value make one phi: copies of one If (at most one per branch,
    and an initial value) or of one Loop (its initial value and at most one carry)? A binding
    marked ``rebinds`` is none of them (reverse mode's adjoint accumulating in a branch after
    its merge copy, the branches on one test joined: opt/branches.py)."""
    roles = [role for role in roles if role.kind != "rebind"]
    if any(role.kind == "once" for role in roles):
        return False
    places = [(role.kind, role.place) for role in roles]
    return len({id(role.region) for role in roles}) == 1 and len(set(places)) == len(places)


def _merges(stmt: If, var: Var) -> bool:
    """Does a branch of ``stmt`` end by copying into ``var`` (or computing it: a merged copy)? Not
    where it only adds into it (``rebinds``: an adjoint accumulated in a branch joined after its
    merge copy, ``if c: d_w = t`` then ``if c: if c2: d_w = d_w + a``, opt/branches.py)."""
    return any(isinstance(s, (Assign, Copy)) and s.target == var and not getattr(s, "rebinds", False)
               for s in (*stmt.body, *stmt.orelse))


def _carried_by(owner, var: Var) -> bool:
    """Is ``owner`` the body of a loop carrying ``var`` (whose binding there is then its carry)?"""
    return owner is not None and isinstance(owner[0], Loop) and owner[1] == "body" and var in owner[0].carried


def _text(stmt) -> str:
    if isinstance(stmt, If):
        return f"if {stmt.test}:"
    if isinstance(stmt, Loop):
        return f"for {stmt.target} in range(...):" if stmt.kind == "for" else "while ...:"
    return str(stmt)
