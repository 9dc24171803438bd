# Ported from California-Planet-Search/radvel, radvel/kepler.py (`rv_drive(t, orbel, use_c_kepler_solver=cext)` and the NumPy Kepler solver `kepler(Marr, eccarr)`) and radvel/orbit.py (`true_anomaly`, `timetrans_to_timeperi`), verbatim but for the package-qualified calls `radvel.orbit.true_anomaly` and `radvel.kepler.kepler` spelled as calls of the functions in this file, and the C extension left out (`cext = False`): `per, tp, e, om, k = orbel` unpacked from an array, the circular-orbit early return `if e == 0.0:`, the clamps `if per < 0: per = 1e-4`, the solver's `while nd > 0:` loop over the unconverged elements (`convd = np.where(np.abs(fiarr) > conv)[0]`, then a boolean mask), `Earr[convd] = E`, the third-order corrections `d1`, `d2`, `d3`, `if Earr.size > 1: return Earr`. The objectives: the RV curve's Jacobian w.r.t. the orbital elements, a chi-square against synthetic data w.r.t. the elements (and with the time of transit converted by `timetrans_to_timeperi`, whose `try: if ecc >= 1: return tc except ValueError: pass` is refused today), the times counted from an epoch by the test wrappers (a finite difference's step is relative to the value: 2.5 days at JD 2455013), and the eccentric anomaly w.r.t. the mean anomalies and eccentricities.
import numpy as np

cext = False


def rv_drive(t, orbel, use_c_kepler_solver=cext):
    """RV Drive
    Args:
        t (array of floats): times of observations
        orbel (array of floats): [per, tp, e, om, K].\
            Omega is expected to be\
            in radians
        use_c_kepler_solver (bool): (default: True) If \
            True use the Kepler solver written in C, else \
            use the Python/NumPy version.
    Returns:
        rv: (array of floats): radial velocity model
    """

    # unpack array of parameters
    per, tp, e, om, k = orbel

    # Performance boost for circular orbits
    if e == 0.0:
        m = 2 * np.pi * (((t - tp) / per) - np.floor((t - tp) / per))
        return k * np.cos(m + om)

    if per < 0:
        per = 1e-4
    if e < 0:
        e = 0
    if e > 0.99:
        e = 0.99

    # Calculate the approximate eccentric anomaly, E1, via the mean anomaly  M.
    nu = true_anomaly(t, tp, per, e)
    rv = k * (np.cos(nu + om) + e * np.cos(om))

    return rv


def kepler(Marr, eccarr):
    """Solve Kepler's Equation
    Args:
        Marr (array): input Mean anomaly
        eccarr (array): eccentricity
    Returns:
        array: eccentric anomaly
    """

    conv = 1.0e-12  # convergence criterion
    k = 0.85

    Earr = Marr + np.sign(np.sin(Marr)) * k * eccarr  # first guess at E
    # fiarr should go to zero when converges
    fiarr = ( Earr - eccarr * np.sin(Earr) - Marr)
    convd = np.where(np.abs(fiarr) > conv)[0]  # which indices have not converged
    nd = len(convd)  # number of unconverged elements
    count = 0

    while nd > 0:  # while unconverged elements exist
        count += 1

        M = Marr[convd]  # just the unconverged elements ...
        ecc = eccarr[convd]
        E = Earr[convd]

        fi = fiarr[convd]  # fi = E - e*np.sin(E)-M    ; should go to 0
        fip = 1 - ecc * np.cos(E)  # d/dE(fi) ;i.e.,  fi^(prime)
        fipp = ecc * np.sin(E)  # d/dE(d/dE(fi)) ;i.e.,  fi^(\prime\prime)
        fippp = 1 - fip  # d/dE(d/dE(d/dE(fi))) ;i.e.,  fi^(\prime\prime\prime)

        # first, second, and third order corrections to E
        d1 = -fi / fip
        d2 = -fi / (fip + d1 * fipp / 2.0)
        d3 = -fi / (fip + d2 * fipp / 2.0 + d2 * d2 * fippp / 6.0)
        E = E + d3
        Earr[convd] = E
        fiarr = ( Earr - eccarr * np.sin( Earr ) - Marr) # how well did we do?
        convd = np.abs(fiarr) > conv  # test for convergence
        nd = np.sum(convd)

    if Earr.size > 1:
        return Earr
    else:
        return Earr[0]


