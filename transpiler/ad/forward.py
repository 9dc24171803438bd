"""Forward mode: SSA function -> SSA function computing the primal and its tangent together.

Each active statement is followed by its tangent statement, ``t_v = Σ ∂v/∂arg * t_arg`` from the
same rule registry as reverse mode. Control flow needs nothing special: a branch computes the
tangents of the values it merges, a loop carries tangents alongside its carried values, so the
loop's iterations are never stored. One pass gives one Jacobian column (a directional derivative).

The result is an ``ir.Function`` (backends/python_code.py prints it, driver/pipeline.py runs the
passes on the printed code): primal statements are the function's own, or for code specialised
to shapes the primal call spelled for them; each tangent, the expression its rule writes, is
lowered into statements of registered primitives (ad/expressions.py, which lists the parts that
stay ``written``), printed folded back into that expression. So the output is IR of primitives
with rules, and ``forward`` applies to it again (a second directional derivative).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from ..frontend import source as frontend
from ..analysis.complex_values import analyse_with_complex
from ..analysis.facts import Analysis
from ..analysis.number_items import with_number_items
from ..ir import checked, to_expr
from ..ir.code import load
from ..errors import NonDifferentiableError
from ..ir.names import NameAllocator
from ..primitives.fields import is_record
from ..primitives.indexing import POP, subscript_primitive
from ..primitives.registry import CallSite
from ..primitives.written import WrittenPrimitive, written
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Unbound, Var, walk
from .expressions import ExpressionLowering
from .syntax import call_to, log_softmax_derivative, no_derivative, no_keyword_derivative, operands, softmax_derivative


@dataclass
class TangentSpec:
    """Which parameters carry a tangent, and the argument shapes to specialise on."""

    wrt: tuple[int, ...]
    arg_shapes: tuple = ()
    arg_kinds: tuple = ()        # per parameter: dtype kind ("f", "i", "b"...) or None
    free: tuple = ()             # (name, shape, kind) of free names read, as GradientSpec.free
    specialize: bool = False     # the code a call runs: shapes folded to constants, plain
    #                              expressions for ufuncs on numbers
    recursive: bool = False      # the code a recursive function's calls use (primitives/recursive.py):
    #                              for any shapes; its own recursive calls call it directly
    rewrites_off: frozenset = frozenset()   # names of the rewrites switched off (transpiler.rewrites)
    backend: str = "numpy"       # the backends/ module that compiles it (one with forward_mode)
    arg_classes: tuple = ()      # (parameter index, class) of arguments whose methods are inlined
    order: int = 1               # 2: forward over forward mode, second directional derivatives; 3: third
    strong_zeros: bool = False   # a zero tangent times an elementwise partial is 0 (GradientSpec's)
    containers: tuple = ()       # (position, structure, element shapes, kinds) of list, dict or record
    #                              arguments without a tangent, as GradientSpec.containers: taken apart
    #                              for the transform, put back after it (opt/tangent_containers.py)


@dataclass(frozen=True)
class TangentFacts:
    """What the passes on forward mode's IR may know of its values (opt/passes.py, ``shaped`` and
    ``kinded`` passes; reverse mode's Derivative carries the same two)."""

    shapes: dict[str, tuple]            # known shapes by name: the primal values and their tangents
    input_kinds: dict[str, str | None]  # parameter (a tangent's too) or free name -> dtype kind ("f8")


def forward(fn: Function, spec: TangentSpec) -> Function:
    """The tangent code of ``fn`` (specialised by the driver first where ``spec.specialize``), as
    IR: its parameters are ``fn``'s then the tangents of those differentiated, its result the
    pair (value, tangent). With ``spec.order == 2``, :func:`forward_over_forward`."""
    return forward_with_facts(fn, spec)[0]


def forward_with_facts(fn: Function, spec: TangentSpec) -> tuple[Function, TangentFacts]:
    """:func:`forward`'s IR, and the shapes and kinds its passes may read (of the last transform,
    for forward over forward mode)."""
    if spec.order >= 2:
        return forward_over_forward(fn, spec)
    fn, wrt, info = analyse_with_complex(fn, spec)
    with_number_items(fn, info)      # (no broadcast_like of two numbers: items of lists of numbers)
    builder = _ForwardBuilder(fn, spec, wrt, info, fn.names.fork())
    return builder.build(), builder.facts()


