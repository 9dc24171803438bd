"""Scalar loops over the elements of an array, run on Python floats (the NumPy backend's pass,
for the code a call runs).

A loop that reads ``x[i]`` element by element (a pairwise potential in two nested loops, a
recurrence over a series) pays NumPy's per-element price twice: each ``x[i]`` makes a
``np.float64``, each operation on one runs through NumPy's scalar machinery (several times a
Python float's), and each ``d_x[i] += v`` is an item write into an array. Where every use of a
float64 vector parameter is such a read, by a loop counter or a constant, the function reads
``x.tolist()`` instead (the same doubles), and where an adjoint vector made by ``np.zeros`` is
only added into element by element and returned, it is a list until it is returned.

Where the code returns the value too (``value_and_grad``; ``grad`` of a function whose output's
shape the compiler cannot tell, a ``sum`` of a list, checks it after the call), the companion
returns it as a ``np.float64`` where it came out a Python float: what the NumPy body returns for
a number computed from the vector's elements.

Python floats raise where NumPy returns ``inf`` or ``nan`` (``1 / 0.0``, an overflowing ``**``):
the converted code is a companion function the generated one calls first, running its own
NumPy body only if the companion raised one of those. A ``**`` whose exponent is not an integer
constant keeps the loop on NumPy floats (``(-8.0) ** (1 / 3)`` is complex in Python, nan in NumPy),
and so does arithmetic on two comparisons or a negated one (``c = x[i] > 0.5; c + c``): a Python
bool adds as an integer (2), NumPy's bool as a logical or (True). So does code whose meaning depends
on the number's type (what the function does with the ``np.float64`` items Python hands it): a
``try`` around arithmetic (``1.0 / v`` raises ZeroDivisionError on a Python float, gives ``inf`` on
NumPy's), ``round(v, n)`` (NumPy rounds 0.45 to 0.4, Python to 0.5), ``isinstance``, ``hasattr``
and ``type`` of a value.
"""
from __future__ import annotations

import ast
import copy

from ..ad.derivative import Derivative
from ..ir.code import child_nodes, load

_FLOAT_ERRORS = ("ZeroDivisionError", "OverflowError")


def python_floats_and_value(d: Derivative) -> None:
    """:func:`python_floats` for code returning ``(value, gradients)``: the value comes back as
    NumPy's number, not a Python float (see the module's docstring)."""
    python_floats(d, value_returned=True)


def python_floats(d: Derivative, value_returned: bool = False) -> None:
    """Run ``d``'s element-by-element loops on Python floats (see the module's docstring)."""
    vector_params = [x for x in d.params if _vector(d.param_shapes.get(x)) and x in d.float64]
    if not vector_params or not _zero_vectors(d.body) or not _has_for_loop(d.body):
        return           # (checked first: the walks below cost as much as all the other passes)
    function = d.function_def()
    nodes, parents = _nodes_and_parents(function)
    if d.arguments.vararg is not None or d.arguments.kwarg is not None or any(
            isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) and not _int_constant(n.right) for n in nodes):
        return
    if not _all_float64(d, function, nodes) or _logical_arithmetic(nodes) or _asks_the_number_type(nodes):
        return
    counters = _counters(function, nodes, parents, d.integers)
    vectors = [x for x in vector_params
               if _only_read_by_element(function, nodes, x, parents, counters) and _read_in_a_loop(x, nodes, parents)]
    adjoints = [name for name in _zero_vectors(d.body)
                if _only_added_into(function, nodes, name, parents, counters, d.shapes)]
    if not vectors or not adjoints:
        return
    items = copy.deepcopy(function)
    items.name = d.fresh_name(f"{d.name}_on_floats")
    converted = [ast.Assign(targets=[ast.Name(id=x, ctx=ast.Store())],
                            value=ast.Call(func=ast.Attribute(value=load(x), attr="tolist", ctx=ast.Load()),
                                           args=[], keywords=[]))
                 for x in vectors]
    items.body = converted + [_as_list(stmt, adjoints) for stmt in items.body]
    if value_returned and not _value_as_numpy_number(items.body):
        return
    d.companions = [*d.companions, items]
    arguments = d.arguments
    call = ast.Call(func=load(items.name), args=[load(a.arg) for a in arguments.posonlyargs + arguments.args],
                    keywords=[ast.keyword(arg=a.arg, value=load(a.arg)) for a in arguments.kwonlyargs])
    attempt = ast.Try(body=[ast.Return(value=call)],
                      handlers=[ast.ExceptHandler(type=ast.Tuple(elts=[load(e) for e in _FLOAT_ERRORS], ctx=ast.Load()),
                                                  name=None, body=[ast.Pass()])],
                      orelse=[], finalbody=[])
    d.body = [attempt, *d.body]


