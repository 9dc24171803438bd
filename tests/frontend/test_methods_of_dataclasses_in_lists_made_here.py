"""Methods of dataclass objects the function puts in a list (frontend/object_lists.py): a list
display, a comprehension constructing one dataclass, and their concatenation hold records of a
known class at run time, so ``wells[0].drawdown_at(x)``, ``for w in wells: w.drawdown_at(x)``
and ``sum(w.drawdown_at(x) for w in wells + images)`` inline the method with ``self`` bound to
the item (before, the call was an unknown function of a differentiated value: refused). Both
modes against central differences."""
from dataclasses import dataclass, field

import numpy as np
import pytest

import transpiler
from transpiler import UnknownFunctionError

from sequence_checks import assert_both_modes

R = np.array([0.5, 1.5])


@dataclass
class Well:
    x: float
    schedule: list = field(default_factory=list)      # (start, rate) pairs, superposed

    def drawdown_at(self, px):
        s = 0.0
        for start, rate in self.schedule:
            s += rate * np.log1p((px - self.x) ** 2 + start)
        return s


@dataclass
class Source:
    x: float
    q: float

    def at(self, px):
        return self.q * (px - self.x) ** 2


def first_of_a_display(r):
    wells = [Source(0.0, r[0]), Source(1.0, r[1])]
    return wells[0].at(2.0) * wells[1].at(3.0)


def loop_over_a_display(r):
    wells = [Source(0.0, r[0]), Source(1.0, r[1] ** 2)]
    total = 0.0
    for w in wells:
        total += w.at(2.5)
    return total


def generator_over_a_display(r):
    wells = [Well(0.0, [(0.0, r[0])]), Well(1.0, [(0.5, r[1]), (2.0, -0.5 * r[0])])]
    return sum(w.drawdown_at(px) for w in wells for px in (2.0, 3.0))


def images_by_a_comprehension_joined(r):
    wells = [Well(0.0, [(0.0, r[0])]), Well(150.0, [(0.5, r[1])])]
    images = [Well(2 * 400.0 - w.x, [(start, -rate) for start, rate in w.schedule]) for w in wells]
    return sum(w.drawdown_at(50.0) for w in wells + images)


@pytest.mark.parametrize("f", [first_of_a_display, loop_over_a_display, generator_over_a_display,
                               images_by_a_comprehension_joined])
def test_methods_of_dataclasses_in_a_list_are_inlined_in_both_modes(f):
    assert_both_modes(f, R)


@dataclass
class Other:
    x: float

    def at(self, px):
        return self.x * px


def mixed_classes(r):
    items = [Source(0.0, r[0]), Other(r[1])]
    return sum(w.at(2.0) for w in items)


def test_a_list_of_two_dataclasses_is_not_taken_for_one():
    # (the items' class differs: no method is chosen for them, the call stays refused)
    with pytest.raises(UnknownFunctionError, match="no derivative rule for `w.at`"):
        transpiler.grad(mixed_classes)(R)
