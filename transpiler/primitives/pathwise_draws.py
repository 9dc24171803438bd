"""Normal draws whose parameters are differentiated (Wiecki's Metropolis proposal
``norm(mu_current, proposal_width).rvs()``, ``rng.normal(mu, sigma)``, Python's
``random.gauss(mu, sigma)``), and NumPy's uniform, exponential and log-normal ones
(``rng.uniform(low, high)``, ``rng.exponential(scale)``, ``rng.lognormal(mean, sigma)``): the
*pathwise* (reparameterised) derivative of the sample the program draws.

NumPy's ``normal(loc, scale, size)`` (``RandomState``'s, the global stream's and ``Generator``'s)
computes each item as ``loc + scale * z`` with ``z`` the next standard normal variate of the very
stream ``standard_normal`` reads, in the same order; scipy's ``norm.rvs`` draws
``random_state.standard_normal(size)`` and returns ``z * scale + loc``. So the frontend
(frontend/pathwise_draws.py) lowers such a draw as ``z = normal_variates(...)``, a call that
simply runs (the variates: a constant of the derivative, drawn once, where the primal draws) and
``loc + scale * z``, which is the sample to the last bit and differentiates as the sum it is:
``d/dloc = 1``, ``d/dscale = z`` (PyTorch's ``rsample``, JAX's ``mu + s * normal(key)``). The
helpers here check what the library checks (a negative scale, shapes that do not broadcast to
``size``) and raise what it raises, and draw nothing where it draws nothing (scipy, every scale
zero: the sample is ``loc``, and ``d/dscale`` is taken as 0 there, the edge of the domain)."""
from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

from .opaque import FAMILY, OpaqueCall
from .registry import Spelling
from .runtime import helper


@helper()
def normal_variates(draw, loc, scale, size=None):
    """The standard normal variates NumPy's ``draw(loc, scale, size)`` (the ``normal`` of a
    ``RandomState``, of the global stream or of a ``Generator``, or the generator itself) turns
    into its sample ``loc + scale * z``: drawn from the same stream, in the same order."""
    owner = getattr(draw, "__self__", draw)
    if not isinstance(owner, (np.random.RandomState, np.random.Generator)):
        raise TypeError(f"`normal` of {type(owner).__name__}, which is not NumPy's RandomState or Generator, "
                        "called with parameters computed in the function: the compiler reads `v.normal(loc, "
                        "scale)` of a value as NumPy's draw `loc + scale * z`; call the method by another name "
                        "or pass a NumPy generator")
    if np.any(np.less(scale, 0)):
        raise ValueError("scale < 0")
    shape = np.broadcast_shapes(np.shape(loc), np.shape(scale))
    if size is not None:
        target = tuple(size) if np.iterable(size) else (int(size),)
        if np.broadcast_shapes(shape, target) != target:
            raise ValueError(f"shape mismatch: objects cannot be broadcast to a single shape: "
                             f"loc and scale of shape {shape} and size {target}")
        return owner.standard_normal(size)
    return owner.standard_normal(shape) if shape else np.float64(owner.standard_normal())   # (float32 + z: float64)


@helper()
def numpy_generator(draw, method):
    """The NumPy ``RandomState`` or ``Generator`` whose method ``draw`` is (or ``draw`` itself)."""
    owner = getattr(draw, "__self__", draw)
    if not isinstance(owner, (np.random.RandomState, np.random.Generator)):
        raise TypeError(f"`{method}` of {type(owner).__name__}, which is not NumPy's RandomState or Generator, "
                        f"called with parameters computed in the function: the compiler reads `v.{method}(...)` of a "
                        "value as NumPy's draw; call the method by another name or pass a NumPy generator")
    return owner


@helper()
def draw_shape(size, *parameters):
    """The shape of a draw: ``size``, checked against the parameters' broadcast shape as NumPy
    checks it, or that broadcast shape."""
    shape = np.broadcast_shapes(*map(np.shape, parameters))
    if size is None:
        return shape
    target = tuple(size) if np.iterable(size) else (int(size),)
    if np.broadcast_shapes(shape, target) != target:
        raise ValueError(f"shape mismatch: objects cannot be broadcast to a single shape: parameters of shape "
                         f"{shape} and size {target}")
    return target


@helper()
def standard_draws(variates, shape):
    """``variates(shape)``, or one variate as a NumPy float (float32 plus it is float64, as
    NumPy's draw of a float32 parameter is)."""
    return variates(shape) if shape else np.float64(variates())


# NumPy's ``uniform(low, high)`` is ``low + (high - low) * u`` of the next double ``u`` that
# ``random()`` reads; ``exponential(scale)`` is ``scale * e`` of ``standard_exponential()``'s ``e``;
# ``lognormal(mean, sigma)`` is ``exp(mean + sigma * z)`` of ``standard_normal()``'s ``z`` (NumPy's
# ``exp``, which may differ from the C library's that RandomState calls by one rounding).
@helper("numpy_generator", "draw_shape", "standard_draws")
def uniform_variates(draw, low=0.0, high=1.0, size=None):
    """The standard uniform variates of NumPy's ``draw(low, high, size)``."""
    owner = numpy_generator(draw, "uniform")
    if not np.all(np.isfinite(np.subtract(high, low))):
        raise OverflowError("high - low range exceeds valid bounds")
    return standard_draws(owner.random, draw_shape(size, low, high))


