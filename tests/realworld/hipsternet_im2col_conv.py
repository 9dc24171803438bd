# Ported from wiseodd/hipsternet, hipsternet/im2col.py (`get_im2col_indices`, `im2col_indices`, "shamelessly" CS231n's fancy-indexing im2col) and hipsternet/layer.py (`conv_forward`, `maxpool_forward` through `_pool_forward` with `pool_fun` passed as a function, `fc_forward`, `relu_forward`), and loss.py's `softmax` cross-entropy: a small CNN's forward pass; the float `out_height` of the Python 2 code made `int(...)` as later versions of the file write it.
import numpy as np


def get_im2col_indices(x_shape, field_height, field_width, padding=1, stride=1):
    # First figure out what the size of the output should be
    N, C, H, W = x_shape
    assert (H + 2 * padding - field_height) % stride == 0
    assert (W + 2 * padding - field_height) % stride == 0
    out_height = int((H + 2 * padding - field_height) / stride + 1)
    out_width = int((W + 2 * padding - field_width) / stride + 1)

    i0 = np.repeat(np.arange(field_height), field_width)
    i0 = np.tile(i0, C)
    i1 = stride * np.repeat(np.arange(out_height), out_width)
    j0 = np.tile(np.arange(field_width), field_height * C)
    j1 = stride * np.tile(np.arange(out_width), out_height)
    i = i0.reshape(-1, 1) + i1.reshape(1, -1)
    j = j0.reshape(-1, 1) + j1.reshape(1, -1)

    k = np.repeat(np.arange(C), field_height * field_width).reshape(-1, 1)

    return (k.astype(int), i.astype(int), j.astype(int))


def im2col_indices(x, field_height, field_width, padding=1, stride=1):
    """ An implementation of im2col based on some fancy indexing """
    # Zero-pad the input
    p = padding
    x_padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode='constant')

    k, i, j = get_im2col_indices(x.shape, field_height, field_width, padding, stride)

    cols = x_padded[:, k, i, j]
    C = x.shape[1]
    cols = cols.transpose(1, 2, 0).reshape(field_height * field_width * C, -1)
    return cols


def conv_forward(X, W, b, stride=1, padding=1):
    cache = W, b, stride, padding
    n_filters, d_filter, h_filter, w_filter = W.shape
    n_x, d_x, h_x, w_x = X.shape
    h_out = (h_x - h_filter + 2 * padding) / stride + 1
    w_out = (w_x - w_filter + 2 * padding) / stride + 1

    if not h_out.is_integer() or not w_out.is_integer():
        raise Exception('Invalid output dimension!')

    h_out, w_out = int(h_out), int(w_out)

    X_col = im2col_indices(X, h_filter, w_filter, padding=padding, stride=stride)
    W_col = W.reshape(n_filters, -1)

    out = W_col @ X_col + b
    out = out.reshape(n_filters, h_out, w_out, n_x)
    out = out.transpose(3, 0, 1, 2)

    cache = (X, W, b, stride, padding, X_col)

    return out, cache


def relu_forward(X):
    out = np.maximum(X, 0)
    cache = X
    return out, cache


def fc_forward(X, W, b):
    out = X @ W + b
    cache = (W, X)
    return out, cache


def maxpool_forward(X, size=2, stride=2):
    def maxpool(X_col):
        max_idx = np.argmax(X_col, axis=0)
        out = X_col[max_idx, range(max_idx.size)]
        return out, max_idx

    return _pool_forward(X, maxpool, size, stride)


def avgpool_forward(X, size=2, stride=2):
    def avgpool(X_col):
        out = np.mean(X_col, axis=0)
        cache = None
        return out, cache

    return _pool_forward(X, avgpool, size, stride)


def _pool_forward(X, pool_fun, size=2, stride=2):
    n, d, h, w = X.shape
    h_out = (h - size) / stride + 1
    w_out = (w - size) / stride + 1

    if not w_out.is_integer() or not h_out.is_integer():
        raise Exception('Invalid output dimension!')

    h_out, w_out = int(h_out), int(w_out)

    X_reshaped = X.reshape(n * d, 1, h, w)
    X_col = im2col_indices(X_reshaped, size, size, padding=0, stride=stride)

    out, pool_cache = pool_fun(X_col)

    out = out.reshape(h_out, w_out, n, d)
    out = out.transpose(2, 3, 0, 1)

    cache = (X, size, stride, X_col, pool_cache)

    return out, cache


def softmax(x):
    eX = np.exp((x.T - np.max(x, axis=1)).T)
    return (eX.T / eX.sum(axis=1)).T


def cross_entropy(y_pred, y_train):
    m = y_pred.shape[0]

    prob = softmax(y_pred)
    log_like = -np.log(prob[range(m), y_train])

    data_loss = np.sum(log_like) / m

    return data_loss


# hipsternet/neuralnet.py's ConvNet.forward, with its model dict: conv -> relu -> pool -> fc
def convnet_loss(model, X, y_train, pool='max'):
    h1, h1_cache = conv_forward(X, model['W1'], model['b1'])
    h1, nl_cache1 = relu_forward(h1)

    if pool == 'max':
        hpool, hpool_cache = maxpool_forward(h1)
    else:
        hpool, hpool_cache = avgpool_forward(h1)
    h2 = hpool.ravel().reshape(X.shape[0], -1)

    score, score_cache = fc_forward(h2, model['W2'], model['b2'])
    return cross_entropy(score, y_train)


def average_pooled_loss(model, X, y_train):
    return convnet_loss(model, X, y_train, pool='avg')


_rs = np.random.RandomState(4)
_X = _rs.randn(2, 1, 4, 4)
_y = np.array([1, 2])


def model():
    rs = np.random.RandomState(5)
    return dict(W1=rs.randn(3, 1, 3, 3) / 3.0, b1=0.1 * rs.randn(3, 1),
                W2=rs.randn(3 * 2 * 2, 4) / 6.0, b2=np.zeros((1, 4)))


CASES = [
    dict(name="convnet_max_pool", function=convnet_loss, wrt=(0, 1), args=lambda: (model(), _X.copy(), _y)),
    dict(name="convnet_avg_pool", function=average_pooled_loss, wrt=(0, 1), args=lambda: (model(), _X.copy(), _y)),
    dict(name="im2col", function=im2col_indices, kind="jacobian", args=lambda: (_X[:1].copy(), 3, 3)),
]
