"""Forward mode's containers without a tangent taken apart for the transform, then put back
(driver/pipeline.py runs both around forward mode's transform, on the code a call runs).

A list, tuple, dict or record argument that carries no tangent (``kf``, a dataclass of a
filter's matrices, read as ``kf.F``) has, within one call's specialisation, a known structure
and known element shapes: ``grad`` and ``jvp`` key their compiled code by them (api/flat.py,
``record_key``), and ``TangentSpec.containers`` lists them as ``GradientSpec.containers`` does.
Reverse mode takes such an argument apart into one parameter per element (opt/containers.py,
``take_apart``: its API passes the elements). Forward mode's API passes the arguments as given,
so here the argument is taken apart the same way for the transform alone: the analysis then
knows each element's shape (no ``broadcast_like`` of a product with ``kf.F``, no
``solve_like`` choosing a layout at run time), then the generated function takes the argument
again and reads each element once, at its top (``kf_F = kf.F``).

Only where the container itself is not needed whole (every read of it folded into a read of an
element, its class unread): else the function is transformed as it is, for any structure.
"""
from __future__ import annotations

import ast
import dataclasses
from typing import Callable

from ..ir.defuse import defines
from ..ir.nodes import Assign, Function, Var, walk
from ..primitives.fields import field_primitive, is_record, record_fields
from ..primitives.indexing import subscript_primitive
from ..primitives.lists import DICT_OF
from .containers import flatten_parameters, fold_containers
from .sequences import resolve_sequence_operators

PutBack = Callable[[Function], Function]


def take_apart_constants(fn: Function, spec) -> tuple[Function, object, PutBack]:
    """``fn`` with each container parameter ``spec.containers`` names that carries no tangent
    taken apart into one parameter per element, read through (opt/containers.py), ``spec`` with
    the elements' shapes, kinds and the tangents' positions, and the function putting the
    containers back into a transform of that (:func:`put_back`); ``fn``, ``spec`` and the
    identity where there is none, or a container is needed whole."""
    structures = {i: structure for i, structure, _, _ in spec.containers if i not in spec.wrt}
    if not structures:
        return fn, spec, _as_it_is
    fn = resolve_sequence_operators(fn, spec.arg_kinds, spec.free)    # (as take_apart: while they are parameters)
    named_tuples: set[Var] = set()
    flat = flatten_parameters(fn, structures, named_tuples)
    rebuilt = flat.body[:len(flat.body) - len(fn.body)]      # the containers as displays of their elements
    displays = {s.target for s in rebuilt}
    classes = {s.args[0] for s in rebuilt if is_record(s.prim)}
    folded = fold_containers(flat, frozenset(named_tuples))
    if _reads_any(folded, displays | classes, displays):
        return fn, dataclasses.replace(spec, containers=()), _as_it_is
    body = [s for s in folded.body if not (isinstance(s, Assign) and s.target in displays)]
    taken = dataclasses.replace(folded, body=body)
    return taken, _flat_spec(spec, structures, len(fn.params)), lambda ir: put_back(ir, fn, len(flat.params), rebuilt)


def _as_it_is(ir: Function) -> Function:
    return ir


def _reads_any(fn: Function, names: set, displays: set) -> bool:
    """Does a statement of ``fn`` other than the displays rebuilding the containers (or its
    result) read one of ``names``?"""
    if fn.result in names:
        return True
    return any(var in names for stmt in walk(fn.body) if not (defines(stmt) & displays)
               for var in stmt.uses())


def _flat_spec(spec, structures: dict, count: int):
    """``spec`` for the parameters taken apart: each element's shape and kind, the positions of
    the parameters with tangents moved past the elements before them."""
    given = {i: (shapes, kinds) for i, _, shapes, kinds in spec.containers if i in structures}
    shapes: list = []
    kinds: list = []
    wrt = []
    for i in range(count):
        if i in spec.wrt:
            wrt.append(len(shapes))
        if i in given:
            shapes += given[i][0]
            kinds += given[i][1]
        else:
            shapes.append(spec.arg_shapes[i] if i < len(spec.arg_shapes) else None)
            kinds.append(spec.arg_kinds[i] if i < len(spec.arg_kinds) else None)
    return dataclasses.replace(spec, wrt=tuple(wrt), arg_shapes=tuple(shapes), arg_kinds=tuple(kinds), containers=())


def put_back(ir: Function, fn: Function, taken_count: int, rebuilt: list) -> Function:
    """``ir`` (forward mode's transform of ``fn`` taken apart: its parameters the ``taken_count``
    elements, then the tangents) taking ``fn``'s parameters again, each element it reads read
    from its container at the top of the body, a nested container's before its own elements:
    the displays ``rebuilt`` (``m = record(m_class, m_A, m_b)``) read backwards (``m_A = m.A``)."""
    displays = {s.target: s for s in rebuilt}
    read = {v for s in walk(ir.body) for v in s.uses()} | {ir.result}

    def reads(container: Var) -> list:
        stmts = []
        for prim, element in _elements(displays[container]):
            inner = reads(element) if element in displays else []
            if element in read or inner:
                stmts += [Assign(element, prim, (container,)), *inner]
        return stmts

    prologue = [s for param in fn.params if param in displays for s in reads(param)]
    return dataclasses.replace(ir, params=[*fn.params, *ir.params[taken_count:]],
                               param_names=[*fn.param_names, *ir.param_names[taken_count:]],
                               body=[*prologue, *ir.body])


def _elements(display: Assign) -> list:
    """(the primitive reading it from the container, the element) of each element ``display``
    builds its container of (a record's class left out: unread, take_apart_constants checked)."""
    if is_record(display.prim):
        return [(field_primitive(name), element) for name, element in zip(record_fields(display.prim), display.args[1:])]
    if display.prim is DICT_OF:
        keys = display.args[0].value
        return [(subscript_primitive(ast.Constant(key)), element) for key, element in zip(keys, display.args[1:])]
    return [(subscript_primitive(ast.Constant(k)), element) for k, element in enumerate(display.args)]
