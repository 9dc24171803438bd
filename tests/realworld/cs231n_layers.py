# Ported from Stanford CS231n, assignment2 cs231n/layers.py and cs231n/layer_utils.py (2017 edition): `affine_forward` (`x.reshape(x.shape[0], -1).dot(w) + b`, a `cache` tuple), `relu_forward`, `batchnorm_forward` (a `bn_param` dict read with `.get`, `if mode == 'train': ... elif mode == 'test': ... else: raise ValueError`, the running averages stored back into the dict), `dropout_forward` (`if 'seed' in dropout_param: np.random.seed(dropout_param['seed'])`, the inverted-dropout mask `(np.random.rand(*x.shape) < p) / p`), `affine_relu_forward`, and the course's own `softmax_loss` and `svm_loss` with their hand-written `dx` (the references). The forward passes the students write are as in public solutions (e.g. jariasf/CS231n, 2017). The test's objectives are a two-layer `affine - batchnorm - relu - dropout - affine - softmax` network, as `FullyConnectedNet.loss` composes these layers.
import numpy as np


def affine_forward(x, w, b):
    """
    Computes the forward pass for an affine (fully-connected) layer.

    The input x has shape (N, d_1, ..., d_k) and contains a minibatch of N
    examples, where each example x[i] has shape (d_1, ..., d_k). We will
    reshape each input into a vector of dimension D = d_1 * ... * d_k, and
    then transform it to an output vector of dimension M.

    Inputs:
    - x: A numpy array containing input data, of shape (N, d_1, ..., d_k)
    - w: A numpy array of weights, of shape (D, M)
    - b: A numpy array of biases, of shape (M,)

    Returns a tuple of:
    - out: output, of shape (N, M)
    - cache: (x, w, b)
    """
    out = None
    ###########################################################################
    # TODO: Implement the affine forward pass. Store the result in out. You   #
    # will need to reshape the input into rows.                               #
    ###########################################################################
    out = x.reshape(x.shape[0], -1).dot(w) + b
    ###########################################################################
    #                             END OF YOUR CODE                            #
    ###########################################################################
    cache = (x, w, b)
    return out, cache


def relu_forward(x):
    """
    Computes the forward pass for a layer of rectified linear units (ReLUs).

    Input:
    - x: Inputs, of any shape

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: x
    """
    out = None
    ###########################################################################
    # TODO: Implement the ReLU forward pass.                                  #
    ###########################################################################
    out = np.maximum(0, x)
    ###########################################################################
    #                             END OF YOUR CODE                            #
    ###########################################################################
    cache = x
    return out, cache


def batchnorm_forward(x, gamma, beta, bn_param):
    """
    Forward pass for batch normalization.

    During training the sample mean and (uncorrected) sample variance are
    computed from minibatch statistics and used to normalize the incoming data.
    During training we also keep an exponentially decaying running mean of the
    mean and variance of each feature, and these averages are used to normalize
    data at test-time.

    At each timestep we update the running averages for mean and variance using
    an exponential decay based on the momentum parameter:

    running_mean = momentum * running_mean + (1 - momentum) * sample_mean
    running_var = momentum * running_var + (1 - momentum) * sample_var

    Input:
    - x: Data of shape (N, D)
    - gamma: Scale parameter of shape (D,)
    - beta: Shift paremeter of shape (D,)
    - bn_param: Dictionary with the following keys:
      - mode: 'train' or 'test'; required
      - eps: Constant for numeric stability
      - momentum: Constant for running mean / variance.
      - running_mean: Array of shape (D,) giving running mean of features
      - running_var Array of shape (D,) giving running variance of features

    Returns a tuple of:
    - out: of shape (N, D)
    - cache: A tuple of values needed in the backward pass
    """
    mode = bn_param['mode']
    eps = bn_param.get('eps', 1e-5)
    momentum = bn_param.get('momentum', 0.9)

    N, D = x.shape
    running_mean = bn_param.get('running_mean', np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get('running_var', np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == 'train':
        sample_mean = np.mean(x, axis=0)
        sample_var = np.var(x, axis=0)
        x_hat = (x - sample_mean) / np.sqrt(sample_var + eps)
        out = gamma * x_hat + beta
        cache = (x, sample_mean, sample_var, x_hat, eps, gamma, beta)
        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var
    elif mode == 'test':
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)

    # Store the updated running means back into bn_param
    bn_param['running_mean'] = running_mean
    bn_param['running_var'] = running_var

    return out, cache


def dropout_forward(x, dropout_param):
    """
    Performs the forward pass for (inverted) dropout.

    Inputs:
    - x: Input data, of any shape
    - dropout_param: A dictionary with the following keys:
      - p: Dropout parameter. We keep each neuron output with probability p.
      - mode: 'test' or 'train'. If the mode is train, then perform dropout;
        if the mode is test, then just return the input.
      - seed: Seed for the random number generator. Passing seed makes this
        function deterministic, which is needed for gradient checking but not
        in real networks.

    Outputs:
    - out: Array of the same shape as x.
    - cache: tuple (dropout_param, mask). In training mode, mask is the dropout
      mask that was used to multiply the input; in test mode, mask is None.
    """
    p, mode = dropout_param['p'], dropout_param['mode']
    if 'seed' in dropout_param:
        np.random.seed(dropout_param['seed'])

    mask = None
    out = None

    if mode == 'train':
        #######################################################################
        # TODO: Implement training phase forward pass for inverted dropout.   #
        # Store the dropout mask in the mask variable.                        #
        #######################################################################
        mask = (np.random.rand(*x.shape) < p) / p
        out = x * mask
        #######################################################################
        #                           END OF YOUR CODE                          #
        #######################################################################
    elif mode == 'test':
        #######################################################################
        # TODO: Implement the test phase forward pass for inverted dropout.   #
        #######################################################################
        out = x
        #######################################################################
        #                            END OF YOUR CODE                         #
        #######################################################################

    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)

    return out, cache


