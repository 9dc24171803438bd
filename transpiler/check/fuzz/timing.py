"""A time limit on the checks of one program (an exponential compile is a failure, not a hang)."""
from __future__ import annotations

import signal
import time

TIME_LIMIT = 120.0         # seconds per program


class TimeLimitExceeded(BaseException):
    """The checks ran past their :class:`time_limit`. A BaseException, as KeyboardInterrupt is: the
    compiler's and the checks' own ``except Exception`` (a fallback, an "invalid" program) must not
    swallow it and go on."""


class time_limit:
    """Raise :class:`TimeLimitExceeded` in the main thread after ``seconds`` (where SIGALRM
    exists; elsewhere no limit). Limits nest: an outer limit's timer is set again, less the time
    spent inside, on the way out (the reducer's limit around a whole program's checks)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        self.active = hasattr(signal, "setitimer")
        if self.active:
            def alarm(signum, frame):
                raise TimeLimitExceeded()
            self.outer = signal.getitimer(signal.ITIMER_REAL)[0]
            self.started = time.monotonic()
            self.previous = signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            if self.outer:
                left = self.outer - (time.monotonic() - self.started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
        return False
