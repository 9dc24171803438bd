"""A new argument shape runs the code for any shapes first, and code specialised to it from its
second call on (api/tiers.py): both give the same value and gradient, which finite differences
confirm, at new shapes, ranks and dtypes, through the ways people write functions; where the
tier does not apply (containers, a memory budget, numba, output), every shape is specialised."""
import numpy as np
import pytest

import transpiler
from transpiler.api import tiers
from transpiler.errors import OutputShapeError

GENERIC = "Code for any shapes"        # (the generic code's docstring says so)
SCALE = 1.5
M = np.array([[1.0, -0.5], [0.25, 2.0], [0.5, 0.75]])


def _squared(v):
    return v * v


def with_helper(x):
    return np.sum(_squared(np.sin(x)) * 0.5)


def with_globals(x):
    return np.sum(np.exp(x * 0.1) @ M) * SCALE + np.mean(x ** 2)


def make_closure(c):
    def f(x):
        return np.sum(np.tanh(c * x) ** 2)
    return f


def rows_looped(x):
    s = 0.0
    for i in range(x.shape[0]):        # the loop's length is the shape's
        s = s + np.sum(np.cos(x[i]) * (i + 1))
    return s


def shape_branch(x):
    if x.shape[0] > 4:                 # folded away by specialisation; read at run time generic
        return np.sum(np.sin(x) ** 2)
    return np.sum(x ** 3) / x.size


def broadcast_product(x, y):
    return np.sum(np.log1p((x * y) ** 2))


def counted(x, n):
    return np.sum(x ** n) + n * np.max(x)


def matrix_product(x):
    return x @ x


def listed(params):
    return sum(np.sum(p ** 2) for p in params)


def printing(x):
    print("called")
    return np.sum(x ** 2)


def lambda_gradient():
    return transpiler.grad(lambda x: np.sum(np.log1p(x ** 2)))


def first_calls(g, *args):
    """The first call at ``args`` (which must run the code for any shapes) and the second (code
    specialised to them), checking ``compiled(args)`` shows each time what the call runs."""
    assert GENERIC in g.compiled(args).source
    first = g(*args)
    assert GENERIC in g.compiled(args).source
    second = g(*args)
    assert GENERIC not in g.compiled(args).source
    return first, second


def same(first, second):
    pairs = zip(first, second) if isinstance(first, tuple) else [(first, second)]
    for a, b in pairs:
        assert np.shape(a) == np.shape(b) and np.asarray(a).dtype == np.asarray(b).dtype
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


rng = np.random.default_rng(17)


@pytest.mark.parametrize("f", [with_helper, with_globals, make_closure(0.7), rows_looped, shape_branch],
                         ids=["helper", "globals", "closure", "loop over rows", "branch on a shape"])
def test_a_new_shape_runs_the_generic_code_once_then_the_specialised(f):
    g = transpiler.grad(f)
    g(rng.normal(size=(3, 3)))                              # specialised: the family known
    for shape in [(6, 3), (2, 3), (1, 3), (5, 3)]:
        x = rng.normal(size=shape)
        first, second = first_calls(g, x)
        same(first, second)
        assert transpiler.check_grad(f, x).ok


def test_new_ranks_and_sizes_of_one_and_zero_broadcast_back_correctly():
    g = transpiler.grad(broadcast_product, (0, 1))
    g(rng.normal(size=(3, 4)), rng.normal(size=4))
    for xs, ys in [((1, 4), (4,)), ((3, 4), (3, 1)), ((2, 5, 4), (5, 1)), ((4,), (2, 1)), ((0, 4), (4,))]:
        x, y = rng.normal(size=xs), rng.normal(size=ys)
        first, second = first_calls(g, x, y)
        same(first, second)
        assert first[0].shape == xs and first[1].shape == ys
        if x.size:
            assert transpiler.check_grad(broadcast_product, x, y, wrt=(0, 1)).ok


def test_float32_value_and_grad_and_an_integer_argument():
    g = transpiler.value_and_grad(counted)
    g(rng.normal(size=5).astype(np.float32), 3)
    x = rng.normal(size=8).astype(np.float32)
    first, second = first_calls(g, x, 3)
    same(first, second)
    assert first[1].dtype == np.float32
    g(x, 2)                            # another integer: the same family, the same code
    np.testing.assert_allclose(g(x, 2)[1], 2 * x + (x == x.max()) * 2, rtol=1e-6)


def test_a_lambda_and_a_closure_rebound():
    g = lambda_gradient()
    g(np.ones(3))
    x = rng.normal(size=7)
    same(*first_calls(g, x))
    np.testing.assert_allclose(g(x), 2 * x / (1 + x ** 2), rtol=1e-12)


def test_a_global_changed_to_another_shape_still_gives_the_right_gradient():
    global M
    g = transpiler.grad(with_globals)
    g(rng.normal(size=(4, 3)))
    kept = M
    try:
        M = rng.normal(size=(3, 5))
        x = rng.normal(size=(6, 3))
        first = g(x)
        same(first, g(x))
        assert transpiler.check_grad(with_globals, x).ok
    finally:
        M = kept


