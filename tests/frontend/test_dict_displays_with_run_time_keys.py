"""A dict display with a key known only at run time (frontend/dicts.py): ``{ch: bumped}`` of a
loop's channel name is ``d = {}`` then ``d[k] = v`` per entry, in order, as the refusal's hint
told users to write it (before: refused); and ``dict(params[ch], beta=b)`` of an item is
``{**params[ch], "beta": b}`` as ``dict(d, beta=b)`` of a name was (frontend/shallow_copies.py;
before, a call of ``dict`` without a rule). Both modes against central differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

CHANNELS = ["tv", "search"]
NAMES = ["a", "b", "c"]       # (a global list: its loop is not unrolled, each name known at run time)
X = np.array([1.2, 0.7, -0.4])


def bumped_channel(x):
    # a media-mix refit's finite-difference step on one channel at a time
    params = {"tv": {"beta": x[0]}, "search": {"beta": x[1]}}
    total = 0.0
    for ch in CHANNELS:
        bumped = dict(params[ch], beta=params[ch]["beta"] * x[2])
        trial = dict(params, **{ch: bumped})
        total = total + trial["tv"]["beta"] * np.sin(trial["search"]["beta"])
    return total


def mixed_keys(x):
    total = 0.0
    for name in NAMES:
        d = {"a": x[0], name: x[1] ** 2, "c": x[2]}     # (a run-time "a" or "c" replaces that entry)
        total = total + d["a"] * 2.0 + d["c"] * 3.0 + d[name]
    return total


def keys_are_numbers(x):
    d = {}
    for i in range(3):
        d = {i: x[i] * x[i], **d}
    return sum(d[i] * (i + 1) for i in range(3))


def test_a_display_keyed_by_a_loop_variable_in_both_modes():
    assert_both_modes(bumped_channel, X)


def test_run_time_keys_replace_constant_entries_as_python_does():
    assert mixed_keys(X) == mixed_keys(X)      # (plain Python: the reference the checks compare to)
    assert_both_modes(mixed_keys, X)


def test_integer_keys_of_a_loop_counter_in_both_modes():
    assert_both_modes(keys_are_numbers, X)


def activations_by_run_time_name(x):
    total = 0.0
    for name in NAMES:
        acts = {name: np.tanh}
        total = total + acts[name](x[0])
    return total


def test_functions_under_run_time_keys_stay_refused_at_the_display():
    # (a function is known only while compiling: no run-time dict can hold it)
    with pytest.raises(UnsupportedSyntaxError, match="dict display of functions or objects") as info:
        transpiler.grad(activations_by_run_time_name)(X)
    assert info.value.location.line == activations_by_run_time_name.__code__.co_firstlineno + 3
