"""The ``transpiler`` command: print generated derivative code (or the SSA) of FILE.py:FUNC."""
from __future__ import annotations

import argparse
import importlib.util
import inspect
import math
import sys
from pathlib import Path

from . import api
from .api.arguments import output_shape
from .api.numbers import annotated_shapes, kind_of, shape_of
from .driver import pipeline
from .errors import OutputShapeError, TranspileError
from .ir import Assign, Copy, walk

EXAMPLES = {
    "grad": "example:\n  transpiler grad examples/seed_functions.py:sigmoid_loss --wrt w,x\n"
            "  transpiler grad examples/seed_functions.py:sigmoid_loss --wrt w,x --at \"w=0.5, x=2.0\"\n"
            "  transpiler grad examples/seed_functions.py:sigmoid_loss --print-after ad\n"
            "  transpiler grad examples/seed_functions.py:sigmoid_loss --ssa\n"
            "  transpiler grad examples/seed_functions.py:sigmoid_loss --mode forward\n"
            "  transpiler grad examples/seed_functions.py:sigmoid_loss --wrt w,x --strong-zeros\n"
            "  transpiler hessian examples/seed_functions.py:lecture_f",
    "check": "example:\n  transpiler check examples/seed_functions.py:sigmoid_loss --at \"w=0.5, x=2.0\" --wrt w,x\n"
             "  transpiler check model.py:loss --at \"w=[0.1, -0.3], b=0.5, x=[1, 2]\" --wrt w,b --symbolic\n\n"
             "exit status: 0 if the gradients agree, 1 if they do not (or finite differences are\n"
             "inconclusive there), 2 on an error.",
}


