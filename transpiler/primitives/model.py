"""What a primitive is: how generated code spells its call (:class:`Spelling`), one application
as the transforms see it (:class:`CallSite`), and the rules that differentiate it
(:class:`Primitive`). Declaring primitives is registry.py's job."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from ..ir.code import Transformer, dotted
from .complex_tangents import complex_when_added
from .strong_zero_terms import strong_zero_times
from .float_adjoints import read_as_float64, as_float, float_factor, may_be_integral
from .templates import Template, is_none
from .target import NUMPY, Target


# --------------------------------------------------------------------------- primal printing
@dataclass(frozen=True)
class Spelling:
    """How generated code writes a primitive call: an operator or a dotted function path."""

    path: str = ""                   # "np.sin", "math.exp", "abs"
    binop: type | None = None        # ast.Add ...
    unaryop: type | None = None      # ast.USub ...
    compare: type | None = None      # ast.Lt ...
    subscript: Callable | None = None   # builds the index expression of x[...] from the holes
    display: type | None = None      # ast.List / ast.Tuple: [a, b] / (a, b)

    def build(self, args: Sequence[ast.expr], kwargs: Sequence[tuple[str, ast.expr]] = ()) -> ast.expr:
        if self.subscript is not None:
            return ast.Subscript(value=args[0], slice=self.subscript(args[1:]), ctx=ast.Load())
        if self.display is not None:
            return self.display(elts=list(args), ctx=ast.Load())
        if self.binop is not None:
            return ast.BinOp(left=args[0], op=self.binop(), right=args[1])
        if self.unaryop is not None:
            return ast.UnaryOp(op=self.unaryop(), operand=args[0])
        if self.compare is not None:
            return ast.Compare(left=args[0], ops=[self.compare()], comparators=[args[1]])
        return ast.Call(func=dotted(self.path), args=list(args),
                        keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs])

    def __str__(self) -> str:
        if self.subscript is not None:
            return "x[...]"
        if self.display is not None:
            return "[...]" if self.display is ast.List else "(...)"
        if self.path:
            return self.path
        op = self.binop or self.unaryop or self.compare
        return _OPERATOR_SYMBOLS[op]


_OPERATOR_SYMBOLS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@",
    ast.FloorDiv: "//", ast.Mod: "%", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
    ast.LShift: "<<", ast.RShift: ">>", ast.Invert: "~", ast.Is: "is", ast.IsNot: "is not",
    ast.In: "in", ast.NotIn: "not in", ast.USub: "-", ast.UAdd: "+", ast.Not: "not ",
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
}



# --------------------------------------------------------------------------- primitives
@dataclass
class CallSite:
    """One primitive application as the transforms see it: printed arguments, output and shapes."""

    args: list[ast.expr]
    out: ast.expr
    arg_shapes: list[Any]
    out_shape: Any
    kwargs: list[tuple[str, ast.expr]] = field(default_factory=list)
    target: Target = NUMPY            # what the generated code may call (backends/)
    specialize: bool = False          # code for these exact shapes: shape queries are constants
    arg_kinds: list = field(default_factory=list)   # dtype kinds known of the arguments ("b": a mask)
    arg_symmetric: list = field(default_factory=list)   # arguments symmetric by construction
    strong_zeros: bool = False        # an elementwise partial times an adjoint (tangent) is 0 where
    #                                   either is, even where the other is infinite (runtime.strong_zero_times)

    def boolean(self, node: ast.expr) -> bool:
        """Is ``node`` (a rule's partial) a comparison's result: one of the arguments known to be
        a boolean, or a comparison itself?"""
        if isinstance(node, ast.Compare):
            return True
        return isinstance(node, ast.Name) and any(
            isinstance(a, ast.Name) and a.id == node.id and (k or "?")[0] == "b" for a, k in zip(self.args, self.arg_kinds))

    def reads_integers(self, node: ast.expr) -> bool:
        """May ``node``'s value be of an integer or boolean dtype, through an argument known to be
        one, or of a kind the analysis does not know (``np.arange(n) + 1``, ``~mask``, ``K[::-1]``,
        ``np.sum(np.arange(3))``: a number too, which an adjoint broadcasts):
        ``k``, ``-k``, ``k.T``, ``k @ m``, ``np.where(c, k, 0)``? Not where that argument only
        selects or indexes (``np.where(k > 0, 1.0, 0.0)``, ``g[k]``) or meets a float."""
        integral = {a.id for a, k in zip(self.args, self.arg_kinds) if isinstance(a, ast.Name) and (k or "?")[0] in "iub?"}
        return bool(integral) and may_be_integral(node, integral)

    def fold_shapes(self, node: ast.expr | None) -> ast.expr | None:
        """``np.shape``, ``np.size`` and ``np.ndim`` of this call's arguments and output, when
        specialising and their shapes are known, as constants (then simplified)."""
        if node is None or not self.specialize:
            return node
        from ..ir.algebra import simplify

        known = {a.id: s for a, s in zip([*self.args, self.out], [*self.arg_shapes, self.out_shape])
                 if isinstance(a, ast.Name) and isinstance(s, tuple) and all(type(n) is int for n in s)}
        folder = _ShapeFolder(known)
        node = folder.visit(node)
        return simplify(node) if folder.folded else node


class _ShapeFolder(Transformer):
    _QUERIES = {"shape": lambda s: s, "size": lambda s: int(np.prod(s)), "ndim": len}

    def __init__(self, known: dict[str, tuple]):
        self.known, self.folded = known, False

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "unreduce" and len(node.args) >= 2
                and isinstance(node.args[1], ast.Name) and self.known.get(node.args[1].id) == ()):
            self.folded = True       # a reduction of a number: its adjoint is the seed itself
            return node.args[0]
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np"
                and func.attr in self._QUERIES and len(node.args) == 1 and not node.keywords
                and isinstance(node.args[0], ast.Name) and node.args[0].id in self.known):
            self.folded = True
            value = self._QUERIES[func.attr](self.known[node.args[0].id])
            if isinstance(value, tuple):
                return ast.Tuple(elts=[ast.Constant(n) for n in value], ctx=ast.Load())
            return ast.Constant(value)
        return node


# A call's argument whose value the compiler does not know (see Primitive.refuses).
NOT_CONSTANT = type("NotConstant", (), {"__repr__": lambda self: "NOT_CONSTANT"})()


# A primitive that only moves, selects or linearly combines values (a sum, a transpose, an
# index): check_symbolic runs its primal unchanged on NumPy object arrays of sympy expressions.
ON_OBJECT_ARRAYS = "on object arrays"


@dataclass(eq=False)
class Primitive:
    name: str                          # as shown in SSA listings and the docs table
    spelling: Spelling
    family: str
    differentiable: bool = True
    partials: Template | None = None   # elementwise rule
    vjp_rule: Template | None = None   # general rule: (d_y, y, *args) -> one adjoint per argument
    vjp_builder: Callable | None = None  # rule written in Python: (site, index, d_y) -> AST
    specialized: Callable | None = None  # simpler VJP when shapes are known, else None
    on_numbers: Callable | None = None   # the primal on two known numbers, when a plain
    #                                      expression gives the same value faster (args -> AST)
    method: str | None = None          # the ndarray method computing the same (np.sum: "sum")
    on_shapes: Callable | None = None  # the primal for known shapes, where another spelling
    #                                    computes the same faster: (args, shapes) -> AST or None
    arity: int | None = None
    outputs: Any = None                # returns a tuple of this many values (d_y is a tuple too),
    #                                    or a function (argument values, keyword values) -> that
    #                                    count (np.split(x, 3): 3); see output_count
    item: int | None = None            # reads x[item] for a constant position (tuple unpacking)
    display: bool = False              # builds a tuple or list from its arguments
    pattern: Any = None                # x[...] reads: the index with holes (primitives/indexing.py)
    linear: str | None = None          # "joint": linear in its differentiable arguments together;
    #                                    "multi": linear in each separately (a @ b); JVP by reuse
    jvp_rule: Template | None = None   # (t, y, *args) -> one tangent term per argument
    jvp_builder: Callable | None = None  # rule written in Python: (site, tangents) -> AST
    recursive: Any = None              # a recursive user function's call (primitives/recursive.py: RecursiveCall):
    #                                    the transforms call its own generated derivative code
    # "elementwise" (broadcast), "scalar", None (unknown), or a function
    # (argument shapes, constant keyword values) -> output shape
    shape_rule: Any = "elementwise"
    allocates: bool = False            # makes a new mutable array (np.zeros, np.copy): two calls
    #                                    are two arrays, even with the same arguments
    views: Any = False                 # the result may be an argument or a view of it (x.T, max);
    #                                    or a function of the call's arguments saying so (einsum)
    holds: tuple | None = None         # the positions of the arguments whose memory its result may
    #                                    hold or share (None: any): `repeated(xs, n)` holds xs's
    #                                    items, never the count n (frontend/aliasing.py)
    updates: bool = False              # a copy with elements written (assign_at): never shared
    #                                    as a common subexpression
    writes: tuple = ()                 # the positions of the arguments it writes into in place
    #                                    (add_into's buffer, 0), for passes over generated code
    #                                    differentiated again (opt/repeated.py written_values)
    effect: bool = False               # kept even where its value is unused: it may refuse
    observes_identity: Any = False     # tells objects apart (`a is b`; `unshared`): two values computed
    #                                    alike reaching it stay two; or a function of the arguments
    pops: bool = False                 # takes an item off its first argument, a stack, in place:
    #                                    runs wherever the stack is live, used or not, so that
    #                                    the stack's other pops stay in step (generated tapes)
    ufunc: str | None = None           # the NumPy ufunc computing the same elementwise
    #                                    (math.asin: "np.arcsin"), for code vectorising a loop
    result_kind: str | None = None     # its result's dtype kind and size where fixed ("b1": a
    #                                    comparison's or logical function's booleans)
    floating_result: bool = False      # its result is floating-point (or complex) whatever its
    #                                    arguments' dtypes: a solve's, an inverse's, a decomposition's,
    #                                    a norm's (integer matrices give floats)
    container: str | None = None       # the container its result is whatever its arguments: "list"
    #                                    (sorted, xs.append), "tuple", "dict" (analysis/kinds.py);
    #                                    a kind of value, not a dtype (so not result_kind)
    reads_shape: tuple = ()            # the positions of the arguments it reads only for their shape
    #                                    or structure (np.shape's, zeros_like_adjoint's): its result
    #                                    holds nothing of their values (opt/list_writes.py)
    shape_query: Callable | None = None  # its value from its one argument's shape (np.ndim: len),
    #                                    or None where the shape does not decide it (len of a
    #                                    number); folded to a constant for known shapes (opt/specialize.py)
    aliases: dict | None = None        # NumPy's other names of its parameters (np.clip: min= is a_min=)
    refuses: Callable | None = None    # (argument values, keyword values) -> (construct, hint)
    #                                    of a call the rules cannot differentiate, or None;
    #                                    a value not a constant is NOT_CONSTANT
    variant: Callable | None = None    # (argument values, keyword values) -> the primitive that
    #                                    differentiates this call instead, or None (np.pad's
    #                                    computed modes); a value not a constant is NOT_CONSTANT
    cost: str | None = None            # its cost class where not its family's (primitives/cost.py:
    #                                    "free", "cheap", "transcendental", "expensive")
    inner_singularity: bool = False    # a partial infinite inside its domain (cbrt at 0): a zero
    #                                    adjoint there may come from a chain whose product is finite
    #                                    and not zero (cbrt(x) ** 3), so no strong zero is taken for it
    finite_partials: bool = False      # every partial (and its own derivatives) finite wherever its
    #                                    arguments are finite (complex ones where it takes them),
    #                                    though its template calls a function (np.clip's 0, 1/2 or
    #                                    1): a call applying only such primitives needs no
    #                                    check for a strong zero's NaN
    #                                    (api/strong_zeros.py); tests/primitives/test_finite_partials.py
    sympy: Any = None                  # its sympy counterpart, for check_symbolic: a function
    #                                    (sympy module, *argument expressions) -> expression, or
    #                                    ON_OBJECT_ARRAYS (see there)

    def may_view(self, args) -> bool:
        """May this call's result be (a view of) one of its arguments?"""
        return bool(self.views(args) if callable(self.views) else self.views)

    def tells_apart(self, args) -> bool:
        """Does this call's result tell its arguments' objects apart (``Primitive.observes_identity``)?"""
        return bool(self.observes_identity(args) if callable(self.observes_identity) else self.observes_identity)

    def output_count(self, values: Sequence, keywords: dict) -> int | None:
        """How many values a call returns as a tuple (None: one value), given its constant
        arguments (NOT_CONSTANT where an argument is not a constant)."""
        if callable(self.outputs):
            return self.outputs(list(values), dict(keywords))
        return self.outputs

    @property
    def scalar_only(self) -> bool:
        """``math.*`` and builtins such as ``max`` accept and return Python scalars only."""
        return self.shape_rule == "scalar"

    def primal(self, args, kwargs=(), shapes: Sequence | None = None, kinds: Sequence | None = None) -> ast.expr:
        """The primal call. ``shapes`` (and ``kinds``, the dtype codes), the arguments', are given
        for code specialised to them: two float64 numbers may take the plain-expression spelling
        (``on_numbers``: its value, not NumPy's promotion of an int and a float), a known array the
        method spelling (``x.sum(axis=0)``: the same reduction without ``np.sum``'s Python-level
        dispatch)."""
        specialised = self.specialised(args, kwargs, shapes, kinds) if shapes is not None else None
        return specialised if specialised is not None else self.spelling.build(args, kwargs)

    def specialised(self, args, kwargs, shapes: Sequence, kinds: Sequence | None) -> ast.expr | None:
        """The spelling :meth:`primal` takes for arguments of these shapes and kinds where it is
        not the primitive's own (None where it is)."""
        if (self.on_numbers is not None and not kwargs and all(s == () for s in shapes)
                and kinds is not None and all(k == "f8" for k in kinds)):
            return self.on_numbers(list(args))
        faster = self.on_shapes(list(args), list(shapes)) if self.on_shapes and not kwargs else None
        if faster is not None:
            return faster
        if self.method is not None and args and isinstance(shapes[0], tuple) and shapes[0]:
            return ast.Call(func=ast.Attribute(value=args[0], attr=self.method, ctx=ast.Load()),
                            args=list(args[1:]), keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs])
        return None

    # Rules --------------------------------------------------------------------------------
    def partial(self, site: CallSite, index: int) -> ast.expr:
        names = dict(zip(self.partials.params, site.args))
        names["y"] = site.out
        return self.partials.instantiate(index, names)

    def partial_reads(self, site: CallSite, index: int) -> set[str]:
        """The names ``partial(site, index)`` reads, without making it."""
        names = dict(zip(self.partials.params, site.args))
        names["y"] = site.out
        return self.partials.reads(index, names)

    def has_vjp(self, index: int) -> bool:
        if self.partials is not None:      # a partial None: no derivative w.r.t. that argument
            return not is_none(self.partials.exprs()[index])
        if self.vjp_builder is not None:
            return self.vjp_builder(None, index, None) is not None
        if self.vjp_rule is not None:
            exprs = self.vjp_rule.exprs()
            return index < len(exprs) and not is_none(exprs[index])
        return False

    def vjp(self, site: CallSite, index: int, d_out: ast.expr) -> ast.expr:
        """The contribution of this call to the adjoint of argument ``index``. Where the adjoint
        ``d_out`` is the number 1.0 (or -1.0), folded away, and what is left reads an integer or
        boolean argument, or one of unknown kind (``k`` in ``x * k``, ``k = np.arange(n) + 1`` or an
        ``int`` parameter), it stays ``1.0 * k`` (``2 * k``: ``2.0 * k``): an adjoint is never an integer array, which would truncate what later
        code adds into it in place (``d_x[i] += 0.5``)."""
        from ..ir.algebra import constant

        contribution = self._contribution(site, index, d_out)
        if contribution is not None:       # (a float64 argument's adjoint reading a float32 one: float64)
            contribution = read_as_float64(contribution, site.args, site.arg_kinds, site.arg_shapes, index)
        if contribution is not None and constant(d_out) in (1, -1) and not getattr(contribution, "keeps_float", False) \
                and site.reads_integers(contribution):
            floated = float_factor(contribution) if site.target is NUMPY else None    # (array API: no 2.0 * k)
            return floated or as_float(ast.Constant(1.0), contribution)
        return contribution

    def _contribution(self, site: CallSite, index: int, d_out: ast.expr) -> ast.expr:
        from ..ir.algebra import constant, simplify

        if self.vjp_builder is not None:
            return site.fold_shapes(self.vjp_builder(site, index, d_out))
        special = self.specialized(site, index, d_out) if self.specialized and not site.strong_zeros else None
        if special is not None:
            return site.fold_shapes(simplify(special))
        if self.vjp_rule is not None:
            contribution = simplify(self.vjp_rule.instantiate(index, self._bind(site, d_out)))
            if isinstance(contribution, ast.Constant) and contribution.value == 0:
                return None       # the rule says: this argument contributes nothing
            return site.fold_shapes(contribution)

        partial = self.partial(site, index)
        if constant(d_out) is not None and site.boolean(partial):
            contribution = as_float(ast.Constant(float(constant(d_out))), partial)
        elif site.strong_zeros and constant(partial) is None and not self.inner_singularity:
            contribution = strong_zero_times(d_out, partial)
        else:
            contribution = simplify(ast.BinOp(left=d_out, op=ast.Mult(), right=partial))
        if isinstance(contribution, ast.Constant) and contribution.value == 0:
            return None
        if not self.scalar_only and needs_unbroadcast(site, index):
            contribution = unbroadcast(contribution, site, index)
        return contribution

    def _bind(self, site: CallSite, d_out: ast.expr) -> dict[str, ast.expr]:
        """Rule parameters -> expressions: ``d_y``, ``y``, positional arguments, keywords, and
        the rule's own defaults for keywords the call left out."""
        names = dict(zip(self.vjp_rule.params, [d_out, site.out, *site.args]))
        names.update(dict(site.kwargs))
        for param, default in self.vjp_rule.defaults.items():
            names.setdefault(param, ast.Constant(default))
        return names

    def has_tangent_term(self, index: int) -> bool:
        """Does argument ``index`` carry a derivative in forward mode? (Its tangent would
        otherwise be dropped without a word: a count, a shape, an index.)"""
        if self.partials is not None:
            return not is_none(self.partials.exprs()[index])
        if self.jvp_builder is not None:
            return True
        if self.jvp_rule is not None:
            exprs = self.jvp_rule.exprs()
            return index < len(exprs) and not is_none(exprs[index])
        return self.has_vjp(index)

    def has_jvp(self) -> bool:
        return (self.partials is not None or self.linear is not None or self.jvp_rule is not None
                or self.jvp_builder is not None)

    def jvp_term(self, site: CallSite, index: int, t: ast.expr) -> ast.expr | None:
        """The output tangent's term linear in argument ``index``'s tangent ``t``."""
        from ..ir.algebra import constant, simplify

        if self.partials is not None:
            partial = self.partial(site, index)
            if site.strong_zeros and constant(partial) is None and not self.inner_singularity:
                term = strong_zero_times(t, partial)
            else:
                term = simplify(ast.BinOp(left=partial, op=ast.Mult(), right=t))
            if not self.scalar_only and needs_unbroadcast(site, index) \
                    and not _output_shaped(term, site, index, t, self.shape_rule == "elementwise"):
                # the argument was broadcast: so is its tangent's contribution
                term = ast.Call(func=ast.Name(id="broadcast_like", ctx=ast.Load()), args=[term, site.out],
                                keywords=[])
            return term
        if self.jvp_rule is not None:
            names = dict(zip(self.jvp_rule.params, [t, site.out, *site.args]))
            names.update(dict(site.kwargs))
            for param, default in self.jvp_rule.defaults.items():
                names.setdefault(param, ast.Constant(default))
            exprs = self.jvp_rule.exprs()
            if index >= len(exprs) or is_none(exprs[index]):
                return None
            return simplify(self.jvp_rule.instantiate(index, names))
        if self.linear is not None and self.has_vjp(index):
            args = list(site.args)
            if self.linear == "joint":   # the other differentiable arguments contribute zero
                args = [_zeros_like(a) if i != index and self.has_vjp(i) else a for i, a in enumerate(args)]
            args[index] = t
            return self.primal(args, site.kwargs)
        return None

    def jvp(self, site: CallSite, tangents: list[ast.expr | None]) -> ast.expr | None:
        """The output tangent given the arguments' tangents (``None`` for inactive ones)."""
        from ..ir.algebra import simplify

        if self.jvp_builder is not None:
            return self.jvp_builder(site, tangents)
        if self.linear == "joint" and sum(t is not None for t in tangents) > 1:
            args = [a if not self.has_vjp(i) else (t if t is not None else _zeros_like(a))
                    for i, (a, t) in enumerate(zip(site.args, tangents))]
            return self.primal(args, site.kwargs)
        terms = [self.jvp_term(site, i, t) for i, t in enumerate(tangents) if t is not None
                 and (self.partials is not None or self.jvp_rule is not None or self.has_vjp(i))]
        terms = [t for t in terms if t is not None and not (isinstance(t, ast.Constant) and t.value == 0)]
        if not terms:
            return None
        total = terms[0]
        for term in terms[1:]:
            total = ast.BinOp(left=total, op=ast.Add(), right=term)
        return complex_when_added(self.spelling.binop, site, tangents, simplify(total))


