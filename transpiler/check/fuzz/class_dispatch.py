"""Program classes for code the compiler decides while compiling from a value's kind, and for
the newest library objects, as people write them:

- ``dispatch``: helpers that branch on ``isinstance`` of what they are given (a list, a tuple,
  an array, a dict, a number: opt/isinstance_tests.py, frontend/never_run.py), called with list
  and tuple arguments, lists the function builds, ``collections.OrderedDict`` and dataclasses
  with ``field(default_factory=...)``; lists of arrays read from a closure or a global
  (frontend/free_arrays.py);
- ``tolerance-loops``: a ``while`` loop (or a ``for`` with ``break``) iterating to a tolerance on
  a norm of the step (``np.linalg.norm``, ``np.max(np.abs(...))``: the numbers reduced from arrays
  that reverse loops keep on their tapes, primitives/cost.py);
- ``signals``: a signal long enough for scipy.signal's zero-phase filters (``filtfilt``,
  ``sosfiltfilt``, ``decimate``, ``lfilter`` from ``zi=``), ``savgol_filter``, ``medfilt``,
  ``welch``, ``periodogram``, ``resample``; callable objects (``np.poly1d``,
  ``np.polynomial.Polynomial``, ``scipy.interpolate.interp1d``); a log-softmax (the
  log_softmax_adjoint rewrite); draws with a ``dtype=``.

Each is checked like any class program: the gradient against finite differences,
``value_and_grad``'s value, often ``jvp``, and now and then the Hessian.
"""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program

# helpers branching on the kind of their argument: each is correct Python for every kind it is
# given, and the compiler compiles only the branch a call's kind takes
DISPATCHING_HELPERS = {
    "energy": ["def energy(v):",
               "    if isinstance(v, (list, tuple)):",
               "        return sum(energy(u) for u in v)",
               "    if isinstance(v, dict):",
               "        return sum(energy(u) for u in v.values())",
               "    return np.sum(v * v)"],
    "scale": ["def scale(v, c):",
              "    if isinstance(v, list):",
              "        return [u * c for u in v]",
              "    if isinstance(v, tuple):",
              "        return tuple(u * c for u in v)",
              "    if isinstance(v, dict):",
              "        return {k: u * c for k, u in v.items()}",
              "    return v * c"],
    "as_array": ["def as_array(v):",
                 "    if isinstance(v, np.ndarray):",
                 "        return v",
                 "    return np.stack(v)"],
    "first": ["def first(v):",
              "    if isinstance(v, (list, tuple)):",
              "        return v[0]",
              "    return v"],
    "weigh": ["def weigh(c, v):",
              "    if isinstance(c, float):",
              "        return c * np.sum(v)",
              "    return np.sum(c * v)"],
}


