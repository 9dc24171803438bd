# Ported from rougier/from-python-to-numpy, code/gray-scott.py (Nicolas P. Rougier, "From Python to Numpy", BSD licence; https://github.com/rougier/from-python-to-numpy/blob/master/code/gray-scott.py): the Gray-Scott reaction-diffusion update, a 5-point Laplacian by slicing the padded grids `U`, `V` and in-place `+=` into their interior *views* `u, v = U[1:-1, 1:-1], V[1:-1, 1:-1]`. The animation's `update(frame)` (globals U, V, u, v and `im.set_data`) becomes a function of the grids and the rates; the structured array `Z` holding both fields is kept.
import numpy as np


# Parameters from http://www.aliensaint.com/uo/java/rd/
# -----------------------------------------------------
n = 12
Du, Dv, F, k = 0.16, 0.08, 0.035, 0.065  # Bacteria 1


def initial_state(seed=0):
    np.random.seed(seed)
    Z = np.zeros((n+2, n+2), [('U', np.double),
                              ('V', np.double)])
    U, V = Z['U'], Z['V']
    u, v = U[1:-1, 1:-1], V[1:-1, 1:-1]

    r = 3
    u[...] = 1.0
    U[n//2-r:n//2+r, n//2-r:n//2+r] = 0.50
    V[n//2-r:n//2+r, n//2-r:n//2+r] = 0.25
    u += 0.05*np.random.uniform(-1, +1, (n, n))
    v += 0.05*np.random.uniform(-1, +1, (n, n))
    return np.array(U), np.array(V)


def update(U, V, Du, Dv, F, k):
    # the author's update(frame), its globals made arguments (the views are taken as there)
    u, v = U[1:-1, 1:-1], V[1:-1, 1:-1]

    for i in range(10):
        Lu = (                  U[0:-2, 1:-1] +
              U[1:-1, 0:-2] - 4*U[1:-1, 1:-1] + U[1:-1, 2:] +
                                U[2:  , 1:-1])
        Lv = (                  V[0:-2, 1:-1] +
              V[1:-1, 0:-2] - 4*V[1:-1, 1:-1] + V[1:-1, 2:] +
                                V[2:  , 1:-1])
        uvv = u*v*v
        u += (Du*Lu - uvv + F*(1-u))
        v += (Dv*Lv + uvv - (F+k)*v)

    return U, V


def pattern(U, V, Du, Dv, F, k):
    # test wrapper: a weighted sum of the V field after ten steps (what `im.set_data(V)` shows)
    U, V = update(U, V, Du, Dv, F, k)
    return np.sum(V * np.linspace(0.5, 1.5, V.size).reshape(V.shape)) + 0.1 * np.sum(U ** 2)


CASES = [
    dict(name="rates", function=pattern, args=lambda: (*initial_state(), Du, Dv, F, k), wrt=(2, 3, 4, 5)),
    dict(name="initial_grids", function=pattern, args=lambda: (*initial_state(), Du, Dv, F, k), wrt=(0, 1)),
]
