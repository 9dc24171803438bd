"""``argnums=``, JAX's name for ``wrt`` (positions only), on grad, value_and_grad, jacobian and
hessian: code ported from ``jax.grad(f, argnums=1)`` means what it meant there (it raised
``TypeError: unexpected keyword argument``)."""
import copy
import inspect
import pickle

import numpy as np
import pytest

import transpiler

A = np.array([1.0, 2.0])
B = np.array([3.0, -1.0])


def weighted(a, b):
    return np.sum(a * b ** 2)


def test_argnums_means_wrt_by_position_in_every_transform():
    np.testing.assert_allclose(transpiler.grad(weighted, argnums=1)(A, B), 2 * A * B)
    da, db = transpiler.grad(weighted, argnums=(0, 1))(A, B)
    np.testing.assert_allclose(da, B ** 2)
    np.testing.assert_allclose(db, 2 * A * B)
    value, (db_,) = transpiler.value_and_grad(weighted, argnums=[1])(A, B)
    assert value == pytest.approx(weighted(A, B))
    np.testing.assert_allclose(db_, 2 * A * B)
    np.testing.assert_allclose(transpiler.jacobian(lambda a, b: a * b ** 2, argnums=1)(A, B), np.diag(2 * A * B))
    np.testing.assert_allclose(transpiler.hessian(weighted, argnums=1)(A, B), np.diag(2 * A))


def test_argnums_with_wrt_or_with_names_is_a_clear_error_naming_wrt():
    with pytest.raises(TypeError, match="not both"):
        transpiler.grad(weighted, wrt=1, argnums=1)
    with pytest.raises(TypeError, match="positions.*wrt="):
        transpiler.grad(weighted, argnums="b")
    with pytest.raises(ValueError, match="takes one parameter"):
        transpiler.hessian(weighted, argnums=(0, 1), mode="forward")


@pytest.mark.parametrize("transform", [transpiler.grad, transpiler.value_and_grad, transpiler.jacobian,
                                       transpiler.hessian])
@pytest.mark.parametrize("wrt", [0, 1, "b", (0, 1)])
def test_wrt_written_out_beside_argnums_is_refused_even_when_it_is_the_default(transform, wrt):
    # wrt=0 is the default: it was taken for "not given", and argnums=1 silently won
    with pytest.raises(TypeError, match="not both"):
        transform(weighted, wrt=wrt, argnums=1)
    with pytest.raises(TypeError, match="not both"):
        transform(weighted, wrt, argnums=1)        # (positional wrt)


def test_the_refusal_says_when_wrt_and_argnums_name_different_positions():
    with pytest.raises(TypeError, match="wrt=0, argnums=1, which name different positions"):
        transpiler.grad(weighted, wrt=0, argnums=1)
    with pytest.raises(TypeError, match=r"wrt=1, argnums=1; keep one"):
        transpiler.grad(weighted, wrt=1, argnums=1)


def test_the_default_wrt_still_reads_and_prints_as_zero():
    assert "wrt: 'Wrt' = 0" in str(inspect.signature(transpiler.grad))
    np.testing.assert_allclose(transpiler.grad(weighted)(A, B), B ** 2)
    np.testing.assert_allclose(transpiler.grad(transpiler.grad(lambda x: x ** 3))(2.0), 12.0)


def test_hessian_of_a_tuple_of_parameters_is_the_tuple_of_blocks_jax_gives():
    # f = sum(a * b**2): d²f/da² = 0, d²f/da db = diag(2b), d²f/db² = diag(2a)
    (aa, ab), (ba, bb) = transpiler.hessian(weighted, argnums=(0, 1))(A, B)
    np.testing.assert_allclose(aa, np.zeros((2, 2)), atol=1e-15)
    np.testing.assert_allclose(ab, np.diag(2 * B), rtol=1e-12)
    np.testing.assert_allclose(ba, np.diag(2 * B), rtol=1e-12)
    np.testing.assert_allclose(bb, np.diag(2 * A), rtol=1e-12)


def scaled_product(scale, *factors):
    return scale * factors[0] * factors[1] ** 2


@pytest.mark.parametrize("transform", [transpiler.grad, transpiler.value_and_grad, transpiler.jacobian,
                                       transpiler.hessian])
def test_argnums_into_star_args_is_refused_where_jax_means_one_item(transform):
    # jax.grad(scaled_product, argnums=1)(2.0, 1.5, 3.0) is 2 * 3**2 = 18 (the first item of
    # `factors`); wrt=1 is the whole tuple. Neither meaning is given to the other's spelling.
    with pytest.raises(TypeError, match=r"reaches into `\*factors`.*wrt='factors'"):
        transform(scaled_product, argnums=1)
    # before *factors, positions mean the same in both
    assert transpiler.grad(scaled_product, argnums=0)(2.0, 1.5, 3.0) == pytest.approx(13.5)
    assert transpiler.grad(scaled_product, wrt="factors")(2.0, 1.5, 3.0) == pytest.approx((18.0, 18.0))


@pytest.mark.parametrize("remade", [copy.copy, copy.deepcopy, lambda w: pickle.loads(pickle.dumps(w))])
def test_a_copied_or_unpickled_default_wrt_is_still_the_default(remade):
    """Before: a copy of the default was taken for a written ``wrt=0`` and refused beside argnums."""
    default = inspect.signature(transpiler.grad).parameters["wrt"].default
    assert remade(default) is default
    np.testing.assert_allclose(transpiler.grad(weighted, wrt=remade(default), argnums=1)(A, B), 2 * A * B)


def test_the_refusal_of_one_position_against_a_tuple_of_it_says_they_differ_in_form():
    with pytest.raises(TypeError, match=r"wrt=0, argnums=\(0,\), which differ in form"):
        transpiler.grad(weighted, wrt=0, argnums=(0,))
