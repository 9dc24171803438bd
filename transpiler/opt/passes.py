"""The general passes on a transform's IR (``IRPass``), in the order the driver runs them
(driver/pipeline.py), each named so that ``print_after=`` can show the IR after it; then a
backend prints the IR and may run its own passes on the code it printed (``Pass``, on
ad/derivative.py's ``Derivative``: backends/)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..ad.derivative import Derivative
from ..ad.forward import TangentFacts
from ..analysis.complex_values import is_complex_kind
from ..rewrites.outer_products import contract_outer_products
from .branches import join_branches
from .cse import share_common_subexpressions
from .vectorize import vectorize_loops
from .invariants import hoist_invariants
from ..ir.nodes import Function
from .constants import propagate_constants
from .copies import merge_copies as merge_copies_in_ir
from .dead_code import eliminate_dead_code
from .tuple_items import read_tuple_items
from .repeated import share_repeated_values
from .list_adjoints import store_replaced_items
from .write_checks import hoist_write_checks
from .list_writes import write_lists_in_place
from .list_appends import append_in_place
from .tangent_writes import write_tangent_lists_in_place
from .adjoint_writes import write_adjoints_in_place
from .array_writes import write_arrays_in_place
from .tangent_arrays import write_tangent_arrays_in_place
from .tangent_solves import share_factorizations
from .tangent_helpers import drop_shaped_helpers
from .array_items import number_adjoints
from .temporaries import fold_negations as fold_negations_in_ir, inline_temporaries as inline_temporaries_in_ir
from .temporaries import inline_temporaries_and_negations
from .recompute import recompute_cheap_values
from .one_sided_clips import clips_as_extrema
from ..rewrites.solve_reuse import reuse_solves
from ..rewrites.like_terms import combine_like_terms
from ..rewrites.weighted_rows import contract_weighted_rows
from ..rewrites.weighted_sums import contract_weighted_sums
from ..rewrites.scaled_products import move_scalars_to_products
from ..rewrites.identity_traces import trace_identity_products
from ..rewrites.cholesky_terms import solve_cholesky_terms
from ..rewrites.cancelled_denominators import cancel_denominators
from ..rewrites.one_hot_sums import sum_one_hot_rows
from ..rewrites.cancelled_factors import cancel_factors
from ..rewrites.selected_sums import select_summed_branches
from ..rewrites.nan_masks import drop_nan_masks
from ..rewrites.nonzero_denominators import drop_zero_guards
from ..rewrites.folded_scalings import fold_scalings
from ..rewrites.reselected_branches import reselect_branches
from ..rewrites.clipped_selections import clip_selections
from ..rewrites.split_views import split_as_slices


@dataclass(frozen=True)
class Pass:
    """A backend's own pass on the code it printed (backends/: buffers reused, arrays freed
    early, numba's refusals and reductions)."""

    name: str
    run: Callable[[Derivative], None]          # rewrites ``derivative.body``
    applies: Callable[[object], bool] = lambda spec: True    # for this spec (GradientSpec, TangentSpec)


@dataclass(frozen=True)
class IRPass:
    """A pass on the transform's IR, before a backend prints it."""

    name: str
    run: Callable[[Function], Function]
    applies: Callable[[object], bool] = lambda spec: True    # for this spec (GradientSpec, TangentSpec)
    shaped: bool = False     # ``run`` also takes the transform's known shapes by name (reverse mode)
    kinded: bool = False     # ``run`` also takes the parameters' and free names' dtype kinds (reverse mode;
    #                          after the shapes where both)

    def apply(self, fn: Function, derivative: Derivative | TangentFacts | None) -> Function:
        if self.kinded and self.shaped:
            return self.run(fn, derivative.shapes, derivative.input_kinds)
        if self.kinded:
            return self.run(fn, derivative.input_kinds)
        return self.run(fn, derivative.shapes) if self.shaped else self.run(fn)


