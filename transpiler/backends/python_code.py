"""IR → Python: an ``ir.Function`` printed as the Python function it computes.

Each ``Assign`` is printed through its primitive's ``primal`` (the spelling the transforms print
for primal statements), copies as assignments, ``If`` and ``Loop`` regions as ``if``/``for``/
``while`` statements, effects as their statements. A temporary the lowering made (``_t3``) that
is read once, by the next statement of its block, is folded back into the expression reading
it, so the printed function reads like the user's source rather than one primitive per line::

    _t1 = np.sin(x)                       z = np.sin(x) * y + 2.0
    _t2 = _t1 * y             becomes
    z = _t2 + 2.0

Folding never changes what runs nor in which order: only the statements immediately before the
reader are folded (nothing else runs in between), in the order the reader's expression evaluates
them, and never into a part of it that runs conditionally or repeatedly (``a if c else b``,
``and``/``or``, a lambda or comprehension), so random draws, pops and raising calls happen
exactly as in the unfolded code.
"""
from __future__ import annotations

import ast
import dataclasses
import re
import warnings
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

from ..ad.derivative import Derivative
from ..ad.syntax import countdown, range_of
from ..ir.code import all_nodes, child_nodes, comment, load, store
from ..ir.nodes import Assign, Copy, Effect, Function, If, Loop, Var, to_expr, walk
from . import emit

_TEMPORARY = re.compile(r"_t\d+$")


def function_def(fn: Function, fold: bool = True) -> ast.FunctionDef:
    """``fn`` as a Python function definition: its parameters, then its free names as
    keyword-only parameters (the values read at call time), its body and ``return``. Without
    ``fold``, one statement per IR statement (but the result's, if read once, is returned)."""
    printer = _Printer(fn, fold)
    body = printer.block(fn.body, result=fn.result)
    free = sorted(v.name for v in fn.free.values())
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=p.name) for p in fn.params], vararg=None,
                         kwonlyargs=[ast.arg(arg=name) for name in free], kw_defaults=[None] * len(free),
                         kwarg=None, defaults=[to_expr(c) for c in fn.defaults])
    return ast.FunctionDef(name=fn.name, args=args, body=body, decorator_list=[], returns=None,
                           type_comment=None, type_params=[])


def module_source(fn: Function, fold: bool = True) -> str:
    """A module defining ``fn`` as Python (imports and the runtime helpers it calls included)."""
    return emit.to_source(function_def(fn, fold))


def compile_function(fn: Function, fold: bool = True) -> Callable[..., Any]:
    """The printed ``fn`` compiled: call it with ``fn``'s arguments and, as keywords, the values
    of its free names (``driver.pipeline.free_values``)."""
    with warnings.catch_warnings():     # (`None[i]` in a region the IR knows never runs)
        warnings.simplefilter("ignore", SyntaxWarning)
        return emit.compile_function(module_source(fn, fold), fn.name, label=f"{fn.name}_python")


def derivative(fn: Function, heading: str | None = None) -> Derivative:
    """A transform's IR (forward mode's) printed statement by statement, as the passes after the
    transform take it (opt/passes.py); ``heading``: a comment above its statements."""
    function = function_def(fn, fold=False)
    if heading is not None:
        function.body.insert(0, comment(heading))
    return Derivative(name=function.name, arguments=function.args, body=function.body,
                      returned=function.body[-1], fresh_name=fn.names.fresh)


def printed(derivative: Derivative) -> Derivative:
    """``derivative`` (reverse mode's) with its IR, where it has one, printed statement by
    statement into its body, arguments and returned value."""
    if derivative.ir is None:
        return derivative
    function = function_def(derivative.ir, fold=False)
    returned = function.body[-1]
    gradients = derivative.gradients_of(returned.value) if derivative.gradients_of else derivative.gradients
    return dataclasses.replace(derivative, arguments=function.args, body=function.body, returned=returned,
                               gradients=gradients)


@dataclass
class _Line:
    """A printed statement and, for a foldable temporary's definition, the temporary's name."""

    stmt: ast.stmt
    defines: str | None = None


@dataclass
class _Verbatim:
    """An already printed statement passed through :meth:`_Printer.block` (a while loop's exit
    test, so that the loop's test statements fold into it)."""

    stmt: ast.stmt