class UsageError(Exception):
    """A problem with what the user typed: reported in one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transpiler", description="Print the derivative code transpiler generates.",
        epilog=EXAMPLES["grad"], formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    grad = commands.add_parser(
        "grad", help="print the reverse-mode gradient of FILE.py:FUNC",
        description="Print the reverse-mode gradient of FILE.py:FUNC as a Python module.",
        epilog=EXAMPLES["grad"], formatter_class=argparse.RawDescriptionHelpFormatter)
    grad.add_argument("target", metavar="FILE.py:FUNC")
    grad.add_argument("--wrt", default=None,
                      help="comma-separated parameter names or indices (default: the first)")
    add_stage_arguments(grad)
    grad.add_argument("--mode", choices=("reverse", "forward"), default="reverse",
                      help="reverse (a gradient; default) or forward (a Jacobian-vector product)")
    add_output_arguments(grad)
    graph = commands.add_parser(
        "graph", help="print the computational graph of FILE.py:FUNC as Graphviz DOT",
        description="Print the SSA of FILE.py:FUNC as a Graphviz DOT graph: a node per value and "
                    "primitive, an edge per use. Rendered to SVG/PNG with -o when `dot` is installed.",
        epilog="example:\n  transpiler graph examples/seed_functions.py:sigmoid_loss\n"
               "  transpiler graph examples/seed_functions.py:sigmoid_loss -o graph.svg",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    graph.add_argument("target", metavar="FILE.py:FUNC")
    graph.add_argument("-o", "--output", metavar="FILE", help="write DOT (.dot) or render (.svg/.png) to FILE")
    hessian = commands.add_parser(
        "hessian", help="print the Hessian code of FILE.py:FUNC (forward mode over the gradient)",
        description="Print the code transpiler.hessian runs: the forward-mode derivative of the "
                    "generated reverse-mode gradient of FILE.py:FUNC.",
        epilog="example:\n  transpiler hessian examples/seed_functions.py:lecture_f",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    hessian.add_argument("target", metavar="FILE.py:FUNC")
    hessian.add_argument("--wrt", default=None, help="the parameter name or index (default: the first)")
    hessian.add_argument("--mode", choices=("reverse", "forward"), default="reverse",
                         help="reverse (forward mode over the gradient; default) or forward (forward over "
                              "forward mode, hessian(f, mode='forward'))")
    add_stage_arguments(hessian, ssa=False)
    add_output_arguments(hessian)
    check = commands.add_parser(
        "check", help="compare the gradient of FILE.py:FUNC with finite differences at a point",
        description="Compute the reverse-mode gradient of FILE.py:FUNC at a point, compare it with "
                    "central finite differences (and, with --symbolic, with sympy), and print both "
                    "gradients and the verdict.",
        epilog=EXAMPLES["check"], formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("target", metavar="FILE.py:FUNC")
    check.add_argument("--at", required=True, metavar="NAME=VALUE, ...",
                       help="the point: Python literals by parameter name; lists become float arrays "
                            "(in dicts too)")
    check.add_argument("--wrt", default=None,
                       help="comma-separated parameter names or indices "
                            "(default: every parameter --at gives a number or list)")
    check.add_argument("--rtol", type=tolerance, default=1e-6, help="relative tolerance (default 1e-6)")
    check.add_argument("--atol", type=tolerance, default=1e-8, help="absolute tolerance (default 1e-8)")
    check.add_argument("--stencil", type=int, choices=(2, 4), default=2,
                       help="finite-difference order: 2 (3-point, default) or 4 (5-point)")
    check.add_argument("--symbolic", action="store_true",
                       help="also compare with sympy's derivative of the function's SSA (scalars)")
    return parser


def tolerance(text: str) -> float:
    """A tolerance: a number, zero or more (argparse reports the ValueError as an invalid value)."""
    value = float(text)
    if not value >= 0:
        raise ValueError(text)
    return value


def add_output_arguments(command: argparse.ArgumentParser) -> None:
    """``--standalone`` and ``-o``, for a subcommand that prints a module."""
    command.add_argument("--standalone", action="store_true",
                         help="refuse code that needs transpiler at run time (custom rules, recursion): "
                              "the module must run with NumPy alone")
    command.add_argument("-o", "--output", metavar="FILE", help="write the module to FILE instead of stdout")


def add_stage_arguments(command: argparse.ArgumentParser, ssa: bool = True) -> None:
    """``--at`` (print what a call with those values runs) and ``--print-after`` (the IR or code
    after any stage of the pipeline) for a subcommand that prints code."""
    command.add_argument("--at", metavar="NAME=VALUE, ...",
                         help="print the code a call with these values runs, specialised to their shapes "
                              "and dtypes: Python literals by parameter name (lists become float arrays)")
    shown = command.add_mutually_exclusive_group()
    shown.add_argument("--print-after", metavar="STAGE",
                       help="print the IR or code after STAGE of the pipeline instead: lower, specialize "
                            "(with --at), ad, or any pass (an unknown STAGE lists them); lower:python, "
                            "specialize:python and a pass on the IR (dead_code:python) print that IR "
                            "as the Python it computes")
    command.add_argument("--strong-zeros", action="store_true",
                         help="print the code a call runs again where this code's derivative came out NaN "
                              "(a zero adjoint times an infinite partial): every elementwise product of the "
                              "chain rule is strong_zero_times (docs/modes.md, 'Zero times infinity')")
    if ssa:
        shown.add_argument("--ssa", action="store_true",
                           help="print the SSA (Wengert list) instead (as --print-after lower)")
    command.set_defaults(subparser=command)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args)
    try:
        func = load_function(args.target)
        if args.command == "graph":
            return write_graph(graph_dot(pipeline.lowered(func)), args.output)
        text = generated_text(func, args)
        if getattr(args, "standalone", False) and "not printable here" in text:
            raise UsageError("this gradient calls custom rules (or a recursive function's gradient, or sets a global), "
                             "which a standalone module cannot contain")
        write_text(text, getattr(args, "output", None))
    except TranspileError as exc:
        print(f"transpiler: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except api.UnknownStageError as exc:
        needs_at = ("; 'specialize' needs --at" if exc.stage == "specialize" and args.at is None
                    and args.command == "grad" and args.mode == "reverse" else "")
        args.subparser.error(f"argument --print-after: invalid choice: {exc.stage!r} "
                             f"(choose from {', '.join(map(repr, exc.stages))}){needs_at}")
    except (UsageError, ValueError, TypeError) as exc:
        print(f"transpiler: error: {exc}", file=sys.stderr)
        return 2
    return 0


def generated_text(func, args) -> str:
    """What ``grad`` or ``hessian`` prints: the derivative's module, for any shapes or, with
    ``--at``, the one a call with those values runs; with ``--print-after``, the IR or code after
    that stage; with ``--ssa``, the function's SSA."""
    if getattr(args, "ssa", False):
        if args.strong_zeros:
            raise UsageError("--ssa prints the function's SSA, the same for both codes: leave out --strong-zeros")
        return pipeline.lowered(func).listing()
    wrt = parse_wrt(args.wrt)
    point = None
    if args.at is not None:
        names = list(inspect.signature(func).parameters)
        indices, _ = api.normalize_wrt(wrt if isinstance(wrt, tuple) else (wrt,), names)
        point = tuple(point_arguments(parse_point(args.at, func), indices))
    if args.command == "hessian" or args.mode == "reverse":
        refuse_visible_non_scalar_output(func, point, args.command)
    if args.command == "hessian":
        return api.hessian_source(func, wrt, args=point, print_after=args.print_after, strong_zeros=args.strong_zeros,
                                  mode=args.mode)
    if args.mode == "forward":
        return api.tangent_source(func, wrt, args=point, print_after=args.print_after, strong_zeros=args.strong_zeros)
    return api.Gradient(func, wrt, returns_value=False).source(args=point, print_after=args.print_after,
                                                               strong_zeros=args.strong_zeros)


