"""Finite differences of the natural-spelling workloads (tests/benchmarks/natural.py,
natural2.py), whose arguments may be arrays, numbers, or lists, tuples and dicts of them: shared
by their smoke tests."""
import dataclasses

import numpy as np


def is_record(x) -> bool:
    """A dataclass instance (N58's parameters), taken apart field by field like a tuple."""
    return dataclasses.is_dataclass(x) and not isinstance(x, type)


def leaves(x) -> list:
    if is_record(x):
        return [leaf for f in dataclasses.fields(x) for leaf in leaves(getattr(x, f.name))]
    if isinstance(x, dict):
        return [leaf for item in x.values() for leaf in leaves(item)]
    return [leaf for item in x for leaf in leaves(item)] if isinstance(x, (list, tuple)) else [x]


def with_leaves(template, values):
    """``template`` (an array, a number, or lists/tuples/dicts/dataclasses of them) rebuilt from ``values``."""
    if is_record(template):
        return dataclasses.replace(template, **{f.name: with_leaves(getattr(template, f.name), values)
                                                for f in dataclasses.fields(template)})
    if isinstance(template, dict):
        return {k: with_leaves(t, values) for k, t in template.items()}
    if isinstance(template, (list, tuple)):
        items = [with_leaves(t, values) for t in template]
        return type(template)(*items) if hasattr(template, "_fields") else type(template)(items)   # (a NamedTuple)
    value = next(values)
    return value if np.ndim(template) else float(value)


def finite_differences(f, args, wrt, h=1e-5) -> list:
    grads = []
    for i in wrt:
        flat = [np.array(leaf, dtype=float) for leaf in leaves(args[i])]
        for k, leaf in enumerate(flat):
            g = np.zeros(leaf.shape)
            for j in np.ndindex(leaf.shape):
                values = []
                for step in (h, -h):
                    moved = [a.copy() for a in flat]
                    moved[k][j] += step
                    values.append(f(*args[:i], with_leaves(args[i], iter(moved)), *args[i + 1:]))
                g[j] = (values[0] - values[1]) / (2 * h)
            grads.append(g)
    return grads
