# Written for this corpus (p3) in the style of phylogenetics teaching code (Felsenstein's pruning algorithm as course notebooks and small tree libraries write it): a rooted tree as a nested dict of children with branch lengths, the HKY85 rate matrix built from a transition/transversion ratio and base frequencies and normalised to one substitution per unit time, `P(t) = scipy.linalg.expm(Q * t)`, conditional likelihoods by a recursive `prune(node)` over a column of the alignment, `np.log` of the root's likelihood summed over sites; a Jukes-Cantor closed form for the two-taxon distance. Differentiated in the branch lengths, kappa and the frequencies.
import numpy as np
from scipy.linalg import expm

BASES = "ACGT"

alignment = {
    "human": "ACGTTGCAAC",
    "chimp": "ACGTTGCGAC",
    "gorilla": "ACTTTGCAAC",
    "orang": "GCTTAGCAGC",
}


def hky_rate_matrix(kappa, pi):
    Q = np.zeros((4, 4))
    for i in range(4):
        for j in range(4):
            if i == j:
                continue
            transition = {BASES[i], BASES[j]} in ({"A", "G"}, {"C", "T"})
            Q[i, j] = pi[j] * (kappa if transition else 1.0)
    Q = Q - np.diag(Q.sum(axis=1))
    rate = -np.dot(pi, np.diag(Q))
    return Q / rate


def make_tree(t):
    # ((human:t0, chimp:t1):t2, gorilla:t3, orang:t4)
    return {"children": [({"children": [({"leaf": "human"}, t[0]), ({"leaf": "chimp"}, t[1])]}, t[2]),
                         ({"leaf": "gorilla"}, t[3]), ({"leaf": "orang"}, t[4])]}


def prune(node, site, Q):
    if "leaf" in node:
        partial = np.zeros(4)
        partial[BASES.index(alignment[node["leaf"]][site])] = 1.0
        return partial
    result = np.ones(4)
    for child, length in node["children"]:
        P = expm(Q * length)
        result = result * (P @ prune(child, site, Q))
    return result


def log_likelihood(branch_lengths, kappa, pi):
    Q = hky_rate_matrix(kappa, pi)
    tree = make_tree(branch_lengths)
    n_sites = len(alignment["human"])
    total = 0.0
    for site in range(n_sites):
        total += np.log(np.dot(pi, prune(tree, site, Q)))
    return total


def jukes_cantor_distance_loglik(d, seq1="ACGTTGCAAC", seq2="GCTTAGCAGC"):
    p_same = 0.25 + 0.75 * np.exp(-4.0 * d / 3.0)
    p_diff = 0.25 - 0.25 * np.exp(-4.0 * d / 3.0)
    ll = 0.0
    for a, b in zip(seq1, seq2):
        ll += np.log(0.25 * (p_same if a == b else p_diff))
    return ll


PI = np.array([0.3, 0.2, 0.2, 0.3])
T0 = np.array([0.05, 0.06, 0.1, 0.15, 0.3])

CASES = [
    dict(name="branch_lengths", function=log_likelihood, args=lambda: (T0.copy(), 2.5, PI.copy()), wrt=(0, 1)),
    dict(name="frequencies", function=log_likelihood, args=lambda: (T0.copy(), 2.5, PI.copy()), wrt=(2,)),
    dict(name="jukes_cantor", function=jukes_cantor_distance_loglik, args=lambda: (0.4,)),
]
