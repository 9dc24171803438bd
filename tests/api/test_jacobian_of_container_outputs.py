"""``jacobian`` of a function returning a dict, a list or nested tuples: the Jacobian has the
output's structure, a block of shape ``leaf.shape + x.shape`` at each leaf, in both modes (a
tuple of arrays worked; a dict crashed with a reshape error, a list or a nesting with others).
Checked against central differences, leaf by leaf."""
import numpy as np
import pytest

import transpiler
from transpiler.trees import leaves

X = np.array([0.5, -1.5, 2.0])


def as_dict(x):
    return {"a": x ** 2, "b": x[:2] * 3}


def nested_tuples(x):
    return x ** 2, (np.sum(x), x[0] * x[1])


def dict_of_a_tuple(x):
    return {"a": np.sin(x), "b": (np.sum(x ** 3), x[0] * x[2])}


def as_list(x):
    return [x[0] * 2, x ** 3]


@pytest.mark.parametrize("mode", ["forward", "reverse"])
@pytest.mark.parametrize("f", [as_dict, nested_tuples, dict_of_a_tuple, as_list], ids=lambda f: f.__name__)
def test_the_jacobian_of_a_container_output_has_its_structure(f, mode):
    jacobian = transpiler.jacobian(f, mode=mode)(X)
    assert type(jacobian) is type(f(X))
    h = 1e-6
    columns = [[(np.asarray(a) - np.asarray(b)) / (2 * h) for a, b in zip(leaves(f(X + h * e)), leaves(f(X - h * e)))]
               for e in np.eye(3)]
    for k, block in enumerate(leaves(jacobian)):
        assert np.shape(block) == np.shape(leaves(f(X))[k]) + X.shape
        for j in range(3):
            np.testing.assert_allclose(np.asarray(block)[..., j], columns[j][k], rtol=1e-6, atol=1e-8)
