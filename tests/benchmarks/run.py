#!/usr/bin/env python
"""Benchmark transpiler's gradients against hand-written NumPy gradients and peer AD systems.

    python tests/benchmarks/run.py [--suite base|natural|all] [--quick] [--only W3] [--json out.json]
                                   [--rounds N] [--no-peers] [--memory]

``--suite base`` (the default) runs W1-W8 (workloads.py); ``natural`` runs N1-N43, the same kinds
of models spelled as people write them (natural.py: closures, lists of parameters, helpers,
keyword defaults, float32, nested loops; natural2.py: a dict of parameters, ``np.split`` gates,
``einsum``, ``slogdet``, stencils of slices, broadcast pairs; natural3.py: ``cho_solve``, ``sliding_window_view``, a class
with ``self.`` parameters, ``np.roll``, ``np.where``, ``scipy.special``; natural4.py: ``cdist``,
a Transformer block, a double loop over pairs, RK4, ``np.nansum``, ``norm.cdf``, a GRU; natural5.py: a
``NamedTuple`` model, ``np.clip`` ReLUs, ``log_softmax``, ``take_along_axis``, batched attention,
``functools.reduce``, a ``while`` to a tolerance; natural6.py: a three-operand ``einsum``, a
``@dataclass`` model, ``logsumexp(b=)``, ``cho_factor``, ``functools.partial``, ``math.exp``, an
AR(p) loop, a ``np.triu`` mask); ``all`` runs both.
W1-W8 and N1-N31 have a torch version (workloads.torch_versions, natural_torch.py).

Prints Markdown tables (times, ratios, first-call times, peak memory) on stdout, progress on
stderr, and with ``--json PATH`` writes every measurement to PATH.

Method (see docs/performance.md):

* BLAS (and OpenMP, XLA, torch) threads are pinned to 1 before NumPy is imported, and the
  process to one core.
* All variants run side by side in this one process, in float64. Before a variant is timed its
  gradient is checked against the hand-written one (``np.allclose``, ``rtol=1e-6``); a variant that
  fails or disagrees is reported as ``error: <one line>`` and the run carries on.
* Timing alternates the variants in many short rounds (the starting variant rotates every round);
  in a round each variant runs a calibrated number of back-to-back calls with the garbage collector
  off. Each variant's FASTEST round is its time; the median round is reported too. Every
  measurement is taken on two clocks: wall (``time.perf_counter``, the main tables) and process CPU
  time (``time.process_time``), which leaves out the time this process waited for a core and so
  is steadier on a loaded machine.
* "rewrites off" is transpiler's gradient made with ``rewrites=False`` (transpiler.rewrites: no
  algebraic idiom used, the general path), timed in the same rounds as the one with them on.
* "first call" variants time one call from cold: transpiler with its caches cleared
  (``transpiler.driver.pipeline._lowered`` and ``_compiled``), a fresh ``jax.jit(jax.grad(...))`` of a
  fresh closure.
* Peers (autograd, jax with x64, torch) are optional: one that does not import is a skipped column.
* Peak memory (tracemalloc, one warm call) of transpiler's and the hand-written gradient: for
  W3, W5, W6, N2, N3 and N10, or with ``--memory`` for every workload run.
"""
from __future__ import annotations

import os

# Pin thread pools before NumPy (or any peer) is imported: these machines have 2 shared cores.
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
# ... and the whole process to one core: XLA's CPU runtime still runs work on a second thread
# (its CPU time exceeds its wall time without this), which a wall-clock comparison would reward.
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any, Callable  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import transpiler  # noqa: E402
import transpiler.driver.pipeline  # noqa: E402
import natural  # noqa: E402
import natural2  # noqa: E402
import natural3  # noqa: E402
import natural4  # noqa: E402
import natural5  # noqa: E402
import natural6  # noqa: E402
import natural_torch  # noqa: E402
import workloads  # noqa: E402

SUITES = {"base": workloads.NAMES, "natural": natural.NAMES + natural2.NAMES + natural3.NAMES + natural4.NAMES
                                            + natural5.NAMES + natural6.NAMES}


def make_workload(name: str, size: str) -> workloads.Workload:
    module = next((m for m in (natural, natural2, natural3, natural4, natural5, natural6) if name in m.NAMES), workloads)
    return module.make(name, size)

