# Written for this corpus (p1) in the style of NeRF's volume rendering written in NumPy (the "NeRF from scratch" tutorials after Mildenhall et al. 2020, `raw2outputs`): densities through ReLU, `alpha = 1 - exp(-sigma * delta)`, transmittance as an exclusive `np.cumprod` of `1 - alpha + 1e-10`, per-sample weights, the rendered colour, depth and accumulated opacity; a tiny MLP field with positional encoding.
import numpy as np


def positional_encoding(x, L=3):
    out = [x]
    for i in range(L):
        out.append(np.sin(2.0 ** i * np.pi * x))
        out.append(np.cos(2.0 ** i * np.pi * x))
    return np.concatenate(out, axis=-1)


def field(params, pts):
    h = np.maximum(positional_encoding(pts) @ params["W1"] + params["b1"], 0)
    raw = h @ params["W2"] + params["b2"]
    return raw


def raw2outputs(raw, z_vals, rays_d, white_bkgd=False):
    dists = z_vals[..., 1:] - z_vals[..., :-1]
    dists = np.concatenate([dists, np.broadcast_to([1e10], dists[..., :1].shape)], -1)
    dists = dists * np.linalg.norm(rays_d[..., None, :], axis=-1)
    rgb = 1 / (1 + np.exp(-raw[..., :3]))
    alpha = 1.0 - np.exp(-np.maximum(raw[..., 3], 0) * dists)
    T = np.cumprod(np.concatenate([np.ones((alpha.shape[0], 1)), 1.0 - alpha + 1e-10], -1), -1)[:, :-1]
    weights = alpha * T
    rgb_map = np.sum(weights[..., None] * rgb, -2)
    depth_map = np.sum(weights * z_vals, -1)
    acc_map = np.sum(weights, -1)
    if white_bkgd:
        rgb_map = rgb_map + (1.0 - acc_map[..., None])
    return rgb_map, depth_map, acc_map


def render_loss(params, rays_o, rays_d, target_rgb, near=0.5, far=2.0, n_samples=8):
    z_vals = np.broadcast_to(np.linspace(near, far, n_samples), (rays_o.shape[0], n_samples))
    pts = rays_o[:, None, :] + rays_d[:, None, :] * z_vals[..., None]
    raw = field(params, pts)
    rgb_map, depth_map, acc_map = raw2outputs(raw, z_vals, rays_d, white_bkgd=True)
    return np.mean((rgb_map - target_rgb) ** 2) + 0.01 * np.mean(depth_map)


rs = np.random.RandomState(12)
PARAMS = {"W1": 0.5 * rs.randn(21, 16), "b1": 0.1 * rs.randn(16), "W2": 0.5 * rs.randn(16, 4),
          "b2": np.array([0.0, 0.0, 0.0, 0.5])}
RAYS_O = rs.randn(4, 3) * 0.1
RAYS_D = rs.randn(4, 3)
RAYS_D /= np.linalg.norm(RAYS_D, axis=1, keepdims=True)
TARGET = rs.rand(4, 3)

CASES = [
    dict(name="render_loss", function=render_loss,
         args=lambda: ({k: v.copy() for k, v in PARAMS.items()}, RAYS_O.copy(), RAYS_D.copy(), TARGET.copy()), wrt=(0, 2)),
]
