"""User-facing API: ``grad``, ``value_and_grad`` and the ``@differentiate`` decorator."""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Sequence, Union

import numpy as np

from .driver import pipeline
from . import backends, ir
from .errors import NonDifferentiableError, OutputShapeError, SourceUnavailableError, TranspileError
from .frontend.source import unwrap
from .rewrites import switched_off as rewrites_switched_off
from .ad.forward import TangentSpec
from .ad.reverse import GradientSpec
from .trees import basis, is_container, leaves, leaves_like, map_like, rebuild

Wrt = Union[int, str, Sequence[Union[int, str]]]
_ndarray = np.ndarray


def grad(f: Callable, wrt: Wrt = 0, backend: str = "numpy", rewrites: bool | dict = True) -> Callable:
    """``grad(f, wrt)(*args)``: the gradient of scalar ``f`` at ``args`` (reverse mode).

    ``wrt`` is a parameter index or name (one gradient) or a tuple of them (a tuple of gradients,
    in that order). Each gradient has its argument's shape. ``backend="numba"`` compiles the
    generated code with numba (an optional extra) for scalar loops and elementwise work.
    ``rewrites=False`` switches the algebraic rewrites off (``{"name": False}`` one of them; see
    ``transpiler.rewrites.REWRITES``): the same gradient, to rounding, computed the general way.
    """
    if isinstance(f, Gradient):
        return SecondDerivative(f, wrt)
    if isinstance(f, SecondDerivative):
        raise TranspileError("grad of a second derivative (third derivatives) is not supported yet",
                             hint="use transpiler.jvp on transpiler.hessian's inputs, or finite differences")
    return Gradient(f, wrt, returns_value=False, backend=backend, rewrites=rewrites)


def value_and_grad(f: Callable, wrt: Wrt = 0, backend: str = "numpy", rewrites: bool | dict = True) -> Callable:
    """Like :func:`grad`, but returns ``(f(*args), gradient)`` from one pass."""
    return Gradient(f, wrt, returns_value=True, backend=backend, rewrites=rewrites)




