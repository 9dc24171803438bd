# Ported from google-deepmind/optax (v0.1, Apache 2.0): optax/_src/base.py (`GradientTransformation`, `EmptyState`), transform.py (`ScaleByAdamState`, `_update_moment`, `_bias_correction`, `scale_by_adam`, `scale`, `ScaleState`), combine.py (`chain`), update.py (`apply_updates`), alias.py (`adam`, `_scale_by_learning_rate`), and the README's training step (`optimizer.init(params)`, `jax.grad(compute_loss)(params, xs, ys)`, `optimizer.update(grads, opt_state)`, `optax.apply_updates`); jax.numpy as numpy, `jax.tree_map`/`tree_multimap` as a map over a flat dict, `jax.grad` as `transpiler.grad`.
from typing import Any, Callable, NamedTuple

import numpy as np

import transpiler

jnp = np


class jax:
    # (the JAX names the library uses, on numpy and dicts of arrays)
    grad = staticmethod(transpiler.grad)

    @staticmethod
    def tree_map(f, tree, *rest):
        # (the README's parameters are one flat dict of arrays)
        return {k: f(tree[k], *[r[k] for r in rest]) for k in tree}

    tree_multimap = tree_map


# ---- base.py

OptState = NamedTuple  # 'An arbitrary `NamedTuple` holding the optimiser state.'
Params = Any
Updates = Params


class TransformInitFn:
    pass


class GradientTransformation(NamedTuple):
  """Optax transformations consists of a function pair: (initialise, update)."""
  init: Callable
  update: Callable


class EmptyState(NamedTuple):
  """An empty state for the simplest stateless transformations."""


# ---- transform.py

class ScaleState(NamedTuple):
  """The scale transformation is stateless."""


def scale(step_size: float) -> GradientTransformation:
  """Scale updates by some fixed scalar `step_size`."""

  def init_fn(_):
    return ScaleState()

  def update_fn(updates, state, params=None):
    del params
    updates = jax.tree_map(lambda g: step_size * g, updates)
    return updates, state

  return GradientTransformation(init_fn, update_fn)


def _update_moment(updates, moments, decay, order):
  return jax.tree_multimap(
      lambda g, t: (1 - decay) * (g ** order) + decay * t, updates, moments)


def _bias_correction(moment, decay, count):
  """Perform bias correction. This becomes a no-op as count goes to infinity."""
  bias_correction = 1 - decay**count
  return jax.tree_map(lambda t: t / bias_correction.astype(t.dtype), moment)


class ScaleByAdamState(NamedTuple):
  """State for the Adam algorithm."""
  count: Any  # shape=(), dtype=jnp.int32.
  mu: Updates
  nu: Updates


def scale_by_adam(b1: float = 0.9,
                  b2: float = 0.999,
                  eps: float = 1e-8,
                  eps_root: float = 0.0) -> GradientTransformation:
  """Rescale updates according to the Adam algorithm."""

  def init_fn(params):
    mu = jax.tree_map(jnp.zeros_like, params)  # First moment
    nu = jax.tree_map(jnp.zeros_like, params)  # Second moment
    return ScaleByAdamState(count=jnp.zeros([], jnp.int32), mu=mu, nu=nu)

  def update_fn(updates, state, params=None):
    del params
    mu = _update_moment(updates, state.mu, b1, 1)
    nu = _update_moment(updates, state.nu, b2, 2)
    count_inc = state.count + jnp.array(1, dtype=jnp.int32)
    mu_hat = _bias_correction(mu, b1, count_inc)
    nu_hat = _bias_correction(nu, b2, count_inc)
    updates = jax.tree_multimap(
        lambda m, v: m / (jnp.sqrt(v + eps_root) + eps), mu_hat, nu_hat)
    return updates, ScaleByAdamState(count=count_inc, mu=mu, nu=nu)

  return GradientTransformation(init_fn, update_fn)


# ---- combine.py

