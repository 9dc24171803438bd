# Ported from ddbourgin/numpy-ml, numpy_ml/neural_nets/losses/losses.py (`ObjectiveBase`, `SquaredError`, `CrossEntropy`) and numpy_ml/neural_nets/activations/activations.py (`ActivationBase`, `Sigmoid`, `Tanh`), trimmed to the methods used.
from abc import ABC, abstractmethod

import numpy as np


def is_binary(x):
    """Return True if array `x` consists only of binary values"""
    msg = "Matrix must be binary"
    assert np.array_equal(x, x.astype(bool)), msg
    return True


def is_stochastic(X):
    """True if `X` contains probabilities that sum to 1 along the columns"""
    msg = "Array should be stochastic along the columns"
    assert len(X[X < 0]) == len(X[X > 1]) == 0, msg
    assert np.allclose(np.sum(X, axis=1), np.ones(X.shape[0])), msg
    return True


class ActivationBase(ABC):
    def __init__(self, **kwargs):
        """Initialize the ActivationBase object"""
        super().__init__()

    def __call__(self, z):
        """Apply the activation function to an input"""
        if z.ndim == 1:
            z = z.reshape(1, -1)
        return self.fn(z)

    @abstractmethod
    def fn(self, z):
        """Apply the activation function to an input"""
        raise NotImplementedError

    @abstractmethod
    def grad(self, x, **kwargs):
        """Compute the gradient of the activation function wrt the input"""
        raise NotImplementedError


class Sigmoid(ActivationBase):
    def __init__(self):
        """A logistic sigmoid activation function."""
        super().__init__()

    def __str__(self):
        """Return a string representation of the activation function"""
        return "Sigmoid"

    def fn(self, z):
        r"""
        Evaluate the logistic sigmoid, :math:`\sigma`, on the elements of input `z`.
        """
        return 1 / (1 + np.exp(-z))

    def grad(self, x):
        fn_x = self.fn(x)
        return fn_x * (1 - fn_x)


class Tanh(ActivationBase):
    def __init__(self):
        """A hyperbolic tangent activation function."""
        super().__init__()

    def __str__(self):
        """Return a string representation of the activation function"""
        return "Tanh"

    def fn(self, z):
        """Compute the tanh function on the elements of input `z`."""
        return np.tanh(z)

    def grad(self, x):
        return 1 - np.tanh(x) ** 2


class ObjectiveBase(ABC):
    def __init__(self):
        super().__init__()

    @abstractmethod
    def loss(self, y_true, y_pred):
        pass

    @abstractmethod
    def grad(self, y_true, y_pred, **kwargs):
        pass


class SquaredError(ObjectiveBase):
    def __init__(self):
        """
        A squared-error / `L2` loss.
        """
        super().__init__()

    def __call__(self, y, y_pred):
        return self.loss(y, y_pred)

    def __str__(self):
        return "SquaredError"

    @staticmethod
    def loss(y, y_pred):
        """
        Compute the squared error between `y` and `y_pred`.
        """
        return 0.5 * np.linalg.norm(y_pred - y) ** 2

    @staticmethod
    def grad(y, y_pred, z, act_fn):
        """
        Gradient of the squared error loss with respect to the pre-nonlinearity
        input, `z`.
        """
        return (y_pred - y) * act_fn.grad(z)


class CrossEntropy(ObjectiveBase):
    def __init__(self):
        """
        A cross-entropy loss.
        """
        super().__init__()

    def __call__(self, y, y_pred):
        return self.loss(y, y_pred)

    def __str__(self):
        return "CrossEntropy"

    @staticmethod
    def loss(y, y_pred):
        """
        Compute the cross-entropy (log) loss.
        """
        is_binary(y)
        is_stochastic(y_pred)

        # prevent taking the log of 0
        eps = np.finfo(float).eps

        # each example is associated with a single class; sum the negative log
        # probability of the correct label over all samples in the batch.
        # observe that we are taking advantage of the fact that y is one-hot
        # encoded
        cross_entropy = -np.sum(y * np.log(y_pred + eps))
        return cross_entropy

    @staticmethod
    def grad(y, y_pred):
        """
        Compute the gradient of the cross entropy loss with regard to the
        softmax input, `z`.
        """
        is_binary(y)
        is_stochastic(y_pred)

        # derivative of xe wrt z is y_pred - y_true, hence we can just
        # subtract 1 from the probability of the correct class labels
        grad = y_pred - y

        # [optional] scale the gradients by the number of examples in the batch
        # n, m = y.shape
        # grad /= n
        return grad


rs = np.random.RandomState(5)
X = rs.randn(6, 3)
Y = rs.rand(6, 2)
labels = np.eye(3)[[0, 2, 1, 1, 0, 2]]       # one-hot rows


def squared_error_of_weights(W, X, y):
    # test wrapper: a one-layer sigmoid network's loss, as the library's layers compose them
    act = Sigmoid()
    return SquaredError()(y, act(X @ W))


def squared_error_reference(W, X, y):
    # test wrapper: the library's own `grad` (w.r.t. the pre-activation z), chained to W
    act = Sigmoid()
    z = X @ W
    return X.T @ SquaredError.grad(y, act(z), z, act)


def cross_entropy_of_logits(Z, y):
    # test wrapper: cross-entropy of a softmax, the library's `CrossEntropy.loss`
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return CrossEntropy()(y, e / e.sum(axis=1, keepdims=True))


def cross_entropy_reference(Z, y):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return CrossEntropy.grad(y, e / e.sum(axis=1, keepdims=True))


def tanh_squared_error(W, X, y):
    # test wrapper: the same loss through Tanh, on a 1-D input (`z.reshape(1, -1)` in `__call__`)
    return SquaredError.loss(y[0], Tanh()(X[0] @ W))


CASES = [
    dict(name="squared_error", function=squared_error_of_weights, args=lambda: (0.3 * rs_weights(), X, Y),
         reference=squared_error_reference),
    dict(name="cross_entropy", function=cross_entropy_of_logits, args=lambda: (0.5 * X.copy(), labels),
         reference=cross_entropy_reference),
    dict(name="tanh_1d", function=tanh_squared_error, args=lambda: (0.3 * rs_weights(), X, Y)),
]


def rs_weights():
    return np.random.RandomState(6).randn(3, 2)
