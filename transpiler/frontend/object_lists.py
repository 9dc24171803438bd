"""Objects made in the function kept in a list: ``layers = [Dense(2, 3), Dense(3, 1)]``,
``self.layers.append(Dense(3, 1))``, then ``for layer in self.layers: x = layer.forward(x)``,
``self.layers[-1].output``, ``len(self.layers)``.

An object made in the function is never built at run time (objects.py), so neither is a list of
them: it is a list known while compiling (a ``StaticSequence``, as a list of functions is), read
by constant index, its length a constant, a loop over it unrolled (functions.py). Appending an
object to such a list, or to an empty list ``[]`` no other name holds, makes the next one. Where
the list could differ between runs of the code (an append inside a loop or a branch: each
iteration would add another object) it is refused, located, as before."""
from __future__ import annotations

import ast

from ..ir import Var
from . import aliasing
from .objects import constructible
from .parameter_classes import element_classes
from .record_values import made_records
from .records import plain_dataclass, record_classes
from .values import LocalObject, StaticSequence, loop_depth


def record_length(lowering, value, length: int) -> None:
    """``value`` (a list display, or what appending to one gave) holds ``length`` items: an SSA
    value, so a later append makes another, and other names for the list are stale from there
    (reading one is an error, never an old length). Kept with the loops open around it: inside a
    loop, a list made before it may have grown in earlier iterations (a method's
    ``self.trajectory.append(s)`` the loop does not carry on its first pass), so its length is
    trusted only where it was recorded."""
    lengths(lowering)[value] = (length, _loops_open(lowering))


def known_length(lowering, value) -> int | None:
    """The length of ``value`` (an environment entry) where known while compiling, else None:
    never for a name marked stale or checked at run time, nor inside a loop the list was made
    outside of. ``len(nodes)`` of such a value is a constant (functions.py), which the LSTM's
    ``if len(self.x_list) > len(self.lstm_node_list):`` needs to know which objects exist."""
    if aliasing.hard(value) or aliasing.soft(value):
        return None
    length, loops = lengths(lowering).get(value, (None, None))
    return length if loops == _loops_open(lowering) else None


def lengths(lowering) -> dict:
    return lowering.__dict__.setdefault("_list_lengths", {})


def _loops_open(lowering) -> tuple:
    return tuple(id(loop) for loop in loop_depth(lowering))


def record_list_display(lowering, container, elts: tuple) -> None:
    """``container`` is the list display of ``elts``: its length (:func:`record_length`), whether
    it is ``[]`` (to which objects may be appended), where every item is a list, which lists
    they are (``[[a, b], [c, d]]``: frontend/dicts.py ``inner_lists``), and where every item is a
    record of one class (``[Well(0.0, q0), Well(150.0, q1)]`` of a dataclass), that class: the
    methods of an item read from it are inlined (``wells[0].drawdown(r)``, ``for w in wells``),
    as those of a parameter's list of dataclasses are (parameter_classes.py)."""
    record_length(lowering, container, len(elts))
    classes = {_record_class(lowering, e) for e in elts}
    if len(classes) == 1 and None not in classes and isinstance(container, Var):
        element_classes(lowering)[container] = classes.pop()
    if not elts:
        empty_lists(lowering).add(container)
    elif all(e in lowering.lists for e in elts):
        lowering.inner_lists[container] = frozenset().union(*(lowering.lists[e] for e in elts))


def join_record_lists(lowering, joined, parts: tuple) -> None:
    """``joined`` (``wells + images``) holds the items of ``parts``: records of one class where
    each part's are."""
    classes = {element_classes(lowering).get(p) if isinstance(p, Var) else None for p in parts}
    if len(classes) == 1 and None not in classes and isinstance(joined, Var):
        element_classes(lowering)[joined] = classes.pop()


