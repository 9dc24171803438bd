# Written for this corpus (p1) in the style of sports-rating scripts (Bradley-Terry by maximum likelihood, Elo-style updates as in FiveThirtyEight's explainer): players in a dict keyed by name, games as a list of (winner, loser) tuples, `itertools.combinations` for all pairs, `collections.Counter` of wins, `functools.reduce` to sum log-likelihood terms, a `lambda` link function and an Elo pass over the games.
import collections
import functools
import itertools
import math

import numpy as np

PLAYERS = ["ada", "bob", "cy", "dee"]
GAMES = [("ada", "bob"), ("bob", "cy"), ("ada", "cy"), ("dee", "ada"), ("cy", "dee"),
         ("bob", "dee"), ("ada", "bob"), ("cy", "bob"), ("dee", "cy")]

logistic = lambda d: 1.0 / (1.0 + math.exp(-d))  # noqa: E731


def log_likelihood(strengths, games=GAMES, prior=0.1):
    rating = dict(zip(PLAYERS, strengths))
    terms = [math.log(logistic(rating[w] - rating[l])) for w, l in games]
    ll = functools.reduce(lambda a, b: a + b, terms, 0.0)
    ll -= prior * sum(r ** 2 for r in rating.values())
    return ll


def pairwise_win_matrix(strengths):
    rating = {p: s for p, s in zip(PLAYERS, strengths)}
    total = 0.0
    for a, b in itertools.combinations(PLAYERS, 2):
        p = logistic(rating[a] - rating[b])
        total += p * (1 - p)
    return total


def elo(strengths, k=0.2, games=GAMES):
    ratings = dict(zip(PLAYERS, strengths))
    wins = collections.Counter(w for w, _ in games)
    for w, l in games:
        expected = logistic(ratings[w] - ratings[l])
        ratings[w] = ratings[w] + k * (1 - expected)
        ratings[l] = ratings[l] - k * (1 - expected)
    return sum(ratings[p] * wins[p] for p in PLAYERS)


S0 = np.array([0.3, -0.1, 0.2, -0.4])

CASES = [
    dict(name="log_likelihood", function=log_likelihood, args=lambda: (S0.copy(),)),
    dict(name="pairwise", function=pairwise_win_matrix, args=lambda: (S0.copy(),)),
    dict(name="elo", function=elo, args=lambda: (S0.copy(),)),
]
