# Written for this corpus (p3) in the style of geostatistics scripts (ordinary kriging as PyKrige's `OrdinaryKriging` and GSTools tutorials compute it): a spherical variogram model with `np.where` for the range, pairwise distances by `scipy.spatial.distance.cdist`, the kriging system with a Lagrange row and column of ones solved by `np.linalg.solve`, the prediction and kriging variance at new points; a Gaussian-variogram fit by weighted least squares to the binned experimental semivariogram. Differentiated in the variogram's sill, range and nugget and in the observed values.
import numpy as np
from scipy.spatial.distance import cdist, pdist


def spherical_variogram(params, h):
    sill, rng, nugget = params
    return np.where(h < rng, (sill - nugget) * (1.5 * h / rng - 0.5 * (h / rng) ** 3) + nugget, sill)


def gaussian_variogram(params, h):
    sill, rng, nugget = params
    return (sill - nugget) * (1.0 - np.exp(-(h ** 2) / (rng * 4.0 / 7.0) ** 2)) + nugget


def krige(params, xy, z, xy_new, variogram=spherical_variogram):
    n = len(z)
    A = np.ones((n + 1, n + 1))
    A[:n, :n] = variogram(params, cdist(xy, xy))
    np.fill_diagonal(A[:n, :n], 0.0)
    A[n, n] = 0.0
    predictions, variances = [], []
    for p in xy_new:
        b = np.ones(n + 1)
        b[:n] = variogram(params, np.sqrt(np.sum((xy - p) ** 2, axis=1)))
        w = np.linalg.solve(A, b)
        predictions.append(np.dot(w[:n], z))
        variances.append(np.dot(w, b))
    return np.array(predictions), np.array(variances)


rng_ = np.random.RandomState(7)
XY = rng_.uniform(0, 10, size=(12, 2))
Z = np.sin(XY[:, 0] / 3.0) + 0.5 * np.cos(XY[:, 1] / 2.0) + 0.05 * rng_.randn(12)
XY_NEW = np.array([[2.5, 3.0], [7.0, 8.5], [5.0, 5.0]])


def kriging_objective(params, z):
    pred, var = krige(params, XY, z, XY_NEW)
    return np.sum(pred ** 2) + np.sum(var)


def experimental_semivariogram(xy, z, bins):
    d = pdist(xy)
    g = 0.5 * pdist(z[:, None], "sqeuclidean")
    centers, gammas = [], []
    for lo, hi in zip(bins[:-1], bins[1:]):
        mask = (d >= lo) & (d < hi)
        centers.append(d[mask].mean())
        gammas.append(g[mask].mean())
    return np.array(centers), np.array(gammas)


BINS = np.linspace(0.0, 8.0, 6)


def variogram_fit_loss(params, z):
    h, gamma = experimental_semivariogram(XY, z, BINS)
    return np.sum((gaussian_variogram(params, h) - gamma) ** 2 / gamma)


CASES = [
    dict(name="kriging", function=kriging_objective, args=lambda: (np.array([1.0, 6.0, 0.1]), Z.copy()), wrt=(0, 1)),
    dict(name="gaussian_kriging", function=lambda params: np.sum(krige(params, XY, Z, XY_NEW, gaussian_variogram)[0]),
         args=lambda: (np.array([1.0, 6.0, 0.1]),)),
    dict(name="variogram_fit", function=variogram_fit_loss, args=lambda: (np.array([0.8, 5.0, 0.05]), Z.copy()),
         wrt=(0, 1)),
]
