"""The split family with a number of sections known only at run time (picoGPT's
``np.split(x, n_head, axis=-1)``, ``n_head`` an argument): the pieces are one list value, whose
adjoint is a list of the pieces' adjoints. Both modes against central finite differences,
through comprehensions, ``zip(*...)``, unpacking and slicing of the list, and second order."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

X = np.random.default_rng(5).standard_normal((3, 6))


def heads_in_a_comprehension(x, n_head):
    heads = [np.tanh(h) for h in np.split(x, n_head, axis=-1)]
    return np.sum(np.hstack(heads[::-1]) * np.arange(x.size).reshape(x.shape))


def zipped_like_picogpt(x, n_head):
    qkv = np.split(x, 3, axis=-1)
    qkv_heads = list(map(lambda x: np.split(x, n_head, axis=-1), qkv))
    out = [q * k + v for q, k, v in zip(*qkv_heads)]
    return np.sum(np.hstack(out) ** 2)


def unpacked(x, n):
    first, second = np.split(x, n)
    return np.sum(first * np.sin(second))


def uneven_pieces_by_index(x, n):
    parts = np.array_split(x, n, axis=1)
    return np.sum(parts[0] ** 3) + np.sum(parts[-1] * parts[0][:, :1])


def split_indices_passed_in(x, where):
    left, middle, right = np.hsplit(x, where)
    return np.sum(left ** 2) + np.sum(middle * 3) - np.sum(np.exp(right))


@pytest.mark.parametrize("f, sections", [(heads_in_a_comprehension, 3), (heads_in_a_comprehension, 2),
                                         (zipped_like_picogpt, 2), (unpacked, 2), (uneven_pieces_by_index, 4),
                                         (split_indices_passed_in, [1, 4])])
def test_run_time_sections_match_finite_differences_in_both_modes(f, sections):
    x = X[:2] if f is unpacked else X
    assert check_grad(f, x, sections).ok
    direction = np.random.default_rng(1).standard_normal(x.shape)
    value, tangent = transpiler.jvp(f, (x, sections), (direction, None))
    h = 1e-6
    expected = (f(x + h * direction, sections) - f(x - h * direction, sections)) / (2 * h)
    assert value == pytest.approx(f(x, sections)) and tangent == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_second_derivative_through_run_time_sections():
    h = transpiler.hessian(uneven_pieces_by_index)(X[0].reshape(1, 6), 3)
    x = X[0]
    expected = np.zeros((6, 6))
    expected[0, 0], expected[1, 1] = 6 * x[0], 6 * x[1]
    expected[0, 4] = expected[4, 0] = expected[0, 5] = expected[5, 0] = 1.0
    np.testing.assert_allclose(h.reshape(6, 6), expected, atol=1e-12)


def test_unpacking_into_the_wrong_number_of_names_raises_as_python_does():
    with pytest.raises(ValueError, match="unpack"):
        transpiler.grad(unpacked)(X[:3], 3)


def sections_from_the_shape(x):
    parts = np.split(x, np.shape(x)[0])        # (was refused: "sections that are not a constant")
    return np.sum(parts[0] * parts[-1])


def test_sections_computed_from_a_shape_match_finite_differences():
    assert check_grad(sections_from_the_shape, X).ok
