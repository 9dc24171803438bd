"""The primitive table: every entry of :data:`transpiler.primitives.REGISTRY` as Markdown.

    python -m transpiler.primitives.table > docs/primitives.md

Rows are grouped by family; keys sharing one rule (``np.sin`` and ``math.sin``) share a row. The
derivative column is the rule itself, unparsed from the rule function's return expression
(``prim.partials.exprs()`` for elementwise primitives, ``prim.vjp_rule.exprs()`` for VJP rules),
so the table shows exactly what gets inlined into generated code. The indexing and container
section is produced by asking the indexing primitives for their primal and adjoint code on
sample patterns. Output is deterministic: families in a fixed order, rows in registration order.

``tests/primitives/test_table.py`` fails when ``docs/primitives.md`` differs from this output.
"""
from __future__ import annotations

import ast
import inspect
import sys
from typing import Any, Callable

import numpy as np

from . import registry, runtime
from . import REGISTRY, indexing, predicates, writes
from .spellings import ATTRIBUTES, METHODS, OPERATOR_FUNCTIONS
from .registry import CallSite, Primitive, Template, canonical_path, is_none

COMMAND = "python -m transpiler.primitives.table > docs/primitives.md"

# Families in the order a reader looks for them; any family not listed follows, alphabetically.
FAMILY_ORDER = ["arithmetic", "comparison", "elementwise math", "piecewise constant", "reductions",
                "shape", "linear algebra", "indexing", "containers", "custom", "runtime helpers", "scipy.special"]

FAMILY_NOTES = {
    "arithmetic": "Python operators and their NumPy ufuncs share one declaration.",
    "comparison": "Comparisons decide control flow and masks; their outputs are never active.",
    "elementwise math": "`math.*` and builtins take Python scalars; `np.*` broadcast over arrays "
                        "(their adjoints are summed back to each argument's shape with `unbroadcast` "
                        "unless the shapes provably agree).",
    "piecewise constant": "Zero derivative wherever one exists: their outputs are never active.",
    "calls that simply run": "Questions about a value's type, accepted on differentiated values too. Any "
                             "other call without a rule (`np.meshgrid`, `rs.randn`, `sorted`, methods of "
                             "your objects) simply runs where its arguments are constants of the derivative: "
                             "see [syntax.md](syntax.md#calls-that-simply-run-and-random-draws).",
    "reductions": "`unreduce` broadcasts the adjoint back over the reduced axes; the `*_adjoint` helpers "
                  "hold the longer rules and are copied into every generated module that uses them.",
    "shape": "Operations that move, copy or join elements. Constructors whose values do not depend on "
             "their arguments' values carry no derivative.",
    "linear algebra": "Rules for matrices; stacks of matrices broadcast.",
    "selection": "Outputs chosen from the inputs by their values: the derivative flows back to the "
                 "chosen elements (`sort`, `partition`: through the permutation; ties are equal values, "
                 "so any matching is a valid subgradient). `real`, `imag`, `conj`, `angle`, `abs` and "
                 "`real_if_close` of a complex value take the complex rules of "
                 "[syntax.md](syntax.md#complex-numbers).",
    "fft": "Linear transforms: the tangent is the same transform of the tangent, the VJP its transpose "
           "(the same transform, cut or padded back to the input's length; see "
           "[syntax.md](syntax.md#complex-numbers) for the convention). `n=`, `s=`, `axis=`, `axes=`, "
           "`norm=` as NumPy reads them; `rfft*` take real input.",
    "indexing": "Index values built at run time. Subscripts themselves are described in "
                "[Indexing and containers](#indexing-and-containers).",
    "containers": "Python lists as values: `lst.append(v)` is lowered to `lst = appended(lst, v)`, and "
                  "so on for `extend`, `insert`, `pop` and `+` of lists; comprehensions append to a "
                  "list in a loop. The adjoint of a list is the list of its items' adjoints.",
    "custom": "Exported by `transpiler`; `transpiler.register_rule` adds entries here at run time.",
    "scipy.special": "SciPy is an optional extra: these rules register the first time a lookup misses "
                     "while `scipy.special` is imported (importing transpiler never imports SciPy). "
                     "An integer order (`n`, `v`) has no derivative; an active one is refused. "
                     "`scipy.special.psi` is `digamma` and `jn` is `jv` (the same functions).",
    "runtime helpers": "Helpers that generated code calls. They are registered as linear primitives so "
                       "that generated code can itself be differentiated in forward mode "
                       "(`hessian`, `hvp`, `grad` of `grad`); they have no reverse-mode rule.",
}


