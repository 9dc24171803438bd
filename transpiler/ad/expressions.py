"""A transform's expression (a rule's tangent ``np.cos(a) * t_a``, a zero of a value's shape, a
primal call spelled for known shapes) lowered into IR statements of registered primitives: one
``Assign`` per operator, NumPy function, runtime helper, subscript and display, reading the
values of the ones inside it, so the transform's output is IR a transform can take again.

Each part is lowered only where the statements print back as exactly the expression written:
the temporaries made here are listed in the function's ``folded`` and printed folded back into
their one reader (backends/python_code.py), so the generated code reads as the rule wrote it.
What has no primitive, or would print otherwise, stays a ``written`` statement
(primitives/written.py) of that part alone. Both modes lower their expressions here: forward
mode's tangents (ad/forward.py) and reverse mode's expressions, as its builder makes them
(ad/built.py: lowered: the adjoints, a primal call spelled for known shapes). An array's method
or attribute that a primitive computes is that primitive spelled as written (``x.sum(axis=0)``:
np.sum, ``np.mean``'s ``x.mean()``, ``W.T``: np.transpose), as code specialised to shapes and the
rules' sums write them. Measured on the real-world programs' grad, value_and_grad and jvp checks
and 80 fuzz programs: of the reverse IRs' 43,399 statements, 410 parts are written (1,297 before
methods and ``.T`` were lowered: 576 ``.sum``, 86 ``.mean``, 60 ``.max``, 31 ``.cumprod``, 131
``.T``...). Those parts are:

* calls of runtime helpers that have no primitive (``unit_seed``, ``extremum_adjoint``,
  ``lstsq_adjoint``, ``cholesky_tangent``), of a recursive callee's tangent code, of ``record``;
* a method of a value that no primitive is (a random generator's draw ``rng.normal(...)``); a
  value's method is lowered for one: ``stack.pop()`` of a tape, the stack primitive;
* an attribute that no primitive is (a record's field ``t_params.weight``, ``np.pi``);
* a call whose primitive prints otherwise (``np.abs``: a primitive shared by several
  spellings prints one of them);
* a negative number written as one constant (``-1``: the IR prints it as ``-(1)``'s tree) or a
  tuple of numbers (a shape, ``(12, 1, 2)``: the IR prints a tuple display).
A conditional expression, ``and``/``or``, a chained comparison, a lambda or comprehension stays
written too (folding back their parts would change what runs when), as would a starred argument.
"""
from __future__ import annotations

import ast
import builtins
import copy
import math
import sys
import types
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..ir.code import copy_tree, dotted, name_nodes
from ..ir.names import NameAllocator
from ..ir.nodes import Assign, Const, Copy, Effect, Var, to_expr
from ..primitives import casts, fields, indexing
from ..primitives import registry as rules
from ..primitives.model import Primitive, Spelling
from ..primitives.runtime import HELPERS
from ..primitives.written import written

_ROOTS = {"np": np, "math": math}        # the module names generated code binds (lowering.RESERVED)
_CONDITIONAL = (ast.IfExp, ast.BoolOp, ast.Lambda, ast.ListComp, ast.SetComp, ast.GeneratorExp,
                ast.DictComp, ast.Starred, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)


