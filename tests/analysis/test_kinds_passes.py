"""analysis/kinds.py stops after one pass where it can prove a second would find the same (no
loop, every value assigned once and never copied into): the kinds it finds are those of the
passes run until nothing changes, for every function a compile analyses (the lowered, the
specialised and the transform's IR, where adjoints are assigned again and again). Nor does a
statement's kind remembered while the kinds it reads stay (compared with every statement's
worked out again in every pass)."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis import kinds


def straight(x, n):
    y = np.arange(n) * 1.0
    return np.sum(np.sin(x) * y + (x > 0.2) * x)


def branchy(x):
    t = x * 2.0
    if np.sum(x) > 1.0:
        t = np.tanh(t)
        m = (x > 0.5) & (x < 0.9)
    else:
        m = x > 0.1
    return np.sum(t * m)


def looping(x):
    s = 0.0
    k = 0
    for i in range(3):
        s = s + np.sin(x[i] * s)
        k = k + i
    return s * k


def merged_return(x):
    for i in range(4):
        if x[i] > 0.6:
            return x[i] * 1.0
    return np.sum(x)


def pair(x):
    p = (x, x * 2.0)
    if x[0] > 0.0:
        p = (p[1], p[0])
    return np.sum(p[0] * p[1])


@pytest.mark.parametrize("f", [straight, branchy, looping, merged_return, pair], ids=lambda f: f.__name__)
def test_one_pass_finds_what_passes_until_nothing_changes_find(f, monkeypatch):
    asked = []
    original = kinds._value_kinds
    monkeypatch.setattr(kinds, "_value_kinds", lambda fn, arg_kinds: asked.append((fn, arg_kinds)) or original(fn, arg_kinds))
    args = (np.array([0.3, 0.7, 0.2, 0.9]), 4) if f is straight else (np.array([0.3, 0.7, 0.2, 0.9]),)
    transpiler.grad(f)(*args)
    transpiler.hessian(f)(*args)
    assert asked
    monkeypatch.setattr(kinds, "_value_kinds", original)
    one_pass = [original(fn, arg_kinds) for fn, arg_kinds in asked]
    full = kinds._propagated
    monkeypatch.setattr(kinds, "_propagated",
                        lambda fn, a, d, memo=None, mixed=frozenset(): full(fn, a, d, stop_when_settled=False,
                                                                              memo=_Forgetful(), mixed=mixed))
    assert [original(fn, arg_kinds) for fn, arg_kinds in asked] == one_pass


class _Forgetful(dict):
    """A memo that remembers nothing: every statement's kind worked out again in every pass."""

    def get(self, key, default=None):
        return default


def _hand_built():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
    try:
        import hand_built
    finally:
        sys.path.pop(0)
    return hand_built


@pytest.mark.parametrize("rebinding", ["assigned again", "copied into"])
def test_a_value_bound_again_later_takes_a_second_pass(rebinding):
    """In code a transform wrote, a name may be bound again after a read (``d_t`` rebound per
    contribution): the read's kind is then only known on a later pass, as it always was."""
    h = _hand_built()
    last = h.mul(h.t, h.x, h.Const(3.0)) if rebinding == "assigned again" else h.Copy(h.t, h.x)
    fn = h.function([h.add(h.t, h.y, h.Const(1.0)), h.mul(h.z, h.t, h.Const(2.0)), last], h.z, params=(h.x, h.y))
    found = kinds._value_kinds(fn, {h.x: "f8"})
    assert found[h.z] == "f8" and found[h.t] == "f8"


def test_a_function_rebuilt_with_other_statements_gets_the_kinds_of_its_own():
    """The statements the passes walk are found once per function (kept with it, ir/memo.py): a
    pass's new function, one statement changed, is walked anew, never answered from the old one."""
    import dataclasses
    h = _hand_built()
    product = h.function([h.mul(h.t, h.x, h.Const(2.0)), h.add(h.z, h.t, h.Const(1.0))], h.z)
    assert kinds._value_kinds(product, {h.x: "f8"})[h.t] == "f8"
    compared = dataclasses.replace(product, body=[h.less(h.t, h.x, h.Const(2.0)), product.body[1]])
    found = kinds._value_kinds(compared, {h.x: "f8"})
    assert found[h.t] == "b1" and found.get(h.z) != "f8"
