"""The peers' own gradient checks (autograd's, JAX's, PyTorch's and Tangent's test suites, as tables
in this folder: autograd_*_tables.py, jax_tables.py, jax_api_tables.py, torch_tables.py,
tangent_*_tables.py) through transpiler: each entry's first combination of arguments and keywords, in every mode the peer
checks, to first order for every differentiated argument and to the peer's order for the first,
against finite differences (probe.py). ``python tests/peers/report.py`` runs every combination and counts outcomes by peer
file (docs/coverage.md has the counts).

A check passes, or is refused where the refusal is documented (DOCUMENTED_REFUSALS); an entry
that fails for a gap known and reported but not yet closed is an xfail naming it (KNOWN_GAPS,
strict: it fails once the gap closes, so the mark is removed then). A wrong number fails, unless
it is a reported bug (KNOWN_GAPS, "BUG, ..."): a strict xfail until it is fixed."""
from __future__ import annotations

import os
import re
import sys
import warnings

import numpy as np
import pytest

import transpiler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from probe import check, checks_of       # noqa: E402
from tables import TABLES                # noqa: E402


def _first_combination(entry):
    """The checks of the entry's first combination: first order for every differentiated
    argument, second order for the first (report.py runs them all)."""
    checks = checks_of(entry)
    first = checks[0][0].split(":")[0]
    return [c for c in checks if c[0].split(":")[0] == first and (c[5] == 1 or c[3] == entry.argnums[0])]


# Refusals the docs state (docs/syntax.md): a check refused with one of these messages passes.
DOCUMENTED_REFUSALS = (
    "hessian with respect to a complex argument is not supported",      # forward over forward, complex
    "the derivative of `qr` is for the reduced decomposition",          # wide, mode='r', mode='complete'
    "np.median, np.quantile and np.percentile are supported with no out= (and method='linear')",  # primitives.md
    "a class definition is not supported",                              # syntax.md: Tangent's test_classdef
    "a `global` declaration in a function called by the differentiated one",  # the probe's loss calls it (order 2)
    "a `try` statement with a `finally:` clause is not supported",     # syntax.md
    "returns a bool, which has no derivative",                          # syntax.md: a bool or integer output
    "returns a NumPy bool, which has no derivative",                    # (autograd's test_core comparisons,
    "returns an int, which has no derivative",                          # np.all, np.any, `return 1`)
    "`doubled_with_a_vjp_only` has no forward-mode (JVP) rule yet",     # custom-rules.md: a rule without jvp
    "`transpiler.jacobian` (jacobian) called inside a function being differentiated",  # syntax.md
)

# Entries failing for a gap outside primitives/ (reported; file and what is missing).
KNOWN_GAPS = {
    **{n: "nested_gradients.py: a third derivative through grad(f) called inside (rev2 of a function that "
       "calls grad: refused, its rule's vjp is not differentiated again; fwd2: the custom rule's jvp has no rule)"
       for n in ("grads_of_grad", "angle_of_grad", "abs_of_grad")},
    "complex_of_reals": "forward over forward (hessian(mode='forward')) through a complex value built from real "
                        "arguments refuses the tangent code ('`written` of a complex value')",
    **{n: "a second derivative through grad(f) called inside the function (a third derivative of f: refused "
       "in reverse over reverse, its rule's vjp not differentiated again; forward over forward: the rule's jvp "
       "has no rule; syntax.md: not differentiated again)"
       for n in ("hess_vector_prod_product_order2", "enclosing_scope_ref_order2", "enclosing_scope_ref_2_order2",
                 "jacobian_against_stacked_grads_order2", "const_graph_order2", "nested_higher_order")},
    "deprecated_defgrad_wrapper_order2": "forward over forward through a registered rule (autograd's primitive with "
                                         "defvjp): the first derivative's call of the rule's jvp has no rule of its own",
    "grad_and_aux_nested": "grad(F, has_aux=True) called inside the differentiated function is refused (syntax.md "
                           "lists value_and_grad(F, has_aux=True) inside; grad's has_aux form alike)",
}


def _entry_id(entry):
    return re.sub(r"\W+", "_", entry.file.removeprefix("test_").removesuffix(".py")) + f"-{entry.name}"


