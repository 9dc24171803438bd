"""Small builders and tests of generated code the reverse transform uses (Python AST)."""
from __future__ import annotations

import ast
import copy
import inspect
import re

from ..analysis.facts import Analysis
from ..errors import NonDifferentiableError
from ..ir import to_expr
from ..ir.algebra import constant, is_negation, simplify
from ..ir.code import load, names
from ..ir.liveness import does_something, flat
from ..primitives.registry import declared_function
from ..ir.nodes import Assign, Copy, Var


def differentiated_uses(stmt, info: Analysis) -> list[Var]:
    if isinstance(stmt, (Assign, Copy)) and stmt.target in info.active:
        return [u for u in stmt.uses() if u in info.active]
    return []


def as_float(node: ast.expr | None) -> ast.expr | None:
    """A gradient that is a whole-number constant (``d_x = 2`` for ``2 * x``) is returned as a float."""
    value = constant(node) if node is not None else None
    return ast.Constant(float(value)) if type(value) is int else node


def broadcast_seed(node: ast.expr) -> ast.expr | None:
    """``s`` if ``node`` is ``unreduce(s, x, None, False)`` (a number broadcast to x's shape) or
    ``unreduce(s, x, axis, True)`` (the adjoint of a reduction that kept its axes: NumPy's
    broadcasting of ``s`` against anything shaped like ``x`` does what ``unreduce`` does)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "unreduce"
            and len(node.args) == 4 and isinstance(node.args[3], ast.Constant)):
        return None
    axis, keepdims = node.args[2], node.args[3].value
    if keepdims is True or (keepdims is False and isinstance(axis, ast.Constant) and axis.value is None):
        return node.args[0]
    return None


_NARROW_FLOATS = {"f4": "float32", "f2": "float16"}


def in_dtype_of(number: ast.expr, kind: str | None, site, reads: set) -> ast.expr:
    """A broadcast adjoint's number (``0.0002``, a mean's seed) read in the place of an array of
    ``kind`` by a rule whose partial reads the names ``reads``: ``np.float32(0.0002)`` where that
    array is float32 (float16) and the partial reads no float array of ``site``'s (only masks,
    ``np.where(c, 0.0002, 0.0)``). NumPy reads a Python number as weak (NEP 50), so ``0.0002 *
    cos(x)`` is float32 already; but the adjoint has the primal's dtype, and numbers alone
    (``np.where`` of two) make float64, and ``X.T @ it`` then copies a float32 ``X`` to float64."""
    if kind not in _NARROW_FLOATS or type(constant(number)) is not float:
        return number
    kinds = {a.id: k for a, k in zip(site.args, site.arg_kinds) if isinstance(a, ast.Name)}
    if any((kinds.get(name) or "?")[0] in "fc" for name in reads):
        return number
    dtype = ast.Attribute(value=ast.Name(id="np", ctx=ast.Load()), attr=_NARROW_FLOATS[kind], ctx=ast.Load())
    return ast.Call(func=dtype, args=[number], keywords=[])


def add_to(target: ast.expr, value: ast.expr) -> ast.AugAssign:
    """``target += value``, or ``target -= v`` for a negated ``value`` (``-v``, a negative number)."""
    if is_negation(value):
        return ast.AugAssign(target=target, op=ast.Sub(), value=value.operand)
    return ast.AugAssign(target=target, op=ast.Add(), value=value)


def is_slice(node: ast.expr) -> bool:
    """``slice(...)``: how an index's ``a:b`` reaches a rule as a value."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "slice"


