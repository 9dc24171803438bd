"""Statements the reverse builder makes as IR nodes itself (reverse.py, control.py,
checkpoints.py): the forward sweep's primal statements, copies and effects, a tape's pushes and
pops, every assignment of an expression it makes (:func:`lowered`: the rules' adjoints,
accumulations ``d_x = d_x + g``, zeros of a value's shape, a primal call spelled for known
shapes), every statement it writes that no primitive is (:func:`statement`: ``d_x[i] += g``,
``np.add.at(...)``, ``a, b = u, v``, ``n += 1``) and its comments (:func:`comment`). Each is handed over as its printed Python, which the builder's book-keeping on code
reads (liveness's ``prune``, ``read_names``, a checkpointed segment's copy), carrying the nodes
it is (``ir_nodes``); reverse_ir.py takes those as they are, recognising nothing from the spelling.

The printed form is the one backends/python_code.py gives the nodes, so the code prints as
before. Where the builder changes a statement's Python after making it (a checkpointed segment's
temporaries renamed), it changes the nodes alike (:func:`rename`); :func:`consistent` checks
that they still print as the statement (reverse_ir.py runs it under ``TRANSPILER_VERIFY=1``).
"""
from __future__ import annotations

import ast
import re

from ..ir import to_expr
from ..ir.code import comment as comment_statement, store
from ..ir.nodes import Assign, Copy, Effect, Var
from ..primitives.indexing import APPEND, LIST, POP
from ..primitives.templates import substitute
from ..primitives.written import written_statement

_SLOT = "__value{}"     # a value's place in a written statement's skeleton (see `statement`)


def assignment(target: str, prim, args: tuple, kwargs: tuple = ()) -> ast.Assign:
    """``target = prim(args, kwargs)``: one statement of a primitive."""
    return _built(Assign(Var(target), prim, tuple(args), tuple(kwargs)))


def copied(target: str, source) -> ast.Assign:
    """``target = source`` (a variable or a constant)."""
    return _built(Copy(Var(target), source))


def effect(prim, args: tuple) -> ast.stmt:
    """A primitive run for its effect (``print``, an in-place update)."""
    return _built(Effect(prim, tuple(args)))


def push(stack: str, value: str) -> ast.stmt:
    """``stack.append(value)``: a tape's push."""
    return effect(APPEND, (Var(stack), Var(value)))


def pop(target: str, stack: str) -> ast.Assign:
    """``target = stack.pop()``: a tape's pop."""
    return assignment(target, POP, (Var(stack),))


def new_list(target: str) -> ast.Assign:
    """``target = []``: a tape (or a checkpoint's list, a pullback's adjoint) made empty."""
    return assignment(target, LIST, ())


def lowered(target: str, value: ast.expr, lowering) -> ast.Assign:
    """``target = value``, an expression the builder made (a rule's adjoint, a sum of two),
    as the statements ``lowering`` (ad/expressions.py) makes of its tree when it is made: one per
    primitive, its parts bound to temporaries that print folded back into their one reader
    (``lowering.folded``), so the statement prints as ``value``; the last binds ``target``."""
    stmt = ast.Assign(targets=[store(target)], value=value)
    stmt.ir_nodes = _Nodes(lowering.assign(target, value))
    return stmt


def head(value: ast.expr, lowering) -> ast.Assign:
    """``value`` as it is read in an ``if``'s or a loop's head (a checkpointed loop's test
    ``_n % _every == 0``, a segment's stop ``_first + _steps``): statements computing it into a
    temporary of its own (``lowering.part``), printed folded back into the head, handed over as
    the statement binding that temporary (the head reads the last node's target)."""
    nodes = lowering.part(value)
    stmt = ast.Assign(targets=[store(nodes[-1].target.name)], value=value)
    stmt.ir_nodes = _Nodes(nodes)
    return stmt


