"""``np.pad``'s modes whose padding is computed from the array (primitives/padding.py): "mean",
"maximum", "minimum", "median" (over ``stat_length`` elements, the whole axis by default) and
"linear_ramp" (from ``end_values``). Each in reverse and forward mode against central finite
differences and through the Hessian, in the spellings NumPy accepts (positional mode, keywords,
per-axis pairs, a loop, a helper); ties of the picked statistics split the derivative evenly."""
import numpy as np
import pytest
from array_check import rng
from one_argument_checks import (gradient_matches_finite_differences, hessian_matches_differences_of_the_gradient,
                                 jvp_matches_finite_differences)

import transpiler
from transpiler.errors import UnsupportedSyntaxError

X = rng(23).normal(size=(3, 4))
WEIGHTS = np.cos(np.arange(99.0))


def weighed(padded):
    return np.sum(np.sin(padded) * WEIGHTS[:padded.size].reshape(padded.shape))


def mean_whole_axes(x):
    return weighed(np.pad(x, ((1, 2), (2, 1)), mode="mean"))


def mean_stat_length_keywords(x):
    return weighed(np.pad(x, pad_width=2, mode="mean", stat_length=2))


def maximum_positional_mode_per_axis_lengths(x):
    return weighed(np.pad(x, [[2, 0], [1, 3]], "maximum", stat_length=((1, 2), (3, 1))))


def minimum_pair_of_lengths(x):
    return weighed(np.pad(x, (1, 2), mode="minimum", stat_length=(2, 3)))


def median_odd_and_even_counts(x):
    return weighed(np.pad(x, 2, mode="median")) + weighed(np.pad(x, 1, mode="median", stat_length=2))


def linear_ramp_default_end_values(x):
    return weighed(np.pad(x, ((2, 3), (1, 2)), mode="linear_ramp"))


def linear_ramp_end_values_per_axis(x):
    return weighed(np.pad(x, 3, "linear_ramp", end_values=((1.0, -2.0), (0.5, 4.0))))


def padded_in_a_loop(x):
    total = 0.0
    for width in (1, 2):
        total = total + weighed(np.pad(x, width, mode="maximum")) + weighed(np.pad(x, (width, 0), "linear_ramp"))
    return total


def pad_row(v, width):
    return np.pad(v, width, mode="linear_ramp", end_values=0.5)


def ramp_of_a_vector_in_a_helper(x):
    return weighed(pad_row(x[1], (3, 2))) + weighed(np.pad(x[0], 2, "mean", stat_length=1))


CASES = [mean_whole_axes, mean_stat_length_keywords, maximum_positional_mode_per_axis_lengths,
         minimum_pair_of_lengths, median_odd_and_even_counts, linear_ramp_default_end_values,
         linear_ramp_end_values_per_axis, padded_in_a_loop, ramp_of_a_vector_in_a_helper]


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", [23, 5])
def test_computed_pad_modes_in_both_modes_and_the_hessian(fn, seed):
    x = rng(seed).normal(size=(3, 4))
    gradient_matches_finite_differences(fn, x)
    jvp_matches_finite_differences(fn, x)
    hessian_matches_differences_of_the_gradient(fn, x)


PADDED = {"mean": lambda v: np.pad(v, ((2, 1), (3, 0)), "mean", stat_length=2),
          "maximum": lambda v: np.pad(v, ((2, 1), (3, 0)), "maximum"),
          "minimum": lambda v: np.pad(v, ((2, 1), (3, 0)), "minimum", stat_length=((1, 2), (2, 1))),
          "median": lambda v: np.pad(v, ((2, 1), (3, 0)), "median"),
          "linear_ramp": lambda v: np.pad(v, ((2, 1), (3, 0)), "linear_ramp", end_values=(1.0, 2.0))}
OPTIONS = {"mean": {"stat_length": 2}, "maximum": {}, "minimum": {"stat_length": ((1, 2), (2, 1))},
           "median": {}, "linear_ramp": {"end_values": (1.0, 2.0)}}


@pytest.mark.parametrize("mode", list(PADDED))
def test_computed_pad_values_are_numpys_and_float32_stays(mode):
    x = X.astype(np.float32)
    padded = PADDED[mode]
    value, _ = transpiler.jvp(padded, (x,), (np.ones_like(x),))
    np.testing.assert_array_equal(value, np.pad(x, ((2, 1), (3, 0)), mode, **OPTIONS[mode]))
    gradient = transpiler.grad(lambda v: np.sum(padded(v) ** 2))(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(lambda v: np.sum(padded(v) ** 2))(X), rtol=1e-4, atol=1e-5)


def max_padded(x):
    return np.sum(np.pad(x, (0, 1), mode="maximum"))


def test_tied_maxima_share_the_padding_derivative_evenly():
    x = np.array([1.0, 3.0, 3.0, 2.0])
    np.testing.assert_allclose(transpiler.grad(max_padded)(x), [1.0, 1.5, 1.5, 1.0])
    _, tangent = transpiler.jvp(max_padded, (x,), (np.array([0.0, 1.0, 0.0, 0.0]),))
    assert tangent == pytest.approx(1.5)


def ramp_to_a_computed_end(x):
    return np.sum(np.pad(x, 2, mode="linear_ramp", end_values=float(x[0, 0])))


def padded_by_mode(x, mode):
    return np.sum(np.pad(x, 1, mode=mode))


def test_computed_end_values_and_modes_are_refused_where_written():
    with pytest.raises(UnsupportedSyntaxError, match=r"test_pad_computed.py:\d+:\d+: .*with computed end_values"):
        transpiler.grad(ramp_to_a_computed_end)(X)
    with pytest.raises(UnsupportedSyntaxError, match=r"test_pad_computed.py:\d+:\d+: .*with a computed mode"):
        transpiler.grad(padded_by_mode)(X, "mean")
