"""Every derivative rule in the registry, checked three ways.

* numerically: ``transpiler.grad`` of a one-primitive function against central finite differences,
  at sample points inside the function's domain;
* symbolically: the same gradient against sympy's derivative, and each rule's partial-derivative
  template (``Primitive.partials``) evaluated on sympy symbols against ``sympy.diff``;
* on arrays: the generated reverse-mode code, seeded with an output adjoint, against finite
  differences of ``sum(seed * f(args))`` (a vector-Jacobian product), for broadcast, 0-d,
  scalar-with-array and non-contiguous inputs.

Rules declared by a VJP template rather than by partials (indexing) have no scalar sympy
counterpart; their template is checked against finite differences instead.

``test_every_registered_rule_has_a_check`` fails when a key is added to ``REGISTRY`` without an
entry in the tables below, so a new rule cannot land unchecked. A differentiable elementwise rule
needs one entry, in ``ELEMENTWISE_CASES`` (its sample points): the function checked is generated
from the declaration (the key's call on the rule's parameters, written to a module file, since
the compiler reads source) and the sympy reference is the declared ``Primitive.sympy``.
Non-differentiable keys are exercised by hand-written ``apply_*`` functions (``NONDIFF``).
"""
import ast
import atexit
import dataclasses
import importlib.util
import math
import operator
import pathlib
import shutil
import tempfile
from typing import Callable

import numpy as np
import pytest
import sympy

import transpiler
from transpiler.driver import pipeline
from transpiler.api import shape_of
from transpiler.ad.reverse import GradientSpec
from transpiler.primitives import REGISTRY
from transpiler.primitives.runtime import HELPERS

# Non-differentiable rules: ``first argument * K(arguments)``; the derivative must treat K as a
# constant, i.e. equal K(arguments) for the first argument and 0 for the others.