class _Printer:
    def __init__(self, fn: Function, fold: bool):
        counts: dict[Var, int] = {}
        for stmt in walk(fn.body):
            for var in stmt.uses():
                counts[var] = counts.get(var, 0) + 1
        if isinstance(fn.result, Var):
            counts[fn.result] = counts.get(fn.result, 0) + 1
        params = set(fn.params) | set(fn.free.values())
        result = fn.result if isinstance(fn.result, Var) and fn.result.name not in fn.names.user else None
        self.fold = fold
        self.result = result
        self.reads = counts
        self.folded = fn.folded
        self.foldable = {var.name for var, n in counts.items() if n == 1 and var not in params
                         and ((fold and _TEMPORARY.match(var.name)) or var == result or var.name in fn.folded)}

    # Blocks ---------------------------------------------------------------------------------
    def block(self, stmts: list, result=None) -> list[ast.stmt]:
        lines: list[_Line] = []
        for stmt in stmts:
            for line in self.statement(stmt):
                self._fold_into(line, lines)
                lines.append(line)
                self._unpack(lines)
        if result is not None:
            returned = _Line(ast.Return(value=to_expr(result)))
            self._fold_into(returned, lines)
            lines.append(returned)
        return [line.stmt for line in lines] or [ast.Pass()]

    def statement(self, stmt) -> list[_Line]:
        if isinstance(stmt, _Verbatim):
            return [_Line(stmt.stmt)]
        if isinstance(stmt, Assign):
            value = stmt.prim.primal([to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs])
            name = stmt.target.name
            return [_Line(ast.Assign(targets=[store(name)], value=value),
                          name if name in self.foldable else None)]
        if isinstance(stmt, Copy):       # (a copy into the result folds into the return: `_returned = d_x`)
            name = stmt.target.name
            return [_Line(ast.Assign(targets=[store(name)], value=to_expr(stmt.source)),
                          name if stmt.target == self.result and name in self.foldable else None)]
        if isinstance(stmt, Effect):
            statement = getattr(stmt.prim, "statement", None)
            args = [to_expr(a) for a in stmt.args]
            return [_Line(statement(args) if statement else ast.Expr(value=stmt.prim.primal(args)))]
        if isinstance(stmt, If):
            if not stmt.body and stmt.orelse:        # `if not v:` rather than `if v: pass / else:`
                test = ast.UnaryOp(op=ast.Not(), operand=to_expr(stmt.test))
                return [_Line(ast.If(test=test, body=self.block(stmt.orelse), orelse=[]))]
            body, orelse = self.block(stmt.body), (self.block(stmt.orelse) if stmt.orelse else [])
            return [_Line(ast.If(test=to_expr(stmt.test), body=body, orelse=orelse))]
        if isinstance(stmt, Loop):
            return [_Line(self._loop(stmt))]
        raise TypeError(f"no Python for the IR statement {stmt!r}")

    def _loop(self, loop: Loop) -> ast.stmt:
        body = [s for s in self.block(loop.body) if not isinstance(s, ast.Pass)]
        if loop.exit_flag is not None:
            body.append(ast.If(test=to_expr(loop.exit_flag), body=[ast.Break()], orelse=[]))
        if loop.kind == "for":
            iterations = _iterations(loop)
            return ast.For(target=store(loop.target.name), iter=iterations, body=body or [ast.Pass()], orelse=[])
        if loop.test_inline:
            head = self.statement(loop.cond_body[0])[0].stmt.value if loop.cond_body else to_expr(loop.cond)
            return ast.While(test=head, body=body or [ast.Pass()], orelse=[])
        exit_ = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=to_expr(loop.cond)), body=[ast.Break()], orelse=[])
        test = [s for s in self.block([*loop.cond_body, _Verbatim(exit_)]) if not isinstance(s, ast.Pass)]
        if self.fold and len(test) == 1:        # the test folded into one expression: `while <test>:`
            return ast.While(test=test[0].test.operand, body=body or [ast.Pass()], orelse=[])
        return ast.While(test=ast.Constant(True), body=test + body, orelse=[])

    # Folding --------------------------------------------------------------------------------
    def _unpack(self, lines: list[_Line]) -> None:
        """``p = e; a = p[0]; b = p[1]``, ``p`` a transform's temporary read by those items only,
        printed ``a, b = e`` (forward mode's recursive call: the callee returns its value and
        tangent)."""
        if len(lines) < 3 or not all(isinstance(line.stmt, ast.Assign) for line in lines[-3:]):
            return
        whole, *items = (line.stmt for line in lines[-3:])
        pair = whole.targets[0]
        if not (isinstance(pair, ast.Name) and pair.id in self.folded and self.reads.get(Var(pair.id)) == 2):
            return
        for index, item in enumerate(items):
            value = item.value
            if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)
                    and value.value.id == pair.id and isinstance(value.slice, ast.Constant)
                    and value.slice.value == index and isinstance(item.targets[0], ast.Name)):
                return
        targets = ast.Tuple(elts=[item.targets[0] for item in items], ctx=ast.Store())
        lines[-3:] = [_Line(ast.Assign(targets=[targets], value=whole.value))]

    def _fold_into(self, line: _Line, lines: list[_Line]) -> None:
        """Fold the definitions at the end of ``lines`` into ``line`` while each is a temporary
        ``line`` reads once, unconditionally, and before the reads of those already folded (so
        the folded expressions evaluate in the order their statements ran), or one whose value
        is the same whenever it is evaluated and cannot raise (``slice(1, -1)``: an item write's
        index, which Python evaluates after the value written)."""
        if not lines or lines[-1].defines is None:       # nothing to fold (the common case unfolded)
            return
        heads = _heads(line.stmt)
        reads: list[ast.Name] = []
        seen: dict[str, int] = {}
        for expr in heads:
            for node, unconditional in _evaluation_order(expr, True):
                seen[node.id] = seen.get(node.id, 0) + 1
                if unconditional and node.id in self.foldable:
                    reads.append(node)
        position = {node.id: i for i, node in enumerate(reads) if seen[node.id] == 1}
        last = len(reads)
        sliced = False
        while lines and lines[-1].defines in position:
            at = position[lines[-1].defines]
            if at >= last and not _order_free(lines[-1].stmt.value):
                break
            definition = lines.pop()
            last = min(last, at)
            _replace(line.stmt, reads[at], definition.stmt.value)
            sliced = sliced or _has_slice_call(definition.stmt.value)
        if sliced:
            _slices_as_syntax(line.stmt)


