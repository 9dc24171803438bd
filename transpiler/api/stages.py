"""``print_after=``: the text of a derivative's IR or code after any stage of its pipeline."""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec

from ..driver import pipeline
from .rendering import Source
from .strong_zeros import refuse_unless_rerun


class UnknownStageError(ValueError):
    """``print_after`` names no stage of this derivative's pipeline; ``stages`` lists those it has."""

    def __init__(self, stage: str, stages: list[str]):
        super().__init__(f"print_after={stage!r} is not a stage of this derivative's pipeline; "
                         f"the stages are {', '.join(stages)}")
        self.stage, self.stages = stage, stages


def source_after(func: Callable[..., Any], spec: GradientSpec | TangentSpec, print_after: str | None = None,
                 strong_zeros: bool = False) -> Source:
    """The module text ``spec``'s calls run or, with ``print_after``, the IR (stages "lower",
    "specialize", "ad" and each pass on the IR; "lower:python", "specialize:python",
    "dead_code:python"...: that IR printed as the Python it computes) or the code (each pass of
    the backend's own) after that stage (a ``str`` that a notebook shows highlighted). With
    ``strong_zeros``, that of the code a call falls back on where the plain code's derivative
    came out NaN (api/strong_zeros.py): the text is the one compiled and run then."""
    if strong_zeros:
        refuse_unless_rerun(func, spec.backend)
        spec = dataclasses.replace(spec, strong_zeros=True)
        if print_after is None:
            return Source(pipeline.compiled(func, spec).source)
    if print_after is not None:
        if not pipeline.is_stage(spec, print_after):
            raise UnknownStageError(print_after, pipeline.stages(spec))
    return Source(pipeline.source(func, spec, print_after))
