"""Isolate a lambda's source: the ``ast.Lambda`` of its file that made a given code object.

``inspect.getsource`` returns the whole statement a lambda sits in, which need not parse on its
own (a lambda in the middle of a call spanning lines) and may hold several lambdas. Instead the
lambda's file is parsed whole and its lambdas are matched to the code object: on the line the code
starts (``co_firstlineno``), with the same parameters, whose body spans every position the code's
instructions carry (``co_positions``, Python 3.11). Two lambdas on one line differ in columns;
of nested ones, the innermost whose body holds all the positions is the one.
"""
from __future__ import annotations

import ast
import inspect
import linecache
from typing import Callable

from ..errors import Location, SourceUnavailableError
from .running_code import refuse_changed_lambda

LAMBDA_NAME = "lambda_"    # the name of a lambda not assigned to a name (generated code: lambda__grad)

_parsed_files: dict[str, tuple[str, ast.Module]] = {}


def lambda_tree(func: Callable) -> tuple[ast.FunctionDef, str]:
    """``func`` (a lambda) as ``def <name>(<params>): return <body>``, with the locations of its
    file, and that file's name. ``<name>`` is the name it is assigned to (``objective = lambda
    ...``), else ``lambda_``."""
    code = func.__code__
    filename = inspect.getsourcefile(func) or code.co_filename
    linecache.checkcache(filename)      # (as inspect.getsource: a file edited and reloaded is read anew)
    where = Location(filename, code.co_firstlineno, 0, linecache.getline(filename, code.co_firstlineno))
    module = _module(filename, func.__globals__)
    if module is None:
        raise SourceUnavailableError(
            "cannot read the source of this lambda", where,
            hint="define it in a .py file (source typed into a REPL or exec'd is not kept)")
    found = [node for node in ast.walk(module) if isinstance(node, ast.Lambda) and _made(node, code)]
    innermost = [n for n in found if not any(o is not n and _inside(n.body, o) for o in found)]
    if len(innermost) != 1:
        raise SourceUnavailableError(
            f"cannot tell which of the {len(found) or 'no'} lambdas on this line is the one to "
            "differentiate", where, hint="assign the lambda to a name on a line of its own, or write a `def`")
    lam = innermost[0]
    refuse_changed_lambda(ast.get_source_segment(_parsed_files[filename][0], lam) or "", func)
    tree = ast.FunctionDef(name=_assigned_name(module, lam), args=lam.args,
                           body=[ast.copy_location(ast.Return(value=lam.body), lam.body)],
                           decorator_list=[], returns=None, type_comment=None)
    return ast.copy_location(tree, lam), filename


def _module(filename: str, module_globals: dict) -> ast.Module | None:
    lines = linecache.getlines(filename, module_globals)
    if not lines:
        return None
    text = "".join(lines)
    cached = _parsed_files.get(filename)
    if cached is None or cached[0] != text:       # (a file edited since: parsed again)
        try:
            cached = _parsed_files[filename] = (text, ast.parse(text))
        except SyntaxError:
            return None
    return cached[1]


def _made(node: ast.Lambda, code) -> bool:
    """Could ``node`` have made ``code``? Same first line and parameters, and its body spans every
    position of the code's instructions."""
    if node.lineno != code.co_firstlineno:
        return False
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    count = code.co_argcount + code.co_kwonlyargcount + bool(code.co_flags & inspect.CO_VARARGS) \
        + bool(code.co_flags & inspect.CO_VARKEYWORDS)
    if tuple(names) != code.co_varnames[:count]:
        return False
    body = node.body
    return all(_within(body, position) for position in code.co_positions()
               if position[2] is not None and position[3] is not None and position[3] > position[2])


def _within(node: ast.AST, position: tuple) -> bool:
    line, end_line, col, end_col = position
    return ((node.lineno, node.col_offset) <= (line, col)
            and (end_line, end_col) <= (node.end_lineno, node.end_col_offset))


def _inside(outer: ast.AST, node: ast.AST) -> bool:
    return _within(outer, (node.lineno, node.end_lineno, node.col_offset, node.end_col_offset))


def _assigned_name(module: ast.Module, lam: ast.Lambda) -> str:
    for node in ast.walk(module):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is lam:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                return targets[0].id
    return LAMBDA_NAME
