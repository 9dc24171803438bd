"""SSA: the Wengert list a function is lowered to, and the lowering itself.

Every statement applies one primitive to atoms (SSA variables or constants) and binds a fresh
name. User names are kept where they are unique; a re-assigned name gets a numbered version
(``v``, ``v_1``, ...); temporaries are ``_t1, _t2, ...``. Names never collide with the user's
identifiers, with free names the function reads, or with names generated code relies on.
"""
from __future__ import annotations

import ast
import types
from dataclasses import dataclass, field
from typing import Any, Union

from . import rules
from .errors import NonDifferentiableError, UnknownFunctionError, UnsupportedSyntaxError
from .frontend import MISSING, ParsedFunction
from .names import NameAllocator
from .rules.registry import Primitive, Spelling


# --------------------------------------------------------------------------- IR
@dataclass(frozen=True)
class Var:
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Const:
    value: Any

    def __str__(self) -> str:
        return repr(self.value)


Atom = Union[Var, Const]


@dataclass
class Assign:
    """``target = prim(*args, **kwargs)``"""

    target: Var
    prim: Primitive
    args: tuple[Atom, ...]
    kwargs: tuple[tuple[str, Atom], ...] = ()
    location: Any = None

    def uses(self) -> list[Var]:
        return [a for a in (*self.args, *(v for _, v in self.kwargs)) if isinstance(a, Var)]

    def __str__(self) -> str:
        args = [str(a) for a in self.args] + [f"{k}={v}" for k, v in self.kwargs]
        return f"{self.target} = {self.prim.name}({', '.join(args)})"


@dataclass
class Function:
    """A lowered function: parameters, free names read at call time, body, result."""

    name: str
    params: list[Var]               # SSA names of the parameters, in order
    param_names: list[str]          # the user's parameter names
    free: dict[str, Var]            # free name -> SSA variable (a value read at call time)
    body: list[Assign]
    result: Atom
    names: NameAllocator
    parsed: ParsedFunction | None = None

    def listing(self) -> str:
        """The Wengert list, one primitive per line."""
        header = f"def {self.name}({', '.join(map(str, self.params))}):"
        lines = [header]
        if self.free:
            lines.append(f"    # free: {', '.join(f'{v}={k}' for k, v in self.free.items())}")
        lines += [f"    {stmt}" for stmt in self.body]
        lines.append(f"    return {self.result}")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- lowering
# Names generated code binds itself (module aliases and runtime helpers).
RESERVED = frozenset({"np", "math", "unbroadcast", "zeros_like_adjoint"})

_ATOM_TYPES = (bool, int, float, complex, str, type(None))


def lower(parsed: ParsedFunction) -> Function:
    return _Lowering(parsed).run()