# --------------------------------------------------------------------------- rows
class Row:
    """One table row: the keys sharing a rule, and how to print them."""

    def __init__(self, prim: Primitive):
        self.prims: list[Primitive] = [prim]

    @property
    def prim(self) -> Primitive:
        return self.prims[0]

    def kind(self) -> str:
        p = self.prim
        if not p.differentiable:
            return "no derivative"
        if p.partials is not None:
            return "elementwise"
        if p.vjp_rule is not None:
            return "VJP rule"
        if p.family == "runtime helpers":
            return "runtime helper"
        return "VJP builder"

    def spellings(self) -> str:
        return ", ".join(_code(_call_form(p, self._params(p))) for p in self.prims)

    def _params(self, p: Primitive) -> list[str] | None:
        """``p``'s parameters (keys sharing a row share them, but for runtime helpers: each its own)."""
        p = p if p.family == "runtime helpers" else self.prim
        if p.partials is not None:
            return list(p.partials.params)
        if p.vjp_rule is not None:
            return _signature_after(p.vjp_rule.function, 2)
        if p.family == "runtime helpers" and p.name in runtime.HELPERS:
            return _signature_after(runtime.HELPERS[p.name], 0)
        return None

    def derivative(self) -> str:
        p = self.prim
        if not p.differentiable:
            return "none: the output is never active"
        if p.partials is not None:
            partials = [f"∂/∂{name}: " + ("none (refused where active)" if is_none(e) else _code(_unparse(e)))
                        for name, e in zip(p.partials.params, p.partials.exprs())]
            return "<br>".join(partials)
        if p.vjp_rule is not None:
            names = [n for n in p.vjp_rule.params[2:]]
            lines = [f"{_code(f'd_{name} = {_unparse(e)}')}" for name, e in zip(names, p.vjp_rule.exprs())
                     if not is_none(e)]
            if p.specialized is not None and p.specialized.__doc__:
                note = _rst_to_markdown(_first_sentence(p.specialized.__doc__))
                lines.append("shape-specialised: " + note[:1].lower() + note[1:])
            return "<br>".join(lines)
        if p.family == "runtime helpers" and getattr(p, "effect", False):
            return "`d_x = d_y` (a check: the value passes through)"
        if p.family == "runtime helpers":
            return "none in reverse mode"
        return _rst_to_markdown(_first_sentence(getattr(p.vjp_builder, "__doc__", None) or "written in Python (see the rule's source)"))

    def forward(self) -> str:
        p = self.prim
        if not p.differentiable:
            return "—"
        if p.partials is not None:
            return "from the partials"
        if p.jvp_rule is not None:
            names = p.jvp_rule.params[2:]
            return "<br>".join(f"term for {name}: {_code(_unparse(e))}"
                               for name, e in zip(names, p.jvp_rule.exprs()) if not is_none(e))
        if p.linear == "joint":
            if p.family == "runtime helpers":
                return f"linear in {_linear_args(p)}"
            return "linear: the same call on the tangents"
        if p.linear == "multi":
            if p.family == "runtime helpers":
                return f"linear in each of {_linear_args(p)}"
            return "bilinear: `f(t_a, b) + f(a, t_b)`"
        if p.jvp_builder is not None:
            return "written in Python"
        return "not yet (reverse mode only)"


def _signature_after(function: Callable, skip: int) -> list[str]:
    """A rule's parameters after ``skip`` leading ones, printed as a signature."""
    params = list(inspect.signature(function).parameters.values())[skip:]
    text = str(inspect.Signature(params))[1:-1]
    return [text] if text else []


