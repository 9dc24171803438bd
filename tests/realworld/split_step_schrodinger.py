# Written for this corpus (p5) in the style of Jake VanderPlas' "Quantum Python: Animating the Schrodinger Equation" (Pythonic Perambulations, 2012): a `Schrodinger` class validating its inputs with `map(np.asarray, ...)` and `assert`s, `k0 == None` defaulting the wavenumber grid, `psi_x` and `dt` as `property(_get, _set)` pairs (setting `dt` computes the half and full evolution factors `np.exp(-1j * V * dt / hbar)` once), the split-step Fourier `time_step(dt, Nsteps)` updating `self.psi_mod_x *= self.x_evolve_half` in place around a loop of FFT / kinetic phase / inverse FFT, and a Gaussian wave packet sent at a square barrier. The script's `scipy.fftpack` is NumPy's `np.fft` here (one case keeps fftpack). Differentiated in the barrier height and the packet's momentum (the transmitted probability) and in the potential (the final density).
import numpy as np
from scipy import fftpack


class Schrodinger(object):
    """Evolve a 1-D wave function psi(x) in a potential V(x) by the split-step Fourier method."""

    def __init__(self, x, psi_x0, V_x, k0=None, hbar=1, m=1, t0=0.0):
        # Validation of array inputs
        self.x, psi_x0, self.V_x = map(np.asarray, (x, psi_x0, V_x))
        N = self.x.size
        assert self.x.shape == (N,)
        assert psi_x0.shape == (N,)
        assert self.V_x.shape == (N,)

        # Set internal parameters
        self.hbar = hbar
        self.m = m
        self.t = t0
        self.dt_ = None
        self.N = len(x)
        self.dx = self.x[1] - self.x[0]
        self.dk = 2 * np.pi / (self.N * self.dx)

        # set momentum scale
        if k0 == None:
            self.k0 = -0.5 * self.N * self.dk
        else:
            self.k0 = k0
        self.k = self.k0 + self.dk * np.arange(self.N)

        self.psi_x = psi_x0
        self.compute_k_from_x()

        # variables which hold steps in evolution of the
        self.x_evolve_half = None
        self.x_evolve = None
        self.k_evolve = None

    def _set_psi_x(self, psi_x):
        self.psi_mod_x = (psi_x * np.exp(-1j * self.k[0] * self.x)
                          * self.dx / np.sqrt(2 * np.pi))

    def _get_psi_x(self):
        return (self.psi_mod_x * np.exp(1j * self.k[0] * self.x)
                * np.sqrt(2 * np.pi) / self.dx)

    def _set_psi_k(self, psi_k):
        self.psi_mod_k = psi_k * np.exp(1j * self.x[0] * self.dk * np.arange(self.N))

    def _get_psi_k(self):
        return self.psi_mod_k * np.exp(-1j * self.x[0] * self.dk * np.arange(self.N))

    def _get_dt(self):
        return self.dt_

    def _set_dt(self, dt):
        if dt != self.dt_:
            self.dt_ = dt
            self.x_evolve_half = np.exp(-0.5 * 1j * self.V_x / self.hbar * dt)
            self.x_evolve = self.x_evolve_half * self.x_evolve_half
            self.k_evolve = np.exp(-0.5 * 1j * self.hbar / self.m
                                   * (self.k * self.k) * dt)

    psi_x = property(_get_psi_x, _set_psi_x)
    psi_k = property(_get_psi_k, _set_psi_k)
    dt = property(_get_dt, _set_dt)

    def compute_k_from_x(self):
        self.psi_mod_k = np.fft.fft(self.psi_mod_x)

    def compute_x_from_k(self):
        self.psi_mod_x = np.fft.ifft(self.psi_mod_k)

    def time_step(self, dt, Nsteps=1):
        """Perform a series of time-steps via the time-dependent Schrodinger Equation."""
        self.dt = dt

        if Nsteps > 0:
            self.psi_mod_x *= self.x_evolve_half

        for i in range(Nsteps - 1):
            self.compute_k_from_x()
            self.psi_mod_k *= self.k_evolve
            self.compute_x_from_k()
            self.psi_mod_x *= self.x_evolve

        self.compute_k_from_x()
        self.psi_mod_k *= self.k_evolve

        self.compute_x_from_k()
        self.psi_mod_x *= self.x_evolve_half

        self.compute_k_from_x()

        self.t += dt * Nsteps


class FftpackSchrodinger(Schrodinger):
    """The post's own transforms: `scipy.fftpack`."""

    def compute_k_from_x(self):
        self.psi_mod_k = fftpack.fft(self.psi_mod_x)

    def compute_x_from_k(self):
        self.psi_mod_x = fftpack.ifft(self.psi_mod_k)


def gauss_x(x, a, x0, k0):
    """a gaussian wave packet of width a, centered at x0, with momentum k0"""
    return ((a * np.sqrt(np.pi)) ** (-0.5)
            * np.exp(-0.5 * ((x - x0) * 1. / a) ** 2 + 1j * x * k0))


def theta(x):
    """theta function : returns 0 if x<=0, and 1 if x>0"""
    x = np.asarray(x)
    y = np.zeros(x.shape)
    y[x > 0] = 1.0
    return y


def square_barrier(x, width, height):
    return height * (theta(x) - theta(x - width))


# specify constants (a smaller box than the post's, and fewer steps)
hbar = 1.0   # planck's constant
m = 1.9      # particle mass
N = 2 ** 8
dx = 0.2
x = dx * (np.arange(N) - 0.5 * N)
a = 2.0       # barrier width
x0 = -6.0     # the packet starts left of the barrier
d = 2.0       # packet width
dt = 0.05
N_STEPS = 60


def transmission(V0, p0):
    """Test wrapper: the probability found right of the barrier after N_STEPS steps, as a function
    of the barrier height and the packet's momentum."""
    V_x = square_barrier(x, a, V0)
    psi_x0 = gauss_x(x, d, x0, p0 / hbar)
    S = Schrodinger(x=x, psi_x0=psi_x0, V_x=V_x, hbar=hbar, m=m)
    S.time_step(dt, N_STEPS)
    density = abs(S.psi_x) ** 2
    return np.sum(density[x > a]) * dx


def final_density_moment(V_x):
    """Test wrapper: the mean position of the evolved packet, as a function of the potential."""
    S = Schrodinger(x=x, psi_x0=gauss_x(x, d, -4.0, 3.0), V_x=V_x, hbar=hbar, m=m)
    S.time_step(dt, 10)
    density = np.abs(S.psi_x) ** 2
    return np.sum(x * density) * dx


def fftpack_transmission(V0):
    V_x = square_barrier(x, a, V0)
    S = FftpackSchrodinger(x=x, psi_x0=gauss_x(x, d, x0, 6.0), V_x=V_x, hbar=hbar, m=m)
    S.time_step(dt, N_STEPS)
    return np.sum(abs(S.psi_x[x > a]) ** 2) * dx


V_SMOOTH = 0.5 * np.exp(-0.5 * (x / 3.0) ** 2)

CASES = [
    dict(name="transmission", function=transmission, args=lambda: (8.0, 6.0), wrt=(0, 1)),
    dict(name="potential", function=final_density_moment, args=lambda: (V_SMOOTH.copy(),)),
    dict(name="fftpack", function=fftpack_transmission, args=lambda: (8.0,)),
]
