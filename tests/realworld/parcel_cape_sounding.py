# Written for this corpus (p14) in the style of atmospheric-thermodynamics teaching code (a parcel lifted through a sounding as MetPy's `lcl`, `moist_lapse` and `cape_cin` do it, written out by hand): Bolton's saturation vapour pressure, the LCL found by a `while` fixed-point iteration on the dewpoint with a tolerance, the dry adiabat below it by Poisson's equation, the moist adiabat above it stepped by RK2 in pressure with MetPy's lapse-rate formula, virtual temperatures, the environment's sounding as module arrays interpolated with `np.interp` on log-pressure, CAPE as the positive area by `np.maximum` and the trapezoid rule written out, and the lifted index at 500 hPa. Differentiated: CAPE in the surface temperature and dewpoint, the LCL pressure in (surface pressure, temperature, dewpoint), and the lifted index in the surface temperature and dewpoint.
import math

import numpy as np

RD, CPD, LV, EPS = 287.04, 1005.7, 2.501e6, 0.622
KAPPA = RD / CPD

SOUNDING_P = np.array([1000.0, 925.0, 850.0, 700.0, 600.0, 500.0, 400.0, 300.0, 250.0, 200.0])   # hPa
SOUNDING_T = np.array([28.0, 22.5, 17.0, 6.5, -1.5, -10.0, -21.0, -36.5, -45.5, -55.0]) + 273.15
SOUNDING_TD = np.array([20.0, 17.0, 11.0, -2.0, -12.0, -25.0, -35.0, -50.0, -58.0, -65.0]) + 273.15


def saturation_vapor_pressure(T):
    """hPa, Bolton (1980), T in K."""
    Tc = T - 273.15
    return 6.112 * np.exp(17.67 * Tc / (Tc + 243.5))


def mixing_ratio(e, p):
    return EPS * e / (p - e)


def virtual_temperature(T, w):
    return T * (w + EPS) / (EPS * (1.0 + w))


def lcl(p0, T0, Td0, tol=1e-8, max_iter=50):
    """Pressure and temperature of the lifting condensation level (MetPy's iteration)."""
    w = mixing_ratio(saturation_vapor_pressure(Td0), p0)
    p, it = p0, 0
    while True:
        T = T0 * (p / p0) ** KAPPA
        e = p * w / (EPS + w)
        Td = 243.5 * math.log(e / 6.112) / (17.67 - math.log(e / 6.112)) + 273.15
        p_new = p0 * (Td / T0) ** (1.0 / KAPPA)
        if abs(p_new - p) < tol:
            return p_new, Td
        p, it = p_new, it + 1
        if it > max_iter:
            raise RuntimeError(f"LCL did not converge from p0={p0} hPa")


def moist_lapse(T, p):
    """dT/dp (K/hPa) along a saturated adiabat."""
    rs = mixing_ratio(saturation_vapor_pressure(T), p)
    return (RD * T + LV * rs) / (CPD + LV ** 2 * rs * EPS / (RD * T ** 2)) / p


def parcel_profile(p0, T0, Td0, levels):
    p_lcl, T_lcl = lcl(p0, T0, Td0)
    w0 = mixing_ratio(saturation_vapor_pressure(Td0), p0)
    temps, T, p = [], T_lcl, p_lcl
    for level in levels:
        if level >= p_lcl:
            Tp = T0 * (level / p0) ** KAPPA
            temps.append(virtual_temperature(Tp, w0))
            continue
        n = max(1, int(math.ceil((p - level) / 10.0)))
        dp = (level - p) / n
        for _ in range(n):
            k1 = moist_lapse(T, p)
            k2 = moist_lapse(T + dp * k1, p + dp)
            T, p = T + 0.5 * dp * (k1 + k2), p + dp
        p = level                  # (not the sum of the steps: the next level's step count must not drift)
        temps.append(virtual_temperature(T, mixing_ratio(saturation_vapor_pressure(T), p)))
    return np.array(temps)


LEVELS = np.linspace(950.0, 200.0, 31)


def environment_tv(levels):
    logp = np.log(SOUNDING_P[::-1])
    T = np.interp(np.log(levels), logp, SOUNDING_T[::-1])
    Td = np.interp(np.log(levels), logp, SOUNDING_TD[::-1])
    return virtual_temperature(T, mixing_ratio(saturation_vapor_pressure(Td), levels))


def cape(surface, p0=1000.0):
    T0, Td0 = surface
    buoyancy = parcel_profile(p0, T0, Td0, LEVELS) - environment_tv(LEVELS)
    positive = np.maximum(buoyancy, 0.0)
    lnp = np.log(LEVELS)
    return float(RD * np.sum(0.5 * (positive[1:] + positive[:-1]) * (lnp[:-1] - lnp[1:])))


def lcl_pressure(state):
    p, _ = lcl(state[0], state[1], state[2])
    return p


def lifted_index(surface, p0=1000.0):
    """Environment minus parcel virtual temperature at 500 hPa (negative: unstable)."""
    T0, Td0 = surface
    parcel = parcel_profile(p0, T0, Td0, [850.0, 500.0])
    return float(environment_tv(np.array([500.0]))[0] - parcel[1])


CASES = [
    dict(name="cape", function=cape, args=lambda: (np.array([301.15, 293.15]),)),
    dict(name="lcl_pressure", function=lcl_pressure, args=lambda: (np.array([1000.0, 301.15, 293.15]),)),
    dict(name="lifted_index", function=lifted_index, args=lambda: (np.array([301.15, 293.15]),)),
]
