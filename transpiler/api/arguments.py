"""What a transform is asked for: the Python function (a bound method's ``self`` apart), the
arguments bound to its parameters, the parameters to differentiate with respect to (``wrt``), and
the shape of what the function returns for arguments of given shapes."""
from __future__ import annotations

import functools
import inspect
import weakref
from typing import Any, Callable, Sequence, Union

import numpy as np

from .. import backends, ir
from ..analysis.facts import shapes_of
from ..driver import pipeline
from ..errors import NonDifferentiableError, SourceUnavailableError, TranspileError
from ..frontend.function_arguments import is_function_argument
from ..frontend.source import method_of, unwrap
from ..frontend.values import is_user_class, is_user_object
from ..trees import is_container, map_like
from ..opt.specialize import specialize
from .library_functions import library_function
from .outputs import refuse_integer_result, result_without_derivative
from .partials import with_keywords_as_defaults
from .shared_arguments import refuse_shared_arguments

Wrt = Union[int, str, Sequence[Union[int, str]]]


class _FirstParameter(int):
    """``wrt``'s default, the first parameter: a 0 told apart from a ``wrt=0`` the caller wrote,
    so that ``wrt=0, argnums=1`` is refused rather than read as ``argnums=1`` alone."""

    def __repr__(self) -> str:
        return "0"

    # (a copy or an unpickled one is the default still: recognised by its class, and the same object)
    def __reduce__(self) -> str:
        return "FIRST_PARAMETER"

    def __copy__(self) -> _FirstParameter:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _FirstParameter:
        return self


FIRST_PARAMETER: Wrt = _FirstParameter(0)     # (the transforms' default wrt; prints as 0)


class Derivative:
    """A derivative made by transpiler (a gradient, a second derivative): a callable the transforms
    do not read as source, since it has none of the user's."""

    __transpiler_order__ = 1     # (2 for a second derivative, with ``__transpiler_spelling__``
    #                              ``grad(grad(f))``; hessian's function is marked so too)


# What to write for a third derivative (refused wherever one is asked for)
THIRD_DERIVATIVES = ("for third derivatives use transpiler.grad(transpiler.grad(transpiler.grad(f, i), j), k) "
                     "(i and j numbers), or take central differences of a second derivative, which transpiler "
                     "gives exactly: (transpiler.hessian(f)(x + h * e) - transpiler.hessian(f)(x - h * e)) / (2 * h), "
                     "or of transpiler.hvp(f, x, v)")


_SIGNATURES: "weakref.WeakKeyDictionary[Callable[..., Any], tuple[tuple[Any, ...], inspect.Signature]]" = \
    weakref.WeakKeyDictionary()


def signature_of(f: Callable[..., Any]) -> inspect.Signature:
    """``inspect.signature(f)``, kept per function while what it is made of stays the same (its
    code, defaults and keyword defaults, which a program may replace): the transforms read it on
    every call, and making it costs more than a small gradient does."""
    made_of = tuple(getattr(f, attribute, None) for attribute in
                    ("__code__", "__defaults__", "__kwdefaults__", "__signature__", "__wrapped__"))
    try:
        kept = _SIGNATURES.get(f)
    except TypeError:                      # not weakly referable (a builtin): not kept
        return inspect.signature(f)
    if kept is not None and all(a is b for a, b in zip(kept[0], made_of)):
        return kept[1]
    signature = inspect.signature(f)
    _SIGNATURES[f] = (made_of, signature)
    return signature


