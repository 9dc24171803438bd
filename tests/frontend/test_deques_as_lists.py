"""``collections.deque`` made in the function without ``maxlen`` is a list (frontend/deques.py):
``popleft()`` is ``pop(0)``, ``appendleft(v)`` is ``insert(0, v)``; a Karplus-Strong delay line
(tests/realworld/karplus_strong_pluck.py) was refused at its ``line.append(...)`` as "changing a
list or dict that may be one the caller passed". A deque with ``maxlen`` (it drops items) is
refused where it is made (it was a silent wrong gradient). Both modes against finite differences."""
import collections
from collections import deque
from collections import deque as ring

import numpy as np
import pytest

import transpiler
from transpiler.errors import RunTimeRefusal, UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.5, 0.8, 0.1])


def delay_line(x):
    line = deque(x)
    out = []
    for _ in range(9):
        first = line.popleft()
        out.append(first)
        line.append(0.99 * 0.5 * (first + line[0]))
    return np.sum(np.array(out) ** 2)


def both_ends(x):
    q = collections.deque()
    for v in x:
        q.appendleft(np.sin(v))
        q.append(v ** 2)
    q.pop()
    total = 0.0
    for i, v in enumerate(q):
        total += (i + 1) * v
    return total + len(q) * q[0]


def bounded(x):
    window = deque(maxlen=2)
    for v in x:
        window.append(v ** 2)
    return sum(window)


@pytest.mark.parametrize("fn", [delay_line, both_ends])
def test_a_deque_is_differentiated_as_the_list_it_holds(fn):
    assert_both_modes(fn, X)
    assert transpiler.value_and_grad(fn)(X)[0] == pytest.approx(fn(X), rel=1e-12)


def test_the_list_version_gives_the_same_gradient():
    def as_list(x):
        line = list(x)
        out = []
        for _ in range(9):
            first = line.pop(0)
            out.append(first)
            line.append(0.99 * 0.5 * (first + line[0]))
        return np.sum(np.array(out) ** 2)
    np.testing.assert_allclose(transpiler.grad(delay_line)(X), transpiler.grad(as_list)(X), rtol=1e-14)


def test_a_deque_with_maxlen_is_refused_where_it_is_made():
    """It was a wrong gradient: `window.append` taken for a list's gave every item appended the
    adjoint of the ones the deque kept ([0.6, -1.0, 1.6, 0.2] where [0, 0, 1.6, 0.2] is right)."""
    with pytest.raises(UnsupportedSyntaxError, match=r"deque\(maxlen=2\)`: a deque with `maxlen`") as refused:
        transpiler.grad(bounded)(X)
    assert "test_deques_as_lists.py:" in str(refused.value)
    with pytest.raises(UnsupportedSyntaxError):
        transpiler.jvp(bounded, (X,), (np.ones(4),))
    assert bounded(X) == pytest.approx(X[-2] ** 2 + X[-1] ** 2)      # (the function itself still runs)


def bounded_under_another_name(x):
    window = ring(maxlen=2)
    for v in x:
        window.append(v ** 2)
    return sum(window)


class Window:
    def __init__(self):
        self.items = ring(maxlen=2)


def bounded_in_an_attribute(x):
    w = Window()
    for v in x:
        w.items.append(v ** 2)
    return sum(w.items)


def unbounded_under_another_name(x):
    window = ring()
    for v in x:
        window.append(v ** 2)
        if len(window) > 2:
            window.popleft()
    return sum(window)


@pytest.mark.parametrize("fn", [bounded_under_another_name, bounded_in_an_attribute])
def test_a_deque_with_maxlen_is_refused_under_any_name(fn):
    """`from collections import deque as ring` escaped the check (it looked for the name `deque`):
    value 0.99 (every item) where 0.65 (the last two) is right."""
    with pytest.raises(UnsupportedSyntaxError, match=r"ring\(maxlen=2\)`: a deque with `maxlen`"):
        transpiler.value_and_grad(fn)(X)


def test_a_deque_under_another_name_is_a_list():
    assert_both_modes(unbounded_under_another_name, X)
    assert transpiler.value_and_grad(unbounded_under_another_name)(X)[0] == pytest.approx(X[-2] ** 2 + X[-1] ** 2)


def appended_to_the_callers(x, window):
    for v in x:
        window.append(v ** 2)
    return sum(window)


def read_only(x, window):
    return sum(w * v for w, v in zip(window, x))


@pytest.mark.parametrize("window", [deque(maxlen=2), deque()], ids=["maxlen", "unbounded"])
def test_a_deque_argument_the_function_changes_is_refused_located(window):
    """It was followed as a list (with `maxlen=2`: value 0.99 and gradient [0.6, -1.0, 1.6, 0.2]
    where Python's are 0.65 and [0, 0, 1.6, 0.2]) and the caller's deque was left unchanged."""
    with pytest.raises(RunTimeRefusal, match="the `deque` the caller passed is changed") as refused:
        transpiler.value_and_grad(appended_to_the_callers)(X, window)
    assert "test_deques_as_lists.py:" in str(refused.value)
    with pytest.raises(RunTimeRefusal):
        transpiler.jvp(appended_to_the_callers, (X, deque(maxlen=2)), (np.ones(4), None))


def test_a_deque_argument_only_read_is_differentiated():
    window = deque([1.0, 2.0, 3.0, 4.0], maxlen=4)
    assert_both_modes(read_only, X, window)
