# Ported from barbagroup/CFDPython, lessons/05_Step_4.ipynb (step 4: Burgers' equation with periodic boundaries); the sympy-lambdified initial condition replaced by its values, the time loop as written.
import numpy

###variable declarations
nx = 21
nt = 10
dx = 2 * numpy.pi / (nx - 1)
nu = .07
dt = dx * nu

x = numpy.linspace(0, 2 * numpy.pi, nx)


def burgers(u):
    un = numpy.empty(nx)
    for n in range(nt):
        un = u.copy()
        for i in range(1, nx-1):
            u[i] = un[i] - un[i] * dt / dx *(un[i] - un[i-1]) + nu * dt / dx**2 *\
                    (un[i+1] - 2 * un[i] + un[i-1])
        u[0] = un[0] - un[0] * dt / dx * (un[0] - un[-2]) + nu * dt / dx**2 *\
                    (un[1] - 2 * un[0] + un[-2])
        u[-1] = u[0]
    return u


def final_energy(u):
    # test wrapper
    return numpy.sum(burgers(u) ** 2)


def initial_condition():
    t = 0
    phi = numpy.exp(-(x - 4 * t)**2 / (4 * nu * (t + 1))) + numpy.exp(-(x - 4 * t - 2 * numpy.pi)**2 / (4 * nu * (t + 1)))
    dphi = (-(-8 * t + 2 * x) * numpy.exp(-(-4 * t + x)**2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1))
            - (-8 * t + 2 * x - 4 * numpy.pi) * numpy.exp(-(-4 * t + x - 2 * numpy.pi)**2 / (4 * nu * (t + 1))) / (4 * nu * (t + 1)))
    return -2 * nu * (dphi / phi) + 4


CASES = [
    dict(name="final_energy", function=final_energy, args=lambda: (initial_condition(),)),
]