class Gradient:
    """A callable gradient of ``f``; compiles on the first call for each family of arguments
    (each array's shape and dtype, each other argument's type)."""

    def __init__(self, f: Callable, wrt: Wrt, returns_value: bool, backend: str = "numpy",
                 rewrites: bool | dict = True):
        self._backend = backends.backend(backend)
        self.backend = backend
        self.rewrites_off = rewrites_switched_off(rewrites)     # (part of the compiled code's key)
        self.f = f
        self.original, self.bound = _function(f)    # (a bound method's `self`)
        self.signature = inspect.signature(self.original)
        self.param_names = list(self.signature.parameters)[len(self.bound):]
        wrt_indices, self.tuple_output = normalize_wrt(wrt, self.param_names)
        self.wrt = tuple(i + len(self.bound) for i in wrt_indices)
        self.returns_value = returns_value
        self._runners: dict[tuple, Callable] = {}   # call key (see _call_key) -> runner
        self._current: Callable[[], bool] = _stale   # are the runners still right? (a helper rebound)
        functools.update_wrapper(self, self.original)
        self.__name__ = f"{self.original.__name__}_{'value_and_grad' if returns_value else 'grad'}"
        if not self.bound:
            self.__class__ = _fast_calls(len(self.param_names))

    def __call__(self, *args, **kwargs):
        return self._call(args, kwargs)

    def _call(self, args: tuple, kwargs: dict):
        """Any call: bind keywords and defaults, find (or make) the runner for these arguments."""
        if kwargs or self.bound or len(args) != len(self.param_names):
            args = self._bind(self.bound + args, kwargs)
        if not self._current():           # compiled when a helper meant something else
            self._recompile()
        key = _call_key(args)
        run = self._runners.get(key)
        if run is None:
            run = self._runner(args)
            if not any(isinstance(a, _ndarray) and type(a) is not _ndarray for a in args):
                if len(self._runners) >= pipeline.CACHE_SIZE:
                    del self._runners[next(iter(self._runners))]      # the oldest
                self._runners[key] = run    # (an array subclass's key has no shape: not cached)
        try:
            return run(*args)
        except PYTHON_FLOAT_ERRORS:
            result = self._with_numpy_floats(args)
            if result is _NO:
                raise
            return result

    def _with_numpy_floats(self, args: tuple):
        """The call again with every Python float (arguments, free names) a ``np.float64``.

        Python's float arithmetic raises where NumPy's gives ``inf`` or ``nan`` with a warning
        (``1 / 0.0``, ``0.0 ** -0.5``): the derivative of ``np.log(x)`` at ``x = 0.0`` must be
        ``inf``, as for ``np.float64(0.0)``, not a ZeroDivisionError from the generated code. The
        fast path keeps Python floats (several times faster per operation); this runs only after
        one raised. ``_NO`` where there is no Python float to convert (the error is genuine)."""
        converted = tuple(numpy_floats(a, differentiated=i in self.wrt) for i, a in enumerate(args))
        generated = self.compiled(converted)
        free = generated.free_values()
        if all(c is a for c, a in zip(converted, args)) and numpy_floats(free) is free:
            return _NO
        return self._runner(converted, numpy_float_free_values=True)(*converted)

    def _recompile(self) -> None:
        """Drop the runners: the function's code, or a helper it inlined, changed since."""
        self._runners.clear()
        if inspect.signature(self.original) != self.signature:
            raise TranspileError(
                f"the parameters of {self.original.__qualname__} changed since this gradient was made "
                "(its code was replaced)", hint="make the gradient again: transpiler.grad(f)")
        self._current = pipeline.lowered(self.original).dependencies.checker()

    def _runner(self, args: Sequence[Any], numpy_float_free_values: bool = False) -> Callable[..., Any]:
        """A call of the generated code for arguments shaped like ``args``, doing only the
        checks and conversions those shapes need (this runs on every call): for a gradient of
        float numbers, the generated function itself."""
        generated = self.compiled(args)
        function, many, value_needed = generated.function, self.tuple_output, generated.returns_value
        free_values = generated.free_values
        if numpy_float_free_values:
            free_values = lambda: numpy_floats(generated.free_values())  # noqa: E731
        if self._backend.first_call is not None:
            self._backend.first_call(function, args, generated.free_values(), self.original.__name__)
        containers = any(isinstance(args[i], (list, tuple, dict)) for i in self.wrt)
        numbers = all(type(args[i]) is not np.ndarray and shape_of(args[i]) == () for i in self.wrt)
        integers = any(type(a) is int or type(a) is bool for a in args)  # ... possibly ints
        narrow = [args[i] for i in self.wrt] if any(_narrow_float(args[i]) for i in self.wrt) else None

        if numbers and not (generated.free or value_needed or integers or containers or self.returns_value
                            or narrow):
            return function
        seed = (1.0,) if generated.tangent else ()     # forward-mode code: the input's tangent
        fresh = bool(generated.fresh) and all(generated.fresh)      # arrays of the caller's own already
        if not (seed or generated.free or value_needed or containers or numbers or narrow):
            if fresh:
                return function
            if not many:

                def run_one(*args):          # the common case of one array gradient, kept lean
                    return _own(function(*args), args)
                return run_one

        def run(*args):
            args_ = args + seed
            result = function(*args_, **free_values()) if generated.free else function(*args_)
            if value_needed:
                value, gradient = result
                if type(value) is not float and np.ndim(value) != 0:
                    gradient = self._of_one_element(value, gradient, args[self.wrt[0]] if generated.tangent else None)
            else:
                gradient = result
            if containers:
                gradient = _like(gradient, [args[i] for i in self.wrt], many)
            elif numbers:
                if integers:
                    gradient = tuple(map(float, gradient)) if many else float(gradient)
            elif fresh:
                pass
            elif many:
                gradient = tuple([_own(g, args) for g in gradient])
            else:
                gradient = _own(gradient, args)
            if narrow:
                gradient = tuple(map(_in_dtype_of, gradient, narrow)) if many else _in_dtype_of(gradient, narrow[0])
            return (value, gradient) if self.returns_value else gradient

        return run

    def _of_one_element(self, value, gradient, number):
        """The gradient of an array output of one element (shape (1,), (1, 1), ...) is that
        element's, as autograd has it (the reverse sweep is seeded with ones of its shape);
        forward-mode code (used for one ``number`` argument, else None) gives that element's
        derivative in the output's shape: it becomes a number like the argument. Any other
        array output is an error, never the gradient of its sum."""
        if not (isinstance(value, np.ndarray) and value.size == 1):
            raise OutputShapeError(
                f"{self.original.__name__} returned a value of shape {np.shape(value)}; "
                "grad needs a scalar output (or an array of one element)",
                hint="reduce the output (e.g. np.sum), or use a Jacobian")
        if number is None:
            return gradient
        if type(number) is float:
            return float(np.reshape(gradient, ()))
        return np.asarray(gradient, dtype=np.result_type(number, value)).reshape(())[()]

    def compiled(self, args: Sequence[Any]) -> pipeline.Generated:
        """The generated function calls with arguments like ``args`` run: specialised to their
        shapes and dtypes. ``grad`` skips the work only the value needs when the output is known
        to be a scalar; otherwise the value is returned too, so a non-scalar output is an error,
        never a silent gradient of its sum."""
        self._check_scalar_output()
        shapes, kinds = tuple(shape_of(a) for a in args), tuple(kind_of(a) for a in args)
        value_needed = self.returns_value or not self._scalar_output(shapes, kinds)
        tangent = self._tangent_code(args, shapes, kinds)
        if tangent is not None:
            return tangent
        spec = GradientSpec(self.wrt, self.tuple_output, returns_value=value_needed, arg_shapes=shapes,
                            arg_kinds=kinds, unit_seed=True, backend=self.backend, specialize=True,
                            rewrites_off=self.rewrites_off)
        generated = pipeline.compiled(self.original, spec)
        generated.returns_value = value_needed
        return generated

    def _tangent_code(self, args: Sequence[Any], shapes: tuple, kinds: tuple) -> pipeline.Generated | None:
        """For the derivative with respect to one number, forward mode is the cheaper sweep:
        one pass carrying a tangent, no tape and no reverse loop. Its code returns ``(value,
        derivative)`` when called with the tangent 1.0 after the arguments. None (use reverse
        mode) for other cases, where forward mode has no rule, and where a custom rule is
        involved (its VJP is what the user registered)."""
        if not self._backend.forward_mode or self.tuple_output or len(self.wrt) != 1:
            return None
        value = args[self.wrt[0]]
        if not (isinstance(value, (float, np.floating))           # (a count passed as an int
                or type(value) is np.ndarray and value.shape == () and value.dtype.kind == "f"):
            return None                                           # stays in reverse mode)
        if any(isinstance(s, ir.Assign) and s.prim.family == "custom"
               for s in ir.walk(pipeline.lowered(self.original).body)):
            return None
        try:
            spec = TangentSpec(self.wrt, shapes, kinds, specialize=True, rewrites_off=self.rewrites_off)
            generated = pipeline.compiled(self.original, spec)
        except TranspileError:
            return None
        generated.returns_value, generated.tangent = True, True
        return generated

    def _scalar_output(self, shapes: tuple, kinds: tuple) -> bool:
        return output_shape(self.original, shapes, kinds) == ()

    def _check_scalar_output(self) -> None:
        fn = pipeline.lowered(self.original)
        made = [s for s in fn.body if isinstance(s, ir.Assign) and s.target == fn.result]
        if made and (made[-1].prim.display or made[-1].prim.outputs):
            raise OutputShapeError(
                f"{fn.name} returns a tuple; grad needs a single scalar output", made[-1].location,
                hint="return one value, or use transpiler.jacobian / transpiler.vjp for several outputs")

    def source(self, arg_shapes: Sequence[Any] = ()) -> str:
        """The generated gradient as a self-contained Python module, for any argument shapes
        (or those given). Its function takes a seed, the output's adjoint (``d_out=1.0``). Calls
        of the gradient run code specialised further (``compiled(args).source``): the seed fixed
        at 1.0, shapes and dtypes of those arguments built in, in-place operations, ``del``
        statements (docs/how-it-works.md, section 10)."""
        self._check_scalar_output()
        spec = GradientSpec(self.wrt, self.tuple_output, returns_value=self.returns_value,
                            arg_shapes=tuple(arg_shapes) or annotated_shapes(self.original),
                            rewrites_off=self.rewrites_off)
        return pipeline.source(self.original, spec)

    def _bind(self, args: tuple, kwargs: dict) -> tuple:
        if not kwargs and len(args) == len(self.param_names) + len(self.bound):
            return args
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return tuple(bound.args)


