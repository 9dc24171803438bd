"""Fixtures shared by test modules."""
import sys

import pytest


@pytest.fixture
def default_recursion_limit():
    """Python's default recursion limit (1000) for the test, whatever the runner set: the depth
    and length tests must pass where users run, not only under pytest's settings."""
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    yield
    sys.setrecursionlimit(saved)
