# Ported from laziszaire/cs224n, assignment1/word2vec.py (a solution to Stanford CS224n's 2017 assignment 1; https://github.com/laziszaire/cs224n/blob/master/assignment1/word2vec.py): skip-gram's negative-sampling loss `negsampling` with the author's hand-written gradient, `negative_samples` drawing from `dataset.sampleTokenIdx()`, and q2_sigmoid's `sigmoid`. Two changes: Python 2's `xrange` is `range`, and the author's `grad_pred = _outputVectors.dot(_prob)` (shapes (K+1, d) and (K+1,): it raises) is `_outputVectors.T.dot(_prob)`. The author's `grad[indices, :] = _grad` keeps one row per repeated sample (the assignment says to add them), so only the center-vector gradient is a reference. The assignment's dummy dataset (a `type('dummy', (), {})()` with a `sampleTokenIdx` function attribute) is kept, drawing from numpy's global stream (re-seeded before every evaluation) where it used `random.randint(0, 4)`.
import numpy as np


def sigmoid(x):
    """
    Compute the sigmoid function for the input here.
    """
    s = 1.0 / (1 + np.exp(-x))
    return s


def negative_samples(target, dataset, K):

    # sample a word that is not the target
    indices = [None]*K
    for k in range(K):
        while True:
            newidx = dataset.sampleTokenIdx()
            if newidx != target:
                break
        indices[k] = newidx
    return indices


def negsampling(predicted, target, outputVectors, dataset, K=10):
    indices = [target]
    indices += negative_samples(target, dataset, K)
    labels = -np.ones_like(indices) # indicator of negative samples, sigmoid(-z)
    labels[0] = 1

    # 两部分合在一起了
    _outputVectors = outputVectors[indices, :]
    z = labels*_outputVectors.dot(predicted)
    prob = sigmoid(z)
    cost = -np.sum(np.log(prob))

    # grad
    _prob = (prob-1)*labels
    grad_pred = _outputVectors.T.dot(_prob)
    _grad = _prob[:, np.newaxis].dot(predicted[np.newaxis, :])
    grad = np.zeros_like(outputVectors)
    grad[indices, :] = _grad
    return cost, grad_pred, grad


# ---- test data: the assignment's test_word2vec() set-up (5 words, 3 dimensions, a dummy dataset)
def dummy_dataset():
    # (the assignment draws with random.randint(0, 4); numpy's global stream here, which the
    # harness re-seeds before every evaluation: each sees the same negative samples)
    dataset = type('dummy', (), {})()

    def dummySampleTokenIdx():
        return np.random.randint(0, 5)
    dataset.sampleTokenIdx = dummySampleTokenIdx
    return dataset


_vectors = np.random.RandomState(9265).randn(10, 3)
_vectors = _vectors / np.sqrt(np.sum(_vectors ** 2, axis=1, keepdims=True))    # normalizeRows
center, outside = _vectors[2].copy(), _vectors[5:].copy()


def loss(predicted, target, outputVectors, dataset):
    # test wrapper: the cost, the first of (cost, grad_pred, grad)
    return negsampling(predicted, target, outputVectors, dataset)[0]


def skipgram_window(predicted, outputVectors, dataset):
    # test wrapper: skipgram's sum over a context window, as the assignment's skipgram() does
    cost = 0.0
    for target in [1, 3, 4, 1]:
        c, _, _ = negsampling(predicted, target, outputVectors, dataset, K=3)
        cost += c
    return cost


def authors_center_gradient(predicted, target, outputVectors, dataset):
    np.random.seed(SEED)      # (the harness re-seeds before the objective, not before a reference)
    return negsampling(predicted, target, outputVectors, dataset)[1]


SEED = 31415


CASES = [
    dict(name="center_vector", function=loss, reference=authors_center_gradient,
         args=lambda: (center.copy(), 1, outside.copy(), dummy_dataset()), seed=SEED),
    dict(name="output_vectors", function=loss, args=lambda: (center.copy(), 1, outside.copy(), dummy_dataset()),
         wrt=(2,), seed=SEED),
    dict(name="skipgram_window", function=skipgram_window,
         args=lambda: (center.copy(), outside.copy(), dummy_dataset()), wrt=(0, 1), seed=SEED),
]
