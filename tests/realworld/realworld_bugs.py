"""Crashes found by the real-world corpus: ``(case id, check) -> (exception class, reason)``.

Written by hand (``_status_report.py`` prints them as CRASH and never writes them here). Each is a
strict xfail restricted to that exception, so the fix turns the case red and its entry must go.
A finite wrong number is never listed here: that fails the suite. The NaN gradients below are
loud, not silent (JAX and PyTorch give NaN here as well), and listed so the suite stays honest.
"""
_SQRT_AT_ZERO = ("AssertionError", "NaN gradient (not a finite wrong number): the pairwise distances' "
                 "diagonal is np.sqrt(0); its adjoint there is 0 (the masked update and np.triu drop it), "
                 "and 0 times sqrt's infinite slope is NaN, spread to every position by dx = x.T - x")
_SPH_SQRT_AT_ZERO = ("AssertionError", "NaN gradient (not a finite wrong number): the SPH kernel W and gradW take "
                     "r = np.sqrt(x**2 + y**2 + z**2) of every pair, the diagonal's separations are exactly 0, "
                     "and -r**2 / h**2 gives the adjoint 0 there; 0 times sqrt's infinite slope is NaN "
                     "(forward mode: 0.5 / r times a zero tangent)")
_NANSUM_OF_INF = ("AssertionError", "NaN gradient (not a finite wrong number): np.nansum drops the diagonal's "
                  "NaN (r2 = 0 there: (1/0)**3 is inf, inf - inf is NaN), so its adjoint there is 0; 0 times "
                  "the potential's infinite slope at r2 = 0 is NaN, spread to every atom by the differences")
BUGS: dict = {
    ("pmocz_nbody.total_energy", "grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.total_energy", "value_and_grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.simulate", "grad"): _SQRT_AT_ZERO,
    ("pmocz_nbody.simulate", "value_and_grad"): _SQRT_AT_ZERO,
    ("pmocz_sph.toy_star_profile", "grad"): _SPH_SQRT_AT_ZERO,
    ("pmocz_sph.toy_star_profile", "value_and_grad"): _SPH_SQRT_AT_ZERO,
    ("pmocz_sph.toy_star_profile", "jvp"): _SPH_SQRT_AT_ZERO,
    ("pmocz_sph.acceleration", "grad"): _SPH_SQRT_AT_ZERO,
    ("pmocz_sph.acceleration", "jvp"): _SPH_SQRT_AT_ZERO,
    ("defusco_lj_cluster.numpy_nansum", "grad"): _NANSUM_OF_INF,
    ("defusco_lj_cluster.numpy_nansum", "value_and_grad"): _NANSUM_OF_INF,
    ("defusco_lj_cluster.numpy_nansum", "jvp"): _NANSUM_OF_INF,
    ("defusco_lj_cluster.numpy_flat_parameters", "grad"): _NANSUM_OF_INF,
    ("defusco_lj_cluster.numpy_flat_parameters", "value_and_grad"): _NANSUM_OF_INF,
    ("defusco_lj_cluster.numpy_flat_parameters", "jvp"): _NANSUM_OF_INF,
}
