"""``import`` statements inside the differentiated function and its helpers (frontend/imports.py):
``from math import log, sqrt`` as in "Python for Finance"'s bsm_functions.py, ``from scipy import
stats`` (a submodule), ``import numpy.linalg as la``, ``import math`` in a helper; both modes and
the Hessian against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

exp = None      # a global of the same name: the function's own import is what it means


def call_value(S0, sigma):
    from math import log, sqrt, exp
    from scipy import stats

    d1 = (log(S0 / 105.) + (0.05 + 0.5 * sigma ** 2) * 1.0) / (sigma * sqrt(1.0))
    d2 = d1 - sigma * sqrt(1.0)
    return S0 * stats.norm.cdf(d1, 0.0, 1.0) - 105. * exp(-0.05) * stats.norm.cdf(d2, 0.0, 1.0)


def log_det_plus_norm(A):
    import numpy as onp
    import numpy.linalg as la
    sign, logdet = la.slogdet(A)
    return logdet + onp.sum(A ** 2)


def helper_with_import(x):
    import math
    return math.sin(x) * math.exp(-x)


def imports_in_a_loop(x):
    total = 0.0
    for k in range(3):
        from numpy import tanh as th
        total = total + th(k * x)
    return total + helper_with_import(x)


def test_from_math_and_scipy_imports_inside_the_function_in_both_modes():
    assert transpiler.check_grad(call_value, 100., 0.2, wrt=(0, 1)).ok
    v, t = transpiler.jvp(call_value, (100., 0.2), (1.0, 0.0))
    assert v == pytest.approx(call_value(100., 0.2))
    assert t == pytest.approx(transpiler.grad(call_value)(100., 0.2), rel=1e-10)


def test_module_imports_with_aliases_and_submodules():
    A = np.array([[2.0, 0.3], [0.1, 1.5]])
    assert transpiler.check_grad(log_det_plus_norm, A).ok
    _, t = transpiler.jvp(log_det_plus_norm, (A,), (np.ones_like(A),))
    assert t == pytest.approx(transpiler.grad(log_det_plus_norm)(A).sum(), rel=1e-10)


def test_imports_in_loops_and_helpers_and_the_hessian():
    assert transpiler.check_grad(imports_in_a_loop, 0.7).ok
    h = 1e-5
    g = transpiler.grad(imports_in_a_loop)
    assert transpiler.hessian(imports_in_a_loop)(0.7) == pytest.approx((g(0.7 + h) - g(0.7 - h)) / (2 * h), rel=1e-6)


def imports_a_missing_module(x):
    import no_such_module_for_transpiler
    return x


def test_a_failing_import_is_a_located_error():
    with pytest.raises(UnsupportedSyntaxError) as error:
        transpiler.grad(imports_a_missing_module)(1.0)
    assert "no_such_module_for_transpiler" in str(error.value) and "test_imports.py" in str(error.value)


def start_from(x, init='pca'):
    # (tompollard/sammon: `elif init == 'cmdscale': from cmdscale import cmdscale`, a branch the
    # call never takes: Python imports nothing there, and neither may the compiler)
    if init == 'pca':
        y = x * 2.0
    elif init == 'cmdscale':
        from no_such_module_for_transpiler import cmdscale
        y = cmdscale(x)
    else:
        y = x
    return np.sum(np.sin(y))


def import_on_a_run_time_branch(x):
    if x > 0:
        return x ** 2
    else:
        from no_such_module_for_transpiler import fallback
        return fallback(x)


def test_an_import_in_a_branch_not_taken_is_never_run():
    x = np.array([0.3, -0.2])
    assert transpiler.check_grad(start_from, x).ok
    np.testing.assert_allclose(transpiler.jvp(start_from, (x,), (np.ones(2),))[1], np.sum(2 * np.cos(2 * x)))


def test_a_failing_import_on_a_branch_taken_at_run_time_raises_there_as_in_python():
    assert transpiler.grad(import_on_a_run_time_branch)(1.5) == pytest.approx(3.0)
    with pytest.raises(ImportError, match="no_such_module_for_transpiler"):
        transpiler.grad(import_on_a_run_time_branch)(-1.5)