def _copies_merged_after(substitution: Callable[[Function], Function]) -> Callable[[Function], Function]:
    """``substitution`` (values read once moved into their readers), then the copies that leaves
    next to their sources merged: a copy whose source the moved statements stood after
    (``kf_y = np.zeros(...); _t4 = ...; kf_y_1 = kf_y``) is one statement once they are gone."""
    def run(fn: Function) -> Function:
        substituted = substitution(fn)
        return fn if substituted is fn else merge_copies_in_ir(substituted)
    return run


def _copies_merged_after_shaped(substitution: Callable[[Function, dict], Function]) -> Callable[[Function, dict], Function]:
    """:func:`_copies_merged_after` of a substitution that reads the transform's shapes."""
    def run(fn: Function, shapes: dict) -> Function:
        substituted = substitution(fn, shapes)
        return fn if substituted is fn else merge_copies_in_ir(substituted)
    return run


def _vectorized(fn: Function, shapes: dict) -> Function:
    """The independent reverse loops as array code, then what that leaves to clean up: copies
    next to their sources, the loops' per-iteration values nothing reads now, temporaries and
    negations read once (the array expressions substituted into their one reader)."""
    vectorized = vectorize_loops(fn, shapes)
    if vectorized is fn:
        return fn
    cleaned = eliminate_dead_code(propagate_constants(vectorized))
    return _copies_merged_after(inline_temporaries_and_negations)(cleaned)


def _real(spec) -> bool:
    """Are the arguments and free values all of real (or unknown) dtypes?"""
    kinds = (*spec.arg_kinds, *(kind for _, _, kind, *_ in spec.free))
    return not any(is_complex_kind(kind) for kind in kinds)


def _dead_code_after(rewrite: Callable[[Function, dict], Function]) -> Callable[[Function, dict], Function]:
    """``rewrite``, then what it left unread dropped (the products it no longer forms)."""
    def run(fn: Function, shapes: dict) -> Function:
        rewritten = rewrite(fn, shapes)
        return fn if rewritten is fn else eliminate_dead_code(rewritten)
    return run


def _dead_code_after_kinded(rewrite: Callable[[Function, dict, dict], Function]) -> Callable[[Function, dict, dict], Function]:
    """:func:`_dead_code_after` of a rewrite that reads the parameters' dtype kinds too."""
    def run(fn: Function, shapes: dict, kinds: dict) -> Function:
        rewritten = rewrite(fn, shapes, kinds)
        return fn if rewritten is fn else eliminate_dead_code(rewritten)
    return run


# drop statements nothing returned reads
DEAD_CODE = IRPass("dead_code", eliminate_dead_code)
# consecutive branches on one condition joined, then what that leaves dead dropped
MERGE_BRANCHES = IRPass("merge_branches", join_branches)
# a copy's source renamed to its target where it is read once; an adjoint's first contribution
# written into the sum accumulating the next
MERGE_COPIES = IRPass("merge_copies", merge_copies_in_ir)
# a pure statement repeated in a straight-line run dropped, its readers reading the first's result
COMMON_SUBEXPRESSIONS = IRPass("common_subexpressions", share_common_subexpressions)
# a temporary read once is substituted where it is read (and a constant scaling, where that cancels it)
INLINE_TEMPORARIES = IRPass("inline_temporaries", _copies_merged_after_shaped(inline_temporaries_in_ir), shaped=True)
# reverse loops whose iterations are independent as array code (calls only)
VECTORIZE = IRPass("vectorize", _vectorized, shaped=True, applies=lambda spec: spec.specialize)
# number arithmetic a loop's iterations do not change (``-k``, ``i0 + i1``) computed once before it
INVARIANTS = IRPass("invariants", hoist_invariants, shaped=True)
# a cheap value of the forward sweep read only by the reverse sweep computed again in its readers
# rather than kept across the sweeps (calls only: shapes known)
RECOMPUTE_CHEAP = IRPass("recompute_cheap", recompute_cheap_values, shaped=True, applies=lambda spec: spec.specialize)

