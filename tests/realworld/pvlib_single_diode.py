# Ported from pvlib/pvlib-python (pvlib/pvsystem.py `calcparams_desoto`; pvlib/singlediode.py `bishop88` and `_lambertw_i_from_v`, pvlib/pvsystem.py `i_from_v`'s Lambert-W solution), the five-parameter single-diode model of a PV module with NumPy arrays and the De Soto temperature and irradiance dependences (`Boltzmann` in eV/K, `EgRef * (1 + dEgdT * (Tcell - Tref))`); the test wrappers take the maximum power of a sampled I-V curve and a squared fit error to a measured curve, the saturation current as its log10. Differentiated in the reference parameters (IL, I0, Rs, Rsh, a) and the cell temperature.
import numpy as np
from scipy.special import lambertw


def calcparams_desoto(effective_irradiance, temp_cell, alpha_sc, a_ref, I_L_ref, I_o_ref, R_sh_ref, R_s,
                      EgRef=1.121, dEgdT=-0.0002677, irrad_ref=1000, temp_ref=25):
    # Boltzmann constant in eV/K, 8.617332478e-05
    k = 8.617332478e-05

    # reference cell temperature and cell temperature in Kelvin
    Tref_K = temp_ref + 273.15
    Tcell_K = temp_cell + 273.15

    E_g = EgRef * (1 + dEgdT * (Tcell_K - Tref_K))

    nNsVth = a_ref * (Tcell_K / Tref_K)

    # In the equation for IL, the single factor effective_irradiance is
    # used, in place of the product S*M in [1]. effective_irradiance is
    # equivalent to the product of S (irradiance reaching a module's cells) *
    # M (spectral adjustment factor) as described in [1].
    IL = effective_irradiance / irrad_ref * (I_L_ref + alpha_sc * (Tcell_K - Tref_K))

    I0 = (I_o_ref * ((Tcell_K / Tref_K) ** 3) *
          (np.exp(EgRef / (k * (Tref_K)) - (E_g / (k * (Tcell_K))))))

    # Note that the equation for Rsh differs from [1]. In [1] Rsh is given as
    # Rsh = Rsh_ref * (S_ref / S) where S is broadband irradiance reaching
    # the module's cells. If desired this model behavior can be duplicated
    # by applying reflection and soiling losses to broadband plane of array
    # irradiance and not applying a spectral loss modifier, i.e.,
    # spectral_modifier = 1.0.
    # use errstate to silence divide by warning
    with np.errstate(divide='ignore'):
        Rsh = R_sh_ref * (irrad_ref / effective_irradiance)

    Rs = R_s

    return IL, I0, Rs, Rsh, nNsVth


def bishop88(diode_voltage, photocurrent, saturation_current, resistance_series, resistance_shunt, nNsVth):
    """The explicit form: current and voltage at the given diode voltages (Bishop 1988), without
    the breakdown and recombination terms pvlib adds as options."""
    # calculate recombination loss current where d2mutau > 0
    # calculate temporary values to simplify calculations
    v_star = diode_voltage / nNsVth  # non-dimensional diode voltage
    g_sh = 1.0 / resistance_shunt  # conductance
    i = (photocurrent - saturation_current * np.expm1(v_star) - diode_voltage * g_sh)
    v = diode_voltage - i * resistance_series
    retval = (i, v, i * v)
    return retval