def lowered_push(stack: str, value: ast.expr, lowering) -> ast.stmt:
    """``stack.append(value)`` of an expression: the stack primitive, ``value``'s parts lowered
    as :func:`lowered` lowers them."""
    method = ast.Attribute(value=ast.Name(id=stack, ctx=ast.Load()), attr="append", ctx=ast.Load())
    stmt = ast.Expr(value=ast.Call(func=method, args=[value], keywords=[]))
    stmt.ir_nodes = _Nodes(lowering.effect(APPEND, [ast.Name(id=stack, ctx=ast.Load()), value]))
    return stmt


def comment(text: str) -> ast.stmt:
    """``# text``: a statement the printer prints as a comment, reading and binding nothing."""
    stmt = comment_statement(text)
    return _built(Effect(written_statement(stmt, lambda name: False)[0], ()))


def statement(stmt: ast.stmt, lowering) -> ast.stmt:
    """A statement the builder writes that no primitive of the IR is (``d_x[i] += g``, ``n += 1``,
    ``a, b = u, v``, ``np.add.at(d_x, index, g)``, ``yield v``, the ``try`` resuming a pullback):
    made IR when made, as :func:`lowered` makes an assignment: each value it computes (the
    accumulated ``g``, the tuple's items, the call's arguments: :func:`_values`) lowered by
    ``lowering`` into statements of primitives, printed folded back; then the statement itself,
    an ``Effect`` of a written statement (primitives/written.py) with a hole for each value, that
    binds the names it stores (``n``, ``a``, ``b``)."""
    values = _values(stmt)
    slots: dict[int, list[int]] = {}
    for i, value in enumerate(values):      # (one tree may be two values: `a, b = zeros, zeros`)
        slots.setdefault(id(value), []).append(i)
    skeleton = _with_slots(stmt, slots)
    inner = {h.name for h in ast.walk(stmt) if isinstance(h, ast.ExceptHandler) and h.name}

    def is_variable(name: str) -> bool:      # (a name the statement binds inside itself is no value read)
        return name.startswith("__value") or (lowering.is_variable(name) and name not in inner)
    prim, reads = written_statement(skeleton, is_variable)
    slot = {_SLOT.format(i): i for i in range(len(values))}
    # the values lowered in the order they run (their parts print folded back only so), then
    # handed to the statement in the order of its holes
    order = sorted(range(len(reads)), key=lambda i: slot.get(reads[i], -1))
    *parts, last = lowering.effect(prim, [values[slot[reads[i]]] if reads[i] in slot else
                                          ast.Name(id=reads[i], ctx=ast.Load()) for i in order])
    args = [None] * len(reads)
    for atom, i in zip(last.args, order):
        args[i] = atom
    stmt.ir_nodes = _Nodes([*parts, Effect(prim, tuple(args))])
    return stmt


def _values(stmt: ast.stmt) -> list[ast.expr]:
    """The values a written statement computes, lowered as expressions (:func:`statement`)."""
    if isinstance(stmt, ast.AugAssign):
        return [stmt.value]
    if isinstance(stmt, ast.Assign):
        value = stmt.value
        return list(value.elts) if isinstance(value, ast.Tuple) else [value]
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and not stmt.value.keywords:
        return list(stmt.value.args)
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Yield) and stmt.value.value is not None:
        return [stmt.value.value]
    return []


def _with_slots(stmt: ast.stmt, slots: dict[int, list[int]]) -> ast.stmt:
    """A copy of ``stmt`` with each value of ``slots`` (by identity; its places in the order met)
    a name ``__value<i>``."""
    def copied(node):
        if slots.get(id(node)):
            return ast.Name(id=_SLOT.format(slots[id(node)].pop(0)), ctx=ast.Load())
        if isinstance(node, list):
            return [copied(n) for n in node]
        if not isinstance(node, ast.AST):
            return node
        clone = node.__class__.__new__(node.__class__)
        clone.__dict__.update({k: copied(v) for k, v in vars(node).items()})
        return clone
    return copied(stmt)


