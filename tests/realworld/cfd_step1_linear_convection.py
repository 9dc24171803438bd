# Ported from barbagroup/CFDPython, lessons/01_Step_1.ipynb ("12 steps to Navier-Stokes", step 1: 1-D linear convection); the notebook's script body wrapped in a function of the initial condition.
import numpy

nx = 41
dx = 2 / (nx - 1)
nt = 25    # nt is the number of timesteps we want to calculate
dt = .025  # dt is the amount of time each timestep covers (delta t)
c = 1      # assume wavespeed of c = 1


def convect(u):
    un = numpy.ones(nx)  # initialize a temporary array

    for n in range(nt):  # loop for values of n from 0 to nt, so it will run nt times
        un = u.copy()  # copy the existing values of u into un
        for i in range(1, nx):  # you can try commenting this line and...
        # for i in range(nx): ... uncommenting this line and see what happens!
            u[i] = un[i] - c * dt / dx * (un[i] - un[i-1])
    return u


def energy(u):
    # test wrapper: a scalar of the final state
    return numpy.sum(convect(u) ** 2)


def initial_condition():
    u = numpy.ones(nx)  # numpy function ones()
    u[int(.5 / dx):int(1 / dx + 1)] = 2  # setting u = 2 between 0.5 and 1 as per our I.C.s
    return u


CASES = [
    dict(name="energy", function=energy, args=lambda: (initial_condition(),)),
    dict(name="convect", function=convect, args=lambda: (initial_condition(),), kind="jacobian", jvp=False),
]
