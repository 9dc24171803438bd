"""The SSA IR: the Wengert list a function is lowered to.

Every statement applies one primitive to atoms (SSA variables or constants) and binds a fresh
name. User names are kept where they are unique; a re-assigned name gets a numbered version
(``v``, ``v_1``, ...); temporaries are ``_t1, _t2, ...``. Control flow stays structured: ``If``
and ``Loop`` regions whose merged and loop-carried values are explicit copies.

The IR knows primitives only through their interface (``prim.primal`` prints a call), so this
package imports nothing else of transpiler's.
"""
from __future__ import annotations

import ast
import math
import numbers
from dataclasses import dataclass, field, replace
from typing import Any, Union

from .code import canonical_path, dotted, is_comment, load
from .names import NameAllocator

# --------------------------------------------------------------------------- IR
@dataclass(frozen=True)
class Var:
    name: str

    def __str__(self) -> str:
        return self.name

    # Equality and hash by the name, written out: what ``dataclass`` generates builds a tuple
    # ``(self.name,)`` at every call, and the passes hash and compare values at every statement
    # (a twentieth of a long function's compile time). The same meaning: equal only to a value of
    # the same class (a subclass, ad/adjoints.py's Component, has its own).
    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.name == other.name      # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.name)


@dataclass(frozen=True)
class Const:
    value: Any

    def __str__(self) -> str:
        return repr(self.value)

    def key(self) -> tuple:
        """What tells this constant from another where two computations are compared (hashable
        where the value is): its type, since 1 == 1.0 == True (``x / 2`` is not ``x / 2.0`` in
        float32), and a number's printed value, since 0.0 == -0.0 (``x * -0.0`` is -0.0 where
        ``x * 0.0`` is 0.0, and ``np.copysign`` and ``np.arctan2`` read the sign)."""
        number = isinstance(self.value, numbers.Complex) and not isinstance(self.value, numbers.Integral)
        return (type(self.value), self, repr(self.value) if number else None)


Atom = Union[Var, Const]


@dataclass(frozen=True)
class Unbound:
    """The value of ``Const(Unbound("y"))``: what a name holds before its first assignment, where
    that assignment is in a loop that may run zero times or on one path of a branch. Printed as
    ``unbound('y')`` (a runtime helper, primitives/unbound.py: the error Python raises on reading
    the name); every read of such a value is checked (frontend/unbound_reads.py)."""

    name: str

    def __repr__(self) -> str:
        return f"unbound({self.name!r})"


@dataclass
class Assign:
    """``target = prim(*args, **kwargs)``"""

    target: Var
    prim: Any
    args: tuple[Atom, ...]
    kwargs: tuple[tuple[str, Atom], ...] = ()
    location: Any = None
    rebinds: bool = False   # see Copy.rebinds

    def uses(self) -> list[Var]:
        found = [a for a in self.args if isinstance(a, Var)]
        if self.kwargs:         # (most statements have none: every pass asks this of every statement)
            found += [v for _, v in self.kwargs if isinstance(v, Var)]
        return found

    def __str__(self) -> str:
        expr = self.prim.primal([to_expr(a) for a in self.args], [(k, to_expr(v)) for k, v in self.kwargs])
        return f"{self.target} = {ast.unparse(expr)}"


@dataclass
class Copy:
    """``target = source``: how a value leaves a branch or a loop iteration (a phi, resolved)."""

    target: Var
    source: Atom
    location: Any = None
    carry: bool = False     # the end-of-iteration update of a loop-carried value
    # binds a name bound before (reverse mode's adjoints accumulate, ``d_x = d_x + g``; a reverse
    # loop pops a value back under its name): the IR's one exception to single assignment, marked
    # on each statement so the verifier and a reader see it (ad/reverse_ir.py)
    rebinds: bool = False

    def uses(self) -> list[Var]:
        return [self.source] if isinstance(self.source, Var) else []

    def __str__(self) -> str:
        return f"{self.target} = {self.source}"


@dataclass
class If:
    """Structured branch; a value assigned in a branch and read after it is copied into the same
    merge variable at the end of both branches."""

    test: Atom
    body: list
    orelse: list
    location: Any = None

    def uses(self) -> list[Var]:
        return [self.test] if isinstance(self.test, Var) else []

    def blocks(self) -> list[list]:
        return [self.body, self.orelse]


