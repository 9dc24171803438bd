"""Issue 16's first "Done means", checked over the whole registry (SciPy's rules loaded): every
differentiable primitive has a VJP and a JVP and finite-difference cases at two points or more,
and every elementwise one a sympy counterpart. A primitive added without them fails here.

The points are gathered from the tables the rules are checked with (test_rules' sample points,
the families' ``CASES``, the scipy.special tables) and from :data:`MORE`, this module's own
cases for the primitives those tables check at fewer than two points: each checked here against
central finite differences in reverse mode and in forward mode. Functions of tables keyed by a
function rather than by its primitive credit every primitive their lowering applies."""
import importlib
import importlib.util
from collections import defaultdict

import numpy as np
import pytest

import transpiler
from transpiler.driver import pipeline
from transpiler.ir.nodes import walk
from transpiler.primitives import REGISTRY
from transpiler.primitives.registry import load_optional_rules
from transpiler.primitives.tridiagonal import tridiagonal_solve

scipy = pytest.importorskip("scipy")
import scipy.linalg  # noqa: E402
import scipy.special as sps  # noqa: E402
from scipy.spatial.distance import cdist  # noqa: E402

from transpiler.primitives.scipy_special import expit_slope  # noqa: E402
from transpiler.primitives.scipy_special_parameters import (  # noqa: E402
    gammainc_a_partial, gammainc_a_second_partial, hyp1f1_a_partial, hyp1f1_b_partial, zeta_s_derivative)

load_optional_rules()

# Runtime helpers are copied into generated code, never called by users: they must have both
# rules (hessian and hvp differentiate them), and their numbers are checked through the rules
# that emit them (the Hessian sweeps of tests/primitives/test_linalg_hessians.py and the
# families' second-order tests), not one by one.
RUNTIME_HELPERS = "runtime helpers"

X = np.array([0.3, -1.2, 0.8, 1.7])
M = np.array([[0.4, -0.9, 1.3], [0.7, 0.2, -0.5]])
SQUARE = np.array([[1.3, 0.2, -0.4], [0.1, 0.9, 0.3], [-0.2, 0.5, 1.6]])


def _rng_like(x, seed):
    return np.random.default_rng(seed).normal(size=np.shape(x))


# --------------------------------------------------------------------------- containers
def append_in_a_loop(x):
    out = []
    for v in x:
        out.append(v * v)
    return sum(out) * x[0]


def extend_with_numbers(x):
    out = [x[0]]
    out.extend([x[1] * x[2], x[3]])
    return out[1] * out[2] + sum(out)


def insert_in_the_middle(x):
    out = [x[0], x[1]]
    out.insert(1, x[2] ** 2)
    return out[0] * out[1] - out[2]


def pop_the_last(x):
    out = list(x * 2.0)
    last = out.pop()
    return last * out[0] + sum(out)


def tuple_of_a_product(x):
    t = tuple(x * x)
    return t[0] * t[2] + t[3]


def iterate_over_a_column(m):
    total = 0.0
    for v in m[:, 1]:
        total = total + np.sin(v) * m[0, 2]
    return total


def sorted_pairs_of_rows(x):
    s = sorted([x[1] * x[2], x[0], x[3] - 1.0])
    return s[0] - 2 * s[1] * s[2]


def dict_of_products(x):
    d = {"a": x[0] * x[1], "b": x[2] ** 2}
    return d["a"] * d["b"] + d["b"]


def dict_by_keywords(x):
    d = dict(a=np.sin(x[0]), b=x[1] * x[3])
    return d["a"] + d["a"] * d["b"]


# --------------------------------------------------------------------------- shapes and casts
def full_like_of_an_element(x):
    return np.sum(np.full_like(x, x[1]) * x) + np.sum(np.full_like(x, 2.0) * x ** 2)


def array_split_unevenly(m):
    a, b = np.array_split(m.ravel(), 2)
    return np.sum(a * a) - np.sum(b) * a[0]


def vsplit_and_hsplit(m):
    top, bottom = np.vsplit(m, 2)
    left, right = np.hsplit(m.T, 2)
    return np.sum(top * bottom ** 2) + np.sum(left * right)


