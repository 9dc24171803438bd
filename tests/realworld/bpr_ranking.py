# Written for this corpus (p2) in the style of Bayesian Personalized Ranking (Rendle et al. 2009) as coded in the recommender-system tutorials that sample (user, positive, negative) triples: a `class BPR` with `__call__` computing `x_uij = u . (i - j)`, `-log(sigmoid(x_uij))` via `np.logaddexp(0, -x)`, an L2 term, triples sampled from a seeded generator as a list of tuples, `zip(*triples)` to fancy-index.
import numpy as np


class BPR:
    def __init__(self, n_users, n_items, n_factors=4, reg=0.01, seed=0):
        self.n_users = n_users
        self.n_items = n_items
        self.n_factors = n_factors
        self.reg = reg
        self.rng = np.random.default_rng(seed)

    def sample(self, interactions, n):
        triples = []
        for _ in range(n):
            u = self.rng.integers(self.n_users)
            pos = interactions[u]
            i = pos[self.rng.integers(len(pos))]
            j = self.rng.integers(self.n_items)
            while j in pos:
                j = self.rng.integers(self.n_items)
            triples.append((u, i, j))
        return triples

    def __call__(self, user_factors, item_factors, triples):
        users, pos, neg = (np.array(v) for v in zip(*triples))
        u = user_factors[users]
        x_uij = np.sum(u * (item_factors[pos] - item_factors[neg]), axis=1)
        loss = np.sum(np.logaddexp(0.0, -x_uij))
        loss += self.reg * (np.sum(u ** 2) + np.sum(item_factors[pos] ** 2) + np.sum(item_factors[neg] ** 2))
        return loss


INTERACTIONS = {0: [1, 3], 1: [0, 2, 5], 2: [4], 3: [1, 2]}
MODEL = BPR(4, 6)
TRIPLES = MODEL.sample(INTERACTIONS, 10)

rs = np.random.RandomState(11)
U0 = rs.normal(0, 0.3, (4, 4))
I0 = rs.normal(0, 0.3, (6, 4))

CASES = [
    dict(name="bpr_loss", function=lambda U, I: MODEL(U, I, TRIPLES), args=lambda: (U0.copy(), I0.copy()), wrt=(0, 1)),
]