def function_of(f: Callable[..., Any]) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """The Python function to transform, and the values to prepend to every call's arguments: a
    bound method's ``self``, a ``functools.partial``'s positional arguments (its keywords become
    the function's defaults: partials.py)."""
    if isinstance(f, functools.partial):
        original, bound = function_of(f.func)
        return with_keywords_as_defaults(original, f), bound + f.args
    order = getattr(f, "__transpiler_order__", None)        # a Derivative, or hessian's function
    if order == 2:
        raise TranspileError(f"{getattr(f, '__transpiler_spelling__', f)} is a second derivative made by transpiler: differentiating "
                             "it again would be a third derivative, which is not supported", hint=THIRD_DERIVATIVES)
    if order is not None and getattr(f, "returns_value", False):
        raise TranspileError(f"{f.__name__} is a derivative made by transpiler that returns a (value, gradient) "
                             "pair: no transform differentiates it", hint="differentiate the gradient alone: transpiler.jacobian("
                             "transpiler.grad(f)), transpiler.jvp(transpiler.grad(f), primals, tangents), or "
                             "transpiler.hessian(f)")
    if order is not None:
        raise TranspileError(
            f"{f.__name__} is a derivative made by transpiler: only transpiler.jvp, transpiler.grad and "
            "transpiler.jacobian (with respect to the parameter a gradient differentiates) apply to it",
            hint="for second derivatives use transpiler.hessian(f) (hessian(f, (i, j)) for the mixed blocks), "
                 "transpiler.hvp(f, x, v) or "
                 "transpiler.jvp(transpiler.grad(f), primals, tangents); " + THIRD_DERIVATIVES)
    if not inspect.isroutine(f) and is_user_object(f) and inspect.isfunction(getattr(type(f), "__call__", None)):
        return function_of(getattr(f, "__call__"))      # an object called like a function (a model)
    standing_for = library_function(f)     # grad(np.tanh), grad(scipy.special.logsumexp): a def calling it
    if standing_for is not None:
        return standing_for, ()
    original = unwrap(f)
    if not inspect.isfunction(original):
        raise _not_a_python_function(f)
    if inspect.ismethod(f) and (is_user_object(f.__self__) or isinstance(f.__self__, type) and is_user_class(f.__self__)):
        original = method_of(original, f.__self__)     # `self.W`, `self.f(x)`, a classmethod's `cls.f(x)` known
    return original, ((f.__self__,) if inspect.ismethod(f) else ())


def _not_a_python_function(f: Any) -> SourceUnavailableError:
    name, module = getattr(f, "__name__", None), getattr(f, "__module__", None) or ""
    if name and module.split(".")[0] == "numpy":
        path = ".".join(["np", *module.split(".")[1:], name])         # np.sum, np.linalg.norm
        return SourceUnavailableError(
            f"cannot differentiate {path} itself: it has no Python source to transform, and no rule for "
            "fixed positional arguments (as `grad(np.tanh)` has)",
            hint=f"differentiate a `def` that calls it with the arguments you mean, e.g. "
                 f"`def f(a, b): return {path}(..., a, b)`")
    return SourceUnavailableError(f"cannot differentiate {f!r}: it is not a Python function with source",
                                  hint="wrap it in a `def` function, or register a custom rule for it")


# A `*args` parameter takes one argument, the tuple of the values passed; `**kwargs` the dict.
PACKED = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def packs(original: Callable[..., Any]) -> bool:
    """Does ``original`` take ``*args`` or ``**kwargs`` (so its arguments are packed), or
    keyword-only or positional-only parameters: are its arguments bound by its signature rather
    than passed on as they come?"""
    return any(p.kind is not p.POSITIONAL_OR_KEYWORD for p in inspect.signature(original).parameters.values())


def packed(bound: inspect.BoundArguments) -> tuple[Any, ...]:
    """One value per parameter, defaults filled in: a ``*args`` parameter's tuple, a
    ``**kwargs`` parameter's dict (what the generated code takes)."""
    bound.apply_defaults()
    return tuple(bound.arguments.values())


def call_packed(f: Callable[..., Any], args: Sequence[Any], like: Callable[..., Any] | None = None) -> Any:
    """``f`` called with one value per parameter (``packed``) of its signature (or ``like``'s):
    ``*args`` and ``**kwargs`` spread."""
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for param, value in zip(inspect.signature(like or f).parameters.values(), args):
        if param.kind is param.VAR_POSITIONAL:
            positional += list(value)
        elif param.kind is param.VAR_KEYWORD:
            keywords.update(value)
        elif param.kind is param.KEYWORD_ONLY:
            keywords[param.name] = value
        else:
            positional.append(value)
    return f(*positional, **keywords)