def refuse_visible_non_scalar_output(func, point: tuple | None, command: str) -> None:
    """A gradient and a Hessian need a scalar output. Where the output's shape is known before
    anything runs (from the values --at gives, or from parameters annotated ``float``), one of
    more than one element is an error here, as it would be when the derivative is called; where
    it is not known, the code is printed (``transpiler check`` runs it and says so)."""
    shapes = tuple(shape_of(a) for a in point) if point is not None else annotated_shapes(func)
    kinds = tuple(kind_of(a) for a in point) if point is not None else (None,) * len(shapes)
    shape = output_shape(func, shapes, kinds)
    if shape is None or math.prod(shape) == 1:
        return
    fn = pipeline.lowered(func)
    made = [s.location for s in walk(fn.body) if isinstance(s, (Assign, Copy)) and s.target == fn.result]
    given = " at the point --at gives" if point is not None else ""
    raise OutputShapeError(
        f"{fn.name} returns a value of shape {shape}{given}; {command} needs a scalar output "
        "(or an array of one element)", made[-1] if made else None,
        hint="reduce the output (e.g. np.sum(...)), or print the code of its Jacobian-vector "
             "product with --mode forward")


def write_text(text: str, output: str | None) -> None:
    """To a file, or to the terminal (syntax-highlighted when pygments is installed)."""
    if output:
        try:
            Path(output).write_text(text)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    if sys.stdout.isatty():
        try:
            from pygments import highlight
            from pygments.formatters import TerminalFormatter
            from pygments.lexers import PythonLexer
        except ImportError:
            pass
        else:
            text = highlight(text, PythonLexer(), TerminalFormatter())
    sys.stdout.write(text)


