# Written for this corpus (p12) in the style of Andrew Pethick's widely copied "1D magnetotelluric forward modelling" script: `mu = 4*math.pi*1E-7`, a loop over frequencies, the impedance recursion from the basement up with `cmath.sqrt(1j*w*mu*resistivity)` and `cmath.exp`, a list `impedances = list(range(n))` overwritten from the bottom, `abs(Z)` and `math.atan2(Z.imag, Z.real)`, results appended to lists; plus an inversion script's misfit over `log10` resistivities with an Occam-style roughness penalty by `np.diff`, a vectorised NumPy version of the same recursion over all frequencies at once, and a `try`/`except ZeroDivisionError` guard. Differentiated: the misfit in the layers' log-resistivities and thicknesses, and the vectorised apparent resistivities (a Jacobian) in the log-resistivities.
import cmath
import math

import numpy as np

mu = 4 * math.pi * 1E-7  # Magnetic Permeability (H/m)


def mt1d_forward(resistivities, thicknesses, frequencies):
    """Apparent resistivity and phase at each frequency of a layered earth (last layer a
    half-space)."""
    n = len(resistivities)
    apparent_resistivities = []
    phases = []
    for frequency in frequencies:
        w = 2 * math.pi * frequency
        impedances = list(range(n))
        # compute basement impedance
        impedances[n - 1] = cmath.sqrt(w * mu * resistivities[n - 1] * 1j)

        for j in range(n - 2, -1, -1):
            resistivity = resistivities[j]
            thickness = thicknesses[j]

            # 3. Compute apparent resistivity from top layer impedance
            # Step 2. Iterate from bottom layer to top(not the basement)
            # Step 2.1 Calculate the intrinsic impedance of current layer
            dj = cmath.sqrt((w * mu * (1.0 / resistivity)) * 1j)
            wj = dj * resistivity

            # Step 2.2 Calculate Exponential factor from intrinsic impedance
            ej = cmath.exp(-2 * thickness * dj)

            # Step 2.3 Calculate reflection coeficient using current layer
            #          intrinsic impedance and the below layer impedance
            belowImpedance = impedances[j + 1]
            rj = (wj - belowImpedance) / (wj + belowImpedance)
            re = rj * ej
            Zj = wj * ((1 - re) / (1 + re))
            impedances[j] = Zj

        # Step 3. Compute apparent resistivity from top layer impedance
        Z = impedances[0]
        absZ = abs(Z)
        apparentResistivity = (absZ * absZ) / (mu * w)
        phase = math.atan2(Z.imag, Z.real)
        apparent_resistivities.append(apparentResistivity)
        phases.append(phase)
    return apparent_resistivities, phases


def mt1d_vectorised(resistivities, thicknesses, frequencies):
    """The same recursion over all frequencies at once (complex NumPy arrays)."""
    w = 2 * np.pi * np.asarray(frequencies)
    Z = np.sqrt(1j * w * mu * resistivities[-1])
    for j in range(len(resistivities) - 2, -1, -1):
        dj = np.sqrt(1j * w * mu / resistivities[j])
        wj = dj * resistivities[j]
        rj = (wj - Z) / (wj + Z)
        re = rj * np.exp(-2 * thicknesses[j] * dj)
        Z = wj * (1 - re) / (1 + re)
    rho_a = np.abs(Z) ** 2 / (mu * w)
    phase = np.degrees(np.angle(Z))
    return rho_a, phase


FREQUENCIES = np.logspace(-3, 3, 13)
TRUE_RHO = [100.0, 10.0, 1000.0, 50.0]
TRUE_H = [300.0, 1500.0, 4000.0]
OBS_RHO, OBS_PHASE = mt1d_forward(TRUE_RHO, TRUE_H, FREQUENCIES)


def occam_misfit(log_rho, log_h, roughness=0.1):
    resistivities = [10 ** m for m in log_rho]
    thicknesses = [10 ** m for m in log_h]
    rho_a, phase = mt1d_forward(resistivities, thicknesses, FREQUENCIES)
    misfit = 0.0
    for ra, ph, ra_obs, ph_obs in zip(rho_a, phase, OBS_RHO, OBS_PHASE):
        try:
            misfit += (math.log10(ra / ra_obs)) ** 2 + ((ph - ph_obs) / 0.1) ** 2 * 1e-2
        except ZeroDivisionError:
            misfit += 1e3
    return misfit + roughness * np.sum(np.diff(log_rho) ** 2)


def vectorised_sounding(log_rho):
    rho_a, phase = mt1d_vectorised(10.0 ** log_rho, np.array(TRUE_H), FREQUENCIES)
    return np.log10(rho_a) + phase / 45.0


CASES = [
    dict(name="occam_misfit", function=occam_misfit,
         args=lambda: (np.array([1.9, 1.2, 2.7, 1.6]), np.array([2.4, 3.1, 3.7])), wrt=(0, 1)),
    dict(name="vectorised_sounding", function=vectorised_sounding, kind="jacobian",
         args=lambda: (np.array([1.9, 1.2, 2.7, 1.6]),)),
]
