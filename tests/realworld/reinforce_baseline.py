# Written for this corpus (p1) in the style of Sutton & Barto's REINFORCE with baseline (section 13.4) as course code writes it for a short-corridor gridworld: a softmax policy over state features, episodes produced by a generator that `yield`s `(state, action, reward)`, returns-to-go accumulated backwards with `G = r + gamma * G`, a linear state-value baseline, and the surrogate loss whose gradient is the policy gradient; `itertools.islice` caps the episode.
import itertools

import numpy as np

N_STATES, N_ACTIONS = 4, 2
GAMMA = 0.95


def features(s):
    x = np.zeros(N_STATES)
    x[s] = 1.0
    return x


def policy(theta, s):
    prefs = theta @ features(s)
    prefs = prefs - prefs.max()
    e = np.exp(prefs)
    return e / e.sum()


def step(s, a):
    """The short corridor: the second state reverses the actions."""
    move = 1 if a == 1 else -1
    if s == 1:
        move = -move
    s_next = min(max(s + move, 0), N_STATES - 1)
    reward = 1.0 if s_next == N_STATES - 1 else -0.1
    return s_next, reward, s_next == N_STATES - 1


def run_episode(theta, rng, s=0):
    done = False
    while not done:
        probs = policy(theta, s)
        a = rng.choice(N_ACTIONS, p=probs)
        s_next, r, done = step(s, a)
        yield s, a, r
        s = s_next


def returns_to_go(rewards, gamma=GAMMA):
    G = 0.0
    out = []
    for r in reversed(rewards):
        G = r + gamma * G
        out.append(G)
    return out[::-1]


def reinforce_surrogate(theta, w, episode):
    """sum_t (G_t - v(s_t)) log pi(a_t | s_t), the baseline treated as a constant, plus the
    baseline's squared error (its own regression)."""
    states, actions, rewards = zip(*episode)
    G = returns_to_go(list(rewards))
    total, value_loss = 0.0, 0.0
    for s, a, g in zip(states, actions, G):
        baseline = w @ features(s)
        advantage = g - baseline
        total = total + advantage * np.log(policy(theta, s)[a])
        value_loss = value_loss + 0.5 * (g - baseline) ** 2
    return -total + value_loss


def objective(theta, w):
    # test wrapper: one fixed episode (the sample is drawn with the same seed every evaluation)
    rng = np.random.RandomState(3)
    episode = list(itertools.islice(run_episode(np.zeros((N_ACTIONS, N_STATES)), rng), 30))
    return reinforce_surrogate(theta, w, episode)


def sampled_return(theta):
    # the episode drawn from the differentiated policy itself: the draws are piecewise constant
    rng = np.random.RandomState(5)
    episode = list(run_episode(theta, rng))
    return sum(np.log(policy(theta, s)[a]) for s, a, _ in episode)


THETA = 0.1 * np.arange(N_ACTIONS * N_STATES, dtype=float).reshape(N_ACTIONS, N_STATES)

CASES = [
    dict(name="surrogate", function=objective, args=lambda: (THETA.copy(), np.full(N_STATES, 0.2)), wrt=(0, 1)),
    dict(name="log_likelihood_of_own_episode", function=sampled_return, args=lambda: (THETA.copy(),)),
]
