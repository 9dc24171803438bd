"""The output's adjoint, the seed of every generated reverse-mode function, has one documented
name, ``d_out``, whatever the returned value is called (docs/how-it-works.md, section 6): a user
passing ``d_out=c`` to saved code never has to read the listing to find the parameter."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler
from transpiler.ad.reverse import GradientSpec
from transpiler.driver import pipeline


def returns_a_named_loss(x):
    loss = x * x
    return loss


def returns_its_parameter(x):
    return x


def has_its_own_out(x):
    out = x * 3.0
    return out * x


def names_a_parameter_d_out(x, d_out):
    return x * d_out


def carries_a_loop(v, n):
    for _ in range(n):
        v = 4 * v * (1 - v)
    return v


def returns_a_pair(x1, x2):
    return np.sin(x1 * x2), x1 + x2


SCALE = 2.0


def reads_a_global(x):
    total = np.sum(x * SCALE)
    return total


def parameters(source: str, name: str) -> list[str]:
    function = next(node for node in ast.walk(ast.parse(source))
                    if isinstance(node, ast.FunctionDef) and node.name == name)
    return [a.arg for a in function.args.args]


@pytest.mark.parametrize("f", [returns_a_named_loss, returns_its_parameter, has_its_own_out,
                               carries_a_loop, reads_a_global], ids=lambda f: f.__name__)
def test_the_gradients_seed_is_d_out_whatever_the_result_is_called(f):
    source = transpiler.grad(f).source()
    assert parameters(source, f"{f.__name__}_grad")[-1] == "d_out"
    assert "d_out=1.0" in source


def test_a_users_own_out_keeps_its_adjoint_apart_from_the_seed():
    source = transpiler.grad(has_its_own_out).source()
    namespace: dict = {}
    exec(source, namespace)
    assert namespace["has_its_own_out_grad"](2.0, d_out=0.5) == pytest.approx(0.5 * 12.0)


def test_a_parameter_named_d_out_keeps_its_name_and_the_seed_is_d_out_1():
    source = transpiler.grad(names_a_parameter_d_out).source()
    assert parameters(source, "names_a_parameter_d_out_grad") == ["x", "d_out", "d_out_1"]


def test_value_and_grad_and_a_tuple_output_take_the_same_seed():
    assert parameters(transpiler.value_and_grad(returns_a_named_loss).source(),
                      "returns_a_named_loss_value_and_grad")[-1] == "d_out"
    source = pipeline.source(returns_a_pair, GradientSpec((0, 1), tuple_output=True))
    assert parameters(source, "returns_a_pair_grad") == ["x1", "x2", "d_out"]


def test_the_hessian_listing_takes_the_gradients_seed_as_d_out(tmp_path: Path):
    module = tmp_path / "poly.py"
    module.write_text("def poly(x, y):\n    r = x * x * y + y ** 3\n    return r\n")
    printed = subprocess.run([sys.executable, "-m", "transpiler", "hessian", f"{module}:poly"],
                             capture_output=True, text=True, check=True).stdout
    assert parameters(printed, "poly_grad_jvp") == ["x", "y", "d_out", "t_x"]
