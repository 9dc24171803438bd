"""``np.einsum`` and its adjoints as loops, for numba (which has no einsum).

A call ``np.einsum('btd,de->bte', X, W)`` with its subscripts written out (no ``...``), of any
number of operands, becomes a call of a function of the gradient's module written for those
subscripts: a loop over each label of the product of the operands' elements (a label repeated in
one operand, ``'ii->i'``, reads its diagonal), the innermost the label most arrays have last (read
along memory's rows): an output label's products are added into the output, a summed label's
into a number stored once.

The adjoint helper ``einsum_adjoint(g, subscripts, *operands, which=k)`` is the einsum of ``g``
with the other operands onto operand k's labels (primitives/einsum.py), and so loops of
the same kind, the operand passed for the sizes of its labels: a label only it has is a loop
whose index the product does not read (the helper's broadcast), and a label it repeats
(``'ii->'``) puts the adjoint on its diagonal, zeros elsewhere, as the helper does.

NumPy's einsum broadcasts a label of size 1 against a larger one; these loops do not: a label's
sizes must agree in every operand (and in the operand an adjoint stands for), else the loop
raises a ValueError. Products are summed in float64, stored in the operands' dtype.
"""
from __future__ import annotations

import ast

from ..ad.derivative import Derivative
from ..ir.code import load

def spell_einsums(d: Derivative) -> None:
    """Rewrite ``d.body``'s einsums and einsum adjoints into calls of loop functions, added to
    ``d``'s companions (one per subscripts)."""
    respeller = _Respell(d.fresh_name)
    d.body = [respeller.visit(stmt) for stmt in d.body]
    d.companions = [*d.companions, *respeller.functions]


class _Respell(ast.NodeTransformer):
    def __init__(self, fresh_name):
        self.fresh_name = fresh_name
        self.names: dict[tuple, str] = {}          # (terms, out, checked term) -> its loop function
        self.functions: list[ast.FunctionDef] = []

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "einsum" and isinstance(func.value, ast.Name)
                and func.value.id == "np"):
            return self._forward(node) or node
        if isinstance(func, ast.Name) and func.id == "einsum_adjoint":
            return self._adjoint(node) or node
        return node

    def _forward(self, node: ast.Call) -> ast.expr | None:
        if any(k.arg != "optimize" for k in node.keywords) or len(node.args) < 2:
            return None
        parsed = _subscripts(node.args[0], len(node.args) - 1)
        if parsed is None:
            return None
        terms, out = parsed
        return self._call(terms, out, None, node.args[1:], node)

    def _adjoint(self, node: ast.Call) -> ast.expr | None:
        """``einsum_adjoint(g, subscripts, *operands, which=k, optimize=...)``: the einsum of ``g``
        with the other operands onto operand ``k``'s labels, that operand passed for its sizes."""
        keywords = {k.arg: k.value for k in node.keywords}
        which = keywords.get("which")
        if not set(keywords) <= {"which", "optimize"} or not isinstance(which, ast.Constant) or len(node.args) < 3:
            return None
        g, subscripts, *operands = node.args
        parsed = _subscripts(subscripts, len(operands))
        which = which.value
        if parsed is None or not 0 <= which < len(operands):
            return None
        terms, out = parsed
        term = terms[which]
        others = [i for i in range(len(terms)) if i != which]
        return self._call((out, *(terms[i] for i in others)), term, term,
                          [g, *(operands[i] for i in others), operands[which]], node)

    def _call(self, terms: tuple, out: str, checked: str | None, args: list, node: ast.Call) -> ast.expr:
        key = (terms, out, checked)
        if key not in self.names:
            self.names[key] = self.fresh_name("einsum_loops")
            self.functions.append(_loop_function(self.names[key], terms, out, checked))
        return ast.copy_location(ast.Call(func=load(self.names[key]), args=list(args), keywords=[]), node)


