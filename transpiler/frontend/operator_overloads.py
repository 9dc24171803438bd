"""Operators on objects made in the function: ``a + b``, ``2 * a``, ``-a``, ``a ** 3``, ``c += 1``
where ``a`` is a ``LocalObject`` (objects.py) whose class writes ``__add__``, ``__rmul__``,
``__neg__``, ... (micrograd's ``Value``).

Python decides which method runs from the operands' classes, which the lowering knows, so the
choice is made while compiling, as Python makes it: the left operand's ``__add__``; the right
operand's ``__radd__`` where the left has none (or is a number, whose ``__add__`` gives
``NotImplemented`` for a user object), or first where the right's class is a subclass of the
left's that overrides it. The method chosen is inlined like any method call (``a.__add__(b)``),
so what it returns (a new object, a number) is what the expression gives.

``a += b`` runs the class's ``__iadd__`` where it has one (its changes to ``self`` reach every
name for the object), else ``a = a + b``, as Python falls back. ``len(obj)`` runs ``__len__``, and
``for b in obj`` (a comprehension's ``for`` too) iterates what ``obj.__iter__()`` gives.

Refused, located: a method that may give ``NotImplemented`` (one that names it: the fallback
Python would then try is decided at run time), and an operand computed at run time on the left of an object's
reflected method (an array there would broadcast the operator over its elements, each calling
the method: code that is never compiled)."""
from __future__ import annotations

import ast
import builtins
import types

from ..ir import Const
from .named_results import read_named_key
from .source import parse_function
from .values import LocalObject

_BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv", ast.FloorDiv: "floordiv",
           ast.Mod: "mod", ast.Pow: "pow", ast.MatMult: "matmul", ast.LShift: "lshift", ast.RShift: "rshift",
           ast.BitAnd: "and", ast.BitOr: "or", ast.BitXor: "xor"}
_UNARY = {ast.USub: "__neg__", ast.UAdd: "__pos__", ast.Invert: "__invert__"}
_NUMBERS = (bool, int, float, complex)


def involves_object(*operands) -> bool:
    """Is any operand an object made in the function (whose class may define the operator)?"""
    return any(isinstance(v, LocalObject) for v in operands)


def _method(lowering, cls: type, name: str):
    """The user function ``cls`` has for ``name`` (None where it has none, or inherits a
    built-in's)."""
    found = lowering.dependencies.class_attribute(cls, name)
    return found if isinstance(found, types.FunctionType) else None


def binary_operator(lowering, node: ast.BinOp, left, right, name: str | None):
    """``left <op> right`` where an operand is an object made in the function: its class's
    method, inlined; None where neither operand is such an object."""
    if not involves_object(left, right) or type(node.op) not in _BINARY:
        return None
    stem = _BINARY[type(node.op)]
    forward, reflected = f"__{stem}__", f"__r{stem}__"
    tries = []
    if isinstance(right, LocalObject) and isinstance(left, LocalObject) and right.cls is not left.cls \
            and issubclass(right.cls, left.cls) \
            and _method(lowering, right.cls, reflected) is not _method(lowering, left.cls, reflected):
        tries.append((right, reflected, left, node.right, node.left))   # a subclass's reflection first
    if isinstance(left, LocalObject):
        tries.append((left, forward, right, node.left, node.right))
    if isinstance(right, LocalObject) and not (isinstance(left, LocalObject) and left.cls is right.cls):
        tries.append((right, reflected, left, node.right, node.left))
    for receiver, method, other, receiver_node, other_node in tries:
        if _method(lowering, receiver.cls, method) is None:
            continue
        if method == reflected and not isinstance(left, LocalObject) and not _plain_operand(left):
            lowering._unsupported(node, f"`{ast.unparse(node)}` with a value computed at run time on the left of "
                                  f"{receiver.describe()} (Python would try that value's own operator first: an "
                                  f"array would apply `{receiver.cls.__name__}.{method}` to each element)",
                                  f"put the object on the left, or make the value a `{receiver.cls.__name__}` first")
        return _call_method(lowering, node, receiver, method, [(other, other_node)], receiver_node, name)
    symbol = ast.unparse(ast.BinOp(left=ast.Name("a"), op=node.op, right=ast.Name("b")))[2:-2]
    lowering._unsupported(node, f"`{ast.unparse(node)}`: the operator `{symbol}` on "
                          f"{(left if isinstance(left, LocalObject) else right).describe()}, whose class defines "
                          f"neither `{forward}` nor `{reflected}` for it (Python raises TypeError)",
                          f"define `{forward}` in the class, or apply the operator to its attributes")


