"""The caches of transpiler/driver/pipeline.py (and the per-call caches built on them): what they keep
alive, and how much of it."""
import gc
import linecache
import weakref

import numpy as np
import pytest

import transpiler
from transpiler.api import tiers
from transpiler.backends import emit
from transpiler.driver import pipeline
from transpiler.opt import specialize


def make_loss(d):
    def loss(w):
        return np.sum((d @ w) ** 2)
    return loss


def make_loss_with_helper(d):
    def project(w):
        return d @ w

    def loss(w):
        return np.sum(project(w) ** 2)
    return loss


def transpiler_lines() -> set:
    return {name for name in linecache.cache if name.startswith("<transpiler ")}


# --------------------------------------------------------------------------- nothing is kept alive
@pytest.mark.parametrize("use", [
    lambda f, w: transpiler.grad(f)(w),
    lambda f, w: transpiler.value_and_grad(f)(w),
    lambda f, w: transpiler.differentiate(f).grad(w),
    lambda f, w: transpiler.jvp(f, (w,), (np.ones_like(w),)),
    lambda f, w: transpiler.vjp(f, w)[1](1.0),
    lambda f, w: transpiler.jacobian(f)(w),
    lambda f, w: transpiler.hessian(f)(w),
    lambda f, w: transpiler.hvp(f, w, np.ones_like(w)),
], ids=["grad", "value_and_grad", "differentiate", "jvp", "vjp", "jacobian", "hessian", "hvp"])
@pytest.mark.parametrize("make", [make_loss, make_loss_with_helper], ids=["closure", "closure-helper"])
def test_a_differentiated_closure_and_its_array_are_freed_once_dropped(make, use):
    d = np.random.default_rng(0).random((5, 3))
    loss = make(d)
    before = transpiler_lines()
    use(loss, np.ones(3))
    dead_function, dead_array = weakref.ref(loss), weakref.ref(d)
    del loss, d
    gc.collect()
    assert dead_function() is None and dead_array() is None
    assert transpiler_lines() <= before        # the generated source went with its code


def test_the_gradient_of_a_bound_method_frees_its_object():
    class Model:
        def __init__(self):
            self.weights = np.arange(3.0)

        def loss(self, w):
            return np.sum(w * w)

    model = Model()
    gradient = transpiler.grad(model.loss)
    assert gradient(np.ones(3)) == pytest.approx([2.0, 2.0, 2.0])
    dead = weakref.ref(model)
    del model, gradient
    gc.collect()
    assert dead() is None


def test_many_closures_leave_no_compiled_code_behind():
    """The issue's reproducer, in small: 20 differentiated closures, each with its own array."""
    w = np.ones(4)
    transpiler.grad(make_loss(np.ones((3, 4))))(w)
    gc.collect()
    compiled_before, lowered_before = len(pipeline._compiled), len(pipeline._lowered)
    arrays = []
    for seed in range(20):
        d = np.random.default_rng(seed).random((30, 4))
        arrays.append(weakref.ref(d))
        transpiler.grad(make_loss(d))(w)
        del d
    gc.collect()
    assert [a for a in arrays if a() is not None] == []
    assert (len(pipeline._compiled), len(pipeline._lowered)) == (compiled_before, lowered_before)


# --------------------------------------------------------------------------- bounded caches
def scaled_sum(x):
    return np.sum(np.sin(x) * 2.0)


def test_the_default_bound_is_64_versions_per_function():
    assert pipeline.CACHE_SIZE == 64 and specialize._CACHE_SIZE == 64


def test_many_shapes_keep_at_most_the_bound(monkeypatch):
    monkeypatch.setattr(pipeline, "CACHE_SIZE", 3)
    monkeypatch.setattr(tiers, "SPECIALISE_ON_CALL", 1)     # (every shape specialised at once)
    monkeypatch.setattr(specialize, "_CACHE_SIZE", 3)
    gradient = transpiler.grad(scaled_sum)
    for n in range(1, 11):
        assert gradient(np.zeros(n)) == pytest.approx(2.0 * np.ones(n))
    gc.collect()
    assert len(gradient._runners) == 3
    assert len(pipeline._compiled[scaled_sum]) == 3
    assert len(pipeline.lowered(scaled_sum).specialized) <= 3
    shown = {name for name in transpiler_lines() if name.startswith("<transpiler scaled_sum")}
    assert 1 <= len(shown) <= 3     # the source of the versions still alive only (equal ones shared)


def test_the_least_recently_used_version_is_dropped_first(monkeypatch):
    monkeypatch.setattr(pipeline, "CACHE_SIZE", 2)
    monkeypatch.setattr(tiers, "SPECIALISE_ON_CALL", 1)     # (every shape specialised at once)
    compiles = []
    real_compile = emit.compile_function
    monkeypatch.setattr(emit, "compile_function", lambda *a, **k: compiles.append(a) or real_compile(*a, **k))

    def cube_sum(x):           # (its code reads the length: each shape's code differs)
        return np.sum(x * x * x) / len(x)

    small, middle, large = np.ones(1), np.ones(2), np.ones(3)
    transpiler.grad(cube_sum)(small)
    transpiler.grad(cube_sum)(middle)
    transpiler.grad(cube_sum)(small)        # used again: now the most recent
    transpiler.grad(cube_sum)(large)        # drops `middle`
    assert len(compiles) == 3
    transpiler.grad(cube_sum)(small)
    assert len(compiles) == 3
    transpiler.grad(cube_sum)(middle)
    assert len(compiles) == 4


def test_a_generated_function_keeps_its_source_in_linecache_while_alive():
    def quartic(x):
        return x * x * x * x

    gradient = transpiler.grad(quartic)
    function = gradient.compiled((2.0,)).function
    filename = function.__code__.co_filename
    assert linecache.getline(filename, 1)
    del gradient, quartic
    gc.collect()
    assert filename in linecache.cache      # `function` still refers to it
    del function
    gc.collect()
    assert filename not in linecache.cache


def pairwise(xs, xs2=None):
    if xs2 is None:
        return np.array([[np.exp(-(a - b) ** 2) for b in xs] for a in xs])
    return np.array([[np.exp(-(a - b) ** 2) for b in xs2] for a in xs]).T


def sum_of_pairwise(x):
    return np.sum(pairwise(x)) + np.sum(pairwise(x, 2.0 * x))


def test_a_branch_the_source_decides_is_left_out_of_code_for_any_shapes(recwarn):
    """``if xs2 is None:`` of a helper called without ``xs2``: the other path never runs; it was
    printed anyway (``len(None)``, ``None[i]``: a SyntaxWarning, an error under ``-W error``) in
    forward-mode code and in code made for any shapes."""
    x = np.array([0.1, 0.4, 0.9])
    source = transpiler.grad(sum_of_pairwise).source()
    assert "None[" not in source and "len(None)" not in source and "if True" not in source
    value, tangent = transpiler.jvp(sum_of_pairwise, (x,), (np.array([1.0, 0.0, -1.0]),))
    assert tangent == pytest.approx(transpiler.grad(sum_of_pairwise)(x) @ np.array([1.0, 0.0, -1.0]), rel=1e-10)
    assert transpiler.hessian(sum_of_pairwise)(x).shape == (3, 3)
    assert not [w for w in recwarn if issubclass(w.category, SyntaxWarning)]