def relabelling_inverse(index: ast.expr) -> ast.expr | None:
    """For an index that reads every element once, only adding axes of length one (``None``) to
    whole axes (``:``, ``...``) and reversing whole axes (``::-1``): ``x[None, :]``, ``x[:, None]``,
    ``x[..., None]``, ``x[::-1]``, ``x[:, ::-1]``, the index undoing it: ``0`` where each ``None``
    was, ``::-1`` where each reversal was (``g[0, :]`` and ``g[::-1]`` have ``x``'s shape and
    numbers, views of ``g`` rather than zeros with ``g`` added in). None for any other index,
    and for one that changes nothing (``x[:]``)."""
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    undone, changed = [], False
    for p in parts:
        if isinstance(p, ast.Constant) and p.value is None:
            undone.append(ast.Constant(0))
            changed = True
        elif isinstance(p, ast.Constant) and p.value is Ellipsis:
            undone.append(p)
        elif is_slice(p) and _whole_axis_step(p) == 1:
            undone.append(ast.Slice(lower=None, upper=None, step=None))
        elif is_slice(p) and _whole_axis_step(p) == -1:
            undone.append(ast.Slice(lower=None, upper=None, step=ast.Constant(-1)))
            changed = True
        else:
            return None
    if not changed:
        return None
    return ast.Tuple(elts=undone, ctx=ast.Load()) if len(undone) > 1 else undone[0]


def _whole_axis_step(part: ast.Call) -> int | None:
    """The step of ``slice(None, None, step)`` over a whole axis: 1 for ``:`` (no step, or 1),
    -1 for ``::-1``; None for a slice with a bound or another step."""
    bounds = list(part.args) + [ast.Constant(None)] * (3 - len(part.args))
    if part.keywords or len(bounds) != 3 or not all(isinstance(b, ast.Constant) and b.value is None
                                                    for b in bounds[:2]):
        return None
    step = None if isinstance(bounds[2], ast.Constant) and bounds[2].value is None else constant(bounds[2])
    return 1 if step is None or (type(step) is int and step == 1) else -1 if type(step) is int and step == -1 else None


def as_subscript(index: ast.expr) -> ast.expr:
    """An index value as subscript syntax: ``slice(1, None)`` back to ``1:``."""
    def part(p):
        if not is_slice(p):
            return p
        bounds = [None if isinstance(a, ast.Constant) and a.value is None else a for a in p.args]
        bounds += [None] * (3 - len(bounds))
        return ast.Slice(lower=bounds[0], upper=bounds[1], step=bounds[2])
    if isinstance(index, ast.Tuple):
        return ast.Tuple(elts=[part(p) for p in index.elts], ctx=ast.Load())
    return part(index)


def is_scatter(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "add_at"


def stored_names(stmts: list) -> set[str]:
    return names(flat(stmts), ast.Store)


def concrete(shape) -> bool:
    """Is ``shape`` known, as numbers (not None, nor the symbolic shape of an input)?"""
    return isinstance(shape, tuple) and all(type(n) is int for n in shape)


def call_to(path: str, *args: ast.expr) -> ast.Call:
    head, *rest = path.split(".")
    func: ast.expr = load(head)
    for attr in rest:
        func = ast.Attribute(value=func, attr=attr, ctx=ast.Load())
    return ast.Call(func=func, args=list(args), keywords=[])


def item(value: ast.expr, index: int) -> ast.expr:
    """``value[index]``"""
    return ast.Subscript(value=value, slice=ast.Constant(index), ctx=ast.Load())


def call_statement(path: str, *args: ast.expr) -> ast.stmt:
    return ast.Expr(value=call_to(path, *args))


def range_of(args) -> ast.expr:
    return call_to("range", *[to_expr(a) for a in args])


def countdown(args, done: ast.expr | None) -> ast.expr:
    """``range(start, stop)`` (its first ``done`` values, if given) backwards, as a ``range``
    with step -1: numba compiles that, not ``reversed(...)``."""
    start = to_expr(args[0]) if len(args) == 2 else ast.Constant(0)
    stop = to_expr(args[-1])
    if done is not None:        # a loop left early ran only its first `done` iterations
        stop = ast.BinOp(left=start, op=ast.Add(), right=done)
    minus_one = lambda e: simplify(ast.BinOp(left=e, op=ast.Sub(), right=ast.Constant(1)))  # noqa: E731
    return call_to("range", minus_one(stop), minus_one(start), ast.Constant(-1))


def if_statement(test, body: list, orelse: list) -> list[ast.stmt]:
    """``if test:`` (``test`` an atom of the IR), or ``if not test:`` for an else branch alone;
    marked with the atom and the form (``ir_if``: the IR's ``If``, ad/reverse_ir.py). Nothing where
    neither branch does anything but enter and leave a ``with`` block (``with np.errstate(...)``
    around nothing live): liveness leaves such a branch's test out."""
    if not _does_something(body) and not _does_something(orelse):
        return []
    if not body:
        made = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=to_expr(test)), body=orelse, orelse=[])
    else:
        made = ast.If(test=to_expr(test), body=body, orelse=orelse)
    made.ir_if = (test, not body)
    return [made]