class _Lowering:
    def __init__(self, parsed: ParsedFunction):
        self.parsed = parsed
        taken = {n.id for n in ast.walk(parsed.tree) if isinstance(n, ast.Name)}
        taken |= {a.arg for a in ast.walk(parsed.tree) if isinstance(a, ast.arg)}
        self.names = NameAllocator(taken, RESERVED)
        self.user_names = taken
        self.env: dict[str, Atom] = {}     # user name -> current SSA atom
        self.free: dict[str, Var] = {}
        self.body: list[Assign] = []

    # Entry ---------------------------------------------------------------------------------
    def run(self) -> Function:
        tree = self.parsed.tree
        self._check_signature(tree.args)
        params = []
        for arg in tree.args.args:
            var = Var(self.names.fresh(arg.arg, own=True))
            self.env[arg.arg] = var
            params.append(var)
        body = [s for s in tree.body if not _is_docstring(s)]
        result = None
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.Return):
                if i != len(body) - 1:
                    self._unsupported(body[i + 1], "code after `return`", "delete the unreachable code")
                result = self._return(stmt)
            else:
                self._statement(stmt)
        if result is None:
            self._unsupported(tree, "a function without a final `return`",
                              "end the function with `return <value>`")
        return Function(name=tree.name, params=params,
                        param_names=[a.arg for a in tree.args.args], free=self.free,
                        body=self.body, result=result, names=self.names, parsed=self.parsed)

    def _check_signature(self, args: ast.arguments) -> None:
        for kind, node in (("*args", args.vararg), ("**kwargs", args.kwarg)):
            if node is not None:
                self._unsupported(node, f"a `{kind}` parameter", "list the parameters explicitly")
        if args.kwonlyargs or args.posonlyargs:
            node = (args.kwonlyargs or args.posonlyargs)[0]
            self._unsupported(node, "keyword-only or positional-only parameters",
                              "use ordinary positional parameters")

    # Statements ----------------------------------------------------------------------------
    def _statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1:
                self._unsupported(stmt, "chained assignment `a = b = ...`", "assign one name at a time")
            self._assign(stmt.targets[0], stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._assign(stmt.target, stmt.value)
        elif isinstance(stmt, ast.AugAssign):
            if not isinstance(stmt.target, ast.Name):
                self._unsupported(stmt, "augmented assignment to an element or attribute",
                                  "assign a new name instead")
            value = ast.BinOp(left=ast.Name(id=stmt.target.id, ctx=ast.Load()), op=stmt.op,
                              right=stmt.value)
            ast.copy_location(value, stmt)
            self._assign(stmt.target, value)
        elif isinstance(stmt, ast.Pass):
            pass
        else:
            construct, hint = _UNSUPPORTED_STATEMENTS.get(
                type(stmt), (f"the `{type(stmt).__name__}` statement", "rewrite it as assignments"))
            self._unsupported(stmt, construct, hint)

    def _assign(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = self._expr(value, name=target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if any(isinstance(t, ast.Starred) for t in target.elts):
                self._unsupported(target, "starred unpacking", "unpack each element by name")
            if not isinstance(value, (ast.Tuple, ast.List)) or len(value.elts) != len(target.elts):
                self._unsupported(value, "unpacking a value that is not a tuple display of the same length",
                                  "write `a, b = expr1, expr2` or assign the elements one by one")
            # Evaluate every right-hand side before binding, as Python does (`a, b = b, a`).
            atoms = [self._expr(v) for v in value.elts]
            for t, atom in zip(target.elts, atoms):
                if not isinstance(t, ast.Name):
                    self._unsupported(t, "unpacking into an element or attribute", "unpack into names")
                self.env[t.id] = atom
        else:
            self._unsupported(target, f"assignment to {_describe(target)}",
                              "assign to a plain name; arrays are not updated in place yet")

    def _return(self, stmt: ast.Return) -> Atom:
        if stmt.value is None:
            self._unsupported(stmt, "`return` without a value", "return the value to differentiate")
        if isinstance(stmt.value, ast.Tuple):
            self._unsupported(stmt.value, "returning a tuple",
                              "return one scalar; write one function per output")
        return self._expr(stmt.value, name="out")

    # Expressions ---------------------------------------------------------------------------
    def _expr(self, node: ast.expr, name: str | None = None) -> Atom:
        """Lower ``node``; the outermost primitive binds ``name`` (a fresh temporary if None)."""
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, _ATOM_TYPES):
                self._unsupported(node, f"the constant {node.value!r}", "use a number")
            return Const(node.value)
        if isinstance(node, ast.Name):
            return self._load(node)
        if isinstance(node, ast.Attribute):
            return self._constant_or_free(node)
        if isinstance(node, ast.BinOp):
            return self._apply(node, type(node.op), [node.left, node.right], [], name)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self._expr(node.operand, name)
            return self._apply(node, type(node.op), [node.operand], [], name)
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                self._unsupported(node, "a chained comparison", "split it with `and`")
            return self._apply(node, type(node.ops[0]), [node.left, node.comparators[0]], [], name)
        if isinstance(node, ast.Call):
            return self._call(node, name)
        construct, hint = _UNSUPPORTED_EXPRESSIONS.get(
            type(node), (f"the expression `{type(node).__name__}`", "rewrite it with supported operations"))
        self._unsupported(node, construct, hint)

    def _load(self, node: ast.Name) -> Atom:
        if node.id in self.env:
            return self.env[node.id]
        return self._constant_or_free(node)

    def _constant_or_free(self, node: ast.expr) -> Atom:
        """A non-local name or attribute chain: a module constant (``np.pi``) or a free value."""
        obj = self._resolve(node)
        if isinstance(obj, _ATOM_TYPES) and not isinstance(node, ast.Name):
            return Const(obj)
        if isinstance(node, ast.Name):
            if isinstance(obj, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)):
                self._unsupported(node, f"`{node.id}` used as a value", "call it, or pass the value as an argument")
            if node.id not in self.free:
                self.free[node.id] = Var(self.names.fresh(node.id, own=True))
            return self.free[node.id]
        self._unsupported(node, f"the attribute `{ast.unparse(node)}`",
                          "pass the value as an argument or bind it to a name first")

    def _resolve(self, node: ast.expr) -> Any:
        """Statically resolve a dotted name rooted at a global, closure or builtin name."""
        if isinstance(node, ast.Name):
            if node.id in self.env:
                return MISSING
            obj = self.parsed.lookup(node.id)
            if obj is MISSING:
                raise UnsupportedSyntaxError(
                    f"name `{node.id}` is not defined", self.parsed.location(node),
                    hint="define it before calling the function, or pass it as an argument")
            return obj
        if isinstance(node, ast.Attribute):
            base = self._resolve(node.value)
            if base is MISSING:
                return MISSING
            try:
                return getattr(base, node.attr)
            except AttributeError:
                raise UnsupportedSyntaxError(
                    f"`{ast.unparse(node)}` does not exist", self.parsed.location(node),
                    hint="check the spelling") from None
        return MISSING

    def _call(self, node: ast.Call, name: str | None) -> Atom:
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            self._unsupported(node, "`*args`/`**kwargs` in a call", "pass arguments explicitly")
        callee = self._resolve(node.func)
        if callee is MISSING:
            self._unsupported(node.func, f"calling `{ast.unparse(node.func)}` (a method or local value)",
                              "call a function by its module path, e.g. `np.sum(x)`")
        prim = rules.lookup(callee)
        if prim is None:
            label = getattr(callee, "__qualname__", None) or repr(callee)
            if isinstance(callee, types.FunctionType):
                self._unsupported(node, f"a call to the Python function `{label}`",
                                  "calls into user functions are not transformed yet: inline its body")
            raise UnknownFunctionError(
                f"no derivative rule for `{ast.unparse(node.func)}` ({label})", self.parsed.location(node),
                hint="use a supported NumPy/math function (see docs/primitives.md)")
        args = list(node.args)
        if prim.arity is not None and (len(args) < prim.arity or node.keywords):
            self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} positional "
                              f"argument(s){' and keywords' if node.keywords else ''}",
                              f"call it with {prim.arity} positional argument(s)")
        if prim.arity is not None and len(args) > prim.arity:
            if callee in (max, min):  # max(a, b, c) == max(max(a, b), c)
                inner = ast.copy_location(ast.Call(func=node.func, args=args[:-1], keywords=[]), node)
                args = [inner, args[-1]]
            else:
                self._unsupported(node, f"`{ast.unparse(node.func)}` with {len(args)} arguments",
                                  f"call it with {prim.arity}")
        return self._apply(node, callee, args, [], name)

    def _apply(self, node: ast.AST, key: Any, arg_nodes, kw_nodes, name: str | None) -> Atom:
        prim = rules.lookup(key)
        if prim is None:
            construct = f"the operator `{Spelling(binop=key) if issubclass(key, ast.operator) else key.__name__}`"
            self._unsupported(node, construct, "rewrite it with supported operations")
        args = tuple(self._expr(a) for a in arg_nodes)
        kwargs = tuple((k, self._expr(v)) for k, v in kw_nodes)
        if all(isinstance(a, Const) for a in args) and not kwargs and not prim.spelling.path.startswith("np."):
            folded = _fold(prim, args)
            if folded is not MISSING:
                return Const(folded)
        target = Var(self.names.fresh(name, own=name in self.user_names) if name else self.names.temp())
        self.body.append(Assign(target, prim, args, kwargs, self.parsed.location(node)))
        return target

    def _unsupported(self, node: ast.AST, construct: str, hint: str):
        raise UnsupportedSyntaxError(f"{construct} is not supported", self.parsed.location(node), hint)


