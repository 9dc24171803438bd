"""Rule templates are read lazily (primitives/templates.py): declaring a rule reads its
parameters from the function's code object and parses no source; the source is parsed when a
transform first uses the rule. What the shortcut reads must be what ``inspect.signature`` says."""
import inspect
import os
import subprocess
import sys

import numpy as np
import pytest

import transpiler
from transpiler.primitives import runtime
from transpiler.primitives.registry import REGISTRY
from transpiler.primitives.templates import parameter_defaults, parameter_names


def _rule_functions():
    functions = {t.function for p in REGISTRY.values() for t in (p.partials, p.vjp_rule, p.jvp_rule) if t is not None}
    return sorted(functions | set(runtime.HELPERS.values()), key=lambda f: getattr(f, "__qualname__", repr(f)))


def _signature(f):
    try:
        return inspect.signature(f)
    except (TypeError, ValueError):
        return None


def test_every_rule_and_helper_has_the_parameters_and_defaults_its_signature_gives():
    checked = 0
    for f in _rule_functions():
        signature = _signature(f)
        if signature is None:
            continue
        defaults = {name: p.default for name, p in signature.parameters.items() if p.default is not inspect.Parameter.empty}
        assert parameter_names(f) == tuple(signature.parameters), f
        assert list(parameter_defaults(f).items()) == list(defaults.items()), f
        checked += 1
    assert checked > 300


def _every_kind(a, b=1, *rest, c, d=2.0, **more):
    return a


def _wrapped(*args, **kwargs):
    return _every_kind(*args, **kwargs)


_wrapped.__wrapped__ = _every_kind


@pytest.mark.parametrize("f", [_every_kind, _wrapped, lambda x, y=3: x, np.sum, dict.get])
def test_parameters_of_every_kind_of_callable_match_the_signature(f):
    signature = inspect.signature(f)
    defaults = {name: p.default for name, p in signature.parameters.items() if p.default is not inspect.Parameter.empty}
    assert parameter_names(f) == tuple(signature.parameters)
    assert parameter_defaults(f) == defaults


def test_importing_parses_no_template_and_a_call_parses_the_rules_it_uses(tmp_path):
    code = ("import numpy as np, transpiler\n"
            "from transpiler.primitives.registry import REGISTRY\n"
            "parsed = lambda: sum(t._exprs is not None for p in REGISTRY.values()\n"
            "                     for t in (p.partials, p.vjp_rule, p.jvp_rule) if t is not None)\n"
            "before = parsed()\n"
            "def f(x):\n"
            "    return np.sum(np.tanh(x) * np.cos(x))\n"
            "transpiler.grad(f)(np.linspace(0.1, 1.0, 4))\n"
            "print(before, parsed())\n")
    (tmp_path / "program.py").write_text(code)
    package_root = os.path.dirname(os.path.dirname(transpiler.__file__))     # (this tree's transpiler)
    env = {**os.environ, "PYTHONPATH": package_root}
    out = subprocess.run([sys.executable, str(tmp_path / "program.py")], capture_output=True, text=True,
                         check=True, env=env).stdout.split()
    assert out[0] == "0" and int(out[1]) > 0


def test_a_helper_with_a_tangent_rule_still_carries_tangents_of_the_arguments_it_says():
    def f(x):
        return np.sum(np.tanh(x) ** 2)
    x = np.linspace(-1.0, 1.0, 5)
    hess = transpiler.hessian(f)(x)
    step = 1e-5
    grad = transpiler.grad(f)
    numeric = np.array([(grad(x + step * e) - grad(x - step * e)) / (2 * step) for e in np.eye(5)])
    assert hess == pytest.approx(numeric, rel=1e-6, abs=1e-8)
