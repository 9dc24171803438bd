# Ported from ColCarroll/minimc (Colin Carroll; MIT licence; https://github.com/ColCarroll/minimc): the leapfrog integrator of minimc/integrators_slow.py (`q, p = np.copy(q), np.copy(p)`, `for _ in np.arange(np.round(path_len / step_size))`, in-place half steps `p -= step_size * velocity / 2`, `stages.append([np.copy(q), np.copy(p)])`, the momentum flip `return q, -p, np.array(positions), ...`), `neg_log_mvnormal` of minimc/distributions.py (a closure returning `logp(x)`: `np.log(np.linalg.det(sigma))`, `np.linalg.inv`), and `hamiltonian_monte_carlo` of minimc/minimc_slow.py (`negative_log_prob = lambda q: potential(q)[0]`, `dVdq = lambda q: potential(q)[1]`, a frozen `st.norm(0, 1)` for the momentum, `momentum.rvs(size=size)`, the Metropolis test `np.random.rand() < p_accept`, `samples.append(np.copy(samples[-1]))`), verbatim; autograd's `grad(neg_log_p)` (minimc/autograd_interface/potential.py) written out as the Gaussian's closed-form gradient, and `tqdm` (a progress bar) as the identity.
import numpy as np
import scipy.stats as st


def tqdm(iterable):
    # (a progress bar in the original)
    return iterable


def neg_log_mvnormal(mu, sigma):
    """Use a Cholesky decomposition for more careful work."""

    def logp(x):
        k = mu.shape[0]
        return (
            k * np.log(2 * np.pi)
            + np.log(np.linalg.det(sigma))
            + np.dot(np.dot((x - mu).T, np.linalg.inv(sigma)), x - mu)
        ) * 0.5

    return logp


def leapfrog(q, p, dVdq, path_len, step_size):
    """Leapfrog integrator for Hamiltonian Monte Carlo.

    Parameters
    ----------
    q : np.floatX
        Initial position
    p : np.floatX
        Initial momentum
    dVdq : callable
        Gradient of the velocity
    path_len : float
        How long to integrate for
    step_size : float
        How long each integration step should be

    Returns
    -------
    q, p : np.floatX, np.floatX
        New position and momentum
    """
    q, p = np.copy(q), np.copy(p)
    positions, momentums = [np.copy(q)], [np.copy(p)]
    stages = [[np.copy(q), np.copy(p)]]

    velocity = dVdq(q)
    for _ in np.arange(np.round(path_len / step_size)):
        p -= step_size * velocity / 2  # half step
        stages.append([np.copy(q), np.copy(p)])
        q += step_size * p  # whole step
        stages.append([np.copy(q), np.copy(p)])
        positions.append(np.copy(q))
        velocity = dVdq(q)
        p -= step_size * velocity / 2  # half step
        stages.append([np.copy(q), np.copy(p)])
        momentums.append(np.copy(p))

    # momentum flip at end
    return q, -p, np.array(positions), np.array(momentums), np.array(stages)


def hamiltonian_monte_carlo(
    n_samples,
    potential,
    initial_position,
    initial_potential=None,
    initial_potential_grad=None,
    path_len=1,
    step_size=0.1,
    integrator=leapfrog,
    do_reject=True,
):
    """Run Hamiltonian Monte Carlo sampling (minimc_slow.py; the docstring shortened)."""
    initial_position = np.array(initial_position)
    negative_log_prob = lambda q: potential(q)[0]  # NOQA
    dVdq = lambda q: potential(q)[1]  # NOQA

    # collect all our samples in a list
    samples = [initial_position]
    sample_positions, sample_momentums = [], []
    accepted = []
    p_accepts = []

    # Keep a single object for momentum resampling
    momentum = st.norm(0, 1)

    # If initial_position is a 10d vector and n_samples is 100, we want 100 x 10 momentum draws
    # we can do this in one call to np.random.normal, and iterate over rows
    size = (n_samples,) + initial_position.shape[:1]
    for p0 in tqdm(momentum.rvs(size=size)):
        # Integrate over our path to get a new position and momentum
        q_new, p_new, positions, momentums, _ = integrator(
            samples[-1], p0, dVdq, path_len=path_len, step_size=step_size
        )
        sample_positions.append(positions)
        sample_momentums.append(momentums)

        # Check Metropolis acceptance criterion
        start_log_p = negative_log_prob(samples[-1]) - np.sum(
            momentum.logpdf(p0)
        )
        new_log_p = negative_log_prob(q_new) - np.sum(momentum.logpdf(p_new))
        energy_change = start_log_p - new_log_p
        p_accept = np.exp(energy_change)

        if np.random.rand() < p_accept:
            samples.append(q_new)
            accepted.append(True)
        else:
            if do_reject:
                samples.append(np.copy(samples[-1]))
            else:
                samples.append(q_new)
            accepted.append(False)
        p_accepts.append(p_accept)

    return (
        np.array(samples[1:]),
        np.array(sample_positions),
        np.array(sample_momentums),
        np.array(accepted),
        np.array(p_accepts),
    )


# ---- the target: a correlated 2-d Gaussian; autograd's gradient of its negative log density
# written out (Sigma^-1 (x - mu))
MU = np.array([0.5, -1.0])
SIGMA = np.array([[1.0, 0.8], [0.8, 1.5]])
neg_log_p = neg_log_mvnormal(MU, SIGMA)


def dVdq(x):
    return np.linalg.solve(SIGMA, x - MU)


def potential(x):
    # minimc's potential interface (autograd_interface/potential.py's AutogradPotential): (value, gradient)
    return neg_log_p(x), dVdq(x)


# ---- test wrappers

def end_position(q):
    q_new, p_new, positions, momentums, stages = leapfrog(q, np.array([0.3, -0.2]), dVdq, path_len=1, step_size=0.1)
    return q_new


def energy_error(q, p):
    # how far the integrator is from conserving the Hamiltonian (the Metropolis ratio's log)
    q_new, p_new, _, _, _ = leapfrog(q, p, dVdq, path_len=1.5, step_size=0.25)
    return neg_log_p(q_new) + 0.5 * np.sum(p_new ** 2) - neg_log_p(q) - 0.5 * np.sum(p ** 2)


def chain_mean(initial_position):
    samples, positions, momentums, accepted, p_accepts = hamiltonian_monte_carlo(
        3, potential, initial_position, path_len=0.5, step_size=0.1)
    return np.mean(samples)


CASES = [
    dict(name="end_position", function=end_position, args=lambda: (np.array([1.0, 0.5]),), kind="jacobian"),
    dict(name="energy_error", function=energy_error, args=lambda: (np.array([1.0, 0.5]), np.array([0.3, -0.2])),
         wrt=(0, 1)),
    dict(name="chain_mean", function=chain_mean, args=lambda: (np.array([1.0, 0.5]),), seed=3),
]
