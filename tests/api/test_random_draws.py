"""Random draws inside the differentiated function are constants of the program: the forward
sweep draws once, the reverse sweep differentiates that same sample, so value_and_grad returns
the value and the gradient of one sample, and the generator's stream advances exactly as one call
of the function does. No pass may repeat, share, drop, reorder or vectorise a draw."""
import numpy as np
import numpy.random as npr
import pytest

from transpiler import NonDifferentiableError, check_grad, grad, hessian, jvp, value_and_grad


def same_stream(a, b) -> bool:
    """Do two generators (RandomState or Generator) stand at the same point of the same stream?"""
    if isinstance(a, np.random.Generator):
        return a.bit_generator.state == b.bit_generator.state
    sa, sb = a.get_state(), b.get_state()
    return all(np.array_equal(u, v) for u, v in zip(sa, sb))


# --------------------------------------------------------------------------- the programs
def elbo(params, rs):
    """Black-box variational inference: a reparameterised Gaussian sample (autograd's style)."""
    mean, log_std = params[0], params[1]
    samples = mean + np.exp(log_std) * rs.randn(4, 2)
    return np.mean(np.sin(samples) + samples ** 2) + np.sum(log_std)


def with_a_generator(x, rng):
    noise = rng.normal(size=x.shape)
    return np.sum(np.tanh(x + 0.5 * noise) * rng.standard_normal(3))


def seeded_inside(x):
    rs = np.random.RandomState(0)
    return np.sum(x * rs.randn(3)) + np.sum(x ** 2 * rs.rand(3))


def default_rng_inside(x):
    rng = np.random.default_rng(7)
    return np.sum(np.exp(x * rng.normal(size=3)))


def global_stream(x):
    return np.sum(np.sin(x * np.random.randn(3)))


def module_alias(x):
    return np.sum(x * npr.uniform(0.0, 1.0, 3))


def draws_in_a_loop(x, rs):
    s = 0.0
    for i in range(3):
        e = rs.randn(2)
        s = s + np.sum(np.sin(x * e)) * s + np.sum(x * e)
    return s


def draws_in_a_branch(x, rs):
    if x[0] > 0.0:
        e = rs.randn(2)
    else:
        e = rs.rand(2)
    return np.sum(x * e * x)


def draws_in_a_branch_in_a_loop(x, rs):
    s = x * 1.0
    for i in range(4):
        if i % 2 == 0:
            s = np.sin(s * rs.randn(2))
        else:
            s = s * rs.rand(2) + s
    return np.sum(s)


def draws_in_a_while_loop(x, rs):
    s, k = x * 1.0, 0
    while k < 3:
        s = np.tanh(s * rs.randn(2))
        k = k + 1
    return np.sum(s)


def two_draws_alike(x, rs):
    a = rs.normal()
    b = rs.normal()
    return np.sum(x * a + x * x * b)


def unused_draw(x, rs):
    skipped = rs.randn(5)
    return np.sum(x * rs.randn(2))


def scalar_loop(x, rs):
    """A reverse loop of independent iterations: vectorised, were it not for its draws."""
    s = 0.0
    for i in range(3):
        s = s + (x[i + 1] - x[i] ** 2) ** 2 * rs.rand()
    return s


X2 = np.array([0.3, -0.7])
PARAMS = np.array([[0.1, -0.2], [0.3, -0.1]])


# --------------------------------------------------------------------------- value, gradient, stream
ARGUMENT_CASES = [
    (elbo, PARAMS, lambda: npr.RandomState(0)),
    (with_a_generator, np.array([0.2, -0.4, 0.9]), lambda: np.random.default_rng(3)),
    (draws_in_a_loop, X2, lambda: npr.RandomState(1)),
    (draws_in_a_branch, X2, lambda: npr.RandomState(2)),
    (draws_in_a_branch, -X2, lambda: npr.RandomState(2)),
    (draws_in_a_branch_in_a_loop, X2, lambda: npr.RandomState(3)),
    (draws_in_a_while_loop, X2, lambda: npr.RandomState(4)),
    (two_draws_alike, X2, lambda: npr.RandomState(5)),
    (unused_draw, X2, lambda: npr.RandomState(6)),
    (scalar_loop, np.array([0.3, -0.7, 1.1, 0.4]), lambda: npr.RandomState(8)),
]
IDS = [f"{f.__name__}-{i}" for i, (f, _, _) in enumerate(ARGUMENT_CASES)]


