"""Program classes of models as people write them, for the compiler's newest paths: a network's
layers in list arguments looped over with ``zip``/``enumerate`` (frontend/zipped_loops.py unrolls
them, also through a helper given a lambda), loops whose bodies recompute values the iterations do
not change (``F.T``, ``np.eye(k)``, ``inv(A)``: opt/loop_invariants.py moves them out), chains of
``np.einsum`` of three to five operands (primitives/einsum.py), and the SVD and ``eigh`` adjoints,
each now and then on float32 arrays.

Each program is checked like any class program: the gradient against finite differences (the
structure of a list argument's gradient too), ``value_and_grad``'s value, and often ``jvp``.
"""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program

ACTIVATIONS = ("np.tanh(z)", "np.sin(z) * 0.5", "z / (1.0 + z * z)", "np.log(1.0 + z * z)",
               "z * 0.5 + np.tanh(z) * 0.25", "np.arctan(z)")


def layer_lists(m: Maker, seed: int) -> Program:
    """``def f(Ws, bs, x, s)`` with the layers' matrices and biases in two lists: ``for W, b in
    zip(Ws, bs)`` (or ``enumerate(zip(...))``, or through a helper given a lambda), the
    activations appended to a list and read back in a second loop or a generator expression;
    sometimes a recurrence over a list of inputs (longer than the unrolling limit now and then)."""
    depth = m.pick(1, 2, 3, 4)
    dims = [m.pick(2, 3)] + [m.pick(2, 3, 4) for _ in range(depth)]
    if m.chance(0.3):
        dims = [dims[0]] * (depth + 1)            # every layer of one shape
    W_shapes = [(dims[i + 1], dims[i]) for i in range(depth)]
    b_shapes = [(dims[i + 1],) for i in range(depth)]
    act = m.pick(*ACTIVATIONS)
    header = ["def layer(W, b, h, act):", "    return act(0.5 * W @ h + b)", ""]
    step = m.pick("h = np.tanh(0.5 * W @ h + b)", f"h = layer(W, b, h, lambda z: {act})",
                  "h = act(0.5 * (W @ h) + b)", "h = layer(W, b, h, act)")
    loop = m.pick("for W, b in zip(Ws, bs):", "for i, (W, b) in enumerate(zip(Ws, bs)):",
                  "for W, b in zip(Ws, bs[:len(Ws)]):", "for k in range(len(Ws)):")
    lines = ["def f(Ws, bs, x, s):", f"    act = lambda z: {act}", "    h = x", "    outs = []", f"    {loop}"]
    if loop.startswith("for k"):
        lines += ["        W, b = Ws[k], bs[k]"]
    lines += [f"        {step}"]
    if "enumerate" in loop:
        lines += ["        h = h * (1.0 + 0.1 * i)"]
    lines += ["        outs.append(h)"]
    read = m.pick("sum(np.sum(o * o) for o in outs)", "np.sum(outs[-1]) + np.sum(outs[0] ** 2)",
                  "sum(np.sum(o) * np.sum(b) for o, b in zip(outs, bs))")
    lines += [f"    total = {read}"]
    params, kinds, shapes = ["Ws", "bs", "x", "s"], [("list", W_shapes), ("list", b_shapes), "float", "float"], \
        [W_shapes, b_shapes, (dims[0],), ()]
    if m.chance(0.35):
        steps = m.pick(2, 3, 5, 20)               # 20: past the unrolling limit, a run-time loop
        lines += ["    g = s * np.ones(2)", "    for u in xs:", "        g = np.tanh(U @ g + u * s)"]
        lines += ["    total = total + np.sum(g)"]
        lines[0] = "def f(Ws, bs, x, s, U, xs):"
        params += ["U", "xs"]
        kinds += ["float", ("list", [(2,)] * steps)]
        shapes += [(2, 2), [(2,)] * steps]
    lines += ["    return total + np.sum(h) * s"]
    return class_program(seed, module_source(seed, lines, header), params, kinds, shapes,
                         wrt=tuple(range(len(params))), value=True, forward=m.chance(0.5))