def svm_loss(x, y):
    """
    Computes the loss and gradient using for multiclass SVM classification.

    Inputs:
    - x: Input data, of shape (N, C) where x[i, j] is the score for the jth
      class for the ith input.
    - y: Vector of labels, of shape (N,) where y[i] is the label for x[i] and
      0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss
    - dx: Gradient of the loss with respect to x
    """
    N = x.shape[0]
    correct_class_scores = x[np.arange(N), y]
    margins = np.maximum(0, x - correct_class_scores[:, np.newaxis] + 1.0)
    margins[np.arange(N), y] = 0
    loss = np.sum(margins) / N
    num_pos = np.sum(margins > 0, axis=1)
    dx = np.zeros_like(x)
    dx[margins > 0] = 1
    dx[np.arange(N), y] -= num_pos
    dx /= N
    return loss, dx


def softmax_loss(x, y):
    """
    Computes the loss and gradient for softmax classification.

    Inputs:
    - x: Input data, of shape (N, C) where x[i, j] is the score for the jth
      class for the ith input.
    - y: Vector of labels, of shape (N,) where y[i] is the label for x[i] and
      0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss
    - dx: Gradient of the loss with respect to x
    """
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


def affine_relu_forward(x, w, b):
    """
    Convenience layer that perorms an affine transform followed by a ReLU

    Inputs:
    - x: Input to the affine layer
    - w, b: Weights for the affine layer

    Returns a tuple of:
    - out: Output from the ReLU
    - cache: Object to give to the backward pass
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    return out, cache


# The data and the weights, drawn once (the assignment's gradient checks use N=2..10 and small D).
rs = np.random.RandomState(231)
N, D, H, C = 6, 2 * 3, 5, 4
X = rs.randn(N, 2, 3)                  # images with 2 x 3 "pixels": affine_forward reshapes the rows
y = rs.randint(C, size=N)


def network_params():
    r = np.random.RandomState(0)
    return {'W1': r.randn(D, H) * 0.5, 'b1': r.randn(H) * 0.1, 'gamma1': 1.0 + 0.1 * r.randn(H),
            'beta1': 0.1 * r.randn(H) + 0.3, 'W2': r.randn(H, C) * 0.5, 'b2': r.randn(C) * 0.1}


def network_loss(params, X, y, mode='train'):
    # test wrapper: `FullyConnectedNet.loss`'s forward pass for one hidden layer with batchnorm
    # and dropout (fixed seed), then the softmax loss
    bn_param = {'mode': mode}
    dropout_param = {'mode': mode, 'p': 0.75, 'seed': 123}
    a, fc_cache = affine_forward(X, params['W1'], params['b1'])
    a, bn_cache = batchnorm_forward(a, params['gamma1'], params['beta1'], bn_param)
    a, relu_cache = relu_forward(a)
    a, do_cache = dropout_forward(a, dropout_param)
    scores, _ = affine_forward(a, params['W2'], params['b2'])
    loss, _ = softmax_loss(scores, y)
    return loss


def batchnorm_test_mode(x, gamma, beta):
    # test wrapper: a training pass fills the running averages, the test pass reads them
    bn_param = {'mode': 'train', 'momentum': 0.5}
    batchnorm_forward(x, gamma, beta, bn_param)
    bn_param['mode'] = 'test'
    out, _ = batchnorm_forward(x[:3] * 2.0, gamma, beta, bn_param)
    return np.sum(out ** 2)


def softmax_loss_only(x, y):
    loss, _ = softmax_loss(x, y)
    return loss


def softmax_dx(x, y):
    return softmax_loss(x, y)[1]


def svm_loss_only(x, y):
    loss, _ = svm_loss(x, y)
    return loss


def svm_dx(x, y):
    return svm_loss(x, y)[1]


def scores():
    return np.random.RandomState(5).randn(N, C)


def batch():
    return np.random.RandomState(6).randn(N, H) * 2.0 + 1.0


CASES = [
    dict(name="network_loss_train", function=network_loss, args=lambda: (network_params(), X, y)),
    dict(name="network_loss_test_mode", function=network_loss, args=lambda: (network_params(), X, y, 'test')),
    dict(name="batchnorm_running_averages", function=batchnorm_test_mode, wrt=(0, 1, 2),
         args=lambda: (batch(), 1.0 + np.arange(H) * 0.1, np.linspace(-0.5, 0.5, H))),
    dict(name="softmax_loss", function=softmax_loss_only, args=lambda: (scores(), y), reference=softmax_dx),
    dict(name="svm_loss", function=svm_loss_only, args=lambda: (scores(), y), reference=svm_dx),
]