class ExpressionLowering:
    """Lowers expressions of one transform; ``folded`` collects the temporaries it made."""

    def __init__(self, names: NameAllocator, is_variable: Callable[[str], bool],
                 temporary: Callable[[], str] | None = None, written_part: Callable = written):
        self.names = names
        self.is_variable = is_variable
        self._temporary = temporary or names.temp      # a name for each part split out
        self._written = written_part                   # (primitives/written.py: written or written_in_place)
        self.folded: set[str] = set()
        self._stmts: list = []
        self._printed: dict[Var, ast.expr] = {}     # a temporary -> the expression it prints as
        # id of a part's printed expression -> the part, checked alike: not compared again as a
        # part of the expressions around it (the printed ones are kept alive in _printed)
        self._checked: dict[int, ast.expr] = {}

    def assign(self, target: str, expr: ast.expr, location=None) -> list:
        """Statements binding ``target`` to the value of ``expr``, the last one binding it."""
        self._stmts = []
        atom = self._value(expr, target)
        if atom != Var(target):
            self._stmts.append(Copy(Var(target), atom))
        stmts, self._stmts = self._stmts, []
        for stmt in stmts:
            stmt.location = location
        return stmts

    def part(self, expr: ast.expr) -> list:
        """Statements computing ``expr`` into a temporary of its own, the last one binding it,
        printed folded into its one reader (an ``if``'s or a loop's head)."""
        target = self._temporary()
        self.folded.add(target)
        return self.assign(target, expr)

    def effect(self, prim, exprs: list[ast.expr], location=None) -> list:
        """Statements computing ``exprs``, then the effect ``prim`` of their values (a tangent
        stack's append or pop), printed as ``prim``'s call with ``exprs`` as written."""
        self._stmts = []
        atoms = tuple(self._value(e) for e in exprs)
        stmts, self._stmts = [*self._stmts, Effect(prim, atoms)], []
        for stmt in stmts:
            stmt.location = location
        return stmts

    # One part -------------------------------------------------------------------------------
    def _value(self, node: ast.expr, target: str | None = None):
        """The atom holding ``node``'s value (bound to ``target`` where given and not an atom
        already), its statements appended: as primitives where they print as ``node``."""
        if isinstance(node, ast.Name) and self.is_variable(node.id):
            return Var(node.id)
        if (constant := _literal(node)) is not None:
            return constant
        mark = len(self._stmts)
        made = self._primitive(node)
        if made is not None:
            if _spelled_as_written(made[0], node):
                return self._bind(target, *made, node)     # (prints as ``node``: nothing to compare)
            printed = self._print(*made)
            if _same(printed, node, self._checked):
                if target is None:      # (kept in _printed: its id stays its own)
                    self._checked[id(printed)] = node
                return self._bind(target, *made, printed)
        del self._stmts[mark:]          # (their temporaries' names stay taken: never printed)
        prim, reads = self._written(node, self.is_variable)
        return self._bind(target, prim, tuple(map(Var, reads)), (), node)

    def _bind(self, target, prim, args, kwargs, printed: ast.expr) -> Var:
        if target is None:
            target = self._temporary()
            self.folded.add(target)
            self._printed[Var(target)] = printed
        self._stmts.append(Assign(Var(target), prim, tuple(args), tuple(kwargs)))
        return Var(target)

    def _print(self, prim, args, kwargs) -> ast.expr:
        return prim.primal([self._expr(a) for a in args], [(k, self._expr(v)) for k, v in kwargs])

    def _expr(self, atom) -> ast.expr:
        return self._printed.get(atom) or to_expr(atom)

    # Parts with a primitive -------------------------------------------------------------------
    def _primitive(self, node: ast.expr):
        """(primitive, argument atoms, keyword atoms) computing ``node``, or None."""
        if isinstance(node, _CONDITIONAL):
            return None
        if isinstance(node, ast.BinOp):
            return self._operator(type(node.op), [node.left, node.right])
        if isinstance(node, ast.UnaryOp):
            return self._operator(type(node.op), [node.operand])
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return self._operator(type(node.ops[0]), [node.left, node.comparators[0]])
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Attribute) and node.attr in _ATTRIBUTES:
            return self._attribute(node)
        if isinstance(node, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in node.elts):
            display = indexing.TUPLE if isinstance(node, ast.Tuple) else indexing.LIST
            return display, [self._value(e) for e in node.elts], []
        return None

    def _operator(self, key: type, operands: list):
        prim = rules.lookup(key)
        return None if prim is None else (prim, [self._value(o) for o in operands], [])

    def _call(self, node: ast.Call):
        root = node.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(node.func, ast.Attribute) and not (isinstance(root, ast.Name) and not self.is_variable(root.id)):
            # a value's method (``stack.pop()``, ``(g * y).sum(axis=0)``), not a module's function
            return self._stack_pop(node) or self._method(node)
        callee = _callee(node.func)
        prim = rules.lookup(callee) if callee is not None else None
        if prim is None and callee is not None and rules.composition(callee) is not None:
            prim = _spelled_primitive(node)    # scipy.special.zeta(s, q): the primitive spelled so
        if prim is None or any(isinstance(a, ast.Starred) for a in node.args) \
                or any(k.arg is None for k in node.keywords):
            return None
        args = [self._value(a) for a in node.args]
        return prim, args, [(k.arg, self._value(k.value)) for k in node.keywords]

    def _method(self, node: ast.Call):
        """``x.sum(axis=0)``: the primitive whose array method it is (np.sum's), spelled as the
        method (code specialised to shapes, a rule's sum of an array: primitives/model.py)."""
        if node.func.attr == "astype" and len(node.args) == 1 and not node.keywords:
            return self._cast(node)
        prim = _method_primitive(node.func.attr)
        if prim is None or any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return None
        args = [self._value(node.func.value), *(self._value(a) for a in node.args)]
        return prim, args, [(k.arg, self._value(k.value)) for k in node.keywords]

    def _cast(self, node: ast.Call):
        """``t.astype(np.float64)`` (a cast's tangent, written by forward mode's first pass): the
        cast primitive for that dtype (casts.py), so forward over forward mode goes through it."""
        dtype = node.args[0].value if isinstance(node.args[0], ast.Constant) else _callee(node.args[0])
        key = casts.cast_for(dtype) if dtype is not None else None
        return None if key is None else (rules.lookup(key), [self._value(node.func.value), Const(dtype)], [])

    def _attribute(self, node: ast.Attribute):
        """``x.T``: the primitive the array attribute computes (np.transpose), spelled as it."""
        root = node.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and not self.is_variable(root.id):
            return None          # (a module's attribute, ``np.pi``)
        prim = rules.lookup(_ATTRIBUTES[node.attr])
        if prim is None:
            return None
        return _spelled(prim, node.attr, _AttributeSpelling), [self._value(node.value)], []

    def _stack_pop(self, node: ast.Call):
        """``stack.pop()`` of a variable (a tape of reverse mode's code): the stack primitive."""
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "pop" and not node.args
                and not node.keywords and isinstance(node.func.value, ast.Name)):
            return None
        return indexing.POP, [self._value(node.func.value)], []

    def _subscript(self, node: ast.Subscript):
        """``x[pattern]``: the index's parts that read variables are the pattern's holes."""
        value = self._value(node.value)
        holes: list = []

        def pattern(part: ast.expr) -> ast.expr:
            if isinstance(part, (ast.Tuple, ast.Slice)):
                for field, child in ast.iter_fields(part):
                    if isinstance(child, ast.expr):
                        setattr(part, field, pattern(child))
                    elif isinstance(child, list):
                        setattr(part, field, [pattern(c) for c in child])
                return part
            if not any(self.is_variable(n.id) for n in name_nodes(part)):
                return part
            holes.append(self._value(part))
            return indexing.hole(len(holes) - 1)

        index = pattern(copy_tree(node.slice))      # (a field copy: copy.deepcopy costs several times more)
        return indexing.subscript_primitive(index), [value, *holes], []


