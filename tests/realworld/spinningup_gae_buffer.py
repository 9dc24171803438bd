# Written for this corpus (p10) in the style of OpenAI Spinning Up's `vpg/core.py` and `ppo/ppo.py`: `discount_cumsum(x, discount)` as `scipy.signal.lfilter([1], [1, float(-discount)], x[::-1], axis=0)[::-1]`, a `PPOBuffer`-like class with `store` and `finish_path(last_val=0)` appending the bootstrap value, `deltas = rews[:-1] + self.gamma * vals[1:] - vals[:-1]`, advantages normalised by their mean and std, a linear-softmax policy's log-probabilities, the clipped surrogate `-(np.minimum(ratio * adv, clip_adv)).mean()` and a value loss; plus the generalised advantage as a function of (gamma, lam) themselves. Differentiated: the advantages with respect to the critic's values (Jacobian), the PPO loss with respect to the policy weights, the value loss with respect to the critic weights, and the mean advantage with respect to lam.
import numpy as np
import scipy.signal


def discount_cumsum(x, discount):
    """
    magic from rllab for computing discounted cumulative sums of vectors.

    input:
        vector x,
        [x0,
         x1,
         x2]

    output:
        [x0 + discount * x1 + discount^2 * x2,
         x1 + discount * x2,
         x2]
    """
    return scipy.signal.lfilter([1], [1, float(-discount)], x[::-1], axis=0)[::-1]


def combined_shape(length, shape=None):
    if shape is None:
        return (length,)
    return (length, shape) if np.isscalar(shape) else (length, *shape)


class GAEBuffer:
    def __init__(self, obs_dim, size, gamma=0.99, lam=0.95):
        self.obs_buf = np.zeros(combined_shape(size, obs_dim), dtype=np.float32)
        self.rew_buf = np.zeros(size, dtype=np.float32)
        self.gamma, self.lam = gamma, lam
        self.size = size

    def finish_path(self, rews, vals, last_val=0):
        rews = np.append(rews, last_val)
        vals = np.append(vals, last_val)

        # the next two lines implement GAE-Lambda advantage calculation
        deltas = rews[:-1] + self.gamma * vals[1:] - vals[:-1]
        adv = discount_cumsum(deltas, self.gamma * self.lam)

        # the next line computes rewards-to-go, to be targets for the value function
        ret = discount_cumsum(rews, self.gamma)[:-1]
        return adv, ret


RNG = np.random.default_rng(11)
T, OBS_DIM, N_ACT = 24, 4, 3
OBS = RNG.standard_normal((T, OBS_DIM))
ACTS = RNG.integers(0, N_ACT, size=T)
REWS = RNG.standard_normal(T) * 0.5 + 0.2
LOGP_OLD = np.log(np.full(T, 1.0 / N_ACT))
W_CRITIC = 0.3 * RNG.standard_normal(OBS_DIM)
W_PI = 0.2 * RNG.standard_normal((OBS_DIM, N_ACT))


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def advantages(vals, last_val=0.5):
    buf = GAEBuffer(OBS_DIM, T)
    adv, _ = buf.finish_path(REWS, vals, last_val=last_val)
    return adv


def compute_loss_pi(w_pi, clip_ratio=0.2):
    buf = GAEBuffer(OBS_DIM, T, gamma=0.97)
    adv, _ = buf.finish_path(REWS, OBS @ W_CRITIC)
    adv_mean, adv_std = np.mean(adv), np.std(adv)
    adv = (adv - adv_mean) / adv_std
    logp_all = log_softmax(OBS @ w_pi)
    logp = logp_all[np.arange(T), ACTS]
    ratio = np.exp(logp - LOGP_OLD)
    clip_adv = np.clip(ratio, 1 - clip_ratio, 1 + clip_ratio) * adv
    loss_pi = -(np.minimum(ratio * adv, clip_adv)).mean()
    return loss_pi


def compute_loss_v(w_critic):
    buf = GAEBuffer(OBS_DIM, T)
    _, ret = buf.finish_path(REWS, OBS @ W_CRITIC, last_val=0.0)
    v = OBS @ w_critic
    return ((v - ret) ** 2).mean()


def mean_advantage(lam, gamma=0.98):
    deltas = REWS + gamma * np.append(OBS[1:] @ W_CRITIC, 0.0) - OBS @ W_CRITIC
    return discount_cumsum(deltas, gamma * lam).mean()


CASES = [
    dict(name="advantages", function=advantages, args=lambda: (OBS @ W_CRITIC,), kind="jacobian"),
    dict(name="compute_loss_pi", function=compute_loss_pi, args=lambda: (W_PI.copy(),)),
    dict(name="compute_loss_v", function=compute_loss_v, args=lambda: (W_CRITIC.copy(),)),
    dict(name="mean_advantage", function=mean_advantage, args=lambda: (0.95,)),
]
