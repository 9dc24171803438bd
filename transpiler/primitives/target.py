"""What generated code may use, as the transforms and rules see it. Each backend
(transpiler/backends/) declares one; rules and transforms ask these questions and never which
backend runs."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    unavailable: frozenset = frozenset()   # functions generated code must not call there
    #                                        ("np.heaviside", "reversed", "unit_seed")
    primals_for_shapes: bool = True        # spell a primal for the call's shapes (plain
    #                                        arithmetic on numbers rather than ufuncs)

    def has(self, function: str) -> bool:
        """May generated code call ``function`` (its spelling: "np.heaviside", "reversed")?"""
        return function not in self.unavailable


NUMPY = Target()
