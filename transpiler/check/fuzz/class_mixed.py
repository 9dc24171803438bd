"""Program classes drawing the newest features together, since merging branches that each
worked alone twice gave wrong code: Python's containers and names, and the newest array
spellings, each in loops, branches, helpers and closures, on float32 now and then, in forward
mode and to second order.

- ``container-appends``: appends into lists a container holds (``groups[k].append(v)``,
  ``d.setdefault(k, []).append(v)``, ``collections.defaultdict(list)``: frontend/item_appends.py,
  frontend/list_defaultdicts.py), a nested function writing ``total[0] += v``
  (helper_results.captured_writes), a tuple carried from ``state = None``
  (frontend/tuple_loops.py), free lists of numbers, ``isinstance`` of the containers built
  (frontend/values.container_type), arrays told apart by ``is`` and ``id``
  (``observes_identity``);
- ``array-spellings``: ``np.poly1d(c)(y)`` and scipy.interpolate's splines made and called at once,
  reversed views and ``np.cumsum`` (their adjoints), gathers with repeated positions (the
  ``counted_at`` scatter), shifted slices (the backend's ``first_writes``), einsum chains of three
  operands, one-sided clips, ``xlogy`` of a clipped probability (``nonzero_denominators``).

Each is checked like any class program: the gradient against finite differences,
``value_and_grad``'s value, often ``jvp``, and now and then the Hessian.
"""
from __future__ import annotations

from .class_dispatch import DISPATCHING_HELPERS
from .class_maker import Maker, class_program, module_source
from .program import Program


def _grouped(m: Maker, n: int, names: dict) -> tuple[list, str, set]:
    """Values appended into lists a dict or list holds, read back: (lines, term, helpers)."""
    make = m.pick("collections.defaultdict(list)", "{}", "[[] for _ in range(K)]", "dict()")
    is_list = make.startswith("[")
    v = m.expr({"xi": (), "wi": (), "s": ()}, (), 1, fallback="np.sin(xi) * wi")
    value = m.pick(v, f"({v}) * w", f"np.array([{v}, xi * wi])")
    key = "i % K" if is_list else m.pick("i % K", "'even' if i % 2 == 0 else 'odd'", "'pos' if xi > 0 else 'neg'")
    # (not drawn: `g = groups[k]; g.append(v)` in the loop, refused as "changing a list that may
    # be one the caller passed": the loop's carried container does not know its items are lists)
    if make.startswith("collections") or is_list:
        write = m.pick(f"groups[{key}].append(v)", f"groups[{key}] += [v]")
    else:
        write = m.pick(f"groups.setdefault({key}, []).append(v)",
                       f"k = {key}\n        if k not in groups:\n            groups[k] = []\n        groups[k].append(v)")
    loop = m.pick("for i, xi in enumerate(x):\n        wi = w[i]", "for i in range(N):\n        xi, wi = x[i], w[i]",
                  "for i, (xi, wi) in enumerate(zip(x, w)):")
    lines = [f"    groups = {make}", f"    {loop}", "        v = " + value]
    if m.chance(0.3):
        lines += ["        if wi > 1.5:", "            continue"]
    lines += ["        " + write]
    parts = "groups" if is_list else "groups.values()"
    term = m.pick(f"sum(np.sum(sum(g)) for g in {parts})",
                  f"sum(np.sum(np.stack(g) ** 2) for g in {parts} if len(g) > 0)",
                  f"sum(len(g) * np.sum(g[-1]) for g in {parts} if g)",
                  "energy(groups)")
    return lines, term, {"energy"} if term.startswith("energy") else set()


def _captured(m: Maker, n: int, names: dict) -> tuple[list, str, set]:
    """A nested function writing into a list or dict of its caller, called in a loop."""
    v = m.expr({"xi": (), "wi": (), "s": ()}, (), 1, fallback="xi * wi")
    box, target = m.pick(("total = [0.0]", "total[0]"), ("stats = {'sum': 0.0, 'n': 0}", "stats['sum']"),
                         ("acc = [0.0, 0.0]", "acc[i % 2]"))
    extra = "        stats['n'] += 1" if box.startswith("stats") else ""
    lines = [f"    {box}", "    def add(i, xi, wi):", f"        {target} += {v}"]
    if extra:
        lines.append(extra)
    call = m.pick("add(i, x[i], w[i])", "if x[i] > -1.0:\n            add(i, x[i], w[i])")
    lines += ["    for i in range(N):", f"        {call}"]
    term = {"total": "total[0]", "stats": "stats['sum'] * stats['n']", "acc = ": "acc[0] - 2.0 * acc[1]"}
    return lines, next(t for k, t in term.items() if box.startswith(k)), set()