def _zeros_like(arg: ast.expr) -> ast.expr:
    return ast.Call(func=ast.Name(id="zeros_like_adjoint", ctx=ast.Load()), args=[arg], keywords=[])


def needs_unbroadcast(site: CallSite, index: int) -> bool:
    """An argument's adjoint must be summed back unless it provably has the output's shape:
    its shape is known and equal to the output's, or every other argument is a scalar."""
    shape, out = site.arg_shapes[index], site.out_shape
    if shape is not None and shape == out:
        return False
    others = [s for i, s in enumerate(site.arg_shapes) if i != index]
    return not all(s == () for s in others)


def _output_shaped(term: ast.expr, site: CallSite, index: int, t: ast.expr, elementwise: bool) -> bool:
    """Has argument ``index``'s tangent term ``term`` the output's shape for certain? Arithmetic
    (``+ - * /``, unary minus) broadcasts to each operand's shape, so it has where an operand
    reached through arithmetic alone is the output or an argument of the output's known shape, or,
    for an elementwise primitive (its output the broadcast of its arguments), where those operands
    are every argument but numbers, argument ``index`` as its tangent ``t``: ``s * w``'s term
    ``w * t_s``, ``s * np.eye(3)``'s ``_t1 * t_s``."""
    leaves = {leaf.id for leaf in _arithmetic_operands(term) if isinstance(leaf, ast.Name)}
    names = [a.id if isinstance(a, ast.Name) else None for a in site.args]
    if isinstance(site.out, ast.Name) and site.out.id in leaves or isinstance(site.out_shape, tuple) and any(
            name in leaves and shape == site.out_shape for name, shape in zip(names, site.arg_shapes)):
        return True
    tangent = t.id if isinstance(t, ast.Name) else None
    return elementwise and all(
        name in leaves or i == index and tangent in leaves or shape == () for i, (name, shape) in
        enumerate(zip(names, site.arg_shapes)))