def _iterations(loop: Loop) -> ast.expr:
    """What a ``for`` loop iterates over: ``range(...)``, its values from index ``first`` to
    ``count`` where given (``range(...)[first:count]``); for a loop run backwards (reverse mode's),
    ``reversed(...)`` of those, or a countdown."""
    if loop.backwards and loop.countdown:
        return countdown(loop.range_args, to_expr(loop.count) if loop.count is not None else None)
    iterations: ast.expr = range_of(loop.range_args)
    if loop.first is not None or loop.count is not None:       # (a segment: a checkpointed loop's)
        bound = lambda atom: None if atom is None else to_expr(atom)    # noqa: E731
        iterations = ast.Subscript(value=iterations, slice=ast.Slice(lower=bound(loop.first), upper=bound(loop.count)),
                                   ctx=ast.Load())
    if not loop.backwards:
        return iterations
    return ast.Call(func=load("reversed"), args=[iterations], keywords=[])


def _heads(stmt: ast.stmt) -> list[ast.expr]:
    """The expressions a statement evaluates first, once, before anything nested in it."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Subscript):
        target = stmt.targets[0]                # `a[i] = v`: `v` first, then `a` and `i`
        return [stmt.value, target.value, target.slice]
    if isinstance(stmt, (ast.Assign, ast.Expr, ast.Return)):
        return [stmt.value] if stmt.value is not None else []
    if isinstance(stmt, ast.AugAssign):         # `a[i] += v`: `a` and `i` first, then `v`
        target = stmt.target
        return [target.value, target.slice, stmt.value] if isinstance(target, ast.Subscript) else [stmt.value]
    if isinstance(stmt, ast.If):
        return [stmt.test]
    if isinstance(stmt, ast.For):
        return [stmt.iter]
    if isinstance(stmt, ast.Assert):
        return [stmt.test]                      # (the message is evaluated only on failure)
    if isinstance(stmt, ast.Raise):
        return [stmt.exc] if stmt.exc is not None else []
    return []


def _slices_as_syntax(stmt: ast.stmt) -> None:
    """``x[slice(1, -1)]`` as ``x[1:-1]`` (``x[slice(None, 2), 0]`` as ``x[:2, 0]``): a slice
    folded into an index, printed as one is written."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Subscript):
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else None
            if items is None:
                node.slice = _as_slice(node.slice)
            else:
                items[:] = map(_as_slice, items)


