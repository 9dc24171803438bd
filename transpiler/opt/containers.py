"""Containers of known structure taken apart, for the code a call runs.

A parameter that is a list or tuple (of lists, tuples, arrays, numbers) has, within one call's
specialisation, a known structure: ``grad`` keys its compiled code by it (api/gradient.py). Here
such a parameter becomes one parameter per element (:func:`flatten_parameters`), the container
rebuilt from them as a display at the top of the body; then :func:`fold_containers` reads
through displays: ``len`` of one is a number, an element at a known position is that element, a
slice of one is a shorter display, and a ``for`` loop over a display of known length is unrolled
(``for W, b in params``, ``for layer in params``, ``zip(Ws, bs)``, ``enumerate``: the lowering
spells each as indexing by the loop counter). What is left is straight-line code on arrays whose
shapes are known: the transform then writes each matrix product's adjoint directly (``h.T @ g``)
and each element's adjoint is a local array bound on first write, where a list parameter's
adjoint was a list of zero arrays added into, with generic helpers in a loop.

Everything here is exact: an unrolled loop runs the same statements in the same order.
"""
from __future__ import annotations

import ast
from dataclasses import replace

import numpy as np

from ..frontend.expressions import fold
from ..frontend.zipped_loops import UNROLL_LIMIT    # (a loop over a display of more elements stays a loop)
from ..ir.defuse import defines
from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.effects import EXPECT_KEYWORDS, RUN_TIME_CHECKS
from ..primitives import lists, lookup
from ..primitives.registry import spelled_as, spelled_in
from ..primitives.indexing import LIST, TUPLE
from ..primitives.fields import field_read, is_record, record_fields, record_primitive
from ..primitives.lists import DICT_KEYS, DICT_OF
from .sequences import resolve_sequence_operators

_DISPLAYS = {"list": LIST, "tuple": TUPLE}


# ================================================================================ parameters
def flatten_parameters(fn: Function, structures: dict[int, tuple], named_tuples: set | None = None) -> Function:
    """``fn`` with parameter ``i`` of ``structures`` (``(kind, children)``, kind "list" or
    "tuple", a child a structure or ``None`` for an element; api/flat.py) replaced by one
    parameter per element, named after it (``params_0_1``), in depth-first order; the container
    is rebuilt from them as displays at the top of the body (a record, ``record(cls, ...)``, from
    its class and fields: the rebuilt NamedTuples are added to ``named_tuples``)."""
    names = fn.names.fork()
    params: list[Var] = []
    param_names: list[str] = []
    prologue: list = []
    for i, (var, name) in enumerate(zip(fn.params, fn.param_names)):
        if i not in structures:
            params.append(var)
            param_names.append(name)
            continue
        leaves: list[Var] = []
        prologue += _rebuild(structures[i], var, name, leaves, names, named_tuples if named_tuples is not None else set())
        params += leaves
        param_names += [leaf.name for leaf in leaves]
    return replace(fn, params=params, param_names=param_names, body=prologue + list(fn.body), names=names,
                   specialized={})


def _rebuild(structure: tuple, target: Var, path: str, leaves: list, names, named_tuples: set) -> list:
    """Statements binding ``target`` to the display ``structure`` describes, its elements new
    parameters appended to ``leaves``."""
    kind, children = structure[:2]
    keys = structure[2] if kind in ("dict", "record") else range(len(children))
    stmts, elements = [], []
    if kind == "record":        # its class first: a parameter the record is rebuilt with
        cls = Var(names.fresh(f"{path}_class"))
        leaves.append(cls)
    for k, child in zip(keys, children):
        element = Var(names.fresh(f"{path}_{k}" if type(k) is int or k.isidentifier() else f"{path}_{len(elements)}"))
        if child is None:
            leaves.append(element)
        else:
            stmts += _rebuild(child, element, element.name, leaves, names, named_tuples)
        elements.append(element)
    if kind == "dict":
        return stmts + [Assign(target, DICT_OF, (Const(tuple(keys)), *elements))]
    if kind == "record":
        if structure[3]:
            named_tuples.add(target)
        return stmts + [Assign(target, record_primitive(tuple(keys)), (cls, *elements))]
    return stmts + [Assign(target, _DISPLAYS[kind], tuple(elements))]