def forward_over_forward(fn: Function, spec: TangentSpec) -> tuple[Function, TangentFacts]:
    """Second directional derivatives: the tangent code of ``fn``'s tangent code, both
    transforms on the IR (the first one's output is statements of primitives with rules: no trip
    through source text). Its parameters are ``fn``'s, the inner tangents ``u``, then the outer
    ones ``v`` (of the same arguments); its result ``((f, f'·u), (f'·v, u·f''·v))``. Order 3 is
    the tangent code of order 2's (third directional derivatives: api/third.py), and so on."""
    inner = checked(forward(fn, replace(spec, order=spec.order - 1)))
    sets = spec.order - 1          # the inner code's tangent arguments: one set per level, after fn's
    shapes = (*spec.arg_shapes, *[spec.arg_shapes[i] for _ in range(sets) for i in spec.wrt]) \
        if spec.arg_shapes else ()
    kinds = (*spec.arg_kinds, *[None for _ in range(sets) for _ in spec.wrt]) if spec.arg_kinds else ()
    return forward_with_facts(inner, replace(spec, arg_shapes=shapes, arg_kinds=kinds, order=1))


@dataclass
class _ForwardBuilder:
    fn: Function
    spec: TangentSpec
    wrt: list[Var]
    info: Analysis
    names: NameAllocator
    tangent: dict[Var, ast.expr] = field(default_factory=dict)
    named: dict[Var, str] = field(default_factory=dict)
    _named_var: dict[str, Var] = field(default_factory=dict)    # ``named`` inverted: a name's lookup in constant time
    _copied: set | None = None        # merge and loop variables (their tangents are reassigned)
    _primal_names: set | None = None
    _made_records: set | None = None
    lowering: ExpressionLowering = field(init=False)

    def __post_init__(self):
        self.lowering = ExpressionLowering(self.names, self._is_variable)

    def build(self) -> Function:
        fn = self.fn
        inputs = [self._name(v) for v in self.wrt]
        for var, name in zip(self.wrt, inputs):
            self.tangent[var] = load(name)
        body = self.block(fn.body)
        result = fn.result
        out_tangent = self.tangent.get(result) if isinstance(result, Var) else None
        if out_tangent is None:
            out_tangent = self._zeros(result)
        returned = Var(self.names.fresh("_returned"))
        body = [*body,
                *self._assign(returned.name, ast.Tuple(elts=[to_expr(result), out_tangent], ctx=ast.Load()))]
        return Function(name=self._function_name(), params=[*fn.params, *map(Var, inputs)],
                        param_names=[*fn.param_names, *inputs], free=dict(fn.free), body=body,
                        result=returned, names=self.names, parsed=fn.parsed, readers=fn.readers,
                        folded=frozenset(self.lowering.folded | fn.folded))   # (fn's: of a first transform)

    def facts(self) -> TangentFacts:
        """The known shapes of the primal values and of their tangents (a tangent has its primal's
        shape), and the inputs' dtype kinds: a differentiated parameter's tangent is a float array
        of its primal's float dtype (api/arguments.py ``as_tangent``: float64 for an integer one)."""
        shapes = {v.name: s for v, s in self.info.shapes.items() if isinstance(s, tuple)}
        shapes.update({name: self.info.shape(v) for v, name in self.named.items()
                       if isinstance(self.info.shape(v), tuple)})
        fn = self.fn
        kinds = {v.name: self.info.kind(v) for v in [*fn.params, *fn.free.values()]}
        for var in self.wrt:
            kind = self.info.kind(var)
            kinds[self.named[var]] = kind if kind in ("f8", "f4", "c16", "c8") else ("f8" if kind in ("i8", "b1") else None)
        return TangentFacts(shapes, kinds)

    # IR statements of the rules' expressions ---------------------------------------------
    def _is_variable(self, name: str) -> bool:
        if self._primal_names is None:
            fn = self.fn
            names = {v.name for v in [*fn.params, *fn.free.values()]}
            for stmt in walk(fn.body):
                names |= {v.name for v in stmt.uses()}
                if isinstance(stmt, (Assign, Copy)):
                    names.add(stmt.target.name)
                elif isinstance(stmt, Loop):
                    names |= {v.name for v in stmt.carried} | ({stmt.target.name} if stmt.target else set())
            self._primal_names = names
        return name in self._primal_names or name in self._named_var

    def _assign(self, name: str, value: ast.expr, location=None) -> list:
        """``name = value``: a copy where ``value`` is a variable, else the expression lowered
        into statements of primitives (ad/expressions.py), the last binding ``name``."""
        return self.lowering.assign(name, value, location)

    def _phi(self, name: str, value: ast.expr, phi: Copy) -> list:
        """``name = value`` as the tangent of ``phi``'s merge or carried value: a phi is bound by
        copies only (ir/verifier.py), so an expression is computed into a value of its own first
        and copied (printed folded back into one assignment: backends/python_code.py)."""
        if isinstance(value, ast.Name) and self._is_variable(value.id):
            return [Copy(Var(name), Var(value.id), carry=phi.carry)]
        if isinstance(value, ast.Constant) and type(value.value) is float and value.value == 0:
            return [Copy(Var(name), Const(value.value), carry=phi.carry)]
        computed = self._assign(self.names.fresh("_phi_value"), value)
        self.lowering.folded.add(computed[-1].target.name)      # (printed as one assignment)
        return [*computed, Copy(Var(name), computed[-1].target, carry=phi.carry)]

    def _effect(self, value: ast.expr) -> Effect:
        """``value`` evaluated as a statement (a tangent stack's append or pop)."""
        prim, reads = written(value, self._is_variable)
        return Effect(prim, tuple(map(Var, reads)))

    # Names --------------------------------------------------------------------------------------
    def _name(self, var: Var) -> str:
        if var not in self.named:
            self.named[var] = self.names.derived("t", var.name)
            self._named_var[self.named[var]] = var
        return self.named[var]

    def _reassigned(self, name: str) -> bool:
        """Is ``name`` the tangent of a merge or loop variable, which later copies overwrite (an
        alias of it would change with it: ``x0, x1 = x1, x0`` in a loop)?"""
        if self._copied is None:
            self._copied = {s.target for s in walk(self.fn.body) if isinstance(s, Copy)}
        return self._named_var.get(name) in self._copied

    def _zeros(self, atom) -> ast.expr:
        if isinstance(atom, Const) and isinstance(atom.value, Unbound):
            return to_expr(atom)       # a name not bound yet has no tangent yet either
        if self.info.shape(atom) == ():
            return ast.Constant(0.0)
        helper = "zeros_like_records" if atom in self._records() else "zeros_like_adjoint"
        return ast.Call(func=load(helper), args=[to_expr(atom)], keywords=[])

    def _records(self) -> set:
        """Values that are (or hold) records the function builds (``record(St, mu=...)``, a tuple
        of them, copied into merges and loop variables): their tangents hold records too, read
        by attribute."""
        if self._made_records is None:
            stmts = list(walk(self.fn.body))
            made = {s.target for s in stmts if isinstance(s, Assign) and is_record(s.prim)}
            while True:
                grown = {s.target for s in stmts if isinstance(s, Copy) and s.source in made
                         or isinstance(s, Assign) and s.prim.family == "containers" and made.intersection(s.args)}
                if grown <= made:
                    break
                made |= grown
            self._made_records = made
        return self._made_records

    def _active(self, var) -> bool:
        return isinstance(var, Var) and var in self.info.active

    # Statements ---------------------------------------------------------------------------------
    def block(self, stmts: list) -> list:
        out: list = []
        for stmt in stmts:
            if isinstance(stmt, Assign) and stmt.prim.recursive is not None and self._differentiated(stmt):
                out += self._recursive_call(stmt)
            elif isinstance(stmt, Assign) and stmt.target in self.info.live:
                out += self._primal(stmt)
                if self._active(stmt.target):
                    out += self._tangent_of(stmt)
                elif stmt.prim is POP and self._active(stmt.args[0]):
                    # an unused value popped from an active stack: its tangent stack pops too
                    out += self.lowering.effect(POP, [self.tangent.get(stmt.args[0])], stmt.location)
            elif isinstance(stmt, Copy) and stmt.target in self.info.live:
                out.append(Copy(stmt.target, stmt.source, stmt.location, stmt.carry))
                if self._active(stmt.target):
                    # a merge or loop variable: its tangent always lives under its own name
                    value = self.tangent.get(stmt.source) if isinstance(stmt.source, Var) else None
                    name = self._name(stmt.target)
                    out += self._phi(name, value or self._zeros(stmt.source), stmt)
                    self.tangent[stmt.target] = load(name)
            elif isinstance(stmt, If):
                body, orelse = self.block(stmt.body), self.block(stmt.orelse)
                # (a branch with only a `with` block's entry and exit computes nothing: its test,
                # not live, is not computed either)
                if (body or orelse) and self.info.needs(stmt.body + stmt.orelse):
                    out.append(If(stmt.test, body, orelse, stmt.location))
            elif isinstance(stmt, Loop) and self.info.needs(stmt.body):
                out.append(self._loop(stmt))      # (a loop computing nothing the result needs: none)
            elif isinstance(stmt, Effect) and stmt.observable:     # print(x): once, the primal's values
                out.append(Effect(stmt.prim, stmt.args, stmt.location))
            elif isinstance(stmt, Effect) and stmt.args[0] in self.info.live:
                out.append(Effect(stmt.prim, stmt.args, stmt.location))
                if self._active(stmt.args[0]):      # the tangent stack gets the value's tangent
                    tangents = [self.tangent.get(a) or self._zeros(a) for a in stmt.args]
                    if hasattr(stmt.prim, "statement"):     # (printed as a statement of its own)
                        out.append(self._effect(stmt.prim.primal(tangents)))
                    else:
                        out += self.lowering.effect(stmt.prim, tangents, stmt.location)
        return out

    def _primal(self, stmt: Assign) -> list:
        """The primal statement: the function's own, or spelled for the shapes of a call."""
        if not self.spec.specialize:
            return [Assign(stmt.target, stmt.prim, stmt.args, stmt.kwargs, stmt.location)]
        shapes = [self.info.shape(a) for a in stmt.args]
        kinds = [self.info.kind(a) for a in stmt.args]
        value = stmt.prim.primal([to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs],
                                 shapes, kinds)
        return self._assign(stmt.target.name, value, stmt.location)

    def _differentiated(self, stmt: Assign) -> bool:
        return self._active(stmt.target) and any(
            self._active(a) and self.info.carries(stmt, i) for i, a in enumerate(stmt.args))

    def _recursive_call(self, stmt: Assign) -> list:
        """``v, t_v = f_jvp(args, tangents)``: a recursive call computes its value and tangent
        in one call of the callee's own tangent code (inside that code: a call of itself, one
        frame per level), so no level is computed twice. In the IR: the pair, then its two
        items (printed as one unpacking: backends/python_code.py)."""
        call = stmt.prim.recursive
        args = [to_expr(a) for a in stmt.args]
        tangents = [self.tangent.get(a) if self._active(a) and self.info.carries(stmt, i) else None
                    for i, a in enumerate(stmt.args)]
        tangents = [t if t is not None else self._zeros(a) for t, a in zip(tangents, stmt.args)]
        if self.spec.recursive and frontend.unwrap(call.function) is self.fn.parsed.func:
            free = [ast.keyword(arg=v.name, value=load(v.name)) for v in self.fn.free.values()]
            tangents = [tangents[i] for i in self.spec.wrt]      # (its own: of the differentiated parameters)
            value = ast.Call(func=load(self._function_name()), args=args + tangents, keywords=free)
        else:
            value = ast.Call(func=load(call.tangent), args=args + tangents, keywords=[])
        name = self._name(stmt.target)
        self.tangent[stmt.target] = load(name)
        prim, reads = written(value, self._is_variable)
        pair = Var(self.names.fresh("_value_and_tangent"))
        self.lowering.folded.add(pair.name)
        return [Assign(pair, prim, tuple(map(Var, reads)), location=stmt.location),
                Assign(stmt.target, subscript_primitive(ast.Constant(0)), (pair,), location=stmt.location),
                Assign(Var(name), subscript_primitive(ast.Constant(1)), (pair,), location=stmt.location)]

    def _function_name(self) -> str:
        return f"{self.fn.name}_jvp"

    def _tangent_of(self, stmt: Assign) -> list:
        if isinstance(stmt.prim, WrittenPrimitive):     # forward over forward mode: ad/expressions.py
            raise NonDifferentiableError(
                f"`{ast.unparse(stmt.prim.primal([to_expr(a) for a in stmt.args]))}`, written by the first derivative's "
                "code, has no rule of its own: differentiating it again (a second derivative in forward mode, or a "
                "third derivative) is not supported", stmt.location,
                hint="for second derivatives use transpiler.hessian(f) (forward over reverse mode); for a third, "
                     "spell this step with elementary operations (a product as `*`, a norm as `np.sqrt(np.sum(x * x))`)")
        tangents = [self.tangent.get(a) if self._active(a) and self.info.carries(stmt, i) else None
                    for i, a in enumerate(stmt.args)]
        if stmt.prim.display:    # an active container's tangent holds every element's tangent
            tangents = [t if t is not None else self._zeros(a) for t, a in zip(tangents, stmt.args)]
            name = self._name(stmt.target)
            self.tangent[stmt.target] = load(name)
            return self._assign(name, stmt.prim.primal(tangents), stmt.location)
        log_softmax = (self.info.log_softmax or {}).get(id(stmt))
        if log_softmax is not None and self.tangent.get(log_softmax[0]) is not None:   # log(softmax(z)): from z
            name = self._name(stmt.target)
            self.tangent[stmt.target] = load(name)
            derivative = log_softmax_derivative(to_expr(log_softmax[2]), self.tangent[log_softmax[0]], log_softmax[1], False)
            return self._assign(name, derivative, stmt.location)
        softmax = (self.info.softmax or {}).get(id(stmt))
        if softmax is not None and self.tangent.get(softmax[0]) is not None:   # y = exp(z) / sum: from z
            name = self._name(stmt.target)
            self.tangent[stmt.target] = load(name)
            derivative = softmax_derivative(to_expr(stmt.target), self.tangent[softmax[0]], softmax[1], False)
            return self._assign(name, derivative, stmt.location)
        for keyword, value in stmt.kwargs:    # rules differentiate positional arguments only
            if self._active(value) and stmt.prim.family != "runtime helpers":
                raise no_keyword_derivative(stmt, keyword)
        if stmt.prim.pattern is not None or stmt.prim.updates:      # x[i], x[i] = v (also assign_at's key read
            # from a differentiated pair: `{k: v for k, v in d.items()}`): an index is an integer or a mask wherever
            tangents = [None if t is not None and i > 0 and not stmt.prim.has_tangent_term(i) else t
                        for i, t in enumerate(tangents)]      # it runs (NumPy refuses a float one): no tangent
        if all(t is None for t in tangents):
            return []
        if not stmt.prim.has_jvp():
            raise NonDifferentiableError(f"`{stmt.prim.name}` has no forward-mode (JVP) rule yet",
                                         stmt.location, hint="use reverse mode (grad) for this function")
        for index, t in enumerate(tangents):
            # (runtime helpers read some arguments for their shape only: nothing is lost there)
            if t is not None and not stmt.prim.has_tangent_term(index) and stmt.prim.family != "runtime helpers":
                raise no_derivative(stmt, index)
        if stmt.prim.partials:   # a list display as an array operand (np.radians([a, b])): so is its tangent
            tangents = [call_to("np.asarray", t) if t is not None and a in self.info.tuples else t
                        for t, a in zip(tangents, stmt.args)]
        site = CallSite(args=operands(stmt, self.info.tuples), out=to_expr(stmt.target),
                        arg_shapes=[self.info.shape(a) for a in stmt.args],
                        out_shape=self.info.shape(stmt.target),
                        kwargs=[(k, to_expr(v)) for k, v in stmt.kwargs], strong_zeros=self.spec.strong_zeros,
                        arg_kinds=[self.info.kind(a) for a in stmt.args])
        value = stmt.prim.jvp(site, tangents)
        if value is None:
            return []
        if self.info.shape(stmt.target):      # (an array: np.where of numbers would make a 0-d one)
            value = selected(value)
        if isinstance(value, ast.Name) and not self._reassigned(value.id):
            self.tangent[stmt.target] = value     # the tangent is another tangent: no statement
            return []
        name = self._name(stmt.target)
        self.tangent[stmt.target] = load(name)
        return self._assign(name, value, stmt.location)

    def _loop(self, loop: Loop) -> Loop:
        # Carried values' tangents are set before the loop (by the initialising copies) and at the
        # end of each iteration; everything else inside is recomputed per iteration.
        for var in loop.carried:
            if self._active(var):
                self.tangent[var] = load(self._name(var))
        body = self.block(loop.body)
        cond_body = self.block(loop.cond_body) if loop.kind == "while" else []
        carried = [v for v in loop.carried if v in self.info.live]     # (as their copies)
        tangents = [Var(self.named[v]) for v in carried if self._active(v) and v in self.named]
        return Loop(loop.kind, loop.target, loop.range_args, cond_body, loop.cond, [*carried, *tangents],
                    body, loop.exit_flag, loop.location)



