"""``match`` statements, rewritten before the jumps are (jumps.py) into the ``if`` / ``elif``
chain Python's pattern matching means::

    match layer:                                  if isinstance(layer, tuple | list) and len(layer) == 2 \\
        case ("dense", W):                                and layer[0] == "dense":
            h = h @ W                      ==>        W = layer[1]
        case ("scale", s) if s > 0:                   h = h @ W
            h = h * s                             elif ... and layer[0] == "scale" and layer[1] > 0:
        case _:                                       s = layer[1]
            pass                                      h = h * s

Each case's test checks the subject's structure, as Python does, in order and short-circuiting
(``isinstance`` before ``len``, ``len`` before an element); a guard is tested after it with the
names the pattern binds read where the pattern found them (``s`` is ``layer[1]``); the body then
binds them and runs. The subject is evaluated once (a name of its own unless it is a name).
Patterns: values (``case 1:``, ``case "relu":``, ``case Mode.FAST:``), ``None``/``True``/``False``,
captures and ``_``, ``as``, alternatives (``case "a" | "b":``), sequences with a
starred capture (``case [first, *rest]:``, a list or tuple), mappings (``case {"kind": k}:``, a
dict), and classes (``case Point(x=0, y=y):``, ``case Dense(W, b):`` through ``__match_args__``,
``case float(v):``). Where the subject is a value the compiler knows (a string or number option,
a tuple the call passes, an object made in the function), the tests fold while compiling and
only the case taken is lowered; otherwise the chain is lowered as any branch on a run-time value.

Refused, located: alternatives that capture a name at different places (``case (x, 1) | (1, x):``:
which element ``x`` is depends on the alternative taken; ``float(v) | int(v)`` is fine), ``**rest`` in a mapping pattern, a class pattern whose class
is not found while compiling or takes more positional patterns than its ``__match_args__``."""
from __future__ import annotations

import ast
import copy
from typing import Callable

from .jumps import copy_tree
from .source import MISSING, ParsedFunction
from .tree_facts import scope_kinds

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
# Classes whose one positional pattern matches the subject itself (`case float(v):`), as Python's.
_SELF_MATCHING = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)


def without_matches(tree: ast.FunctionDef, parsed: ParsedFunction, names,
                    refuse: Callable[[ast.AST, str, str], None]) -> ast.FunctionDef:
    """``tree`` with each ``match`` statement rewritten as an ``if`` chain (a copy, where it has
    one). ``refuse(node, construct, hint)`` raises, located."""
    if ast.Match not in scope_kinds(tree):
        return tree
    tree = copy_tree(tree)
    tree.body = _Rewriter(parsed, names, refuse).block(tree.body)
    return ast.fix_missing_locations(tree)