def _stale() -> bool:
    return False


def output_shape(original: Callable, shapes: tuple, kinds: tuple) -> tuple | None:
    """The shape of what ``original`` returns for arguments of these shapes and dtypes, or None
    if the compiler cannot tell (nor for a symbolic shape: that of an input it does not know)."""
    from .analysis.facts import shapes_of
    from .opt.specialize import specialize

    fn = specialize(pipeline.lowered(original), shapes, kinds)
    if not isinstance(fn.result, ir.Var):
        return () if isinstance(fn.result.value, (int, float, bool)) else None
    shape = shapes_of(fn, shapes, kinds).get(fn.result)
    return shape if isinstance(shape, tuple) and all(type(n) is int for n in shape) else None


def _call_key(args: tuple) -> tuple:
    """What a compiled runner is specialised to: each argument's type, or its shape and dtype if
    it is an array."""
    return tuple([(a.shape, a.dtype) if type(a) is _ndarray else type(a) for a in args])


_NO = object()     # "not passed" in the fast call path's signature
_FAST_CALLS: dict[int, type] = {}


def _fast_calls(arity: int) -> type:
    """A subclass of Gradient whose ``__call__`` takes its ``arity`` arguments as named parameters
    and computes the call key inline: the hot path of a gradient of a few numbers is then about
    one dictionary lookup and one call more than the generated function itself. Any other call
    (keywords, defaults, too many arguments, a first call, a helper since rebound) takes the
    general path."""
    if arity not in _FAST_CALLS:
        names = [f"a{i}" for i in range(arity)]
        key = "".join(f"({a}.shape, {a}.dtype) if type({a}) is _ndarray else type({a}), " for a in names)
        source = (f"def __call__(self, {''.join(f'{a}=_NO, ' for a in names)}*more, **kwargs):\n"
                  f"    run = self._runners.get(({key}))\n"
                  f"    if run is None or more or kwargs or not self._current():\n"
                  f"        passed = tuple(a for a in ({', '.join(names + [''])}) if a is not _NO)\n"
                  f"        return self._call(passed + more, kwargs)\n"
                  f"    try:\n"
                  f"        return run({', '.join(names)})\n"
                  f"    except _ERRORS:\n"
                  f"        result = self._with_numpy_floats(({''.join(a + ', ' for a in names)}))\n"
                  f"        if result is _NO:\n"
                  f"            raise\n"
                  f"        return result\n")
        namespace = {"_ndarray": _ndarray, "_NO": _NO, "_ERRORS": PYTHON_FLOAT_ERRORS}
        exec(compile(source, f"<transpiler fast call, {arity} arguments>", "exec"), namespace)
        _FAST_CALLS[arity] = type(f"Gradient{arity}", (Gradient,), {"__call__": namespace["__call__"],
                                                                    "__doc__": Gradient.__doc__})
    return _FAST_CALLS[arity]


# What Python's float arithmetic raises where NumPy's returns inf or nan (see _with_numpy_floats)
PYTHON_FLOAT_ERRORS = (ZeroDivisionError, OverflowError)