def graph_dot(fn) -> str:
    """The SSA as a DOT graph: inputs, one node per primitive application, the result."""
    from .ir.nodes import Assign, Const, Copy, walk

    lines = [f'digraph "{fn.name}" {{', "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for p in fn.params:
        lines.append(f'  "{p}" [shape=box, style=bold];')
    for v in fn.free.values():
        lines.append(f'  "{v}" [shape=box, style=dashed];')
    for stmt in walk(fn.body):
        if isinstance(stmt, Assign):
            label = str(stmt).split(" = ", 1)[1].replace('"', '\\"')
            lines.append(f'  "{stmt.target}" [shape=ellipse, label="{stmt.target}\\n{label}"];')
            sources = stmt.args
        elif isinstance(stmt, Copy):
            lines.append(f'  "{stmt.target}" [shape=ellipse];')
            sources = (stmt.source,)
        else:
            continue
        for a in sources:
            if not isinstance(a, Const):
                lines.append(f'  "{a}" -> "{stmt.target}";')
    lines.append(f'  "{fn.result}" [peripheries=2];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_graph(dot: str, output: str | None) -> int:
    if output and Path(output).suffix in (".svg", ".png"):
        import shutil
        import subprocess

        if shutil.which("dot") is None:
            raise UsageError("rendering needs Graphviz's `dot` program; write a .dot file instead")
        done = subprocess.run(["dot", f"-T{Path(output).suffix[1:]}", "-o", output], input=dot.encode(),
                              capture_output=True)
        if done.returncode:
            raise UsageError(f"dot could not write {output}: {done.stderr.decode().strip()}")
        return 0
    write_text(dot, output)
    return 0


def parse_wrt(text: str | None):
    if text is None:
        return 0
    items = [int(t) if t.strip().lstrip("-").isdigit() else t.strip() for t in text.split(",")]
    return tuple(items) if len(items) > 1 else items[0]


def _located_syntax_error(exc: SyntaxError, path: str) -> str:
    """``path:line:col: SyntaxError: message``: located like the compiler's own errors."""
    return f"{exc.filename or path}:{exc.lineno}:{exc.offset or 0}: {type(exc).__name__}: {exc.msg}"


def load_function(target: str):
    path, sep, name = target.rpartition(":")
    if not sep or not path or not name:
        raise UsageError(f"expected FILE.py:FUNC, got {target!r}")
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"no such file: {path}")
    spec = importlib.util.spec_from_file_location(f"_transpiler_cli_{file.stem}", file)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(file.resolve().parent))
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise UsageError(f"importing {path} failed: {_located_syntax_error(exc, path)}") from None
    except Exception as exc:  # the user's module failed to import: report, don't trace back
        raise UsageError(f"importing {path} failed: {type(exc).__name__}: {exc}") from None
    finally:
        sys.path.pop(0)
    func = getattr(module, name, None)
    if func is None:
        raise UsageError(f"{path} has no function {name!r}")
    if not callable(func):
        raise UsageError(f"{path}:{name} is not a function")
    return func