def test_an_output_that_is_no_longer_a_number_at_the_new_shape_is_an_error():
    g = transpiler.grad(matrix_product)
    g(rng.normal(size=3))
    with pytest.raises(OutputShapeError):
        g(rng.normal(size=(3, 3)))
    with pytest.raises(OutputShapeError):
        g(rng.normal(size=(3, 3)))


def test_a_new_family_compiles_specialised_code_first():
    g = transpiler.grad(with_helper)
    g(np.ones(3))
    assert GENERIC in g.compiled((np.ones(4),)).source
    assert GENERIC not in g.compiled((np.ones(4, dtype=np.float32),)).source   # (a new dtype: a new family)


@pytest.mark.parametrize("make", [
    lambda: (transpiler.grad(with_helper, memory=10 ** 6), with_helper, lambda n: (rng.normal(size=n),)),
    lambda: (transpiler.grad(listed), listed, lambda n: ([rng.normal(size=n), rng.normal(size=(2, n))],)),
    lambda: (transpiler.grad(printing), printing, lambda n: (rng.normal(size=n),)),
], ids=["memory budget", "a list of arrays", "print"])
def test_where_the_tier_does_not_apply_every_shape_is_specialised(make, capsys):
    g, f, args = make()
    g(*args(3))
    for n in (5, 6):
        new = args(n)
        assert GENERIC not in g.compiled(new).source
        assert transpiler.check_grad(f, *new).ok


def test_numba_compiles_per_shape():
    pytest.importorskip("numba")
    g = transpiler.grad(with_helper, backend="numba")
    g(np.ones(3))
    x = rng.normal(size=6)
    assert GENERIC not in g.compiled((x,)).source
    np.testing.assert_allclose(g(x), np.sin(x) * np.cos(x), rtol=1e-12)


def test_generic_code_that_raises_gives_the_specialised_codes_error(monkeypatch):
    g = transpiler.grad(with_helper)
    g(np.ones(3))
    x = rng.normal(size=6)
    made = tiers.tiered

    def failing(generic_run, generated, specialised):
        def broken(*args):
            raise RuntimeError("the generic code failed")
        return made(broken, generated, specialised)
    monkeypatch.setattr(tiers, "tiered", failing)
    np.testing.assert_allclose(g(x), np.sin(x) * np.cos(x), rtol=1e-12)    # run again specialised
    assert GENERIC not in g.compiled((x,)).source


def test_second_order_at_a_new_shape():
    transpiler.grad(with_helper)(np.ones(3))
    x = rng.normal(size=5)
    h = transpiler.hessian(with_helper)(x)
    np.testing.assert_allclose(h, np.diag(np.cos(2 * x)), rtol=1e-10, atol=1e-12)


def with_aux(x):
    loss = np.sum(np.sin(x) ** 2)
    return loss, {"size": x.size, "peak": np.max(x)}


def one_element(x):
    return (np.sum(np.cos(x) * x),)


def test_has_aux_and_a_one_element_output_at_a_new_shape():
    g = transpiler.value_and_grad(with_aux, has_aux=True)
    g(np.ones(3))
    x = rng.normal(size=6)
    ((loss, aux), gradient), ((loss2, aux2), gradient2) = first_calls(g, x)
    assert loss == loss2 and aux == aux2 and aux["size"] == 6
    same(gradient, gradient2)
    np.testing.assert_allclose(gradient, np.sin(2 * x), rtol=1e-12)
    h = transpiler.grad(one_element)
    h(np.ones(3))
    same(*first_calls(h, x))
    np.testing.assert_allclose(h(x), np.cos(x) - x * np.sin(x), rtol=1e-12)


def test_generic_code_that_fails_to_compile_leaves_the_family_specialised(monkeypatch):
    g = transpiler.grad(with_helper)
    g(np.ones(3))
    real = tiers.pipeline.compiled

    def refusing(func, spec):
        if not spec.specialize:
            raise NotImplementedError("no code for any shapes")
        return real(func, spec)
    monkeypatch.setattr(tiers.pipeline, "compiled", refusing)
    for n in (5, 6):
        x = rng.normal(size=n)
        assert GENERIC not in g.compiled((x,)).source
        np.testing.assert_allclose(g(x), np.sin(x) * np.cos(x), rtol=1e-12)
    assert all(family.generic is None for family in g.families.values())


def total(x):
    return np.sum(x)


def half_square(x):
    return 0.5 * np.sum(x * x)


@pytest.mark.parametrize("f", [total, half_square])
def test_the_generic_codes_gradient_is_the_callers_own_array(f):
    """(an adjoint broadcast to the argument's shape, or the argument itself, is copied as the
    specialised code's is: writeable, sharing no memory with the arguments)"""
    g = transpiler.grad(f)
    g(np.ones(3))
    x = np.arange(5.0)
    first, second = first_calls(g, x)
    for gradient in (first, second):
        assert gradient.flags.writeable and gradient.strides == (8,) and not np.shares_memory(gradient, x)
    same(first, second)
