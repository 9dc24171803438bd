"""The Python Tangent refuses (tests/test_fence.py: each test a construct its ``fence`` rejects
before differentiating), as entries for probe.py: for each, a function of ours that uses the
construct where a user would, on the way to a differentiable value. Tangent checks none of them
(it refuses them all); they are checked here in both modes to second order, as autograd's
tables are. Each entry is named after the fence test it answers; the functions are ours.
``test_alias`` (``import ... as``, which the fence blocks as an import) is ``test_import``'s
entry; ``test_yield``'s generator is a helper the differentiated function sums, as a user would
use one (a function that is itself a generator has no derivative). The constructs test_fence.py's
header lists as not tested are entries ``untested_*`` (``await``, ``async for``/``with``/``def``
left out: a coroutine has no derivative)."""
from __future__ import annotations

import math

import numpy as np

from probe import Entry

_rng = np.random.default_rng(12)
SCALARS = [0.7, -1.3]
VECTORS = [_rng.uniform(-2, 2, 4)]
PAIRS = [np.array([0.4, -1.1])]
CALLS = [0]


def bytes_literal(x):
    tag = b"w2"
    return x * len(tag)


def set_call(x):
    distinct = len(set([1, 2, 2, 3]))
    return x * distinct


def del_name(x):
    y = x * x
    spare = 2 * x
    del spare
    return y


def starred_zip(x):
    acc = 0.0
    for u, w in zip(*[x, np.sin(x)]):
        acc = acc + u * w
    return acc


def unary_plus(x):
    return +x * x


def not_in_test(x):
    if not x > 0:
        x = -x
    return x * x


def inverted_mask(x):
    return np.sum(np.where(~(x > 0), x, x ** 2))


def floor_division(x):
    return x * (x // 0.5) + x


def left_shift(x):
    return x * (1 << 2)


def right_shift(x):
    return x * (8 >> 1)


def mask_or(x):
    return np.sum(np.where((x > 1) | (x < -1), x, x ** 2))


def mask_xor(x):
    return np.sum(np.where((x > 0) ^ (x > 1), x, 2 * x))


def mask_and(x):
    return np.sum(np.where((x > 0) & (x < 1), np.sin(x), x))


def membership(x, options={"scale": 2.0}):
    if "scale" in options:
        x = x * options["scale"]
    return x * x


def non_membership(x, options={"scale": 2.0}):
    if "shift" not in options:
        x = x * options["scale"]
    return x * x


def conditional_expression(x):
    return x * x if x > 0 else -x


def set_comprehension(x):
    parities = {k % 2 for k in range(5)}
    return x * len(parities)


def generator_expression(x):
    return sum(x ** k for k in range(4))


def dict_comprehension(x):
    powers = {k: x ** k for k in range(3)}
    return powers[0] + powers[1] * powers[2]


def del_item(x):
    items = [x, 2 * x, x * x]
    del items[1]
    return items[0] * items[1]


def import_inside(x):
    import math as m
    return x * m.pi


def import_from_inside(x):
    from math import e
    return x * e


def for_else_break(x):
    for _ in range(4):
        x = x * 1.5
        if x > 2:
            break
    else:
        x = 2 * x
    return x


def loop_continue(x):
    for k in range(4):
        if k % 2:
            continue
        x = x * x
    return x


def lambda_bound(x):
    sq = lambda u: u * u           # noqa: E731 -- the construct checked
    return sq(x) + sq(2 * x)


def powers_of(x, n):
    for k in range(n):
        yield x ** k


def generator_summed(x):
    return sum(powers_of(x, 3))


def global_counter(x):
    global CALLS
    CALLS = [CALLS[0] + 1]
    return x * x


def class_inside(x):
    class Scale:
        factor = 2.0

    return x * Scale.factor


# -- what test_fence.py lists as not tested (its header) ------------------------------------------
MIX = np.array([[1.0, 0.5], [-0.3, 2.0]])


def matmul_operator(x):
    return np.sum(np.tanh(MIX @ x))


def fstring_label(x):
    label = f"{len(x)} items"
    return np.sum(x ** 2) * len(label)


def annotated(x: np.ndarray) -> float:
    y: np.ndarray = np.sin(x)
    total: float = np.sum(y * x)
    return total


def try_finally(x):
    try:
        y = np.sin(x)
    finally:
        scale = 2.0
    return np.sum(y) * scale


def try_except(x):
    try:
        factor = np.linalg.cholesky(np.outer(x, x) + np.eye(2))
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(factor)


def powers_then_sine(x):
    yield from powers_of(x, 3)
    yield np.sin(x)


def yield_from_summed(x):
    return np.sum(sum(powers_then_sine(x)))


def nonlocal_accumulator(x):
    acc = 0.0

    def add(v):
        nonlocal acc
        acc = acc + v

    for item in x:
        add(item * item)
    return acc


G = "tangent test_fence.py"


def scalar(name, fun):
    return Entry(G, name, fun, [SCALARS])


def vector(name, fun):
    return Entry(G, name, fun, [VECTORS])


TABLES = [
    scalar("test_bytes", bytes_literal), scalar("test_set", set_call), scalar("test_del", del_name),
    vector("test_starred", starred_zip), scalar("test_uadd", unary_plus), scalar("test_not", not_in_test),
    vector("test_invert", inverted_mask), scalar("test_floordiv", floor_division),
    scalar("test_lshift", left_shift), scalar("test_rshift", right_shift), vector("test_bitor", mask_or),
    vector("test_bitxor", mask_xor), vector("test_bitand", mask_and), scalar("test_in", membership),
    scalar("test_notin", non_membership), scalar("test_ifexp", conditional_expression),
    scalar("test_setcomp", set_comprehension), scalar("test_generatorexp", generator_expression),
    scalar("test_dictcomp", dict_comprehension), scalar("test_delete", del_item), scalar("test_import", import_inside),
    scalar("test_importfrom", import_from_inside), scalar("test_for", for_else_break),
    scalar("test_continue", loop_continue), scalar("test_lambda", lambda_bound), scalar("test_yield", generator_summed),
    scalar("test_global", global_counter), scalar("test_classdef", class_inside),
    *(Entry(G, f"untested_{name}", fun, [PAIRS]) for name, fun in (
        ("matmult", matmul_operator), ("fstring", fstring_label), ("annotations", annotated),
        ("try_finally", try_finally), ("try_except", try_except), ("yield_from", yield_from_summed),
        ("nonlocal", nonlocal_accumulator))),
]
