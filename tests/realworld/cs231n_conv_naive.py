# Ported from Stanford CS231n, assignment2 cs231n/layers.py: `conv_forward_naive` (loops over images, filters and positions, conv_param dict, np.pad) and `max_pool_forward_naive`, as in Clarence-G/learngit cs231n/assignment2/conv1.py.
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param['stride'], conv_param['pad']
    N, C, H, W = x.shape
    F, C, HH, WW = w.shape
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode='constant')
    H_new = 1 + (H + 2 * pad - HH) // stride
    W_new = 1 + (W + 2 * pad - WW) // stride
    s = stride
    out = np.zeros((N, F, H_new, W_new))

    for i in range(N):       # ith image
        for f in range(F):   # fth filter
            for j in range(H_new):
                for k in range(W_new):
                    out[i, f, j, k] = np.sum(x_padded[i, :, j*s:HH+j*s, k*s:WW+k*s] * w[f]) + b[f]

    cache = (x, w, b, conv_param)

    return out, cache


def max_pool_forward_naive(x, pool_param):
    HH, WW = pool_param['pool_height'], pool_param['pool_width']
    s = pool_param['stride']
    N, C, H, W = x.shape
    H_new = 1 + (H - HH) // s
    W_new = 1 + (W - WW) // s
    out = np.zeros((N, C, H_new, W_new))
    for i in range(N):
        for j in range(C):
            for k in range(H_new):
                for l in range(W_new):
                    window = x[i, j, k*s:HH+k*s, l*s:WW+l*s]
                    out[i, j, k, l] = np.max(window)

    cache = (x, pool_param)
    return out, cache


x_shape = (2, 2, 4, 4)
w_shape = (3, 2, 3, 3)
conv_param = {'stride': 1, 'pad': 1}
pool_param = {'pool_width': 2, 'pool_height': 2, 'stride': 2}
dout = np.random.RandomState(0).randn(2, 3, 2, 2)


def conv_pool(x, w, b):
    # test wrapper: conv, ReLU, pool, projected on a fixed upstream gradient
    out, _ = conv_forward_naive(x, w, b, conv_param)
    out = np.maximum(out, 0)
    pooled, _ = max_pool_forward_naive(out, pool_param)
    return np.sum(pooled * dout)


def inputs():
    x = np.linspace(-0.1, 0.5, num=np.prod(x_shape)).reshape(x_shape)
    w = np.linspace(-0.2, 0.3, num=np.prod(w_shape)).reshape(w_shape)
    b = np.linspace(-0.1, 0.2, num=3)
    x = x + 0.05 * np.random.RandomState(2).randn(*x_shape)   # no ties in the pooling windows
    return x, w, b


CASES = [
    dict(name="conv_pool", function=conv_pool, args=inputs, wrt=(0, 1, 2)),
]
