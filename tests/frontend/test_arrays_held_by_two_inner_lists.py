"""An array held by two inner lists of one container (``g = [[a], [a]]``, or appended to two
groups: ``groups[0].append(a); groups[1].append(a)``) is one object: a write into it through
one path (``g[0][0] += w``, ``g[0][0][0] = 5.0``) changes what the other path reads. The lowering
writes the new value into the one entry only, and the run-time check ``alone_in`` looks at one
level of the container, so the other path reads the old array: a silent wrong value and
gradient (on main too, since before the appends into held lists landed; found by the fuzz class
container-appends). Strict xfails naming the known bug: Python's answer, or a located refusal,
is what they want."""
import collections

import numpy as np
import pytest

from transpiler import TranspileError, value_and_grad

X = np.array([0.5, -1.2, 0.7])
W = np.array([1.0, 2.0, 3.0])
S = 0.8


def written_through_a_display(x, w, s):
    a = x * s
    g = [[a], [a]]
    g[0][0] += w
    return np.sum(g[1][0] * x)


def written_through_appended_groups(x, w, s):
    g = collections.defaultdict(list)
    a = x * s
    g[0].append(a)
    g[1].append(a)
    g[0][0] += w
    return np.sum(g[1][0] * x)


def item_written_through_set_default_groups(x, w, s):
    g = {}
    a = x * s
    g.setdefault(0, []).append(a)
    g.setdefault(1, []).append(a)
    g[0][0][0] = 5.0
    return np.sum(g[1][0] * x * w)


@pytest.mark.xfail(strict=True, reason="an array held by two inner lists: a write through one leaves the "
                                       "other path reading the old array (alone_in checks one level)")
@pytest.mark.parametrize("f", [written_through_a_display, written_through_appended_groups,
                               item_written_through_set_default_groups])
def test_a_write_through_one_inner_list_is_seen_through_the_other(f):
    try:
        value, _ = value_and_grad(f)(X.copy(), W.copy(), S)
    except TranspileError as refusal:
        assert refusal.location is not None     # (a located refusal would do)
        return
    assert value == pytest.approx(f(X.copy(), W.copy(), S))