# a negation read once folded into its use (forward mode: the reverse's is in vectorize's clean-up)
FOLD_NEGATIONS = IRPass("fold_negations", _copies_merged_after(fold_negations_in_ir))

# np.clip(x, lo, None) as np.maximum(x, lo), np.clip(x, None, hi) as np.minimum(x, hi): the same
# values, without np.clip's checks of its bounds (after the transform: the clip's rule is the extremum's)
ONE_SIDED_CLIPS = IRPass("one_sided_clips", clips_as_extrema)
# an item of a tuple built in the function read directly (an adjoint pair's unread entry then dead)
TUPLE_ITEMS = IRPass("tuple_items", read_tuple_items)
# an elementwise value or a linear-algebra call computed again on the same values reads the first result
REPEATED_VALUES = IRPass("repeated_values", share_repeated_values)
# a written item's adjoint stored in a copy of its container's, not cleared to zero and added
LIST_ADJOINTS = IRPass("list_adjoints", store_replaced_items)
# ``unbroadcast(g, v)`` of two numbers as ``g`` (an item's adjoint): ``v``, then unread, and its tape
# pair dropped before list_writes and array_writes look for the arrays a tape holds (calls only)
NUMBER_ADJOINTS = IRPass("number_adjoints", number_adjoints, shaped=True, kinded=True,
                         applies=lambda spec: spec.specialize and not getattr(spec, "pullback", False))
# a loop's writes into a list's items made in place on a private copy, the overwritten items taped
# (last: the code a call runs, which nothing transforms again; no pass after it sees a write in place)
# (not a recursive function's pullback: it hands its value to its caller before its reverse sweep)
LIST_WRITES = IRPass("list_writes", write_lists_in_place, kinded=True,
                     applies=lambda spec: spec.specialize and not getattr(spec, "pullback", False))
# a loop's writes into a list's adjoint made in place on a private copy (after list_writes: the code
# a call runs; its pattern is the reverse loop's, which list_writes leaves as it was)
ADJOINT_WRITES = IRPass("adjoint_writes", write_adjoints_in_place,
                        applies=lambda spec: spec.specialize and not getattr(spec, "pullback", False))
# a list the generated code owns appended to, its last item popped, added into in place where no
# other name reads the old version (after the passes above: the code a call runs, as list_writes)
LIST_APPENDS = IRPass("list_appends", append_in_place,
                     applies=lambda spec: spec.specialize and not getattr(spec, "pullback", False))
# an array's items written in place where no name reads its old version and only the generated code
# holds its memory (last but list_appends: the code a call runs; not a recursive function's pullback)
ARRAY_WRITES = IRPass("array_writes", write_arrays_in_place, shaped=True, kinded=True,
                      applies=lambda spec: spec.specialize and not getattr(spec, "pullback", False))
# forward mode's writes into a list's items made in place on a private copy (last, the code a call runs)
TANGENT_WRITES = IRPass("tangent_writes", write_tangent_lists_in_place, applies=lambda spec: spec.specialize)
# forward mode's arrays (primal and tangent) filled item by item written in place, as reverse mode's
# array_writes (the code a call runs, specialised to its shapes; not a recursive function's, for any)
TANGENT_ARRAY_WRITES = IRPass("array_writes", write_tangent_arrays_in_place, shaped=True, kinded=True,
                              applies=lambda spec: spec.specialize and not spec.recursive)
# forward mode's helper calls whose work known shapes make nothing (over generated code: a Hessian's
# unbroadcast of an item's adjoint) written as the value they return (the code a call runs)
SHAPED_HELPERS = IRPass("shaped_helpers", drop_shaped_helpers, shaped=True, applies=lambda spec: spec.specialize)
# forward mode's tangents of solves and determinants of matrices of known shapes: one solve of a
# difference, plain NumPy calls, the primal's inverse and determinant read (the code a call runs)
TANGENT_SOLVES = IRPass("tangent_solves", share_factorizations, shaped=True, kinded=True,
                        applies=lambda spec: spec.specialize)
