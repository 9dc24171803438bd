# Written for this corpus (p4) in the style of operations-research simulation code (a periodic-review base-stock policy and a single-server queue as in simulation-optimisation and IPA lecture notes): a `params` dict with `**kwargs` overrides, demand drawn from a `RandomState` argument, orders arriving after a lead time through `np.cumsum` of the pipeline, on-hand and backlog by `np.maximum`/`np.minimum`, a costs dict; Lindley's recursion `w = max(0, w + s - a)` for the waiting times. Differentiated in the base-stock level, the demand mean and the service rate (infinitesimal perturbation analysis's pathwise derivative).
import numpy as np

DEFAULTS = {"holding": 1.0, "backorder": 9.0, "ordering": 0.5, "lead_time": 2, "horizon": 60}


def simulate_base_stock(base_stock, demand_mean, rng, **kwargs):
    p = {**DEFAULTS, **kwargs}
    T, L = p["horizon"], p["lead_time"]
    demand = demand_mean * rng.gamma(4.0, 0.25, size=T)
    # order-up-to: each period orders what was demanded, so the inventory position stays at S
    orders = np.concatenate([np.zeros(L), demand[:T - L]])
    net = base_stock + np.cumsum(orders) - np.cumsum(demand)
    on_hand = np.maximum(net, 0.0)
    backlog = -np.minimum(net, 0.0)
    costs = {
        "holding": p["holding"] * on_hand.sum(),
        "backorder": p["backorder"] * backlog.sum(),
        "ordering": p["ordering"] * demand.sum(),
    }
    return costs, net


def average_cost(params, seed=11, **kwargs):
    base_stock, demand_mean = params
    costs, _ = simulate_base_stock(base_stock, demand_mean, np.random.RandomState(seed), **kwargs)
    return sum(costs.values()) / DEFAULTS["horizon"]


def fill_rate(params):
    base_stock, demand_mean = params
    rng = np.random.RandomState(5)
    costs, net = simulate_base_stock(base_stock, demand_mean, rng, lead_time=3, backorder=4.0)
    shortfall = np.maximum(-net, 0.0)
    return 1.0 - shortfall.mean() / demand_mean + 0.001 * costs["holding"]


def lindley_waiting_times(service_rate, arrival_rate, n_customers, rng):
    interarrival = rng.exponential(1.0, n_customers) / arrival_rate
    service = rng.exponential(1.0, n_customers) / service_rate
    waits = [0.0]
    for n in range(1, n_customers):
        waits.append(max(0.0, waits[-1] + service[n - 1] - interarrival[n]))
    return np.array(waits)


def mean_sojourn(rates):
    """Mean time in system of an M/M/1 queue by simulation; the service rate's pathwise
    derivative is the IPA estimator."""
    service_rate, arrival_rate = rates
    rng = np.random.RandomState(2024)
    waits = lindley_waiting_times(service_rate, arrival_rate, 80, rng)
    return np.mean(waits) + 1.0 / service_rate


CASES = [
    dict(name="average_cost", function=average_cost, args=lambda: (np.array([9.3, 3.1]),)),
    dict(name="average_cost_lead4", function=lambda params: average_cost(params, seed=3, lead_time=4, holding=2.0),
         args=lambda: (np.array([13.7, 2.9]),)),
    dict(name="fill_rate", function=fill_rate, args=lambda: (np.array([10.2, 3.05]),)),
    dict(name="sojourn", function=mean_sojourn, args=lambda: (np.array([1.3, 1.0]),)),
]
