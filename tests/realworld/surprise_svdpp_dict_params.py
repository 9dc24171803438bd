# Written for this corpus (p7) in the style of Surprise's `SVD`/`SVDpp` algorithms as tutorials re-implement them in plain NumPy (a global mean `mu`, parameters in a dict `params = {"bu": ..., "bi": ..., "pu": ..., "qi": ..., "yj": ...}`, ratings as a list of `(u, i, r)` tuples, `Ir[u]` the items a user rated from a `defaultdict(list)`, the implicit-feedback term `|N(u)|^-1/2 * sum(yj[j] for j in Iu)`, `estimate(u, i)` clipped to the rating scale, the regularised squared error with `reg_bu`, `reg_pu` keyword arguments read by `kwargs.get`), with the learning rate's SGD epoch as a helper returning a new dict. Differentiated: the regularised loss w.r.t. the whole parameter dict, and the loss after one SGD epoch w.r.t. the factors.
from collections import defaultdict

import numpy as np

RATINGS = [(0, 0, 4.0), (0, 2, 3.5), (1, 0, 5.0), (1, 1, 2.0), (2, 1, 3.0), (2, 2, 4.5),
           (3, 0, 1.5), (3, 2, 2.5), (3, 3, 4.0), (1, 3, 3.0)]
N_USERS, N_ITEMS, N_FACTORS = 4, 4, 2

Ir = defaultdict(list)
for u, i, r in RATINGS:
    Ir[u].append(i)

MU = np.mean([r for (_, _, r) in RATINGS])


def implicit(params, u):
    Iu = Ir[u]
    sqrt_Iu = np.sqrt(len(Iu))
    u_impl_fdb = sum(params["yj"][j] for j in Iu) / sqrt_Iu
    return u_impl_fdb


def estimate(params, u, i, low=1.0, high=5.0):
    est = MU + params["bu"][u] + params["bi"][i]
    est += np.dot(params["qi"][i], params["pu"][u] + implicit(params, u))
    return np.clip(est, low, high)


def loss(params, **kwargs):
    reg_bu = kwargs.get("reg_bu", 0.02)
    reg_pu = kwargs.get("reg_pu", 0.05)
    err = 0.0
    for u, i, r in RATINGS:
        err += (r - estimate(params, u, i)) ** 2
    err += reg_bu * (np.sum(params["bu"] ** 2) + np.sum(params["bi"] ** 2))
    err += reg_pu * sum(np.sum(params[k] ** 2) for k in ("pu", "qi", "yj"))
    return err


def sgd_epoch(params, lr=0.01, reg=0.02):
    bu, bi = params["bu"].copy(), params["bi"].copy()
    pu, qi = params["pu"].copy(), params["qi"].copy()
    for u, i, r in RATINGS:
        dot = np.dot(qi[i], pu[u])
        err = r - (MU + bu[u] + bi[i] + dot)
        bu[u] += lr * (err - reg * bu[u])
        bi[i] += lr * (err - reg * bi[i])
        puf = pu[u].copy()
        pu[u] += lr * (err * qi[i] - reg * pu[u])
        qi[i] += lr * (err * puf - reg * qi[i])
    return {"bu": bu, "bi": bi, "pu": pu, "qi": qi, "yj": params["yj"]}


def init_params(seed=0):
    rng = np.random.RandomState(seed)
    return {"bu": np.zeros(N_USERS) + 0.1 * rng.randn(N_USERS),
            "bi": np.zeros(N_ITEMS) + 0.1 * rng.randn(N_ITEMS),
            "pu": rng.normal(0, 0.3, (N_USERS, N_FACTORS)),
            "qi": rng.normal(0, 0.3, (N_ITEMS, N_FACTORS)),
            "yj": rng.normal(0, 0.3, (N_ITEMS, N_FACTORS))}


def regularised_loss(params):
    return loss(params, reg_pu=0.1)


def loss_after_epoch(pu):
    """Test wrapper: the loss after one SGD epoch, w.r.t. the user factors."""
    params = init_params()
    params["pu"] = pu
    return loss(sgd_epoch(params, lr=0.05))


CASES = [
    dict(name="regularised_loss", function=regularised_loss, args=lambda: (init_params(),)),
    dict(name="loss_after_epoch", function=loss_after_epoch, args=lambda: (init_params()["pu"],)),
]
