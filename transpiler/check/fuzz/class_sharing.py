"""A program class for value sharing (opt/repeated.py's ``repeated_values`` before and after the
transform, and the lowering's own sharing, frontend/recomputed_values.py): an expression written
twice on the same name, ``a = E(y)`` and ``b = E(y)``, with something between the two that may
make them two values or two objects, or nothing.

- ``shared-values``: ``E`` is one of :data:`_COMPUTED` (slices, reshapes, reversals, ``np.diff``,
  ``np.cumsum``, concatenations of displays, elementwise functions, reductions, products, solves,
  ``weighted_rows``' sum, copies, random draws), of ``y``, an array the function made (or a
  parameter). Between the two: ``y`` rebound, written in place (an item, a slice, ``*=``,
  ``np.add.at``, ``out=``, ``sort``, ``copyto``, ``fill``, a mask, a helper or a closure writing
  into it, an entry of a dict or list holding it), a global's list appended to, a counter, a
  global dict's entry, or ``a`` written in place, or nothing; the pair
  sits at the top level, in a loop, under a branch, or in a helper called twice (on the same
  arguments or others), and is sometimes told apart by ``is``. The function returns
  ``sum(a * b)`` and ``y`` read after, so a shared value shows.

Checked like any class program: the gradient against finite differences, the value, often
``jvp``, now and then the Hessian; float32 now and then. Refusals are allowed (located, with a
hint): a view read after a write into its base, or an array read after a write through another
name that may hold it, are refused as the docs say.
"""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program

# E(v): (the expression, what it makes: a "view" of v, a "new" array, a "number")
_COMPUTED = (
    ("{v}[1:]", "view"), ("{v}[::-1]", "view"), ("{v}.reshape(N, 1)", "view"), ("{v}[:, None].T", "view"),
    ("np.diff({v})", "new"), ("np.cumsum({v})", "new"), ("np.concatenate([{v}, w])", "new"),
    ("np.concatenate([{v}[:1], {v}[1:] - {v}[:-1]])", "new"), ("np.exp(0.5 * {v})", "new"),
    ("{v} * w", "new"), ("np.tanh({v}) * s", "new"), ("scipy.special.expit({v} * s)", "new"),
    ("np.sum({v} ** 2)", "number"), ("np.mean({v})", "number"), ("np.max({v})", "number"),
    ("np.outer({v}, w)", "new"), ("M @ {v}", "new"), ("np.linalg.solve(M, {v})", "new"),
    ("np.sum(w[:, None] * np.outer({v}, w), axis=0)", "new"), ("{v}.copy()", "new"),
    ("np.array({v})", "new"), ("{v}[1:] * {v}[:-1]", "new"), ("np.sort({v})", "new"),
    ("rng.standard_normal(N) * {v}", "new"), ("np.zeros(N) + {v}", "new"),
)
# two spellings that look alike to a comparison of constants by == but are two values
_TWINS = (("np.copysign({v}, {v} * 0.0)", "np.copysign({v}, {v} * -0.0)"), ("{v} / 3", "{v} / 3.0"),
          ("np.arctan2({v} * 0.0, -1.0 - w * w)", "np.arctan2({v} * -0.0, -1.0 - w * w)"),
          ("np.copysign(1.0, np.full(N, 0.0)) * {v}", "np.copysign(1.0, np.full(N, -0.0)) * {v}"),
          ("np.round({v} * 3.0, 1)", "np.round({v} * 3.0, True)"))
# what happens between a = E(y) and b = E(y); "" for nothing
_CHANGES = (
    "", "", "", "y = y * s", "y = np.tanh(y) + w", "y[0] = s", "y[1:] += w[1:]", "y *= s",
    "y[::2] -= s * w[::2]", "y[-1] += y[0] * s", "np.add.at(y, [0, 0, 1], s)", "np.multiply(y, s, out=y)",
    "np.tanh(y, out=y)", "y.sort()", "np.copyto(y, w * s)", "y.fill(s)", "np.put(y, [0, 2], [s, s])",
    "y[[0, 1]] += s", "y[y > 0] *= s", "y[:] = y[::-1]", "bump(y, s)",
    "def nudge():\n    y[0] = y[0] * s + w[0]\nnudge()",
    "for i in range(N):\n    y[i] = y[i] * s + w[i]",
    "if s > 0.0:\n    y[1] = s\nelse:\n    y = y + w",
    "d = {'y': y}\nd['y'] += s",
    "L = [w, y]\nL[1][0] = s", "y = y[::-1]", "y = w * 1.0", "y0 = y\ny = np.tanh(y) * s\ny = y0",
    "y = y[::-1]\ny[0] = s", "while np.sum(y * y) > 0.5:\n    y = y * 0.5",
    "LOG.append(np.sum(y))", "COUNT[0] += 1\ny = y * (1.0 + 0.0 * COUNT[0])", "LAST['y'] = y\ny = LAST['y'] * s",
)
_REBINDINGS = ("", "", "y = y * s", "y = np.tanh(y) + w", "if s > 0.0:\n    y = y * w")
# a write into the first result (where it is a new array, not a view of y)
_WRITES_INTO_A = ("a[0] = s", "a *= s", "a += 1.0", "a[-1] = a[0] * s")
_HELPERS = {"bump": ["def bump(v, s):", "    v[0] = v[0] * s", "    v[1:] += 0.5 * s", ""]}
_INIT = ("x * 1.0", "np.sin(x) + w", "x.copy()", "np.array(x)", "x")