def _lambertw_i_from_v(voltage, photocurrent, saturation_current, resistance_series, resistance_shunt, nNsVth):
    # Record if inputs were all scalar
    output_is_scalar = all(map(np.isscalar, (voltage, photocurrent, saturation_current, resistance_series,
                                              resistance_shunt, nNsVth)))

    # This transforms Gsh=1/Rsh, including ideal Rsh=np.inf into Gsh=0., which
    #  is generally more numerically stable
    conductance_shunt = 1. / resistance_shunt

    # Ensure that we are working with read-only views of numpy arrays
    # Turns Series into arrays so that we don't have to worry about
    #  multidimensional broadcasting failing
    I, IL, I0, Rs, Gsh, a = np.broadcast_arrays(voltage, photocurrent, saturation_current, resistance_series,
                                                conductance_shunt, nNsVth)
    V = np.array(I, dtype=float)

    # Intitalize output I (V might not be float64)
    I = np.full_like(V, np.nan, dtype=np.float64)

    # Determine indices where 0 < Rs requires implicit model solution
    idx_p = 0. < Rs

    # Determine indices where 0 = Rs allows explicit model solution
    idx_z = 0. == Rs

    # Explicit solutions where Rs=0
    if np.any(idx_z):
        I[idx_z] = IL[idx_z] - I0[idx_z] * np.expm1(V[idx_z] / a[idx_z]) - Gsh[idx_z] * V[idx_z]

    # Only compute using LambertW if there are cases with Rs>0
    # Does NOT handle possibility of overflow, github issue 298
    if np.any(idx_p):
        # LambertW argument, cannot be float128, may overflow to np.inf
        argW = Rs[idx_p] * I0[idx_p] / (a[idx_p] * (Rs[idx_p] * Gsh[idx_p] + 1.)) * \
            np.exp((Rs[idx_p] * (IL[idx_p] + I0[idx_p]) + V[idx_p]) / (a[idx_p] * (Rs[idx_p] * Gsh[idx_p] + 1.)))

        # lambertw typically returns complex value with zero imaginary part
        # may overflow to np.inf
        lambertwterm = lambertw(argW).real

        # Eqn. 2 in Jain and Kapoor, 2004
        #  I = -V/(Rs + Rsh) - (a/Rs)*lambertwterm + Rsh*(IL + I0)/(Rs + Rsh)
        # Recast in terms of Gsh=1/Rsh for better numerical stability.
        I[idx_p] = (IL[idx_p] + I0[idx_p] - V[idx_p] * Gsh[idx_p]) / (Rs[idx_p] * Gsh[idx_p] + 1.) - \
            (a[idx_p] / Rs[idx_p]) * lambertwterm

    if output_is_scalar:
        return I.item()
    else:
        return I


MODULE = dict(alpha_sc=0.004539, EgRef=1.121, dEgdT=-0.0002677)
REF = np.array([6.0, -9.2, 0.3, 300.0, 1.6])      # I_L_ref, log10(I_o_ref), R_s, R_sh_ref, a_ref


def max_power(ref, temp_cell=45.0, irradiance=800.0):
    """Test wrapper: the largest power on a dense sampling of the curve (`bishop88` over diode
    voltages up to 0.99 Voc, as `bishop88_mpp` brackets it); the saturation current is passed as
    its log10 (finite differences of 6e-10 itself step across zero)."""
    I_L_ref, log10_I_o_ref, R_s, R_sh_ref, a_ref = ref
    I_o_ref = 10.0 ** log10_I_o_ref
    IL, I0, Rs, Rsh, nNsVth = calcparams_desoto(irradiance, temp_cell, MODULE["alpha_sc"], a_ref, I_L_ref, I_o_ref,
                                                R_sh_ref, R_s, EgRef=MODULE["EgRef"], dEgdT=MODULE["dEgdT"])
    voc_est = nNsVth * np.log1p(IL / I0)
    vd = np.linspace(0.0, 0.99 * voc_est, 400)
    i, v, p = bishop88(vd, IL, I0, Rs, Rsh, nNsVth)
    return np.max(p)


def temperature_coefficient(temp_cell):
    return max_power(REF, temp_cell=temp_cell)


V_MEASURED = np.linspace(0.0, 30.0, 16)
I_MEASURED = np.array([5.12, 5.10, 5.08, 5.06, 5.04, 5.01, 4.99, 4.96, 4.92, 4.87, 4.78, 4.62, 4.31, 3.75, 2.80, 1.35])


def iv_fit(ref):
    """Test wrapper: squared error of the Lambert-W currents at the measured voltages."""
    I_L_ref, log10_I_o_ref, R_s, R_sh_ref, a_ref = ref
    I_o_ref = 10.0 ** log10_I_o_ref
    params = calcparams_desoto(850.0, 40.0, MODULE["alpha_sc"], a_ref, I_L_ref, I_o_ref, R_sh_ref, R_s)
    current = _lambertw_i_from_v(V_MEASURED, *params)
    return np.sum((current - I_MEASURED) ** 2)


CASES = [
    dict(name="max_power", function=max_power, args=lambda: (REF.copy(),)),
    dict(name="temperature", function=temperature_coefficient, args=lambda: (45.0,)),
    dict(name="iv_fit_lambertw", function=iv_fit, args=lambda: (REF.copy(),)),
]