# ----------------------------------------------------------------------------- configuration
VARIANTS = ("primal", "hand", "transpiler", "transpiler_off", "transpiler_first", "transpiler_compile",
            "transpiler_numba", "autograd", "jax", "jax_jit", "jax_jit_first", "torch")
FIRST_CALL_ONLY = ("transpiler_compile",)        # shown in the first-call table only
LABELS = {"primal": "primal", "hand": "hand-written", "transpiler": "transpiler",
          "transpiler_off": "rewrites off",
          "transpiler_first": "transpiler 1st call", "transpiler_compile": "transpiler compile",
          "transpiler_numba": "transpiler numba",
          "autograd": "autograd", "jax": "jax eager",
          "jax_jit": "jax.jit", "jax_jit_first": "jax.jit 1st call", "torch": "torch eager"}
PEERS_OF = {"transpiler_numba": "numba", "autograd": "autograd", "jax": "jax", "jax_jit": "jax",
            "jax_jit_first": "jax", "torch": "torch"}
MEMORY_WORKLOADS = ("W3", "W5", "W6", "N2", "N3", "N10")
RTOL = 1e-6


@dataclass
class Config:
    size: str            # workload size: "full" or "quick"
    rounds: int          # rounds for steady-state variants (each variant's time is its fastest round)
    min_rounds: int      # ... but a slow variant (over ``budget``) gets only this many
    first_rounds: int    # rounds for first-call variants (one cold call each)
    target: float        # seconds one steady-state measurement aims at (calls per round calibrated to it)
    budget: float        # seconds of measurements one variant may take before rounds drop to min_rounds


FULL = Config("full", rounds=25, min_rounds=7, first_rounds=7, target=0.01, budget=10.0)
QUICK = Config("quick", rounds=5, min_rounds=1, first_rounds=1, target=0.002, budget=0.3)


@dataclass
class Variant:
    name: str
    call: Callable[[], Any]                       # one timed call; returns the gradient (or the value)
    prepare: Callable[[], None] | None = None     # untimed, before each measurement (first-call variants)
    finish: Callable[[], None] | None = None      # untimed, after each measurement
    first_call: bool = False
    checked: bool = True                          # compare the result against the hand-written gradient
    number: int = 1                               # calls per measurement
    rounds: int = 1                               # measurements to take
    times: list = field(default_factory=list)     # wall-clock seconds per call, one per round
    cpu_times: list = field(default_factory=list)  # the same measurements in process CPU time
    error: str | None = None


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip().rstrip(":")


# ----------------------------------------------------------------------------- peers
def load_peers(enabled: bool) -> tuple[dict, dict]:
    """Importable peers, and the reason each missing one is skipped."""
    peers, skipped = {}, {}
    try:      # transpiler's own optional backend: measured even with --no-peers
        import numba
        peers["numba"] = numba
    except Exception as exc:  # noqa: BLE001
        skipped["numba"] = one_line(exc)
    if not enabled:
        return peers, {**skipped, **{p: "disabled (--no-peers)" for p in ("autograd", "jax", "torch")}}
    try:
        import autograd
        import autograd.numpy as anp
        peers["autograd"] = (autograd, anp)
    except Exception as exc:  # noqa: BLE001 - missing or broken: skip the column
        skipped["autograd"] = one_line(exc)
    try:
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        peers["jax"] = (jax, jnp)
    except Exception as exc:  # noqa: BLE001
        skipped["jax"] = one_line(exc)
    try:
        import torch
        torch.set_num_threads(1)
        peers["torch"] = torch
    except Exception as exc:  # noqa: BLE001
        skipped["torch"] = one_line(exc)
    return peers, skipped


def packed(f: Callable, wrt: tuple[int, ...], nargs: int) -> Callable:
    """``g(wrt_values, rest)`` = ``f(*args)``: one differentiable argument (a tuple) for the peers."""
    rest_index = [i for i in range(nargs) if i not in wrt]

    def g(wrt_values, rest):
        args = [None] * nargs
        for i, v in zip(wrt, wrt_values):
            args[i] = v
        for i, v in zip(rest_index, rest):
            args[i] = v
        return f(*args)

    return g


def in_key_order(gradient, template):
    """``gradient`` with every dict's keys in the order of the matching dict of ``template``."""
    if isinstance(gradient, dict):
        return {k: in_key_order(gradient[k], template[k]) for k in template}
    if isinstance(gradient, (list, tuple)):
        return type(gradient)(in_key_order(g, t) for g, t in zip(gradient, template))
    return gradient


