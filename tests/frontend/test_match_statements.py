"""``match`` statements (frontend/matches.py): value, singleton, capture, sequence (with a starred
capture), mapping and class patterns, alternatives and guards, over subjects that are options
the caller passes (a string, a tuple, a dict, a dataclass), values made in the function, and a
loop counter known only at run time. Each checked against Python's own value, central
differences (grad), a directional difference (jvp), and to second order where it applies."""
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.5, -1.0, 2.0])


def central(f, x, direction, h=1e-6):
    return (f(x + h * direction) - f(x - h * direction)) / (2 * h)


def check(f, x, *rest):
    value, gradient = transpiler.value_and_grad(f)(x, *rest)
    np.testing.assert_allclose(value, f(x, *rest), rtol=1e-12)
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = 1.0
        np.testing.assert_allclose(gradient[k], central(lambda v: f(v, *rest), x, e), rtol=1e-6, atol=1e-8)
    direction = np.linspace(1.0, -0.5, x.size)
    _, derivative = transpiler.jvp(f, (x, *rest), (direction,) + (None,) * len(rest))
    np.testing.assert_allclose(derivative, central(lambda v: f(v, *rest), x, direction), rtol=1e-6, atol=1e-8)


def activation(h, kind):
    match kind:
        case "relu":
            return np.maximum(h, 0.0)
        case "tanh" | "th":
            return np.tanh(h)
        case None:
            return h * 0.5
        case _:
            return h


def through_helper(x, kind):
    return np.sum(activation(x * 2.0 + 0.1, kind) ** 2)


@pytest.mark.parametrize("kind", ["relu", "tanh", "th", None, "identity"])
def test_value_patterns_in_a_helper(kind):
    check(through_helper, X, kind)


def layers_applied(x, layers):
    h = x
    for layer in layers:                     # a list of tuples and lists the caller passes
        match layer:
            case ("scale", s) if s > 0:
                h = h * s
            case ("scale", s):
                h = h - s
            case ("shift", s):
                h = h + s
            case ["pow", p, *rest]:
                h = h ** p + len(rest)
    return np.sum(h)


def test_sequence_patterns_with_a_guard_and_a_star_in_a_loop():
    check(layers_applied, X, [("scale", 2.0), ("shift", 1.0), ["pow", 2, 1, 1], ("scale", -1.0)])
    hessian = transpiler.hessian(layers_applied)(X, [("scale", 2.0), ("shift", 1.0), ["pow", 2]])
    np.testing.assert_allclose(hessian, np.diag([8.0, 8.0, 8.0]))


def configured(x, cfg):
    match cfg:
        case {"kind": "poly", "degree": d}:
            return np.sum(x ** d)
        case {"kind": name, "scale": s} if s > 1:
            return np.sum(np.sin(x) * s) + len(name)
        case {"kind": name}:
            return np.sum(np.cos(x)) + len(name)


@pytest.mark.parametrize("cfg", [{"kind": "poly", "degree": 3}, {"kind": "sin", "scale": 2.0},
                                 {"kind": "sin", "scale": 0.5}])
def test_mapping_patterns(cfg):
    check(configured, X, cfg)


@dataclass
class Dense:
    W: np.ndarray
    b: float


@dataclass
class Scale:
    s: float


def applied(layer, x):
    match layer:
        case Dense(W, b=bias) if bias > 0:
            return x * W + bias
        case Dense(W=W):
            return x * W
        case Scale(s):
            return x * s


def objects_made_here(x):
    total = np.sum(applied(Scale(3.0), x))
    for k in range(2):                       # an object made in a loop, of one class
        total = total + np.sum(applied(Dense(x ** (k + 1), 1.0 - 2 * k), x))
    return total


def test_class_patterns_of_objects_made_in_the_function():
    check(objects_made_here, X)


def scaled(x, factor):
    match factor:
        case float(v) | int(v) if v > 0:
            return np.sum(x * v)
        case float(v) | int(v):
            return np.sum(x ** 2) * -v
    return np.sum(x)


def affine(x, coefficients):
    match coefficients:
        case (a, b):
            return np.sum(x * a + b)
        case (a, b, c):
            return np.sum(a * x ** 2 + b * x + c)
        case [*all_of_them]:
            return np.sum(x) * len(all_of_them)


