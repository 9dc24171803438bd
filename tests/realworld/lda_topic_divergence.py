# Written for this corpus (p10) in the style of topic-model evaluation code (gensim's `hellinger`/`jensen_shannon` helpers and pyLDAvis' `_jensen_shannon` / `js_PCoA` inter-topic distance map): topic-word matrices normalised with `/ .sum(axis=1)[:, None]`, a symmetric `jensenshannon(p, q, base=2)` distance matrix from a nested list comprehension, `squareform`-free mean of the upper triangle via `np.triu_indices`, a softmax parameterisation of the topics with a dict of hyperparameters, document-topic mixtures compared with `braycurtis` and `canberra`, and `distance.correlation` between two topics' word profiles. Differentiated: the mean inter-topic Jensen-Shannon distance with respect to the topic logits (a topic-diversity regulariser), the divergence of a document's mixture from its neighbours' with respect to the mixture, the Bray-Curtis/Canberra dissimilarity of reconstructed word counts with respect to the document-topic weights, and a correlation-based topic-coherence proxy.
import numpy as np
from scipy.spatial import distance
from scipy.spatial.distance import jensenshannon

RNG = np.random.default_rng(17)
K, V, D = 4, 12, 5
HYPER = {"beta_temperature": 1.5, "base": 2, "eps": 1e-12}
TOPIC_LOGITS = RNG.standard_normal((K, V))
DOC_TOPIC = RNG.dirichlet(np.ones(K) * 0.8, size=D)
COUNTS = RNG.poisson(5.0, size=(D, V)).astype(float) + 1.0


def softmax(z, temperature=1.0):
    z = z / temperature
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)[:, None]


def topic_distances(topic_word, base=2):
    n = topic_word.shape[0]
    return np.array([[jensenshannon(topic_word[i], topic_word[j], base=base) if i != j else 0.0
                      for j in range(n)] for i in range(n)])


def topic_diversity(logits, hyper=HYPER):
    phi = softmax(logits, hyper["beta_temperature"])
    dist = topic_distances(phi, base=hyper["base"])
    iu = np.triu_indices(len(phi), k=1)
    return dist[iu].mean()


def neighbour_divergence(theta, neighbours=DOC_TOPIC[1:]):
    theta = theta / theta.sum()
    return sum(jensenshannon(theta, nb) ** 2 for nb in neighbours) / len(neighbours)


def reconstruction_dissimilarity(doc_topic):
    phi = softmax(TOPIC_LOGITS)
    expected = doc_topic @ phi * COUNTS.sum(axis=1, keepdims=True)
    bc = [distance.braycurtis(e, c) for e, c in zip(expected, COUNTS)]
    cb = [distance.canberra(e, c) / V for e, c in zip(expected, COUNTS)]
    return np.mean(bc) + 0.5 * np.mean(cb)


def coherence_proxy(logits):
    phi = softmax(logits)
    pairs = [(i, j) for i in range(K) for j in range(i + 1, K)]
    return sum(1.0 - distance.correlation(phi[i], phi[j]) for i, j in pairs) / len(pairs)


CASES = [
    dict(name="topic_diversity", function=topic_diversity, args=lambda: (TOPIC_LOGITS.copy(),)),
    dict(name="neighbour_divergence", function=neighbour_divergence, args=lambda: (DOC_TOPIC[0].copy(),)),
    dict(name="reconstruction_dissimilarity", function=reconstruction_dissimilarity, args=lambda: (DOC_TOPIC.copy(),)),
    dict(name="coherence_proxy", function=coherence_proxy, args=lambda: (TOPIC_LOGITS.copy(),)),
]
