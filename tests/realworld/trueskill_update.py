# Written for this corpus (p2) in the style of TrueSkill's two-player update (Herbrich, Minka & Graepel 2007; the `v` and `w` truncation functions as in Jeff Moser's "Computing your skill" and the `trueskill` package): `Rating` as a NamedTuple, `scipy.stats.norm.pdf`/`cdf`, `math.sqrt`, `beta` and `tau` keyword defaults, a season of games folded over a dict of ratings, and the log-evidence of the results.
import math
from typing import NamedTuple

import numpy as np
from scipy.stats import norm


class Rating(NamedTuple):
    mu: float
    sigma: float


def v_win(t, eps):
    return norm.pdf(t - eps) / norm.cdf(t - eps)


def w_win(t, eps):
    v = v_win(t, eps)
    return v * (v + t - eps)


def rate_1vs1(winner, loser, beta=25 / 6, tau=25 / 300, draw_margin=0.0):
    sigma_w = math.sqrt(winner.sigma ** 2 + tau ** 2)
    sigma_l = math.sqrt(loser.sigma ** 2 + tau ** 2)
    c = math.sqrt(2 * beta ** 2 + sigma_w ** 2 + sigma_l ** 2)
    t = (winner.mu - loser.mu) / c
    eps = draw_margin / c
    v, w = v_win(t, eps), w_win(t, eps)
    new_winner = Rating(winner.mu + sigma_w ** 2 / c * v, sigma_w * math.sqrt(1 - sigma_w ** 2 / c ** 2 * w))
    new_loser = Rating(loser.mu - sigma_l ** 2 / c * v, sigma_l * math.sqrt(1 - sigma_l ** 2 / c ** 2 * w))
    return new_winner, new_loser, math.log(norm.cdf(t - eps))


SEASON = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "a"), ("a", "b")]


def season_evidence(mus, sigma=25 / 3):
    ratings = {name: Rating(mu, sigma) for name, mu in zip("abc", mus)}
    log_evidence = 0.0
    for w, l in SEASON:
        ratings[w], ratings[l], ll = rate_1vs1(ratings[w], ratings[l])
        log_evidence += ll
    return log_evidence + sum(r.mu for r in ratings.values()) * 0.01


CASES = [
    dict(name="season_evidence", function=season_evidence, args=lambda: (np.array([27.0, 25.0, 22.0]), 25 / 3), wrt=(0, 1)),
    dict(name="one_game", function=lambda mw, ml: sum(rate_1vs1(Rating(mw, 8.0), Rating(ml, 7.0))[0]),
         args=lambda: (26.0, 24.0), wrt=(0, 1)),
]
