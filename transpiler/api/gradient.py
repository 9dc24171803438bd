"""``Gradient``: what ``grad`` and ``value_and_grad`` return. A callable that compiles on the first
call for each family of arguments and keeps a runner per family, doing on each call only the checks
and conversions those arguments need; a gradient of a few numbers takes a generated fast path."""
from __future__ import annotations

import dataclasses
import functools
import inspect
import math
from typing import Any, Callable, Sequence

import numpy as np

from .. import backends, ir
from ..ad.forward import TangentSpec
from ..analysis.facts import result_length
from ..ad.reverse import GradientSpec
from ..frontend.parameter_classes import classes_of
from ..driver import pipeline
from ..errors import NonDifferentiableError, OutputShapeError, RunTimeRefusal, TranspileError
from ..rewrites import switched_off as rewrites_switched_off
from ..trees import is_container
from .fast_path import (FLOAT_NUMBERS, NO as _NO, call_key, checked_free_reader, default_values, fast_calls,
                        free_family, free_guard, free_reader, is_complex, narrow_runner, tangent_of_a_number,
                        trailing_defaults, values_fit)
from . import tiers
from .instances import class_guard, guarded
from .located import located
from .flat import containers_of, key_of, taking_apart
from .arguments import (Derivative, Wrt, function_of, memory_budget, needs_value, normalize_wrt, packed,
                        packs, refuse_other_arrays, refuse_plain_objects)
from .strong_zeros import has_nan, number_gradients, value_unless_returned, with_fallback
from .shared_arguments import checking_shared_arguments, writes_parameters
from .written_back import hands_back, handing_back, runner_handing_back
from .outputs import constant_output, of_out, refuse_integer_output, refuse_integer_value
from .numbers import (PYTHON_FLOAT_ERRORS, annotated_shapes, checked_shapes, complex_valued, exact, in_dtype_of,
                      kind_of, narrow_float, numpy_floats, shape_of)
from .rendering import Source, code_html, titled_html
from .results import in_structure_of, own
from .stages import source_after

_ndarray = np.ndarray