def split(args: tuple, wrt: tuple[int, ...]) -> tuple[tuple, tuple]:
    return tuple(args[i] for i in wrt), tuple(a for i, a in enumerate(args) if i not in wrt)


def variants_for(w: workloads.Workload, peers: dict) -> list[Variant]:
    """Every variant of workload ``w`` whose peer is importable; each a zero-argument call.

    A variant whose setup raises (e.g. ``transpiler.grad`` rejecting the function) is kept, with
    its error, so the table shows it.
    """
    f, args, wrt = w.f, w.args, w.wrt_tuple
    wvals, rest = split(args, wrt)
    out: list[Variant] = []

    def add(name: str, build: Callable[[], Variant]) -> None:
        try:
            out.append(build())
        except Exception as exc:  # noqa: BLE001 - reported in the table
            out.append(Variant(name, lambda: None, error=one_line(exc)))

    add("primal", lambda: Variant("primal", lambda: f(*args), checked=False))
    add("hand", lambda: Variant("hand", lambda: w.hand(*args)))

    def steady():
        gradient = transpiler.grad(f, wrt=w.wrt)
        return Variant("transpiler", lambda: gradient(*args))

    saved: dict = {}
    caches = (transpiler.driver.pipeline._lowered, transpiler.driver.pipeline._compiled)

    def clear_transpiler():     # cold start; the steady-state variant's compiled code is put back after
        saved["caches"] = [dict(c) for c in caches]
        for c in caches:
            c.clear()

    def restore_transpiler():
        for c, contents in zip(caches, saved.pop("caches")):
            c.clear()
            c.update(contents)

    def rewrites_off():         # the general path: transpiler.rewrites' idioms not used
        gradient = transpiler.grad(f, wrt=w.wrt, rewrites=False)
        return Variant("transpiler_off", lambda: gradient(*args))

    add("transpiler", steady)
    add("transpiler_off", rewrites_off)
    add("transpiler_first", lambda: Variant("transpiler_first", lambda: transpiler.grad(f, wrt=w.wrt)(*args),
                                            prepare=clear_transpiler, finish=restore_transpiler,
                                            first_call=True))
    # parse + transform + compile only: the first call without running the gradient once
    add("transpiler_compile", lambda: Variant(
        "transpiler_compile", lambda: transpiler.grad(f, wrt=w.wrt).compiled(args),
        prepare=clear_transpiler, finish=restore_transpiler, first_call=True, checked=False))

    if "numba" in peers:
        def build_numba():
            gradient = transpiler.grad(f, wrt=w.wrt, backend="numba")
            return Variant("transpiler_numba", lambda: gradient(*args))

        add("transpiler_numba", build_numba)

    if "autograd" in peers:
        autograd, anp = peers["autograd"]

        def build_autograd():
            ag = autograd.grad(packed(w.with_numpy(anp), wrt, len(args)))
            return Variant("autograd", lambda: ag(wvals, rest))

        add("autograd", build_autograd)

    if "jax" in peers:
        jax, jnp = peers["jax"]
        # (containers of arrays, a list of (W, b) pairs, go through jax's own tree mapping)
        to_jax = lambda a: jax.tree_util.tree_map(lambda v: jnp.asarray(v) if isinstance(v, np.ndarray) else v, a)  # noqa: E731
        # (jax returns a dict's gradient with its keys sorted: put them back in the argument's order)
        as_numpy = lambda gs: in_key_order(jax.tree_util.tree_map(np.asarray, tuple(gs)), wvals)  # noqa: E731
        jw, jr = tuple(map(to_jax, wvals)), tuple(map(to_jax, rest))

        def build_eager():
            eager = jax.grad(packed(w.with_numpy(jnp), wrt, len(args)))
            return Variant("jax", lambda: as_numpy(eager(jw, jr)))

        slots: dict = {}

        def new_jit():   # a fresh closure each time, so jax's tracing and compilation caches miss
            slots["fresh"] = jax.jit(jax.grad(packed(w.with_numpy(jnp), wrt, len(args))))

        def keep_first():   # the first one compiled serves the steady-state variant: one compile less
            slots.setdefault("steady", slots["fresh"])

        def jit_steady():
            if "steady" not in slots:
                slots["steady"] = jax.jit(jax.grad(packed(w.with_numpy(jnp), wrt, len(args))))
            return as_numpy(slots["steady"](jw, jr))

        add("jax", build_eager)
        add("jax_jit_first", lambda: Variant("jax_jit_first", lambda: as_numpy(slots["fresh"](jw, jr)),
                                             prepare=new_jit, finish=keep_first, first_call=True))
        add("jax_jit", lambda: Variant("jax_jit", jit_steady))

    if "torch" in peers:        # W1-W8 (workloads.torch_versions) and N1-N31 (natural_torch.py)
        add("torch", lambda: Variant("torch", natural_torch.torch_gradient(w, peers["torch"])))
    return out


