# Ported from Andreas Klöckner's CS 450 (UIUC, spring 2014) demo "Dissipation" (09-initial-value-problems/Dissipation.py, as mirrored in jeromeku/numerical, cs450-s14/public/code/09-initial-value-problems/Dissipation.py): an RK4 step `rk4_step(y, t, h, f)` applied to the harmonic oscillator `u'' = -u` in a `while times[-1] < t_end:` loop appending to the lists `times` and `y_values`, then `np.array(y_values)`. The notebook's cells are wrapped in a function of the initial state, the step and the end time (t_end = 800 is shortened); plotting left out.
import numpy as np


def rk4_step(y, t, h, f):
    k1 = f(t, y)
    k2 = f(t+h/2, y + h/2*k1)
    k3 = f(t+h/2, y + h/2*k2)
    k4 = f(t+h, y + h*k3)
    return y + h/6*(k1 + 2*k2 + 2*k3 + k4)


# Consider the second-order harmonic oscillator
#
# $$u''=-u$$
#
# with initial conditions $u(0) = 1$ and $u'(0)=0$.

def f(t, y):
    u, up = y
    return np.array([up, -u])


def simulate(y0, h, t_end):
    # the notebook's cells [19] and [23], from the initial state y0 = np.array([1,0])
    times = [0]
    y_values = [y0]

    while times[-1] < t_end:
        y_values.append(rk4_step(y_values[-1], times[-1], h, f))
        times.append(times[-1]+h)

    y_values = np.array(y_values)
    return y_values


def energy_drift(y0, h, t_end):
    # test wrapper: the dissipation the demo shows, as the energy lost by the end
    y_values = simulate(y0, h, t_end)
    return np.sum(y_values[-1] ** 2) - np.sum(y_values[0] ** 2)


def displacement_sum(y0, h, t_end):
    # test wrapper: the plotted curve y_values[:, 0], weighted
    y_values = simulate(y0, h, t_end)
    return np.sum(y_values[:, 0] * np.linspace(1, 2, len(y_values)))


CASES = [
    dict(name="energy_drift_by_step", function=energy_drift, args=lambda: (np.array([1.0, 0.0]), 0.5, 40.2),
         wrt=(0, 1)),
    dict(name="displacement_by_initial_state", function=displacement_sum,
         args=lambda: (np.array([1.0, 0.3]), 0.25, 6.1)),
]
