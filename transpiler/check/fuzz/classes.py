"""Program classes beyond the random DAG programs, and which class a seed gets.

Each class generates, from a seed, programs of a kind of code that once gave a wrong gradient or
a crash — the *class* of a bug, not its instance: index assignment with repeated indices, slice
assignment, writes through views (:mod:`.class_writes`); user helpers (also redefined between
two calls), closures, recursion, long code, defaulted parameters in forward mode, size-1
outputs, list and dict parameters, keyword and integer arguments (:mod:`.class_functions`);
float32, a subset of ``wrt``, second derivatives, the numba backend, large arrays, and the
primitives the DAG generator does not use (where, clip, max, prod, cumsum, concatenate, stack,
linalg, einsum, integer-array and mask indexing) (:mod:`.class_dag`); lambdas, comprehensions,
nested defs and random draws (:mod:`.class_python`); a Generator passed in, dict parameters
iterated, ``sorted`` with ``key=``, starred unpacking, records with a ``raise`` not taken and
functions as values, ``try`` / ``except`` (:mod:`.class_idioms`); elementwise functions and reductions drawn from the
primitive registry (:mod:`.class_registry`); the shape, FFT, linear-algebra and SciPy functions
of the registry (:mod:`.class_library`); models: layers zipped from list arguments, loop
invariants, einsum chains, the SVD and eigh (:mod:`.class_models`); NaN-masked sums, a label
picked per row, ``sum`` of generators and deques, an expression written twice and one copy written
in place (:mod:`.class_gathers`); helpers dispatching on ``isinstance`` over lists, tuples and
arrays with free lists of arrays, loops to a tolerance on a norm, and scipy.signal's filters and
the callable polynomial and interpolator objects (:mod:`.class_dispatch`); appends into held
lists, captured writes, tuples from ``None``, free numbers and identity tests drawn together, and
the newest array spellings in loops, branches and helpers (:mod:`.class_mixed`); an
expression written twice on one name with a rebinding, an in-place write or nothing between
(:mod:`.class_sharing`). Expressions inside the
templates come from the DAG generator, bounded the same way (:class:`~.class_maker.Maker`).

A program of a class carries how it is called and checked (:attr:`Program.check`);
:func:`~.class_checks.run_case` checks it.
"""
from __future__ import annotations

import random
from typing import Callable

from .class_gathers import label_gathers, list_sums, nan_masks, repeated_writes
from .class_dispatch import dispatch, signals, tolerance_loops
from .class_dag import float32, large, numba_backend, primitives, second_order, wrt_subset
from .class_functions import (closures, containers, defaults, helpers, integer_args, long_code,
                              recursion, redefine, size1)
from .class_maker import Maker
from .class_idioms import (dict_parameters, functions_as_values, random_generator_argument, records,
                           sorted_with_key, starred, try_blocks)
from .class_python import comprehensions, lambdas, nested_defs, random_draws
from .class_library import library_calls
from .class_mixed import array_spellings, container_appends
from .class_sharing import shared_values
from .class_models import decompositions, einsum_chains, layer_lists, loop_invariants
from .class_registry import registry_primitives
from .class_writes import repeat_index, slice_assign, views
from .program import Program

CLASS_RATE = 0.35          # with every class enabled (the default)
SUBSET_RATE = 0.8          # with --features naming some classes


def numba_available() -> bool:
    """Whether numba imports (it is optional): the numba class is generated only where it does."""
    try:
        import numba  # noqa: F401
    except Exception:
        return False
    return True


# --------------------------------------------------------------------------- choosing a class
def pick_class(seed: int, features=None) -> str:
    """The class of program ``seed`` gets ("" for a DAG program), from a stream of its own."""
    if features is not None and not features:
        return ""
    rng = random.Random(f"fuzz-class-{seed}")
    roll = rng.random()
    enabled = [c for c in CLASSES if (features is None or c in features)
               and (c != "numba" or numba_available())]
    if not enabled or roll >= (CLASS_RATE if features is None else SUBSET_RATE):
        return ""
    return rng.choices(enabled, [CLASSES[c][0] for c in enabled])[0]


def build(cls: str, seed: int, avoid: frozenset) -> Program:
    """The program of class ``cls`` for ``seed`` (``avoid``: the KNOWN_BUGS not to trigger)."""
    builder = CLASSES[cls][1]
    program = builder(Maker(seed, avoid), seed)
    program.cls = cls
    program.features.add(cls)
    return program


# class -> (weight, builder). The weights are relative; about CLASS_RATE of the seeds get a class.
CLASSES: dict[str, tuple[float, Callable]] = {
    "repeat-index": (2.0, repeat_index),
    "slice-assign": (1.5, slice_assign),
    "views": (1.5, views),
    "helpers": (1.0, helpers),
    "redefine": (1.0, redefine),
    "closures": (1.0, closures),
    "recursion": (1.0, recursion),
    "long": (0.5, long_code),
    "defaults": (1.0, defaults),
    "size1": (0.8, size1),
    "float32": (1.0, float32),
    "containers": (1.0, containers),
    "int-args": (1.0, integer_args),
    "wrt-subset": (1.0, wrt_subset),
    "hessian": (0.5, second_order),
    "numba": (0.3, numba_backend),
    "large": (0.8, large),
    "primitives": (2.0, primitives),
    "lambdas": (1.0, lambdas),
    "comprehensions": (1.0, comprehensions),
    "nested-defs": (1.0, nested_defs),
    "random-draws": (1.0, random_draws),
    "rng-argument": (1.0, random_generator_argument),
    "dict-params": (1.0, dict_parameters),
    "sorted-key": (1.0, sorted_with_key),
    "starred": (1.0, starred),
    "records": (1.0, records),
    "function-values": (1.0, functions_as_values),
    "try-except": (1.0, try_blocks),
    "registry": (2.0, registry_primitives),
    "library": (3.0, library_calls),
    "layer-lists": (1.0, layer_lists),
    "loop-invariants": (1.0, loop_invariants),
    "einsum-chains": (1.0, einsum_chains),
    "decompositions": (1.0, decompositions),
    "nan-masks": (1.0, nan_masks),
    "label-gathers": (1.0, label_gathers),
    "list-sums": (1.0, list_sums),
    "repeated-writes": (1.0, repeated_writes),
    "dispatch": (1.0, dispatch),
    "tolerance-loops": (1.0, tolerance_loops),
    "signals": (1.0, signals),
    "container-appends": (1.0, container_appends),
    "array-spellings": (1.0, array_spellings),
    "shared-values": (1.0, shared_values),
}
