"""``isinstance(other, Value)`` of a value known only at run time, ``Value`` a class whose
objects the function makes (micrograd's ``other = other if isinstance(other, Value) else
Value(other)`` given a number from the argument list). Objects made in the function exist only
while compiling, so a run-time value is one of them never: the test is False while compiling,
as it is in Python for the numbers, arrays and strings the code is given. Only an object of the
class passed in from outside (an argument's item, a global) could make it True: the generated
code checks that where the value is first tested, and raises, located, rather than go on as if
it were not one."""
from __future__ import annotations

import ast

from ..ir import Const, Effect, If
from ..primitives import effects, lookup


def runtime_isinstance(lowering, node: ast.Call) -> Const:
    """``isinstance(value, Cls)`` (``node``) of a run-time value: False, after the run-time check
    that ``value`` is no object of ``Cls`` (the module's docstring)."""
    where = lowering.parsed.location(node)
    value = lowering._as_atom(lowering._expr(node.args[0]), node.args[0])
    if not isinstance(node.args[1], (ast.Name, ast.Attribute)):
        lowering._unsupported(node, f"`{ast.unparse(node)}` of a value known only at run time, with a tuple of classes "
                              "whose objects the function makes", "test one class at a time")
    classes = lowering._free(node.args[1])           # the class, read at call time like a global
    test = lowering._apply(node, lookup(isinstance), (value, classes), (), None)
    message = (f"{where.filename}:{where.line}:{where.col + 1}: `{ast.unparse(node)}` is true: an object of "
               f"`{ast.unparse(node.args[1])}` made outside the function is not supported (its objects are "
               "followed only where the function makes them)")
    error = ast.Call(func=ast.Name(id="TypeError", ctx=ast.Load()), args=[ast.Constant(message)], keywords=[])
    lowering.body.append(If(test, [Effect(effects.raising(error), (), where)], [], where))
    return Const(False)