# calls whose result tells a Python float from NumPy's (the module docstring)
_TYPE_QUESTIONS = frozenset({"raised", "isinstance", "hasattr", "type"})


def _asks_the_number_type(nodes: list[ast.AST]) -> bool:
    """Does the code call something whose result differs between a Python float and a
    ``np.float64`` (``raised(...)``: a ``try`` statement's question; ``round(v, n)``)?"""
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name in _TYPE_QUESTIONS or name == "round" and len(node.args) + len(node.keywords) > 1:
                return True
    return False


def _nodes_and_parents(function: ast.FunctionDef) -> tuple[list[ast.AST], dict[int, ast.AST]]:
    """Every node of ``function`` but contexts and operators, and each one's parent by its id:
    one walk that the checks below share (each walking the function again with ``ast.walk``
    was a fifth of a small loop's first call, N23's)."""
    nodes, parents, pending = [], {}, [function]
    while pending:
        node = pending.pop()
        nodes.append(node)
        for child in child_nodes(node):
            parents[id(child)] = node
            pending.append(child)
    return nodes, parents


def _has_for_loop(body: list[ast.stmt]) -> bool:
    """Some statement in ``body``, at any depth of blocks, is a ``for`` loop (statements only:
    no expression holds one)."""
    pending = list(body)
    while pending:
        stmt = pending.pop()
        if type(stmt) is list:              # (a statement slot: ir/code.py's name_nodes)
            pending.extend(stmt)
        elif isinstance(stmt, ast.For):
            return True
        else:
            for block in ("body", "orelse", "finalbody", "handlers"):
                pending.extend(getattr(stmt, block, ()))
    return False


def _all_float64(d: Derivative, function: ast.FunctionDef, nodes: list[ast.AST]) -> bool:
    """Every parameter is known to be float64 (or an integer number: a step count, a modulus)
    and nothing casts: a Python float then promotes with every array and number the code meets
    as a ``np.float64`` does (with a float32 array it would not: ``2.0 * x32`` is float32,
    ``np.float64(2.0) * x32`` float64)."""
    arguments = function.args
    names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    if not all(name in d.float64 or name in d.integers for name in names):
        return False
    casts = {"astype", "view", "dtype", "float32", "float16"}
    for node in nodes:
        word = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else \
            node.arg if isinstance(node, ast.keyword) else None
        if word in casts:
            return False
    return True


def _logical_arithmetic(nodes: list[ast.AST]) -> bool:
    """Does the code add, subtract, multiply, ... two comparisons' values, or negate or invert
    one (``c + c``, ``-c``, ``~c``)? Their values are Python bools on Python floats, NumPy's bools
    on NumPy's: ``True + True`` is 2 and ``~True`` -2 in Python, True and False in NumPy."""
    logical: set[str] = set()

    def is_logical(node: ast.expr) -> bool:
        return (isinstance(node, ast.Compare) or isinstance(node, ast.Name) and node.id in logical
                or isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
                or isinstance(node, ast.BoolOp) and all(is_logical(v) for v in node.values))

    assignments = [n for n in nodes
                   if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)]
    while True:                              # (a copy of a logical value is one too)
        found = {a.targets[0].id for a in assignments if is_logical(a.value)}
        if found <= logical:
            break
        logical |= found
    return any(isinstance(n, ast.BinOp) and is_logical(n.left) and is_logical(n.right)
               or isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd, ast.Invert))
               and is_logical(n.operand) for n in nodes)


