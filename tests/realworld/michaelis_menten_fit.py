# Written for this corpus (p2) in the style of biochemistry lab scripts fitting enzyme kinetics (`scipy.optimize.curve_fit(model, S, v, p0=...)` with `def michaelis_menten(S, Vmax, Km)`, a Hill variant, substrate inhibition, and a progress curve integrated by forward Euler in a `while` loop): models taking `*params`, a residual sum over a dict of models chosen by name, and `np.log` of positive parameters.
import numpy as np

S = np.array([0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
V_OBS = np.array([0.9, 1.6, 2.5, 3.4, 4.0, 4.2, 3.9])


def michaelis_menten(S, Vmax, Km):
    return Vmax * S / (Km + S)


def hill(S, Vmax, K, n):
    return Vmax * S ** n / (K ** n + S ** n)


def substrate_inhibition(S, Vmax, Km, Ki):
    return Vmax * S / (Km + S * (1 + S / Ki))


MODELS = {"mm": michaelis_menten, "hill": hill, "inhibition": substrate_inhibition}


def sum_of_squares(log_params, model="mm"):
    f = MODELS[model]
    pred = f(S, *np.exp(log_params))
    return np.sum((pred - V_OBS) ** 2)


def progress_curve(Vmax, Km, S0=10.0, t_end=3.0, dt=0.01):
    s, t = S0, 0.0
    while t < t_end - 1e-12:
        s -= dt * michaelis_menten(s, Vmax, Km)
        t += dt
    return s


CASES = [
    dict(name="mm", function=sum_of_squares, args=lambda: (np.log([4.5, 2.0]),)),
    dict(name="hill", function=lambda p: sum_of_squares(p, "hill"), args=lambda: (np.log([4.3, 2.2, 1.1]),)),
    dict(name="inhibition", function=lambda p: sum_of_squares(p, model="inhibition"), args=lambda: (np.log([5.0, 2.5, 60.0]),)),
    dict(name="progress_curve", function=progress_curve, args=lambda: (4.0, 2.5), wrt=(0, 1)),
]
