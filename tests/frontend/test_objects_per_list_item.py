"""Objects made per item of a list argument (frontend/argument_lengths.py): micrograd's
``ypred = [n(x) for x in xs]``, a class whose ``__init__`` takes the items, a ``for`` loop
rebinding an object, ``zip``/``enumerate``/``range(len(xs))`` over the argument. The lowering
asks for the argument's length and the loop is unrolled; a list of another length compiles
anew (3 items, then 4, then 3: right every time). Values against plain Python, gradients and
tangents against central differences, through a helper, a lambda, a branch, float32 arrays,
tuples, and the hessian; a list too long to unroll is refused, located."""
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from transpiler.driver import pipeline
from transpiler.frontend.parameter_classes import classes_of


class Value:
    """A micrograd-style scalar: operators as dunder methods, each making a new object."""

    def __init__(self, data, _children=()):
        self.data = data
        self._prev = set(_children)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other))

    def __radd__(self, other):
        return self + other

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other))

    def __rmul__(self, other):
        return self * other

    def __sub__(self, other):
        return self + (other * -1)

    def __pow__(self, k):
        return Value(self.data ** k, (self,))

    def tanh(self):
        return Value(np.tanh(self.data), (self,))


class Neuron:
    def __init__(self, w):
        self.w = [Value(w[i]) for i in range(3)]
        self.b = Value(0.1)

    def __call__(self, x):
        return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()


def per_item(w, xs):
    """micrograd's README loss: one prediction object per item of the argument list."""
    n = Neuron(w)
    ypred = [n(x) for x in xs]
    return sum((y - 0.5) ** 2 for y in ypred).data


def predictions(n, xs):
    return [n(x) for x in xs]


def through_a_helper(w, xs):
    return sum(predictions(Neuron(w), xs), Value(0.0)).data


squared = lambda v: v * v        # noqa: E731  (a module-level lambda applied per item)


def through_a_lambda(w, xs):
    n = Neuron(w)
    return sum([squared(n(x)) for x in xs], Value(0.0)).data


def for_loop_rebinding_an_object(w, xs):
    total = Value(0.0)
    n = Neuron(w)
    for x in xs:
        y = n(x)
        if x[0] > 0:                   # (a branch on the item, decided when the code runs)
            total = total + y * 2.0
        else:
            total = total + y
    return total.data


def enumerated_and_zipped(w, xs):
    n = Neuron(w)
    total = Value(0.0)
    for k, x in enumerate(xs):
        total = total + n(x) * (k + 1)
    for x, target in zip(xs, TARGETS):
        total = total + (n(x) - target) ** 2
    for x in reversed(xs):
        total = total * 0.5 + n(x)
    return total.data


def counted_by_len(w, xs):
    n = Neuron(w)
    outs = []
    for i in range(len(xs)):
        outs.append(n(xs[i]))
    return sum(outs, Value(0.0)).data


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dist2(self, other):
        return (self.x - other.x) ** 2 + (self.y - other.y) ** 2


def init_takes_the_items(w, pts):
    points = [Point(p[0] * w[0], p[1] * w[1]) for p in pts]
    total = 0.0
    for a, b in zip(points[:-1], points[1:]):
        total = total + np.exp(-a.dist2(b) * w[2])
    return total


@dataclass
class Particle:
    pos: float
    vel: float


def dataclass_per_item(w, xs):
    ps = [Particle(x[0] * w[0], x[1] + w[1]) for x in xs]
    return sum(p.pos * p.vel * w[2] for p in ps)


def comprehension_in_the_loop_body(w, xs):
    total = 0.0
    for x in xs:
        terms = [Value(v) * wi for v, wi in zip(x, w)]      # (the item's length: the call's too)
        total = total + sum(terms, Value(w[0])).tanh().data
    return total


def nested_comprehensions(w, xs):
    sums = [sum([Value(v) for v in x], Value(0.0)) for x in xs]
    return sum(((s * w[1]).tanh() for s in sums), Value(w[2])).data


TARGETS = [0.3, -0.2, 0.1, 0.4, -0.5]
W = np.array([0.4, -0.7, 0.25])
XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
FUNCTIONS = [per_item, through_a_helper, through_a_lambda, for_loop_rebinding_an_object, enumerated_and_zipped,
             counted_by_len, init_takes_the_items, dataclass_per_item, comprehension_in_the_loop_body,
             nested_comprehensions]


