"""``np.einsum`` of any number of operands (NumPy's limit): its rule and its adjoint helper.

The adjoint of operand k is an einsum of ``d_y`` with the other operands onto operand k's labels,
broadcast over labels only operand k has, and written onto the diagonal where operand k repeats a
label (``'ii->'``): ``d_k = einsum_adjoint(d_y, subscripts, *operands, which=k)``. NumPy's
operands have no names, so the rule is written in Python (a template names its parameters): one
adjoint per operand, however many there are; the tangent is the call on one operand's tangent at
a time (``linear="multi"``). Two operands of known shapes take matrix products instead
(einsum_products.py), three or more a chain of pairwise products (einsum_chains.py), the primal
and each adjoint.

Second derivatives differentiate the generated gradient again: ``einsum_adjoint`` is linear in
``g`` and in each operand but its own, which it reads for its labels' sizes only, and its tangent
says so (:func:`adjoint_tangent`).
"""
import ast

import numpy as np

from .einsum_chains import contraction_chain
from .einsum_products import adjoint_contraction, as_matrix_product, einsum_as_product
from .output_shapes import reading_constants
from .registry import REGISTRY, Primitive, Spelling, spelling_of
from .runtime import helper

FAMILY = "linear algebra"


@reading_constants
def _einsum_shape(shapes, kwargs, values):
    """``np.einsum(subscripts, *operands)``: each output label's length, from the operands
    (a length 1 broadcast against another); the subscripts must be a constant string."""
    subscripts, operands = values[0], shapes[1:]
    if not isinstance(subscripts, str) or not all(isinstance(s, tuple) for s in operands):
        return None
    try:
        terms, out = einsum_labels(subscripts, operands)
    except (NotImplementedError, ValueError):
        return None
    lengths: dict = {}
    for term, shape in zip(terms, operands):
        if len(term) != len(shape):
            return None
        for label, n in zip(term, shape):
            seen = lengths.setdefault(label, n)
            if n != seen and 1 not in (n, seen):
                return None
            lengths[label] = max(n, seen)
    return tuple(lengths[label] for label in out) if all(label in lengths for label in out) else None


def _einsum_views(args) -> bool:
    """Only a one-operand einsum (``'ii->i'``, ``'ij->ji'``) may return a view of its operand;
    with two or more it makes a new array."""
    return len(args) <= 2


def _adjoint_call(g: ast.expr, args: list, kwargs: list, which: int) -> ast.Call:
    """``einsum_adjoint(g, subscripts, *operands, which=which, optimize=...)`` for the call's
    ``args`` (subscripts first) and keywords (``optimize=`` where the call gives it)."""
    keywords = [ast.keyword(arg="which", value=ast.Constant(which))]
    keywords += [ast.keyword(arg=k, value=v) for k, v in kwargs if k == "optimize"]
    return ast.Call(func=ast.Name(id="einsum_adjoint", ctx=ast.Load()), args=[g, *args], keywords=keywords)


def einsum_vjp(site, index: int, d_y):
    """``d_k = einsum_adjoint(d_y, subscripts, *operands, which=k)`` for each operand k, of any
    number; for operands of known shapes, each label once per operand, one (batched) matrix
    product of ``d_y`` and the other operand (einsum_products.py), or with three or more a chain
    of pairwise products (einsum_chains.py). Argument ``index`` is operand
    ``index - 1`` (the subscripts carry no derivative); ``site`` None: does it carry one (True,
    or None)?"""
    if index == 0:
        return None
    if site is None:
        return True
    from ..ir.algebra import simplify

    # (the products transpose, never conjugate: the complex derivative too, as einsum_adjoint's)
    contraction = None if site.strong_zeros else adjoint_contraction(site, index, d_y)
    special = None if contraction is None else _contracted(*contraction)
    if special is not None:
        return simplify(special)
    return _adjoint_call(d_y, site.args, site.kwargs, index - 1)


def _contracted(subscripts: str, operands: list, shapes: list) -> ast.expr | None:
    """Two operands as a matrix product, three or more as a chain of pairwise products."""
    if len(operands) == 2:
        return as_matrix_product(subscripts, *operands, shapes)
    return contraction_chain(subscripts, operands, shapes)


def _on_shapes(args: list, shapes: list) -> ast.expr | None:
    """The primal of known shapes: a matrix product, or a chain of them (None: the einsum)."""
    if len(args) == 3:
        return einsum_as_product(args, shapes)
    if len(args) < 4 or not isinstance(args[0], ast.Constant):
        return None
    return contraction_chain(args[0].value, args[1:], shapes[1:])


def _keywords_but_optimize(values, keywords):
    """Refuses a call with keywords other than ``optimize=`` (``dtype=``, ``out=`` an array,
    ``casting=``: ``out=None`` never gets here)."""
    others = [k for k in keywords if k != "optimize"]
    if not others:
        return None
    return (f"called with the keyword(s) {', '.join(f'`{k}=`' for k in others)}",
            "call it as np.einsum(subscripts, *operands, optimize=...); for `out=y` assign the result "
            "(`y = np.einsum(...)`), for `dtype=` cast the operands (`x.astype(np.float32)`)")


