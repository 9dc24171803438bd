# Ported from pytorch/tutorials, intermediate_source/seq2seq_translation_tutorial.py ("NLP From Scratch: Translation with a Sequence to Sequence Network and Attention", Sean Robertson; BSD 3-clause licence; https://github.com/pytorch/tutorials/blob/main/intermediate_source/seq2seq_translation_tutorial.py): `BahdanauAttention` (additive attention, `scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(keys)))`, `scores.squeeze(2).unsqueeze(1)`, `F.softmax(scores, dim=-1)`, `torch.bmm(weights, keys)`) and `AttnDecoderRNN` (`forward` looping `for i in range(MAX_LENGTH)` over `forward_step`, appending to `decoder_outputs` and `attentions`, teacher forcing `target_tensor[:, i].unsqueeze(1)` or the greedy `decoder_output.topk(1)`, then `torch.cat(..., dim=1)` and `F.log_softmax`; `forward_step`: embedding, dropout, `hidden.permute(1, 0, 2)`, `torch.cat((embedded, context), dim=2)`, the GRU, the output layer), and `train_epoch`'s `nn.NLLLoss()` on `decoder_outputs.view(-1, decoder_outputs.size(-1))`. torch as numpy: `nn.Linear`, `nn.Embedding`, `nn.GRU` (one layer, `batch_first=True`, PyTorch's gate equations) and `nn.Dropout` (in eval mode: the identity) as small classes, the weights drawn once with a fixed seed; `.squeeze`/`.unsqueeze`/`.permute`/`.view`/`.size()` as `np.squeeze`/`np.expand_dims`/`np.transpose`/`.reshape`/`.shape`, `torch.bmm` as `np.matmul`, `.topk(1)` as `np.argmax(..., keepdims=True)`. The encoder's outputs (an `EncoderRNN` over the French sentence) are the differentiated inputs.
import numpy as np

SOS_token = 0
MAX_LENGTH = 4


class Linear:
    def __init__(self, in_features, out_features, rs):
        bound = 1.0 / np.sqrt(in_features)
        self.weight = rs.uniform(-bound, bound, size=(out_features, in_features))
        self.bias = rs.uniform(-bound, bound, size=out_features)

    def __call__(self, x):
        return x @ self.weight.T + self.bias


class Embedding:
    def __init__(self, num_embeddings, embedding_dim, rs):
        self.weight = rs.normal(size=(num_embeddings, embedding_dim))

    def __call__(self, input):
        return self.weight[input]


class Dropout:
    def __init__(self, p):
        self.p = p

    def __call__(self, x):
        return x        # (model.eval(): dropout is the identity)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class GRU:
    # nn.GRU(input_size, hidden_size, batch_first=True), one layer: r, z, n gates as in PyTorch's docs
    def __init__(self, input_size, hidden_size, rs):
        self.hidden_size = hidden_size
        self.ih = Linear(input_size, 3 * hidden_size, rs)
        self.hh = Linear(hidden_size, 3 * hidden_size, rs)

    def __call__(self, input, hidden):
        h = hidden[0]
        outputs = []
        for t in range(input.shape[1]):
            gi = self.ih(input[:, t])
            gh = self.hh(h)
            i_r, i_z, i_n = np.split(gi, 3, axis=1)
            h_r, h_z, h_n = np.split(gh, 3, axis=1)
            r = sigmoid(i_r + h_r)
            z = sigmoid(i_z + h_z)
            n = np.tanh(i_n + r * h_n)
            h = (1 - z) * n + z * h
            outputs.append(h)
        return np.stack(outputs, axis=1), h[None]


def softmax(x, dim):
    e = np.exp(x - np.max(x, axis=dim, keepdims=True))
    return e / np.sum(e, axis=dim, keepdims=True)


def log_softmax(x, dim):
    shifted = x - np.max(x, axis=dim, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))


