# Ported from Stefania Cristina, "The Attention Mechanism from Scratch" (Machine Learning Mastery, 2022): `from numpy import random, array, dot` and `from scipy.special import softmax`, four word embeddings, query/key/value matrices, the first word's scores `array([dot(query_1, key_1), ...])` and its attention as a weighted sum of value vectors, then the matrix form `softmax(scores / K.shape[1] ** 0.5, axis=1) @ V`; the tutorial's script turned into functions of the weights and embeddings.
from numpy import array
from numpy import random
from numpy import dot
from scipy.special import softmax


def first_word_attention(word_1, word_2, word_3, word_4, W_Q, W_K, W_V):
    # generating the queries, keys and values
    query_1 = word_1 @ W_Q
    key_1 = word_1 @ W_K
    value_1 = word_1 @ W_V

    query_2 = word_2 @ W_Q
    key_2 = word_2 @ W_K
    value_2 = word_2 @ W_V

    query_3 = word_3 @ W_Q
    key_3 = word_3 @ W_K
    value_3 = word_3 @ W_V

    query_4 = word_4 @ W_Q
    key_4 = word_4 @ W_K
    value_4 = word_4 @ W_V

    # scoring the first query vector against all key vectors
    scores = array([dot(query_1, key_1), dot(query_1, key_2), dot(query_1, key_3), dot(query_1, key_4)])

    # computing the weights by a softmax operation
    weights = softmax(scores / key_1.shape[0] ** 0.5)

    # computing the attention by a weighted sum of the value vectors
    attention = (weights[0] * value_1) + (weights[1] * value_2) + (weights[2] * value_3) + (weights[3] * value_4)

    return attention


def general_attention(words, W_Q, W_K, W_V):
    # generating the queries, keys and values
    Q = words @ W_Q
    K = words @ W_K
    V = words @ W_V

    # scoring the query vectors against all key vectors
    scores = Q @ K.transpose()

    # computing the weights by a softmax operation
    weights = softmax(scores / K.shape[1] ** 0.5, axis=1)

    # computing the attention by a weighted sum of the value vectors
    attention = weights @ V

    return attention


# encoder representations of four different words
word_1 = array([1, 0, 0])
word_2 = array([0, 1, 0])
word_3 = array([1, 1, 0])
word_4 = array([0, 0, 1])

# stacking the word embeddings into a single array
words = array([word_1, word_2, word_3, word_4])

# generating the weight matrices
random.seed(42)
W_Q = random.randint(3, size=(3, 3))
W_K = random.randint(3, size=(3, 3))
W_V = random.randint(3, size=(3, 3))

# the tutorial's integer weights as floats, scaled so the softmax is not saturated
def weights_():
    return 0.3 * W_Q.astype(float), 0.3 * W_K.astype(float), 0.3 * W_V.astype(float)


CASES = [
    dict(name="first_word_weights", function=first_word_attention, kind="jacobian", wrt=(4,),
         args=lambda: (word_1, word_2, word_3, word_4, *weights_())),
    dict(name="first_word_keys", function=first_word_attention, kind="jacobian", wrt=(5,),
         args=lambda: (word_1 * 1.0, word_2 * 1.0, word_3 * 1.0, word_4 * 1.0, *weights_())),
    dict(name="general_embeddings", function=general_attention, kind="jacobian", wrt=(0,),
         args=lambda: (words.astype(float), *weights_())),
    dict(name="general_values", function=general_attention, kind="jacobian", wrt=(3,),
         args=lambda: (words.astype(float), *weights_())),
]
