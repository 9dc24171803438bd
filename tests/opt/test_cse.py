"""Common subexpressions on the IR (transpiler/opt/cse.py): a pure statement repeated in a
straight-line run is dropped and its readers read the first one's result, never across an
in-place write or for an array some statement writes into. The code below is made IR as reverse
mode's code is (ad/built.py, ad/reverse_ir.py) and printed back as the backend prints it."""
import ast
import re
import textwrap

import numpy as np

import transpiler
from transpiler.ad import built
from transpiler.ad.expressions import ExpressionLowering
from transpiler.ad.reverse_ir import lifted
from transpiler.backends.python_code import function_def
from transpiler.check import check_grad
from transpiler.ir import Const, Function, Var
from transpiler.ir.names import NameAllocator
from transpiler.opt.cse import share_common_subexpressions
from transpiler.primitives.written import written_in_place

RNG = np.random.default_rng(11)


def shared(code: str, restored: dict | None = None) -> str:
    """``code`` (its last statement binding ``c``, returned) after the pass, as printed.
    ``restored``: a tape's name -> ``name = expression``, the statement whose value its pops
    restore (reverse mode's values kept rather than computed again)."""
    body = ast.parse(code).body
    for loop in (n for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.For)):   # `for i in range(n)`,
        loop.ir_loop = ("forwards", (Var(loop.iter.args[0].id),))        # marked as the reverse builder marks it
    names_in = [n for n in ast.walk(ast.Module(body=body, type_ignores=[])) if isinstance(n, ast.Name)]
    stored = {n.id for n in names_in if isinstance(n.ctx, ast.Store)}
    params = sorted({n.id for n in names_in} - stored - {"np", "add_into", "range"})
    names = NameAllocator(stored | set(params))
    lowering = ExpressionLowering(names, (stored | set(params)).__contains__, lambda: names.fresh("_part"),
                                  written_in_place)
    base = Function("f", [], [], {}, [], Const(None), names)
    kept = {tape: built.lowered(*_assignment(stmt), lowering).ir_nodes[-1] for tape, stmt in (restored or {}).items()}
    fn = lifted(base, "f", params, [], _made(body, lowering), ast.Name(id="c", ctx=ast.Load()), names,
                lowering.folded, kept)
    after = share_common_subexpressions(fn)
    printed = ast.unparse(ast.fix_missing_locations(function_def(after, fold=False)))
    return textwrap.dedent(printed.split("\n", 1)[1].rsplit("\n", 1)[0])


