"""The SSA IR, its printer and the Python-AST helpers every later stage shares."""
from .nodes import Assign, Atom, Const, Copy, Effect, Function, If, Loop, Var, to_expr, walk  # noqa: F401
