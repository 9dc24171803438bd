"""A branch merges the names its paths rebind; a name bound before and rebound by neither path
keeps its value (lowering skips it: frontend/lowering.py), in code with many such names, and
in both modes."""
import numpy as np

import transpiler

SCALE = 3.0


def many_names_few_rebound(x, c):
    a, b, d, e = np.sin(x), np.cos(x), x * x, np.exp(x * 0.1)
    if c > 0:                      # a rebound on one path only
        a = a * 2.0
    if c > 1:                      # b on both, d on neither
        b = b + d
    else:
        b = b - e
    for k in range(3):             # inside a loop: e rebound on one path, the rest untouched
        if c > k:
            e = e * SCALE
    return np.sum(a * b + d * e)


def test_names_rebound_on_one_path_both_or_neither_differentiate_in_reverse_mode():
    x = np.linspace(0.1, 0.9, 5)
    for c in (0, 1, 2, 5):
        assert transpiler.check_grad(many_names_few_rebound, x, c).ok


def test_names_rebound_on_one_path_both_or_neither_differentiate_in_forward_mode():
    x, t, h = np.linspace(0.1, 0.9, 5), np.linspace(1.0, -1.0, 5), 1e-6
    for c in (0, 2):
        value, tangent = transpiler.jvp(lambda v: many_names_few_rebound(v, c), (x,), (t,))
        central = (many_names_few_rebound(x + h * t, c) - many_names_few_rebound(x - h * t, c)) / (2 * h)
        assert np.isclose(value, many_names_few_rebound(x, c)) and np.isclose(tangent, central, rtol=1e-6)


def names_rebound_out_of_order(x, c):
    a, b, d = np.sin(x), np.cos(x), np.exp(x * 0.1)
    if c > 0:                      # b then a rebound, `fresh` bound on both paths, d on neither
        b = b * 2.0
        a = a + b
        fresh = a * b
    else:
        fresh = x * d
        a = a - 1.0
    for k in range(2):             # a loop on one path, b carried through it
        if c > k:
            for _ in range(2):
                b = b * a
    return np.sum(a * b + fresh * d)


def test_names_rebound_in_another_order_than_bound_and_through_a_loop_on_one_path_differentiate():
    x = np.linspace(0.1, 0.9, 5)
    for c in (0, 1, 2):
        assert transpiler.check_grad(names_rebound_out_of_order, x, c).ok
