# Written for this corpus (p1) in the style of the losses people copy into NumPy (Lin et al.'s focal loss, FaceNet's triplet loss with `np.maximum(..., 0)`, SimCLR's NT-Xent with a temperature and a masked diagonal, Hadsell's contrastive loss), as keyword-default functions and `functools.partial`.
import functools

import numpy as np
from scipy.special import logsumexp, expit


def focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    p = expit(logits)
    ce = -(targets * np.log(p) + (1 - targets) * np.log(1 - p))
    p_t = p * targets + (1 - p) * (1 - targets)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return np.mean(alpha_t * (1 - p_t) ** gamma * ce)


def l2_normalize(x, axis=-1, eps=1e-12):
    return x / np.sqrt(np.maximum(np.sum(x ** 2, axis=axis, keepdims=True), eps))


def triplet_loss(anchor, positive, negative, margin=0.2):
    d_pos = np.sum((anchor - positive) ** 2, axis=1)
    d_neg = np.sum((anchor - negative) ** 2, axis=1)
    return np.mean(np.maximum(d_pos - d_neg + margin, 0.0))


def contrastive_loss(x1, x2, same, margin=1.0):
    d = np.linalg.norm(x1 - x2, axis=1)
    return np.mean(same * d ** 2 + (1 - same) * np.maximum(margin - d, 0) ** 2) / 2


def nt_xent(z_i, z_j, temperature=0.5):
    z = l2_normalize(np.concatenate([z_i, z_j], axis=0))
    n = z_i.shape[0]
    sim = z @ z.T / temperature
    np.fill_diagonal(sim, -np.inf)
    positives = np.concatenate([np.arange(n, 2 * n), np.arange(0, n)])
    log_prob = sim[np.arange(2 * n), positives] - logsumexp(sim, axis=1)
    return -np.mean(log_prob)


sharp_focal = functools.partial(focal_loss, gamma=3.0)


def embedding_losses(emb, labels):
    # test wrapper: all losses on one batch of embeddings
    a, p, n = emb[0:3], emb[3:6], emb[6:9]
    return (triplet_loss(l2_normalize(a), l2_normalize(p), l2_normalize(n))
            + contrastive_loss(a, n, (labels[0:3] == labels[6:9]).astype(float))
            + nt_xent(a, p, temperature=0.3))


rs = np.random.RandomState(11)
LOGITS = rs.randn(8)
TARGETS = (rs.rand(8) > 0.5).astype(float)
EMB = rs.randn(9, 4)
LABELS = np.array([0, 1, 2, 0, 1, 2, 0, 2, 1])

CASES = [
    dict(name="focal", function=focal_loss, args=lambda: (LOGITS.copy(), TARGETS.copy())),
    dict(name="focal_partial", function=sharp_focal, args=lambda: (LOGITS.copy(), TARGETS.copy())),
    dict(name="embedding_losses", function=embedding_losses, args=lambda: (EMB.copy(), LABELS.copy())),
]