def _from_none(m: Maker, n: int, names: dict) -> tuple[list, str, set]:
    """A tuple carried through a loop from ``state = None``."""
    v = m.expr(names, (n,), 1, fallback="np.sin(x)")
    test, first, later = m.pick(("state is None", "(v, v * v)", "(state[0] + v, 0.5 * state[1] + v * s)"),
                                ("state is not None", "(state[0] * 0.5 + v, state[1] + np.tanh(v))", "(v, v * 0.5)"))
    lines = ["    state = None", f"    for j in range({m.pick(1, 2, 3)}):", f"        v = {v} * (j + 1.0)",
             f"        if {test}:", f"            state = {first}", "        else:", f"            state = {later}"]
    return lines, m.pick("np.sum(state[0] * state[1])", "np.sum(state[0]) + np.sum(state[1] ** 2)"), set()


def _free_numbers(m: Maker, n: int, names: dict) -> tuple[list, str, set]:
    """A free list of numbers (a global ``COEFS``) read in a loop, zipped, enumerated."""
    lines = [m.pick("    h = x * 0.0\n    for c in COEFS:\n        h = h * np.tanh(x) + c",
                    "    h = sum(c * x ** i for i, c in enumerate(COEFS))",
                    "    h = x * 0.0\n    for c, d in zip(COEFS, COEFS[1:]):\n        h = h + c * np.sin(d * x)",
                    "    h = np.polyval(COEFS, np.tanh(x))",
                    "    h = x * (sum(COEFS) if isinstance(COEFS, list) else 1.0)")]
    return lines, "np.sum(h * w)", set()


def _identity(m: Maker, n: int, names: dict) -> tuple[list, str, set]:
    """Two arrays computed alike (or one), told apart by ``is``, ``id``, a helper; written through
    a list holding them."""
    e = m.expr(names, (n,), 1, fallback="np.cos(x)")
    second = m.pick(f"{e}", "a", "a if s > 0.0 else " + e, "a.copy()")
    test = m.pick("a is b", "a is not b", "id(a) == id(b)", "same(a, b)")
    lines = [f"    a = {e}", f"    b = {second}"]
    if m.chance(0.15):          # (a read of `a` after it is refused, a known limit: array_augassign)
        lines += ["    pair = [a, b]", "    pair[0] += 1.0"]
    lines += [f"    if {test}:", "        r = np.sum(a * w) + np.sum(b)", "    else:", "        r = np.sum(a * b * w)"]
    return lines, "r", {"same"} if "same(" in test else set()


def _built_kinds(m: Maker, n: int, names: dict) -> tuple[list, str, set]:
    """``isinstance`` of containers built here, through the dispatching helpers."""
    # (not drawn, refused: `dict(zip(['p', 'q'], [x, y]))`, "a dict comprehension over values known
    # only at run time"; `parts = scale(parts, s)` rebinding the name, `v * v` on a list in energy)
    built = m.pick("[x, w * s]", "tuple([x, w])", "{'p': x, 'q': w * s}", "list((x, w))",
                   "dict(p=x, q=np.tanh(w))", "[x] + [w]", "(x,) * 2")
    lines = [f"    parts = {built}"]
    if m.chance(0.4):
        lines += [m.pick("    parts = scale(parts0, s)", "    parts = scale(parts0, 0.5)")]
        lines[0] = f"    parts0 = {built}"
    term = m.pick("energy(parts)", "np.sum(np.tanh(as_array(list(parts.values()) if isinstance(parts, dict) else parts)))",
                  "len(parts) * s + energy(parts)")
    used = {"energy"} if "energy" in term else {"as_array"}
    return lines, term, used | ({"scale"} if any("scale" in l for l in lines) else set())


