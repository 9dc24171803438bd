"""A class passed as a value and called (``value_function_generator(rate, alpha)`` in Sutton &
Barto's ``parameter_sweep``) makes an object in the function as calling the class by its name
does (frontend/objects.py): its ``__init__`` and methods are inlined, its array attributes
differentiated, in both modes, in loops, through helpers and keyword arguments."""
import numpy as np
import pytest

from sequence_checks import assert_both_modes


class Base:
    def __init__(self, rate, step_size):
        self.rate = rate
        self.step_size = step_size
        self.weights = np.zeros(4)

    def value(self, state):
        return self.weights[state]


class Trace(Base):
    def __init__(self, rate, step_size):
        Base.__init__(self, rate, step_size)
        self.eligibility = np.zeros(4)

    def learn(self, state, reward):
        self.eligibility *= self.rate
        self.eligibility[state] += 1
        delta = reward - self.value(state)
        self.weights += self.step_size * delta * self.eligibility


def run(rate, generator, episodes=3):
    model = generator(rate, 0.4)
    for episode in range(episodes):
        model.learn(episode % 4, 1.0 + episode)
    values = [model.value(s) for s in range(4)]
    return np.sum(np.power(values - np.array([1.0, 2.0, 3.0, 0.0]), 2))


def positional(rate):
    return run(rate, Trace)


def by_keyword(rate):
    return run(rate, generator=Trace, episodes=2)


def passed_on(rate, generator):
    return 2.0 * run(rate, generator)


def through_two_helpers(rate):
    return passed_on(rate, Trace) + passed_on(rate * rate, generator=Trace)


@pytest.mark.parametrize("f", [positional, by_keyword])
def test_object_made_by_a_class_passed_as_a_value_matches_finite_differences(f):
    assert_both_modes(f, 0.7)


def test_class_passed_through_two_helpers():
    assert_both_modes(through_two_helpers, 0.7)