def _does_something(block: list) -> bool:
    """A slot for pushes, filled later, counts."""
    return any(isinstance(s, list) for s in block) or does_something(block)


def while_statement(cond_body: list, cond: ast.expr, body: list, inline: bool) -> ast.stmt:
    """``while <test>:`` when the test is one expression, else test-and-break at the top."""
    if inline and not cond_body:
        return ast.While(test=cond, body=body, orelse=[])
    if inline and len(cond_body) == 1 and isinstance(cond, ast.Name) and cond_body[0].targets[0].id == cond.id:
        return ast.While(test=cond_body[0].value, body=body, orelse=[])
    exit_ = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=cond), body=[ast.Break()], orelse=[])
    exit_.ir_exit = "unless"          # (the loop's test: ad/reverse_ir.py)
    return ast.While(test=ast.Constant(True), body=cond_body + [exit_] + body, orelse=[])


def arguments(params: list[str], seed: str | None, free: list[str], seed_default: bool = True) -> ast.arguments:
    """``(*params, seed=1.0, *, *free)``; no seed parameter when ``seed`` is None, no default for
    it without ``seed_default`` (several outputs: their adjoints are a tuple)."""
    seeds = [] if seed is None else [seed]
    return ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=p) for p in params + seeds],
        vararg=None, kwonlyargs=[ast.arg(arg=f) for f in free], kw_defaults=[None] * len(free),
        kwarg=None, defaults=[ast.Constant(1.0) for _ in seeds] if seed_default else [])


def operands(stmt, tuples) -> list[ast.expr]:
    """``stmt``'s arguments as expressions; a list or tuple display given to an elementwise
    primitive (``np.radians([a, b])``) as ``np.asarray(...)``: its partials, which read it, and
    its adjoint or tangent are the array NumPy makes of it."""
    listed = bool(stmt.prim.partials)
    return [call_to("np.asarray", to_expr(a)) if listed and a in tuples else to_expr(a) for a in stmt.args]


def no_derivative(stmt: Assign, index: int) -> NonDifferentiableError:
    """The error for an active argument ``index`` of ``stmt`` that its primitive has no
    derivative for: the argument by its name where it has the user's, the call as written."""
    arg = stmt.args[index]
    label = re.sub(r"__hole\d+", "…", stmt.prim.name).replace("[(", "[").replace(")]", "]")
    user_named = isinstance(arg, Var) and not arg.name.startswith("_")
    what = f"`{arg.name}` (argument {index + 1})" if user_named else f"argument {index + 1}"
    held = "hold it constant (None as its tangent in jvp; leave it out of wrt)"
    hint = (f"an index has no derivative: {held}" if stmt.prim.pattern is not None
            else f"{held}, or wrap the call in a custom rule")
    return NonDifferentiableError(f"`{label}` has no derivative with respect to {what}", stmt.location, hint=hint)


