"""The update rules' config dicts (CS231n's optim.py and solver.py, tests/realworld/cs231n_optim.py):
``config.setdefault(key, default)`` and ``config.get(key, default)`` on a dict whose keys are
known only at run time (frontend/dict_setdefault.py), ``params[p] = next_w`` inside
``for p, w in params.items()`` (the keys list is its own memory: aliasing.py),
``getattr(module, name)`` with the name a string known while lowering (attribute_queries.py),
and a dict comprehension over ``.items()`` of a dict holding a differentiated value in forward
mode (its key got a tangent: ad/forward.py). Both modes against central differences, through a
helper, in a loop and a branch, float32, hessian; and the refusals."""
import sys

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

this_module = sys.modules[__name__]


def momentum_step(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('momentum', 0.9)
    v = config.get('velocity', np.zeros_like(w))
    v = config['momentum'] * v - config['learning_rate'] * dw
    config['velocity'] = v
    return w + v, config


def scaled_step(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault('scale', w[0] ** 2)           # (a default computed from the differentiated value)
    return w - config['scale'] * dw, config


def train(w, lr, rule, steps=3):
    update_rule = getattr(this_module, rule)
    params = {'w': w, 'u': w[::-1] * 0.5}
    configs = {}
    for p in params:
        configs[p] = {k: v for k, v in {'learning_rate': lr}.items()}
    for t in range(steps):
        for p, x in params.items():
            dx = np.sin(x) + t
            next_x, next_config = update_rule(x, dx, configs[p])
            params[p] = next_x
            configs[p] = next_config
    return np.sum(params['w'] ** 2) + np.sum(params['u'])


def train_momentum(w, lr):
    return train(w, lr, 'momentum_step')


def train_scaled(w, lr):
    return train(w, lr, 'scaled_step', steps=2)


def with_a_branch(w, lr):
    config = {'learning_rate': lr} if lr > 0.05 else {}
    config.setdefault('learning_rate', 0.05)
    if w[0] > 0:
        config.setdefault('momentum', 0.5)
    return np.sum(w * config['learning_rate'] * config.get('momentum', 2.0))


W = np.array([0.3, -0.7, 1.2])


@pytest.mark.parametrize("f", [train_momentum, train_scaled, with_a_branch])
def test_config_dicts_in_both_modes(f):
    assert_both_modes(f, W, 0.1)
    assert_both_modes(f, W, 0.1, wrt=1)
    assert_both_modes(f, -W, 0.01, wrt=1)


def test_float32_and_hessian_through_the_config_dicts():
    g32 = transpiler.grad(train_momentum)(W.astype(np.float32), np.float32(0.1))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(train_momentum)(W, 0.1), rtol=1e-4)
    hessian = transpiler.hessian(train_momentum)(W, 0.1)
    gradient = transpiler.grad(train_momentum)
    numeric = np.stack([(gradient(W + 1e-6 * e, 0.1) - gradient(W - 1e-6 * e, 0.1)) / 2e-6 for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-6)


def test_the_python_values_match():
    np.testing.assert_allclose(transpiler.value_and_grad(train_momentum)(W, 0.1)[0], train_momentum(W, 0.1))
    np.testing.assert_allclose(transpiler.value_and_grad(with_a_branch)(W, 0.01)[0], with_a_branch(W, 0.01))


def unknown_attribute(w):
    return getattr(np, 'no_such_function')(w)


@pytest.mark.parametrize("f, args, match", [
    (unknown_attribute, (W,), "has no attribute 'no_such_function'"),
])
def test_getattr_refusals_are_located(f, args, match):
    with pytest.raises(UnsupportedSyntaxError, match=match) as caught:
        transpiler.grad(f)(*args)
    assert "test_config_dicts.py" in str(caught.value)


def test_the_rules_name_passed_to_the_differentiated_function_is_a_constant_of_the_call():
    # (it was refused: a name known only at run time; a string argument now compiles per string)
    for rule, wrapper in (('momentum_step', train_momentum), ('scaled_step', None)):
        expected = transpiler.grad(wrapper)(W, 0.1) if wrapper else transpiler.grad(
            lambda w, lr: train(w, lr, 'scaled_step'))(W, 0.1)
        np.testing.assert_allclose(transpiler.grad(train)(W, 0.1, rule), expected, rtol=1e-12)
        assert transpiler.check_grad(train, W, 0.1, rule)


def getattr_with_default_and_hasattr(w):
    act = getattr(np, 'no_such_function', np.tanh)
    return np.sum(act(w)) * (2.0 if hasattr(np, 'sinh') else 1.0)


def test_getattr_default_and_hasattr_of_a_module():
    assert_both_modes(getattr_with_default_and_hasattr, W)


def over_a_display_items(x):
    t = sum(v * 2 for k, v in {'a': x, 'b': x ** 2}.items())
    for k, v in {'c': np.sin(x), 'd': 3.0}.items():
        t = t + v * (2.0 if k == 'c' else 1.0)
    return np.sum(t) + np.sum(list({'e': x * x}.values())[0])


def test_items_of_a_dict_display_in_loops_and_comprehensions():
    # (refused before: "no derivative rule for `{...}.items`"; with no differentiated value the
    # view ran and the generated code crashed indexing a dict_items)
    assert_both_modes(over_a_display_items, W)
    assert transpiler.grad(lambda lr: {k: v for k, v in {'lr': 0.5}.items()}['lr'] * lr)(2.0) == 0.5


class Table:
    """An object of a class with its own `get` and `setdefault`: those methods are called, never
    the dict spellings (dict_setdefault.py leaves such receivers alone)."""

    def __init__(self, w):
        self.w = w

    def get(self, k, default=0.0):
        return self.w * 2.0 if k == 'a' else default

    def setdefault(self, k, v):
        return None


def table_methods(x, table):
    table.setdefault('a', x)
    return table.get('a', 1.0) * x + table.get('b', 3.0) * x ** 2


def test_an_objects_own_get_and_setdefault_are_its_methods():
    table = Table(1.5)
    assert transpiler.value_and_grad(table_methods)(2.0, table) == (table_methods(2.0, table), 3.0 + 12.0)
    assert_both_modes(table_methods, 2.0, table)