def call_on_copies(f: Callable[..., Any], args: Sequence[Any]) -> Any:
    """``call_packed`` on copies of the arrays among ``args`` (also inside lists, tuples and
    dicts): the value at ``args`` as Python computes it, without a write into an argument
    (``b[:, l] = ...`` on a parameter) changing the arrays the derivative's passes read next.
    The compiled code never writes into its arguments, so every pass sees the same point."""
    return call_packed(f, [_arrays_copied(a) for a in args])


def _arrays_copied(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if type(value) is list:
        return [_arrays_copied(v) for v in value]
    if type(value) is dict:
        return {k: _arrays_copied(v) for k, v in value.items()}
    if isinstance(value, tuple):
        items = [_arrays_copied(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    return value


def spread_like(original: Callable[..., Any], indices: Sequence[int], values: Sequence[Any]) -> list[Any]:
    """Per-parameter ``values`` (at parameter ``indices``) back per positional argument: the
    elements of a ``*args`` parameter's value one by one."""
    params = list(inspect.signature(original).parameters.values())
    out: list[Any] = []
    for i, value in zip(indices, values):
        out += list(value) if params[i].kind is params[i].VAR_POSITIONAL else [value]
    return out


def bind_call(original: Callable[..., Any], bound: tuple[Any, ...], args: Sequence[Any],
              kwargs: dict[str, Any] | None = None, numpy_code: bool = True) -> tuple[Any, ...]:
    """The arguments the generated code takes (every parameter, positionally, ``*args`` as one
    tuple): ``bound + args`` with the keywords put in place and the defaults filled in. For NumPy
    code (``numpy_code``), another library's arrays are refused (:func:`refuse_other_arrays`)."""
    signature = signature_of(original)
    if not kwargs and len(bound) + len(args) == len(signature.parameters) and binds_in_order(signature):
        values = (*bound, *args)          # (what bind and apply_defaults give, without their cost)
    else:
        values = packed(signature.bind(*bound, *args, **(kwargs or {})))
    names = list(signature.parameters)
    if numpy_code:
        refuse_other_arrays(original, names, values)
    refuse_shared_arguments(original, values, names=names)
    return values


def binds_in_order(signature: inspect.Signature) -> bool:
    """Every parameter of ``signature`` takes a positional argument as it comes (no ``*args``,
    ``**kwargs`` or keyword-only one): a call giving one positional value each binds them in order."""
    return all(p.kind is p.POSITIONAL_OR_KEYWORD or p.kind is p.POSITIONAL_ONLY for p in signature.parameters.values())


def refuse_other_arrays(original: Callable[..., Any], names: Sequence[str], args: Sequence[Any],
                       backend: str = "numpy") -> None:
    """NumPy code (the numpy and numba backends, and the transforms without ``backend=``) takes
    NumPy arrays: another library's array is an error pointing at the array-API backend, never
    silently converted to NumPy by the NumPy functions the code calls (docs/beyond-numpy.md); an
    np.matrix is refused (its operators are not an array's)."""
    for name, value in zip(names, args):
        if isinstance(value, np.matrix):       # (its `*` is a matrix product: no rule reads it so)
            raise TranspileError(f"`{name}` of {original.__name__} is an np.matrix, whose `*` and `**` are matrix "
                                 "products: the derivative rules are written for arrays",
                                 hint=f"pass np.asarray({name}) and write its products with `@`")
        library = array_library(value)
        if library is not None:
            raise TranspileError(
                f"`{name}` of {original.__name__} is an array of {library} ({type(value).__name__}); "
                f"backend={backend!r} runs NumPy code",
                hint=f"use backend='array_api' with transpiler.grad, value_and_grad or jvp: the same derivative "
                     f"written against the array API, derivatives of {library} arrays for {library} arrays "
                     "(vjp, jacobian, hessian and hvp take NumPy arrays only)")


def refuse_plain_objects(original: Callable[..., Any], names: Sequence[str], args: Sequence[Any],
                         wrt: Sequence[int]) -> None:
    """A differentiated argument that is an object of a plain user class (not a dataclass or
    NamedTuple): its gradient would have no type to be given back as (the class's ``__init__``
    may take anything), so it is refused rather than returned as something else; so is one that
    is None, a string, bytes or a function (it would get a zero gradient)."""
    for i in wrt:
        value = args[i]
        if value is None or isinstance(value, (str, bytes)) or is_function_argument(value):
            raise NonDifferentiableError(
                f"differentiating {original.__name__} with respect to `{names[i]}`, which is "
                f"{'None' if value is None else 'a ' + type(value).__name__}: derivatives are taken with "
                "respect to numbers and arrays (or containers of them)",
                hint="pass the position or name of a numeric parameter as wrt=")
        if is_user_object(value) and not hasattr(value, "__dataclass_fields__") and array_library(value) is None \
                and not isinstance(value, (np.ndarray, np.generic, int, float, complex, list, tuple, dict)):
            raise NonDifferentiableError(
                f"differentiating {original.__name__} with respect to `{names[i]}`, a `{type(value).__name__}` "
                "object (a plain class: its gradient has no type to be returned as)",
                hint=f"make `{type(value).__name__}` a @dataclass or NamedTuple of arrays (the gradient is then one), "
                     "or pass the arrays it holds as parameters")


def bound_arguments(f: Callable[..., Any], args: Sequence[Any]) -> tuple[Callable[..., Any], list[Any], list[str]]:
    """``f``'s own function, ``args`` with its defaults filled in, and its parameter names (a
    bound method's ``self`` apart)."""
    func = library_function(f) or unwrap(f)     # (np.tanh: the def standing for it, whose parameters it takes)
    signature = inspect.signature(f if inspect.ismethod(f) else func)
    return func, list(packed(signature.bind(*args))), list(signature.parameters)


def wrt_or_argnums(wrt: Wrt, argnums: int | Sequence[int] | None, f: Callable[..., Any]) -> Wrt:
    """``wrt``, or JAX's ``argnums`` (positions only) where that is given instead: code ported
    from ``jax.grad(f, argnums=1)`` means what ``transpiler.grad(f, wrt=1)`` does."""
    if argnums is None:
        return wrt
    if not isinstance(wrt, _FirstParameter):
        agree = _how_they_differ(wrt, argnums)
        raise TypeError(f"give wrt= or argnums= (JAX's name for it), not both: wrt={wrt!r}, argnums={argnums!r}"
                        f"{agree}; keep one of them (argnums: positions; wrt: positions or names)")
    items = list(argnums) if isinstance(argnums, (tuple, list)) else [argnums]
    if not all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in items):
        raise TypeError(f"argnums takes parameter positions (ints), as JAX's does; got {argnums!r}: "
                        "name parameters with wrt= (wrt=\"w\" or wrt=(0, \"b\"))")
    _refuse_positions_inside_star_args(f, [int(i) for i in items if isinstance(i, (int, np.integer))])
    return tuple(argnums) if isinstance(argnums, list) else argnums


def _how_they_differ(wrt: Wrt, argnums: int | Sequence[int]) -> str:
    """How ``wrt`` and ``argnums``, both given, differ, for the refusal: in the positions they
    name, or only in form (one position against a tuple of it: one gradient against a tuple of
    one); "" where they agree or ``wrt`` names a parameter (not told)."""
    named, positions = _as_list(wrt), _as_list(argnums)
    if any(isinstance(w, str) for w in named):
        return ""
    if named != positions:
        return ", which name different positions"
    if isinstance(wrt, (tuple, list)) != isinstance(argnums, (tuple, list)):
        return ", which differ in form (one position against a tuple of it)"
    return ""


def _as_list(wrt: Any) -> list[Any]:
    return list(wrt) if isinstance(wrt, (tuple, list)) else [wrt]


def _refuse_positions_inside_star_args(f: Callable[..., Any], positions: Sequence[int]) -> None:
    """JAX's ``argnums`` counts the call's positional arguments; ``wrt`` counts ``f``'s parameters.
    The two part where ``f`` takes ``*args``: ``argnums=0`` of ``def f(*xs)`` is the first item of
    ``xs`` in JAX, the whole tuple as ``wrt=0``. Refused there rather than given another meaning."""
    try:
        parameters = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):        # a derivative object or a builtin: nothing to compare
        return
    star = next((k for k, p in enumerate(parameters) if p.kind is inspect.Parameter.VAR_POSITIONAL), None)
    if star is not None and any(i >= star for i in positions):
        name = parameters[star].name
        raise TypeError(f"argnums={list(positions)} reaches into `*{name}` of {getattr(f, '__name__', 'f')}: JAX's "
                        f"argnums counts the call's arguments, transpiler's wrt the parameters, and the two "
                        f"differ from `*{name}` on; write wrt={name!r} for the gradient of the whole tuple (one "
                        f"item per argument it holds), or give {getattr(f, '__name__', 'f')} named parameters")


def normalize_wrt(wrt: Wrt, param_names: list[str]) -> tuple[tuple[int, ...], bool]:
    """``wrt`` as parameter indices, and whether the caller asked for a tuple of gradients."""
    many = isinstance(wrt, (tuple, list))
    items = list(wrt) if isinstance(wrt, (tuple, list)) else [wrt]
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


def as_tangent(t: Any, primal: Any) -> Any:
    """A tangent as the generated code takes it: a float for a number (complex for a complex one),
    an array of the primal's float or complex dtype shaped like an array, the primal's own
    structure (list, tuple, dict) for a container, None for a string."""
    if is_container(primal):
        try:
            return map_like(as_tangent, t, primal)
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"a tangent needs the structure of its primal: {exc}") from None
    if isinstance(primal, (str, bytes)):   # a record's `name: str` field: no tangent, whatever was passed
        return None
    if is_foreign_array(primal):       # (the array-API backend's: the tangent stays in its library)
        if tuple(getattr(t, "shape", ())) != tuple(primal.shape):
            raise ValueError(f"a tangent of shape {tuple(getattr(t, 'shape', ()))} for a primal of shape "
                             f"{tuple(primal.shape)}: a tangent has its primal's shape")
        return t
    if np.ndim(primal) == 0 and np.ndim(t) == 0 and not isinstance(primal, np.ndarray):
        return complex(t) if np.iscomplexobj(primal) else float(t)
    dtype = np.result_type(primal, 1.0)
    if np.ndim(t) == 0:             # a number for an array: that number in every element
        return np.full(np.shape(primal), t, dtype=dtype)
    if np.shape(t) != np.shape(primal):
        raise ValueError(f"a tangent of shape {np.shape(t)} for a primal of shape {np.shape(primal)}: "
                         "a tangent has its primal's shape")
    return np.asarray(t, dtype=dtype)


