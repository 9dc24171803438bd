"""A SciPy solver call not of the form its derivative is written for, where a differentiated value
reaches it, is refused naming the part of the call that is not of that form and what to write
instead (pr6 finding 5). Before, the message named the first differentiated argument, often one
the form allows (`args=(a,)`, the lambda reading `a`): the cause, `bounds=`, a moving
`points=` or `dense_output=True`, went unsaid."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnknownFunctionError

optimize = pytest.importorskip("scipy.optimize")
integrate = pytest.importorskip("scipy.integrate")


def bounded_with_args(a):
    return optimize.minimize_scalar(lambda t, a: (t - a) ** 2 + t ** 4, bounds=(-3, 3), method="bounded",
                                    args=(a,)).x


def bounded_with_a_closure(a):
    return optimize.minimize_scalar(lambda t: (t - a) ** 2 + t ** 4, bounds=(-3, 3), method="bounded").x


def moving_break_point(a):
    return integrate.quad(lambda t: np.abs(t - a), 0, 1, points=[a])[0]


def dense_output(k):
    return integrate.solve_ivp(lambda t, y: -k * y, (0, 2), np.array([1.0]), dense_output=True).y[0, -1]


@pytest.mark.parametrize("f, cause, instead", [
    (bounded_with_args, "passes `bounds=(-3, 3)`", "leave `bounds=` out"),
    (bounded_with_a_closure, "passes `bounds=(-3, 3)`", "leave `bounds=` out"),
    (moving_break_point, "passes `points=[a]`, not a constant", "split the integral at the moving points"),
    (dense_output, "passes `dense_output=True`", "leave `dense_output=` out"),
], ids=["bounded_with_args", "bounded_with_a_closure", "moving_break_point", "dense_output"])
def test_the_refusal_names_the_part_not_of_the_form_and_what_to_write(f, cause, instead):
    with pytest.raises(UnknownFunctionError) as refused:
        transpiler.grad(f)(0.4)
    assert cause in str(refused.value)
    assert instead in refused.value.hint


def test_the_forms_taken_are_still_differentiated():
    def unbounded(a):
        return optimize.minimize_scalar(lambda t, a: (t - a) ** 2 + t ** 4, args=(a,), tol=1e-12).x

    assert transpiler.check_grad(unbounded, 0.4, rtol=1e-4).ok
