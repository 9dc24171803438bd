"""A recursive function writing into memory its caller passed it is refused at the write
(transpiler/frontend/recursive_writes.py): its value and gradient came out silently wrong."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError


def fill_down(out, x, n):
    if n == 0:
        return 0.0
    out[n - 1] = x * n                      # the caller's array, written by every level
    return fill_down(out, x, n - 1)


def sum_of_squares_filled(x):
    o = np.zeros(3)
    fill_down(o, x, 3)
    return np.sum(o ** 2)


def chain(memo, x, n):
    if n in memo:
        return memo[n]
    v = x if n == 0 else np.sin(chain(memo, x, n - 1))
    memo[n] = v                             # memoisation: the dict passed down
    return v


def memoised(x):
    return chain({}, x, 3)


def accumulate(acc, x, n):
    if n == 0:
        return acc
    acc += x * n                            # in place on the caller's array
    return accumulate(acc, x, n - 1)


def accumulated(x):
    return np.sum(accumulate(np.zeros(2), x, 3) ** 2)


def squares_out(x, out, n):
    if n == 0:
        return out
    np.multiply(x, x, out=out)
    return squares_out(x, out, n - 1)


def squared_out(x):
    return np.sum(squares_out(x, np.zeros(2), 2))


@pytest.mark.parametrize("f, x, line", [
    (sum_of_squares_filled, 0.6, "out[n - 1] = x * n"),
    (memoised, 0.6, "memo[n] = v"),
    (accumulated, 0.6, "acc += x * n"),
    (squared_out, np.array([0.5, 2.0]), "np.multiply(x, x, out=out)"),
], ids=lambda p: getattr(p, "__name__", ""))
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_recursive_function_writing_into_a_parameter_is_refused_at_the_write(f, x, line, mode):
    with pytest.raises(UnsupportedSyntaxError, match="writing into its parameter") as error:
        if mode == "grad":
            transpiler.grad(f)(x)
        else:
            transpiler.jvp(f, (x,), (np.ones_like(x),))
    assert line in str(error.value) and "test_recursive_writes.py" in str(error.value)


def appends_down(acc, x, n):
    if n == 0:
        return sum(acc)
    acc.append(x * n)
    return appends_down(acc, x, n - 1)


def test_appending_to_a_list_passed_down_and_reading_parameters_stay_differentiable():
    f = lambda x: appends_down([], x, 3)             # noqa: E731  (x * (3 + 2 + 1))
    assert transpiler.grad(f)(0.6) == pytest.approx(6.0)
    assert transpiler.jvp(f, (0.6,), (1.0,))[1] == pytest.approx(6.0)

    def reads(p, x, n):
        return x if n == 0 else np.tanh(p["w"] * reads(p, x, n - 1))

    def g(w):
        return reads({"w": w}, 0.7, 2)

    h = 1e-6
    assert transpiler.grad(g)(0.6) == pytest.approx((g(0.6 + h) - g(0.6 - h)) / (2 * h), rel=1e-6)
