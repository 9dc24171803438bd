"""A bytes literal is a constant as a string is (frontend/expressions.py's ``ATOM_TYPES``): it was
refused ("the constant b'w2' is not supported"), found by Tangent's fence test ``test_bytes``
(tests/peers/tangent_fence_tables.py)."""
import numpy as np

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.2])


def scaled_by_a_tag_length(x):
    tag = b"w2"
    return np.sum(np.sin(x)) * len(tag)


def keyed_by_bytes(x, key=b"sin"):
    if key == b"sin":
        return np.sum(np.sin(x))
    return np.sum(np.cos(x))


def test_a_bytes_literal_is_a_constant_both_modes():
    assert_both_modes(scaled_by_a_tag_length, X)


def test_a_bytes_default_is_a_constant_both_modes():
    assert_both_modes(keyed_by_bytes, X)
    np.testing.assert_allclose(transpiler.grad(keyed_by_bytes)(X, b"cos"), -np.sin(X))


def test_the_folded_length_leaves_no_bytes_in_the_gradient_code():
    text = transpiler.grad(scaled_by_a_tag_length).source()
    assert "b'w2'" not in text and "* 2" in text