def numpy_floats(value, differentiated: bool = False):
    """``value`` with each Python float, also inside lists, tuples and dicts, a ``np.float64``
    (and, for a ``differentiated`` argument, each int: a number the user differentiates at)."""
    if type(value) is float or (differentiated and type(value) is int):
        return np.float64(value)
    if isinstance(value, (list, tuple)) and any(numpy_floats(v, differentiated) is not v for v in value):
        items = [numpy_floats(v, differentiated) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)   # a NamedTuple
    if isinstance(value, dict):
        converted = {k: numpy_floats(v, differentiated) for k, v in value.items()}
        return converted if any(converted[k] is not value[k] for k in value) else value
    return value


def call_with_numpy_floats(function: Callable, args: tuple, free: dict):
    """``function(*args, **free)``, run again with Python floats as ``np.float64`` where Python's
    float arithmetic raised (see :meth:`Gradient._with_numpy_floats`)."""
    try:
        return function(*args, **free)
    except PYTHON_FLOAT_ERRORS:
        converted, converted_free = numpy_floats(args), numpy_floats(free)
        if converted is args and converted_free is free:
            raise
        return function(*converted, **converted_free)


def _own(g, args: tuple):
    """An array gradient handed to the user is a float array of their own: a reduction's adjoint
    is a read-only broadcast view, and a gradient may be (a view of) an argument, e.g. the
    gradient of ``np.sum(x * y)`` with respect to ``x`` is ``y`` itself; such results are copied.
    Integer arrays (the gradient of ``np.sum(x * n)`` for an integer array ``n``) become floats.
    (On every call: the checks are ordered so that a fresh float array passes the fastest.)"""
    if type(g) is not _ndarray:
        return g
    if g.dtype.kind in "biu":
        return g.astype(float)
    if g.base is None:
        for a in args:
            if a is g:
                return g.copy()
        return g if g.flags.writeable else g.copy()
    if not g.flags.writeable or any(type(a) is _ndarray and np.may_share_memory(g, a) for a in args):
        return g.copy()
    return g


def _narrow_float(value) -> bool:
    """A float32 (or float16) array or NumPy number, or a container holding one."""
    if isinstance(value, (list, tuple)):
        return any(map(_narrow_float, value))
    if isinstance(value, dict):
        return any(map(_narrow_float, value.values()))
    dtype = getattr(value, "dtype", None)
    return isinstance(value, (np.ndarray, np.floating)) and dtype.kind == "f" and dtype.itemsize < 8


def _in_dtype_of(gradient, like):
    """The gradient in its argument's floating dtype: float32 in, float32 out, whatever the
    generated code promoted on the way (a Python-float seed broadcast, a count divided).
    Containers element by element."""
    if isinstance(like, dict):
        return type(gradient)({k: _in_dtype_of(gradient[k], v) for k, v in like.items()})
    if isinstance(like, (list, tuple)):
        items = [_in_dtype_of(g, v) for g, v in zip(gradient, like)]
        return type(gradient)(*items) if hasattr(gradient, "_fields") else type(gradient)(items)
    if not _narrow_float(like) or getattr(gradient, "dtype", None) == like.dtype:
        return gradient
    if isinstance(like, np.ndarray):
        return np.asarray(gradient).astype(like.dtype)     # a new array: the caller's own
    return like.dtype.type(gradient)


def _like(gradient, args: list, many: bool):
    """Container adjoints are built as lists: give them back the arguments' own structure."""
    def shape(g, like):
        if isinstance(like, (list, tuple)):
            return type(like)(shape(gi, li) for gi, li in zip(g, like))
        if isinstance(like, dict):
            return {k: shape(g[k], v) for k, v in like.items()}
        return g
    if many:
        return tuple(shape(g, a) for g, a in zip(gradient, args))
    return shape(gradient, args[0])


def bound_arguments(f: Callable, args: Sequence) -> tuple[Callable, list, list[str]]:
    """``f``'s own function, ``args`` with its defaults filled in, and its parameter names."""
    func = unwrap(f)
    signature = inspect.signature(func)
    bound = signature.bind(*args)
    bound.apply_defaults()
    return func, list(bound.args), list(signature.parameters)


def normalize_wrt(wrt: Wrt, param_names: list[str]) -> tuple[tuple[int, ...], bool]:
    """``wrt`` as parameter indices, and whether the caller asked for a tuple of gradients."""
    many = isinstance(wrt, (tuple, list))
    items = list(wrt) if many else [wrt]
    listing = f"the parameters are {param_names}"
    if many and not items:
        raise ValueError(f"wrt is empty: name at least one parameter to differentiate with respect to; {listing}")
    indices = []
    for item in items:
        if isinstance(item, str):
            if item not in param_names:
                raise ValueError(f"wrt={item!r} is not a parameter; {listing}")
            indices.append(param_names.index(item))
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -len(param_names) <= item < len(param_names):
                raise ValueError(f"wrt={item} is out of range: {listing}")
            indices.append(int(item) % len(param_names))
        else:
            raise TypeError(f"wrt must be a parameter index or name, or a tuple of them; got {item!r}; {listing}")
    repeated = sorted({param_names[i] for i in indices if indices.count(i) > 1})
    if repeated:
        raise ValueError(f"wrt names {', '.join(map(repr, repeated))} more than once; "
                         "name each parameter once (its gradient is returned once)")
    return tuple(indices), many