@pytest.mark.parametrize("factor", [2.0, 3, -1.5, "a string"])
def test_class_patterns_of_builtins_and_alternatives_that_capture_alike(factor):
    check(scaled, X, factor)


@pytest.mark.parametrize("coefficients", [(2.0, 1.0), (0.5, -1.0, 3.0), [1.0, 2.0, 3.0, 4.0]])
def test_a_tuple_or_list_parameter_by_its_length(coefficients):
    check(affine, X, coefficients)


def counter_subject(x):
    # the subject is a loop counter, a run-time value: the chain is a run-time branch
    h = x
    for i in range(5):
        match i % 3:
            case 0:
                h = h * 1.5
            case 1 | 2 if i > 3:
                h = np.sin(h)
            case _:
                h = h + 0.25
    return np.sum(h)


def test_a_run_time_subject_branch_by_branch():
    check(counter_subject, X)
    h = 1e-4
    numeric = np.array([central(lambda v: transpiler.grad(counter_subject)(v), X, e, h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(counter_subject)(X), numeric, rtol=1e-5, atol=1e-7)


def computed_subject(x, mode):
    match mode.lower():                      # evaluated once, under a name of its own
        case "double":
            return np.sum(x * 2.0)
        case "square":
            return np.sum(x * x)
    return np.sum(x)


@pytest.mark.parametrize("mode", ["Double", "SQUARE", "other"])
def test_a_subject_computed_and_a_match_falling_through(mode):
    check(computed_subject, X, mode)


def test_float32():
    g = transpiler.grad(through_helper)(X.astype(np.float32), "tanh")
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(through_helper)(X, "tanh"), rtol=1e-5, atol=1e-6)


def different_places(x, pair):
    match pair:
        case (v, 1) | (1, v):
            return np.sum(x * v)
    return np.sum(x)


def rest_of_a_mapping(x, cfg):
    match cfg:
        case {"scale": s, **others}:
            return np.sum(x * s) + len(others)
    return np.sum(x)


@pytest.mark.parametrize("f, args, message", [
    (different_places, ((2.0, 1),), "alternatives that capture names at different places"),
    (rest_of_a_mapping, ({"scale": 2.0},), r"`\*\*others` in a mapping pattern"),
])
def test_what_is_refused_is_located(f, args, message):
    with pytest.raises(UnsupportedSyntaxError, match=message) as info:
        transpiler.grad(f)(X, *args)
    assert info.value.location.line == f.__code__.co_firstlineno + 2


def operations(x, ops):
    h = x
    for op in ops:
        match op:
            case "stop":
                break
            case "skip":
                continue
            case ("mul", k):
                match k:                     # a match inside a case
                    case 0:
                        h = h * 0.0
                    case _:
                        h = h * k
            case _:
                h = np.sin(h)
        h = h + 0.1
    return np.sum(h)


@pytest.mark.parametrize("ops", [["sin", ("mul", 2.0), "skip", ("mul", 0), "stop", "sin"],
                                 [("mul", 3.0), "sin", "skip"]])
def test_break_continue_and_a_nested_match_in_case_bodies(ops):
    check(operations, X, ops)


def activation_of_kind(kind, z):
    match kind:
        case "relu":
            return np.maximum(z, 0)
        case ("scaled", s):
            return s * z
        case {"kind": "leaky", "alpha": a}:
            return np.where(z > 0, z, a * z)
        case _:
            return z ** 2


def scaled_by_a_constant_kind(x):
    return np.sum(activation_of_kind(("scaled", 3.0), x))


def test_a_match_on_a_constant_subject_keeps_only_the_case_taken():
    # isinstance of a constant is known while compiling: the mapping case, whose `kind["alpha"]` of a
    # tuple made Python's compiler warn about the printed code, is gone with the others
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        source = transpiler.grad(scaled_by_a_constant_kind).source()
    body = source[source.index("def scaled_by_a_constant_kind_grad"):]     # (not the helpers printed above it)
    assert "isinstance" not in body and "['kind']" not in body and "3.0 * x" in body
    check(scaled_by_a_constant_kind, X)
