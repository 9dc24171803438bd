# Ported from jaymody/picoGPT, gpt2.py (MIT licence; https://github.com/jaymody/picoGPT/blob/main/gpt2.py): GPT-2's forward pass in NumPy (`gelu`, `softmax`, `layer_norm`, `linear`, `ffn`, `attention`, `mha`, `transformer_block`, `gpt2`), verbatim; the released weights replaced by a tiny random model with the same parameter tree (`load_encoder_hparams_and_params` reads files), `generate`/`main` left out (argmax decoding, tqdm).
import numpy as np


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def softmax(x):
    exp_x = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return exp_x / np.sum(exp_x, axis=-1, keepdims=True)


def layer_norm(x, g, b, eps: float = 1e-5):
    mean = np.mean(x, axis=-1, keepdims=True)
    variance = np.var(x, axis=-1, keepdims=True)
    x = (x - mean) / np.sqrt(variance + eps)  # normalize x to have mean=0 and var=1 over last axis
    return g * x + b  # scale and offset with gamma/beta params


def linear(x, w, b):  # [m, in], [in, out], [out] -> [m, out]
    return x @ w + b


def ffn(x, c_fc, c_proj):  # [n_seq, n_embd] -> [n_seq, n_embd]
    # project up
    a = gelu(linear(x, **c_fc))  # [n_seq, n_embd] -> [n_seq, 4*n_embd]

    # project back down
    x = linear(a, **c_proj)  # [n_seq, 4*n_embd] -> [n_seq, n_embd]

    return x


def attention(q, k, v, mask):  # [n_q, d_k], [n_k, d_k], [n_k, d_v], [n_q, n_k] -> [n_q, d_v]
    return softmax(q @ k.T / np.sqrt(q.shape[-1]) + mask) @ v


def mha(x, c_attn, c_proj, n_head):  # [n_seq, n_embd] -> [n_seq, n_embd]
    # qkv projection
    x = linear(x, **c_attn)  # [n_seq, n_embd] -> [n_seq, 3*n_embd]

    # split into qkv
    qkv = np.split(x, 3, axis=-1)  # [n_seq, 3*n_embd] -> [3, n_seq, n_embd]

    # split into heads
    qkv_heads = list(map(lambda x: np.split(x, n_head, axis=-1), qkv))  # [3, n_seq, n_embd] -> [3, n_head, n_seq, n_embd/n_head]

    # causal mask to hide future inputs from being attended to
    causal_mask = (1 - np.tri(x.shape[0])) * -1e10  # [n_seq, n_seq]

    # perform attention over each head
    out_heads = [attention(q, k, v, causal_mask) for q, k, v in zip(*qkv_heads)]  # [3, n_head, n_seq, n_embd/n_head] -> [n_head, n_seq, n_embd/n_head]

    # merge heads
    x = np.hstack(out_heads)  # [n_head, n_seq, n_embd/n_head] -> [n_seq, n_embd]

    # out projection
    x = linear(x, **c_proj)  # [n_seq, n_embd] -> [n_seq, n_embd]

    return x


def transformer_block(x, mlp, attn, ln_1, ln_2, n_head):  # [n_seq, n_embd] -> [n_seq, n_embd]
    # multi-head causal self attention
    x = x + mha(layer_norm(x, **ln_1), **attn, n_head=n_head)  # [n_seq, n_embd] -> [n_seq, n_embd]

    # position-wise feed forward network
    x = x + ffn(layer_norm(x, **ln_2), **mlp)  # [n_seq, n_embd] -> [n_seq, n_embd]

    return x


def gpt2(inputs, wte, wpe, blocks, ln_f, n_head):  # [n_seq] -> [n_seq, n_vocab]
    # token + positional embeddings
    x = wte[inputs] + wpe[range(len(inputs))]  # [n_seq] -> [n_seq, n_embd]

    # forward pass through n_layer transformer blocks
    for block in blocks:
        x = transformer_block(x, **block, n_head=n_head)  # [n_seq, n_embd] -> [n_seq, n_embd]

    # projection to vocab
    x = layer_norm(x, **ln_f)  # [n_seq, n_embd] -> [n_seq, n_embd]
    return x @ wte.T  # [n_seq, n_embd] -> [n_seq, n_vocab]


# ---- test data: a 2-layer, 2-head model with n_embd=8 over a 11-token vocabulary, in the
# parameter tree of utils.load_encoder_hparams_and_params (the released checkpoint's layout).
N_VOCAB, N_CTX, N_EMBD, N_HEAD, N_LAYER = 11, 8, 8, 2, 2
INPUTS = [3, 1, 4, 1, 5, 9]


def random_params(seed=0):
    rs = np.random.RandomState(seed)

    def dense(n_in, n_out):
        return {"w": 0.3 * rs.randn(n_in, n_out), "b": 0.1 * rs.randn(n_out)}

    def norm():
        return {"g": 1 + 0.1 * rs.randn(N_EMBD), "b": 0.1 * rs.randn(N_EMBD)}

    blocks = [{"mlp": {"c_fc": dense(N_EMBD, 4 * N_EMBD), "c_proj": dense(4 * N_EMBD, N_EMBD)},
               "attn": {"c_attn": dense(N_EMBD, 3 * N_EMBD), "c_proj": dense(N_EMBD, N_EMBD)},
               "ln_1": norm(), "ln_2": norm()} for _ in range(N_LAYER)]
    return {"wte": 0.5 * rs.randn(N_VOCAB, N_EMBD), "wpe": 0.1 * rs.randn(N_CTX, N_EMBD),
            "blocks": blocks, "ln_f": norm()}


def next_token_loss(params, inputs, n_head):
    # test wrapper: the language-modelling loss of the logits gpt2 returns (mean cross-entropy
    # of each next token), with the parameter tree passed as the author's `**params`
    logits = gpt2(inputs[:-1], **params, n_head=n_head)
    logp = logits - np.log(np.sum(np.exp(logits - logits.max(-1, keepdims=True)), -1, keepdims=True)) \
        - logits.max(-1, keepdims=True)
    return -np.mean(logp[np.arange(len(inputs) - 1), inputs[1:]])


def block_output(x, block, n_head):
    # test wrapper: one transformer block's output, summed with fixed weights
    out = transformer_block(x, **block, n_head=n_head)
    return np.sum(out * np.cos(np.arange(out.size).reshape(out.shape)))


CASES = [
    dict(name="next_token_loss", function=next_token_loss,
         args=lambda: (random_params(), np.array(INPUTS), N_HEAD)),
    dict(name="block_output", function=block_output,
         args=lambda: (np.random.RandomState(1).randn(5, N_EMBD), random_params()["blocks"][0], N_HEAD),
         wrt=(0, 1)),
]
