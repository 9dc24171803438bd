"""Crashes found by the real-world corpus: ``(case id, check) -> (exception class, reason)``.

Written by hand (``_status_report.py`` prints them as CRASH and never writes them here). Each is a
strict xfail restricted to that exception, so the fix turns the case red and its entry must go.
A wrong number is never listed here: that fails the suite.
"""
BUGS = {
    ("matplotlib_double_pendulum.integrate", "jvp"):
        ("TypeError", "BUG: forward mode of np.radians applied to a list display ([th1, w1, th2, w2]) "
                      "multiplies the list of tangents by a float in the generated jvp "
                      "(`t_s = np.pi / 180 * t_t1`): TypeError instead of an array tangent"),
}
