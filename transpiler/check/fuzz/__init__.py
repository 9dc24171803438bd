"""Fuzzer: random programs whose reverse-mode gradient must match finite differences.

Every program is Python *source* (the compiler reads source), written to a module file and
imported. A program is a random DAG over the supported primitives — arithmetic, elementwise math
(``np.*``, ``math.*`` and builtins), reductions, matrix products where shapes allow, indexing,
transposes and reshapes — on a mix of scalars and small arrays with broadcasting, with ``if`` /
``elif`` / ``else`` and conditional expressions on data, ``for`` loops over ``range``, arrays,
constant tuples, ``enumerate`` and ``zip`` with loop-carried values, bounded ``while`` loops,
``break``, ``continue``, early ``return``, tuple assignment, augmented assignment, module-level
names read at call time and integer shape queries.

Inputs are kept inside every primitive's domain by construction (``np.log(x * x + 1)``,
``a / (1 + b * b)``, ``np.arcsin(0.9 * np.tanh(x))`` ...) and values moderate by interval
bounds: each expression carries a bound on its magnitude given bounds on its operands, loops are
bounded over every iteration, and a statement whose bound exceeds :data:`LIMIT` is generated anew.

A program is deterministic from its seed (:func:`generate`). :func:`run_program` checks it with
:func:`~transpiler.check.check_grad` on all its parameters; an *inconclusive* comparison (a kink,
branch or jump within a finite-difference step) is retried on fresh inputs drawn from the same seed.

    python -m transpiler.check.fuzz --count 10000 --seed 0 [--jobs 8]

prints ``N programs, M mismatches`` and, for each mismatch or crash, the program, its inputs and
the seed that reproduces it; ``--show SEED [--reduce]`` prints (and shrinks) one program.

Compiler bugs the fuzzer has found are listed in :data:`KNOWN_BUGS`, each with its regression
test: silent ones are steered clear of, crashes recognised by their message, so that a run reports
only what is new (``--include-known-bugs`` generates their triggers too).

Forward mode: :func:`check_forward_mode` is the hook that compares ``transpiler.jvp`` with the
reverse gradient along a random direction; it runs with ``--forward``.

About a third of the seeds are programs of a *class* instead (:mod:`.classes`: repeated
index assignment, views written through, redefined helpers, float32, the numba backend, large
arrays, ...), each checked the way its bug class needs; ``--features a,b`` enables only some
(``none``: only the programs above). docs/checking.md lists them and what counts as a failure.

The modules, each importing only those above it:

- :mod:`.program` — expressions and statements (source and magnitude bound), :class:`Program`,
  its inputs, importing it;
- :mod:`.registry_draws` — elementwise primitives and reductions drawn from the primitive registry;
- :mod:`.expressions`, :mod:`.idioms`, :mod:`.generator` — the random DAG program generator (with
  its statements of Python idioms: lambdas, closures, comprehensions, ``sorted(key=)``, starred
  unpacking, dicts, records, ``raise``, random draws, registry primitives);
- :mod:`.class_maker`, :mod:`.class_writes`, :mod:`.class_functions`, :mod:`.class_dag`,
  :mod:`.class_python`, :mod:`.class_idioms`, :mod:`.class_registry`, :mod:`.class_library`,
  :mod:`.class_models`, :mod:`.class_gathers`, :mod:`.class_dispatch`,
  :mod:`.class_mixed` — the program classes by
  family, and :mod:`.classes`, which class a seed gets;
- :mod:`.known_bugs`, :mod:`.outcome`, :mod:`.timing` — what is known, found, and how long;
- :mod:`.class_checks` — checking a program of a class; :mod:`.run` — checking any program;
- :mod:`.reduce` — shrinking a failing program; :mod:`.sweep` — generating and running a range of
  seeds; :mod:`.cli` — the command line.
"""
from .classes import CLASSES, build, pick_class
from .cli import main
from .generator import Generator
from .known_bugs import KNOWN_BUGS, KnownBug, known_bug
from .outcome import ATOL, FAILURES, RTOL, Outcome
from .program import INPUT_BOUND, LIMIT, Program, load
from .reduce import check_source, reduce_source
from .run import check_forward_mode, cross_check, run_program
from .sweep import fuzz, generate, summary

__all__ = [
    "generate", "run_program", "fuzz", "summary", "main", "reduce_source", "check_source",
    "check_forward_mode", "cross_check", "load",
    "Program", "Generator", "Outcome", "KnownBug", "KNOWN_BUGS", "known_bug",
    "CLASSES", "pick_class", "build",
    "LIMIT", "INPUT_BOUND", "RTOL", "ATOL", "FAILURES",
]
