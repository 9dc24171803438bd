"""Loop fusion for the numba backend: an elementwise gradient as one loop over the elements.

A gradient made only of elementwise arithmetic on array parameters of one shape (and numbers)
runs every statement of both sweeps on one element at a time, with no temporary arrays: numba
compiles the loop to machine code.

numba calls the C library's scalar ``exp`` and ``log``; NumPy has SIMD versions of both for
float64 on CPUs with AVX-512 (``numpy.lib.introspect.opt_func_info`` tells), several times
faster. There those calls, and the elementwise values they need, are computed by NumPy on the
whole arrays first (a Python function around the compiled loop), and the loop reads them.
"""
from __future__ import annotations

import ast
import copy
import functools

from ..ir.code import load, names, store
from ..opt.cleanup import Substitute

_ELEMENTWISE_CALLS = {"exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arcsin",
                      "arccos", "arctan", "arcsinh", "expm1", "log1p", "abs", "sign", "floor"}
_ELEMENTWISE_NODES = (ast.BinOp, ast.UnaryOp, ast.Compare, ast.Constant, ast.Name, ast.Call,
                      ast.Attribute, ast.operator, ast.unaryop, ast.cmpop, ast.expr_context)
_K = "_k"                                # the element index


def fuse_elementwise(name: str, params: list[str], body: list, arrays: dict[str, tuple],
                     hoisted: frozenset = frozenset()) -> tuple[list, ast.FunctionDef | None] | None:
    """The body of function ``name`` (parameters ``params``) as one loop over the elements of
    the array parameters ``arrays`` (name -> shape, all the same), or None if ``body`` (its
    assignments and a return, no comments) is not all elementwise. Returns the new body, and a
    compiled-loop function it calls when NumPy computes the calls in ``hoisted`` (e.g.
    ``{"exp"}``) first; the body then runs as Python, only the loop function is jitted."""
    if not arrays or len(set(arrays.values())) != 1 or not isinstance(body[-1], ast.Return):
        return None
    *statements, returned = body
    outputs = returned.value.elts if isinstance(returned.value, ast.Tuple) else [returned.value]
    varying = set(arrays)                         # names whose value differs per element
    for stmt in statements:
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                and _elementwise(stmt.value)):
            return None
        if _loads(stmt.value) & varying:
            varying.add(stmt.targets[0].id)
    if not all(isinstance(o, ast.Name) and o.id in varying and o.id not in arrays for o in outputs):
        return None
    first = next(iter(arrays))
    flat = {n: f"{n}_flat" for n in arrays}
    before = [ast.Assign(targets=[store(flat[n])], value=_method(n, "ravel")) for n in arrays]
    early = _hoisted_statements(statements, varying, hoisted)
    whole = {**flat, **{s.targets[0].id: f"{s.targets[0].id}_all" for s in early}}
    before += [ast.Assign(targets=[store(whole[s.targets[0].id])],
                          value=Substitute({n: load(w) for n, w in whole.items()}).visit(copy.deepcopy(s.value)))
               for s in early]
    element = {n: ast.Subscript(value=load(w), slice=load(_K), ctx=ast.Load()) for n, w in whole.items()}
    loop_body = [Substitute(element).visit(copy.deepcopy(s)) for s in statements if s not in early]
    results = {o.id: f"{o.id}_all" for o in outputs}
    loop_body += [ast.Assign(targets=[ast.Subscript(value=load(r), slice=load(_K), ctx=ast.Store())],
                             value=load(o)) for o, r in results.items()]
    size = _attribute(flat[first], "size")
    loop = [*[ast.Assign(targets=[store(r)], value=_np_call("empty", size)) for r in results.values()],
            ast.For(target=store(_K), iter=ast.Call(func=load("range"), args=[size], keywords=[]),
                    body=loop_body, orelse=[])]
    shaped = lambda r: ast.Call(func=ast.Attribute(value=r, attr="reshape", ctx=ast.Load()),  # noqa: E731
                                args=[_attribute(first, "shape")], keywords=[])
    if not early:
        value = [shaped(load(r)) for r in results.values()]
        return [*before, *loop, ast.Return(value=_tuple_or_one(value, returned))], None
    # the loop as a function of its own (compiled), the NumPy work before it in Python
    read = set().union(*(_loads(s) for s in loop))
    inputs = [n for n in [*params, *whole.values()] if n in read]
    kernel_name = f"{name}_loop"
    kernel = ast.FunctionDef(name=kernel_name, args=ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=p) for p in inputs], vararg=None, kwonlyargs=[], kw_defaults=[],
        kwarg=None, defaults=[]), body=[*loop, ast.Return(value=_tuple_or_one(
            [load(r) for r in results.values()], returned))], decorator_list=[], returns=None, type_comment=None)
    call = ast.Call(func=load(kernel_name), args=[load(p) for p in inputs], keywords=[])
    if len(results) == 1:
        tail = [ast.Return(value=shaped(call))]
    else:
        parts = [f"{r}_" for r in results.values()]
        tail = [ast.Assign(targets=[ast.Tuple(elts=[store(p) for p in parts], ctx=ast.Store())], value=call),
                ast.Return(value=ast.Tuple(elts=[shaped(load(p)) for p in parts], ctx=ast.Load()))]
    return [*before, *tail], kernel


