# Written for this corpus (i5) in the style of a small polynomial/basis library: __getitem__, __len__, __iter__, staticmethod, classmethod, operators.
import math
import numpy as np


class Polynomial:
    def __init__(self, coeffs):
        self.coeffs = coeffs

    @classmethod
    def from_roots(cls, roots):
        c = np.array([1.0])
        for r in roots:
            c = np.convolve(c, np.array([1.0, -r]))
        return cls(c[::-1])

    @staticmethod
    def horner(coeffs, x):
        acc = 0.0
        for c in reversed(list(coeffs)):
            acc = acc * x + c
        return acc

    def __call__(self, x):
        return Polynomial.horner(self.coeffs, x)

    def __len__(self):
        return len(self.coeffs)

    def __getitem__(self, k):
        return self.coeffs[k]

    def __iter__(self):
        return iter(self.coeffs)

    def __add__(self, other):
        return Polynomial(self.coeffs + other.coeffs)

    def __mul__(self, s):
        return Polynomial(self.coeffs * s)

    def derivative(self):
        return Polynomial(np.array([k * self[k] for k in range(1, len(self))]))


def root_poly_value(roots, x):
    p = Polynomial.from_roots(roots)
    q = p.derivative()
    return p(x) + q(x) ** 2 + sum(c for c in p) * 0.1


def combined(c1, c2, x):
    p = Polynomial(c1) + Polynomial(c2) * 2.0
    total = 0.0
    for i in range(len(p)):
        total += p[i] * math.cos(i * 0.3)
    return total + p(x)


CASES = [
    dict(name="roots", function=root_poly_value, args=lambda: (np.array([0.5, -1.0, 2.0]), 0.7), wrt=(0, 1)),
    dict(name="combined", function=combined,
         args=lambda: (np.array([1.0, 0.5, -0.2]), np.array([0.3, 0.0, 1.0]), 1.3), wrt=(0, 1, 2)),
]
