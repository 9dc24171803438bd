# Written for this corpus (p12) in the style of Paul Connolly's `gaussianPlume` teaching code (University of Manchester) and the Pasquill-Gifford tables behind it: `calc_sigmas(CATEGORY, x1)` choosing log-polynomial coefficients by an `if`/`elif` chain over the stability class, `ind = np.where(x1 < ...)` masked writes, `gauss_func(Q, u, dir1, x, y, z, xs, ys, H, STABILITY)` projecting receptors onto the wind by dot products with `np.sqrt`/`np.arccos`, ground reflection terms, a Briggs plume rise helper with keyword defaults, several stacks summed in a loop over a list of dicts, a wind profile by `scipy.interpolate.interp1d`, and sensor readings with noise drawn by `np.random.default_rng(seed)` inside a source-term estimation misfit. Differentiated: receptor concentrations in the emission rate, stack height and wind speed, and the misfit in the source strength and position.
import numpy as np
from scipy.interpolate import interp1d

# stability classes
CONSTANT_STABILITY, ANNUAL_CYCLE = 1, 2
STABILITY_NAMES = ['A', 'B', 'C', 'D', 'E', 'F']


def calc_sigmas(CATEGORY, x1):
    """Pasquill-Gifford dispersion coefficients (m) at downwind distances x1 (m)."""
    x = np.abs(x1)

    a = np.zeros(np.shape(x))
    b = np.zeros(np.shape(x))
    c = np.zeros(np.shape(x))
    d = np.zeros(np.shape(x))

    if CATEGORY == 1:  # very unstable
        # vertical
        ind = np.where((x < 100.) & (x > 0.))
        a[ind] = 122.800
        b[ind] = 0.94470

        ind = np.where((x >= 100.) & (x < 150.))
        a[ind] = 158.080
        b[ind] = 1.05420

        ind = np.where((x >= 150.) & (x < 200.))
        a[ind] = 170.220
        b[ind] = 1.09320

        ind = np.where((x >= 200.) & (x < 250.))
        a[ind] = 179.520
        b[ind] = 1.12620

        ind = np.where(x >= 250.)
        a[ind] = 217.410
        b[ind] = 1.26440

        # cross wind
        c[:] = 24.1670
        d[:] = 2.5334
    elif CATEGORY == 2:  # moderately unstable
        ind = np.where((x < 200.) & (x > 0.))
        a[ind] = 90.673
        b[ind] = 0.93198

        ind = np.where(x >= 200.)
        a[ind] = 98.483
        b[ind] = 0.98332

        c[:] = 18.3330
        d[:] = 1.8096
    elif CATEGORY == 3:  # slightly unstable
        a[:] = 61.141
        b[:] = 0.91465
        c[:] = 12.5000
        d[:] = 1.0857
    elif CATEGORY == 4:  # neutral
        ind = np.where((x < 300.) & (x > 0.))
        a[ind] = 34.459
        b[ind] = 0.86974

        ind = np.where((x >= 300.) & (x < 1000.))
        a[ind] = 32.093
        b[ind] = 0.81066

        ind = np.where(x >= 1000.)
        a[ind] = 32.093
        b[ind] = 0.64403

        c[:] = 8.3330
        d[:] = 0.72382
    else:
        raise ValueError(f"unknown stability category {CATEGORY}")

    sig_z = a * (x / 1000.) ** b
    sig_z[np.where(sig_z[:] > 5000.)] = 5000.

    theta = 0.017453293 * (c - d * np.log(np.abs(x + 1e-15) / 1000.))
    sig_y = 465.11628 * x / 1000. * np.tan(theta)

    return sig_y, sig_z