def _class_leaves(structure: tuple) -> list[int]:
    """The positions among ``structure``'s leaves (in :func:`_rebuild`'s order) of its records'
    classes: parameters with no derivative."""
    found: list[int] = []

    def count(node: tuple, start: int) -> int:
        kind, children = node[:2]
        if kind == "record":
            found.append(start)
            start += 1
        for child in children:
            start = start + 1 if child is None else count(child, start)
        return start
    count(structure, 0)
    return found


# ================================================================================ folding
def fold_containers(fn: Function, named_tuples: frozenset = frozenset()) -> Function:
    """``fn`` read through its list and tuple displays, and its loops over them unrolled (see
    the module's docstring); ``fn`` itself where there is nothing to do. ``named_tuples``: the
    records that are NamedTuples, read by position too (``W, b = layer``)."""
    original, fn = fn, replace(fn, names=fn.names.fork(), specialized={})
    changed = False
    while True:
        body, result, step = _Reader(fn, named_tuples).run()
        if not step:
            return fn if changed else original
        changed = True
        fn = replace(fn, body=body, result=result)


class _Reader:
    """One round: fold what the displays bound so far answer, unroll the loops over them."""

    def __init__(self, fn: Function, named_tuples: frozenset = frozenset()):
        self.fn = fn
        self.names = fn.names
        self.displays: dict[Var, tuple] = {}      # value -> (display primitive, elements)
        self.dicts: dict[Var, dict] = {}          # value -> its entries (a dict_of of constant keys)
        self.keys_of: dict[Var, Var] = {}         # `dict_keys(d)` of such a dict -> d
        self.records: dict[Var, dict] = {}        # value -> its fields (a record built of them)
        self.named_tuples = named_tuples          # records read by position too
        self.subst: dict[Var, object] = {}        # value -> the atom it is known to be
        self.changed = False
        self.definitions: dict[Var, int] = {}
        for stmt in walk(fn.body):
            for var in defines(stmt):
                self.definitions[var] = self.definitions.get(var, 0) + 1

    def run(self):
        body = self.block(list(self.fn.body))
        body = _drop_unread_displays(body, self.atom(self.fn.result))
        return body, self.atom(self.fn.result), self.changed

    def atom(self, atom):
        while isinstance(atom, Var) and atom in self.subst:
            atom = self.subst[atom]
        return atom

    def block(self, stmts: list) -> list:
        out: list = []
        for position, stmt in enumerate(stmts):
            if isinstance(stmt, Loop):
                unrolled = self.unrolled(stmt, out)
                if unrolled is not None:
                    self.changed = True
                    out = unrolled[0] + self.block(unrolled[1])
                    out += self.block(stmts[position + 1:])
                    return out
            out += self.statement(stmt)
        return out

    def statement(self, stmt) -> list:
        if isinstance(stmt, Assign):
            stmt = replace(stmt, args=tuple(self.atom(a) for a in stmt.args),
                           kwargs=tuple((k, self.atom(v)) for k, v in stmt.kwargs))
            return self.assign(stmt)
        if isinstance(stmt, Copy):
            stmt = replace(stmt, source=self.atom(stmt.source))
            if stmt.source in self.dicts and self.definitions.get(stmt.target) == 1:
                self.dicts[stmt.target] = self.dicts[stmt.source]     # (an unrolled loop's last dict)
            return [stmt]
        if isinstance(stmt, Effect):
            stmt = replace(stmt, args=tuple(self.atom(a) for a in stmt.args))
            if stmt.prim is EXPECT_KEYWORDS and stmt.args[0] in self.keys_of \
                    and set(self.dicts[self.keys_of[stmt.args[0]]]) == set(stmt.args[1].value):
                self.changed = True       # `f(**block)` of a dict taken apart: it has those keys
                return []
            if stmt.prim in RUN_TIME_CHECKS and stmt.args[0] in self.displays and isinstance(stmt.args[1], Const) \
                    and len(self.displays[stmt.args[0]][1]) == stmt.args[1].value:
                self.changed = True       # `W, b = pair` of a pair: the length check holds
                return []
            return [stmt]
        if isinstance(stmt, If):
            return [replace(stmt, test=self.atom(stmt.test), body=self.block(stmt.body),
                            orelse=self.block(stmt.orelse))]
        if isinstance(stmt, Loop):
            return [replace(stmt, range_args=tuple(self.atom(a) for a in stmt.range_args),
                            cond_body=self.block(stmt.cond_body), cond=self.atom(stmt.cond),
                            carried=[self.atom(c) for c in stmt.carried],
                            body=self.block(stmt.body), exit_flag=self.atom(stmt.exit_flag))]
        return [stmt]

    def assign(self, stmt: Assign) -> list:
        """The statement, or nothing where its value is known (then substituted)."""
        if stmt.prim.display and stmt.prim.spelling.display in (ast.List, ast.Tuple) and not stmt.kwargs:
            if self.definitions.get(stmt.target) == 1:
                self.displays[stmt.target] = (stmt.prim, stmt.args)
            return [stmt]
        if stmt.prim is DICT_OF and not stmt.kwargs and isinstance(stmt.args[0], Const) \
                and self.definitions.get(stmt.target) == 1:
            self.dicts[stmt.target] = dict(zip(stmt.args[0].value, stmt.args[1:]))
            return [stmt]
        if is_record(stmt.prim) and not stmt.kwargs and self.definitions.get(stmt.target) == 1:
            names = record_fields(stmt.prim)
            self.records[stmt.target] = dict(zip(names, stmt.args[1:]))
            if stmt.target in self.named_tuples:
                self.displays[stmt.target] = (TUPLE, stmt.args[1:])
            return [stmt]
        field = _field_read(stmt)
        if field is not None and stmt.args[0] in self.records and field in self.records[stmt.args[0]]:
            return self.known(stmt, self.records[stmt.args[0]][field])      # `layer.W`: the field itself
        key = _written_key(stmt) if stmt.args and stmt.args[0] in self.dicts else None
        if type(key) in (str, int) and self.definitions.get(stmt.target) == 1:
            entries = {**self.dicts[stmt.args[0]], key: stmt.args[1]}       # `new[k] = v` of a known dict
            self.changed = True
            return self.assign(Assign(stmt.target, DICT_OF, (Const(tuple(entries)), *entries.values()), (),
                                      stmt.location))
        if stmt.prim is DICT_KEYS and stmt.args[0] in self.dicts and self.definitions.get(stmt.target) == 1:
            self.keys_of[stmt.target] = stmt.args[0]       # (`for k, v in d.items()`: a loop over them unrolls)
            return self.assign(Assign(stmt.target, LIST, tuple(Const(k) for k in self.dicts[stmt.args[0]]), (),
                                      stmt.location))
        if stmt.prim is lists.ITERATED and stmt.args[0] in self.displays:     # `for x in xs` of a display
            return self.known(stmt, stmt.args[0])
        if stmt.prim is lists.ITERATED and stmt.args[0] in self.dicts:        # `for k in d`: its keys
            self.changed = True
            return self.assign(Assign(stmt.target, LIST, tuple(Const(k) for k in self.dicts[stmt.args[0]]), (),
                                      stmt.location))
        if spelled_as(stmt.prim, len) and len(stmt.args) == 1 and stmt.args[0] in self.displays:
            return self.known(stmt, Const(len(self.displays[stmt.args[0]][1])))
        if spelled_as(stmt.prim, len) and len(stmt.args) == 1 and stmt.args[0] in self.dicts:
            return self.known(stmt, Const(len(self.dicts[stmt.args[0]])))
        if stmt.prim is lookup(lists.concatenated) and all(a in self.displays for a in stmt.args):
            prim = self.displays[stmt.args[0]][0]       # `xs + ys` of two displays: one display
            joined = Assign(stmt.target, prim, self.displays[stmt.args[0]][1] + self.displays[stmt.args[1]][1],
                            (), stmt.location)
            self.changed = True
            return self.assign(joined)
        pattern = getattr(stmt.prim, "pattern", None)
        if pattern is not None and stmt.prim.spelling.subscript is not None and stmt.args \
                and stmt.args[0] in self.displays and not stmt.kwargs:
            return self.read(stmt, pattern)
        if pattern is not None and stmt.prim.spelling.subscript is not None and stmt.args \
                and stmt.args[0] in self.dicts and not stmt.kwargs:
            key, entries = _index(pattern, stmt.args[1:]), self.dicts[stmt.args[0]]
            if type(key) in (str, int) and key in entries:     # d["W"] is the entry itself
                return self.known(stmt, entries[key])
        if (stmt.args and not stmt.kwargs and not stmt.prim.effect and not spelled_in(stmt.prim, np)
                and all(isinstance(a, Const) and type(a.value) is int for a in stmt.args)):
            value = fold(stmt.prim, stmt.args)          # `i + 1` of an unrolled counter
            if type(value) is int:
                return self.known(stmt, Const(value))
        return [stmt]

    def read(self, stmt: Assign, pattern: ast.expr) -> list:
        """``display[k]`` is element k; ``display[a:b]`` a display of those elements."""
        index = _index(pattern, stmt.args[1:])
        prim, elements = self.displays[stmt.args[0]]
        if type(index) is int and -len(elements) <= index < len(elements):
            return self.known(stmt, elements[index])
        if isinstance(index, slice):
            self.changed = True
            sliced = Assign(stmt.target, prim, tuple(elements[index]), (), stmt.location)
            if self.definitions.get(stmt.target) == 1:
                self.displays[stmt.target] = (prim, sliced.args)
            return [sliced]
        return [stmt]

    def known(self, stmt: Assign, atom) -> list:
        if self.definitions.get(stmt.target) != 1:
            return [stmt]
        self.subst[stmt.target] = atom
        self.changed = True
        return []

    # ---------------------------------------------------------------------------- unrolling
    def unrolled(self, loop: Loop, before: list) -> tuple[list, list] | None:
        """(the block before the loop, the unrolled loop's statements) for a ``for`` loop of
        known trip count over a display; None for any other loop. The loop-carried values and
        the values the loop leaves behind get their initial value substituted into the first
        iteration (their copy before the loop dropped) and one copy of their last value after
        it, so each value stays bound once."""
        bounds = tuple(self.atom(a) for a in loop.range_args)
        if (loop.kind != "for" or loop.exit_flag is not None or loop.cond_body or loop.target is None
                or not bounds or not all(isinstance(a, Const) and type(a.value) is int for a in bounds)):
            return None
        counts = range(*(a.value for a in bounds))
        if len(counts) > UNROLL_LIMIT or not self._reads_display(loop) or self._read_outside(loop.target, loop):
            return None
        leaving = [s.target for s in loop.body if isinstance(s, Copy) and self.definitions.get(s.target, 0) > 1]
        initial = self._initial_copies(leaving, before, loop)
        if initial is None or not set(loop.carried) <= set(leaving) or self._bound_outside(loop, leaving):
            return None
        env: dict[Var, object] = {v: self.atom(initial[v].source) for v in leaving}
        out: list = []
        for count in counts:
            renames = {var: Var(self.names.fresh(var.name)) for stmt in walk(loop.body) for var in defines(stmt)
                       if var not in env}
            renames[loop.target] = Const(count)
            for stmt in loop.body:
                if isinstance(stmt, Copy) and stmt.target in env:
                    env[stmt.target] = _substituted(stmt.source, renames, env)
                else:
                    out.append(_copy(stmt, renames, env))
        kept = [s for s in before if not any(s is initial[v] for v in leaving)]
        tail = [Copy(v, env[v], loop.location) for v in leaving]
        for var in leaving:
            self.definitions[var] = 0
        for stmt in walk(out + tail):
            for var in defines(stmt):
                self.definitions[var] = self.definitions.get(var, 0) + 1
        return kept, out + tail

    def _bound_outside(self, loop: Loop, leaving: list) -> bool:
        """A value bound inside the loop (not one it leaves behind) is also bound outside it:
        renamed per iteration, what reads it after the loop would miss the loop's value."""
        inside: dict[Var, int] = {}
        for stmt in walk(loop.body):
            for var in defines(stmt):
                inside[var] = inside.get(var, 0) + 1
        return any(self.definitions.get(var, 0) != n for var, n in inside.items() if var not in leaving)

    def _read_outside(self, var: Var, loop: Loop) -> bool:
        """``var`` is read other than inside ``loop`` (the counter after the loop: no value then)."""
        inside = sum(1 for s in walk(loop.body) for u in s.uses() if u == var)
        everywhere = sum(1 for s in walk(self.fn.body) for u in s.uses() if u == var)
        return everywhere != inside or self.fn.result == var

    def _reads_display(self, loop: Loop) -> bool:
        """The loop indexes a known display with its counter (or a number computed from it)."""
        counted = {loop.target}
        for stmt in walk(loop.body):
            if isinstance(stmt, Assign) and any(a in counted for a in stmt.args):
                if stmt.args[0] in self.displays and getattr(stmt.prim, "pattern", None) is not None:
                    return True
                if stmt.prim.spelling.binop is not None:
                    counted.add(stmt.target)
        return False

    def _initial_copies(self, leaving: list, before: list, loop: Loop) -> dict | None:
        """Each value the loop body copies into: its one copy before the loop, in this block,
        not read before the loop after it (and bound nowhere else); None if one is not so."""
        found = {}
        for var in leaving:
            inside = sum(1 for s in walk(loop.body) if var in defines(s))
            copies = [s for s in before if isinstance(s, Copy) and s.target == var]
            if inside != 1 or len(copies) != 1 or self.definitions.get(var) != 2:
                return None
            start = next(i for i, s in enumerate(before) if s is copies[0])
            if any(var in s.uses() for s in walk(before[start + 1:])) or var in loop.uses():
                return None
            found[var] = copies[0]
        if any(not isinstance(s, Copy) for s in loop.body if any(v in defines(s) for v in leaving)):
            return None
        return found