def dispatch(m: Maker, seed: int) -> Program:
    """``f(x, xs, pair, s)``: ``xs`` a list argument, ``pair`` a tuple of two arrays; helpers
    dispatching on ``isinstance`` called on them, on lists and tuples ``f`` builds, an
    OrderedDict, a dataclass with default factories; free lists of arrays (a global, a closure)."""
    n = m.pick(2, 3)
    k = m.pick(1, 2, 3)
    names = {"x": (n,), "s": ()}
    header = ["import collections", "import dataclasses", "",
              f"BASIS = [np.array({m.floats(n)!r}), np.array({m.floats(n)!r})]",
              f"PAIRS = [(np.array({m.floats(n * n)!r}).reshape({n}, {n}), np.array({m.floats(n)!r}))"
              f" for _ in range({m.pick(1, 2)})]", ""]
    used = set()
    lines = []
    terms = []

    def helper(name):
        used.add(name)
        return name

    e = m.expr(names, (n,), 2, fallback="np.sin(x)")
    lines.append(f"    u = {e}")
    local = m.pick("[x, u]", "[u, x * s, np.cos(x)]", "(x, u)", "xs + [u]", "list(pair)", "tuple([x, u])",
                   "np.split(np.concatenate([x, u]), 2)", "{'p': x, 'q': u * s}")
    lines.append(f"    local = {local}")
    for _ in range(m.pick(2, 3, 4)):
        what = m.pick("xs", "pair", "local", "u", "x", "BASIS")
        choice = m.pick("energy", "scale", "as_array", "first", "weigh", "len")
        if choice == "energy":
            terms.append(f"{helper('energy')}({what})")
        elif choice == "scale":
            terms.append(f"{helper('energy')}({helper('scale')}({what}, {m.pick('s', '0.5', 'x')}))"
                         if what in ("xs", "local", "pair", "BASIS") else f"np.sum({helper('scale')}({what}, s))")
        elif choice == "as_array" and local.startswith("{") and what == "local":
            terms.append(f"np.sum(np.tanh({helper('as_array')}(list(local.values()))))")
        elif choice == "as_array":
            terms.append(f"np.sum(np.tanh({helper('as_array')}({what})))")
        elif choice == "first" and local.startswith("{") and what == "local":
            terms.append(f"np.sum({helper('first')}(local['p']) * x)")
        elif choice == "first":
            terms.append(f"np.sum({helper('first')}({what}) * x)")
        elif choice == "weigh":
            terms.append(f"{helper('weigh')}({m.pick('s', 'x', 'u', '0.5')}, {m.pick('x', 'u')})")
        else:
            terms.append(f"len({what}) * s" if what in ("xs", "local", "pair", "BASIS") else "s")
    if m.chance(0.5):           # a free list of arrays, read in a loop, zipped or stacked
        lines += [m.pick(f"    h = x\n    for W, b in PAIRS:\n        h = np.tanh(W @ h + b)",
                         "    h = sum(np.sum(w * x) for w in BASIS) * u",
                         "    h = np.stack(BASIS) @ x",
                         f"    h = x * 0.0\n    for w, c in zip(BASIS, {m.floats(2)!r}):\n        h = h + c * w * u")]
        terms.append("np.sum(h * h)")
    if m.chance(0.4):           # an OrderedDict made here, read in order and by key
        lines += ["    d = collections.OrderedDict()", "    d['a'] = x * s", f"    d['b'] = {m.pick('u', 'np.exp(0.3 * x)')}"]
        terms.append(m.pick(f"{helper('energy')}(d)", "sum(np.sum(v) for v in d.values())",
                            "np.sum(list(d.values())[-1] * d['a'])", "np.sum(list(d.items())[0][1])"))
    if m.chance(0.4):           # a dataclass whose fields have default factories
        header += ["@dataclasses.dataclass", "class Acc:", "    gain: float = 1.0",
                   "    terms: list = dataclasses.field(default_factory=list)",
                   f"    buf: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros({n}))",
                   "    opts: dict = dataclasses.field(default_factory=dict)", ""]
        lines += [f"    acc = Acc({m.pick('', 'gain=s', 's')})",
                  "    acc.terms.append(np.sum(x * u))", f"    acc.buf = acc.buf + {m.pick('x', 'u', 'x * s')}",
                  "    acc.opts['w'] = s * s"]
        terms.append(m.pick("acc.gain * sum(acc.terms) + np.sum(acc.buf ** 2) + acc.opts['w']",
                            f"{helper('energy')}(acc.terms) + {helper('energy')}(acc.buf) * acc.gain"))
    closure = m.chance(0.3)
    body = "\n".join(lines).split("\n")
    body.append(f"    return {' + '.join(terms)}")
    helpers = [line for name in DISPATCHING_HELPERS if name in used for line in DISPATCHING_HELPERS[name] + [""]]
    if closure:                 # f a closure over a list of arrays it reads (free_arrays)
        source_lines = [*helpers, "def make(BASIS):", "    def f(x, xs, pair, s):",
                        *["    " + line for line in body], "    return f", "", "f = make(BASIS)"]
    else:
        source_lines = [*helpers, "def f(x, xs, pair, s):", *body]
    return class_program(seed, module_source(seed, source_lines, header), ["x", "xs", "pair", "s"],
                         ["float", ("list", [(n,)] * k), ("tuple", [(n,), (n,)]), "float"],
                         [(n,), [(n,)] * k, [(n,), (n,)], ()], wrt=(0, 1, 2, 3), value=True,
                         forward=m.chance(0.5), order=2 if "energy" not in used and m.chance(0.2) else 1)
    # (energy recurses: a second derivative through a recursive call is refused by design)


def tolerance_loops(m: Maker, seed: int) -> Program:
    """A fixed-point or Newton iteration run until a norm of its step is below a tolerance: a
    contraction ``z = tanh(0.4 A z + x)``, Newton's square root, a damped average; the norm by
    ``np.linalg.norm``, ``np.max(np.abs(...))``, ``np.sqrt(np.sum(d * d))``; a ``while`` loop or a
    ``for`` with ``break``."""
    n = m.pick(2, 3, 4)
    names = {"x": (n,), "s": ()}
    x = m.expr(names, (n,), 1, fallback="x")
    step = m.pick("np.tanh(0.4 * (A @ z) + b)",
                  "0.5 * (z + c / z)",
                  "z - 0.5 * (z - np.cos(z) * 0.5 - b)",
                  "0.3 * np.sin(z) + b")
    start = "np.ones(N) * 1.5" if "c / z" in step else m.pick("np.zeros(N)", "b.copy()", "b * 0.5")
    norm = m.pick("np.linalg.norm(z_new - z)", "np.max(np.abs(z_new - z))", "np.sqrt(np.sum((z_new - z) ** 2))",
                  "np.abs(z_new - z).max()", "float(np.linalg.norm(z_new - z, np.inf))")
    lines = ["def f(x, A, s):", f"    b = 0.5 * np.tanh({x})", "    c = 1.0 + b * b", "    A = 0.6 * np.tanh(A) / N",
             f"    z = {start}"]
    if m.chance(0.6):
        lines += ["    err = 1.0", "    it = 0", f"    while err > {m.pick('1e-13', '1e-12')} and it < 200:",
                  f"        z_new = {step}", f"        err = {norm}", "        z = z_new", "        it += 1"]
    else:
        lines += ["    for it in range(200):", f"        z_new = {step}",
                  f"        if {norm} < {m.pick('1e-13', '1e-12')}:",
                  "            z = z_new" if m.chance(0.5) else "            pass", "            break", "        z = z_new"]
    out = m.pick("np.sum(z * z)", "np.sum(np.sin(z)) * s", "z @ b + s * s", "np.sum(z * x)")
    lines.append(f"    return {out} + {m.expr(names, (), 1, fallback='s')}")
    return class_program(seed, module_source(seed, lines, [f"N = {n}"]), ["x", "A", "s"], ["float"] * 3,
                         [(n,), (n, n), ()], wrt=(0, 1, 2), value=True, forward=m.chance(0.5),
                         order=2 if m.chance(0.15) else 1)


