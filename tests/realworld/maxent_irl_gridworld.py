# Written for this corpus (p8) in the style of the maximum-entropy IRL repositories (MatthewJA/Inverse-Reinforcement-Learning's `Gridworld` with `int_to_point`/`point_to_int`, a transition tensor from a triple comprehension over `_transition_probability(i, j, k)`, `feature_matrix()`; yrlu/irl-imitation's `compute_state_visition_freq` and `maxent_irl`): Ziebart's finite-horizon soft value iteration by `logsumexp` over actions with the policies `insert(0, ...)`-ed in a reversed loop, the expected state-visitation frequencies by a forward recursion (MatthewJA's `for i, j, k in product(...)` accumulation in one version, `np.einsum` in the other), and the demonstrations as lists of `(state, action)` tuples. The author's gradient, feature expectations minus expected features, is the reference (exact here: the moves are deterministic). Differentiated: the demonstrations' mean log-likelihood w.r.t. the reward weights, and the visitation frequencies.
from itertools import product

import numpy as np
from scipy.special import logsumexp


class Gridworld:
    """Gridworld MDP: the agent moves right, up, left or down; a move into a wall stays put."""

    actions = ((1, 0), (0, 1), (-1, 0), (0, -1))

    def __init__(self, grid_size):
        self.grid_size = grid_size
        self.n_states = grid_size ** 2
        self.n_actions = len(self.actions)
        self.transition_probability = np.array(
            [[[self._transition_probability(i, j, k) for k in range(self.n_states)]
              for j in range(self.n_actions)]
             for i in range(self.n_states)])

    def int_to_point(self, i):
        return (i % self.grid_size, i // self.grid_size)

    def point_to_int(self, p):
        return p[0] + p[1] * self.grid_size

    def _transition_probability(self, i, j, k):
        x, y = self.int_to_point(i)
        dx, dy = self.actions[j]
        nx = min(max(x + dx, 0), self.grid_size - 1)
        ny = min(max(y + dy, 0), self.grid_size - 1)
        return float(self.point_to_int((nx, ny)) == k)

    def feature_vector(self, i):
        x, y = self.int_to_point(i)
        goal = self.grid_size - 1
        return np.array([x / goal, y / goal, float(x == goal and y == goal)])

    def feature_matrix(self):
        return np.array([self.feature_vector(i) for i in range(self.n_states)])

    def rollout(self, start, moves):
        """A demonstration: `(state, action)` pairs following `moves` from `start`."""
        trajectory, s = [], start
        for a in moves:
            trajectory.append((s, a))
            s = int(np.argmax(self.transition_probability[s, a]))
        return trajectory


def soft_value_iteration(reward, P, horizon):
    """Time-indexed soft-optimal policies pi_t(a|s) = exp(Q_t(s, a) - V_t(s))."""
    V = np.zeros(P.shape[0])
    policies = []
    for t in reversed(range(horizon)):
        Q = reward[:, None] + P @ V
        V = logsumexp(Q, axis=1)
        policies.insert(0, np.exp(Q - V[:, None]))
    return policies


def start_distribution(n_states, trajectories):
    p_start = np.zeros(n_states)
    for trajectory in trajectories:
        p_start[trajectory[0][0]] += 1
    return p_start / len(trajectories)


def compute_state_visitation_freq(P, policies, p_start):
    mu = p_start
    svf = p_start.copy()
    for policy in policies[:-1]:
        mu = np.einsum("s,sa,sak->k", mu, policy, P)
        svf += mu
    return svf


def find_expected_svf(n_states, n_actions, P, policies, p_start):
    """The same frequencies as MatthewJA's nested accumulation writes them."""
    T = len(policies)
    expected_svf = np.tile(p_start, (T, 1)).T
    for t in range(1, T):
        expected_svf[:, t] = 0
        for i, j, k in product(range(n_states), range(n_actions), range(n_states)):
            expected_svf[k, t] += expected_svf[i, t - 1] * policies[t - 1][i, j] * P[i, j, k]
    return expected_svf.sum(axis=1)


WORLD = Gridworld(3)
DEMOS = [WORLD.rollout(0, [0, 0, 1, 1]), WORLD.rollout(0, [1, 0, 1, 0]),
         WORLD.rollout(3, [0, 1, 0, 1]), WORLD.rollout(1, [1, 1, 0, 2])]


def demo_log_likelihood(theta, world=WORLD, trajectories=DEMOS):
    F = world.feature_matrix()
    policies = soft_value_iteration(F @ theta, world.transition_probability, len(trajectories[0]))
    ll = 0.0
    for trajectory in trajectories:
        for t, (s, a) in enumerate(trajectory):
            ll += np.log(policies[t][s, a])
    return ll / len(trajectories)


def maxent_gradient(theta, world=WORLD, trajectories=DEMOS):
    """The author's gradient: feature expectations of the demonstrations minus the model's."""
    F = world.feature_matrix()
    feature_expectations = sum(F[s] for trajectory in trajectories for s, _ in trajectory) / len(trajectories)
    policies = soft_value_iteration(F @ theta, world.transition_probability, len(trajectories[0]))
    svf = compute_state_visitation_freq(world.transition_probability, policies,
                                        start_distribution(world.n_states, trajectories))
    return feature_expectations - F.T @ svf


def expected_svf_nested(theta):
    F = WORLD.feature_matrix()
    policies = soft_value_iteration(F @ theta, WORLD.transition_probability, 3)
    return find_expected_svf(WORLD.n_states, WORLD.n_actions, WORLD.transition_probability, policies,
                             start_distribution(WORLD.n_states, DEMOS))


THETA0 = np.array([0.4, 0.7, 1.2])

CASES = [
    dict(name="demo_log_likelihood", function=demo_log_likelihood, args=lambda: (THETA0.copy(),),
         reference=maxent_gradient),
    dict(name="expected_svf_nested", function=expected_svf_nested, args=lambda: (THETA0.copy(),), kind="jacobian"),
]