def shape_of(value: Any) -> tuple | None:
    """The shape the transform may specialise on: known for numbers and arrays only."""
    if isinstance(value, (float, int, np.generic)) and not isinstance(value, bool):
        return ()
    if isinstance(value, np.ndarray):
        return value.shape
    return None


def kind_of(value: Any) -> str | None:
    """The dtype the transform may specialise on, as kind and size ("f8", "i8", "b1", ...): of
    arrays and numbers."""
    if isinstance(value, (np.ndarray, np.generic)):
        return f"{value.dtype.kind}{value.dtype.itemsize}"
    return {float: "f8", int: "i8", bool: "b1", complex: "c16"}.get(type(value))


def annotated_shapes(func: Callable) -> tuple:
    """Parameters annotated ``float`` or ``int`` are scalars; the rest unknown."""
    hints = getattr(func, "__annotations__", {})
    scalar = {float, int, "float", "int"}
    return tuple(() if hints.get(p) in scalar else None for p in inspect.signature(func).parameters)


class Differentiable:
    """What ``@differentiate`` returns: the original function, plus its derivatives.

    ``mode="forward"`` computes the gradient with one forward-mode pass per input element
    (cheaper than reverse mode only when the inputs are few).
    """

    def __init__(self, f: Callable, wrt: Wrt = 0, mode: str = "reverse", backend: str = "numpy",
                 rewrites: bool | dict = True):
        if mode not in ("reverse", "forward"):
            raise ValueError(f"mode must be 'reverse' or 'forward', not {mode!r}")
        if mode == "forward" and not backends.backend(backend).forward_mode:
            raise ValueError(f"the {backend} backend compiles reverse-mode gradients: use mode='reverse'")
        if mode == "forward" and rewrites is not True:
            raise ValueError("rewrites= switches the rewrites of reverse-mode gradients: use mode='reverse'")
        functools.update_wrapper(self, f)
        self.__transpiler_original__ = f
        self.mode, self.wrt = mode, wrt
        if mode == "forward":
            jac = jacobian(f, wrt, mode="forward")
            self._grad = jac
            self._value_and_grad = lambda *args, **kwargs: (f(*args, **kwargs), jac(*args, **kwargs))
        else:
            self._grad = Gradient(f, wrt, returns_value=False, backend=backend, rewrites=rewrites)
            self._value_and_grad = Gradient(f, wrt, returns_value=True, backend=backend, rewrites=rewrites)

    def __call__(self, *args, **kwargs):
        return self.__transpiler_original__(*args, **kwargs)

    def grad(self, *args, **kwargs):
        return self._grad(*args, **kwargs)

    def value_and_grad(self, *args, **kwargs):
        return self._value_and_grad(*args, **kwargs)

    @property
    def source(self) -> str:
        """Generated derivative source, exactly as ``transpiler grad [--mode forward]`` prints it."""
        if self.mode == "forward":
            return tangent_source(self.__transpiler_original__, self.wrt)
        return self._grad.source()


def differentiate(f: Callable | None = None, *, wrt: Wrt = 0, mode: str = "reverse", backend: str = "numpy",
                  rewrites: bool | dict = True):
    """Decorator: ``@differentiate``, ``@differentiate(wrt=("w", "b"))``, ``mode="forward"``,
    ``backend="numba"``, ``rewrites=False`` (as for :func:`grad`)."""
    if f is None:
        return lambda func: Differentiable(func, wrt, mode, backend, rewrites)
    return Differentiable(f, wrt, mode, backend, rewrites)


def tangent_source(f: Callable, wrt: Wrt = 0) -> str:
    """The forward-mode (JVP) code of ``f``, as ``transpiler grad --mode forward`` prints it."""
    original, bound = _function(f)
    names = list(inspect.signature(original).parameters)[len(bound):]
    indices, _ = normalize_wrt(wrt, names)
    spec = TangentSpec(tuple(i + len(bound) for i in indices), annotated_shapes(original))
    return pipeline.source(original, spec)


def hessian_source(f: Callable, wrt: int | str = 0) -> str:
    """The code ``hessian`` runs: forward mode over the generated gradient of ``f``."""
    original, bound = _function(f)
    (index,), _ = normalize_wrt(wrt, list(inspect.signature(original).parameters)[len(bound):])
    index += len(bound)
    shapes = annotated_shapes(original)
    _refuse_recursive_calls(original)
    gradient = pipeline.compiled(original, GradientSpec((index,), tuple_output=False, arg_shapes=shapes))
    return pipeline.source(gradient.function, TangentSpec((index,), shapes + ((),)))


# --------------------------------------------------------------------------- forward mode & more
def _function(f: Callable) -> tuple[Callable, tuple]:
    """The Python function to transform, and a bound method's ``self`` to prepend."""
    if isinstance(f, (Gradient, SecondDerivative)):
        raise TranspileError(
            f"{f.__name__} is a derivative made by transpiler: only transpiler.jvp and transpiler.grad "
            "apply to it", hint="for second derivatives use transpiler.hessian(f), transpiler.hvp(f, x, v) "
                                "or transpiler.jvp(transpiler.grad(f), primals, tangents)")
    original = unwrap(f)
    if not inspect.isfunction(original):
        raise _not_a_python_function(f)
    _check_parameters(original)
    return original, ((f.__self__,) if inspect.ismethod(f) else ())