REGISTRY[np.einsum] = Primitive(
    name="np.einsum", spelling=spelling_of(np.einsum), family=FAMILY, vjp_builder=einsum_vjp, linear="multi",
    arity=2, shape_rule=_einsum_shape, views=_einsum_views, on_shapes=_on_shapes,
    refuses=_keywords_but_optimize)


@helper()
def einsum_labels(subscripts, shapes):
    """``np.einsum`` subscripts as (one label string per operand, output labels), with ``...``
    spelled out as spare letters and the implicit output (no ``->``) made explicit."""
    if not isinstance(subscripts, str):
        raise NotImplementedError("the adjoint of np.einsum with interleaved (operand, sublist) "
                                  "arguments; pass a subscripts string")
    spec = subscripts.replace(" ", "")
    inputs, arrow, out = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum subscripts {subscripts!r} name {len(terms)} operands, got {len(shapes)}")
    labels = [t.replace("...", "") for t in terms]
    spare = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" if c not in spec]
    widths = [len(s) - len(l) if "..." in t else 0 for t, l, s in zip(terms, labels, shapes)]
    ellipsis = "".join(spare[:max(widths, default=0)])
    terms = [t.replace("...", ellipsis[len(ellipsis) - w:]) for t, w in zip(terms, widths)]
    if not arrow:
        once = sorted(c for c in set("".join(labels)) if "".join(labels).count(c) == 1)
        return terms, ellipsis + "".join(once)
    return terms, out.replace("...", ellipsis)


@helper("einsum_labels")
def einsum_adjoint(g, subscripts, *operands, which, optimize=False):
    """Adjoint of ``np.einsum(subscripts, *operands)`` for operand ``which``: ``g`` contracted
    with the other operands onto the operand's labels, broadcast over labels only it has, summed
    where it was broadcast (size 1), and placed on the diagonal where it repeats a label."""
    if not isinstance(optimize, (bool, str)):
        optimize = True        # (a contraction path is the primal's, of other operands: NumPy's own here)
    shapes = [np.shape(x) for x in operands]
    terms, out = einsum_labels(subscripts, shapes)
    term, shape = terms[which], shapes[which]
    others = [i for i in range(len(operands)) if i != which]
    labels = "".join(dict.fromkeys(term))            # each label once, in order of appearance
    reached = set(out).union(*[terms[i] for i in others])
    kept = "".join(l for l in labels if l in reached)
    spec = ",".join([out] + [terms[i] for i in others]) + "->" + kept
    g = np.einsum(spec, g, *[operands[i] for i in others], optimize=optimize)
    size = dict(zip(term, shape))
    g = np.reshape(g, [np.shape(g)[kept.index(l)] if l in kept else 1 for l in labels])
    stretched = tuple(i for i, l in enumerate(labels) if size[l] == 1 and np.shape(g)[i] != 1)
    if stretched:
        g = np.sum(g, axis=stretched, keepdims=True)
    g = np.broadcast_to(g, [size[l] for l in labels])
    if len(labels) == len(term):
        return g
    full = np.zeros(shape, dtype=np.result_type(g, 1.0))
    full[tuple(np.arange(size[l]).reshape([-1 if m == l else 1 for m in labels]) for l in term)] = g
    return full


def adjoint_tangent(site, tangents):
    """The tangent of ``einsum_adjoint(g, subscripts, *operands, which=k)``: the sum of the call
    with one of ``g`` and the operands but operand ``k`` (read for its shape only) replaced by
    its tangent, for each of them that has one; None where none has."""
    which = next(v.value for k, v in site.kwargs if k == "which")
    terms = []
    for i, t in enumerate(tangents):
        if t is not None and i != 1 and i != which + 2:
            args = list(site.args)
            args[i] = t
            terms.append(ast.Call(func=ast.Name(id="einsum_adjoint", ctx=ast.Load()), args=args,
                                  keywords=[ast.keyword(arg=k, value=v) for k, v in site.kwargs]))
    if not terms:
        return None
    total = terms[0]
    for term in terms[1:]:
        total = ast.BinOp(left=total, op=ast.Add(), right=term)
    return total


def _forward_only(site, index: int, d_y):
    """Generated code's helper: differentiated in forward mode only (Hessians), in ``g`` and the
    operands (not the subscripts)."""
    return (index != 1 or None) if site is None else None


REGISTRY[einsum_adjoint] = Primitive(
    name="einsum_adjoint", spelling=Spelling(path="einsum_adjoint"), family="runtime helpers",
    jvp_builder=adjoint_tangent, vjp_builder=_forward_only, shape_rule=None)
