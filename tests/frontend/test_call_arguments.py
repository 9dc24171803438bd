"""A library function's defaults, read once per function (frontend/call_arguments.py): the same
after as at the first read, and never kept for a user's function or a method bound to an object."""
import numpy as np

import transpiler
from transpiler.frontend import call_arguments


def test_a_library_functions_defaults_are_read_once_and_stay_what_its_signature_says():
    call_arguments._DEFAULTS.pop(np.concatenate, None)
    first = call_arguments._library_defaults(np.concatenate)
    assert first == {"axis": 0, "out": None, "dtype": None, "casting": "same_kind"}
    assert call_arguments._DEFAULTS[np.concatenate] is first is call_arguments._library_defaults(np.concatenate)


def test_a_users_function_and_a_bound_method_are_read_each_time_and_not_kept():
    def scaled(x, factor=2.0):
        return x * factor

    stream = np.random.RandomState(0)
    assert call_arguments._library_defaults(scaled) == {"factor": 2.0}
    scaled.__defaults__ = (3.0,)
    assert call_arguments._library_defaults(scaled) == {"factor": 3.0}
    call_arguments._library_defaults(stream.normal)
    assert scaled not in call_arguments._DEFAULTS and all(getattr(k, "__self__", None) is not stream
                                                          for k in call_arguments._DEFAULTS)


def test_a_keyword_spelling_the_default_means_the_call_without_it_on_every_lowering():
    def f(x):
        return np.sum(np.concatenate([x, x * 2.0], axis=0, dtype=None) ** 2, axis=None)

    x = np.linspace(0.1, 0.5, 4)
    for _ in range(2):      # (the second lowering reads the kept defaults)
        transpiler.driver.pipeline._lowered.clear()
        assert transpiler.check_grad(f, x).ok
