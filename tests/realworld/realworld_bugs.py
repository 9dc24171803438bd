"""Crashes found by the real-world corpus: ``(case id, check) -> (exception class, reason)``.

Written by hand (``_status_report.py`` prints them as CRASH and never writes them here). Each is a
strict xfail restricted to that exception, so the fix turns the case red and its entry must go.
A finite wrong number is never listed here: that fails the suite. The NaN gradients below are
loud, not silent (JAX and PyTorch give NaN here as well), and listed so the suite stays honest.
"""
_SQRT_AT_ZERO = ("AssertionError", "NaN gradient (not a finite wrong number): the pairwise distances' "
                 "diagonal is np.sqrt(0); its adjoint there is 0 (the masked update and np.triu drop it), "
                 "and 0 times sqrt's infinite slope is NaN, spread to every position by dx = x.T - x")
_ARRAY_OF_A_GROWN_LIST = ("TypeError", "reverse mode of `np.array(samples[1:])` (a list grown by `append` in a "
                          "loop) reduced to a number: the adjoint reaches the list slice as the float 1/size, not "
                          "one array per element, and `accumulate(list, float)` fails (minimal: "
                          "`s = [x]; for i in range(3): s.append(s[-1] * 1.5); return np.sum(np.array(s[1:]))`)")
BUGS: dict = {
    ("minimc_hmc_leapfrog.chain_mean", "grad"): _ARRAY_OF_A_GROWN_LIST,
    ("minimc_hmc_leapfrog.chain_mean", "value_and_grad"): _ARRAY_OF_A_GROWN_LIST,
    ("pmocz_nbody.total_energy", "grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.total_energy", "value_and_grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.simulate", "grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.simulate", "value_and_grad"): _SQRT_AT_ZERO,
}
