# Written for this corpus (p6) in the style of QuantEcon's "OOP II: Building Classes" lecture (Sargent and Stachurski), its `Solow` class as the lecture and its many copies write it: parameters unpacked in `__init__` by a tuple assignment (`self.n, self.s, self.d, self.alpha, self.z = n, s, d, alpha, z`), `h()` the update rule reading `self.k`, `update()` rebinding `self.k = self.h()`, `steady_state()` in closed form, `generate_sequence(t)` appending `self.k` to a list while it calls `self.update()`, objects built from a tuple spread `Solow(*baseline_params)` and an attribute reset after construction (`s2.k = 8.0`), and the lecture's companion `Market` class (linear demand and supply, `@property`-free methods `price()`, `quantity()`, `consumer_surp()` by `scipy.integrate.quad` of a lambda over the inverse demand). Differentiated in the parameters: capital after 60 periods, the path's sum, the steady state, and consumer surplus and equilibrium price.
import numpy as np
from scipy.integrate import quad


class Solow:
    r"""
    Implements the Solow growth model with the update rule

        k_{t+1} = [(s z k^α_t) + (1 - δ)k_t] / (1 + n)

    """
    def __init__(self, n=0.05,  # population growth rate
                       s=0.25,  # savings rate
                       δ=0.1,   # depreciation rate
                       α=0.3,   # share of labor
                       z=2.0,   # productivity
                       k=1.0):  # current capital stock

        self.n, self.s, self.δ, self.α, self.z = n, s, δ, α, z
        self.k = k

    def h(self):
        "Evaluate the h function"
        # Unpack parameters (get rid of self to simplify notation)
        n, s, δ, α, z = self.n, self.s, self.δ, self.α, self.z
        # Apply the update rule
        return (s * z * self.k**α + (1 - δ) * self.k) / (1 + n)

    def update(self):
        "Update the current state (i.e., the capital stock)."
        self.k = self.h()

    def steady_state(self):
        "Compute the steady state value of capital."
        # Unpack parameters (get rid of self to simplify notation)
        n, s, δ, α, z = self.n, self.s, self.δ, self.α, self.z
        # Compute and return steady state
        return ((s * z) / (n + δ))**(1 / (1 - α))

    def generate_sequence(self, t):
        "Generate and return a time series of length t"
        path = []
        for i in range(t):
            path.append(self.k)
            self.update()
        return path


class Market:

    def __init__(self, ad, bd, az, bz, tax):
        """
        Set up market parameters.  All parameters are scalars.  See
        https://lectures.quantecon.org/py/python_oop.html for interpretation.

        """
        self.ad, self.bd, self.az, self.bz, self.tax = ad, bd, az, bz, tax
        if ad < az:
            raise ValueError('Insufficient demand.')

    def price(self):
        "Return equilibrium price"
        return (self.ad - self.az + self.bz * self.tax) / (self.bd + self.bz)

    def quantity(self):
        "Compute equilibrium quantity"
        return self.ad - self.bd * self.price()

    def consumer_surp(self):
        "Compute consumer surplus"
        # == Compute area under inverse demand function == #
        integrand = lambda x: (self.ad / self.bd) - (1 / self.bd) * x
        area, error = quad(integrand, 0, self.quantity())
        return area - self.price() * self.quantity()

    def producer_surp(self):
        "Compute producer surplus"
        #  == Compute area above inverse supply curve, excluding tax == #
        integrand = lambda x: -(self.az / self.bz) + (1 / self.bz) * x
        area, error = quad(integrand, 0, self.quantity())
        return (self.price() - self.tax) * self.quantity() - area

    def taxrev(self):
        "Compute tax revenue"
        return self.tax * self.quantity()

    def inverse_demand(self, x):
        "Compute inverse demand"
        return self.ad / self.bd - (1 / self.bd) * x


def capital_after(params):
    """Test wrapper: capital after 60 periods of the lecture's high-capital economy (`s2.k = 8.0`),
    as a function of (n, s, δ, α)."""
    baseline_params = params[0], params[1], params[2], params[3], 2.0, 1.0
    s2 = Solow(*baseline_params)  # The 'splat' operator * breaks up the tuple
    s2.k = 8.0                    # Reset s2.k to make high capital economy
    T = 60
    path = s2.generate_sequence(T)
    return s2.k


def path_sum(params):
    """Test wrapper: the sum of the capital series, as a function of (s, α, z) with keywords."""
    s1 = Solow(s=params[0], α=params[1], z=params[2])
    return np.sum(s1.generate_sequence(25))


def gap_to_steady_state(params):
    """Test wrapper: the distance left to the steady state after 20 periods."""
    s = Solow(n=params[0], s=params[1], k=params[2])
    s.generate_sequence(20)
    return s.steady_state() - s.k


def welfare(params):
    """Test wrapper: consumer plus producer surplus plus tax revenue of the lecture's market."""
    ad, bd, az, bz, tax = params
    m = Market(ad, bd, az, bz, tax)
    return m.consumer_surp() + m.producer_surp() + m.taxrev()


def equilibrium(params):
    """Test wrapper: price and quantity (a Jacobian), the market built as the lecture builds it."""
    baseline_params = params[0], params[1], params[2], params[3], params[4]
    m = Market(*baseline_params)
    return np.array([m.price(), m.quantity(), m.inverse_demand(m.quantity())])


BASELINE = np.array([0.05, 0.25, 0.1, 0.3])
MARKET = np.array([15.0, 0.5, -2.0, 0.5, 3.0])

CASES = [
    dict(name="capital_after", function=capital_after, args=lambda: (BASELINE.copy(),)),
    dict(name="path_sum", function=path_sum, args=lambda: (np.array([0.25, 0.3, 2.0]),)),
    dict(name="gap_to_steady_state", function=gap_to_steady_state, args=lambda: (np.array([0.05, 0.25, 0.8]),)),
    dict(name="welfare", function=welfare, args=lambda: (MARKET.copy(),)),
    dict(name="equilibrium", function=equilibrium, args=lambda: (MARKET.copy(),), kind="jacobian"),
]