def _made(stmts: list, lowering) -> list:
    """The statements made IR nodes as the reverse builder makes its own (ad/built.py)."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, ast.For):
            stmt.body = _made(stmt.body, lowering)
            out.append(stmt)
        elif isinstance(stmt, ast.Assign) and _popped(stmt.value):      # a tape's pop, as the builder makes it
            out.append(built.pop(stmt.targets[0].id, stmt.value.func.value.id))
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            out.append(built.lowered(stmt.targets[0].id, stmt.value, lowering))
        else:
            out.append(built.statement(stmt, lowering))
    return out


def _popped(value: ast.expr) -> bool:
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "pop" \
        and isinstance(value.func.value, ast.Name) and not value.args


def _assignment(stmt: str) -> tuple[str, ast.expr]:
    assign = ast.parse(stmt).body[0]
    return assign.targets[0].id, assign.value


def test_a_repeated_reduction_is_computed_once_and_its_readers_renamed():
    out = shared("a = g.sum(axis=0, keepdims=True)\nb = g.sum(axis=0, keepdims=True)\nc = a - b[0]")
    assert out == "a = g.sum(axis=0, keepdims=True)\nc = a - a[0]"
    out = shared("a = np.sum(g, axis=0)\nb = np.sum(g, axis=0)\nc = a * b")       # (primitives, keyword)
    assert out == "a = np.sum(g, axis=0)\nc = a * a"
    out = shared("a = np.exp(g * 2)\nb = np.exp(g * 2)\nc = a * b")               # (keyed with their parts)
    assert out == "a = np.exp(g * 2)\nc = a * a"


def test_nothing_is_shared_across_an_in_place_write_or_a_loop():
    assert shared("a = g * 2\ng[0] += 1\nb = g * 2\nc = a + b").count("g * 2") == 2
    assert shared("a = g * 2\nfor i in range(n):\n    b = g * 2\n    c = a + b").count("g * 2") == 2


def test_an_array_written_in_place_later_keeps_its_own_name():
    assert shared("a = g * 2\nb = g * 2\nb[0] += 1\nc = a + b").count("g * 2") == 2
    assert shared("a = g * 2\nb = g * 2\nv = b[1:]\nv += 1\nc = a + b").count("g * 2") == 2   # through a view
    assert shared("a = g * 2\nb = g * 2\nnp.add(a, 1, out=a)\nc = a + b").count("g * 2") == 2
    assert shared("a = g * 2\nb = g * 2\nd = add_into(b, 0, a)").count("g * 2") == 2


def test_fresh_arrays_and_names_bound_twice_are_never_shared():
    assert shared("a = np.zeros(3)\nb = np.zeros(3)\nc = a + b").count("np.zeros") == 2
    assert shared("a = np.copy(g)\nb = np.copy(g)\nc = a + b").count("np.copy") == 2
    assert shared("a = g * 2\nb = g * 2\nb = b + 1\nc = a + b").count("g * 2") == 2


def centred_loss(a, b, X):
    return np.sum((X - a[None, :] - b[None, :]) ** 2)


def test_two_parameters_broadcast_alike_share_one_sum_of_the_adjoint():
    a, b, X = RNG.standard_normal(4), RNG.standard_normal(4), RNG.standard_normal((7, 4))
    source = transpiler.grad(centred_loss, wrt=(0, 1)).compiled((a, b, X)).source
    assert source.count(".sum(axis=0") == 1
    assert check_grad(centred_loss, a, b, X, wrt=(0, 1))
    value, (da, db) = transpiler.value_and_grad(centred_loss, wrt=(0, 1))(a, b, X)
    assert np.isclose(value, centred_loss(a, b, X)) and np.allclose(da, db)


def test_a_value_is_forgotten_when_a_name_it_reads_or_is_held_by_is_rebound_far_from_it():
    # the index of what each name holds or reads (cse._forget) must find a value made 300
    # statements earlier, and must not forget values a rebound name has nothing to do with
    filler = "".join(f"f{k} = h * {k}\n" for k in range(300))
    out = shared(f"a = g * 2\n{filler}g = q\nb = g * 2\nc = a + b")
    assert out.count("g * 2") == 2                           # g rebound in between: not shared
    out = shared(f"a = g * 2\n{filler}w = q\nb = g * 2\nc = a + b")
    assert out.count("g * 2") == 1 and out.endswith("c = a + a")


def test_a_part_reads_a_value_a_name_bound_again_still_holds_or_an_equal_part():
    # (the adjoint of lam * np.dot(w, w): two equal contributions, the first bound to the name
    # that the sum then binds again; before, each computed lam * w)
    assert shared("a = lam * w\na = a + lam * w\nc = a * 2") == "a = lam * w\na = a + a\nc = a * 2"
    assert shared("c = lam * w + lam * w") == "_part = lam * w\nc = _part + _part"
    # not where the name was bound again (or an operand was) before the part is read, nor where
    # it is written into
    assert shared("a = lam * w\nw = w + 1\na = a + lam * w\nc = a * 2").count("lam * w") == 2
    assert shared("a = lam * w\na = w + w\na = a + lam * w\nc = a * 2").count("lam * w") == 2
    assert shared("a = lam * w\na = a + lam * w\na[0] = 1.0\nc = a * 2").count("lam * w") == 2


def logreg_dot(w, X, y, lam):
    return np.mean(np.logaddexp(0, -y * (X @ w))) + lam * np.dot(w, w)


def logreg_matmul(w, X, y, lam):
    return np.mean(np.logaddexp(0, -y * (X @ w))) + lam * (w @ w)


def squared_norm(v):
    return np.dot(v, v)


def logreg_helper(w, X, y, lam):
    return np.mean(np.logaddexp(0, -y * (X @ w))) + lam * squared_norm(w)


def logreg_closure(lam):
    return lambda w, X, y: np.mean(np.logaddexp(0, -y * (X @ w))) + lam * np.dot(w, w)


LAM = 0.03


def logreg_global(w, X, y):
    return np.mean(np.logaddexp(0, -y * (X @ w))) + LAM * np.dot(w, w)


def test_an_l2_penalty_scales_its_weights_once_in_every_spelling():
    X, w = RNG.standard_normal((20, 4)), RNG.standard_normal(4)
    y = np.where(RNG.uniform(size=20) < 0.5, 1.0, -1.0)
    cases = [(logreg_dot, (w, X, y, 0.03)), (logreg_matmul, (w, X, y, 0.03)), (logreg_helper, (w, X, y, 0.03)),
             (logreg_closure(0.03), (w, X, y)), (logreg_global, (w, X, y)),
             (logreg_dot, (w.astype(np.float32), X.astype(np.float32), y.astype(np.float32), 0.03))]
    for f, args in cases:
        code = transpiler.grad(f).compiled(args).source
        reverse = code[code.index("# reverse sweep"):]
        assert len(re.findall(r"\b(?:lam|LAM|0\.03) \* w\b", reverse)) == 1, reverse
        assert check_grad(f, *(a.astype(np.float64) if isinstance(a, np.ndarray) else a for a in args))


# a reverse loop's iteration: the carried value and np.sin of it popped from their tapes, then
# an adjoint reading np.sin(E) again (the adjoint of np.cos(E))
ITERATION = "for i in range(n):\n    E = _tape.pop()\n    s = s_tape.pop()\n{between}    c = g * np.sin(E) + s\n"
KEPT = {"s_tape": "s = np.sin(E)"}


def test_a_value_restored_from_its_tape_is_read_where_the_reverse_loop_computes_it_again():
    out = shared(ITERATION.format(between=""), KEPT)
    assert "np.sin" not in out and "c = g * s + s" in out and "s = s_tape.pop()" in out
    # the run goes on past another tape's pop and a pure statement
    out = shared(ITERATION.format(between="    t = u_tape.pop()\n    h = g * 2\n"), KEPT)
    assert "np.sin" not in out and "c = g * s + s" in out


def test_a_restored_value_is_not_read_once_its_name_or_an_operand_is_bound_again_or_written():
    for between in ("    E = E + 1.0\n", "    s = s * 2.0\n", "    s[0] = 0.0\n", "    print(E)\n"):
        out = shared(ITERATION.format(between=between), KEPT)
        assert "np.sin(E)" in out, (between, out)
    assert "np.sin(E)" in shared(ITERATION.format(between=""))          # (a tape nothing says it restores)
    assert "np.sin(E)" in shared(ITERATION.format(between=""), {"s_tape": "s = np.cos(E)"})
    # a draw kept on its tape is no value to compute again (never recorded as restored: and not pure)
    assert "np.sin(E)" in shared(ITERATION.format(between=""), {"s_tape": "s = rs.standard_normal(3)"})


def kepler(e, M):
    E = M
    for _ in range(4):
        E = E - (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
    return np.sum((np.cos(E) - e) ** 2)


def kepler_while(e, M, tol=1e-6):     # (float32's steps never fall below 1e-10: NumPy loops forever)
    E, step = M, np.ones_like(M)
    while np.max(np.abs(step)) > tol:
        step = (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
        E = E - step
    return np.sum((np.cos(E) - e) ** 2)


def test_a_newton_loop_reads_the_sine_and_cosine_its_tapes_restored_in_both_loop_spellings():
    M = RNG.uniform(0.1, 3.0, 6)
    for f in (kepler, kepler_while):
        for dtype in (np.float64, np.float32):
            args = (dtype(0.3), M.astype(dtype))
            code = transpiler.grad(f, wrt=(0, 1)).compiled(args).source
            reverse_loop = code[code.index("for _", code.index("# reverse sweep")):]
            assert "np.sin(E)" not in reverse_loop and "np.cos(E)" not in reverse_loop, code
            _, dM = transpiler.grad(f, wrt=(0, 1))(*args)
            assert dM.dtype == dtype
        assert check_grad(f, 0.3, M, wrt=(0, 1))
        _, dM = transpiler.grad(f, wrt=(0, 1))(0.3, M)
        jacobian = transpiler.jacobian(f, wrt=1, mode="forward")(0.3, M)
        assert np.allclose(jacobian, dM, rtol=1e-6, atol=1e-9)
