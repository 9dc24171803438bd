"""``@differentiate(memory=BYTES)``, as ``grad(f, memory=...)`` (before: TypeError "unexpected
keyword argument"): the same gradient, the loop's tape checkpointed, which ``compiled(args).tapes``
reports as ``grad``'s does. Checked against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def rnn(Wh, b, xs):
    h = np.zeros(Wh.shape[0])
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] + h @ Wh + b)
    return np.sum(h ** 2)


rng = np.random.default_rng(3)
ARGS = (0.5 * rng.standard_normal((4, 4)), 0.1 * rng.standard_normal(4), rng.standard_normal((9, 4)))


@pytest.mark.parametrize("memory", [None, 100, 1])
def test_the_gradient_under_a_budget_is_the_same_and_checked_against_finite_differences(memory):
    decorated = transpiler.differentiate(rnn, wrt=(0, 1), memory=memory)
    dW, db = decorated.grad(*ARGS)
    np.testing.assert_allclose(dW, numeric_gradient(rnn, ARGS, 0), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, numeric_gradient(rnn, ARGS, 1), rtol=1e-6, atol=1e-9)
    value, (dW2, _) = decorated.value_and_grad(*ARGS)
    assert value == pytest.approx(rnn(*ARGS))
    np.testing.assert_allclose(dW2, dW, rtol=1e-12)
    assert decorated(*ARGS) == rnn(*ARGS)


def test_compiled_reports_the_tape_as_grads_does():
    (unlimited,) = transpiler.differentiate(rnn, wrt=(0, 1)).compiled(ARGS).tapes
    (limited,) = transpiler.differentiate(wrt=(0, 1), memory=100)(rnn).compiled(ARGS).tapes
    (as_grad,) = transpiler.grad(rnn, wrt=(0, 1), memory=100).compiled(ARGS).tapes
    assert not unlimited.checkpointed and limited.checkpointed
    assert (limited.bytes_per_iteration, limited.iterations, limited.bytes) == \
        (as_grad.bytes_per_iteration, as_grad.iterations, as_grad.bytes)
    assert "checkpoint" in transpiler.differentiate(rnn, memory=100).source_at(*ARGS).lower()


def test_a_budget_where_no_tape_is_kept_or_a_bad_one_is_a_clear_error():
    with pytest.raises(ValueError, match="forward mode keeps none"):
        transpiler.differentiate(rnn, mode="forward", memory=100)
    with pytest.raises(ValueError, match="positive number of bytes"):
        transpiler.differentiate(rnn, memory=-5)
    with pytest.raises(ValueError, match="tangent_source"):
        transpiler.differentiate(rnn, mode="forward").compiled(ARGS)