def loop_invariants(m: Maker, seed: int) -> Program:
    """A loop (``range`` of a constant or of an integer argument, possibly 0, or a ``while``) whose
    body recomputes what its iterations do not change — ``A.T``, ``np.eye(k)``, ``inv(A)``,
    ``A @ A.T``, an expression of parameters — beside statements that carry state, in-place
    updates of an array and of an ``np.eye`` written into."""
    k = m.pick(2, 3)
    count = m.pick(1, 2, 3, 4)
    by_argument = m.chance(0.3)
    invariant = [
        "A = 0.3 * np.tanh(F)",
        "At = A.T",
        f"I = np.eye({k})",
        f"M = np.linalg.inv(A + 3.0 * np.eye({k}))",
        f"G = A @ A.T + {m.pick('0.1 * Q', 'Q * Q * 0.1', 'np.eye(' + str(k) + ')')}",
        "c = np.sum(Q) * 0.1 + s",
    ]
    carried = [
        "P = 0.5 * (A @ P @ At) + 0.1 * G",
        "x = (I - 0.1 * P) @ x + 0.2 * M @ x",
        f"x = np.tanh(x) + {m.expr({'x': (k,), 's': ()}, (k,), 1, fallback='np.sin(x) * s')} * 0.1",
        f"acc[t % {k}] += np.sum(x) * c",
        "acc += At @ x * 0.1",
    ]
    if m.chance(0.4):
        carried += [f"E = np.eye({k})", "E[0, 0] = c", "x = E @ x * 0.5 + x * 0.5"]
    # Some invariants written before the loop by the user (A with them: they read it), the
    # others in its body.
    outside = [line for line in invariant[1:] if m.chance(0.25)]
    outside = [invariant[0]] + outside if outside else []     # (they read A)
    inside = [line for line in invariant if line not in outside]
    head = [f"for t in range({'n' if by_argument else count}):"]
    if m.chance(0.2):
        head = ["t = 0", f"while t < {count}:"]
        carried += ["t += 1"]
    lines = ["def f(F, Q, x0, s, n):", f"    P = np.eye({k}) * s", "    x = x0 * 1.0", f"    acc = np.zeros({k})",
             *("    " + line for line in outside),
             *("    " + line for line in head), *("        " + line for line in inside + carried),
             "    return np.sum(P) + np.sum(x * x) + np.sum(acc)"]
    params = ["F", "Q", "x0", "s", "n"]
    float32 = m.chance(0.15)
    kind = "float32" if float32 else "float"
    return class_program(seed, module_source(seed, lines), params,
                         [kind, kind, kind, "float", ("int", m.pick(0, 1, 2, 3))],
                         [(k, k), (k, k), (k,), (), ()], wrt=(0, 1, 2, 3), value=True,
                         forward=m.chance(0.5), float32=float32, order=2 if m.chance(0.15) and not float32 else 1)


def _einsum_operands(m: Maker, labels: str, count: int) -> list[str]:
    """The subscripts of ``count`` operands over ``labels``: a chain ``ij,jk,kl``, or random terms
    of one to three labels (a label repeated in a term now and then: a diagonal)."""
    if m.chance(0.4):
        return [labels[i] + labels[i + 1] for i in range(count)]
    terms = []
    for _ in range(count):
        size = m.pick(1, 2, 2, 3)
        term = "".join(m.rng.sample(labels, size))
        if size == 2 and m.chance(0.1):
            term = term[0] * 2
        terms.append(term)
    return terms


