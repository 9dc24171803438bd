# Ported from scipy/scipy, doc/source/tutorial/optimize.rst ("Least-squares minimization (least_squares)", the exponential-decay example `fun`/`jac`) and scipy.optimize.curve_fit's docstring model `func`.
import numpy as np


def fun(x, t, y):
    return x[0] + x[1] * np.exp(x[2] * t) - y


def jac(x, t, y):
    J = np.empty((t.size, x.size))
    J[:, 0] = 1
    J[:, 1] = np.exp(x[2] * t)
    J[:, 2] = t * x[1] * np.exp(x[2] * t)
    return J


def gen_data(t, a, b, c, noise=0., n_outliers=0, seed=None):
    rng = np.random.default_rng(seed)

    y = a + b * np.exp(t * c)

    error = noise * rng.standard_normal(t.size)
    outliers = rng.integers(0, t.size, n_outliers)
    error[outliers] *= 10

    return y + error


def func(x, a, b, c):
    return a * np.exp(-b * x) + c


a = 0.5
b = 2.0
c = -1
t_min = 0
t_max = 10
n_points = 15

t_train = np.linspace(t_min, t_max, n_points)
y_train = gen_data(t_train, a, b, c, noise=0.1, n_outliers=3, seed=0)
x0 = np.array([1.0, 1.0, -0.5])


def cost(x, t, y):
    # test wrapper: least_squares' default cost, 0.5 * sum of squared residuals
    return 0.5 * np.sum(fun(x, t, y) ** 2)


def curve_fit_residual(a, b, c):
    # test wrapper: curve_fit's objective at the docstring's data
    xdata = np.linspace(0, 4, 50)
    ydata = func(xdata, 2.5, 1.3, 0.5) + 0.2 * np.random.default_rng(1).normal(size=xdata.size)
    return np.sum((func(xdata, a, b, c) - ydata) ** 2)


CASES = [
    dict(name="fun_jacobian", function=fun, args=lambda: (x0.copy(), t_train, y_train), kind="jacobian",
         reference=jac),
    dict(name="cost", function=cost, args=lambda: (x0.copy(), t_train, y_train)),
    dict(name="curve_fit_residual", function=curve_fit_residual, args=lambda: (2.0, 1.0, 0.3), wrt=(0, 1, 2)),
]