# (signal length 40: longer than filtfilt's padding (3 * 3), and than decimate's 27 by default)
_SIGNAL_CALLS = (
    "scipy.signal.filtfilt(bb, aa, y)", "scipy.signal.filtfilt(bb, aa, y, padlen=5)",
    "scipy.signal.filtfilt(bb, aa, y, padtype='even')",
    "scipy.signal.sosfiltfilt(sos, y)", "scipy.signal.decimate(y, 2)", "scipy.signal.decimate(y, 3, ftype='fir', zero_phase=False)",
    "scipy.signal.lfilter(bb, aa, y, zi=scipy.signal.lfilter_zi(bb, aa) * y[0])[0]",
    "scipy.signal.lfilter(bb, aa, y, zi=zi0)[1]", "scipy.signal.sosfilt(sos, y, zi=scipy.signal.sosfilt_zi(sos) * y[0])[0]",
    "scipy.signal.savgol_filter(y, 7, 2)", "scipy.signal.savgol_filter(y, 9, 3, deriv=1)",
    "scipy.signal.savgol_filter(y, 5, 2, mode='nearest')",
    "scipy.signal.medfilt(y, 3)", "scipy.signal.welch(y, nperseg=16)[1]", "scipy.signal.periodogram(y)[1]",
    "scipy.signal.periodogram(y, window='hann')[1]", "scipy.signal.resample(y, 25)",
    "scipy.signal.detrend(scipy.signal.lfilter(bb, aa, y))",
    "np.poly1d(c)(y)", "np.poly1d(np.polyfit(T, y, 2))(T)", "np.polynomial.Polynomial(c)(y)",
    "scipy.interpolate.interp1d(T, y)(0.5 + 0.45 * np.sin(y[:7]))",
    "scipy.interpolate.interp1d(T, y, fill_value='extrapolate')(np.linspace(-0.1, 1.1, 5) + 0.01 * c[0])",
    "scipy.interpolate.interp1d(T, np.stack([y, y * y]), axis=1)(0.5 + 0.3 * np.tanh(c[:2]))",
    "scipy.special.log_softmax(y[:8])", "np.log(np.exp(y[:6]) / np.sum(np.exp(y[:6])))",
    "np.log(scipy.special.softmax(y[:5]))",
)


def signals(m: Maker, seed: int) -> Program:
    """``f(x, b, a, c, s)``: a signal ``y`` made from ``x`` (40 samples; noise drawn with a
    ``dtype=`` sometimes), a stable filter from ``b`` and ``a`` (``aa = [1, 0.4 tanh(a1), 0.3
    tanh(a2)]``), polynomial coefficients ``c``; one to three of :data:`_SIGNAL_CALLS`."""
    names = {"x": (40,), "s": ()}
    lines = ["def f(x, b, a, c, s):", f"    y = {m.expr(names, (40,), 1, fallback='np.sin(x)')}",
             "    bb = 0.5 * np.tanh(b)", "    aa = np.array([1.0, 0.0, 0.0]) + np.array([0.0, 0.4, 0.3]) * np.tanh(a)",
             "    sos = np.concatenate([bb, aa])[None, :]", "    zi0 = np.array([0.1, -0.2]) * s"]
    if m.chance(0.3):
        dtype = m.pick("np.float64", "np.float32")
        lines += ["    rng = np.random.default_rng(SEED)",
                  f"    y = y + 0.1 * rng.{m.pick('standard_normal(40', 'random(40')}, dtype={dtype})"]
    terms = []
    for i in range(m.pick(1, 2, 3)):
        lines.append(f"    e{i} = {m.rng.choice(_SIGNAL_CALLS)}")
        terms.append(f"np.sum({m.pick('np.sin', 'np.tanh')}(e{i}))")
    lines.append(f"    return {' + '.join(terms)} + s * np.sum(c)")
    header = ["import scipy.interpolate", "import scipy.signal", "import scipy.special",
              f"SEED = {m.rng.randrange(1000)}", "T = np.linspace(0.0, 1.0, 40)"]
    return class_program(seed, module_source(seed, lines, header), ["x", "b", "a", "c", "s"], ["float"] * 5,
                         [(40,), (3,), (3,), (4,), ()], wrt=(0, 1, 2, 3, 4), value=True,
                         forward=m.chance(0.5), order=2 if m.chance(0.1) else 1)
