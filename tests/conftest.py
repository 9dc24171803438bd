"""Fixtures shared by test modules, and the session's settings."""
import os
import sys

import pytest

# Every IR the driver lowers or specialises is checked against the IR's rules (ir/verifier.py):
# a stage that breaks them fails the test that built it. TRANSPILER_VERIFY=0 turns it off.
os.environ.setdefault("TRANSPILER_VERIFY", "1")


@pytest.fixture
def default_recursion_limit():
    """Python's default recursion limit (1000) for the test, whatever the runner set: the depth
    and length tests must pass where users run, not only under pytest's settings."""
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    yield
    sys.setrecursionlimit(saved)
