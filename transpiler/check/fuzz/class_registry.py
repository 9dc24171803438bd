"""The ``registry`` program class: a few elementwise functions and reductions drawn from the
primitive registry (:mod:`.registry_draws`), on expressions of the DAG generator squashed into
each argument's domain, checked in both modes."""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program
from .registry_draws import DOMAIN_FORMATS, elementwise_candidates, reduction_candidates

INPUT_BOUND = 2.0         # Maker.expr bounds its expressions for names in [-2, 2]


def registry_primitives(m: Maker, seed: int) -> Program:
    """A few elementwise primitives and reductions drawn from the registry, on expressions of
    the DAG generator squashed into each argument's domain."""
    k = m.pick(2, 3, 4)
    names = {"x0": (k,), "M": (2, k), "s": ()}
    lines = ["def f(x0, M, s):"]
    terms = []
    for i in range(m.pick(2, 3, 4)):
        spelling, fmt, domains, scalar, magnitude = m.rng.choice(elementwise_candidates())
        shape = () if scalar else m.pick((k,), (2, k), ())
        operands = [DOMAIN_FORMATS[d].format(m.expr(names, shape if j == 0 else m.pick(shape, ()), 1))
                    for j, d in enumerate(domains)]
        lines.append(f"    e{i} = {fmt.format(*operands)}")
        terms.append(f"np.sum(np.sin(e{i}))")
        if magnitude <= INPUT_BOUND:
            # (the expressions built on it keep their bound for operands in [-2, 2] only: e3 =
            # np.degrees(...), up to 86, under np.cumprod overflowed np.exp, seed 29122)
            names[f"e{i}"] = shape
    for i in range(m.pick(1, 2)):
        spelling, fmt = m.rng.choice(reduction_candidates())
        source = m.pick("M", "x0") if "axis=1" not in fmt else "M"
        operand = m.expr(names, names[source], 1, fallback=source)
        lines.append(f"    r{i} = {fmt.format(DOMAIN_FORMATS['real'].format(operand))}")
        terms.append(f"np.sum(np.sin(r{i}))")
    lines.append(f"    return {' + '.join(terms)}")
    return class_program(seed, module_source(seed, lines), ["x0", "M", "s"], ["float"] * 3,
                         [(k,), (2, k), ()], wrt=(0, 1, 2), value=True, forward=m.chance(0.5))
