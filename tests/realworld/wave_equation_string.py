# Written for this corpus (p2) in the style of the 1-D wave equation as taught in Langtangen & Linge's "Finite Difference Computing with PDEs" (`solver` for a vibrating string: `u_n`, `u`, `u_nm1` arrays, the special first step, `u[1:-1] = ...` vectorised, Dirichlet ends set to 0, the arrays switched by `u_nm1, u_n = u_n, u` ... with copies), differentiated in the initial shape and the wave speed.
import numpy as np


def solver(I, V, f, c, L, dt, C, T):
    Nt = int(round(T / dt))
    t = np.linspace(0, Nt * dt, Nt + 1)   # Mesh points in time
    dx = dt * c / float(C)
    Nx = int(round(L / dx))
    x = np.linspace(0, L, Nx + 1)       # Mesh points in space
    C2 = C ** 2                         # Help variable in the scheme

    u = np.zeros(Nx + 1)   # Solution array at new time level
    u_n = np.zeros(Nx + 1)   # Solution at 1 time level back
    u_nm1 = np.zeros(Nx + 1)   # Solution at 2 time levels back

    # Load initial condition into u_n
    for i in range(0, Nx + 1):
        u_n[i] = I(x[i])

    # Special formula for first time step
    n = 0
    for i in range(1, Nx):
        u[i] = u_n[i] + dt * V(x[i]) + 0.5 * C2 * (u_n[i - 1] - 2 * u_n[i] + u_n[i + 1]) + 0.5 * dt ** 2 * f(x[i], t[n])
    u[0] = 0
    u[Nx] = 0

    # Switch variables before next step
    u_nm1[:] = u_n
    u_n[:] = u

    for n in range(1, Nt):
        u[1:-1] = -u_nm1[1:-1] + 2 * u_n[1:-1] + C2 * (u_n[:-2] - 2 * u_n[1:-1] + u_n[2:]) + dt ** 2 * f(x[1:-1], t[n])
        # Insert boundary conditions
        u[0] = 0
        u[Nx] = 0
        # Switch variables before next step
        u_nm1[:] = u_n
        u_n[:] = u
    return u, x


def plucked_energy(amplitude, c=1.0):
    """Test wrapper: the string's shape after T, its energy-like sum."""
    L = 1.0
    x0 = 0.8 * L
    I = lambda x: amplitude * x / x0 if x < x0 else amplitude / (L - x0) * (L - x)  # noqa: E731
    u, x = solver(I, lambda x: 0.0, lambda x, t: 0.0 * x, c, L, dt=0.02, C=0.8, T=0.5)
    return np.sum(u ** 2)


def forced_string(forcing, c):
    u, x = solver(lambda x: np.sin(np.pi * x), lambda x: 0.1 * x,
                  lambda x, t: forcing * np.sin(3 * np.pi * x) * np.cos(t), c, 1.0, dt=0.025, C=0.9, T=0.4)
    return u @ u + u[len(u) // 2]


CASES = [
    dict(name="plucked_energy", function=plucked_energy, args=lambda: (0.05,)),
    dict(name="forced_string", function=forced_string, args=lambda: (0.7, 1.0), wrt=(0,)),
]