def dsplit_a_stack(m):
    a, b = np.dsplit(np.stack([m, m ** 2, 2.0 * m], axis=-1)[:, :, :2], 2)
    return np.sum(a * b)


def atleast_3d_weighted(x):
    return np.sum(np.atleast_3d(x) ** 2 * np.arange(1.0, 5.0).reshape(1, 4, 1))


def complex_parts(x):
    z = x[:2] + 1j * x[2:]
    return np.sum(np.imag(z * z)) + np.sum(np.angle(z) * x[:2]) + np.sum(np.real(np.real_if_close(x + 0j)) ** 2)


def float32_cast_of_a_square(x):
    return float(np.sum(np.float32(x * x)) * 2.0)


def astype_both_spellings(x):
    return np.sum(x.astype(np.float64) * x.astype(float) ** 2)


def astype_a_dtype_known_at_run_time(x, like=np.zeros(2, np.float32), ints=np.zeros(2, np.int64)):
    return np.sum(np.exp(x.astype(like.dtype.type).astype(x.dtype)) + x.astype(ints.dtype) * x)


def running_minimum(x):
    return np.sum(np.minimum.accumulate(x) * np.arange(1.0, 5.0))


def block_of_pieces(m):
    return np.sum(np.block([[m, m ** 2], [2.0 * m, np.sin(m)]]) * np.arange(24.0).reshape(4, 6) / 10)


def bincount_weighted_twice(x):
    counts = np.bincount([0, 2, 2, 1], weights=x * x)
    return np.sum(counts * np.array([1.0, -2.0, 3.0]))


# --------------------------------------------------------------------------- FFTs
def inverse_transforms(m):
    return (np.sum(np.abs(np.fft.ifftn(m)) ** 2) + np.sum(np.real(np.fft.ifft2(m * m)))
            + np.sum(np.fft.ifftshift(m) * np.arange(6.0).reshape(2, 3)))


def real_transforms(m):
    spectrum = np.fft.rfft2(m)
    return (np.sum(np.abs(np.fft.rfftn(m ** 2)) ** 2) + np.sum(np.imag(spectrum) * 0.5)
            + np.sum(np.fft.irfft2(spectrum * spectrum, s=m.shape) * m))


# --------------------------------------------------------------------------- scipy.special
# The partials in a distribution's parameters are differentiable in x only past the orders the
# Hessian needs (a third derivative in a is not declared: a located refusal), so x alone there.
def gamma_regularized_in_a(a, x):
    return gammainc_a_partial(a, x) ** 2


def gamma_regularized_twice_in_a(a, x):
    return gammainc_a_second_partial(a, x) * x


def logistic_slope(x):
    """expit's derivative (its slope helper, written by expit's rule): a primitive of its own."""
    return np.sum(expit_slope(x) * x)


def zeta_in_s(s, q):
    return zeta_s_derivative(s, q, 1) + zeta_s_derivative(s, q, 2) * q


def hyp1f1_in_its_parameters(a, b, x):
    return hyp1f1_a_partial(a, b, x) * hyp1f1_b_partial(a, b, x)


WRT = {gamma_regularized_twice_in_a: (1,), hyp1f1_in_its_parameters: (2,)}


def distances_to_fixed_points(x):
    """cdist's Euclidean metrics: the squared_distances primitive (primitives/scipy_spatial.py)."""
    points = x.reshape(2, 2)
    others = np.array([[0.3, -1.0], [2.0, 0.5], [-0.7, 0.1]])
    return np.sum(cdist(points, others, "sqeuclidean") * 0.5 + cdist(points, others))


def spherical_in_and_kn(x):
    return np.sum(sps.spherical_in(1, x) * sps.spherical_in(2, x, derivative=True)
                  + sps.spherical_kn(1, x) * x + sps.spherical_kn(2, x, True))


def airy_functions(x):
    ai, aip, bi, bip = sps.airy(x)
    return np.sum(ai * bip + aip ** 2 + bi * x)


def lambertw_real_part(x):
    return np.sum(np.real(sps.lambertw(x)) * x)


def box_cox(x):
    return np.sum(sps.boxcox(x, 0.7) ** 2 + sps.boxcox1p(x, -0.4) * x)