# ----------------------------------------------------------------------------- timing
def timed(v: Variant) -> tuple[float, float]:
    """Wall-clock and process-CPU seconds per call of one measurement (``v.number``
    back-to-back calls, gc off)."""
    if v.prepare is not None:
        v.prepare()
    enabled = gc.isenabled()
    gc.disable()
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(v.number):
            v.call()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    finally:
        if enabled:
            gc.enable()
        if v.finish is not None:
            v.finish()
    return elapsed / v.number, cpu / v.number


def record(v: Variant, measurement: tuple[float, float]) -> None:
    v.times.append(measurement[0])
    v.cpu_times.append(measurement[1])


def check_and_calibrate(v: Variant, want, config: Config, rtol: float = RTOL) -> None:
    """Run ``v`` once (a warm-up), compare its gradient, and pick its calls per measurement and
    its number of rounds. A first-call variant's checked call is its first measurement."""
    try:
        if v.prepare is not None:
            v.prepare()
        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            got = v.call()
            first = (time.perf_counter() - start, time.process_time() - start_cpu)
        finally:
            if v.finish is not None:
                v.finish()
        if v.checked:
            ok, why = workloads.allclose(got, want, rtol=rtol)
            if not ok:
                v.error = f"wrong gradient: {why}"
                return
        del got
        if v.first_call:
            record(v, first)
            v.rounds = config.first_rounds
            return
        if first[0] > config.budget:                    # very slow (e.g. a peer's eager loop): no more warm-up
            v.number, v.rounds = 1, config.min_rounds
            return
        v.call()                                        # second warm-up: caches, allocator
        one = timed(v)[0]
        if one * 20 < config.target:
            one = min(one, timed(v)[0])
        v.number = max(1, min(100_000, int(config.target / max(one, 1e-9))))
        per_round = one * v.number
        v.rounds = max(config.min_rounds, min(config.rounds, int(config.budget / per_round)))
    except Exception as exc:  # noqa: BLE001 - any failure is reported in the table
        v.error = one_line(exc)


def run_rounds(variants: list[Variant], config: Config) -> None:
    live = [v for v in variants if v.error is None]
    for r in range(max((v.rounds for v in live), default=0)):
        gc.collect()
        k = r % len(live) if live else 0
        for v in live[k:] + live[:k]:                   # rotate the starting variant every round
            if v.error is not None or len(v.times) >= v.rounds:
                continue
            try:
                record(v, timed(v))
            except Exception as exc:  # noqa: BLE001
                v.error = one_line(exc)


def peak_memory(call: Callable[[], Any]) -> int:
    """Peak bytes traced by tracemalloc during one (warm) call, above what was live before it."""
    call()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = call()
        peak = tracemalloc.get_traced_memory()[1] - before
        del result
    finally:
        tracemalloc.stop()
    return peak


# ----------------------------------------------------------------------------- one workload
def bench_workload(name: str, config: Config, peers: dict, memory_all: bool = False) -> dict:
    w = make_workload(name, config.size)
    want = w.hand(*w.args)
    variants = variants_for(w, peers)
    for v in variants:
        check_and_calibrate(v, want, config, w.rtol)
        if v.error:
            print(f"  {name} {v.name}: {v.error}", file=sys.stderr, flush=True)
    run_rounds(variants, config)

    result = {"title": w.title, "sizes": w.sizes, "variants": {}}
    for v in variants:
        entry = {"number": v.number, "rounds": len(v.times), "times_s": v.times, "cpu_times_s": v.cpu_times}
        if v.error is not None:
            entry["error"] = v.error
        if v.times:
            entry["min_s"] = min(v.times)
            entry["median_s"] = statistics.median(v.times)
            entry["cpu_min_s"] = min(v.cpu_times)
            entry["cpu_median_s"] = statistics.median(v.cpu_times)
        result["variants"][v.name] = entry

    if memory_all or name in MEMORY_WORKLOADS:
        memory = {}
        for v in variants:
            if v.name in ("transpiler", "hand") and v.error is None:
                try:
                    memory[v.name] = peak_memory(v.call)
                except Exception as exc:  # noqa: BLE001
                    memory[v.name + "_error"] = one_line(exc)
        if memory.get("hand") and "transpiler" in memory:
            memory["ratio"] = memory["transpiler"] / memory["hand"]
        result["memory_bytes"] = memory
    result["ratios"] = ratios(result["variants"])
    result["cpu_ratios"] = ratios(result["variants"], "cpu_min_s")
    return result


