# Ported from rasbt/python-machine-learning-book-3rd-edition, ch03/ch03.ipynb: class `LogisticRegressionGD` (net_input, activation with np.clip, predict, and the cost fit() computes), its weights in `self.w_`.
import numpy as np


class LogisticRegressionGD(object):
    """Gradient descent-based logistic regression classifier.

    Parameters
    ------------
    eta : float
      Learning rate (between 0.0 and 1.0)
    n_iter : int
      Passes over the training dataset.
    random_state : int
      Random number generator seed for random weight
      initialization.
    """
    def __init__(self, eta=0.05, n_iter=100, random_state=1):
        self.eta = eta
        self.n_iter = n_iter
        self.random_state = random_state

    def fit(self, X, y):
        """ Fit training data."""
        rgen = np.random.RandomState(self.random_state)
        self.w_ = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
        self.cost_ = []

        for i in range(self.n_iter):
            net_input = self.net_input(X)
            output = self.activation(net_input)
            errors = (y - output)
            self.w_[1:] += self.eta * X.T.dot(errors)
            self.w_[0] += self.eta * errors.sum()

            # note that we compute the logistic `cost` now
            # instead of the sum of squared errors cost
            cost = -y.dot(np.log(output)) - ((1 - y).dot(np.log(1 - output)))
            self.cost_.append(cost)
        return self

    def net_input(self, X):
        """Calculate net input"""
        return np.dot(X, self.w_[1:]) + self.w_[0]

    def activation(self, z):
        """Compute logistic sigmoid activation"""
        return 1. / (1. + np.exp(-np.clip(z, -250, 250)))

    def predict(self, X):
        """Return class label after unit step"""
        return np.where(self.net_input(X) >= 0.0, 1, 0)
        # equivalent to:
        # return np.where(self.activation(self.net_input(X)) >= 0.5, 1, 0)


rs = np.random.RandomState(0)
X_train = rs.randn(10, 2)
y_train = (X_train[:, 0] + 0.5 * X_train[:, 1] > 0).astype(float)
y_train[0] = 1 - y_train[0]


def cost(w, X, y):
    # test wrapper: fit()'s cost line at weights w
    lrgd = LogisticRegressionGD()
    lrgd.w_ = w
    output = lrgd.activation(lrgd.net_input(X))
    return -y.dot(np.log(output)) - ((1 - y).dot(np.log(1 - output)))


def cost_after_fit(X, y):
    # test wrapper: fit() a few passes, the last cost it recorded, as a function of the data
    lrgd = LogisticRegressionGD(eta=0.05, n_iter=3, random_state=1)
    lrgd.fit(X, y)
    return lrgd.cost_[-1]


CASES = [
    dict(name="cost", function=cost, args=lambda: (np.array([0.1, -0.3, 0.8]), X_train, y_train)),
    dict(name="cost_after_fit", function=cost_after_fit, args=lambda: (X_train.copy(), y_train)),
]
