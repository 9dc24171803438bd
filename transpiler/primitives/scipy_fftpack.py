"""``scipy.fftpack``'s complex transforms, the legacy interface older scripts import (Jake
VanderPlas' split-step Schrodinger solver, ``fftpack.fft(self.psi_mod_x)``): NumPy's, inlined as
``np.fft``'s, whose rules (fft.py) they then use. ``overwrite_x`` only lets SciPy reuse the input's
memory. (``fftpack.rfft`` packs its result differently from ``np.fft.rfft``: no rule.)"""
from __future__ import annotations

import numpy as np
from scipy import fftpack

from .registry import composed

FAMILY = "fft"


@composed(fftpack.fft, family=FAMILY)
def fftpack_fft(x, n=None, axis=-1, overwrite_x=False):
    """``scipy.fftpack.fft``: ``np.fft.fft``."""
    return np.fft.fft(x, n, axis)


@composed(fftpack.ifft, family=FAMILY)
def fftpack_ifft(x, n=None, axis=-1, overwrite_x=False):
    """``scipy.fftpack.ifft``: ``np.fft.ifft``."""
    return np.fft.ifft(x, n, axis)


@composed(fftpack.fftn, family=FAMILY)
def fftpack_fftn(x, shape=None, axes=None, overwrite_x=False):
    """``scipy.fftpack.fftn``: ``np.fft.fftn`` (``shape`` is its ``s``; without ``axes``, every
    axis, as SciPy takes them, which requires ``len(shape) == x.ndim``; NumPy 2 deprecates
    guessing them)."""
    if shape is not None and axes is None:
        axes = tuple(range(-len(shape), 0))
    return np.fft.fftn(x, shape, axes)


@composed(fftpack.ifftn, family=FAMILY)
def fftpack_ifftn(x, shape=None, axes=None, overwrite_x=False):
    """``scipy.fftpack.ifftn``: ``np.fft.ifftn``."""
    if shape is not None and axes is None:
        axes = tuple(range(-len(shape), 0))
    return np.fft.ifftn(x, shape, axes)
