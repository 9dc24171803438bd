# Ported from pytorch/tutorials, intermediate_source/char_rnn_classification_tutorial.py ("Classifying Names with a Character-Level RNN", Sean Robertson; BSD 3-clause licence; https://github.com/pytorch/tutorials/blob/main/intermediate_source/char_rnn_classification_tutorial.py): `all_letters = string.ascii_letters + " .,;'"`, `letterToIndex` (`all_letters.find(letter)`), `lineToTensor` (`for li, letter in enumerate(line): tensor[li][0][letterToIndex(letter)] = 1`), the `RNN` module (`combined = torch.cat((input, hidden), 1)`, `i2h`, `i2o`, `LogSoftmax(dim=1)`, `initHidden`), the per-character loop of `train`/`evaluate` (`for i in range(line_tensor.size()[0]): output, hidden = rnn(line_tensor[i], hidden)`) and `nn.NLLLoss`. torch as numpy: `nn.Linear` and `nn.LogSoftmax` as small classes holding their weights (drawn once with a fixed seed), `torch.cat` as `np.concatenate`, `.size()[0]` as `.shape[0]`, `Variable(...)` dropped; the names files (data/names/*.txt) replaced by a few names per language, the backward and SGD step by the transpiler's gradient.
import string

import numpy as np

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)

# (data/names/*.txt: a few names per language)
category_lines = {'Italian': ['Abandonato', 'Rossi'], 'Scottish': ['Smith', 'Boyle'], 'Japanese': ['Satoshi', 'Hazaki']}
all_categories = list(category_lines)
n_categories = len(all_categories)


# Find letter index from all_letters, e.g. "a" = 0
def letterToIndex(letter):
    return all_letters.find(letter)

# Just for demonstration, turn a letter into a <1 x n_letters> Tensor
def letterToTensor(letter):
    tensor = np.zeros((1, n_letters))
    tensor[0][letterToIndex(letter)] = 1
    return tensor

# Turn a line into a <line_length x 1 x n_letters>,
# or an array of one-hot letter vectors
def lineToTensor(line):
    tensor = np.zeros((len(line), 1, n_letters))
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


class Linear:
    # nn.Linear: y = x A^T + b, weights drawn uniformly in +-1/sqrt(in_features)
    def __init__(self, in_features, out_features, rs):
        bound = 1.0 / np.sqrt(in_features)
        self.weight = rs.uniform(-bound, bound, size=(out_features, in_features))
        self.bias = rs.uniform(-bound, bound, size=out_features)

    def __call__(self, x):
        return x @ self.weight.T + self.bias


class LogSoftmax:
    def __init__(self, dim):
        self.dim = dim

    def __call__(self, x):
        shifted = x - np.max(x, axis=self.dim, keepdims=True)
        return shifted - np.log(np.sum(np.exp(shifted), axis=self.dim, keepdims=True))


class RNN:
    def __init__(self, input_size, hidden_size, output_size, rs):
        self.hidden_size = hidden_size

        self.i2h = Linear(input_size + hidden_size, hidden_size, rs)
        self.i2o = Linear(input_size + hidden_size, output_size, rs)
        self.softmax = LogSoftmax(dim=1)

    def forward(self, input, hidden):
        combined = np.concatenate((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.i2o(combined)
        output = self.softmax(output)
        return output, hidden

    __call__ = forward

    def initHidden(self):
        return np.zeros((1, self.hidden_size))


def criterion(output, category_tensor):
    # nn.NLLLoss(): the mean over the batch of -output[n, target[n]]
    return -np.mean(output[np.arange(len(category_tensor)), category_tensor])


n_hidden = 16
rnn = RNN(n_letters, n_hidden, n_categories, np.random.RandomState(0))


# Just return an output given a line
def evaluate(line_tensor):
    hidden = rnn.initHidden()

    for i in range(line_tensor.shape[0]):
        output, hidden = rnn(line_tensor[i], hidden)

    return output


# ---- test wrappers: train's loss (its forward: a zeroed hidden state, one step per character,
# the NLL of the last output) as a function of the one-hot line (a global rnn), and as a function
# of the i2o weights of a model built from them

def train_loss(line_tensor, category_tensor):
    output = evaluate(line_tensor)
    return criterion(output, category_tensor)


def loss_of_weights(i2h_weight, i2o_weight, line, category):
    model = RNN(n_letters, n_hidden, n_categories, np.random.RandomState(0))
    model.i2h.weight = i2h_weight
    model.i2o.weight = i2o_weight
    hidden = model.initHidden()
    line_tensor = lineToTensor(line)
    for i in range(line_tensor.shape[0]):
        output, hidden = model(line_tensor[i], hidden)
    category_tensor = np.array([all_categories.index(category)])
    loss = criterion(output, category_tensor)
    print('%s / %s %.4f' % (line, category, loss))
    return loss


def one_hot_line():
    return lineToTensor('Rossi'), np.array([all_categories.index('Italian')])


def weights_and_name():
    return 0.3 * rnn.i2h.weight, rnn.i2o.weight.copy(), 'Satoshi', 'Japanese'


CASES = [
    dict(name="train_loss", function=train_loss, args=one_hot_line),
    dict(name="loss_of_weights", function=loss_of_weights, args=weights_and_name, wrt=(0, 1)),
]
