# Ported from scikit-learn/scikit-learn, sklearn/neural_network/_base.py (the in-place activations `inplace_tanh`, `inplace_relu`, `inplace_logistic`, `inplace_softmax` and their `DERIVATIVES` writing into `delta`, dicts of functions `ACTIVATIONS`, `DERIVATIVES`, `LOSS_FUNCTIONS`, `squared_loss`, `log_loss`, `binary_log_loss` with `xlogy`) and _multilayer_perceptron.py (`_pack`, `BaseMultilayerPerceptron._unpack` over `_coef_indptr`, `_forward_pass` filling the `activations` list, `_compute_loss_grad`, `_backprop`, `_loss_grad_lbfgs`, the buffers `_fit` allocates and `_fit_lbfgs`'s index bookkeeping), 1.3, BSD-3-Clause; the estimator's validation and solvers left out. `_loss_grad_lbfgs`'s own gradient (the author's backpropagation) is the reference.
import numpy as np
from scipy.special import expit as logistic_sigmoid
from scipy.special import xlogy


def inplace_identity(X):
    """Simply leave the input array unchanged."""
    # Nothing to do


def inplace_logistic(X):
    """Compute the logistic function inplace."""
    logistic_sigmoid(X, out=X)


def inplace_tanh(X):
    """Compute the hyperbolic tan function inplace."""
    np.tanh(X, out=X)


def inplace_relu(X):
    """Compute the rectified linear unit function inplace."""
    np.maximum(X, 0, out=X)


def inplace_softmax(X):
    """Compute the K-way softmax function inplace."""
    tmp = X - X.max(axis=1)[:, np.newaxis]
    np.exp(tmp, out=X)
    X /= X.sum(axis=1)[:, np.newaxis]


ACTIVATIONS = {
    "identity": inplace_identity,
    "tanh": inplace_tanh,
    "logistic": inplace_logistic,
    "relu": inplace_relu,
    "softmax": inplace_softmax,
}


def inplace_identity_derivative(Z, delta):
    """Apply the derivative of the identity function: do nothing."""
    # Nothing to do


def inplace_logistic_derivative(Z, delta):
    """Apply the derivative of the logistic sigmoid function."""
    delta *= Z
    delta *= 1 - Z


def inplace_tanh_derivative(Z, delta):
    """Apply the derivative of the hyperbolic tanh function."""
    delta *= 1 - Z**2


def inplace_relu_derivative(Z, delta):
    """Apply the derivative of the relu function."""
    delta[Z == 0] = 0


DERIVATIVES = {
    "identity": inplace_identity_derivative,
    "tanh": inplace_tanh_derivative,
    "logistic": inplace_logistic_derivative,
    "relu": inplace_relu_derivative,
}


def squared_loss(y_true, y_pred):
    """Compute the squared loss for regression."""
    return ((y_true - y_pred) ** 2).mean() / 2


def log_loss(y_true, y_prob):
    """Compute Logistic loss for classification."""
    eps = np.finfo(y_prob.dtype).eps
    y_prob = np.clip(y_prob, eps, 1 - eps)
    if y_prob.shape[1] == 1:
        y_prob = np.append(1 - y_prob, y_prob, axis=1)

    if y_true.shape[1] == 1:
        y_true = np.append(1 - y_true, y_true, axis=1)

    return -xlogy(y_true, y_prob).sum() / y_prob.shape[0]


def binary_log_loss(y_true, y_prob):
    """Compute binary logistic loss for classification."""
    eps = np.finfo(y_prob.dtype).eps
    y_prob = np.clip(y_prob, eps, 1 - eps)
    return (
        -(xlogy(y_true, y_prob).sum() + xlogy(1 - y_true, 1 - y_prob).sum())
        / y_prob.shape[0]
    )


LOSS_FUNCTIONS = {
    "squared_error": squared_loss,
    "log_loss": log_loss,
    "binary_log_loss": binary_log_loss,
}


def safe_sparse_dot(a, b, *, dense_output=False):
    """Dot product that handle the sparse matrix case correctly (dense branch of sklearn's)."""
    if a.ndim > 2 or b.ndim > 2:
        ret = np.dot(a, b)
    else:
        ret = a @ b
    return ret


def _pack(coefs_, intercepts_):
    """Pack the parameters into a single vector."""
    return np.hstack([l.ravel() for l in coefs_ + intercepts_])


