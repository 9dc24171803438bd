"""Calls of the registry's primitives that :mod:`.registry_draws` does not draw — the shape,
FFT, linear-algebra, SciPy (``scipy.special``, ``scipy.stats``, ``scipy.linalg``,
``scipy.signal``) and other array functions — each on operands squashed into a domain where it
is smooth and finite: the ``library`` program class (:mod:`.class_library`) draws from here.

Every library function with a rule (:data:`~transpiler.primitives.REGISTRY` and the
compositions; SciPy's rules loaded first where SciPy is installed, so the list does not depend on
what ran before) is tried with every *form* of :data:`FORMS` — operands of an
:data:`OPERANDS` kind and constant arguments — and a form is kept where NumPy runs it on sample
operands and gives finite floats of moderate size (a complex result is drawn through
``np.real`` and ``np.imag``, a tuple result one float item at a time). The first :data:`PER_FUNCTION` forms kept
are drawn, sorted by spelling, so that a seed's program is the same on every run.

Operand kinds (each the squash of a random expression of the DAG generator):

- elementwise domains on a 2 x 3 matrix: ``real`` (-1.5, 1.5), ``positive`` [0.2, 2.2],
  ``unit`` [-0.8, 0.8], ``prob`` [0.1, 0.9], ``above_two`` [2.2, 4.2];
- ``vec``: a real vector of 3; ``square``: a 3 x 3 matrix with eigenvalues near 1, 2, 3 (real
  and apart, by Gershgorin's discs: eig's and the matrix functions' rules hold); ``spd``: a
  symmetric one (positive definite, eigenvalues apart); ``tall``: a 3 x 2 matrix with singular values near 3 and 1.5.
"""
from __future__ import annotations

import math
import warnings
from functools import lru_cache

import numpy as np

from ...primitives import REGISTRY
from ...primitives.registry import COMPOSED, load_optional_rules
from .registry_draws import elementwise_candidates, reduction_candidates

PER_FUNCTION = 3          # forms drawn per function, at most
BIGGEST = 50.0            # a form whose sample values exceed this in magnitude is not drawn

# kind -> (shape of the random expression, the squash applied to it)
OPERANDS = {
    "real": ((2, 3), "(1.5 * np.tanh({0}))"),
    "positive": ((2, 3), "(1.2 + np.sin({0}))"),
    "unit": ((2, 3), "(0.8 * np.sin({0}))"),
    "prob": ((2, 3), "(0.5 + 0.4 * np.sin({0}))"),
    "above_two": ((2, 3), "(3.2 + np.sin({0}))"),
    "vec": ((3,), "(1.5 * np.tanh({0}))"),
    "square": ((3, 3), "(np.diag([1.0, 2.0, 3.0]) + 0.2 * np.tanh({0}))"),
    "spd": ((3, 3), "(np.diag([1.0, 2.0, 3.0]) + 0.1 * np.tanh({0} + {0}.T))"),
    "tall": ((3, 2), "(np.eye(3, 2) * np.array([3.0, 1.5]) + 0.2 * np.tanh({0}))"),
    # a stable filter's denominator (1, a1, a2): |a1| <= 0.4, |a2| <= 0.3 put both poles inside
    # the unit circle; second-order sections (b0, b1, b2, 1, a1, a2) of such filters, one a row
    "filter_a": ((3,), "(np.array([1.0, 0.0, 0.0]) + np.array([0.0, 0.4, 0.3]) * np.tanh({0}))"),
    "sections": ((2, 3), "np.hstack([np.tanh({0}), np.ones((2, 1)), np.array([0.4, 0.3]) * np.tanh({0}[:, 1:])])"),
}

