"""Fixtures shared by the tests of the transforms."""
import sys
from pathlib import Path

import pytest

from transpiler.primitives import REGISTRY


@pytest.fixture(scope="module")
def rule_registry_left_as_found():
    """Differentiating a recursive function registers its helper in the global rule registry
    (custom.py: register_recursive): a module whose recursive functions must not leave theirs for
    tests/primitives, which expects only the built-in rules, uses this fixture. Only those go:
    an optional library's rules loaded meanwhile (scipy's, on first use: registry.py) stay, as
    they are loaded once per process."""
    before = set(REGISTRY)
    yield
    for key in [k for k in REGISTRY if k not in before and REGISTRY[k].family == "custom"]:
        del REGISTRY[key]


@pytest.fixture
def realworld():
    """tests/realworld/test_realworld.py, whose CASES are the real-world corpus's gradient cases."""
    folder = str(Path(__file__).resolve().parents[1] / "realworld")
    sys.path.insert(0, folder)
    try:
        import test_realworld
    finally:
        sys.path.remove(folder)
    return test_realworld