def faddeeva(x):
    return np.sum(np.real(sps.wofz(x)) * np.imag(sps.wofz(x + 0.5j)))


def softplus_weighted(x):
    return np.sum(sps.softplus(x) * x)


def inverse_incomplete_functions(p):
    return np.sum(sps.gammaincinv(2.5, p) * sps.betaincinv(2.0, 3.0, p))


def complements_and_their_inverses(p):
    return np.sum(sps.betaincc(2.0, 1.5, p) + sps.gammainccinv(2.5, p) * sps.betainccinv(2.0, 3.0, p)
                  + sps.stdtrit(3.5, p))


def box_cox_inverses_powers_and_zetac(x):
    return np.sum(sps.inv_boxcox(x, 0.3) * sps.inv_boxcox1p(x, 0.2) + sps.powm1(x, x / 2) + sps.zetac(x + 1.5))


def special_matrix_and_square_root(x):
    a = scipy.linalg.toeplitz(x[:3]) * 0.1 + 2.0 * np.eye(3)
    return np.sum(scipy.linalg.sqrtm(a @ a.T) * np.arange(9.0).reshape(3, 3))


def discrete_riccati(a):
    P = scipy.linalg.solve_discrete_are(a, np.array([[0.005], [0.1]]), np.eye(2), np.array([[0.1]]))
    return np.sum(P * np.array([[1.0, 0.3], [0.2, 2.0]]))


POSITIVE = np.array([0.4, 1.3, 2.7])
PROBABILITIES = np.array([0.15, 0.5, 0.8])

def tridiagonal_of_its_diagonals(d):
    return np.sum(tridiagonal_solve(d[:2] * 0.3, d + 4.0, d[1:] * 0.2, d * d))


# function -> argument tuples (each one point); every argument is differentiated
MORE = {
    tridiagonal_of_its_diagonals: [(np.array([0.4, -1.1, 0.7]),), (np.array([1.3, 0.2, -0.5]),)],
    discrete_riccati: [(np.array([[1.0, 0.1], [0.0, 1.0]]),), (np.array([[0.9, 0.2], [-0.1, 1.05]]),)],
    append_in_a_loop: [(X,), (-X[::-1],)],
    extend_with_numbers: [(X,), (X * 0.5 + 1.0,)],
    insert_in_the_middle: [(X,), (X[::-1],)],
    pop_the_last: [(X,), (X ** 2,)],
    tuple_of_a_product: [(X,), (X - 2.0,)],
    iterate_over_a_column: [(M,), (-M,)],
    sorted_pairs_of_rows: [(X,), (np.array([1.1, 0.2, -0.7, 2.4]),)],
    dict_of_products: [(X,), (X + 0.5,)],
    dict_by_keywords: [(X,), (-X,)],
    full_like_of_an_element: [(X,), (X[::-1],)],
    array_split_unevenly: [(M,), (M ** 2,)],
    vsplit_and_hsplit: [(np.vstack([M.T, -M.T[:1]]),), (np.arange(1.0, 9.0).reshape(4, 2) / 3,)],
    dsplit_a_stack: [(M,), (np.sin(M),)],
    atleast_3d_weighted: [(X,), (X * X,)],
    complex_parts: [(X,), (np.array([-0.6, 1.4, 0.9, -2.0]),)],
    astype_both_spellings: [(X,), (X + 1.0,)],
    running_minimum: [(X,), (np.array([1.5, 0.2, 0.9, -0.4]),)],
    block_of_pieces: [(M,), (M[::-1],)],
    bincount_weighted_twice: [(X,), (X + 3.0,)],
    inverse_transforms: [(M,), (np.cos(M),)],
    real_transforms: [(M,), (np.cos(M),)],
    gamma_regularized_in_a: [(1.5, 0.7), (3.0, 2.2)],
    gamma_regularized_twice_in_a: [(1.5, 0.7), (3.0, 2.2)],
    zeta_in_s: [(2.5, 0.8), (3.2, 1.7)],
    logistic_slope: [(np.array([-1.3, 0.0, 1.1]),), (np.array([-30.0, 0.4, 25.0]),)],
    hyp1f1_in_its_parameters: [(0.5, 1.5, 0.6), (1.2, 2.3, -0.8)],
    spherical_in_and_kn: [(POSITIVE,), (POSITIVE + 0.5,)],
    distances_to_fixed_points: [(X,), (X * 0.5 - 1.0,)],
    airy_functions: [(np.array([-1.3, 0.4, 1.1]),), (np.array([-2.5, 0.0, 2.0]),)],
    lambertw_real_part: [(POSITIVE,), (np.array([-0.2, 0.1, 5.0]),)],
    box_cox: [(POSITIVE,), (POSITIVE * 2,)],
    faddeeva: [(np.array([-1.3, 0.4, 1.1]),), (np.array([0.2, 2.5, -0.7]),)],
    softplus_weighted: [(X,), (3 * X,)],
    inverse_incomplete_functions: [(PROBABILITIES,), (PROBABILITIES[::-1] * 0.9,)],
    complements_and_their_inverses: [(PROBABILITIES,), (PROBABILITIES[::-1] * 0.9,)],
    box_cox_inverses_powers_and_zetac: [(POSITIVE,), (POSITIVE * 2,)],
    special_matrix_and_square_root: [(X,), (X[::-1],)],
}
# A cast to float32 rounds: differences over a step much larger than float32's spacing, of a
# function linear in the cast, are exact but for that rounding.
ROUNDED = {float32_cast_of_a_square: [(X,), (X + 1.0,)], astype_a_dtype_known_at_run_time: [(X,), (X / 2,)]}


