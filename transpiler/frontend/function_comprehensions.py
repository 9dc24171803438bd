"""``[lambda t, k=k: t ** k for k in range(n)]``: a list of functions made by a comprehension.

A list display of functions is a list known while compiling (functions.py ``_static_display``):
its calls are inlined, its iteration unrolled. A comprehension whose element is a lambda, over
a count known while compiling (a constant range, an unrolled sequence) and without a condition,
is that display written out: one lambda per iteration, its defaults evaluated in that iteration
(``k=k`` binds each its own ``k``, as Python does).

A lambda that reads the comprehension's variable itself rather than through a default is left
refused: Python binds it late, so every one of them sees the variable's *last* value when it is
called, which the user rarely means and the unrolled display would not reproduce."""
from __future__ import annotations

import ast

from ..ir import Const
from .argument_lengths import ask_length_iterated
from .object_loops import constant_range
from .passed_functions import read_names
from .values import StaticSequence


def function_comprehension(lowering, node: ast.expr) -> StaticSequence | None:
    """The lambdas ``node`` makes, one per iteration, as a list known while compiling; None where
    ``node`` is not a list comprehension of lambdas without a condition; refused, located, where
    its number of iterations is not known while compiling."""
    if not (isinstance(node, ast.ListComp) and isinstance(node.elt, ast.Lambda) and len(node.generators) == 1):
        return None
    generator = node.generators[0]
    if generator.ifs or generator.is_async:
        return None
    targets = [n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)]
    late = set(targets) & (read_names(node.elt) - _parameters(node.elt))
    if late:
        name = sorted(late)[0]
        lowering._unsupported(node.elt, f"a lambda made in a comprehension that reads its variable `{name}` when "
                              f"called (Python's late binding: every lambda would see `{name}`'s last value)",
                              f"bind it when the lambda is made, as a default: `lambda ..., {name}={name}: ...`")
    unrolled = _iterations(lowering, generator)
    if unrolled is None:
        lowering._unsupported(node, f"a list of lambdas made by a comprehension over `{ast.unparse(generator.iter)}`, "
                              "whose number of items is known only when the function runs",
                              "iterate a `range(...)` of constants, a list or tuple display, a global's list or a "
                              "list argument, or write the functions out in a list display")
    count, bind = unrolled
    with lowering._scoped(targets):
        items = []
        for k in range(count):
            bind(k)
            items.append(lowering._lambda(node.elt))
    return StaticSequence(tuple(items))


def _iterations(lowering, generator: ast.comprehension):
    """(count, bind(k)) for the comprehension's iterable where its length is known while
    compiling: a list or tuple display, a range of constants (a literal, a global's or a closure's
    integer, folded: a new value compiles again), or what a loop unrolls (a list of functions, a
    list argument, whose length the call gives once asked); None otherwise."""
    it, target = generator.iter, generator.target
    if isinstance(it, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in it.elts):
        return len(it.elts), lambda k: lowering._bind(target, lowering._arg(it.elts[k]))
    loop = ast.copy_location(ast.For(target=target, iter=it, body=[ast.Pass()], orelse=[]), it)
    if (unrolled := lowering._unrolled_iterations(loop)) is not None:
        return unrolled
    values = constant_range(lowering, it)
    if values is None:
        ask_length_iterated(lowering, it)       # (a list argument: lowered again knowing its length)
        return None
    return len(values), lambda k: lowering._bind(target, Const(values[k]))


def _parameters(node: ast.Lambda) -> set[str]:
    args = node.args
    named = [*args.posonlyargs, *args.args, *args.kwonlyargs, *filter(None, (args.vararg, args.kwarg))]
    return {a.arg for a in named}