@dataclass(frozen=True)
class _MethodSpelling(Spelling):
    """A primitive spelled as the array method computing the same: ``x.sum(axis=0)``. Its
    ``path`` stays the function's (``np.sum``: what passes and rewrites recognise it by)."""

    name: str = ""

    def build(self, args, kwargs=()):
        method = ast.Attribute(value=args[0], attr=self.name, ctx=ast.Load())
        return ast.Call(func=method, args=list(args[1:]), keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs])


@dataclass(frozen=True)
class _AttributeSpelling(Spelling):
    """A primitive spelled as the array attribute computing the same: ``x.T`` (``path``:
    ``np.transpose``)."""

    name: str = ""

    def build(self, args, kwargs=()):
        return ast.Attribute(value=args[0], attr=self.name, ctx=ast.Load())


# an array's attributes that are a primitive's value (``y.dtype``: a constructor's tangent casts
# to it, and carries no derivative: forward over forward mode goes through it)
_ATTRIBUTES = {"T": np.transpose, "dtype": fields.dtype_of}
_SPELLED: dict[tuple, Primitive] = {}
_RESPELLED: dict[int, Primitive] = {}    # id of a primitive spelled as a method or attribute -> the primitive


def _method_primitive(name: str) -> Primitive | None:
    """NumPy's function ``name`` (np.sum for ``sum``) where ``name`` is its array method
    (``Primitive.method``), spelled as the method."""
    prim = rules.lookup(getattr(np, name, None))
    if prim is None or prim.method != name:
        return None
    return _spelled(prim, name, _MethodSpelling)