# (operand kinds, the call with {f} the function and {0}, {1}, ... the operands)
FORMS = (
    (("real",), "{f}({0})"), (("positive",), "{f}({0})"), (("unit",), "{f}({0})"), (("prob",), "{f}({0})"),
    (("above_two",), "{f}({0})"),
    (("real", "real"), "{f}({0}, {1})"), (("positive", "positive"), "{f}({0}, {1})"),
    (("real", "positive"), "{f}({0}, {1})"), (("prob", "positive"), "{f}({0}, {1})"),
    (("positive", "prob"), "{f}({0}, {1})"), (("above_two", "positive"), "{f}({0}, {1})"),
    (("real", "real", "positive"), "{f}({0}, {1}, {2})"), (("prob", "positive", "positive"), "{f}({0}, {1}, {2})"),
    (("real", "above_two", "real", "positive"), "{f}({0}, {1}, {2}, {3})"),
    (("real",), "{f}({0}, 1)"), (("real",), "{f}({0}, axis=0)"), (("real",), "{f}({0}, axis=1)"),
    (("real",), "{f}({0}, 2, axis=1)"), (("real",), "{f}({0}, (3, 2))"), (("real",), "{f}({0}, 0, 1)"),
    (("real",), "{f}({0}, 1, 0)"), (("real",), "{f}({0}, 2)"),
    (("real", "real"), "{f}(({0}, {1}))"), (("real", "real"), "{f}([{0}, {1}], axis=1)"),
    (("vec",), "{f}({0})"), (("vec", "vec"), "{f}({0}, {1})"), (("vec",), "{f}({0}, 2)"),
    (("square",), "{f}({0})"), (("spd",), "{f}({0})"), (("tall",), "{f}({0})"),
    (("square", "vec"), "{f}({0}, {1})"), (("spd", "vec"), "{f}({0}, {1})"), (("tall", "vec"), "{f}({0}, {1})"),
    (("square", "square"), "{f}({0}, {1})"), (("spd", "tall"), "{f}({0}, {1})"),
    (("square",), "{f}({0}, 2)"), (("square",), "{f}({0}, 'fro')"),
    (("square", "square", "square"), "{f}({0}, {1}, {2})"),
    # (last, so that no function drawn before draws differently: scipy.linalg.cho_solve's (c, lower)
    # tuple, a square matrix's lower triangle the Cholesky factor)
    (("square", "vec"), "{f}(({0}, True), {1})"),
)

# The forms of a function drawn on these alone, not FORMS (operands no other function is drawn
# on): a stable filter's coefficients, lfilter(b, a, x) and sosfilt(sos, x) along x's last axis or
# its first; the distances' weights (mahalanobis's inverse covariance, seuclidean's variances) and
# minkowski's p; orthogonal_procrustes of full-rank A.T @ B (two 2 x 3 operands make a 3 x 3 one
# of rank 2, whose rotation is not unique: its jvp and gradient took different ones, seed 600060).
FORMS_OF = {
    "scipy.signal.lfilter": ((("vec", "filter_a", "real"), "{f}({0}, {1}, {2})"),
                             (("vec", "filter_a", "real"), "{f}({0}, {1}, {2}, axis=0)")),
    "scipy.signal.sosfilt": ((("sections", "real"), "{f}({0}, {1})"), (("sections", "real"), "{f}({0}, {1}, axis=0)")),
    "scipy.spatial.distance.mahalanobis": ((("vec", "vec", "spd"), "{f}({0}, {1}, {2})"),),
    "scipy.spatial.distance.seuclidean": ((("vec", "vec", "spd"), "{f}({0}, {1}, np.diag({2}))"),),
    "scipy.spatial.distance.minkowski": ((("vec", "vec"), "{f}({0}, {1}, 3)"), (("vec", "vec"), "{f}({0}, {1}, 1.5)"),
                                         (("vec", "vec"), "{f}({0}, {1})")),
    "scipy.linalg.orthogonal_procrustes": ((("tall", "tall"), "{f}({0}, {1})"), (("square", "square"), "{f}({0}, {1})")),
    # (a 2-D c is a batch of matrices to SciPy 1.17, refused: the first column (and row) a vector)
    "scipy.linalg.solve_toeplitz": ((("vec", "vec"), "{f}({0}, {1})"), (("vec", "vec", "vec"), "{f}(({0}, {1}), {2})"),
                                    (("vec", "tall"), "{f}({0}, {1})")),
    "scipy.linalg.solve_circulant": ((("vec", "vec"), "{f}({0}, {1})"), (("vec", "tall"), "{f}({0}, {1})")),
    # (companion matrices: a 2-D argument is a batch to SciPy 1.17, refused, and a zero leading
    # coefficient SciPy's ValueError: the coefficients a vector, the leading one positive)
    "scipy.linalg.companion": ((("positive", "real"), "{f}(np.concatenate([{0}[0], {1}[1]]))"),),
    "scipy.linalg.fiedler_companion": ((("positive", "real"), "{f}(np.concatenate([{0}[0], {1}[1]]))"),),
}

