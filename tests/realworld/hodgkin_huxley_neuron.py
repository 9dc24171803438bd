# Written for this corpus (p3) in the style of computational neuroscience course scripts (the Hodgkin-Huxley squid axon model as the classic "HH in Python" tutorials write it: rate functions `alpha_n(V)`, `beta_m(V)` of the membrane potential in mV, gating variables integrated by forward Euler in a `for` loop over `np.arange(0, T, dt)`, an injected current step through a helper, the trace kept in a list); differentiated in the maximal conductances and the injected current, the loss the squared distance of the voltage trace to a target one.
import numpy as np

C_m = 1.0      # membrane capacitance, uF/cm^2
E_Na = 50.0    # sodium reversal potential, mV
E_K = -77.0
E_L = -54.387


def alpha_n(V):
    return 0.01 * (V + 55.0) / (1.0 - np.exp(-(V + 55.0) / 10.0))


def beta_n(V):
    return 0.125 * np.exp(-(V + 65.0) / 80.0)


def alpha_m(V):
    return 0.1 * (V + 40.0) / (1.0 - np.exp(-(V + 40.0) / 10.0))


def beta_m(V):
    return 4.0 * np.exp(-(V + 65.0) / 18.0)


def alpha_h(V):
    return 0.07 * np.exp(-(V + 65.0) / 20.0)


def beta_h(V):
    return 1.0 / (1.0 + np.exp(-(V + 35.0) / 10.0))


def I_inj(t, amplitude):
    return amplitude * (t > 2.0) - amplitude * (t > 12.0)


def simulate(g_Na, g_K, g_L, amplitude, T=15.0, dt=0.05):
    V = -65.0
    m = alpha_m(V) / (alpha_m(V) + beta_m(V))
    h = alpha_h(V) / (alpha_h(V) + beta_h(V))
    n = alpha_n(V) / (alpha_n(V) + beta_n(V))
    trace = []
    for t in np.arange(0.0, T, dt):
        I_Na = g_Na * m ** 3 * h * (V - E_Na)
        I_K = g_K * n ** 4 * (V - E_K)
        I_L = g_L * (V - E_L)
        dV = (I_inj(t, amplitude) - I_Na - I_K - I_L) / C_m
        dm = alpha_m(V) * (1.0 - m) - beta_m(V) * m
        dh = alpha_h(V) * (1.0 - h) - beta_h(V) * h
        dn = alpha_n(V) * (1.0 - n) - beta_n(V) * n
        V = V + dt * dV
        m = m + dt * dm
        h = h + dt * dh
        n = n + dt * dn
        trace.append(V)
    return np.array(trace)


TARGET = simulate(118.0, 37.0, 0.31, 9.0)


def trace_loss(params):
    g_Na, g_K, g_L, amplitude = params
    V = simulate(g_Na, g_K, g_L, amplitude)
    return np.mean((V - TARGET) ** 2)


def mean_potential(g_Na, g_K, amplitude):
    return np.mean(simulate(g_Na, g_K, 0.3, amplitude, T=6.0))


CASES = [
    dict(name="fit_loss", function=trace_loss, args=lambda: (np.array([120.0, 36.0, 0.3, 10.0]),)),
    dict(name="mean_potential", function=mean_potential, args=lambda: (120.0, 36.0, 10.0), wrt=(0, 1, 2)),
]
