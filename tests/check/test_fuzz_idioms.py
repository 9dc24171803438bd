"""The fuzzer draws Python as people write it (issue 15) and the primitives of the registry
(issue 16): idiom statements inside the DAG programs (transpiler/check/fuzz/idioms.py), the
program classes of class_idioms.py and class_registry.py, and the registry draws themselves."""
import collections
import tempfile

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad, fuzz
from transpiler.check.fuzz import class_checks, registry_draws
from transpiler.primitives import REGISTRY

IDIOM_FEATURES = {"idiom_lambda", "idiom_function_value", "idiom_nested_def", "idiom_comprehension",
                  "idiom_sorted", "idiom_starred", "idiom_dict", "idiom_record", "idiom_random",
                  "idiom_registry", "idiom_raise", "idiom_assert", "idiom_list", "idiom_add_at",
                  "idiom_keywords", "idiom_with"}
AVOID = frozenset(k for k, b in fuzz.KNOWN_BUGS.items() if b.avoid)


def test_dag_programs_mix_in_every_idiom_statement():
    features = collections.Counter(f for s in range(500) for f in fuzz.generate(s, features=()).features)
    assert IDIOM_FEATURES <= set(features), IDIOM_FEATURES - set(features)


def test_a_program_that_drew_no_idiom_statement_is_the_one_the_seed_gave_before_them():
    # the idioms draw from a stream of their own: a seed whose slots drew none keeps its program
    plain = 0
    for seed in range(40):
        generator = fuzz.Generator(seed, AVOID)
        source = generator.program().source
        if not generator.idiom_drawn:
            plain += 1
            assert source == fuzz.Generator(seed, AVOID, idioms=False).program().source
    assert plain > 20


def test_idiom_programs_are_deterministic_from_the_seed():
    seeds = [s for s in range(60) if IDIOM_FEATURES & fuzz.generate(s, features=()).features][:10]
    assert all(fuzz.generate(s, features=()).source == fuzz.generate(s, features=()).source for s in seeds)


def test_every_elementwise_primitive_of_the_registry_is_drawn_or_excluded_with_a_reason():
    drawn = {c[0] for c in registry_draws.elementwise_candidates()}
    declared = {str(p.spelling) for p in REGISTRY.values()
                if p.family in registry_draws.ELEMENTWISE_FAMILIES and p.partials is not None
                and p.shape_rule in ("elementwise", "scalar") and str(p.spelling).startswith(("np.", "math.", "abs"))}
    assert declared - drawn - set(registry_draws.EXCLUDED) == set()
    assert {"np.logaddexp", "np.i0", "np.ldexp", "np.where", "np.clip", "math.hypot", "**", "%"} <= drawn


def test_reductions_are_drawn_from_the_registry_with_their_spellings():
    forms = {fmt for _, fmt in registry_draws.reduction_candidates()}
    spellings = {s for s, _ in registry_draws.reduction_candidates()}
    assert {"np.sum", "np.median", "np.nanvar", "np.linalg.norm", "np.quantile", "np.ptp", "np.cumsum"} <= spellings
    assert {"{0}.sum()", "np.std({0}, axis=-1)", "np.percentile({0}, 30.0, axis=0)"} <= forms


def test_every_drawn_elementwise_call_stays_within_its_bound_on_its_domain():
    rng = np.random.default_rng(0)
    for spelling, fmt, domains, scalar, bound in registry_draws.elementwise_candidates():
        args = {f"a{i}": float(rng.uniform(*registry_draws._INTERVALS[d])) for i, d in enumerate(domains)}
        with np.errstate(all="ignore"):
            value = eval(fmt.format(*args), {"np": np, "math": __import__("math")}, args)
        assert abs(value) <= bound, spelling


# --------------------------------------------------------------------------- generator arguments
def noisy_objective(x, rng):
    return np.sum(np.sin(x + 0.3 * rng.normal(size=x.shape)) ** 2)


def test_check_grad_compares_one_sample_when_a_generator_is_passed():
    # finite differences copy the generator for every evaluation: each sees the same sample
    x = np.array([0.3, -0.8, 1.1])
    rng = np.random.default_rng(5)
    assert check_grad(noisy_objective, x, rng, wrt=0).ok
    once = np.random.default_rng(5)
    noisy_objective(x, once)
    assert rng.random() == once.random()     # and the caller's moved as far as one gradient call


def _first_of(cls):
    seed = next(s for s in range(400) if fuzz.pick_class(s, (cls,)) == cls)
    return fuzz.generate(seed, features=(cls,))


def test_a_generator_left_elsewhere_than_one_call_leaves_it_is_a_mismatch(monkeypatch, tmp_path):
    right = transpiler.value_and_grad

    def draws_once_more(f, wrt=0):
        def run(*args, **kwargs):
            out = right(f, wrt)(*args, **kwargs)
            args[-1].random()
            return out
        return run

    program = _first_of("rng-argument")
    assert fuzz.run_program(program, tmp_path).status == "ok"
    monkeypatch.setattr(class_checks.api, "value_and_grad", draws_once_more)
    outcome = fuzz.run_program(program, tmp_path)
    assert outcome.status == "mismatch" and "the generator rng is not where one call" in outcome.error


@pytest.mark.parametrize("cls, spelled", [("rng-argument", "rng"), ("dict-params", "p"), ("sorted-key", "key="),
                                          ("starred", "*"), ("records", "raise ValueError"),
                                          ("function-values", "def inner"), ("registry", "np."),
                                          ("try-except", "    try:")])
def test_each_idiom_class_writes_its_construct(cls, spelled):
    program = _first_of(cls)
    assert spelled in program.source
    with tempfile.TemporaryDirectory() as directory:
        assert fuzz.run_program(program, directory, forward=True).status == "ok"


def test_the_try_class_takes_both_paths_and_each_spelling():
    """Across its first programs the class writes every form and a matrix the factorisation
    refuses (the handler's path), each program checked."""
    sources = [fuzz.generate(seed, features=("try-except",)).source for seed in range(200)]
    sources = [s for s in sources if "    try:" in s]
    for spelled in ("+ 1e-9 * np.eye(", "np.linalg.inv(np.linalg.cholesky(K))", "    except:",
                    "except ZeroDivisionError", "-10.0", "        if x1 >= 0.5:", "        for k in range(2):",
                    "L.diagonal()"):
        assert any(spelled in s for s in sources), spelled
