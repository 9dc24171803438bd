"""Third derivatives: ``grad(grad(grad(f, i), j), k)``, forward mode over forward mode over
forward mode of ``f`` (ad/forward.py ``forward_over_forward`` with ``order=3``): the entry along
``e_k`` is ``e_i·e_j·f'''·e_k``, read from one call of the code per element of argument ``k``.
As for ``grad(grad(f))`` (api/second.py), the inner derivatives are of numbers: arguments ``i``
and ``j`` are numbers, and the result has argument ``k``'s shape."""
from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..ad.forward import TangentSpec
from ..driver import pipeline
from ..errors import OutputShapeError
from ..trees import basis, is_container, leaves, rebuild
from .arguments import Derivative, Wrt, as_tangent, normalize_wrt
from .numbers import call_with_numpy_floats, kinds_of, shape_of
from .results import block
from .streams import rewinder
from .strong_zeros import moves_random_streams
from .written_back import handing_back


class ThirdDerivative(Derivative):
    """``grad(grad(grad(f, wrt=i), wrt=j), wrt=k)`` (``second`` is ``grad(grad(f, i), j)``)."""

    __transpiler_order__ = 3

    def __init__(self, second: Any, wrt: Wrt):
        self.second = second
        gradient = second.gradient
        if second.tuple_output:
            raise ValueError("grad of a second derivative needs it to have a single wrt")
        self.wrt, self.tuple_output = normalize_wrt(wrt, gradient.param_names)
        functools.update_wrapper(self, gradient.original)
        self.__transpiler_spelling__ = f"grad(grad(grad({gradient.original.__name__})))"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        gradient = self.second.gradient
        args = gradient.bind(gradient.bound + tuple(args), kwargs)
        offset = len(gradient.bound)
        (i,), (j,) = gradient.wrt, tuple(k + offset for k in self.second.wrt)
        for position in (i, j):
            if is_container(args[position]) or np.ndim(args[position]) != 0:
                name = list(gradient.signature.parameters)[position]
                raise OutputShapeError(
                    f"{self.__transpiler_spelling__}: the second derivative, with respect to `{name}`, is not a "
                    "number, so grad cannot differentiate it",
                    hint="take third derivatives with respect to numbers (a third derivative tensor has no "
                         "transform of its own: differentiate a number-valued function of the arrays)")
        with handing_back(args):
            results = [self._along(args, i, j, k + offset) for k in self.wrt]
        return tuple(results) if self.tuple_output else results[0]

    def _along(self, args: tuple[Any, ...], i: int, j: int, k: int) -> Any:
        """d/dx_k of d²f/dx_i dx_j: one call of the third-order code per element of ``args[k]``."""
        gradient = self.second.gradient
        original = gradient.original
        wrt = tuple(sorted({i, j, k}))
        spec = TangentSpec(wrt, tuple(shape_of(a) for a in args), kinds_of(args),
                           rewrites_off=gradient.rewrites_off, order=3)
        generated = pipeline.compiled(original, spec)
        free = generated.free_values()
        rewind = rewinder(args, global_stream=moves_random_streams(original, args))
        rewind_free = rewinder(free.values(), global_stream=False)

        def unit(position: int, direction: Any = None) -> tuple[Any, ...]:
            return tuple(as_tangent(direction if p == position and direction is not None else
                                    (1.0 if p == position else np.zeros_like(args[p], dtype=float)), args[p])
                         for p in wrt)

        x = args[k]
        parts: list[list[Any]] = [[] for _ in leaves(x)]
        for leaf, e in basis(x):
            rewind()
            rewind_free()
            result = call_with_numpy_floats(generated.function, (*args, *unit(i), *unit(j), *unit(k, e)), free,
                                            original)
            parts[leaf].append(float(np.ravel(result[1][1][1])[0]))
        return rebuild(x, [block(p, 0, np.shape(part), (args[j], part)) for p, part in zip(parts, leaves(x))])