def _call_form(p: Primitive, params: list[str] | None) -> str:
    """``a + b``, ``-x``, ``np.sum(x, axis=None, keepdims=False)``, or a bare spelling."""
    s = p.spelling
    if params is not None and len(params) == 2 and s.binop is not None:
        return f"{params[0]} {_symbol(p)} {params[1]}"
    if params is not None and len(params) == 1 and s.unaryop is not None:
        return f"{_symbol(p)}{params[0]}"
    if s.binop or s.unaryop or s.compare:
        return _symbol(p)
    if params is None:
        return str(s)
    return f"{s}({', '.join(params)})"


def _symbol(p: Primitive) -> str:
    return str(p.spelling).strip()


def _linear_args(p: Primitive) -> str:
    _, args = runtime.LINEAR[p.name]
    params = list(inspect.signature(runtime.HELPERS[p.name]).parameters)
    return ", ".join(f"`{params[i]}`" for i in args)


def _rule_identity(p: Primitive) -> Any:
    """Keys registered by one declaration share a rule object."""
    for rule in (p.partials, p.vjp_rule):
        if isinstance(rule, Template):
            return ("rule", rule.function)
    if p.vjp_builder is not None:
        return ("builder", p.vjp_builder)
    return None


def rows_by_family() -> dict[str, list[Row]]:
    """Rows per family, families in :data:`FAMILY_ORDER`, rows in registration order."""
    families: dict[str, list[Row]] = {}
    by_rule: dict[Any, Row] = {}
    for prim in REGISTRY.values():
        rows = families.setdefault(prim.family, [])
        identity = _rule_identity(prim)
        if identity is not None and identity in by_rule and by_rule[identity] in rows:
            by_rule[identity].prims.append(prim)
            continue
        if identity is None and rows and _same_declaration(rows[-1].prim, prim):
            rows[-1].prims.append(prim)        # consecutive keys of one `nondifferentiable(...)`
            continue
        row = Row(prim)
        rows.append(row)
        if identity is not None:
            by_rule[identity] = row
    rank = {name: i for i, name in enumerate(FAMILY_ORDER)}
    ordered = sorted(families, key=lambda f: (rank.get(f, len(rank)), f))
    return {family: families[family] for family in ordered}


def _same_declaration(a: Primitive, b: Primitive) -> bool:
    return (not a.differentiable and not b.differentiable and a.family == b.family
            and _shape_rule_key(a.shape_rule) == _shape_rule_key(b.shape_rule))


def _shape_rule_key(rule) -> Any:
    return getattr(rule, "__qualname__", rule)


# --------------------------------------------------------------------------- text helpers
def _unparse(node: ast.AST) -> str:
    return ast.unparse(node)


def _code(text: str) -> str:
    """An inline code span that survives a Markdown table cell."""
    return "`" + text.replace("|", "\\|") + "`"


def _first_sentence(doc: str) -> str:
    text = " ".join(inspect.cleandoc(doc).split())
    return text.split(". ")[0].rstrip(".")


def _rst_to_markdown(text: str) -> str:
    return text.replace("``", "`").replace("|", "\\|")


def _anchor(title: str) -> str:
    return "".join(c for c in title.lower().replace(" ", "-") if c.isalnum() or c in "-_")


# --------------------------------------------------------------------------- indexing section
def _names(*names: str) -> list[ast.expr]:
    return [ast.Name(id=n, ctx=ast.Load()) for n in names]


