# Written for this corpus (p5) in the style of computational-psychiatry model-fitting code (Wilson & Collins, "Ten simple rules for the computational modeling of behavioral data", eLife 2019, whose MATLAB models `simulate_M3RescorlaWagner_v1` / `lik_M3RescorlaWagner_v1` are ported to Python in many course repositories): a two-armed bandit simulated trial by trial (`np.random.rand() < p[0]` choices, Bernoulli rewards), the negative log-likelihood looping over trials with `Q = np.array([0.5, 0.5])`, softmax choice probabilities `np.exp(beta*Q) / sum(np.exp(beta*Q))`, `choiceProb[t] = p[a[t]]`, the prediction error `delta = r[t] - Q[a[t]]` and the in-place update `Q[a[t]] = Q[a[t]] + alpha * delta`; the choice-kernel model M4 and the combined M5 with a dict of parameters; parameters fitted on an unconstrained scale (`expit`, `np.exp`) as a `minimize` objective would be. Differentiated in the learning rates and inverse temperatures.
import numpy as np
from scipy.special import expit


def simulate_M3RescorlaWagner_v1(T, mu, alpha, beta, rng):
    Q = np.array([0.5, 0.5])
    a = np.zeros(T, dtype=int)
    r = np.zeros(T)
    for t in range(T):
        # compute choice probabilities
        p = np.exp(beta * Q) / sum(np.exp(beta * Q))
        # make choice according to choice probababilities
        a[t] = 0 if rng.rand() < p[0] else 1
        # generate reward based on choice
        r[t] = float(rng.rand() < mu[a[t]])
        # update values
        delta = r[t] - Q[a[t]]
        Q[a[t]] = Q[a[t]] + alpha * delta
    return a, r


def lik_M3RescorlaWagner_v1(a, r, alpha, beta):
    Q = np.array([0.5, 0.5])
    T = len(a)
    choiceProb = np.zeros(T)
    # loop over trials
    for t in range(T):
        # compute choice probabilities
        p = np.exp(beta * Q) / sum(np.exp(beta * Q))
        # compute choice probability for actual choice
        choiceProb[t] = p[a[t]]
        # update values
        delta = r[t] - Q[a[t]]
        Q[a[t]] = Q[a[t]] + alpha * delta
    # compute negative log-likelihood
    NegLL = -sum(np.log(choiceProb))
    return NegLL


def lik_M4ChoiceKernel_v1(a, r, alpha_c, beta_c):
    CK = np.array([0.0, 0.0])
    T = len(a)
    choiceProb = np.zeros(T)
    for t in range(T):
        p = np.exp(beta_c * CK) / sum(np.exp(beta_c * CK))
        choiceProb[t] = p[a[t]]
        # update choice kernel
        CK = (1 - alpha_c) * CK
        CK[a[t]] = CK[a[t]] + alpha_c * 1
    NegLL = -sum(np.log(choiceProb))
    return NegLL


def lik_M5RWCK_v1(a, r, params):
    """Rescorla-Wagner plus choice kernel; `params` a dict as the fitting loop builds it."""
    alpha, beta = params["alpha"], params["beta"]
    alpha_c, beta_c = params["alpha_c"], params["beta_c"]
    Q = np.array([0.5, 0.5])
    CK = np.array([0.0, 0.0])
    T = len(a)
    choiceProb = np.zeros(T)
    for t in range(T):
        V = beta * Q + beta_c * CK
        p = np.exp(V) / sum(np.exp(V))
        choiceProb[t] = p[a[t]]
        delta = r[t] - Q[a[t]]
        Q[a[t]] = Q[a[t]] + alpha * delta
        CK = (1 - alpha_c) * CK
        CK[a[t]] = CK[a[t]] + alpha_c * 1
    NegLL = -sum(np.log(choiceProb))
    return NegLL


def fit_objective(theta, a, r):
    """Unconstrained parameters (logit alpha, log beta), as passed to `minimize`."""
    alpha = expit(theta[0])
    beta = np.exp(theta[1])
    return lik_M3RescorlaWagner_v1(a, r, alpha, beta)


def group_objective(theta, subjects):
    """Summed over subjects, each a (choices, rewards) tuple."""
    names = ["alpha", "beta", "alpha_c", "beta_c"]
    params = dict(zip(names, [expit(theta[0]), np.exp(theta[1]), expit(theta[2]), np.exp(theta[3])]))
    total = 0.0
    for a, r in subjects:
        total += lik_M5RWCK_v1(a, r, params)
    return total


_rng = np.random.RandomState(12)
MU = [0.2, 0.8]
A, R = simulate_M3RescorlaWagner_v1(120, MU, 0.1, 5.0, _rng)
SUBJECTS = [simulate_M3RescorlaWagner_v1(60, MU, alpha, beta, _rng) for alpha, beta in [(0.3, 3.0), (0.15, 6.0)]]


CASES = [
    dict(name="m3_alpha_beta", function=lik_M3RescorlaWagner_v1, args=lambda: (A, R, 0.12, 4.5), wrt=(2, 3)),
    dict(name="m4_choice_kernel", function=lik_M4ChoiceKernel_v1, args=lambda: (A, R, 0.2, 1.5), wrt=(2, 3)),
    dict(name="m3_unconstrained", function=fit_objective, args=lambda: (np.array([-2.0, 1.5]), A, R)),
    dict(name="m5_group", function=group_objective, args=lambda: (np.array([-1.0, 1.3, -1.5, 0.2]), SUBJECTS)),
]