def _not_a_python_function(f: Any) -> SourceUnavailableError:
    name, module = getattr(f, "__name__", None), getattr(f, "__module__", None) or ""
    if name and module.split(".")[0] == "numpy":
        path = ".".join(["np", *module.split(".")[1:], name])         # np.sum, np.linalg.norm
        return SourceUnavailableError(
            f"cannot differentiate {path} itself: NumPy's functions have no Python source to transform",
            hint=f"differentiate a function that calls it, e.g. `def f(x): return {path}(x)`")
    return SourceUnavailableError(f"cannot differentiate {f!r}: it is not a Python function with source",
                                  hint="wrap it in a `def` function, or register a custom rule for it")


def _check_parameters(original: Callable) -> None:
    """Parameters other than plain positional ones (``*args``, ``**kwargs``, keyword-only) are
    refused where the function is lowered, with the parameter's location: lower it now, before
    ``wrt`` or the arguments are matched against a signature the generated code cannot have."""
    kinds = {p.kind for p in inspect.signature(original).parameters.values()}
    if kinds - {inspect.Parameter.POSITIONAL_OR_KEYWORD}:
        pipeline.lowered(original)


def _bind_call(original: Callable, bound: tuple, args: Sequence, kwargs: dict | None = None) -> tuple:
    """The arguments the generated code takes (every parameter, positionally): ``bound + args``
    with the keywords put in place and the defaults filled in."""
    call = inspect.signature(original).bind(*bound, *args, **(kwargs or {}))
    call.apply_defaults()
    return tuple(call.args)


def _as_tangent(t, primal):
    """A tangent as the generated code takes it: a float for a number, a float array shaped like
    an array, and the primal's own structure (list, tuple, dict) for a container."""
    if is_container(primal):
        try:
            return map_like(_as_tangent, t, primal)
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"a tangent needs the structure of its primal: {exc}") from None
    if np.ndim(primal) == 0 and np.ndim(t) == 0:
        return float(t)
    dtype = np.result_type(primal, 1.0)
    if np.ndim(t) == 0:             # a number for an array: that number in every element
        return np.full(np.shape(primal), t, dtype=dtype)
    if np.shape(t) != np.shape(primal):
        raise ValueError(f"a tangent of shape {np.shape(t)} for a primal of shape {np.shape(primal)}: "
                         "a tangent has its primal's shape")
    return np.asarray(t, dtype=dtype)


def jvp(f: Callable, primals: Sequence, tangents: Sequence):
    """``(f(*primals), J @ tangents)`` from one forward-mode pass.

    ``tangents`` has one entry per primal (``None`` for an argument held constant), each with its
    primal's structure: a number, an array of its shape, or a list/tuple/dict like it. Parameters
    left out take their defaults and carry no tangent. ``f`` may be a gradient
    (``jvp(grad(g), ...)``: forward over reverse mode, a Hessian-vector product).
    """
    if isinstance(f, Gradient):
        return _jvp_of_gradient(f, primals, tangents)
    original, bound = _function(f)
    args, tangents = _primals_and_tangents(original, bound, primals, tangents)
    wrt = tuple(i for i, t in enumerate(tangents) if t is not None)
    generated = pipeline.compiled(original, TangentSpec(wrt, tuple(shape_of(a) for a in args)))
    return call_with_numpy_floats(generated.function, (*args, *[_as_tangent(tangents[i], args[i]) for i in wrt]),
                                  generated.free_values())


def _primals_and_tangents(original: Callable, bound: tuple, primals: Sequence, tangents: Sequence):
    """Every argument (defaults filled in), and a tangent or None for each."""
    if len(primals) != len(tangents):
        raise ValueError(f"jvp needs one tangent per primal: got {len(primals)} primals and {len(tangents)} tangents")
    args = _bind_call(original, bound, primals)
    given = (None,) * len(bound) + tuple(tangents)
    return args, given + (None,) * (len(args) - len(given))


def _jvp_of_gradient(gradient: Gradient, primals: Sequence, tangents: Sequence):
    """``(grad f(primals), its directional derivative along tangents)``: forward mode over the
    generated reverse-mode gradient."""
    if gradient.returns_value:
        raise TranspileError("jvp of value_and_grad is not supported",
                             hint="take jvp(f, ...) and jvp(transpiler.grad(f), ...) separately")
    original = gradient.original
    args, tangents = _primals_and_tangents(original, gradient.bound, primals, tangents)
    wrt = tuple(i for i, t in enumerate(tangents) if t is not None)
    shapes = tuple(shape_of(a) for a in args)
    inner = pipeline.compiled(original, GradientSpec(gradient.wrt, gradient.tuple_output, arg_shapes=shapes))
    seed = _unit_seed(original, args, shapes)
    outer = pipeline.compiled(inner.function, TangentSpec(wrt, shapes + (np.shape(seed),)))
    value, tangent = call_with_numpy_floats(
        outer.function, (*args, seed, *[_as_tangent(tangents[i], args[i]) for i in wrt]), inner.free_values())
    like = [args[i] for i in gradient.wrt]
    many = gradient.tuple_output
    return _like(value, like, many), _like(tangent, like, many)


