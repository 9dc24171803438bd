"""`lst.remove(v)`, `lst.clear()`, `d.popitem()` on a list or dict of the function: the lowering
follows append, extend, insert, pop, sort and reverse (containers.py), and `d.update(...)` with keys
known while compiling (dict_updates.py), not these. Before, such a call on a constant list ran on the constant, or was dropped, and a later
`len(lst)` read the list as it was: `lst = [1.0, 2.0]; lst.remove(1.0); return np.sum(x) *
len(lst)` had the gradient 2 where Python's function has 1. Refused now, located, with what to
write instead (frontend/statements.py)."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

X = np.array([0.3, -1.2])


def removed_from_a_constant(x):
    lst = [1.0, 2.0]
    lst.remove(1.0)
    return np.sum(x) * len(lst)


def cleared(x):
    lst = [x[0], x[1]]
    lst.clear()
    lst.append(x[0])
    return sum(lst)


def dict_updated(x):
    d = {"a": x[0]}
    d.update(b=x[1])
    return sum(d.values())


def parameter_cleared(x, log):
    log.clear()
    return np.sum(x) * (1 + len(log))


def popped_by_index(x):
    lst = [1.0, 2.0]
    lst.pop(lst.index(1.0))         # what the refusal says to write
    return np.sum(x) * len(lst)


@pytest.mark.parametrize("f, args, method", [(removed_from_a_constant, (X,), "remove"), (cleared, (X,), "clear"),
                                              (parameter_cleared, (X, [1.0]), "clear")])
def test_refused_located_in_both_modes(f, args, method):
    for run in (lambda: transpiler.grad(f)(*args),
                lambda: transpiler.jvp(f, args, (np.ones(2), *[None] * (len(args) - 1)))):
        with pytest.raises(UnsupportedSyntaxError) as caught:
            run()
        assert "test_unfollowed_container_changes.py" in str(caught.value) and f".{method}()" in str(caught.value)


def test_an_update_with_known_keys_is_followed():
    # (refused here until d.update(b=v) became d["b"] = v: dict_updates.py)
    np.testing.assert_allclose(transpiler.grad(dict_updated)(X), np.ones(2))
    assert transpiler.jvp(dict_updated, (X,), (np.array([1.0, 3.0]),)) == pytest.approx((dict_updated(X), 4.0))


def test_the_spelling_the_refusal_suggests_is_right():
    np.testing.assert_allclose(transpiler.grad(popped_by_index)(X), np.ones(2))
    np.testing.assert_allclose(transpiler.value_and_grad(popped_by_index)(X)[0], popped_by_index(X))
