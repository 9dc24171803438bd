#!/usr/bin/env python
"""The numba backend against the default NumPy backend, the hand-written gradient and jax.jit's
steady state on the scalar-loop workloads (natural.py's N1, N4, N11; issue 17 scope 6).

    PYTHONPATH=.:tests/benchmarks OPENBLAS_NUM_THREADS=1 python tests/benchmarks/scalar_loops.py N1,N4,N11 [ROUNDS]

Full sizes; each variant's gradient is checked against the hand-written one first (that call
compiles numba's and jax's code); then process CPU time per call, the fastest of ROUNDS rounds
(7), the variants alternated within each round. run.py times these too, but its jax eager
column re-traces a 500-step loop at every call (N4 alone takes over 10 minutes on a loaded
machine); this times only the steady states. jax runs with x64 on and one XLA thread.
"""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
import jax  # noqa: E402  (after the thread settings)
import jax.numpy as jnp  # noqa: E402
import natural  # noqa: E402
import numpy as np  # noqa: E402

import transpiler  # noqa: E402

jax.config.update("jax_enable_x64", True)
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 7


def variants(w):
    """Name -> a call of that gradient on the workload's arguments."""
    args, wrt = w.args, w.wrt
    out = {"hand": lambda: w.hand(*args)}
    tp = transpiler.grad(w.f, wrt=wrt)
    out["transpiler (NumPy)"] = lambda: tp(*args)
    nb = transpiler.grad(w.f, wrt=wrt, backend="numba")
    out["transpiler numba"] = lambda: nb(*args)
    jwrt = wrt if isinstance(wrt, int) else tuple(wrt)
    jg = jax.jit(jax.grad(w.with_numpy(jnp), argnums=jwrt))
    jargs = tuple(jnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args)
    out["jax.jit"] = lambda: jax.block_until_ready(jg(*jargs))
    want = flat(w.hand(*args))
    for name, variant in out.items():        # first calls (the compiles), checked against the hand gradient
        assert np.allclose(flat(variant()), want, rtol=1e-6), name
    return out


def flat(gradient) -> np.ndarray:
    """A gradient (one array or number, or a tuple of them) as one vector."""
    parts = gradient if isinstance(gradient, tuple) else (gradient,)
    return np.concatenate([np.ravel(np.asarray(part, dtype=float)) for part in parts])


def calls_for(v):
    """Calls per round: enough for 20 ms of process CPU time."""
    n, t = 1, 0.0
    while t < 0.02:
        t0 = time.process_time()
        for _ in range(n):
            v()
        t = time.process_time() - t0
        n *= 2
    return n


for name in sys.argv[1].split(","):
    w = natural.make(name, "full")
    vs = variants(w)
    counts = {k: calls_for(v) for k, v in vs.items()}
    best = {k: float("inf") for k in vs}
    keys = list(vs)
    for r in range(ROUNDS):
        for k in keys[r % len(keys):] + keys[:r % len(keys)]:
            v, n = vs[k], counts[k]
            t0 = time.process_time()
            for _ in range(n):
                v()
            best[k] = min(best[k], (time.process_time() - t0) / n)
    print(name, w.sizes, " | ".join(f"{k} {best[k] * 1e6:.3g} us" for k in keys), flush=True)
    print(name, "ratios", f"numba/jax.jit {best['transpiler numba'] / best['jax.jit']:.3g}",
          f"numba/NumPy-backend {best['transpiler numba'] / best['transpiler (NumPy)']:.3g}",
          f"numba/hand {best['transpiler numba'] / best['hand']:.3g}",
          f"NumPy-backend/jax.jit {best['transpiler (NumPy)'] / best['jax.jit']:.3g}", flush=True)