def vjp(f: Callable, *primals):
    """``(f(*primals), pullback)``; ``pullback(cotangent)`` returns a tuple of adjoints, one per
    primal, each with its primal's structure. Parameters left out take their defaults."""
    original, bound = _function(f)
    args = _bind_call(original, bound, primals)
    spec = GradientSpec(tuple(range(len(bound), len(bound) + len(primals))), tuple_output=True,
                        arg_shapes=tuple(shape_of(a) for a in args))
    generated = pipeline.compiled(original, spec)
    out = original(*args)

    def pullback(cotangent):
        adjoints = call_with_numpy_floats(generated.function, (*args, cotangent), generated.free_values())
        return tuple(map(_in_dtype_of, _like(adjoints, list(primals), many=True), primals))

    return out, pullback


def jacobian(f: Callable, wrt: Wrt = 0, mode: str = "auto") -> Callable:
    """``jacobian(f, wrt)(*args)``: the Jacobian of ``f`` with shape ``out.shape + arg.shape``.

    ``mode="forward"`` builds it a column per pass (cheap when inputs are few), ``"reverse"`` a
    row per pass (cheap when outputs are few); ``"auto"`` picks forward when the argument has
    fewer elements than the output. A tuple output gives a tuple of Jacobians; a tuple ``wrt`` a
    tuple per output. With respect to a list, tuple or dict parameter, the Jacobian has the
    parameter's structure, with a block of shape ``out.shape + leaf.shape`` for each leaf.
    """
    if mode not in ("auto", "forward", "reverse"):
        raise ValueError(f"mode must be 'auto', 'forward' or 'reverse', not {mode!r}")
    original, bound = _function(f)
    names = list(inspect.signature(original).parameters)[len(bound):]
    indices, many = normalize_wrt(wrt, names)

    def jac(*args, **kwargs):
        args = _bind_call(original, bound, args, kwargs)
        out = original(*args)
        outs = list(out) if isinstance(out, tuple) else [out]
        per_arg = []
        for i in (k + len(bound) for k in indices):
            size = sum(np.size(leaf) for leaf in leaves(args[i]))
            forward_mode = mode == "forward" or (mode == "auto" and size < sum(map(np.size, outs)))
            blocks = (_forward_columns if forward_mode else _reverse_rows)(original, args, i, out)
            per_arg.append(blocks)
        per_out = [tuple(blocks[o] for blocks in per_arg) if many else per_arg[0][o] for o in range(len(outs))]
        return tuple(per_out) if isinstance(out, tuple) else per_out[0]

    return jac


def _forward_columns(original, args, i, out):
    """One forward pass per element of ``args[i]``: Jacobian blocks, one per output."""
    spec = TangentSpec((i,), tuple(shape_of(a) for a in args))
    generated = pipeline.compiled(original, spec)
    free = generated.free_values()
    x, outs = args[i], (list(out) if isinstance(out, tuple) else [out])
    columns = [[] for _ in leaves(x)]           # per leaf of x: per element, the outputs' tangents
    for leaf, e in basis(x):
        tangent = call_with_numpy_floats(generated.function, (*args, e), free)[1]
        columns[leaf].append(list(tangent) if isinstance(out, tuple) else [tangent])
    return [rebuild(x, [_block([c[o] for c in columns[j]], -1, np.shape(outs[o]) + np.shape(part))
                        for j, part in enumerate(leaves(x))]) for o in range(len(outs))]


def _block(parts: list, axis: int, shape: tuple):
    """A Jacobian block of ``shape`` from its rows (``axis=0``) or columns (``axis=-1``); a float
    when both sides are scalars."""
    if not parts:
        return np.zeros(shape)
    values = np.stack([np.asarray(p, dtype=float) for p in parts], axis=axis)
    return float(values.reshape(())) if shape == () else values.reshape(shape)


def _reverse_rows(original, args, i, out):
    """One reverse pass per output element: Jacobian blocks, one per output."""
    spec = GradientSpec((i,), tuple_output=False, arg_shapes=tuple(shape_of(a) for a in args))
    generated = pipeline.compiled(original, spec)
    free = generated.free_values()
    x, outs = args[i], (list(out) if isinstance(out, tuple) else [out])
    blocks = []
    for o, leaf in enumerate(outs):
        rows = []
        for _, e in basis(leaf):
            seed = tuple(e if k == o else np.zeros(np.shape(l)) if np.ndim(l) else 0.0
                         for k, l in enumerate(outs)) if isinstance(out, tuple) else e
            rows.append(leaves_like(call_with_numpy_floats(generated.function, (*args, seed), free), x))
        blocks.append(rebuild(x, [_block([r[j] for r in rows], 0, np.shape(leaf) + np.shape(part))
                                  for j, part in enumerate(leaves(x))]))
    return blocks


def hvp(f: Callable, x, v, *args):
    """Hessian-vector product ``H(x) @ v`` of scalar ``f(x, *args)``: forward mode over the
    generated reverse-mode gradient (no Hessian is formed). ``v`` has the structure of ``x``."""
    original, bound = _function(f)
    args = _bind_call(original, bound, (x, *args))
    index = len(bound)
    return _like(_gradient_jvp(original, args, index, index)(v), [x], many=False)