def chain(*args: GradientTransformation) -> GradientTransformation:
  """Applies a list of chainable update transformations."""

  init_fns, update_fns = zip(*args)

  def init_fn(params):
    return tuple(fn(params) for fn in init_fns)

  def update_fn(updates, state, params=None):
    if len(update_fns) != len(state):
      raise ValueError('The number of updates and states has to be the same in '
                       'chain! Make sure you have called init first!')

    new_state = []
    for s, fn in zip(state, update_fns):
      updates, new_s = fn(updates, s, params)
      new_state.append(new_s)
    return updates, tuple(new_state)

  return GradientTransformation(init_fn, update_fn)


# ---- update.py, alias.py

def apply_updates(params: Params, updates: Updates) -> Params:
  """Applies an update to the corresponding parameters."""
  return jax.tree_multimap(
      lambda p, u: jnp.asarray(p + u).astype(jnp.asarray(p).dtype),
      params, updates)


def _scale_by_learning_rate(learning_rate):
  return scale(-learning_rate)


def adam(learning_rate: float,
         b1: float = 0.9,
         b2: float = 0.999,
         eps: float = 1e-8,
         eps_root: float = 0.0) -> GradientTransformation:
  return chain(
      scale_by_adam(b1=b1, b2=b2, eps=eps, eps_root=eps_root),
      _scale_by_learning_rate(learning_rate),
  )


def l2_loss(predictions, targets=None):
  """Calculates the L2 loss for a set of predictions (optax/_src/loss.py)."""
  errors = (predictions - targets) if (targets is not None) else predictions
  return 0.5 * (errors)**2


# ---- the README's example: a linear model, three Adam steps.

num_weights = 4
_rs = np.random.RandomState(0)
xs = _rs.normal(size=(16, num_weights))
ys = xs @ np.array([0.5, -1.0, 2.0, 0.3]) + 0.1 * _rs.normal(size=16)

compute_loss = lambda params, x, y: jnp.mean(l2_loss(x.dot(params['w']), y))


def trained_loss(w, learning_rate):
  """Test wrapper: the loss after three steps of the README's loop, as a function of the initial
  weights and the learning rate."""
  optimizer = adam(learning_rate)
  params = {'w': w}
  opt_state = optimizer.init(params)
  for _ in range(3):
    grads = jax.grad(compute_loss)(params, xs, ys)
    updates, opt_state = optimizer.update(grads, opt_state)
    params = apply_updates(params, updates)
  return compute_loss(params, xs, ys)


def adam_step_moments(g, mu, nu):
  """Test wrapper: one `scale_by_adam` update from a given state, summed with its new moments."""
  tx = scale_by_adam(b1=0.8, b2=0.9, eps_root=1e-3)
  state = ScaleByAdamState(count=jnp.array(2, dtype=jnp.int32), mu={'a': mu}, nu={'a': nu})
  updates, new_state = tx.update({'a': g}, state)
  return jnp.sum(updates['a'] * new_state.mu['a']) + jnp.sum(jnp.sqrt(new_state.nu['a']))


_g0 = np.array([0.3, -1.2, 0.7])
CASES = [
    dict(name="trained_loss", function=trained_loss, args=lambda: (np.ones(num_weights), 0.05), wrt=(0, 1)),
    dict(name="adam_step", function=adam_step_moments,
         args=lambda: (_g0.copy(), np.array([0.1, 0.2, -0.3]), np.array([0.5, 0.4, 0.9])), wrt=(0, 1, 2)),
]


optimizer = adam(0.05)      # (made once, outside, as the README makes it)


def two_steps_global_optimizer(w):
  """Test wrapper: two README steps with the module's `optimizer`, as a function of the initial weights."""
  params = {'w': w}
  opt_state = optimizer.init(params)
  for _ in range(2):
    grads = jax.grad(compute_loss)(params, xs, ys)
    updates, opt_state = optimizer.update(grads, opt_state)
    params = apply_updates(params, updates)
  return compute_loss(params, xs, ys)


CASES.append(dict(name="global_optimizer", function=two_steps_global_optimizer, args=lambda: (np.ones(num_weights),)))
