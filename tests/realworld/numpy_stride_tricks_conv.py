# Ported from Stack Overflow question 43086557, "Convolve2d just by using Numpy" (the answer's `conv2d(a, f)`: `np.lib.stride_tricks.as_strided` with `strides = a.strides * 2`, then `np.einsum('ij,ijkl->kl', f, subM)`), and numpy/numpy, numpy/lib/_stride_tricks_impl.py, the `sliding_window_view` docstring's examples (a moving average `v.mean(axis=-1)`, 2-D windows over both axes); a small CNN layer built on them (valid convolution, ReLU, 2x2 windows' max by `sliding_window_view(...)[::2, ::2]`).
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(a, f):
    s = f.shape + tuple(np.subtract(a.shape, f.shape) + 1)
    strd = np.lib.stride_tricks.as_strided
    subM = strd(a, shape = s, strides = a.strides * 2)
    return np.einsum('ij,ijkl->kl', f, subM)


def moving_average(x, window):
    """The docstring's moving average: `v = sliding_window_view(x, 3)`, `v.mean(axis=-1)`."""
    v = sliding_window_view(x, window)
    return v.mean(axis=-1)


def conv2d_windows(a, f):
    """The same correlation with `sliding_window_view(x, shape)` (the docstring's 2-D windows)."""
    windows = sliding_window_view(a, f.shape)
    return np.einsum('klij,ij->kl', windows, f)


def cnn_layer(image, kernel, bias):
    """Valid correlation, ReLU and non-overlapping 2x2 max pooling, all with windows."""
    feature = np.maximum(conv2d_windows(image, kernel) + bias, 0.0)
    pooled = sliding_window_view(feature, (2, 2))[::2, ::2].max(axis=(-2, -1))
    return pooled


_rs = np.random.RandomState(3)
image = _rs.rand(7, 7)
kernel = _rs.randn(3, 3)
signal = np.cumsum(_rs.randn(12))


def cnn_loss(kernel, bias, image):
    return np.sum(cnn_layer(image, kernel, bias) ** 2)


CASES = [
    dict(name="as_strided_conv_kernel", function=lambda f, a: np.sum(conv2d(a, f) ** 2),
         args=lambda: (kernel.copy(), image.copy())),
    dict(name="as_strided_conv_image", function=lambda a, f: conv2d(a, f), args=lambda: (image.copy(), kernel.copy()),
         kind="jacobian"),
    dict(name="moving_average", function=lambda x: moving_average(x, 3), args=lambda: (signal.copy(),),
         kind="jacobian"),
    dict(name="sliding_window_conv", function=lambda a, f: conv2d_windows(a, f),
         args=lambda: (image.copy(), kernel.copy()), kind="jacobian"),
    dict(name="cnn_layer", function=cnn_loss, args=lambda: (kernel.copy(), 0.1, image.copy()), wrt=(0, 1, 2)),
]