def _read_in_a_loop(x: str, nodes: list[ast.AST], parents: dict) -> bool:
    """Some element read of ``x`` is inside a ``for`` loop (the loops are what this is for)."""
    for node in nodes:
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == x:
            ancestor = parents.get(id(node))
            while ancestor is not None:
                if isinstance(ancestor, ast.For):
                    return True
                ancestor = parents.get(id(ancestor))
    return False


def _int_constant(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def _vector(shape) -> bool:
    return isinstance(shape, tuple) and len(shape) == 1 and type(shape[0]) is int


def _counters(function: ast.FunctionDef, nodes: list[ast.AST], parents: dict, integers: set[str]) -> set[str]:
    """Names bound only as ``for`` counters over ``range(...)`` or ``reversed(range(...))``, and
    parameters known to be integer numbers (``integers``) never bound again: integers."""
    counters, bound_otherwise = set(), set()
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            loop = parents.get(id(node))
            if isinstance(loop, ast.For) and loop.target is node and _over_range(loop.iter):
                counters.add(node.id)
            else:
                bound_otherwise.add(node.id)
    parameters = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    never_rebound = parameters - bound_otherwise - counters
    counters = (counters - bound_otherwise - parameters) | (never_rebound & integers)
    return counters | _counted(function, nodes, counters)


def _counted(function: ast.FunctionDef, nodes: list[ast.AST], counters: set[str]) -> set[str]:
    """Names every binding of which is ``name = <integer arithmetic>`` on counters, integer
    constants and such names (``t - 1``, ``(i + j) % 3``, the same index computed again in the
    reverse loop): integers, whichever binding ran last. Found as the largest such set (a name
    bound ``k = 0`` and ``k = k + 1`` is one: each binding makes an integer of integers)."""
    values: dict[str, list] = {}
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            values.setdefault(node.id, []).append(None)
    for stmt in nodes:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            bindings = values[stmt.targets[0].id]
            bindings[bindings.index(None)] = stmt.value
    parameters = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}     # (their first value is not)
    candidates = {name for name, bound in values.items()
                  if name not in counters and name not in parameters and None not in bound}
    while True:
        known = counters | candidates
        dropped = {name for name in candidates if not all(_integer(value, known) for value in values[name])}
        if not dropped:
            return candidates
        candidates -= dropped


def _integer(node: ast.expr, known: set[str]) -> bool:
    """``node`` computes an integer from ``known`` integer names and integer constants (``+``,
    ``-``, ``*``, ``//``, ``%``: no ``/``, no ``**``, whose results may be floats)."""
    if isinstance(node, ast.BinOp):
        return (isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod))
                and _integer(node.left, known) and _integer(node.right, known))
    return _scalar_index(node, known)


def _over_range(node: ast.expr) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "reversed" and node.args:
        node = node.args[0]
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"


def _scalar_index(node: ast.expr, counters: set[str]) -> bool:
    return (isinstance(node, ast.Name) and node.id in counters) or _int_constant(node)


def _only_read_by_element(function: ast.FunctionDef, nodes: list[ast.AST], x: str, parents: dict,
                          counters: set[str]) -> bool:
    """Every use of ``x`` is a read ``x[i]`` by a counter or an integer constant."""
    for node in nodes:
        if isinstance(node, ast.Name) and node.id == x:
            parent = parents.get(id(node))
            if not (isinstance(node.ctx, ast.Load) and isinstance(parent, ast.Subscript) and parent.value is node
                    and isinstance(parent.ctx, ast.Load) and _scalar_index(parent.slice, counters)):
                return False
        elif isinstance(node, ast.arg) and node.arg == x and node not in function.args.args:
            return False
    return True


def _zero_vectors(body: list[ast.stmt]) -> list[str]:
    """Names the function's top level binds once to ``np.zeros(n)`` of a constant length."""
    found = []
    for stmt in body:
        if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and _zeros_of_length(stmt.value) is not None):
            found.append(stmt.targets[0].id)
    return [name for name in found if found.count(name) == 1]


