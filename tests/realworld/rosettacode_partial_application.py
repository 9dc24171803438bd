# Ported from Rosetta Code, "Partial function application" (Python) (https://rosettacode.org/wiki/Partial_function_application#Python): `fs` mapping a function over a sequence, `fsf1 = partial(fs, f1)`, `fsf2 = partial(fs, f2)`.
from functools import partial


def fs(f, s): return [f(value) for value in s]


def f1(value): return value * 2


def f2(value): return value ** 2


fsf1 = partial(fs, f1)
fsf2 = partial(fs, f2)

s = [0, 1, 2, 3]
assert fs(f1, s) == fsf1(s)  # ==  [0, 2, 4, 6]
assert fs(f2, s) == fsf2(s)  # ==  [0, 1, 4, 9]

s = [2, 4, 6, 8]
assert fs(f1, s) == fsf1(s)  # ==  [4, 8, 12, 16]
assert fs(f2, s) == fsf2(s)  # ==  [4, 16, 36, 64]


def total(s):
    # test wrapper: the task's two partials applied to one sequence, their values added
    return sum(fsf1(s)) + sum(fsf2(s))


def made_here(s):
    # test wrapper: the partials made inside the function, as the task writes them
    fsf1 = partial(fs, f1)
    fsf2 = partial(fs, f2)
    return sum(a * b for a, b in zip(fsf1(s), fsf2(s)))


CASES = [
    dict(name="total", function=total, args=lambda: ([2.0, 4.0, 6.0, 8.0],)),
    dict(name="made_here", function=made_here, args=lambda: ([0.5, 1.0, 2.0, 3.0],)),
]
