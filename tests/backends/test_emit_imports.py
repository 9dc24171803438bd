"""The generated module imports the SciPy packages its code calls, also where a long line is
wrapped after ``scipy.`` (the code a call runs for scipy.stats.invgamma.pdf was)."""
from transpiler.backends.emit import module_text


def test_a_scipy_call_wrapped_after_the_dot_is_imported():
    body = "def f(a):\n    return (a - scipy.\n        special.gammaln(a))\n"
    assert "import scipy.special" in module_text(["import numpy as np"], [], body, set())
