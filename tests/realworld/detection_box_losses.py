# Written for this corpus (p11) in the style of object-detection code ported to NumPy (torchvision's `box_iou`/`generalized_box_iou_loss`/`distance_box_iou_loss` and `sigmoid_focal_loss`, Faster R-CNN's `bbox_transform_inv` decoding of `(dx, dy, dw, dh)` deltas against float32 anchors with `np.clip(dw, None, BBOX_XFORM_CLIP)`): boxes as `(x1, y1, x2, y2)` columns unpacked with `.T`, `np.maximum`/`np.minimum` intersections, `eps` keyword defaults, a `DetectionLoss` class with `__init__` keyword weights and `__call__(pred_deltas, logits, anchors, targets, labels)` returning a dict of losses, `reduction="mean"` chosen by `if`/`elif`, and a jittered-anchor augmentation drawn from `np.random.default_rng(seed)` inside the loss. Differentiated: the GIoU loss in the predicted boxes, the summed detection loss in the regression deltas and in the class logits, and the DIoU loss of jittered anchors in the deltas.
import math

import numpy as np

BBOX_XFORM_CLIP = math.log(1000.0 / 16)


def box_area(boxes):
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def _box_inter_union(boxes1, boxes2):
    area1 = box_area(boxes1)
    area2 = box_area(boxes2)
    lt = np.maximum(boxes1[:, None, :2], boxes2[None, :, :2])   # [N,M,2]
    rb = np.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])   # [N,M,2]
    wh = np.clip(rb - lt, 0, None)
    inter = wh[:, :, 0] * wh[:, :, 1]
    union = area1[:, None] + area2[None, :] - inter
    return inter, union


def box_iou(boxes1, boxes2):
    inter, union = _box_inter_union(boxes1, boxes2)
    return inter / union


def _loss_inter_union(boxes1, boxes2):
    x1, y1, x2, y2 = boxes1.T
    x1g, y1g, x2g, y2g = boxes2.T
    xkis1 = np.maximum(x1, x1g)
    ykis1 = np.maximum(y1, y1g)
    xkis2 = np.minimum(x2, x2g)
    ykis2 = np.minimum(y2, y2g)
    intsctk = np.zeros_like(x1)
    mask = (ykis2 > ykis1) & (xkis2 > xkis1)
    intsctk[mask] = (xkis2[mask] - xkis1[mask]) * (ykis2[mask] - ykis1[mask])
    unionk = (x2 - x1) * (y2 - y1) + (x2g - x1g) * (y2g - y1g) - intsctk
    return intsctk, unionk


def _reduce(loss, reduction):
    if reduction == "none":
        pass
    elif reduction == "mean":
        loss = loss.mean() if loss.size > 0 else 0.0 * loss.sum()
    elif reduction == "sum":
        loss = loss.sum()
    else:
        raise ValueError(f"Invalid Value for arg 'reduction': '{reduction}'")
    return loss


def generalized_box_iou_loss(boxes1, boxes2, reduction="none", eps=1e-7):
    intsctk, unionk = _loss_inter_union(boxes1, boxes2)
    iouk = intsctk / (unionk + eps)
    x1, y1, x2, y2 = boxes1.T
    x1g, y1g, x2g, y2g = boxes2.T
    # smallest enclosing box
    xc1 = np.minimum(x1, x1g)
    yc1 = np.minimum(y1, y1g)
    xc2 = np.maximum(x2, x2g)
    yc2 = np.maximum(y2, y2g)
    area_c = (xc2 - xc1) * (yc2 - yc1)
    miouk = iouk - ((area_c - unionk) / (area_c + eps))
    loss = 1 - miouk
    return _reduce(loss, reduction)


def distance_box_iou_loss(boxes1, boxes2, reduction="none", eps=1e-7):
    intsctk, unionk = _loss_inter_union(boxes1, boxes2)
    iou = intsctk / (unionk + eps)
    x1, y1, x2, y2 = boxes1.T
    x1g, y1g, x2g, y2g = boxes2.T
    xc1 = np.minimum(x1, x1g)
    yc1 = np.minimum(y1, y1g)
    xc2 = np.maximum(x2, x2g)
    yc2 = np.maximum(y2, y2g)
    diagonal_distance_squared = ((xc2 - xc1) ** 2) + ((yc2 - yc1) ** 2) + eps
    x_p = (x2 + x1) / 2
    y_p = (y2 + y1) / 2
    x_g = (x1g + x2g) / 2
    y_g = (y1g + y2g) / 2
    centers_distance_squared = ((x_p - x_g) ** 2) + ((y_p - y_g) ** 2)
    loss = 1 - iou + (centers_distance_squared / diagonal_distance_squared)
    return _reduce(loss, reduction)


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2, reduction="none"):
    p = 1 / (1 + np.exp(-inputs))
    ce_loss = np.maximum(inputs, 0) - inputs * targets + np.log1p(np.exp(-np.abs(inputs)))
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return _reduce(loss, reduction)


