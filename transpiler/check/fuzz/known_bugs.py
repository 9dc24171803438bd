"""Compiler bugs the fuzzer found and that are not fixed yet (:data:`KNOWN_BUGS`)."""
from __future__ import annotations

import re
from dataclasses import dataclass


# Compiler bugs the fuzzer found. Each has a strict-xfail regression test in
# tests/check/test_fuzz.py. A bug that silently gives a wrong gradient is *avoided*: the generator
# steers clear of its trigger, so new bugs stand out. A crash is *recognised* by its message
# instead, so the programs that trigger it still exercise everything else; such outcomes count as
# "known", not as mismatches. Remove an entry once its bug is fixed.
@dataclass(frozen=True)
class KnownBug:
    description: str
    test: str                  # regression test in tests/check/test_fuzz.py
    avoid: bool = False        # steer generation clear of the trigger
    pattern: str = ""          # regular expression matching the crash message


KNOWN_BUGS = {
    "array_augassign": KnownBug(
        "`y += 1` on an array updates it in place, and with it every other name for it: `y = x` is "
        "modelled (both names see the update), a view, a loop element or a helper's alias is not: "
        "where such a name is read afterwards the compiler refuses (a located error), never a wrong "
        "gradient",
        "test_augmented_assignment_to_an_aliased_array_is_python_s_not_wrong", avoid=True,
        pattern=r"changes an array in place|is read after (a write through|the augmented assignment)"),
}


def known_bug(error: str) -> str | None:
    """The known bug a crash message belongs to, if any."""
    for name, bug in KNOWN_BUGS.items():
        if bug.pattern and re.search(bug.pattern, error):
            return name
    return None

