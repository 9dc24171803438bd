"""Random streams across the passes of one derivative. A draw inside the function is a constant
of the program (primitives/opaque.py): every pass of a multi-pass derivative (``jacobian``'s
columns, ``hessian``'s, ``vjp``'s pullback after its value) must see the same sample, and the
stream should end where one call of the function leaves it. So each pass starts from the states
the generators had before the first: the function's generator arguments (``RandomState``,
``np.random.Generator``), the generators among the free values it reads, and NumPy's global
stream (only where the function can draw: api/strong_zeros.py ``moves_random_streams``; its
state is costly to read and set)."""
from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np

_GENERATORS = (np.random.RandomState, np.random.Generator)


def rewinder(*groups: Iterable[Any], global_stream: bool = True) -> Callable[[], None]:
    """A function that puts every generator among the values of ``groups``, and NumPy's global
    stream (unless told not to), back to where they stand now."""
    generators = list({id(v): v for group in groups for v in group if isinstance(v, _GENERATORS)}.values())
    states = [_state(g) for g in generators]
    global_state = np.random.get_state() if global_stream else None

    def rewind() -> None:
        for generator, state in zip(generators, states):
            _set_state(generator, state)
        if global_state is not None:
            np.random.set_state(global_state)

    return rewind


def is_generator(value: Any) -> bool:
    """A NumPy random generator (``RandomState`` or ``Generator``): an argument never differentiated."""
    return isinstance(value, _GENERATORS)


def _state(generator: np.random.RandomState | np.random.Generator) -> Any:
    if isinstance(generator, np.random.Generator):
        return generator.bit_generator.state
    return generator.get_state()


def _set_state(generator: np.random.RandomState | np.random.Generator, state: Any) -> None:
    if isinstance(generator, np.random.Generator):
        generator.bit_generator.state = state
    else:
        generator.set_state(state)
