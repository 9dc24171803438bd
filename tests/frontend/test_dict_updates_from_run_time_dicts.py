"""``d.update(other)`` where ``other``'s keys only the run time knows: ``dict(zip(self.names,
theta))`` made in the call (the galaxy rotation-curve program's ``RotationModel``), or a name bound
to such a dict. Updated entry by entry, ``for k in other: d[k] = other[k]``, writes the lowering
follows as any, aliases included (frontend/dict_updates.py ``_entry_loop``). Refused before
("`self.params.update` may keep its argument ..." / "`.update()` on a list or dict of the
function")."""
import numpy as np
import pytest

import transpiler

NAMES = ("a", "b")


def updated_from_zip(theta):
    p = {"a": 1.0, "b": 2.0, "c": 3.0}
    p.update(dict(zip(NAMES, theta)))
    return p["a"] * p["b"] * p["c"]


def updated_through_an_alias(theta):
    p = {"a": 1.0, "b": 2.0, "c": 3.0}
    q = p
    fresh = dict(zip(NAMES, theta))
    p.update(fresh)
    return q["a"] * q["b"] ** 2 + fresh["a"]


class _Model:
    names = ("a", "b")

    def __init__(self, theta):
        self.params = {"a": 1.0, "b": 2.0, "c": 3.0}
        self.params.update(dict(zip(self.names, theta)))


def updated_in_init(theta):
    p = _Model(theta).params
    return p["a"] * p["b"] * p["c"] + len(p)


@pytest.mark.parametrize("f, expected", [
    (updated_from_zip, lambda t: [3.0 * t[1], 3.0 * t[0]]),
    (updated_through_an_alias, lambda t: [t[1] ** 2 + 1.0, 2.0 * t[0] * t[1]]),
    (updated_in_init, lambda t: [3.0 * t[1], 3.0 * t[0]]),
])
def test_entries_from_a_run_time_dict_are_differentiated_in_both_modes(f, expected):
    theta = np.array([0.7, -1.2])
    value, g = transpiler.value_and_grad(f)(theta)
    assert value == pytest.approx(f(theta))
    np.testing.assert_allclose(g, expected(theta))
    _, tangent = transpiler.jvp(f, (theta,), (np.array([1.0, 0.5]),))
    assert tangent == pytest.approx(np.dot(expected(theta), [1.0, 0.5]))