def central_differences(f, x, make_generator, h=1e-6):
    """The gradient of ``f(x, generator)`` at a fresh generator's sample (the same each time)."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e, make_generator()) - f(x - e, make_generator())) / (2 * h)
    return g


@pytest.mark.parametrize("f, x, make_generator", ARGUMENT_CASES, ids=IDS)
def test_value_and_gradient_are_those_of_one_sample_and_the_stream_advances_once(f, x, make_generator):
    generator, reference = make_generator(), make_generator()
    value, gradient = value_and_grad(f)(x, generator)
    assert value == pytest.approx(f(x, reference), rel=1e-12)
    assert same_stream(generator, reference)           # exactly as far as one call of f
    np.testing.assert_allclose(gradient, central_differences(f, x, make_generator), rtol=1e-5, atol=1e-7)

    generator = make_generator()
    np.testing.assert_allclose(grad(f)(x, generator), gradient, rtol=1e-12)
    assert same_stream(generator, reference)


@pytest.mark.parametrize("f, x, make_generator", ARGUMENT_CASES, ids=IDS)
def test_forward_mode_draws_once_too(f, x, make_generator):
    generator, reference = make_generator(), make_generator()
    tangent = np.linspace(0.5, 1.5, x.size).reshape(x.shape)
    value, derivative = jvp(f, (x, generator), (tangent, None))
    assert value == pytest.approx(f(x, reference), rel=1e-12)
    assert same_stream(generator, reference)
    expected = np.sum(central_differences(f, x, make_generator) * tangent)
    assert derivative == pytest.approx(expected, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("f, x", [(seeded_inside, np.array([0.5, -1.0, 2.0])),
                                  (default_rng_inside, np.array([0.5, -1.0, 2.0]))])
def test_a_generator_seeded_inside_the_function_is_a_fixed_sample(f, x):
    assert check_grad(f, x).ok
    value, gradient = value_and_grad(f)(x)
    assert value == pytest.approx(f(x))
    assert jvp(f, (x,), (np.ones(3),))[1] == pytest.approx(np.sum(gradient))


def bbvi_objective(params):
    """The whole objective with its seed fixed, as a check of value and gradient of one sample."""
    return elbo(params, npr.RandomState(0))


def test_black_box_variational_objective_with_a_fixed_seed_against_finite_differences():
    assert check_grad(bbvi_objective, PARAMS).ok
    hess = hessian(bbvi_objective)(PARAMS)
    step = 1e-5
    numeric = np.zeros((2, 2, 2, 2))
    for i in np.ndindex(2, 2):
        e = np.zeros((2, 2))
        e[i] = step
        numeric[(slice(None), slice(None)) + i] = (grad(bbvi_objective)(PARAMS + e)
                                                   - grad(bbvi_objective)(PARAMS - e)) / (2 * step)
    np.testing.assert_allclose(hess, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f", [global_stream, module_alias])
def test_numpys_global_stream_advances_as_one_call_does(f):
    x = np.array([0.5, -1.0, 2.0])
    np.random.seed(11)
    expected = f(x)
    after = np.random.get_state()
    np.random.seed(11)
    value, gradient = value_and_grad(f)(x)
    assert value == pytest.approx(expected, rel=1e-12)
    assert all(np.array_equal(u, v) for u, v in zip(np.random.get_state(), after))
    np.random.seed(11)
    _, derivative = jvp(f, (x,), (np.ones(3),))
    assert derivative == pytest.approx(np.sum(gradient))


# --------------------------------------------------------------------------- what no pass may do
def test_two_equal_draws_are_two_draws_not_one():
    rs = npr.RandomState(5)
    a, b = rs.normal(), rs.normal()
    np.testing.assert_allclose(grad(two_draws_alike)(X2, npr.RandomState(5)), a + 2 * X2 * b)
    assert a != b


def test_an_unused_draw_still_advances_the_stream():
    rs = npr.RandomState(6)
    rs.randn(5)
    expected = rs.randn(2)
    np.testing.assert_allclose(grad(unused_draw)(X2, npr.RandomState(6)), expected)
    np.testing.assert_allclose(jvp(unused_draw, (X2, npr.RandomState(6)), (np.ones(2), None))[1],
                               np.sum(expected))


@pytest.mark.parametrize("f, x", [(draws_in_a_loop, X2), (scalar_loop, np.array([0.3, -0.7, 1.1, 0.4])),
                                  (draws_in_a_while_loop, X2), (draws_in_a_branch_in_a_loop, X2)])
def test_the_generated_code_draws_once_per_draw_of_the_primal(f, x):
    """A reverse loop reads each iteration's sample from a tape: no draw in the reverse sweep,
    and no loop turned into array code around a draw."""
    code = grad(f).source(args=(x, npr.RandomState(0)))
    reverse_sweep = code.split("# reverse sweep")[1]
    assert "rs.rand" not in reverse_sweep
    assert code.count("rs.rand") == _draws_in_source(f)
    assert "np.arange" not in code             # not vectorised


def _draws_in_source(f) -> int:
    import inspect
    return inspect.getsource(f).count("rs.rand")


def nested_draw_needed_by_the_outer_loop(x, rs):
    s = x * 1.0
    for i in range(2):
        for j in range(3):
            s = np.sin(s * rs.randn(2))
    return np.sum(s)


def draw_in_the_middle_of_three_loops(x, rs):
    s = x * 1.0
    for i in range(2):
        for j in range(2):
            e = rs.randn(2)
            for k in range(2):
                s = np.sin(s * e) + 0.5 * s
    return np.sum(s)


def draw_three_loops_deep(x, rs):
    s = x * 1.0
    for i in range(2):
        for j in range(2):
            for k in range(2):
                s = np.sin(s * rs.randn(2))
    return np.sum(s)


def three_loops(s, rs):
    for j in range(2):
        for k in range(2):
            s = np.sin(s * rs.randn(2)) + 0.1 * s
    return s


def draw_three_loops_deep_through_a_helper(x, rs):
    s = x * 1.0
    for i in range(2):
        s = three_loops(s, rs) * (1.0 + 0.1 * i)
    return np.sum(s ** 2)


def draws_four_loops_deep_in_a_branch(x, rs):
    s = x * 1.0
    for i in range(2):
        for j in range(2):
            if j == 1:
                s = s * rs.uniform(0.5, 1.5)
            for k in range(2):
                for m in range(2):
                    if rs.rand() < 0.5:
                        s = np.tanh(s * rs.randn(2)) + s
                    else:
                        s = 0.5 * s
    return np.sum(s)


def nested_draw_needed_by_its_own_loop_only(x, rs):
    total = 0.0
    for i in range(2):
        inner = 0.0
        for j in range(3):
            inner = inner + np.sum(np.sin(x * rs.randn(2)))
        total = total + inner           # (its adjoint does not need inner's value)
    return total


@pytest.mark.parametrize("f", [nested_draw_needed_by_the_outer_loop, nested_draw_needed_by_its_own_loop_only,
                               draw_in_the_middle_of_three_loops, draw_three_loops_deep,
                               draw_three_loops_deep_through_a_helper, draws_four_loops_deep_in_a_branch])
def test_a_draw_in_a_nested_loop_is_taped_and_read_in_order_by_the_outer_reverse(f):
    make = lambda: npr.RandomState(9)          # noqa: E731
    generator, reference = make(), make()
    value, gradient = value_and_grad(f)(X2, generator)
    assert value == pytest.approx(f(X2, reference), rel=1e-12)
    assert same_stream(generator, reference)
    np.testing.assert_allclose(gradient, central_differences(f, X2, make), rtol=1e-5, atol=1e-7)
    reverse_sweep = grad(f).source(args=(X2, make())).split("# reverse sweep")[1]
    assert "rs.randn" not in reverse_sweep


def seeded_nested_loops(x):
    return nested_draw_needed_by_the_outer_loop(x, npr.RandomState(2))


def test_hessian_through_draws_read_in_order():
    step = 1e-5
    numeric = np.array([(grad(seeded_nested_loops)(X2 + step * e) - grad(seeded_nested_loops)(X2 - step * e))
                        / (2 * step) for e in np.eye(2)])
    np.testing.assert_allclose(hessian(seeded_nested_loops)(X2), numeric, rtol=1e-5, atol=1e-7)


def test_a_draw_three_loops_deep_is_popped_by_its_own_loops_reverse():
    # nested loops push their tapes in the forward sweep and the reverse does not run them again,
    # so each draw is read once, by the reverse of the loop that made it, from its tape's end
    make = lambda: npr.RandomState(4)          # noqa: E731
    source = grad(draw_three_loops_deep).source(args=(X2, make()))
    reverse_sweep = source.split("# reverse sweep")[1]
    assert reverse_sweep.count("_tape.pop()") == 1 and "_segment" not in source and "iter(" not in source
    _, tangent = jvp(draw_three_loops_deep, (X2, make()), (np.array([1.0, -0.5]), None))
    assert tangent == pytest.approx(central_differences(draw_three_loops_deep, X2, make) @ [1.0, -0.5], rel=1e-5)


def draw_only_an_inner_reverse_needs(x, rs):
    total = 0.0
    for k in range(2):
        for i in range(2):
            t = x * 1.0
            for j in range(2):
                t = np.sin(t * rs.randn(2)) + x
            total = total + np.sum(t)     # (the outer loops' reverses need no value of t)
            x = x * 1.1
    return total


def test_a_draw_deep_inside_that_only_an_inner_reverse_needs():
    # (refused before, when the middle loop's reverse replayed the innermost loop: it had to know
    # where each of its iterations' draws began, which the outer loop's replay, needing none of
    # them, did not count; now the innermost loop's reverse pops its own draws)
    make = lambda: npr.RandomState(0)          # noqa: E731
    generator, reference = make(), make()
    value, gradient = value_and_grad(draw_only_an_inner_reverse_needs)(X2, generator)
    assert value == pytest.approx(draw_only_an_inner_reverse_needs(X2, reference), rel=1e-12)
    assert same_stream(generator, reference)
    np.testing.assert_allclose(gradient, central_differences(draw_only_an_inner_reverse_needs, X2, make),
                               rtol=1e-5, atol=1e-7)


def draws_read_in_the_other_order(x, rs):
    a, b = rs.normal(), rs.normal()
    return np.sum(x * b - x * x * a)


def test_a_draw_is_not_moved_past_another_draw():
    rs = npr.RandomState(12)
    a, b = rs.normal(), rs.normal()
    np.testing.assert_allclose(grad(draws_read_in_the_other_order)(X2, npr.RandomState(12)), b - 2 * X2 * a)
    code = grad(draws_read_in_the_other_order).source(args=(X2, npr.RandomState(12)))
    assert code.count("rs.normal()") == 2


def test_the_numba_backend_refuses_a_draw_rather_than_running_it_twice():
    pytest.importorskip("numba")
    from transpiler import TranspileError

    generator = npr.RandomState(0)
    state = generator.get_state()
    with pytest.raises(TranspileError) as info:
        grad(unused_draw, backend="numba")(X2, generator)
    assert "rs.randn" in str(info.value) and "backend='numpy'" in info.value.hint
    assert same_stream(generator, _at(state))


def _at(state):
    generator = npr.RandomState()
    generator.set_state(state)
    return generator


# --------------------------------------------------------------------------- multi-pass derivatives
def vector_of_draws(x, rs):
    return np.tanh(x * rs.randn(3))


def scalar_of_global_draws(x):
    return np.sum(np.sin(x * np.random.randn(3)) * x)


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_every_pass_of_a_jacobian_sees_the_same_sample(mode):
    from transpiler import jacobian

    x = np.array([0.3, -0.2, 0.5])
    e = npr.RandomState(0).randn(3)
    generator = npr.RandomState(0)
    J = jacobian(vector_of_draws, mode=mode)(x, generator)
    np.testing.assert_allclose(J, np.diag(e * (1 - np.tanh(x * e) ** 2)))
    assert same_stream(generator, _after_one_call(vector_of_draws, x, npr.RandomState(0)))


def _after_one_call(f, x, generator):
    f(x, generator)
    return generator


def test_vjp_pullback_differentiates_the_sample_of_its_value():
    from transpiler import vjp

    x = np.array([0.3, -0.2, 0.5])
    generator = npr.RandomState(4)
    out, pullback = vjp(vector_of_draws, x, generator)
    e = npr.RandomState(4).randn(3)
    np.testing.assert_allclose(out, np.tanh(x * e))
    d_x, d_generator = pullback(np.ones(3))
    np.testing.assert_allclose(d_x, e * (1 - np.tanh(x * e) ** 2))
    assert d_generator is None                   # a generator is never differentiated
    assert same_stream(generator, _after_one_call(vector_of_draws, x, npr.RandomState(4)))


def test_hessian_columns_see_the_same_sample_of_the_global_stream():
    x = np.array([0.3, -0.2, 0.5])
    np.random.seed(21)
    e = np.random.randn(3)
    after = np.random.get_state()
    np.random.seed(21)
    H = hessian(scalar_of_global_draws)(x)
    # f = sum(sin(x e) x): d2f/dx2 = diag(2 e cos(x e) - x e^2 sin(x e))
    np.testing.assert_allclose(H, np.diag(2 * e * np.cos(x * e) - x * e ** 2 * np.sin(x * e)), atol=1e-12)
    assert all(np.array_equal(u, v) for u, v in zip(np.random.get_state(), after))


def global_noise(n):
    return np.random.randn(n)


def scalar_of_draws_of_a_function_passed(x, draw):
    return np.sum(np.sin(x * draw(3)) * x)


def test_hessian_columns_see_the_same_sample_of_a_function_passed_that_draws():
    # the draw is in the function argument's code (inlined for it), not in the function's own
    x = np.array([0.3, -0.2, 0.5])
    np.random.seed(5)
    e = np.random.randn(3)
    np.random.seed(5)
    H = hessian(scalar_of_draws_of_a_function_passed)(x, global_noise)
    np.testing.assert_allclose(H, np.diag(2 * e * np.cos(x * e) - x * e ** 2 * np.sin(x * e)), atol=1e-12)


def smooth(x):
    return np.sum(np.sin(x) * x ** 2)


def sine_times(x):
    return np.sin(x) * x


def test_a_function_that_cannot_draw_leaves_the_global_stream_alone(monkeypatch):
    # reading and setting NumPy's global state costs more than a small derivative's pass: only a
    # function that draws (or makes a call the compiler does not see into) has its passes rewound
    from transpiler import hvp, jacobian, vjp

    x = np.array([0.3, -0.2, 0.5])
    expected = hessian(smooth)(x)

    def untouchable(*args):
        raise AssertionError("the global random stream was read or set")
    monkeypatch.setattr(np.random, "get_state", untouchable)
    monkeypatch.setattr(np.random, "set_state", untouchable)
    np.testing.assert_allclose(hessian(smooth)(x), expected)
    np.testing.assert_allclose(hvp(smooth, x, np.ones(3)), expected @ np.ones(3))
    np.testing.assert_allclose(jacobian(sine_times)(x),
                               np.diag(np.cos(x) * x + np.sin(x)))
    _, pullback = vjp(smooth, x)
    np.testing.assert_allclose(pullback(1.0)[0], np.cos(x) * x ** 2 + 2 * x * np.sin(x))