def einsum_chains(m: Maker, seed: int) -> Program:
    """``np.einsum`` of three to five operands — a matrix chain or random subscripts, an operand
    used twice, a transposed or computed operand, implicit output, ``optimize=`` True, False,
    'greedy' or 'optimal' — and a second einsum of the first's result."""
    count = m.pick(3, 3, 4, 5)
    labels = "ijklmn"[:count + 1]
    sizes = {c: m.pick(2, 3) for c in labels}
    terms = _einsum_operands(m, labels, count)
    used = "".join(dict.fromkeys("".join(terms)))
    once = sorted(c for c in used if "".join(terms).count(c) == 1)
    out = m.pick("".join(once), "", used[0], "".join(m.rng.sample(used, min(2, len(used)))))
    implicit = out == "".join(once) and m.chance(0.3)
    subscripts = ",".join(terms) + ("" if implicit else "->" + out)
    params, shapes, operands, seen = [], [], [], {}
    for t in terms:
        shape = tuple(sizes[c] for c in t)
        if t in seen and m.chance(0.5):
            operands.append(seen[t])              # the same array twice
            continue
        name = f"a{len(params)}"
        form = m.pick("plain", "plain", "computed", "transposed") if len(t) == 2 else m.pick("plain", "computed")
        if form == "transposed":
            params.append(name)
            shapes.append(shape[::-1])
            operands.append(f"{name}.T")
        else:
            params.append(name)
            shapes.append(shape)
            operands.append(name if form == "plain" else f"np.tanh({name}) * 0.5")
        seen[t] = operands[-1]
    optimize = m.pick("", ", optimize=True", ", optimize=False", ", optimize='greedy'", ", optimize='optimal'")
    lines = ["def f(" + ", ".join(params) + "):",
             f"    e = np.einsum('{subscripts}', {', '.join(operands)}{optimize})"]
    result_labels = out
    if result_labels and m.chance(0.5):
        lines += [f"    e = np.einsum('{result_labels},{result_labels}->{result_labels[0]}', e, np.tanh(e))"]
    lines += [f"    return np.sum(np.sin(e)) + np.sum(e * e) * 0.1"]
    float32 = m.chance(0.15)
    kind = "float32" if float32 else "float"
    return class_program(seed, module_source(seed, lines), params, [kind] * len(params), shapes,
                         wrt=tuple(range(len(params))), value=True, forward=m.chance(0.5),
                         float32=float32, order=2 if m.chance(0.15) and not float32 else 1)


def decompositions(m: Maker, seed: int) -> Program:
    """The SVD (``full_matrices=False``, ``compute_uv=False``) of a matrix with singular values
    apart, ``eigh`` of a symmetric one with eigenvalues apart, read only through what does not
    depend on the vectors' signs: the values, ``U @ diag(g(S)) @ Vt``, ``V @ diag(g(w)) @ V.T``,
    squared entries of a vector."""
    rows, cols = m.pick((3, 3), (4, 3), (3, 4), (2, 3))
    k = min(rows, cols)
    diag = ", ".join(str(3.0 - 1.0 * i) for i in range(k))
    base = (f"np.eye({rows}, {cols}) * np.array([{diag}])" if cols == k else
            f"(np.eye({rows}, {cols}).T * np.array([{diag}])).T")
    svd_reads = ["np.sum(S ** 2) + np.sum(np.log(S))", "np.sum(np.sin(U @ np.diag(np.sqrt(S)) @ Vt))",
                 "np.sum(U[:, 0] ** 2 * np.arange(1, U.shape[0] + 1))", "np.sum((U * np.tanh(S)) @ Vt)",
                 "np.sum(np.outer(U[:, 0], Vt[0]) * A)"]
    eigh_reads = ["np.sum(w * w) + w[0]", "np.sum(np.sin(V @ np.diag(np.exp(0.2 * w)) @ V.T))",
                  "np.sum(V[:, -1] ** 2 * np.arange(1, V.shape[0] + 1))",
                  "np.sum((V * w) @ V.T * H)"]
    lines = ["def f(X, Y, s):", f"    A = {base} + 0.2 * np.tanh(X) * s"]
    form = m.pick("svd", "svd-values", "eigh", "both")
    if form in ("svd", "both"):
        lines += ["    U, S, Vt = np.linalg.svd(A, full_matrices=False)", f"    a = {m.pick(*svd_reads)}"]
    if form == "svd-values":
        lines += ["    S = np.linalg.svd(A, compute_uv=False)", "    a = np.sum(S ** 3) * 0.1"]
    if form in ("eigh", "both"):
        n = cols
        lines += [f"    H = np.diag(np.arange(1.0, {n + 1}.0)) * 2.0 + 0.2 * np.tanh(Y + Y.T)",
                  f"    w, V = np.linalg.eigh(H)", f"    b = {m.pick(*eigh_reads)}"]
    if form == "eigh":
        lines += ["    a = 0.0"]
    lines += [f"    return a + {'b' if form in ('eigh', 'both') else '0.0'}"]
    float32 = m.chance(0.15)
    kind = "float32" if float32 else "float"
    return class_program(seed, module_source(seed, lines), ["X", "Y", "s"], [kind, kind, "float"],
                         [(rows, cols), (cols, cols), ()], wrt=(0, 1, 2), value=True,
                         forward=m.chance(0.5), float32=float32, order=2 if m.chance(0.15) and not float32 else 1)
