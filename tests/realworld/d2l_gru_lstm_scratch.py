# Ported from d2l-ai/d2l-en, chapter_recurrent-modern/gru.md and lstm.md ("Implementation from Scratch", the MXNet `np`/`npx` version; https://d2l.ai/chapter_recurrent-modern/gru.html), with NumPy's `np`: `get_params(vocab_size, num_hiddens)` (the nested helpers `normal(shape)` and `three()` returning a tuple, `params = [W_xz, ...]`), `init_gru_state`/`init_lstm_state` returning tuples, and `gru(inputs, state, params)` / `lstm(inputs, state, params)` (unpacking the parameter list, `H, = state`, `for X in inputs:`, `outputs.append(Y)`, `np.concatenate(outputs, axis=0), (H,)`); `npx.sigmoid` is a one-line `sigmoid`, `npx.one_hot` is `np.eye(vocab_size)[X.T]` as the book's `RNNModelScratch.__call__` feeds it, and the loss is the book's softmax cross-entropy over the flattened targets (`train_epoch_ch8`'s `loss(y_hat, y).mean()`). The corpus (The Time Machine) is a short random index sequence.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def get_params(vocab_size, num_hiddens, device=None):
    num_inputs = num_outputs = vocab_size

    def normal(shape):
        return np.random.normal(scale=0.01, size=shape)

    def three():
        return (normal((num_inputs, num_hiddens)),
                normal((num_hiddens, num_hiddens)),
                np.zeros(num_hiddens))

    W_xz, W_hz, b_z = three()  # Update gate parameters
    W_xr, W_hr, b_r = three()  # Reset gate parameters
    W_xh, W_hh, b_h = three()  # Candidate hidden state parameters
    # Output layer parameters
    W_hq = normal((num_hiddens, num_outputs))
    b_q = np.zeros(num_outputs)
    # Attach gradients
    params = [W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q]
    return params


def init_gru_state(batch_size, num_hiddens, device=None):
    return (np.zeros(shape=(batch_size, num_hiddens)), )


def gru(inputs, state, params):
    W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    outputs = []
    for X in inputs:
        Z = sigmoid(np.dot(X, W_xz) + np.dot(H, W_hz) + b_z)
        R = sigmoid(np.dot(X, W_xr) + np.dot(H, W_hr) + b_r)
        H_tilda = np.tanh(np.dot(X, W_xh) + np.dot(R * H, W_hh) + b_h)
        H = Z * H + (1 - Z) * H_tilda
        Y = np.dot(H, W_hq) + b_q
        outputs.append(Y)
    return np.concatenate(outputs, axis=0), (H,)


def get_lstm_params(vocab_size, num_hiddens, device=None):
    num_inputs = num_outputs = vocab_size

    def normal(shape):
        return np.random.normal(scale=0.01, size=shape)

    def three():
        return (normal((num_inputs, num_hiddens)),
                normal((num_hiddens, num_hiddens)),
                np.zeros(num_hiddens))

    W_xi, W_hi, b_i = three()  # Input gate parameters
    W_xf, W_hf, b_f = three()  # Forget gate parameters
    W_xo, W_ho, b_o = three()  # Output gate parameters
    W_xc, W_hc, b_c = three()  # Candidate memory cell parameters
    # Output layer parameters
    W_hq = normal((num_hiddens, num_outputs))
    b_q = np.zeros(num_outputs)
    # Attach gradients
    params = [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc,
              b_c, W_hq, b_q]
    return params


def init_lstm_state(batch_size, num_hiddens, device=None):
    return (np.zeros((batch_size, num_hiddens)),
            np.zeros((batch_size, num_hiddens)))


def lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c,
     W_hq, b_q] = params
    (H, C) = state
    outputs = []
    for X in inputs:
        I = sigmoid(np.dot(X, W_xi) + np.dot(H, W_hi) + b_i)
        F = sigmoid(np.dot(X, W_xf) + np.dot(H, W_hf) + b_f)
        O = sigmoid(np.dot(X, W_xo) + np.dot(H, W_ho) + b_o)
        C_tilda = np.tanh(np.dot(X, W_xc) + np.dot(H, W_hc) + b_c)
        C = F * C + I * C_tilda
        H = O * np.tanh(C)
        Y = np.dot(H, W_hq) + b_q
        outputs.append(Y)
    return np.concatenate(outputs, axis=0), (H, C)


vocab_size, num_hiddens, batch_size, num_steps = 7, 5, 2, 4
rs = np.random.RandomState(8)
X_idx = rs.randint(vocab_size, size=(batch_size, num_steps))
Y_idx = rs.randint(vocab_size, size=(batch_size, num_steps))


def cross_entropy(y_hat, y):
    # the book's softmax cross-entropy (`gluon.loss.SoftmaxCrossEntropyLoss`) over the rows
    shifted = y_hat - y_hat.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(y)), y]


def sequence_loss(params, forward_fn, init_state):
    # test wrapper: `RNNModelScratch.__call__` (one-hot inputs, time-major) and `train_epoch_ch8`'s loss
    state = init_state(batch_size, num_hiddens)
    X = np.eye(vocab_size)[X_idx.T]
    y_hat, state = forward_fn(X, state, params)
    y = Y_idx.T.reshape(-1)
    return cross_entropy(y_hat, y).mean()


def final_state(params, forward_fn, init_state):
    # test wrapper: the state the sequence ends in (as the next minibatch receives it)
    state = init_state(batch_size, num_hiddens)
    X = np.eye(vocab_size)[X_idx.T]
    _, state = forward_fn(X, state, params)
    return np.sum(state[0] ** 2) + np.sum(state[-1])


def scaled(params):
    # d2l's 0.01 weights make every gate 1/2: larger ones so the gates differ
    return [p * 30 + 0.1 for p in params]


def gru_params():
    np.random.seed(0)
    return scaled(get_params(vocab_size, num_hiddens))


def lstm_params():
    np.random.seed(1)
    return scaled(get_lstm_params(vocab_size, num_hiddens))


def gru_loss(params):
    return sequence_loss(params, gru, init_gru_state)


def gru_state(params):
    return final_state(params, gru, init_gru_state)


def lstm_loss(params):
    return sequence_loss(params, lstm, init_lstm_state)


def lstm_state(params):
    return final_state(params, lstm, init_lstm_state)


# (The wrappers name the functions, as `RNNModelScratch` holds them; the `*_passed` cases pass
# them to the differentiated function itself: constants of the call.)
CASES = [
    dict(name="gru_loss", function=gru_loss, args=lambda: (gru_params(),)),
    dict(name="gru_state", function=gru_state, args=lambda: (gru_params(),)),
    dict(name="lstm_loss", function=lstm_loss, args=lambda: (lstm_params(),)),
    dict(name="lstm_state", function=lstm_state, args=lambda: (lstm_params(),)),
    dict(name="gru_loss_passed", function=sequence_loss, args=lambda: (gru_params(), gru, init_gru_state)),
    dict(name="lstm_state_passed", function=final_state, args=lambda: (lstm_params(), lstm, init_lstm_state)),
]
