"""A time limit on the checks of one program (an exponential compile is a failure, not a hang)."""
from __future__ import annotations

import signal


class TimeLimitExceeded(Exception):
    """The checks ran past their :class:`time_limit`."""


class time_limit:
    """Raise :class:`TimeLimitExceeded` in the main thread after ``seconds`` (where SIGALRM
    exists; elsewhere no limit)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        self.active = hasattr(signal, "setitimer")
        if self.active:
            def alarm(signum, frame):
                raise TimeLimitExceeded()
            self.previous = signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False