def timetrans_to_timeperi(tc, per, ecc, omega):
    """
    Convert Time of Transit to Time of Periastron Passage

    Args:
        tc (float): time of transit
        per (float): period [days]
        ecc (float): eccecntricity
        omega (float): longitude of periastron (radians)

    Returns:
        float: time of periastron passage

    """
    try:
        if ecc >= 1:
            return tc
    except ValueError:
        pass

    f = np.pi/2 - omega
    EE = 2 * np.arctan(np.tan(f/2) * np.sqrt((1-ecc)/(1+ecc)))  # eccentric anomaly
    tp = tc - per/(2*np.pi) * (EE - ecc*np.sin(EE))      # time of periastron

    return tp


def true_anomaly(t, tp, per, e):
    """
    Calculate the true anomoly for a given time, period, eccentricity.

    Args:
        t (array): array of times in JD
        tp (float): time of periastron, same units as t
        per (float): orbital period in days
        e (float): eccentricity

    Returns:
        array: true anomoly at each time
    """

    # f in Murray and Dermott p. 27
    M = 2 * np.pi * (((t - tp) / per) - np.floor((t - tp) / per))
    eccarr = np.zeros(t.size) + e
    E1 = kepler(M, eccarr)
    n1 = 1.0 + e
    n2 = 1.0 - e
    nu = 2.0 * np.arctan((n1 / n2)**0.5 * np.tan(E1 / 2.0))

    return nu


# radvel's profile(): orbel = [32.468, 2456000, ecc, np.pi/2, 10.0] over t in linspace(2455000, 2457000)
T_OBS = np.linspace(2455000.3, 2455090.7, 12)
ORBEL = np.array([32.468, 2455013.2, 0.31, np.pi / 2 - 0.4, 10.0])
RV_OBS = rv_drive(T_OBS, ORBEL) + np.random.RandomState(3).normal(0.0, 0.8, T_OBS.size)
ERR = 0.8


EPOCH = np.array([0.0, 2455000.0, 0.0, 0.0, 0.0])   # the times of periastron and transit are days after it


def rv_curve(orbel_from_epoch):   # test wrapper: the elements with tp counted from EPOCH (finite
    return rv_drive(T_OBS, orbel_from_epoch + EPOCH)   # differences' step is relative to each value)


def chi2(params):    # test wrapper: radvel's likelihood residuals, the periastron time as the parameter
    model = rv_drive(T_OBS, params + EPOCH)
    return np.sum(((RV_OBS - model) / ERR) ** 2)


def chi2_transit_time(params):    # test wrapper: the same with the time of transit as the parameter
    per, tc, e, om, k = params + EPOCH
    tp = timetrans_to_timeperi(tc, per, e, om)
    model = rv_drive(T_OBS, np.array([per, tp, e, om, k]))
    return np.sum(((RV_OBS - model) / ERR) ** 2)


CASES = [
    dict(name="rv_drive_jacobian", function=rv_curve, args=lambda: (ORBEL - EPOCH,), kind="jacobian"),
    dict(name="chi2", function=chi2, args=lambda: (np.array([32.3, 15.1, 0.27, np.pi / 2 - 0.35, 9.6]),)),
    dict(name="chi2_transit_time", function=chi2_transit_time,
         args=lambda: (np.array([32.3, 21.0, 0.27, np.pi / 2 - 0.35, 9.6]),)),
    dict(name="kepler_solver", function=kepler,
         args=lambda: (np.array([0.3, 1.7, 2.9, 4.4, 5.9]), np.array([0.1, 0.5, 0.8, 0.3, 0.65])),
         wrt=(0,), kind="jacobian"),
    dict(name="kepler_eccentricity", function=lambda M, e: np.sum(kepler(M, e) ** 2),
         args=lambda: (np.array([0.3, 1.7, 2.9, 4.4, 5.9]), np.array([0.1, 0.5, 0.8, 0.3, 0.65])),
         wrt=(1,)),
]