@dataclass
class Loop:
    """Structured loop. ``for`` loops count over ``range(*range_args)`` (other iterables are
    lowered to indexing); ``while`` loops evaluate ``cond_body`` then test ``cond`` before each
    iteration. ``carried`` values are updated by copies at the end of ``body``; ``exit_flag``
    (from a ``break``) ends the loop after the iteration that set it."""

    kind: str
    target: Var | None
    range_args: tuple
    cond_body: list
    cond: Atom | None
    carried: list
    body: list
    exit_flag: Atom | None = None
    location: Any = None
    # reverse mode's loops (ad/reverse_ir.py): ``backwards`` runs the ``for`` loop's iterations
    # in reverse order, only the first ``count`` of its range's values where ``count`` is given
    # (a loop the forward sweep left early), spelled ``range(stop - 1, start - 1, -1)`` where
    # ``countdown`` (numba compiles that, not ``reversed``); ``rebinds``: its counter is a name
    # bound before (the forward loop's, see Copy.rebinds)
    backwards: bool = False
    count: Atom | None = None
    countdown: bool = False
    first: Atom | None = None     # the range's values from index ``first`` (to ``count``): a segment
    #                               of a checkpointed loop, ``range(...)[first:count]`` (ad/checkpoints.py)
    rebinds: bool = False
    test_inline: bool = False     # a while loop printed `while <test>:` (its cond_body's one statement or
    #                               its cond in the head), not `while True:` testing at the top

    def uses(self) -> list[Var]:
        atoms = [*self.range_args, self.cond, self.exit_flag, self.first, self.count]
        return [a for a in atoms if isinstance(a, Var)]

    def blocks(self) -> list[list]:
        return [self.cond_body, self.body]


@dataclass
class Effect:
    """A statement run for its effect on a list (``stack.append(v)``, the tapes of generated
    code) or outside the function (``observable``: ``print(x)``)."""

    prim: Any
    args: tuple
    location: Any = None

    def uses(self) -> list[Var]:
        return [a for a in self.args if isinstance(a, Var)]

    @property
    def observable(self) -> bool:
        """Seen outside the function (``print(x)``, ``assert``, a context manager entered): always
        run, in the forward sweep only, once; not an append onto a list (which is needed only
        where the list is)."""
        return getattr(self.prim, "effect", False)

    @property
    def raises(self) -> bool:
        """A ``raise``: nothing after it in its block runs."""
        return getattr(self.prim, "raises", False)

    def __str__(self) -> str:
        # (a statement a transform wrote is unparsed as a statement: it needs line numbers)
        printed = self.prim.primal([to_expr(a) for a in self.args])
        if isinstance(printed, ast.stmt) and is_comment(printed):
            return f"# {printed.value.args[0].value}"
        return ast.unparse(ast.fix_missing_locations(printed))


def always_raises(stmts: list) -> bool:
    """A block that ends in a ``raise`` on every path through it: no value it binds is read after it."""
    last = stmts[-1] if stmts else None
    if isinstance(last, If):
        return always_raises(last.body) and always_raises(last.orelse)
    return isinstance(last, Effect) and last.raises


def to_expr(atom) -> ast.expr:
    """An SSA atom as an expression: a variable's name or a literal."""
    if isinstance(atom, Const):
        value = atom.value
        if isinstance(value, Unbound):
            return ast.Call(func=load("unbound"), args=[ast.Constant(value.name)], keywords=[])
        if isinstance(value, type):        # a dtype: float, np.float64
            return dotted(canonical_path(value))
        if isinstance(value, float) and not math.isfinite(value):
            return ast.Call(func=load("float"), args=[ast.Constant(repr(value))], keywords=[])
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-value))
        if isinstance(value, tuple):       # a folded shape
            return ast.Tuple(elts=[to_expr(Const(v)) for v in value], ctx=ast.Load())
        if isinstance(value, frozenset):   # {'a', 'b'}: its items in one order, whatever the hashes
            items = sorted(value, key=lambda v: (type(v).__name__, repr(v)))
            return ast.Call(func=load("frozenset"), args=[ast.Set(elts=[to_expr(Const(v)) for v in items])],
                            keywords=[])
        return ast.Constant(value)
    return load(atom.name)


def walk(stmts: list):
    """Every statement in program order, nested ones included (a branch's or loop's blocks are
    read when the walk reaches them). A stack of iterators, not a generator per block: the
    analyses walk every function several times."""
    stack = [iter(stmts)]
    while stack:
        for stmt in stack[-1]:
            yield stmt
            blocks = getattr(stmt, "blocks", None)
            if blocks is not None:
                stack.append(_statements_of(blocks()))
                break
        else:
            stack.pop()


def walk_run(stmts: list):
    """As :func:`walk`, but through a branch on a constant test (``if False:`` around a helper's
    path after a return known while lowering) only into the block it takes."""
    for stmt in walk(_taken(stmts)):
        yield stmt


