"""Objects of user classes constructed inside the differentiated function (frontend/objects.py):
``layer = Dense(W, b); layer.forward(x); out = layer.output``. The constructor and methods are
inlined, and attributes assigned in them (``self.output = ...``) are values of the function like
local names: through helpers, lambdas, branches and loops. Both modes against central
differences; what cannot be followed is refused, located."""
import abc
import dataclasses

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

RNG = np.random.default_rng(13)
X = RNG.normal(size=(5, 3))
W = RNG.normal(size=(3, 2))


# ================================================================ nnfs style: output attributes
class Dense:
    def __init__(self, weights, biases):
        self.weights = weights
        self.biases = biases

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases


class ReLU:
    def forward(self, inputs):
        self.output = np.maximum(0, inputs)


class Softplus(ReLU):          # inherits nothing it uses; overrides forward
    def forward(self, inputs):
        self.output = np.log1p(np.exp(inputs))


class Loss:
    def calculate(self, output, y):
        return np.mean(self.forward(output, y))    # the subclass's forward, as Python finds it


class SquaredLoss(Loss):
    def forward(self, prediction, target):
        return (prediction - target) ** 2


def two_layers(weights, x):
    dense = Dense(weights, 0.1)
    activation = Softplus()
    dense.forward(x)
    activation.forward(dense.output)
    return SquaredLoss().calculate(activation.output, 1.0)


def test_layer_objects_made_inside_the_function_differentiate_in_both_modes():
    assert_both_modes(two_layers, W, X)
    assert_both_modes(two_layers, W, X, wrt=1)


def test_hessian_through_a_local_object_matches_finite_differences_of_grad():
    f = lambda w: two_layers(w.reshape(3, 2), X)  # noqa: E731
    w = W.ravel()
    hessian = transpiler.hessian(f)(w)
    g = transpiler.grad(f)
    h = 1e-5
    numeric = np.stack([(g(w + h * e) - g(w - h * e)) / (2 * h) for e in np.eye(w.size)])
    np.testing.assert_allclose(hessian, numeric, rtol=1e-4, atol=1e-6)


# ================================================= methods returning values, class attributes
class Scaled:
    factor = 2.0                # a class constant

    def __init__(self, w):
        self.w = w

    @property
    def doubled(self):
        return self.factor * self.w

    @staticmethod
    def squash(z):
        return np.tanh(z)

    def __call__(self, x):
        return self.squash(x @ self.doubled)


def callable_object(w, x):
    model = Scaled(w)
    return np.sum(model(x) ** 2) + model.factor


def test_call_property_static_method_and_class_constant_of_a_local_object():
    assert_both_modes(callable_object, W, X)


# ============================================ helpers and closures that receive the object
def run_layer(layer, x):
    layer.forward(x)                # a helper changes the object: the caller sees it


def through_a_helper(weights, x):
    layer = Dense(weights, 0.0)
    run_layer(layer, x)
    apply = lambda: layer.output.sum()      # noqa: E731  (a closure reads it at call time)
    return apply() * layer.output.max()


def test_a_helper_writing_an_attribute_and_a_lambda_reading_it():
    assert_both_modes(through_a_helper, W, X)


# ================================================================ branches and loops
class Cell:
    def __init__(self, w, size):
        self.w = w
        self.h = np.zeros(size)
        self.history = []

    def step(self, x):
        self.h = np.tanh(x @ self.w + self.h)
        self.history.append(self.h.sum())


def unrolled_rnn(w, xs):
    cell = Cell(w, 2)
    for t in range(xs.shape[0]):
        cell.step(xs[t])             # the attribute rebound by a method is carried by the loop
    total = 0.0
    for value in cell.history:
        total = total + value
    return total + np.sum(cell.h ** 2)


def test_attributes_a_method_rebinds_in_a_loop_are_carried():
    assert_both_modes(unrolled_rnn, W, X)
    assert_both_modes(unrolled_rnn, W, X, wrt=1)


def attribute_in_branches(w, x):
    layer = Dense(w, 0.0)
    if x.sum() > 0:
        layer.forward(x)
        layer.scale = 3.0
    else:
        layer.forward(2.0 * x)
        layer.scale = -1.0
    return layer.scale * np.sum(layer.output ** 2)


def test_attributes_set_in_branches_are_merged():
    assert_both_modes(attribute_in_branches, W, X)
    assert_both_modes(attribute_in_branches, W, -X)


