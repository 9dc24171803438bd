"""The program a gradient's compile starts from (driver/pipeline.py ``specialised``: lowered, its
containers taken apart, specialised to the shapes) is worked out once per spec and kept with the
lowered function, so that what api/gradient.py asks before choosing ``returns_value`` (the
output's shape, dtype and derivative) shares the compile's specialisation. The key is every
field of the spec but ``returns_value``: a spec differing in any field the front reads gets the
program a fresh lowering gives it, never another spec's."""
import numpy as np
import pytest

import transpiler
from transpiler.ad.reverse import GradientSpec
from transpiler.api.flat import containers_of
from transpiler.driver import pipeline
from transpiler.errors import OutputTypeError
from transpiler.opt import specialize as specialize_module

W = np.ones(3)


def by_shape():
    def f(x):
        if x.shape[0] > 3:
            return np.sum(x ** 2)
        return np.sum(np.sin(x))
    return f


def by_global_shape():
    def f(x):
        if W.shape[0] > 3:
            return np.sum(x * W[0])
        return np.sum(np.cos(x))
    return f


def by_dtype():
    def f(x):
        if x.dtype == np.float32:
            return np.sum(x ** 2)
        return np.sum(np.sin(x))
    return f


def of_a_dict():
    def f(params, x):
        return np.sum(np.tanh(params["w"] * x) * params["b"])
    return f


def spec(**fields):
    base = dict(wrt=(0,), tuple_output=False, returns_value=True, arg_shapes=((5,),), arg_kinds=("f8",),
                unit_seed=True, specialize=True)
    return GradientSpec(**{**base, **fields})


def dict_spec(params, wrt=(0,)):
    args = (params, np.ones(3))
    return spec(wrt=wrt, arg_shapes=(None, (3,)), arg_kinds=(None, "f8"), containers=containers_of(args, True))


PAIRS = {
    "arg_shapes": (by_shape, spec(arg_shapes=((5,),)), spec(arg_shapes=((2,),))),
    "arg_kinds": (by_dtype, spec(arg_kinds=("f8",)), spec(arg_kinds=("f4",))),
    "free": (by_global_shape, spec(free=(("W", (5,), "f8"),)), spec(free=(("W", (2,), "f8"),))),
    "specialize": (by_shape, spec(), spec(specialize=False)),
    "containers": (of_a_dict, dict_spec({"w": np.ones(3), "b": np.ones(3)}),
                   dict_spec({"w": np.ones(3), "b": 1.0})),
    "wrt": (of_a_dict, dict_spec({"w": np.ones(3), "b": np.ones(3)}),
            dict_spec({"w": np.ones(3), "b": np.ones(3)}, wrt=(1,))),
}


def front(f, given):
    program, taken = pipeline.specialised(f, given)
    return program.listing(), taken


@pytest.mark.parametrize("field", PAIRS)
def test_a_spec_differing_in_one_field_gets_its_own_program(field):
    make, first, second = PAIRS[field]
    f = make()
    asked_first = front(f, first)
    assert front(make(), second) != asked_first          # (the field changes the program or its spec)
    assert front(f, second) == front(make(), second)      # (f's kept front for `first` not served)
    assert front(f, first) == asked_first


def test_returns_value_gets_the_very_program_it_is_compiled_from():
    f = by_shape()
    with_value, taken = pipeline.specialised(f, spec())
    without_value, taken_without = pipeline.specialised(f, spec(returns_value=False))
    assert without_value is with_value
    assert taken.returns_value and not taken_without.returns_value


@pytest.fixture
def specialisations(monkeypatch):
    made = []
    real = specialize_module._specialized
    monkeypatch.setattr(specialize_module, "_specialized", lambda fn, *a: made.append(fn.name) or real(fn, *a))
    return made


def cholesky_nll():
    from scipy.linalg import cho_solve

    def f(y, k):
        factor = np.linalg.cholesky(k + 1e-3 * np.eye(k.shape[0]))
        return 0.5 * y @ cho_solve((factor, True), y)
    return f


@pytest.mark.parametrize("make, args", [
    (of_a_dict, lambda: ({"w": np.linspace(0.1, 0.5, 3), "b": np.linspace(1.0, 2.0, 3)}, np.linspace(-1, 1, 3))),
    (cholesky_nll, lambda: (np.linspace(-1, 1, 3), np.eye(3) * 2.0)),
])
def test_a_first_call_specialises_one_function(make, args, specialisations):
    """The output's shape and derivative are asked of the program compiled (a dict argument
    taken apart; ``cho_solve``'s displays read through), not of the function specialised apart."""
    f, values = make(), args()
    transpiler.grad(f)(*values)
    assert len(specialisations) == 1, specialisations
    report = transpiler.check_grad(f, *values)
    assert report.ok, report


def sorted_by_size(x0, x1):
    items = [r for r in x0]
    ordered = sorted(items, key=abs)
    total = sum(w * np.sum(t) for w, t in zip([0.29, 1.36, -1.01, -0.15], ordered))
    return total + np.sum(min(items, key=abs)) * x1


def test_an_output_shape_the_program_leaves_unknown_is_asked_of_the_function_as_written():
    """Its iteration resolved, the program's ``sorted(items, key=abs)`` is a list of items of
    unknown shape; the function as written is known to return a number, so its gradient's code
    does not compute the value (fuzz seed 70)."""
    args = (np.array([0.3, -1.2, 0.7, 2.0]), 0.4)
    text = transpiler.grad(sorted_by_size, (0, 1)).source(args=args)
    assert "def sorted_by_size_grad(" in text and "value_and_grad" not in text
    report = transpiler.check_grad(sorted_by_size, *args, wrt=(0, 1))
    assert report.ok, report


@pytest.mark.parametrize("transform", [transpiler.grad, transpiler.value_and_grad])
def test_an_output_known_to_be_a_bool_is_refused_before_the_function_runs(transform):
    """The checks asked of the compiled program refuse it for ``value_and_grad`` too (which
    needs the value anyway), before anything runs."""
    ran = []

    def positive(x):
        ran.append(x)
        return np.sum(x) > 0

    with pytest.raises(OutputTypeError, match="it returns a bool value"):
        transform(positive)(np.ones(3))
    assert not ran
