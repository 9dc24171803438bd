"""The general passes on a transform's output (ad/derivative.py), in the order the driver runs
them (driver/pipeline.py), each named so that ``print_after=`` can show the code after it.
Backends add their own after these (backends/)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..ad.derivative import Derivative
from ..rewrites.outer_products import contract_outer_products
from .branches import merge_branches
from .cleanup import fold_negations, inline_temporaries, merge_copies, propagate_constants
from .cse import share_common_subexpressions
from .vectorize import vectorize_loops
from ..ir.liveness import prune


@dataclass(frozen=True)
class Pass:
    name: str
    run: Callable[[Derivative], None]          # rewrites ``derivative.body``
    applies: Callable[[object], bool] = lambda spec: True    # for this spec (GradientSpec, TangentSpec)


def _dead_code(d: Derivative) -> None:
    d.body = prune(merge_branches(d.body), d.needed())


def _merge_copies(d: Derivative) -> None:
    d.body = merge_copies(d.body)


def _common_subexpressions(d: Derivative) -> None:
    d.body = share_common_subexpressions(d.body)


def _inline_temporaries(d: Derivative) -> None:
    d.body = inline_temporaries(d.body)


def _fold_negations(d: Derivative) -> None:
    d.body = fold_negations(d.body)


def _vectorize(d: Derivative) -> None:
    if not d.reverse_loops:
        return
    vectorized = vectorize_loops(d.body, d.shapes)
    if vectorized != d.body:
        d.body = inline_temporaries(prune(merge_copies(propagate_constants(vectorized)), d.needed()),
                                    negations=True)


def _outer_products(d: Derivative) -> None:
    d.body = prune(contract_outer_products(d.body, d.shapes), d.needed())


# drop statements nothing returned reads (after joining branches on one condition)
DEAD_CODE = Pass("dead_code", _dead_code)
# a copy's source renamed to its target where it is read once
MERGE_COPIES = Pass("merge_copies", _merge_copies)
# a pure statement repeated in a straight-line run reads the first's result
COMMON_SUBEXPRESSIONS = Pass("common_subexpressions", _common_subexpressions)
# a temporary read once is substituted where it is read
INLINE_TEMPORARIES = Pass("inline_temporaries", _inline_temporaries)
# reverse loops whose iterations are independent as array code (calls only)
VECTORIZE = Pass("vectorize", _vectorize, applies=lambda spec: spec.specialize)
# rewrite: sums of rank-one matrices contracted before they are formed (calls only)
OUTER_PRODUCTS = Pass("outer_products", _outer_products,
                      applies=lambda spec: spec.specialize and "outer_products" not in spec.rewrites_off)

REVERSE = (DEAD_CODE, MERGE_COPIES, COMMON_SUBEXPRESSIONS, INLINE_TEMPORARIES, VECTORIZE, OUTER_PRODUCTS)
# a negation read once folded into its use (forward mode: the reverse's is in vectorize's clean-up)
FOLD_NEGATIONS = Pass("fold_negations", _fold_negations)
FORWARD = (DEAD_CODE, MERGE_COPIES, FOLD_NEGATIONS)