@helper("numpy_generator", "draw_shape", "standard_draws")
def exponential_variates(draw, scale=1.0, size=None):
    """The standard exponential variates of NumPy's ``draw(scale, size)``."""
    owner = numpy_generator(draw, "exponential")
    if np.any(np.less(scale, 0)):
        raise ValueError("scale < 0")
    return standard_draws(owner.standard_exponential, draw_shape(size, scale))


@helper("numpy_generator", "draw_shape", "standard_draws")
def lognormal_variates(draw, mean=0.0, sigma=1.0, size=None):
    """The standard normal variates of NumPy's ``draw(mean, sigma, size)``."""
    owner = numpy_generator(draw, "lognormal")
    if np.any(np.less(sigma, 0)):
        raise ValueError("sigma < 0")
    return standard_draws(owner.standard_normal, draw_shape(size, mean, sigma))


@helper()
def norm_variates(draw, loc=0.0, scale=1.0, size=None, random_state=None):
    """The standard normal variates scipy's ``norm.rvs(loc, scale, size, random_state)``
    (``draw``, the bound ``rvs``) turns into its sample ``z * scale + loc``, from the same
    generator: zeros where every scale is 0 (scipy draws nothing then and returns ``loc``)."""
    dist = draw.__self__
    if not np.all(np.greater_equal(scale, 0)):
        raise ValueError("Domain error in arguments. The `scale` parameter must be positive for all "
                         "distributions, and many distributions have restrictions on shape parameters. "
                         f"Please see the `scipy.stats.{dist.name}` documentation for details.")
    shape = np.broadcast_shapes(np.shape(loc), np.shape(scale))
    if size is not None:
        target = tuple(size) if np.iterable(size) else (int(size),)
        if np.broadcast_shapes(shape, target) != target:
            raise ValueError("size does not match the broadcast shape of the parameters. "
                             f"{size}, {target}, {shape}")
        shape = target
    if np.all(np.equal(scale, 0)):
        return np.zeros(shape)
    if random_state is None:
        generator = dist.random_state
    elif isinstance(random_state, (np.random.RandomState, np.random.Generator)):
        generator = random_state
    else:               # (an integer seeds a new RandomState, as scipy's check_random_state does)
        generator = np.random.RandomState(random_state)
    return generator.standard_normal(shape)


@helper()
def python_random(draw):
    """The ``random.Random`` whose method ``draw`` is (or ``draw`` itself, a generator made in
    the function), checked by its class's names: the generated module imports NumPy only."""
    owner = getattr(draw, "__self__", draw)
    if not any(c.__module__ == "random" and c.__name__ == "Random" for c in type(owner).__mro__):
        raise TypeError(f"a method of {type(owner).__name__}, which is not Python's random.Random, called as "
                        "`gauss(mu, sigma)` or `normalvariate(mu, sigma)` with parameters computed in the function: "
                        "the compiler reads it as Python's draw `mu + z * sigma`; call the method by another name "
                        "or pass a random.Random")
    return owner


# Python's ``random.gauss(mu, sigma)`` and ``normalvariate`` (of a ``random.Random``, or of the
# module's own generator) return ``mu + z * sigma``: the same method called with (0, 1) draws the
# same numbers from the same generator and returns ``0.0 + z * 1.0``, ``z`` itself.
@helper("python_random")
def python_gauss_variate(draw, mu=0.0, sigma=1.0):
    """The standard normal variate of ``random.gauss(mu, sigma)``."""
    return python_random(draw).gauss(0.0, 1.0)


@helper("python_random")
def python_normalvariate_variate(draw, mu=0.0, sigma=1.0):
    """The standard normal variate of ``random.normalvariate(mu, sigma)``."""
    return python_random(draw).normalvariate(0.0, 1.0)


@dataclass(eq=False)
class Variates(OpaqueCall):
    """``normal_variates(draw, loc, scale, ...)``: a call that simply runs (a draw: never
    repeated, moved or shared); it reads its arguments and keeps none of them, so differentiated
    ``loc`` and ``scale`` may pass through it (the analysis' refusal of opaque calls skips it)."""

    reads_only = True


def variates(helper_name: str, written: str, arg_sources: tuple, chain: str) -> Variates:
    """The primitive of one draw's variates, printed ``helper_name(draw, loc, scale, ...)``."""
    return Variates(name=written, spelling=Spelling(path=helper_name), family=FAMILY, differentiable=False,
                    shape_rule=None, effect=True, path=helper_name, label=written,
                    arg_sources=arg_sources, chain=chain)


VARIATES = ("normal_variates", "norm_variates", "python_gauss_variate", "python_normalvariate_variate",
            "uniform_variates", "exponential_variates", "lognormal_variates")
