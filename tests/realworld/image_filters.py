# Written for this corpus (p1) in the style of image-processing tutorials (the "Gaussian blur from scratch" and "Sobel edge detection in NumPy" posts, Tomasi & Manduchi's bilateral filter as course code): a separable Gaussian kernel by `np.convolve` along rows with `np.apply_along_axis`, Sobel gradients by shifted slices of an `np.pad`ded image, and a bilateral filter looping over window offsets.
import numpy as np


def gaussian_kernel1d(sigma, radius=None):
    if radius is None:
        radius = int(3 * sigma + 0.5)
    x = np.arange(-radius, radius + 1)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return k / k.sum()


def blur(img, sigma=1.0):
    k = gaussian_kernel1d(sigma)
    rows = np.apply_along_axis(lambda r: np.convolve(r, k, mode="same"), 1, img)
    return np.apply_along_axis(lambda c: np.convolve(c, k, mode="same"), 0, rows)


def blur_loop(img, sigma=1.0):
    k = gaussian_kernel1d(sigma)
    out = np.array([np.convolve(row, k, mode="same") for row in img])
    out = np.array([np.convolve(col, k, mode="same") for col in out.T]).T
    return out


def sobel(img):
    p = np.pad(img, 1, mode="edge")
    gx = (p[:-2, 2:] + 2 * p[1:-1, 2:] + p[2:, 2:]) - (p[:-2, :-2] + 2 * p[1:-1, :-2] + p[2:, :-2])
    gy = (p[2:, :-2] + 2 * p[2:, 1:-1] + p[2:, 2:]) - (p[:-2, :-2] + 2 * p[:-2, 1:-1] + p[:-2, 2:])
    return np.hypot(gx, gy)


def bilateral(img, radius=1, sigma_s=1.0, sigma_r=0.3):
    H, W = img.shape
    p = np.pad(img, radius, mode="reflect")
    num = np.zeros_like(img)
    den = np.zeros_like(img)
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            shifted = p[radius + dy:radius + dy + H, radius + dx:radius + dx + W]
            w = np.exp(-(dx * dx + dy * dy) / (2 * sigma_s ** 2)) * np.exp(-(shifted - img) ** 2 / (2 * sigma_r ** 2))
            num += w * shifted
            den += w
    return num / den


def edge_energy(img):
    # test wrapper: a scalar loss of the filtered image
    return np.sum(sobel(blur(img, 0.8)) ** 2)


def edge_energy_loop(img):
    return np.mean(sobel(blur_loop(img, 0.8)))


def bilateral_loss(img, target):
    return np.sum((bilateral(img) - target) ** 2)


rs = np.random.RandomState(0)
IMG = rs.rand(7, 8)
TARGET = rs.rand(7, 8)

CASES = [
    dict(name="edge_energy", function=edge_energy, args=lambda: (IMG.copy(),)),
    dict(name="edge_energy_loop", function=edge_energy_loop, args=lambda: (IMG.copy(),)),
    dict(name="bilateral", function=bilateral_loss, args=lambda: (IMG.copy(), TARGET.copy())),
]
