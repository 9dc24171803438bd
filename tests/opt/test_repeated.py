"""The ``repeated_values`` pass (opt/repeated.py): a value the reverse sweep computes again on
the same values reads the first result — in the user's code, in a partial that repeats a
subexpression, in a rule that recomputes what the forward sweep made — and never where a name
is bound again (a loop) or written in place."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.ad.reverse import GradientSpec

RNG = np.random.default_rng(3)


def body_of(f, *args, wrt=0) -> str:
    source = transpiler.grad(f, wrt=wrt).compiled(args).source
    return source[source.index(f"def {f.__name__}_grad"):]


def test_the_users_repeated_exponential_is_computed_once():
    def twice(x):
        return np.sum(np.exp(x) * np.exp(x) + np.sin(x))
    x = RNG.standard_normal(7)
    assert body_of(twice, x).count("np.exp(") == 1
    assert check_grad(twice, x)


def test_a_rule_recomputing_a_forward_value_reads_it():
    def squared_tanh(x):
        return np.sum(np.tanh(x) ** 2 * 0.5 + np.tanh(x) * np.tanh(x))
    # tanh's partial 1 - y * y repeats the forward sweep's y * y
    spec = GradientSpec((0,), False)
    before = pipeline.source(squared_tanh, spec, print_after="tuple_items")
    after = pipeline.source(squared_tanh, spec, print_after="repeated_values")
    assert before.count("_t1 * _t1") == 2 and after.count("_t1 * _t1") == 1
    assert check_grad(squared_tanh, RNG.standard_normal(5))


def test_values_in_a_loop_or_bound_again_are_not_shared():
    def looped(x):
        total = 0.0
        for _ in range(3):
            total = total + np.sum(np.exp(x))
            x = x * 0.5
        return total + np.sum(np.exp(x))
    x = RNG.standard_normal(5)
    assert check_grad(looped, x)
    expected = sum(np.exp(x * 0.5 ** k) * 0.5 ** k for k in range(4))
    assert np.allclose(transpiler.grad(looped)(x), expected)


def test_a_value_updated_in_place_is_not_shared():
    def updated(x):
        a = np.exp(x)
        b = np.zeros_like(x)
        b[1:] = a[1:] * a[1:]
        b[0] += np.sum(a * a)
        return np.sum(a * a * b)
    x = RNG.standard_normal(4)
    assert check_grad(updated, x)
    e2 = np.exp(2 * x)
    assert np.isclose(transpiler.value_and_grad(updated)(x)[0], e2[0] * e2.sum() + e2[1:] @ e2[1:])


def test_numbers_of_different_types_are_not_taken_for_one_value():
    def mixed(x):
        return np.sum(x / 2 + (x / 2.0) ** 2)
    x32 = RNG.standard_normal(4).astype(np.float32)
    g = transpiler.grad(mixed)(x32)
    assert g.dtype == np.float32 and np.allclose(g, 0.5 + x32 / 2, rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# The pass's quick test (``_may_repeat``): most functions repeat nothing and are handed back
# before their def-use, positions and writes are worked out; a repeat it must not miss is one
# whose operands are one value only through copies.

def _exp_twice(second_operand_copies: int):
    from transpiler.ir import Assign, Copy, Function, Var
    from transpiler.ir.names import NameAllocator
    from transpiler.primitives import lookup
    x, a, b, out = Var("x"), Var("a"), Var("b"), Var("out")
    body, operand = [], x
    for k in range(second_operand_copies):          # y0 = x; y1 = y0; ...
        copy = Var(f"y{k}")
        body.append(Copy(copy, operand))
        operand = copy
    body += [Assign(a, lookup(np.exp), (x,)), Assign(b, lookup(np.exp), (operand,)),
             Assign(out, lookup(np.multiply), (a, b))]
    return Function("f", [x], ["x"], {}, body, out, NameAllocator({"x"}))


def test_a_repeat_read_through_a_chain_of_copies_is_shared():
    from transpiler.opt.repeated import share_repeated_values
    for copies in (0, 1, 2):
        shared = share_repeated_values(_exp_twice(copies))
        exps = [s for s in shared.body if getattr(s, "prim", None) is not None and s.prim.spelling.path == "np.exp"]
        product = shared.body[-1]
        assert len(exps) == 1 and [a.name for a in product.args] == ["a", "a"], copies


def _exp_of_exp():
    """``y0 = x; a = exp(x); b = exp(a); out = a * b``: a copy, as in ``_exp_twice(1)``, but no repeat."""
    from transpiler.ir import Assign, Copy, Function, Var
    from transpiler.ir.names import NameAllocator
    from transpiler.primitives import lookup
    x, y0, a, b, out = Var("x"), Var("y0"), Var("a"), Var("b"), Var("out")
    body = [Copy(y0, x), Assign(a, lookup(np.exp), (x,)), Assign(b, lookup(np.exp), (a,)),
            Assign(out, lookup(np.multiply), (a, b))]
    return Function("f", [x], ["x"], {}, body, out, NameAllocator({"x"}))


def test_a_function_repeating_nothing_is_handed_back_without_its_def_use_worked_out():
    from transpiler.opt.repeated import share_repeated_values
    fn = _exp_of_exp()
    assert share_repeated_values(fn) is fn
    assert "def_use" not in fn.memo and "written values" not in fn.memo    # (the quick test said no)
    repeating = _exp_twice(1)
    share_repeated_values(repeating)
    assert "def_use" in repeating.memo and "written values" in repeating.memo     # (where the pass runs)


def test_the_in_place_helpers_declare_the_arguments_they_write():
    from transpiler.primitives import lookup
    from transpiler.primitives.adjoint_writes import CLEARED_IN_PLACE, STORED_IN_PLACE
    from transpiler.primitives.lists import UNDO_WRITE, WRITTEN_IN_ROW, WRITTEN_ITEM
    from transpiler.primitives.runtime import accumulate, add_into, owned
    assert lookup(add_into).writes == (0,) and not lookup(add_into).updates    # (no copy: `updates` is assign_at's)
    assert lookup(accumulate).writes == () and lookup(owned).writes == ()      # (new values)
    assert (WRITTEN_ITEM.writes, WRITTEN_IN_ROW.writes, UNDO_WRITE.writes) == ((0, 1), (0, 1), (0,))
    assert CLEARED_IN_PLACE.writes == STORED_IN_PLACE.writes == (0,)


def _buffer_and_an_equal_array(x):
    from transpiler.primitives.runtime import add_into
    a = np.exp(x)
    b = np.exp(x)
    c = add_into(a, 0, 1.0)         # generated code's adjoint buffer, written in place
    return np.sum(c * b)


def test_a_buffer_add_into_writes_is_written_and_never_shared():
    import dataclasses
    from transpiler.ir.nodes import Assign
    from transpiler.opt.repeated import share_repeated_values, written_values
    from transpiler.primitives.registry import spelled_as
    from transpiler.primitives.runtime import add_into
    fn = pipeline.lowered(_buffer_and_an_equal_array)
    adds = [s for s in fn.body if isinstance(s, Assign) and spelled_as(s.prim, add_into)]
    buffer = adds[0].args[0]
    assert buffer in written_values(fn)
    assert share_repeated_values(fn) is fn          # `b` stays its own array
    # the fact is what keeps them apart: without it the pass reads `b` as the buffer
    unfacted = dataclasses.replace(fn, body=[dataclasses.replace(s, prim=dataclasses.replace(s.prim, writes=()))
                                             if s in adds else s for s in fn.body])
    assert buffer not in written_values(unfacted)
    assert share_repeated_values(unfacted) is not unfacted


def _system(t, y):
    """A helper as people write one: validate, then build a matrix from differences and solve."""
    dx = np.diff(t)
    if np.any(dx <= 0):
        raise ValueError("t must increase")
    A = np.diag(np.concatenate([dx, [1.0]])) + np.eye(len(t))
    return np.linalg.solve(A, y)


def test_a_helper_called_twice_on_the_same_values_solves_once():
    # (np.diff, the list handed to np.concatenate and the matrix are shared, so the solve is:
    # each was computed twice before, with the second call's check between them)
    t = np.linspace(0.0, 1.0, 5)

    def twice(y):
        return np.sum(_system(t, y) ** 2) + np.sum(np.sin(_system(t, y)))
    y = RNG.standard_normal(5)
    body = body_of(twice, y)
    assert body.count("np.diff(") == 1
    assert body[:body.index("# reverse sweep")].count("solve(") == 1
    assert check_grad(twice, y)


def test_a_splines_two_evaluations_build_it_once():
    from scipy.interpolate import CubicSpline
    t = np.linspace(0.0, 1.0, 8)

    def value_and_slope(y, q):
        spline = CubicSpline(t, y)
        return np.sum(spline(q) ** 2) + np.sum(spline(q, 1))
    y, q = np.sin(3 * t), np.linspace(0.1, 0.9, 5)
    body = body_of(value_and_slope, y, q)
    assert body[:body.index("# reverse sweep")].count("tridiagonal_solve(") == 1
    assert check_grad(value_and_slope, y, q, wrt=0)


def test_equal_lists_a_later_append_grows_are_not_shared():
    def grown(x):
        a = [x[0], x[1]]
        b = [x[0], x[1]]
        b.append(x[2])
        return np.sum(np.array(a)) * np.sum(np.array(b))
    x = RNG.standard_normal(3)
    value, slope = transpiler.value_and_grad(grown)(x)
    assert np.isclose(value, grown(x))
    assert check_grad(grown, x)


def test_equal_differences_one_written_into_are_two_arrays():
    def written(x):
        a = np.diff(x)
        b = np.diff(x)
        b[0] = 10.0
        return np.sum(a * x[1:]) + np.sum(b * x[:-1])
    x = RNG.standard_normal(4)
    assert np.isclose(transpiler.value_and_grad(written)(x)[0], written(x))
    assert check_grad(written, x)


def _arrays_of_signed_zeros(x):
    a = np.full(3, 0.0)         # (two new arrays of constants: shared by repeated_values only)
    b = np.full(3, -0.0)
    return np.sum(np.copysign(x, a) - np.copysign(x, b))


def _products_with_signed_zeros(x):
    return np.sum(np.arctan2(x * 0.0, -1.0) - np.arctan2(x * -0.0, -1.0))   # (shared by the lowering)


def _signed_zero_keywords(x):
    kept = np.nan_to_num(x * np.nan, nan=0.0)
    flipped = np.nan_to_num(x * np.nan, nan=-0.0)
    return np.sum(np.copysign(x, kept) - np.copysign(x, flipped))


@pytest.mark.parametrize("f", [_arrays_of_signed_zeros, _products_with_signed_zeros, _signed_zero_keywords])
def test_zero_and_negative_zero_are_two_values(f):
    # 0.0 == -0.0 as constants, but np.copysign and np.arctan2 read the sign: `x * 0.0` and
    # `x * -0.0` were one value (sum 0 where Python's is 2 * sum(x) or 6 pi)
    x = np.array([0.5, 1.5, 2.0])
    value, gradient = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x)) and value != 0.0
    assert check_grad(f, x)
