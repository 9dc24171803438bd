# Ported from Kong, Siauw & Bayen, "Python Programming and Numerical Methods" (pythonnumericalmethods.berkeley.edu), chapter 22.03 "The Euler Method": the right-hand side as a lambda, the explicit Euler loop over np.arange.
import numpy as np

# Define parameters
f = lambda t, s: np.exp(-t) # ODE
h = 0.1 # Step size
t = np.arange(0, 1 + h, h) # Numerical grid


def euler(s0):
    # Explicit Euler Method
    s = np.zeros(len(t))
    s[0] = s0

    for i in range(0, len(t) - 1):
        s[i + 1] = s[i] + h*f(t[i], s[i])
    return s[-1]


# the chapter's pendulum: S' = [[0, 1], [-g/l, 0]] S, written the same way
g = 9.8
l = 1.2
F = lambda t, s: np.dot(np.array([[0, 1], [-g/l, 0]]), s)


def pendulum(s0):
    s = np.zeros((len(t), 2))
    s[0] = s0
    for i in range(0, len(t) - 1):
        s[i + 1] = s[i] + h*F(t[i], s[i])
    return s[-1, 0]


CASES = [
    dict(name="euler", function=euler, args=lambda: (-1.0,)),
    dict(name="pendulum", function=pendulum, args=lambda: (np.array([1.0, 0.0]),)),
]
