# Ported from DEAP/deap, deap/benchmarks/__init__.py: single-objective continuous benchmarks (each returns a one-element tuple, the fitness).
from math import sin, cos, pi, exp, e, sqrt
from operator import mul
from functools import reduce


def sphere(individual):
    r"""Sphere test objective function."""
    return sum(gene * gene for gene in individual),


def cigar(individual):
    r"""Cigar test objective function."""
    return individual[0]**2 + 1e6 * sum(gene * gene for gene in individual),


def rosenbrock(individual):
    r"""Rosenbrock test objective function."""
    return sum(100 * (x * x - y)**2 + (1. - x)**2 \
                   for x, y in zip(individual[:-1], individual[1:])),


def h1(individual):
    r""" Simple two-dimensional function containing several local maxima."""
    num = (sin(individual[0] - individual[1] / 8))**2 + (sin(individual[1] + individual[0] / 8))**2
    denum = ((individual[0] - 8.6998)**2 + (individual[1] - 6.7665)**2)**0.5 + 1
    return num / denum,


def ackley(individual):
    r"""Ackley test objective function."""
    N = len(individual)
    return 20 - 20 * exp(-0.2*sqrt(1.0/N * sum(x**2 for x in individual))) \
            + e - exp(1.0/N * sum(cos(2*pi*x) for x in individual)),


def griewank(individual):
    r"""Griewank test objective function."""
    return 1.0/4000.0 * sum(x**2 for x in individual) - \
        reduce(mul, (cos(x/sqrt(i+1.0)) for i, x in enumerate(individual)), 1) + 1,


def rastrigin(individual):
    r"""Rastrigin test objective function."""
    return 10 * len(individual) + sum(gene * gene - 10 * \
                        cos(2 * pi * gene) for gene in individual),


def schwefel(individual):
    r"""Schwefel test objective function."""
    N = len(individual)
    return 418.9828872724339*N-sum(x*sin(sqrt(abs(x))) for x in individual),


def himmelblau(individual):
    r"""The Himmelblau's function is multimodal with 4 defined minimums in
    :math:`[-6, 6]^2`."""
    return (individual[0] * individual[0] + individual[1] - 11)**2 + \
        (individual[0] + individual[1] * individual[1] - 7)**2,


def individual():
    return [0.3, -1.2, 0.7, 2.1]


CASES = [
    dict(name=f.__name__, function=f, args=lambda: (individual(),))
    for f in (sphere, cigar, rosenbrock, ackley, griewank, rastrigin, schwefel)
] + [
    dict(name="h1", function=h1, args=lambda: ([1.5, -0.4],)),
    dict(name="himmelblau", function=himmelblau, args=lambda: ([1.5, -0.4],)),
]