# a list item's alias check made once before a loop that writes that item back fresh each iteration
WRITE_CHECKS = IRPass("write_checks", hoist_write_checks, shaped=True, kinded=True)
# rewrite: a solve of a multiple of an earlier solve's right-hand side (same matrix) as its output scaled
SOLVE_REUSE = IRPass("solve_reuse", reuse_solves, applies=lambda spec: "solve_reuse" not in spec.rewrites_off)
# rewrite: the adjoints of np.where's two branches, each selected and scaled, summed as one selection
SELECTED_SUMS = IRPass("selected_sums", select_summed_branches,
                       applies=lambda spec: "selected_sums" not in spec.rewrites_off)
# rewrite: np.where(np.isnan(p), 0, s) * y as s * y where y is NaN wherever p is (calls only)
NAN_MASKS = IRPass("nan_masks", _dead_code_after_kinded(drop_nan_masks), shaped=True, kinded=True,
                   applies=lambda spec: spec.specialize and "nan_masks" not in spec.rewrites_off)
# rewrite: x / np.where(x == 0, 1.0, z) as x / z where z is clipped away from zero (calls only)
NONZERO_DENOMINATORS = IRPass("nonzero_denominators", _dead_code_after_kinded(drop_zero_guards), shaped=True,
                              kinded=True, applies=lambda spec: spec.specialize
                              and "nonzero_denominators" not in spec.rewrites_off)
# rewrite: np.where(c, k * np.where(c, a, b), z) as np.where(c, k * a, z) (calls only)
RESELECTED_BRANCHES = IRPass("reselected_branches", _dead_code_after(reselect_branches), shaped=True,
                             applies=lambda spec: spec.specialize and "reselected_branches" not in spec.rewrites_off)
# rewrite: a number times a number times an array as the numbers' product times the array (calls only)
FOLDED_SCALINGS = IRPass("folded_scalings", _dead_code_after_kinded(fold_scalings), shaped=True, kinded=True,
                         applies=lambda spec: spec.specialize and "folded_scalings" not in spec.rewrites_off)
# rewrite: np.where(|x| <= d, s * x, s * d * np.sign(x)) as s * np.clip(x, -d, d) (the code a call
# runs, which nothing differentiates again: clip_within, its helper for a bound known at run time,
# has no reverse-mode rule)
CLIPPED_SELECTIONS = IRPass("clipped_selections", clip_selections, shaped=True,
                            applies=lambda spec: spec.specialize and getattr(spec, "unit_seed", False)
                            and "clipped_selections" not in spec.rewrites_off)
# rewrite: a number that multiplies a value and divides it back (or divides and multiplies) cancelled (calls only)
CANCELLED_FACTORS = IRPass("cancelled_factors", cancel_factors, shaped=True, kinded=True,
                           applies=lambda spec: spec.specialize and "cancelled_factors" not in spec.rewrites_off)
# rewrite: two multiples of one value (transposed alike) summed as one multiple
LIKE_TERMS = IRPass("like_terms", combine_like_terms, kinded=True,
                    applies=lambda spec: "like_terms" not in spec.rewrites_off)
# rewrite: a number scaling a matrix read once by a smaller matrix product scales the product (calls only)
SCALED_PRODUCTS = IRPass("scaled_products", move_scalars_to_products, shaped=True, kinded=True,
                         applies=lambda spec: spec.specialize and "scaled_products" not in spec.rewrites_off)
# rewrite: sums of rank-one matrices contracted before they are formed (calls only)
OUTER_PRODUCTS = IRPass("outer_products", _dead_code_after(contract_outer_products), shaped=True,
                        applies=lambda spec: spec.specialize and "outer_products" not in spec.rewrites_off
                        and _real(spec))
