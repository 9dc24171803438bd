# Written for this corpus (i5) in the style of an image-processing tutorial: total-variation denoising energy with np.gradient and np.diff.
import numpy as np


def tv_energy(u, f, lam=0.2, eps=1e-3):
    ux, uy = np.gradient(u)
    tv = np.sum(np.sqrt(ux ** 2 + uy ** 2 + eps ** 2))
    return 0.5 * np.sum((u - f) ** 2) + lam * tv


def anisotropic(u, f, lam=0.2):
    dx = np.diff(u, axis=1)
    dy = np.diff(u, axis=0)
    return 0.5 * np.linalg.norm(u - f) ** 2 + lam * (np.abs(dx).sum() + np.abs(dy).sum())


def gradient_descent(f, steps=5, tau=0.1):
    u = f.copy()
    for _ in range(steps):
        ux, uy = np.gradient(u, 0.5, axis=0), np.gradient(u, axis=1)
        norm = np.sqrt(ux ** 2 + uy ** 2 + 1e-2)
        div = np.gradient(ux / norm, 0.5, axis=0) + np.gradient(uy / norm, axis=1)
        u = u - tau * ((u - f) - 0.1 * div)
    return np.mean(u ** 2)


rng = np.random.RandomState(8)
img = rng.rand(5, 6)

CASES = [
    dict(name="tv", function=tv_energy, args=lambda: (img.copy() * 0.9, img.copy()), wrt=(0, 1)),
    dict(name="anisotropic", function=anisotropic, args=lambda: (img.copy() * 0.9 + 0.01, img.copy())),
    dict(name="descent", function=gradient_descent, args=lambda: (img.copy(),)),
]
