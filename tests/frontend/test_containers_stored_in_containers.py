"""A list stored into another list (``rows[0] = inner``) is held itself, so a later write into an
array it holds is seen through the outer list, as in Python. The outer list's memory now includes
the memory of the arrays the stored list holds (frontend/assignments.py ``_update``); before, it
left a stored list out, and ``array_in_a_stored_list`` returned the old value (0.8534 where Python
gives 0.2909): a wrong value and gradient. Reading the outer list after such a write is refused,
located, as for any other name for written memory.

Still wrong (strict xfail, reported): a stored list's item replaced through its own name, and a
dict stored in a list or a list stored in a dict with an array written afterwards. A dict's
entries are left to their own means there (entry_writes.py), which do not reach these; counting
their memory in as for lists refuses CS231n's ``configs[p]`` written by its update rule."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

W0 = np.array([[0.5, -0.2], [0.3, 0.9]])


def array_in_a_stored_list(W):
    v = W @ W
    inner = [None, v]
    rows = [[None, None], [None, None]]
    rows[0] = inner
    v[1, 1] = 0.0
    return np.sum(rows[0][1] ** 2)


def item_of_a_stored_list_replaced(W):
    v = W @ W
    inner = [None, v]
    rows = [[None, None], [None, None]]
    rows[0] = inner
    inner[1] = W * 3.0
    return np.sum(rows[0][1] ** 2)


def array_in_a_stored_dict(W):
    v = W @ W
    inner = {"a": v}
    rows = [None, None]
    rows[0] = inner
    v[1, 1] = 0.0
    return np.sum(rows[0]["a"] ** 2)


def list_stored_in_a_dict(W):
    v = W @ W
    inner = [None, v]
    d = {}
    d["x"] = inner
    v[1, 1] = 0.0
    return np.sum(d["x"][1] ** 2)


STILL_WRONG = pytest.mark.xfail(strict=True, reason="a wrong value: the outer container keeps the old one")


@pytest.mark.parametrize("f", [array_in_a_stored_list, pytest.param(item_of_a_stored_list_replaced, marks=STILL_WRONG),
                               pytest.param(array_in_a_stored_dict, marks=STILL_WRONG),
                               pytest.param(list_stored_in_a_dict, marks=STILL_WRONG)],
                         ids=lambda f: f.__name__)
def test_a_write_through_a_stored_container_refuses_reading_the_outer_one(f):
    for transform in (transpiler.grad(f), lambda w: transpiler.jvp(f, (w,), (w,))):
        with pytest.raises(UnsupportedSyntaxError, match="is read after a write through"):
            transform(W0.copy())


def stored_then_read(W):
    inner = [W[0] * 2.0, W @ W]
    rows = [[None, None], [None, None]]
    rows[0] = inner                    # nothing written afterwards: read as it is
    rows[1] = [W[1], W.T]
    return np.sum(rows[0][1] * rows[1][1]) + np.sum(rows[0][0] * rows[1][0])


def test_a_stored_container_read_without_writes_is_exact():
    report = transpiler.check_grad(stored_then_read, W0.copy())
    assert report.ok, report
    assert transpiler.value_and_grad(stored_then_read)(W0.copy())[0] == pytest.approx(stored_then_read(W0.copy()))
