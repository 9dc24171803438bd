"""A gradient has its argument's dtype (docs/syntax.md): also a dataclass's float32 fields (they
came back float64, where a NamedTuple's, a dict's and a list's were float32; pr7's B8), and a
np.longdouble array read or written item by item (its adjoint buffer was a float64 np.zeros: the
gradient float64, off by about 2e-18; pr7's B10)."""
import dataclasses

import numpy as np
import pytest

import transpiler

X = np.array([[1.0, 0.5], [0.3, -0.2], [0.7, 1.1]])
Y = np.array([0.2, -0.1, 0.9])


@dataclasses.dataclass
class Params:
    w: np.ndarray
    b: float


@dataclasses.dataclass(frozen=True)
class FrozenParams:
    w: np.ndarray
    b: float


def loss(p):
    return np.mean((X @ p.w + p.b - Y) ** 2)


@pytest.mark.parametrize("record", [Params, FrozenParams])
def test_a_dataclass_of_float32_fields_has_a_float32_gradient(record):
    p = record(np.array([0.3, -0.4], dtype=np.float32), np.float32(0.2))
    g = transpiler.grad(loss)(p)
    assert type(g) is record and g.w.dtype == np.float32 and np.asarray(g.b).dtype == np.float32
    r = X @ p.w.astype(np.float64) + float(p.b) - Y
    np.testing.assert_allclose(g.w, 2 * X.T @ r / 3, rtol=1e-6)
    assert float(g.b) == pytest.approx(2 * np.mean(r), rel=1e-6)


def test_a_float64_dataclass_keeps_float64():
    g = transpiler.grad(loss)(Params(np.array([0.3, -0.4]), 0.2))
    assert g.w.dtype == np.float64


XL = np.array([0.3, -0.7, 1.1], dtype=np.longdouble) + np.longdouble(1e-18)


def squares_by_item(x):
    return sum(v * v for v in x)


def product_of_items(x):
    return x[0] * x[1]


def one_item_written(x):
    y = x * 1.0
    y[1] = y[1] * 3
    return np.sum(y * y)


@pytest.mark.skipif(np.dtype(np.longdouble).itemsize <= 8, reason="np.longdouble is float64 here")
@pytest.mark.parametrize("f, exact", [
    (squares_by_item, lambda x: 2 * x),
    (product_of_items, lambda x: np.array([x[1], x[0], 0], dtype=np.longdouble)),
    (one_item_written, lambda x: 2 * x * np.array([1, 9, 1], dtype=np.longdouble)),
])
def test_a_longdouble_gradient_read_by_item_is_longdouble_and_not_rounded(f, exact):
    g = transpiler.grad(f)(XL)
    assert g.dtype == np.longdouble
    # (within longdouble's rounding, 1.1e-19 relative: float64's lost the 1e-18 in XL, 1.5e-18 relative)
    np.testing.assert_allclose(g.astype(np.float64), exact(XL).astype(np.float64), rtol=1e-15)
    assert np.all(abs(g - exact(XL)) <= 4e-19 * abs(exact(XL))), g - exact(XL)


def test_each_argument_kind_gives_its_gradient_dtype_on_the_fast_path():
    # (sp4) arrays and Python numbers are read first, without the container and record checks
    from transpiler.api.numbers import in_dtype_of
    g64 = np.array([1.0, 2.0])
    assert in_dtype_of(g64, np.zeros(2, np.float32)).dtype == np.float32
    assert in_dtype_of(g64, np.zeros(2, np.float16)).dtype == np.float16
    assert in_dtype_of(g64, np.zeros(2, np.complex64)).dtype == np.complex64
    assert in_dtype_of(g64, np.zeros(2)) is g64
    assert in_dtype_of(g64, np.zeros(2, np.longdouble)) is g64        # (wider: as computed)
    assert in_dtype_of(np.float32(2.0), 0.5) == 2.0 and in_dtype_of(g64, 3) is g64
    assert in_dtype_of(g64, np.float32(1.0)).dtype == np.float32       # (a NumPy number: the slow path)
    assert in_dtype_of(np.float64(1.5), 1 + 2j) == 1.5 + 0j


def test_is_complex_is_numpys_for_every_kind_of_value():
    # (sp4) NumPy and Python numbers answered by their type, without np.iscomplexobj's conversion
    from transpiler.api.fast_path import is_complex
    values = [np.ones(2, np.float32), np.ones(2, complex), np.float32(1.0), np.complex64(1j), np.int8(3), 0.1, 1,
              True, 1j, [1.0], [1j], (2.0, 1j), None, "text"]
    assert [is_complex(v) for v in values] == [np.iscomplexobj(v) for v in values]
