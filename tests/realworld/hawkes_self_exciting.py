# Written for this corpus (p5) in the style of univariate Hawkes-process research code (as migmtz/hawkes-inhibition-expon's `exp_thinning_hawkes` class and `loglikelihood(theta, tList)`, and the Ozaki recursion of point-process tutorials): a class simulating by Ogata's thinning in a `while` loop (`np.random.exponential(1 / upper)`, `np.random.uniform()`, timestamps appended to a list, the intensity's jumps kept beside them), the exact log-likelihood of an exponential kernel that may inhibit (`lambda0, alpha, beta = theta`, the intensity truncated at zero: the compensator splits at `t_star` where it crosses zero), the classic recursion `A = np.exp(-beta * dt) * (1 + A)`, and a vectorised version with `np.subtract.outer` and a `np.tril` mask. Differentiated in (mu, alpha, beta), and the simulated path's mean gap through the thinning draws.
import numpy as np


class exp_thinning_hawkes(object):
    """Univariate Hawkes process with exponential kernel, simulated by Ogata's thinning."""

    def __init__(self, lambda_0, alpha, beta, t=0.0, max_jumps=None, max_time=None):
        self.alpha = alpha
        self.beta = beta
        self.lambda_0 = lambda_0
        self.t_0 = t
        self.t = t
        self.lambda_t = lambda_0
        self.max_jumps = max_jumps
        self.max_time = max_time
        self.timestamps = [t]
        self.intensity_jumps = [lambda_0]
        self.simulated = False

    def simulate(self):
        """Thinning: candidates from the intensity's bound, kept with probability lambda / bound."""
        if self.simulated:
            raise ValueError("Process already simulated")
        flag = self.t < self.max_time if self.max_jumps is None else len(self.timestamps) <= self.max_jumps
        while flag:
            upper_intensity = max(self.lambda_0, self.lambda_0 + (self.lambda_t - self.lambda_0))
            self.t += np.random.exponential(1 / upper_intensity)
            candidate_intensity = self.lambda_0 + (self.lambda_t - self.lambda_0) * np.exp(
                -self.beta * (self.t - self.timestamps[-1]))
            u = np.random.uniform()
            if upper_intensity * u <= candidate_intensity:
                self.timestamps.append(self.t)
                self.lambda_t = candidate_intensity + self.alpha
                self.intensity_jumps.append(self.lambda_t)
            flag = self.t < self.max_time if self.max_jumps is None else len(self.timestamps) <= self.max_jumps
        self.simulated = True


def loglikelihood(theta, tList):
    """Exact log-likelihood of the events tList = [0, t1, ..., tn, T] (T the end of the window),
    with the intensity max(lambda, 0) of a kernel alpha * exp(-beta t) that may inhibit."""
    lambda0, alpha, beta = theta
    if lambda0 <= 0 or beta <= 0:
        return -1e5

    compensator_k = lambda0 * tList[1]
    lambda_avant = lambda0
    lambda_k = lambda0 + alpha
    likelihood = np.log(lambda_avant) - compensator_k

    for k in range(2, len(tList)):
        dt = tList[k] - tList[k - 1]
        if lambda_k >= 0:
            compensator_k = lambda0 * dt + (lambda_k - lambda0) / beta * (1 - np.exp(-beta * dt))
        else:
            t_star = np.log((lambda0 - lambda_k) / lambda0) / beta
            if t_star < dt:
                compensator_k = lambda0 * (dt - t_star) - (lambda0 + (lambda_k - lambda0) * np.exp(-beta * dt)) / beta
            else:
                compensator_k = 0.0
        lambda_avant = lambda0 + (lambda_k - lambda0) * np.exp(-beta * dt)
        lambda_k = lambda_avant + alpha
        if k < len(tList) - 1:  # (the last entry is the end of the window, not an event)
            if lambda_avant <= 0:
                return -1e5
            likelihood += np.log(lambda_avant)
        likelihood -= compensator_k

    return likelihood


def ozaki_loglik(params, times, T):
    """The classic O(n) recursion for an exciting kernel alpha * beta * exp(-beta t)."""
    mu, alpha, beta = params
    ll = 0.0
    A = 0.0
    for i, t in enumerate(times):
        if i > 0:
            A = np.exp(-beta * (t - times[i - 1])) * (1 + A)
        ll += np.log(mu + alpha * beta * A)
    ll -= mu * T + alpha * np.sum(1 - np.exp(-beta * (T - times)))
    return ll


def vectorised_loglik(params, times, T):
    """The O(n^2) version: every pair (i, j < i) at once."""
    mu, alpha, beta = params
    lags = np.subtract.outer(times, times)
    mask = np.tril(np.ones_like(lags), k=-1)
    kernel = alpha * beta * np.exp(-beta * np.where(mask > 0, lags, 0.0)) * mask
    intensity = mu + kernel.sum(axis=1)
    return np.sum(np.log(intensity)) - mu * T - alpha * np.sum(1 - np.exp(-beta * (T - times)))


np.random.seed(0)
_EXCITING = exp_thinning_hawkes(lambda_0=1.2, alpha=0.6, beta=1.5, max_time=25.0)
_EXCITING.simulate()
EVENTS = np.array(_EXCITING.timestamps[1:-1])   # (the last candidate kept may pass max_time)
T_END = 25.0
np.random.seed(1)
_INHIBITED = exp_thinning_hawkes(lambda_0=1.05, alpha=-0.7, beta=0.8, max_jumps=30)
_INHIBITED.simulate()
T_LIST = np.array(_INHIBITED.timestamps + [_INHIBITED.timestamps[-1] + 0.75])


def mean_gap_of_a_simulation(theta):
    """Test wrapper: the mean time between the first 12 simulated events, as a function of the
    parameters (the thinning's draws fixed by the seed: the pathwise derivative)."""
    lambda_0, alpha, beta = theta
    process = exp_thinning_hawkes(lambda_0, alpha, beta, max_jumps=12)
    process.simulate()
    return np.mean(np.diff(np.array(process.timestamps)))


CASES = [
    dict(name="inhibiting_exact", function=loglikelihood, args=lambda: (np.array([1.0, -0.6, 0.9]), T_LIST)),
    dict(name="exciting_exact", function=loglikelihood,
         args=lambda: (np.array([1.1, 0.5, 1.4]), np.concatenate([[0.0], EVENTS, [T_END]]))),
    dict(name="ozaki_recursion", function=ozaki_loglik, args=lambda: ([1.1, 0.4, 1.6], EVENTS, T_END)),
    dict(name="vectorised", function=vectorised_loglik, args=lambda: (np.array([1.1, 0.4, 1.6]), EVENTS, T_END)),
    dict(name="simulated_mean_gap", function=mean_gap_of_a_simulation, args=lambda: (np.array([1.2, 0.5, 1.5]),),
         seed=3),
]
