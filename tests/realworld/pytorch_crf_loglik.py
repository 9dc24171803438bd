# Ported from kmkurn/pytorch-crf, torchcrf/__init__.py (Kemal Kurniawan; MIT licence; https://github.com/kmkurn/pytorch-crf/blob/master/torchcrf/__init__.py): the linear-chain CRF's `forward` (conditional log-likelihood with a mask and a `reduction` string), `_compute_score` and `_compute_normalizer` (the forward algorithm in log space: `logsumexp` over the previous tag in a loop over time, `where(mask[i], next_score, score)`); torch as numpy (`unsqueeze(k)` as `np.expand_dims`, `torch.logsumexp` as scipy.special.logsumexp, `torch.arange` as `np.arange`, `.float()`/`.long()` as `.astype`), nn.Parameter as plain arrays; `_validate`, `decode` and `_viterbi_decode` left out.
from typing import Optional

import numpy as np
from scipy.special import logsumexp


class CRF:
    """Conditional random field.

    This module implements a conditional random field [LMP01]_. The forward computation
    of this class computes the log likelihood of the given sequence of tags and
    emission score tensor.
    """

    def __init__(self, num_tags: int, batch_first: bool = False) -> None:
        if num_tags <= 0:
            raise ValueError(f'invalid number of tags: {num_tags}')
        self.num_tags = num_tags
        self.batch_first = batch_first
        self.start_transitions = np.empty(num_tags)
        self.end_transitions = np.empty(num_tags)
        self.transitions = np.empty((num_tags, num_tags))

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(num_tags={self.num_tags})'

    def forward(
            self,
            emissions: np.ndarray,
            tags: np.ndarray,
            mask: Optional[np.ndarray] = None,
            reduction: str = 'sum',
    ) -> np.ndarray:
        """Compute the conditional log likelihood of a sequence of tags given emission scores."""
        if reduction not in ('none', 'sum', 'mean', 'token_mean'):
            raise ValueError(f'invalid reduction: {reduction}')
        if mask is None:
            mask = np.ones_like(tags, dtype=np.uint8)

        if self.batch_first:
            emissions = emissions.transpose(1, 0, 2)
            tags = tags.transpose(1, 0)
            mask = mask.transpose(1, 0)

        # shape: (batch_size,)
        numerator = self._compute_score(emissions, tags, mask)
        # shape: (batch_size,)
        denominator = self._compute_normalizer(emissions, mask)
        # shape: (batch_size,)
        llh = numerator - denominator

        if reduction == 'none':
            return llh
        if reduction == 'sum':
            return llh.sum()
        if reduction == 'mean':
            return llh.mean()
        assert reduction == 'token_mean'
        return llh.sum() / mask.astype(float).sum()

    def _compute_score(
            self, emissions: np.ndarray, tags: np.ndarray,
            mask: np.ndarray) -> np.ndarray:
        # emissions: (seq_length, batch_size, num_tags)
        # tags: (seq_length, batch_size)
        # mask: (seq_length, batch_size)
        assert emissions.ndim == 3 and tags.ndim == 2
        assert emissions.shape[:2] == tags.shape
        assert emissions.shape[2] == self.num_tags
        assert mask.shape == tags.shape
        assert mask[0].all()

        seq_length, batch_size = tags.shape
        mask = mask.astype(float)

        # Start transition score and first emission
        # shape: (batch_size,)
        score = self.start_transitions[tags[0]]
        score += emissions[0, np.arange(batch_size), tags[0]]

        for i in range(1, seq_length):
            # Transition score to next tag, only added if next timestep is valid (mask == 1)
            # shape: (batch_size,)
            score += self.transitions[tags[i - 1], tags[i]] * mask[i]

            # Emission score for next tag, only added if next timestep is valid (mask == 1)
            # shape: (batch_size,)
            score += emissions[i, np.arange(batch_size), tags[i]] * mask[i]

        # End transition score
        # shape: (batch_size,)
        seq_ends = mask.astype(np.int64).sum(axis=0) - 1
        # shape: (batch_size,)
        last_tags = tags[seq_ends, np.arange(batch_size)]
        # shape: (batch_size,)
        score += self.end_transitions[last_tags]

        return score

    def _compute_normalizer(
            self, emissions: np.ndarray, mask: np.ndarray) -> np.ndarray:
        # emissions: (seq_length, batch_size, num_tags)
        # mask: (seq_length, batch_size)
        assert emissions.ndim == 3 and mask.ndim == 2
        assert emissions.shape[:2] == mask.shape
        assert emissions.shape[2] == self.num_tags
        assert mask[0].all()

        seq_length = emissions.shape[0]

        # Start transition score and first emission; score has size of
        # (batch_size, num_tags) where for each batch, the j-th column stores
        # the score that the first timestep has tag j
        # shape: (batch_size, num_tags)
        score = self.start_transitions + emissions[0]

        for i in range(1, seq_length):
            # Broadcast score for every possible next tag
            # shape: (batch_size, num_tags, 1)
            broadcast_score = np.expand_dims(score, 2)

            # Broadcast emission score for every possible current tag
            # shape: (batch_size, 1, num_tags)
            broadcast_emissions = np.expand_dims(emissions[i], 1)

            # Compute the score tensor of size (batch_size, num_tags, num_tags) where
            # for each sample, entry at row i and column j stores the sum of scores of all
            # possible tag sequences so far that end with transitioning from tag i to tag j
            # and emitting
            # shape: (batch_size, num_tags, num_tags)
            next_score = broadcast_score + self.transitions + broadcast_emissions

            # Sum over all possible current tags, but we're in score space, so a sum
            # becomes a log-sum-exp: for each sample, entry i stores the sum of scores of
            # all possible tag sequences so far, that end in tag i
            # shape: (batch_size, num_tags)
            next_score = logsumexp(next_score, axis=1)

            # Set score to the next score if this timestep is valid (mask == 1)
            # shape: (batch_size, num_tags)
            score = np.where(np.expand_dims(mask[i], 1), next_score, score)

        # End transition score
        # shape: (batch_size, num_tags)
        score += self.end_transitions

        # Sum (log-sum-exp) over all possible tags
        # shape: (batch_size,)
        return logsumexp(score, axis=1)