def bbox_transform_inv(boxes, deltas):
    widths = boxes[:, 2] - boxes[:, 0] + 1.0
    heights = boxes[:, 3] - boxes[:, 1] + 1.0
    ctr_x = boxes[:, 0] + 0.5 * widths
    ctr_y = boxes[:, 1] + 0.5 * heights
    dx = deltas[:, 0]
    dy = deltas[:, 1]
    dw = np.clip(deltas[:, 2], None, BBOX_XFORM_CLIP)
    dh = np.clip(deltas[:, 3], None, BBOX_XFORM_CLIP)
    pred_ctr_x = dx * widths + ctr_x
    pred_ctr_y = dy * heights + ctr_y
    pred_w = np.exp(dw) * widths
    pred_h = np.exp(dh) * heights
    pred_boxes = np.zeros(deltas.shape, dtype=deltas.dtype)
    pred_boxes[:, 0] = pred_ctr_x - 0.5 * pred_w
    pred_boxes[:, 1] = pred_ctr_y - 0.5 * pred_h
    pred_boxes[:, 2] = pred_ctr_x + 0.5 * pred_w - 1
    pred_boxes[:, 3] = pred_ctr_y + 0.5 * pred_h - 1
    return pred_boxes


def smooth_l1(x, beta=1.0 / 9):
    ax = np.abs(x)
    return np.where(ax < beta, 0.5 * x ** 2 / beta, ax - 0.5 * beta)


class DetectionLoss:
    def __init__(self, box_weight=2.0, cls_weight=1.0, fg_iou=0.5, alpha=0.25, gamma=2.0):
        self.box_weight = box_weight
        self.cls_weight = cls_weight
        self.fg_iou = fg_iou
        self.alpha = alpha
        self.gamma = gamma

    def __call__(self, pred_deltas, logits, anchors, targets, labels):
        ious = box_iou(anchors, targets)
        matched = ious.argmax(axis=1)
        foreground = ious.max(axis=1) >= self.fg_iou
        pred_boxes = bbox_transform_inv(anchors, pred_deltas)
        box_loss = generalized_box_iou_loss(pred_boxes[foreground], targets[matched[foreground]], reduction="sum")
        one_hot = np.zeros_like(logits)
        one_hot[foreground, labels[matched[foreground]]] = 1.0
        cls_loss = sigmoid_focal_loss(logits, one_hot, self.alpha, self.gamma, reduction="sum")
        normalizer = max(1, int(foreground.sum()))
        losses = {"box": self.box_weight * box_loss / normalizer, "cls": self.cls_weight * cls_loss / normalizer}
        losses["total"] = losses["box"] + losses["cls"]
        return losses


ANCHORS = np.array([[10, 10, 50, 50], [30, 20, 90, 70], [60, 60, 120, 110], [0, 40, 40, 100],
                    [80, 10, 140, 60]], dtype=np.float32)
TARGETS = np.array([[12.0, 8.0, 55.0, 47.0], [62.0, 58.0, 118.0, 115.0], [85.0, 12.0, 138.0, 66.0]])
LABELS = np.array([0, 2, 1])
DELTAS = np.array([[0.05, -0.02, 0.08, -0.03], [0.1, 0.05, -0.1, 0.02], [0.02, -0.04, -0.05, 0.06],
                   [-0.03, 0.01, 0.04, 0.02], [0.03, 0.02, -0.02, 0.07]])
LOGITS = np.array([[1.2, -0.8, -1.5], [-0.3, 0.4, -2.0], [-1.0, -0.5, 0.9], [-2.2, -1.1, -0.7], [0.2, 1.4, -0.6]])
PRED_BOXES = np.array([[14.0, 10.0, 52.0, 50.0], [60.0, 62.0, 121.0, 112.0], [84.0, 15.0, 135.0, 62.0]])


def giou_loss_of_boxes(pred_boxes):
    return generalized_box_iou_loss(pred_boxes, TARGETS, reduction="mean")


criterion = DetectionLoss(box_weight=2.0)


def detection_loss_in_deltas(pred_deltas):
    return criterion(pred_deltas, LOGITS, ANCHORS, TARGETS, LABELS)["total"]


def detection_loss_in_logits(logits):
    return criterion(DELTAS, logits, ANCHORS, TARGETS, LABELS)["total"]


def jittered_diou_loss(pred_deltas, seed=3, scale=2.0):
    rng = np.random.default_rng(seed)
    anchors = ANCHORS[[0, 2, 4]] + rng.normal(0.0, scale, size=(3, 4)).astype(np.float32)
    boxes = bbox_transform_inv(anchors, pred_deltas)
    return distance_box_iou_loss(boxes, TARGETS, reduction="sum")


CASES = [
    dict(name="giou_loss_of_boxes", function=giou_loss_of_boxes, args=lambda: (PRED_BOXES.copy(),)),
    dict(name="detection_loss_in_deltas", function=detection_loss_in_deltas, args=lambda: (DELTAS.copy(),)),
    dict(name="detection_loss_in_logits", function=detection_loss_in_logits, args=lambda: (LOGITS.copy(),)),
    dict(name="jittered_diou_loss", function=jittered_diou_loss, args=lambda: (DELTAS[[0, 2, 4]].copy(),)),
]
