"""``functools.partial`` in the differentiated code: ``act = partial(leaky, alpha=0.1)`` made in
the function or at module level, then called (``act(x)``) or passed to a helper.

A partial is a function value known while lowering (values.py ``PartialFunction``): the function
and the values bound to it. A call of it is the call of its function with the bound values put
before the call's own arguments, and its keywords under the call's (Python's rule), lowered as
that call is written."""
from __future__ import annotations

import ast
import functools
import numbers

from ..ir import Const
from .values import PartialFunction, PythonFunction, Static, has_user_receiver


class PartialLowering:
    """Partials as values; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    def _make_partial(self, node: ast.Call) -> PartialFunction:
        """``functools.partial(f, *args, **keywords)`` written in the function."""
        if not node.args or any(isinstance(a, ast.Starred) for a in node.args) \
                or any(k.arg is None for k in node.keywords):
            self._unsupported(node, "this call of `functools.partial`",
                              "name the function and its arguments: partial(f, a, k=v)")
        func = self._expr(node.args[0])
        if not isinstance(func, Static):
            self._unsupported(node.args[0], "a partial of a value computed by the function",
                              "make the partial of a function named in the source")
        return PartialFunction(func, tuple(self._arg(a) for a in node.args[1:]),
                               tuple((k.arg, self._arg(k.value)) for k in node.keywords))

    def _partial_object(self, node: ast.expr, partial: functools.partial) -> PartialFunction:
        """A ``functools.partial`` made outside the function (a global, a closure's value): its
        bound values are known now; numbers, strings and functions are compiled in."""
        label = ast.unparse(node)
        if has_user_receiver(partial.func):
            self._unsupported(node, f"`{label}`, a partial of a method",
                              f"bind the method's arguments with a lambda: lambda x: obj.method(x, ...)")
        values = [*partial.args, *partial.keywords.values()]
        if not all(isinstance(v, (numbers.Number, str, type(None))) or callable(v) for v in values):
            self._unsupported(node, f"`{label}`, a partial holding an array or other object",
                              "write the call out (`np.dot(W, x)` for `partial(np.dot, W)(x)`, W a "
                              "global read at call time), or pass the array as an argument")

        def bound(value):
            return PythonFunction(value, f"{label}(bound)") if callable(value) else Const(value)
        return PartialFunction(PythonFunction(partial.func, f"{label}.func"),
                               tuple(bound(v) for v in partial.args),
                               tuple((k, bound(v)) for k, v in partial.keywords.items()))

    def _call_partial(self, node: ast.Call, partial: PartialFunction, name: str | None):
        """``p(b, k=1)`` for ``p = partial(f, a, k=0)``: ``f(a, b, k=1)``."""
        given = {k.arg for k in node.keywords}
        with self._holding() as hold:
            call = ast.Call(func=hold(partial.func, node.func),
                            args=[*(hold(v, node) for v in partial.args), *node.args],
                            keywords=[*(ast.keyword(arg=k, value=hold(v, node)) for k, v in partial.keywords
                                        if k not in given), *node.keywords])
            return self._call(ast.copy_location(call, node), name)
