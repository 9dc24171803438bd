# Ported from havakv/pycox, pycox/models/loss.py (Håvard Kvamme; BSD 2-clause licence; https://github.com/havakv/pycox/blob/master/pycox/models/loss.py): `cox_ph_loss_sorted(log_h, events, eps=1e-7)` (the negative log partial likelihood of the Cox proportional-hazards model with every risk set a cumulative sum over subjects sorted by descending duration: `gamma = log_h.max()`, `log_cumsum_h = log_h.sub(gamma).exp().cumsum(0).add(eps).log().add(gamma)`), `cox_ph_loss` (`idx = durations.sort(descending=True)[1]`, `events[idx]`, `log_h[idx]`) and the `CoxPHLoss` module calling it from `forward`; type annotations kept. torch as numpy: the method chains as the same numpy functions in the same order (`.sub(g)` as `- g`, `.exp()` as `np.exp`, `.cumsum(0)` as `.cumsum(0)`, `.view(-1)` as `.reshape(-1)`, `.mul`/`.div` as `*`/`/`), `events.dtype is torch.bool` as `events.dtype == np.bool_`, `.float()` as `.astype(float)`, `durations.sort(descending=True)[1]` as `np.argsort(-durations, kind="stable")`. The network is a linear predictor `log_h = x @ beta` (a CoxPH regression) on a small simulated cohort with censoring.
import numpy as np
from numpy import ndarray as Tensor


def cox_ph_loss_sorted(log_h: Tensor, events: Tensor, eps: float = 1e-7) -> Tensor:
    """Requires the input to be sorted by descending duration time.
    See DatasetDurationSorted.

    We calculate the negative log of $(\\frac{h_i}{\\sum_{j \\in R_i} h_j})^d$,
    where h = exp(log_h) are the hazards and R is the risk set, and d is event.

    We just compute a cumulative sum, and not the true Risk sets. This is a
    limitation, but simple and fast.
    """
    if events.dtype == np.bool_:
        events = events.astype(float)
    events = events.reshape(-1)
    log_h = log_h.reshape(-1)
    gamma = log_h.max()
    log_cumsum_h = np.log(np.exp(log_h - gamma).cumsum(0) + eps) + gamma
    return - ((log_h - log_cumsum_h) * events).sum() / events.sum()


def cox_ph_loss(log_h: Tensor, durations: Tensor, events: Tensor, eps: float = 1e-7) -> Tensor:
    """Loss for CoxPH model. If data is sorted by descending duration, see `cox_ph_loss_sorted`.

    We calculate the negative log of $(\\frac{h_i}{\\sum_{j \\in R_i} h_j})^d$,
    where h = exp(log_h) are the hazards and R is the risk set, and d is event.

    We just compute a cumulative sum, and not the true Risk sets. This is a
    limitation, but simple and fast.
    """
    idx = np.argsort(-durations, kind="stable")
    events = events[idx]
    log_h = log_h[idx]
    return cox_ph_loss_sorted(log_h, events, eps)


class _Loss:
    def __init__(self, reduction: str = 'mean') -> None:
        self.reduction = reduction


class CoxPHLoss(_Loss):
    """Loss for CoxPH model. If data is sorted by descending duration, see `cox_ph_loss_sorted`."""
    def forward(self, log_h: Tensor, durations: Tensor, events: Tensor) -> Tensor:
        return cox_ph_loss(log_h, durations, events)

    __call__ = forward


def cohort():
    rs = np.random.RandomState(4)
    x = rs.normal(size=(12, 3))
    true_beta = np.array([0.8, -0.5, 0.3])
    event_times = rs.exponential(np.exp(-x @ true_beta))
    censor_times = rs.exponential(1.5, size=12)
    durations = np.minimum(event_times, censor_times)
    events = event_times <= censor_times          # a boolean array, as pycox's datasets give
    return x, durations, events


# ---- test wrappers: the loss of a linear CoxPH model as a function of its coefficients, through
# the module and through the sorted loss directly

def partial_likelihood_loss(beta, x, durations, events):
    loss = CoxPHLoss()
    return loss(x @ beta, durations, events)


def sorted_loss_of_log_hazards(log_h, durations, events):
    order = np.argsort(-durations, kind="stable")
    return cox_ph_loss_sorted(log_h[order], events[order])


CASES = [
    dict(name="partial_likelihood", function=partial_likelihood_loss,
         args=lambda: (np.array([0.5, -0.2, 0.1]), *cohort())),
    dict(name="sorted_log_hazards", function=sorted_loss_of_log_hazards,
         args=lambda: (0.3 * np.random.RandomState(5).normal(size=12), *cohort()[1:])),
]
