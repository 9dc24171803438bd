"""Program classes for the compiler's newest idioms, as people write them in models and losses:
values marked missing with ``np.where(mask, r, np.nan)`` and summed with ``np.nansum`` /
``np.nanmean`` (rewrites/nan_masks.py, reselected_branches.py, folded_scalings.py); a label's
log-probability picked per row, ``logp[np.arange(n), y]``, ``np.take_along_axis`` or
``np.eye(k)[y] * logp`` (ad/adjoints.py's one-label-per-row adjoint, rewrites/one_hot_sums.py);
the builtin ``sum`` of generators, lists and deques (primitives/builtin_sums.py,
frontend/deques.py); and one expression written twice, one of its arrays then written in place
(frontend/recomputed_values.py).

Each program is checked like any class program: the gradient against finite differences,
``value_and_grad``'s value, often ``jvp``, and now and then the Hessian.
"""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program


def nan_masks(m: Maker, seed: int) -> Program:
    """``err = np.where(mask, r, np.nan)`` (the mask a comparison of a parameter, a constant, or
    ``~np.isnan`` of targets with NaNs), then ``np.nansum``/``np.nanmean`` of its square, its
    absolute value or a scaled copy; sometimes selected again on the same mask."""
    n = m.pick(3, 4, 6)
    names = {"x": (n,), "t": (n,), "s": ()}
    r = m.expr(names, (n,), 2, fallback="x - t")
    lines = ["def f(x, t, s):"]
    mask = m.pick("t > -0.5", "x > t", "KEEP", "~np.isnan(tt)")
    if mask == "~np.isnan(tt)":
        lines.append("    tt = np.where(KEEP, t, np.nan)")
        r = f"({r}) + 0.0 * tt" if m.chance(0.5) else "x - tt"
    lines += [f"    mask = {mask}", f"    err = np.where(mask, {r}, np.nan)"]
    if m.chance(0.35):              # (reselected_branches: the same mask again, NaN elsewhere)
        lines.append(f"    err = np.where(mask, {m.pick('0.5', '2.0', 's')} * err, {m.pick('0.0', 'np.nan')})")
    loss = m.pick("np.nansum(err ** 2)", "np.nanmean(err ** 2)", "np.nansum(np.abs(err)) / n",
                  "np.nansum(err * err) * 0.5", "np.nanmean(np.square(err)) * s", "np.nansum(np.exp(0.3 * err))",
                  "np.nansum(np.cosh(0.5 * err))", "np.nanmean(np.log1p(err * err), axis=0)")
    lines += [f"    n = {n}", f"    loss = {loss}"]
    if m.chance(0.3):
        lines.append(f"    loss = loss + 0.1 * s * np.sum(np.where(np.isnan(err), 0.0, {m.pick('x', 'err', 'x * t')}) ** 2)")
    lines.append(f"    return loss + {m.expr(names, (), 1, fallback='s')}")
    keep = [m.chance(0.7) for _ in range(n)]
    keep[0] = True
    header = [f"KEEP = np.array({keep!r})"]
    return class_program(seed, module_source(seed, lines, header), ["x", "t", "s"], ["float"] * 3,
                         [(n,), (n,), ()], wrt=(0, 1, 2), value=True, forward=m.chance(0.5),
                         order=2 if m.chance(0.15) else 1)


def label_gathers(m: Maker, seed: int) -> Program:
    """A classifier's loss: logits ``Z @ W``, a log-softmax (by hand or ``logsumexp``), and each
    row's label picked by ``logp[np.arange(n), y]``, ``np.take_along_axis``, ``np.eye(k)[y]`` or a
    loop; ``y`` an integer argument with repeated labels."""
    n, d, k = m.pick(2, 3, 5), m.pick(2, 3), m.pick(2, 3, 4)
    logits = m.pick("Z @ W", "np.tanh(Z @ W) * 2.0", "Z @ W + b", "0.5 * (Z @ W) + b * b")
    logp = m.pick("z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))",
                  "z - scipy.special.logsumexp(z, axis=1, keepdims=True)",
                  "z - z.max(axis=1, keepdims=True) - np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))",
                  "np.log(np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True))")
    picked = m.pick("logp[np.arange(n), y]", "logp[np.arange(len(y)), y]", "logp[range(n), y]",
                    "np.take_along_axis(logp, y[:, None], axis=1)[:, 0]",
                    "np.take_along_axis(logp, y.reshape(-1, 1), axis=1).ravel()",
                    "np.sum(np.eye(k)[y] * logp, axis=1)", "(np.eye(k)[y] * logp).sum(axis=-1)",
                    "np.array([logp[i, y[i]] for i in range(n)])")
    loss = m.pick("-np.mean(picked)", "-picked.sum() / n", "-np.sum(picked)", "np.mean(-picked * WEIGHTS)")
    lines = ["def f(Z, W, b, y):", f"    n, k = {n}, {k}", f"    z = {logits}", f"    logp = {logp}",
             f"    picked = {picked}", f"    loss = {loss}"]
    if m.chance(0.3):               # the hand-written gradient's in-place edit of the probabilities
        lines += ["    p = np.exp(logp)", f"    p[np.arange(n), y] {m.pick('-=', '+=')} 1.0",
                  "    loss = loss + 0.1 * np.sum(p * z)"]
    if m.chance(0.4):
        lines.append(f"    loss = loss + {m.pick('0.01', '0.1')} * np.sum(W * W)")
    lines.append("    return loss")
    header = ["import scipy.special", f"WEIGHTS = np.array({m.floats(n, 0.5, 2.0)!r})"]
    return class_program(seed, module_source(seed, lines, header), ["Z", "W", "b", "y"],
                         ["float", "float", "float", ("index", k)], [(n, d), (d, k), (k,), (n,)],
                         wrt=(0, 1, 2), value=True, forward=m.chance(0.5), order=2 if m.chance(0.15) else 1)


