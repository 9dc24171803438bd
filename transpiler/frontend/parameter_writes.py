"""A list or dict the caller passed, changed by the function (``log.append(loss)``,
``cache[k] = v``, ``hist.append(...)`` on a mutable default ``hist=[]``, in a helper given it too).

The lowering gives every list write a new value (``appended(log, v)``: containers.py), so the
caller's object is never touched by the generated code. Python changes that object in place:
after the call the caller's ``log`` holds the new item, and a default list grows from call to
call. So each value that *is* the caller's object, as changed so far, is followed here (from the
parameter, through each write, a branch's or loop's merge of such values); at the return, the
object's final contents are handed back (an ``Effect`` of ``WRITE_BACK``, once per call in every
mode, primitives/effects.py), and the transforms apply them to the caller's object after the
call (api/written_back.py): ``log[:] = final`` for a list, ``clear`` and ``update`` for a dict.

Exact only where one value at the return is that object: a write through a value that may be
the caller's object or another (``lst = log if c else []``), an inner list of the argument
(``row = rows[0]; row.append(v)``), or a name for the object rebound after the write
(``log.append(v); log = []``) is refused, located, never handed back wrong: where the
parameter may as well be an array (known only when the code runs), by an ``Effect`` that
refuses a list or dict then (``REFUSED_WRITE_BACK``). So is a caller's list passed down to a
recursive function that changes it; the recursive calls' own code hands nothing back
(``without_hand_backs``). Arrays keep the value semantics documented in docs/syntax.md: an
array the caller passed is never written."""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass, replace

from ..ir import Const, Effect, Function, If, Loop, Var, walk
from ..primitives import effects
from . import aliasing
from .containers import MUTATORS
from .source import parse_function


@dataclass
class _Writes:
    """What the function did to one parameter's object: where it first changed it."""
    first: ast.AST
    members: ast.AST | None = None       # an item added, removed or replaced (`log.append(v)`)
    items: ast.AST | None = None         # an item written into (`params[0][0] = v`, `d["n"] += 1`)
    keys: set | None = None              # the constant keys of those items (None: one was not constant)