# rewrite: a broadcast weight times a 3-d array, summed over a first axis, as a batched matrix product
WEIGHTED_SUMS = IRPass("weighted_sums", _dead_code_after(contract_weighted_sums), shaped=True,
                       applies=lambda spec: spec.specialize and "weighted_sums" not in spec.rewrites_off)
# rewrite: a vector spread along a matrix's rows times it, summed over them, as w @ M (calls only)
WEIGHTED_ROWS = IRPass("weighted_rows", _dead_code_after(contract_weighted_rows), shaped=True,
                       applies=lambda spec: spec.specialize and "weighted_rows" not in spec.rewrites_off)
# rewrite: np.split into pieces of known shape read by index as slices (calls only)
SPLIT_VIEWS = IRPass("split_views", split_as_slices, shaped=True,
                     applies=lambda spec: spec.specialize and "split_views" not in spec.rewrites_off)
# rewrite: np.vdot(g, np.eye(n)) as np.trace(g): the identity then dies after the forward sweep (calls only)
IDENTITY_TRACES = IRPass("identity_traces", trace_identity_products, shaped=True,
                         applies=lambda spec: spec.specialize and "identity_traces" not in spec.rewrites_off
                         and _real(spec))
# rewrite: (a / x - b / y) * (x * y) as a * y - b * x (calls only: dtypes known)
CANCELLED_DENOMINATORS = IRPass("cancelled_denominators", _dead_code_after_kinded(cancel_denominators), shaped=True,
                                kinded=True, applies=lambda spec: spec.specialize
                                and "cancelled_denominators" not in spec.rewrites_off)
# rewrite: a Cholesky factor's adjoint from terms with closed forms, no product Lᵀ @ d_L (calls only)
CHOLESKY_TERMS = IRPass("cholesky_terms", _dead_code_after(solve_cholesky_terms), shaped=True,
                        applies=lambda spec: spec.specialize and "cholesky_terms" not in spec.rewrites_off
                        and _real(spec))
# rewrite: a number times a one-hot array summed along its one-hot axis as that number filled in (calls only)
ONE_HOT_SUMS = IRPass("one_hot_sums", _dead_code_after_kinded(sum_one_hot_rows), shaped=True, kinded=True,
                      applies=lambda spec: spec.specialize and "one_hot_sums" not in spec.rewrites_off)

# (the shaped rewrites after dead_code: a value the reverse sweep left unread, an adjoint nothing
# returns, would count as one more reader of what they contract)
IR_REVERSE = (ONE_SIDED_CLIPS, TUPLE_ITEMS, REPEATED_VALUES, LIST_ADJOINTS, WRITE_CHECKS, SOLVE_REUSE, SELECTED_SUMS,
              CLIPPED_SELECTIONS, CANCELLED_FACTORS, LIKE_TERMS,
              DEAD_CODE, NAN_MASKS, NONZERO_DENOMINATORS, RESELECTED_BRANCHES, FOLDED_SCALINGS,
              CANCELLED_DENOMINATORS, CHOLESKY_TERMS, SCALED_PRODUCTS, IDENTITY_TRACES, ONE_HOT_SUMS, OUTER_PRODUCTS, WEIGHTED_SUMS, WEIGHTED_ROWS, SPLIT_VIEWS,
              MERGE_BRANCHES, MERGE_COPIES, COMMON_SUBEXPRESSIONS, INLINE_TEMPORARIES, VECTORIZE, INVARIANTS,
              RECOMPUTE_CHEAP, NUMBER_ADJOINTS, LIST_WRITES, ADJOINT_WRITES, ARRAY_WRITES, LIST_APPENDS)
IR_FORWARD = (ONE_SIDED_CLIPS, TUPLE_ITEMS, WRITE_CHECKS, SELECTED_SUMS, SHAPED_HELPERS, DEAD_CODE, TANGENT_SOLVES, MERGE_COPIES, FOLD_NEGATIONS, TANGENT_WRITES,
              TANGENT_ARRAY_WRITES, LIST_APPENDS)