def cotangent_for(cotangent: Any, out: Any) -> Any:
    """A pullback's cotangent as the generated code takes it: of ``out``'s structure, each
    array leaf's cotangent of that leaf's shape. A number given for an array leaf stands for that
    number in every element (the generated code would otherwise take it for the adjoint of one
    element); None stands for zeros. A cotangent of another shape is a ValueError (it would
    broadcast into an adjoint of the wrong shape, or fail deep inside the generated code)."""
    if is_container(out):
        return map_like(_leaf_cotangent, _nones_as_leaves(cotangent, out), out)
    return _leaf_cotangent(cotangent, out)


def _nones_as_leaves(cotangent: Any, out: Any) -> Any:
    """``cotangent``, with a None where ``out`` has a container standing for each of its leaves."""
    if cotangent is None and is_container(out):
        return map_like(lambda _, leaf: None, out, out)
    if isinstance(out, dict) and isinstance(cotangent, dict) and set(cotangent) == set(out):
        return {k: _nones_as_leaves(cotangent[k], v) for k, v in out.items()}
    if type(out) in (list, tuple) and type(cotangent) in (list, tuple) and len(cotangent) == len(out):
        return type(cotangent)(_nones_as_leaves(c, o) for c, o in zip(cotangent, out))
    return cotangent


