# Written for this corpus (p12) in the style of engineering-hydrology class notebooks: the SCS curve-number runoff with `np.where(P > Ia, ...)` on cumulative rain, a Nash-cascade unit hydrograph from `scipy.special.gamma`, the direct-runoff hydrograph by `np.convolve`, Muskingum channel routing with the coefficients `C0, C1, C2` from `K`, `X` and `dt` and outflows appended to a list in a `for` loop, a linear reservoir as `scipy.signal.lfilter`, a closure `make_router(K, X)` returning a `route` closure, `*args` passed through to the routing helper, and calibration of `K`, `X` by the sum of squared errors against an observed hydrograph. Differentiated: the error in `K` and `X`, the routed peak attenuation in the catchment's curve number and the cascade's parameters, and a reach chain's outflow volume from a float32 gauge record.
import math

import numpy as np
from scipy.signal import lfilter
from scipy.special import gamma

DT = 1.0  # hours

INFLOW = np.array([10., 12., 18., 28., 42., 60., 78., 90., 94., 88., 77., 64., 52., 42., 34.,
                   28., 23., 19., 16., 14., 12., 11., 10.5, 10., 10., 10.])


def muskingum_coefficients(K, X, dt=DT):
    denom = 2 * K * (1 - X) + dt
    C0 = (dt - 2 * K * X) / denom
    C1 = (dt + 2 * K * X) / denom
    C2 = (2 * K * (1 - X) - dt) / denom
    return C0, C1, C2


def muskingum_route(inflow, K, X, dt=DT, initial_outflow=None):
    C0, C1, C2 = muskingum_coefficients(K, X, dt)
    outflow = [inflow[0] if initial_outflow is None else initial_outflow]
    for t in range(1, len(inflow)):
        outflow.append(C0 * inflow[t] + C1 * inflow[t - 1] + C2 * outflow[t - 1])
    return np.array(outflow)


def make_router(K, X):
    def route(inflow, *args):
        return muskingum_route(inflow, K, X, *args)
    return route


OBSERVED = muskingum_route(INFLOW, 2.7, 0.18) + 0.8 * np.sin(np.arange(len(INFLOW)) * 0.7)


def calibration_sse(KX):
    K, X = KX
    route = make_router(K, X)
    simulated = route(INFLOW, DT)
    return np.sum((simulated - OBSERVED) ** 2)


def scs_runoff(P_cum, CN):
    """Cumulative direct runoff (mm) from cumulative rainfall by the SCS curve number method."""
    S = 25400.0 / CN - 254.0
    Ia = 0.2 * S
    return np.where(P_cum > Ia, (P_cum - Ia) ** 2 / (P_cum - Ia + S), 0.0)


def nash_uh(n, k, dt=DT, length=30):
    t = (np.arange(length) + 0.5) * dt
    return t ** (n - 1) * np.exp(-t / k) / (k ** n * gamma(n)) * dt


RAIN = np.array([2., 6., 14., 22., 11., 5., 3., 1., 0., 0.])   # mm per hour
AREA_KM2 = 42.0


def storm_hydrograph(params):
    CN, n, k = params
    excess = np.diff(scs_runoff(np.cumsum(RAIN), CN), prepend=0.0)
    uh = nash_uh(n, k)
    q = np.convolve(excess, uh)[:len(INFLOW)] * AREA_KM2 / 3.6      # m3/s
    routed = muskingum_route(q + 5.0, K=3.0, X=0.2)
    attenuation = np.max(q + 5.0) - np.max(routed)
    return attenuation + 0.05 * routed[-1] + 0.01 * math.fsum([1.0, 2.0]) * routed.mean()


def reach_chain_volume(Ks):
    """Three reaches and a linear-reservoir floodplain (lfilter) fed by a gauge record kept in
    float32, as a logger writes it; the routing itself runs in the parameters' float64."""
    flow = INFLOW.astype(np.float32)
    for K in Ks:
        flow = muskingum_route(flow, K, 0.2)
    a = np.float32(0.35)
    storage_out = lfilter([a], [1.0, -(1.0 - a)], flow)
    return float(np.sum(flow * flow) * 1e-3 + np.sum(storage_out) * 1e-2)


CASES = [
    dict(name="calibration_sse", function=calibration_sse, args=lambda: (np.array([2.2, 0.25]),)),
    dict(name="storm_hydrograph", function=storm_hydrograph, args=lambda: (np.array([78.0, 3.0, 2.5]),)),
    dict(name="reach_chain_volume", function=reach_chain_volume, args=lambda: (np.array([1.5, 2.0, 2.5]),)),
]
