# Written for this corpus (p7) in the style of chemical-kinetics teaching code that builds a mass-action model from reaction strings (a `Reaction` class parsing `"2 H2 + O2 -> 2 H2O"` by `str.split("->")`, `split("+")` and `strip()`, coefficients read with `int(...)` when a term starts with a digit, a `Network` collecting `species` in first-seen order, a stoichiometry matrix built from `reactant`/`product` dicts, `rates(c, k)` as `k[j] * prod(c[s] ** nu)` per reaction, `rhs = S @ rates`, and an explicit RK2 `integrate(c0, k, t_end, dt)` loop). Differentiated: the final concentration of the intermediate and the time-integrated product yield w.r.t. the rate constants.
import numpy as np


class Reaction:
    def __init__(self, equation, name=None):
        self.equation = equation
        self.name = name or equation
        left, right = equation.split("->")
        self.reactants = self._parse_side(left)
        self.products = self._parse_side(right)

    @staticmethod
    def _parse_side(side):
        terms = {}
        for term in side.split("+"):
            term = term.strip()
            if not term:
                continue
            parts = term.split()
            if len(parts) == 2 and parts[0].isdigit():
                coeff, species = int(parts[0]), parts[1]
            else:
                coeff, species = 1, parts[0]
            terms[species] = terms.get(species, 0) + coeff
        return terms


class Network:
    def __init__(self, equations):
        self.reactions = [Reaction(eq) for eq in equations]
        self.species = []
        for reaction in self.reactions:
            for s in list(reaction.reactants) + list(reaction.products):
                if s not in self.species:
                    self.species.append(s)
        self.index = {s: i for i, s in enumerate(self.species)}
        self.S = np.zeros((len(self.species), len(self.reactions)))
        for j, reaction in enumerate(self.reactions):
            for s, nu in reaction.reactants.items():
                self.S[self.index[s], j] -= nu
            for s, nu in reaction.products.items():
                self.S[self.index[s], j] += nu

    def rates(self, c, k):
        r = []
        for j, reaction in enumerate(self.reactions):
            rate = k[j]
            for s, nu in reaction.reactants.items():
                rate = rate * c[self.index[s]] ** nu
            r.append(rate)
        return np.array(r)

    def rhs(self, c, k):
        return self.S @ self.rates(c, k)

    def integrate(self, c0, k, t_end, dt=0.01):
        c = np.array(c0, dtype=float)
        t = 0.0
        while t < t_end - 1e-12:
            k1 = self.rhs(c, k)
            k2 = self.rhs(c + dt * k1, k)
            c = c + 0.5 * dt * (k1 + k2)
            t += dt
        return c


NETWORK = Network(["A + B -> I", "I -> A + B", "I + B -> P", "2 I -> D"])
C0 = {"A": 1.0, "B": 1.5}


def initial(network):
    return np.array([C0.get(s, 0.0) for s in network.species])


def intermediate_at_end(k):
    c = NETWORK.integrate(initial(NETWORK), k, t_end=1.0, dt=0.02)
    return c[NETWORK.index["I"]]


def product_yield(k):
    """Test wrapper: the product's concentration summed over a coarse time grid (a yield proxy)."""
    c = initial(NETWORK)
    total = 0.0
    for _ in range(5):
        c = NETWORK.integrate(c, k, t_end=0.2, dt=0.02)
        total += c[NETWORK.index["P"]] * 0.2
    return total


K0 = np.array([2.0, 0.5, 1.2, 0.8])

CASES = [
    dict(name="intermediate_at_end", function=intermediate_at_end, args=lambda: (K0.copy(),)),
    dict(name="product_yield", function=product_yield, args=lambda: (K0.copy(),)),
]