class BaseMultilayerPerceptron:
    """Base class for MLP classification and regression (the parts `_loss_grad_lbfgs` runs)."""

    def __init__(self, hidden_layer_sizes, activation, alpha, loss):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.alpha = alpha
        self.loss = loss

    def _unpack(self, packed_parameters):
        """Extract the coefficients and intercepts from packed_parameters."""
        for i in range(self.n_layers_ - 1):
            start, end, shape = self._coef_indptr[i]
            self.coefs_[i] = np.reshape(packed_parameters[start:end], shape)

            start, end = self._intercept_indptr[i]
            self.intercepts_[i] = packed_parameters[start:end]

    def _forward_pass(self, activations):
        """Perform a forward pass on the network by computing the values
        of the neurons in the hidden layers and the output layer."""
        hidden_activation = ACTIVATIONS[self.activation]
        # Iterate over the hidden layers
        for i in range(self.n_layers_ - 1):
            activations[i + 1] = safe_sparse_dot(activations[i], self.coefs_[i])
            activations[i + 1] += self.intercepts_[i]

            # For the hidden layers
            if (i + 1) != (self.n_layers_ - 1):
                hidden_activation(activations[i + 1])

        # For the last layer
        output_activation = ACTIVATIONS[self.out_activation_]
        output_activation(activations[i + 1])

        return activations

    def _compute_loss_grad(
        self, layer, n_samples, activations, deltas, coef_grads, intercept_grads
    ):
        """Compute the gradient of loss with respect to coefs and intercept for
        specified layer."""
        coef_grads[layer] = safe_sparse_dot(activations[layer].T, deltas[layer])
        coef_grads[layer] += self.alpha * self.coefs_[layer]
        coef_grads[layer] /= n_samples

        intercept_grads[layer] = np.mean(deltas[layer], 0)

    def _loss_grad_lbfgs(
        self, packed_coef_inter, X, y, activations, deltas, coef_grads, intercept_grads
    ):
        """Compute the MLP loss function and its corresponding derivatives
        with respect to the different parameters given in the initialization."""
        self._unpack(packed_coef_inter)
        loss, coef_grads, intercept_grads = self._backprop(
            X, y, activations, deltas, coef_grads, intercept_grads
        )
        grad = _pack(coef_grads, intercept_grads)
        return loss, grad

    def _backprop(self, X, y, activations, deltas, coef_grads, intercept_grads):
        """Compute the MLP loss function and its corresponding derivatives
        with respect to each parameter: weights and bias vectors."""
        n_samples = X.shape[0]

        # Forward propagate
        activations = self._forward_pass(activations)

        # Get loss
        loss_func_name = self.loss
        if loss_func_name == "log_loss" and self.out_activation_ == "logistic":
            loss_func_name = "binary_log_loss"
        loss = LOSS_FUNCTIONS[loss_func_name](y, activations[-1])
        # Add L2 regularization term to loss
        values = 0
        for s in self.coefs_:
            s = s.ravel()
            values += np.dot(s, s)
        loss += (0.5 * self.alpha) * values / n_samples

        # Backward propagate
        last = self.n_layers_ - 2

        # The calculation of delta[last] here works with following
        # combinations of output activation and loss function:
        # sigmoid and binary cross entropy, softmax and categorical cross
        # entropy, and identity with squared loss
        deltas[last] = activations[-1] - y

        # Compute gradient for the last layer
        self._compute_loss_grad(
            last, n_samples, activations, deltas, coef_grads, intercept_grads
        )

        inplace_derivative = DERIVATIVES[self.activation]
        # Iterate over the hidden layers
        for i in range(self.n_layers_ - 2, 0, -1):
            deltas[i - 1] = safe_sparse_dot(deltas[i], self.coefs_[i].T)
            inplace_derivative(activations[i], deltas[i - 1])

            self._compute_loss_grad(
                i - 1, n_samples, activations, deltas, coef_grads, intercept_grads
            )

        return loss, coef_grads, intercept_grads

    def _initialize(self, y, layer_units, dtype):
        # (the parts of _initialize the loss needs; the weights come packed)
        self.n_outputs_ = y.shape[1]
        self.n_layers_ = len(layer_units)
        if self.loss == "squared_error":
            self.out_activation_ = "identity"
        elif self.n_outputs_ == 1:
            self.out_activation_ = "logistic"
        else:
            self.out_activation_ = "softmax"
        self.coefs_ = [None] * (self.n_layers_ - 1)
        self.intercepts_ = [None] * (self.n_layers_ - 1)

    def _fit_buffers(self, X, y):
        """`_fit`'s layer bookkeeping and buffers, and `_fit_lbfgs`'s index pointers."""
        hidden_layer_sizes = list(self.hidden_layer_sizes)
        n_features = X.shape[1]
        layer_units = [n_features] + hidden_layer_sizes + [y.shape[1]]
        self._initialize(y, layer_units, X.dtype)

        # Initialize lists
        activations = [X] + [None] * (len(layer_units) - 1)
        deltas = [None] * (len(activations) - 1)

        coef_grads = [
            np.empty((n_fan_in_, n_fan_out_), dtype=X.dtype)
            for n_fan_in_, n_fan_out_ in zip(layer_units[:-1], layer_units[1:])
        ]

        intercept_grads = [
            np.empty(n_fan_out_, dtype=X.dtype) for n_fan_out_ in layer_units[1:]
        ]

        # Store meta information for the parameters
        self._coef_indptr = []
        self._intercept_indptr = []
        start = 0

        # Save sizes and indices of coefficients for faster unpacking
        for i in range(self.n_layers_ - 1):
            n_fan_in, n_fan_out = layer_units[i], layer_units[i + 1]

            end = start + (n_fan_in * n_fan_out)
            self._coef_indptr.append((start, end, (n_fan_in, n_fan_out)))
            start = end

        # Save sizes and indices of intercepts for faster unpacking
        for i in range(self.n_layers_ - 1):
            end = start + layer_units[i + 1]
            self._intercept_indptr.append((start, end))
            start = end
        return activations, deltas, coef_grads, intercept_grads, start