# ---- test wrappers: the parameters `reset_parameters` draws, set from the arguments

NUM_TAGS = 4


def crf_with(start_transitions, end_transitions, transitions, batch_first=False):
    crf = CRF(NUM_TAGS, batch_first=batch_first)
    crf.start_transitions = start_transitions
    crf.end_transitions = end_transitions
    crf.transitions = transitions
    return crf


def loglik_wrt_transitions(start_transitions, end_transitions, transitions, emissions, tags, mask):
    crf = crf_with(start_transitions, end_transitions, transitions)
    return crf.forward(emissions, tags, mask=mask)


def token_mean_wrt_emissions(emissions, tags, mask, transitions):
    crf = crf_with(np.zeros(NUM_TAGS), np.zeros(NUM_TAGS), transitions, batch_first=True)
    return crf.forward(emissions, tags, mask, reduction='token_mean')


def sequences():
    rng = np.random.RandomState(5)
    seq_length, batch_size = 6, 3
    emissions = rng.randn(seq_length, batch_size, NUM_TAGS)
    tags = rng.randint(0, NUM_TAGS, size=(seq_length, batch_size))
    mask = np.ones((seq_length, batch_size), dtype=np.uint8)
    mask[4:, 1] = 0                         # the second sequence is 4 long
    mask[5:, 2] = 0                         # the third 5
    return rng, emissions, tags, mask


def transition_args():
    rng, emissions, tags, mask = sequences()
    return (rng.uniform(-0.1, 0.1, NUM_TAGS), rng.uniform(-0.1, 0.1, NUM_TAGS),
            rng.uniform(-0.1, 0.1, (NUM_TAGS, NUM_TAGS)), emissions, tags, mask)


def batch_first_args():
    rng, emissions, tags, mask = sequences()
    return (emissions.transpose(1, 0, 2).copy(), tags.T.copy(), mask.T.copy(),
            rng.uniform(-0.5, 0.5, (NUM_TAGS, NUM_TAGS)))


CASES = [
    dict(name="loglik_wrt_transitions", function=loglik_wrt_transitions, args=transition_args, wrt=(0, 1, 2)),
    dict(name="token_mean_wrt_emissions", function=token_mean_wrt_emissions, args=batch_first_args, wrt=(0, 3)),
]
