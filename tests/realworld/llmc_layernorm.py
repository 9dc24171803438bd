# Ported from karpathy/llm.c, doc/layernorm/layernorm.py (`LayerNorm.forward`/`backward`, the tutorial's reference for the C kernels), PyTorch tensors written as NumPy arrays by the same lines (`x.size()` as `x.shape`, `keepdim=True` as `keepdims=True`); the author's `backward` is the reference, and the tutorial's check `fakeloss = (out * dout).sum()` the objective.
import numpy as np

eps = 1e-5

class LayerNorm:

    @staticmethod
    def forward(x, w, b):
        # x is the input activations, of shape B,T,C
        # w are the weights, of shape C
        # b are the biases, of shape C
        B, T, C = x.shape
        # calculate the mean
        mean = x.sum(-1, keepdims=True) / C # B,T,1
        # calculate the variance
        xshift = x - mean # B,T,C
        var = (xshift**2).sum(-1, keepdims=True) / C # B,T,1
        # calculate the inverse standard deviation: **0.5 is sqrt, **-0.5 is 1/sqrt
        rstd = (var + eps) ** -0.5 # B,T,1
        # normalize the input activations
        norm = xshift * rstd # B,T,C
        # scale and shift the normalized activations at the end
        out = norm * w + b # B,T,C

        # return the output and the cache, of variables needed later during the backward pass
        cache = (x, w, mean, rstd)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        x, w, mean, rstd = cache
        # recompute the norm (save memory at the cost of compute)
        norm = (x - mean) * rstd
        # gradients for weights, bias
        db = dout.sum((0, 1))
        dw = (dout * norm).sum((0, 1))
        # gradients for input
        dnorm = dout * w
        dx = dnorm - dnorm.mean(-1, keepdims=True) - norm * (dnorm * norm).mean(-1, keepdims=True)
        dx *= rstd
        return dx, dw, db


# create a small dummy example and check w.r.t. the reference backward (the tutorial's B, T, C = 2, 3, 4)
B = 2
T = 3
C = 4
_rs = np.random.RandomState(0)
x = _rs.randn(B, T, C)
w = _rs.randn(C)
b = _rs.randn(C)
dout = _rs.randn(B, T, C)


def fakeloss(x, w, b):
    """The tutorial's check: `out, cache = LayerNorm.forward(x, w, b)`, `(out * dout).sum()`."""
    out, cache = LayerNorm.forward(x, w, b)
    fakeloss = (out * dout).sum()
    return fakeloss


def reference_dx(x, w, b):
    out, cache = LayerNorm.forward(x, w, b)
    dx, dw, db = LayerNorm.backward(dout, cache)
    return dx


def reference_dwdb(w, b, x):
    out, cache = LayerNorm.forward(x, w, b)
    dx, dw, db = LayerNorm.backward(dout, cache)
    return np.concatenate([dw, db])


def fakeloss_wb(w, b, x):
    """Test wrapper: the same loss with the weights first (the reference's order)."""
    return fakeloss(x, w, b)


CASES = [
    dict(name="fakeloss_dx", function=fakeloss, args=lambda: (x.copy(), w.copy(), b.copy()),
         reference=reference_dx),
    dict(name="fakeloss_dw_db", function=fakeloss_wb, args=lambda: (w.copy(), b.copy(), x.copy()), wrt=(0, 1),
         reference=reference_dwdb),
    dict(name="forward_jacobian", function=lambda x, w, b: LayerNorm.forward(x, w, b)[0],
         args=lambda: (x.copy(), w.copy(), b.copy()), kind="jacobian"),
]