def _field_read(stmt: Assign) -> str | None:
    """The field ``x.name`` reads (primitives/fields.py), or None."""
    return field_read(stmt.prim) if len(stmt.args) == 1 else None


def _substituted(atom, renames: dict, env: dict):
    if isinstance(atom, Var):
        if atom in renames:
            return renames[atom]
        if atom in env:
            return env[atom]
    return atom


def _copy(stmt, renames: dict, env: dict):
    """``stmt`` for one iteration: its values renamed, the counter a number, the carried values
    as they stand."""
    def sub(atom):
        return _substituted(atom, renames, env)

    if isinstance(stmt, Assign):
        return replace(stmt, target=renames[stmt.target], args=tuple(sub(a) for a in stmt.args),
                       kwargs=tuple((k, sub(v)) for k, v in stmt.kwargs))
    if isinstance(stmt, Copy):
        return replace(stmt, target=renames.get(stmt.target, stmt.target), source=sub(stmt.source))
    if isinstance(stmt, Effect):
        return replace(stmt, args=tuple(sub(a) for a in stmt.args))
    if isinstance(stmt, If):
        return replace(stmt, test=sub(stmt.test), body=[_copy(s, renames, env) for s in stmt.body],
                       orelse=[_copy(s, renames, env) for s in stmt.orelse])
    if isinstance(stmt, Loop):
        return replace(stmt, target=renames.get(stmt.target, stmt.target) if stmt.target is not None else None,
                       range_args=tuple(sub(a) for a in stmt.range_args),
                       cond_body=[_copy(s, renames, env) for s in stmt.cond_body], cond=sub(stmt.cond),
                       carried=[sub(c) for c in stmt.carried], body=[_copy(s, renames, env) for s in stmt.body],
                       exit_flag=sub(stmt.exit_flag))
    return stmt


