"""``hessian``/``hvp`` with ``has_aux=True``: the aux comes from one more Python call of ``f``
(documented in docs/porting.md), made as every transform calls ``f``: at NumPy floats where
Python's raise, the random streams put back even where it fails, and an integer loss refused as
without aux (so now also by grad and value_and_grad). Derivatives checked against finite
differences."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient
from transpiler.errors import OutputShapeError, OutputTypeError

X = np.array([0.4, -0.9])
CALLS = []


def counted(x):
    CALLS.append(1)
    return np.sum(x ** 3), x


def counted_alone(x):
    CALLS.append(1)
    return np.sum(x ** 3)


def _runs_per_call(call):
    runs = []
    for _ in range(3):        # (the first call, then the warm ones)
        CALLS.clear()
        call()
        runs.append(len(CALLS))
    return runs


def test_hvp_with_aux_runs_f_once_more_than_without():
    without = _runs_per_call(lambda: transpiler.hvp(counted_alone, X, X))
    assert _runs_per_call(lambda: transpiler.hvp(counted, X, X, has_aux=True)) == [n + 1 for n in without]


def test_hessian_with_aux_runs_f_once_more_than_without():
    without = _runs_per_call(lambda: transpiler.hessian(counted_alone)(X))
    assert _runs_per_call(lambda: transpiler.hessian(counted, has_aux=True)(X)) == [n + 1 for n in without]


def reciprocal(x):
    return x ** 3 + 1 / x, x


def test_aux_at_a_python_float_where_python_divides_by_zero_is_numpys_inf():
    """Before: ZeroDivisionError from the aux call, where the loss's Hessian is inf."""
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(2):
            matrix, aux = transpiler.hessian(reciprocal, has_aux=True)(0.0)
            assert np.isinf(matrix) and aux == 0.0
            product, aux = transpiler.hvp(reciprocal, 0.0, 1.0, has_aux=True)
            assert np.isinf(product) and aux == 0.0


def test_aux_at_python_floats_elsewhere_is_the_hessian_of_the_loss():
    x = 0.7
    loss = lambda x: reciprocal(x)[0]      # noqa: E731
    h = 1e-4
    fd = (numeric_gradient(loss, [x + h], 0) - numeric_gradient(loss, [x - h], 0)) / (2 * h)
    matrix, aux = transpiler.hessian(reciprocal, has_aux=True)(x)
    np.testing.assert_allclose(matrix, fd, rtol=1e-5)
    product, aux2 = transpiler.hvp(reciprocal, x, 2.0, has_aux=True)
    np.testing.assert_allclose(product, 2.0 * fd, rtol=1e-5)
    assert aux == aux2 == x


def draws_then_no_pair(x, rng):
    return np.sum(x * rng.normal(size=x.shape))


@pytest.mark.parametrize("transform", [lambda f, x, rng: transpiler.hessian(f, has_aux=True)(x, rng),
                                       lambda f, x, rng: transpiler.hvp(f, x, x, rng, has_aux=True)])
def test_a_function_returning_no_pair_leaves_the_random_stream_where_it_was(transform):
    rng = np.random.default_rng(3)
    before = rng.bit_generator.state
    with pytest.raises(OutputShapeError, match="must return a pair"):
        transform(draws_then_no_pair, X, rng)
    assert rng.bit_generator.state == before


def counting_positives(x):
    return np.sum(x > 0), x


@pytest.mark.parametrize("transform", [lambda f: transpiler.hessian(f, has_aux=True)(X),
                                       lambda f: transpiler.hvp(f, X, X, has_aux=True)])
def test_an_integer_loss_is_refused_as_without_aux(transform):
    """Before: a zero Hessian, where ``hessian(lambda x: np.sum(x > 0))`` is refused."""
    with pytest.raises(OutputTypeError, match="no derivative"):
        transpiler.hessian(lambda x: counting_positives(x)[0])(X)
    with pytest.raises(OutputTypeError, match="no derivative"):
        transform(counting_positives)


@pytest.mark.parametrize("transform", [lambda f: transpiler.grad(f, has_aux=True)(X),
                                       lambda f: transpiler.value_and_grad(f, has_aux=True)(X)])
def test_grad_of_an_integer_loss_with_aux_is_refused_as_without_aux(transform):
    """Before: a zero gradient (the same gap as hessian's, older)."""
    for _ in range(2):        # (the first call and the warm one)
        with pytest.raises(OutputTypeError, match="no derivative"):
            transform(counting_positives)


def test_grad_of_a_float_loss_with_aux_still_gives_gradient_and_aux():
    def float_loss(x):
        return np.sum(np.sin(x) * x), x > 0
    for _ in range(2):
        gradient, aux = transpiler.grad(float_loss, has_aux=True)(X)
        np.testing.assert_allclose(gradient, numeric_gradient(lambda x: float_loss(x)[0], [X], 0), rtol=1e-6)
        np.testing.assert_array_equal(aux, X > 0)