def lower_unary(lowering, node: ast.UnaryOp, name: str | None):
    """``-x``, ``+x``, ``~x``, ``not x``; of an object made in the function, its ``__neg__``
    (``__pos__``, ``__invert__``) inlined."""
    if isinstance(node.op, ast.Not):
        return lowering._operator(node, ast.Not, [node.operand], name)
    operand = lowering._expr(node.operand, name if isinstance(node.op, ast.UAdd) else None)
    if isinstance(operand, LocalObject):
        return _unary_method(lowering, node, operand, name)
    if isinstance(node.op, ast.UAdd):
        return operand
    with lowering._holding() as hold:
        return lowering._operator(node, type(node.op), [hold(operand, node.operand)], name)


def _unary_method(lowering, node: ast.UnaryOp, operand: LocalObject, name: str | None):
    method = _UNARY[type(node.op)]
    if _method(lowering, operand.cls, method) is None:
        lowering._unsupported(node, f"`{ast.unparse(node)}` of {operand.describe()}, whose class has no "
                              f"`{method}` (Python raises TypeError)", f"define `{method}` in the class")
    return _call_method(lowering, node, operand, method, [], node.operand, name)


def subscript_method(lowering, node: ast.Subscript, value, name: str | None):
    """``obj[k]`` of an object made in the function: its class's ``__getitem__`` inlined
    (``obj.__getitem__(k)``, ``k`` the tuple for ``obj[i, j]``); None for any other value.
    Without ``__getitem__`` it is Python's TypeError, refused where written. And ``res["x"]`` of
    a SciPy solver's result (an ``OptimizeResult`` is a dict too): ``res.x`` (named_results.py)."""
    if not isinstance(value, LocalObject):
        return read_named_key(lowering, node, value, name)
    if _method(lowering, value.cls, "__getitem__") is None:
        lowering._unsupported(node, f"`{ast.unparse(node)}`: indexing {value.describe()}, whose class has no "
                              "`__getitem__` (Python raises TypeError)",
                              "define `__getitem__` in the class, or index one of its attributes")
    if isinstance(node.slice, ast.Slice) or isinstance(node.slice, ast.Tuple) and any(
            isinstance(e, ast.Slice) for e in node.slice.elts):
        lowering._unsupported(node, f"`{ast.unparse(node)}`: a slice given to `{value.cls.__name__}.__getitem__` "
                              "(a slice object is no value the compiler keeps)",
                              "call a method taking the bounds (`obj.rows(1, 3)`), or index an attribute")
    index = lowering._expr(node.slice)
    return _call_method(lowering, node, value, "__getitem__", [(index, node.slice)], node.value, name)


def _plain_operand(value) -> bool:
    """A Python number (or None) known while compiling: its own operator gives NotImplemented
    for a user object, so the object's reflected method runs, as the lowering assumes."""
    return isinstance(value, Const) and type(value.value) in _NUMBERS + (type(None),)


def _call_method(lowering, node: ast.AST, receiver: LocalObject, method: str, args: list, receiver_node: ast.AST,
                 name: str | None):
    """``receiver.method(*args)`` inlined where ``node`` is (its line in messages)."""
    if "NotImplemented" in _method(lowering, receiver.cls, method).__code__.co_names:
        lowering._unsupported(node, f"`{ast.unparse(node)}`: `{receiver.cls.__name__}.{method}` may give NotImplemented "
                              "(Python would then try the other operand's method: a choice made at run time)",
                              "return a value, or raise TypeError for operands the class does not take")
    with lowering._holding() as hold:
        owner = hold(receiver, receiver_node)
        call = ast.Call(func=ast.copy_location(ast.Attribute(value=owner, attr=method, ctx=ast.Load()), node),
                        args=[hold(value, where) for value, where in args], keywords=[])
        return lowering._call(ast.copy_location(call, node), name)


