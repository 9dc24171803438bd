# Written for this corpus (p7) in the style of the benchmark-function classes of optimisation packages such as GloMPO's `benchmark_fncs` (a `BaseTestCase` with `dims`, `bounds`, `min_x`, `min_fx` properties and `__call__`, one subclass per function: `Levy`, `Michalewicz`, `Qing`, `StyblinskiTang`, `Shekel`, `Rastrigin` with a `shift_positive` option), plus a rotated and shifted wrapper in the style of the BBOB suite (`self.rotation`, `self.shift`), and a multi-start helper that sums the objective over starting points. Differentiated: each function at a point, the rotated one, and the multi-start sum.
import math

import numpy as np


class BaseTestCase:
    """Basic API for optimisation test cases."""

    def __init__(self, dims: int, *, delay: float = 0):
        self._dims = dims
        self.delay = delay

    def __call__(self, x):
        raise NotImplementedError

    @property
    def dims(self) -> int:
        return self._dims

    @property
    def bounds(self):
        raise NotImplementedError

    @property
    def min_x(self):
        raise NotImplementedError

    @property
    def min_fx(self) -> float:
        raise NotImplementedError


class Levy(BaseTestCase):
    """f(x) = sin^2(pi w1) + sum (w_i - 1)^2 [1 + 10 sin^2(pi w_i + 1)] + (w_d - 1)^2 [1 + sin^2(2 pi w_d)]."""

    def __call__(self, x):
        x = np.array(x)
        w = self._w(x)
        term1 = np.sin(np.pi * w[0]) ** 2
        term2 = (w[:-1] - 1) ** 2 * (1 + 10 * np.sin(np.pi * w[:-1] + 1) ** 2)
        term3 = (w[-1] - 1) ** 2 * (1 + np.sin(2 * np.pi * w[-1]) ** 2)
        return term1 + np.sum(term2) + term3

    @staticmethod
    def _w(x):
        return 1 + (x - 1) / 4

    @property
    def bounds(self):
        return [[-10, 10]] * self.dims

    @property
    def min_x(self):
        return [1] * self.dims

    @property
    def min_fx(self):
        return 0.0


class Michalewicz(BaseTestCase):
    """f(x) = -sum sin(x_i) sin^(2m)(i x_i^2 / pi)."""

    def __init__(self, dims: int = 2, m: float = 10, *, delay: float = 0):
        super().__init__(dims, delay=delay)
        self.m = m

    def __call__(self, x):
        i = np.arange(1, len(x) + 1)
        x = np.array(x)
        calc = np.sin(x)
        calc *= np.sin(i * x ** 2 / np.pi) ** (2 * self.m)
        return -np.sum(calc)

    @property
    def bounds(self):
        return [[0, np.pi]] * self.dims


class Qing(BaseTestCase):
    """f(x) = sum (x_i^2 - i)^2."""

    def __call__(self, x):
        i = np.arange(1, self.dims + 1)
        x = np.array(x)
        return np.sum((x ** 2 - i) ** 2)

    @property
    def min_x(self):
        return [np.sqrt(i) for i in range(1, self.dims + 1)]


class StyblinskiTang(BaseTestCase):
    """f(x) = 1/2 sum (x_i^4 - 16 x_i^2 + 5 x_i), or shifted to be positive."""

    def __init__(self, dims: int = 2, *, shift_positive: bool = False, delay: float = 0):
        super().__init__(dims, delay=delay)
        self.shift_positive = shift_positive

    def __call__(self, x):
        x = np.array(x)
        calc = np.sum(x ** 4 - 16 * x ** 2 + 5 * x) / 2
        if self.shift_positive:
            calc += 39.16617 * self.dims
        return calc

    @property
    def min_fx(self):
        return -39.16616570377142 * self.dims if not self.shift_positive else 0.0


class Shekel(BaseTestCase):
    """f(x) = -sum_j 1 / (c_j + sum_i (x_i - a_ij)^2), in four dimensions."""

    def __init__(self, m: int = 5, *, delay: float = 0):
        super().__init__(4, delay=delay)
        self.m = m
        self.a = np.array([[4.0, 4.0, 4.0, 4.0], [1.0, 1.0, 1.0, 1.0], [8.0, 8.0, 8.0, 8.0],
                           [6.0, 6.0, 6.0, 6.0], [3.0, 7.0, 3.0, 7.0], [2.0, 9.0, 2.0, 9.0],
                           [5.0, 5.0, 3.0, 3.0], [8.0, 1.0, 8.0, 1.0], [6.0, 2.0, 6.0, 2.0],
                           [7.0, 3.6, 7.0, 3.6]])[:m]
        self.c = 0.1 * np.array([1, 2, 2, 4, 4, 6, 3, 7, 5, 5])[:m]

    def __call__(self, x):
        x = np.array(x)
        return -np.sum(1 / (np.sum((x - self.a) ** 2, axis=1) + self.c))


class Rastrigin(BaseTestCase):
    def __call__(self, x):
        x = np.array(x)
        return 10 * self.dims + np.sum(x ** 2 - 10 * np.cos(2 * math.pi * x))


class Transformed(BaseTestCase):
    """A test case rotated and shifted as the BBOB suite builds its instances."""

    def __init__(self, case: BaseTestCase, angle: float, shift):
        super().__init__(case.dims)
        self.case = case
        self.shift = np.asarray(shift, dtype=float)
        c, s = math.cos(angle), math.sin(angle)
        self.rotation = np.eye(case.dims)
        self.rotation[0, 0], self.rotation[0, 1] = c, -s
        self.rotation[1, 0], self.rotation[1, 1] = s, c

    def __call__(self, x):
        z = self.rotation @ (np.asarray(x) - self.shift)
        return self.case(z) - self.case.min_fx if hasattr(self.case, "min_fx") else self.case(z)


def multi_start_total(x0s, case):
    """Sum of the objective over the rows of `x0s` (the starts a multi-start optimiser would use)."""
    total = 0.0
    for x0 in x0s:
        total += case(x0)
    return total


# Test wrappers (objects built inside, as a user script does)
def levy(x):
    return Levy(len(x))(x)


def michalewicz(x):
    return Michalewicz(len(x), m=5)(x)


def qing(x):
    return Qing(3)(x)


def styblinski_tang(x):
    return StyblinskiTang(3, shift_positive=True)(x)


def shekel(x):
    return Shekel(m=7)(x)


def rotated_styblinski(x):
    case = Transformed(StyblinskiTang(2), angle=0.3, shift=[0.5, -0.25])
    return case(x)


def multi_start(x0s):
    return multi_start_total(x0s, Rastrigin(2))


CASES = [
    dict(name="levy", function=levy, args=lambda: (np.array([0.3, -1.4, 2.2]),)),
    dict(name="michalewicz", function=michalewicz, args=lambda: (np.array([2.2, 1.57, 1.3]),)),
    dict(name="qing", function=qing, args=lambda: (np.array([0.8, 1.2, -1.9]),)),
    dict(name="styblinski_tang", function=styblinski_tang, args=lambda: (np.array([-2.5, 0.7, 1.9]),)),
    dict(name="shekel", function=shekel, args=lambda: (np.array([3.8, 4.1, 3.9, 4.2]),)),
    dict(name="rotated_styblinski", function=rotated_styblinski, args=lambda: (np.array([-2.1, 1.3]),)),
    dict(name="multi_start", function=multi_start, args=lambda: (np.array([[0.1, -0.2], [1.1, 0.4], [-0.7, 2.3]]),)),
]