def _written_key(stmt: Assign):
    """The key ``assign_at(d, key, v)`` (``d[key] = v``) writes, where it is one known string or
    integer; else None."""
    if not (isinstance(stmt, Assign) and stmt.prim.updates and len(stmt.args) >= 2 and not stmt.kwargs):
        return None
    call = ast.parse(stmt.prim.name, mode="eval").body        # `assign_at(x, <index>, v)`
    key = _index(call.args[1], stmt.args[2:])
    return key if type(key) in (str, int) else None


def _index(pattern: ast.expr, holes: tuple):
    """The index ``pattern`` spells with these holes, when every part is a known integer (or
    None in a slice); else None."""
    def value(node):
        if isinstance(node, ast.Constant) and (type(node.value) in (int, str) or node.value is None):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = value(node.operand)
            return -inner if type(inner) is int else _UNKNOWN
        if isinstance(node, ast.Name) and node.id.startswith("__hole"):
            hole = holes[int(node.id[len("__hole"):])]
            return hole.value if isinstance(hole, Const) and type(hole.value) in (int, str) else _UNKNOWN
        if isinstance(node, ast.Slice):
            parts = [value(p) if p is not None else None for p in (node.lower, node.upper, node.step)]
            return _UNKNOWN if any(p is _UNKNOWN for p in parts) else slice(*parts)
        return _UNKNOWN
    found = value(pattern)
    return None if found is _UNKNOWN else found