def _zeros_of_length(node: ast.expr) -> int | None:
    if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "np.zeros" and len(node.args) == 1
            and not node.keywords):
        return None
    size = node.args[0]
    if isinstance(size, ast.Tuple) and len(size.elts) == 1:
        size = size.elts[0]
    return size.value if isinstance(size, ast.Constant) and type(size.value) is int else None


def _only_added_into(function: ast.FunctionDef, nodes: list[ast.AST], name: str, parents: dict,
                     counters: set[str], shapes: dict) -> bool:
    """Every use of ``name`` but its ``np.zeros`` and its return is ``name[i] += v`` of a number
    ``v`` (a constant, or a value known to be a scalar) at a counter or constant ``i``."""
    bound = 0
    for node in nodes:
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        parent = parents.get(id(node))
        if isinstance(node.ctx, ast.Store):
            bound += 1
            continue
        if _returned(node, parents, function):
            continue
        holder = parents.get(id(parent))
        if not (isinstance(parent, ast.Subscript) and parent.value is node and isinstance(holder, ast.AugAssign)
                and holder.target is parent and isinstance(holder.op, ast.Add)
                and _scalar_index(parent.slice, counters) and _number(holder.value, shapes)):
            return False
    return bound == 1


def _returned(node: ast.expr, parents: dict, function: ast.FunctionDef) -> bool:
    """``node`` is the value of the function's last statement, a ``return``, or in tuples in it."""
    parent = parents.get(id(node))
    while isinstance(parent, ast.Tuple):
        parent = parents.get(id(parent))
    return isinstance(parent, ast.Return) and parent is function.body[-1]


def _number(node: ast.expr, shapes: dict) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, float)
    return isinstance(node, ast.Name) and shapes.get(node.id) == ()


def _as_list(stmt: ast.stmt, adjoints: list[str]) -> ast.stmt:
    """``d_x = np.zeros(n)`` as ``[0.0] * n``; ``return d_x`` as ``return np.array(d_x)``."""
    if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id in adjoints:
        n = _zeros_of_length(stmt.value)
        if n is not None:
            return ast.Assign(targets=stmt.targets, value=ast.BinOp(
                left=ast.List(elts=[ast.Constant(0.0)], ctx=ast.Load()), op=ast.Mult(), right=ast.Constant(n)))
    if isinstance(stmt, ast.Return):
        return ast.Return(value=_arrays_again(stmt.value, adjoints))
    return stmt


def _value_as_numpy_number(body: list[ast.stmt]) -> bool:
    """``return value, gradients`` at the end of ``body`` as ``return (np.float64(value) if
    type(value) is float else value), gradients``; False where the value is no name (the pass
    then leaves the code as it is)."""
    returned = body[-1]
    if not (isinstance(returned, ast.Return) and isinstance(returned.value, ast.Tuple)
            and len(returned.value.elts) == 2 and isinstance(returned.value.elts[0], ast.Name)):
        return False
    value = returned.value.elts[0].id
    is_float = ast.Compare(left=ast.Call(func=load("type"), args=[load(value)], keywords=[]),
                           ops=[ast.Is()], comparators=[load("float")])
    as_numpy = ast.Call(func=ast.Attribute(value=load("np"), attr="float64", ctx=ast.Load()),
                        args=[load(value)], keywords=[])
    returned.value.elts[0] = ast.IfExp(test=is_float, body=as_numpy, orelse=load(value))
    return True


def _arrays_again(node: ast.expr, adjoints: list[str]) -> ast.expr:
    if isinstance(node, ast.Name) and node.id in adjoints:
        return ast.Call(func=ast.Attribute(value=load("np"), attr="array", ctx=ast.Load()), args=[node], keywords=[])
    if isinstance(node, ast.Tuple):
        return ast.Tuple(elts=[_arrays_again(e, adjoints) for e in node.elts], ctx=ast.Load())
    return node
