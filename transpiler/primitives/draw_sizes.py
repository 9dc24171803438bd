"""Where NumPy's random draws take their ``size``: a draw of a known ``size`` (a constant while
specialising: ``rng.standard_normal(mu.shape)``, ``rng.normal(size=(n, 2))``) returns an array of
exactly that shape (NumPy raises where the parameters do not broadcast to it), so the shape
analysis (analysis/draw_shapes.py) knows the shapes after a draw and the code after it is the
specialised code, not generic helpers. Methods of a ``Generator`` or ``RandomState`` whose result
is floating, by name: (position of ``size`` among the positional arguments, its keyword)."""
import numpy as np

SIZE_POSITIONS: dict[str, int] = {
    "standard_normal": 0, "random": 0, "random_sample": 0, "standard_exponential": 0, "standard_cauchy": 0,
    "normal": 2, "uniform": 2, "lognormal": 2, "laplace": 2, "logistic": 2, "gumbel": 2, "beta": 2,
    "exponential": 1, "standard_gamma": 1, "standard_t": 1, "chisquare": 1, "rayleigh": 1,
}

# the calls that make a generator (the receiver of the draws above, made in the function)
GENERATOR_MAKERS = ("np.random.default_rng", "np.random.RandomState", "np.random.Generator")
GENERATOR_TYPES = ("Generator", "RandomState")


def drawn_shape(size) -> tuple | None:
    """The shape of a draw of ``size`` (an int or a tuple of ints), None for another value."""
    if type(size) is int and size >= 0:
        return (size,)
    if type(size) is tuple and all(type(n) is int and n >= 0 for n in size):
        return size
    return None


assert all(hasattr(np.random.Generator, m) or hasattr(np.random.RandomState, m) for m in SIZE_POSITIONS)
