"""``(n := expr)`` binds ``n`` as ``n = expr`` would, in tests, branches, loops and
comprehensions (a ``while`` test refused: its last binding is the test that ends the loop);
an f-string is a value of the function (the ``str.format`` call it equals), usable in tests,
prints and keys. Both modes and second order, against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.errors import UnsupportedSyntaxError


def walrus_in_an_if_test(x):
    if (z := np.sin(x[0])) > 0:
        return z * np.sum(x)
    return z


def walrus_in_a_loop(x):
    total = 0.0
    for i in range(3):
        if (t := x[i] * i) > 0.5:
            total += t
    return total + t * t


def walrus_in_a_comprehension(x):
    kept = [y for v in x if (y := v * v) > 0.2]
    return sum(kept) + y       # the name outlives the comprehension, as in Python


def walrus_in_both_branches(x):
    s = (a := x[0] * 2) * a if x[1] > 0 else (b := x[0] * 3) + b
    return s * x[1]


def walrus_after_and(x):
    ok = x[0] > 0 and (t := x[0] ** 2) > 0.1
    return t * x[1] if ok else x[1]


def fstring_as_a_value(x):
    label = f"n={len(x)}, first={x[0]:.2f}"
    tag = f"{len(x)}-{'items'!s:>{6}}"
    scale = 2.0 if label.startswith("n=3") and tag == "3- items" else 1.0
    return scale * np.sum(x ** 2)


def fstring_as_a_dict_key(x):
    d = {}
    for i in range(2):
        d[f"w{i}"] = x[i] * (i + 1)
    return d["w0"] * d["w1"]


CASES = [walrus_in_an_if_test, walrus_in_a_loop, walrus_in_a_comprehension, walrus_in_both_branches,
         walrus_after_and, fstring_as_a_value, fstring_as_a_dict_key]


@pytest.mark.parametrize("f", CASES)
@pytest.mark.parametrize("x", [np.array([0.7, 0.9, -0.4]), np.array([-0.3, -0.8, 1.2])])
def test_value_gradient_and_tangent_match_python(f, x):
    assert check_grad(f, x)
    value, tangent = transpiler.jvp(f, (x,), (np.array([1.0, -2.0, 0.5]),))
    assert value == pytest.approx(f(x))
    assert tangent == pytest.approx(transpiler.grad(f)(x) @ np.array([1.0, -2.0, 0.5]))


def test_fstring_value_is_pythons_string():
    def label_length(x):
        label = f"{x[0]!r}|{x[1]:>8.3f}|{{literal}}"
        return x[0] * len(label)

    x = np.array([0.25, 1.5])
    assert transpiler.value_and_grad(label_length)(x)[0] == pytest.approx(label_length(x))


def test_walrus_second_order():
    x = np.array([0.7, 0.9, -0.4])
    H = transpiler.hessian(walrus_in_a_loop)(x)
    g = transpiler.grad(walrus_in_a_loop)
    eps = 1e-6
    numeric = np.array([(g(x + eps * e) - g(x - eps * e)) / (2 * eps) for e in np.eye(3)])
    np.testing.assert_allclose(H, numeric, atol=1e-6)


def walrus_in_a_while_test(x):
    while (x := x * 0.5) > 1.0:
        pass
    return x


def test_walrus_in_a_while_test_is_refused_with_its_location():
    with pytest.raises(UnsupportedSyntaxError, match=r"`while` test") as info:
        transpiler.grad(walrus_in_a_while_test)(4.0)
    assert "before the loop" in str(info.value)


def formats_differentiated_values(x):
    text = str(x[0]) + repr(x[1]) + format(x[0], ".3f") + "{:.1f}".format(x[1])
    return np.sum(x ** 2) * (2.0 if len(text) > 3 else 1.0)


def test_formatting_differentiated_values_is_accepted_in_generic_and_specialised_code():
    x = np.array([0.5, -1.5])
    assert "str.format('{:.1f}', " in transpiler.grad(formats_differentiated_values).source()
    assert check_grad(formats_differentiated_values, x)
