"""``grad(f, k)(*args)`` inside a function being differentiated (autograd's second-derivative
checks are written so: ``lambda x: to_scalar(grad(fun)(x))``): lowered as a call with rules of
its own, forward over reverse mode of ``f`` (nested_gradients.py). Both modes against central finite
differences, with ``f`` global or a closure, ``k`` by position or ``wrt=``, arrays, numbers, a
dict argument, inside a loop."""
import numpy as np
import pytest

import transpiler
from transpiler import grad
from transpiler.check import check_grad

RNG = np.random.default_rng(11)
X = RNG.standard_normal((3, 2))
Y = RNG.standard_normal((3, 2))


def to_scalar(v):
    return np.sum(np.sin(v))


def energy(x):
    return np.sum(np.tanh(x) * x ** 2)


def product(x, y):
    return np.sum(np.sin(x * y) + x ** 2 * y)


def gradient_of_a_global(x):
    return to_scalar(grad(energy)(x))


def second_argument_gradient(x, y):
    return to_scalar(grad(product, 1)(x, y))


def by_keyword(x, y):
    return np.sum(grad(product, wrt=0)(x, y) * y)


def of_a_closure(scale):
    def loss(x):
        return np.sum(np.exp(scale * x))
    return lambda x: to_scalar(grad(loss)(x))


def in_a_loop(x):
    total = 0.0
    for i in range(3):
        total = total + np.sum(grad(energy)(x * (i + 1.0)) ** 2)
    return total


def of_a_number(x):
    return grad(lambda_free_cube)(x) * x


def lambda_free_cube(x):
    return x ** 3 + np.sin(x)


def _forward_matches_finite_differences(f, args):
    directions = tuple(np.cos(np.arange(np.size(a)) + 1.0 + i).reshape(np.shape(a)) if np.ndim(a) else 0.7
                       for i, a in enumerate(args))
    _, tangent = transpiler.jvp(f, args, directions)
    h = 1e-6
    plus = f(*(a + h * d for a, d in zip(args, directions)))
    minus = f(*(a - h * d for a, d in zip(args, directions)))
    assert tangent == pytest.approx((plus - minus) / (2 * h), rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("f, args", [
    (gradient_of_a_global, (X,)),
    (second_argument_gradient, (X, Y)),
    (by_keyword, (X, Y)),
    (of_a_closure(0.5), (X,)),
    (in_a_loop, (X,)),
    (of_a_number, (0.8,)),
])
def test_a_gradient_inside_in_both_modes_against_finite_differences(f, args):
    assert check_grad(f, *args, wrt=tuple(range(len(args))))
    _forward_matches_finite_differences(f, args)


def test_the_mixed_partials_reach_the_argument_not_differentiated_inside():
    # d/dx sum(d product/dy) = sum over y of d2 product/dx dy: x's adjoint comes from the mixed block
    g_x = transpiler.grad(lambda x, y: np.sum(grad(product, 1)(x, y)))(X, Y)
    np.testing.assert_allclose(g_x, np.cos(X * Y) - X * Y * np.sin(X * Y) + 2 * X, rtol=1e-10)


def sum_over_a_dict(params):
    return np.sum(params["w"] ** 2 * params["b"])


def gradient_of_a_dict(params):
    g = grad(sum_over_a_dict)(params)
    return np.sum(g["w"] * g["b"])


def test_a_dict_argument():
    params = {"w": RNG.standard_normal(3), "b": 1.5}
    assert check_grad(gradient_of_a_dict, params)


def test_float32_arguments_keep_their_dtype():
    x = X.astype(np.float32)
    g = transpiler.grad(gradient_of_a_global)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(gradient_of_a_global)(X), rtol=1e-4)


def test_a_third_derivative_is_refused_not_guessed():
    with pytest.raises(transpiler.TranspileError):
        transpiler.hessian(gradient_of_a_global)(X[0])


def nested_def(x):
    def inner(y):
        return y[0] * y[1]
    return np.sum(np.array(grad(inner)((x, x))))