class _Rewriter:
    def __init__(self, parsed: ParsedFunction, names, refuse):
        self.parsed, self.names, self._refuse = parsed, names, refuse

    def block(self, stmts: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for stmt in stmts:
            if isinstance(stmt, ast.Match):
                out.extend(self._match(stmt))
                continue
            if not isinstance(stmt, _SCOPES):
                for field in ("body", "orelse", "finalbody"):
                    if isinstance(getattr(stmt, field, None), list):
                        setattr(stmt, field, self.block(getattr(stmt, field)))
                for handler in getattr(stmt, "handlers", ()):
                    handler.body = self.block(handler.body)
            out.append(stmt)
        return out

    def _match(self, node: ast.Match) -> list[ast.stmt]:
        before: list[ast.stmt] = []
        subject = node.subject
        if not isinstance(subject, ast.Name):        # evaluated once, as Python does
            held = self.names.invent("subject")
            before.append(ast.copy_location(ast.Assign(targets=[ast.Name(id=held, ctx=ast.Store())],
                                                       value=subject), node.subject))
            subject = ast.copy_location(ast.Name(id=held, ctx=ast.Load()), node.subject)
        chain: list[ast.stmt] = []        # the innermost `else:` first filled, built from the last case
        for case in reversed(node.cases):
            tests, bindings = self._pattern(case.pattern, subject)
            body = [ast.copy_location(ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=value),
                                      case.pattern) for name, value in bindings]
            body += self.block(case.body) or [ast.copy_location(ast.Pass(), case.pattern)]
            if case.guard is not None:
                tests.append(_with_bindings(case.guard, dict(bindings)))
            if not tests:                            # irrefutable: what runs where no case before matched
                chain = body
                continue
            test = tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)
            chain = [ast.copy_location(ast.If(test=ast.copy_location(test, case.pattern), body=body,
                                              orelse=chain), case.pattern)]
        return before + chain

    # Patterns: (tests, in order, all of which hold where it matches; names it binds, to what) ----
    def _pattern(self, pattern: ast.pattern, subject: ast.expr) -> tuple[list[ast.expr], list[tuple[str, ast.expr]]]:
        at = lambda node: ast.copy_location(node, pattern)  # noqa: E731
        if isinstance(pattern, ast.MatchValue):
            return [at(ast.Compare(left=subject, ops=[ast.Eq()], comparators=[pattern.value]))], []
        if isinstance(pattern, ast.MatchSingleton):
            return [at(ast.Compare(left=subject, ops=[ast.Is()], comparators=[at(ast.Constant(pattern.value))]))], []
        if isinstance(pattern, ast.MatchAs):
            tests, bindings = self._pattern(pattern.pattern, subject) if pattern.pattern else ([], [])
            return tests, bindings + ([(pattern.name, subject)] if pattern.name else [])
        if isinstance(pattern, ast.MatchOr):
            return self._alternatives(pattern, subject)
        if isinstance(pattern, ast.MatchSequence):
            return self._sequence(pattern, subject)
        if isinstance(pattern, ast.MatchMapping):
            return self._mapping(pattern, subject)
        if isinstance(pattern, ast.MatchClass):
            return self._class(pattern, subject)
        self._refuse(pattern, f"the pattern `{ast.unparse(pattern)}`", "test the case with `if` / `elif`")
        raise AssertionError("unreachable")     # (refuse raises)

    def _alternatives(self, pattern: ast.MatchOr, subject: ast.expr):
        """``a | b | c``: any of them; the names they capture must be found at the same place
        by each (``float(v) | int(v)``), else which value a name holds depends on which matched."""
        alternatives, captured = [], None
        for alternative in pattern.patterns:
            tests, bindings = self._pattern(alternative, subject)
            places = sorted((name, ast.dump(value)) for name, value in bindings)
            if captured is not None and places != captured[0]:
                self._refuse(pattern, f"a choice of alternatives that capture names at different places "
                             f"(`{ast.unparse(pattern)}`)",
                             "write one `case` per alternative, each with its own body")
            captured = captured or (places, bindings)
            if not tests:
                return [], bindings                 # one alternative always matches
            alternatives.append(tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests))
        return [ast.copy_location(ast.BoolOp(op=ast.Or(), values=alternatives), pattern)], captured[1]

    def _sequence(self, pattern: ast.MatchSequence, subject: ast.expr):
        at = lambda node: ast.copy_location(node, pattern)  # noqa: E731
        starred = [i for i, p in enumerate(pattern.patterns) if isinstance(p, ast.MatchStar)]
        fixed = len(pattern.patterns) - len(starred)
        length = at(ast.Call(func=at(ast.Name(id="len", ctx=ast.Load())), args=[subject], keywords=[]))
        kinds = at(ast.Tuple(elts=[at(ast.Name(id="list", ctx=ast.Load())), at(ast.Name(id="tuple", ctx=ast.Load()))],
                             ctx=ast.Load()))
        tests: list[ast.expr] = [at(_call("isinstance", subject, kinds)),
                                 at(ast.Compare(left=length, ops=[ast.GtE() if starred else ast.Eq()],
                                                comparators=[at(ast.Constant(fixed))]))]
        bindings: list[tuple[str, ast.expr]] = []
        star = starred[0] if starred else len(pattern.patterns)
        after = len(pattern.patterns) - star - 1
        for i, element in enumerate(pattern.patterns):
            if i == star:
                if element.name:                    # a list of the elements between, as Python binds
                    stop = at(ast.UnaryOp(op=ast.USub(), operand=at(ast.Constant(after)))) if after else None
                    window = at(ast.Subscript(value=subject, slice=at(ast.Slice(lower=at(ast.Constant(i)), upper=stop)),
                                              ctx=ast.Load()))
                    bindings.append((element.name, at(_call("list", window))))
                continue
            index = i if i < star else i - len(pattern.patterns)      # (after the star: from the end)
            item = at(ast.Subscript(value=subject, slice=at(ast.Constant(index)), ctx=ast.Load()))
            more_tests, more_bindings = self._pattern(element, item)
            tests += more_tests
            bindings += more_bindings
        return tests, bindings

    def _mapping(self, pattern: ast.MatchMapping, subject: ast.expr):
        at = lambda node: ast.copy_location(node, pattern)  # noqa: E731
        if pattern.rest is not None:
            self._refuse(pattern, f"`**{pattern.rest}` in a mapping pattern",
                         f"read the keys you need (`case {{\"kind\": k}}:`) and build the rest with a dict comprehension")
        tests: list[ast.expr] = [at(_call("isinstance", subject, at(ast.Name(id="dict", ctx=ast.Load()))))]
        bindings: list[tuple[str, ast.expr]] = []
        for key, value in zip(pattern.keys, pattern.patterns):
            tests.append(at(ast.Compare(left=key, ops=[ast.In()], comparators=[subject])))
            more_tests, more_bindings = self._pattern(value, at(ast.Subscript(value=subject, slice=key, ctx=ast.Load())))
            tests += more_tests
            bindings += more_bindings
        return tests, bindings

    def _class(self, pattern: ast.MatchClass, subject: ast.expr):
        at = lambda node: ast.copy_location(node, pattern)  # noqa: E731
        cls = self.parsed.lookup(ast.unparse(pattern.cls)) if isinstance(pattern.cls, (ast.Name, ast.Attribute)) \
            else MISSING
        if not isinstance(cls, type):
            self._refuse(pattern.cls, f"the class pattern `{ast.unparse(pattern)}` (its class is not found "
                         "while compiling)", "match a class defined at module level or imported")
        tests: list[ast.expr] = [at(_call("isinstance", subject, pattern.cls))]
        bindings: list[tuple[str, ast.expr]] = []
        if len(pattern.patterns) == 1 and cls in _SELF_MATCHING:
            places = [subject]                      # `case float(v):` binds the subject itself
        else:
            names = getattr(cls, "__match_args__", ())
            if len(pattern.patterns) > len(names):
                self._refuse(pattern, f"`{ast.unparse(pattern)}`: {cls.__name__} takes {len(names)} positional "
                             f"sub-patterns (its `__match_args__`), not {len(pattern.patterns)}",
                             "name the attributes: `case Point(x=0, y=y):`")
            places = [at(ast.Attribute(value=subject, attr=name, ctx=ast.Load())) for name in names]
        places += [at(ast.Attribute(value=subject, attr=name, ctx=ast.Load())) for name in pattern.kwd_attrs]
        for element, place in zip([*pattern.patterns, *pattern.kwd_patterns], places):
            more_tests, more_bindings = self._pattern(element, place)
            tests += more_tests
            bindings += more_bindings
        return tests, bindings


def _call(function: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=function, ctx=ast.Load()), args=list(args), keywords=[])


def _with_bindings(guard: ast.expr, bindings: dict[str, ast.expr]) -> ast.expr:
    """``guard`` reading each name the pattern binds where the pattern found it (the guard is
    tested before the body binds them)."""
    class Substitute(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.expr:
            if isinstance(node.ctx, ast.Load) and node.id in bindings:
                return ast.copy_location(copy.deepcopy(bindings[node.id]), node)
            return node
    return Substitute().visit(copy.deepcopy(guard))
