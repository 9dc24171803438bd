# Written for this corpus (p1) in the style of "transformer from scratch in NumPy" posts (after Karpathy's nanoGPT `Block` and `CausalSelfAttention`): a `@dataclass` config, parameters in a nested dict, layer norm, multi-head attention with the heads split by `reshape`/`transpose`, a causal mask from `np.triu(np.ones(...), k=1)` filled with `-1e10`, tanh-GELU, residual connections, and a next-token cross-entropy.
from dataclasses import dataclass
import math

import numpy as np


@dataclass
class Config:
    n_embd: int = 8
    n_head: int = 2
    block_size: int = 5
    vocab_size: int = 7


def layer_norm(x, g, b, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return g * (x - mean) / np.sqrt(var + eps) + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def attention(x, p, cfg):
    T, C = x.shape
    hs = C // cfg.n_head
    qkv = x @ p["w_qkv"] + p["b_qkv"]
    q, k, v = np.split(qkv, 3, axis=-1)
    q = q.reshape(T, cfg.n_head, hs).transpose(1, 0, 2)
    k = k.reshape(T, cfg.n_head, hs).transpose(1, 0, 2)
    v = v.reshape(T, cfg.n_head, hs).transpose(1, 0, 2)
    att = q @ k.transpose(0, 2, 1) / math.sqrt(hs)
    mask = np.triu(np.ones((T, T)), k=1)
    att = att - 1e10 * mask
    att = softmax(att)
    y = (att @ v).transpose(1, 0, 2).reshape(T, C)
    return y @ p["w_proj"]


def block(x, p, cfg):
    x = x + attention(layer_norm(x, **p["ln1"]), p["attn"], cfg)
    h = gelu(layer_norm(x, **p["ln2"]) @ p["mlp"]["w_fc"])
    return x + h @ p["mlp"]["w_out"]


def gpt_loss(params, idx, targets, cfg=Config()):
    T = len(idx)
    x = params["wte"][idx] + params["wpe"][:T]
    for p in params["blocks"]:
        x = block(x, p, cfg)
    x = layer_norm(x, **params["ln_f"])
    logits = x @ params["wte"].T
    logp = logits - np.log(np.sum(np.exp(logits - logits.max(-1, keepdims=True)), -1, keepdims=True)) - logits.max(-1, keepdims=True)
    return -np.mean(logp[np.arange(T), targets])


def init_params(cfg, seed=0):
    rs = np.random.RandomState(seed)
    C = cfg.n_embd

    def block_params():
        return {
            "ln1": {"g": np.ones(C), "b": np.zeros(C)},
            "attn": {"w_qkv": 0.3 * rs.randn(C, 3 * C), "b_qkv": np.zeros(3 * C), "w_proj": 0.3 * rs.randn(C, C)},
            "ln2": {"g": np.ones(C), "b": np.zeros(C)},
            "mlp": {"w_fc": 0.3 * rs.randn(C, 4 * C), "w_out": 0.3 * rs.randn(4 * C, C)},
        }

    return {"wte": 0.5 * rs.randn(cfg.vocab_size, C), "wpe": 0.1 * rs.randn(cfg.block_size, C),
            "blocks": [block_params() for _ in range(2)],
            "ln_f": {"g": np.ones(C), "b": np.zeros(C)}}


IDX = np.array([1, 4, 2, 6, 0])
TGT = np.array([4, 2, 6, 0, 3])

CASES = [
    dict(name="gpt_loss", function=gpt_loss, args=lambda: (init_params(Config()), IDX, TGT)),
]