# ---- test wrappers: the L-BFGS objective `_loss_grad_lbfgs(packed, X, y, ...)[0]` of a network
# made in the function (as `fit` makes it), and of a global one; the author's gradient the reference.
_rs = np.random.RandomState(0)
X = _rs.randn(10, 3)
y_reg = _rs.randn(10, 1)
y_bin = (X[:, :1] + 0.3 * _rs.randn(10, 1) > 0).astype(float)
y_multi = np.eye(3)[_rs.randint(0, 3, 10)]


def lbfgs_objective(activation, loss, y):
    """The objective of an estimator made in the function, as `fit` makes it (its activation and
    loss constants of the estimator), and the author's gradient of it."""
    def fun(packed):
        mlp = BaseMultilayerPerceptron(hidden_layer_sizes=(4,), activation=activation, alpha=1e-2, loss=loss)
        activations, deltas, coef_grads, intercept_grads, n_params = mlp._fit_buffers(X, y)
        loss_, grad = mlp._loss_grad_lbfgs(packed, X, y, activations, deltas, coef_grads, intercept_grads)
        return loss_

    def jac(packed):
        mlp = BaseMultilayerPerceptron(hidden_layer_sizes=(4,), activation=activation, alpha=1e-2, loss=loss)
        activations, deltas, coef_grads, intercept_grads, n_params = mlp._fit_buffers(X, y)
        loss_, grad = mlp._loss_grad_lbfgs(packed, X, y, activations, deltas, coef_grads, intercept_grads)
        return grad

    return fun, jac


tanh_squared_error, tanh_squared_error_grad = lbfgs_objective("tanh", "squared_error", y_reg)
relu_log_loss, relu_log_loss_grad = lbfgs_objective("relu", "log_loss", y_bin)
logistic_log_loss, logistic_log_loss_grad = lbfgs_objective("logistic", "log_loss", y_multi)


_global_mlp = BaseMultilayerPerceptron(hidden_layer_sizes=(4,), activation="tanh", alpha=1e-2, loss="squared_error")
_buffers = _global_mlp._fit_buffers(X, y_reg)


def global_lbfgs_loss(packed):
    activations, deltas, coef_grads, intercept_grads, _ = _buffers
    return _global_mlp._loss_grad_lbfgs(packed, X, y_reg, activations, deltas, coef_grads, intercept_grads)[0]


def _packed(n_out):
    return 0.5 * np.random.RandomState(1).randn(3 * 4 + 4 * n_out + 4 + n_out)


CASES = [
    dict(name="tanh_squared_error", function=tanh_squared_error, args=lambda: (_packed(1),),
         reference=tanh_squared_error_grad),
    dict(name="relu_binary_log_loss", function=relu_log_loss, args=lambda: (_packed(1),),
         reference=relu_log_loss_grad),
    dict(name="logistic_softmax_log_loss", function=logistic_log_loss, args=lambda: (_packed(3),),
         reference=logistic_log_loss_grad),
    dict(name="global_estimator", function=global_lbfgs_loss, args=lambda: (_packed(1),)),
]
