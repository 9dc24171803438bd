# Written for this corpus (p4) in the style of population-ecology scripts (Caswell's "Matrix Population Models": a Leslie matrix from age-specific fecundities and survival probabilities): `leslie(F, P)` filling the first row and the subdiagonal (`L[np.arange(1, n), np.arange(n - 1)] = P`), the asymptotic growth rate as the dominant eigenvalue from `np.linalg.eig` picked by `np.argmax(np.abs(w))` with `.real`, the stable age distribution normalised to sum to one, a projection `n_t = L^t n_0` by `np.linalg.matrix_power` and by a loop, and Caswell's sensitivity formula `s_ij = v_i w_j / <v, w>` (the author's derivative, checked against the finite differences). Differentiated in the fecundities and survival probabilities.
import numpy as np

FECUNDITY = np.array([0.0, 0.8, 1.6, 1.2, 0.6])
SURVIVAL = np.array([0.55, 0.75, 0.8, 0.6])
N0 = np.array([100.0, 60.0, 40.0, 25.0, 10.0])


def leslie(F, P):
    n = len(F)
    L = np.zeros((n, n))
    L[0, :] = F
    L[np.arange(1, n), np.arange(n - 1)] = P
    return L


def dominant_eigen(A):
    w, V = np.linalg.eig(A)
    i = np.argmax(np.abs(w))
    lam = w[i].real
    right = np.abs(V[:, i].real)
    return lam, right / right.sum()


def growth_rate(F, P):
    lam, _ = dominant_eigen(leslie(F, P))
    return lam


def sensitivity_matrix(A):
    """Caswell (2001), eq. 9.14: d(lambda)/d(a_ij) = v_i w_j / <v, w>."""
    lam, w = dominant_eigen(A)
    _, v = dominant_eigen(A.T)
    return np.outer(v, w) / (v @ w)


def growth_rate_sensitivity(F, P):
    """The sensitivities of lambda to the fecundities (first row) and survivals (subdiagonal)."""
    S = sensitivity_matrix(leslie(F, P))
    n = len(F)
    return np.concatenate([S[0, :], S[np.arange(1, n), np.arange(n - 1)]])


def stable_age_juveniles(F, P):
    _, w = dominant_eigen(leslie(F, P))
    return w[0]


def projected_total(F, P, years=15):
    L = leslie(F, P)
    n_t = np.linalg.matrix_power(L, years) @ N0
    return np.log(n_t.sum())


def projected_by_loop(F, P, years=15, harvest=0.1):
    L = leslie(F, P)
    n = N0.copy()
    totals = []
    for year in range(years):
        n = L @ n
        n[1:] *= 1.0 - harvest          # adults harvested each year
        totals.append(n.sum())
    return np.mean(np.log(totals))


CASES = [
    dict(name="growth_rate", function=growth_rate, args=lambda: (FECUNDITY.copy(), SURVIVAL.copy()), wrt=(0, 1),
         reference=growth_rate_sensitivity),
    dict(name="stable_age", function=stable_age_juveniles, args=lambda: (FECUNDITY.copy(), SURVIVAL.copy()), wrt=(0, 1)),
    dict(name="projection_matrix_power", function=projected_total, args=lambda: (FECUNDITY.copy(), SURVIVAL.copy()), wrt=(0, 1)),
    dict(name="projection_loop", function=projected_by_loop, args=lambda: (FECUNDITY.copy(), SURVIVAL.copy()), wrt=(0, 1)),
]
