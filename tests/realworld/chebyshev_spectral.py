# Ported from Trefethen's "Spectral Methods in MATLAB" (cheb.m and program p13.m) as the Python versions circulating with the book (e.g. the `cheb` function of the "Spectral Methods in Python" ports): the Chebyshev differentiation matrix built with `np.tile`, `np.hstack` and outer products, the negative-sum trick for the diagonal, then the BVP u_xx = exp(4x) + c*u with u(+-1) = 0 solved on the interior points.
import numpy as np


def cheb(N):
    '''Chebyshev polynomial differentiation matrix.
       Ref.: Trefethen's 'Spectral Methods in MATLAB' book.
    '''
    x = np.cos(np.pi * np.arange(0, N + 1) / N)
    if N % 2 == 0:
        x[N // 2] = 0.0  # only when N is even!
    c = np.ones(N + 1)
    c[0] = 2.0
    c[N] = 2.0
    c = c * (-1.0) ** np.arange(0, N + 1)
    c = c.reshape(N + 1, 1)
    X = np.tile(x.reshape(N + 1, 1), (1, N + 1))
    dX = X - X.T
    D = np.dot(c, 1.0 / c.T) / (dX + np.eye(N + 1))
    D = D - np.diag(D.sum(axis=1))
    return D, x


def solve_bvp(c, amplitude, N=12):
    D, x = cheb(N)
    D2 = np.dot(D, D)
    D2 = D2[1:N, 1:N]
    f = amplitude * np.exp(4 * x[1:N])
    u = np.linalg.solve(D2 - c * np.eye(N - 1), f)
    u = np.hstack(([0.0], u, [0.0]))
    return x, u


def integral_of_solution(c, amplitude):
    x, u = solve_bvp(c, amplitude)
    # Clenshaw-Curtis would be spectral; the trapezoid on the Chebyshev points is what scripts write
    return np.trapezoid(u[::-1], x[::-1])


def spectral_derivative_error(coeffs):
    D, x = cheb(10)
    u = np.polynomial.chebyshev.chebval(x, coeffs)
    du = np.polynomial.chebyshev.chebval(x, np.polynomial.chebyshev.chebder(coeffs))
    return np.sum((D @ u - du) ** 2) + np.sum(u ** 2)


CASES = [
    dict(name="bvp_integral", function=integral_of_solution, args=lambda: (0.5, 1.0), wrt=(0, 1)),
    dict(name="derivative_matrix", function=spectral_derivative_error, args=lambda: (np.array([0.5, -0.2, 0.3, 0.1]),)),
]
