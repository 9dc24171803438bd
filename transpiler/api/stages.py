"""``print_after=``: the text of a derivative's IR or code after any stage of its pipeline."""
from __future__ import annotations

from typing import Any, Callable

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec

from ..driver import pipeline
from .rendering import Source


class UnknownStageError(ValueError):
    """``print_after`` names no stage of this derivative's pipeline; ``stages`` lists those it has."""

    def __init__(self, stage: str, stages: list[str]):
        super().__init__(f"print_after={stage!r} is not a stage of this derivative's pipeline; "
                         f"the stages are {', '.join(stages)}")
        self.stage, self.stages = stage, stages


def source_after(func: Callable[..., Any], spec: GradientSpec | TangentSpec, print_after: str | None = None) -> Source:
    """The module text ``spec``'s calls run or, with ``print_after``, the IR (stages "lower",
    "specialize"; "lower:python", "specialize:python": that IR printed as the Python it
    computes) or the code (stage "ad", then each pass) after that stage (a ``str`` that a
    notebook shows highlighted)."""
    if print_after is not None:
        if not pipeline.is_stage(spec, print_after):
            raise UnknownStageError(print_after, pipeline.stages(spec))
    return Source(pipeline.source(func, spec, print_after))