def _pattern(index: str) -> tuple[ast.expr, list[str]]:
    """The pattern of ``x[index]`` as the lowering builds it: integer constants, ``None`` and
    ``...`` stay; every name becomes a hole (in order)."""
    tree = ast.parse(f"x[{index}]", mode="eval").body.slice
    holes: list[str] = []

    class Holes(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.expr:
            holes.append(node.id)
            return indexing.hole(len(holes) - 1)

    return Holes().visit(tree), holes


def _site(args: list[ast.expr]) -> CallSite:
    return CallSite(args=args, out=ast.Name(id="y", ctx=ast.Load()), arg_shapes=[None] * len(args),
                    out_shape=None)


READ_EXAMPLES = ["i", "-1", "1:n", "i, j", ":, j", "i, 1:n, None", "idx", "mask"]
UPDATE_EXAMPLES = ["i", "1:n", "i, j"]


def indexing_section() -> list[str]:
    d_y = ast.Name(id="d_y", ctx=ast.Load())
    lines = [
        "## Indexing and containers",
        "",
        "A subscript is lowered to a *pattern*: the index with integer constants, `None` and `...` "
        "kept and every other value (a name, an expression, a slice bound) turned into an argument. "
        "Each distinct pattern is a primitive of its own, printed back as the same subscript. Its "
        "adjoint scatters `d_y` into zeros shaped like `x` with `add_at` (`np.add.at`, so repeated "
        "integer indices accumulate); when the same array is read at several places, or in a loop, "
        "later contributions are added in place into that adjoint buffer with `add_into`. Index "
        "values carry no derivative. In forward mode a read is linear: the same subscript of the "
        "tangent.",
        "",
        "| read | adjoint of `x` |",
        "|---|---|",
    ]
    for index in READ_EXAMPLES:
        pattern, holes = _pattern(index)
        prim = indexing.subscript_primitive(pattern)
        args = _names("x", *holes)
        lines.append(f"| {_code(_unparse(prim.primal(args)))} | {_code(_unparse(prim.vjp(_site(args), 0, d_y)))} |")
    lines += [
        "",
        "`x[i] = v` (also `x[i] += v`) on an array local to the function rebinds `x` to an updated "
        "copy made by the runtime helper `assign_at`, so the caller's arrays are never written. The "
        "overwritten elements get a zero adjoint; `v` gets the adjoint of the elements it wrote, "
        "summed back to its own shape. Where an index may be an integer array that repeats a position, NumPy "
        "keeps the last write (`x[idx] += v` is buffered: `x[idx] = x[idx] + v`), so the runtime helper "
        "`written_adjoint` gives the earlier writes of that position a zero adjoint. A float written into an "
        "integer array is truncated (derivative 0): where `x`'s dtype is unknown, `written_share` decides.",
        "",
        "| update | lowered to | adjoint of `x` | adjoint of `v` |",
        "|---|---|---|---|",
    ]
    for index in UPDATE_EXAMPLES:
        pattern, holes = _pattern(index)
        prim = indexing.update_primitive(pattern)
        args = _names("x", "v", *holes)
        site = _site(args)
        target = _unparse(ast.parse(f"x[{index}]", mode="eval").body)
        lines.append(f"| {_code(target + ' = v')} | {_code(_unparse(prim.primal(args)))} | "
                     f"{_code(_unparse(prim.vjp(site, 0, d_y)))} | {_code(_unparse(prim.vjp(site, 1, d_y)))} |")
    lines += [
        "",
        "List and tuple displays are primitives too; element `k`'s adjoint is item `k` of the "
        "container's adjoint. Tuples keep one adjoint per element (so unpacking "
        "`sign, logdet = np.linalg.slogdet(a)` gives each name its own adjoint), and a constant "
        "subscript of a display, `(a, b)[1]`, is just `b`. A list a function builds with `.append` is differentiable in "
        "forward mode only (the tapes of generated reverse code are such lists).",
        "",
        "| construct | adjoint of element `k` |",
        "|---|---|",
    ]
    for prim in (indexing.LIST, indexing.TUPLE):
        args = _names("a", "b")
        lines.append(f"| {_code(_unparse(prim.primal(args)))} | "
                     f"{_code(_unparse(prim.vjp(_site(args), 0, d_y)).replace('[0]', '[k]'))} |")
    for prim, form in ((indexing.APPEND, "stack.append(v)"), (indexing.POP, "stack.pop()")):
        lines.append(f"| {_code(form)} | none: forward mode only |")
    lines += ["", *_methods_section(), "", *_operator_functions_section()]
    return lines


def _operator_functions_section() -> list[str]:
    """Functions of the ``operator`` module the lowering reads as the operators they spell."""
    lines = ["### The operator module", "",
             "Each is the operator of the same meaning, with its rule and its printed code "
             "(`operator.mul(a, b)` is `a * b`), also as a value where a function is called "
             "(`functools.reduce(operator.mul, xs)`).", "",
             "| function | operator |", "|---|---|"]
    for function, key in OPERATOR_FUNCTIONS.items():
        if key is ast.Subscript:
            spelled = "x[i]"
        elif key is abs:
            spelled = "abs(x)"
        elif issubclass(key, ast.unaryop):
            spelled = f"{REGISTRY[key].spelling}x"
        else:
            spelled = f"a {REGISTRY[key].spelling} b"
        lines.append(f"| {_code(f'operator.{function.__name__}')} | {_code(spelled)} |")
    return lines


def _methods_section() -> list[str]:
    """Array methods and attributes the lowering rewrites to registered primitives."""

    lines = ["### Array methods and attributes", "",
             "Called on a local array, these are the primitive on the right "
             "(`x.reshape(2, 3)` passes the shape as one tuple, like `np.reshape(x, (2, 3))`).", "",
             "| method or attribute | primitive |", "|---|---|"]
    entries = [(f"x.{name}(...)", obj) for name, obj in sorted(METHODS.items())]
    entries += [(f"x.{name}", obj) for name, obj in sorted(ATTRIBUTES.items())]
    for form, obj in entries:
        prim = REGISTRY.get(obj)
        target = _code(str(prim.spelling)) if prim is not None else f"{_code(canonical_path(obj))} " + \
            ("(composed)" if obj in registry.COMPOSED else "(no rule yet)")
        lines.append(f"| {_code(form)} | {target} |")
    return lines


# --------------------------------------------------------------------------- document
def optional_sections() -> list[str]:
    """SciPy's functions written as compositions (inlined: their derivative is the composed
    primitives'), and the functions decided against, with why."""
    lines = ["## Compositions", "",
             "Library functions the lowering replaces by a Python function of primitives, inlined "
             "where one is called: every positional and keyword spelling of the library's signature "
             "binds as the library binds it, and second derivatives come from the composed rules. "
             "Their source is in the module named. Outside a distribution's support the value is "
             "SciPy's (`-inf`, `0`, `1`) with derivative 0; `multivariate_normal` and the triangular "
             "solves read the triangle SciPy reads (the other's adjoint is zero); `scipy.linalg.cholesky` "
             "has `np.linalg.cholesky`'s symmetric derivative.", "",
             "| Python spelling | family | written in |", "|---|---|---|"]
    for key, (function, family) in registry.COMPOSED.items():
        params = str(inspect.signature(function))
        lines.append(f"| {_code(_library_path(key) + params)} | {family} | "
                     f"{_code(function.__module__ + '.' + function.__name__)} |")
    for key, (_, values) in writes.IN_PLACE.items():     # statements writing a local array
        lines.append(f"| {_code(_library_path(key) + str(inspect.signature(key)))} | in-place write: "
                     f"`a[positions] = values` | {_code(values.__module__ + '.' + values.__name__)} |")
    lines += ["", "## Not supported", "",
              "Functions decided against: a call is an `UnknownFunctionError` at the call, saying why.", "",
              "| Python spelling | why | instead |", "|---|---|---|"]
    for (reason, hint), keys in _grouped(registry.REFUSED).items():       # one row per reason
        given = (" (where a differentiated value reaches it: on constants it simply runs)"
                 if all(registry.runs_when_inactive(k) for k in keys) else "")
        lines.append(f"| {', '.join(_code(_library_path(k)) for k in keys)}{given} | {reason} | {hint} |")
    for (reason, hint), keys in _grouped(predicates.REFUSED_WHEN_ACTIVE).items():    # run on constants
        lines.append(f"| {', '.join(_code(_library_path(k)) for k in keys)} (given a differentiated "
                     f"value) | {reason} | {hint} |")
    return lines + [""]


def _grouped(refusals: dict) -> dict[tuple, list]:
    """Functions by their (reason, hint)."""
    grouped: dict[tuple, list] = {}
    for key, why in refusals.items():
        grouped.setdefault(why, []).append(key)
    return grouped


def _library_path(key) -> str:
    """``scipy.stats.norm.logpdf``, ``scipy.linalg.solve_triangular``: the public spelling."""
    owner = getattr(key, "__self__", None)
    if getattr(key, "__objclass__", None) is np.ndarray:   # an array's method: x.tolist
        return f"x.{key.__name__}"
    if isinstance(owner, np.ufunc):                        # np.maximum.accumulate
        return f"np.{owner.__name__}.{key.__name__}"
    if owner is not None and not inspect.ismodule(owner):   # a method of a distribution object
        # (a builtin function's __self__ is its module: `math.fsum`)
        return f"{_distribution(owner)}.{key.__name__}"
    if not hasattr(key, "__name__"):                       # a distribution object, called
        return f"{_distribution(key)}(...)"
    if owner is not None:                                  # a builtin (divmod), or math's (math.prod)
        return key.__name__ if owner.__name__ == "builtins" else f"{owner.__name__}.{key.__name__}"
    module = getattr(key, "__module__", None) or next(    # a SciPy ufunc: the module it is in
        (m for m in ("scipy.special", "numpy") if getattr(sys.modules.get(m), key.__name__, None) is key), "")
    public = ".".join(part for part in module.split(".") if not part.startswith("_"))
    return f"{public}.{key.__name__}"


def _distribution(obj) -> str:
    return f"scipy.stats.{getattr(obj, 'name', type(obj).__name__.removesuffix('_gen'))}"


def render() -> str:
    registry.load_optional_rules()      # SciPy's rules, where it is installed
    families = rows_by_family()
    lines = [
        "# Primitives",
        "",
        f"<!-- Generated by `{COMMAND}` from transpiler.primitives.REGISTRY. Do not edit by hand:",
        "     tests/primitives/test_table.py fails when this file differs from a fresh generation. -->",
        "",
        "Every function and operator transpiler differentiates, with the rule it uses. A call to "
        "anything not listed here (and not a Python function whose source can be inlined) is an "
        "`UnknownFunctionError`.",
        "",
        "* **elementwise**: declared once by its partial derivatives ∂y/∂arg; `y` names the output. "
        "Reverse mode inlines `d_arg = d_y * ∂` (summed back to the argument's shape where it was "
        "broadcast), forward mode `t_y = Σ ∂ · t_arg`.",
        "* **VJP rule**: the adjoint contribution `d_arg = ...` of each argument given the output's "
        "adjoint `d_y` (and the output `y`). Arguments without an entry carry no derivative. "
        "Helpers such as `unreduce` are runtime helpers whose source is copied into the generated "
        "module.",
        "* **no derivative**: the output is never active (its derivative is zero wherever it "
        "exists); using it on active values is allowed.",
        "",
        "The derivative column is the rule's own return expression, exactly as it is inlined "
        "(with the call's argument names substituted, then simplified: `d_y * 1` prints as `d_y`).",
        "",
        "## Contents",
        "",
    ]
    for family in families:
        lines.append(f"* [{family}](#{_anchor(family)})")
    lines.append("* [Compositions](#compositions)")
    lines.append("* [Not supported](#not-supported)")
    lines.append("* [Indexing and containers](#indexing-and-containers)")
    lines.append("")
    for family, rows in families.items():
        lines += [f"## {family}", ""]
        if family in FAMILY_NOTES:
            lines += [FAMILY_NOTES[family], ""]
        lines += ["| Python spelling | kind | derivative (reverse mode) | forward mode |", "|---|---|---|---|"]
        for row in rows:
            lines.append(f"| {row.spellings()} | {row.kind()} | {row.derivative()} | {row.forward()} |")
        lines.append("")
    lines += optional_sections()
    lines += indexing_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
