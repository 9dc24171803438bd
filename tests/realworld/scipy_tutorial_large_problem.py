# Ported from scipy/scipy, doc/source/tutorial/optimize.rst, "Root finding: large problems" (the residual of the discretised integro-differential equation solved with `root(residual, guess, method='krylov')`), verbatim but for the grid (8 x 8 for 75 x 75).
import numpy as np
from scipy.optimize import root
from numpy import cosh, zeros_like, mgrid, zeros

# parameters
nx, ny = 8, 8
hx, hy = 1./(nx-1), 1./(ny-1)

P_left, P_right = 0, 0
P_top, P_bottom = 1, 0

def residual(P):
   d2x = zeros_like(P)
   d2y = zeros_like(P)

   d2x[1:-1] = (P[2:]   - 2*P[1:-1] + P[:-2]) / hx/hx
   d2x[0]    = (P[1]    - 2*P[0]    + P_left)/hx/hx
   d2x[-1]   = (P_right - 2*P[-1]   + P[-2])/hx/hx

   d2y[:,1:-1] = (P[:,2:] - 2*P[:,1:-1] + P[:,:-2])/hy/hy
   d2y[:,0]    = (P[:,1]  - 2*P[:,0]    + P_bottom)/hy/hy
   d2y[:,-1]   = (P_top   - 2*P[:,-1]   + P[:,-2])/hy/hy

   return d2x + d2y + 5*cosh(P).mean()**2


# solve
guess = zeros((nx, ny), float)
sol = root(residual, guess, method='krylov')
P = sol.x


def residual_norm(P):
    """Test wrapper: half the squared residual, the merit function a Newton-Krylov solve lowers."""
    return 0.5 * np.sum(residual(P)**2)


_x, _y = mgrid[0:1:(nx*1j), 0:1:(ny*1j)]
_P0 = 0.3 * np.sin(np.pi * _x) * _y + 0.1 * _x

CASES = [
    dict(name="residual_jacobian", function=residual, args=lambda: (_P0.copy(),), kind="jacobian"),
    dict(name="residual_norm", function=residual_norm, args=lambda: (_P0.copy(),)),
    dict(name="residual_norm_at_solution", function=residual_norm, args=lambda: (P.copy(),)),
]