def ratios(vs: dict, key: str = "min_s") -> dict:
    """Ratios of fastest-round times: transpiler / X and hand-written / peer."""
    t = {k: v[key] for k, v in vs.items() if key in v and "error" not in v}
    out = {}
    for num, dens in (("transpiler", ("hand", "primal", "autograd", "jax", "jax_jit", "torch")),
                      ("transpiler_off", ("hand", "transpiler")),
                      ("transpiler_numba", ("hand", "jax_jit")),
                      ("hand", ("autograd", "jax", "jax_jit", "torch"))):
        for den in dens:
            if num in t and den in t and t[den] > 0:
                out[f"{num}/{den}"] = t[num] / t[den]
    return out


# ----------------------------------------------------------------------------- report
def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def cell(entry: dict | None, key: str = "min_s", skipped: bool = False) -> str:
    if entry is None:
        return "skipped" if skipped else "—"
    if "error" in entry:
        return "error: " + entry["error"].replace("|", "\\|")
    return fmt_time(entry[key]) if key in entry else "—"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def report(results: dict, skipped: dict) -> str:
    names = list(results)
    # a peer that did not import is a column of "skipped"; one disabled with --no-peers is left out
    disabled = {p for p, why in skipped.items() if why.startswith("disabled")}
    shown = [v for v in VARIANTS if PEERS_OF.get(v) not in disabled]
    timed_columns = [v for v in shown if v not in FIRST_CALL_ONLY]
    parts = []

    def time_table(key: str, title: str) -> None:
        rows = [[n, results[n]["sizes"]] + [cell(results[n]["variants"].get(v), key, PEERS_OF.get(v) in skipped)
                                            for v in timed_columns] for n in names]
        parts.append(f"### {title}\n\n" + table(["workload", "size"] + [LABELS[v] for v in timed_columns], rows))

    time_table("min_s", "Time per gradient call: fastest round")
    time_table("median_s", "Time per gradient call: median round")
    time_table("cpu_min_s", "Process CPU time per gradient call: fastest round "
               "(time.process_time: excludes time this process waited for a core)")

    ratio_cols = [("transpiler/hand", "transpiler ÷ hand"), ("transpiler_off/hand", "rewrites off ÷ hand"),
                  ("transpiler_off/transpiler", "rewrites off ÷ on"), ("transpiler/primal", "transpiler ÷ primal")]
    ratio_cols += [(f"transpiler/{p}", f"transpiler ÷ {LABELS[p]}") for p in ("autograd", "jax", "jax_jit", "torch")
                   if PEERS_OF[p] not in skipped]
    if "numba" not in skipped:
        ratio_cols += [(f"transpiler_numba/{p}", f"numba ÷ {LABELS[p]}") for p in ("hand", "jax_jit")
                       if PEERS_OF.get(p) not in skipped]
    ratio_cols += [(f"hand/{p}", f"hand ÷ {LABELS[p]}") for p in ("autograd", "jax", "jax_jit", "torch")
                   if PEERS_OF[p] not in skipped]
    for key, title in (("ratios", "Ratios of fastest rounds, wall clock (below 1: the left one is faster)"),
                       ("cpu_ratios", "Ratios of fastest rounds, process CPU time")):
        rows = [[n] + [f"{results[n][key][k]:.3g}" if k in results[n][key] else "—" for k, _ in ratio_cols]
                for n in names]
        parts.append(f"### {title}\n\n" + table(["workload"] + [label for _, label in ratio_cols], rows))

    first = [v for v in ("transpiler_compile", "transpiler_first", "jax_jit_first")
             if v in shown and PEERS_OF.get(v) not in skipped]
    rows = []
    for n in names:
        row = [n]
        for v in first:
            e = results[n]["variants"].get(v)
            row += [cell(e, "min_s"), cell(e, "median_s")] if e and "error" not in e else [cell(e), cell(e)]
        rows.append(row)
    header = ["workload"] + [f"{LABELS[v]} {k}" for v in first for k in ("fastest", "median")]
    parts.append("### First call (transpiler compile: parse + transform + compile; 1st call: that and one "
                 "run)\n\n" + table(header, rows))

    rows = []
    for n in names:
        m = results[n].get("memory_bytes")
        if m is None:
            continue
        mib = lambda k: f"{m[k] / 2**20:.3g} MiB" if k in m else m.get(k + "_error", "—")  # noqa: E731
        rows.append([n, mib("transpiler"), mib("hand"), f"{m['ratio']:.3g}" if "ratio" in m else "—"])
    if rows:
        parts.append("### Peak memory of one gradient call (tracemalloc)\n\n"
                     + table(["workload", "transpiler", "hand-written", "transpiler ÷ hand"], rows))
    if skipped:
        parts.append("Skipped peers: " + "; ".join(f"{p} ({why})" for p, why in skipped.items()))
    return "\n\n".join(parts) + "\n"


