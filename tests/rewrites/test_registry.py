"""The rewrites' registry (transpiler/rewrites/__init__.py): names, descriptions, the switch."""
import types

import numpy as np
import pytest

import transpiler
from transpiler.rewrites import REWRITES, switched_off


def log_softmax_sum(a):
    z = a - np.max(a, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return np.sum(logp * a)


def test_every_rewrite_has_a_name_and_a_one_line_description():
    assert set(REWRITES) == {"shift_invariance", "symmetric_solve", "outer_products", "softmax_adjoint", "sigmoid_adjoint",
                             "log_softmax_adjoint", "solve_reuse", "like_terms", "weighted_sums", "weighted_rows", "scaled_products", "split_views", "selected_sums",
                             "identity_traces", "clipped_selections", "one_hot_sums", "cancelled_factors",
                             "cancelled_denominators", "cholesky_terms", "nan_masks", "nonzero_denominators", "reselected_branches",
                             "folded_scalings"}
    for name, rewrite in REWRITES.items():
        assert rewrite.name == name and rewrite.description and "\n" not in rewrite.description


def test_the_setting_names_what_is_switched_off():
    assert switched_off(True) == frozenset()
    assert switched_off(False) == frozenset(REWRITES)
    assert switched_off({"outer_products": False, "shift_invariance": True}) == {"outer_products"}


def test_an_unknown_name_or_a_setting_that_is_not_a_switch_is_refused():
    with pytest.raises(ValueError, match="unknown rewrite 'softmax'.*'shift_invariance'"):
        transpiler.grad(log_softmax_sum, rewrites={"softmax": False})
    with pytest.raises(TypeError, match="True, False or a dict"):
        transpiler.grad(log_softmax_sum, rewrites="off")
    with pytest.raises(TypeError, match="True or off with False"):
        transpiler.value_and_grad(log_softmax_sum, rewrites={"shift_invariance": 0})
    with pytest.raises(ValueError, match="unknown rewrite 'softmax'"):
        transpiler.differentiate(log_softmax_sum, mode="forward", rewrites={"softmax": False})


def test_a_forward_mode_decorator_takes_the_switch_too():
    a = np.random.default_rng(1).standard_normal((2, 3))
    on = transpiler.differentiate(log_softmax_sum, mode="forward")
    off = transpiler.differentiate(log_softmax_sum, mode="forward", rewrites=False)
    np.testing.assert_allclose(off.grad(a), on.grad(a), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(off.grad(a), transpiler.grad(log_softmax_sum)(a), rtol=1e-10, atol=1e-12)


def test_code_compiled_with_and_without_the_rewrites_is_cached_apart():
    a = np.random.default_rng(0).standard_normal((3, 4))
    sources = [transpiler.grad(log_softmax_sum, rewrites=setting).compiled((a,)).source
               for setting in (True, False, True, False)]
    assert sources[0] == sources[2] != sources[1] == sources[3]
    assert "extremum_adjoint" in sources[1] and "extremum_adjoint" not in sources[0]


def logsumexp(a):
    m = np.max(a)
    return m + np.log(np.sum(np.exp(a - m)))


def compiled_rewrite_settings(f) -> set:
    from transpiler.driver import pipeline

    return {part for key in pipeline._compiled.get(f, {}) for part in key if isinstance(part, frozenset)}


@pytest.mark.parametrize("transform", ["jvp", "vjp", "jacobian", "hessian", "hvp"])
def test_every_transform_takes_the_switch_and_gives_the_same_derivative(transform):
    f = types.FunctionType(logsumexp.__code__, logsumexp.__globals__)    # a cache of its own
    a = np.array([0.3, -1.2, 2.0, 0.7])
    v = np.array([1.0, -0.5, 0.25, 2.0])
    run = {
        "jvp": lambda r: transpiler.jvp(f, (a,), (v,), rewrites=r)[1],
        "vjp": lambda r: transpiler.vjp(f, a, rewrites=r)[1](1.0)[0],
        "jacobian": lambda r: transpiler.jacobian(f, mode="reverse", rewrites=r)(a),
        "hessian": lambda r: transpiler.hessian(f, rewrites=r)(a),
        "hvp": lambda r: transpiler.hvp(f, a, v, rewrites=r),
    }[transform]
    on, off = run(True), run(False)
    np.testing.assert_allclose(on, off, rtol=1e-12, atol=1e-14)
    assert frozenset(REWRITES) in compiled_rewrite_settings(f)     # compiled apart
