"""The derivative-rule registry: Python callable -> :class:`Primitive`.

A primitive knows how to print its primal call and how to differentiate it. Rules are written as
small Python functions whose *return expression* is a template: the transform parses it once and
inlines it into the generated code with the call's own argument names substituted, so the output
reads ``d_x = d_y * np.cos(x)``, not a call into this table.

Two kinds of rule:

* :func:`elementwise` declares only the partial derivatives ∂y/∂arg (one expression per argument,
  a parameter named ``y`` stands for the output). Both the VJP (``d_arg += d_y * ∂``, summed back
  to the argument's shape where it was broadcast) and the JVP (``t_y = Σ ∂ * t_arg``) come from
  that one declaration, so forward and reverse mode cannot drift apart, and sympy can check it.
* :func:`nondifferentiable` marks primitives whose output carries no derivative (comparisons,
  ``int``, ``len``): their outputs are never active.
* :func:`vjp_rule` declares structural primitives (reductions, shapes, linear algebra) by a VJP
  template, and with it their forward mode: linear ones say so, the others give a JVP template.

The model (:class:`Primitive`, :class:`CallSite`, :class:`Spelling`) is in model.py, the
templates in templates.py; the family modules import all they need from here.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import sys
from typing import Any, Callable, NamedTuple

import numpy as np

from ..ir.code import canonical_path, dotted  # noqa: F401  (dotted: used by the family modules)
from .float_adjoints import as_float  # noqa: F401
from .model import NOT_CONSTANT, ON_OBJECT_ARRAYS, CallSite, Primitive, Spelling, needs_unbroadcast, unbroadcast  # noqa: F401
from .templates import Template, is_none, parameter_names, substitute  # noqa: F401


REGISTRY: dict[Any, Primitive] = {}

# How many times custom rules were (re-)registered: a derivative compiled before a change may
# have inlined a function that now has a rule, or call the rule replaced (dependencies.py).
RULES_CHANGED = [0]


def _register(keys, primitive_for_key: Callable[[Any], Primitive]) -> None:
    for key in keys:
        if key in REGISTRY and REGISTRY[key].family == "custom":
            continue      # an optional library's rules, loaded after the user registered one: theirs wins
        if key in REGISTRY:
            raise ValueError(f"duplicate rule for {key!r}")
        REGISTRY[key] = primitive_for_key(key)


def spelling_of(key) -> Spelling:
    """Operators print as operators; callables as their canonical dotted path."""
    if isinstance(key, type) and issubclass(key, ast.operator):
        return Spelling(binop=key)
    if isinstance(key, type) and issubclass(key, ast.unaryop):
        return Spelling(unaryop=key)
    if isinstance(key, type) and issubclass(key, ast.cmpop):
        return Spelling(compare=key)
    return Spelling(path=canonical_path(key))


def elementwise(*keys, family: str, sympy: Callable | None = None, specialized: Any = None,
                on_numbers: Any = None, views: Any = False, aliases: dict | None = None,
                spelling: Spelling | None = None, cost: str | None = None, inner_singularity: bool = False,
                finite_partials: bool = False):
    """Declare a primitive by its partial derivatives (see module docstring), with its sympy
    counterpart ``sympy(sp, *args)``. A partial ``None``: no derivative with respect to that
    argument (an order ``v`` of ``iv(v, x)``; refused where it is active). ``spelling``: for a
    library function whose module path is not its own (SciPy's ufuncs). The other options are
    :class:`Primitive`'s fields, each a value for every key or a ``{key: value}`` dict."""

    def register(function: Callable) -> Callable:
        params = tuple(p for p in parameter_names(function) if p != "y")
        template = Template(function, params)
        ufunc = next(((spelling or spelling_of(k)).path for k in keys if isinstance(k, np.ufunc)), None)
        _register(keys, lambda key: Primitive(
            name=str(spelling or spelling_of(key)), spelling=spelling or spelling_of(key), family=family,
            partials=template, arity=len(params),
            shape_rule="scalar" if _scalar_only(key) else "elementwise", sympy=sympy,
            specialized=_for(specialized, key), on_numbers=_for(on_numbers, key),
            views=bool(_for(views, key)), ufunc=ufunc, aliases=aliases, cost=_for(cost, key),
            inner_singularity=inner_singularity, finite_partials=finite_partials))
        return function

    return register


def _for(option: Any, key) -> Any:
    """A declaration's option for one of its keys: the option itself, or its entry for ``key``
    where it is a dict (``on_numbers={np.maximum: ...}``: ``np.fmax`` differs on NaN)."""
    return option.get(key) if isinstance(option, dict) else option


def _scalar_only(key) -> bool:
    return getattr(key, "__module__", None) == "math" or key in (max, min, float)


def nondifferentiable(*keys, family: str, shape_rule: Any = "elementwise",
                      allocates: bool = False, result_kind: str | None = None,
                      spelling: Spelling | None = None, shape_query: Any = None, reads_shape: Any = (),
                      observes_identity: Any = False) -> None:
    """Primitives whose outputs carry no derivative (they are never active); ``result_kind``:
    their result's dtype where it is fixed ("b1" for booleans). ``shape_query`` and
    ``reads_shape`` are :class:`Primitive`'s fields, each a value for every key or a
    ``{key: value}`` dict."""
    _register(keys, lambda key: Primitive(
        name=str(spelling or spelling_of(key)), spelling=spelling or spelling_of(key), family=family,
        differentiable=False, shape_rule=shape_rule, allocates=allocates, result_kind=result_kind,
        shape_query=_for(shape_query, key), reads_shape=_for(reads_shape, key) or (),
        observes_identity=observes_identity))


def vjp_rule(*keys, family: str, spelling: Spelling | None = None, shape_rule: Any = None,
             outputs: Any = None, linear: str | None = None, jvp: Callable | None = None,
             method: Any = None, allocates: bool = False, views: Any = False,
             sympy: Any = None, jvp_builder: Callable | None = None,
             refuses: Callable | None = None, cost: str | None = None, variant: Callable | None = None,
             specialized: Callable | None = None, on_shapes: Callable | None = None, container: Any = None,
             floating_result: bool = False):
    """Declare a primitive by its VJP: parameters ``(d_y, y, *args)``; returns one adjoint
    contribution per argument, ``None`` for an argument that carries no derivative.

    Its forward mode: ``linear="joint"`` (linear in its differentiable arguments together: the
    tangent is the same call on the tangents), ``"multi"`` (linear in each separately, ``a @ b``),
    or a ``jvp`` rule: parameters ``(t, y, *args)``, returning the output tangent's term for each
    argument (linear in ``t``, that argument's tangent), or a ``jvp_builder`` (site, tangents) ->
    the output's tangent, for a tuple-valued primitive of several arguments (whose per-argument
    terms could not be added). ``method``: the ndarray method computing
    the same (a value for every key, or a ``{key: method}`` dict). ``specialized``: a simpler
    VJP for known shapes, ``on_shapes``: a faster primal for them, ``container``: the container
    its result is (a value for every key, or a ``{key: container}`` dict), ``floating_result``
    (Primitive's fields)."""

    def register(function: Callable) -> Callable:
        params = parameter_names(function)
        template = Template(function, params)
        tangent = None if jvp is None else Template(jvp, parameter_names(jvp))
        positional = [p for p in params[2:] if p not in template.defaults]
        _register(keys, lambda key: Primitive(
            name=str(spelling or spelling_of(key)), spelling=spelling or spelling_of(key),
            family=family, vjp_rule=template, arity=len(positional), shape_rule=shape_rule,
            outputs=outputs, linear=linear, jvp_rule=tangent, method=_for(method, key),
            allocates=allocates, views=views, sympy=sympy, jvp_builder=jvp_builder, refuses=refuses,
            cost=cost, variant=variant, specialized=specialized, on_shapes=on_shapes,
            container=_for(container, key), floating_result=floating_result))
        return function

    return register


def shape_by_evaluation(function: Callable) -> Callable:
    """A shape rule that runs ``function`` on zero-strided stand-ins of the arguments: exact,
    and cheap for shape-only operations (transpose, reshape, reductions of broadcast zeros)."""

    def stand_in(shape):          # (a list or tuple of arrays, Pieces: a list of stand-ins)
        return [stand_in(s) for s in shape.shapes] if hasattr(shape, "shapes") \
            else np.broadcast_to(np.zeros(()), shape)

    def rule(shapes, kwargs):
        try:
            return tuple(np.shape(function(*[stand_in(s) for s in shapes], **kwargs)))
        except Exception:  # an argument the stand-ins cannot represent: leave the shape unknown
            return None

    rule.accepts_pieces = True
    return rule


# A library function written as a composition of primitives: a plain Python function the lowering
# inlines in its place (every keyword spelling binds as the library's own signature does, and
# second derivatives come from the composed primitives' rules). Library object -> function.
class Composition(NamedTuple):
    function: Callable
    family: str             # its section of docs/primitives.md


COMPOSED: dict[Any, Composition] = {}


def composed(*keys, family: str):
    """Declare ``keys`` (library functions) as the decorated Python function, which the lowering
    inlines where one of them is called; ``family`` groups it in docs/primitives.md."""

    def register(function: Callable) -> Callable:
        for key in keys:
            if key in COMPOSED or key in REGISTRY:
                raise ValueError(f"duplicate rule for {key!r}")
            COMPOSED[key] = Composition(function, family)
        return function

    return register


# Library functions decided against: object -> (why, what to write instead). The lowering's error
# says both; docs/primitives.md lists them.
REFUSED: dict[Any, tuple[str, str]] = {}


# Of those, the ones that simply run where no differentiated value reaches them (a solver of a
# Python function: frontend/passed_functions.py); refused at the analysis where one does.
RUNS_WHEN_INACTIVE: set = set()


def refused(*keys, reason: str, hint: str, runs_when_inactive: bool = False) -> None:
    for key in keys:
        REFUSED[key] = (reason, hint)
        if runs_when_inactive:
            RUNS_WHEN_INACTIVE.add(key)


# Library functions returning a tuple whose length their (constant) arguments fix, so that
# ``f(*butter(4, 0.2))`` spreads it: function -> (its bound arguments -> the length, or None).
RESULT_LENGTHS: dict[Any, Callable[[dict], int | None]] = {}
NOT_A_CONSTANT = object()       # (an argument the frontend cannot read while lowering)


def result_length_of(*keys, length: Callable[[dict], int | None]) -> None:
    for key in keys:
        RESULT_LENGTHS[key] = length


def result_length(obj, args: list, kwargs: dict) -> int | None:
    """How many elements ``obj(*args, **kwargs)`` returns (a registered library function whose
    arguments that decide it are constants), or None where that is not known while lowering."""
    try:
        length = RESULT_LENGTHS.get(obj)
        bound = inspect.signature(obj).bind(*args, **kwargs) if length is not None else None
    except (TypeError, ValueError):
        return None
    if bound is None:
        return None
    bound.apply_defaults()
    return length(bound.arguments)


def runs_when_inactive(obj) -> bool:
    try:
        return obj in RUNS_WHEN_INACTIVE
    except TypeError:
        return False


def refusal(obj) -> tuple[str, str] | None:
    """Why ``obj`` (a library function) has no rule, where that was decided; else None."""
    try:   # (a custom rule as generated code calls it, checked: custom.py, refused as the rule itself)
        return REFUSED.get(obj) or REFUSED.get(getattr(obj, "__transpiler_original__", None))
    except TypeError:
        return None


# Rules for optional libraries, in modules of their own: each registers the first time a lookup
# misses while its library is imported (by the user's code), so importing transpiler never
# imports SciPy. Library module -> rule module, in the order they load.
OPTIONAL_RULES = {"scipy.special": "scipy_special", "scipy.stats": "scipy_stats", "scipy.linalg": "scipy_linalg",
                  "scipy.signal": "scipy_signal", "scipy.spatial.distance": "scipy_spatial",
                  "scipy.integrate": "scipy_integrate", "scipy.ndimage": "scipy_ndimage",
                  "scipy.optimize": "scipy_optimize", "scipy.sparse": "scipy_sparse", "scipy.fftpack": "scipy_fftpack"}
_optional_loaded: set[str] = set()


def _load_imported_optional_rules() -> bool:
    """Register the rules of every optional library the process has imported; True if any."""
    loaded = False
    for library, module in OPTIONAL_RULES.items():
        if library not in _optional_loaded and library in sys.modules:
            _optional_loaded.add(library)
            importlib.import_module(f"{__package__}.{module}")
            loaded = True
    return loaded


def from_a_library(obj) -> bool:
    """Is ``obj`` a function of NumPy or of an optional library (SciPy), whose functions have
    rules or none: their own source is not ours to inline (``np.triu_indices(3)`` simply runs)."""
    root = (getattr(obj, "__module__", None) or "").split(".")[0]
    return root == "numpy" or root in {m.split(".")[0] for m in OPTIONAL_RULES}


def load_optional_rules() -> None:
    """Register the rules of every optional library that is installed (docs/primitives.md)."""
    for library in OPTIONAL_RULES:
        try:
            importlib.import_module(library)
        except ImportError:
            continue
    _load_imported_optional_rules()


def is_composition(function) -> bool:
    """Is ``function`` one of the Python functions standing for a library function?"""
    return any(c.function is function for c in COMPOSED.values())


def composition(obj) -> Callable | None:
    """The Python function standing for a library function (see :data:`COMPOSED`), or None."""
    found = composition_of(obj)
    return None if found is None else found.function


def composition_of(obj) -> Composition | None:
    """The function standing for a library function and its family, or None."""
    try:
        found = COMPOSED.get(obj)
        if found is None and _load_imported_optional_rules():
            found = COMPOSED.get(obj)
    except TypeError:  # unhashable objects are never library functions
        return None
    return found


def spelled_as(prim: Primitive, *functions) -> bool:
    """Is ``prim`` a call of one of ``functions``: spelled as the primitive declared for it? (A
    variant of that primitive, a complex value's rule or one without its shortcut, is spelled
    the same.) What a pass about particular primitives asks, rather than compare paths."""
    paths = _DECLARED_PATHS.get(functions)
    if paths is None:       # (passes ask this of every statement: the paths are looked up once)
        paths = _DECLARED_PATHS[functions] = frozenset(REGISTRY[f].spelling.path for f in functions)
    return prim.spelling.path in paths


_DECLARED_PATHS: dict[tuple, frozenset] = {}


def spelled_as_which(prim: Primitive, *functions):
    """The first of ``functions`` that ``prim`` is a call of (:func:`spelled_as` of each in
    turn), or None: one lookup for a pass that asks it of every statement."""
    by_path = _FUNCTIONS_BY_PATH.get(functions)
    if by_path is None:
        by_path = _FUNCTIONS_BY_PATH[functions] = {}
        for function in functions:
            by_path.setdefault(REGISTRY[function].spelling.path, function)
    return by_path.get(prim.spelling.path)


_FUNCTIONS_BY_PATH: dict[tuple, dict] = {}


def spelled_in(prim: Primitive, module) -> bool:
    """Is ``prim`` a function of ``module`` (``np``: ``np.exp``, ``np.linalg.solve``; ``math``:
    ``math.exp``), not an operator, a builtin or another library's? (NumPy's elementwise math
    keeps float32 where ``math`` gives Python floats, for one.)"""
    return prim.spelling.path.startswith(_MODULE_PREFIXES[module.__name__])


_MODULE_PREFIXES = {"numpy": "np.", "math": "math."}     # as canonical_path spells their functions


_BY_PATH: dict[str, Primitive] = {}
_BY_PATH_SIZE = [0]      # the registry's size when _BY_PATH was made (rules registered since: made again)


def spelled(path: str) -> Primitive | None:
    """The primitive generated code calls by this dotted path (``"np.linalg.solve"``), if any:
    what a pass reading generated code (not SSA) asks a call's facts of."""
    if _BY_PATH_SIZE[0] != len(REGISTRY):
        _BY_PATH.clear()
        for prim in REGISTRY.values():
            if prim.spelling.path:
                _BY_PATH.setdefault(prim.spelling.path, prim)
        _BY_PATH_SIZE[0] = len(REGISTRY)
    return _BY_PATH.get(path)


def declared_function(prim: Primitive) -> Callable | None:
    """The function ``prim`` was declared (or a rule registered) for, if any: what an error
    message reads the function's own signature from. (A scan: asked only on the way to an error.)"""
    return next((key for key, declared in REGISTRY.items() if declared is prim and callable(key)), None)


def lookup(obj) -> Primitive | None:
    try:
        found = REGISTRY.get(obj)
        if found is None and _load_imported_optional_rules():
            found = REGISTRY.get(obj)
    except TypeError:  # unhashable objects are never primitives
        return None
    if found is None and (getattr(obj, "__module__", None) or "").startswith("transpiler.generated."):
        # a runtime helper as defined inside a generated module: the same helper
        from .runtime import HELPERS
        found = REGISTRY.get(HELPERS.get(getattr(obj, "__name__", None)))
    return found