# ----------------------------------------------------------------------------- environment
def environment(peers: dict, skipped: dict, config: Config, argv: list[str]) -> dict:
    def version(dist: str) -> str | None:
        try:
            from importlib.metadata import version as v
            return v(dist)
        except Exception:  # noqa: BLE001
            return None

    cpu = None
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
        cpu = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), None)
    except Exception:  # noqa: BLE001
        pass
    blas = None
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    except Exception:  # noqa: BLE001
        pass
    return {
        "command": " ".join(["python", *argv]),
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": np.__version__,
        "blas": blas,
        "versions": {d: version(d) for d in ("transpiler", "autograd", "jax", "jaxlib", "torch")},
        "peers_skipped": skipped,
        "env": {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS",
                                               "XLA_FLAGS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "config": vars(config),
        "rtol": RTOL,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and few rounds (well under a minute)")
    parser.add_argument("--only", action="append", metavar="W3",
                        help="run only these workloads (repeat, or comma-separate: --only W3,W5)")
    parser.add_argument("--json", metavar="PATH", help="write every measurement to this JSON file")
    parser.add_argument("--rounds", type=int, help="rounds for steady-state variants (at least 7 by default)")
    parser.add_argument("--no-peers", action="store_true", help="do not import autograd, jax or torch")
    parser.add_argument("--memory", action="store_true",
                        help=f"peak memory of every workload run (default: {', '.join(MEMORY_WORKLOADS)} only)")
    parser.add_argument("--suite", choices=("base", "natural", "all"), default="base",
                        help="W1-W8 (base), N1-N43 (natural: as people spell them) or both")
    opts = parser.parse_args(argv)

    config = QUICK if opts.quick else FULL
    if opts.rounds:
        config = Config(config.size, opts.rounds, min(config.min_rounds, opts.rounds),
                        min(config.first_rounds, opts.rounds), config.target, config.budget)
    known = workloads.NAMES + SUITES["natural"]
    names = list(known if opts.suite == "all" else SUITES[opts.suite])
    if opts.only:
        names = [n.strip().upper() for item in opts.only for n in item.split(",") if n.strip()]
        unknown = [n for n in names if n not in known]
        if unknown:
            parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(known)}")

    peers, skipped = load_peers(not opts.no_peers)
    for p, why in skipped.items():
        print(f"peer {p} skipped: {why}", file=sys.stderr)
    if os.environ.get("OPENBLAS_CORETYPE"):
        print(f"note: OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} is set; it can slow NumPy's BLAS",
              file=sys.stderr)

    started = time.perf_counter()
    results = {}
    for name in names:
        print(f"{name}: {make_workload(name, config.size).sizes}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        results[name] = bench_workload(name, config, peers, opts.memory)
        print(f"{name}: done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started

    print(report(results, skipped))
    print(f"({len(names)} workloads, {config.size} sizes, up to {config.rounds} rounds, {elapsed:.0f} s)")
    if opts.json:
        meta = environment(peers, skipped, config, [os.path.relpath(__file__), *argv])
        meta["elapsed_s"] = elapsed
        with open(opts.json, "w") as fh:
            json.dump({"meta": meta, "workloads": results}, fh, indent=1)
        print(f"wrote {opts.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