def _params():
    for entry in TABLES:
        gap = KNOWN_GAPS.get((entry.file, entry.name)) or KNOWN_GAPS.get(entry.name)
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        yield pytest.param(entry, id=_entry_id(entry), marks=marks)


@pytest.mark.parametrize("entry", list(_params()))
def test_peer_entry(entry):
    failures = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for label, fun, args, i, mode, order, alone in _first_combination(entry):
            outcome, detail = check(fun, args, i, mode, order, alone=alone)
            if outcome == "pass" or (outcome == "refused" and any(r in detail for r in DOCUMENTED_REFUSALS)):
                continue
            failures.append(f"{label}: {outcome}: {detail}")
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- the probe itself
def cube_with_a_wrong_rule(x):
    return x ** 3


transpiler.register_rule(cube_with_a_wrong_rule, vjp=lambda d_y, y, x: (d_y * 2.0 * x ** 2,),
                         jvp=lambda tangents, y, x: 2.0 * x ** 2 * tangents[0])


def calls_the_wrong_rule(a):
    return np.sin(cube_with_a_wrong_rule(a))


def kinked(a):
    return np.abs(a - 0.5)


@pytest.mark.parametrize("mode, order", [("fwd", 1), ("rev", 1), ("rev", 2)])   # (no forward over forward
def test_the_probe_reports_a_wrong_derivative_as_wrong(mode, order):           # through a custom rule)
    outcome, detail = check(calls_the_wrong_rule, (np.array([0.3, -0.7, 1.1]),), 0, mode, order)
    assert outcome == "wrong", (outcome, detail)


def test_the_probe_calls_a_kink_within_a_step_inconclusive_not_wrong():
    outcome, _ = check(kinked, (np.array([0.5 + 1e-6, 1.5]),), 0, "fwd", 1)
    assert outcome == "inconclusive"


def branch_on_a_tie(a, b):
    if a > b:
        return a * a
    return a * b


@pytest.mark.parametrize("mode", ["fwd", "rev"])
def test_the_probe_calls_a_tie_of_two_smooth_branches_inconclusive_not_wrong(mode):
    # (the central difference at the tie averages the slopes 2a and b, alike with every step)
    outcome, detail = check(branch_on_a_tie, (0.5, 0.5), 0, mode, 1, alone=True)
    assert outcome == "inconclusive" and "kink at the point" in detail, (outcome, detail)
    assert check(branch_on_a_tie, (0.5, 0.75), 0, mode, 1, alone=True)[0] == "pass"


# --------------------------------------------------------------------------- the peers' API asserts
def sum_of_squares(x):
    return np.sum(x ** 2)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_grad_keeps_the_argument_dtype(dtype):                      # autograd test_wrappers.test_dtypes
    x = np.random.default_rng(0).standard_normal((10, 10)).astype(dtype)
    assert transpiler.grad(sum_of_squares)(x).dtype == dtype


def sum_of_real_parts(x):
    return np.sum(np.real(x))


def test_the_gradient_at_a_real_number_is_real_and_at_a_complex_one_complex():   # autograd test_complex
    assert isinstance(transpiler.grad(sum_of_real_parts)(1.0), float)             # .test_real_type
    assert isinstance(transpiler.grad(sum_of_real_parts)(1.0j), complex)


def times_a_complex_constant(x):
    return x * (1.0 + 0.2j)


def test_grad_of_a_complex_output_is_a_type_error():   # autograd test_direct.test_grad_complex_output,
    with pytest.raises(TypeError):                      # JAX api_test.test_grad_complex_result_errors
        transpiler.grad(times_a_complex_constant)(1.0)


def round_straight_through(x):
    return np.round(x)


transpiler.register_rule(round_straight_through, vjp=lambda d_y, y, x: (d_y,), jvp=lambda tangents, y, x: tangents[0])


@pytest.mark.parametrize("mode", ["fwd", "rev"])
def test_a_registered_rule_is_used_when_its_own_function_is_differentiated(mode):   # autograd's primitive
    x = np.array([0.3, 1.7])
    if mode == "rev":
        got = transpiler.vjp(round_straight_through, x)[1](np.ones(2))[0]
    else:
        got = transpiler.jvp(round_straight_through, (x,), (np.ones(2),))[1]
    np.testing.assert_allclose(got, np.ones(2))       # the rule's identity, as when called inside a function
