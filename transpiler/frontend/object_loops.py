"""Loops that make objects and keep them: ``self.w = [Value(...) for _ in range(nin)]``,
``for i in range(3): layers.append(Dense(...))``, ``total = total + a * k`` of an object
``total``, ``out = [n(x) for n in self.neurons]``, ``sum((wi * xi for ...), self.b)``.

An object made in the function is known only while compiling (objects.py), so a loop whose
iterations each keep another one cannot be a run-time loop. Where the number of iterations is
known while compiling (``range`` of constants, a list of objects known while compiling) the loop
is unrolled instead, one copy of the body per iteration, so each object is its own (the lists
they go in are lists known while compiling: object_lists.py). A loop whose count is known only at
run time keeps its located refusal (objects.py)."""
from __future__ import annotations

import ast
import types

from ..ir import Assign, Const
from ..primitives import indexing
from ..errors import TranspileError, UnsupportedSyntaxError
from .argument_lengths import item_of, iterates_given_length, length_of_parameter
from .free_sequences import free_sequence_length
from .object_lists import known_length, makes_object
from .objects import constructible
from .source import LENGTH, parse_function
from .values import LocalObject, StaticSequence, walk_scope

_SIMPLE = (ast.Constant, ast.Name, ast.Attribute, ast.BinOp, ast.UnaryOp, ast.Subscript)


def keeps_objects(lowering, body: list[ast.stmt]) -> bool:
    """Does a loop body keep an object from one iteration to the next: rebind a name holding one
    (``total = total + a``), or put one in a list (``layers.append(Dense(w))``)? Decided from the
    source, before lowering it; the comprehension's body (``[Value(0) for ...]``) is its element."""
    made_here = {t.id for stmt in walk_scope(body) if isinstance(stmt, ast.Assign) and _makes_object(lowering, stmt.value)
                 for t in stmt.targets if isinstance(t, ast.Name)}
    for node in walk_scope(body):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and _holds_objects(lowering.env.get(t.id)) for t in targets):
                return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("append", "insert") \
                and node.args and _may_be_an_object(lowering, node.args[-1], made_here):
            return True
        if isinstance(node, ast.Call) and _method_appends_objects(lowering, node):
            return True
    return False


def kept_object_iterations(lowering, node: ast.For):
    """``for W in (W1, W2.T): layers.append(Layer(W))``: a loop keeping an object per item over
    a sequence of known length (:func:`display_iterations`), unrolled so each object is its own;
    None for any other loop."""
    if not keeps_objects(lowering, node.body):
        return None
    return display_iterations(lowering, node)


def display_iterations(lowering, node: ast.For):
    """(count, bind(k)) over a display (``(W1, W2.T)``) or a name bound to a list whose length is
    known while compiling (``Ws`` of ``Ws = [W1, W2]`` or ``(W1, W2)``), one copy of the body per item; else None."""
    it = node.iter
    if isinstance(it, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in it.elts):
        count = len(it.elts)
    elif isinstance(it, ast.Name) and it.id in lowering.env:
        value = lowering.env[it.id]
        count = known_length(lowering, value)
        if count is None and value not in lowering.lists:       # (a tuple: never grows)
            count = lowering._known_length(value) or _tuple_display_length(lowering, value)
    else:
        return None
    if count is None:
        return None
    items = lowering._expr(it)
    return count, lambda k: lowering._bind(node.target, item_of(lowering, items, k, node))


def _tuple_display_length(lowering, value) -> int | None:
    """The length of a tuple display the caller made (``Net((W1, W2))``: the callee's parameter
    names the caller's tuple, whose display the callee's lowering does not hold)."""
    made = next((s for s in reversed(lowering.body) if isinstance(s, Assign) and s.target == value), None)
    return len(made.args) if made is not None and made.prim is indexing.TUPLE else None


def _method_appends_objects(lowering, call: ast.Call, depth: int = 2) -> bool:
    """Is ``call`` a method of an object made in the function whose source (or that of a method
    it calls on ``self``, ``depth`` deep) appends a new object to a list (the LSTM's
    ``self.lstm_node_list.append(LstmNode(...))`` in ``x_list_add``)?"""
    func = call.func
    owner = lowering._local_object(func.value) if isinstance(func, ast.Attribute) else None
    return owner is not None and _appends_objects(lowering, owner.cls, func.attr, depth)


def _appends_objects(lowering, cls: type, name: str, depth: int) -> bool:
    method = lowering.dependencies.class_attribute(cls, name)
    if not isinstance(method, types.FunctionType) or depth == 0:
        return False
    try:
        tree = parse_function(method).tree
    except TranspileError:
        return False
    for node in walk_scope(tree.body):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in ("append", "insert") and node.args and isinstance(made := node.args[-1], ast.Call) \
                and isinstance(made.func, ast.Name) and constructible(method.__globals__.get(made.func.id)):
            return True
        if isinstance(node.func.value, ast.Name) and tree.args.args and node.func.value.id == tree.args.args[0].arg \
                and _appends_objects(lowering, cls, node.func.attr, depth - 1):
            return True                  # self.grow(): a method of the same object
    return False


