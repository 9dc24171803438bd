"""``@differentiate``: the function, unchanged when called, with its derivatives attached."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Sequence, cast, overload

from .. import backends
from .arguments import Wrt
from .forward_derivatives import forward_value_and_grad
from .gradient import Gradient
from .rendering import code_html, titled_html
from .sources import tangent_source
from .transforms import jacobian

if TYPE_CHECKING:        # (an annotation only)
    from ..driver import pipeline


class Differentiable:
    """What ``@differentiate`` returns: the original function, plus its derivatives.

    ``mode="forward"`` computes the gradient with one forward-mode pass per input element
    (cheaper than reverse mode only when the inputs are few). ``memory``: the reverse sweep's
    tape budget in bytes, as for :func:`transpiler.grad`.
    """

    def __init__(self, f: Callable[..., Any], wrt: Wrt = 0, mode: str = "reverse", backend: str = "numpy",
                 rewrites: bool | dict[str, bool] = True, has_aux: bool = False, memory: int | None = None):
        if mode not in ("reverse", "forward"):
            raise ValueError(f"mode must be 'reverse' or 'forward', not {mode!r}")
        if mode == "forward" and memory is not None:
            raise ValueError("memory= bounds the reverse sweep's tapes; forward mode keeps none: use mode='reverse'")
        if mode == "forward" and not backends.backend(backend).forward_mode:
            raise ValueError(f"the {backend} backend compiles reverse-mode gradients: use mode='reverse'")
        if mode == "forward" and backend != backends.DEFAULT:   # (a Jacobian a column per pass: jacobian's code)
            raise ValueError(f"mode='forward' runs NumPy code: use mode='reverse' with backend={backend!r}, "
                             "or transpiler.jvp(f, primals, tangents, backend=...)")
        functools.update_wrapper(self, f)
        self.__transpiler_original__ = f
        self.mode, self.wrt = mode, wrt
        if mode == "forward":
            jac = jacobian(f, wrt, mode="forward", rewrites=rewrites, has_aux=has_aux)   # (has_aux: (J, aux))
            self._grad: Callable[..., Any] = jac
            self._value_and_grad: Callable[..., Any] = forward_value_and_grad(f, jac, has_aux)
        else:
            self._grad = Gradient(f, wrt, returns_value=False, backend=backend, rewrites=rewrites, has_aux=has_aux,
                                  memory=memory)
            self._value_and_grad = Gradient(f, wrt, returns_value=True, backend=backend, rewrites=rewrites,
                                            has_aux=has_aux, memory=memory)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__transpiler_original__(*args, **kwargs)

    # (the derivative objects themselves, not methods calling them: inside a function being
    # differentiated, `f.grad(x)` is then known as a derivative transpiler made, refused saying
    # what to write there, `transpiler.grad(f)(x)`, rather than taken for a function without a rule)
    @property
    def grad(self) -> Callable[..., Any]:
        """The gradient: ``f.grad(*args)`` is ``transpiler.grad(f, wrt)(*args)``."""
        return self._grad

    @property
    def value_and_grad(self) -> Callable[..., Any]:
        """``f.value_and_grad(*args)``: ``(f(*args), gradient)``, as
        ``transpiler.value_and_grad(f, wrt)(*args)`` gives it."""
        return self._value_and_grad

    def compiled(self, args: Sequence[Any]) -> pipeline.Generated:
        """The generated code :meth:`grad` runs for arguments like ``args``, as
        ``transpiler.grad(f, ...).compiled(args)`` gives it (``.tapes``: each loop's tape, and
        where ``memory=`` made it keep checkpoints instead). Reverse mode only: forward mode runs
        a module per parameter (transpiler.api.tangent_source prints each)."""
        if self.mode != "reverse":
            raise ValueError("compiled() is the reverse-mode gradient's code: forward mode runs one module per "
                             "parameter, printed by transpiler.api.tangent_source(f, wrt, args=...)")
        return cast(Gradient, self._grad).compiled(args)

    @property
    def source(self) -> str:
        """Generated derivative source, exactly as ``transpiler grad [--mode forward]`` prints it."""
        return self.source_at()

    def source_at(self, *args: Any, print_after: str | None = None, strong_zeros: bool = False) -> str:
        """The code ``self.grad(*args)`` runs (``transpiler grad --at``); without arguments, the
        code for any shapes (:attr:`source`). ``print_after``: the IR or code after that stage
        of the pipeline; ``strong_zeros``: the code it runs again where its gradient came out
        NaN (see :meth:`Gradient.source`)."""
        if self.mode == "reverse":
            return cast(Gradient, self._grad).source(args=args or None, print_after=print_after,
                                                     strong_zeros=strong_zeros)
        if args and isinstance(self.wrt, (tuple, list)):
            raise ValueError("a forward-mode gradient with respect to several parameters runs one "
                             "module per parameter: print each with transpiler.api.tangent_source(f, "
                             "wrt, args=...)")
        return tangent_source(self.__transpiler_original__, self.wrt, args=args or None, print_after=print_after,
                              strong_zeros=strong_zeros)

    def _repr_html_(self) -> str:
        """In a notebook: the function and its generated derivative code, highlighted."""
        title = f"@differentiate({self.mode} mode) {self.__transpiler_original__.__qualname__}"
        return titled_html(title, code_html(self.source))


@overload
def differentiate(f: Callable[..., Any], *, wrt: Wrt = 0, mode: str = "reverse", backend: str = "numpy",
                  rewrites: bool | dict[str, bool] = True, has_aux: bool = False,
                  memory: int | None = None) -> Differentiable: ...


@overload
def differentiate(f: None = None, *, wrt: Wrt = 0, mode: str = "reverse", backend: str = "numpy",
                  rewrites: bool | dict[str, bool] = True, has_aux: bool = False,
                  memory: int | None = None) -> Callable[[Callable[..., Any]], Differentiable]: ...


def differentiate(f: Callable[..., Any] | None = None, *, wrt: Wrt = 0, mode: str = "reverse", backend: str = "numpy",
                  rewrites: bool | dict[str, bool] = True, has_aux: bool = False,
                  memory: int | None = None) -> Differentiable | Callable[[Callable[..., Any]], Differentiable]:
    """Decorator: ``@differentiate``, ``@differentiate(wrt=("w", "b"))``, ``mode="forward"``,
    ``backend="numba"``, ``rewrites=False``, ``has_aux=True``, ``memory=BYTES`` (as for :func:`grad`)."""
    if f is None:
        return lambda func: Differentiable(func, wrt, mode, backend, rewrites, has_aux, memory)
    return Differentiable(f, wrt, mode, backend, rewrites, has_aux, memory)
