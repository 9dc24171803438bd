# Written for this corpus (i5) in the style of functional-Python numerics: generators, functools.reduce and itertools.accumulate.
import functools
import itertools
import operator
import numpy as np


def rotations(angles):
    for a in angles:
        c, s = np.cos(a), np.sin(a)
        yield np.array([[c, -s], [s, c]])


def chain_rotation(angles, v):
    R = functools.reduce(lambda A, B: A @ B, rotations(angles), np.eye(2))
    return np.sum((R @ v) * np.array([1.0, 2.0]))


def discounted_returns(rewards, gamma=0.9):
    running = list(itertools.accumulate(reversed(rewards), lambda acc, r: r + gamma * acc))
    return list(reversed(running))


def returns_loss(rewards):
    G = discounted_returns(rewards)
    return sum(g ** 2 for g in G)


def product_of_factors(x):
    return functools.reduce(operator.mul, (1 + xi ** 2 for xi in x), 1.0)


def cumulative_max_path(x):
    path = np.array(list(itertools.accumulate(x)))
    return np.sum(np.sin(path)) + path[-1] ** 2


CASES = [
    dict(name="rotations", function=chain_rotation, args=lambda: (np.array([0.3, -0.7, 1.1]), np.array([1.0, 0.5])),
         wrt=(0, 1)),
    dict(name="returns", function=returns_loss, args=lambda: ([1.0, 0.5, -0.2, 2.0],)),
    dict(name="product", function=product_of_factors, args=lambda: (np.array([0.3, -0.7, 1.1]),)),
    dict(name="accumulate", function=cumulative_max_path, args=lambda: (np.array([0.3, -0.7, 1.1, 0.4]),)),
]