def _hoisted_statements(statements: list, varying: set[str], hoisted: frozenset) -> list:
    """The per-element statements whose value is a call in ``hoisted``, and those they need."""
    needed: set[str] = set()
    for stmt in reversed(statements):
        target = stmt.targets[0].id
        if target in varying and (_calls(stmt.value) & hoisted or target in needed):
            needed.add(target)
            needed |= _loads(stmt.value) & varying
    return [s for s in statements if s.targets[0].id in needed and s.targets[0].id in varying]


def _calls(node: ast.expr) -> set[str]:
    return {c.func.attr for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)}


@functools.lru_cache(maxsize=None)
def numpy_vectorised(*functions: str) -> frozenset:
    """Which of ``functions`` NumPy runs on float64 with AVX-512 SIMD code here (faster than the
    C library's scalar versions numba calls). Empty where NumPy cannot say."""
    try:
        from numpy.lib.introspect import opt_func_info
        info = opt_func_info(func_name="^(" + "|".join(functions) + ")$", signature="float64")
    except Exception:  # noqa: BLE001 - NumPy < 2.1: no introspection, no hoisting
        return frozenset()
    return frozenset(f for f in functions if "V4" in info.get(f, {}).get("dd", {}).get("current", "")
                     or "AVX512" in info.get(f, {}).get("dd", {}).get("current", ""))


def _elementwise(node: ast.expr) -> bool:
    for child in ast.walk(node):
        if not isinstance(child, _ELEMENTWISE_NODES):
            return False
        if isinstance(child, ast.Call) and not (
                isinstance(child.func, ast.Attribute) and isinstance(child.func.value, ast.Name)
                and child.func.value.id == "np" and child.func.attr in _ELEMENTWISE_CALLS
                and not child.keywords):
            return False
        if isinstance(child, ast.Attribute) and not (isinstance(child.value, ast.Name) and child.value.id == "np"):
            return False
        if isinstance(child, ast.Constant) and not isinstance(child.value, (int, float)):
            return False
    return True


def _tuple_or_one(values: list, returned: ast.Return) -> ast.expr:
    return ast.Tuple(elts=values, ctx=ast.Load()) if isinstance(returned.value, ast.Tuple) else values[0]


def _loads(node) -> set[str]:
    return names(node, ast.Load)


def _method(name: str, method: str) -> ast.expr:
    return ast.Call(func=ast.Attribute(value=load(name), attr=method, ctx=ast.Load()), args=[], keywords=[])


def _attribute(name: str, attr: str) -> ast.expr:
    return ast.Attribute(value=load(name), attr=attr, ctx=ast.Load())


def _np_call(function: str, *args) -> ast.expr:
    return ast.Call(func=ast.Attribute(value=load("np"), attr=function, ctx=ast.Load()), args=list(args),
                    keywords=[])