def no_keyword_derivative(stmt: Assign, keyword: str) -> NonDifferentiableError:
    """The error for an active keyword argument ``keyword=`` of ``stmt``: rules differentiate
    positional arguments only. A parameter the function declares keyword-only cannot be passed
    positionally, so the hint says how to make it one that can."""
    name = stmt.prim.name
    function = declared_function(stmt.prim)
    try:
        param = inspect.signature(function).parameters.get(keyword) if function is not None else None
    except (TypeError, ValueError):                 # (a ufunc, a builtin: no signature)
        param = None
    if param is not None and param.kind is param.KEYWORD_ONLY:
        leading = [p.name for p in inspect.signature(function).parameters.values()
                   if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        wrapper = (f"def {name}_at({', '.join([*leading, keyword])}): "
                   f"return {name}({', '.join([*leading, f'{keyword}={keyword}'])})")
        hint = (f"`{keyword}` is keyword-only in `{name}`: call a function that takes it positionally, `{wrapper}`, "
                f"with a rule registered for that one; or hold `{keyword}` constant")
    else:
        hint = f"pass `{keyword}` as a positional argument"
    return NonDifferentiableError(f"`{name}` has no derivative with respect to its keyword argument `{keyword}=`",
                                  stmt.location, hint=hint)


def softmax_derivative(y: ast.expr, d_y: ast.expr, axis, method: bool) -> ast.expr:
    """``y * (d_y - np.sum(d_y * y, axis=axis, keepdims=True))``: the derivative of a softmax
    ``y`` over ``axis`` (None: all axes) sent back to its input (reverse mode, ``d_y`` its
    adjoint) or forward from it (``d_y`` the input's tangent); rewrites/softmax_adjoint.py finds
    them. ``method``: spelled ``(d_y * y).sum(...)`` (a NumPy array known: no dispatch through
    ``np.sum``)."""
    keywords = [ast.keyword(arg="keepdims", value=ast.Constant(True))]
    if axis is not None:
        keywords.insert(0, ast.keyword(arg="axis", value=ast.Constant(axis)))
    weighted = ast.BinOp(left=d_y, op=ast.Mult(), right=y)
    if method:
        total = ast.Call(func=ast.Attribute(value=weighted, attr="sum", ctx=ast.Load()), args=[], keywords=keywords)
    else:
        total = call_to("np.sum", weighted)
        total.keywords = keywords
    return ast.BinOp(left=y, op=ast.Mult(), right=ast.BinOp(left=d_y, op=ast.Sub(), right=total))


def log_softmax_derivative(y: ast.expr, d: ast.expr, axis, reverse: bool) -> ast.expr:
    """The derivative of ``np.log(y)`` for a softmax ``y`` over ``axis`` (rewrites/
    log_softmax_adjoint.py finds them): sent back to the softmax's input, ``d - y * np.sum(d,
    axis=axis, keepdims=True)`` (``d`` the log's adjoint), or forward from it, ``d - np.sum(d *
    y, axis=axis, keepdims=True)`` (``d`` the input's tangent). A negated ``-n`` gives ``-(n - ...)``:
    the negation stays outside (a negated adjoint: ad/adjoints.py), ``n`` is not negated twice."""
    if is_negation(d):
        return ast.UnaryOp(op=ast.USub(), operand=log_softmax_derivative(y, d.operand, axis, reverse))
    keywords = [ast.keyword(arg="keepdims", value=ast.Constant(True))]
    if axis is not None:
        keywords.insert(0, ast.keyword(arg="axis", value=ast.Constant(axis)))
    summed = copy.deepcopy(d) if reverse else ast.BinOp(left=copy.deepcopy(d), op=ast.Mult(), right=copy.deepcopy(y))
    total = call_to("np.sum", summed)
    total.keywords = keywords
    subtracted = ast.BinOp(left=y, op=ast.Mult(), right=total) if reverse else total
    return ast.BinOp(left=d, op=ast.Sub(), right=subtracted)


def sigmoid_derivative(y: ast.expr, d_y: ast.expr) -> ast.expr:
    """``-(d_y * (y * (1 - y)))``: the adjoint of ``u`` where ``y = 1 / (1 + np.exp(u))``
    (rewrites/sigmoid_adjoint.py finds them), from ``y``'s adjoint ``d_y``."""
    slope = ast.BinOp(left=y, op=ast.Mult(), right=ast.BinOp(left=ast.Constant(1), op=ast.Sub(), right=y))
    return ast.UnaryOp(op=ast.USub(), operand=ast.BinOp(left=d_y, op=ast.Mult(), right=slope))


def statements_in(stmts: list):
    """Every statement in ``stmts``: in slots (lists filled late) and nested blocks too."""
    for stmt in stmts:
        if isinstance(stmt, list):
            yield from statements_in(stmt)
            continue
        yield stmt
        for block in (getattr(stmt, "body", None), getattr(stmt, "orelse", None)):
            if isinstance(block, list):
                yield from statements_in(block)
