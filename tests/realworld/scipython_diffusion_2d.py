# Ported from scipython.com (Christian Hill), blog "The two-dimensional diffusion equation": `do_timestep(u0, u)` with the forward-difference update on slices, over module constants (plotting left out).
import numpy as np

# plate size, mm
w = h = 4.
# intervals in x-, y- directions, mm
dx = dy = 0.5
# Thermal diffusivity of steel, mm2.s-1
D = 4.

Tcool, Thot = 300, 700

nx, ny = int(w/dx), int(h/dy)

dx2, dy2 = dx*dx, dy*dy
dt = dx2 * dy2 / (2 * D * (dx2 + dy2))


def do_timestep(u0, u):
    # Propagate with forward-difference in time, central-difference in space
    u[1:-1, 1:-1] = u0[1:-1, 1:-1] + D * dt * (
          (u0[2:, 1:-1] - 2*u0[1:-1, 1:-1] + u0[:-2, 1:-1])/dx2
          + (u0[1:-1, 2:] - 2*u0[1:-1, 1:-1] + u0[1:-1, :-2])/dy2 )

    u0 = u.copy()
    return u0, u


def evolve(u0):
    # test wrapper: the example's main loop, a few steps, the mean temperature of a corner
    u = u0.copy()
    nsteps = 5
    for m in range(nsteps):
        u0, u = do_timestep(u0, u)
    return np.mean(u[:3, :3] ** 2) / Thot


def initial():
    u0 = Tcool * np.ones((nx, ny))
    # Initial conditions - circle of radius r centred at (cx,cy) (mm)
    r, cx, cy = 1.5, 2, 2
    r2 = r**2
    for i in range(nx):
        for j in range(ny):
            p2 = (i*dx-cx)**2 + (j*dy-cy)**2
            if p2 < r2:
                u0[i,j] = Thot
    return u0


CASES = [
    dict(name="evolve", function=evolve, args=lambda: (initial(),)),
]
