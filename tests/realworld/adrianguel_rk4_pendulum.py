# Ported from AdrianGuel/Progra-Algo, rungekutta4a.py (https://github.com/AdrianGuel/Progra-Algo/blob/main/rungekutta4a.py): a hand-written classical Runge-Kutta integrator `rungekutta4(f, y0, t, args=())` for the damped pendulum `pend(y, t, b, c)` of scipy's `odeint` docs, the right-hand side passed as a value and its parameters as `*args`, the solution preallocated and filled row by row. Plotting left out.
import numpy as np


def pend(y, t, b, c):
    return np.array([y[1], -b*y[1] - c*np.sin(y[0])])

def rungekutta4(f, y0, t, args=()):
    n = len(t)
    y = np.zeros((n, len(y0)))
    y[0] = y0
    for i in range(n - 1):
        h = t[i+1] - t[i]
        k1 = f(y[i], t[i], *args)
        k2 = f(y[i] + k1 * h / 2., t[i] + h / 2., *args)
        k3 = f(y[i] + k2 * h / 2., t[i] + h / 2., *args)
        k4 = f(y[i] + k3 * h, t[i] + h, *args)
        y[i+1] = y[i] + (h / 6.) * (k1 + 2*k2 + 2*k3 + k4)
    return y



b = 0.25
c = 5.0
y0 = np.array([np.pi - 0.1, 0.0])
t = np.linspace(0, 10, 101)


def final_angle(y0, b, c):
    # test wrapper: the angle at t = 10 of the author's `sol = rungekutta4(pend, y0, t, args=(b, c))`
    sol = rungekutta4(pend, y0, t, args=(b, c))
    return sol[-1, 0]


def trajectory(y0, b, c):
    # test wrapper: the whole solution, its Jacobian checked
    return rungekutta4(pend, y0, t[:21], args=(b, c))


CASES = [
    dict(name="final_angle", function=final_angle, args=lambda: (y0.copy(), b, c), wrt=(0, 1, 2)),
    dict(name="trajectory_jacobian", function=trajectory, args=lambda: (y0.copy(), b, c), kind="jacobian"),
]
