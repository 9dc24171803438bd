"""What the compiler says of methods of objects from outside the function it does not follow
(frontend/global_objects.py): a global estimator's method writing into its attributes with
values of the function (scikit-learn's ``self._unpack(packed)``), refused at the call with the
attribute it writes and why; and a method of an object read from a global dict by subscripts
(pyglmnet's ``MODELS['binomial'][0]._L2loss``), whose refusal says how the object was reached and
what makes the method inlined, which the hint's two spellings then do."""
import numpy as np
import pytest

import transpiler
from transpiler import UnknownFunctionError, UnsupportedSyntaxError


class Estimator:
    def __init__(self):
        self.coefs_ = [np.zeros(2), np.zeros(2)]

    def _unpack(self, packed):
        for i in range(2):
            self.coefs_[i] = packed[2 * i:2 * i + 2]

    def loss(self, packed):
        self._unpack(packed)
        return np.sum(self.coefs_[0] * self.coefs_[1])

    def penalty(self, w, scale):
        return scale * np.sum(w ** 2) + np.sum(np.sin(w))


ESTIMATOR = Estimator()
MODELS = {"ridge": (Estimator(), 0.5)}
RIDGE = MODELS["ridge"][0]


def global_estimator_loss(packed):
    return ESTIMATOR.loss(packed)


def test_a_global_objects_method_writing_its_attributes_is_refused_at_the_call():
    with pytest.raises(UnsupportedSyntaxError, match=r"writes into its attributes \(`self.coefs_\[i\] = \.\.\.`\)") \
            as caught:
        transpiler.grad(global_estimator_loss)(np.arange(4.0))
    assert caught.value.location.line == Estimator.loss.__code__.co_firstlineno + 1
    assert "make the object inside the differentiated function" in caught.value.hint


class Dense:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x                  # (a cache for a hand-written backward)
        return x @ self.W


class Cached:
    def __init__(self):
        self.cache = {}

    def __call__(self, x):
        h = np.tanh(x)
        self.cache["h"] = h
        return h.sum()


LAYER = Dense(np.arange(8.0).reshape(4, 2))
CACHED = Cached()


def through_a_writing_method(x):
    return np.sum(LAYER.forward(x) ** 2)


def through_a_writing_call(x):
    return CACHED(x) * 2.0


@pytest.mark.parametrize("f, written", [(through_a_writing_method, "Dense.forward"),
                                        (through_a_writing_call, "Cached.__call__")])
def test_a_global_objects_method_writing_its_attributes_in_an_expression_says_why(f, written):
    """Such a method simply runs; where a differentiated value reaches it the refusal names the
    write, not a missing derivative rule (which registering one would not have fixed)."""
    with pytest.raises(UnknownFunctionError, match=rf"`{written}` writes into the attributes of its object") \
            as caught:
        transpiler.grad(f)(np.array([0.3, -1.2, 0.7, 2.0]))
    assert "no derivative rule" not in str(caught.value)
    assert "make the object inside the differentiated function" in caught.value.hint


def made_inside(packed):
    estimator = Estimator()
    return estimator.loss(packed)


def test_the_same_method_of_an_object_made_inside_the_function_is_followed():
    x = np.array([0.5, -1.0, 2.0, 0.25])
    report = transpiler.check_grad(made_inside, x)
    assert report.ok, report
    assert transpiler.value_and_grad(made_inside)(x)[0] == pytest.approx(made_inside(x))


def from_a_global_dict(w):
    return MODELS["ridge"][0].penalty(w, MODELS["ridge"][1])


def from_a_global_name(w):
    return RIDGE.penalty(w, MODELS["ridge"][1])


def given_as_an_argument(w, model):
    return model.penalty(w, 0.5)


def test_a_method_of_an_object_read_by_subscripts_says_how_it_was_reached():
    with pytest.raises(UnknownFunctionError) as caught:
        transpiler.grad(from_a_global_dict)(np.array([0.3, -0.2]))
    message = str(caught.value)
    assert "the method `Estimator.penalty` of `MODELS['ridge'][0]`: an object read from `MODELS` by subscripts" \
        in message
    assert "passed as an argument" not in caught.value.hint and "model = MODELS['ridge'][0]" in caught.value.hint


def test_what_the_hint_says_to_write_is_differentiated():
    w = np.array([0.3, -0.2])
    expected = 2 * 0.5 * w + np.cos(w)
    np.testing.assert_allclose(transpiler.grad(from_a_global_name)(w), expected, rtol=1e-12)
    np.testing.assert_allclose(transpiler.grad(given_as_an_argument)(w, MODELS["ridge"][0]), expected, rtol=1e-12)
    _, tangent = transpiler.jvp(from_a_global_name, (w,), (np.array([1.0, 0.0]),))
    assert tangent == pytest.approx(expected[0])