def hessian(f: Callable, wrt: int | str = 0) -> Callable:
    """``hessian(f, wrt)(*args)``: second derivatives of scalar ``f``, shape ``x.shape * 2``;
    a column per forward pass over the generated gradient. With respect to a list, tuple or dict
    parameter ``x`` it is nested in ``x``'s structure twice: ``H[i][j]`` (keys for a dict) is
    d²f/dx[i]dx[j], of shape ``x[i].shape + x[j].shape`` (the layout of ``jax.hessian``)."""
    original, bound = _function(f)
    (index,), _ = normalize_wrt(wrt, list(inspect.signature(original).parameters)[len(bound):])
    index += len(bound)

    def hess(*args, **kwargs):
        args = _bind_call(original, bound, args, kwargs)
        x = args[index]
        parts = leaves(x)
        along = _gradient_jvp(original, args, index, index)
        columns = [[] for _ in parts]            # per leaf of x: per element, the gradient's tangent
        for leaf, e in basis(x):
            columns[leaf].append(leaves_like(along(e), x))
        return rebuild(x, [rebuild(x, [_block([c[r] for c in columns[j]], -1, np.shape(row) + np.shape(part))
                                       for j, part in enumerate(parts)]) for r, row in enumerate(parts)])

    return hess


def _gradient_jvp(original: Callable, args: tuple, inner: int, index: int) -> Callable:
    """``direction -> d/dε grad_inner f(args with args[index] + ε direction)``: JVPs of the
    generated gradient, compiled and checked once for the many directions of a Hessian. ``args``
    are every argument (a bound method's ``self`` and defaults included)."""
    shapes = tuple(shape_of(a) for a in args)
    _refuse_recursive_calls(original)
    gradient = pipeline.compiled(original, GradientSpec((inner,), tuple_output=False, arg_shapes=shapes))
    seed = _unit_seed(original, args, shapes)
    outer = pipeline.compiled(gradient.function, TangentSpec((index,), shapes + (np.shape(seed),)))
    free = gradient.free_values()

    def along(direction):
        return call_with_numpy_floats(outer.function, (*args, seed, _as_tangent(direction, args[index])), free)[1]
    return along


def _unit_seed(original: Callable, args: tuple, shapes: tuple):
    """The output's adjoint for second derivatives of scalar ``original``: 1.0, or ones for an
    output of one element in an array; an output of more elements is an error (never the
    derivatives of its sum)."""
    shape = output_shape(original, shapes, tuple(kind_of(a) for a in args))
    if shape is None:
        shape = np.shape(original(*args))       # (the compiler cannot tell: run it)
    if int(np.prod(shape, dtype=int)) != 1:
        raise OutputShapeError(
            f"{original.__name__} returns a value of shape {shape}; second derivatives need a scalar output",
            hint="reduce the output (e.g. np.sum), or take the Jacobian of a Jacobian")
    return np.ones(shape) if shape else 1.0


def _refuse_recursive_calls(original: Callable) -> None:
    """Second derivatives are forward mode over the generated gradient, and a recursive call's
    gradient is a generator that the transform does not differentiate again: refuse, at the call."""
    for stmt in ir.walk(pipeline.lowered(original).body):
        if isinstance(stmt, ir.Assign) and stmt.prim.recursive is not None:
            raise NonDifferentiableError(
                f"second derivatives through the recursive call of `{stmt.prim.name}` are not supported",
                stmt.location, hint="write the recursion as a loop, or use transpiler.jvp (first derivatives "
                                    "of a recursive function work in both modes)")


class SecondDerivative:
    """``grad(grad(f, wrt=i), wrt=j)``: forward mode over the generated gradient of ``f`` (the
    transform applied to its own output), one pass per element of argument ``j``."""

    def __init__(self, gradient: Gradient, wrt: Wrt):
        if gradient.tuple_output or gradient.returns_value:
            raise ValueError("grad of a gradient needs the inner grad to have a single wrt and no value")
        self.gradient = gradient
        self.wrt, self.tuple_output = normalize_wrt(wrt, gradient.param_names)
        functools.update_wrapper(self, gradient.original)

    def __call__(self, *args, **kwargs):
        gradient = self.gradient
        args = gradient._bind(gradient.bound + tuple(args), kwargs)
        (inner,) = gradient.wrt
        if is_container(args[inner]) or np.ndim(args[inner]) != 0:
            name, parameter = gradient.original.__name__, list(gradient.signature.parameters)[inner]
            raise OutputShapeError(
                f"grad(grad({name})): the inner gradient, with respect to `{parameter}` (a "
                f"{type(args[inner]).__name__}), is not a number, so grad cannot differentiate it",
                hint=f"use transpiler.hessian({name}) for all second derivatives with respect to `{parameter}`, "
                     f"or transpiler.hvp({name}, x, v) for one Hessian-vector product")
        offset = len(gradient.bound)
        results = []
        for j in (k + offset for k in self.wrt):
            x = args[j]
            along = _gradient_jvp(gradient.original, args, inner, j)
            parts = [[] for _ in leaves(x)]
            for leaf, e in basis(x):
                parts[leaf].append(along(e))
            results.append(rebuild(x, [_block(p, 0, np.shape(part)) for p, part in zip(parts, leaves(x))]))
        return tuple(results) if self.tuple_output else results[0]
