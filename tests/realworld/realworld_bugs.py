"""Crashes found by the real-world corpus: ``(case id, check) -> (exception class, reason)``.

Written by hand (``_status_report.py`` prints them as CRASH and never writes them here). Each is a
strict xfail restricted to that exception, so the fix turns the case red and its entry must go.
A finite wrong number is never listed here: that fails the suite. The NaN gradients below are
loud, not silent (JAX and PyTorch give NaN here as well), and listed so the suite stays honest.
"""
_SQRT_AT_ZERO = ("AssertionError", "NaN gradient (not a finite wrong number): the pairwise distances' "
                 "diagonal is np.sqrt(0); its adjoint there is 0 (the masked update and np.triu drop it), "
                 "and 0 times sqrt's infinite slope is NaN, spread to every position by dx = x.T - x")
BUGS: dict = {
    ("pmocz_nbody.total_energy", "grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.total_energy", "value_and_grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.simulate", "grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.simulate", "value_and_grad"): _SQRT_AT_ZERO,
}