def _may_be_an_object(lowering, node: ast.expr, made_here: set) -> bool:
    """Does ``node`` make an object, name one, or apply an operator to one (``Scalar(w) * 2.0``,
    whose ``__mul__`` may give another)?"""
    return any(_makes_object(lowering, sub) or isinstance(sub, ast.Name) and (
        sub.id in made_here or _holds_objects(lowering.env.get(sub.id))) for sub in ast.walk(node))


def _makes_object(lowering, node: ast.expr) -> bool:
    """``makes_object``, False where ``node`` calls a name the loop itself binds (``n(x)`` of ``for n
    in ...``: not defined before the loop, so not a class)."""
    try:
        return makes_object(lowering, node)
    except UnsupportedSyntaxError:
        return False


def _holds_objects(value) -> bool:
    """An object made in the function (a dataclass's is built as a record in a loop instead:
    record_values.py), or a list of them."""
    return isinstance(value, LocalObject) and constructible(value.cls) \
        or isinstance(value, StaticSequence) and value.of_objects


def constant_range(lowering, it: ast.expr) -> range | None:
    """``range(a, b, c)`` whose arguments are known while compiling (constants, names of
    constants, a global's or closure's integer, ``len`` of a list of objects): the range; None
    otherwise. Only arguments without effects are lowered (the loop lowers them again where they
    are not constants)."""
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id not in lowering.env
            and lowering._resolve(it.func) is range and not it.keywords and 1 <= len(it.args) <= 3
            and all(isinstance(a, _SIMPLE) or _is_len(a) for a in it.args)):
        return None
    bounds = [_free_length(lowering, a) or _given_length(lowering, a) or lowering._static(lowering._expr(a))
              for a in it.args]      # (a global's or closure's integer folded: frontend/static_values.py)
    if not all(isinstance(b, Const) and type(b.value) is int for b in bounds):
        return None
    return range(*(b.value for b in bounds))


def _free_length(lowering, node: ast.expr) -> Const | None:
    """``len(y_list)`` of a global or closure list or tuple (the LSTM's labels): its length now,
    a fact the cached derivative checks on every call (dependencies.py), so a list of another
    length compiles again; None for anything else."""
    if not (_is_len(node) and node.func.id not in lowering.env and lowering._resolve(node.func) is len):
        return None
    n = free_sequence_length(lowering, node.args[0])
    return None if n is None else Const(n)


def _given_length(lowering, node: ast.expr) -> Const | None:
    """``len(xs)`` of a list argument whose length the call gives (argument_lengths.py)."""
    n = length_of_parameter(lowering, node)
    return None if n is None else Const(n)


def _is_len(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len" \
        and len(node.args) == 1 and isinstance(node.args[0], (ast.Name, ast.Attribute))


def object_comprehension(lowering, node: ast.expr):
    """``[Value(0) for _ in range(3)]``, ``[n(x) for n in self.neurons]``, ``(w * x for w, x in
    zip(self.w, xs))``: one generator, no condition but ``isinstance`` of its name (``[c for c in
    model.components if isinstance(c, NFWHalo)]``), a count known while compiling, and an element
    that makes an object or a loop over objects. Its items, each lowered: a list known while
    compiling if they are objects, a run-time list (built in order) if none is; None for any other
    comprehension (lowered as a loop)."""
    if not isinstance(node, (ast.ListComp, ast.GeneratorExp)) or len(node.generators) != 1 \
            or node.generators[0].is_async:
        return None
    generator = node.generators[0]
    if not all(_class_filter(lowering, test, generator.target) for test in generator.ifs):
        return None
    loop = ast.copy_location(ast.For(target=generator.target, iter=generator.iter,
                                     body=[ast.copy_location(ast.Expr(value=node.elt), node.elt)], orelse=[]), node)
    if not _may_give_objects(lowering, node):
        return None
    unrolled = lowering._unrolled_iterations(loop) or display_iterations(lowering, loop)
    if unrolled is None and isinstance(generator.target, ast.Name) \
            and (values := constant_range(lowering, generator.iter)) is not None:
        unrolled = len(values), lambda k: lowering._bind(generator.target, Const(values[k]))
    if unrolled is None:
        return None
    count, bind = unrolled
    targets = [n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)]
    items = []
    with lowering._scoped(targets):
        for k in range(count):
            bind(k)
            if all(_passes(lowering, test, generator.target.id, node) for test in generator.ifs):
                items.append(lowering._arg(node.elt))
    if all(isinstance(item, LocalObject) for item in items) and items:
        return StaticSequence(tuple(items), of_objects=True)
    if not items and _may_be_an_object(lowering, node.elt, set()):
        return StaticSequence((), of_objects=True)        # (over an empty argument list: no object yet)
    if any(isinstance(item, LocalObject) for item in items):
        lowering._unsupported(node, "a comprehension giving objects made in the function for some items and other "
                              "values for others", "keep the objects and the values in two lists")
    with lowering._holding() as hold:
        display = ast.copy_location(ast.List(elts=[hold(item, node.elt) for item in items], ctx=ast.Load()), node)
        return lowering._expr(display)


