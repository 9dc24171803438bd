"""Operators on objects made in the function (frontend/operator_overloads.py): ``a + b`` runs the
class's ``__add__``, ``2 * a`` its ``__rmul__``, ``-a`` its ``__neg__``, ``c += 1`` its ``__add__``,
chosen while compiling as Python chooses. Both modes against central differences, through a
helper, a loop, a branch, a container, float32, and the hessian; operators the class does not
define, a run-time value on the left of a reflected method, and ``NotImplemented`` are refused,
located."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


class Dual:
    """A scalar-or-array value wrapped in an object, its arithmetic written as dunder methods."""

    def __init__(self, data):
        self.data = data

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.data + other.data)

    def __radd__(self, other):
        return self + other

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.data * other.data)

    def __rmul__(self, other):
        return self * other

    def __pow__(self, k):
        return Dual(self.data ** k)

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1

    def tanh(self):
        return Dual(np.tanh(self.data))


def expression(x):
    a = Dual(x)
    b = Dual(np.sin(x))
    c = a * b + 2.0 - a / 3.0
    c += 1 + c
    d = (a - b).tanh() ** 2
    return np.sum((c * d + 1.0 / (a * a + 1.0)).data)


def square(v):
    return v * v


def through_a_helper(x):
    a = Dual(x)
    return np.sum(square(a + 1.0).data)


def in_a_loop(x):
    a = Dual(x)
    total = Dual(0.0)
    for k in range(3):
        total = total + a * (k + 1.0)
    return np.sum(total.data)


def in_a_branch(x):
    a = Dual(x)
    if np.sum(x) > 0:
        b = a * a
    else:
        b = -a
    return np.sum(b.data)


def in_a_lambda(x):
    scale = lambda v: 3.0 * v - 1.0      # noqa: E731
    return np.sum(scale(Dual(x)).data ** 2)


def by_a_sum(x):
    terms = [Dual(x), Dual(x ** 2), Dual(np.cos(x))]
    return np.sum(sum(term * 2.0 for term in terms).data)     # 0 + term: __radd__


def in_containers(x):
    pair = (Dual(x), Dual(2.0 * x))
    named = {"a": Dual(np.cos(x)), "b": pair[1]}
    listed = [pair[0], named["a"]]
    total = pair[0] * pair[1] + named["a"] - listed[1] * 0.5 + named["b"]
    return np.sum(total.data)


def method_of_an_operator_on_new_objects(x):
    return np.sum((Dual(x) * 2.0 + Dual(np.sin(x))).tanh().data)      # (was: "the object used as a value")


X = np.array([0.3, -0.7, 1.1])


@pytest.mark.parametrize("f", [expression, through_a_helper, in_a_loop, in_a_branch, in_a_lambda, by_a_sum,
                               in_containers, method_of_an_operator_on_new_objects])
def test_operators_of_objects_in_both_modes(f):
    assert_both_modes(f, X)


def test_a_scalar_argument_and_a_negative_one():
    assert_both_modes(expression, 0.4)
    assert_both_modes(in_a_branch, np.array([-0.5, -0.1]))


def test_float32_keeps_its_dtype():
    x = X.astype(np.float32)
    g = transpiler.grad(expression)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(expression)(X), rtol=1e-4)


@pytest.mark.parametrize("f", [expression, in_containers])
def test_hessian_of_an_operator_expression(f):
    hessian = transpiler.hessian(f)(X)
    gradient = transpiler.grad(f)
    h = 1e-6
    numeric = np.stack([(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(3)], axis=-1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-7)


def test_the_generated_code_has_no_objects_left():
    source = transpiler.grad(through_a_helper).source()
    assert "Dual" not in source and "__add__" not in source


class Base:
    def __init__(self, data):
        self.data = data

    def __add__(self, other):
        return Base(self.data + 2.0 * other.data)


class Derived(Base):
    def __radd__(self, other):
        return Derived(self.data * other.data)


def subclass_on_the_right(x):
    return np.sum((Base(x) + Derived(x + 1.0)).data)


def test_a_subclass_on_the_right_runs_its_reflected_method_first():
    # (as Python does: Derived.__radd__, the product, not Base.__add__)
    assert subclass_on_the_right(X) == pytest.approx(np.sum(X * (X + 1.0)))
    assert_both_modes(subclass_on_the_right, X)


def no_such_operator(x):
    return np.sum((Base(x) * 2.0).data)


def array_on_the_left(x):
    return np.sum((x + Dual(x)).data)


class Picky:
    def __init__(self, data):
        self.data = data

    def __add__(self, other):
        return NotImplemented


def not_implemented(x):
    return np.sum((Picky(x) + 1.0).data)


def test_an_operator_the_class_does_not_define_is_refused_at_its_line():
    with pytest.raises(UnsupportedSyntaxError, match=r"neither `__mul__` nor `__rmul__`") as caught:
        transpiler.grad(no_such_operator)(X)
    assert caught.value.location.line == no_such_operator.__code__.co_firstlineno + 1


def test_a_run_time_value_on_the_left_of_a_reflected_method_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="value computed at run time on the left"):
        transpiler.grad(array_on_the_left)(X)


def test_a_method_giving_not_implemented_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="may give NotImplemented"):
        transpiler.grad(not_implemented)(X)


class Accumulator:
    def __init__(self, data):
        self.data = data

    def __add__(self, other):
        return Accumulator(self.data + 100.0 * other.data)

    def __iadd__(self, other):          # in place: every name for the object sees it
        self.data = self.data + other.data
        return self


def in_place_through_an_alias(x):
    a = Accumulator(x)
    b = a
    a += Accumulator(x * x)
    return np.sum(b.data * 2.0 + a.data)


def test_augmented_assignment_runs_iadd_where_the_class_has_one():
    # (Python's `a += b` is `a.__iadd__(b)`, not `a + b`: `b` sees the change, no 100x)
    assert in_place_through_an_alias(X) == pytest.approx(np.sum(3.0 * (X + X * X)))
    assert_both_modes(in_place_through_an_alias, X)


def one_of_two_objects_made_before(x):
    first, second = Dual(x), Dual(2.0 * x)
    if np.sum(x) > 0:
        chosen = first
    else:
        chosen = second
    chosen.data = chosen.data * 3.0      # Python changes `first` or `second` itself
    return np.sum(first.data + second.data)


def test_a_branch_choosing_between_objects_other_names_hold_is_refused_not_copied():
    with pytest.raises(UnsupportedSyntaxError, match="using `chosen`"):
        transpiler.grad(one_of_two_objects_made_before)(X)