def gauss_func(Q, u, dir1, x, y, z, xs, ys, H, STABILITY):
    u1 = u
    x1 = x - xs  # shift the coordinates so that stack is centre point
    y1 = y - ys

    # components of u in x and y directions
    wx = u1 * np.sin((dir1 - 180.) * np.pi / 180.)
    wy = u1 * np.cos((dir1 - 180.) * np.pi / 180.)

    # angle between point x, y and the wind direction, so use scalar product:
    dot_product = wx * x1 + wy * y1
    # product of magnitude of vectors:
    magnitudes = u1 * np.sqrt(x1 ** 2. + y1 ** 2.)

    # angle between wind and point (x,y)
    subtended = np.arccos(np.clip(dot_product / (magnitudes + 1e-15), -1.0, 1.0))
    # distance to point x,y from stack
    hypotenuse = np.sqrt(x1 ** 2. + y1 ** 2.)

    # distance along the wind direction to perpendilcular line that intesects x,y
    downwind = np.cos(subtended) * hypotenuse

    # Now calculate distance cross wind.
    crosswind = np.sin(subtended) * hypotenuse

    ind = np.where(downwind > 0.)
    C = np.zeros((len(x), len(y)))

    sig_y, sig_z = calc_sigmas(STABILITY, downwind)

    C[ind] = Q / (2. * np.pi * u1 * sig_y[ind] * sig_z[ind]) \
        * np.exp(-crosswind[ind] ** 2. / (2. * sig_y[ind] ** 2.)) \
        * (np.exp(-(z[ind] - H) ** 2. / (2. * sig_z[ind] ** 2.)) +
           np.exp(-(z[ind] + H) ** 2. / (2. * sig_z[ind] ** 2.)))
    return C


def plume_rise(stack_height, u, exit_velocity=15.0, diameter=2.0, T_stack=420.0, T_air=288.0, g=9.81):
    """Briggs' buoyant rise at 1 km downwind: the effective height."""
    F_b = g * exit_velocity * (diameter / 2.) ** 2 * (T_stack - T_air) / T_stack
    return stack_height + 1.6 * F_b ** (1. / 3.) * 1000. ** (2. / 3.) / u


# wind speed measured on a mast, interpolated to the stack's height
MAST_HEIGHTS = np.array([10., 30., 60., 100., 200.])
MAST_SPEEDS = np.array([3.1, 4.0, 4.6, 5.1, 5.9])

GRID = np.linspace(-2500., 2500., 21)
x_grid, y_grid = np.meshgrid(GRID, GRID)
z_grid = np.zeros_like(x_grid)


def ground_level_exposure(params):
    """Total exposure (ug/m3 summed over the receptor grid) from two stacks."""
    Q, H, u_scale = params
    wind_at = interp1d(MAST_HEIGHTS, MAST_SPEEDS, kind='linear')
    stacks = [dict(xs=-400., ys=100., Q=Q, H=H, category=2, dir1=250.),
              dict(xs=300., ys=-200., Q=0.4 * Q, H=0.7 * H, category=4, dir1=250.)]
    C1 = np.zeros((len(GRID), len(GRID)))
    for stack in stacks:
        u = u_scale * wind_at(stack['H'])
        H_eff = plume_rise(stack['H'], u)
        C1 += gauss_func(stack['Q'], u, stack['dir1'], x_grid, y_grid, z_grid,
                         stack['xs'], stack['ys'], H_eff, stack['category'])
    return np.sum(C1) * 1e6


SENSORS = np.array([[800., 500.], [1200., 200.], [1500., 900.], [2000., 400.], [900., -100.]])


def source_term_misfit(source, seed=7):
    """Inverse problem: a leak of unknown strength at an unknown spot, seen by five sensors under
    a south-westerly; the readings are the truth plus 5% noise drawn here."""
    rng = np.random.default_rng(seed)
    Q, xs, ys = source
    sx, sy = SENSORS[:, 0:1], SENSORS[:, 1:2]
    predicted = gauss_func(Q, 4.0, 225., sx, sy, np.zeros_like(sx), xs, ys, 20., 3)[:, 0] * 1e6
    truth = gauss_func(50., 4.0, 225., sx, sy, np.zeros_like(sx), 0., 0., 20., 3)[:, 0] * 1e6
    observed = truth * (1. + 0.05 * rng.standard_normal(len(truth)))
    return np.sum((np.log(predicted) - np.log(observed)) ** 2)


CASES = [
    dict(name="ground_level_exposure", function=ground_level_exposure,
         args=lambda: (np.array([120.0, 45.0, 1.0]),)),
    dict(name="source_term_misfit", function=source_term_misfit,
         args=lambda: (np.array([40.0, 60.0, -30.0]),)),
]