def _fold(prim: Primitive, args: tuple[Const, ...]) -> Any:
    """Evaluate a primitive on literal constants at transform time (``2 ** 0.5``)."""
    code = ast.Expression(prim.primal([ast.Constant(a.value) for a in args]))
    try:
        value = eval(compile(ast.fix_missing_locations(code), "<fold>", "eval"), {"math": __import__("math")})
    except Exception:
        return MISSING
    return value if isinstance(value, _ATOM_TYPES) else MISSING


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
        stmt.value.value, str)


def _describe(node: ast.expr) -> str:
    if isinstance(node, ast.Subscript):
        return "an element `x[...]`"
    if isinstance(node, ast.Attribute):
        return "an attribute"
    return f"`{type(node).__name__}`"


_UNSUPPORTED_STATEMENTS = {
    ast.If: ("`if` statements", "control flow is not supported yet; use np.where or max/min"),
    ast.For: ("`for` loops", "control flow is not supported yet; unroll the loop"),
    ast.While: ("`while` loops", "control flow is not supported yet; unroll the loop"),
    ast.Try: ("`try` blocks", "move error handling outside the differentiated function"),
    ast.With: ("`with` blocks", "move the context manager outside the differentiated function"),
    ast.Global: ("`global` declarations", "pass the value in and return the new value"),
    ast.Nonlocal: ("`nonlocal` declarations", "pass the value in and return the new value"),
    ast.FunctionDef: ("a nested function definition", "define the helper at module level"),
    ast.ClassDef: ("a class definition", "define the class at module level"),
    ast.Delete: ("`del`", "drop the statement; unused values are removed automatically"),
    ast.Raise: ("`raise`", "validate inputs before calling the differentiated function"),
    ast.Assert: ("`assert`", "check inputs before calling the differentiated function"),
    ast.Import: ("`import` inside the function", "import at module level"),
    ast.ImportFrom: ("`import` inside the function", "import at module level"),
    ast.Expr: ("an expression statement (its value is discarded)",
               "assign the value to a name or delete the statement; side effects such as print() are not kept"),
}