class Fitter:
    def __init__(self, eta, n_iter):
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, x, y):
        self.w_ = np.zeros(1 + x.shape[1])
        self.cost_ = []
        for _ in range(self.n_iter):
            errors = y - (x @ self.w_[1:] + self.w_[0])
            self.w_[1:] += self.eta * x.T.dot(errors)       # a write into the attribute's array
            self.w_[0] += self.eta * errors.sum()
            self.cost_.append((errors ** 2).sum())
        return self


def fitted_cost(x, y):
    return Fitter(0.01, 4).fit(x, y).cost_[-1]


def test_method_updating_an_attribute_array_in_place_inside_a_loop():
    y = RNG.normal(size=5)
    assert_both_modes(fitted_cost, X, y)
    assert_both_modes(fitted_cost, X, y, wrt=1)


def objects_made_in_a_loop(w, x):
    total = 0.0
    for k in range(3):
        layer = Dense(w, float(k))       # a new object every iteration, used inside it
        layer.forward(x)
        total = total + np.sum(np.sin(layer.output))
    return total


def test_an_object_made_and_used_inside_each_iteration():
    assert_both_modes(objects_made_in_a_loop, W, X)


class Counter:
    def __init__(self):
        self.n = 0
        self.acc = 0.0

    def add(self, v):
        self.n += 1
        self.acc += v


def augmented_attributes(x):
    counter = Counter()
    for row in x:
        counter.add(np.sum(row ** 2))
    return counter.acc / counter.n


def test_augmented_assignment_to_attributes():
    assert_both_modes(augmented_attributes, X)


# ================================================================ inheritance through super()
class Plain:
    def __init__(self):
        super().__init__()           # reaches object.__init__
        self.count = 0


class Base:
    def __init__(self, w):
        self.w = w

    def forward(self, x):
        self.out = x @ self.w


class Scaling(Base, Plain):
    def __init__(self, w, s):
        super().__init__(w)
        self.s = s

    def forward(self, x):
        super().forward(x)
        self.out = self.s * np.tanh(self.out)


def through_super(w, x):
    layer = Scaling(w, 2.0)
    layer.forward(x)
    counter = Plain()
    if isinstance(layer, Base) and not isinstance(counter, Base):      # known when compiled
        return np.sum(layer.out ** 2) + counter.count
    return 0.0


def test_super_calls_and_isinstance_of_local_objects():
    assert_both_modes(through_super, W, X)


# ================================================================ what is refused
def made_in_a_loop_used_after(w, x):
    for _ in range(2):
        layer = Dense(w, 0.0)
        layer.forward(x)
    return layer.output.sum()        # which iteration's object: refused, not guessed


def printed(w, x):
    layer = Dense(w, 0.0)
    print(layer)
    return w.sum()


class Stepper:
    def __init__(self, x):
        self.x = x
        self.k = 0

    def more(self):
        self.k += 1
        return self.k < 3


class Settable(Base):
    @property
    def scaled(self):
        return 2.0 * self.w

    @scaled.setter
    def scaled(self, value):
        self.w = value / 2.0


def assigns_a_property(w, x):
    layer = Settable(w)
    layer.scaled = w                 # Python runs the setter (frontend/property_setters.py)
    return np.sum(layer.w)


def method_in_a_while_test(x):
    s = Stepper(x)
    while s.more():
        s.x = s.x * 2.0
    return np.sum(s.x)



def returns_the_object(w):
    return Dense(w, 0.0)


def object_in_a_list(w, x):
    # (a display of objects outside loops is a list known while compiling: test_object_lists.py)
    # (a loop over a range known while compiling is unrolled: test_object_lists.py; one over
    # the rows of `w` runs as many times as `w` has rows, known only at run time)
    layers = []
    for row in w:
        layers.append(Dense(row, 0.0))
    return layers[0].weights.sum()


def reads_before_assignment(w, x):
    layer = Dense(w, 0.0)
    return layer.output.sum()


def view_read_after_a_write_through_the_attribute(w):
    fitter = Fitter(0.1, 1)
    fitter.w_ = w
    fitter.w_[0] = 0.0               # w itself changes in Python: reading it is refused
    return np.sum(w * fitter.w_)


def writes_an_argument_object(model, x):
    model.output = x * 2.0
    return x.sum()