def _numeric_gradient(f, w, xs, h=1e-6):
    dw = np.array([(f(w + h * e, xs) - f(w - h * e, xs)) / (2 * h) for e in np.eye(len(w))])
    dxs = [[(f(w, _moved(xs, i, j, h)) - f(w, _moved(xs, i, j, -h))) / (2 * h) for j in range(len(x))]
           for i, x in enumerate(xs)]
    return dw, dxs


def _moved(xs, i, j, h):
    moved = [list(x) for x in xs]
    moved[i][j] += h
    return moved


@pytest.mark.parametrize("f", FUNCTIONS)
def test_lists_of_three_then_four_then_three_items_in_both_modes(f):
    value_and_grad = transpiler.value_and_grad(f, wrt=(0, 1))
    for n in (3, 4, 3):
        xs = [list(x) for x in XS[:n]]
        value, (dw, dxs) = value_and_grad(W, xs)
        assert value == pytest.approx(f(W, xs), rel=1e-12)
        expected_dw, expected_dxs = _numeric_gradient(f, W, xs)
        np.testing.assert_allclose(dw, expected_dw, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(np.array(dxs, dtype=float), np.array(expected_dxs), rtol=1e-6, atol=1e-8)
        direction = np.array([0.3, -0.5, 0.2])
        primal, tangent = transpiler.jvp(f, (W, xs), (direction, None))
        h = 1e-6
        assert primal == pytest.approx(f(W, xs), rel=1e-12)
        assert tangent == pytest.approx((f(W + h * direction, xs) - f(W - h * direction, xs)) / (2 * h), rel=1e-6)


def test_items_of_other_lengths_compile_anew():
    g = transpiler.grad(nested_comprehensions, wrt=1)
    for xs in ([[1.0, 2.0, 3.0], [0.5]], [[1.0, 2.0], [0.5, 0.25]], [[1.0, 2.0, 3.0], [0.5]]):
        dxs = g(W, xs)
        assert [len(d) for d in dxs] == [len(x) for x in xs]
        expected = _numeric_gradient(nested_comprehensions, W, xs)[1]
        for got, want in zip(dxs, expected):
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)


def test_a_tuple_of_arrays_float32_and_the_hessian():
    items = tuple(np.array(x) for x in XS[:3])
    np.testing.assert_allclose(transpiler.grad(per_item)(W, items), _numeric_gradient(
        lambda w, xs: per_item(w, tuple(np.array(x) for x in xs)), W, [list(x) for x in items])[0], rtol=1e-6)
    g32 = transpiler.grad(per_item)(W.astype(np.float32), [x.astype(np.float32) for x in items])
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(per_item)(W, list(items)), rtol=1e-4)
    hessian = transpiler.hessian(per_item)(W, [list(x) for x in XS])
    gradient = transpiler.grad(per_item)
    h = 1e-6
    numeric = np.stack([(gradient(W + h * e, XS) - gradient(W - h * e, XS)) / (2 * h) for e in np.eye(3)], axis=-1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-7)


def test_only_a_function_whose_lowering_asks_is_lowered_per_length():
    def total(w, xs):
        return sum(w[0] * x[0] for x in xs)
    short, long = (W, XS[:2]), (W, XS)
    assert pipeline.lowered(total, classes_of(short)) is pipeline.lowered(total, classes_of(long))
    assert pipeline.lowering_key(total, classes_of(long))[1] == ()
    assert pipeline.lowering_key(per_item, classes_of(long))[1] == ((1, "length", (3, 3, 3, 3)),)
    assert pipeline.lowered(per_item, classes_of(short)) is not pipeline.lowered(per_item, classes_of(long))


def test_the_unrolled_code_builds_no_object():
    source = transpiler.grad(per_item).source(args=(W, XS))
    assert "Value(" not in source and "set(" not in source


def test_a_list_too_long_to_unroll_is_refused_at_its_line():
    long = [[0.1 * k, 0.2, 0.3] for k in range(65)]
    with pytest.raises(UnsupportedSyntaxError, match="known only at run time") as caught:
        transpiler.grad(per_item)(W, long)
    assert caught.value.location.line == per_item.__code__.co_firstlineno + 3
    np.testing.assert_allclose(transpiler.grad(per_item)(W, XS), _numeric_gradient(per_item, W, XS)[0], rtol=1e-6)


