"""Both modes against central finite differences, for the tests of comprehensions, lists and
sequence builtins (test_comprehensions.py, test_lists.py, test_builtins.py)."""
import numpy as np

import transpiler


def assert_both_modes(f, *args, wrt=0, rtol=1e-6):
    """Reverse mode (``check_grad``) and forward mode (``jvp`` along a fixed random direction)
    both agree with central finite differences of ``f`` at ``args``; the value too."""
    report = transpiler.check_grad(f, *args, wrt=wrt, rtol=rtol)
    assert report.ok, report
    x = args[wrt]
    direction = np.random.default_rng(0).standard_normal(np.shape(x))
    if np.ndim(x) == 0:
        direction = float(direction)
    tangents = tuple(direction if i == wrt else None for i in range(len(args)))
    value, tangent = transpiler.jvp(f, args, tangents)

    def along(step):
        moved = list(args)
        moved[wrt] = x + step * direction
        return f(*moved)

    h = 1e-6
    numeric = (along(h) - along(-h)) / (2 * h)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)
    np.testing.assert_allclose(tangent, numeric, rtol=1e-5, atol=1e-7)
