"""Building IR by hand for the ir tests: a function from parameters, statements and a result."""
import ast

from transpiler import primitives
from transpiler.ir import Assign, Const, Copy, Function, If, Loop, Var
from transpiler.ir.names import NameAllocator

ADD = primitives.lookup(ast.Add)
MUL = primitives.lookup(ast.Mult)
LESS = primitives.lookup(ast.Lt)

x, y, z, t, m, s, i, c = (Var(n) for n in ("x", "y", "z", "t", "m", "s", "i", "c"))


def function(body, result, params=(x,)) -> Function:
    return Function("f", list(params), [p.name for p in params], {}, list(body), result,
                    NameAllocator({p.name for p in params}))


def add(target, a, b) -> Assign:
    return Assign(target, ADD, (a, b))


def mul(target, a, b) -> Assign:
    return Assign(target, MUL, (a, b))


def less(target, a, b) -> Assign:
    return Assign(target, LESS, (a, b))


__all__ = ["Assign", "Const", "Copy", "If", "Loop", "Var", "function", "add", "mul", "less",
           "x", "y", "z", "t", "m", "s", "i", "c"]
