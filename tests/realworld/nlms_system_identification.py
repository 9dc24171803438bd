# Written for this corpus (p5) in the style of padasip (matousc89/padasip, padasip/filters/base_filter.py and nlms.py, padasip/preprocess/input_from_history.py): an `AdaptiveFilter` base class with `init_weights(w, n)` (`if type(w) == str:` "random" / "zeros", else `np.array(w, dtype="float64")` in a bare `try`/`except`), `check_float_param(param, low, high, name)` converting with `float(param)` in a `try` and a chained range test, a `FilterNLMS(AdaptiveFilter)` whose `adapt(d, x)` and `run(d, x)` update `self.w += nu * x * e` in place, keep `self.w_history[k,:] = self.w` rows, and return `y, e, self.w_history`; `input_from_history` building the regressor matrix by a list comprehension of slices (and a bias column by `np.hstack`). The test: identifying an unknown FIR channel (`np.convolve` of a noisy input) and the misadjustment after convergence, differentiated in the step size, the regularisation `eps` and the channel's taps.
import numpy as np


def input_from_history(a, n, bias=False):
    """Create input matrix from historical values."""
    if not type(n) == int:
        raise ValueError('The argument n must be int.')
    if not n > 0:
        raise ValueError('The argument n must be greater than 0')
    try:
        a = np.array(a, dtype="float64")
    except:
        raise ValueError('The argument a is not numpy array or similar.')
    x = np.array([a[i:i+n] for i in range(len(a)-n+1)])
    if bias:
        x = np.hstack((x, np.ones((len(x), 1))))
    return x


class AdaptiveFilter():
    """Base class for adaptive filters (the weights, the prediction, the parameter checks)."""

    def init_weights(self, w, n):
        if type(w) == str:
            if w == "random":
                w = np.random.normal(0, 0.5, n)
            elif w == "zeros":
                w = np.zeros(n)
            else:
                raise ValueError('Impossible to understand the w')
        elif len(w) == n:
            try:
                w = np.array(w, dtype="float64")
            except:
                raise ValueError('Impossible to understand the w')
        else:
            raise ValueError('Impossible to understand the w')
        self.w = w

    def predict(self, x):
        return np.dot(self.w, x)

    def check_float_param(self, param, low, high, name):
        try:
            param = float(param)
        except:
            raise ValueError('Parameter {} is not float or similar'.format(name))
        if low != None or high != None:
            if not low <= param <= high:
                raise ValueError('Parameter {} is not in range <{}, {}>'.format(name, low, high))
        return param


class FilterNLMS(AdaptiveFilter):
    """Normalized least-mean-squares (NLMS) adaptive filter."""

    kind = "NLMS"

    def __init__(self, n, mu=0.1, eps=0.001, w="random"):
        self.n = n
        self.mu = self.check_float_param(mu, 0, 1000, "mu")
        self.eps = self.check_float_param(eps, 0, 1000, "eps")
        self.init_weights(w, self.n)
        self.w_history = False

    def adapt(self, d, x):
        y = np.dot(self.w, x)
        e = d - y
        nu = self.mu / (self.eps + np.dot(x, x))
        self.w += nu * x * e

    def run(self, d, x):
        # measure the data and check if the dimension agree
        N = len(x)
        if not len(d) == N:
            raise ValueError('The length of vector d and matrix x must agree.')
        self.n = len(x[0])
        # prepare data
        try:
            x = np.array(x)
            d = np.array(d)
        except:
            raise ValueError('Impossible to convert x or d to a numpy array')
        # create empty arrays
        y = np.zeros(N)
        e = np.zeros(N)
        self.w_history = np.zeros((N, self.n))
        # adaptation loop
        for k in range(N):
            self.w_history[k, :] = self.w
            y[k] = np.dot(self.w, x[k])
            e[k] = d[k] - y[k]
            nu = self.mu / (self.eps + np.dot(x[k], x[k]))
            self.w += nu * x[k] * e[k]
        return y, e, self.w_history


# ---------------------------------------------------------------- system identification

N_TAPS = 5
CHANNEL = np.array([0.6, -0.3, 0.15, 0.05, -0.02])
_rng = np.random.RandomState(4)
SIGNAL = _rng.randn(260)
MEASUREMENT_NOISE = 0.01 * _rng.randn(260 - N_TAPS + 1)


def identify(mu, eps, channel):
    """The NLMS filter run on a channel's output; returns the filter and its errors."""
    x = input_from_history(SIGNAL, N_TAPS)
    d = np.convolve(SIGNAL, channel, mode="valid") + MEASUREMENT_NOISE
    f = FilterNLMS(n=N_TAPS, mu=mu, eps=eps, w="zeros")
    y, e, w = f.run(d, x[:, ::-1])
    return f, e, w


def misadjustment(mu, eps):
    """Test wrapper: the mean squared error over the last 100 samples, as a function of the step
    size and the regularisation."""
    f, e, w = identify(mu, eps, CHANNEL)
    return np.mean(e[-100:] ** 2)


def weight_error(channel):
    """Test wrapper: the distance of the final weights from the true channel, summed over the
    weight history's last 50 rows, as a function of the channel's taps."""
    f, e, w = identify(0.5, 0.001, channel)
    return np.sum((w[-50:] - channel) ** 2) + np.sum((f.w - channel) ** 2)


def online_predictions(mu):
    """Test wrapper: sample by sample with `adapt`, the predictions of a filter started at given weights."""
    x = input_from_history(SIGNAL[:60], N_TAPS, bias=True)
    d = np.convolve(SIGNAL[:60], CHANNEL, mode="valid")
    f = FilterNLMS(n=N_TAPS + 1, mu=mu, w=[0.1, 0.0, 0.0, 0.0, 0.0, 0.0])
    preds = []
    for k in range(len(x)):
        preds.append(f.predict(x[k, ::-1]))
        f.adapt(d[k], x[k, ::-1])
    return np.sum(np.array(preds) * d)


CASES = [
    dict(name="misadjustment", function=misadjustment, args=lambda: (0.3, 0.01), wrt=(0, 1)),
    dict(name="weight_error", function=weight_error, args=lambda: (CHANNEL.copy(),)),
    dict(name="online_predictions", function=online_predictions, args=lambda: (0.4,)),
]
