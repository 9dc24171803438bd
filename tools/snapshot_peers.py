"""Snapshot which NumPy / SciPy functions autograd and JAX differentiate, for docs/coverage.md.

    /path/to/venv-with-autograd-and-jax/bin/python tools/snapshot_peers.py > transpiler/primitives/peers.json

The test environment has neither library, so their lists are checked in as data
(transpiler/primitives/peers.json) and ``python -m transpiler.primitives.coverage`` builds the page
from that file and transpiler's registry. Run this again when either peer's version changes.

autograd: a function counts where it has a VJP registered (``defvjp``; its JVP where ``defjvp`` also
registered one) or is written in Python over such primitives (autograd.numpy's compositions).
JAX: a function counts where its jax.numpy / jax.scipy namespace has it (JAX differentiates every
function whose implementation is made of differentiable operations; like NumPy's own, its integer-
and boolean-valued functions have derivative zero).
"""
import inspect
import json
import sys
import types

import numpy as np
import scipy.linalg
import scipy.special
import scipy.stats

import autograd
import autograd.numpy as anp
import autograd.numpy.fft  # noqa: F401
import autograd.numpy.linalg  # noqa: F401
import autograd.scipy.linalg
import autograd.scipy.special
import autograd.scipy.stats
from autograd.core import primitive_jvps, primitive_vjps
from autograd.tracer import notrace_primitives

import jax
import jax.numpy as jnp
import jax.scipy.linalg
import jax.scipy.special
import jax.scipy.stats

DISTRIBUTIONS = ["norm", "t", "gamma", "beta", "poisson", "chi2", "multivariate_normal", "dirichlet",
                 "expon", "laplace", "logistic", "cauchy", "uniform", "binom", "nbinom", "geom",
                 "bernoulli", "pareto", "truncnorm", "vonmises", "gennorm", "wrapcauchy", "multinomial",
                 "lognorm", "weibull_min", "logit"]
STATS_METHODS = ["pdf", "logpdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "pmf", "logpmf"]


def public(module) -> list[str]:
    names = getattr(module, "__all__", None) or dir(module)
    return sorted(n for n in names if not n.startswith("_"))


def reference_functions():
    """name -> the NumPy / SciPy function of that name (the page's rows are drawn from these)."""
    found = {}
    for prefix, module in [("np", np), ("np.linalg", np.linalg), ("np.fft", np.fft),
                           ("scipy.special", scipy.special), ("scipy.linalg", scipy.linalg)]:
        for name in public(module):
            obj = getattr(module, name, None)
            if callable(obj) and not isinstance(obj, type):
                found[f"{prefix}.{name}"] = obj
    for dist in DISTRIBUTIONS:
        distribution = getattr(scipy.stats, dist, None)
        for method in STATS_METHODS:
            if distribution is not None and callable(getattr(distribution, method, None)):
                found[f"scipy.stats.{dist}.{method}"] = getattr(distribution, method)
    return found


def peer_module(root, name: str):
    """The peer's object for a reference name (``np.linalg.det`` -> root.linalg.det), or None."""
    parts = name.split(".")[1:] if name.startswith("np.") else name.split(".")[1:]
    obj = root["np"] if name.startswith("np.") else root["scipy"]
    for part in parts:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def autograd_status(obj) -> str | None:
    """"vjp+jvp", "vjp", "zero" (accepted, derivative zero: argmax, floor) or None (no rule: the
    call fails on a traced value) for an autograd object."""
    if obj is None:
        return None
    if getattr(obj, "_is_autograd_primitive", False):
        if primitive_vjps.get(obj):
            return "vjp+jvp" if primitive_jvps.get(obj) else "vjp"
        if any(obj in wrapped for wrapped in notrace_primitives.values()):
            return "zero"
        return None
    if isinstance(obj, types.FunctionType) and (obj.__module__ or "").startswith("autograd"):
        return "vjp+jvp"      # written in Python over autograd's primitives
    return None


def main() -> None:
    autograd_roots = {"np": anp, "scipy": autograd.scipy}
    jax_roots = {"np": jnp, "scipy": jax.scipy}
    rows = {}
    for name in sorted(reference_functions()):
        a = autograd_status(peer_module(autograd_roots, name))
        j = peer_module(jax_roots, name)
        j = "yes" if j is not None and callable(j) else None
        if a in ("vjp", "vjp+jvp") or j:
            rows[name] = {"autograd": a, "jax": j}
    json.dump({"autograd": autograd.__version__ if hasattr(autograd, "__version__") else "1.x",
               "jax": jax.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
               "functions": rows}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
