# Ported from scikit-image (skimage/restoration/_denoise.py `_denoise_tv_chambolle_nd`, Chambolle's projection algorithm as scikit-image writes it: lists of `slice` objects per axis indexed as `d[tuple(slices_d)] += p[tuple(slices_p)]`, `np.diff(out, axis=ax)` written into `g`, `norm *= tau / weight; norm += 1.; p -= tau * g; p /= norm`, an energy `E` compared with `E_previous` under `eps * E_init` in a `while i < max_num_iter` loop with `break`), and the `np.roll` periodic variant of Chambolle's dual iteration as image-processing tutorials write it; the test wrappers score the denoised image against a clean one. Differentiated in the noisy image and the regularisation weight.
import numpy as np


def _denoise_tv_chambolle_nd(image, weight=0.1, eps=2.e-4, max_num_iter=200):
    ndim = image.ndim
    p = np.zeros((image.ndim, ) + image.shape, dtype=image.dtype)
    g = np.zeros_like(p)
    d = np.zeros_like(image)
    i = 0
    while i < max_num_iter:
        if i > 0:
            # d will be the (negative) divergence of p
            d = -p.sum(0)
            slices_d = [slice(None), ] * ndim
            slices_p = [slice(None), ] * (ndim + 1)
            for ax in range(ndim):
                slices_d[ax] = slice(1, None)
                slices_p[ax + 1] = slice(0, -1)
                slices_p[0] = ax
                d[tuple(slices_d)] += p[tuple(slices_p)]
                slices_d[ax] = slice(None)
                slices_p[ax + 1] = slice(None)
            out = image + d
        else:
            out = image
        E = (d ** 2).sum()

        # g stores the gradients of out along each axis
        # e.g. g[0] is the first order finite difference along axis 0
        slices_g = [slice(None), ] * (ndim + 1)
        for ax in range(ndim):
            slices_g[ax + 1] = slice(0, -1)
            slices_g[0] = ax
            g[tuple(slices_g)] = np.diff(out, axis=ax)
            slices_g[ax + 1] = slice(None)

        norm = np.sqrt((g ** 2).sum(axis=0))[np.newaxis, ...]
        E += weight * norm.sum()
        tau = 1. / (2. * ndim)
        norm *= tau / weight
        norm += 1.
        p -= tau * g
        p /= norm
        E /= float(image.size)
        if i == 0:
            E_init = E
            E_previous = E
        else:
            if np.abs(E_previous - E) < eps * E_init:
                break
            else:
                E_previous = E
        i += 1
    return out


def tv_denoise_roll(f, lam=0.15, n_iter=30, tau=0.125):
    """Chambolle's dual iteration with periodic differences (`np.roll`), as tutorials write it."""
    px = np.zeros_like(f)
    py = np.zeros_like(f)
    for _ in range(n_iter):
        div = px - np.roll(px, 1, axis=1) + py - np.roll(py, 1, axis=0)
        u = f - lam * div
        gx = np.roll(u, -1, axis=1) - u
        gy = np.roll(u, -1, axis=0) - u
        mag = np.sqrt(gx ** 2 + gy ** 2)
        px = (px - tau / lam * gx) / (1.0 + tau / lam * mag)
        py = (py - tau / lam * gy) / (1.0 + tau / lam * mag)
    return f - lam * (px - np.roll(px, 1, axis=1) + py - np.roll(py, 1, axis=0))


_yy, _xx = np.mgrid[0:10, 0:10]
CLEAN = ((_xx - 4.5) ** 2 + (_yy - 4.5) ** 2 < 12).astype(float)
NOISY = CLEAN + 0.2 * np.random.RandomState(1).randn(10, 10)


def chambolle_error(noisy, weight=0.2):
    """Test wrapper: a fixed number of iterations (eps=0 never breaks early: the iteration count
    stays put under the finite differences' perturbations)."""
    out = _denoise_tv_chambolle_nd(noisy, weight=weight, eps=0.0, max_num_iter=25)
    return np.mean((out - CLEAN) ** 2)


def chambolle_weight(weight):
    return chambolle_error(NOISY, weight)


def chambolle_converged(noisy):
    """The author's stopping rule as it stands (eps=2e-4, breaking when the energy settles)."""
    out = _denoise_tv_chambolle_nd(noisy, weight=0.15)
    return np.mean((out - CLEAN) ** 2)


def roll_error(noisy, lam=0.15):
    return np.mean((tv_denoise_roll(noisy, lam) - CLEAN) ** 2)


CASES = [
    dict(name="chambolle_image", function=chambolle_error, args=lambda: (NOISY.copy(),)),
    dict(name="chambolle_weight", function=chambolle_weight, args=lambda: (0.2,)),
    dict(name="chambolle_converged", function=chambolle_converged, args=lambda: (NOISY.copy(),)),
    dict(name="roll_image_and_weight", function=roll_error, args=lambda: (NOISY.copy(), 0.15), wrt=(0, 1)),
]