def _has_slice_call(value: ast.expr) -> bool:
    return any(_is_slice_call(node) for node in all_nodes(value))     # (asked of every statement printed)


def _is_slice_call(value: ast.expr) -> bool:
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "slice"
            and not value.keywords and 1 <= len(value.args) <= 3)


def _as_slice(index: ast.expr) -> ast.expr:
    if not _is_slice_call(index):
        return index
    bounds = [None if isinstance(a, ast.Constant) and a.value is None else a for a in index.args]
    if len(bounds) == 1:            # slice(stop)
        bounds = [None, *bounds]
    return ast.Slice(*bounds)


def _order_free(value: ast.expr) -> bool:
    """Is ``value`` a constant, ``-`` a constant, ``slice(...)`` of those or a tuple of those: the
    same value wherever it is evaluated, never raising?"""
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, (ast.USub, ast.UAdd)):
        return isinstance(value.operand, ast.Constant) and type(value.operand.value) in (int, float)
    if _is_slice_call(value):
        return all(map(_order_free, value.args))
    if isinstance(value, ast.Tuple):
        return all(map(_order_free, value.elts))
    return False


_DEFERRED = (ast.Lambda, ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _evaluation_order(node: ast.AST, unconditional: bool, found: list | None = None) -> list[tuple[ast.Name, bool]]:
    """The names ``node`` reads, in the order Python evaluates them, each with whether it is
    evaluated exactly once whenever ``node`` is (not in a branch of ``a if c else b``, a later
    operand of ``and``/``or`` or of a chained comparison, a lambda or a comprehension). (A list
    built in one recursion, not generators delegating to each other: the printer asks this of
    every statement a temporary may fold into.)"""
    found = [] if found is None else found
    if isinstance(node, ast.Name):
        found.append((node, unconditional))
    elif isinstance(node, _DEFERRED):
        for child in child_nodes(node):
            _evaluation_order(child, False, found)
    elif isinstance(node, ast.IfExp):
        _evaluation_order(node.test, unconditional, found)
        _evaluation_order(node.body, False, found)
        _evaluation_order(node.orelse, False, found)
    elif isinstance(node, ast.BoolOp):
        _evaluation_order(node.values[0], unconditional, found)
        for value in node.values[1:]:
            _evaluation_order(value, False, found)
    elif isinstance(node, ast.Compare):
        _evaluation_order(node.left, unconditional, found)
        for i, value in enumerate(node.comparators):
            _evaluation_order(value, unconditional and i == 0, found)
    elif isinstance(node, ast.Dict):                  # key, value, key, value...
        for key, value in zip(node.keys, node.values):
            if key is not None:
                _evaluation_order(key, unconditional, found)
            _evaluation_order(value, unconditional, found)
    else:
        for child in child_nodes(node):
            _evaluation_order(child, unconditional, found)
    return found


def _replace(tree: ast.AST, old: ast.Name, new: ast.expr) -> None:
    """Put ``new`` where the node ``old`` is in ``tree`` (looked for breadth first, as
    ``ast.walk`` goes, without its generators)."""
    pending = deque([tree])
    while pending:
        parent = pending.popleft()
        for field in parent._fields:
            value = getattr(parent, field, None)
            if value is old:
                setattr(parent, field, new)
                return
            if type(value) is list:
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return
                    if isinstance(item, ast.AST):
                        pending.append(item)
            elif isinstance(value, ast.AST):
                pending.append(value)
    raise AssertionError(f"{old.id} is not in the statement")