def _class_filter(lowering, test: ast.expr, target: ast.expr) -> bool:
    """``isinstance(c, NFWHalo)`` (or ``not isinstance(...)``) of the comprehension's name: a
    filter decided while compiling for each object (``[c for c in model.components if ...]``)."""
    call = test.operand if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else test
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and lowering._resolve(call.func) is isinstance
            and len(call.args) == 2 and not call.keywords and isinstance(target, ast.Name)
            and isinstance(call.args[0], ast.Name) and call.args[0].id == target.id)


def _passes(lowering, test: ast.expr, name: str, node: ast.expr) -> bool:
    """The filter's answer for the object bound to ``name`` (refused, located, for another value)."""
    negated = isinstance(test, ast.UnaryOp)
    call = test.operand if negated else test
    value, classes = lowering.env.get(name), lowering._classes_named(call.args[1])
    if not isinstance(value, LocalObject) or classes is None:
        lowering._unsupported(node, f"the filter `{ast.unparse(test)}` of a comprehension over objects, of a value "
                              "that is not an object made in the function or with classes not known while compiling",
                              "filter a list of the objects made in the function by their classes")
    return issubclass(value.cls, classes) != negated


def _zips_objects(lowering, it: ast.expr) -> bool:
    """``zip(self.w, x)``, ``enumerate(layers)`` with a list of objects among its arguments."""
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id in ("zip", "enumerate") \
        and any(isinstance(s := lowering._static_sequence(a), StaticSequence) and s.of_objects for a in it.args)


def object_sum(lowering, node: ast.Call, name: str | None):
    """``sum(objects)``, ``sum(objects, start)``, ``sum((w * x for ...), self.b)``, ``sum(layer(x))``
    of objects made in the function (micrograd's ``Neuron``): ``start + item0 + item1 + ...`` as Python adds them,
    each ``+`` the class's method (operator_overloads.py); None for any other sum."""
    if not (isinstance(node.func, ast.Name) and node.func.id not in lowering.env and lowering._resolve(node.func) is sum
            and 1 <= len(node.args) <= 2 and all(k.arg == "start" for k in node.keywords)
            and len(node.args) + len(node.keywords) <= 2 and not any(isinstance(a, ast.Starred) for a in node.args)):
        return None
    items_node = node.args[0]
    start_node = node.args[1] if len(node.args) == 2 else node.keywords[0].value if node.keywords else None
    start_object = start_node is not None and lowering._local_object(start_node) is not None
    seq = lowering._static_sequence(items_node) if isinstance(items_node, (ast.Name, ast.Attribute)) else None
    if not (isinstance(seq, StaticSequence) and seq.of_objects or start_object or isinstance(items_node, ast.Call)
            or isinstance(items_node, (ast.ListComp, ast.GeneratorExp)) and _may_give_objects(lowering, items_node)):
        return None
    with lowering._holding() as hold:
        items = lowering._expr(items_node) if seq is None else seq
        start = lowering._arg(start_node) if start_node is not None else Const(0)
        of_objects = isinstance(items, StaticSequence) and items.of_objects
        if not of_objects and start_object:
            lowering._unsupported(node, "`sum` of a list whose length is known only at run time, from an object "
                                  "made in the function (each item would add another object)",
                                  "loop over a list of objects, or a `range` of a number known while compiling")
        if not of_objects:              # (plain values: the sum as it was written)
            call = ast.Call(func=node.func, args=[hold(items, items_node)] + (
                [hold(start, start_node)] if start_node is not None else []), keywords=[])
            return lowering._call(ast.copy_location(call, node), name)
        total = hold(start, start_node or node)
        for k, item in enumerate(items.items):
            added = ast.copy_location(ast.BinOp(left=total, op=ast.Add(), right=hold(item, items_node)), node)
            total = hold(lowering._expr(added, name if k == len(items.items) - 1 else None), node)
        return lowering.env[total.id]


def _may_give_objects(lowering, node: ast.expr) -> bool:
    """Is ``node``'s element an object made here, or does its one generator loop over objects?"""
    generator = node.generators[0] if len(node.generators) == 1 else None
    return generator is not None and (_makes_object(lowering, node.elt) or _zips_objects(lowering, generator.iter)
                                      or isinstance(s := lowering._static_sequence(generator.iter), StaticSequence)
                                      and s.of_objects or iterates_given_length(lowering, generator.iter))
