"""A call that Python would refuse (a missing argument) on a path that never runs: krasser's
``expand(x, bf, bf_args=np.linspace(...))`` tests ``if bf_args is None:`` before calling
``bf(x)`` with fewer arguments than the Gaussian basis function takes. A value a NumPy function
or an operator made is never None, so the test is known when compiling and the call is skipped;
where the test is only known at run time the call is refused, saying why."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError, check_grad

X = np.linspace(0.0, 1.0, 6).reshape(-1, 1)


def gaussian_basis_function(x, mu, sigma=0.3):
    return np.exp(-0.5 * (x - mu) ** 2 / sigma ** 2)


def expand(x, bf, bf_args=None):
    if bf_args is None:
        return np.concatenate([np.ones(x.shape), bf(x)], axis=1)
    else:
        return np.concatenate([np.ones(x.shape)] + [bf(x, bf_arg) for bf_arg in bf_args], axis=1)


def design_norm(w):
    Phi = expand(X, bf=gaussian_basis_function, bf_args=np.linspace(0, 1, 3))
    return np.sum((Phi @ w) ** 2)


def centers_shifted(w, shift):
    centers = np.linspace(0, 1, 3) + shift      # an operator's result: never None either
    if centers is not None:
        Phi = expand(X, gaussian_basis_function, centers)
    else:
        Phi = gaussian_basis_function(X)
    return np.sum(np.tanh(Phi @ w))


def in_a_loop(w):
    total = 0.0
    for k in range(2):
        total = total + np.sum(expand(X, gaussian_basis_function, np.linspace(0, 1, 3) * (k + 1)) @ w)
    return total


W = np.array([0.3, -0.2, 0.5, 0.1])


@pytest.mark.parametrize("f, args", [(design_norm, (W,)), (centers_shifted, (W, 0.1)), (in_a_loop, (W,))])
def test_the_path_that_never_runs_is_skipped_in_both_modes(f, args):
    for wrt in range(len(args)):
        report = check_grad(f, *args, wrt=wrt)
        assert report, report
    tangents = [np.ones_like(a) if i == 0 else None for i, a in enumerate(args)]
    value, tangent = transpiler.jvp(f, args, tangents)
    assert value == pytest.approx(f(*args))
    assert tangent == pytest.approx(np.sum(transpiler.grad(f)(*args)))


def test_the_printed_gradient_has_no_trace_of_the_skipped_call():
    text = transpiler.grad(design_norm).source(args=(W,))
    body = text.split("def design_norm")[1]
    assert "if " not in body and "_returned" not in body     # no branch left, no dead code


def test_a_test_known_only_at_run_time_refuses_the_call_saying_why():
    def from_a_parameter(w, centers):
        return np.sum(expand(X, gaussian_basis_function, centers) @ w)

    with pytest.raises(UnsupportedSyntaxError, match="missing a required argument") as info:
        transpiler.grad(from_a_parameter)(W, np.linspace(0, 1, 3))
    assert "never runs" in str(info.value)
