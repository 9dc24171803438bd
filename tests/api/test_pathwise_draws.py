"""A draw whose parameters are differentiated (``rng.normal(mu, s)``, ``np.random.normal``, scipy's
``norm.rvs``, Python's ``random.gauss``; NumPy's ``uniform``, ``exponential`` and ``lognormal``)
is what the library computes from the standard variates of the same stream (``loc + scale * z``,
``low + (high - low) * u``, ``scale * e``, ``exp(mean + sigma * z)``), so its derivative is the
pathwise one. Each spelling: the sample equals the primal's to the last bit (a log-normal's to
a rounding of exp), the stream advances as the primal's does, and the gradient (both modes, and
the Hessian) agrees with central differences taken with the seed fixed."""
import random

import numpy as np
import numpy.random as npr
import pytest
from scipy import stats
from scipy.stats import norm

import transpiler
from transpiler import check_grad, grad, hessian, jvp, value_and_grad

RNG = np.random.default_rng(11)         # a global generator, read at call time


def same_stream(a, b) -> bool:
    if isinstance(a, np.random.Generator):
        return a.bit_generator.state == b.bit_generator.state
    return all(np.array_equal(u, v) for u, v in zip(a.get_state(), b.get_state()))


def generator_argument(p, rng):
    return np.sum(rng.normal(p[0], np.exp(p[1]), size=3) ** 2)


def random_state_argument(p, rs):
    noise = rs.normal(p, 0.5 + p ** 2)             # arrays of parameters, no size: their shape
    return np.sum(np.sin(noise) * p)


def scipy_with_a_generator(p, rng):
    return np.sum(norm.rvs(p[0], scale=p[1] ** 2, size=2, random_state=rng) ** 3)


def frozen_in_a_helper(p, rng):
    def proposal(mu, width):
        return stats.norm(mu, width).rvs(random_state=rng)
    return proposal(p[0], p[1]) * p[0]


def keywords_in_a_loop(p, rng):
    s = 0.0
    for k in range(3):
        s = s + rng.normal(loc=s * p[0], scale=p[1]) ** 2     # each step's mean the last sample
    return s


def uniform_between_parameters(p, rng):
    return np.sum(rng.uniform(p[0], p[0] + np.exp(p[1]), size=4) ** 2)


def exponential_waits(p, rs):
    return np.sum(np.sqrt(rs.exponential(scale=p ** 2 + 0.1)) * p)


def uniform_then_exponential_keywords(p, rng):
    start = rng.uniform(low=-p[1], high=1.0)
    return start * rng.exponential(p[0], size=3).sum()


ARGUMENT_CASES = [
    (uniform_between_parameters, lambda: np.random.default_rng(8)),
    (exponential_waits, lambda: npr.RandomState(9)),
    (uniform_then_exponential_keywords, lambda: np.random.default_rng(10)),
    (generator_argument, lambda: np.random.default_rng(3)),
    (random_state_argument, lambda: npr.RandomState(4)),
    (scipy_with_a_generator, lambda: np.random.default_rng(5)),
    (frozen_in_a_helper, lambda: npr.RandomState(6)),
    (keywords_in_a_loop, lambda: np.random.default_rng(7)),
]
P = np.array([0.4, 0.7])


def fixed(f, make_generator):
    return lambda p: f(p, make_generator())


@pytest.mark.parametrize("f, make_generator", ARGUMENT_CASES, ids=[f.__name__ for f, _ in ARGUMENT_CASES])
def test_the_sample_and_the_stream_are_the_primals_and_the_gradient_is_pathwise(f, make_generator):
    generator, reference = make_generator(), make_generator()
    value, gradient = value_and_grad(f)(P, generator)
    assert value == f(P, reference)                  # the same sample, to the last bit
    assert same_stream(generator, reference)
    report = transpiler.check_grad(fixed(f, make_generator), P)
    assert report.ok, report
    np.testing.assert_allclose(grad(f)(P, make_generator()), gradient, rtol=1e-13)