def _leaf_cotangent(cotangent: Any, out: Any) -> Any:
    if out is None:
        return cotangent
    shape = np.shape(out)
    if cotangent is None:
        cotangent = 0.0
    if np.ndim(cotangent) == 0:
        return cotangent if shape == () else np.full(shape, cotangent, dtype=np.result_type(out, cotangent))
    if tuple(np.shape(cotangent)) != tuple(shape):
        raise ValueError(f"a cotangent of shape {tuple(np.shape(cotangent))} for an output of shape "
                         f"{tuple(shape)}: a cotangent has its output's shape (or is a number)")
    return cotangent


def is_foreign_array(value: Any) -> bool:
    """An array of another library than NumPy (CuPy, Dask, torch, array-api-strict)."""
    return (not isinstance(value, (np.ndarray, np.generic)) and hasattr(value, "shape")
            and hasattr(value, "dtype") and not isinstance(value, type))


ARRAY_LIBRARIES = ("cupy", "torch", "dask", "jax", "jaxlib", "array_api_strict", "sparse", "ndonnx")


def array_library(value: Any) -> str | None:
    """The library of an array NumPy's functions should not be handed (CuPy, torch, Dask, JAX,
    array-api-strict: anything with ``__array_namespace__`` that is not a NumPy array), else None."""
    if isinstance(value, (np.ndarray, np.generic)):
        return None
    library = type(value).__module__.partition(".")[0]
    if library in ARRAY_LIBRARIES or hasattr(type(value), "__array_namespace__"):
        return library
    return None