# Functions that read one triangle of a symmetric matrix (docs/syntax.md: their derivative takes
# the symmetric part of a perturbation): drawn on ``spd`` matrices only.
SYMMETRIC_INPUT = frozenset({
    "np.linalg.cholesky", "np.linalg.eigh", "np.linalg.eigvalsh", "scipy.linalg.cholesky",
    "scipy.linalg.cho_factor", "scipy.linalg.eigh", "scipy.linalg.eigvalsh", "scipy.linalg.pinvh"})
MATRICES = frozenset({"square", "tall"})

# Not drawn, and why: casts whose rounding finite differences cannot see through, and a function
# whose value the composition does not follow on every input NumPy/SciPy accepts.
EXCLUDED = {
    "np.float32": "rounds to float32: finite differences of it are noise", "np.float16": "as np.float32",
    "np.half": "as np.float32", "np.single": "as np.float32",
    "scipy.linalg.cho_factor": "the other triangle of its c is 'random data' to SciPy (the composition's differs)",
}

# Calls a form makes that the compiler refuses by design (docs/coverage.md), not drawn: the form's
# constants mean something else to this function.
REFUSED_CALLS = {
    "scipy.ndimage.gaussian_filter({0}, 0, 1)": "sigma 0, order 1: Gaussian derivative kernels have no composition",
}

# Functions whose second operand divides: a divisor near 0 makes the remainder a sawtooth finer
# than the finite-difference step, whose differences then miss its slope (seed 27726:
# np.divmod(a, 2.4e-4)[1]), so the divisor is drawn from a positive domain. scipy.signal.lfilter_zi
# divides by its a[0] and sum(a): drawn with a constant a.
DIVIDING = frozenset({"np.divmod", "scipy.signal.lfilter_zi"})
POSITIVE_KINDS = frozenset({"positive", "prob", "above_two"})

# Drawn by other program classes, or not a function of its operands' values: not drawn here.
NOT_DRAWN_PREFIXES = ("np.random.", "scipy.integrate.")
SAMPLES = 3               # sample operands each form is validated on


def _spelling_of(key) -> str | None:
    """The public spelling of a library function: ``np.roll``, ``np.linalg.eigh``,
    ``np.fft.rfft``, ``scipy.special.gammaln``, ``scipy.stats.norm.logpdf``,
    ``scipy.linalg.expm`` (None for any other key)."""
    name = getattr(key, "__name__", None)
    if not name:
        return None
    modules = [("np", np), ("np.linalg", np.linalg), ("np.fft", np.fft)]
    try:
        import scipy.linalg
        import scipy.ndimage
        import scipy.signal
        import scipy.spatial.distance
        import scipy.special
        import scipy.stats
        modules += [("scipy.special", scipy.special), ("scipy.linalg", scipy.linalg),
                    ("scipy.signal", scipy.signal), ("scipy.ndimage", scipy.ndimage),
                    ("scipy.spatial.distance", scipy.spatial.distance)]
        owner = getattr(key, "__self__", None)
        for distribution in sorted(n for n in dir(scipy.stats) if not n.startswith("_")):
            if owner is not None and getattr(scipy.stats, distribution, None) is owner:
                return f"scipy.stats.{distribution}.{name}"
    except ImportError:
        pass
    for prefix, module in modules:
        if getattr(module, name, None) is key:
            return f"{prefix}.{name}"
    return None


def _sample(kind: str, rng: np.random.Generator) -> np.ndarray:
    shape, squash = OPERANDS[kind]
    return eval(squash.format("e"), {"np": np}, {"e": rng.uniform(-2.0, 2.0, shape)})   # noqa: S307 (our own text)


