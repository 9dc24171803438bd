"""The generated module imports the SciPy packages its code calls, also where a long line is
wrapped after ``scipy.`` (the code a call runs for scipy.stats.invgamma.pdf was) or before the dot."""
from transpiler.backends.emit import module_text


def test_a_scipy_call_wrapped_after_the_dot_is_imported():
    body = "def f(a):\n    return (a - scipy.\n        special.gammaln(a))\n"
    assert "import scipy.special" in module_text(["import numpy as np"], [], body, set())


def test_a_scipy_call_wrapped_before_the_dot_is_imported():
    # (astor broke `scipy.special.betainc` of scipy.stats.binom.cdf after `scipy`: a NameError
    # when the gradient ran; found by the fuzzer's library class)
    body = "def f(a):\n    out = np.where(a > 0, scipy\n        .special.betainc(1 - a, a + 1, 1), 0.0)\n"
    assert "import scipy.special" in module_text(["import numpy as np"], [], body, set())
