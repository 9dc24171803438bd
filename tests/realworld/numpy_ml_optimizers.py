# Ported from ddbourgin/numpy-ml, numpy_ml/neural_nets/optimizers/optimizers.py (`OptimizerBase(ABC)` with `__call__` calling the abstract `update`, `SGD` with momentum, `AdaGrad`, `RMSProp`, `Adam`: `self.cache` dicts keyed by parameter name, `self.hyperparameters`, gradient clipping by `norm`) and numpy_ml/neural_nets/schedulers/schedulers.py (`ConstantScheduler`, `SchedulerBase.__call__`); `SchedulerInitializer(scheduler, lr=lr)()` is the constant scheduler it builds for `None`, docstrings shortened. A few optimiser steps on a least-squares model are differentiated w.r.t. the starting weights and the learning rate.
from abc import ABC, abstractmethod

import numpy as np
from numpy.linalg import norm


class SchedulerBase(ABC):
    def __init__(self):
        """Abstract base class for all Scheduler objects."""
        self.hyperparameters = {}

    def __call__(self, step=None, cur_loss=None):
        return self.learning_rate(step=step, cur_loss=cur_loss)

    @abstractmethod
    def learning_rate(self, step=None):
        raise NotImplementedError


class ConstantScheduler(SchedulerBase):
    def __init__(self, lr=0.01, **kwargs):
        """Returns a fixed learning rate, regardless of the current step."""
        super().__init__()
        self.lr = lr
        self.hyperparameters = {"id": "ConstantScheduler", "lr": self.lr}

    def __str__(self):
        return "ConstantScheduler(lr={})".format(self.lr)

    def learning_rate(self, **kwargs):
        return self.lr


class OptimizerBase(ABC):
    def __init__(self, lr, scheduler=None):
        """
        An abstract base class for all Optimizer objects.

        This should never be used directly.
        """
        self.cache = {}
        self.cur_step = 0
        self.hyperparameters = {}
        self.lr_scheduler = ConstantScheduler(lr=lr) if scheduler is None else scheduler

    def __call__(self, param, param_grad, param_name, cur_loss=None):
        return self.update(param, param_grad, param_name, cur_loss)

    def step(self):
        """Increment the optimizer step counter by 1"""
        self.cur_step += 1

    def reset_step(self):
        """Reset the step counter to zero"""
        self.cur_step = 0

    @abstractmethod
    def update(self, param, param_grad, param_name, cur_loss=None):
        raise NotImplementedError


class SGD(OptimizerBase):
    def __init__(
        self, lr=0.01, momentum=0.0, clip_norm=None, lr_scheduler=None, **kwargs
    ):
        """A stochastic gradient descent optimizer."""
        super().__init__(lr, lr_scheduler)

        self.hyperparameters = {
            "id": "SGD",
            "lr": lr,
            "momentum": momentum,
            "clip_norm": clip_norm,
            "lr_scheduler": str(self.lr_scheduler),
        }

    def update(self, param, param_grad, param_name, cur_loss=None):
        """Compute the SGD update for a given parameter"""
        C = self.cache
        H = self.hyperparameters
        momentum, clip_norm = H["momentum"], H["clip_norm"]
        lr = self.lr_scheduler(self.cur_step, cur_loss)

        if param_name not in C:
            C[param_name] = np.zeros_like(param_grad)

        # scale gradient to avoid explosion
        t = np.inf if clip_norm is None else clip_norm
        if norm(param_grad) > t:
            param_grad = param_grad * t / norm(param_grad)

        update = momentum * C[param_name] + lr * param_grad
        self.cache[param_name] = update
        return param - update


class AdaGrad(OptimizerBase):
    def __init__(self, lr=0.01, eps=1e-7, clip_norm=None, lr_scheduler=None, **kwargs):
        """An AdaGrad optimizer."""
        super().__init__(lr, lr_scheduler)

        self.cache = {}
        self.hyperparameters = {
            "id": "AdaGrad",
            "lr": lr,
            "eps": eps,
            "clip_norm": clip_norm,
            "lr_scheduler": str(self.lr_scheduler),
        }

    def update(self, param, param_grad, param_name, cur_loss=None):
        """Compute the AdaGrad update for a given parameter."""
        C = self.cache
        H = self.hyperparameters
        eps, clip_norm = H["eps"], H["clip_norm"]
        lr = self.lr_scheduler(self.cur_step, cur_loss)

        if param_name not in C:
            C[param_name] = np.zeros_like(param_grad)

        # scale gradient to avoid explosion
        t = np.inf if clip_norm is None else clip_norm
        if norm(param_grad) > t:
            param_grad = param_grad * t / norm(param_grad)

        C[param_name] += param_grad ** 2
        update = lr * param_grad / (np.sqrt(C[param_name]) + eps)
        self.cache = C
        return param - update


