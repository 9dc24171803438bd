"""Free constants where the compiler needs a static value: ``np.pad(x, 1, mode=MODE)`` with
``MODE = "reflect"`` a global or a closure's cell, ``np.split(x, N)``, ``np.quantile(x, q,
method=METHOD)``.

A global or closure value is otherwise read afresh on every call (an SSA variable of the
generated code). Where a rule decides its derivative from an argument's value (the padding mode,
how many pieces a split makes) or a composition takes a branch on it (quantile's method), an
immutable value (a string, an integer, a bool, None, a tuple of them) is folded
into the code as the constant it is now, as a literal written there would be, and the derivative
records it (frontend/dependencies.py): when the name is rebound to another value the next call
compiles again, so the code never runs with a value it was not made for. Floats and arrays are
never folded (a learning rate updated between calls must not recompile); a dtype needs no
folding (``dtype=DTYPE`` is read at call time)."""
from __future__ import annotations

import ast

from ..ir import Atom, Const, Var
from .source import DEFAULT_OF


def foldable(value) -> bool:
    """A value that can stand in the code as a constant, and that nothing can change in place."""
    if value is None or type(value) in (str, int, bool):
        return True
    return type(value) is tuple and all(foldable(v) for v in value)


class StaticValueLowering:
    """Folding free constants; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    def _static(self, atom: Atom) -> Atom:
        """``atom`` as a constant where it is the value of a global or closure name that can be
        folded (see the module's docstring), else ``atom`` itself."""
        if not isinstance(atom, Var) or atom not in self.external or atom.name not in self.readers:
            return atom
        parsed, path = self.readers[atom.name]
        if path.startswith(DEFAULT_OF) or self.free.get((None, path)) is atom:
            return atom           # a helper's array default; a free value of generated code (its parameter)
        value = parsed.lookup(path)
        if not foldable(value):
            return atom
        self.dependencies.folded(parsed, path, value)
        self.folded.add(atom)
        return Const(value)

    def _unused_folded(self, used: set) -> None:
        """Drop the free names every read of which was folded: the code does not read them."""
        for key, var in list(self.free.items()):
            if var in self.folded and var not in used:
                del self.free[key]
                del self.readers[var.name]

    def _static_compared(self, prim, args: tuple) -> tuple:
        """``self.loss == "squared_error"`` with ``loss`` a global's or closure's string: both
        sides constants (so the comparison folds, and a branch on it is decided while compiling,
        as ``ACTIVATIONS[self.out_activation_]`` after it needs), where one side is a string
        constant; other arguments as they are."""
        if getattr(prim.spelling, "compare", None) in (ast.Eq, ast.NotEq) and len(args) == 2 \
                and any(isinstance(a, Const) and type(a.value) is str for a in args):
            return tuple(self._static(a) for a in args)
        return args
