# Written for this corpus (p2) in the style of training-loss snippets (Hinton et al. 2015's knowledge distillation with temperature and its `T**2` scaling, Szegedy et al.'s label smoothing, soft Dice and Tversky losses for segmentation as in Milletari 2016 and the segmentation_models losses), in NumPy: `scipy.special.log_softmax`/`softmax`, `functools.partial` to fix the temperature, keyword defaults, `eps` smoothing, one-hot by `np.eye(k)[labels]`.
import functools

import numpy as np
from scipy.special import log_softmax, softmax


def label_smoothing_ce(logits, labels, smoothing=0.1):
    k = logits.shape[-1]
    targets = np.eye(k)[labels] * (1 - smoothing) + smoothing / k
    return -np.mean(np.sum(targets * log_softmax(logits, axis=-1), axis=-1))


def distillation_loss(student_logits, teacher_logits, labels, T=4.0, alpha=0.7):
    soft_targets = softmax(teacher_logits / T, axis=-1)
    kl = np.sum(soft_targets * (np.log(soft_targets) - log_softmax(student_logits / T, axis=-1)), axis=-1)
    hard = label_smoothing_ce(student_logits, labels, smoothing=0.0)
    return alpha * T ** 2 * np.mean(kl) + (1 - alpha) * hard


def soft_dice_loss(logits, mask, eps=1.0):
    probs = 1 / (1 + np.exp(-logits))
    intersection = np.sum(probs * mask)
    return 1 - (2 * intersection + eps) / (np.sum(probs) + np.sum(mask) + eps)


def tversky_loss(logits, mask, alpha=0.3, beta=0.7, smooth=1e-6):
    p = 1 / (1 + np.exp(-logits))
    tp = (p * mask).sum()
    fp = (p * (1 - mask)).sum()
    fn = ((1 - p) * mask).sum()
    return 1 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth)


kd_t2 = functools.partial(distillation_loss, T=2.0)

rng = np.random.RandomState(9)
STUDENT = rng.randn(5, 4)
TEACHER = rng.randn(5, 4) * 2
LABELS = np.array([0, 3, 1, 1, 2])
LOGITS_IMG = rng.randn(6, 6)
MASK = (rng.rand(6, 6) > 0.6).astype(float)

CASES = [
    dict(name="label_smoothing", function=label_smoothing_ce, args=lambda: (STUDENT.copy(), LABELS)),
    dict(name="distillation", function=kd_t2, args=lambda: (STUDENT.copy(), TEACHER.copy(), LABELS), wrt=(0, 1)),
    dict(name="soft_dice", function=soft_dice_loss, args=lambda: (LOGITS_IMG.copy(), MASK)),
    dict(name="tversky", function=tversky_loss, args=lambda: (LOGITS_IMG.copy(), MASK.copy()), wrt=(0,)),
]