def _spelled(prim: Primitive, name: str, spelling: type) -> Primitive:
    """``prim`` (its rules, its shape rule: the same computation) spelled as the array's method
    or attribute ``name``: what the code specialised to shapes or a rule wrote."""
    key = (name, spelling, id(prim))          # (a rule registered again is a new primitive)
    if key not in _SPELLED:
        spelled = copy.copy(prim)
        spelled.spelling = spelling(path=prim.spelling.path, name=name)
        _SPELLED[key] = spelled
        _RESPELLED[id(spelled)] = prim
    return _SPELLED[key]


def computation(prim: Primitive) -> Primitive:
    """The primitive ``prim`` computes: itself, or the one it spells as a method or attribute
    (``x.mean(axis=0)`` computes ``np.mean(x, axis=0)``: one value, for common_subexpressions)."""
    return _RESPELLED.get(id(prim), prim)


def _callee(func: ast.expr):
    """The object a generated call names (not a variable of it): a runtime helper, a builtin,
    or an attribute of NumPy."""
    if isinstance(func, ast.Name):
        return HELPERS.get(func.id) or getattr(builtins, func.id, None)
    path = []
    while isinstance(func, ast.Attribute):
        path.append(func.attr)
        func = func.value
    found = _root(func.id) if isinstance(func, ast.Name) else None
    if found is None:
        return None
    for attr in reversed(path):
        found = getattr(found, attr, None)
    return None if isinstance(found, types.ModuleType) else found


def _spelled_primitive(node: ast.Call) -> Primitive | None:
    """The primitive a generated call of a library function written as a composition stands for,
    where one is spelled as that call with as many positional arguments: ``scipy.special.zeta(s +
    1, q)`` in a rule's partial is the Hurwitz zeta primitive the composition makes of it."""
    prim = rules.spelled(ast.unparse(node.func))
    if prim is None or node.keywords or prim.arity != len(node.args):
        return None
    return prim


def _root(name: str):
    """The module a generated call's root name binds: NumPy, math, or SciPy where it is imported
    (a SciPy rule's derivative, ``scipy.special.digamma(x)``, is registered only then)."""
    return sys.modules.get("scipy") if name == "scipy" else _ROOTS.get(name)


def _spelled_as_written(prim: Primitive, node: ast.expr) -> bool:
    """Does ``prim``'s call print as ``node`` whatever its arguments, given that each argument
    prints as the part of ``node`` it was lowered from (what :meth:`ExpressionLowering._value`
    returns)? So for an operator, a comparison, a display and a call of a dotted path spelled
    plainly (:meth:`Spelling.build`, no primitive of its own printing): its head is ``node``'s.
    Other spellings (a method, a subscript's pattern, a specialised printing) are printed and
    compared."""
    if type(prim).primal is not _PLAIN_PRIMAL:
        return False
    spelling = prim.spelling
    if type(spelling) is not Spelling or spelling.subscript is not None:
        return False
    kind = type(node)
    if kind is ast.BinOp:
        return spelling.display is None and spelling.binop is type(node.op)
    if spelling.display is not None:
        return spelling.display is kind
    if spelling.binop is not None:
        return False
    if kind is ast.UnaryOp:
        return spelling.unaryop is type(node.op)
    if spelling.unaryop is not None:
        return False
    if kind is ast.Compare:
        return spelling.compare is type(node.ops[0])
    return kind is ast.Call and spelling.compare is None and spelling.path == _dotted_path(node.func)