def apply_ast_FloorDiv(a, b):
    return a * (a // b)


def apply_np_floor_divide(a, b):
    return a * np.floor_divide(a, b)


def apply_ast_Lt(a, b):
    return a * (a < b)


def apply_ast_LtE(a, b):
    return a * (a <= b)


def apply_ast_Gt(a, b):
    return a * (a > b)


def apply_ast_GtE(a, b):
    return a * (a >= b)


def apply_ast_Eq(a, b):
    return a * (a == b)


def apply_ast_NotEq(a, b):
    return a * (a != b)


def apply_ast_Not(a, b):
    return a * (not (a > b))


def apply_np_less(a, b):
    return a * np.less(a, b)


def apply_np_less_equal(a, b):
    return a * np.less_equal(a, b)


def apply_np_greater(a, b):
    return a * np.greater(a, b)


def apply_np_greater_equal(a, b):
    return a * np.greater_equal(a, b)


def apply_np_equal(a, b):
    return a * np.equal(a, b)


def apply_np_not_equal(a, b):
    return a * np.not_equal(a, b)


def apply_np_sign(x):
    return x * np.sign(x)


def apply_np_isnan(x):
    return x * np.isnan(x)


def apply_np_isinf(x):
    return x * np.isinf(x)


def apply_np_isfinite(x):
    return x * np.isfinite(x)


def apply_np_heaviside(x):
    return x * np.heaviside(x, 0.5)


def apply_np_floor(x):
    return x * np.floor(x)


def apply_np_ceil(x):
    return x * np.ceil(x)


def apply_np_round(x):
    return x * np.round(x)


def apply_np_around(x):
    return x * np.around(x)


def apply_np_rint(x):
    return x * np.rint(x)


def apply_np_trunc(x):
    return x * np.trunc(x)


def apply_np_fix(x):
    return x * np.fix(x)


def apply_np_spacing(x):
    return x * np.spacing(x)


def apply_round(x):
    return x * round(x)


def apply_int(x):
    return x * int(x)


def apply_np_int64(x):
    return x * np.int64(x)


def apply_np_int32(x):
    return x * np.int32(x)


def apply_bool(x):
    return x * bool(x)


def apply_math_floor(x):
    return x * math.floor(x)


def apply_math_ceil(x):
    return x * math.ceil(x)


def apply_math_trunc(x):
    return x * math.trunc(x)


def apply_len(x, v):
    return x * len(v * x)


def apply_np_size(x, v):
    return x * np.size(v * x)


def apply_np_ndim(x, v):
    return x * np.ndim(v * x)


def apply_np_shape(x, v):
    return x * np.shape(v * x)[0]


# Rules with a constant argument: the template is instantiated with a literal and simplified.


def square_by_pow(x):
    return x ** 2


def pow_negative_exponent(x):
    return x ** -1.5


def pow_zero_exponent(x):
    return x ** 0


def constant_base_pow(x):
    return 2.0 ** x


def cube_by_builtin_pow(x):
    return pow(x, 3)


def divide_by_negative_constant(x):
    return x / -2.0


def constant_over_x(x):
    return 3.0 / x


def constant_minus_x(x):
    return 1.0 - x


def negated_square(x):
    return -x ** 2


def x_times_itself(x):
    return x * x


def relu(x):
    return np.maximum(x, 0.0)


def scalar_relu(x):
    return max(x, 0.0)


def clip_above(x):
    return np.minimum(x, 1.0)


def mod_constant(x):
    return x % 2.0


def angle_of(x):
    return np.arctan2(1.0, x)


def only_floor(x):
    return np.floor(x)


def only_comparison(a, b):
    return a < b


# --------------------------------------------------------------------------- tables
# Sample points (tuples of arguments of the key's function) inside each function's domain.
REAL = [(0.3,), (-1.2,), (2.5,)]                # also avoids tan's poles and abs's kink
POSITIVE = [(0.4,), (1.7,), (3.2,)]
UNIT = [(0.3,), (-0.6,), (0.85,)]               # inside (-1, 1)
ABOVE_ONE = [(1.3,), (2.2,), (4.0,)]
ABOVE_MINUS_ONE = [(-0.5,), (0.3,), (2.5,)]
PAIRS = [(0.3, 1.1), (-1.2, -0.4), (2.5, 2.0)]  # b != 0; {a} and {b} disjoint: no ties
POSITIVE_BASE = [(0.5, 2.0), (1.7, -1.5), (3.0, 0.7)]
MOD_PAIRS = [(5.3, 1.5), (-2.2, -2.5), (0.7, 3.2)]  # every a / b at least 0.1 from an integer
NON_INTEGER = [(0.3,), (-1.7,), (2.6,)]         # away from integers and half-integers (round)
LEN_POINTS = [(1.5, np.array([1.0, 2.0, 3.0])), (-0.5, np.array([4.0, -1.0]))]
WHERE_POINTS = [(0.7, 0.3, 1.1), (-0.4, -1.2, 2.0), (1.3, 2.5, -0.6)]  # c away from 0
CLIP_POINTS = [(-1.2, -0.5, 1.0), (0.3, -1.5, 2.0), (2.5, 0.1, 0.6)]  # below, inside, above; lo < hi, no ties
EXPONENT_POINTS = [(0.3, 2.5), (-1.2, 1.3), (2.5, 3.7)]  # positive, away from integers: int(b) is floor(b)
INDEX_POINTS = [(np.array([0.3, -1.2, 2.5]), 1), (np.array([0.3, -1.2, 2.5]), -1),
                (np.array([[0.3, -1.2, 2.5], [1.1, -0.4, 2.0]]), (1, 2))]

# --------------------------------------------------------------------------- elementwise rules
# THE table of differentiable elementwise rules: registry key -> sample points (tuples of
# arguments) inside the function's domain. Everything else comes from the declaration: the
# function differentiated is the key's own call on the rule's parameters (written to a module
# file below: the compiler reads source), the sympy reference is the declared ``Primitive.sympy``.
# Adding an elementwise NumPy function = its declaration + one line here.
#
# For two-argument rules every combination of a first-argument value with a second-argument value
# is inside the domain too (no ties for max/min, no integer a / b for mod), because the array tests
# broadcast the first-argument values against the second-argument values.
@dataclasses.dataclass
class Special:
    """An entry whose plain call is not what real code writes: the condition of ``np.where`` is
    a comparison, as in real code (a float condition would flip when a finite difference
    perturbs it across 0; its partial is 0 either way)."""

    points: list
    call: str                # over the rule's parameter names
    sympy: Callable          # the call's sympy counterpart, on the same arguments


ELEMENTWISE_CASES = {
    # arithmetic
    ast.Add: PAIRS, np.add: PAIRS,
    ast.Sub: PAIRS, np.subtract: PAIRS,
    ast.Mult: PAIRS, np.multiply: PAIRS,
    ast.Div: PAIRS, np.divide: PAIRS,
    ast.Pow: POSITIVE_BASE, np.power: POSITIVE_BASE, pow: POSITIVE_BASE, math.pow: POSITIVE_BASE,
    ast.Mod: MOD_PAIRS, np.remainder: MOD_PAIRS,
    ast.USub: REAL, np.negative: REAL,
    ast.UAdd: REAL, np.positive: REAL,
    np.square: REAL,
    np.reciprocal: REAL,
    # elementwise math
    np.exp: REAL, math.exp: REAL,
    np.expm1: REAL, math.expm1: REAL, np.exp2: REAL, math.exp2: REAL, math.erf: REAL, math.erfc: REAL, np.logaddexp: PAIRS, np.logaddexp2: PAIRS,
    np.hypot: PAIRS, math.hypot: PAIRS,
    np.log: POSITIVE, math.log: POSITIVE,
    np.log1p: ABOVE_MINUS_ONE, math.log1p: ABOVE_MINUS_ONE,
    np.log2: POSITIVE, math.log2: POSITIVE,
    np.log10: POSITIVE, math.log10: POSITIVE,
    np.sqrt: POSITIVE, math.sqrt: POSITIVE,
    np.sin: REAL, math.sin: REAL,
    np.cos: REAL, math.cos: REAL,
    np.tan: REAL, math.tan: REAL,
    np.arcsin: UNIT, math.asin: UNIT,
    np.arccos: UNIT, math.acos: UNIT,
    np.arctan: REAL, math.atan: REAL,
    np.arctan2: PAIRS, math.atan2: PAIRS,
    np.sinh: REAL, math.sinh: REAL,
    np.cosh: REAL, math.cosh: REAL,
    np.tanh: REAL, math.tanh: REAL,
    np.arcsinh: REAL, math.asinh: REAL,
    np.arccosh: ABOVE_ONE, math.acosh: ABOVE_ONE,
    np.arctanh: UNIT, math.atanh: UNIT,
    np.deg2rad: REAL, np.radians: REAL, math.radians: REAL,
    np.rad2deg: REAL, np.degrees: REAL, math.degrees: REAL,
    np.absolute: REAL, np.fabs: REAL, abs: REAL, math.fabs: REAL,
    np.sinc: REAL,
    np.cbrt: POSITIVE, math.cbrt: POSITIVE, np.float_power: POSITIVE_BASE,
    np.maximum: PAIRS, np.fmax: PAIRS, max: PAIRS,
    np.minimum: PAIRS, np.fmin: PAIRS, min: PAIRS,
    float: REAL, np.float64: REAL,
    np.where: Special(WHERE_POINTS, call="np.where(condition > 0, a, b)",
                      sympy=lambda c, a, b: sympy.Piecewise((a, c > 0), (b, True))),
    np.clip: CLIP_POINTS,
    np.copysign: PAIRS, math.copysign: PAIRS, np.fmod: MOD_PAIRS, math.fmod: MOD_PAIRS, np.nextafter: PAIRS,
    np.ldexp: Special(EXPONENT_POINTS, call="np.ldexp(x1, np.floor(x2).astype(int))", sympy=lambda a, b: a * 2 ** sympy.floor(b)),
    math.ldexp: Special(EXPONENT_POINTS, call="math.ldexp(x1, math.floor(x2))", sympy=lambda a, b: a * 2 ** sympy.floor(b)),
}


# Sample points of the non-differentiable keys (checked with NONDIFF below).
DOMAINS = {
    # arithmetic and comparisons
    ast.FloorDiv: MOD_PAIRS, np.floor_divide: MOD_PAIRS,
    ast.Lt: PAIRS, ast.LtE: PAIRS, ast.Gt: PAIRS, ast.GtE: PAIRS, ast.Eq: PAIRS, ast.NotEq: PAIRS,
    ast.Not: PAIRS,
    np.less: PAIRS, np.less_equal: PAIRS, np.greater: PAIRS, np.greater_equal: PAIRS,
    np.equal: PAIRS, np.not_equal: PAIRS, np.isnan: REAL, np.isinf: REAL, np.isfinite: REAL,
    # piecewise constant
    np.sign: REAL, np.heaviside: REAL, np.floor: NON_INTEGER, np.ceil: NON_INTEGER, np.round: NON_INTEGER, np.around: NON_INTEGER,
    np.rint: NON_INTEGER, np.trunc: NON_INTEGER, np.fix: NON_INTEGER, round: NON_INTEGER,
    int: NON_INTEGER, np.int64: NON_INTEGER, np.int32: NON_INTEGER, bool: REAL, math.floor: NON_INTEGER, math.ceil: NON_INTEGER,
    math.trunc: NON_INTEGER, len: LEN_POINTS, np.spacing: REAL,
    np.size: LEN_POINTS, np.ndim: LEN_POINTS, np.shape: LEN_POINTS,
}


# Non-differentiable key -> (apply function, the piecewise-constant factor K it multiplies by).
NONDIFF = {
    ast.FloorDiv: (apply_ast_FloorDiv, lambda a, b: a // b),
    np.floor_divide: (apply_np_floor_divide, lambda a, b: np.floor_divide(a, b)),
    ast.Lt: (apply_ast_Lt, lambda a, b: a < b),
    ast.LtE: (apply_ast_LtE, lambda a, b: a <= b),
    ast.Gt: (apply_ast_Gt, lambda a, b: a > b),
    ast.GtE: (apply_ast_GtE, lambda a, b: a >= b),
    ast.Eq: (apply_ast_Eq, lambda a, b: a == b),
    ast.NotEq: (apply_ast_NotEq, lambda a, b: a != b),
    ast.Not: (apply_ast_Not, lambda a, b: not (a > b)),
    np.less: (apply_np_less, np.less),
    np.less_equal: (apply_np_less_equal, np.less_equal),
    np.greater: (apply_np_greater, np.greater),
    np.greater_equal: (apply_np_greater_equal, np.greater_equal),
    np.equal: (apply_np_equal, np.equal),
    np.not_equal: (apply_np_not_equal, np.not_equal),
    np.isnan: (apply_np_isnan, np.isnan),
    np.isinf: (apply_np_isinf, np.isinf),
    np.isfinite: (apply_np_isfinite, np.isfinite),
    np.sign: (apply_np_sign, np.sign),
    np.heaviside: (apply_np_heaviside, lambda x: np.heaviside(x, 0.5)),
    np.floor: (apply_np_floor, np.floor),
    np.ceil: (apply_np_ceil, np.ceil),
    np.round: (apply_np_round, np.round),
    np.around: (apply_np_around, np.around),
    np.rint: (apply_np_rint, np.rint),
    np.trunc: (apply_np_trunc, np.trunc),
    np.fix: (apply_np_fix, np.fix),
    np.spacing: (apply_np_spacing, np.spacing),
    round: (apply_round, round),
    int: (apply_int, int),
    np.int64: (apply_np_int64, np.int64),
    np.int32: (apply_np_int32, np.int32),
    bool: (apply_bool, bool),
    math.floor: (apply_math_floor, math.floor),
    math.ceil: (apply_math_ceil, math.ceil),
    math.trunc: (apply_math_trunc, math.trunc),
    len: (apply_len, lambda x, v: len(v * x)),
    np.size: (apply_np_size, lambda x, v: np.size(v * x)),
    np.ndim: (apply_np_ndim, lambda x, v: np.ndim(v * x)),
    np.shape: (apply_np_shape, lambda x, v: np.shape(v * x)[0]),
}


# --------------------------------------------------------------------------- helpers
def key_id(key) -> str:
    """A readable, unique test id: ``ast.Add``, ``np.sin``, ``math.sin``, ``max``."""
    if isinstance(key, type) and issubclass(key, ast.AST):
        return f"ast.{key.__name__}"
    if getattr(key, "__module__", None) == "_operator":
        return f"operator.{key.__name__}"
    return REGISTRY[key].name


def points_of(key) -> list:
    case = ELEMENTWISE_CASES.get(key)
    if case is None:
        return DOMAINS.get(key, [])
    return case.points if isinstance(case, Special) else case


def sympy_reference(key) -> Callable:
    """The mathematical function of a differentiable key, on sympy expressions: the declared
    counterpart (a floor or a branch left symbolic), or the table's own for a special call."""
    case = ELEMENTWISE_CASES[key]
    if isinstance(case, Special):
        return case.sympy
    return lambda *args: REGISTRY[key].sympy(sympy, *args)


def elementwise_functions(cases) -> dict:
    """Key -> ``def apply_<key>(<the rule's parameters>): return <the key's call>``, written to
    a module file (the compiler reads a function's source; ``exec``'d source has none)."""
    names, lines = {}, ["import math", "", "import numpy as np", ""]
    for key, case in cases.items():
        prim = REGISTRY[key]
        params = list(prim.partials.params)
        call = case.call if isinstance(case, Special) else ast.unparse(
            prim.primal([ast.Name(id=p, ctx=ast.Load()) for p in params]))
        names[key] = "apply_" + "".join(c if c.isalnum() else "_" for c in key_id(key))
        lines += ["", f"def {names[key]}({', '.join(params)}):", f"    return {call}", ""]
    directory = pathlib.Path(tempfile.mkdtemp(prefix="transpiler_rules_"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    path = directory / "elementwise_rules.py"
    path.write_text("\n".join(lines))
    spec = importlib.util.spec_from_file_location("elementwise_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {key: getattr(module, name) for key, name in names.items()}


APPLY = elementwise_functions(ELEMENTWISE_CASES)


# (SciPy's rules, registered once scipy is imported, are checked in tests/primitives/test_scipy_*.py)
DIFFERENTIABLE = [k for k, p in REGISTRY.items() if p.differentiable and not p.family.startswith("scipy.")]
ELEMENTWISE = [k for k in DIFFERENTIABLE if REGISTRY[k].partials is not None]
VJP_RULES = [k for k in DIFFERENTIABLE if REGISTRY[k].partials is None]
# Non-differentiable values (comparisons, floor, int, len...) are checked here; constructors
# (np.zeros...), index builders (slice, range) and runtime helpers are checked by their own tests.
NON_DIFFERENTIABLE = [k for k, p in REGISTRY.items()
                      if not p.differentiable and (p.family in ("arithmetic", "comparison", "piecewise constant")
                                                   or k in (np.shape, np.ndim, np.size))]
ARRAY_KEYS = [k for k in ELEMENTWISE if not REGISTRY[k].scalar_only]

# Registered rules the lowering cannot reach yet: end-to-end checks are expected to fail until
# it can (strict, so the marker must be removed once they pass).
NOT_YET_REACHABLE: dict = {}
TIE_KEYS = [np.maximum, np.fmax, max, np.minimum, np.fmin, min]
COMPARISON_PARTIALS = {np.maximum, np.fmax, max, np.minimum, np.fmin, min}
# Partials that are indicators of a condition (np.where's branch, np.clip's bounds): sympy cannot
# evaluate them on symbols; their ties and bounds are checked in test_reductions.py instead.
INDICATOR_PARTIALS = {np.where, np.clip}


def _marks(key, end_to_end):
    if end_to_end and key in NOT_YET_REACHABLE:
        return [pytest.mark.xfail(reason=NOT_YET_REACHABLE[key], strict=True)]
    return []


def point_cases(selected, end_to_end=True):
    return [pytest.param(key, point, id=f"{key_id(key)}-{point_id(point)}", marks=_marks(key, end_to_end))
            for key in selected for point in points_of(key)]


def point_id(point):
    return ",".join(f"array{np.shape(p)}" if isinstance(p, np.ndarray) else repr(p) for p in point)


def keys(selected, end_to_end=True):
    return [pytest.param(key, id=key_id(key), marks=_marks(key, end_to_end)) for key in selected]


def gradient(fn, point):
    """``transpiler.grad`` with respect to every parameter: always a tuple of gradients."""
    return transpiler.grad(fn, wrt=tuple(range(len(point))))(*point)


def perturbed(args, i, index, delta):
    """``args`` with element ``index`` of argument ``i`` moved by ``delta`` (a fresh copy)."""
    args = list(args)
    x = args[i]
    if isinstance(x, np.ndarray):
        x = x.astype(float)          # also makes a contiguous copy; callers keep their layout
        x[index] += delta
    else:
        x = x + delta
    args[i] = x
    return args


def numeric_gradient(g, args):
    """Central finite differences of scalar ``g`` w.r.t. every element of every argument."""
    grads = []
    for i, x in enumerate(args):
        out = np.zeros(np.shape(x))
        for index in np.ndindex(np.shape(x)):
            h = 1e-6 * max(1.0, abs(float(np.asarray(x)[index])))
            hi = g(*perturbed(args, i, index, h))
            lo = g(*perturbed(args, i, index, -h))
            out[index] = (float(hi) - float(lo)) / (2 * h)
        grads.append(out)
    return grads


def symbols(n):
    if n == 1:
        return (sympy.Symbol("x", real=True),)
    return sympy.symbols("a b c", real=True)[:n]


def zero_floor_derivatives(expr):
    """floor is piecewise constant: its (unevaluated) derivative is 0 wherever it exists."""
    return expr.replace(
        lambda e: isinstance(e, sympy.Derivative) and e.expr.func is sympy.floor,
        lambda e: sympy.S.Zero).doit()


def sympy_derivative(key, index):
    syms = symbols(REGISTRY[key].arity)
    return syms, zero_floor_derivatives(sympy.diff(sympy_reference(key)(*syms), syms[index]))


def vjp(fn, args, seed):
    """(value, gradients) of the generated reverse-mode code of ``fn`` with output adjoint ``seed``.

    ``grad`` insists on a scalar output, and there is no reduction rule yet, so array tests call
    the compiled gradient directly: its trailing parameter is the adjoint of the output.
    """
    spec = GradientSpec(tuple(range(len(args))), tuple_output=True, returns_value=True,
                        arg_shapes=tuple(shape_of(a) for a in args))
    compiled = pipeline.compiled(fn, spec)
    return compiled.function(*args, seed, **compiled.free_values())


def lowered_primitives(fn):
    return [stmt.prim for stmt in pipeline.lowered(fn).body]


# --------------------------------------------------------------------------- coverage of the tables
def test_every_registered_rule_has_a_check():
    # rules declared by a VJP (arrays) are checked in test_array_rules.py
    missing_cases = [key_id(k) for k in ELEMENTWISE if k not in ELEMENTWISE_CASES]
    missing_domain = [key_id(k) for k in NON_DIFFERENTIABLE if k not in DOMAINS]
    missing_nondiff = [key_id(k) for k in NON_DIFFERENTIABLE if k not in NONDIFF]
    assert missing_cases == [], "add sample points to ELEMENTWISE_CASES"
    assert missing_domain == [], "add sample points to DOMAINS"
    assert missing_nondiff == [], "add an apply_* function and its constant factor to NONDIFF"


def test_check_tables_name_only_registered_rules():
    stale = [repr(k) for table in (ELEMENTWISE_CASES, DOMAINS, NONDIFF) for k in table if k not in REGISTRY]
    assert stale == []
    assert not set(ELEMENTWISE_CASES) & set(NONDIFF)
    assert all(REGISTRY[k].partials is not None for k in ELEMENTWISE_CASES)


def test_each_rule_has_a_distinct_test_id():
    # (the rules made for users' recursive functions are named by them: a nested `def power` of a
    # test registered while the suite runs is no rule of the library's)
    ids = [key_id(k) for k, prim in list(REGISTRY.items()) if prim.recursive is None]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("key", keys(ELEMENTWISE + NON_DIFFERENTIABLE))
def test_apply_function_lowers_to_its_rule(key):
    """Guards the tables: the function checked for a key really applies that key's primitive."""
    fn = APPLY[key] if key in APPLY else NONDIFF[key][0]
    if key is ast.UAdd:
        # Lowering drops unary plus (``+x`` is ``x``): the registered UAdd rule is never reached.
        assert lowered_primitives(fn) == []
    else:
        assert REGISTRY[key] in lowered_primitives(fn)


@pytest.mark.parametrize("key", keys(ELEMENTWISE, end_to_end=False))
def test_elementwise_rule_has_one_partial_per_argument(key):
    prim = REGISTRY[key]
    assert len(prim.partials.params) == prim.arity
    assert len(prim.partials.exprs()) == prim.arity


# --------------------------------------------------------------------------- scalar gradients
@pytest.mark.parametrize("key, point", point_cases(ELEMENTWISE))
def test_gradient_matches_finite_differences(key, point):
    fn = APPLY[key]
    got = gradient(fn, point)
    expected = numeric_gradient(fn, point)
    assert len(got) == len(point)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("key, point", point_cases(ELEMENTWISE))
def test_gradient_matches_sympy_derivative(key, point):
    got = gradient(APPLY[key], point)
    for i in range(len(point)):
        syms, derivative = sympy_derivative(key, i)
        exact = float(derivative.subs(dict(zip(syms, map(sympy.Float, point)))).evalf(30))
        np.testing.assert_allclose(got[i], exact, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("key", keys(TIE_KEYS))
def test_max_min_tie_splits_the_derivative_evenly(key):
    assert gradient(APPLY[key], (1.3, 1.3)) == (0.5, 0.5)


@pytest.mark.parametrize("key", keys([np.absolute, abs, math.fabs]))
def test_abs_derivative_at_zero_is_zero(key):
    # np.sign(0) == 0: the symmetric subgradient, like the even split at max/min ties.
    assert gradient(APPLY[key], (0.0,)) == (0.0,)


def test_hypot_derivative_at_the_origin_is_zero():
    # the subgradient 0 (as np.linalg.norm of a zero vector), not 0 / 0 = nan
    with np.errstate(divide="raise", invalid="raise"):
        assert gradient(APPLY[np.hypot], (0.0, 0.0)) == (0.0, 0.0)


# --------------------------------------------------------------------------- constant arguments
CONSTANT_ARGUMENT_CASES = [
    (square_by_pow, -1.5), (square_by_pow, 0.0), (pow_negative_exponent, 2.0),
    (pow_zero_exponent, 1.7), (constant_base_pow, 1.5), (cube_by_builtin_pow, -2.0),
    (divide_by_negative_constant, 1.0), (constant_over_x, 2.0), (constant_minus_x, 1.0),
    (negated_square, 3.0), (x_times_itself, -3.0), (relu, -1.0), (relu, 2.0), (scalar_relu, -1.0),
    (scalar_relu, 2.0), (clip_above, 0.5), (clip_above, 3.0), (mod_constant, 3.3),
    (mod_constant, -0.7), (angle_of, 0.5), (angle_of, -0.5),
]


@pytest.mark.parametrize("fn, x", [pytest.param(f, x, id=f"{f.__name__}({x})")
                                   for f, x in CONSTANT_ARGUMENT_CASES])
def test_rule_with_a_constant_argument_matches_finite_differences(fn, x):
    got = transpiler.grad(fn)(x)
    np.testing.assert_allclose(got, numeric_gradient(fn, [x])[0], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("fn", [relu, scalar_relu])
def test_relu_at_zero_takes_half_the_derivative(fn):
    assert transpiler.grad(fn)(0.0) == 0.5


GLOBAL_EXPONENT = 0.0


def power_with_a_global_exponent(x):
    return np.power(x, GLOBAL_EXPONENT)


def power_with_a_global_exponent_operator(x):
    return x ** GLOBAL_EXPONENT


def summed_power(x):
    return np.sum(np.power(x, GLOBAL_EXPONENT))


def summed_operator(x):
    return np.sum(x ** GLOBAL_EXPONENT)


@pytest.mark.parametrize("fn, x", [
    (power_with_a_global_exponent, 0.0), (power_with_a_global_exponent, np.float64(0.0)),
    (power_with_a_global_exponent_operator, 0.0), (power_with_a_global_exponent_operator, np.float64(0.0)),
    (summed_power, np.zeros(3)), (summed_operator, np.zeros(3))])
def test_derivative_of_x_to_a_zero_exponent_read_at_call_time_is_zero_at_zero(fn, x):
    # regression: b * x ** (b - 1) is 0 * inf = nan at x == 0 (a ZeroDivisionError on Python floats)
    with np.errstate(divide="raise", invalid="raise"):
        got = transpiler.grad(fn)(x)
    assert np.all(np.asarray(got) == 0.0)


def test_numpy_power_of_a_negative_python_float_has_numpy_semantics():
    # np.power(-1.0, 0.5) is nan in NumPy; the derivative must not be Python's complex (-1.0) ** -0.5
    with np.errstate(invalid="ignore"):
        got = transpiler.grad(power_half)(-1.0)
    assert isinstance(got, float) and np.isnan(got)


def power_half(x):
    return np.power(x, 0.5)


def test_derivative_of_x_to_the_zero_at_zero_is_zero():
    # regression: the partial 0 * x ** -1 used to be evaluated (ZeroDivisionError)
    assert transpiler.grad(pow_zero_exponent)(0.0) == 0.0


@pytest.mark.parametrize("key", keys([ast.Pow, np.power, pow]))
def test_derivative_of_power_wrt_exponent_at_zero_base_is_zero(key):
    # regression: the exponent's partial y * log(a) used to be 0 * -inf = nan at a == 0
    with np.errstate(divide="raise", invalid="raise"):
        got = gradient(APPLY[key], (0.0, 2.0))
    assert got == (0.0, 0.0)


# --------------------------------------------------------------------------- partial templates
class _SympyNumpy:
    """Stands in for ``np`` when a rule template is evaluated on sympy symbols: a NumPy function
    with a rule is its declared sympy counterpart; the others a partial may call are below."""

    functions = {"pi": sympy.pi, "e": sympy.E, "sign": sympy.sign, "floor": sympy.floor,
                 # a template's condition on symbols is a Python bool (b == 0 is False)
                 "where": lambda c, x, y: (x if c else y) if isinstance(c, bool) else sympy.Piecewise((x, c), (y, True))}

    def __getattr__(self, name):
        if name in self.functions:
            return self.functions[name]
        prim = REGISTRY.get(getattr(np, name, None))
        if prim is not None and callable(prim.sympy):
            return lambda *args: prim.sympy(sympy, *args)
        raise AttributeError(f"no sympy counterpart for np.{name}: declare one, or add it to _SympyNumpy")


def template_value(key, index, namespace):
    source = ast.unparse(REGISTRY[key].partials.exprs()[index])
    return eval(source, namespace)


# Substitutions that put a symbol inside a domain sympy cannot infer from real=True alone.
_T = sympy.Symbol("t", positive=True)
_SYMBOLIC_DOMAIN = {
    np.arccosh: lambda x: {x: 1 + _T}, math.acosh: lambda x: {x: 1 + _T},
    np.power: lambda a, b: {a: _T}, ast.Pow: lambda a, b: {a: _T}, pow: lambda a, b: {a: _T},
    math.pow: lambda a, b: {a: _T},
    # the quotient branch (|x| >= 1e-3); the Taylor branch near 0: test_numpy_gaps.py
    np.sinc: lambda x: {x: 1 + _T},
    np.cbrt: lambda x: {x: _T}, math.cbrt: lambda x: {x: _T},   # the real cube root, sign(x) |x|^(1/3): its positive side
}


@pytest.mark.parametrize("key", keys([k for k in ELEMENTWISE
                                      if k not in COMPARISON_PARTIALS | INDICATOR_PARTIALS]))
def test_partial_template_equals_symbolic_derivative(key):
    prim = REGISTRY[key]
    syms = symbols(prim.arity)
    output = sympy_reference(key)(*syms)
    namespace = {"np": _SympyNumpy(), "y": output, **dict(zip(prim.partials.params, syms))}
    substitution = _SYMBOLIC_DOMAIN.get(key, lambda *s: {})(*syms)
    for i, arg in enumerate(syms):
        partial = sympy.sympify(template_value(key, i, namespace))
        reference = zero_floor_derivatives(sympy.diff(output, arg))
        difference = (partial - reference).subs(substitution)
        assert sympy.simplify(difference) == 0, (i, partial, reference)


@pytest.mark.parametrize("key", keys(sorted(COMPARISON_PARTIALS, key=key_id)))
def test_max_min_partial_template_is_indicator_with_even_split(key):
    prim = REGISTRY[key]
    picks_first = key in (np.maximum, np.fmax, max)
    for a, b in points_of(key) + [(1.3, 1.3)]:
        namespace = {"np": np, "a": a, "b": b, "y": np.maximum(a, b) if picks_first else np.minimum(a, b)}
        partials = [template_value(key, i, namespace) for i in range(2)]
        if a == b:
            expected = [0.5, 0.5]
        else:
            first = (a > b) if picks_first else (a < b)
            expected = [float(first), float(not first)]
        assert partials == expected


# --------------------------------------------------------------------------- VJP-rule templates
# --------------------------------------------------------------------------- arrays (VJP)
def values(key, i, shape, layout="C"):
    """An array of ``shape`` filled with the key's sample values for argument ``i``.

    ``shape`` None gives a Python float; layout "T" a transposed (non-contiguous) view; "strided"
    every other element of a larger array.
    """
    vals = np.array([p[i] for p in points_of(key)], dtype=float)
    if shape is None:
        return float(vals[0])
    size = int(np.prod(shape))
    if layout == "T":
        out = np.resize(vals, size).reshape(shape[::-1]).T
    elif layout == "strided":
        out = np.resize(vals, 2 * size)[::2].reshape(shape)
    else:
        out = np.resize(vals, size).reshape(shape)
    assert out.shape == tuple(shape)
    if layout != "C":
        assert not out.flags.c_contiguous
    return out


UNARY_SHAPES = [
    pytest.param((3,), "C", id="(3,)"),
    pytest.param((2, 3), "C", id="(2,3)"),
    pytest.param((), "C", id="0-d"),
    pytest.param((2, 3), "T", id="(2,3)-transposed"),
    pytest.param((3,), "strided", id="(3,)-strided"),
]

BINARY_SHAPES = [
    pytest.param(((3,), "C"), ((3,), "C"), id="(3,)+(3,)"),
    pytest.param(((2, 3), "C"), ((3,), "C"), id="(2,3)+(3,)"),
    pytest.param(((3,), "C"), ((2, 3), "C"), id="(3,)+(2,3)"),
    pytest.param(((2, 1), "C"), ((1, 3), "C"), id="(2,1)+(1,3)"),
    pytest.param(((), "C"), ((), "C"), id="0-d+0-d"),
    pytest.param(((), "C"), ((2, 3), "C"), id="0-d+(2,3)"),
    pytest.param((None, "C"), ((3,), "C"), id="float+(3,)"),
    pytest.param(((2, 3), "C"), (None, "C"), id="(2,3)+float"),
    pytest.param(((2, 3), "T"), ((3,), "C"), id="(2,3)-transposed+(3,)"),
    pytest.param(((3,), "strided"), ((2, 3), "T"), id="(3,)-strided+(2,3)-transposed"),
]


def check_vjp(fn, args):
    value = fn(*args)
    seed = np.random.default_rng(0).uniform(0.5, 1.5, np.shape(value))
    got_value, got = vjp(fn, args, seed)
    np.testing.assert_allclose(got_value, value, rtol=1e-15)
    expected = numeric_gradient(lambda *xs: np.sum(seed * fn(*xs)), args)
    for arg, g, e in zip(args, got, expected):
        assert np.shape(g) == np.shape(arg)
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("shape, layout", UNARY_SHAPES)
@pytest.mark.parametrize("key", keys([k for k in ARRAY_KEYS if REGISTRY[k].arity == 1]))
def test_unary_vjp_on_arrays_matches_finite_differences(key, shape, layout):
    check_vjp(APPLY[key], [values(key, 0, shape, layout)])


@pytest.mark.parametrize("first, second", BINARY_SHAPES)
@pytest.mark.parametrize("key", keys([k for k in ARRAY_KEYS if REGISTRY[k].arity == 2]))
def test_binary_vjp_sums_gradient_over_broadcast_axes(key, first, second):
    check_vjp(APPLY[key], [values(key, 0, *first), values(key, 1, *second)])


TERNARY_SHAPES = [
    pytest.param(((3,), "C"), ((3,), "C"), ((3,), "C"), id="(3,)+(3,)+(3,)"),
    pytest.param(((2, 3), "C"), ((3,), "C"), ((2, 1), "C"), id="(2,3)+(3,)+(2,1)"),
    pytest.param(((2, 3), "T"), (None, "C"), (None, "C"), id="(2,3)-transposed+float+float"),
    pytest.param(((), "C"), ((2, 3), "C"), ((3,), "strided"), id="0-d+(2,3)+(3,)-strided"),
    pytest.param(((), "C"), ((), "C"), ((), "C"), id="0-d+0-d+0-d"),
]


@pytest.mark.parametrize("first, second, third", TERNARY_SHAPES)
@pytest.mark.parametrize("key", keys([k for k in ARRAY_KEYS if REGISTRY[k].arity == 3]))
def test_ternary_vjp_sums_gradient_over_broadcast_axes(key, first, second, third):
    check_vjp(APPLY[key], [values(key, 0, *first), values(key, 1, *second), values(key, 2, *third)])


@pytest.mark.parametrize("key", keys([ast.Mult, np.multiply, ast.Add, np.add]))
def test_scalar_broadcast_against_array_gets_the_summed_gradient(key):
    x = np.array([[0.3, -1.2, 2.5], [1.1, -0.4, 2.0]])
    seed = np.ones_like(x)
    _, (d_c, d_x) = vjp(APPLY[key], [1.5, x], seed)
    assert np.shape(d_c) == ()
    expected = np.sum(x) if key in (ast.Mult, np.multiply) else x.size
    np.testing.assert_allclose(d_c, expected, rtol=1e-15)


@pytest.mark.parametrize("key", keys([k for k in TIE_KEYS if k in ARRAY_KEYS]))
def test_max_min_array_ties_split_evenly_elementwise(key):
    a = np.array([1.0, 2.0, 3.0])
    b = np.array([1.0, 0.0, 4.0])
    seed = np.array([2.0, 3.0, 5.0])
    _, (d_a, d_b) = vjp(APPLY[key], [a, b], seed)
    first = [0.5, 1.0, 0.0] if key in (np.maximum, np.fmax) else [0.5, 0.0, 1.0]
    np.testing.assert_array_equal(d_a, seed * first)
    np.testing.assert_array_equal(d_b, seed * (1 - np.array(first)))


# --------------------------------------------------------------------------- non-differentiable
@pytest.mark.parametrize("key, point", point_cases(NON_DIFFERENTIABLE))
def test_piecewise_constant_factor_is_treated_as_constant(key, point):
    fn, factor = NONDIFF[key]
    got = gradient(fn, point)
    expected = [float(factor(*point))] + [np.zeros(np.shape(p)) for p in point[1:]]
    for g, e in zip(got, expected):
        assert np.shape(g) == np.shape(e)
        np.testing.assert_array_equal(g, e)
    for g, e in zip(got, numeric_gradient(fn, point)):
        np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-8)


def test_gradient_through_only_a_piecewise_constant_op_is_zero():
    assert transpiler.grad(only_floor)(2.3) == 0.0
    with pytest.raises(transpiler.errors.OutputTypeError):       # a bool: no derivative at all
        transpiler.grad(only_comparison, wrt=(0, 1))(0.3, 1.1)
