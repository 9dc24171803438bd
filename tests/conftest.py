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


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (``-n auto``), hand out whole test files, not single tests: a module-scoped
    fixture (the 500-program fuzz sweep, an executed notebook, a compiled corpus) then runs once, in
    the one worker that runs its file, instead of once in every worker that gets one of its tests.
    An explicit ``--dist`` other than xdist's default (``load``) is left as asked."""
    if config.getoption("dist") == "load":
        from xdist.scheduler import LoadFileScheduling
        return LoadFileScheduling(config, log)
    return None


@pytest.fixture
def register():
    """``register(f, vjp, jvp=None, **kw)``: ``transpiler.register_rule``, undone after the test
    (the custom-rule tests' registrations never outlive them)."""
    import transpiler
    from transpiler.primitives import runtime
    from transpiler.primitives.registry import REGISTRY
    done = []

    def reg(f, vjp, jvp=None, **kwargs):
        done.append(f)
        return transpiler.register_rule(f, vjp, jvp, **kwargs)

    yield reg
    for f in done:
        REGISTRY.pop(f, None)
        for suffix in ("", "_vjp", "_jvp"):
            runtime.EXTERNAL.pop(f"_custom_{f.__name__}{suffix}", None)
