"""Worked examples from the lecture notes, as plain Python.

Print the gradient transpiler generates for any of them:

    transpiler grad examples/seed_functions.py:sigmoid_loss --wrt w,x
"""
import math

import numpy as np


def sigmoid_loss(w: float, x: float) -> float:
    """L = -log(sigmoid(w * x**2)), broken into the lecture's Wengert list."""
    a = x ** 2
    b = w * a
    c = 1 / (1 + math.exp(-b))
    g = math.log(c)
    return -g


def reused_values(x: float) -> float:
    """a = x^2, b = 5a, c = log a, g = b*c: `a` feeds two statements, so its adjoints add up."""
    a = x ** 2
    b = 5 * a
    c = math.log(a)
    g = b * c
    return -g


def lecture_f(x: float) -> float:
    """f(x) = sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))."""
    return np.sqrt(x ** 2 + np.exp(x ** 2)) + np.cos(x ** 2 + np.exp(x ** 2))


def max_example(x1: float, x2: float, x3: float) -> float:
    """y = 2 log(x1 + sin x1) max(x2, x3), evaluated in the notes at (5, -2, -5)."""
    return 2 * np.log(x1 + np.sin(x1)) * max(x2, x3)


def f(x1: float, x2: float) -> tuple[float, float]:
    """The lectures' f: R^2 -> R^2 of forward and reverse mode, evaluated there at (2, 3)."""
    v1 = x1 * x2
    v2 = np.log(x2)
    y1 = np.sin(v1)
    y2 = v1 + v2
    return y1, y2
