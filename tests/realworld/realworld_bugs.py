"""Crashes found by the real-world corpus: ``(case id, check) -> (exception class, reason)``.

Written by hand (``_status_report.py`` prints them as CRASH and never writes them here). Each is a
strict xfail restricted to that exception, so the fix turns the case red and its entry must go.
A finite wrong number is never listed here: that fails the suite. (The NaN gradients once listed
here, a zero adjoint times sqrt's infinite slope at the diagonal of pairwise distances, are
fixed: api/strong_zeros.py.)
"""
BUGS: dict = {
    # (p7's crash, a dict of functions called at a key known only at run time in a loop,
    # `ELEMENTALS[axis](angle)`: the reverse sweep's recomputed branches dropped the `raise` that
    # ends them, so the IR verifier found a value read where it is unbound, is fixed: ad/reverse.py.)
    # (The forward-mode crash of optax's training loop, a NamedTuple state's zero tangent made a
    # dict while its fields were read by attribute, is fixed: ad/forward.py `_records`,
    # primitives/fields.py `zeros_like_records`.)
}