def _indented(text: str, depth: int) -> list[str]:
    return [" " * (4 * depth) + line for line in text.split("\n")]


def _pair(m: Maker, depth: int, i: int) -> tuple[list[str], list[str], set]:
    """``a = E(y)``, a change, ``b = E(y)`` at ``depth`` (indentation levels), ``E`` written out,
    in a module helper ``comp{i}(y, ...)``, a closure ``comp{i}()`` reading ``y`` when called, or a
    lambda: (the lines, the module helper's lines, the helpers of :data:`_HELPERS` used)."""
    computed, makes = m.rng.choice(_COMPUTED)
    change = m.rng.choice(_CHANGES)
    if makes == "view" and change not in _REBINDINGS and m.chance(0.75):
        change = m.rng.choice(_REBINDINGS)      # (mostly: a view read after its base is written is refused)
    if not change and makes == "new" and m.chance(0.4):
        change = m.rng.choice(_WRITES_INTO_A)
    lines, module = [], []
    wrapper = m.pick("plain", "plain", "plain", "helper", "closure", "lambda")
    if wrapper == "helper":
        module = [f"def comp{i}(v, w, s, M, rng):", f"    return {computed.format(v='v')}", ""]
        e = f"comp{i}(y, w, s, M, rng)"
    elif wrapper == "closure":       # (reads `y` when called: after `y = y * s`, the new one)
        lines = _indented(f"def comp{i}():\n    return {computed.format(v='y')}", depth)
        e = f"comp{i}()"
    elif wrapper == "lambda":
        lines = _indented(f"comp{i} = lambda v: {computed.format(v='v')}", depth)
        e = f"comp{i}(y)"
    else:
        e = computed.format(v=m.pick("y", "y", "y", "y[:N]"))
    twin = e
    if wrapper == "plain" and m.chance(0.15):
        e, twin = (spelling.format(v="y") for spelling in m.rng.choice(_TWINS))
    lines += _indented(f"a = {e}", depth) + (_indented(change, depth) if change else [])
    lines += _indented(f"b = {twin}", depth)
    if m.chance(0.15):
        lines += _indented("if a is b:\n    b = b * 2.0", depth)
    return lines, module, {name for name in _HELPERS if f"{name}(" in change}


def shared_values(m: Maker, seed: int) -> Program:
    """``f(x, w, s)``: ``y`` made from ``x``, then one or two pairs ``a = E(y); change; b = E(y)``,
    each at the top level, in a loop, under a branch on ``s`` or in a helper ``part(y, w, s)``
    (called twice); returns the pairs' ``sum(a * b)`` and ``y`` read after."""
    n = m.pick(3, 4, 5)
    body = [f"    y = {m.rng.choice(_INIT)}", "    M = 2.0 * np.eye(N) + 0.3 * np.outer(np.tanh(w), np.cos(w))",
            f"    rng = np.random.default_rng({m.rng.randrange(100)})", "    t = 0.0"]
    helpers: list[str] = []
    used: set = set()
    for i in range(m.pick(1, 1, 2)):
        where = m.pick("here", "here", "loop", "branch", "helper")
        if where == "helper" and helpers:
            where = "here"
        if where == "helper":
            lines, module, needs = _pair(m, 1, i)
            helpers += [*module, "def part(y, w, s, M, rng):", *lines, "    return np.sum(a * b) + np.sum(y * w)", ""]
            second = m.pick("part(y, w, s, M, rng)", "part(w * 1.0, y, s, M, rng)", "part(y * s, w, s, M, rng)")
            body += ["    t = t + part(y, w, s, M, rng)", f"    t = t + {second}"]
        else:
            depth = 1 if where == "here" else 2
            lines, module, needs = _pair(m, depth, i)
            helpers += module
            head = {"loop": [f"    for k in range({m.pick(2, 3)}):"], "branch": ["    if s > -1.0:"]}.get(where, [])
            body += head + lines + _indented("t = t + np.sum(a * b)", depth)
        used |= needs
    body.append(f"    return t + {m.pick('np.sum(y * w)', 'np.sum(np.sin(y))', 'np.sum(y[1:] * y[:-1])')}")
    source = [*(line for name in sorted(used) for line in _HELPERS[name]), *helpers, "def f(x, w, s):", *body]
    float32 = m.chance(0.15)
    kind = "float32" if float32 else "float"
    header = ["import scipy.special", "", f"N = {n}", "LOG = []", "COUNT = [0]", "LAST = {}"]
    return class_program(seed, module_source(seed, source, header), ["x", "w", "s"], [kind, kind, "float"],
                         [(n,), (n,), ()], wrt=(0, 1, 2), value=True, forward=m.chance(0.5), float32=float32,
                         order=2 if not float32 and m.chance(0.2) else 1, refusable=True)
    # (refusable: a view read after a write into its base, an array read after a write through a
    # name that may hold it, are refused by design, located; the sweep counts them apart. float32
    # not to second order: see class_mixed.array_spellings)
