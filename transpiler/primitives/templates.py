"""Rule templates: a rule function's *return expression*, with its parameters as holes.

The transforms parse a rule once and inline it into the generated code with the call's own
argument names substituted, so the output reads ``d_x = d_y * np.cos(x)``, not a call into a
table.
"""
from __future__ import annotations

import __future__
import ast
import functools
import inspect
import operator
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import SourceChangedError
from ..ir.code import name_nodes, read_names


@dataclass
class Template:
    """The return expression of a rule function, with its parameter names as holes. Its source
    is parsed when a transform first asks for it (:meth:`exprs`), not when the rule is declared:
    a program meets a few dozen of the many hundred rules imported."""

    function: Callable
    params: tuple[str, ...] = ()
    _exprs: list[ast.expr] | None = None
    _defaults: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    # per expression, the (name, read?) of each name in it, for :meth:`reads`
    _names: list[list[tuple[str, bool]]] | None = field(default=None, repr=False, compare=False)

    @property
    def defaults(self) -> dict[str, Any]:
        """The rule function's parameters that have a default, with it (asked at declaration)."""
        if self._defaults is None:
            self._defaults = parameter_defaults(self.function)
        return self._defaults

    def exprs(self) -> list[ast.expr]:
        if self._exprs is None:
            fn = ast.parse(current_source(self.function)).body[0]
            body = [s for s in fn.body if not _is_docstring(s)]
            assert len(body) == 1 and isinstance(body[0], ast.Return), (
                f"rule {self.function.__name__} must be a single return statement")
            value = body[0].value
            self._exprs = list(value.elts) if isinstance(value, ast.Tuple) else [value]
        return self._exprs

    def instantiate(self, index: int, names: dict[str, ast.expr]) -> ast.expr:
        return substitute(self.exprs()[index], names)

    def reads(self, index: int, names: dict[str, ast.expr]) -> set[str]:
        """The names ``instantiate(index, names)`` reads (``read_names`` of it), found without
        making it: the expression's own reads, each substituted name's by what stands for it."""
        if self._names is None:
            self._names = [[(n.id, type(n.ctx) is ast.Load) for n in name_nodes(e)] for e in self.exprs()]
        found: set[str] = set()
        for name, loaded in self._names[index]:
            if name in names:
                found |= read_names(names[name])
            elif loaded:
                found.add(name)
        return found


def current_source(function: Callable) -> str:
    """``function``'s source, dedented, read now (``inspect.getsource``: the file's lines from the
    function's first line), and for a function checked to be the function that runs: a package file edited
    after it was imported has other lines there, and a derivative made from them would be another
    function's. Checked: the name, the parameters, and for a function without free variables the
    bytecode its text compiles to. A ``SourceChangedError`` where they differ."""
    source = textwrap.dedent(inspect.getsource(function))
    if not inspect.isfunction(function):
        return source                    # (a class a backend's module defines: its whole text)
    try:
        parsed = ast.parse(source).body[0]
    except (SyntaxError, IndexError):
        parsed = None
    if not (isinstance(parsed, (ast.FunctionDef, ast.AsyncFunctionDef)) and parsed.name == function.__name__
            and _same_parameters(parsed, function) and _same_code(parsed, function)):
        code = function.__code__
        raise SourceChangedError(
            f"the source of {function.__qualname__} ({code.co_filename}, line {code.co_firstlineno}) changed "
            f"since it was imported: line {code.co_firstlineno} now reads {source.splitlines()[0].strip()!r}",
            hint="restart Python after editing the package's files (the running code is the file as imported)")
    return source


def _same_parameters(parsed: ast.FunctionDef, function: Callable) -> bool:
    args = parsed.args
    names = [a.arg for a in (*args.posonlyargs, *args.args)] + ([args.vararg.arg] if args.vararg else []) \
        + [a.arg for a in args.kwonlyargs] + ([args.kwarg.arg] if args.kwarg else [])
    return tuple(names) == parameter_names(function)


def _same_code(parsed: ast.FunctionDef, function: Callable) -> bool:
    """Does ``parsed`` compile to a function reading the same names (globals and attributes, in
    the order it first reads them) and locals as ``function``? (Not its bytecode: the package's
    may come from a ``.pyc`` another 3.x.y compiler wrote. Not asked of a closure, whose free
    variables compile differently on their own.)"""
    code = getattr(function, "__code__", None)
    if code is None or code.co_freevars:
        return True
    module = compile(ast.Module(body=[parsed], type_ignores=[]), code.co_filename, "exec",
                     flags=code.co_flags & _FUTURE_FLAGS, dont_inherit=True)
    compiled = next((c for c in module.co_consts if inspect.iscode(c) and c.co_name == code.co_name), None)
    return compiled is not None and (compiled.co_names, compiled.co_varnames) == (code.co_names, code.co_varnames)


# the compiler flags of ``from __future__ import ...`` (a function keeps those of its module)
_FUTURE_FLAGS = functools.reduce(operator.or_, (getattr(__future__, name).compiler_flag
                                                for name in __future__.all_feature_names))


def parameter_names(function: Callable) -> tuple[str, ...]:
    """The names of ``inspect.signature(function).parameters``, in order, read from a plain
    function's code object: ``inspect.signature`` builds a Signature per call, and declaring the
    rules asks this of every rule function at import (a few hundred)."""
    code = _plain_code(function)
    if code is None:
        return tuple(inspect.signature(function).parameters)
    positional, keyword_only = code.co_argcount, code.co_kwonlyargcount
    names = list(code.co_varnames[:positional])
    rest = positional + keyword_only                   # (co_varnames: *args and **kwargs come after)
    if code.co_flags & inspect.CO_VARARGS:
        names.append(code.co_varnames[rest])
        rest += 1
    names.extend(code.co_varnames[positional:positional + keyword_only])
    if code.co_flags & inspect.CO_VARKEYWORDS:
        names.append(code.co_varnames[rest])
    return tuple(names)


def parameter_defaults(function: Callable) -> dict[str, Any]:
    """{parameter: default} of the parameters of ``function`` that have one, in signature order."""
    code = _plain_code(function)
    if code is None:
        return {name: p.default for name, p in inspect.signature(function).parameters.items()
                if p.default is not inspect.Parameter.empty}
    positional = code.co_varnames[:code.co_argcount]
    values = function.__defaults__ or ()
    found = dict(zip(positional[len(positional) - len(values):], values))
    return {**found, **(function.__kwdefaults__ or {})}


def _plain_code(function: Callable):
    """The code object whose parameters are ``function``'s signature, or None where
    ``inspect.signature`` may say otherwise (a wrapper, a set ``__signature__``, not a function)."""
    if not inspect.isfunction(function) or hasattr(function, "__wrapped__") or hasattr(function, "__signature__"):
        return None
    return function.__code__


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
        stmt.value.value, str)


def substitute(node, names: dict[str, ast.expr]):
    """A fresh copy of the expression ``node`` with names replaced by (copies of) expressions.
    (A plain recursive copy: ``copy.deepcopy`` is several times slower on small ASTs.)"""
    if isinstance(node, ast.Name) and node.id in names:
        return substitute(names[node.id], {})
    if isinstance(node, list):
        return [substitute(item, names) for item in node]
    if not isinstance(node, ast.AST):
        return node
    clone = node.__class__()
    for name in node._fields:
        setattr(clone, name, substitute(getattr(node, name, None), names))
    if getattr(node, "keeps_float", False):
        clone.keeps_float = True
    return clone



def is_none(node: ast.expr) -> bool:
    """A rule's ``None``: this argument carries no derivative."""
    return isinstance(node, ast.Constant) and node.value is None
