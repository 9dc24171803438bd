"""Complex values: which values of a function may be complex, the rules a call on one takes,
and the refusal of every call whose rule does not hold for complex values.

A value may be complex when it is an argument (or free value) of complex dtype, a complex
constant (``1j``), the result of a transform that makes complex values (``np.fft.fft``), or the
result of a primitive with a complex argument (but the parts of a complex number, ``np.real`` or
``np.abs``, which are real), or of a recursive call whose own code makes its result complex
(``return v + 0j`` at its base: driver/recursion.py asks). A value copied into a name together with a complex one may be
complex too (a merge after a branch, a loop-carried value), and so may its sources: their
adjoints are then complex, and the transforms take the real part where a real value's adjoint
is formed (ad/adjoints.py). The rules that hold are primitives/complex_rules.py's; any other
primitive refuses an active complex argument or result, located at the call. Where nothing is
complex, nothing changes.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..errors import NonDifferentiableError
from ..ir.nodes import Assign, Const, Copy, Function, If, Loop, Var, walk
from ..primitives import lookup
from ..primitives.registry import spelled_as
from ..primitives.casts import to_dtype
from ..primitives.written import WrittenPrimitive
from ..primitives.complex_rules import (COMPLEX_CONSTANTS, COMPLEX_RESULT, REAL_ARGUMENT, REAL_ITEMS,
                                        REAL_RESULT, complex_variant, general_rule, holds_for_complex)
from .facts import Analysis, analyse_for
from .kinds import input_kinds

HINT = ("write the computation with the functions whose derivatives hold for complex values (docs/syntax.md, "
        "'Complex numbers'), or with the real and imaginary parts as two real arrays")


def is_complex_kind(kind) -> bool:
    return isinstance(kind, str) and kind[:1] == "c"


def complex_kind(value) -> str | None:
    """The kind (``"c16"``) of a complex number or array; None for any other value. A list,
    tuple or dict holding a complex value is refused: the transforms know the kinds of arrays
    and numbers only."""
    if isinstance(value, (list, tuple, dict)) and _holds_complex(value):
        raise NonDifferentiableError(
            "a complex number inside a list, tuple or dict is not supported (the transforms know the dtypes "
            "of array and number values only)",
            hint="pass complex arrays as arguments (or globals) of their own (docs/syntax.md, 'Complex numbers')")
    if isinstance(value, complex):
        return "c16"
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind == "c":
        return f"c{value.dtype.itemsize}"
    return None


def _holds_complex(value) -> bool:
    if isinstance(value, dict):
        return any(map(_holds_complex, value.values()))
    if isinstance(value, (list, tuple)):
        return any(map(_holds_complex, value))
    return complex_kind(value) is not None


def _complex_constant(atom) -> bool:
    return isinstance(atom, Const) and isinstance(atom.value, (complex, np.complexfloating))


def _real_values_only(stmt: Assign) -> bool:
    """``np.linalg.svd(a, compute_uv=False)``: the singular values alone, real."""
    return spelled_as(stmt.prim, np.linalg.svd) and any(
        name == "compute_uv" and isinstance(value, Const) and value.value is False for name, value in stmt.kwargs)


def _complex_dtype(stmt: Assign) -> bool:
    """A ``dtype=`` keyword naming a complex type (``np.zeros(n, dtype=complex)``), or a cast to
    one (``x.astype(complex)``, ``np.asarray(x, dtype=np.complex64)``: primitives/casts.py)."""
    given = [value for name, value in stmt.kwargs if name == "dtype"]
    if stmt.prim is lookup(to_dtype) and len(stmt.args) == 2:
        given.append(stmt.args[1])
    for value in given:
        if isinstance(value, Const):
            try:
                return np.dtype(value.value).kind == "c"
            except TypeError:
                return False
    return False


def may_be_complex(fn: Function, kinds: dict) -> frozenset:
    """The values of ``fn`` that may be complex, given the inputs' kinds."""
    found = {v for v, kind in kinds.items() if is_complex_kind(kind)}
    complex_atom = lambda atom: atom in found if isinstance(atom, Var) else _complex_constant(atom)  # noqa: E731
    made_by = {stmt.target: stmt for stmt in walk(fn.body) if isinstance(stmt, Assign)}
    changed = True
    while changed:
        size = len(found)
        for stmt in walk(fn.body):
            if (isinstance(stmt, Assign) and stmt.target not in found and _complex_result(stmt, complex_atom)
                    and not _real_item(stmt, made_by)):
                found.add(stmt.target)
            elif isinstance(stmt, Copy) and complex_atom(stmt.source):
                found.add(stmt.target)
            elif isinstance(stmt, Copy) and stmt.target in found and isinstance(stmt.source, Var):
                found.add(stmt.source)       # merged with a complex value: its adjoint may be complex
        changed = len(found) != size
    return frozenset(found)


def _real_item(stmt: Assign, made_by: dict) -> bool:
    """Is ``stmt`` the read of a result that is real whatever the arguments (the eigenvalues of
    ``w, v = np.linalg.eigh(a)``)?"""
    source = stmt.args[0] if stmt.prim.item is not None and stmt.args else None
    maker = made_by.get(source) if isinstance(source, Var) else None
    return maker is not None and stmt.prim.item in REAL_ITEMS.get(maker.prim.name, ())


