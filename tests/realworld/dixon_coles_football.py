# Ported from dashee87/blogScripts ("Predicting Football Results With Statistical Modelling: Dixon-Coles and Time-Weighting", David Sheehan, 2018: `rho_correction`'s if/elif chain, `dc_log_like` with `poisson.pmf`, `solve_parameters`' inner `estimate_paramters` building `score_coefs`/`defend_coefs` dicts with `dict(zip(teams, params[...]))` and summing a list comprehension over the matches, and the time-weighted version's `np.exp(-xi * t)`), with a list of namedtuples in place of the pandas DataFrame and its `itertuples()`. Differentiated in the attack and defence strengths, rho and the home advantage.
from collections import namedtuple

import numpy as np
from scipy.stats import poisson

Match = namedtuple("Match", ["HomeTeam", "AwayTeam", "HomeGoals", "AwayGoals", "days_ago"])

RESULTS = [
    ("Arsenal", "Chelsea", 2, 1, 3), ("Liverpool", "Everton", 0, 0, 10), ("Chelsea", "Liverpool", 1, 1, 17),
    ("Everton", "Arsenal", 1, 0, 24), ("Arsenal", "Liverpool", 3, 2, 31), ("Everton", "Chelsea", 0, 2, 38),
    ("Liverpool", "Arsenal", 1, 0, 45), ("Chelsea", "Everton", 3, 0, 52), ("Chelsea", "Arsenal", 0, 1, 59),
    ("Everton", "Liverpool", 1, 2, 66), ("Liverpool", "Chelsea", 2, 2, 73), ("Arsenal", "Everton", 4, 1, 80),
    ("Arsenal", "Chelsea", 0, 0, 87), ("Liverpool", "Everton", 1, 0, 94), ("Everton", "Arsenal", 2, 2, 101),
]
DATASET = [Match(*r) for r in RESULTS]


def rho_correction(x, y, lambda_x, mu_y, rho):
    if x == 0 and y == 0:
        return 1 - (lambda_x * mu_y * rho)
    elif x == 0 and y == 1:
        return 1 + (lambda_x * rho)
    elif x == 1 and y == 0:
        return 1 + (mu_y * rho)
    elif x == 1 and y == 1:
        return 1 - rho
    else:
        return 1.0


def dc_log_like(x, y, alpha_x, beta_x, alpha_y, beta_y, rho, gamma):
    lambda_x, mu_y = np.exp(alpha_x + beta_y + gamma), np.exp(alpha_y + beta_x)
    return (np.log(rho_correction(x, y, lambda_x, mu_y, rho)) +
            np.log(poisson.pmf(x, lambda_x)) + np.log(poisson.pmf(y, mu_y)))


def make_objective(dataset, xi=0.0):
    teams = np.sort(list({m.HomeTeam for m in dataset}))
    n_teams = len(teams)

    def estimate_paramters(params):
        score_coefs = dict(zip(teams, params[:n_teams]))
        defend_coefs = dict(zip(teams, params[n_teams:(2 * n_teams)]))
        rho, gamma = params[-2:]
        log_like = [np.exp(-xi * row.days_ago) *
                    dc_log_like(row.HomeGoals, row.AwayGoals, score_coefs[row.HomeTeam], defend_coefs[row.HomeTeam],
                                score_coefs[row.AwayTeam], defend_coefs[row.AwayTeam], rho, gamma)
                    for row in dataset]
        return -sum(log_like)
    return estimate_paramters


def home_win_probability(params, home="Arsenal", away="Everton", max_goals=8):
    """The model's P(home win) from its score matrix, as the blog's `dixon_coles_simulate_match`."""
    teams = sorted({m.HomeTeam for m in DATASET})
    n = len(teams)
    attack, defence = dict(zip(teams, params[:n])), dict(zip(teams, params[n:2 * n]))
    rho, gamma = params[-2:]
    team_avgs = [np.exp(attack[home] + defence[away] + gamma), np.exp(attack[away] + defence[home])]
    team_pred = [[poisson.pmf(i, team_avg) for i in range(0, max_goals + 1)] for team_avg in team_avgs]
    output_matrix = np.outer(np.array(team_pred[0]), np.array(team_pred[1]))
    correction_matrix = np.array([[rho_correction(home_goals, away_goals, team_avgs[0], team_avgs[1], rho)
                                   for away_goals in range(2)] for home_goals in range(2)])
    output_matrix[:2, :2] = output_matrix[:2, :2] * correction_matrix
    return np.sum(np.tril(output_matrix, -1))


INIT = np.array([0.3, 0.1, -0.1, 0.2, -0.2, -0.05, 0.1, -0.1, -0.08, 0.25])

CASES = [
    dict(name="neg_log_likelihood", function=make_objective(DATASET), args=lambda: (INIT.copy(),)),
    dict(name="time_weighted", function=make_objective(DATASET, xi=0.0065), args=lambda: (INIT.copy(),)),
    dict(name="home_win", function=home_win_probability, args=lambda: (INIT.copy(),)),
]