@pytest.mark.parametrize("f, make_generator", ARGUMENT_CASES, ids=[f.__name__ for f, _ in ARGUMENT_CASES])
def test_forward_mode_and_second_order(f, make_generator):
    direction = np.array([1.0, -0.6])
    generator, reference = make_generator(), make_generator()
    value, derivative = jvp(f, (P, generator), (direction, None))
    assert value == f(P, reference) and same_stream(generator, reference)
    g, h = fixed(f, make_generator), 1e-6
    assert derivative == pytest.approx((g(P + h * direction) - g(P - h * direction)) / (2 * h), rel=1e-6)
    H = hessian(fixed(f, make_generator))(P)
    first = grad(fixed(f, make_generator))
    numeric = np.stack([(first(P + h * e) - first(P - h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-6)


def wiecki_step(mu_current, proposal_width):
    """Wiecki's proposal, the frozen distribution drawing from NumPy's global stream."""
    mu_proposal = norm(mu_current, proposal_width).rvs()
    return mu_proposal * mu_current + np.random.normal(mu_proposal, proposal_width) + npr.normal(mu_current)


def global_generator(mu):
    return np.sum(RNG.normal(mu, 2.0, size=(2, 2)))


def test_the_global_stream_and_a_global_generator():
    np.random.seed(1)
    expected = wiecki_step(0.3, 0.8)
    after = np.random.get_state()
    np.random.seed(1)
    value, gradient = value_and_grad(wiecki_step, wrt=(0, 1))(0.3, 0.8)
    assert value == expected and all(np.array_equal(u, v) for u, v in zip(np.random.get_state(), after))

    def seeded(p):
        np.random.seed(1)
        return wiecki_step(p[0], p[1])
    report = transpiler.check_grad(seeded, np.array([0.3, 0.8]))
    assert report.ok, report
    np.testing.assert_allclose(gradient, grad(seeded)(np.array([0.3, 0.8])), rtol=1e-13)

    state = RNG.bit_generator.state
    value = global_generator(np.array([0.5, -1.0]))
    RNG.bit_generator.state = state
    assert value_and_grad(global_generator)(np.array([0.5, -1.0])) == (value, pytest.approx(np.full(2, 2.0)))


def test_float32_parameters_give_numpys_float64_sample():
    mu, s = np.float32(0.3), np.float32(1.2)
    assert value_and_grad(lambda m: npr.RandomState(0).normal(m, s))(mu)[0] == npr.RandomState(0).normal(mu, s)
    sample = value_and_grad(lambda m: np.sum(npr.RandomState(0).normal(m, s, size=2)))(np.float32([0.1, 0.2]))
    assert sample[0] == np.sum(npr.RandomState(0).normal(np.float32([0.1, 0.2]), s, size=2))


def test_the_printed_code_draws_the_variates_and_adds():
    text = grad(wiecki_step).source()
    assert "z = norm_variates(norm_rvs, mu_current, proposal_width)" in text
    assert "mu_proposal = mu_current + proposal_width * z" in text
    constant = grad(lambda x, rng: np.sum(x * rng.normal(0.0, 1.0, size=2))).source()
    assert "rng.normal(0.0, 1.0, size=2)" in constant and "normal_variates" not in constant


def test_what_the_library_refuses_is_refused_the_same_way():
    with pytest.raises(ValueError, match="scale < 0"):
        grad(lambda m: np.random.default_rng(0).normal(m, -1.0 * m))(0.5)
    with pytest.raises(ValueError, match="Domain error in arguments"):
        grad(lambda m: norm(m, -m).rvs(random_state=0))(0.5)


def test_every_scale_zero_in_scipy_draws_nothing_and_the_sample_is_loc():
    rs, reference = npr.RandomState(2), npr.RandomState(2)
    assert value_and_grad(lambda m: norm.rvs(m, 0.0 * m, random_state=rs))(0.5) == (0.5, 1.0)
    assert same_stream(rs, reference)


class Sampler:
    def normal(self, loc, scale):
        return loc + scale


def test_a_normal_method_of_an_object_of_the_users_is_its_own():
    assert grad(lambda m, sampler: sampler.normal(m, m) * m)(0.5, Sampler()) == 2.0      # d/dm 2 m * m


def test_a_draw_of_another_family_with_differentiated_parameters_is_still_refused():
    from transpiler import UnknownFunctionError

    with pytest.raises(UnknownFunctionError) as info:
        grad(lambda x, rng: np.sum(rng.gamma(x, 2.0)))(np.array([0.3, 0.5]), np.random.default_rng(0))
    assert "no derivative rule for `rng.gamma`" in str(info.value)
    assert "reparameterisation" in info.value.hint


def frozen_draw(x):
    return x * norm(0.0, 1.0).rvs() + norm(x, 2.0).rvs()


def unfrozen_draw(x):
    return x * norm.rvs(0.0, 1.0) + norm.rvs(x, 2.0)


def test_a_frozen_draw_where_the_distribution_has_its_own_stream_is_refused_not_drawn_from_it(monkeypatch):
    # (a frozen copy draws from NumPy's global stream whatever `norm.random_state` was set to; read as
    # `norm.rvs(...)` it drew from that other stream: a wrong sample, found checking the frozen draws)
    monkeypatch.setattr(norm, "random_state", 5)
    with pytest.raises(transpiler.UnknownFunctionError, match="a frozen distribution"):
        value_and_grad(frozen_draw)(2.0)
    state = norm.random_state.get_state()
    expected = unfrozen_draw(2.0)
    norm.random_state.set_state(state)
    assert value_and_grad(unfrozen_draw)(2.0) == (expected, pytest.approx(norm.rvs(random_state=np.random.RandomState(5)) + 1.0))


def python_module_gauss(x):
    random.seed(1)
    return random.gauss(x[0], 0.1) ** 2 + random.normalvariate(mu=x[1], sigma=x[0] ** 2)


def python_generator_made_here(x):
    rnd = random.Random(4)
    total = 0.0
    for _ in range(3):
        total = total + rnd.gauss(x[0], abs(x[1])) * x[0]
    return total


def python_pair_of_gauss(x):
    random.seed(3)
    return random.gauss(x[0], 1.0) * random.gauss(x[1], 2.0)   # the second is the pair's cached variate


@pytest.mark.parametrize("f", [python_module_gauss, python_generator_made_here, python_pair_of_gauss],
                         ids=lambda f: f.__name__)
def test_python_random_gauss_is_the_sample_to_the_bit_with_its_pathwise_derivative(f):
    x = np.array([0.7, -0.4])
    value, gradient = value_and_grad(f)(x)
    assert value == f(x)                                        # the very sample Python draws
    assert check_grad(f, x).ok
    random.seed(3)
    f(x)
    after = random.random()
    random.seed(3)
    grad(f)(x)
    assert random.random() == after                             # the module's stream advanced as Python's


def test_gauss_of_a_users_object_is_its_own_method():
    class Sampler:
        def gauss(self, mu, sigma):
            return mu + sigma

    assert grad(lambda m, sampler: sampler.gauss(m, 1.0) * m)(0.5, Sampler()) == 2.0     # d/dm (m + 1) m


def lognormal_of_parameters(p, rng):
    return np.sum(np.log1p(rng.lognormal(p[0], np.exp(p[1]), size=5)))


@pytest.mark.parametrize("make_generator", [lambda: np.random.default_rng(12), lambda: npr.RandomState(12)])
def test_a_lognormal_draw_is_the_exponential_of_a_normal_one(make_generator):
    """(exp(mean + sigma * z) with NumPy's exp: the C library's, which the draw calls, may differ by a rounding)"""
    generator, reference = make_generator(), make_generator()
    value, gradient = value_and_grad(lognormal_of_parameters)(P, generator)
    assert value == pytest.approx(lognormal_of_parameters(P, reference), rel=1e-14)
    assert same_stream(generator, reference)
    report = transpiler.check_grad(fixed(lognormal_of_parameters, make_generator), P)
    assert report.ok, report


def test_the_other_draws_refuse_what_numpy_refuses():
    with pytest.raises(ValueError, match="scale < 0"):
        grad(lambda s: np.random.default_rng(0).exponential(-s))(0.5)
    with pytest.raises(ValueError, match="sigma < 0"):
        grad(lambda m: np.random.default_rng(0).lognormal(m, -1.0))(0.5)