def output_shape(original: Callable[..., Any], shapes: tuple[Any, ...], kinds: tuple[Any, ...],
                 free: tuple[Any, ...] = ()) -> tuple[int, ...] | None:
    """The shape of what ``original`` returns for arguments of these shapes and dtypes (and free
    names of these (name, shape, kind)), or None if the compiler cannot tell (nor for a symbolic
    shape: that of an input it does not know)."""
    with pipeline.collector_paused():     # (the specialisation the compile then reuses)
        return result_shape(specialize(pipeline.lowered(original), shapes, kinds, free), shapes, kinds, free)


def needs_value(original: Callable[..., Any], spec: Any, transform: str) -> bool:
    """The code for ``spec`` (a gradient's, its ``returns_value`` aside) must compute the output's
    value: its shape is not known to be ``()``, or no derivative reaches it (api/outputs.py); an
    output known to be a bool or an integer refused. Asked of the program that code is compiled
    from (driver/pipeline.py ``specialised``), whose specialisation, shapes and activity the
    compile then reuses; of ``original`` lowered and specialised on its own only where that
    program leaves the output's shape unknown (its iteration resolved, ``sorted(items, key=abs)``'s
    list may be of items of unknown shape where the function as written is not)."""
    with pipeline.collector_paused():
        program, taken = pipeline.specialised(original, spec)
        refuse_integer_result(program, taken.arg_kinds, taken.free, original, transform)
        shape = result_shape(program, taken.arg_shapes, taken.arg_kinds, taken.free)
        if shape is None:
            shape = output_shape(original, spec.arg_shapes, spec.arg_kinds, spec.free)
        return shape != () or result_without_derivative(program, taken.wrt, taken.arg_shapes, taken.arg_kinds,
                                                        taken.free)


def result_shape(fn: ir.Function, shapes: tuple[Any, ...], kinds: tuple[Any, ...],
                 free: tuple[Any, ...]) -> tuple[int, ...] | None:
    """:func:`output_shape` of ``fn``, already specialised to arguments of these shapes and kinds
    (as the program a compile works on: driver/pipeline.py ``specialised``)."""
    if not isinstance(fn.result, ir.Var):
        return () if isinstance(fn.result.value, (int, float, bool)) else None
    shape = shapes_of(fn, shapes, kinds, free).get(fn.result)
    return shape if isinstance(shape, tuple) and all(type(n) is int for n in shape) else None


def memory_budget(memory: Any, backend: str = "numpy") -> int | None:
    """``memory=`` checked: None (no limit) or a positive number of bytes, for the NumPy backend."""
    if memory is None:
        return None
    if isinstance(memory, bool) or not isinstance(memory, (int, np.integer)) or memory <= 0:
        raise ValueError(f"memory must be a positive number of bytes (or None: no limit), not {memory!r}")
    if not backends.backend(backend).checkpoints:
        raise ValueError(f"memory= (checkpointed loops) is supported by the numpy backend, not {backend!r}")
    return int(memory)
