# Ported from CS231n (Stanford, 2017) assignment2 cs231n/optim.py (`sgd`, `sgd_momentum`, `rmsprop`, `adam`, with the assignment's TODOs filled in as the course's solutions write them) and the update loop of cs231n/solver.py (`Solver._step`: `self.optim_configs[p]`, `self.update_rule(w, dw, config)`, `getattr(optim, update_rule)`): training differentiated through the optimiser's steps, w.r.t. the initial weights and the learning rate.
import sys

import numpy as np

"""
This file implements various first-order update rules that are commonly used
for training neural networks. Each update rule accepts current weights and the
gradient of the loss with respect to those weights and produces the next set of
weights. Each update rule has the same interface:

def update(w, dw, config=None):

Inputs:
  - w: A numpy array giving the current weights.
  - dw: A numpy array of the same shape as w giving the gradient of the
    loss with respect to w.
  - config: A dictionary containing hyperparameter values such as learning
    rate, momentum, etc. If the update rule requires caching values over many
    iterations, then config will also hold these cached values.

Returns:
  - next_w: The next point after the update.
  - config: The config dictionary to be passed to the next iteration of the
    update rule.
"""


def sgd(w, dw, config=None):
    """
    Performs vanilla stochastic gradient descent.

    config format:
    - learning_rate: Scalar learning rate.
    """
    if config is None: config = {}
    config.setdefault('learning_rate', 1e-2)

    w -= config['learning_rate'] * dw
    return w, config


def sgd_momentum(w, dw, config=None):
    """
    Performs stochastic gradient descent with momentum.

    config format:
    - learning_rate: Scalar learning rate.
    - momentum: Scalar between 0 and 1 giving the momentum value.
      Setting momentum = 0 reduces to sgd.
    - velocity: A numpy array of the same shape as w and dw used to store a
      moving average of the gradients.
    """
    if config is None: config = {}
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('momentum', 0.9)
    v = config.get('velocity', np.zeros_like(w))

    next_w = None
    v = config['momentum'] * v - config['learning_rate'] * dw
    next_w = w + v
    config['velocity'] = v

    return next_w, config


def rmsprop(w, dw, config=None):
    """
    Uses the RMSProp update rule, which uses a moving average of squared
    gradient values to set adaptive per-parameter learning rates.

    config format:
    - learning_rate: Scalar learning rate.
    - decay_rate: Scalar between 0 and 1 giving the decay rate for the squared
      gradient cache.
    - epsilon: Small scalar used for smoothing to avoid dividing by zero.
    - cache: Moving average of second moments of gradients.
    """
    if config is None: config = {}
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('decay_rate', 0.99)
    config.setdefault('epsilon', 1e-8)
    config.setdefault('cache', np.zeros_like(w))

    next_w = None
    config['cache'] = config['decay_rate'] * config['cache'] + (1 - config['decay_rate']) * dw**2
    next_w = w - config['learning_rate'] * dw / (np.sqrt(config['cache']) + config['epsilon'])

    return next_w, config


def adam(w, dw, config=None):
    """
    Uses the Adam update rule, which incorporates moving averages of both the
    gradient and its square and a bias correction term.

    config format:
    - learning_rate: Scalar learning rate.
    - beta1: Decay rate for moving average of first moment of gradient.
    - beta2: Decay rate for moving average of second moment of gradient.
    - epsilon: Small scalar used for smoothing to avoid dividing by zero.
    - m: Moving average of gradient.
    - v: Moving average of squared gradient.
    - t: Iteration number.
    """
    if config is None: config = {}
    config.setdefault('learning_rate', 1e-3)
    config.setdefault('beta1', 0.9)
    config.setdefault('beta2', 0.999)
    config.setdefault('epsilon', 1e-8)
    config.setdefault('m', np.zeros_like(w))
    config.setdefault('v', np.zeros_like(w))
    config.setdefault('t', 0)

    next_w = None
    config['t'] += 1
    config['m'] = config['beta1']*config['m'] + (1-config['beta1'])*dw
    config['v'] = config['beta2']*config['v'] + (1-config['beta2'])*(dw**2)

    mt = config['m'] / (1-config['beta1']**config['t'])
    vt = config['v'] / (1-config['beta2']**config['t'])

    next_w = w - config['learning_rate'] * mt / (np.sqrt(vt) + config['epsilon'])

    return next_w, config


# solver.py's `from cs231n import optim`: this module is the optim module
optim = sys.modules[__name__]


# A small least-squares model in the assignments' style: loss(params) returns (loss, grads).
_rs = np.random.RandomState(0)
X = _rs.randn(12, 3)
y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * _rs.randn(12)


def model_loss(params):
    W, b = params['W'], params['b']
    scores = X.dot(W) + b
    diff = scores - y
    loss = 0.5 * np.sum(diff ** 2) / X.shape[0]
    grads = {}
    grads['W'] = X.T.dot(diff) / X.shape[0]
    grads['b'] = np.sum(diff) / X.shape[0]
    return loss, grads


def train(W0, b0, learning_rate, update_rule='sgd', num_iterations=5):
    """Solver.__init__'s configs and Solver._step's update loop, unrolled num_iterations times"""
    params = {'W': W0, 'b': b0}
    update_rule = getattr(optim, update_rule)
    optim_config = {'learning_rate': learning_rate}
    optim_configs = {}
    for p in params:
        d = {k: v for k, v in optim_config.items()}
        optim_configs[p] = d

    for t in range(num_iterations):
        loss, grads = model_loss(params)
        # Perform a parameter update
        for p, w in params.items():
            dw = grads[p]
            config = optim_configs[p]
            next_w, next_config = update_rule(w, dw, config)
            params[p] = next_w
            optim_configs[p] = next_config

    loss, grads = model_loss(params)
    return loss


# test wrappers: one per update rule (a function passed as an argument of the differentiated
# function is refused; the solver passes the rule's name)

def train_sgd(W0, b0, learning_rate):
    return train(W0, b0, learning_rate, 'sgd')


def train_momentum(W0, b0, learning_rate):
    return train(W0, b0, learning_rate, 'sgd_momentum')


def train_rmsprop(W0, b0, learning_rate):
    return train(W0, b0, learning_rate, 'rmsprop')


def train_adam(W0, b0, learning_rate):
    return train(W0, b0, learning_rate, 'adam', num_iterations=4)


def start():
    return np.array([0.3, 0.2, -0.1]), 0.05, 0.1


CASES = [
    dict(name="sgd", function=train_sgd, wrt=(0, 1, 2), args=start),
    dict(name="sgd_momentum", function=train_momentum, wrt=(0, 1, 2), args=start),
    dict(name="rmsprop", function=train_rmsprop, wrt=(0, 1, 2), args=start),
    dict(name="adam", function=train_adam, wrt=(0, 1, 2), args=start),
]