_PLAIN_PRIMAL = Primitive.primal


def lowered_as_itself(stmt) -> bool:
    """Would lowering the expression ``stmt`` prints as (its operands' parts folded in) make
    ``stmt`` again: the same primitive, one statement, its operands' atoms? So where its
    primitive is an operator or a dotted path's call spelled plainly, the one the lowering looks
    up for that spelling, and each constant operand prints as itself (``-1`` is lowered as a
    negation, a tuple of numbers as one constant, a subscript's constant index into its
    pattern: not so)."""
    prim = stmt.prim
    if type(prim).primal is not _PLAIN_PRIMAL:
        return False
    spelling = prim.spelling
    if type(spelling) is not Spelling or spelling.subscript is not None or spelling.display is not None:
        return False
    atoms = (*stmt.args, *(v for _, v in stmt.kwargs))
    if not all(isinstance(a, Var) or isinstance(a, Const) and _prints_as_itself(a.value) for a in atoms):
        return False
    key = spelling.binop or spelling.unaryop or spelling.compare or _callee(dotted(spelling.path))
    return key is not None and rules.lookup(key) is prim


def _dotted_path(node: ast.expr) -> str | None:
    """``np.linalg.solve`` for the expression ``np.linalg.solve`` (None: not names and attributes)."""
    path = []
    while type(node) is ast.Attribute:
        path.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    path.append(node.id)
    return ".".join(reversed(path))


def _literal(node: ast.expr) -> Const | None:
    """A literal that prints back as written (a number, a string, ``None``, a tuple of them)."""
    if not isinstance(node, (ast.Constant, ast.Tuple)):
        return None
    if type(node) is ast.Constant and getattr(node, "kind", None) is None and _prints_as_itself(node.value):
        return Const(node.value)        # (the common case, decided without printing it)
    try:
        constant = Const(node.value if type(node) is ast.Constant else ast.literal_eval(node))   # (what it returns)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return constant if _same(to_expr(constant), node) else None


def _prints_as_itself(value) -> bool:
    """Does ``Const(value)`` print as ``ast.Constant(value)`` (what :func:`to_expr` does for a
    string, a bool, None, and a number that is neither negative nor infinite nor NaN)?"""
    kind = type(value)
    return (kind is str or kind is bool or value is None or kind is int and value >= 0
            or kind is float and 0.0 <= value < math.inf)


def _same(printed: ast.expr, written_: ast.expr, checked: dict[int, ast.expr] | None = None) -> bool:
    """Do the two expressions print alike (the same tree, whatever their contexts)? A walk over
    both at once (``ast.dump`` of each costs several times more: this runs for every part),
    skipping the printed parts ``checked`` already matched with the same written ones."""
    checked = checked or {}
    stack = [(printed, written_)]
    while stack:
        a, b = stack.pop()
        if a is b or checked.get(id(a)) is b:
            continue
        cls = type(a)
        if cls is not type(b):
            return False
        if cls is ast.Name:                         # (the most common part: a variable)
            if a.id != b.id:
                return False
        elif isinstance(a, ast.AST):
            for field_name in _FIELDS.get(cls) or _fields(cls):
                stack.append((getattr(a, field_name, None), getattr(b, field_name, None)))
        elif isinstance(a, list):
            if len(a) != len(b):
                return False
            stack.extend(zip(a, b))
        elif a != b and repr(a) != repr(b):      # (repr: a NaN is written as itself)
            return False
    return True


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    """The fields of an AST class that show in its printed form (not its context)."""
    _FIELDS[cls] = tuple(f for f in cls._fields if f != "ctx")
    return _FIELDS[cls]