def _subscripts(node: ast.expr, operands: int) -> tuple[tuple[str, ...], str] | None:
    """(one label string per operand, the output's labels) of constant subscripts naming
    ``operands`` operands, without ``...``; the implicit output (no ``->``) made explicit."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or "." in node.value:
        return None
    inputs, arrow, out = node.value.replace(" ", "").partition("->")
    terms = tuple(inputs.split(","))
    if len(terms) != operands or not all(t.isalpha() or t == "" for t in (*terms, out)):
        return None
    if not arrow:
        labels = "".join(terms)
        out = "".join(sorted(c for c in set(labels) if labels.count(c) == 1))
    if len(set(out)) != len(out) or not set(out) <= set("".join(terms)):
        return None
    return terms, out


def _loop_function(name: str, terms: tuple, out: str, checked: str | None) -> ast.FunctionDef:
    """The source of ``np.einsum(','.join(terms) + '->' + out, x0, x1, ...)`` as loops; with
    ``checked``, one more parameter whose sizes (labels ``checked``) the result must have."""
    params = [f"x{k}" for k in range(len(terms))] + (["like"] if checked is not None else [])
    sizes: dict[str, str] = {}
    checks: list[str] = []
    for param, term in zip(params, (*terms, checked or "")):
        for axis, label in enumerate(term):
            size = f"{param}.shape[{axis}]"
            if label in sizes:
                checks.append(f"{size} != {sizes[label]}")
            else:
                sizes[label] = size
    summed = [label for label in dict.fromkeys("".join(terms)) if label not in out]
    lines = [f"def {name}({', '.join(params)}):",
             f'    """``np.einsum("{",".join(terms)}->{out}", ...)`` as loops (numba has no einsum)."""']
    lines += [f"    n_{label} = {size}" for label, size in sizes.items()]
    if checks:
        lines += [f"    if {' or '.join(checks)}:",
                  '        raise ValueError("einsum: a label\'s sizes differ between operands (numba\'s loops '
                  'do not broadcast)")']
    arrays = [f"x{k}" for k, term in enumerate(terms) if term] or ["like"]    # (a number has no dtype)
    dtype = " * ".join(f"np.zeros(1, {array}.dtype)" for array in arrays)
    index = {label: f"i_{label}" for label in sizes}
    product = " * ".join(f"x{k}[{', '.join(index[c] for c in term)}]" if term else f"x{k}"
                         for k, term in enumerate(terms))
    if out:
        lines.append(f"    out = np.zeros(({''.join(f'n_{c}, ' for c in out)}), ({dtype}).dtype)")
    inner = _innermost(terms, out)
    kept = [label for label in dict.fromkeys(out) if label != inner]   # (a repeated one: a diagonal)
    if inner in out:       # each product added into the output, along its rows
        lines += _nested([*kept, *summed, inner], f"out[{', '.join(index[c] for c in out)}] += {product}")
        lines.append("    return out")
        return _parsed(lines)
    outer = _nested(kept, "total = 0.0")
    depth = len(kept) + 1
    lines += outer + _nested([label for label in summed if label != inner] + [inner], f"total += {product}", depth)
    if out:
        lines.append(f"{'    ' * depth}out[{', '.join(index[c] for c in out)}] = total")
        lines.append("    return out")
    else:
        lines.append("    return total")
    return _parsed(lines)


def _innermost(terms: tuple, out: str) -> str:
    """The label to loop over innermost: the last axis of the most arrays (operands and output),
    read along memory's rows; ties to the output's last label, else the last summed one."""
    arrays = [t for t in (*terms, out) if t]
    labels = list(dict.fromkeys("".join(terms) + out))     # (an adjoint's output may have labels of its own)
    votes = {label: sum(t[-1] == label for t in arrays) for label in labels}
    preferred = [out[-1]] if out else []
    return max(preferred + labels[::-1], key=lambda label: votes[label])


def _nested(labels: list[str], statement: str, depth: int = 1) -> list[str]:
    lines = []
    for label in labels:
        lines.append(f"{'    ' * depth}for i_{label} in range(n_{label}):")
        depth += 1
    return [*lines, f"{'    ' * depth}{statement}"]


def _parsed(lines: list[str]) -> ast.FunctionDef:
    function = ast.parse("\n".join(lines)).body[0]
    assert isinstance(function, ast.FunctionDef)
    return function