def list_sums(m: Maker, seed: int) -> Program:
    """The builtin ``sum`` of a generator, a list comprehension, a list with a ``start``, a zip of
    weights and terms, or a ``deque`` (with ``maxlen``) filled in a loop."""
    n = m.pick(2, 3)
    names = {"x": (n,), "v": (n,), "s": ()}
    terms = [m.expr(names, m.pick((n,), ()), 2, fallback="x") for _ in range(m.pick(2, 3, 4))]
    lines = ["def f(x, v, s, xs):", f"    terms = [{', '.join(terms)}]"]
    total = m.pick("sum(np.sum(t * t) for t in terms)", "sum([np.sum(np.sin(t)) for t in terms])",
                   f"np.sum(sum(terms, np.zeros({n})))", "np.sum(sum(terms))",
                   "sum(np.sum(w * t) for w, t in zip(WEIGHTS, terms))", "sum(np.sum(t) * s for t in terms[1:])")
    lines.append(f"    total = {total}")
    lines.append(f"    total = total + {m.pick('sum(xi * xi for xi in xs)', 'sum(xs) * s', 'sum([np.tanh(xi) for xi in xs], 0.5)', 'sum(xs[::2])')}")
    header = [f"WEIGHTS = {m.floats(4, 0.5, 2.0)!r}"]
    if m.chance(0.5):               # (a deque without maxlen: maxlen is refused, frontend/deques.py)
        header.insert(0, "from collections import deque")
        delay = m.chance(0.5)       # a delay line: the oldest item leaves as one comes (never empty)
        lines += [f"    q = deque({m.pick('xs', '[s, s * s]') if delay else m.pick('', 'xs', '[s, s * s]')})",
                  f"    h = {m.pick('s', 'x', 'np.sum(v)')}",
                  f"    for i in range({m.pick(2, 3, 4, 6)}):",
                  f"        h = {m.pick('np.tanh(h + v)', '0.5 * h + np.sin(x) * i', 'h * 0.9 + s')}",
                  f"        q.{m.pick('append', 'append', 'appendleft')}(h)"]
        if delay:
            lines.append(f"        h = h + 0.5 * q.{m.pick('popleft', 'pop')}()")
        lines.append(f"    total = total + np.sum({m.pick('sum(q)', 'sum(e * e for e in q)', 'q[-1] * q[0]', 'h')})")
    lines.append(f"    return total + {m.expr(names, (), 1, fallback='s')}")
    steps = m.pick(1, 3, 4)
    return class_program(seed, module_source(seed, lines, header), ["x", "v", "s", "xs"],
                         ["float", "float", "float", ("list", [()] * steps)], [(n,), (n,), (), [()] * steps],
                         wrt=(0, 1, 2, 3), value=True, forward=m.chance(0.5))


def repeated_writes(m: Maker, seed: int) -> Program:
    """One expression that makes a new array written twice (``a = np.sin(x) * s``, then ``b`` the
    same), then one of the two written in place (an item, a slice, ``*=``, a loop filling it) and
    both read; sometimes the two held in a dict."""
    n = m.pick(3, 4)
    names = {"x": (n,), "s": ()}
    made = m.pick("np.sin(x) * s", "np.zeros(N)", "np.ones_like(x)", "x.copy()", "np.exp(0.5 * x)",
                  "x * 2.0", "np.tanh(x) + s", "np.full(N, s)")
    lines = ["def f(x, s):", f"    a = {made}", f"    b = {made}"]
    if m.chance(0.3):
        lines += [f"    d = {{'a': a, 'b': {made}}}", "    a = d['a']", "    b = d['b']"]
    written = m.pick("a", "b")
    value = m.expr(names, (), 1, fallback="s")
    write = m.pick(f"{written}[0] = {value}", f"{written}[1:] += x[1:] * s", f"{written} *= {value}",
                   f"{written}[::2] = 0.5 * x[::2]", f"{written} += x",
                   f"for i in range(N):\n        {written}[i] = {written}[i] * 0.5 + x[i] * s")
    lines.append(f"    {write}")
    if m.chance(0.3):
        lines.append(f"    c = {made}")
        lines.append(f"    c[-1] = {m.expr(names, (), 1, fallback='s')}")
        lines.append("    b = b + c")
    lines.append(f"    return np.sum(a * b) + np.sum({m.pick('a', 'b', 'a - b')}) * s")
    return class_program(seed, module_source(seed, lines, [f"N = {n}"]), ["x", "s"], ["float", "float"],
                         [(n,), ()], wrt=(0, 1), value=True, forward=m.chance(0.5), order=2 if m.chance(0.1) else 1)