def test_a_function_defined_inside_taking_a_tuple_is_lifted():
    # sum(grad(inner)((x, x))) = sum((x, x)) = 2x: its derivative is 2 (frontend/lifted_functions.py)
    assert transpiler.grad(nested_def)(2.0) == pytest.approx(2.0, rel=1e-12)
    assert transpiler.jvp(nested_def, (2.0,), (1.0,)) == pytest.approx((4.0, 2.0), rel=1e-12)


def sin_squares(w):
    return np.sum(np.sin(w) ** 2)


def squared_gradient(w):
    return np.sum(transpiler.grad(sin_squares)(w) ** 2)


def test_an_inner_gradient_whose_rules_were_taken_out_is_made_again():
    # test modules that leave the rule registry as they found it delete the inner gradient's rules;
    # its cached function was then inlined as source ("grad called inside ..."): the whole suite's
    # order made optax's training loop fail
    from transpiler.primitives import REGISTRY
    w = np.array([0.3, 0.9])
    before = set(REGISTRY)
    expected = transpiler.grad(squared_gradient)(w)
    for key in [k for k in REGISTRY if k not in before]:
        del REGISTRY[key]
    np.testing.assert_allclose(transpiler.grad(lambda v: 2 * squared_gradient(v))(w), 2 * expected)


def layer_energy(p):
    return np.sum(p["w"] ** 2) + np.sum(p["w"] * p["b"])


def gradients_in_a_list_display(w):
    # a list display holding the dict an inner gradient returned: its item's adjoint is a dict,
    # added up with `accumulate` (reverse mode crashed: TypeError `dict + dict`)
    layers = [transpiler.grad(layer_energy)({"w": w, "b": 2 * w})]
    total = 0.0
    for layer in layers:
        for k in layer:
            total = total + np.sum(np.tanh(layer[k]))
    return total


def _layers_of(w):
    return [grad(layer_energy)({"w": w * s, "b": w + s}) for s in (1.0, 2.0)]


def gradients_listed_by_a_helper(w):
    total = 0.0
    for layer in _layers_of(w):
        total = total + np.sum(layer["w"] * layer["b"])
    return total


def gradients_in_a_tuple_read_by_key(w):
    pair = (grad(layer_energy)({"w": w, "b": w ** 2}), {"w": w, "b": 1.0})
    return np.sum(np.sin(pair[0]["w"]) * pair[1]["w"]) + np.sum(pair[0]["b"])


@pytest.mark.parametrize("f", [gradients_in_a_list_display, gradients_listed_by_a_helper,
                               gradients_in_a_tuple_read_by_key])
def test_a_display_holding_an_inner_gradient_of_a_dict(f):
    w = RNG.standard_normal(3)
    assert check_grad(f, w)
    _forward_matches_finite_differences(f, (w,))
    g32 = transpiler.grad(f)(w.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(f)(w), rtol=1e-3, atol=1e-5)


def _scaled_energy(scale):
    def inner(x):
        return np.sum(np.exp(scale * x))
    return inner


def test_an_inner_gradient_does_not_keep_its_function_alive():
    # the rules made for grad(inner) live in global tables (registry, generated code's names,
    # refusals): they held `inner` (and so a model's closure) for ever, one per function
    import gc
    import weakref
    from transpiler.primitives import REGISTRY, runtime
    from transpiler.primitives.registry import REFUSED

    def differentiated_once():
        inner = _scaled_energy(0.5)

        def outer(x):
            return np.sum(grad(inner)(x) ** 2)
        expected = transpiler.grad(lambda x: np.sum((0.5 * np.exp(0.5 * x)) ** 2))(X[0])
        np.testing.assert_allclose(transpiler.grad(outer)(X[0]), expected, rtol=1e-10)
        made = [f for f in REGISTRY if getattr(f, "__name__", "").startswith("grad_inner_")]
        return weakref.ref(inner), REGISTRY[made[-1]].spelling.path

    before = (len(REGISTRY), len(REFUSED))
    freed, path = differentiated_once()
    gc.collect()
    assert freed() is None
    assert (len(REGISTRY), len(REFUSED)) == before
    assert path not in runtime.EXTERNAL and f"{path}_vjp" not in runtime.EXTERNAL