def _arithmetic_operands(term: ast.expr) -> list[ast.expr]:
    """The operands ``term``'s arithmetic (``+ - * /``, unary minus) combines, through nesting."""
    if isinstance(term, ast.BinOp) and isinstance(term.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        return _arithmetic_operands(term.left) + _arithmetic_operands(term.right)
    if isinstance(term, ast.UnaryOp) and isinstance(term.op, ast.USub):
        return _arithmetic_operands(term.operand)
    return [term]


def unbroadcast(contribution: ast.expr, site: CallSite, index: int) -> ast.expr:
    """``contribution`` (shaped like the output) summed back to argument ``index``'s shape: as
    ``np.sum`` over the broadcast axes when both shapes are known, else the runtime helper."""
    shape, out = site.arg_shapes[index], site.out_shape
    known = all(isinstance(s, tuple) and all(type(n) is int for n in s) for s in (shape, out))
    if not known or len(shape) > len(out):
        return ast.Call(func=ast.Name(id="unbroadcast", ctx=ast.Load()), args=[contribution, site.args[index]],
                        keywords=[])
    if isinstance(contribution, ast.UnaryOp) and isinstance(contribution.op, ast.USub):
        return ast.UnaryOp(op=ast.USub(), operand=unbroadcast(contribution.operand, site, index))  # -sum, not sum(-)
    extra = len(out) - len(shape)
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and out[extra + i] != 1)

    def total(g, axes=None, keepdims=False):     # g is an array here: its method is the fastest sum
        keywords = [] if axes is None else [ast.keyword(arg="axis", value=ast.Constant(axes[0] if len(axes) == 1 else axes))]
        if keepdims:
            keywords.append(ast.keyword(arg="keepdims", value=ast.Constant(True)))
        return ast.Call(func=ast.Attribute(value=g, attr="sum", ctx=ast.Load()), args=[], keywords=keywords)

    if shape == ():
        return total(contribution)
    if extra:
        contribution = total(contribution, tuple(range(extra)))
    if stretched:
        contribution = total(contribution, stretched, keepdims=True)
    return contribution
