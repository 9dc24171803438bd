"""The ``library`` program class: a few calls of the shape, FFT, linear-algebra and SciPy
functions drawn from the registry (:mod:`.library_draws`), on expressions of the DAG generator
squashed into each operand's domain, checked in both modes, and a quarter of them through
``hessian`` too. A refusal located in the program, with a hint, is accepted (counted as
refused), and so are the refusals the library functions document: an argument without a
derivative (``gammaincc``'s ``a``), a ``NotImplementedError`` raised when the derivative runs
(``qr`` of a wide matrix); any other error is a crash, a wrong number a mismatch."""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .library_draws import OPERANDS, library_candidates, squash
from .program import Program

# parameter -> shape; each operand kind's random expression is over these
PARAMETERS = {"x": (2, 3), "y": (2, 3), "v": (3,), "S": (3, 3), "T": (3, 2)}


def library_calls(m: Maker, seed: int) -> Program:
    """One to three library calls, each operand a local squashed into its domain."""
    lines = [f"def f({', '.join(PARAMETERS)}):"]
    terms = []
    operands = 0
    for i in range(m.pick(1, 2, 3)):
        spelling, fmt, kinds = m.rng.choice(library_candidates())
        names = []
        for kind in kinds:
            shape = OPERANDS[kind][0]
            fallback = next(n for n, s in PARAMETERS.items() if s == shape)
            lines.append(f"    q{operands} = {m.expr(PARAMETERS, shape, 1, fallback=fallback)}")
            names.append(squash(kind, f"q{operands}"))
            operands += 1
        lines.append(f"    e{i} = {fmt.format(*names)}")
        terms.append(f"np.sum(np.sin(e{i}))")
    lines.append(f"    return {' + '.join(terms)}")
    header = ["import scipy", "import scipy.linalg", "import scipy.ndimage", "import scipy.signal",
              "import scipy.spatial.distance", "import scipy.special", "import scipy.stats"]
    source = module_source(seed, lines, header if "scipy." in "\n".join(lines) else ())
    return class_program(seed, source, list(PARAMETERS), ["float"] * len(PARAMETERS), list(PARAMETERS.values()),
                         wrt=tuple(range(len(PARAMETERS))), value=True, forward=True, refusable=True,
                         runtime_refusals=True, order=2 if m.chance(0.25) else 1)
