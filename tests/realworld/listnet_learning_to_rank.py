# Written for this corpus (p11) in the style of learning-to-rank code in NumPy (ListNet's top-one cross entropy as Cao et al. 2007 and the allRank/PTRanking losses write it, ListMLE's Plackett-Luce likelihood with a reversed cumulative logsumexp, a softmax made by `functools.partial` with a temperature): queries in a dict `{qid: (features, relevance)}` iterated with `.items()`, a `LinearScorer` class with `__call__`, a `listnet_loss` helper with keyword defaults (`temperature=1.0, eps=1e-10`), the per-query losses collected in a list comprehension and averaged, `np.argsort(-relevance)` orderings, an NDCG@k metric computed alongside and checked in an f-string assert, and a sampled-negatives variant drawing a subset with `np.random.default_rng(seed).choice` inside the loss. Differentiated: the ListNet loss in the weights, the ListMLE loss in the weights, the temperature's effect, and the sampled loss.
import functools

import numpy as np


def softmax(x, temperature=1.0):
    z = x / temperature
    z = z - np.max(z)
    e = np.exp(z)
    return e / e.sum()


def listnet_loss(scores, relevance, temperature=1.0, eps=1e-10):
    """Cross entropy between the top-one probabilities of the labels and of the scores."""
    target = functools.partial(softmax, temperature=1.0)(relevance)
    predicted = functools.partial(softmax, temperature=temperature)(scores)
    return -np.sum(target * np.log(predicted + eps))


def listmle_loss(scores, relevance):
    """Negative Plackett-Luce log-likelihood of the ideal ordering."""
    order = np.argsort(-relevance, kind="stable")
    s = scores[order]
    # log sum_{j >= i} exp(s_j), from the end of the list
    cumulative = np.log(np.cumsum(np.exp(s[::-1] - s.max())))[::-1] + s.max()
    return np.sum(cumulative - s)


def ndcg_at_k(scores, relevance, k=3):
    order = np.argsort(-scores)[:k]
    ideal = np.sort(relevance)[::-1][:k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = np.sum((2 ** relevance[order] - 1) * discounts[:len(order)])
    idcg = np.sum((2 ** ideal - 1) * discounts[:len(ideal)])
    return dcg / idcg if idcg > 0 else 0.0


class LinearScorer:
    def __init__(self, weights, bias=0.0):
        self.weights = weights
        self.bias = bias

    def __call__(self, features):
        return features @ self.weights + self.bias


rng_data = np.random.default_rng(11)
TRUE_W = np.array([1.0, -0.5, 0.8, 0.3])
QUERIES = {}
for qid, n_docs in zip(["q1", "q2", "q3", "q4"], [6, 5, 7, 4]):
    X = rng_data.normal(size=(n_docs, 4))
    relevance = np.clip(np.round(X @ TRUE_W + rng_data.normal(0, 0.5, n_docs) + 1.0), 0, 3)
    QUERIES[qid] = (X, relevance)


def mean_listnet(weights, queries=QUERIES, temperature=1.0):
    model = LinearScorer(weights)
    losses = [listnet_loss(model(X), rel, temperature=temperature) for qid, (X, rel) in queries.items()]
    ndcgs = [ndcg_at_k(model(X), rel) for X, rel in queries.values()]
    assert all(0.0 <= g <= 1.0 + 1e-12 for g in ndcgs), f"NDCG out of range: {ndcgs}"
    return sum(losses) / len(losses)


def mean_listmle(weights, queries=QUERIES):
    model = LinearScorer(weights, bias=0.5)
    total = 0.0
    for qid in sorted(queries):
        X, rel = queries[qid]
        total += listmle_loss(model(X), rel) / len(rel)
    return total / len(queries)


def listnet_in_temperature(temperature):
    return mean_listnet(TRUE_W * 0.7, temperature=temperature)


def sampled_listnet(weights, seed=5, n_sample=4):
    """Each query's list cut to a random subset of its documents, drawn afresh per call."""
    rng = np.random.default_rng(seed)
    model = LinearScorer(weights)
    losses = []
    for qid, (X, rel) in QUERIES.items():
        keep = rng.choice(len(rel), size=min(n_sample, len(rel)), replace=False)
        losses.append(listnet_loss(model(X[keep]), rel[keep], temperature=0.5))
    return np.mean(losses)


W0 = np.array([0.4, 0.1, 0.3, -0.2])

CASES = [
    dict(name="mean_listnet", function=mean_listnet, args=lambda: (W0.copy(),)),
    dict(name="mean_listmle", function=mean_listmle, args=lambda: (W0.copy(),)),
    dict(name="listnet_in_temperature", function=listnet_in_temperature, args=lambda: (0.8,)),
    dict(name="sampled_listnet", function=sampled_listnet, args=lambda: (W0.copy(),)),
]