def _drawable(call: str, kinds: tuple) -> list[str]:
    """The expressions drawn for ``call`` (operands ``{0}``...): itself, ``np.real`` of it, or
    its float items; none where NumPy does not run it on the samples, or gives what is not a
    finite float of moderate size."""
    outs = []
    rng = np.random.default_rng(7)
    for _ in range(SAMPLES):
        names = {f"a{i}": _sample(k, rng) for i, k in enumerate(kinds)}
        try:
            with np.errstate(all="ignore"), _quiet():
                out = eval(call.format(*names), {"np": np, "math": math, **_scipy()}, names)   # noqa: S307
        except Exception:
            return []
        outs.append(out)
    if all(isinstance(o, tuple) for o in outs):
        items = [i for i in range(len(outs[0])) if all(_moderate(o[i]) for o in outs)]
        return [f"{call}[{i}]" for i in items]
    if all(_moderate(o) for o in outs):
        return [call]
    if all(isinstance(o, np.ndarray) and np.iscomplexobj(o) and _moderate(np.real(o)) and _moderate(np.imag(o))
           for o in outs):
        return [f"np.real({call})", f"np.imag({call})"]     # (hilbert's real part is its input)
    return []


def _moderate(value) -> bool:
    if isinstance(value, (tuple, list, dict)) or value is None:
        return False
    value = np.asarray(value)
    return (value.dtype.kind == "f" and value.size > 0 and bool(np.all(np.isfinite(value)))
            and float(np.max(np.abs(value))) < BIGGEST)


class _quiet:
    """Warnings (a deprecation, a LinAlgWarning) of a form tried are not shown."""

    def __enter__(self):
        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._catch.__exit__(*exc)


@lru_cache(maxsize=1)
def _scipy() -> dict:
    try:
        import scipy
        import scipy.linalg
        import scipy.ndimage
        import scipy.signal
        import scipy.spatial.distance
        import scipy.special
        import scipy.stats
    except ImportError:
        return {}
    return {"scipy": scipy}


def library_functions() -> list:
    """(spelling, function) of every library function with a rule, SciPy's loaded first."""
    load_optional_rules()
    keys = [k for k, p in list(REGISTRY.items()) if p.differentiable] + list(COMPOSED)
    found = {}
    for key in keys:
        try:
            spelling = _spelling_of(key)
        except Exception:
            continue
        if spelling and not spelling.startswith(NOT_DRAWN_PREFIXES):
            found[spelling] = key
    return sorted(found.items())


@lru_cache(maxsize=1)
def library_candidates() -> tuple:
    """(spelling, expression format over ``{0}``..., operand kinds) of every library call drawn:
    the functions :mod:`.registry_draws` does not draw, with up to :data:`PER_FUNCTION` forms."""
    drawn_elsewhere = {c[0] for c in elementwise_candidates()} | {s for s, _ in reduction_candidates()}
    found = []
    for spelling, _ in library_functions():
        if spelling in drawn_elsewhere or spelling in EXCLUDED:
            continue
        kept = []
        for kinds, form in FORMS_OF.get(spelling, FORMS):
            if spelling in SYMMETRIC_INPUT and MATRICES & set(kinds):
                continue
            if spelling in DIVIDING and len(kinds) > 1 and kinds[1] not in POSITIVE_KINDS:
                continue
            call = form.replace("{f}", spelling)
            if call in REFUSED_CALLS:
                continue
            kept += [(spelling, fmt, kinds) for fmt in _drawable(call, kinds)]
            if len(kept) >= PER_FUNCTION:
                break
        found += kept[:PER_FUNCTION]
    return tuple(found)


def drawn_functions() -> set[str]:
    """The spellings of every function the fuzzer draws (both modules)."""
    return ({c[0] for c in elementwise_candidates()} | {s for s, _ in reduction_candidates()}
            | {c[0] for c in library_candidates()})


def squash(kind: str, expression: str) -> str:
    """``expression`` (of the kind's shape) squashed into the kind's domain."""
    return OPERANDS[kind][1].format(expression)

