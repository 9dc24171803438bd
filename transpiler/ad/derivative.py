"""What a transform hands the driver: the generated function's parts and the facts the passes
after it need (opt/passes.py, run in order by driver/pipeline.py), so that no pass re-derives shapes or dtypes from names."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable

from ..ir.code import read_names


@dataclass
class Derivative:
    name: str
    arguments: ast.arguments
    body: list[ast.stmt]                  # ends with ``returned``
    returned: ast.Return
    fresh_name: Callable[[str], str]      # a new name that collides with nothing in the code
    gradients: list[ast.expr] = field(default_factory=list)   # reverse mode: what it returns
    shapes: dict[str, tuple] = field(default_factory=dict)    # known shapes of values, adjoints
    arrays: set[str] = field(default_factory=set)             # names known to hold arrays
    float64: set[str] = field(default_factory=set)            # names known to hold float64
    float32: set[str] = field(default_factory=set)            # names known to hold float32
    integers: set[str] = field(default_factory=set)           # names known to hold integer numbers
    params: list[str] = field(default_factory=list)           # the function's own parameters
    param_shapes: dict = field(default_factory=dict)          # parameter -> shape (None: unknown)
    input_kinds: dict = field(default_factory=dict)           # parameter or free name -> dtype kind
    #                                                           ("f4"; None: unknown)
    reads_free_names: bool = False
    tapes: list = field(default_factory=list)                 # the loops' tapes (ad/checkpoints.py: TapeSize)
    # reverse mode: the code as IR (ad/reverse_ir.py; None: not yet expressible, ``body`` is the
    # code), which the driver has a backend print into ``body``; and where in the printed return
    # value the gradients are
    ir: Any = None
    gradients_of: Callable[[ast.expr], list[ast.expr]] | None = None
    # set by passes:
    companions: list[ast.FunctionDef] = field(default_factory=list)   # emitted (and jitted) too
    python_only: bool = False             # this function runs as Python (its companion is jitted)
    fresh_results: tuple = ()             # per gradient: a float array this call made, no copy needed

    def needed(self) -> set[str]:
        """The names the returned value reads."""
        return read_names([self.returned])

    def function_def(self) -> ast.FunctionDef:
        return ast.FunctionDef(name=self.name, args=self.arguments, body=self.body, decorator_list=[],
                               returns=None, type_comment=None)