MODEL = Dense(W, 0.0)


def writes_a_global_object(x):
    MODEL.output = x
    return x.sum()


@pytest.mark.parametrize("f, args, words", [
    (returns_the_object, (W,), ["returning", "the object `dense`"]),
    (object_in_a_list, (W, X), ["putting the object `dense`", "in a list"]),
    (reads_before_assignment, (W, X), ["reading `layer.output` before it is assigned"]),
    (view_read_after_a_write_through_the_attribute, (np.ones(3),), ["`w` is read after a write through `fitter.w_`"]),
    (writes_an_argument_object, (MODEL, X), ["assigning to the attribute `model.output`"]),
    (writes_a_global_object, (X,), ["assigning to the attribute `MODEL.output`"]),
    (made_in_a_loop_used_after, (W, X), ["using `layer` after the loop", "each iteration makes a new one"]),
    (printed, (W, X), ["the object `layer`", "used as a value"]),
    (method_in_a_while_test, (X,), ["a `while` test that changes `s.k`"]),
], ids=["returned", "in-a-list", "unassigned", "alias", "argument-object", "global-object", "made-in-loop",
        "printed", "while-test"])
def test_what_cannot_be_followed_is_refused_at_the_users_line(f, args, words):
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(f)(*args)
    for word in words:
        assert word in str(info.value)
    assert info.value.location.filename.endswith("test_local_objects.py")


def test_assigning_a_property_runs_its_setter():
    assert_both_modes(assigns_a_property, W, X)


# ================================================ an object reached through a bound method
def repeat(step, xs):
    for t in range(xs.shape[0]):
        step(xs[t])                   # the helper sees a function, not the object


def bound_method_in_a_helper_loop(w, xs):
    cell = Cell(w, 2)
    repeat(cell.step, xs)
    return np.sum(cell.h ** 2) + cell.history[-1]


def test_attributes_changed_in_a_helper_loop_through_a_bound_method_are_carried():
    assert_both_modes(bound_method_in_a_helper_loop, W, X)


# ================================================ made by a helper, methods as values
class Chained:
    def __init__(self, weights, biases=0.0):
        self.weights = weights
        self.biases = biases
        self.params = [weights]

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases
        return self


def make_layer(w):
    return Chained(weights=w, biases=0.5)        # keywords; the object is returned to the caller


def made_by_a_helper(w, x):
    layer = make_layer(w)
    step = layer.forward                         # a bound method kept in a name
    step(x)
    total = 0.0
    for p in layer.params:
        total = total + np.sum(p)
    return np.sum(layer.output ** 2) + total + np.sum(layer.forward(2 * x).output)


def test_an_object_a_helper_made_and_its_bound_method_kept_in_a_name():
    assert_both_modes(made_by_a_helper, W, X)


# dataclasses made in the function (frontend/records.py) ------------------------------------------
@dataclasses.dataclass
class Record:
    pos: np.ndarray
    vel: np.ndarray
    mass: float = 2.0
    history: list = dataclasses.field(default_factory=list)

    def __post_init__(self):
        self.momentum = self.mass * self.vel

    def energy(self):
        return 0.5 * self.mass * np.sum(self.vel ** 2) + np.sum(self.pos ** 2) + np.sum(self.momentum)


@dataclasses.dataclass(frozen=True)
class Frozen:
    a: float


def record_positional(x):
    r = Record(x[:2] * 2, np.sin(x[2:]))
    r.history.append(r.energy())
    return r.history[0] + r.pos[0] * r.vel[1]


def record_by_keyword_through_a_helper(x):
    return _energy_of(Record(vel=x[2:], pos=x[:2], mass=x[0] ** 2))


def _energy_of(record):
    return record.energy()


@pytest.mark.parametrize("f", [record_positional, record_by_keyword_through_a_helper])
def test_a_dataclass_made_in_the_function_in_both_modes_and_second_order(f):
    x = np.array([0.3, -1.2, 2.0, 0.7])
    assert transpiler.check_grad(f, x).ok
    _, tangent = transpiler.jvp(f, (x,), (np.ones(4),))
    assert np.isclose(tangent, np.sum(transpiler.grad(f)(x)))
    step = 1e-5
    numeric = np.array([(transpiler.grad(f)(x + step * e) - transpiler.grad(f)(x - step * e)) / (2 * step)
                        for e in np.eye(4)])
    np.testing.assert_allclose(transpiler.hessian(f)(x), numeric, atol=1e-6)


