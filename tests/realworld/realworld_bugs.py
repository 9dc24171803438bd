"""Crashes found by the real-world corpus: ``(case id, check) -> (exception class, reason)``.

Written by hand (``_status_report.py`` prints them as CRASH and never writes them here). Each is a
strict xfail restricted to that exception, so the fix turns the case red and its entry must go.
A wrong number is never listed here: that fails the suite.
"""
BUGS: dict = {}