_BLOCKS = (_grouped, _captured, _from_none, _free_numbers, _identity, _built_kinds)
_SAME = ["def same(p, q):", "    return p is q", ""]


def container_appends(m: Maker, seed: int) -> Program:
    """``f(x, w, s)``: two to four of the blocks above, one of them sometimes inside a helper
    ``part(x, w, s)`` or under a branch on ``s``; ``f`` now and then a closure made by ``make``;
    float32 arguments now and then."""
    n = m.pick(2, 3, 4)
    names = {"x": (n,), "w": (n,), "s": ()}
    header = ["import collections", "", f"N = {n}", f"K = {m.pick(2, 3)}", f"COEFS = {m.floats(m.pick(2, 3, 4))!r}", ""]
    used: set = set()
    body: list = []
    helper_lines: list = []
    terms = []
    for i, block in enumerate(m.rng.sample(_BLOCKS, m.pick(2, 3, 4))):
        lines, term, needs = block(m, n, names)
        used |= needs
        where = m.pick("here", "here", "helper", "branch")
        if where == "helper" and not helper_lines:
            helper_lines = ["def part(x, w, s):", *lines, f"    return {term}", ""]
            terms.append("part(x, w, s)")
        elif where == "branch":
            body += ["    if s > -1.5:", *["    " + line for line in "\n".join(lines).split("\n")],
                     f"        t{i} = {term}", "    else:", f"        t{i} = np.sum(x * w)"]
            terms.append(f"t{i}")
        else:
            body += lines + [f"    t{i} = {term}"]
            terms.append(f"t{i}")
    body.append(f"    return {' + '.join(terms)}")
    helpers = [line for name in DISPATCHING_HELPERS if name in used for line in DISPATCHING_HELPERS[name] + [""]]
    helpers += _SAME if "same" in used else []
    if m.chance(0.25):          # f a closure over the list of numbers (a free list, not a global)
        source = [*helpers, *helper_lines, "def make(COEFS):", "    def f(x, w, s):",
                  *["    " + line for line in "\n".join(body).split("\n")], "    return f", "", "f = make(COEFS)"]
    else:
        source = [*helpers, *helper_lines, "def f(x, w, s):", *body]
    float32 = m.chance(0.15)
    kind = "float32" if float32 else "float"
    return class_program(seed, module_source(seed, source, header), ["x", "w", "s"], [kind, kind, "float"],
                         [(n,), (n,), ()], wrt=(0, 1, 2), value=True, forward=m.chance(0.5), float32=float32,
                         order=2 if "energy" not in used and not float32 and m.chance(0.2) else 1, refusable=True)
    # (refusable: some combinations are refused, located, as the docs say: an append through a
    # name for a list read in a loop, `dict(zip(keys, [x, y]))`; the sweep counts them apart)
    # (energy recurses: a second derivative through a recursive call is refused by design; float32
    # not to second order: see array_spellings)


_SPLINES = ("scipy.interpolate.CubicSpline(T, y)(Q)", "scipy.interpolate.CubicSpline(T, y, bc_type='natural')(Q, 1)",
            "scipy.interpolate.CubicSpline(T, y, bc_type='clamped')(Q)",
            "scipy.interpolate.make_interp_spline(T, y, k=3)(Q)", "scipy.interpolate.make_interp_spline(T, y, k=1)(Q)",
            "scipy.interpolate.PchipInterpolator(T, y)(Q)", "scipy.interpolate.Akima1DInterpolator(T, y)(Q)",
            "scipy.interpolate.interp1d(T, y, kind='cubic')(Q)", "scipy.interpolate.interp1d(T, y, kind='quadratic')(Q)",
            "scipy.interpolate.CubicHermiteSpline(T, y, np.gradient(y, T))(Q)")
