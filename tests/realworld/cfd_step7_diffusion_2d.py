# Ported from barbagroup/CFDPython, lessons/09_Step_7.ipynb (step 7: 2-D diffusion), the function `diffuse(nt)` with the initial hat made an argument.
import numpy

###variable declarations
nx = 11
ny = 11
nu = .05
dx = 2 / (nx - 1)
dy = 2 / (ny - 1)
sigma = .25
dt = sigma * dx * dy / nu


def diffuse(u, nt):
    for n in range(nt + 1):
        un = u.copy()
        u[1:-1, 1:-1] = (un[1:-1,1:-1] +
                        nu * dt / dx**2 *
                        (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2]) +
                        nu * dt / dy**2 *
                        (un[2:,1: -1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]))
        u[0, :] = 1
        u[-1, :] = 1
        u[:, 0] = 1
        u[:, -1] = 1
    return u


def peak(u):
    # test wrapper: a smooth scalar of the diffused field
    return numpy.sum(diffuse(u, 10) ** 2)


def hat():
    u = numpy.ones((ny, nx))  # create a 1xn vector of 1's
    ##set hat function I.C. : u(.5<=x<=1 && .5<=y<=1 ) is 2
    u[int(.5 / dy):int(1 / dy + 1), int(.5 / dx):int(1 / dx + 1)] = 2
    return u


CASES = [
    dict(name="peak", function=peak, args=lambda: (hat(),)),
]