_UNKNOWN = object()


def _drop_unread_displays(stmts: list, result) -> list:
    """Displays nothing reads any more (their elements were read directly), until none is left."""
    while True:
        read = {atom for stmt in walk(stmts) for atom in stmt.uses()}
        if isinstance(result, Var):
            read.add(result)
        dropped = _without(stmts, read)
        if dropped == stmts:
            return stmts
        stmts = dropped


def _without(stmts: list, read: set) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, Assign) and (stmt.prim.display or stmt.prim is DICT_OF) and stmt.target not in read:
            continue
        if isinstance(stmt, If):
            stmt = replace(stmt, body=_without(stmt.body, read), orelse=_without(stmt.orelse, read))
        elif isinstance(stmt, Loop):
            stmt = replace(stmt, cond_body=_without(stmt.cond_body, read), body=_without(stmt.body, read))
        out.append(stmt)
    return out


def _changed_or_none(fn: Function, made: Function) -> Function | None:
    return None if made is fn else made


def take_apart(fn: Function, spec):
    """``fn`` and ``spec`` with the container parameters ``spec.containers`` names taken apart
    into their elements (the spec's shapes, kinds and ``wrt`` per element: the generated
    function takes the elements and returns one gradient per element, in order), then read
    through its displays; ``(fn, spec)`` as they are when there is nothing to take apart."""
    if not spec.containers:       # (the same for every argument shape: folded once per function;
        #                             fn itself kept as None: a function referring to itself is freed
        #                             only by the cycle collector)
        folded = remembered(fn, ("fold_containers",), lambda: _changed_or_none(fn, fold_containers(fn)))
        return folded or fn, spec
    # `xs + ys` of two list parameters is their concatenation: decided while they are parameters
    fn = resolve_sequence_operators(fn, spec.arg_kinds, spec.free)
    structures = {i: structure for i, structure, _, _ in spec.containers}
    shapes, kinds, wrt = [], [], []
    given = {i: (leaf_shapes, leaf_kinds) for i, _, leaf_shapes, leaf_kinds in spec.containers}
    for i in range(len(fn.params)):
        first = len(shapes)
        if i in given:
            shapes += given[i][0]
            kinds += given[i][1]
        else:
            shapes.append(spec.arg_shapes[i] if i < len(spec.arg_shapes) else None)
            kinds.append(spec.arg_kinds[i] if i < len(spec.arg_kinds) else None)
        if i in spec.wrt:
            classes = {first + k for k in _class_leaves(structures[i])} if i in structures else set()
            wrt += [k for k in range(first, len(shapes)) if k not in classes]
    named_tuples: set[Var] = set()
    flat = flatten_parameters(fn, structures, named_tuples)
    spec = replace(spec, wrt=tuple(wrt), arg_shapes=tuple(shapes), arg_kinds=tuple(kinds),
                   tuple_output=True, containers=())
    return fold_containers(flat, frozenset(named_tuples)), spec