_UNSUPPORTED_EXPRESSIONS = {
    ast.IfExp: ("the conditional expression `a if c else b`", "use np.where(c, a, b)"),
    ast.Lambda: ("`lambda`", "define a function at module level"),
    ast.ListComp: ("a list comprehension", "write the computation with NumPy array operations"),
    ast.GeneratorExp: ("a generator expression", "write the computation with NumPy array operations"),
    ast.DictComp: ("a dict comprehension", "build the values one by one"),
    ast.SetComp: ("a set comprehension", "use a list or array"),
    ast.Yield: ("`yield` (generators)", "return a value instead"),
    ast.YieldFrom: ("`yield from` (generators)", "return a value instead"),
    ast.Await: ("`await`", "differentiate synchronous code"),
    ast.NamedExpr: ("the walrus operator `:=`", "assign the value in its own statement"),
    ast.BoolOp: ("`and`/`or` on values", "use comparisons in np.where, or & and | on boolean arrays"),
    ast.Subscript: ("indexing `x[...]`", "array indexing is not supported yet"),
    ast.Tuple: ("a tuple value", "bind the elements to names"),
    ast.List: ("a list value", "use np.array([...])"),
    ast.Dict: ("a dict value", "bind the values to names"),
    ast.JoinedStr: ("an f-string", "format strings outside the differentiated function"),
    ast.Starred: ("starred expressions", "pass the elements explicitly"),
}