def central_differences(f, args, wrt, step):
    """The gradient of scalar ``f`` w.r.t. the arguments ``wrt``, element by element."""
    grads = []
    for i in wrt:
        x = np.asarray(args[i], dtype=float)
        grad = np.zeros(x.shape)
        for idx in np.ndindex(x.shape):
            h = step * max(1.0, abs(x[idx]))
            up, down = x.copy(), x.copy()
            up[idx] += h
            down[idx] -= h
            grad[idx] = (f(*args[:i], up[()], *args[i + 1:]) - f(*args[:i], down[()], *args[i + 1:])) / (2 * h)
        grads.append(grad)
    return grads


def check_both_modes(f, args, step=1e-6, rtol=1e-6, atol=1e-8):
    """Reverse mode against central differences, and forward mode along a random direction
    against the same differences (in the arguments ``WRT`` names, or all)."""
    wrt = WRT.get(f, tuple(range(len(args))))
    expected = central_differences(f, list(args), wrt, step)
    got = transpiler.grad(f, wrt=wrt)(*args)
    for g, e in zip(got if isinstance(got, tuple) else (got,), expected):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol)
    directions = tuple(_rng_like(a, 7 + i) if i in wrt else None for i, a in enumerate(args))
    value, tangent = transpiler.jvp(f, args, directions)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)
    expected_tangent = sum(np.sum(e * directions[i]) for e, i in zip(expected, wrt))
    np.testing.assert_allclose(tangent, expected_tangent, rtol=rtol, atol=atol)


def _cases(table):
    return [pytest.param(f, args, id=f"{f.__name__}-{i}") for f, points in table.items() for i, args in enumerate(points)]


@pytest.mark.parametrize("f, args", _cases(MORE))
def test_more_cases_match_finite_differences_in_both_modes(f, args):
    check_both_modes(f, args)


@pytest.mark.parametrize("f, args", _cases(ROUNDED))
def test_float32_casts_match_wide_differences_in_both_modes(f, args):
    check_both_modes(f, args, step=1e-2, rtol=1e-4, atol=1e-5)


# --------------------------------------------------------------------------- the audit
def _lowered_primitives(f):
    return {stmt.prim for stmt in walk(pipeline.lowered(f).body) if getattr(stmt, "prim", None) is not None}


def _module(name):
    return importlib.import_module(name)


