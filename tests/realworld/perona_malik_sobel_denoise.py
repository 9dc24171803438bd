# Written for this corpus (p10) in the style of MedPy's `anisotropic_diffusion` and the scikit-image-era Perona-Malik gists: `option=1` / `option=2` conduction functions chosen by an `if`, `niter`, `kappa`, `gamma` keyword defaults, edge strength from `ndimage.sobel(img, axis=0)` and `axis=1` combined by `np.hypot`, the update `img = img + gamma * (ndimage.laplace(img) * c + ...)` written as a flux divergence by `np.diff` with `np.pad`, a list of intermediate images kept with `append`, and an edge-aware denoising loss with a `prewitt` edge-preservation term. Differentiated: the denoising loss with respect to kappa, the diffused image with respect to the noisy image (Jacobian of a small patch), the edge-preserving training loss with respect to the per-pixel image, and the Laplacian-of-Gaussian sharpness score with respect to the image.
import numpy as np
from scipy import ndimage


def conduction(grad_mag, kappa, option=1):
    if option == 1:
        return np.exp(-(grad_mag / kappa) ** 2.0)
    elif option == 2:
        return 1.0 / (1.0 + (grad_mag / kappa) ** 2.0)
    raise ValueError("option must be 1 or 2")


def anisotropic_diffusion(img, niter=5, kappa=0.3, gamma=0.1, option=1, keep=False):
    img = img.astype("float64").copy()
    history = []
    for _ in range(niter):
        # gradients to the south and east neighbour, as in Perona and Malik's paper
        delta_s = np.diff(img, axis=0, append=img[-1:, :])
        delta_e = np.diff(img, axis=1, append=img[:, -1:])
        g_s = conduction(np.abs(delta_s), kappa, option)
        g_e = conduction(np.abs(delta_e), kappa, option)
        flux_s = g_s * delta_s
        flux_e = g_e * delta_e
        div = flux_s - np.pad(flux_s, ((1, 0), (0, 0)))[:-1, :] + flux_e - np.pad(flux_e, ((0, 0), (1, 0)))[:, :-1]
        img = img + gamma * div
        if keep:
            history.append(img)
    return (img, history) if keep else img


def edge_map(img):
    sx = ndimage.sobel(img, axis=0, mode="reflect")
    sy = ndimage.sobel(img, axis=1, mode="reflect")
    return np.hypot(sx, sy)


def make_phantom(n=16):
    yy, xx = np.mgrid[:n, :n]
    img = np.zeros((n, n))
    img[(xx - n / 2) ** 2 + (yy - n / 2) ** 2 < (n / 4) ** 2] = 1.0
    img[2:5, 10:14] = 0.5
    return img


CLEAN = make_phantom()
NOISY = CLEAN + 0.1 * np.random.default_rng(8).standard_normal(CLEAN.shape)


def denoise_loss(kappa, option=2):
    out = anisotropic_diffusion(NOISY, niter=6, kappa=kappa, option=option)
    return np.mean((out - CLEAN) ** 2)


def diffused_patch(noisy):
    return anisotropic_diffusion(noisy, niter=3, kappa=0.4).ravel()


def edge_aware_loss(img, weight=0.05):
    data = 0.5 * np.sum((img - NOISY) ** 2)
    edges = np.hypot(ndimage.prewitt(img, axis=0), ndimage.prewitt(img, axis=1))
    target_edges = edge_map(CLEAN) / 8.0 * 6.0
    return data + weight * np.sum((edges - target_edges) ** 2)


def sharpness(img, sigma=1.0):
    _, history = anisotropic_diffusion(img, niter=2, keep=True)
    log = ndimage.laplace(ndimage.gaussian_filter(history[-1], sigma))
    return np.var(log) + 0.1 * np.mean(edge_map(img) ** 2)


CASES = [
    dict(name="denoise_loss", function=denoise_loss, args=lambda: (0.35,)),
    dict(name="diffused_patch", function=diffused_patch, args=lambda: (NOISY[:6, :6].copy(),), kind="jacobian"),
    dict(name="edge_aware_loss", function=edge_aware_loss, args=lambda: (NOISY.copy(),)),
    dict(name="sharpness", function=sharpness, args=lambda: (NOISY.copy(),)),
]
