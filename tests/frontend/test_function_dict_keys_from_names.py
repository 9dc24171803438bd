"""``hidden_activation = ACTIVATIONS[self.activation]`` (scikit-learn's MLP): a dict of functions
indexed by an attribute, or a global's or closure's string, picks its function while compiling
(the string folded in: rebinding the name compiles again)."""
import numpy as np

from transpiler import grad, hessian, jvp

ACTIVATIONS = {"tanh": np.tanh, "sin": np.sin, "identity": lambda z: z}
DERIVATIVES = {"tanh": lambda z: 1 - np.tanh(z) ** 2, "sin": np.cos, "identity": np.ones_like}


class Layer:
    def __init__(self, activation):
        self.activation = activation

    def forward(self, z):
        act = ACTIVATIONS[self.activation]
        return act(z)


def model_of(activation):
    def loss(x):
        layer = Layer(activation)
        return np.sum(layer.forward(2.0 * x))
    return loss


NAME = "tanh"


def by_global_name(x):
    act = ACTIVATIONS[NAME]
    return np.sum(act(x) ** 2)


X = np.array([0.3, -0.7, 1.1])


def test_an_attribute_of_an_object_made_in_the_function_from_a_closure_string():
    for name in ("tanh", "sin", "identity"):
        loss = model_of(name)
        np.testing.assert_allclose(grad(loss)(X), 2.0 * DERIVATIVES[name](2.0 * X), err_msg=name)
        np.testing.assert_allclose(jvp(loss, (X,), (np.ones(3),))[1], np.sum(2.0 * DERIVATIVES[name](2.0 * X)))
    h = hessian(model_of("sin"))(X)
    np.testing.assert_allclose(h, np.diag(-4.0 * np.sin(2.0 * X)))


def test_a_global_string_key_is_folded_and_rebinding_it_compiles_again():
    global NAME
    f = grad(by_global_name)
    np.testing.assert_allclose(f(X), 2 * np.tanh(X) * (1 - np.tanh(X) ** 2))
    NAME = "sin"
    try:
        np.testing.assert_allclose(f(X), 2 * np.sin(X) * np.cos(X))
    finally:
        NAME = "tanh"
    np.testing.assert_allclose(f(X), 2 * np.tanh(X) * (1 - np.tanh(X) ** 2))
