"""A generator function defined inside the differentiated function (``def gen(): for w in ws:
yield w * x``), looped over or consumed by ``sum``/``list``/``np.array`` (frontend/generators.py):
its body spliced into the loop's place, as a module-level generator's is, its own names renamed
apart and its free names the function's own variables, read as the loop runs (as a closure
reads them). It was refused ("defined in another module or inside a function"). Value, both
modes and the Hessian against finite differences; parameters, defaults, a name shared with the
caller, a helper and a branch inside it, ``enumerate``, a comprehension, a helper defining and
looping over its own generator; what stays refused is located."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from order_checks import assert_all_orders

X = np.array([0.4, -0.3, 0.8])


def summed(x, ws=(1.0, 2.0, 3.0)):
    def gen():
        for w in ws:
            yield w * x
    return np.sum(sum(gen()))


def cube(v):
    return v ** 3


def with_parameters_a_helper_and_a_branch(x):
    w = 10.0                                 # the generator's own `w` is another variable

    def terms(n, scale=0.5):
        for w in range(n):
            if w % 2 == 0:
                yield scale * cube(x[w])
            else:
                yield np.sin(x[w]) * x[0]
    total = 0.0
    for i, t in enumerate(terms(3)):
        total = total + (i + 1) * t
    return total + w * np.sum(list(terms(2, scale=2.0)))


def reads_names_as_the_loop_runs(x):
    scale = 1.0

    def powers(n):
        for k in range(n):
            yield scale * x ** k
    total = 0.0
    for v in powers(3):
        total = total + v
        scale = scale * 2.0                  # the generator's next item sees it, as a closure would
    return np.sum(total)


def in_a_comprehension_and_an_array(x):
    def rows():
        yield x
        yield x ** 2
    stacked = np.array([r * 2.0 for r in rows()])
    return np.sum(stacked * np.array(list(rows())))


def helper_with_its_own_generator(x):
    def pairs():
        for i in range(len(x) - 1):
            yield x[i], x[i + 1]
    return sum(a * b ** 2 for a, b in pairs())


def through_a_helper(x):
    return helper_with_its_own_generator(x) * 2.0


@pytest.mark.parametrize("f", [summed, with_parameters_a_helper_and_a_branch, reads_names_as_the_loop_runs,
                               in_a_comprehension_and_an_array, helper_with_its_own_generator, through_a_helper])
def test_nested_generators_in_every_order(f):
    assert_all_orders(f, X)


def test_the_generator_reads_the_closures_current_values():
    x = np.array([2.0])
    assert transpiler.value_and_grad(reads_names_as_the_loop_runs)(x)[0] == pytest.approx(1.0 + 2 * 2.0 + 4 * 4.0)


def test_float32():
    g = transpiler.grad(with_parameters_a_helper_and_a_branch)(X.astype(np.float32))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(with_parameters_a_helper_and_a_branch)(X), rtol=1e-4)


def kept(x):
    def gen():
        yield x
    it = gen()
    return np.sum(next(it))


def passed_to_a_helper(x):
    def gen():
        yield x
    return consume(gen)


def consume(make):
    return np.sum(sum(make()))


def test_what_stays_refused_is_located():
    with pytest.raises(UnsupportedSyntaxError, match="calling the generator `gen` other than as the iterable"):
        transpiler.grad(kept)(X)
    with pytest.raises(UnsupportedSyntaxError, match="outside the function that defines it") as caught:
        transpiler.grad(passed_to_a_helper)(X)
    assert caught.value.location.line == consume.__code__.co_firstlineno + 1


def array_of_a_generator(x):
    def rows():
        yield x
    return np.sum(np.array(rows()))


def test_np_array_of_a_generator_is_refused_as_numpy_makes_an_object_array():
    # NumPy: np.array(gen) is a 0-d object array holding the generator; it was read as its items
    with pytest.raises(UnsupportedSyntaxError, match=r"a 0-d array of objects") as caught:
        transpiler.grad(array_of_a_generator)(X)
    assert "np.array(list(rows()))" in str(caught.value)