# --------------------------------------------------------------------------- transpiler check
def run_check(args) -> int:
    """``transpiler check``: both gradients and the verdict; exit 0 (agree), 1 (not), 2 (error)."""
    from .check import SymbolicCheckError, check_grad, check_symbolic

    try:
        func = load_function(args.target)
        values = parse_point(args.at, func)
        names = list(values)
        wrt = parse_wrt(args.wrt) if args.wrt is not None else tuple(
            n for n, v in values.items() if _is_number(v))
        if wrt == ():
            raise UsageError("--at gives no number to differentiate with respect to; pass --wrt")
        indices, _ = api.normalize_wrt(wrt if isinstance(wrt, tuple) else (wrt,), names)
        point = point_arguments(values, indices)
        report = check_grad(func, *point, wrt=tuple(indices), rtol=args.rtol, atol=args.atol,
                            stencil=args.stencil)
        symbolic = check_symbolic(func, *point, wrt=tuple(indices)) if args.symbolic else None
    except TranspileError as exc:
        print(f"transpiler: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except (UsageError, SymbolicCheckError, ValueError, TypeError) as exc:
        print(f"transpiler: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the user's function failed at the point
        print(f"transpiler: error: calling {args.target} at the point failed: "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    shown = ", ".join(f"{n}={_show(v)}" for n, v in zip(names, point))
    lines = [f"{args.target} at {shown}: value {report.value:.12g}"]
    for result in report.arguments:
        lines.append(f"gradient with respect to {result.name}:")
        lines.append(f"  transpiler          {_show(result.analytic)}")
        lines.append(f"  finite differences  {_show(result.numeric)}")
    lines.append(str(report))
    if symbolic is not None:
        lines.append(str(symbolic))
    print("\n".join(lines))
    return 0 if report.ok and (symbolic is None or symbolic.ok) else 1


def parse_point(text: str, func) -> dict:
    """``"x=1.5, y=[1, 2]"`` -> the function's arguments by name, in parameter order."""
    import ast

    try:
        call = ast.parse(f"_({text})", mode="eval").body
    except SyntaxError:
        raise UsageError(f"--at: expected NAME=VALUE, ... got {text!r}") from None
    if call.args:
        raise UsageError(f"--at: name every value, e.g. \"x=1.5, y=2\" (got {text!r})")
    given = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise UsageError(f"--at: expected NAME=VALUE, ... got {text!r}")
        if keyword.arg in given:
            raise UsageError(f"--at gives {keyword.arg} more than once")
        try:
            given[keyword.arg] = ast.literal_eval(keyword.value)
        except (ValueError, TypeError, SyntaxError, RecursionError):   # (a name, a call; {[1]: 2})
            raise UsageError(f"--at: the value of {keyword.arg} must be a Python literal: {AT_VALUES}; "
                             f"got {ast.unparse(keyword.value)!r}") from None
    signature = inspect.signature(func)
    unknown = [n for n in given if n not in signature.parameters]
    if unknown:
        raise UsageError(f"--at: {', '.join(unknown)} is not a parameter of {func.__name__}; "
                         f"parameters are {', '.join(signature.parameters)}")
    try:
        bound = signature.bind(**given)
    except TypeError as exc:
        raise UsageError(f"--at: {exc}") from None
    bound.apply_defaults()
    return dict(bound.arguments)


AT_VALUES = "a number, a list of numbers (a float array), or a dict of those"


def point_arguments(values: dict, indices) -> list:
    """The arguments at a point --at gives: lists as float arrays (in dicts too), and floats (float
    arrays) where the derivative is taken, so that ``x=2`` means the number 2.0 there."""
    point = [_as_arrays(name, v) for name, v in values.items()]
    names = list(values)
    for i in indices:
        point[i] = _as_floats(names[i], point[i])
    return point


def _as_arrays(name: str, value):
    """``value`` with each list (or tuple) of numbers a float array."""
    import numpy as np

    if isinstance(value, dict):
        return {key: _as_arrays(name, item) for key, item in value.items()}
    if not isinstance(value, (list, tuple)):
        return value
    try:
        return np.array(value, dtype=float)
    except (ValueError, TypeError):
        raise UsageError(f"--at: {name}={value!r} is not a float array: a list must be of numbers, "
                         "or of lists of one length") from None


def _as_floats(name: str, value):
    """A value the derivative is taken with respect to, as floats: a number, a float array, or a
    dict of those."""
    import numpy as np

    if isinstance(value, dict):
        return {key: _as_floats(f"{name}[{key!r}]", item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise UsageError(f"--at: {name} is differentiated, so its value must be {AT_VALUES}; got {value!r}")


def _is_number(value) -> bool:
    """A number, or a list, tuple or dict of numbers: what ``check`` differentiates by default."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, dict):
        return bool(value) and all(_is_number(v) for v in value.values())
    return isinstance(value, (list, tuple)) and all(_is_number(v) for v in value)


def _show(value) -> str:
    import numpy as np

    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = float(value)
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=10, separator=", ").replace("\n", "\n" + " " * 22)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.12g}"
    return repr(value)