_SPELLINGS = (
    "np.poly1d(c)(y)", "np.poly1d(c[::-1])(np.tanh(y))", "np.polyval(c, y)",
    "y[::-1] * w", "np.cumsum(y[::-1])[::-1]", "np.cumsum(y * s)", "np.cumsum(y)[-1] * y", "np.cumsum(y)[::-1] * w",
    "np.concatenate([y[:1], y[1:] - y[:-1]])", "y[1:] * y[:-1]", "np.diff(y) ** 2", "y[2:] + y[:-2] - 2.0 * y[1:-1]",
    "y[idx]", "y[idx] * w[idx]", "np.sum(y[idx]) * w",
    "np.einsum('i,ij,j->', y[:3], M, w[:3])", "np.einsum('ij,jk,k->i', M, M.T, y[:3])",
    "np.einsum('i,i,i->i', y, w, y)",
    "np.clip(y, -0.5, None)", "np.clip(y, None, 0.7)", "np.log(np.clip(y * y, 1e-3, None))",
    "scipy.special.xlogy(p, np.clip(q, 1e-6, 1.0 - 1e-6)) + scipy.special.xlogy(1.0 - p, 1.0 - np.clip(q, 1e-6, 1.0 - 1e-6))",
    "scipy.special.xlogy(w * w, np.clip(y, 0.1, None))",
)


def array_spellings(m: Maker, seed: int) -> Program:
    """``f(y0, w, c, s, idx)``: a signal ``y`` from ``y0``, probabilities ``p``, ``q``, a matrix ``M``,
    then two to four of :data:`_SPELLINGS` and the splines, each now and then in a loop, under a
    branch or in a helper (a global ``T`` or query points ``Q`` of the module)."""
    n = m.pick(5, 6, 8)
    names = {"y0": (n,), "w": (n,), "s": ()}
    lines = [f"    y = {m.expr(names, (n,), 1, fallback='np.sin(y0)')}",
             "    p = 0.5 + 0.5 * np.tanh(w)", "    q = 0.5 + 0.5 * np.tanh(y0 * s)",
             "    M = np.outer(np.tanh(c[:3]), w[:3]) + np.eye(3)"]
    terms, helpers = [], []
    for i in range(m.pick(2, 3, 4)):
        call = m.rng.choice(_SPLINES) if m.chance(0.25) else m.rng.choice(_SPELLINGS)
        where = m.pick("here", "here", "loop", "branch", "helper")
        reduce = m.pick("np.sum(np.sin({}))", "np.sum(({}) ** 2)", "np.sum(np.tanh({}) * s)")
        if where == "helper" and helpers:
            where = "here"
        if where == "loop":
            lines += [f"    a{i} = 0.0", f"    for k in range({m.pick(2, 3)}):",
                      f"        a{i} = a{i} + 0.5 * {reduce.format(call)}", "        y = np.tanh(y) + 0.1 * k"]
        elif where == "branch":
            lines += ["    if s > 0.0:", f"        a{i} = {call}", "    else:", f"        a{i} = {call} * s"]
        elif where == "helper":
            helpers = ["def piece(y, w, c, s, idx, p, q, M):", f"    return {reduce.format(call)}", ""]
            lines.append(f"    a{i} = piece(y, w, c, s, idx, p, q, M)")
        else:
            lines.append(f"    a{i} = {call}")
        terms.append(f"a{i}" if where in ("loop", "helper") else reduce.format(f"a{i}"))
    lines.append(f"    return {' + '.join(terms)}")
    header = ["import scipy.interpolate", "import scipy.special", "", f"T = np.linspace(0.0, 1.0, {n})",
              f"Q = np.array({sorted(round(m.rng.uniform(0.02, 0.98), 3) for _ in range(4))!r})"]
    float32 = m.chance(0.15)
    kind = "float32" if float32 else "float"
    return class_program(seed, module_source(seed, [*helpers, "def f(y0, w, c, s, idx):", *lines], header),
                         ["y0", "w", "c", "s", "idx"], [kind, kind, "float", "float", ("index", n)],
                         [(n,), (n,), (4,), (), (n + 2,)], wrt=(0, 1, 2, 3), value=True,
                         forward=m.chance(0.5), float32=float32, order=2 if not float32 and m.chance(0.2) else 1)
    # (not float32 to second order: the Hessian's check takes finite differences of the gradient
    # at steps of 1e-5, below what float32 arithmetic resolves)
