"""Every rule declared by a VJP (the array families) must have finite-difference cases.

Each family has a test module here with a ``CASES`` table: registry key -> list of
``(function, args, wrt)``; this file checks no rule is left out, so a new one cannot land unchecked.
"""
import importlib
import importlib.util

import pytest

from transpiler.primitives import REGISTRY

FAMILY_MODULES = ["test_reductions", "test_shape", "test_linalg", "test_list_rules", "test_linalg_coverage",
                  "test_numpy_coverage", "test_casts", "test_numpy_gaps", "test_accumulations", "test_structure",
                  "test_composing", "test_fft", "test_added_at", "test_windows"]
FAMILY_MODULES += ["test_scipy_linalg_more", "test_scipy_signal", "test_scipy_linalg_functions",
                   "test_scipy_special_matrices_batched", "test_scipy_triangular", "test_scipy_riccati",
                   "test_scipy_spatial_squared_distances", "test_scipy_signal_filters", "test_tridiagonal_solve"] \
    if importlib.util.find_spec("scipy") else []  # (sqrtm, convolve, logm, special matrices' refusal)


def covered_keys():
    keys = set()
    for name in FAMILY_MODULES:
        keys |= set(importlib.import_module(name).CASES)
    return keys


def test_every_vjp_rule_has_finite_difference_cases():
    covered = covered_keys()
    missing = [p.name for key, p in REGISTRY.items() if p.vjp_rule is not None and key not in covered]
    assert missing == [], "add cases for these rules to their family's CASES table"


@pytest.mark.parametrize("name", FAMILY_MODULES)
def test_family_cases_name_registered_rules(name):
    module = importlib.import_module(name)
    # (a rule declared by a vjp, or written in Python by a builder: np.einsum's, any number of operands)
    assert all(key in REGISTRY and (REGISTRY[key].vjp_rule or REGISTRY[key].vjp_builder) is not None
               for key in module.CASES)
    assert all(module.CASES[key] for key in module.CASES)