class Gradient(Derivative):
    """A callable gradient of ``f``; compiles on the first call for each family of arguments
    (each array's shape and dtype, each other argument's type); a new shape of a family it ran
    runs the code for any shapes first, code specialised to it from its second call (tiers.py)."""

    def __init__(self, f: Callable[..., Any], wrt: Wrt, returns_value: bool, backend: str = "numpy",
                 rewrites: bool | dict[str, bool] = True, has_aux: bool = False, memory: int | None = None):
        self._backend = backends.backend(backend)
        self.memory = memory_budget(memory, backend)   # bytes for the reverse sweep's tapes (None: no limit)
        self.backend = backend
        self.rewrites_off = rewrites_switched_off(rewrites)     # (part of the compiled code's key)
        self.f = f
        self.original, self.bound = function_of(f)    # (a bound method's `self`)
        self._read_signature()
        self.param_names = list(self.signature.parameters)[len(self.bound):]
        self.packs = packs(self.original)          # *args, **kwargs: arguments packed per parameter
        wrt_indices, self.tuple_output = normalize_wrt(wrt, self.param_names)
        self.wrt = tuple(i + len(self.bound) for i in wrt_indices)
        self.returns_value = returns_value
        self.has_aux = has_aux        # f returns (loss, aux): aux is handed back, not differentiated
        self.one_element = False      # f returns (loss,) or [loss]: that container is the value
        self._runners: dict[tuple[Any, ...], Callable[..., Any]] = {}   # call key (fast_path.call_key) -> runner
        self._current: Callable[[], bool] = bool    # are the runners still right? (a helper rebound; bool(): no)
        self.families: dict[tuple[Any, ...], tiers.Family] = {}   # family -> its code for any shapes (tiers.py)
        self._values_seen: dict[str, set[Any]] = {}      # free name -> the values compiled for (fast_path.py)
        functools.update_wrapper(self, self.original)
        self.__name__ = f"{self.original.__name__}_{'value_and_grad' if returns_value else 'grad'}"
        self._choose_fast_call()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._call(args, kwargs)

    def _call(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Any call: bind keywords and defaults, find (or make) the runner for these arguments."""
        if kwargs or self.bound or self.packs or len(args) != len(self.param_names):
            args = self.bind(self.bound + args, kwargs)
        if not self._current():           # compiled when a helper meant something else
            self._recompile()
        run = self._runners.get(call_key(args)) or self._new_runner(args)
        try:
            return run(*args)
        except PYTHON_FLOAT_ERRORS:
            result = self.with_numpy_floats(args)
            if result is _NO:
                raise
            return result
        except RunTimeRefusal as refusal:         # (a rule's, at these values: at the user's call)
            raise located(refusal, self.original) from None

    def with_numpy_floats(self, args: tuple[Any, ...]) -> Any:
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
        run = with_fallback(self.original, self._runner(converted, numpy_float_free_values=True),
                            lambda: self._runner(converted, True, strong_zeros=True), self._derivative_part(),
                            backend=self.backend, value_of=value_unless_returned(self))
        with handing_back(args):       # (into the caller's objects, not the converted copies)
            return run(*converted)

    def _recompile(self) -> None:
        """Drop the runners: the function's code, or a helper it inlined, changed since."""
        self._runners.clear()
        self.families.clear()
        now = inspect.signature(self.original).parameters.values()
        if [(p.name, p.kind) for p in now] != [(p.name, p.kind) for p in self.signature.parameters.values()]:
            raise TranspileError(
                f"the parameters of {self.original.__qualname__} changed since this gradient was made "
                "(its code was replaced)", hint="make the gradient again: transpiler.grad(f)")
        self._current = pipeline.lowered(self.original).dependencies.checker()

    def _runner(self, args: Sequence[Any], numpy_float_free_values: bool = False, strong_zeros: bool = False,
                generated: pipeline.Generated | None = None) -> Callable[..., Any]:
        """A call of the generated code for arguments shaped like ``args`` (``generated``, else
        the code specialised to them), doing only the checks and conversions those shapes need
        (this runs on every call): for a gradient of float numbers, the generated function itself."""
        self._check_array_library(args)
        spec = None
        if generated is None:
            spec = self.spec_for(args)            # (once: it analyses the function's output shape)
            if strong_zeros:
                spec = dataclasses.replace(spec, strong_zeros=True)
            generated = pipeline.compiled(self.original, spec)
            if not (strong_zeros or numpy_float_free_values):
                tiers.remember(self, args, spec)      # (the code for any shapes of this family)
        function, many, value_needed = generated.function, self.tuple_output, generated.returns_value
        free_values = free_reader(generated) if generated.free else generated.free_values
        if numpy_float_free_values:
            free_values = lambda: numpy_floats(generated.free_values())  # noqa: E731
        taken_apart = frozenset(i for i, *_ in spec.containers) if isinstance(spec, GradientSpec) else frozenset()
        if taken_apart:          # (its gradients come out the caller's own, in their dtypes, checked real)
            function = taking_apart(function, spec, args, self.wrt, many, value_needed, generated.fresh,
                                    self._refuse_complex_gradient, free=bool(generated.free))
        if self._backend.first_call is not None:
            self._backend.first_call(function, args, generated.free_values(), self.original.__name__)
        containers = any(is_container(args[i]) and i not in taken_apart for i in self.wrt)
        numbers = all(type(args[i]) is not np.ndarray and shape_of(args[i]) == () for i in self.wrt)
        # numbers' gradients as Python floats (beside float32 values too: a Python float's gradient is float64)
        as_floats = any(isinstance(a, (np.integer, np.bool_)) or type(a) in (int, bool) or narrow_float(a) for a in args)
        narrow = [args[i] for i in self.wrt] if not taken_apart and any(
            narrow_float(args[i]) or complex_valued(args[i]) for i in self.wrt) else None

        if numbers and not (generated.free or value_needed or as_floats or containers or self.returns_value
                            or narrow):
            return function
        seed = (1.0,) if generated.tangent else ()     # forward-mode code: the input's tangent
        fresh = bool(taken_apart) or bool(generated.fresh) and all(generated.fresh)    # the caller's own already
        if not (seed or generated.free or value_needed or containers or numbers or narrow):
            if fresh:
                return function
            if not many:

                def run_one(*args: Any) -> Any:          # the common case of one array gradient, kept lean
                    return own(function(*args), args)
                return run_one
        if narrow and not (seed or generated.free or value_needed or containers or numbers):
            return narrow_runner(function, narrow, self.wrt, many, generated.fresh, self._refuse_complex_gradient)
        if (fresh and value_needed and self.returns_value
                and not (seed or generated.free or containers or numbers or narrow or self.has_aux or self.one_element)):
            constant_value = constant_output(self.original, self.wrt, args)

            def run_value(*args: Any) -> Any:           # value_and_grad's common case, as lean
                value, gradient = function(*args)
                if type(value) not in FLOAT_NUMBERS:
                    refuse_integer_value(value, self.original, self._transform_name(), constant_value)
                    if np.ndim(value) != 0:
                        gradient = self._of_one_element(value, gradient, None)
                return value, gradient
            return run_value

        free_entries = spec.free if spec is not None else ()
        free_key = free_guard(free_entries)
        free_now = free_values() if generated.free else {}
        compiled_for = free_key(free_now) if generated.free else None
        fitting = None            # (the values read and checked in line where they are as compiled for)
        if generated.free and not numpy_float_free_values and all(len(entry) == 3 for entry in free_entries):
            fitting = checked_free_reader(generated, free_now)
        constant = constant_output(self.original, self.wrt, args)     # (for an integer output: outputs.py)

        def run(*args: Any) -> Any:
            if generated.free:
                free = fitting() if fitting is not None else None
                if free is None:
                    free = free_values()
                    if free_key(free) != compiled_for:   # a global or cell rebound to another type or
                        return self._call_again(args)     # shape, or (one compiled for) value
                return finish(args, function(*args, *seed, **free))
            return finish(args, function(*args, *seed))

        def finish(args: tuple[Any, ...], result: Any) -> Any:     # (the generated code's result handed back)
            if self.has_aux:
                (value, aux), gradient = result
                value = self._loss_of_pair(value, constant)
            elif self.one_element:
                value, gradient = result
                self._loss_of_pair(value[0] if len(value) == 1 else value)
            elif value_needed:
                value, gradient = result
                if type(value) not in FLOAT_NUMBERS:          # (the common case: no check costs)
                    refuse_integer_value(value, self.original, self._transform_name(), constant)
                if type(value) not in FLOAT_NUMBERS and np.ndim(value) != 0:
                    gradient = self._of_one_element(value, gradient, args[self.wrt[0]] if generated.tangent else None)
            else:
                gradient = result
            if many and not (containers or taken_apart):
                self._refuse_complex_gradient_of_real(gradient, args, many)
            elif not (many or containers or taken_apart or type(gradient) is float) and is_complex(gradient):
                self._refuse_complex_gradient_of_real(gradient, args, many)     # (one gradient: checked in line)
            if containers:
                gradient = in_structure_of(gradient, [args[i] for i in self.wrt], many)
            elif numbers:
                if as_floats:
                    gradient = tuple(map(float, gradient)) if many else float(gradient)
            elif fresh:
                pass
            elif many:
                gradient = tuple([own(g, args) for g in gradient])
            else:
                gradient = own(gradient, args)
            if narrow:
                gradient = tuple(map(in_dtype_of, gradient, narrow)) if many else in_dtype_of(gradient, narrow[0])
            if self.has_aux:
                return ((value, aux), gradient) if self.returns_value else (gradient, aux)
            return (value, gradient) if self.returns_value else gradient

        if seed and numbers and not (generated.free or as_floats or narrow or containers):
            return tangent_of_a_number(function, self.returns_value, finish)
        return run

    def _refuse_complex_gradient_of_real(self, gradient: Any, args: Sequence[Any], many: bool) -> None:
        """A complex gradient of a real argument means a complex value the compiler did not know
        of (read from an object's attribute) met rules written for real values: an error, never
        a wrong number (docs/syntax.md, 'Complex numbers')."""
        for g, i in zip(gradient if many else (gradient,), self.wrt):
            if type(g) is not float and is_complex(g) and not is_complex(args[i]):
                self._refuse_complex_gradient(i)

    def _refuse_complex_gradient(self, i: int) -> None:
        """The error of a complex gradient of the real argument at position ``i``."""
        raise NonDifferentiableError(
            f"the gradient of {self.original.__name__} with respect to the real `{list(self.signature.parameters)[i]}` "
            "came out complex: the function returns a complex value (a gradient is of a real-valued "
            "function), or a complex value the compiler could not know of met rules for real values",
            hint="return a real number (np.real(...), np.abs(...) ** 2); pass complex values as arguments "
                 "or globals of their own (docs/syntax.md, 'Complex numbers')")

    def _check_array_library(self, args: Sequence[Any]) -> None:
        """The NumPy (and numba) code is for NumPy arrays: another library's arrays are refused
        with a pointer to the array-API backend, never silently converted (docs/beyond-numpy.md);
        an object of a plain class differentiated is refused (arguments.py)."""
        if not self._backend.any_arrays:
            refuse_other_arrays(self.original, self.param_names, args[len(self.bound):], self.backend)
        refuse_plain_objects(self.original, list(inspect.signature(self.original).parameters), args, self.wrt)

    def _new_runner(self, args: tuple[Any, ...], tier: bool = True) -> Callable[..., Any]:
        """The runner for arguments like ``args`` (every argument, bound), made and kept; for a
        new shape of a family compiled before, the code for any shapes until the shape recurs
        (``tier``: api/tiers.py)."""
        generic = tiers.generic_code(self, args) if tier else None
        run = self._runner(args, generated=generic)
        # 0 * inf: zero, not NaN (api/strong_zeros.py)
        run = with_fallback(self.original, run, lambda: self._runner(args, strong_zeros=True), self._derivative_part(),
                            backend=self.backend, numbers=number_gradients(args, self.wrt, self.tuple_output),
                            value_of=value_unless_returned(self))
        if hands_back(self.original, args):            # log.append(v) on a list passed: written_back.py
            run = runner_handing_back(run)
        if writes_parameters(self.original, args):     # f(x, x) would see its own writes: checked per call
            run = checking_shared_arguments(run, self.original)
        if (fits := class_guard(self.original, args)) is not None:     # an object's methods inlined
            run = guarded(run, fits, self._call_again)
        if (fits := values_fit(self.signature, default_values(self.original, self.signature, args, self._values_seen))):
            run = guarded(run, fits, self._call_again)      # (compiled for `steps=500`'s value)
        if generic is not None:
            run = tiers.tiered(run, generic, lambda args: self._new_runner(args, tier=False))
        if not any(isinstance(a, _ndarray) and type(a) is not _ndarray for a in args):
            if len(self._runners) >= pipeline.CACHE_SIZE:
                del self._runners[next(iter(self._runners))]      # the oldest
            self._runners[call_key(args)] = run    # (an array subclass's key has no shape: not cached)
        return run

    def _derivative_part(self) -> Callable[[Any], Any] | None:
        """What finds the derivatives in a call's result (None: the result is them); for a value
        that is NaN, None (its NaN gradient is the function's own, not a zero adjoint's times an
        infinite partial)."""
        if not self.returns_value:
            return (lambda result: result[0]) if self.has_aux else None
        if self.has_aux:
            return lambda result: None if has_nan(result[0][0]) else result[1]
        return lambda result: None if has_nan(result[0]) else result[1]

    def _call_again(self, args: tuple[Any, ...]) -> Any:
        """A call its runner was not compiled for (a free name's type, shape or value): a new runner replaces it."""
        self._runners.pop(call_key(args), None)
        return self._new_runner(args)(*args)

    def _transform_name(self) -> str:
        return "value_and_grad" if self.returns_value else "grad"

    def _loss_of_pair(self, loss: Any, constant: Callable[..., bool] | None = None) -> Any:
        """With ``has_aux``: the loss of ``(loss, aux)``, a number, an integer no derivative reaches
        refused (``constant``) as without aux; also the element of a one-element tuple or list."""
        if constant is not None and type(loss) not in FLOAT_NUMBERS:
            refuse_integer_value(loss, self.original, self._transform_name(), of_out(constant))
        if type(loss) is not float and np.ndim(loss) != 0:
            what = "with its aux" if self.has_aux else "in a tuple or list of one element"
            raise OutputShapeError(f"{self.original.__name__} returned a loss of shape {np.shape(loss)} {what}; "
                                   "grad needs a scalar loss", hint="reduce the loss (e.g. np.sum)")
        return loss

    def _of_one_element(self, value: Any, gradient: Any, number: Any) -> Any:
        """The gradient of an array output of one element (shape (1,), (1, 1), ...) is that
        element's, as autograd has it (the reverse sweep is seeded with ones of its shape);
        forward-mode code (used for one ``number`` argument, else None) gives that element's
        derivative in the output's shape: it becomes a number like the argument. Any other
        array output is an error, never the gradient of its sum."""
        if not (isinstance(value, np.ndarray) and value.size == 1
                or self._backend.any_arrays and math.prod(getattr(value, "shape", (0,))) == 1):
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
        """The generated function calls with arguments like ``args`` run (``.source``: its text,
        the very text that was compiled), generated for :meth:`spec_for` ``(args)``, or the code
        for any shapes where the next such call runs that (api/tiers.py)."""
        generic = tiers.next_generic(self, args, self._runners.get(call_key(tuple(args))))
        return generic or pipeline.compiled(self.original, self.spec_for(args))

    def spec_for(self, args: Sequence[Any]) -> GradientSpec | TangentSpec:
        """What calls with arguments like ``args`` compile: code specialised to their shapes and
        dtypes. ``grad`` skips the work only the value needs when the output is known to be a
        scalar; otherwise the value is returned too, so a non-scalar output is an error, never a
        silent gradient of its sum."""
        self._check_scalar_output()
        shapes, kinds = tuple(shape_of(a) for a in args), tuple(kind_of(a) for a in args)
        free = self.free_family() + default_values(self.original, self.signature, args, self._values_seen)
        classes = classes_of(args)
        spec = GradientSpec(self.wrt, self.tuple_output, returns_value=True, arg_shapes=shapes,
                            arg_kinds=kinds, unit_seed=True, backend=self.backend, specialize=True,
                            rewrites_off=self.rewrites_off, free=free, aux=self.has_aux,
                            one_element=self.one_element, containers=self._containers(args), memory=self.memory,
                            arg_classes=classes)
        if self.has_aux or self.one_element:
            return spec
        if self._forward_candidate(args):     # (refused as the tangent's compile would find it)
            refuse_integer_output(self.original, shapes, kinds, free, self._transform_name(), classes)
            tangent = self._tangent_spec(args, shapes, kinds, free)
            if tangent is not None:
                return tangent
        # (asked for value_and_grad too: a bool or integer output is refused before anything runs)
        value_needed = needs_value(self.original, spec, self._transform_name()) or self.returns_value
        return dataclasses.replace(spec, returns_value=value_needed)

    def _containers(self, args: Sequence[Any]) -> tuple[Any, ...]:
        """The list, tuple, dict and record arguments the code a call runs takes apart (api/flat.py): each
        as (position, structure, its elements' shapes, their kinds). The NumPy backend's only."""
        return containers_of(args, self._backend.records) if self._backend.containers else ()

    def free_family(self) -> tuple[Any, ...]:
        """(name, shape, kind[, value]) of each free name read, as now bound: specialised to and guarded (_runner)."""
        return free_family(self.original, self._values_seen)

    def _tangent_spec(self, args: Sequence[Any], shapes: tuple[Any, ...], kinds: tuple[Any, ...],
                      free: tuple[Any, ...]) -> TangentSpec | None:
        """For the derivative with respect to one number, forward mode is the cheaper sweep:
        one pass carrying a tangent, no tape and no reverse loop. Its code returns ``(value,
        derivative)`` when called with the tangent 1.0 after the arguments. None (use reverse
        mode) for other cases, where forward mode has no rule (compiling it failed), and where a
        custom rule is involved (its VJP is what the user registered). Asked where :meth:`_forward_candidate`."""
        if any(isinstance(s, ir.Assign) and s.prim.family == "custom"
               for s in ir.walk(pipeline.lowered(self.original).body)):
            return None
        spec = TangentSpec(self.wrt, shapes, kinds, specialize=True, rewrites_off=self.rewrites_off,
                           free=free, backend=self.backend, arg_classes=classes_of(args),
                           containers=self._containers(args))
        try:
            pipeline.compiled(self.original, spec)      # (cached: compiled() finds it there)
        except TranspileError:
            return None
        return spec

    def _forward_candidate(self, args: Sequence[Any]) -> bool:
        """With respect to one float (a count passed as an int stays in reverse mode), the backend with forward mode."""
        if not self._backend.forward_mode or self.tuple_output or len(self.wrt) != 1:
            return False
        value = args[self.wrt[0]]
        return isinstance(value, (float, np.floating)) or type(value) is np.ndarray and value.shape == () \
            and value.dtype.kind == "f"

    def _check_scalar_output(self) -> None:
        """A function returning several values is refused; one returning a tuple or list of one
        element (`return loss,`, as DEAP's benchmarks do) has that element differentiated and
        the container returned as its value (``self.one_element``)."""
        self.one_element = False
        if self.has_aux:
            return                # (a pair: the transform checks it is one)
        fn = pipeline.lowered(self.original)
        if result_length(fn) == 1:
            self.one_element = True
            return
        made = [s for s in fn.body if isinstance(s, ir.Assign) and s.target == fn.result]
        if not made:
            return
        last = made[-1]
        if last.prim.display or last.prim.output_count([getattr(a, 'value', None) for a in last.args],
                                                         {k: getattr(v, 'value', None) for k, v in last.kwargs}):
            raise OutputShapeError(
                f"{fn.name} returns a tuple; grad needs a single scalar output", last.location,
                hint="return one value, or use transpiler.jacobian / transpiler.vjp for several outputs")

    def source(self, arg_shapes: Sequence[Any] = (), *, args: Sequence[Any] | None = None,
               print_after: str | None = None, strong_zeros: bool = False) -> str:
        """The generated gradient as a self-contained Python module.

        With ``args`` (example arguments, a tuple): exactly the text the next call with those
        arguments runs (``compiled(args).source``), specialised to their shapes and dtypes: the
        seed fixed at 1.0, in-place operations, ``del`` statements, forward mode for one number
        (docs/modes.md); at a new shape of a gradient already called at another, the code for
        any shapes its first call there runs (its docstring says so; api/tiers.py). Without: the
        code for any argument shapes (or the ``arg_shapes`` given), taking the output's adjoint
        (``d_out=1.0``), as the command line prints it. ``print_after`` names a stage ("lower",
        "specialize" with ``args``, "ad", each pass): the IR or code after it. ``strong_zeros=True``:
        the code a call runs again where its gradient came out NaN."""
        if args is not None:
            if checked_shapes(arg_shapes):
                raise ValueError("source: give arg_shapes or args, not both")
            args = self.bind(self.bound + tuple(args), {})
            if print_after is None and not strong_zeros:
                return Source(self.compiled(args).source)
            return source_after(self.original, self.spec_for(args), print_after, strong_zeros)
        self._check_scalar_output()
        spec = GradientSpec(self.wrt, self.tuple_output,
                            returns_value=self.returns_value or self.has_aux or self.one_element,
                            arg_shapes=checked_shapes(arg_shapes) or annotated_shapes(self.original),
                            backend=self.backend, rewrites_off=self.rewrites_off, aux=self.has_aux,
                            one_element=self.one_element)
        return source_after(self.original, spec, print_after, strong_zeros)

    def __repr__(self) -> str:
        return f"<{self._title()}>"

    def _title(self) -> str:
        parameters = list(self.signature.parameters)
        what = "value and gradient" if self.returns_value else "gradient"
        return (f"{self.__name__}: {what} of {self.original.__qualname__} with respect to "
                f"{', '.join(parameters[i] for i in self.wrt)}")

    def _repr_html_(self) -> str:
        """In a notebook: what it is, and the generated code for any shapes, highlighted."""
        try:
            body = code_html(self.source())
        except TranspileError as exc:
            body = code_html(f"# no code for any shapes: {exc}", "text")
        return titled_html(self._title(), body)

    def _read_signature(self) -> None:
        """The function's signature and trailing defaults, read again whenever its defaults are
        replaced (``f.__defaults__ = ...``: the next call must use the new ones)."""
        self.signature = inspect.signature(self.original)
        self._defaults = trailing_defaults(self.signature)
        self._defaults_read = (self.original.__defaults__, self.original.__kwdefaults__)
        if "param_names" in self.__dict__:          # (defaults replaced: the fast call fills in others)
            self._choose_fast_call()

    def _choose_fast_call(self) -> None:
        """A gradient of a function (not a bound method, nothing packed) is called through a
        ``__call__`` of its number of parameters (api/fast_path.py), filling in its defaults."""
        if not (self.bound or self.packs):
            self.__class__ = fast_calls(len(self.param_names), Gradient, self._defaults[0])

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """Every argument the generated code takes, positionally: ``args`` (a bound method's
        ``self`` first) with the keywords put in place and the defaults filled in."""
        if not kwargs and not self.packs and len(args) == len(self.param_names) + len(self.bound):
            return args
        read = self._defaults_read
        if self.original.__defaults__ is not read[0] or self.original.__kwdefaults__ is not read[1]:
            self._read_signature()
        first, defaults = self._defaults
        if not kwargs and first is not None and first <= len(args) < first + len(defaults):
            return args + defaults[len(args) - first:]     # (what signature.bind gives, at a tenth of its cost)
        return packed(self.signature.bind(*args, **kwargs))
