# Ported from rtqichen/torchdiffeq, examples/ode_demo.py (Ricky T. Q. Chen; MIT licence; https://github.com/rtqichen/torchdiffeq/blob/master/examples/ode_demo.py) and the fixed-grid solvers of torchdiffeq/_impl/fixed_grid.py and rk_common.py (`Euler._step_func`, `rk4_alt_step_func`, the 3/8 rule): the neural ODE whose vector field is a small MLP, `ODEFunc.forward(t, y) = self.net(y ** 3)` with `nn.Sequential(Linear(2, 50), Tanh(), Linear(50, 2))`, the true dynamics `Lambda` (`mm(y ** 3, true_A)`), and the training loss `mean(abs(pred_y - batch_y))`; torch as numpy (nn.Linear and nn.Sequential as small classes holding their weights, `torch.mm` as `@`), `odeint(func, y0, t, method=...)` as the fixed-grid loop of `FixedGridODESolver.integrate` (argparse, the optimiser and plotting left out; the batch drawn with `np.random.choice` as `get_batch` does).
import numpy as np

data_size = 40
batch_time = 5
batch_size = 4

true_y0 = np.array([[2., 0.]])
t = np.linspace(0., 4., data_size)
true_A = np.array([[-0.1, 2.0], [-2.0, -0.1]])


class Lambda:

    def forward(self, t, y):
        return np.dot(y ** 3, true_A)

    def __call__(self, t, y):
        return self.forward(t, y)


class Linear:
    def __init__(self, in_features, out_features, weight, bias):
        self.in_features = in_features
        self.out_features = out_features
        self.weight = weight
        self.bias = bias

    def __call__(self, x):
        return x @ self.weight.T + self.bias


class Tanh:
    def __call__(self, x):
        return np.tanh(x)


class Sequential:
    def __init__(self, *modules):
        self.modules = modules

    def __call__(self, x):
        for module in self.modules:
            x = module(x)
        return x


class ODEFunc:

    def __init__(self, W1, b1, W2, b2):
        self.net = Sequential(
            Linear(2, 50, W1, b1),
            Tanh(),
            Linear(50, 2, W2, b2),
        )

    def forward(self, t, y):
        return self.net(y ** 3)

    def __call__(self, t, y):
        return self.forward(t, y)


# Precompute divisions
_one_third = 1 / 3
_two_thirds = 2 / 3


def euler_step_func(func, t0, dt, t1, y0):
    return dt * func(t0, y0)


def rk4_alt_step_func(func, t0, dt, t1, y0, k1=None):
    """Smaller error with slightly more compute."""
    if k1 is None:
        k1 = func(t0, y0)
    k2 = func(t0 + dt * _one_third, y0 + dt * k1 * _one_third)
    k3 = func(t0 + dt * _two_thirds, y0 + dt * (k2 - k1 * _one_third))
    k4 = func(t1, y0 + dt * (k1 - k2 + k3))
    return (k1 + 3 * (k2 + k3) + k4) * dt * 0.125


def odeint(func, y0, t, method='rk4'):
    step_func = rk4_alt_step_func if method == 'rk4' else euler_step_func
    solution = [y0]
    for t0, t1 in zip(t[:-1], t[1:]):
        dt = t1 - t0
        dy = step_func(func, t0, dt, t1, y0)
        y1 = y0 + dy
        solution.append(y1)
        y0 = y1
    return np.stack(solution)


true_y = odeint(Lambda(), true_y0, t, method='rk4')


def get_batch():
    s = np.random.choice(np.arange(data_size - batch_time, dtype=np.int64), batch_size, replace=False)
    batch_y0 = true_y[s]  # (M, D)
    batch_t = t[:batch_time]  # (T)
    batch_y = np.stack([true_y[s + i] for i in range(batch_time)], axis=0)  # (T, M, D)
    return batch_y0, batch_t, batch_y


# ---- test wrappers: one training step's loss, a function of the MLP's weights

def training_loss(W1, b1, W2, b2):
    func = ODEFunc(W1, b1, W2, b2)
    batch_y0, batch_t, batch_y = get_batch()
    pred_y = odeint(func, batch_y0, batch_t)
    loss = np.mean(np.abs(pred_y - batch_y))
    return loss


def euler_test_loss(W1, b1, W2, b2):
    func = ODEFunc(W1, b1, W2, b2)
    pred_y = odeint(func, true_y0, t[:10], method='euler')
    return np.mean((pred_y - true_y[:10]) ** 2)


def weights():
    rng = np.random.RandomState(0)
    # nn.init.normal_(m.weight, mean=0, std=0.1); the biases moved off their 0 so they matter
    return (rng.normal(0, 0.1, (50, 2)), rng.normal(0, 0.1, 50),
            rng.normal(0, 0.1, (2, 50)), rng.normal(0, 0.1, 2))


CASES = [
    dict(name="training_loss", function=training_loss, args=weights, wrt=(0, 1, 2, 3), seed=42),
    dict(name="euler_test_loss", function=euler_test_loss, args=weights, wrt=(0, 1, 2, 3)),
]
