# Written for this corpus (p2) in the style of neural style transfer tutorials (Gatys et al. 2016, as in the Keras and PyTorch examples, here with random "features" from a fixed conv layer in NumPy): `gram_matrix` of a features map reshaped to (channels, h*w), a style loss summed over layers with weights in a dict, a content loss, and a total-variation loss on the image, each a small function.
import numpy as np

rng = np.random.RandomState(2)
FILTERS = {"conv1": rng.randn(4, 3, 3, 3) * 0.3, "conv2": rng.randn(5, 4, 3, 3) * 0.3}
STYLE_WEIGHTS = {"conv1": 1.0, "conv2": 0.5}


def conv2d(x, w):
    c_out, c_in, kh, kw = w.shape
    _, H, W = x.shape
    out = np.zeros((c_out, H - kh + 1, W - kw + 1))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + H - kh + 1, j:j + W - kw + 1]
            out += np.einsum("oc,chw->ohw", w[:, :, i, j], patch)
    return out


def features(img):
    feats = {}
    h = np.tanh(conv2d(img, FILTERS["conv1"]))
    feats["conv1"] = h
    feats["conv2"] = np.tanh(conv2d(h, FILTERS["conv2"]))
    return feats


def gram_matrix(feature):
    c, h, w = feature.shape
    f = feature.reshape(c, h * w)
    return f @ f.T / (c * h * w)


def total_variation_loss(img):
    a = np.square(img[:, :-1, :-1] - img[:, 1:, :-1])
    b = np.square(img[:, :-1, :-1] - img[:, :-1, 1:])
    return np.sum(np.power(a + b, 1.25))


STYLE = rng.rand(3, 9, 9)
CONTENT = rng.rand(3, 9, 9)
STYLE_GRAMS = {k: gram_matrix(v) for k, v in features(STYLE).items()}
CONTENT_FEATS = features(CONTENT)


def style_transfer_loss(img, alpha=1.0, beta=10.0, tv=0.01):
    feats = features(img)
    content_loss = np.mean((feats["conv2"] - CONTENT_FEATS["conv2"]) ** 2)
    style_loss = 0.0
    for layer, weight in STYLE_WEIGHTS.items():
        G = gram_matrix(feats[layer])
        style_loss += weight * np.sum((G - STYLE_GRAMS[layer]) ** 2)
    return alpha * content_loss + beta * style_loss + tv * total_variation_loss(img)


IMG0 = 0.5 * (CONTENT + rng.rand(3, 9, 9))

CASES = [
    dict(name="style_transfer_loss", function=style_transfer_loss, args=lambda: (IMG0.copy(),)),
]