def comprehension_of_records(lowering, node: ast.ListComp, made) -> None:
    """``made`` is the list ``node`` builds: where its element constructs a plain dataclass
    (``[Well(2 * xb - w.x, w.y) for w in wells]``), every item is a record of it (record_values.py)."""
    call = node.elt
    base = call.func if isinstance(call, ast.Call) else None
    while isinstance(base, ast.Attribute):
        base = base.value                     # (models.Well: a module's class)
    bound = {n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
    if isinstance(base, ast.Name) and base.id not in lowering.env and base.id not in bound and isinstance(made, Var) \
            and plain_dataclass(cls := lowering._resolve(call.func)):
        element_classes(lowering)[made] = cls


def _record_class(lowering, item) -> type | None:
    """The class of ``item`` of a display where it is a record: one built from a dataclass object
    made here (record_values.py) or a record value of a known class; else None."""
    if isinstance(item, LocalObject):
        return item.cls if item.key in made_records(lowering) else None
    return record_classes(lowering).get(item) if isinstance(item, Var) else None


def empty_lists(lowering) -> set:
    """The values that are the empty list display ``[]`` (nothing appended to them yet)."""
    return lowering.__dict__.setdefault("_empty_lists", set())


def makes_object(lowering, node: ast.expr) -> bool:
    """Does ``node`` (an element of a display, an appended value) evaluate to an object made in
    the function? Decided from the source, before lowering it."""
    if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)) \
            and not (isinstance(node.func, ast.Name) and node.func.id in lowering.env):
        return constructible(lowering._resolve(node.func))
    obj = lowering._local_object(node) if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) else None
    return isinstance(obj, LocalObject) and constructible(obj.cls)     # (a dataclass: a record at run time)


def append_object(lowering, call: ast.Call) -> bool:
    """``xs.append(obj)`` of an object made in the function to a list known while compiling (or
    an empty one): the list rebound to one more item. False (nothing lowered) for other appends."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append" and len(call.args) == 1
            and not call.keywords and (makes_object(lowering, call.args[0])
                                       or _operates_on_objects(lowering, call.args[0])
                                       or _calls_an_object(lowering, call.args[0]))):
        return False
    key = lowering._env_key(call.func.value)
    current = aliasing.value_of(lowering.env.get(key)) if key is not None else None
    if not isinstance(current, StaticSequence) and current not in empty_lists(lowering):
        return False
    if loop_depth(lowering) or _held_elsewhere(lowering, key, current):
        return False               # (refused where the object is put in the list: objects.py)
    obj = lowering._expr(call.args[0])
    if not isinstance(obj, LocalObject):          # (`xs.append(a * 2.0)` gave a number): appended as any value
        with lowering._holding() as hold:
            again = ast.Call(func=call.func, args=[hold(obj, call.args[0])], keywords=[])
            lowering._statement(ast.copy_location(ast.Expr(value=ast.copy_location(again, call)), call))
        return True
    items = current.items if isinstance(current, StaticSequence) else ()
    lowering.env[key] = StaticSequence(items + (obj,), of_objects=True)
    return True


def _held_elsewhere(lowering, key: str, current) -> bool:
    """Does another name (here, or in a function this one is inlined into) hold the list? It
    would not see the append (``layers = self.layers; layers.append(...)``)."""
    envs = [lowering.env, *lowering.callers]
    return any(aliasing.value_of(v) is current and k != key       # (a method's caller's copy of `self.xs`
               for env in envs for k, v in env.items())           # is the same attribute: given back after)


def sliced_objects(lowering, node: ast.expr) -> StaticSequence | None:
    """``points[1:]``, ``layers[:-1]``: a slice with constant bounds of a list known while
    compiling (of objects, or of functions), itself one; None for anything else."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, (ast.Name, ast.Attribute))
            and isinstance(node.slice, ast.Slice)):
        return None
    whole = lowering.env.get(lowering._env_key(node.value))
    bounds = _constant_slice(node.slice) if isinstance(whole, StaticSequence) else None
    return None if bounds is None else StaticSequence(whole.items[bounds], of_objects=whole.of_objects)


def _constant_slice(node: ast.Slice) -> slice | None:
    """The slice ``a:b:c`` of integer constants (``1:``, ``:-1``, ``::2``), or None."""
    try:
        parts = [None if part is None else ast.literal_eval(part) for part in (node.lower, node.upper, node.step)]
    except (ValueError, TypeError, SyntaxError):
        return None
    return slice(*parts) if all(part is None or type(part) is int for part in parts) else None


def _calls_an_object(lowering, node: ast.expr) -> bool:
    """``n(x)``, ``layer.forward(x)``: a call of an object made in the function, or of its
    method, which may give another (micrograd's ``outs.append(n(x))``)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    owner = func if isinstance(func, ast.Name) else func.value if isinstance(func, ast.Attribute) else None
    return isinstance(owner, (ast.Name, ast.Attribute)) and isinstance(lowering._local_object(owner), LocalObject)


def _operates_on_objects(lowering, node: ast.expr) -> bool:
    """``Scalar(w) * 2.0``, ``-node``: an operator applied to an object made in the function,
    whose method (operator_overloads.py) may give another."""
    return isinstance(node, (ast.BinOp, ast.UnaryOp)) and any(
        makes_object(lowering, sub) for sub in ast.walk(node) if isinstance(sub, (ast.Call, ast.Name, ast.Attribute)))
