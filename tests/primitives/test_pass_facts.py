"""The facts the passes read off a primitive (issue 14: each declared once, on the Primitive):
``shape_query``, ``reads_shape``, ``container``, ``floating_result``, the cost class, and
``registry.spelled_as`` naming a primitive by its function. Each checked as declared, and where
a pass acts on it, through a gradient that must stay right."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.primitives import lists, runtime
from transpiler.primitives.complex_rules import complex_variant
from transpiler.primitives.cost import cost_class
from transpiler.primitives.registry import REGISTRY, spelled, spelled_as, spelled_in

RNG = np.random.default_rng(14)


@pytest.mark.parametrize("function, shape, value", [
    (np.shape, (3, 4), (3, 4)), (np.ndim, (3, 4), 2), (np.size, (3, 4), 12), (len, (3, 4), 3),
    (np.size, (), 1), (len, (), None),          # len of a number raises at run time: not folded
])
def test_shape_queries_answer_from_the_shape(function, shape, value):
    prim = REGISTRY[function]
    assert prim.shape_query(shape) == value and prim.reads_shape == (0,)


def test_helpers_reading_only_a_structure_say_which_argument():
    positions = {name: REGISTRY[runtime.HELPERS[name]].reads_shape for name in
                 ("cleared_at", "replaced_at", "zeros_like_adjoint", "unbroadcast", "sum_adjoint",
                  "like_sequence", "iterated_adjoint")}
    assert positions == {"cleared_at": (2,), "replaced_at": (2,), "zeros_like_adjoint": (0,), "unbroadcast": (1,),
                         "sum_adjoint": (1,), "like_sequence": (1,), "iterated_adjoint": (1,)}
    assert REGISTRY[np.sum].reads_shape == () and REGISTRY[np.sum].shape_query is None


def test_containers_made_whatever_the_arguments():
    made = {f: REGISTRY[f].container for f in (list, sorted, tuple, lists.appended, lists.extended,
                                                lists.inserted, lists.removed, lists.dict_of)}
    assert made == {list: "list", sorted: "list", tuple: "tuple", lists.appended: "list", lists.extended: "list",
                    lists.inserted: "list", lists.removed: "list", lists.dict_of: "dict"}
    assert REGISTRY[np.sum].container is None and REGISTRY[list].result_kind is None


def test_floating_results_are_declared_where_integers_give_floats():
    assert all(REGISTRY[f].floating_result for f in (np.linalg.solve, np.linalg.inv, np.linalg.det,
                                                    np.linalg.svd, np.linalg.norm, np.linalg.pinv))
    # integer matrices give integers: not floating whatever the input
    assert not any(REGISTRY[f].floating_result for f in (np.linalg.matrix_power, np.linalg.multi_dot,
                                                        np.linalg.matrix_rank, np.matmul, np.dot))
    assert isinstance(np.linalg.matrix_power(np.eye(2, dtype=int), 2)[0, 0], np.integer)


def test_spelled_as_names_a_primitive_by_its_function_and_its_variants_alike():
    absolute = REGISTRY[np.abs]
    assert spelled_as(absolute, np.abs) and spelled_as(absolute, np.absolute) and not spelled_as(absolute, abs)
    assert spelled_as(complex_variant(absolute), np.abs)        # a complex value's rule: the same call
    assert spelled_in(REGISTRY[np.exp], np) and not spelled_in(REGISTRY[math.exp], np)
    assert spelled_in(REGISTRY[math.exp], math) and not spelled_in(REGISTRY[abs], math)


def test_expensive_calls_are_found_by_their_printed_path():
    assert spelled("np.linalg.solve") is REGISTRY[np.linalg.solve] and spelled("not_a_call") is None
    assert cost_class(spelled("triangular_solve")) == "expensive"       # a helper the rules call
    assert cost_class(spelled("np.linalg.norm")) == "cheap"             # a reduction, not a solve


def laplacian_kernel_quadratic_form(x, y):
    """A Laplacian kernel ``exp(-|xi - xj|)`` is symmetric: its solve's adjoint is the solve
    itself (``np.abs`` is spelled ``np.absolute``: its symmetry was missed when compared as text)."""
    K = np.exp(-np.abs(x[:, None] - x[None, :])) + 2.0 * np.eye(4)
    return y @ np.linalg.solve(K, y)


def test_the_symmetry_of_an_absolute_value_spares_the_adjoint_solve():
    x, y = RNG.standard_normal(4), RNG.standard_normal(4)
    source = transpiler.grad(laplacian_kernel_quadratic_form, wrt=(0, 1)).source(args=(x, y))
    assert source.count("np.linalg.solve(") == 1, source
    assert check_grad(laplacian_kernel_quadratic_form, x, y, wrt=(0, 1)).ok
    tangents = [RNG.standard_normal(4), RNG.standard_normal(4)]
    _, derivative = transpiler.jvp(laplacian_kernel_quadratic_form, (x, y), tangents)
    gradient = transpiler.grad(laplacian_kernel_quadratic_form, wrt=(0, 1))(x, y)
    np.testing.assert_allclose(derivative, sum(np.dot(g, t) for g, t in zip(gradient, tangents)), rtol=1e-9)


def products_repeated(A, B):
    return np.sum(np.sin(np.dot(A, B))) + np.sum(np.dot(A, B) ** 2)


def test_a_repeated_product_is_computed_once_and_differentiated_right():
    A, B = RNG.standard_normal((3, 4)), RNG.standard_normal((4, 2))
    source = transpiler.grad(products_repeated, wrt=(0, 1)).source(args=(A, B))
    assert source.count("np.dot(") == 1, source
    assert check_grad(products_repeated, A, B, wrt=(0, 1)).ok
    assert check_grad(products_repeated, A.astype(np.float32), B.astype(np.float32), wrt=(0, 1)).ok


def test_second_order_through_the_symmetric_solve():
    x, y = RNG.standard_normal(4), RNG.standard_normal(4)
    hessian = transpiler.hessian(laplacian_kernel_quadratic_form, wrt=1)(x, y)
    gradient = transpiler.grad(laplacian_kernel_quadratic_form, wrt=1)
    step = 1e-6
    columns = [(gradient(x, y + step * e) - gradient(x, y - step * e)) / (2 * step) for e in np.eye(4)]
    np.testing.assert_allclose(hessian, np.array(columns).T, rtol=1e-5, atol=1e-8)
