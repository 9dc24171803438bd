# Ported from Thomas Wiecki, "MCMC sampling for dummies" (blog post, 2015; https://twiecki.io/blog/2015/11/10/mcmc-sampling/, notebook in twiecki/WhileMyMCMCGentlySamples): the random-walk Metropolis `sampler` built on frozen scipy.stats distributions (`norm(mu_current, 1).pdf(data).prod()`, `norm(mu_current, proposal_width).rvs()`), the accept test `np.random.rand() < p_accept`, and `calc_posterior_analytical`. The plotting helper `plot_proposal` (matplotlib) is left out: `plot=False` never reaches it.
import numpy as np
import scipy as sp
from scipy.stats import norm

np.random.seed(123)

data = np.random.randn(20)


def calc_posterior_analytical(data, x, mu_0, sigma_0):
    sigma = 1.
    n = len(data)
    mu_post = (mu_0 / sigma_0**2 + data.sum() / sigma**2) / (1. / sigma_0**2 + n / sigma**2)
    sigma_post = (1. / sigma_0**2 + n / sigma**2)**-1
    return norm(mu_post, np.sqrt(sigma_post)).pdf(x)


def sampler(data, samples=4, mu_init=.5, proposal_width=.5, plot=False, mu_prior_mu=0, mu_prior_sd=1.):
    mu_current = mu_init
    posterior = [mu_current]
    for i in range(samples):
        # suggest new position
        mu_proposal = norm(mu_current, proposal_width).rvs()

        # Compute likelihood by multiplying probabilities of each data point
        likelihood_current = norm(mu_current, 1).pdf(data).prod()
        likelihood_proposal = norm(mu_proposal, 1).pdf(data).prod()

        # Compute prior probability of current and proposed mu
        prior_current = norm(mu_prior_mu, mu_prior_sd).pdf(mu_current)
        prior_proposal = norm(mu_prior_mu, mu_prior_sd).pdf(mu_proposal)

        p_current = likelihood_current * prior_current
        p_proposal = likelihood_proposal * prior_proposal

        # Accept proposal?
        p_accept = p_proposal / p_current

        # Usually would include prior probability, which we neglect here for simplicity
        accept = np.random.rand() < p_accept

        if plot:
            plot_proposal(mu_current, mu_proposal, mu_prior_mu, mu_prior_sd, data, accept, posterior, i)

        if accept:
            # Update position
            mu_current = mu_proposal

        posterior.append(mu_current)

    return np.array(posterior)


def plot_proposal(*args):
    raise NotImplementedError("plotting (matplotlib) is left out of the port")


def analytical_density(x, mu_0, sigma_0, data):
    # test wrapper: the analytical posterior on the blog's grid, summed with weights
    x_grid = np.linspace(-1, 1, 7) + x
    return np.sum(calc_posterior_analytical(data, x_grid, mu_0, sigma_0) * np.linspace(1, 2, 7))


def chain_mean(mu_init, proposal_width, data):
    # test wrapper: the mean of a short chain (value and gradient of the same draws)
    posterior = sampler(data, samples=12, mu_init=mu_init, proposal_width=proposal_width)
    return np.mean(posterior)


def unnormalized_posterior(mu, data, mu_prior_mu, mu_prior_sd):
    # test wrapper: the sampler's p_current, likelihood times prior, as a function of mu
    likelihood_current = norm(mu, 1).pdf(data).prod()
    prior_current = norm(mu_prior_mu, mu_prior_sd).pdf(mu)
    return likelihood_current * prior_current * 1e12


CASES = [
    dict(name="analytical_posterior", function=analytical_density, args=lambda: (0.1, 0.0, 1.0, data.copy()),
         wrt=(0, 1, 2, 3)),
    dict(name="sampler_chain", function=chain_mean, args=lambda: (0.5, 0.5, data.copy()), wrt=(0, 1), seed=5),
    # the chain as a function of the data alone: the draws do not depend on it, the accept
    # tests are piecewise constant in it (value and zero gradient of the same sample)
    dict(name="sampler_chain_of_data", function=chain_mean, args=lambda: (0.5, 0.5, data.copy()), wrt=(2,), seed=5),
    dict(name="unnormalized_posterior", function=unnormalized_posterior, args=lambda: (0.2, data.copy(), 0.0, 1.0),
         wrt=(0, 1, 3)),
]
