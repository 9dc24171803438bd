# Ported from Stanford CS231n, assignment1 cs231n/classifiers/linear_svm.py: `svm_loss_naive` as the course hands it out (the loops written by the course staff; dW left to the student, returned as zeros).
from builtins import range
import numpy as np
from random import shuffle


def svm_loss_naive(W, X, y, reg):
    """
    Structured SVM loss function, naive implementation (with loops).

    Inputs have dimension D, there are C classes, and we operate on minibatches
    of N examples.

    Inputs:
    - W: A numpy array of shape (D, C) containing weights.
    - X: A numpy array of shape (N, D) containing a minibatch of data.
    - y: A numpy array of shape (N,) containing training labels; y[i] = c means
      that X[i] has label c, where 0 <= c < C.
    - reg: (float) regularization strength

    Returns a tuple of:
    - loss as single float
    - gradient with respect to weights W; an array of same shape as W
    """
    dW = np.zeros(W.shape)  # initialize the gradient as zero

    # compute the loss and the gradient
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin

    # Right now the loss is a sum over all training examples, but we want it
    # to be an average instead so we divide by num_train.
    loss /= num_train

    # Add regularization to the loss.
    loss += reg * np.sum(W * W)

    return loss, dW


rs = np.random.RandomState(0)
X_dev = rs.randn(6, 5)
y_dev = np.array([0, 2, 1, 2, 0, 1])


def svm_loss(W, X, y, reg):
    # test wrapper: the loss svm_loss_naive returns
    loss, _ = svm_loss_naive(W, X, y, reg)
    return loss


def weights():
    # generate a random SVM weight matrix of small numbers
    return np.random.RandomState(1).randn(5, 3) * 0.5


CASES = [
    dict(name="svm_loss", function=svm_loss, args=lambda: (weights(), X_dev, y_dev, 0.000005)),
]