def _complex_result(stmt: Assign, complex_atom) -> bool:
    prim = stmt.prim
    if prim.name in COMPLEX_RESULT or _complex_dtype(stmt):
        return True
    if prim.name in REAL_RESULT or prim.result_kind is not None or _real_values_only(stmt):
        return False
    if not prim.differentiable and prim.name not in COMPLEX_CONSTANTS:
        return False
    if prim.recursive is not None and prim.recursive.complex_result():
        return True         # (complex by its own code, ``return v + 0j``)
    return any(complex_atom(a) for a in (*stmt.args, *(v for _, v in stmt.kwargs)))


def with_complex_rules(fn: Function, arg_kinds: tuple, free: tuple = ()) -> tuple[Function, frozenset]:
    """``fn`` with each call of a part of a complex number (``np.abs(z)``) on a complex argument
    taking its complex rule, and the values that may be complex; ``fn`` itself when none may."""
    found = may_be_complex(fn, input_kinds(fn, arg_kinds, free))
    if not found:
        return fn, found
    return dataclasses.replace(fn, body=_with_variants(fn.body, found), specialized={}), found


def _with_variants(stmts: list, found: frozenset) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, Assign):
            variant = complex_variant(stmt.prim)
            complex_call = stmt.target in found or any(a in found for a in stmt.args if isinstance(a, Var))
            if variant is not None and any(a in found for a in stmt.args if isinstance(a, Var)):
                stmt = dataclasses.replace(stmt, prim=variant)
            elif complex_call and general_rule(stmt.prim) is not stmt.prim:
                stmt = dataclasses.replace(stmt, prim=general_rule(stmt.prim))
        elif isinstance(stmt, If):
            stmt = dataclasses.replace(stmt, body=_with_variants(stmt.body, found),
                                       orelse=_with_variants(stmt.orelse, found))
        elif isinstance(stmt, Loop):
            stmt = dataclasses.replace(stmt, cond_body=_with_variants(stmt.cond_body, found),
                                       body=_with_variants(stmt.body, found))
        out.append(stmt)
    return out


def refuse_unsupported_complex(fn: Function, active: set, found: frozenset) -> None:
    """Raise at the first differentiated call with a complex argument or result whose rule does
    not hold for complex values."""
    if not found:
        return
    for stmt in walk(fn.body):
        if not isinstance(stmt, Assign) or not stmt.prim.differentiable:
            continue
        atoms = (*stmt.args, *(v for _, v in stmt.kwargs))
        if not (stmt.target in active or any(a in active for a in atoms if isinstance(a, Var))):
            continue
        complex_args = [a for a in atoms if (a in found if isinstance(a, Var) else _complex_constant(a))]
        if not complex_args and stmt.target not in found:
            continue
        if isinstance(stmt.prim, WrittenPrimitive):      # (forward over forward: ad/forward.py says the same)
            written = ast.unparse(stmt.prim.primal([ast.Name(id=a.name, ctx=ast.Load()) if isinstance(a, Var)
                                                    else ast.Constant(a.value) for a in stmt.args]))
            raise NonDifferentiableError(
                f"`{written}` of a complex value, written by the first derivative's code, has no rule: a second "
                "derivative in forward mode through it is not supported", stmt.location,
                hint="use transpiler.hessian(f) (forward over reverse mode)")
        reason = _why_not(stmt, complex_args)
        if reason is not None:
            raise NonDifferentiableError(f"`{stmt.prim.name}` {reason}", stmt.location, hint=HINT)


def _why_not(stmt: Assign, complex_args: list) -> str | None:
    """Why this call's rule does not hold for its complex values, or None where it does."""
    prim = stmt.prim
    if not holds_for_complex(prim):
        return "of a complex value: complex input is not supported for it (its rule is for real values)"
    if prim.name in REAL_ARGUMENT and complex_args:
        return "of a complex value: it transforms real input (use np.fft.fft)"
    if spelled_as(prim, np.angle) and (len(stmt.args) > 1 or any(name == "deg" for name, _ in stmt.kwargs)):
        return "of a complex value with deg=: write np.angle(z) * (180 / np.pi)"
    return None


def analyse_with_complex(fn: Function, spec, real_output: bool = False) -> tuple[Function, list, Analysis]:
    """``analyse_for`` of ``fn`` as the spec says, after :func:`with_complex_rules`, refusing
    what does not hold for complex values (and, with ``real_output``, a complex result: a
    gradient is of a real function)."""
    fn, found = with_complex_rules(fn, spec.arg_kinds, spec.free)
    wrt, info = analyse_for(fn, spec.wrt, spec.arg_shapes, spec.arg_kinds, spec.rewrites_off, spec.free)
    info.complex_values = found
    refuse_unsupported_complex(fn, info.active, found)
    if real_output and isinstance(fn.result, Var) and fn.result in found and fn.result in info.active:
        raise NonDifferentiableError(
            f"{fn.name} may return a complex value; a gradient is of a real-valued function",
            hint="return a real number (np.real(...), np.abs(...) ** 2), or use transpiler.jvp / vjp")
    return fn, wrt, info