def selected(tangent: ast.expr) -> ast.expr:
    """``tangent`` with each product of a 0/1 selection, ``np.where(c, 1.0, 0.0) * t``, written as
    the selection of the tangent, ``np.where(c, t, 0.0)``, and a sum of two complementary ones,
    ``np.where(c, t, 0.0) + np.where(c, 0.0, s)``, as one, ``np.where(c, t, s)``: where a branch is
    not taken its tangent may be NaN (``np.nansum`` of values made NaN by a mask, ``0 * nan``) and
    its contribution must be 0, as reverse mode's selected adjoint is; one pass instead of two."""
    return _Selections().visit(tangent)


class _Selections(ast.NodeTransformer):
    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.op, ast.Mult):
            for mask, factor in ((node.left, node.right), (node.right, node.left)):
                branches = _zero_one_selection(mask)
                if branches is not None:
                    taken, other = (factor, ast.Constant(0.0)) if branches == (1.0, 0.0) else (ast.Constant(0.0), factor)
                    return call_to("np.where", mask.args[0], taken, other)
        if isinstance(node.op, ast.Add) and _complementary(node.left, node.right):
            return call_to("np.where", node.left.args[0], node.left.args[1], node.right.args[2])
        return node


def _where_of(node: ast.expr) -> bool:
    func = node.func if isinstance(node, ast.Call) else None      # (no unparse: asked of every call in every tangent)
    return (isinstance(func, ast.Attribute) and func.attr == "where" and isinstance(func.value, ast.Name)
            and func.value.id == "np" and len(node.args) == 3 and not node.keywords)


def _zero_one_selection(node: ast.expr) -> tuple | None:
    """``(1.0, 0.0)`` for ``np.where(c, 1.0, 0.0)``, ``(0.0, 1.0)`` for ``np.where(c, 0.0, 1.0)``, else None."""
    if not _where_of(node) or not all(isinstance(a, ast.Constant) for a in node.args[1:]):
        return None
    branches = tuple(a.value for a in node.args[1:])
    return branches if branches in ((1.0, 0.0), (0.0, 1.0)) and all(type(b) is float for b in branches) else None


def _is_zero(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is float and node.value == 0


def _complementary(left: ast.expr, right: ast.expr) -> bool:
    """``np.where(c, t, 0.0)`` and ``np.where(c, 0.0, s)``, of the same condition ``c``."""
    return (_where_of(left) and _where_of(right) and _is_zero(left.args[2]) and _is_zero(right.args[1])
            and ast.dump(left.args[0]) == ast.dump(right.args[0]))
