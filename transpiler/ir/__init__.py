"""The SSA IR, its printer, def-use, a verifier, and the Python-AST helpers every later stage shares."""
from .nodes import Assign, Atom, Const, Copy, Effect, Function, If, Loop, Unbound, Var, always_raises, to_expr, walk  # noqa: F401
from .defuse import RETURN, DefUse, def_use, defines  # noqa: F401
from .verifier import IRError, checked, verify  # noqa: F401
