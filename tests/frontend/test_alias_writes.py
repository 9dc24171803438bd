"""Another name for the same object, written through (frontend/views.py): ``u = g.u`` then
``u[1:-1, 1:-1] = ...`` and ``g.u`` read again (the SciPy cookbook's Laplace solver), ``y = x``
then ``y[0] = v`` and ``x`` read. Both names are one object in Python, so every later ``u`` is
read as ``g.u``; where that might not hold (the name or the base updated with ``+=``, rebound, or
a call that could rebind the attribute before the last read) the write stays refused, located.
Also ``x.flat`` read as a value (``numpy.dot(v, v)`` of ``v = (a - b).flat``)."""
import numpy as np
import pytest

from transpiler import UnsupportedSyntaxError, check_grad, grad, hessian, jvp, value_and_grad

A = np.array([0.3, -1.2, 0.7, 2.0])


class Grid:
    def __init__(self, a):
        self.u = a * 1.0
        self.old_u = self.u.copy()

    def error(self):
        v = (self.u - self.old_u).flat
        return np.sqrt(np.dot(v, v))


def step(g, scale):
    u = g.u
    g.old_u = u.copy()
    u[1:-1] = scale * (u[:-2] + u[2:]) * 0.5
    return g.error()


def relax(a, scale=0.9):
    g = Grid(a)
    err = 0.0
    for _ in range(3):
        err = err + step(g, scale)
    return np.sum(g.u ** 2) + err


def same_array_twice(a):
    x = a * 2.0
    y = x
    y[0] = np.sin(a[1])
    return np.sum(x * a)


KNOTS = np.array([1.0, 2.0, 3.0, 4.0])


def closure_writer(a):
    def inner(b):
        w = b * KNOTS
        alias = w
        alias[2] = b[0] ** 2
        return np.sum(w)
    return inner(a) + (lambda c: np.sum(c.flat[1:] * KNOTS[1:]))(a)


def in_a_branch_and_loop(a):
    total = 0.0
    for k in range(3):
        x = a * (k + 1.0)
        y = x
        if k > 0:
            y[k] = a[k] * a[0]
        total = total + np.sum(x ** 2)
    return total


def several_aliases(a):
    # each alias is checked against one scan of the function (frontend/views.py _Scope); a name
    # bound twice is no alias (nothing is written through it)
    x = a * 1.0
    y = x
    y[0] = a[1] ** 2
    z = x
    z[1:] = z[1:] * a[0]
    scale = lambda v: v * 2.0   # noqa: E731
    w = x
    w = w + 1.0
    return np.sum(x * a) + np.sum(y) + np.sum(scale(z)) + np.sum(w)


def flat_iterated(a):
    m = np.outer(a, a[:2])
    return sum(v * v for v in m.flat) + m.flat[3]


class Layer:
    def __init__(self, a):
        self.w = a * 1.0


def attribute_then_augmented(a):
    layer = Layer(a)
    w = layer.w                    # the layer's array itself
    layer.w[1:] += a[:3] ** 2      # so w sees the update
    return np.sum(w * a)


@pytest.mark.parametrize("f", [relax, same_array_twice, closure_writer, in_a_branch_and_loop, flat_iterated,
                               attribute_then_augmented, several_aliases])
def test_gradients_and_tangents_agree_with_finite_differences(f):
    report = check_grad(f, A.copy())
    assert report.ok, report
    value, g = value_and_grad(f)(A.copy())
    np.testing.assert_allclose(value, f(A.copy()))
    direction = np.array([0.5, -1.0, 0.25, 2.0])
    out, tangent = jvp(f, (A.copy(),), (direction,))
    np.testing.assert_allclose(out, f(A.copy()))
    np.testing.assert_allclose(tangent, g @ direction, rtol=1e-10)


def test_the_values_are_numpys():
    assert relax(A.copy()) == pytest.approx(value_and_grad(relax)(A.copy())[0])
    x = A.copy()
    grad(same_array_twice)(x)
    np.testing.assert_array_equal(x, A)             # the caller's array is never written


def test_second_order_through_the_alias():
    H = hessian(same_array_twice)(A.copy())
    eps = 1e-5
    fd = np.stack([(grad(same_array_twice)(A + eps * e) - grad(same_array_twice)(A - eps * e)) / (2 * eps)
                   for e in np.eye(4)])
    np.testing.assert_allclose(H, fd, atol=1e-6)


def float32_alias(a):
    x = a * np.float32(2.0)
    y = x
    y[1] = a[0] * a[2]
    return np.sum(x * x)


def test_float32():
    a = A.astype(np.float32)
    g = grad(float32_alias)(a)
    assert g.dtype == np.float32
    report = check_grad(float32_alias, A.copy())
    assert report.ok, report


# ---------------------------------------------------------------- where the names may part

def augmented_alias(a):
    x = a * 1.0
    y = x
    y += 1.0                       # on an array: in place, x sees it; on a number: y only
    x[0] = 2.0
    return np.sum(x * y)


class Resettable:
    def __init__(self, a):
        self.u = a * 1.0

    def reset(self):
        self.u = np.zeros(4)

    def touch(self):
        return self.u[0]


def call_between(a):
    o = Resettable(a)
    u = o.u
    o.reset()                      # rebinds o.u: u is still the old array, written below
    u[0] = 5.0
    return np.sum(o.u + u * a)


def attribute_rebound(a):
    o = Resettable(a)
    u = o.u
    o.u = a * 3.0                  # o.u is another array from here on
    u[1] = 1.0
    return np.sum(o.u * u)


def unknown_call_between(a):
    o = Resettable(a)
    u = o.u
    o.touch()                      # might have rebound o.u: not read as o.u
    u[0] = 5.0
    return np.sum(o.u * a)


@pytest.mark.parametrize("f", [call_between, attribute_rebound])
def test_names_that_part_are_not_read_as_one(f):
    value, g = value_and_grad(f)(A.copy())
    assert value == pytest.approx(f(A.copy()))
    report = check_grad(f, A.copy())
    assert report.ok, report


def test_where_it_cannot_tell_the_write_stays_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match="read after a write through `u`") as info:
        grad(unknown_call_between)(A.copy())
    assert "test_alias_writes.py:" in str(info.value)


def test_an_alias_updated_in_place_then_written_is_refused_located():
    # `y += 1.0` is seen through x (frontend/assignments.py _same_object_updated), but after it
    # the two names hold two values the lowering does not know to be one object
    with pytest.raises(UnsupportedSyntaxError, match="`y` is read after a write through `x`"):
        grad(augmented_alias)(A.copy())