def replace(stmt: ast.Assign, made: ast.Assign) -> None:
    """``stmt`` (a placeholder the builder placed before knowing its value) made ``made``."""
    stmt.targets, stmt.value, stmt.ir_nodes = made.targets, made.value, made.ir_nodes


def nodes_of(stmt: ast.stmt) -> tuple | None:
    """The IR nodes the builder made ``stmt`` from, or None (a statement it wrote as Python)."""
    return getattr(stmt, "ir_nodes", None)


def rename(stmt: ast.stmt, renamed: dict[str, str]) -> None:
    """The nodes of ``stmt`` reading and binding the new names where its Python now does."""
    nodes = nodes_of(stmt)
    if nodes is not None:
        stmt.ir_nodes = renamed_nodes(nodes, renamed)
    tested = getattr(stmt, "ir_tested", None)
    if tested is not None:        # a while loop's test statement, its value the loop's head's test
        rename(tested, renamed)


def renamed_nodes(nodes: tuple, renamed: dict[str, str]) -> tuple:
    """``nodes`` reading and binding ``renamed``'s new names for its old ones."""
    def var(atom):
        return Var(renamed.get(atom.name, atom.name)) if isinstance(atom, Var) else atom
    return _Nodes(_renamed(node, var) for node in nodes)


def parts(nodes: tuple) -> list[str]:
    """The temporaries of a statement :func:`lowered` made (all its nodes bind but the last)."""
    return [node.target.name for node in nodes[:-1]]


def consistent(stmt: ast.stmt) -> bool:
    """Do the nodes of ``stmt`` still print as ``stmt`` (the parts before the last folded into
    their reader, as :func:`lowered` made them)?"""
    *parts, last = nodes_of(stmt)
    folded: dict[str, ast.expr] = {}
    for node in parts:
        if not isinstance(node, Assign):
            return False
        folded[node.target.name] = substitute(printed(node).value, folded)
    whole = substitute(printed(last), folded)
    return ast.dump(whole) == ast.dump(stmt) if not parts else _alike(whole, stmt)


def printed(node) -> ast.stmt:
    """``node`` as backends/python_code.py prints it."""
    if isinstance(node, Assign):
        value = node.prim.primal([to_expr(a) for a in node.args], [(k, to_expr(v)) for k, v in node.kwargs])
        return ast.Assign(targets=[store(node.target.name)], value=value)
    if isinstance(node, Copy):
        return ast.Assign(targets=[store(node.target.name)], value=to_expr(node.source))
    statement = getattr(node.prim, "statement", None)
    args = [to_expr(a) for a in node.args]
    return statement(args) if statement else ast.Expr(value=node.prim.primal(args))


def _alike(a: ast.AST, b: ast.AST) -> bool:
    """The same tree whatever the contexts (a part printed alone is loaded, not stored)."""
    def dumped(tree):
        return re.sub(r"ctx=\w+\(\)", "", ast.dump(tree))
    return dumped(a) == dumped(b)


class _Nodes(tuple):
    """A statement's nodes: never changed in place (reverse_ir.py copies a node before marking
    it ``rebinds``; :func:`rename` replaces them), so a copy of the statement shares them
    (``copy.deepcopy`` of a node would copy its primitive too)."""

    def __deepcopy__(self, memo) -> "_Nodes":
        return self


def _built(node) -> ast.stmt:
    stmt = printed(node)
    stmt.ir_nodes = _Nodes((node,))
    return stmt


def _renamed(node, var):
    if isinstance(node, Assign):
        return Assign(var(node.target), node.prim, tuple(map(var, node.args)),
                      tuple((k, var(v)) for k, v in node.kwargs), node.location)
    if isinstance(node, Copy):
        return Copy(var(node.target), var(node.source), node.location, carry=node.carry)
    return Effect(node.prim, tuple(map(var, node.args)), node.location)