class RMSProp(OptimizerBase):
    def __init__(
        self, lr=0.001, decay=0.9, eps=1e-7, clip_norm=None, lr_scheduler=None, **kwargs
    ):
        """RMSProp optimizer."""
        super().__init__(lr, lr_scheduler)

        self.cache = {}
        self.hyperparameters = {
            "id": "RMSProp",
            "lr": lr,
            "eps": eps,
            "decay": decay,
            "clip_norm": clip_norm,
            "lr_scheduler": str(self.lr_scheduler),
        }

    def update(self, param, param_grad, param_name, cur_loss=None):
        """Compute the RMSProp update for a given parameter."""
        C = self.cache
        H = self.hyperparameters
        eps, decay, clip_norm = H["eps"], H["decay"], H["clip_norm"]
        lr = self.lr_scheduler(self.cur_step, cur_loss)

        if param_name not in C:
            C[param_name] = np.zeros_like(param_grad)

        # scale gradient to avoid explosion
        t = np.inf if clip_norm is None else clip_norm
        if norm(param_grad) > t:
            param_grad = param_grad * t / norm(param_grad)

        C[param_name] = decay * C[param_name] + (1 - decay) * param_grad ** 2
        update = lr * param_grad / (np.sqrt(C[param_name]) + eps)
        self.cache = C
        return param - update


class Adam(OptimizerBase):
    def __init__(
        self,
        lr=0.001,
        decay1=0.9,
        decay2=0.999,
        eps=1e-7,
        clip_norm=None,
        lr_scheduler=None,
        **kwargs
    ):
        """Adam (adaptive moment estimation) optimization algorithm."""
        super().__init__(lr, lr_scheduler)

        self.cache = {}
        self.hyperparameters = {
            "id": "Adam",
            "lr": lr,
            "eps": eps,
            "decay1": decay1,
            "decay2": decay2,
            "clip_norm": clip_norm,
            "lr_scheduler": str(self.lr_scheduler),
        }

    def update(self, param, param_grad, param_name, cur_loss=None):
        """Compute the Adam update for a given parameter."""
        C = self.cache
        H = self.hyperparameters
        d1, d2 = H["decay1"], H["decay2"]
        eps, clip_norm = H["eps"], H["clip_norm"]
        lr = self.lr_scheduler(self.cur_step, cur_loss)

        if param_name not in C:
            C[param_name] = {
                "t": 0,
                "mean": np.zeros_like(param_grad),
                "var": np.zeros_like(param_grad),
            }

        # scale gradient to avoid explosion
        t = np.inf if clip_norm is None else clip_norm
        if norm(param_grad) > t:
            param_grad = param_grad * t / norm(param_grad)

        t = C[param_name]["t"] + 1
        var = C[param_name]["var"]
        mean = C[param_name]["mean"]

        # update cache
        C[param_name]["t"] = t
        C[param_name]["var"] = d2 * var + (1 - d2) * param_grad ** 2
        C[param_name]["mean"] = d1 * mean + (1 - d1) * param_grad
        self.cache = C

        # calc unbiased moment estimates and Adam update
        v_hat = C[param_name]["var"] / (1 - d2 ** t)
        m_hat = C[param_name]["mean"] / (1 - d1 ** t)
        update = lr * m_hat / (np.sqrt(v_hat) + eps)
        return param - update


# test driver: a least-squares layer updated as numpy-ml's layers do (`self.optimizer(param,
# grad, name, cur_loss)` per parameter, then `optimizer.step()`)
_rs = np.random.RandomState(2)
X = _rs.randn(10, 3)
Y = X @ np.array([[0.5], [-1.0], [2.0]]) + 0.05 * _rs.randn(10, 1)


def loss_and_grads(W, b):
    residual = X @ W + b - Y
    loss = 0.5 * np.mean(residual ** 2)
    return loss, {"W": X.T @ residual / X.shape[0], "b": np.mean(residual, axis=0)}


def fit(W, b, optimizer, n_steps=4):
    params = {"W": W, "b": b}
    for _ in range(n_steps):
        loss, grads = loss_and_grads(params["W"], params["b"])
        for k, v in grads.items():
            params[k] = optimizer(params[k], v, k, loss)
        optimizer.step()
    return loss_and_grads(params["W"], params["b"])[0]


def sgd_momentum(W, b, lr):
    return fit(W, b, SGD(lr=lr, momentum=0.9))


def sgd_clipped(W, b, lr):
    return fit(W, b, SGD(lr=lr, clip_norm=0.5))


def adagrad(W, b, lr):
    return fit(W, b, AdaGrad(lr=lr))


def rmsprop(W, b, lr):
    return fit(W, b, RMSProp(lr=lr, decay=0.8))


def adam(W, b, lr):
    return fit(W, b, Adam(lr=lr, clip_norm=2.0))


def start():
    return np.array([[0.1], [0.2], [-0.3]]), np.array([0.05]), 0.1


CASES = [
    dict(name=name, function=f, wrt=(0, 1, 2), args=start)
    for name, f in [("sgd_momentum", sgd_momentum), ("sgd_clipped", sgd_clipped), ("adagrad", adagrad),
                    ("rmsprop", rmsprop), ("adam", adam)]
]