class BahdanauAttention:
    def __init__(self, hidden_size, rs):
        self.Wa = Linear(hidden_size, hidden_size, rs)
        self.Ua = Linear(hidden_size, hidden_size, rs)
        self.Va = Linear(hidden_size, 1, rs)

    def forward(self, query, keys):
        scores = self.Va(np.tanh(self.Wa(query) + self.Ua(keys)))
        scores = np.expand_dims(np.squeeze(scores, 2), 1)

        weights = softmax(scores, dim=-1)
        context = np.matmul(weights, keys)

        return context, weights

    __call__ = forward


class AttnDecoderRNN:
    def __init__(self, hidden_size, output_size, rs, dropout_p=0.1):
        self.embedding = Embedding(output_size, hidden_size, rs)
        self.attention = BahdanauAttention(hidden_size, rs)
        self.gru = GRU(2 * hidden_size, hidden_size, rs)
        self.out = Linear(hidden_size, output_size, rs)
        self.dropout = Dropout(dropout_p)

    def forward(self, encoder_outputs, encoder_hidden, target_tensor=None):
        batch_size = encoder_outputs.shape[0]
        decoder_input = np.full((batch_size, 1), SOS_token, dtype=np.int64)
        decoder_hidden = encoder_hidden
        decoder_outputs = []
        attentions = []

        for i in range(MAX_LENGTH):
            decoder_output, decoder_hidden, attn_weights = self.forward_step(
                decoder_input, decoder_hidden, encoder_outputs
            )
            decoder_outputs.append(decoder_output)
            attentions.append(attn_weights)

            if target_tensor is not None:
                # Teacher forcing: Feed the target as the next input
                decoder_input = np.expand_dims(target_tensor[:, i], 1) # Teacher forcing
            else:
                # Without teacher forcing: use its own predictions as the next input
                topi = np.argmax(decoder_output, axis=-1, keepdims=True)
                decoder_input = np.squeeze(topi, -1)  # detach from history as input

        decoder_outputs = np.concatenate(decoder_outputs, axis=1)
        decoder_outputs = log_softmax(decoder_outputs, dim=-1)
        attentions = np.concatenate(attentions, axis=1)

        return decoder_outputs, decoder_hidden, attentions

    __call__ = forward

    def forward_step(self, input, hidden, encoder_outputs):
        embedded =  self.dropout(self.embedding(input))

        query = np.transpose(hidden, (1, 0, 2))
        context, attn_weights = self.attention(query, encoder_outputs)
        input_gru = np.concatenate((embedded, context), axis=2)

        output, hidden = self.gru(input_gru, hidden)
        output = self.out(output)

        return output, hidden, attn_weights


def criterion(input, target):
    # nn.NLLLoss(): the mean of -input[n, target[n]]
    return -np.mean(input[np.arange(target.shape[0]), target])


hidden_size, output_lang_n_words = 6, 9
decoder = AttnDecoderRNN(hidden_size, output_lang_n_words, np.random.RandomState(0))


def encoded():
    rs = np.random.RandomState(1)
    encoder_outputs = np.tanh(rs.normal(size=(2, 5, hidden_size)))    # (batch, source length, hidden)
    encoder_hidden = encoder_outputs[:, -1][None].copy()               # (1, batch, hidden)
    target_tensor = np.array([[3, 5, 1, 1], [2, 7, 4, 1]])
    return encoder_outputs, encoder_hidden, target_tensor


# ---- test wrappers: train_epoch's loss with teacher forcing, and the greedy decoder's attention

def teacher_forced_loss(encoder_outputs, encoder_hidden, target_tensor):
    decoder_outputs, _, _ = decoder(encoder_outputs, encoder_hidden, target_tensor)
    loss = criterion(
        decoder_outputs.reshape(-1, decoder_outputs.shape[-1]),
        target_tensor.reshape(-1)
    )
    return loss


def greedy_attention_entropy(encoder_outputs, encoder_hidden):
    decoder_outputs, decoder_hidden, attentions = decoder(encoder_outputs, encoder_hidden)
    return -np.sum(attentions * np.log(attentions)) + np.sum(decoder_hidden ** 2)


CASES = [
    dict(name="teacher_forced_loss", function=teacher_forced_loss, args=encoded, wrt=(0, 1)),
    dict(name="greedy_attention", function=greedy_attention_entropy, args=lambda: encoded()[:2], wrt=(0, 1)),
]
