"""Crashes found by the real-world corpus: ``(case id, check) -> (exception class, reason)``.

Written by hand (``_status_report.py`` prints them as CRASH and never writes them here). Each is a
strict xfail restricted to that exception, so the fix turns the case red and its entry must go.
A finite wrong number is never listed here: that fails the suite. (The NaN gradients once listed
here, a zero adjoint times sqrt's infinite slope at the diagonal of pairwise distances, are
fixed: api/strong_zeros.py.)
"""
BUGS: dict = {
    # Forward mode: the zero tangent of a NamedTuple carried by a loop (the optimizer state, made
    # from zeros, so its tangent starts at zero) is `zeros_like_adjoint(state)`, a dict (the
    # reverse-mode shape of a record's adjoint), while the tangent of a field read is spelled
    # `t_state.mu`: AttributeError at run time (ad/forward.py `_zeros`). Reproduced without optax:
    # a NamedTuple of a dict of zeros rebound in a `for` loop (found by f6, issue 15).
    ('optax_adam_transforms.trained_loss', 'jvp'):
        ('AttributeError', "AttributeError: 'dict' object has no attribute 'mu'"),
    ('optax_adam_transforms.global_optimizer', 'jvp'):
        ('AttributeError', "AttributeError: 'dict' object has no attribute 'mu'"),
}
