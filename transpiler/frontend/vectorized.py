"""``np.vectorize`` in the differentiated code: ``np.vectorize(f)(x)``, ``vf = np.vectorize(f)``
made in the function, or a vectorized function made at module level (``@np.vectorize``).

The call means ``f`` applied to each element of its arguments broadcast together, the results
in an array of the broadcast shape. It is lowered as exactly that, written out:
``np.reshape(np.array([f(a, b) for a, b in zip(np.ravel(A), np.ravel(B))]), shape)`` with ``A``,
``B`` the arguments broadcast to ``shape``, so ``f``'s body (branches on the element included)
is differentiated as any loop is: correct in both modes, as fast as a Python loop over the
elements (NumPy's own ``vectorize`` is one too)."""
from __future__ import annotations

import ast

import numpy as np

from .values import PythonFunction, Static, VectorizedFunction


class VectorizedLowering:
    """Vectorized functions as values; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    def _vectorized(self, node: ast.Call, callee, name: str | None):
        """``np.vectorize(f)`` (a value) or a call of a vectorized function made outside."""
        if callee is np.vectorize:
            return self._make_vectorized(node)
        return self._call_vectorized(node, self._vectorized_object(node.func, callee), name)

    def _make_vectorized(self, node: ast.Call) -> VectorizedFunction:
        """``np.vectorize(f)`` written in the function (``otypes`` of floats allowed)."""
        if len(node.args) != 1 or any(isinstance(a, ast.Starred) for a in node.args) \
                or any(k.arg != "otypes" for k in node.keywords):
            self._unsupported(node, "this call of `np.vectorize` (only `np.vectorize(f)` and `otypes=`)",
                              "write the loop over the elements out, or vectorize f by hand with array operations")
        func = self._expr(node.args[0])
        if not isinstance(func, Static):
            self._unsupported(node.args[0], "np.vectorize of a value computed by the function",
                              "vectorize a function named in the source")
        return VectorizedFunction(func)

    def _vectorized_object(self, node: ast.expr, vectorized: np.vectorize) -> VectorizedFunction:
        """A vectorized function made outside (``@np.vectorize``, a global): only its plain form."""
        if vectorized.excluded or vectorized.signature is not None or not _float_outputs(vectorized.otypes):
            self._unsupported(node, f"`{ast.unparse(node)}`, an np.vectorize with excluded=, signature= or "
                              "non-float otypes=", "write the loop over the elements out")
        return VectorizedFunction(PythonFunction(vectorized.pyfunc, f"{ast.unparse(node)}.pyfunc"))

    def _call_vectorized(self, node: ast.Call, vectorized: VectorizedFunction, name: str | None):
        """``[f(a, b, key=c) for a, b, c in zip(ravel(a'), ravel(b'), ravel(c'))]`` reshaped, the
        primes broadcast to one shape: keyword arguments broadcast like positional ones, as
        np.vectorize's do (``huber(r, delta=0.5)``)."""
        if not node.args and not node.keywords or any(isinstance(a, ast.Starred) for a in node.args) \
                or any(k.arg is None for k in node.keywords):
            self._unsupported(node, "a vectorized function called with `*args` or `**kwargs`",
                              "pass its arguments by position or by name")
        keywords = [k.arg for k in node.keywords]
        with self._holding() as hold:
            function = self._numpy_function(hold, node)
            args = [hold(self._arg(a), a) for a in (*node.args, *(k.value for k in node.keywords))]
            if len(args) == 1:
                shape = _call(function(np.shape), args[0])
                spread = args
            else:
                shapes = [_call(function(np.shape), a) for a in args]
                shape = _call(function(np.broadcast_shapes), *shapes)
                spread = [_call(function(np.broadcast_to), a, shape) for a in args]
            # (names of the comprehension only, printed in the IR: valid Python ones)
            elements = [ast.Name(id=f"vectorized_item_{i}", ctx=ast.Store()) for i in range(len(args))]
            target = elements[0] if len(args) == 1 else ast.Tuple(elts=elements, ctx=ast.Store())
            flat = [_call(function(np.ravel), a) for a in spread]
            source = flat[0] if len(flat) == 1 else _call(ast.Name(id="zip", ctx=ast.Load()), *flat)
            loads = [ast.Name(id=e.id, ctx=ast.Load()) for e in elements]
            n_positional = len(node.args)
            each = _call(hold(vectorized.func, node.func), *loads[:n_positional])
            each.keywords = [ast.keyword(arg=k, value=v) for k, v in zip(keywords, loads[n_positional:])]
            listed = ast.ListComp(elt=each, generators=[ast.comprehension(target=target, iter=source, ifs=[],
                                                                          is_async=0)])
            made = _call(function(np.reshape), _call(function(np.array), listed), shape)
            return self._expr(ast.fix_missing_locations(ast.copy_location(made, node)), name)


def _call(func: ast.expr, *args: ast.expr) -> ast.Call:
    return ast.Call(func=func, args=list(args), keywords=[])


def _float_outputs(otypes) -> bool:
    """No ``otypes``, or float ones (an integer output type would truncate: not differentiable)."""
    return not otypes or all(np.dtype(t).kind in "fc" for t in otypes)
