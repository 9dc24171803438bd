"""Names the differentiated function declares ``global`` or ``nonlocal`` and assigns: a call
counter (``global nfev; nfev += 1``), the last loss kept for a report, a closure's counter.

Inside the function such a name is an ordinary variable: read from the global or closure cell
at call time until it is first assigned, then the value assigned. When the function returns,
its final value is written back (an ``Effect`` calling a writer of the name,
primitives/effects.py ``OuterNameWriter``), once per call in every mode, as the primal's
assignments leave it. Only the differentiated function's own declarations: a helper inlined into
it that declares one is refused (its writes would be seen by code that reads the name after it
within the same call, which reads it at call time)."""
from __future__ import annotations

import ast

from ..ir import Effect
from ..primitives import effects
from .source import MISSING
from .loop_syntax import loop_syntax
from .values import SourceFunction, captured_write_names, declared_outer, local_names, walk_scope


def declared_outer_names(tree: ast.FunctionDef) -> dict[str, ast.stmt]:
    """The names the function's own scope declares ``global`` or ``nonlocal``, each with its
    declaration."""
    declared: dict[str, ast.stmt] = {}
    for node in walk_scope(tree.body):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                declared.setdefault(name, node)
    return declared


def writes_enclosing_names(lowering) -> bool:
    """Is the function being inlined a nested ``def`` of the function that calls it, called by
    it (its enclosing activation is the caller's, whose names a ``nonlocal`` then rebinds)?"""
    fn = lowering.calls[-1][0] if lowering.calls else None
    return isinstance(fn, SourceFunction) and len(lowering.frames) > 1 and fn.frame is lowering.frames[-2]


def rebound_by_calls(lowering, node: ast.stmt) -> list[str]:
    """The names of the function being lowered that nested functions called in ``node``'s body
    declare ``nonlocal`` and rebind (``def inc(): nonlocal n; n += 1``, then ``inc()``): a loop
    carries them as if its body assigned them."""
    names = []
    for called in loop_syntax(lowering, node).called:
        if isinstance(fn := lowering.env.get(called), SourceFunction):
            names += [n for n in sorted(declared_outer(fn.node, ast.Nonlocal)) if n in lowering.env]
            names += [n for n in captured_write_names(fn, local_names(fn.node)) if n in lowering.env]   # total[0] += v
    return list(dict.fromkeys(names))


class OuterNameLowering:
    """Declarations and write-backs; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    def _declare_outer(self, stmt: ast.Global | ast.Nonlocal) -> None:
        """From here on the name is a variable holding the global's (or cell's) value at call
        time, so a branch or loop that assigns it merges with that value."""
        if self.calls and isinstance(stmt, ast.Nonlocal) and writes_enclosing_names(self) \
                and all(name in self.callers[-1] for name in stmt.names):
            return          # inc() doing `nonlocal n; n += 1`, n the function's: functions.py writes it back
        if self.calls:
            kind = "global" if isinstance(stmt, ast.Global) else "nonlocal"
            self._unsupported(stmt, f"a `{kind}` declaration in a function called by the differentiated one",
                              "return the new value to the caller, or declare the name in the "
                              "differentiated function itself")
        for name in stmt.names:
            if name not in self.env and self.parsed.lookup(name) is not MISSING:
                self.env[name] = self._load(ast.copy_location(ast.Name(id=name, ctx=ast.Load()), stmt))
            if isinstance(stmt, ast.Global):
                self.__dict__.setdefault("_entry_globals", {})[name] = self.parsed.func.__globals__

    def _global_of_the_entry(self, node: ast.Name):
        """``G`` read in a helper, where the differentiated function declared ``global G`` (of the
        same module) and may have assigned it: the function's variable, as Python's helper reads
        the global the function has just rebound (EKF noise covariances ``Q``, ``R`` set for a run
        then restored). None for any other name: read at call time (its value before the call)."""
        module = self.__dict__.get("_entry_globals", {}).get(node.id)
        if not self.callers or module is None or getattr(self.parsed.func, "__globals__", None) is not module \
                or self.parsed.scope_of(node.id)[0] != "globals" or node.id not in self.callers[0]:
            return None
        return self.callers[0][node.id]

    def _write_back_outer_names(self) -> None:
        """Each declared name the function assigned: its final value written back."""
        for name, declaration in declared_outer_names(self.parsed.tree).items():
            atom = self.env.get(name)
            if atom is None or atom in self.external:
                continue                                  # only read, never assigned
            writer = effects.outer_name_writer(self.parsed.func, name)
            template = ast.Call(func=ast.Name(id=writer, ctx=ast.Load()), args=[effects.hole(0)], keywords=[])
            prim = effects.effect_primitive(template, f"{name} = ... ({writer})")
            self.body.append(Effect(prim, (self._as_atom(atom, declaration),), self.parsed.location(declaration)))