def points_by_primitive() -> dict:
    """Primitive -> the distinct (function, point) pairs it is checked at against differences."""
    points = defaultdict(set)

    def credit_key(key, function, point):
        points[REGISTRY[key]].add((getattr(function, "__name__", repr(function)), repr(point)))

    def credit_lowered(function, point):
        for prim in _lowered_primitives(function):
            points[prim].add((function.__name__, repr(point)))

    rules = _module("test_rules")
    for key in rules.ELEMENTWISE_CASES:
        for point in rules.points_of(key):
            credit_key(key, rules.APPLY[key], point)
    for name in _module("test_array_rules").FAMILY_MODULES:
        for key, cases in _module(name).CASES.items():
            for function, args, *_ in cases:
                credit_key(key, function, args)
    for case in _module("test_scipy_special").CASES:
        for point in case.points:
            credit_key(case.key, case.fn, point)
    for key, key_points in _module("test_scipy_special_functions").POINTS.items():
        for point in key_points:
            credit_key(key, key, point)
    for function, *point in _module("test_scipy_special_bessel_airy").CASES + _module("test_scipy_special_polynomials").CASES:
        credit_lowered(function, tuple(point))
    for function, _, function_points in _module("test_scipy_special_more").SYMPY:
        for point in function_points:
            credit_lowered(function, point)
    for table in (MORE, ROUNDED):
        for function, function_points in table.items():
            for point in function_points:
                credit_lowered(function, point)
    return points


# (the rules users register, family "custom", are theirs to check: a test module may leave one, as
# tests/peers does with `cube_with_a_wrong_rule`, before this one runs)
DIFFERENTIABLE = [p for p in REGISTRY.values() if p.differentiable and p.family != "custom"]


def test_every_differentiable_primitive_has_a_vjp_and_a_jvp():
    no_vjp = [p.name for p in DIFFERENTIABLE if p.partials is None and p.vjp_rule is None and p.vjp_builder is None]
    no_jvp = [p.name for p in DIFFERENTIABLE if not p.has_jvp()]
    assert (no_vjp, no_jvp) == ([], [])


def test_every_elementwise_primitive_has_a_sympy_counterpart():
    assert [p.name for p in DIFFERENTIABLE if p.partials is not None and not callable(p.sympy)] == []


def test_every_differentiable_primitive_is_checked_at_two_points_or_more():
    points = points_by_primitive()
    few = {p.name: len(points.get(p, ())) for p in DIFFERENTIABLE
           if p.family != RUNTIME_HELPERS and len(points.get(p, ())) < 2}
    assert few == {}, "add cases to MORE (or to the primitive's family table)"


def test_there_are_at_least_250_such_primitives():
    assert len([p for p in DIFFERENTIABLE if p.family != RUNTIME_HELPERS]) >= 250


def test_the_cases_here_reach_the_primitives_they_are_written_for():
    """MORE's functions really lower to the primitives they stand for (a spelling that lowered
    to something else would credit nothing and leave the gap silently)."""
    names = {p.name for f in [*MORE, *ROUNDED] for p in _lowered_primitives(f)}
    assert {"appended", "extended", "inserted", "removed", "tuple", "iterated", "sorted", "np.full_like",
            "np.array_split", "np.vsplit", "np.hsplit", "np.dsplit", "np.atleast_3d", "np.imag", "np.angle",
            "np.real_if_close", "np.float32", "x.astype(dtype)", "gammainc_a_second_partial", "np.minimum.accumulate", "np.block", "np.bincount",
            "np.fft.ifftn", "np.fft.rfftn", "np.fft.ifft2", "np.fft.rfft2", "np.fft.irfft2", "np.fft.ifftshift",
            "gammainc_a_partial", "zeta_s_derivative", "expit_slope", "hyp1f1_b_partial", "airy_bi_prime", "lambertw_branch",
            "scipy.special.wofz", "scipy.linalg.sqrtm"} <= names