def writes_a_frozen_field(x):
    f = Frozen(x)
    f.a = 2 * x
    return f.a


def passes_a_field_twice(x):
    return Frozen(x, a=x).a


@pytest.mark.parametrize("f, words", [(writes_a_frozen_field, "FrozenInstanceError"),
                                      (passes_a_field_twice, "multiple values")])
def test_what_python_refuses_on_a_dataclass_is_refused_where_written(f, words):
    with pytest.raises(transpiler.UnsupportedSyntaxError, match=words) as caught:
        transpiler.grad(f)(1.5)
    assert caught.value.location.line > f.__code__.co_firstlineno
class _Objective(abc.ABC):
    """numpy-ml's ObjectiveBase: an abstract base class."""

    def __init__(self):
        super().__init__()

    @abc.abstractmethod
    def loss(self, y, y_pred):
        pass


class _SquaredError(_Objective):
    def __init__(self):
        super().__init__()

    def __call__(self, y, y_pred):
        return self.loss(y, y_pred)

    @staticmethod
    def loss(y, y_pred):
        return 0.5 * np.linalg.norm(y_pred - y) ** 2


def abstract_base_class_objects(w):
    return _SquaredError()(np.ones(3), np.tanh(w * 2.0)) + _SquaredError.loss(w, 0.5)


def test_objects_of_abstract_base_class_subclasses_are_built_symbolically():
    """(an ABCMeta class was not constructible: its objects were refused when called)"""
    w = np.array([0.3, -0.8, 1.1])
    assert transpiler.check_grad(abstract_base_class_objects, w).ok
    _, tangent = transpiler.jvp(abstract_base_class_objects, (w,), (np.ones(3),))
    assert tangent == pytest.approx(transpiler.grad(abstract_base_class_objects)(w).sum(), rel=1e-10)


# ================================================= array class attributes (scipy's RK45 tableau)
class Tableau:
    C = np.array([0.0, 0.5])
    B = np.array([0.25, 0.75])


class Midpointish(Tableau):        # (the arrays found on a base class, read through `self`)
    def __init__(self, rate):
        self.rate = rate

    def step(self, y, h):
        k0 = -self.rate * y
        k1 = -self.rate * (y + self.C[1] * h * k0)
        return y + h * (self.B[0] * k0 + self.B[1] * k1)


def integrate_with_class_tableau(rate, y0):
    solver = Midpointish(rate)
    y = y0
    for _ in range(3):
        y = solver.step(y, 0.1)
    return np.sum(y ** 2)


def test_an_array_class_attribute_is_read_at_call_time_like_a_global():
    y0 = np.array([1.0, -0.5])
    assert transpiler.check_grad(integrate_with_class_tableau, 0.8, y0, wrt=(0, 1)).ok
    v = transpiler.jvp(integrate_with_class_tableau, (0.8, y0), (1.0, None))[1]
    assert v == pytest.approx(transpiler.grad(integrate_with_class_tableau)(0.8, y0), rel=1e-12)
    gradient = transpiler.grad(integrate_with_class_tableau)
    before = gradient(0.8, y0)
    old = Tableau.B
    try:
        Tableau.B = np.array([0.5, 0.5])        # rebound: the next call reads the new weights
        assert not np.isclose(gradient(0.8, y0), before)
        assert transpiler.check_grad(integrate_with_class_tableau, 0.8, y0).ok
    finally:
        Tableau.B = old


# ================================================= len() of an object made in the function
class Cluster:                       # (ASE's Atoms: `np.zeros((len(atoms), 3))`)
    def __init__(self, positions):
        self.positions = positions

    def __len__(self):
        return len(self.positions)


def energy_over_len(positions):
    atoms = Cluster(positions)
    forces = np.zeros((len(atoms), 2))
    return np.sum(positions ** 2) / len(atoms) + np.sum(forces)


def test_len_of_an_object_made_in_the_function_calls_its_dunder_len():
    x = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]])
    np.testing.assert_allclose(transpiler.grad(energy_over_len)(x), 2 * x / 3)
    np.testing.assert_allclose(transpiler.jvp(energy_over_len, (x,), (np.ones_like(x),))[1], np.sum(2 * x / 3))
