"""A cached derivative is used only while the helpers it inlined still mean what they meant
(transpiler/frontend/dependencies.py): rebinding, reloading or re-registering anything the lowering relied
on compiles the derivative again, whichever entry point the user calls."""
import gc
import importlib
import sys
import textwrap

import numpy as np
import pytest

import transpiler
from transpiler.backends import emit
from transpiler.frontend import source as frontend
from transpiler.driver import pipeline
from transpiler.primitives import runtime
from transpiler.errors import UnknownFunctionError
from transpiler.primitives.registry import REGISTRY

THIS_MODULE = sys.modules[__name__]

MOD3 = """
    import numpy as np


    def g(x):
        return np.sum(x * x)


    def f(x):
        return g(x) + 1
"""


@pytest.fixture
def make_module(tmp_path, monkeypatch):
    """``make_module(name, source)``: a module imported from a real file (so its source can be
    read); called again with the same name, the file is rewritten and the module reloaded, as a
    notebook cell run again redefines its functions."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(name, source):
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
        if name in sys.modules:
            return importlib.reload(sys.modules[name])
        module = importlib.import_module(name)
        monkeypatch.delitem(sys.modules, name)   # (each test gets its own module)
        sys.modules[name] = module
        return module

    yield make


def ten_times(x):
    return np.sum(10 * x)


def count_compiles(monkeypatch) -> list:
    compiles = []
    real_compile = emit.compile_function
    monkeypatch.setattr(emit, "compile_function", lambda *a, **k: compiles.append(a) or real_compile(*a, **k))
    return compiles


# --------------------------------------------------------------------------- the reproducer
def test_a_fresh_gradient_sees_a_helper_rebound_in_its_module(make_module):
    mod3 = make_module("mod3_fresh", MOD3)
    x = np.array([3.0])
    assert transpiler.grad(mod3.f)(x) == pytest.approx([6.0])
    mod3.g = ten_times
    assert transpiler.grad(mod3.f)(x) == pytest.approx([10.0])
    value, gradient = transpiler.value_and_grad(mod3.f)(x)
    assert value == pytest.approx(mod3.f(x)) == pytest.approx(31.0)
    assert gradient == pytest.approx([10.0])


@pytest.mark.parametrize("x", [np.array([3.0]), 3.0], ids=["array", "float"])
def test_an_existing_gradient_compiles_again_after_a_helper_is_rebound(make_module, x):
    mod3 = make_module("mod3_existing", MOD3)
    gradient, value_and_gradient = transpiler.grad(mod3.f), transpiler.value_and_grad(mod3.f)
    assert gradient(x) == pytest.approx(6.0)
    assert value_and_gradient(x)[0] == pytest.approx(10.0)
    mod3.g = ten_times
    assert gradient(x) == pytest.approx(10.0)
    assert value_and_gradient(x) == pytest.approx((31.0, 10.0))


def test_every_entry_point_sees_a_rebound_helper(make_module):
    mod3 = make_module("mod3_entry_points", MOD3)
    x = np.array([3.0, 1.0])
    for _ in range(2):     # first the old helper, then the new one: each result must follow
        expected_gradient = (mod3.f(x + [1e-6, 0]) - mod3.f(x - [1e-6, 0])) / 2e-6
        value, tangent = transpiler.jvp(mod3.f, (x,), (np.array([1.0, 0.0]),))
        assert value == pytest.approx(mod3.f(x))
        assert tangent == pytest.approx(expected_gradient, rel=1e-6)
        out, pullback = transpiler.vjp(mod3.f, x)
        assert out == pytest.approx(mod3.f(x))
        assert pullback(1.0)[0][0] == pytest.approx(expected_gradient, rel=1e-6)
        assert transpiler.jacobian(mod3.f, mode="forward")(x)[0] == pytest.approx(expected_gradient, rel=1e-6)
        hessian = transpiler.hessian(mod3.f)(x)
        assert hessian == pytest.approx(2 * np.eye(2) if mod3.g is not ten_times else np.zeros((2, 2)))
        assert transpiler.grad(transpiler.grad(mod3.f))(3.0) == pytest.approx(2.0 if mod3.g is not ten_times else 0.0)
        mod3.g = ten_times


def test_a_decorated_function_sees_a_rebound_helper(make_module):
    mod3 = make_module("mod3_decorated", MOD3)
    decorated = transpiler.differentiate(mod3.f)
    assert decorated.grad(np.array([3.0])) == pytest.approx([6.0])
    mod3.g = ten_times
    assert decorated.grad(np.array([3.0])) == pytest.approx([10.0])
    value, gradient = decorated.value_and_grad(np.array([3.0]))
    assert value == pytest.approx(31.0) and gradient == pytest.approx([10.0])
    assert transpiler.grad(decorated)(np.array([3.0])) == pytest.approx([10.0])


# --------------------------------------------------------------------------- other spellings
def test_a_module_reloaded_with_a_new_helper_is_seen(make_module):
    """A notebook cell run again: new function objects for both, old gradients included."""
    mod = make_module("mod3_reloaded", MOD3)
    old_f = mod.f
    old_gradient = transpiler.grad(old_f)
    assert old_gradient(np.array([3.0])) == pytest.approx([6.0])
    mod = make_module("mod3_reloaded", MOD3.replace("np.sum(x * x)", "np.sum(x * x * x)"))
    assert transpiler.grad(mod.f)(np.array([3.0])) == pytest.approx([27.0])
    assert old_gradient(np.array([3.0])) == pytest.approx([27.0])    # old f reads g from the module too


def test_a_helper_called_through_its_module_is_checked(make_module):
    helpers = make_module("helpers_by_attribute", """
        import numpy as np


        def g(x):
            return np.sum(x * x)
    """)
    user = make_module("user_by_attribute", """
        import helpers_by_attribute


        def f(x):
            return helpers_by_attribute.g(x) * 2.0
    """)
    gradient = transpiler.grad(user.f)
    assert gradient(3.0) == pytest.approx(12.0)
    helpers.g = ten_times
    assert gradient(3.0) == pytest.approx(20.0)


def test_a_helper_imported_by_name_is_checked(monkeypatch):
    gradient = transpiler.grad(uses_imported)
    assert gradient(3.0) == pytest.approx(6.0)
    monkeypatch.setattr(THIS_MODULE, "square_sum", ten_times)
    assert gradient(3.0) == pytest.approx(10.0)


def square_sum(x):
    return np.sum(x * x)


def uses_imported(x):
    return square_sum(x)


def test_a_helper_in_a_closure_cell_is_checked():
    def make():
        def helper(x):
            return x * x

        def f(x):
            return helper(x) + 1.0

        def rebind(new):
            nonlocal helper
            helper = new
        return f, rebind

    def cube(x):
        return x * x * x

    f, rebind = make()
    gradient = transpiler.grad(f)
    assert gradient(2.0) == pytest.approx(4.0)
    rebind(cube)
    assert gradient(2.0) == pytest.approx(12.0)
    assert transpiler.value_and_grad(f)(2.0) == pytest.approx((9.0, 12.0))


def test_replacing_the_code_of_the_function_or_a_helper_is_seen(monkeypatch):
    def outer(x):
        return inner(x) * 2.0

    def other_outer(x):
        return inner(x) * 3.0

    def cube(x):
        return x * x * x

    monkeypatch.setattr(THIS_MODULE, "inner", square, raising=False)
    monkeypatch.setattr(square, "__code__", square.__code__)     # (restored after the test)
    gradient = transpiler.grad(outer)
    assert gradient(2.0) == pytest.approx(8.0)
    outer.__code__ = other_outer.__code__
    assert gradient(2.0) == pytest.approx(12.0)
    square.__code__ = cube.__code__
    assert gradient(2.0) == pytest.approx(36.0)
    assert transpiler.grad(outer)(2.0) == pytest.approx(36.0)


def square(x):
    return x * x


def test_new_defaults_of_an_inlined_helper_are_seen(monkeypatch):
    def outer(x):
        return scaled(x)

    gradient = transpiler.grad(outer)
    assert gradient(1.0) == pytest.approx(2.0)
    monkeypatch.setattr(scaled, "__defaults__", (5.0,))
    assert gradient(1.0) == pytest.approx(5.0)


def scaled(x, factor=2.0):
    return x * factor


def test_a_global_that_no_longer_names_a_function_is_a_located_error(make_module):
    mod3 = make_module("mod3_not_a_function", MOD3)
    gradient = transpiler.grad(mod3.f)
    assert gradient(3.0) == pytest.approx(6.0)
    mod3.g = 3.0
    with pytest.raises(UnknownFunctionError) as error:
        gradient(3.0)
    assert error.value.location.line == 10 and "mod3_not_a_function.py" in error.value.location.filename
    with pytest.raises(UnknownFunctionError):
        transpiler.value_and_grad(mod3.f)(3.0)


# --------------------------------------------------------------------------- custom rules
@pytest.fixture
def register():
    """``register(f, vjp)``: register_rule, undone after the test (as in test_custom_rules.py)."""
    done = []

    def reg(f, vjp):
        done.append(f)
        return transpiler.register_rule(f, vjp)

    yield reg
    for f in done:
        REGISTRY.pop(f, None)
        for suffix in ("", "_vjp", "_jvp"):
            runtime.EXTERNAL.pop(f"_custom_{f.__name__}{suffix}", None)


def test_a_rule_registered_after_compiling_replaces_the_inlined_helper(register):
    def outer(x):
        return soft(x) * 2.0

    calls = []

    def soft_vjp(d_y, y, x):
        calls.append(x)
        return (d_y / (1 + np.exp(-x)),)

    gradient = transpiler.grad(outer)
    expected = 2.0 / (1 + np.exp(-0.3))
    assert gradient(0.3) == pytest.approx(expected)
    register(soft, soft_vjp)
    assert gradient(0.3) == pytest.approx(expected)
    assert calls == [0.3]


def test_a_rule_registered_again_is_the_one_called(register):
    def outer(x):
        return rule_target(x) + x

    first, second = [], []
    register(rule_target, lambda d_y, y, x: first.append(x) or (d_y * 3 * x * x,))
    gradient = transpiler.grad(outer)
    assert gradient(2.0) == pytest.approx(13.0)
    register(rule_target, lambda d_y, y, x: second.append(x) or (d_y * 3 * x * x,))
    assert gradient(2.0) == pytest.approx(13.0)
    assert (first, second) == ([2.0], [2.0])


def soft(x):
    return np.log1p(np.exp(x))


def rule_target(x):
    return x * x * x


# --------------------------------------------------------------------------- what is not checked
GLOBAL_WEIGHTS = np.array([1.0, 2.0])


def weighted(x):
    return np.sum(GLOBAL_WEIGHTS * x) + GLOBAL_WEIGHTS.sum()


def test_rebinding_a_global_value_reads_it_without_compiling_again(monkeypatch):
    compiles = count_compiles(monkeypatch)
    gradient = transpiler.grad(weighted)
    x = np.ones(2)
    assert gradient(x) == pytest.approx([1.0, 2.0])
    for k in range(3):
        monkeypatch.setattr(THIS_MODULE, "GLOBAL_WEIGHTS", np.array([k, 5.0]))
        assert gradient(x) == pytest.approx([k, 5.0])
    assert len(compiles) == 1


def test_the_check_on_each_call_parses_nothing_and_compares_few_identities(make_module, monkeypatch):
    mod3 = make_module("mod3_cheap", MOD3)
    gradient = transpiler.grad(mod3.f)
    gradient(3.0)
    dependencies = pipeline.lowered(mod3.f).dependencies
    parses = []
    real_parse = frontend.parse_function
    monkeypatch.setattr(frontend, "parse_function", lambda func: parses.append(func) or real_parse(func))
    for _ in range(100):
        gradient(3.0)
    assert parses == []
    # f and g: their code; `g` and `np` in the module's globals; the rule registry's version
    assert len(dependencies._functions) == 2 and len(dependencies._names) == 2


# --------------------------------------------------------------------------- more spellings
class Shapes:
    @staticmethod
    def area(x):
        return x * x


def uses_a_class_attribute(x):
    return Shapes.area(x) + 1.0


def test_a_helper_read_as_a_class_attribute_is_checked(monkeypatch):
    gradient = transpiler.grad(uses_a_class_attribute)
    assert gradient(3.0) == pytest.approx(6.0)
    monkeypatch.setattr(Shapes, "area", staticmethod(cube_of))
    assert gradient(3.0) == pytest.approx(27.0)


def cube_of(x):
    return x * x * x


def uses_builtin_abs(x):
    return abs(x) * 2.0


def test_a_global_that_now_shadows_a_builtin_is_seen(monkeypatch):
    gradient = transpiler.grad(uses_builtin_abs)
    assert gradient(-3.0) == pytest.approx(-2.0)
    monkeypatch.setattr(THIS_MODULE, "abs", square, raising=False)
    assert gradient(-3.0) == pytest.approx(-12.0)


def test_a_helper_deleted_from_its_module_is_a_located_error(make_module):
    mod3 = make_module("mod3_deleted", MOD3)
    gradient = transpiler.grad(mod3.f)
    assert gradient(3.0) == pytest.approx(6.0)
    del mod3.g
    with pytest.raises(transpiler.TranspileError, match="`g` is not defined"):
        gradient(3.0)


@transpiler.differentiate
def decorated_square_sum(x):
    return np.sum(x * x)


def calls_a_decorated_helper(x):
    return decorated_square_sum(x) + 1.0


def test_a_helper_decorated_with_differentiate_is_inlined_and_checked(monkeypatch):
    gradient = transpiler.grad(calls_a_decorated_helper)
    assert gradient(np.array([3.0])) == pytest.approx([6.0])
    monkeypatch.setattr(THIS_MODULE, "decorated_square_sum", transpiler.differentiate(ten_times))
    assert gradient(np.array([3.0])) == pytest.approx([10.0])


def test_a_pullback_whose_helper_was_freed_says_so(make_module):
    """A pullback reads the globals its helpers read when called; if such a helper was redefined
    and freed since, that is an error naming it, never a value from elsewhere."""
    mod = make_module("mod3_pullback", MOD3.replace("np.sum(x * x)", "np.sum(x * x * WEIGHT)") + "\n    WEIGHT = 2.0\n")
    _, pullback = transpiler.vjp(mod.f, np.array([3.0]))
    assert pullback(1.0)[0] == pytest.approx([12.0])
    mod.g = ten_times
    gc.collect()
    with pytest.raises(ReferenceError, match="g, which a derivative was compiled from, no longer exists"):
        pullback(1.0)


def scaled_helper(x, k=1.0):
    return x * x * k


def calls_in_a_loop_and_a_branch(x):
    s = x * 0.0
    for i in range(3):
        if i > 0:
            s = s + scaled_helper(x, k=2.0)
    return np.sum(s)


def times_k(x, k=1.0):
    return x * k * 10.0


@pytest.mark.parametrize("x", [np.float64(1.5), np.array([1.5, -0.5]), np.array([1.5, -0.5], dtype=np.float32)],
                         ids=["float64", "array", "float32"])
def test_a_helper_called_in_a_loop_branch_with_keywords_is_checked(monkeypatch, x):
    gradient = transpiler.grad(calls_in_a_loop_and_a_branch)
    assert gradient(x) == pytest.approx(8.0 * x, rel=1e-6)
    monkeypatch.setattr(THIS_MODULE, "scaled_helper", times_k)
    assert gradient(x) == pytest.approx(40.0 * np.ones_like(x), rel=1e-6)
    assert transpiler.value_and_grad(calls_in_a_loop_and_a_branch)(x)[0] == pytest.approx(
        calls_in_a_loop_and_a_branch(x), rel=1e-6)


def test_a_gradient_whose_function_got_other_parameters_asks_to_be_made_again():
    def two(x, y):
        return x * y

    def three(x, y, z):
        return x * y * z

    gradient = transpiler.grad(two)
    assert gradient(2.0, 3.0) == pytest.approx(3.0)
    two.__code__ = three.__code__
    with pytest.raises(transpiler.TranspileError, match="parameters of .*two changed"):
        gradient(2.0, 3.0)
    assert transpiler.grad(two)(2.0, 3.0, 4.0) == pytest.approx(12.0)


class _Activated:
    def __init__(self, w):
        self.w = w

    def act(self, z):
        return np.tanh(z)

    def loss(self, x):
        return np.sum(self.act(self.w * x))


def _cube(self, z):
    return z ** 3


def test_a_method_replaced_on_the_class_of_a_bound_method_is_seen(monkeypatch):
    model, x = _Activated(2.0), np.array([0.1, 0.5])
    gradient = transpiler.grad(model.loss)
    np.testing.assert_allclose(gradient(x), 2.0 * (1 - np.tanh(2.0 * x) ** 2))
    monkeypatch.setattr(_Activated, "act", _cube)
    np.testing.assert_allclose(gradient(x), 3 * (2.0 * x) ** 2 * 2.0)


@pytest.mark.parametrize("import_line, call", [("from helpers_imported_inside import g", "g(x)"),
                                               ("from helpers_imported_inside import g as h", "h(x)"),
                                               ("import helpers_imported_inside as m", "m.g(x)"),
                                               ("import helpers_imported_inside", "helpers_imported_inside.g(x)")])
def test_a_helper_imported_inside_the_function_is_read_again_as_python_does(make_module, import_line, call):
    helpers = make_module("helpers_imported_inside", """
        import numpy as np


        def g(x):
            return np.sum(x * x)
    """)
    user = make_module("user_importing_inside", f"""
        def f(x):
            {import_line}
            return {call} * 2.0
    """)
    gradient = transpiler.grad(user.f)
    assert gradient(3.0) == pytest.approx(12.0)
    helpers.g = ten_times              # the import in the body binds the new one on the next call
    assert gradient(3.0) == pytest.approx(20.0)
    assert transpiler.jvp(user.f, (3.0,), (1.0,))[1] == pytest.approx(20.0)
    assert transpiler.grad(user.f)(3.0) == pytest.approx(20.0)


MOD_OTHER_NAMES = """
    import numpy as np


    def h(y):
        return np.sum(y * y)


    def k(y):
        return h(y) + 1
"""


def test_checkers_of_one_form_share_their_code_and_each_checks_its_own_facts(make_module):
    # f calling g and k calling h read other names (and modules): one checker text, compiled once,
    # run in an env of its own each
    first, second = make_module("mod_checked_first", MOD3), make_module("mod_checked_second", MOD_OTHER_NAMES)
    assert transpiler.grad(first.f)(3.0) == pytest.approx(6.0)
    assert transpiler.grad(second.k)(3.0) == pytest.approx(6.0)
    checks = [pipeline.lowered(fn).dependencies.checker() for fn in (first.f, second.k)]
    assert checks[0].__code__ is checks[1].__code__
    assert all(check() for check in checks)
    second.h = ten_times
    assert checks[0]() and not checks[1]()
    assert transpiler.grad(second.k)(3.0) == pytest.approx(10.0)
    assert transpiler.grad(first.f)(3.0) == pytest.approx(6.0)