def object_length(lowering, node: ast.Call, name: str | None):
    """``len(obj)`` of an object made in the function whose class defines ``__len__`` (ASE's
    ``Atoms``): the method inlined, as Python calls it; None for any other argument."""
    if len(node.args) != 1 or node.keywords:
        return None
    owner = lowering._local_object(node.args[0])
    if owner is None or _method(lowering, owner.cls, "__len__") is None:
        return None
    return _call_method(lowering, node, owner, "__len__", [], node.args[0], name)


def inplace_operator(lowering, stmt: ast.AugAssign) -> bool:
    """``a += b`` where ``a`` names an object made in the function whose class defines
    ``__iadd__`` (...): ``a = a.__iadd__(b)``, the method inlined, so that its changes to ``self``
    reach every name for the object, as Python's would. False for any other statement (then
    ``a += b`` is ``a = a + b``: ``__add__``, as Python falls back to it)."""
    if not isinstance(stmt.target, (ast.Name, ast.Attribute)) or type(stmt.op) not in _BINARY:
        return False
    owner = lowering._local_object(stmt.target)
    method = f"__i{_BINARY[type(stmt.op)]}__"
    if owner is None or _method(lowering, owner.cls, method) is None:
        return False
    read = ast.copy_location(type(stmt.target)(**{**vars(stmt.target), "ctx": ast.Load()}), stmt.target)
    result = _call_method(lowering, stmt, owner, method, [(lowering._expr(stmt.value), stmt.value)], read, None)
    with lowering._holding() as hold:
        lowering._assign(stmt.target, hold(result, stmt))
    return True


def iterated_object(lowering, node: ast.For) -> ast.For | None:
    """``for b in obj`` where ``obj`` names an object made in the function whose class defines
    ``__iter__``: the loop over what Python's ``iter(obj)`` reads. A block diagram's ``return
    iter(self.blocks)`` is ``for b in obj.blocks`` (``iter`` of a value computed from the
    parameters has no rule); any other ``__iter__`` (a generator's ``yield from self.blocks``) is
    ``for b in obj.__iter__()``. None for any other loop."""
    if _builds_an_iterable(lowering, node.iter):        # for r in Readings(xs): the object named first
        made = ast.copy_location(ast.Name(id=lowering.names.invent("_iterable"), ctx=ast.Load()), node.iter)
        lowering._statement(ast.copy_location(ast.Assign(targets=[ast.Name(id=made.id, ctx=ast.Store())],
                                                         value=node.iter), node.iter))
        node = ast.copy_location(ast.For(target=node.target, iter=made, body=node.body, orelse=node.orelse,
                                         type_comment=None), node)
    owner = lowering._local_object(node.iter)
    method = None if owner is None else _method(lowering, owner.cls, "__iter__")
    if method is None or _method(lowering, owner.cls, "__next__") is not None:
        return None          # (an iterator class of the user's: made at run time and listed, iterators.py)
    iterated = _iterated_attribute(node.iter, method) or ast.Call(
        func=ast.copy_location(ast.Attribute(value=node.iter, attr="__iter__", ctx=ast.Load()), node.iter),
        args=[], keywords=[])
    return ast.copy_location(ast.For(target=node.target, iter=ast.copy_location(iterated, node.iter),
                                     body=node.body, orelse=node.orelse, type_comment=None), node)


def _builds_an_iterable(lowering, node: ast.expr) -> bool:
    """Is ``node`` a call of a user class that defines ``__iter__`` but is no iterator itself?"""
    if not isinstance(node, ast.Call):
        return False
    cls = lowering._resolve(node.func)
    return isinstance(cls, type) and _method(lowering, cls, "__iter__") is not None \
        and _method(lowering, cls, "__next__") is None


def _iterated_attribute(owner: ast.expr, method) -> ast.Attribute | None:
    """``owner.<name>`` where ``method`` (an ``__iter__``) is ``return iter(self.<name>)``."""
    parsed = parse_function(method)
    body, params = parsed.tree.body, parsed.tree.args.args
    body = body[1:] if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) else body
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(call := body[0].value, ast.Call):
        return None
    if not (isinstance(call.func, ast.Name) and parsed.lookup(call.func.id) is builtins.iter
            and len(call.args) == 1 and not call.keywords and params):
        return None
    read = call.args[0]
    if not (isinstance(read, ast.Attribute) and isinstance(read.value, ast.Name) and read.value.id == params[0].arg):
        return None
    return ast.Attribute(value=owner, attr=read.attr, ctx=ast.Load())
