"""``str(obj)`` / ``repr(obj)`` of an object made in the function whose class writes ``__str__``
or ``__repr__`` (numpy-ml's optimizers keep ``str(self.lr_scheduler)`` in their
hyperparameters dict): the method inlined, a string with no derivative; the optimizer around it
differentiated in both modes, in a loop, through a helper, float32 and hessian. Without such a
method the object's text would be its address, which an object that is never built at run time
has not: refused, located."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


class Constant:
    def __init__(self, lr):
        self.lr = lr

    def __str__(self):
        return "Constant(lr={})".format(self.lr)

    def __call__(self, step):
        return self.lr


class Decay(Constant):
    def __repr__(self):
        return f"Decay({self.lr!r})"

    def __str__(self):
        return repr(self)

    def __call__(self, step):
        return self.lr / (1.0 + step)


class Plain:
    def __init__(self, lr):
        self.lr = lr


class Step:
    def __init__(self, schedule):
        self.schedule = schedule
        self.hyperparameters = {"schedule": str(self.schedule)}

    def update(self, w, g, step):
        label = self.hyperparameters["schedule"]
        scale = 2.0 if label.startswith("Decay") else 1.0
        return w - scale * self.schedule(step) * g


def descend(w, lr, schedule_class):
    step = Step(schedule_class(lr))
    for t in range(3):
        w = step.update(w, np.sin(w), t)
    return np.sum(w ** 2)


def with_constant(w, lr):
    return descend(w, lr, Constant)


def with_decay(w, lr):
    return descend(w, lr, Decay)


W = np.array([0.3, -0.7, 1.2])


@pytest.mark.parametrize("f", [with_constant, with_decay])
def test_an_objects_text_in_both_modes(f):
    assert_both_modes(f, W, 0.1)
    assert_both_modes(f, W, 0.1, wrt=1)
    np.testing.assert_allclose(transpiler.value_and_grad(f)(W, 0.1)[0], f(W, 0.1))


def test_float32_and_hessian():
    g32 = transpiler.grad(with_decay)(W.astype(np.float32), np.float32(0.1))
    assert g32.dtype == np.float32
    hessian = transpiler.hessian(with_decay)(W, 0.1)
    gradient = transpiler.grad(with_decay)
    numeric = np.stack([(gradient(W + 1e-6 * e, 0.1) - gradient(W - 1e-6 * e, 0.1)) / 2e-6 for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-6)


def text_of_a_plain_object(w):
    p = Plain(0.1)
    return np.sum(w) * len(str(p))


def test_the_text_of_an_object_without_str_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match="used as a value") as caught:
        transpiler.grad(text_of_a_plain_object)(W)
    assert "test_object_text.py" in str(caught.value)
