"""The IR printer (Function.listing): one primitive per line, control flow kept structured,
merged and loop-carried values as copies."""
import numpy as np

from transpiler.driver.pipeline import lowered


def straight(x, y):
    z = np.sin(x) * y
    return np.sum(z ** 2)


def branch(x):
    if x > 0:
        y = x * 2
    else:
        y = -x
    return y + 1


def one_sided(x):
    if x > 0:
        z = x * 2
        x = z
    return x


def accumulate(x, n):
    s = 0.0
    for i in range(n):
        s = s + x * i
    return s


def halve_until_small(x):
    k = 0
    while k < 10:
        x = x * 0.5
        if x < 0.1:
            break
        k += 1
    return x


def test_straight_line_code_lists_one_primitive_per_line_with_user_names_kept():
    assert lowered(straight).listing() == (
        "def straight(x, y):\n"
        "    _t1 = np.sin(x)\n"
        "    z = _t1 * y\n"
        "    _t2 = z ** 2\n"
        "    out = np.sum(_t2)\n"
        "    return out\n")


def test_a_branch_lists_its_merged_value_as_a_copy_at_the_end_of_both_branches():
    assert lowered(branch).listing() == (
        "def branch(x):\n"
        "    _t1 = x > 0\n"
        "    if _t1:\n"
        "        y = x * 2\n"
        "        y_2 = y\n"
        "    else:\n"
        "        y_1 = -x\n"
        "        y_2 = y_1\n"
        "    out = y_2 + 1\n"
        "    return out\n")


def test_a_name_bound_in_one_branch_only_starts_unbound_before_the_if():
    assert lowered(one_sided).listing() == (
        "def one_sided(x):\n"
        "    _t1 = x > 0\n"
        "    z_1 = unbound('z')\n"
        "    if _t1:\n"
        "        z = x * 2\n"
        "        x_1 = z\n"
        "        z_1 = z\n"
        "    else:\n"
        "        x_1 = x\n"
        "    return x_1\n")


def test_a_for_loop_lists_its_carried_value_initialised_before_and_updated_at_the_end():
    assert lowered(accumulate).listing() == (
        "def accumulate(x, n):\n"
        "    s = 0.0\n"
        "    for i in range(n):\n"
        "        _t1 = x * i\n"
        "        s_1 = s + _t1\n"
        "        s = s_1\n"
        "    return s\n")


def test_a_while_loop_lists_its_condition_first_and_its_break_as_an_exit_flag():
    listing = lowered(halve_until_small).listing()
    assert listing.startswith(
        "def halve_until_small(x):\n"
        "    _go = None\n"
        "    x_1 = x\n"
        "    _stop = False\n"
        "    k = 0\n"
        "    while True:\n"
        "        _t1 = k < 10\n"
        "        if not _t1: break\n"
        "        x_2 = x_1 * 0.5\n")
    assert listing.endswith(
        "        _stop = _stop_1\n"
        "        k = k_2\n"
        "        if _stop: break\n"
        "    return x_1\n")


def test_free_names_are_listed_under_the_signature():
    assert lowered(uses_a_global).listing() == (
        "def uses_a_global(x):\n"
        "    # free names read at call time: SCALE\n"
        "    out = SCALE * x\n"
        "    return out\n")


SCALE = 3.0


def uses_a_global(x):
    return SCALE * x