# --------------------------------------------------------------------------- SciPy's rules and sympy
# tests/check/test_symbolic.py runs every NumPy and Python elementwise rule through check_symbolic;
# SciPy's register only once it loads, so they are swept here: each rule's declared sympy
# counterpart against transpiler's derivative, in the arguments with a partial (an integer order
# or a shape parameter held constant: 2), at two points where SciPy's function is finite.
SYMPY_PARAMS = ("a", "b", "c", "d")
SYMPY_VALUES = [0.35, 1.7, 0.62, 2.5, -0.45, -1.6, 0.8, 1.3]
SYMPY_POINTS = {          # where the generic points miss the domain
    sps.hyp2f1: [(0.5, 1.2, 2.0, 0.3), (0.5, 1.2, 2.0, -0.6)],
    sps.eval_jacobi: [(3, 0.3, 1.2, 0.35), (2, 0.5, 1.5, -0.6)],
}
# rule name -> why check_symbolic cannot run its counterpart (finite differences check it above)
NO_SYMPY_RUN = {
    "gammainc_a_second_partial": "its counterpart differentiates in a, which check_symbolic holds as a number",
    "hyp1f1_a_partial": "its counterpart differentiates in a, which check_symbolic holds as a number",
    "hyp1f1_b_partial": "its counterpart differentiates in b, which check_symbolic holds as a number",
    "zeta_s_derivative": "sympy cannot differentiate zeta in s at a number",
    "scipy.special.zeta": "sympy cannot differentiate zeta in s at a number",
    "scipy.special.hyp1f1": "sympy cannot differentiate hyper([a], [b], x) in its parameters at numbers",
    "scipy.special.erfcinv": "sympy does not evaluate erfcinv to a number",
    "scipy.special.gammaincinv": "sympy has no numeric inverse of the regularized incomplete gamma function",
    "scipy.special.betaincinv": "sympy has no numeric inverse of the regularized incomplete beta function",
    "scipy.special.gammainccinv": "sympy has no numeric inverse of the regularized incomplete gamma function",
    "scipy.special.betainccinv": "sympy has no numeric inverse of the regularized incomplete beta function",
    "scipy.special.stdtrit": "sympy has no numeric inverse of Student's t distribution function",
    "scipy.special.zetac": "sympy cannot differentiate zeta in s at a number",
    "scipy.special.wofz": "complex-valued: check_symbolic checks real functions",
    "lambertw_branch": "complex-valued: check_symbolic checks real functions",
}
SCIPY_ELEMENTWISE = {p.name: (k, p) for k, p in REGISTRY.items()
                     if p.partials is not None and p.family.startswith("scipy.")}


def _with_a_partial(prim) -> tuple:
    import ast
    return tuple(i for i, e in enumerate(prim.partials.exprs()) if not (isinstance(e, ast.Constant) and e.value is None))


def _scipy_rule_module(key, prim, tmp_path):
    import ast
    params = list(SYMPY_PARAMS[:prim.arity])
    call = ast.unparse(prim.primal([ast.Name(id=p, ctx=ast.Load()) for p in params]))
    imported = "" if call.startswith("scipy.") else f"from {key.__module__} import {key.__name__}\n"
    path = tmp_path / "scipy_rule.py"
    path.write_text(f"import numpy as np\nimport scipy.special\n{imported}\n\ndef f({', '.join(params)}):\n"
                    f"    return {call}\n")
    spec = importlib.util.spec_from_file_location(f"scipy_rule_{abs(hash(prim.name))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def _two_points(f, arity, wrt):
    import itertools
    points = []
    for values in itertools.product(SYMPY_VALUES, repeat=len(wrt)):
        args = [values[wrt.index(i)] if i in wrt else 2 for i in range(arity)]
        with np.errstate(all="ignore"):
            value = f(*args)
        if np.ndim(value) == 0 and np.isrealobj(value) and np.isfinite(value):
            points.append(args)
        if len(points) == 2:
            break
    return points


@pytest.mark.parametrize("name", sorted(set(SCIPY_ELEMENTWISE) - set(NO_SYMPY_RUN)))
def test_every_scipy_elementwise_rule_matches_its_sympy_counterpart(name, tmp_path):
    from transpiler.check.symbolic import check_symbolic

    key, prim = SCIPY_ELEMENTWISE[name]
    f = _scipy_rule_module(key, prim, tmp_path)
    wrt = _with_a_partial(prim)
    points = SYMPY_POINTS.get(key) or _two_points(f, prim.arity, wrt)
    assert len(points) == 2, "give points inside its domain in SYMPY_POINTS"
    for point in points:
        report = check_symbolic(f, *point, wrt=wrt, points=1)
        assert report.ok, str(report)


def test_the_rules_without_a_sympy_run_are_scipy_rules():
    assert set(NO_SYMPY_RUN) <= set(SCIPY_ELEMENTWISE)