def test_an_array_argument_iterated_by_rows_keeps_its_refusal():
    with pytest.raises(UnsupportedSyntaxError, match="known only at run time"):
        transpiler.grad(per_item)(W, np.array(XS))


def test_an_empty_list_gives_no_object():
    value, gradient = transpiler.value_and_grad(through_a_helper)(W, [])
    assert value == through_a_helper(W, []) == 0.0
    np.testing.assert_array_equal(gradient, np.zeros(3))
    np.testing.assert_array_equal(transpiler.grad(for_loop_rebinding_an_object)(W, ()), np.zeros(3))


def predictions_vector(w, xs):
    n = Neuron(w)
    return np.array([n(x).data for x in xs])


def test_jacobian_and_hvp_for_lists_of_two_lengths():
    v = np.array([0.2, -0.1, 0.4])
    h = 1e-6
    for xs in (XS[:3], XS, XS[:3]):
        jacobian = transpiler.jacobian(predictions_vector)(W, xs)
        numeric = np.stack([(predictions_vector(W + h * e, xs) - predictions_vector(W - h * e, xs)) / (2 * h)
                            for e in np.eye(3)], axis=-1)
        assert jacobian.shape == (len(xs), 3)
        np.testing.assert_allclose(jacobian, numeric, rtol=1e-6, atol=1e-9)
        gradient = transpiler.grad(per_item)
        along = (gradient(W + h * v, xs) - gradient(W - h * v, xs)) / (2 * h)
        np.testing.assert_allclose(transpiler.hvp(per_item, W, v, xs), along, rtol=1e-5, atol=1e-8)


SHORT = [0.3, -0.2]


def zipped_with_a_shorter_global_list(w, xs):
    n = Neuron(w)
    total = Value(0.0)
    for x, t in zip(xs, SHORT):         # (stops after SHORT's two items, as Python's zip)
        total = total + (n(x) - t) ** 2
    return total.data


def two_list_arguments_zipped(w, xs, ts):
    n = Neuron(w)
    return sum(((n(x) - t) ** 2 for x, t in zip(xs, ts)), Value(0.0)).data


def test_zip_stops_at_the_shortest_list_as_pythons_does():
    for f, args in ((zipped_with_a_shorter_global_list, (W, XS)), (two_list_arguments_zipped, (W, XS, [0.1, 0.2])),
                    (two_list_arguments_zipped, (W, XS[:2], [0.1, 0.2, 0.3]))):
        value, gradient = transpiler.value_and_grad(f)(*args)
        assert value == pytest.approx(f(*args), rel=1e-12)
        h = 1e-6
        numeric = [(f(W + h * e, *args[1:]) - f(W - h * e, *args[1:])) / (2 * h) for e in np.eye(3)]
        np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9)
    SHORT.append(0.5)                   # (a global list of another length: compiled again)
    try:
        args = (W, XS)
        assert transpiler.grad(zipped_with_a_shorter_global_list)(*args) == pytest.approx(
            [(zipped_with_a_shorter_global_list(W + 1e-6 * e, XS) - zipped_with_a_shorter_global_list(W - 1e-6 * e, XS))
             / 2e-6 for e in np.eye(3)], rel=1e-6)
    finally:
        SHORT.pop()


def zipped_with_an_array_argument(w, xs):
    n = Neuron(w)
    return sum(((n(x) - t) ** 2 for x, t in zip(xs, w)), Value(0.0)).data


def test_an_array_zipped_with_a_list_argument_is_checked_where_the_loop_starts():
    xs = XS[:3]
    value, gradient = transpiler.value_and_grad(zipped_with_an_array_argument)(W, xs)
    assert value == pytest.approx(zipped_with_an_array_argument(W, xs), rel=1e-12)
    h = 1e-6
    numeric = [(zipped_with_an_array_argument(W + h * e, xs) - zipped_with_an_array_argument(W - h * e, xs)) / (2 * h)
               for e in np.eye(3)]
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9)
    with pytest.raises(ValueError, match=r"`w` has fewer than 4 items") as caught:      # (Python's zip: 3 items)
        transpiler.grad(zipped_with_an_array_argument)(W, XS)
    assert f":{zipped_with_an_array_argument.__code__.co_firstlineno + 2}:" in str(caught.value)