class ParameterWriteLowering:
    """Following the caller's lists and dicts; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    @property
    def caller_objects(self) -> dict:
        """Value -> index of the root parameter whose object (as changed so far) it is."""
        return self.__dict__.setdefault("_caller_objects", {})

    @property
    def parameter_writes(self) -> dict:
        """Parameter index -> ``_Writes`` of its object."""
        return self.__dict__.setdefault("_parameter_writes", {})

    def _follow_parameters(self, params: list[Var], kinds: list[str]) -> None:
        """The parameters whose objects are the caller's (not ``*args``' tuple, not
        ``**kwargs``' dict: Python makes those anew for each call)."""
        if self._generated:
            return
        self.__dict__["_followed"] = params
        for i, (var, kind) in enumerate(zip(params, kinds)):
            if kind == "plain":
                self.caller_objects[var] = i

    @property
    def writing_into_item(self) -> bool:
        """Is the write being lowered one into an item (``c[i][j] = v``, ``c[i] += v``), which
        Python makes in the item itself, not by replacing it?"""
        return self.__dict__.get("_writing_into_item", False)

    def _into_item(self, write) -> None:
        """Lower ``write()``, a write into an item of a container (see ``writing_into_item``)."""
        before, self._writing_into_item = self.writing_into_item, True
        try:
            write()
        finally:
            self._writing_into_item = before

    def _changed_in_place(self, old, new: Var, node: ast.AST, list_method: bool = False) -> None:
        """``new`` is ``old`` changed in place by the statement ``node``. Where ``old`` is a
        caller's object, so is ``new``. ``list_method``: the write is a list's or dict's own
        (``append``, ``pop``), certain to change a list: where ``old`` may be a caller's list
        without being known as one, the change cannot be handed back: refused."""
        old = aliasing.value_of(old)
        index = self.caller_objects.get(old)
        if index is None:
            if list_method and self._may_be_callers(old):
                self._unsupported(node, "changing a list or dict that may be one the caller passed (or an item "
                                  "of one) through another value",
                                  "change the argument itself (`log.append(v)`), or copy it first "
                                  "(`rows = [list(r) for r in rows]`, `lst = list(lst)`)")
            return
        self.caller_objects[new] = index
        writes = self.parameter_writes.setdefault(index, _Writes(node))
        if self.writing_into_item:
            key = _constant_key(node)
            writes.keys = None if key is None or writes.items is not None and writes.keys is None \
                else (writes.keys or set()) | {key}
            writes.items = writes.items or node
        else:
            writes.members = writes.members or node

    def _may_be_callers(self, value) -> bool:
        """May ``value`` be (part of) an object a parameter holds, without being known as one?"""
        if not isinstance(value, Var):
            return False
        identity = self.lists.get(value) or self._storage(value)
        return bool(identity & frozenset(self.caller_objects))

    def _merged_callers(self, merged: Var, sources: list) -> None:
        """A value merged from branches or iterations is a caller's object if every source is
        the same one."""
        indices = {self.caller_objects.get(aliasing.value_of(s)) for s in sources}
        if sources and len(indices) == 1 and None not in indices:
            self.caller_objects[merged] = indices.pop()

    def _carried_callers(self, var: Var, source) -> None:
        """The end of a loop iteration copies ``source`` into the loop variable ``var``, which
        was taken for the caller's object: unless ``source`` is that object too, it is not."""
        index = self.caller_objects.get(var)
        if index is not None and self.caller_objects.get(aliasing.value_of(source)) != index:
            del self.caller_objects[var]

    def _refuse_hand_back(self, index: int, parameter: Var, node: ast.AST, construct: str, hint: str) -> None:
        """Where the parameter turns out to be a list or dict (an array's or number's writes are
        never handed back, and which it is is known only at run time), refuse: located, when the
        generated code runs (dropped from code specialised to an array or a number)."""
        where = self.parsed.location(node)
        message = f"{self._readable(construct)} is not supported{self._chain()}"
        args = (Const(index), parameter, *map(Const, (message, self._readable(hint), where.filename, where.line,
                                                          where.col)))
        self.body.append(Effect(effects.REFUSED_WRITE_BACK, args, where))

    def _refuse_passed_down(self, node: ast.Call, callee, prim=None, atoms: tuple | None = None) -> tuple | None:
        """A recursive call given a caller's list that the callee changes (``acc.append(v)``):
        refused. The call runs the callee's own code, which changes its copy, so neither the
        caller's object nor this function's later reads would see the change. (A list the
        function made, passed down, stays allowed: its derivative is right.) ``atoms``: the
        arguments' values, returned; else the call of ``prim`` (a recursive function's calls,
        once compiled, are its primitive), its arguments that are names."""
        if atoms is None and getattr(prim, "recursive", None) is None:
            return None
        if atoms is None:
            atoms = tuple(self.env.get(a.id) if isinstance(a, ast.Name) else None for a in node.args)
        changed = _changed_parameters(callee)
        for i, atom in enumerate(atoms):
            value = aliasing.value_of(atom)
            if i in changed and isinstance(value, Var) and value in self.caller_objects:
                index = self.caller_objects[value]       # (refused where it is a list: known when the code runs)
                self._refuse_hand_back(index, self.__dict__["_followed"][index], node,
                                       f"passing the list the caller gave to the recursive `{callee.__name__}`, "
                                       "which changes it", "pass a copy (`list(log)`) and return what the recursion "
                                       "collects, or collect it on a global list")
        return atoms

    def _hand_back_parameters(self, params: list[Var], names: list[str]) -> None:
        """At the return: each parameter's object the function changed, its final value handed
        back to the caller's object (refused where no one value at the return is that object)."""
        for index, writes in sorted(self.parameter_writes.items()):
            finals = {aliasing.value_of(atom) for atom in self.env.values()}
            finals = {v for v in finals if isinstance(v, Var) and self.caller_objects.get(v) == index
                      and v is not params[index]}
            if len(finals) != 1:
                self._refuse_hand_back(index, params[index], writes.first,
                                       f"changing the `{names[index]}` the caller passed (a list or dict) where the "
                                       "function's names for it do not hold it at the return",
                                       f"keep `{names[index]}` naming the changed object to the end, or copy it "
                                       f"first (`{names[index]} = list({names[index]})`) and return it")
                continue
            if writes.members is not None and writes.items is not None and writes.keys is None:
                self._refuse_hand_back(index, params[index], writes.items,
                                       f"writing into an item of the `{names[index]}` the caller passed (a list or "
                                       "dict), at a key known only at run time, where the function also adds, "
                                       "removes or replaces its items",
                                       f"copy it first (`{names[index]} = list({names[index]})` or "
                                       f"`dict({names[index]})`) and return the copy")
                continue
            final = finals.pop()
            # False: no item written into; True: only items written into (each still at its place);
            # the keys written into, where the function also adds or replaces items (of a dict)
            in_place = Const(writes.items is not None if writes.members is None or writes.items is None
                             else tuple(sorted(writes.keys, key=repr)))
            at = self.parsed.location(writes.first)
            where = Const(f"{os.path.basename(at.filename)}:{at.line}:{at.col + 1}")
            self.body.append(Effect(effects.WRITE_BACK, (Const(index), params[index], final, in_place, where),
                                   self.parsed.location(writes.first)))


def _constant_key(target: ast.AST):
    """The constant key of the item a write goes into (``d["n"] += 1`` and ``d["n"][0] = v`` both
    replace ``d["n"]``: ``"n"``), or None."""
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
        return target.slice.value
    return None


def without_hand_backs(fn: Function) -> Function:
    """``fn`` as the code a recursive function's own calls run (their pullback or tangent code):
    without hand-backs, which would hand this call's copy of a list over the outer call's (the
    caller's list came out ``[2]`` where Python's is ``[2, 1, 0]``), or a parameter's index
    into another function's arguments (an IndexError). A caller's list passed down to be changed
    is refused at the call instead (``_refuse_passed_down``)."""
    if not any(_is_hand_back(s) for s in walk(fn.body)):
        return fn
    return replace(fn, body=_without_hand_backs(fn.body))


def _is_hand_back(stmt) -> bool:
    return isinstance(stmt, Effect) and stmt.prim in (effects.WRITE_BACK, effects.REFUSED_WRITE_BACK)


def _without_hand_backs(block: list) -> list:
    """``block`` without hand-backs, in branches and loops too (a refusal sits at its call)."""
    kept = []
    for stmt in block:
        if isinstance(stmt, If):
            stmt = replace(stmt, body=_without_hand_backs(stmt.body), orelse=_without_hand_backs(stmt.orelse))
        elif isinstance(stmt, Loop):
            stmt = replace(stmt, cond_body=_without_hand_backs(stmt.cond_body), body=_without_hand_backs(stmt.body))
        if not _is_hand_back(stmt):
            kept.append(stmt)
    return kept


def _changed_parameters(callee) -> set[int]:
    """The positions of the parameters whose lists ``callee`` changes with a list method
    (``acc.append(v)``)."""
    tree = parse_function(callee).tree
    names = [a.arg for a in (*tree.args.posonlyargs, *tree.args.args)]
    return {names.index(node.func.value.id) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS
            and isinstance(node.func.value, ast.Name) and node.func.value.id in names}