def _taken(stmts: list) -> list:
    """``stmts`` with each branch on a constant test (at any depth) replaced by the block it takes."""
    out = []
    for stmt in stmts:
        test = getattr(stmt, "test", None) if isinstance(stmt, If) else None
        if isinstance(test, Const) and type(test.value) is bool:
            out += _taken(stmt.body if test.value else stmt.orelse)
        elif getattr(stmt, "blocks", None) is not None and not isinstance(stmt, If):
            out.append(stmt)        # (a loop: walked whole)
        elif isinstance(stmt, If):
            out.append(If(stmt.test, _taken(stmt.body), _taken(stmt.orelse), stmt.location))
        else:
            out.append(stmt)
    return out


def with_blocks_rebuilt(stmts: list, each=lambda stmt: stmt) -> list:
    """``stmts`` with every branch's and loop's blocks new lists, at any depth, and each statement
    replaced by ``each(stmt)`` (the statement itself by default: a copy of the structure whose
    simple statements are shared, safe to rewrite block by block)."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, If):
            stmt = replace(stmt, body=with_blocks_rebuilt(stmt.body, each),
                           orelse=with_blocks_rebuilt(stmt.orelse, each))
        elif isinstance(stmt, Loop):
            stmt = replace(stmt, cond_body=with_blocks_rebuilt(stmt.cond_body, each),
                           body=with_blocks_rebuilt(stmt.body, each))
        out.append(each(stmt))
    return out


def _statements_of(blocks: list[list]):
    for block in blocks:
        yield from block


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
    parsed: Any = None                # frontend.source.ParsedFunction
    readers: dict = field(default_factory=dict)   # free variable -> (ParsedFunction, name)
    specialized: dict = field(default_factory=dict, repr=False, compare=False)   # shapes -> Function
    dependencies: Any = field(default=None, repr=False, compare=False)   # still valid?
    # what analyses found of this very function (ir/memo.py); never copied by ``replace``
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # temporaries a transform split out of one expression of its own: printed folded back into
    # their reader (backends/python_code.py), so the code reads as the rule wrote it
    folded: frozenset = field(default=frozenset(), repr=False, compare=False)
    # reverse mode's values kept on tapes rather than computed again (ad/reverse.py: store versus
    # recompute): a tape's name -> the statement whose value ``v = tape.pop()`` restores, as its
    # operands' names hold at the pop (a pop stands where the reverse loop would compute it)
    restored: dict = field(default_factory=dict, repr=False, compare=False)
    defaults: list = field(default_factory=list)   # Consts: defaults of the last parameters
    # the function writes into memory a parameter's array may be (``a[0] = v``, ``a += v``, in a helper
    # given it too): two arguments sharing memory would then see each other's writes in Python
    writes_parameters: bool = False
    # where a loop ``for k in d`` over a value of a kind known only from the call writes ``d[k]``
    # (the key just read): fine for a dict, refused once the call tells ``d`` is a list or tuple
    # (opt/sequences.py), as writing into a list being iterated over is
    keys_written: frozenset = frozenset()

    def listing(self) -> str:
        """The Wengert list, one primitive per line, control flow kept structured."""
        lines = [f"def {self.name}({', '.join(map(str, self.params))}):"]
        if self.free:
            lines.append(f"    # free names read at call time: {', '.join(v.name for v in self.free.values())}")
        _list_block(self.body, 1, lines)
        lines.append(f"    return {self.result}")
        return "\n".join(lines) + "\n"


def _list_block(stmts: list, depth: int, lines: list[str]) -> None:
    pad = "    " * depth
    for stmt in stmts:
        if isinstance(stmt, If):
            lines.append(f"{pad}if {stmt.test}:")
            _list_block(stmt.body or [], depth + 1, lines) if stmt.body else lines.append(f"{pad}    pass")
            if stmt.orelse:
                lines.append(f"{pad}else:")
                _list_block(stmt.orelse, depth + 1, lines)
        elif isinstance(stmt, Loop):
            if stmt.kind == "for":
                iterations = f"range({', '.join(map(str, stmt.range_args))})"
                if stmt.first is not None or stmt.count is not None:
                    iterations += f"[{'' if stmt.first is None else stmt.first}:{'' if stmt.count is None else stmt.count}]"
                if stmt.backwards:
                    iterations = f"reversed({iterations})"
                lines.append(f"{pad}for {stmt.target} in {iterations}:")
            else:
                lines.append(f"{pad}while True:")
                _list_block(stmt.cond_body, depth + 1, lines)
                lines.append(f"{pad}    if not {stmt.cond}: break")
            _list_block(stmt.body, depth + 1, lines)
            if stmt.exit_flag is not None:
                lines.append(f"{pad}    if {stmt.exit_flag}: break")
        else:
            lines.append(f"{pad}{stmt}")


